"""Time expressions normalised against the publication date: ``find_times``.

**Values** are TIMEX3 values wherever TIMEX3 has a form for them:

=================  ==========================  ==========================================
day                ``2024-10-17``              "17. Oktober 2024", "gestern", "Oct. 17"
month              ``2024-10``                 "im Oktober", "Anfang Oktober", "last month"
year               ``2024``, ``BC0255``        "2024", "Ende des Jahres", "255 v. Chr."
season             ``2024-SU``                 "Sommer 2024", "im Herbst"
week / weekend     ``2024-W42``, ``2024-W42-WE``   "diese Woche", "am Wochenende"
quarter, half      ``2024-Q3``, ``2024-H2``    "the third quarter", "im zweiten Halbjahr"
decade, century    ``199``, ``19``             "in den 1990er Jahren", "20. Jahrhundert"
time of day        ``2024-10-17T14:30``, ``2024-10-17TEV``   "um 14.30 Uhr", "am Abend"
duration           ``P3D``, ``PT2H``, ``PXD``  "drei Tage", "two hours", "einige Tage"
vague              ``PAST_REF`` ``PRESENT_REF`` ``FUTURE_REF``  "kürzlich", "jetzt", "bald"
=================  ==========================  ==========================================

Parts of a period ("Anfang Oktober", "bis Ende des Jahres", "late 2024") keep the value of the
whole period, as TIMEX3 does: it puts START/MID/END into a ``mod`` attribute, which the
zufolge/1 contract does not carry. So "Anfang Oktober" in an article of 2024-10-17 is
``2024-10``. Decades and centuries follow TIMEX3 too (``199`` is the 1990s, ``19`` the
twentieth century; the gold sets write ``199``, TempEval-3 now and then ``199X``). ISO weeks
are written with two digits (``2024-W07``).

**Spans** leave prepositions outside ("im [September]", "bis [Ende des Jahres]", "on
[Monday]") and keep what belongs to the expression ("[vor drei Jahren]", "[Anfang dieser
Woche]", "[den 1990er Jahren]", "[the 1990s]"), as TIMEX annotators do.

**Anchors.** ``None`` for expressions that carry their own year (absolute dates, years) and for
durations and vague references; ``"published"`` when the value was computed from the
publication date; ``"text"`` when it was computed from an earlier date in the text ("am
folgenden Tag", "zwei Tage später", "um 2 Uhr" after "am Mittwoch", and in narrative texts,
see below, "im Februar"); ``"inferred"`` when the article has no publication date and the
latest full date it mentions (day, month and year: "17. Oktober 2024") stands in for it. Only
full dates count: a year alone says too little, and scraped pages carry stray years (photo
captions "Aufnahme von 2019"). Without either, relative expressions get value ``None``.

**Which year.** A month or day without a year ("im Dezember", "am 3. März") is placed next to
the publication date by the tense of its clause: a past-tense clause takes the latest such
date on or before publication, a future one the earliest on or after, a clause without cues
the nearest. A weekday without cues is the latest one on or before publication (news
reports what happened). Tense cues are word lists per language (``times-tense.tsv``), cheap
and rough; English has none, because every list we tried lowered value F1 on TempEval-3 and
MEANTIME. When the sentence named a year earlier ("Im Jahr 2019 hatte er im März …"), that
year is used instead. "last March" is the latest March before the publication month, "May
next year" next year's May.

**Narrative texts.** A text whose explicitly mentioned years (at least three) have a median
more than ten years before its publication date (a history article, an anniversary piece)
tells its own timeline: there an underspecified or deictic expression resolves against the
last date the text mentioned (anchor ``"text"``), as HeidelTime's narrative mode does, and
"heute" means the present (``PRESENT_REF``). A year alone moves that timeline only when it
heads a line; a date whose year differs from the dates just before and after it (a
flashback in parentheses) does not move it at all.

**Grammar.** Everything language-specific lives in ``zufolge/lang/<lang>/times-*.tsv``: the word
lists and ``times-patterns.tsv``, regexes with placeholders for the word lists. A language
without files ("other") gets the patterns of every supported language.

**Speed.** A regex finds the words every expression contains (digits, month and weekday names,
units, fixed words: ``trigger_regex``); the patterns, compiled into one alternation with a
first-character look-ahead per pattern (``guard``) and their word lists as prefix trees
(``_tree``), are only tried at those words and at the few words before them. Numbers that
cannot be part of a time expression (amounts, counts) are skipped. About 0.2 ms per 500-token
news article (``zufolge eval times`` prints the rate).
"""

from __future__ import annotations

import re
import re._constants as _c  # the regex parser's op codes, for ``guard`` only
import re._parser as _parser
from bisect import bisect_right
from calendar import monthrange
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from statistics import median

from zufolge.analyze.data import SUPPORTED, read_entries
from zufolge.langdata import NON_WORD_CHAR, trie_pattern
from zufolge.model import Doc, Span, TimeExpression

VAGUE = frozenset({"PAST_REF", "PRESENT_REF", "FUTURE_REF"})
# A text is narrative when the median of its explicit years is this far before publication.
NARRATIVE_YEARS = 10
NARRATIVE_MIN_YEARS = 3

# ------------------------------------------------------------------------------- grammar

# Placeholders written with digits only; each becomes a named group (``group`` when given).
DIGIT_PLACEHOLDERS: dict[str, tuple[str, str]] = {
    "day": ("day", r"0?[1-9]|[12]\d|3[01]"),
    "mon": ("mon", r"0?[1-9]|1[0-2]"),
    "year": ("year", r"1\d{3}|20\d{2}"),
    "anyyear": ("year", r"\d{1,4}"),
    "hour": ("hour", r"[01]?\d|2[0-4]"),
    "minute": ("minute", r"[0-5]\d"),
    "yy": ("decade", r"\d0"),
}
# Placeholders that expand to a word list, with the digits they also accept.
WORD_PLACEHOLDERS: dict[str, str] = {
    "num": r"\d+(?:[.,]5)?",
    "ordinal": r"\d{1,2}",
    "decade": r"1\d{2}0|20\d0|\d0",
}
# Word placeholders whose group has another name than the placeholder.
WORD_GROUPS = {"units": "unit"}
_PLACEHOLDER = re.compile(r"@([a-z]+)(?::([a-z]\w*))?")
_GROUP = re.compile(r"\(\?P<(\w+)>")
_RULE = re.compile(r"^(=)?(D|W|M|Y)([+-]\d+)(?: ([A-Z]{2}))?$")


