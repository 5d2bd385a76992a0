"""Scraped plain text → Article, by our own line rules (no library cleans scraped text).

A scraped news page keeps, besides the story, what the scraper should have dropped: the
headline again after an image, image captions, photo galleries (a short caption and a long
caption with a credit, pair after pair), credit lines, teaser links. We classify lines:

1. credits ("© Ed Jones/AFP", "Rubriklistenbild: © …") and captions ("… (Archivbild).")
2. galleries: runs of credited lines with their short captions, plus the gallery's title
3. the kicker and headline at the top, and the headline wherever it is repeated
4. navigation lines, and the author tag "(sh)" after the last paragraph

What is left is the story: subheadings (short lines without final punctuation followed by
text) and paragraphs, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from zufolge.errors import InputError
from zufolge.model import Article, Paragraph, RawDocument, Removed

LANGUAGES = ("de", "en")  # cleaning runs before language detection: all lists apply
SHORT_LINE = 120  # captions and headings are shorter than this
MAX_TITLE = 220
MAX_KICKER = 70
# "(sh)", "(dpa/AFP)" after the last paragraph; case-sensitive, so "(CDU)" stays.
_AUTHOR_TAG = re.compile(
    r"\s*\((?:[a-zäöü]{1,4}|dpa|afp|AFP|AP|ap|Reuters|kna|KNA|epd)"
    r"(?:/(?:[a-zäöü]{1,4}|dpa|afp|AFP|AP|ap|Reuters|kna|KNA|epd))*\)\s*$"
)
_QUOTES = str.maketrans({c: '"' for c in "„“”»«‚‘’'"})
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?…:;][\"“”»«’)]*$")


@dataclass(frozen=True, slots=True)
class CleanData:
    credit_line: tuple[re.Pattern[str], ...]
    credit_tail: tuple[re.Pattern[str], ...]
    caption_markers: tuple[str, ...]
    navigation: tuple[str, ...]


def _rows(language: str, name: str) -> list[str]:
    path = resources.files("zufolge") / "lang" / language / name
    if not path.is_file():
        return []
    return [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@cache
def clean_data() -> CleanData:
    line, tail, captions, navigation = [], [], [], []
    for language in LANGUAGES:
        for row in _rows(language, "clean-credits.tsv"):
            where, pattern = row.split("\t", 1)
            (line if where == "line" else tail).append(re.compile(pattern, re.IGNORECASE))
        captions += _rows(language, "clean-captions.txt")
        navigation += _rows(language, "clean-navigation.txt")
    return CleanData(tuple(line), tuple(tail), tuple(captions), tuple(navigation))


@dataclass(slots=True)
class Line:
    text: str
    block: int  # index of the blank-line separated block
    kind: str | None = None  # removal kind, or "title"/"kicker"/"subheading"/None for story


def _key(text: str) -> str:
    """Comparison key: quotes unified, whitespace collapsed, case folded."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip().casefold()


def _lines(text: str) -> list[Line]:
    out, block = [], 0
    for raw in text.replace("\r\n", "\n").split("\n"):
        stripped = _SPACE.sub(" ", raw).strip()
        if not stripped:
            block += 1
            continue
        out.append(Line(stripped, block))
    return out


def _is_credit_line(text: str, data: CleanData) -> bool:
    return len(text) < SHORT_LINE and any(p.search(text) for p in data.credit_line)


def _has_credit_tail(text: str, data: CleanData) -> bool:
    return any(p.search(text) for p in data.credit_tail)


def _unpunctuated(text: str) -> bool:
    return not _SENTENCE_END.search(text)


def _mark_galleries(lines: list[Line], data: CleanData) -> None:
    """Credited captions and the short captions before them; four or more in a row are a
    gallery, and so is the short title line right before it."""
    for i, line in enumerate(lines):
        if line.kind is not None or not _has_credit_tail(line.text, data):
            continue
        line.kind = "caption"
        before = lines[i - 1] if i else None
        if (
            before
            and before.kind is None
            and before.block == line.block
            and len(before.text) < len(line.text)
            # the short caption, or the long caption repeated before its credited copy
            and (len(before.text) < SHORT_LINE or _key(line.text).startswith(_key(before.text)))
        ):
            before.kind = "caption"
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].kind == "caption":
            j += 1
        if j - i >= 4:
            for line in lines[i:j]:
                line.kind = "gallery"
            title = lines[i - 1] if i else None
            if (
                title
                and title.kind is None
                and len(title.text) < SHORT_LINE
                and (_unpunctuated(title.text) or title.block == lines[i].block)
            ):
                title.kind = "gallery"
        i = max(j, i + 1)


