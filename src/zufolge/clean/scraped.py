"""Scraped plain text → Article (PLACEHOLDER: being written)."""

from __future__ import annotations

from zufolge.model import Article, RawDocument


def clean_scraped(raw: RawDocument) -> Article:
    from zufolge.clean.article import verbatim

    return verbatim(raw)
