"""Language data for the entity stage, read once per language from ``zufolge/lang/``.

Per language (``lang/<lang>/``), all optional:

- ``entities-places.txt``        place names and their words (tagger hint LOC)
- ``entities-organisations.txt`` organisation names (hint ORG; also in ``lang/any/``)
- ``entities-surnames.txt``      frequent family names (hint PER)
- ``entities-org-words.txt``     legal forms and name-final nouns of organisations (hint ORG)
- ``entities-person-cues.txt``   titles and roles before a person's name
- ``entities-media-cues.txt``    nouns that introduce an outlet ("die Tageszeitung X")
- ``entities-endings.txt``       inflectional endings a name may carry ("Nordkoreas")
- ``entities-leading-words.txt`` words a mention may start with that the name does not ("the")
- ``entities-connectors.txt``    lowercase words and marks inside names ("Partei der Arbeit")
- ``entities-not-names.txt``     capitalised words that name nothing (weekdays, months)

Language-neutral (``lang/any/``):

- ``entities-first-names.txt``   given names (hint PER)
- ``entities-fold.tsv``          regex rules that fold spellings and transliterations to one key
- ``entity-aliases.tsv``         names of one referent that no rule joins (canonical first)
- ``outlets.tsv``                news outlets (canonical first), shared with attribution

A language without a folder ("other") gets the union of the supported languages' lists.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from operator import methodcaller

from zufolge.analyze.data import SUPPORTED, language_data, read_entries

# Entries at least this long also match as a word's ending ("Verteidigungsminister").
MIN_ENDING = 5
# Letters NFKD does not decompose into a base letter and a mark.
_SPECIAL_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d"})
_WORD_SPLIT = re.compile(r"[^\w]+|_")
_GROUP_REFERENCE = re.compile(r"\\([1-9])")  # a replacement that is one group: "\1"
# One rewrite of a folded word ("tsch" → "ch", "^e" → "ye").
FoldRule = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Words as written (``exact``) and lowercase endings that also match inside a word."""

    exact: frozenset[str]
    lower: frozenset[str]
    endings: tuple[str, ...]
    # The endings by their last two letters (every ending has at least MIN_ENDING): a word
    # is compared with the few that could end it, not with all of them.
    endings_by_tail: dict[str, tuple[str, ...]] = field(init=False)

    def __post_init__(self) -> None:
        by_tail: dict[str, list[str]] = {}
        for ending in self.endings:
            by_tail.setdefault(ending[-2:], []).append(ending)
        tails = {tail: tuple(endings) for tail, endings in by_tail.items()}
        object.__setattr__(self, "endings_by_tail", tails)

    def matches(self, word: str, lower: str | None = None) -> bool:
        """Whether the lexicon has ``word``; ``lower``, if given, is ``word.lower()``."""
        if word in self.exact:
            return True
        lw = word.lower() if lower is None else lower
        return lw in self.lower or (
            len(lw) > MIN_ENDING and lw.endswith(self.endings_by_tail.get(lw[-2:], ()))
        )


@dataclass(frozen=True, slots=True)
class EntityData:
    language: str
    first_names: frozenset[str]
    places: frozenset[str]  # every word of every listed place name
    organisations: frozenset[str]  # every capitalised word of every listed organisation
    surnames: frozenset[str]
    org_words: Lexicon
    person_cues: Lexicon
    media_cues: Lexicon
    outlet_words: frozenset[str]  # every word of every outlet spelling
    outlets: dict[str, str]  # spelling → canonical outlet name
    aliases: dict[str, str]  # folded key → canonical name (aliases and outlets)
    fold_rules: tuple[FoldRule, ...]
    endings: tuple[str, ...]
    leading_words: frozenset[str]
    connectors: frozenset[str]
    not_names: frozenset[str]
    function_words: frozenset[str]  # lowercase; analyze's list ("der", "in", "but")

    def fold(self, name: str) -> str:
        """Comparison key of a name: case, diacritics, hyphens, spaces and transliteration
        variants removed ("Wolodymyr Selenskyj" and "Volodymyr Zelenskyy" → one key)."""
        return "".join(self.fold_words(name))

    def fold_words(self, name: str) -> tuple[str, ...]:
        found = _folded.get(name)
        if found is None:
            if len(_folded) > FOLD_CACHE_LIMIT:
                _folded.clear()
            found = _folded[name] = tuple(fold_words(name, self.fold_rules))
        return found


