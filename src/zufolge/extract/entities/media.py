"""News outlets among the mentions: MEDIA is an organisation that is a known outlet
(``lang/any/outlets.tsv``) or is introduced as one ("die Tageszeitung Choson Ilbo", "the
newspaper X"). Capitalised words right after a media noun are an outlet's name even when the
tagger passed them over: "die Tageszeitung Dagens Nyheter" names no one else.

Known outlets are also found where the tagger missed them — but only spellings that cannot
be an ordinary word: several words ("Kyiv Post"), or not a capitalised word ("BBC", "dpa").
"Bild", "Welt" and "Spiegel" are German nouns; they count only when the tagger saw a name
there or a media noun introduces them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from zufolge.analyze import token_texts
from zufolge.extract.entities.data import EntityData
from zufolge.extract.entities.features import KIND, MEDIA_CUE, NAME, FormFeatures
from zufolge.langdata import trie_pattern
from zufolge.model import Doc


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs four times as much
class Mention:
    start: int  # character offsets into doc.text
    end: int
    first_token: int
    label: str  # PER | ORG | LOC | MEDIA
    outlet: str | None = None  # canonical outlet name when a known outlet


@cache
def _outlet_regex(spellings: frozenset[str]) -> re.Pattern[str] | None:
    """The spellings, not followed by a word character. Not preceded by one either, but that
    ``_outlet_matches`` tests: a pattern that starts with a look-behind cannot skip along
    the text to the letters that start a spelling, and tries every position."""
    if not spellings:
        return None
    return re.compile(trie_pattern(sorted(spellings)) + r"(?![\w-])")


_WORD_CHAR = re.compile(r"\w")


def _outlet_matches(regex: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    r"""What ``finditer`` would give with ``(?<!\w)`` in front of ``regex``: a match after a
    word character is passed over and the search goes on from its next character."""
    at = 0
    while (match := regex.search(text, at)) is not None:
        start = match.start()
        if start and _WORD_CHAR.match(text, start - 1):
            at = start + 1
        else:
            yield match
            at = match.end()


def _unmistakable(spelling: str) -> bool:
    """A spelling that is no ordinary capitalised word: several words, or another casing."""
    return " " in spelling or not (spelling[:1].isupper() and spelling[1:].islower())


def _introduced(tokens: list[str], first_token: int, data: EntityData) -> bool:
    return first_token > 0 and data.media_cues.matches(tokens[first_token - 1])


def add_outlets(doc: Doc, mentions: list[Mention], data: EntityData) -> list[Mention]:
    """Mentions with known outlets merged in: an outlet span replaces the tagger's mentions
    it overlaps ("Washington" inside "Washington Post"), when it is unmistakable, introduced
    by a media noun, or exactly a mention the tagger found."""
    regex = _outlet_regex(frozenset(data.outlets))
    if regex is None:
        return mentions
    tokens = token_texts(doc)
    starts, ends = doc.token_starts, doc.token_ends
    tagged = {(x.start, x.end) for x in mentions}
    found: list[Mention] = []
    covered: set[int] = set()  # tokens of the outlets found
    for m in _outlet_matches(regex, doc.text):
        first = bisect_left(starts, m.start())
        if first >= len(starts) or starts[first] != m.start():
            continue  # not on a token boundary ("Bildung" is no "Bild")
        last = bisect_right(ends, m.end()) - 1
        if last < 0 or ends[last] != m.end():
            continue
        spelling = m.group()
        if (
            (m.start(), m.end()) in tagged
            or _unmistakable(spelling)
            or _introduced(tokens, first, data)
        ):
            found.append(Mention(m.start(), m.end(), first, "MEDIA", data.outlets[spelling]))
            covered.update(range(first, last + 1))
    if not found:
        return mentions
    kept = [
        x
        for x in mentions
        if covered.isdisjoint(range(x.first_token, bisect_left(starts, x.end, x.first_token)))
    ]
    return sorted(kept + found, key=lambda x: x.start)


# An outlet's name is short; a longer capitalised run after "Zeitung" is something else.
MAX_OUTLET_TOKENS = 4


def mark_media(
    doc: Doc, mentions: list[Mention], forms: list[FormFeatures], data: EntityData
) -> list[Mention]:
    """Names right after a media noun are outlets ("der Tageszeitung Choson Ilbo"), tagged
    or not."""
    cues = [i for i, f in enumerate(forms) if f[MEDIA_CUE]]
    if not cues:
        return mentions
    starts, ends = doc.token_starts, doc.token_ends
    tokens = token_texts(doc)
    by_first = {m.first_token: m for m in mentions}
    taken = {i for m in mentions for i in range(m.first_token, bisect_left(starts, m.end))}
    out = [m for m in mentions if not (m.first_token and forms[m.first_token - 1][MEDIA_CUE])]
    for i in cues:
        if i + 1 == len(forms) or forms[i + 1][KIND] != NAME:
            continue
        if (m := by_first.get(i + 1)) is not None:
            out.append(replace(m, label="MEDIA"))
            continue
        last = i + 1
        while last + 1 < len(forms) and forms[last + 1][KIND] == NAME:
            last += 1
        if last - i > MAX_OUTLET_TOKENS or tokens[i + 1] in data.not_names:
            continue  # too long for an outlet's name, or "told the paper Tuesday"
        if not taken.intersection(range(i + 1, last + 1)):
            out.append(Mention(starts[i + 1], ends[last], i + 1, "MEDIA"))
    return sorted(out, key=lambda m: m.start)