def _mark_top(lines: list[Line], known_title: str | None) -> tuple[str | None, str | None]:
    """Kicker and headline: the first short unpunctuated lines, each alone in its block."""
    if known_title:
        return None, known_title
    head = [ln for ln in lines[:3] if ln.kind is None]
    if not head:
        return None, None
    alone = [
        sum(1 for other in lines if other.block == ln.block) == 1 and _unpunctuated(ln.text)
        for ln in head
    ]
    if (
        len(head) >= 3
        and alone[0]
        and alone[1]
        and len(head[0].text) <= MAX_KICKER
        and (len(head[1].text) <= MAX_TITLE)
    ):
        head[0].kind, head[1].kind = "kicker", "title"
        return head[0].text, head[1].text
    if alone[0] and len(head[0].text) <= MAX_TITLE and len(head) > 1:
        head[0].kind = "title"
        return None, head[0].text
    return None, None


def clean_scraped(raw: RawDocument) -> Article:
    data = clean_data()
    lines = _lines(raw.text or "")
    removed: list[Removed] = []
    for line in lines:
        low = line.text.casefold()
        if _is_credit_line(line.text, data):
            line.kind = "credit"
        elif len(line.text) < SHORT_LINE and any(m in low for m in data.caption_markers):
            line.kind = "caption"
        elif len(line.text) < 80 and any(
            low == nav
            or (low.startswith(nav) and (len(low) < len(nav) + 25 or low[len(nav)] == ":"))
            for nav in data.navigation
        ):
            line.kind = "navigation"
    _mark_galleries(lines, data)
    kicker, title = _mark_top(lines, raw.title)
    if title:
        keys = {_key(title)}
        if kicker:
            keys.add(_key(f"{kicker}: {title}"))
        for line in lines:
            if line.kind is None and _key(line.text) in keys:
                line.kind = "repeated_title"

    if not any(ln.kind is None for ln in lines):
        # A text that is only its headline is still the article, not boilerplate.
        for line in lines:
            if line.kind == "repeated_title":
                line.kind = None
    story = [ln for ln in lines if ln.kind is None]
    for line in lines:
        if line.kind not in (None, "title", "kicker"):
            removed.append(Removed(line.kind, line.text))  # type: ignore[arg-type]
    if story:
        tag = _AUTHOR_TAG.search(story[-1].text)
        if tag and tag.start() > 0:
            removed.append(Removed("credit", story[-1].text[tag.start() :].strip()))
            story[-1].text = story[-1].text[: tag.start()].rstrip()

    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    for i, line in enumerate(story):
        nxt = story[i + 1] if i + 1 < len(story) else None
        heading = (
            len(line.text) <= SHORT_LINE + 40
            and _unpunctuated(line.text)
            and nxt is not None
            and nxt.block != line.block
            and not line.text.endswith(",")
        ) or (
            line.text.endswith("?")
            and len(line.text) <= SHORT_LINE
            and nxt is not None
            and nxt.block != line.block
            and sum(1 for o in story if o.block == line.block) == 1
        )
        kind = "subheading" if heading else "body"
        if not paragraphs and title and kind == "body":
            kind = "lead"
        paragraphs.append(Paragraph(offset, offset + len(line.text), kind))
        parts.append(line.text)
        offset += len(line.text) + 2
    text = "\n\n".join(parts)
    if not text.strip():
        raise InputError("no article text left after cleaning")
    return Article(
        text=text,
        paragraphs=paragraphs,
        title=title,
        kicker=kicker,
        removed=removed,
        path=raw.path,
        url=raw.url,
        outlet=raw.outlet,
        author=raw.author,
        published=raw.published,
    )
