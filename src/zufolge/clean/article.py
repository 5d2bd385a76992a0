"""Choose the cleaner for a raw document: HTML through an extractor, text through our rules."""

from __future__ import annotations

import re

from zufolge.clean.html import clean_html
from zufolge.clean.scraped import clean_scraped
from zufolge.model import Article, Paragraph, RawDocument

_BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+)*")


def verbatim(raw: RawDocument) -> Article:
    """The input text untouched (``--no-clean``): offsets index the input exactly."""
    text = raw.text if raw.text is not None else (raw.html or "")
    paragraphs = [Paragraph(m.start(), m.end()) for m in _BLOCK.finditer(text)]
    return Article.from_raw(raw, text, paragraphs)


def clean(raw: RawDocument) -> Article:
    if raw.html is not None:
        return clean_html(raw)
    return clean_scraped(raw)
