"""Scraped plain text → Article, by our own line rules (no library cleans scraped text).

A scraped news page keeps, besides the story, what the scraper should have dropped: the
headline again after an image, image captions, photo galleries (a short caption and a long
caption with a credit, pair after pair), credit lines, teaser links, bylines. Each line is
one paragraph (lines a hard wrap split are joined first); we classify lines, in this order:

1. by their own text: credit lines ("© Ed Jones/AFP", "Rubriklistenbild: © …"), captions that
   end with a credit, captions with a marker ("… (Archivbild)."), navigation ("Lesen Sie auch")
2. galleries: runs of credited captions with the short captions between them, the short
   caption before the first one and the gallery's title line before that
3. the top: bylines and date lines, the kicker and the headline (or the title we were given)
4. the headline wherever it is repeated: exact, other quotes, with or without the kicker
5. the author tag after the last paragraph ("(sh)", "(dpa)", "(red, 16. 5. 2016)"): cut from
   the paragraph and listed as a removed credit, because it is not story text

What is left is the story in order: the lead (the first paragraph under a headline; the
teaser is story text and stays in ``text``), subheadings (short lines without final
punctuation, or short questions, before more text) and paragraphs. The title and kicker are
not in ``text``. Without a known title, the headline is the first line only when it looks
like one (short, no final period, not ending in "den"/"the"; a question only with a kicker
above it or repeated below), so the first paragraph of an untitled article stays text.

Layouts differ by scraper: paragraphs apart by blank lines with galleries as single-newline
runs, one paragraph a line, a blank line after every line, or text hard-wrapped at a fixed
width. Rules that look at blocks (runs of lines without a blank line) only do so when the
blocks carry information.
Cue lists live in ``lang/<lang>/clean-*`` (see ``scraped_data``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise

from zufolge.clean.scraped_data import CleanData, clean_data
from zufolge.errors import InputError
from zufolge.model import Article, Paragraph, RawDocument, Removed

SHORT_LINE = 120  # captions, credits and headings are shorter than this
MAX_CAPTION = 600  # a long gallery caption with its credit
CREDIT_TAIL_CHARS = 100  # credits end a caption: "… (2016). © Ed Jones/AFP"
MAX_TITLE = 200
MAX_KICKER = 60
MAX_KICKER_WORDS = 7
MAX_SUBHEADING = 160
MAX_BYLINE = 80
MAX_TEASER = 80  # the teaser after "Mehr zum Thema"
# Hard-wrapped text: at least this many inner lines, this share of them filling this share of
# the widest line, which is at most this wide.
MIN_WRAPPED_LINES = 4
WRAP_SHARE = 0.7
WRAP_FILL = 0.6
MAX_WRAP_WIDTH = 100
MAX_BYLINE_WORDS = 8
MAX_QUESTION_TITLE = 120
AUTHOR_TAG_CHARS = 80  # "(Katharina Mittelstaedt, Wolfgang Weisgram, 26.4.2016)"
HEADER_LINES = 8  # bylines and date lines are looked for this far from the top
MIN_GALLERY_CAPTIONS = 3  # credited captions in a row without short captions between them
NEAR_TITLE_RATIO = 0.9  # a line this similar to the headline repeats it

_INVISIBLE_CHARACTERS = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARACTERS}]")
_NOT_WORD = re.compile(r"[\W_]+")
# Sentence punctuation at the end of a line, before closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…:;,][\"'“”»«‘’)\]]*$")
_QUESTION_END = re.compile(r"[?!][\"'“”»«‘’)\]]*$")
_SENTENCE_INSIDE = re.compile(r"[.!?…][\"'“”»«‘’)]* [\"'„“»«(]*[A-ZÄÖÜ]")
_COUNT = re.compile(r"\s*[(\[]?\d+[)\]]?$")  # "Kommentare (12)"
_WORD_END = re.compile(r"[\w,]$")


@dataclass(slots=True)
class Line:
    text: str
    block: int  # index of the run of lines between blank lines
    kind: str | None = None  # a removal kind, "credited" while undecided, or kicker/title/None
    alone: bool = True  # the only line of its block (always, when blocks carry no information)
    key: str = ""  # comparison key: words only, case folded

    def __post_init__(self) -> None:
        self.key = line_key(self.text)


def line_key(text: str) -> str:
    """The comparison key of a line that could be a headline or a caption; "" for a longer one
    (keys of long paragraphs would cost time and never match)."""
    return title_key(text) if len(text) <= MAX_CAPTION else ""


def title_key(text: str) -> str:
    """Words only, case folded: quotes, dashes and punctuation do not make lines differ."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def _unpunctuated(text: str) -> bool:
    return not _SENTENCE_END.search(text, max(0, len(text) - 8))