def key(text: str) -> str:
    """Look-up form of a matched word: lowercase, single spaces ("Vor  Kurzem" → "vor kurzem")."""
    return " ".join(text.split()).lower()


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word lists of one language (or of all, for "other"), keyed by ``key``."""

    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, float | None]  # None: an unknown count ("einige")
    ordinals: dict[str, int]
    units: dict[str, str]
    plural_units: frozenset[str]  # keys of plural forms ("wochen"): a vague count
    parts: dict[str, str]
    seasons: dict[str, str]
    dayparts: dict[str, str]
    eras: dict[str, str]
    shifts: dict[str, int]
    fixed: dict[str, str]
    decades: dict[str, str]
    forms: dict[str, list[str]]  # placeholder → written forms, for the regex


@dataclass(frozen=True, slots=True)
class Grammar:
    lexicon: Lexicon
    trigger: re.Pattern[str]  # the words every expression contains ("Oktober", "Tage", "2024")
    regex: re.Pattern[str]  # all patterns, matched at a candidate start
    words: frozenset[str]  # lowercase words a pattern can contain: where a match may start
    kinds: tuple[str, ...]  # pattern index → kind of expression
    groups: tuple[tuple[str, ...], ...]  # pattern index → its group names (unprefixed)
    numbers: tuple[tuple[int, ...], ...]  # pattern index → those groups' numbers in ``regex``
    past: TenseCues
    future: TenseCues


@dataclass(frozen=True, slots=True)
class TenseCues:
    """Cue words of one tense (a prefix tree, whole words) and cue regexes."""

    words: re.Pattern[str] | None
    regexes: tuple[re.Pattern[str], ...]

    def count(self, sentence: str) -> int:
        n = sum(len(regex.findall(sentence)) for regex in self.regexes)
        if self.words is not None:
            for m in self.words.finditer(sentence):
                start = m.start()
                n += not (start and sentence[start - 1].isalnum())
        return n


def _rows(languages: tuple[str, ...], name: str) -> Iterator[list[str]]:
    for language in languages:
        for line in read_entries(language, name):
            yield line.split("\t")


def _forms(cell: str) -> list[str]:
    return [form.replace("_", " ") for form in cell.split()]


def _number(value: str) -> float | None:
    return None if value == "X" else float(value)


def _word_table(
    languages: tuple[str, ...], name: str, convert: Callable[[str], object]
) -> tuple[dict, list[str]]:
    """``value <TAB> forms`` rows → {key(form): value} and the written forms."""
    table: dict = {}
    written: list[str] = []
    for value, cell in _rows(languages, name):
        for form in _forms(cell):
            table[key(form)] = convert(value)
            written.append(form)
    return table, written


def _classes(languages: tuple[str, ...]) -> dict[str, tuple[dict[str, str], list[str]]]:
    """``times-parts.tsv``: class → ({key(form): code}, forms)."""
    result: dict[str, tuple[dict[str, str], list[str]]] = {}
    for cls, code, cell in _rows(languages, "times-parts.tsv"):
        table, written = result.setdefault(cls, ({}, []))
        for form in _forms(cell):
            table[key(form)] = code
            written.append(form)
    return result


def _units(languages: tuple[str, ...]) -> tuple[dict[str, str], list[str], list[str]]:
    """``times-units.tsv``: {key(form): code}, all forms, plural forms."""
    table: dict[str, str] = {}
    written: list[str] = []
    plural: list[str] = []
    for code, *cells in _rows(languages, "times-units.tsv"):
        for i, cell in enumerate(cells):
            for form in _forms(cell):
                table[key(form)] = code
                written.append(form)
                if i == 1:
                    plural.append(form)
    return table, written, plural


def _fixed(languages: tuple[str, ...]) -> tuple[dict[str, str], list[str]]:
    table: dict[str, str] = {}
    for rule, expression in _rows(languages, "times-fixed.tsv"):
        table[key(expression)] = rule
    return table, [expression for _, expression in _rows(languages, "times-fixed.tsv")]


def load_lexicon(languages: tuple[str, ...]) -> Lexicon:
    months, month_forms = _word_table(languages, "times-months.tsv", int)
    weekdays, weekday_forms = _word_table(languages, "times-weekdays.tsv", int)
    numbers, number_forms = _word_table(languages, "times-numbers.tsv", _number)
    ordinals, ordinal_forms = _word_table(languages, "times-ordinals.tsv", int)
    units, unit_forms, plural_forms = _units(languages)
    shifts, shift_forms = _word_table(languages, "times-shifts.tsv", int)
    decades, decade_forms = _word_table(languages, "times-decades.tsv", str)
    fixed, fixed_forms = _fixed(languages)
    classes = _classes(languages)
    empty: tuple[dict[str, str], list[str]] = ({}, [])
    parts, seasons, dayparts, eras = (
        classes.get(c, empty) for c in ("part", "season", "daypart", "era")
    )
    return Lexicon(
        months=months,
        weekdays=weekdays,
        numbers=numbers,
        ordinals=ordinals,
        units=units,
        plural_units=frozenset(map(key, plural_forms)),
        parts=parts[0],
        seasons=seasons[0],
        dayparts=dayparts[0],
        eras=eras[0],
        shifts=shifts,
        fixed=fixed,
        decades=decades,
        forms={
            "month": month_forms,
            "weekday": weekday_forms,
            "num": number_forms,
            "ordinal": ordinal_forms,
            "unit": unit_forms,
            "units": plural_forms,
            "shift": shift_forms,
            "decade": decade_forms,
            "fixed": fixed_forms,
            "part": parts[1],
            "season": seasons[1],
            "daypart": dayparts[1],
            "era": eras[1],
        },
    )


def _tree(forms: list[str]) -> str:
    """The forms as a prefix tree, the same language in the same order as ``_alternation``:
    ``re`` follows one branch per character instead of trying each form in turn."""
    variants = (
        variant
        for form in forms
        for variant in ({form, form[:1].upper() + form[1:]} if form[:1].islower() else {form})
    )
    return trie_pattern(variants, space=r"\s+") or r"(?!x)x"


def _alternation(forms: list[str]) -> str:
    """Longest form first; a form written in lowercase also matches with a capital (sentence
    starts), inner spaces match any whitespace."""

    def one(form: str) -> str:
        body = re.escape(form).replace(r"\ ", r"\s+")
        if form[:1].islower():
            first = re.escape(form[0])
            body = f"[{first}{re.escape(form[0].upper())}]" + body[len(first) :]
        return body

    unique = sorted(set(forms), key=lambda f: (-len(f), f))
    return "|".join(one(f) for f in unique) or r"(?!x)x"


def expand(pattern: str, lexicon: Lexicon, tree: bool = False) -> str:
    """Replace ``@name`` / ``@name:group`` placeholders by named groups; ``tree``: word lists
    as prefix trees (faster to match), else as plain alternations (the form
    ``pattern_words`` and ``guard`` take apart)."""

    def replace(m: re.Match[str]) -> str:
        name, group = m.group(1), m.group(2)
        if name in DIGIT_PLACEHOLDERS:
            default, body = DIGIT_PLACEHOLDERS[name]
        elif name in lexicon.forms:
            default = WORD_GROUPS.get(name, name)
            words = (_tree if tree else _alternation)(lexicon.forms[name])
            body = f"{WORD_PLACEHOLDERS[name]}|{words}" if name in WORD_PLACEHOLDERS else words
        else:
            raise ValueError(f"unknown placeholder @{name} in a times pattern")
        return f"(?P<{group or default}>{body})"

    return _PLACEHOLDER.sub(replace, pattern)


def _tense(languages: tuple[str, ...], tense: str) -> TenseCues:
    words: set[str] = set()
    regexes = []
    for name, cell in _rows(languages, "times-tense.tsv"):
        if name == tense:
            words.update(_forms(cell))
        elif name == f"{tense}-regex":
            regexes.append(re.compile(cell))
    words |= {w[0].upper() + w[1:] for w in words}
    tree = trie_pattern(words)
    return TenseCues(re.compile(tree + r"(?!\w)") if tree else None, tuple(regexes))


def trigger_regex(lexicon: Lexicon) -> re.Pattern[str]:
    """Digits and the words that carry a time expression (months, weekdays, units, seasons,
    dayparts, decade words; for a fixed expression without such a word its last word, as
    "kurzem" of "vor kurzem"), as whole words after a non-word character. Every pattern
    contains one, so the full grammar only runs where one occurs. The regex starts with a
    character class, which lets the engine skip in C to the next space or punctuation (over
    Latin-1 letters by one bit test each: ``langdata.NON_WORD_CHAR``); the word tree then
    rejects most positions after a character or two. A weekday joined to a daypart written
    in lowercase is one word ("Montagabend")."""
    words: set[str] = set()
    for name in ("month", "weekday", "unit", "season", "daypart", "decade"):
        words.update(form.split()[0] for form in lexicon.forms[name])
    folded = {w.lower() for w in words}
    for form in lexicon.forms["fixed"]:
        if not any(word.lower() in folded for word in form.split()):
            words.add(form.split()[-1])
    lower_dayparts = [d for d in lexicon.forms["daypart"] if d[:1].islower()]
    words |= {w + d for w in lexicon.forms["weekday"] for d in lower_dayparts}
    words |= {w[0].upper() + w[1:] for w in words if w}
    tree = trie_pattern({w for w in words if w})
    # digits may run into letters ("1990er", "1990s", "5pm"); words must end
    word = rf"|(?:{tree})(?!\w)" if tree else ""
    return re.compile(rf"{NON_WORD_CHAR}(\d+{word})")


def triggers(text: str, trigger: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    """Spans of trigger words, including one that opens the text."""
    first = trigger.match(" " + text[:40])
    if first is not None:
        yield 0, first.end(1) - 1
    for hit in trigger.finditer(text):
        yield hit.span(1)


def first_chars(items: list) -> tuple[set[str] | None, bool]:
    """The characters a parsed regex can start with (None: any) and whether it can match the
    empty string; used only to put a cheap look-ahead in front of each pattern."""
    found: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            return found | {chr(av)}, False
        if op is _c.IN:
            chars = _class_chars(av)
            return (None if chars is None else found | chars), False
        if op is _c.BRANCH:
            sub = [first_chars(alternative) for alternative in av[1]]
            if any(chars is None for chars, _ in sub):
                return None, False
            found.update(*(chars for chars, _ in sub))
            if not any(empty for _, empty in sub):
                return found, False
        elif op in (_c.SUBPATTERN, _c.MAX_REPEAT, _c.MIN_REPEAT):
            chars, empty = first_chars(av[-1])
            if chars is None:
                return None, False
            found |= chars
            if not empty and (op is _c.SUBPATTERN or av[0] > 0):
                return found, False
        elif op not in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            return None, False
    return found, True


def _class_chars(items: list) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < 200:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        elif op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            chars.update("0123456789")
        else:
            return None
    return chars


def guard(pattern: str) -> str:
    """``(?=[…])`` with the pattern's possible first characters, or "" when unknown."""
    try:
        chars, empty = first_chars(list(_parser.parse(pattern)))
    except (re.error, TypeError, ValueError, IndexError):  # a parser detail changed: no guard
        return ""
    if chars is None or empty or not chars:
        return ""
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"