# Names recur across a batch; folding runs a rule file per word, so it is cached. The
# rules are the same for every language, so one cache serves all.
FOLD_CACHE_LIMIT = 100_000
_folded: dict[str, tuple[str, ...]] = {}


def fold_words(name: str, rules: tuple[FoldRule, ...]) -> list[str]:
    """The folded words of ``name`` (hyphens and spaces separate words)."""
    words = []
    for word in _WORD_SPLIT.split(strip_marks(name.lower())):
        for rule in rules:
            word = rule(word)
        if word:
            words.append(word)
    return words


def strip_marks(text: str) -> str:
    if text.isascii():
        return text  # nothing to decompose
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _lexicon(entries: list[str], ending_min: int = MIN_ENDING) -> Lexicon:
    lower = [e for e in entries if e == e.lower()]
    return Lexicon(
        exact=frozenset(e for e in entries if e != e.lower()),
        lower=frozenset(lower),
        endings=tuple(e for e in lower if len(e) >= ending_min),
    )


def _rows(entries: list[str]) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("\t") if cell.strip()] for line in entries]


def _fold_rule(pattern: str, replacement: str) -> FoldRule:
    """``re.sub(pattern, replacement, word)`` as a function of the word; by ``str.replace``,
    which gives the same at a fraction of the cost, when neither has regex syntax ("tsch" →
    "ch")."""
    if pattern and re.escape(pattern) == pattern and "\\" not in replacement:
        return methodcaller("replace", pattern, replacement)
    if group := _GROUP_REFERENCE.fullmatch(replacement):
        # Python 3.11's re.sub runs Python code on every call whose replacement is a template
        # (1 µs a word); a lone group as a function of the match costs a quarter of that
        number = int(group[1])
        return partial(re.compile(pattern).sub, lambda match: match.group(number) or "")
    return partial(re.compile(pattern).sub, replacement)


def _fold_rules() -> tuple[FoldRule, ...]:
    rules = []
    for line in read_entries("any", "entities-fold.tsv"):
        pattern, _, replacement = line.partition("\t")
        rules.append(_fold_rule(pattern, replacement.strip()))
    return tuple(rules)


@cache
def entity_data(language: str) -> EntityData:
    languages = (language,) if language in SUPPORTED else SUPPORTED

    def entries(name: str) -> list[str]:
        return [entry for lang in languages for entry in read_entries(lang, name)]

    outlet_rows = _rows(read_entries("any", "outlets.tsv"))
    outlets = {spelling: row[0] for row in outlet_rows for spelling in row}
    rules = _fold_rules()
    aliases: dict[str, str] = {}
    for row in _rows(read_entries("any", "entity-aliases.tsv")) + outlet_rows:
        for spelling in row:
            aliases.setdefault("".join(fold_words(spelling, rules)), row[0])
    return EntityData(
        language=language,
        first_names=frozenset(read_entries("any", "entities-first-names.txt")),
        places=frozenset(w for e in entries("entities-places.txt") for w in e.split()),
        organisations=frozenset(
            w
            for e in read_entries("any", "entities-organisations.txt")
            + entries("entities-organisations.txt")
            for w in e.split()
            if w != w.lower()
        ),
        surnames=frozenset(entries("entities-surnames.txt")),
        org_words=_lexicon(entries("entities-org-words.txt")),
        person_cues=_lexicon([e.lower() for e in entries("entities-person-cues.txt")], 6),
        media_cues=_lexicon([e.lower() for e in entries("entities-media-cues.txt")]),
        outlet_words=frozenset(w for spelling in outlets for w in spelling.split()),
        outlets=outlets,
        aliases=aliases,
        fold_rules=rules,
        endings=tuple(sorted(entries("entities-endings.txt"), key=len, reverse=True)),
        leading_words=frozenset(entries("entities-leading-words.txt")),
        connectors=frozenset(entries("entities-connectors.txt")),
        not_names=frozenset(entries("entities-not-names.txt")),
        function_words=language_data(language).function_words,
    )
