"""HTML pages → Article through trafilatura, with one HTML parse per page.

We parse the page once (``load_html``), read the metadata cheaply from that tree (meta tags,
JSON-LD, ``<title>``, canonical link, a quick htmldate pass), then hand the same tree to
trafilatura's body extractor. trafilatura's full metadata pass (``with_metadata=True``) would
double the cost per page, mostly for categories, tags, licence and an extensive date search
we never use.

trafilatura's body tree marks headings (``<head>``), paragraphs, lists, quotes and tables; we
keep its order, make headings subheadings, drop a first heading that repeats the title and
short navigation lines ("Lesen Sie auch: …", from ``lang/*/clean-navigation.txt``). The page's
own description (the teaser in its meta tags) marks the lead: the first paragraph when it
starts with it, or the teaser block trafilatura pruned (it drops elements classed "teaser",
which on many news sites is the lead itself). What the reader already knew (JSONL fields, the
WARC target URI) wins over what the page says about itself.

Chosen on the mixed-de-en dev gold (``zufolge eval html``), one setting at a time:
trafilatura's precision mode with tables, without comments, without deduplication. With
teaser recovery (+1 point of F1, from recall) precision mode edged out the balanced mode
(0.935 vs 0.934 F1; news-en 0.971 vs 0.964); favor_recall, deduplicate and fast mode each
cost 0.5–1 point. Navigation lines add 0.1 point.
"""

from __future__ import annotations

import re
import unicodedata
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from zufolge.errors import InputError
from zufolge.model import Article, Paragraph, RawDocument, Removed

_SPACE = re.compile(r"\s+")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRAILING_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…)\s*$")

SKIPPED_TAGS = frozenset({"graphic", "ref", "comment"})  # images and link-only leftovers
# Elements whose boundaries separate words (list items, line breaks, table cells).
BREAKS = frozenset({"item", "lb", "row", "cell", "p", "head", "list", "quote"})
EXTRACT_OPTIONS = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "deduplicate": False,
    "favor_precision": True,
    "favor_recall": False,
    "fast": False,
}
# A description shorter than this is a slogan, not a teaser.
MIN_TEASER_CHARS = 40
# A navigation line ("Lesen Sie auch: …", "Read more") is short; story paragraphs are longer.
MAX_NAVIGATION_CHARS = 80
# How far past its marker a navigation line may run ("Mehr zum Thema Wahlen").
NAVIGATION_TAIL_CHARS = 25


@dataclass(slots=True)
class PageMetadata:
    title: str | None = None
    author: str | None = None
    published: str | None = None
    sitename: str | None = None
    url: str | None = None
    description: str | None = None


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFC", _SPACE.sub(" ", text).strip())


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
    return _normalise("".join(parts))


@cache
def navigation_markers() -> tuple[str, ...]:
    """Lower-case beginnings of navigation lines, from every language's clean-navigation.txt.

    HTML is cleaned before language detection, so all languages' lists apply.
    """
    markers: list[str] = []
    for folder in (resources.files("zufolge") / "lang").iterdir():
        path = folder / "clean-navigation.txt"
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()
            markers += [ln.strip().casefold() for ln in lines if ln.strip() and ln[0] != "#"]
    return tuple(markers)


def is_navigation(text: str) -> bool:
    """A short block that is a marker ("Teilen") or starts with one and a colon or little else.

    The marker must end at a word boundary: "Shares fell" is not "share".
    """
    if len(text) >= MAX_NAVIGATION_CHARS:
        return False
    low = text.casefold()
    for marker in navigation_markers():
        if low == marker:
            return True
        if not low.startswith(marker) or low[len(marker)].isalnum():
            continue
        if low[len(marker)] == ":" or len(low) < len(marker) + NAVIGATION_TAIL_CHARS:
            return True
    return False


def parse_page(html: str):
    """The page's lxml tree (trafilatura's tolerant loader), or InputError."""
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
    except (ValueError, TypeError) as e:  # lxml's complaints about broken markup
        raise InputError(f"unparseable HTML ({e})") from None
    if tree is None:
        raise InputError("unparseable HTML (no document tree)")
    return tree


def page_metadata(tree, url: str | None) -> PageMetadata:
    """Title, author, date, site name, canonical URL and description from one parsed page."""
    from htmldate import find_date
    from trafilatura import metadata as meta

    found = meta.examine_meta(tree)
    # trafilatura's JSON-LD parser has bugs; metadata is optional, so a failure keeps the meta tags
    with suppress(Exception):
        found = meta.extract_meta_json(tree, found)
    if found.author and " " not in found.author:  # trafilatura's own rule: one word is no name
        found.author = None
    canonical = meta.extract_url(tree, url)
    try:
        day = find_date(
            tree,
            url=canonical,
            extensive_search=False,  # meta tags and markup only; the full search costs ~6 ms
            original_date=True,
            max_date=date.today().isoformat(),
        )
    except Exception:  # noqa: BLE001 — a date is optional; a parser bug must not drop the page
        day = None
    sitename = found.sitename or meta.extract_sitename(tree)
    return PageMetadata(
        title=found.title or meta.extract_title(tree),
        author=found.author or meta.extract_author(tree),
        published=_iso_day(day),
        sitename=sitename.lstrip("@") if sitename else None,
        url=canonical,
        description=found.description,
    )