def _open_end(text: str, data: CleanData) -> bool:
    """The line ends in a word no heading ends with ("den", "the"): a sentence goes on."""
    words = text.rsplit(None, 1)
    return bool(words) and words[-1].casefold() in data.open_endings


def _hard_wrapped(blocks: list[list[str]]) -> bool:
    """Text wrapped at a fixed width (mail, terminal dumps): the lines of a block, bar its
    last, fill the width. Galleries and one-paragraph-a-line text vary far more."""
    inner = [len(line) for block in blocks for line in block[:-1]]
    if len(inner) < MIN_WRAPPED_LINES:
        return False
    width = max(len(line) for block in blocks for line in block)
    full = sum(1 for size in inner if size >= WRAP_FILL * width)
    return width <= MAX_WRAP_WIDTH and full >= WRAP_SHARE * len(inner)


def _collapse_spaces(line: str) -> str:
    """``" ".join(line.split())``: every kind of space, no-break spaces too, as one space.

    Most lines need nothing: no space other than " " (every other space character is
    unprintable), no two in a row, none at the ends. Checking that is a few C scans, far
    cheaper than splitting a long paragraph into words and joining them again.
    """
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line
    return " ".join(line.split())


def split_lines(text: str, data: CleanData) -> tuple[list[Line], bool]:
    """Non-empty lines, whitespace collapsed, hard-wrapped lines joined; and whether blocks
    (runs of lines between blank lines) carry information.

    A line continues the previous one in its block when that one ends inside a sentence:
    with a word no heading ends with ("den"), or with a word or comma before a line that
    starts in lower case. Text wrapped at a fixed width is joined block by block.
    """
    # one substring scan per character is far faster than a regex search over the text
    if any(character in text for character in _INVISIBLE_CHARACTERS):
        text = _INVISIBLE.sub("", text)
    blocks: list[list[str]] = [[]]
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = _collapse_spaces(raw)
        if stripped:
            blocks[-1].append(stripped)
        elif blocks[-1]:
            blocks.append([])
    blocks = [block for block in blocks if block]
    if _hard_wrapped(blocks):
        blocks = [[" ".join(block)] for block in blocks]
    out: list[Line] = []
    for number, block in enumerate(blocks):
        for stripped in block:
            last = out[-1] if out else None
            if (
                last is not None
                and last.block == number
                and _WORD_END.search(last.text, len(last.text) - 1)
                and (_open_end(last.text, data) or stripped[0].islower())
            ):
                last.text = f"{last.text} {stripped}"
                last.key = line_key(last.text)
                continue
            out.append(Line(stripped, number))
    sizes: dict[int, int] = {}
    for line in out:
        sizes[line.block] = sizes.get(line.block, 0) + 1
    # Blocks carry information only when some hold several lines and there is more than one.
    blocks_matter = 1 < len(sizes) < len(out)
    for line in out:
        line.alone = not blocks_matter or sizes[line.block] == 1
    return out, blocks_matter


