"""One entity per referent within a document, named by its canonical name.

Mentions join when
- their names fold to one key (``EntityData.fold``: "Selenskyj" = "Zelenskyy"), also after
  an inflectional ending ("Nordkoreas" = "Nordkorea");
- the alias file or the outlet list names them as one referent ("Kreml" = "Kremlin");
- one is a person's single name and the other that person's full name: "Kim" joins the most
  recent full name before it that has "Kim" as its first or last word (Korean and Chinese
  names put the family name first), else the nearest after it. So "Kim" right after "the
  defence minister Kim Yong-hyun" is the minister, not Kim Jong-un named earlier.

The canonical name is the alias file's (or outlet list's) name when one applies, else the
fullest form the document uses: most words, then most frequent, then first.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace

from zufolge.analyze.data import language_data
from zufolge.extract.entities.data import EntityData, strip_marks
from zufolge.extract.entities.media import Mention
from zufolge.model import Entity, Span

# When mentions of one referent disagree, an outlet stays an outlet; otherwise the majority
# wins and ties go to the order below (a person's name is rarely a place's or a firm's).
LABEL_ORDER = ("MEDIA", "PER", "ORG", "LOC")
_WORD = re.compile(r"\S+")
_PARTS = re.compile(r"[\s\-/]+")
# Initials as news writes them: "GAO", "AfD", "SPÖ", "USAF".
_ACRONYM = re.compile(r"[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{0,2}[A-ZÄÖÜ][A-ZÄÖÜ]{0,3}")


@dataclass(slots=True)
class Named:
    mention: Mention
    name: str  # the mention's text without leading words ("the") and titles
    words: tuple[str, ...]  # folded words of ``name``
    key: str  # folded ``name``
    stem_key: str | None  # folded ``name`` without an inflectional ending, if it has one
    alias: str | None  # the canonical name the outlet list or the alias file gives


def name_start(written: str, label: str, data: EntityData) -> int:
    """Where a person's name starts in a mention's text ``written``: after the titles before
    it ("President Joe Biden" → "Joe Biden"; MEANTIME's gold tags titles, so the English tagger
    learnt to include them) and after a capitalised sentence start ("But Johnson"). A leading
    "the" stays in other mentions, as the gold has it, but not in their names."""
    if label != "PER":
        return 0
    function_words = language_data(data.language).function_words
    words = [(m.start(), m.group()) for m in _WORD.finditer(written)]
    k = 0
    while k + 1 < len(words) and (
        data.person_cues.matches(words[k][1]) or words[k][1].lower() in function_words
    ):
        k += 1
    return words[k][0] if words else 0


# What ``_named`` derives from a mention's text and label: where the name starts in it, the
# name, its folded words and key, the key without an ending, the alias. Names recur within
# a document and across a batch, so this is cached, as tuples of strings and numbers (which
# the garbage collector stops tracking); bounded.
NameParts = tuple[int, str, tuple[str, ...], str, str | None, str | None]
_name_parts: dict[tuple[str, str, str], NameParts] = {}
NAME_CACHE_LIMIT = 100_000


def _named(text: str, mention: Mention, data: EntityData) -> Named:
    written = text[mention.start : mention.end]
    cache_key = (data.language, mention.label, written)
    parts = _name_parts.get(cache_key)
    if parts is None:
        if len(_name_parts) > NAME_CACHE_LIMIT:
            _name_parts.clear()
        parts = _name_parts[cache_key] = _name_parts_of(written, mention.label, data)
    offset, name, words, key, stem_key, alias = parts
    if offset:
        mention = replace(mention, start=mention.start + offset)
    if mention.outlet is not None:
        alias = mention.outlet
    return Named(mention, name, words, key, stem_key, alias)


def _name_parts_of(written: str, label: str, data: EntityData) -> NameParts:
    offset = name_start(written, label, data)
    name = written[offset:]
    head, _, rest = name.partition(" ")
    if rest and head in data.leading_words:
        name = rest
    words = data.fold_words(name)
    key = "".join(words)
    stem = _without_ending(name, data)
    stem_key = None if stem is None else data.fold(stem)
    alias = data.aliases.get(key)
    if alias is None and stem_key is not None:
        alias = data.aliases.get(stem_key)
    return offset, name, words, key, stem_key, alias


def _without_ending(name: str, data: EntityData) -> str | None:
    for ending in data.endings:
        if name.endswith(ending) and len(name) > len(ending) + 2:
            return name[: -len(ending)]
    return None


class _Groups:
    """Union-find over mention indices."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _full_names_by_word(named: list[Named]) -> dict[str, list[int]]:
    """Person mentions of several words, in text order, by their first and their last word
    (Korean and Chinese names put the family name first)."""
    by_word: dict[str, list[int]] = {}
    for j, n in enumerate(named):
        if n.mention.label == "PER" and len(n.words) > 1:
            for word in {n.words[0], n.words[-1]}:
                by_word.setdefault(word, []).append(j)
    return by_word