def extract_body(tree, url: str | None):
    """trafilatura's body tree for a parsed page (it works on a copy), or None."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(tree, url=url, **EXTRACT_OPTIONS)
    except (ValueError, TypeError):
        return None
    return None if document is None else document.body


def _blocks(body, title: str | None) -> tuple[list[tuple[str, str]], list[Removed]]:
    blocks: list[tuple[str, str]] = []
    removed: list[Removed] = []
    for element in body:
        if element.tag in SKIPPED_TAGS:
            continue
        text = _text_of(element)
        if element.tail and element.tail.strip():  # text after a block, outside any tag
            text = f"{text} {_normalise(element.tail)}".strip()
        if not text:
            continue
        if is_navigation(text):
            removed.append(Removed("navigation", text))
            continue
        if element.tag == "head":
            if not blocks and title and text.casefold() == _normalise(title).casefold():
                removed.append(Removed("repeated_title", text))
                continue
            blocks.append(("subheading", text))
        else:
            blocks.append(("body", text))
    return blocks, removed


def is_teaser(paragraph: str, description: str | None) -> bool:
    """The page's description (its teaser) is this paragraph, or the paragraph's beginning."""
    if not description:
        return False
    teaser = _TRAILING_ELLIPSIS.sub("", _normalise(description)).casefold()
    if len(teaser) < MIN_TEASER_CHARS:
        return False
    return paragraph.casefold().startswith(teaser)


# Text nodes where the teaser may begin; outside navigation, page footer and side boxes.
_TEASER_XPATH = (
    "//body//text()[contains(., $prefix)]"
    "[not(ancestor::nav or ancestor::footer or ancestor::aside or ancestor::script)]"
)
# How far up from the text node to look for the block that holds the whole teaser.
TEASER_LEVELS = 3
# A prefix this long is distinctive and rarely split by inline markup.
TEASER_PREFIX_CHARS = 24


def recover_teaser(tree, description: str | None, blocks: list[tuple[str, str]]) -> str | None:
    """The page's teaser paragraph when trafilatura dropped it.

    trafilatura prunes blocks classed "teaser", which on many news sites is the lead itself.
    We take it back only when the page's own description confirms it: a block that starts
    with the description, is not much longer, and is not in the text already.
    """
    if not description:
        return None
    teaser = _TRAILING_ELLIPSIS.sub("", _normalise(description))
    if len(teaser) < MIN_TEASER_CHARS or (blocks and blocks[0][1].startswith(teaser)):
        return None
    for node in tree.xpath(_TEASER_XPATH, prefix=teaser[:TEASER_PREFIX_CHARS]):
        element = node.getparent()
        for _ in range(TEASER_LEVELS):
            if element is None:
                break
            text = _normalise(element.text_content())
            if len(text) > 2 * len(teaser):
                break
            if text.startswith(teaser):
                return None if any(text in block for _, block in blocks) else text
            element = element.getparent()
    return None


def clean_html(raw: RawDocument) -> Article:
    if not (raw.html or "").strip():
        raise InputError("empty HTML page")
    tree = parse_page(raw.html or "")
    metadata = page_metadata(tree, raw.url)
    body = extract_body(tree, raw.url or metadata.url)
    title = raw.title or metadata.title
    blocks, removed = _blocks(body, title) if body is not None else ([], [])
    if not any(kind == "body" for kind, _ in blocks):
        raise InputError("HTML page has no body text")
    if teaser := recover_teaser(tree, metadata.description, blocks):
        blocks.insert(0, ("lead", teaser))
    elif blocks[0][0] == "body" and is_teaser(blocks[0][1], metadata.description):
        blocks[0] = ("lead", blocks[0][1])
    parts, paragraphs, offset = [], [], 0
    for kind, text in blocks:
        paragraphs.append(Paragraph(offset, offset + len(text), kind))  # type: ignore[arg-type]
        parts.append(text)
        offset += len(text) + 2
    return Article(
        text="\n\n".join(parts),
        paragraphs=paragraphs,
        title=_normalise(title) if title else None,
        removed=removed,
        path=raw.path,
        url=raw.url or metadata.url,
        outlet=raw.outlet or metadata.sitename,
        author=raw.author or metadata.author,
        published=raw.published or metadata.published,
    )


def _iso_day(value: str | None) -> str | None:
    return value[:10] if value and _ISO_DAY.match(value) else None