def is_navigation(text: str, data: CleanData) -> bool:
    """ "Teilen", "Kommentare (12)", "Lesen Sie auch: …", "Mehr zum Thema Wahlen".

    A one-word cue must be the whole line (bar a count); a cue of several words may lead a
    teaser, which is short and has no final period ("Mehr zum Thema Wahlen").
    """
    if len(text) >= SHORT_LINE:
        return False
    low = text.casefold().rstrip(" :»›>→.")
    if _COUNT.sub("", low) in data.navigation_lines or low in data.navigation_cues:
        return True
    cue = data.navigation_start.match(low)
    if cue is None:
        return False
    rest = low[cue.end() :].lstrip()
    if rest[:1] in (":", "|", "»", "›", ">", "→", "-", "–"):
        return True
    return " " in cue.group(0) and _unpunctuated(text.rstrip("!?")) and len(rest) <= MAX_TEASER


def has_credit_tail(text: str, data: CleanData) -> bool:
    """The line ends with an image credit: "… © Ed Jones/AFP", "… Photo: Sam Hill/Reuters"."""
    return data.credit_tail.search(text[-CREDIT_TAIL_CHARS:].casefold()) is not None


def _mark_by_text(lines: list[Line], data: CleanData) -> None:
    for line in lines:
        text, size = line.text, len(line.text)
        if size < SHORT_LINE and data.credit_line.search(text):
            line.kind = "credit"
        elif size <= MAX_CAPTION and has_credit_tail(text, data):
            line.kind = "credited"
        elif size < SHORT_LINE and any(m in text.casefold() for m in data.caption_markers):
            line.kind = "caption"
        elif is_navigation(text, data):
            line.kind = "navigation"


def _repeats(short: Line, long: Line) -> bool:
    """The short caption repeated inside its long, credited caption."""
    return len(short.key) >= 10 and short.key in long.key


def _partner(before: Line | None, credited: Line, *, in_gallery: bool, blocks: bool) -> bool:
    """``before`` is the short caption that belongs to the credited caption after it.

    It is when it is repeated inside the credited caption. Otherwise it must be short and
    glued to it (no blank line between); inside a gallery, where short and long captions
    alternate, any short line will do when the layout has no meaningful blocks.
    """
    if before is None or before.kind is not None or len(before.text) > MAX_CAPTION:
        return False
    if _repeats(before, credited):
        return True
    if len(before.text) >= SHORT_LINE:
        return False
    glued = blocks and before.block == credited.block
    return glued or (in_gallery and not blocks)


def _mark_galleries(lines: list[Line], blocks: bool) -> None:
    """Runs of credited captions, each with the short caption before it, are galleries.

    A run is credited captions at most one line apart, where the line between is a short
    caption (a partner) or a credit. Two captions with partners, or three without, make a
    gallery; so do the partner before the first caption and a short unpunctuated gallery
    title before that. A lone credited caption (and its partner) is a plain caption.
    """
    # A gallery title comes after the story has begun; before that, a short line is the headline.
    story_from = next(
        (i for i, ln in enumerate(lines) if ln.kind is None and not _unpunctuated(ln.text)),
        len(lines),
    )
    runs: list[list[int]] = []
    for i, line in enumerate(lines):
        if line.kind != "credited":
            continue
        gap = i - runs[-1][-1] if runs else 0
        between = lines[i - 1]
        if gap == 1 or (
            gap == 2
            and (
                between.kind in ("credit", "caption")
                or _partner(between, line, in_gallery=True, blocks=blocks)
            )
        ):
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        first, last = run[0], run[-1]
        partners = sum(1 for a, b in pairwise(run) if b - a == 2)
        is_gallery = len(run) >= MIN_GALLERY_CAPTIONS or (len(run) >= 2 and partners > 0)
        before = lines[first - 1] if first else None
        start = (
            first - 1
            if _partner(before, lines[first], in_gallery=is_gallery, blocks=blocks)
            else first
        )
        kind = "gallery" if is_gallery else "caption"
        for line in lines[start : last + 1]:
            if line.kind in (None, "credited", "caption"):
                line.kind = kind
        title = lines[start - 1] if start else None
        if (
            is_gallery
            and title is not None
            and title.kind is None
            and len(title.text) < SHORT_LINE
            and (_unpunctuated(title.text) or title.text.endswith(":"))
            and story_from < start - 1
        ):
            title.kind = "gallery"


