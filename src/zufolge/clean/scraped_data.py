"""Language data for cleaning scraped text, read once from ``lang/<lang>/clean-*`` files.

Cleaning runs before language detection, so every language's lists apply at once: a German
page quotes English agencies, an English page German ones. Adding a language is adding a
folder with the same files.

Files (plain UTF-8, one entry a line, ``#`` comments):

- ``clean-credits.tsv``: regexes for credit lines (``line``) and credit endings (``tail``)
- ``clean-agencies.txt``: photo agencies, for "Ed Jones/AFP", "IMAGO/Sven Simon", "(sh/dpa)"
- ``clean-captions.txt``: markers that make a short line a caption ("(Archivbild)")
- ``clean-navigation.txt``: cues that start a teaser or navigation line ("Lesen Sie auch")
  (shared with the HTML cleaner)
- ``clean-navigation-lines.txt``: words that are navigation only as a whole line ("Teilen")
- ``clean-bylines.txt``: beginnings of byline and date lines above the story ("Von …")
- ``clean-name-joiners.txt``: lower-case words inside names ("Ursula von der Leyen")
- ``clean-open-endings.txt``: words no headline ends with ("den", "the"): a wrapped sentence
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

LANGUAGES = ("de", "en")
# Author tags after the last paragraph: lowercase initials "(sh)", "(ank/dpa)". Upper-case
# abbreviations are left alone, so a party in brackets, "(CDU)", is not a tag.
_INITIALS = r"[a-zäöüß]{1,4}"
# Signatures with a date, as the Austrian Standard prints them: "(red, 16. 5. 2016)".
_DATED_SIGNATURE = r"\s*\([^()]{1,60},\s*\d{1,2}\.\s?\d{1,2}\.\s?(?:\d{4}|\d{2})\)\s*$"
# Date lines above the story: "17.10.2024, 14:05 Uhr", "2024-10-17", "17 October 2024".
_DATE_LINE = (
    r"^(?:\w+,?\s+)?(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+\w+\s+\d{4}"
    r"|\w+\s+\d{1,2},\s+\d{4})(?:[,|/ –-]+\s*\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|am|pm|\w{3,4}))?)?\s*$"
)


@dataclass(frozen=True, slots=True)
class CleanData:
    credit_line: re.Pattern[str]  # the whole short line is a credit
    credit_tail: re.Pattern[str]  # a caption that ends with its credit (on case-folded text)
    author_tag: re.Pattern[str]  # "(sh)" at the end of the last paragraph
    date_line: re.Pattern[str]
    caption_markers: tuple[str, ...]
    navigation_cues: frozenset[str]
    navigation_start: re.Pattern[str]  # a cue at the start of a lower-cased line
    navigation_lines: frozenset[str]
    bylines: tuple[str, ...]
    name_joiners: frozenset[str]
    open_endings: frozenset[str]


def rows(language: str, name: str) -> list[str]:
    """Entries of one data file, without comments and blank lines; [] when it is missing."""
    path = resources.files("zufolge") / "lang" / language / name
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    return [line.rstrip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _alternation(entries: list[str]) -> str:
    # Longest first, so "getty images" wins over "getty"; spaces match any separator.
    escaped = (re.escape(e).replace(r"\ ", r"[\s-]+") for e in sorted(set(entries), key=len)[::-1])
    return "(?:" + "|".join(escaped) + ")"


def _agency_patterns(agency: str) -> tuple[list[str], list[str]]:
    """Credit patterns built from the agency list: whole lines and caption endings."""
    line = [rf"^(?:{agency})(?:\s*[/|,]\s*[^\W\d_][\w.' -]{{0,40}})*\s*$"]
    tail = [
        rf"/\s*{agency}\s*$",  # "… in Pjöngjang. Ed Jones/AFP"
        rf"\b{agency}\s*/\s*[^\W\d_][^/.!?()]{{1,40}}$",  # "… IMAGO/Sven Simon"
        rf"[.!?|]\s+{agency}(?:\s*[/|]\s*[^/.!?()]{{2,40}})?\s*$",  # "… in London. Getty Images"
    ]
    return line, tail


@cache
def clean_data() -> CleanData:
    line: list[str] = []
    tail: list[str] = []
    agencies: list[str] = []
    captions: list[str] = []
    cues: list[str] = []
    whole: list[str] = []
    bylines: list[str] = []
    joiners: list[str] = []
    endings: list[str] = []
    for language in LANGUAGES:
        for row in rows(language, "clean-credits.tsv"):
            where, pattern = row.split("\t", 1)
            (line if where == "line" else tail).append(pattern)
        agencies += [a.casefold() for a in rows(language, "clean-agencies.txt")]
        captions += [c.casefold() for c in rows(language, "clean-captions.txt")]
        cues += [c.strip().casefold() for c in rows(language, "clean-navigation.txt")]
        whole += [c.strip().casefold() for c in rows(language, "clean-navigation-lines.txt")]
        bylines += [b.casefold() for b in rows(language, "clean-bylines.txt")]
        joiners += [j.strip() for j in rows(language, "clean-name-joiners.txt")]
        endings += [e.strip() for e in rows(language, "clean-open-endings.txt")]
    agency = _alternation(agencies)
    agency_line, agency_tail = _agency_patterns(agency)
    tag_part = rf"(?:{_INITIALS}|(?i:{agency}))"
    author_tag = rf"\s*\({tag_part}(?:\s*[/,]\s*{tag_part})*\)\s*$|{_DATED_SIGNATURE}"
    return CleanData(
        credit_line=re.compile("|".join(f"(?:{p})" for p in line + agency_line), re.I),
        # Matched against the case-folded end of a line: case-insensitive matching would cost
        # the regex engine its literal shortcuts, and this runs on every caption-sized line.
        credit_tail=re.compile("|".join(f"(?:{p})" for p in tail + agency_tail)),
        author_tag=re.compile(author_tag),
        date_line=re.compile(_DATE_LINE, re.I),
        caption_markers=tuple(dict.fromkeys(captions)),
        navigation_cues=frozenset(cues),
        navigation_start=re.compile(
            "(?:" + "|".join(re.escape(c) for c in sorted(set(cues), key=len)[::-1]) + r")(?!\w)"
        ),
        navigation_lines=frozenset(whole),
        bylines=tuple(sorted(set(bylines), key=len, reverse=True)),
        name_joiners=frozenset(joiners),
        open_endings=frozenset(endings),
    )