def _initials(name: str) -> str:
    return "".join(strip_marks(w[0]).lower() for w in _PARTS.split(name) if w[:1].isalpha())


def _short_forms(named: list[Named]) -> dict[str, list[int]]:
    """Organisation mentions of several words, in text order, by the short forms news uses
    for them: leading words ("Lockheed" for "Lockheed Martin", "China Eastern" for "China
    Eastern Airlines") and initials ("GAO", "AfD", marked with a leading "^")."""
    by_form: dict[str, list[int]] = {}
    for j, n in enumerate(named):
        if n.mention.label == "ORG" and len(n.words) > 1:
            forms = {"".join(n.words[:k]) for k in range(1, len(n.words))}
            forms.add("^" + _initials(n.name))
            for form in forms:
                by_form.setdefault(form, []).append(j)
    return by_form


def _short_form_keys(n: Named) -> set[str]:
    keys = {n.key}
    if _ACRONYM.fullmatch(n.name):
        keys.add("^" + strip_marks(n.name).lower())
    return keys


def _full_name_keys(n: Named) -> set[str]:
    keys = {n.key}
    if n.stem_key is not None:
        keys.add(n.stem_key)  # "Selenskyjs Büro"
    return keys


def _nearest(i: int, keys: set[str], index: dict[str, list[int]]) -> int | None:
    """The mention listed under one of ``keys`` most recently before ``i``, else the first
    after it."""
    before: int | None = None
    after: int | None = None
    for key in keys:
        found = index.get(key, [])
        k = bisect_left(found, i)
        if k and (before is None or found[k - 1] > before):
            before = found[k - 1]
        if k < len(found) and (after is None or found[k] < after):
            after = found[k]
    return before if before is not None else after


def _is_single_name(n: Named) -> bool:
    """One word that may be a person's name: the tagger may call a surname a place or a firm,
    so any label but an outlet's, unless the alias file knows the word as something else."""
    return (
        n.mention.label != "MEDIA"
        and len(n.words) == 1
        and " " not in n.name
        and (n.mention.label == "PER" or n.alias is None)
    )


def _longer_name_for(
    i: int,
    n: Named,
    by_word: dict[str, list[int]],
    by_form: dict[str, list[int]],
) -> int | None:
    """The mention whose fuller name ``n`` is a short form of: a person's full name for a
    single name, an organisation's full name for a leading part or initials."""
    target = None
    if _is_single_name(n):
        target = _nearest(i, _full_name_keys(n), by_word)
    if target is None and n.mention.label == "ORG":
        target = _nearest(i, _short_form_keys(n), by_form)
    return target


def _link(named: list[Named]) -> _Groups:
    groups = _Groups(len(named))
    by_word = _full_names_by_word(named)
    by_form = _short_forms(named)
    first_with_key: dict[str, int] = {}
    singles: set[int] = set()  # short forms joined to their full name
    for i, n in enumerate(named):
        target = _longer_name_for(i, n, by_word, by_form)
        if target is not None:
            groups.join(i, target)
            singles.add(i)
            continue
        first_with_key.setdefault(n.key, i)
    for i, n in enumerate(named):
        if i in singles:
            continue
        groups.join(i, first_with_key[n.key])
        if n.stem_key is not None and (other := first_with_key.get(n.stem_key)) is not None:
            groups.join(i, other)
    by_alias: dict[str, int] = {}
    for i, n in enumerate(named):
        if n.alias is not None:
            groups.join(i, by_alias.setdefault(n.alias, i))
    return groups


def _label(members: list[Named]) -> str:
    if len(members) == 1:  # most entities: no vote to count
        return members[0].mention.label
    counts = Counter(n.mention.label for n in members)
    if counts["MEDIA"]:
        return "MEDIA"
    return max(counts, key=lambda label: (counts[label], -LABEL_ORDER.index(label)))


def _canonical(members: list[Named]) -> str:
    for n in members:
        if n.alias is not None:
            return n.alias
    if len(members) == 1:
        return members[0].name
    counts = Counter(n.name for n in members)
    best = max(members, key=lambda n: (len(n.words), counts[n.name], -n.mention.start))
    return best.name


def link_entities(text: str, mentions: list[Mention], data: EntityData) -> list[Entity]:
    """Entities in order of first mention, ids "e1", "e2", …; mentions in text order."""
    named = [_named(text, m, data) for m in sorted(mentions, key=lambda m: m.start)]
    named = [n for n in named if n.key]  # punctuation only: nothing to name
    groups = _link(named)
    members: dict[int, list[Named]] = {}
    for i, n in enumerate(named):
        members.setdefault(groups.find(i), []).append(n)
    entities = []
    for k, group in enumerate(sorted(members.values(), key=lambda g: g[0].mention.start), 1):
        spans = [
            Span(n.mention.start, n.mention.end, text[n.mention.start : n.mention.end])
            for n in group
        ]
        entities.append(Entity(f"e{k}", _label(group), _canonical(group), spans))
    return entities