def literal_words(items: list) -> set[str]:
    """Words spelled out in a parsed pattern ("des", "[Ii]m" → "im", "d(?:er|ie)" → "der",
    "die"), lowercase."""
    words: set[str] = set()
    run: set[str] = {""}
    for op, av in items:
        spelled = _spell(op, av)
        if spelled is not None and len(run) * len(spelled) <= 256:
            run = {a + b for a in run for b in spelled}
            continue
        words.update(w for w in run if len(w) > 1)
        run = {""}
        if op is _c.BRANCH:
            for alternative in av[1]:
                words |= literal_words(alternative)
        elif op in (_c.SUBPATTERN, _c.MAX_REPEAT, _c.MIN_REPEAT, _c.ASSERT, _c.ASSERT_NOT):
            words |= literal_words(av[-1])
    words.update(w for w in run if len(w) > 1)
    return words


def _spell(op: object, av: object) -> set[str] | None:
    """The strings of letters an element can match, when that is a short finite list."""
    letter = _letter(op, av)
    if letter:
        return {letter}
    if op is _c.SUBPATTERN:
        return _spell_sequence(av[-1])  # type: ignore[index]
    if op is _c.BRANCH:
        spelled = [_spell_sequence(alternative) for alternative in av[1]]  # type: ignore[index]
        if any(s is None for s in spelled):
            return None
        return set().union(*spelled)  # type: ignore[arg-type]
    if op is _c.MAX_REPEAT and av[0] == 0 and av[1] == 1:  # type: ignore[index]
        inner = _spell_sequence(av[-1])  # type: ignore[index]
        return None if inner is None else inner | {""}
    return None


