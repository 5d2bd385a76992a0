"""HTML pages → Article through trafilatura (one parse: text, structure and metadata).

trafilatura's body tree marks headings (``<head>``), paragraphs, lists and quotes; we keep
its order, make headings subheadings, drop a first heading that repeats the title, and take
title, date, author, site name and canonical URL from its metadata, with what the reader
already knew (JSONL fields, the WARC target URI) taking precedence.
"""

from __future__ import annotations

import re

from zufolge.errors import InputError
from zufolge.model import Article, Paragraph, RawDocument, Removed

_SPACE = re.compile(r"\s+")
SKIPPED_TAGS = ("graphic", "ref", "comment")  # images and link-only leftovers
EXTRACT_OPTIONS = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "deduplicate": False,
    "favor_recall": False,
}


# Elements whose boundaries separate words (list items, line breaks, table cells).
BREAKS = frozenset({"item", "lb", "row", "cell", "p", "head", "list", "quote"})


def _text_of(element) -> str:
    parts: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            gap = " " if child.tag in BREAKS else ""
            parts.append(gap)
            walk(child)
            parts.append(gap)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return _SPACE.sub(" ", "".join(parts)).strip()


def extract_document(html: str, url: str | None = None):
    """trafilatura's Document for a page, or None when it finds no main text."""
    import trafilatura

    return trafilatura.bare_extraction(html, url=url, with_metadata=True, **EXTRACT_OPTIONS)


def clean_html(raw: RawDocument) -> Article:
    if not (raw.html or "").strip():
        raise InputError("empty HTML page")
    try:
        document = extract_document(raw.html or "", raw.url)
    except (ValueError, TypeError) as e:  # lxml's complaints about broken markup
        raise InputError(f"unparseable HTML ({e})") from None
    if document is None or document.body is None:
        raise InputError("HTML page has no body text")
    title = raw.title or document.title
    blocks: list[tuple[str, str]] = []
    removed: list[Removed] = []
    for element in document.body:
        if element.tag in SKIPPED_TAGS:
            continue
        text = _text_of(element)
        if element.tail and element.tail.strip():  # text after a block, outside any tag
            text = f"{text} {_SPACE.sub(' ', element.tail).strip()}".strip()
        if not text:
            continue
        if element.tag == "head":
            if not blocks and title and text.casefold() == title.casefold():
                removed.append(Removed("repeated_title", text))
                continue
            blocks.append(("subheading", text))
        else:
            blocks.append(("body", text))
    if not any(kind == "body" for kind, _ in blocks):
        raise InputError("HTML page has no body text")
    parts, paragraphs, offset = [], [], 0
    for kind, text in blocks:
        paragraphs.append(Paragraph(offset, offset + len(text), kind))  # type: ignore[arg-type]
        parts.append(text)
        offset += len(text) + 2
    return Article(
        text="\n\n".join(parts),
        paragraphs=paragraphs,
        title=title,
        removed=removed,
        path=raw.path,
        url=raw.url or document.url,
        outlet=raw.outlet or document.sitename,
        author=raw.author or document.author,
        published=raw.published or _iso_day(document.date),
    )


def _iso_day(value: str | None) -> str | None:
    return value[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else None