def _names(text: str, data: CleanData) -> bool:
    """ "Anna Berger", "Anna Berger und Tom Krause, Berlin": capitalised words and joiners."""
    words = text.replace(",", " ").replace("|", " ").split()
    return 0 < len(words) <= MAX_BYLINE_WORDS and all(
        w[0].isupper() or w in data.name_joiners for w in words
    )


def _is_byline(line: Line, data: CleanData) -> bool:
    """ "Von Anna Berger", "Stand: 17.10.2024 14:05 Uhr", "17 October 2024"."""
    if len(line.text) >= MAX_BYLINE:
        return False
    low = line.text.casefold()
    if data.date_line.match(low):
        return True
    for prefix in data.bylines:
        if low.startswith(prefix) and (len(low) == len(prefix) or not low[len(prefix)].isalnum()):
            rest = line.text[len(prefix) :].strip(" :")
            return bool(rest) and (rest[0].isdigit() or _names(rest, data))
    return False


def _is_kicker(line: Line, data: CleanData) -> bool:
    return (
        not _open_end(line.text, data)
        and len(line.text) <= MAX_KICKER
        and len(line.text.split()) <= MAX_KICKER_WORDS
        and _unpunctuated(line.text)
    )


def _is_title(line: Line, evidence: bool, data: CleanData) -> bool:
    """A headline: short, at least two words, no final period; "?" or "!" only with evidence
    (a kicker above it, or the same line repeated further down) and as a single sentence
    (a teaser ends with a question too: "… gefallen. Warum kommt das nicht an?")."""
    text = line.text
    if len(text) > MAX_TITLE or len(text.split()) < 2 or _open_end(text, data):
        return False
    if _unpunctuated(text):
        return True
    return (
        evidence
        and len(text) <= MAX_QUESTION_TITLE
        and bool(_QUESTION_END.search(text))
        and not _SENTENCE_INSIDE.search(text)
    )


def _repeated_below(line: Line, lines: list[Line]) -> bool:
    return any(other is not line and other.key == line.key for other in lines)


def _mark_top(
    lines: list[Line], known_title: str | None, data: CleanData
) -> tuple[str | None, str | None]:
    """Kicker and headline from the first story lines; bylines and date lines near the top."""
    # Not the very first line: a byline sits under the headline ("Von Memmen und
    # Meckerfritzen" on top is a headline).
    top = [ln for ln in lines[:HEADER_LINES] if ln.kind is None]
    for line in top[1:]:
        if _is_byline(line, data):
            line.kind = "other"
    story = [ln for ln in lines if ln.kind is None]
    if known_title:
        title = " ".join(known_title.split())
        # The page's own header above the story: "Kicker" then the headline we already know.
        if (
            len(story) >= 3
            and _is_kicker(story[0], data)
            and _same_title(story[1], _title_keys(title))
        ):
            story[0].kind = "kicker"
            return story[0].text, title
        return None, title
    if (
        len(story) >= 3
        and _is_kicker(story[0], data)
        and len(story[0].text) < len(story[1].text)
        and _is_title(story[1], evidence=True, data=data)
    ):
        story[0].kind, story[1].kind = "kicker", "title"
        return story[0].text, story[1].text
    if len(story) >= 2 and _is_title(
        story[0], evidence=_repeated_below(story[0], lines), data=data
    ):
        story[0].kind = "title"
        return None, story[0].text
    return None, None


