"""HTML pages → Article (PLACEHOLDER: being written)."""

from __future__ import annotations

from zufolge.model import Article, RawDocument


def clean_html(raw: RawDocument) -> Article:
    import trafilatura

    from zufolge.clean.article import verbatim

    text = trafilatura.extract(raw.html or "") or ""
    return verbatim(RawDocument(path=raw.path, text=text, url=raw.url, title=raw.title))