def _spell_sequence(items: list) -> set[str] | None:
    result: set[str] = {""}
    for op, av in items:
        spelled = _spell(op, av)
        if spelled is None or len(result) * len(spelled) > 256:
            return None
        result = {a + b for a in result for b in spelled}
    return result


def _letter(op: object, av: object) -> str:
    """The lowercase letter a LITERAL or a one-letter case class ("[Ii]") matches, else ""."""
    if op is _c.LITERAL and chr(av).isalpha():  # type: ignore[arg-type]
        return chr(av).lower()  # type: ignore[arg-type]
    if op is _c.IN:
        chars = _class_chars(av)  # type: ignore[arg-type]
        if chars and len({c.lower() for c in chars}) == 1 and next(iter(chars)).isalpha():
            return next(iter(chars)).lower()
    return ""


def pattern_words(patterns: list[str], lexicon: Lexicon) -> frozenset[str]:
    words = {key(w) for forms in lexicon.forms.values() for form in forms for w in form.split()}
    for pattern in patterns:
        try:
            words |= literal_words(list(_parser.parse(pattern)))
        except (re.error, TypeError, ValueError, IndexError):
            return frozenset()  # unknown: every word may start an expression
    return frozenset(words)


@cache
def grammar_for(language: str) -> Grammar:
    languages = (language,) if language in SUPPORTED else SUPPORTED
    lexicon = load_lexicon(languages)
    kinds: list[str] = []
    groups: list[tuple[str, ...]] = []
    branches: list[str] = []
    bodies: list[str] = []
    for kind, pattern in _rows(languages, "times-patterns.tsv"):
        i = len(kinds)
        body = expand(pattern, lexicon)
        bodies.append(body)
        groups.append(tuple(_GROUP.findall(body)))
        prefixed = _GROUP.sub(lambda m, i=i: f"(?P<g{i}_{m[1]}>", expand(pattern, lexicon, True))
        branches.append(f"{guard(body)}(?P<g{i}>{prefixed})")
        kinds.append(kind)
    regex = re.compile("(?:" + "|".join(branches) + r")(?!\w)")
    return Grammar(
        lexicon=lexicon,
        trigger=trigger_regex(lexicon),
        regex=regex,
        words=pattern_words(bodies, lexicon),
        kinds=tuple(kinds),
        groups=tuple(groups),
        numbers=tuple(
            tuple(regex.groupindex[f"g{i}_{name}"] for name in names)
            for i, names in enumerate(groups)
        ),
        past=_tense(languages, "past"),
        future=_tense(languages, "future"),
    )


# ------------------------------------------------------------------------------- scanning

# How many words before a trigger an expression may start ("mehr als zwei Wochen").
WORDS_BEFORE = 4
_OPENERS = "([{„“‚‘\"'«»‹›/–—-"


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    kind: str
    fields: dict[str, str]


def candidate_starts(
    text: str, trigger: int, covered: int, words: frozenset[str] = frozenset()
) -> list[int]:
    """Where an expression around ``trigger`` may start, leftmost first: the starts of up to
    ``WORDS_BEFORE`` preceding words joined by single spaces (punctuation ends a time
    expression) that are ``words`` of the grammar (all words when empty), the start of the
    trigger's own word ("third-quarter"), the trigger."""
    starts = [trigger]
    begin = max(text.rfind(" ", 0, trigger), text.rfind("\n", 0, trigger)) + 1
    own = _word_start(text, begin, trigger)
    if covered <= own < trigger:
        starts.append(own)
    for _ in range(WORDS_BEFORE):
        if own != begin or begin < 2 or text[begin - 1] != " ":
            break  # an opening bracket or quote, or no plain space before the word
        end = begin - 1
        if not text[end - 1].isalnum():
            break
        begin = max(text.rfind(" ", 0, end), text.rfind("\n", 0, end)) + 1
        own = _word_start(text, begin, end)
        if own < covered or (words and text[own:end].lower() not in words):
            break
        starts.append(own)
    return starts[::-1]


def _word_start(text: str, begin: int, end: int) -> int:
    """``begin`` moved past opening punctuation ("(2019" → "2019")."""
    while begin < end and text[begin] in _OPENERS:
        begin += 1
    return begin


def scan(text: str, grammar: Grammar) -> list[Mention]:
    mentions: list[Mention] = []
    covered = 0
    for start, end in triggers(text, grammar.trigger):
        if start < covered or _inside_number(text, start):
            continue
        if text[start].isdigit() and not _number_may_be_time(text, start, end, grammar.words):
            continue
        for candidate in candidate_starts(text, start, covered, grammar.words):
            m = grammar.regex.match(text, candidate)
            if m is not None and m.end() > start:
                mentions.append(_mention(m, grammar))
                covered = m.end()
                break
    return mentions


_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)(\.?)")
_YEAR_DIGITS = re.compile(r"1\d{3}|20\d{2}")


def _number_may_be_time(text: str, start: int, end: int, words: frozenset[str]) -> bool:
    """Whether a number can take part in a time expression that no other trigger covers:
    a possible year, a number joined to a date or time sign or to letters ("17.10.",
    "14:30", "1912/13", "1990er", "5pm"), or one followed by a word of the grammar ("14 Uhr",
    "3 Tage"). Most numbers in news are counts ("29,6 Prozent"); skipping them here saves
    trying every pattern on them."""
    if end - start == 4 and _YEAR_DIGITS.fullmatch(text, start, end):
        return True
    if start and text[start - 1] in "/-–":  # the second year of "1912/13", "1926–28"
        return True
    if end >= len(text) or text[end] in ".:/-–'’" or text[end].isalpha():
        return True
    if not words:
        return True
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return False
    word = following[1].lower()
    if len(word) == 1 and following[2]:  # "5 p.m.", "255 v. Chr."
        return True
    return word in words or (following[2] and word + "." in words)


def _inside_number(text: str, start: int) -> bool:
    """ "000" of "1.000", "5" of "2,5": digits after a separator that follows a digit."""
    return start > 1 and text[start - 1] in ".," and text[start - 2].isdigit()