def _title_keys(title: str, kicker: str | None = None) -> list[str]:
    """The headline's keys: itself, with the kicker, and without a "Kicker: " prefix."""
    keys = [title_key(title)]
    if kicker:
        keys.append(title_key(f"{kicker} {title}"))
    _head, sep, tail = title.partition(": ")
    if sep and len(tail.split()) >= 2:
        keys.append(title_key(tail))
    return [k for k in keys if k]


def _similar(a: str, b: str) -> bool:
    """Nearly the same words; the cheap upper bounds first, the real ratio only if they pass."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= NEAR_TITLE_RATIO
        and matcher.quick_ratio() >= NEAR_TITLE_RATIO
        and matcher.ratio() >= NEAR_TITLE_RATIO
    )


def _same_title(line: Line, keys: list[str]) -> bool:
    if not line.key:
        return False
    for key in keys:
        if line.key == key:
            return True
        # The headline with a kicker or section in front ("Ukraine-Krieg: …"), or nearly it.
        if line.key.endswith(" " + key) and len(line.key) - len(key) <= MAX_KICKER:
            return True
        if (
            len(key) >= 20
            and abs(len(line.key) - len(key)) <= 0.1 * len(key)
            and _similar(line.key, key)
        ):
            return True
    return False


def repeats_title(text: str, title: str, kicker: str | None = None) -> bool:
    """``text`` repeats the headline: exactly, in other quotes, with or without the kicker."""
    return _same_title(Line(" ".join(text.split()), 0), _title_keys(title, kicker))


def _strip_author_tag(story: list[Line], data: CleanData) -> Removed | None:
    if not story:
        return None
    last = story[-1]
    tail = max(0, len(last.text) - AUTHOR_TAG_CHARS)
    tag = data.author_tag.search(last.text, tail)
    if tag is None or tag.start() == 0:
        return None
    last.text = last.text[: tag.start()].rstrip()
    return Removed("credit", tag.group(0).strip())


def _is_subheading(line: Line, following: Line | None, data: CleanData) -> bool:
    text = line.text
    if following is None or not line.alone or len(text) > MAX_SUBHEADING:
        return False
    if _open_end(text, data):
        return False
    if _unpunctuated(text):
        return not text.endswith(("-", "–"))
    return len(text) <= SHORT_LINE and bool(_QUESTION_END.search(text))


def clean_scraped(raw: RawDocument) -> Article:
    data = clean_data()
    lines, blocks = split_lines(raw.text or "", data)
    _mark_by_text(lines, data)
    _mark_galleries(lines, blocks)
    kicker, title = _mark_top(lines, raw.title, data)
    if title:
        keys = _title_keys(title, kicker)
        for line in lines:
            if line.kind is None and _same_title(line, keys):
                line.kind = "repeated_title"
    if not any(ln.kind is None for ln in lines):
        # A text that is only its headline is still the article, not boilerplate.
        for line in lines:
            if line.kind == "repeated_title":
                line.kind = None
    removed = [
        Removed(ln.kind, ln.text)  # type: ignore[arg-type]
        for ln in lines
        if ln.kind not in (None, "title", "kicker")
    ]
    story = [ln for ln in lines if ln.kind is None]
    if tag := _strip_author_tag(story, data):
        removed.append(tag)

    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    for i, line in enumerate(story):
        following = story[i + 1] if i + 1 < len(story) else None
        kind = "subheading" if _is_subheading(line, following, data) else "body"
        if not paragraphs and title and kind == "body":
            kind = "lead"
        paragraphs.append(Paragraph(offset, offset + len(line.text), kind))  # type: ignore[arg-type]
        parts.append(line.text)
        offset += len(line.text) + 2
    text = "\n\n".join(parts)
    if not text.strip():
        raise InputError("no article text left after cleaning")
    return Article.from_raw(raw, text, paragraphs, title=title, kicker=kicker, removed=removed)