def _mention(m: re.Match[str], grammar: Grammar) -> Mention:
    i = int(m.lastgroup[1:])  # the branch group closes last: "g12"
    values = m.group(0, *grammar.numbers[i])  # one call; a tuple even for one group
    fields = {
        name: value
        for name, value in zip(grammar.groups[i], values[1:], strict=True)
        if value is not None
    }
    start, end = m.span(f"g{i}_t") if "t" in fields else m.span()
    return Mention(start, end, grammar.kinds[i], fields)


# ------------------------------------------------------------------------------- values


@dataclass(slots=True)  # not frozen: never changed, and a frozen one is 3.6x as dear to create
class Point:
    """A calendar point at year, month or day precision; years before Christ are negative."""

    year: int
    month: int | None = None
    day: int | None = None

    def as_date(self) -> date | None:
        if self.month is None or self.day is None or not 1 <= self.year <= 9999:
            return None
        return date(self.year, self.month, self.day)

    def value(self) -> str:
        if self.year < 0:
            return f"BC{-self.year:04d}"
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def point_of(day: date) -> Point:
    return Point(day.year, day.month, day.day)


def valid_point(year: int, month: int, day: int | None) -> Point | None:
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= monthrange(year, month)[1]):
        return None
    return Point(year, month, day)


def week_value(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + n
    return index // 12, index % 12 + 1


def as_count(text: str | None, lexicon: Lexicon) -> float | None:
    """ "drei" → 3, "12" → 12, "1,5" → 1.5, "einige" → None (unknown count)."""
    if text is None:
        return None
    if text[0].isdigit():
        return float(text.replace(",", "."))
    return lexicon.numbers.get(key(text))


def duration_value(count: float | None, unit: str) -> str | None:
    if unit == "H":
        count, unit = (None if count is None else count * 6), "M"
    n = "X" if count is None else (f"{count:g}")
    designator = {"HOUR": "H", "MIN": "M", "SEC": "S"}.get(unit)
    if designator:
        return f"PT{n}{designator}"
    return f"P{n}{unit}" if unit in ("D", "W", "WE", "M", "Q", "Y", "DE", "CE") else None


def shifted(ref: Point, unit: str, n: int) -> str | None:
    """The period ``n`` units from ``ref`` at the unit's precision ("2024-W41" for W -1)."""
    if unit in ("Y", "DE", "CE", "H", "Q") or unit == "M":
        return _shifted_coarse(ref, unit, n)
    day = ref.as_date()
    if day is None:
        return None
    if unit == "D":
        return point_of(day + timedelta(days=n)).value()
    if unit in ("W", "WE"):
        return week_value(day + timedelta(weeks=n)) + ("-WE" if unit == "WE" else "")
    return None


def _shifted_coarse(ref: Point, unit: str, n: int) -> str | None:
    if unit == "Y":
        return Point(ref.year + n).value()
    if unit == "DE":
        return f"{ref.year // 10 + n:03d}"
    if unit == "CE":
        return f"{ref.year // 100 + n:02d}"
    if ref.month is None:
        return None
    if unit == "M":
        return Point(*add_months(ref.year, ref.month, n)).value()
    size = 3 if unit == "Q" else 6
    index = ref.year * (12 // size) + (ref.month - 1) // size + n
    periods = 12 // size
    return f"{index // periods:04d}-{'Q' if unit == 'Q' else 'H'}{index % periods + 1}"


def shifted_point(ref: Point, unit: str, n: int) -> Point | None:
    """Like ``shifted`` but as a point, for the text's running reference."""
    if unit == "Y":
        return Point(ref.year + n)
    if unit == "M" and ref.month is not None:
        return Point(*add_months(ref.year, ref.month, n))
    day = ref.as_date()
    if unit == "D" and day is not None:
        return point_of(day + timedelta(days=n))
    return None


# ------------------------------------------------------------------------------- context


@dataclass(slots=True)
class Resolved:
    value: str | None
    anchor: str | None = None
    point: Point | None = None  # becomes the text's reference for later expressions
    explicit: bool = False  # the point carries its own year ("März 2019")


UNRESOLVED = Resolved(None)


@dataclass(slots=True)
class Context:
    text: str
    sentence_starts: list[int]
    sentences: list[tuple[int, int]]
    grammar: Grammar
    dct: Point | None
    dct_anchor: str | None
    narrative: bool
    last: Point | None = None
    last_sentence: int = -1
    local: Point | None = None  # the last date with its own year in the current sentence
    local_sentence: int = -1
    outliers: frozenset[int] = frozenset()  # mentions that do not move the story's date
    sentence: int = -1  # of the mention being resolved
    position: int = 0
    tenses: dict[str, int] = field(default_factory=dict)

    @property
    def lexicon(self) -> Lexicon:
        return self.grammar.lexicon

    def deictic(self, unit: str = "Y") -> tuple[Point | None, str | None]:
        """The publication date ("gestern", "letzte Woche"); in a narrative text the story's
        own last date ("im letzten Jahr" of a war is the year before the one told) when it is
        precise enough for ``unit``."""
        if self.narrative and self.last is not None and precise_for(self.last, unit):
            return self.last, "text"
        if self.dct is not None:
            return self.dct, self.dct_anchor
        return (self.last, "text") if self.last is not None else (None, None)

    def anaphoric(self) -> tuple[Point | None, str | None]:
        """The last date the text mentioned ("am folgenden Tag"), else the publication date."""
        if self.last is not None:
            return self.last, "text"
        return self.dct, self.dct_anchor

    def underspecified(self) -> tuple[Point | None, str | None]:
        """For "im März", "am Montag": the text's own timeline in narrative texts or right
        after a date with its own year in the same sentence, else the publication date."""
        if self.local is not None and self.local_sentence == self.sentence:
            return self.local, "text"
        if self.narrative and self.last is not None:
            return self.last, "text"
        return self.deictic()

    def tense(self) -> int:
        """-1 past, +1 future, 0 unknown, for the sentence of the current mention."""
        clause = self._sentence_text()
        if clause not in self.tenses:
            self.tenses[clause] = self._tense_of(clause)
        return self.tenses[clause]

    def _sentence_text(self) -> str:
        """The clause of the current mention: its sentence cut at semicolons ("… beschlossen;
        im Herbst soll es …" is two clauses with two tenses)."""
        if self.sentence >= 0:
            start, end = self.sentences[self.sentence]
        else:
            start, end = max(0, self.position - 150), self.position + 150
        start = max(start, self.text.rfind(";", start, self.position) + 1)
        stop = self.text.find(";", self.position, end)
        return self.text[start : stop if stop >= 0 else end]

    def _tense_of(self, sentence: str) -> int:
        past = self.grammar.past.count(sentence)
        future = self.grammar.future.count(sentence)
        return (future > past) - (past > future)


def precise_for(point: Point, unit: str) -> bool:
    """Whether ``point`` can be shifted by ``unit`` (a day needs a day, a month a month)."""
    if unit in ("D", "W", "WE"):
        return point.day is not None
    return point.month is not None or unit in ("Y", "DE", "CE")


def sentence_of(ctx: Context, offset: int) -> int:
    i = bisect_right(ctx.sentence_starts, offset) - 1
    return i if i >= 0 and offset < ctx.sentences[i][1] else -1


# ------------------------------------------------------------------------------- placing


def year_for(ref: Point, month: int, day: int | None, tense: int) -> int | None:
    """The year that puts ``month`` (``day``) before, after or nearest to ``ref``."""
    if ref.month is None:
        return ref.year
    here = (month, day or 0)
    now = (ref.month, (ref.day or 0) if day else 0)
    if here == now:
        return ref.year
    if tense < 0:
        return ref.year if here < now else ref.year - 1
    if tense > 0:
        return ref.year if here > now else ref.year + 1
    index = ref.year * 12 + ref.month
    return min((ref.year - 1, ref.year, ref.year + 1), key=lambda y: abs(y * 12 + month - index))


def shifted_year(ref: Point, month: int, shift: int) -> int:
    """The year of "last March" (the latest March before ``ref``'s month), "next March" (the
    first after) and "this March"."""
    if shift == 0 or ref.month is None:
        return ref.year + shift
    if shift < 0:
        return ref.year - (1 if month >= ref.month else 0) + (shift + 1)
    return ref.year + (1 if month <= ref.month else 0) + (shift - 1)


def nearest_weekday(ref: date, weekday: int, tense: int, shift: int | None) -> date:
    """The date of ``weekday`` around ``ref``: last / next week's for a shift, the next one
    for a future sentence, else the latest on or before ``ref`` (news reports what happened:
    on TempEval-3 this beats the nearest day)."""
    back = (ref.isoweekday() - weekday) % 7
    ahead = (weekday - ref.isoweekday()) % 7
    if shift is not None and shift < 0:
        return ref - timedelta(days=back or 7)
    if shift is not None and shift > 0:
        return ref + timedelta(days=ahead or 7)
    if tense <= 0:
        return ref - timedelta(days=back)
    return ref + timedelta(days=ahead)


def nearest_weekend(ref: date, tense: int) -> date:
    """A Saturday: the weekend before, after or nearest to ``ref``."""
    if ref.isoweekday() >= 6:
        return ref - timedelta(days=ref.isoweekday() - 6)
    return nearest_weekday(ref, 6, tense, None)


def with_daypart(value: str | None, code: str | None) -> str | None:
    return f"{value}T{code}" if value and code and len(value) == 10 else value


# ------------------------------------------------------------------------------- kinds


def explicit_year(fields: dict[str, str], lexicon: Lexicon) -> int | None:
    """The year a mention writes out; negative before Christ; "1912/13" → 1913 for "13"."""
    if "short" in fields:
        return int(fields["base"]) * 100 + int(fields["short"])
    if "year" not in fields:
        return None
    year = int(fields["year"])
    return -year if "era" in fields or "era2" in fields else year


def month_of(fields: dict[str, str], lexicon: Lexicon) -> int | None:
    if "month" in fields:
        return lexicon.months.get(key(fields["month"]))
    return int(fields["mon"]) if "mon" in fields else None


def explicit_point(mention: Mention, lexicon: Lexicon) -> Point | None:
    """The point a mention names by itself (with its year), before any resolution."""
    if mention.kind not in ("date", "numeric", "iso", "year", "season"):
        return None
    year = explicit_year(mention.fields, lexicon)
    if year is None:
        return None
    month = month_of(mention.fields, lexicon)
    if month is None:
        return Point(year)
    day = int(mention.fields["day"]) if "day" in mention.fields else None
    return valid_point(year, month, day) if year > 0 else None


def resolve_date(m: Mention, ctx: Context) -> Resolved:
    month = month_of(m.fields, ctx.lexicon)
    day = int(m.fields["day"]) if "day" in m.fields else None
    daypart = ctx.lexicon.dayparts.get(key(m.fields.get("daypart", "")))
    year = explicit_year(m.fields, ctx.lexicon)
    anchor = None
    if month is None:
        return UNRESOLVED
    if year is None and "yearshift" in m.fields:  # "Mai nächsten Jahres", "May next year"
        ref, anchor = ctx.deictic()
        if ref is None:
            return UNRESOLVED
        year = ref.year + ctx.lexicon.shifts.get(key(m.fields["yearshift"]), 0)
    elif year is None and "shift" in m.fields:  # "last March"
        ref, anchor = ctx.deictic()
        if ref is None:
            return UNRESOLVED
        year = shifted_year(ref, month, ctx.lexicon.shifts.get(key(m.fields["shift"]), 0))
    elif year is None:
        ref, anchor = ctx.underspecified()
        if ref is None:
            return UNRESOLVED
        year = ref.year if anchor == "text" else year_for(ref, month, day, ctx.tense())
    if year is None or year <= 0:
        return UNRESOLVED
    point = valid_point(year, month, day)
    if point is None:
        return UNRESOLVED
    value = with_daypart(point.value(), daypart)
    if "hour" in m.fields and point.day is not None:  # "11. November 11 Uhr"
        value = f"{point.value()}T{int(m.fields['hour']):02d}:{int(m.fields.get('minute', 0)):02d}"
    return Resolved(value, anchor, point, anchor is None)


def resolve_year(m: Mention, ctx: Context) -> Resolved:
    year = explicit_year(m.fields, ctx.lexicon)
    if year is None or year == 0:
        return UNRESOLVED
    point = Point(year)
    return Resolved(point.value(), None, point, explicit=True)


def resolve_season(m: Mention, ctx: Context) -> Resolved:
    season = ctx.lexicon.seasons.get(key(m.fields.get("season", "")))
    year = explicit_year(m.fields, ctx.lexicon)
    anchor = None
    if season is None:
        return UNRESOLVED
    if year is None and "shift" in m.fields:  # "Frühjahr des nächsten Jahres"
        ref, anchor = ctx.deictic()
        if ref is None:
            return UNRESOLVED
        year = ref.year + ctx.lexicon.shifts.get(key(m.fields["shift"]), 0)
    elif year is None:
        ref, anchor = ctx.underspecified()
        if ref is None:
            return UNRESOLVED
        year = ref.year
        if anchor != "text" and ref.month is not None:
            # placed like its middle month; a winter is named by the year it starts in
            middle = {"SP": 4, "SU": 7, "FA": 10, "WI": 12}[season]
            year = year_for(ref, middle, None, ctx.tense()) or year
    if year <= 0:
        return UNRESOLVED
    return Resolved(f"{year:04d}-{season}", anchor, Point(year), anchor is None)


def resolve_century(m: Mention, ctx: Context) -> Resolved:
    n = _ordinal(m.fields.get("ordinal"), ctx.lexicon)
    if not n:
        return UNRESOLVED
    return Resolved(f"BC{n - 1:02d}" if "era" in m.fields else f"{n - 1:02d}")


def _ordinal(text: str | None, lexicon: Lexicon) -> int | None:
    if text is None:
        return None
    return int(text) if text.isdigit() else lexicon.ordinals.get(key(text))


def resolve_decade(m: Mention, ctx: Context) -> Resolved:
    written = m.fields.get("decade", "")
    digits = written if written.isdigit() else ctx.lexicon.decades.get(key(written))
    if digits is None:
        return UNRESOLVED
    if len(digits) == 2:  # "90er", "'80s": the twentieth century
        return Resolved(f"19{digits[0]}")
    return Resolved(digits[:-1].zfill(3))


def resolve_relative(m: Mention, ctx: Context) -> Resolved:
    unit = ctx.lexicon.units.get(key(m.fields.get("unit", "")))
    if unit is None:
        return UNRESOLVED
    if "shift" in m.fields:
        shift = ctx.lexicon.shifts.get(key(m.fields["shift"]), 0)
        ref, anchor = ctx.deictic(unit)
    else:  # "Ende des Jahres", "am Wochenende": the period under discussion
        shift = 0
        ref, anchor = ctx.underspecified()
    if ref is None:
        return UNRESOLVED
    if key(m.fields["unit"]) in ctx.lexicon.plural_units:  # "in den kommenden Wochen"
        return Resolved(duration_value(None, unit))
    if unit == "WE" and "shift" not in m.fields:
        day = ref.as_date()
        if day is None:
            return UNRESOLVED
        return Resolved(week_value(nearest_weekend(day, ctx.tense())) + "-WE", anchor)
    return Resolved(shifted(ref, unit, shift), anchor, shifted_point(ref, unit, shift))


def resolve_offset(m: Mention, ctx: Context) -> Resolved:
    unit = ctx.lexicon.units.get(key(m.fields.get("unit", "")))
    count = as_count(m.fields.get("num"), ctx.lexicon)
    past = "ago" in m.fields or "earlier" in m.fields
    if unit is None:
        return UNRESOLVED
    if count is None:
        return Resolved("PAST_REF" if past else "FUTURE_REF")
    if count != int(count):
        return UNRESOLVED
    from_now = "ago" in m.fields or "ahead" in m.fields  # else from the text's last date
    ref, anchor = ctx.deictic(unit) if from_now else ctx.anaphoric()
    if ref is None:
        return UNRESOLVED
    n = -int(count) if past else int(count)
    if unit == "W" and ref.day is not None:  # "eine Woche später" from a day is a day
        unit, n = "D", 7 * n
    value = shifted(ref, unit, n)
    if value is None:  # "drei Wochen später" after "im März": only the distance is known
        return Resolved(duration_value(count, unit))
    return Resolved(value, anchor, shifted_point(ref, unit, n))


def resolve_duration(m: Mention, ctx: Context) -> Resolved:
    unit = ctx.lexicon.units.get(key(m.fields.get("unit", "")))
    if unit is None:
        return UNRESOLVED
    return Resolved(duration_value(as_count(m.fields.get("num"), ctx.lexicon), unit))


def resolve_fixed(m: Mention, ctx: Context) -> Resolved:
    rule = ctx.lexicon.fixed.get(key(m.fields.get("fixed", "")), "")
    parsed = _RULE.match(rule)
    if parsed is None:
        return Resolved(rule or None)
    anaphoric, unit, n, daypart = parsed.groups()
    daypart = daypart or ctx.lexicon.dayparts.get(key(m.fields.get("daypart", "")))
    if ctx.narrative and not anaphoric and unit == "D" and n == "+0":
        return Resolved("PRESENT_REF")  # "heute" in a history text: nowadays
    ref, anchor = ctx.anaphoric() if anaphoric else ctx.deictic(unit)
    if ref is None:
        return UNRESOLVED
    value = shifted(ref, unit, int(n))
    return Resolved(with_daypart(value, daypart), anchor, shifted_point(ref, unit, int(n)))


def resolve_weekday(m: Mention, ctx: Context) -> Resolved:
    weekday = ctx.lexicon.weekdays.get(key(m.fields.get("weekday", "")))
    daypart = ctx.lexicon.dayparts.get(key(m.fields.get("daypart", "")))
    shift = ctx.lexicon.shifts.get(key(m.fields["shift"])) if "shift" in m.fields else None
    ref, anchor = ctx.deictic("D") if shift is not None else ctx.underspecified()
    if anchor == "text" and ref is not None and ref.day is None:
        ref, anchor = ctx.dct, ctx.dct_anchor  # "am Montag" after "im Jahr 1990"
    day = ref.as_date() if ref is not None else None
    if weekday is None or day is None:
        return UNRESOLVED
    tense = 1 if anchor == "text" else ctx.tense()  # a story moves forward from its last date
    found = point_of(nearest_weekday(day, weekday, tense, shift))
    return Resolved(with_daypart(found.value(), daypart), anchor, found)


def resolve_daypart(m: Mention, ctx: Context) -> Resolved:
    daypart = ctx.lexicon.dayparts.get(key(m.fields.get("daypart", "")))
    ref, anchor = ctx.anaphoric()
    if ref is None or ref.day is None or daypart is None:
        return UNRESOLVED
    return Resolved(f"{ref.value()}T{daypart}", anchor)


def resolve_time(m: Mention, ctx: Context) -> Resolved:
    hour = int(m.fields["hour"])
    minute = int(m.fields.get("minute", "0"))
    ampm = m.fields.get("ampm", "").lower()[:1]
    if ampm == "p" and hour < 12:
        hour += 12
    elif ampm == "a" and hour == 12:
        hour = 0
    if hour > 23:
        return UNRESOLVED
    if "weekday" in m.fields:  # "10 p.m. Wednesday"
        day = resolve_weekday(m, ctx)
        ref, anchor = day.point, day.anchor
    elif ctx.last is not None and ctx.last.day is not None and ctx.last_sentence == ctx.sentence:
        ref, anchor = ctx.last, "text"  # "am Mittwoch um 2 Uhr"
    else:
        ref, anchor = ctx.underspecified()
    zone = "Z" if "utc" in m.fields else ""  # TIMEX3 marks UTC times ("T08:30Z")
    if ref is None or ref.day is None:
        return Resolved(f"XXXX-XX-XXT{hour:02d}:{minute:02d}{zone}")
    return Resolved(f"{ref.value()}T{hour:02d}:{minute:02d}{zone}", anchor)


def resolve_quarter(m: Mention, ctx: Context) -> Resolved:
    n = _ordinal(m.fields.get("ordinal"), ctx.lexicon)
    if n is None or not 1 <= n <= 4:
        return UNRESOLVED
    year = explicit_year(m.fields, ctx.lexicon)
    if year is not None:
        return Resolved(f"{year:04d}-Q{n}")
    ref, anchor = ctx.deictic()
    if ref is None:
        return UNRESOLVED
    year = ref.year - (1 if m.fields.get("this", "").lower() == "last" else 0)
    if "this" not in m.fields and ref.month is not None and n > (ref.month - 1) // 3 + 1:
        year -= ctx.tense() < 0  # a later quarter told in the past tense is last year's
    return Resolved(f"{year:04d}-Q{n}", anchor)


RESOLVERS: dict[str, Callable[[Mention, Context], Resolved]] = {
    "date": resolve_date,
    "numeric": resolve_date,
    "iso": resolve_date,
    "year": resolve_year,
    "season": resolve_season,
    "century": resolve_century,
    "decade": resolve_decade,
    "relative": resolve_relative,
    "offset": resolve_offset,
    "duration": resolve_duration,
    "fixed": resolve_fixed,
    "weekday": resolve_weekday,
    "daypart": resolve_daypart,
    "time": resolve_time,
    "quarter": resolve_quarter,
}


# ------------------------------------------------------------------------------- entry


def parse_published(published: str | None) -> Point | None:
    if not published:
        return None
    try:
        return point_of(date.fromisoformat(published.strip()[:10]))
    except ValueError:
        return None


def infer_publication(mentions: list[Mention], lexicon: Lexicon) -> Point | None:
    """The latest full date (day, month and year) the text mentions, or None."""
    days = [p for m in mentions if (p := explicit_point(m, lexicon)) and p.day is not None]
    return max(days, key=lambda p: (p.year, p.month, p.day), default=None)


def is_narrative(mentions: list[Mention], lexicon: Lexicon, dct: Point | None) -> bool:
    years = [p.year for m in mentions if (p := explicit_point(m, lexicon))]
    if dct is None or len(years) < NARRATIVE_MIN_YEARS:
        return False
    return median(years) < dct.year - NARRATIVE_YEARS


def find_times(doc: Doc, published: str | None = None) -> list[TimeExpression]:
    """Time expressions of ``doc`` with TIMEX3-like values (see the module docstring).

    ``published`` (an ISO date) defaults to ``doc.article.published``.
    """
    text = doc.text
    if not text:
        return []
    grammar = grammar_for(doc.language)
    mentions = scan(text, grammar)
    if not mentions:
        return []
    dct = parse_published(published if published is not None else doc.article.published)
    dct_anchor = "published"
    if dct is None:
        dct, dct_anchor = infer_publication(mentions, grammar.lexicon), "inferred"
    ctx = Context(
        text=text,
        sentence_starts=[start for start, _ in doc.sentences],
        sentences=doc.sentences,
        grammar=grammar,
        dct=dct,
        dct_anchor=dct_anchor if dct is not None else None,
        narrative=is_narrative(mentions, grammar.lexicon, dct),
    )
    if ctx.narrative:
        ctx.outliers = asides(mentions, grammar.lexicon)
    return [_resolve(i, m, ctx) for i, m in enumerate(mentions)]


def _background_year(point: Point, m: Mention, ctx: Context) -> bool:
    """In a narrative text a year alone is background ("wie schon 1870/71", "bis 1881") unless
    it heads a line (a section "1862") or nothing dated came before: the story's date moves
    with full dates and months. (On WikiWarsDE value F1 rises from 85 to 89 with this.)"""
    if not ctx.narrative or ctx.last is None or point.month is not None:
        return False
    line_start = ctx.text.rfind("\n", 0, m.start) + 1
    return bool(ctx.text[line_start : m.start].strip())


def asides(mentions: list[Mention], lexicon: Lexicon) -> frozenset[int]:
    """Dated mentions whose year differs from the dates just before and after them, which
    agree ("1914 … (8. Dezember 1912) … am 27. Juli … 1914"): an aside, not where the story
    went, so the next "am 30. Juli" stays in 1914."""
    dated = [(i, p.year) for i, m in enumerate(mentions) if (p := explicit_point(m, lexicon))]
    return frozenset(
        dated[k][0]
        for k in range(1, len(dated) - 1)
        if dated[k - 1][1] == dated[k + 1][1] != dated[k][1]
    )


def _resolve(i: int, m: Mention, ctx: Context) -> TimeExpression:
    ctx.sentence = sentence_of(ctx, m.start)
    ctx.position = m.start
    try:
        resolved = RESOLVERS[m.kind](m, ctx)
    except (OverflowError, ValueError):  # calendar arithmetic beyond year 1 or 9999
        resolved = UNRESOLVED
    if resolved.point is not None:
        if i not in ctx.outliers and not _background_year(resolved.point, m, ctx):
            ctx.last, ctx.last_sentence = resolved.point, ctx.sentence
        if resolved.explicit:
            ctx.local, ctx.local_sentence = resolved.point, ctx.sentence
    value = resolved.value
    anchor = resolved.anchor if value is not None and value not in VAGUE else None
    span = Span(m.start, m.end, ctx.text[m.start : m.end])
    return TimeExpression(span=span, value=value, anchor=anchor)
