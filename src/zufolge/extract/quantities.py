"""Quantities: numbers, number words, vague amounts, units and the counted noun.

``find_quantities(doc)`` runs one compiled regex per language over the whole text; Python works
only on its matches. The regex is built from ``zufolge/lang/<lang>/quantities-*.tsv``:

- ``quantities-numbers.tsv``    number words and how they compose ("zweihundertfünfzig")
- ``quantities-scales.tsv``     scale words ("Millionen", "Mrd.", "bn") and vague plurals
- ``quantities-modifiers.tsv``  approximations, bounds, vague quantifiers, ranges
- ``quantities-units.tsv``      percent, currency and measurement units
- ``quantities-context.tsv``    months, times, labels, stop words: what a number is not
- ``quantities-skip.tsv``       dates, times, scores, phone numbers, identifiers
- ``quantities-settings.tsv``   separators, compounding, what a counted noun looks like

A language without a folder ("other") gets the union of the word lists, no counted nouns and
separators guessed from the digits ("1.500" and "1,500" are both 1500, "1,5" is 1.5).

What a quantity says (``Quantity``):

- an exact amount: ``value`` = ``min`` = ``max`` ("18 Soldaten": 18, 18, 18);
- an approximation: ``value`` and a small range from the modifier's factors ("rund 500": 500,
  450, 550; "knapp 500": 500, 450, 500);
- a bound: only ``min`` ("mehr als 3000") or only ``max`` ("bis zu 500"), ``value`` None;
- a range: ``min`` and ``max`` ("zwischen 10 und 20", "10 bis 20"), ``value`` None; after a
  change word ("from 370 to 870") two exact amounts instead;
- a vague amount: ``min`` and ``max`` from the scale S: a vague quantifier with factors a, b
  gives a × S … b × S − 1 ("mehrere Tausend" = 2,000 … 9,999; "einige hundert" = 200 … 999);
  a vague plural gives 2 × S … 10 × S − 1 ("Tausende" = 2,000 … 9,999, "Dutzende" = 24 … 119).

Whole numbers come as ``int`` (2000, not 2000.0).

``span`` covers the amount: modifier, a currency sign before the number, the number and its
scale word ("mehr als 1,5 Millionen", "$7.4bn"). ``unit`` is the unit or the counted noun after
it, as written ("Prozent", "%", "Euro", "Kilometer", "Infanteriesoldaten"), or the currency sign
before it; None when nothing follows that looks like one ("drei weitere verletzt"). A counted
noun follows on the same line, with at most a closing quotation mark and two adjectives between
("„mehrere Tausend“ nordkoreanische Infanteriesoldaten").

The article means "one" only before a scale word or a unit ("eine Million", "ein Prozent", "a
dozen"), never before a counted noun: "ein Soldat" and "one of the" are not reported, so
"einer der …" never is.

Not reported: dates and years (a bare four-digit number from 1000 to 2099 is a year unless a
unit follows, or a modifier precedes and a counted noun follows: "2024", "weniger als 2014" no;
"2000 Euro", "rund 2000 Menschen" yes), ordinals ("3. Liga", "1st"; ordinal words are in no
list), times of day ("14 Uhr", "um 14.30", "3pm"), scores and race times ("2:1", "8:17:43"),
phone numbers and codes with a leading zero ("0800 123 456", "007"), identifiers and ranks
("Artikel 5", "Platz zwei", "number eight"), numbers inside names ("Mi-8", "G7", "Covid-19",
"Sat.1"; in English also "Radio 4" and a capitalised number word inside a sentence: "the Six
Nations"), hyphenated compounds ("18-jährige"), and vague quantifiers without a scale word
("mehrere Soldaten": too vague to count).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from zufolge.analyze.data import SUPPORTED
from zufolge.langdata import read_rows
from zufolge.model import Doc, Quantity, Span

_WS = r"[^\S\n]"  # spaces within a line, no-break spaces included
_DIGITS = (
    r"\d{1,3}(?:[.,'’\u2009\u202f]\d{3})+(?:[.,]\d+)?(?!\d)"  # "1.500.000,50", "3,000", "10 000"
    r"|\d+(?:[.,]\d+)?"  # "18", "1,5", "57.85"
)
# Digits are part of a name right after "Mi-", "Sat." and inside "1.5", "3,000", "8:17:43"; a
# leading zero makes a code ("0800", "007"), not an amount.
_DIGIT_START = r"(?<![^\W\d_][-‐.])(?<!\d[.,:])(?!0\d)"
_THIN_GROUPS = str.maketrans("", "", "'’\u2009\u202f")  # group marks no language uses as decimal
_SMALL = frozenset({"digit", "teen", "tens", "half"})
# Small number words that may follow each other inside one group: "einundzwanzig" (digit,
# tens), "twenty-one" (tens, digit), "zweieinhalb" (digit, half).
_SMALL_PAIRS = frozenset(
    {("digit", "tens"), ("tens", "digit"), ("digit", "half"), ("teen", "half"), ("tens", "half")}
)
_YEARS = (1000, 2099)
_MAX_ADJECTIVES = 2
_NAME_LOOKBACK = 40
_SIGN_LOOKBACK = 4
_CHANGE_LOOKBACK = 20
_OPENERS = " \t\n\"'„“”‚‘’»«›‹([{-–—"  # what may stand before a sentence's first word


# --- language data ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Modifier:
    kind: str  # approx | min | max | few | range | infix
    low: float = 1.0
    high: float = 1.0
    mid: str = ""  # the word between the two numbers of a range ("und")


@dataclass(frozen=True, slots=True)
class Scale:
    value: float
    after: bool
    vague: bool
    needs_currency: bool


@dataclass(frozen=True, slots=True)
class QuantityData:
    regex: re.Pattern[str]
    after_regex: re.Pattern[str]  # what follows an amount: unit, counted noun, time, month
    morpheme_regex: re.Pattern[str]  # splits a compound number word into its parts
    name_before: re.Pattern[str] | None  # also: capitalised number words are names
    change_before: frozenset[str]  # "from" 370 to 870: a change, not a range
    sign_before: re.Pattern[str]  # a currency sign glued to a word before the number: "Â£5"
    sign_ends: frozenset[str]  # last characters of those signs
    numbers: dict[str, tuple[float, str]]  # lowercase word → (value, class)
    articles: dict[str, float]  # lowercase
    weak: frozenset[str]  # lowercase number words that never stand alone ("ein", "one")
    scales: dict[str, Scale]  # lowercase
    modifiers: dict[str, Modifier]  # lowercase, spaces collapsed
    units: dict[str, str]  # as written → kind
    decimal: str | None
    group: str | None
    elided: re.Pattern[str] | None = None  # "drei weitere": the noun of the amount before


def _key(words: str) -> str:
    """Lookup key of a matched phrase: lowercase, spaces collapsed ("Mehr  als" → "mehr als")."""
    return " ".join(words.split()).lower()


def trie_regex(phrases: Iterable[str | tuple[str, str]], fold_first: bool = False) -> str:
    """An alternation factored by common prefixes, so ``re`` follows one branch per character
    instead of trying every phrase; longer phrases are tried first. A space in a phrase matches
    any run of in-line spaces; ``fold_first`` accepts either case of the first letter
    ("Sieben" at a sentence start) as two literal branches, which ``re`` tests faster than one
    character class. A phrase may come as (phrase, tail): the tail is a pattern that must
    follow it; a phrase may come with several tails."""
    trie: dict = {}
    for item in phrases:
        phrase, tail = (item, "") if isinstance(item, str) else item
        variants = {phrase[:1].lower() + phrase[1:], phrase[:1].upper() + phrase[1:]}
        for variant in variants if fold_first else {phrase}:
            node = trie
            for char in variant:
                node = node.setdefault(char, {})
            node.setdefault("", set()).add(tail)

    def atom(char: str) -> str:
        return f"{_WS}+" if char == " " else re.escape(char)

    def build(node: dict) -> str:
        # ``re`` tests the branches in turn; lowercase first, as most words in running text
        # are (the branches exclude each other, so the order changes no match)
        branches = [
            atom(c) + build(child)
            for c, child in sorted(node.items(), key=lambda item: (item[0].isupper(), item[0]))
            if c
        ]
        ends = sorted(node.get("", ()))
        if any(ends):  # tails, the empty one last: longer matches first
            branches += [f"(?:{tail})" for tail in ends if tail] + [""] * ("" in ends)
        elif ends:
            return f"(?:{'|'.join(branches)})?" if branches else ""
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return build(trie) or r"(?!)"


def _setting(languages: tuple[str, ...], key: str) -> str | None:
    """A setting all the languages agree on, else None."""
    values = {
        row[1]
        for lang in languages
        for row in read_rows(lang, "quantities-settings.tsv")
        if row[0] == key
    }
    return values.pop() if len(values) == 1 else None


def _starts(words: Iterable[str], fold_first: bool = False) -> str:
    """How the words begin: their first three letters, a shorter word whole ("m", "a")."""
    return trie_regex(
        ((w[:3], "" if len(w) >= 3 else r"(?![^\W\d_])") for w in words), fold_first=fold_first
    )


def _gate_pattern(lists: _Lists, pieces: _Pieces) -> str:
    """A cheap test of whether a quantity or a skipped expression may start here: one trie of
    every word an alternative can start with, each followed by how what must come next begins
    (a number after "rund", a scale word or unit after "eine", the next part of a compound
    after "ein"), and a sign before a digit ("$5", "€ 5", "+49"). It turns most words away in
    one traversal; the alternatives behind it cost far more."""
    strong, weak, articles = lists.strong, lists.weak, list(lists.articles)
    context = lists.context
    word_end = r"(?!\w)"
    compound = rf"(?:{lists.joiner}){_starts(strong + weak)}"
    # After an opener only the first letter is tested: the pattern is repeated at every opener.
    letters = sorted({c for w in strong + articles for c in (w[0].lower(), w[0].upper())})
    number_next = rf"{word_end}{_WS}*(?:[^\w\s]|[\d{''.join(letters)}])"
    scale_or_unit = rf"{_WS}+{_starts(lists.scale_words(after=True) + list(lists.units), True)}"
    openers = [p for p, m in lists.modifiers.items() if m.kind in ("approx", "min", "max", "range")]
    openers += [w for c in ("month", "label-before", "time-before") for w in context.get(c, [])]
    follow_ups = [
        (rf"{word_end}|{compound}", strong),
        (compound, weak),
        (scale_or_unit, articles),
        (number_next, openers),
        (scale_or_unit, lists.kind("few")),
        (word_end, [*lists.scale_words(vague=True), *context.get("not-number", [])]),
        (rf"{_WS}?\d", lists.prefix_units),
    ]
    words = trie_regex(
        ((w, tail) for tail, group in follow_ups for w in group if w[:1].isalnum()),
        fold_first=True,
    )
    return rf"{words}|[^\w\s]{_WS}?\d"


def _amount_pattern(p: str, numbers: dict[str, str], units: str, scales_after: str) -> str:
    """One amount, its groups prefixed with ``p``: a currency sign, digits or number words or
    an article before a scale word or unit, and a scale word."""
    return (
        rf"(?:(?P<{p}pre>{numbers['prefix']}){_WS}?)?"
        rf"(?:(?P<{p}dig>{_DIGIT_START}(?:{_DIGITS}))"
        rf"|(?P<{p}word>(?<![^\W\d_][-‐]){numbers['word']})"
        rf"|(?P<{p}art>{numbers['article']})(?={_WS}+(?:{scales_after}|{units})(?!\w)))"
        rf"(?:{_WS}*(?P<{p}scale>{scales_after})(?!\w))?"
    )


@dataclass(frozen=True, slots=True)
class _Lists:
    """A language's quantity data as read from its files, before any regex is built."""

    language: str
    numbers: dict[str, tuple[float, str]]  # lowercase number word → (value, class)
    strong: list[str]  # number words that may stand alone
    weak: list[str]  # number words only inside a compound ("ein" of "einhundert")
    articles: dict[str, float]  # lowercase
    scales: dict[str, Scale]  # lowercase
    modifiers: dict[str, Modifier]  # lowercase, spaces collapsed
    units: dict[str, str]  # as written → kind
    prefix_units: list[str]  # units written before the number ("$", "EUR")
    context: dict[str, list[str]]  # word class → words
    skips: list[str]  # skip patterns with placeholders
    joiner: str  # regex that joins the parts of a compound number word

    @property
    def languages(self) -> tuple[str, ...]:
        return (self.language,) if self.language in SUPPORTED else SUPPORTED

    def kind(self, kind: str) -> list[str]:
        return [phrase for phrase, m in self.modifiers.items() if m.kind == kind]

    def scale_words(self, *, after: bool = False, vague: bool = False) -> list[str]:
        return [w for w, s in self.scales.items() if (after and s.after) or (vague and s.vague)]

    def setting(self, key: str) -> str | None:
        """A setting of this language; None for "other", whose languages disagree."""
        return _setting((self.language,), key) if self.language in SUPPORTED else None


def _read_lists(language: str) -> _Lists:
    languages = (language,) if language in SUPPORTED else SUPPORTED  # "other": all of them

    def rows(name: str) -> list[list[str]]:
        return [row for lang in languages for row in read_rows(lang, f"quantities-{name}.tsv")]

    number_rows = rows("numbers")
    context: dict[str, list[str]] = {}
    for cls, words in rows("context"):
        context.setdefault(cls, []).extend(w.replace("_", " ") for w in words.split())
    joiners = [j for lang in languages if (j := _setting((lang,), "joiner"))]
    return _Lists(
        language=language,
        numbers={r[0].lower(): (float(r[1]), r[2]) for r in number_rows if r[2] != "article"},
        strong=[r[0] for r in number_rows if r[2] != "article" and len(r) < 4],
        weak=[r[0] for r in number_rows if r[2] != "article" and len(r) > 3],
        articles={r[0].lower(): float(r[1]) for r in number_rows if r[2] == "article"},
        scales={row[0].lower(): _scale(row) for row in rows("scales")},
        modifiers={_key(row[0]): _modifier(row) for row in rows("modifiers")},
        units={row[0]: row[1] for row in rows("units")},
        prefix_units=[row[0] for row in rows("units") if row[2] in ("before", "both")],
        context=context,
        skips=[row[1] for row in rows("skip")],
        joiner="|".join(f"(?:{j})" for j in joiners),
    )


def _scale(row: list[str]) -> Scale:
    flags = row[2].split(",")
    return Scale(float(row[1]), "after" in flags, "vague" in flags, "currency" in flags)


def _modifier(row: list[str]) -> Modifier:
    factors = (float(row[2]), float(row[3])) if len(row) > 3 else (1.0, 1.0)
    return Modifier(row[1], *factors, mid=row[2] if row[1] == "range" else "")


@dataclass(frozen=True, slots=True)
class _Pieces:
    """Patterns the main regex and the skip patterns share."""

    morph: str  # one part of a compound number word
    word_number: str  # a whole number word ("zweihundertfünfzig", "twenty-one")
    scales_after: str
    units: str
    month: str


def _pieces(lists: _Lists) -> _Pieces:
    morph = trie_regex(lists.numbers, fold_first=True)
    joiner = lists.joiner
    # A number word: a strong word, or a weak one that a compound continues ("einhundert").
    word_number = (
        rf"(?:{trie_regex(lists.strong, fold_first=True)}"
        rf"|{trie_regex(lists.weak, fold_first=True)}(?=(?:{joiner}){morph}))"
        rf"(?:(?:{joiner}){morph})*(?!\w)"
    )
    return _Pieces(
        morph=morph,
        word_number=word_number,
        scales_after=trie_regex(lists.scale_words(after=True), fold_first=True),
        units=trie_regex(lists.units),
        month=trie_regex(lists.context.get("month", [])),
    )


def _main_pattern(lists: _Lists, pieces: _Pieces) -> str:
    """Skipped expressions first, then ranges with an opening word, single amounts with their
    modifier or infix ranges, vague quantifiers with a scale word, and vague plurals."""
    context = lists.context
    parts = {
        "prefix": trie_regex(lists.prefix_units),
        "word": pieces.word_number,
        "article": trie_regex(lists.articles, fold_first=True),
    }

    def amount(p: str) -> str:
        return _amount_pattern(p, parts, pieces.units, pieces.scales_after)

    infix = lists.kind("infix")
    infix = (
        rf"(?:{_WS}*(?P<sep>{trie_regex(p for p in infix if not p[0].isalnum())}){_WS}*"
        rf"|{_WS}+(?P<sepw>{trie_regex((p for p in infix if p[0].isalnum()), True)}){_WS}+)"
    )
    # After an amount: a glued unit ("5km", "3%") or no letter, and no hyphenated compound
    # ("18-jährige", "5-Prozent-Hürde").
    end = rf"(?:(?={pieces.units}(?!\w))|(?![^\W_]|[-‐][^\W\d_]))"
    placeholders = {
        "month": pieces.month,
        "label": trie_regex(context.get("label-before", [])),
        "time_before": trie_regex(context.get("time-before", []), fold_first=True),
        "not_number": trie_regex(context.get("not-number", []), fold_first=True),
        "number": pieces.word_number,
        "unit": pieces.units,
    }
    skips = [
        re.sub(r"\{([a-z_]+)\}", lambda m: placeholders[m.group(1)], skip) for skip in lists.skips
    ]
    mods = lists.kind("approx") + lists.kind("min") + lists.kind("max")
    mids = trie_regex([m.mid for m in lists.modifiers.values() if m.mid])
    vague = lists.scale_words(vague=True)
    return (
        r"(?<!\w)"  # nothing starts inside a word or number: one cheap test per character
        rf"(?=\d|{_gate_pattern(lists, pieces)})"
        rf"(?:(?P<skip>{'|'.join(f'(?:{s})' for s in skips) or '(?!)'})"
        rf"|(?P<frame>{trie_regex(lists.kind('range'), fold_first=True)}){_WS}+{amount('a')}"
        rf"{_WS}+(?P<mid>{mids}){_WS}+{amount('b')}{end}"
        rf"|(?:(?P<mod>{trie_regex(mods, fold_first=True)}){_WS}+)?{amount('c')}"
        rf"(?:{infix}{amount('d')})?{end}"
        rf"|(?P<few>{trie_regex(lists.kind('few'), fold_first=True)}){_WS}+"
        rf"(?P<fscale>{pieces.scales_after})(?!\w)"
        rf"|(?P<vague>{trie_regex(vague, fold_first=True)})(?!\w))"
    )


def _after_pattern(lists: _Lists, pieces: _Pieces) -> str:
    """What follows an amount: a time or date word, a unit, or a counted noun after up to two
    adjectives (only for languages that say what nouns and adjectives look like)."""
    context = lists.context
    noun, adjective = lists.setting("noun"), lists.setting("adjective")
    counted = ""
    if noun and adjective:
        noun = noun.replace("{noun}", trie_regex(context.get("noun", [])))
        stop = trie_regex(context.get("stop", []), fold_first=True)
        connector = trie_regex(context.get("connector", []))
        counted = (
            rf"|(?:{connector}{_WS}+)?"
            rf"(?:(?!(?:{stop})(?!\w)){adjective}{_WS}+){{0,{_MAX_ADJECTIVES}}}"
            rf"(?!(?:{stop})(?!\w))(?P<noun>{noun})(?!\w)"
        )
    return (
        r"[“”\"»«›‹’']?"  # the quotation closes after the amount: „mehrere Tausend“ Soldaten
        # a time of day ("14 Uhr") or a date ("3 Oktober"): not a quantity
        rf"{_WS}*(?:(?P<date>{trie_regex(context.get('time-after', []))}|{pieces.month})"
        r"(?!\w)"
        rf"|(?P<unit>{pieces.units})(?![\w‐-]){counted})"  # "18 Euro-Finanzminister": no unit
    )


@cache
def quantity_data(language: str) -> QuantityData:
    """The compiled patterns and look-up tables of ``language`` ("other": all languages')."""
    lists = _read_lists(language)
    pieces = _pieces(lists)
    signs = [p for p in lists.prefix_units if not p[0].isalnum()]
    name_before = lists.setting("name-before")
    elided = lists.setting("elided")
    return QuantityData(
        regex=re.compile(_main_pattern(lists, pieces)),
        after_regex=re.compile(_after_pattern(lists, pieces)),
        morpheme_regex=re.compile(rf"(?:{lists.joiner})?({pieces.morph})"),
        change_before=frozenset(w.lower() for w in lists.context.get("change-before", [])),
        name_before=re.compile(rf"(?<!\w)({name_before}){_WS}+$") if name_before else None,
        sign_ends=frozenset(sign[-1] for sign in signs),
        sign_before=re.compile(rf"(?:{trie_regex(signs)})$"),
        numbers=lists.numbers,
        articles=lists.articles,
        weak=frozenset(w.lower() for w in lists.weak),
        scales=lists.scales,
        modifiers=lists.modifiers,
        units=lists.units,
        decimal=_setting(lists.languages, "decimal"),
        group=_setting(lists.languages, "group"),
        elided=re.compile(rf"[^\S\n]+(?:{elided})(?!\w)") if elided else None,
    )


# --- reading numbers ----------------------------------------------------------------------


def number_value(digits: str, decimal: str | None, group: str | None) -> float | None:
    """ "1.500.000,50" → 1500000.5 with German separators; a group separator not followed by
    exactly three digits is a decimal point ("3.5" → 3.5). Without separators (language
    "other") they are guessed: see ``_guess_separators``."""
    digits = digits.translate(_THIN_GROUPS)
    if decimal is None or group is None:
        decimal, group = _guess_separators(digits)
    whole, fraction = digits.rsplit(decimal, 1) if decimal in digits else (digits, "")
    chunks = whole.split(group)
    if len(chunks) > 1 and any(len(chunk) != 3 for chunk in chunks[1:]):
        if len(chunks) > 2 or fraction:
            return None
        chunks, fraction = chunks[:1], chunks[1]
    try:
        return float("".join(chunks) + ("." + fraction if fraction else ""))
    except ValueError:  # "1,500.5" in German: a group mark inside the fraction
        return None


def _guess_separators(digits: str) -> tuple[str, str]:
    """(decimal, group) for digits of unknown language: with both marks the last one is the
    decimal mark; one mark used once and not followed by three digits is a decimal mark; else
    marks group thousands."""
    marks = [c for c in digits if c in ".,"]
    if not marks:
        return ".", ","
    last = marks[-1]
    other = "," if last == "." else "."
    decimal_like = len(set(marks)) == 2 or (
        len(marks) == 1 and len(digits) - digits.rindex(last) - 1 != 3
    )
    return (last, other) if decimal_like else (other, last)


def words_value(word: str, data: QuantityData) -> float | None:
    """ "zweihundertfünfzig" → 250, "twenty-one" → 21, "zweieinhalb" → 2.5; None for a
    sequence no one writes ("two three") and for a weak word alone ("one hundredth")."""
    parts = data.morpheme_regex.findall(word)
    if len(parts) == 1 and parts[0].lower() in data.weak:
        return None
    total, current, previous = 0.0, 0.0, None
    for part in parts:
        value, cls = data.numbers[part.lower()]
        if cls == "hundred":
            if previous == "hundred":
                return None
            current = (current or 1) * value
        elif cls == "thousand":
            if previous == "thousand":
                return None
            total, current = total + (current or 1) * value, 0.0
        else:
            if previous in _SMALL and (previous, cls) not in _SMALL_PAIRS:
                return None
            current += value
        previous = cls
    return total + current if previous else None


@dataclass(slots=True)  # not frozen: a frozen dataclass is three times as dear to create
class _Amount:
    start: int
    raw: float  # the number as written, without its scale
    scale: float  # 1 without a scale word
    end: int
    currency: str | None  # the sign before the number ("$")
    bare_year: bool  # four plain digits from 1000 to 2099: a year unless something says not
    digits_end: int  # where the digits end when the amount ends with them, else -1

    @property
    def value(self) -> float:
        return self.raw * self.scale


def _amount(m: re.Match[str], p: str, data: QuantityData) -> _Amount | None:
    """The amount of the groups prefixed ``p`` (see ``_amount_pattern``)."""
    digits, word = m.group(p + "dig"), m.group(p + "word")
    currency = m.group(p + "pre")
    start = m.start(p + ("pre" if currency else "dig" if digits else "word" if word else "art"))
    if digits is not None:
        raw, number_end = number_value(digits, data.decimal, data.group), m.end(p + "dig")
        # The regex starts nothing inside a word, so "Â£5" starts at "5": look back for the sign.
        if (
            currency is None
            and m.string[m.start(p + "dig") - 1 : m.start(p + "dig")] in data.sign_ends
        ):
            start = m.start(p + "dig")
            sign = data.sign_before.search(m.string, max(0, start - _SIGN_LOOKBACK), start)
            if sign is not None:
                start, currency = sign.start(), sign.group()
    elif word is not None:
        raw, number_end = words_value(word, data), m.end(p + "word")
    else:
        raw, number_end = data.articles[m.group(p + "art").lower()], m.end(p + "art")
    if raw is None:
        return None
    scale, end = 1.0, number_end
    if (scale_word := m.group(p + "scale")) is not None:
        known = data.scales[scale_word.lower()]
        # "$200m" and "200m euros" are money, "200m" alone a distance
        if currency or not known.needs_currency or _currency_follows(m, p, data):
            scale, end = known.value, m.end(p + "scale")
    bare_year = (
        digits is not None
        and len(digits) == 4
        and digits.isdigit()
        and _YEARS[0] <= raw <= _YEARS[1]
        and scale == 1
        and not currency
    )
    digits_end = number_end if digits is not None and end == number_end else -1
    return _Amount(start, raw, scale, end, currency, bare_year, digits_end)


def _currency_follows(m: re.Match[str], p: str, data: QuantityData) -> bool:
    after = data.after_regex.match(m.string, m.end(p + "scale"))
    return after is not None and data.units.get(after.group("unit") or "") == "currency"


# --- finding quantities -------------------------------------------------------------------


def find_quantities(doc: Doc) -> list[Quantity]:
    """Every quantity in ``doc``, in text order (see the module docstring for what is found,
    what is left out and what ``value``, ``min``, ``max`` and ``unit`` mean)."""
    text = doc.text
    if not text:
        return []
    data = quantity_data(doc.language)
    found: list[Quantity] = []
    for m in data.regex.finditer(text):
        if m.start("skip") == -1:
            found += _quantities(m, doc, data)
    if data.elided is not None:
        _share_elided_nouns(text, found, data.elided)
    return found


def _share_elided_nouns(text: str, found: list[Quantity], elided: re.Pattern[str]) -> None:
    """ "sechs Nordkoreaner getötet und drei weitere verletzt": an amount without a noun,
    followed by "weitere" ("more"), counts the noun of the amount before it in its sentence."""
    for before, quantity in itertools.pairwise(found):
        if quantity.unit is not None or before.unit is None or before.value is None:
            continue
        between = text[before.span.end : quantity.span.start]
        if "." in between or "\n" in between or not elided.match(text, quantity.span.end):
            continue
        quantity.unit = before.unit


def _quantities(m: re.Match[str], doc: Doc, data: QuantityData) -> list[Quantity]:
    """The quantities of one match: none, one, or two for a change ("from 370 to 870")."""
    if m.start("ddig") != -1 or m.start("dword") != -1 or m.start("dart") != -1:
        first, second = _amount(m, "c", data), _amount(m, "d", data)
        if (
            first is None
            or second is None
            or not m.group("sepw")
            or not _after_change_word(m, data)
        ):
            return _listed(_range(m, doc, data, first, second))
        # "from 370 to 870": two values, not a range; none in "from 6 to 9 January"
        later = _single(m, doc, data, second, start=second.start)
        return [] if later is None else [*_listed(_single(m, doc, data, first)), later]
    return _listed(_quantity(m, doc, data))


def _listed(quantity: Quantity | None) -> list[Quantity]:
    return [] if quantity is None else [quantity]


def _after_change_word(m: re.Match[str], data: QuantityData) -> bool:
    before = m.string[max(0, m.start() - _CHANGE_LOOKBACK) : m.start()].split()
    return bool(before) and before[-1].lower() in data.change_before


def _quantity(m: re.Match[str], doc: Doc, data: QuantityData) -> Quantity | None:
    if m.start("few") != -1:
        modifier = data.modifiers[_key(m.group("few"))]
        scale = data.scales[m.group("fscale").lower()].value
        return _with_unit(m, doc, data, (None, modifier.low * scale, modifier.high * scale - 1))
    if m.start("vague") != -1:
        base = data.scales[_key(m.group("vague"))].value
        return _with_unit(m, doc, data, (None, 2 * base, 10 * base - 1))
    if m.start("frame") != -1:
        if data.modifiers[_key(m.group("frame"))].mid.lower() != _key(m.group("mid")):
            return None
        return _range(m, doc, data, _amount(m, "a", data), _amount(m, "b", data))
    first = _amount(m, "c", data)
    if first is None:
        return None
    modifier = data.modifiers[_key(m.group("mod"))] if m.group("mod") else None
    return _single(m, doc, data, first, modifier)


def _single(
    m: re.Match[str],
    doc: Doc,
    data: QuantityData,
    first: _Amount,
    modifier: Modifier | None = None,
    start: int | None = None,
) -> Quantity | None:
    """One amount with its modifier ("rund 500"), unless it is an ordinal or part of a name."""
    if _is_ordinal(doc, first) or (start is None and _is_name(m, doc, data)):
        return None
    value = first.value
    if modifier is None:
        bounds = (value, value, value)
    elif modifier.kind == "approx":
        bounds = (value, value * modifier.low, value * modifier.high)
    elif modifier.kind == "min":
        bounds = (None, value, None)
    else:
        bounds = (None, None, value)
    return _with_unit(
        m, doc, data, bounds, first, first=first, year_possible=first.bare_year, start=start
    )


def _range(
    m: re.Match[str], doc: Doc, data: QuantityData, low: _Amount | None, high: _Amount | None
) -> Quantity | None:
    """ "zwischen 10 und 20", "zwei bis drei Millionen": the second scale word counts for the
    first number when that one has none and is smaller ("1 und 2 Millionen", not "500.000
    und 1 Million"). Years ("2014-2016") and scores ("2-1", first not below second) are none."""
    if low is None or high is None or (low.bare_year and high.bare_year) or _is_ordinal(doc, high):
        return None
    low_value = low.value
    if low.scale == 1 and high.scale != 1 and low.raw <= high.raw:
        low_value = low.raw * high.scale
    if not low_value < high.value:
        return None
    bounds = (None, low_value, high.value)
    return _with_unit(m, doc, data, bounds, high, first=low, currency=low.currency)


def _with_unit(
    m: re.Match[str],
    doc: Doc,
    data: QuantityData,
    bounds: tuple[float | None, float | None, float | None],
    last: _Amount | None = None,
    *,
    first: _Amount | None = None,
    year_possible: bool = False,
    currency: str | None = None,
    start: int | None = None,
) -> Quantity | None:
    """The quantity with the unit or counted noun after its amount; None when what follows
    makes it a time ("14 Uhr"), a date ("3 Oktober") or a year: a bare four-digit number needs
    a unit ("2024 Euro"), or a modifier and a counted noun ("rund 2000 Menschen", but "weniger
    als 2014.")."""
    text = doc.text
    end = last.end if last is not None else m.end()
    unit = (last.currency if last is not None else None) or currency
    kind = "currency" if unit else None
    after = data.after_regex.match(text, end)  # same line: only spaces and a quotation mark
    if after is not None:
        if after.start("date") != -1:
            return None
        if unit is None:
            unit = after.group("unit") or after.group("noun")
            kind = data.units.get(after.group("unit") or "")
    if year_possible and kind is None and not (unit and m.group("mod")):
        return None
    value, low, high = (_tidy(x) for x in bounds)
    if start is None:
        start = m.start()
        if first is not None and first.start < start:  # "Â£5": the sign before the match
            start = first.start
    return Quantity(Span(start, end, text[start:end]), value, low, high, unit)


def _tidy(x: float | None) -> float | None:
    """Whole numbers as ``int`` (2000, not 2000.0), float noise rounded away (1.1 × 500)."""
    if x is None:
        return None
    if x.is_integer() and abs(x) < 1e12:  # 12 digits or fewer: the rounding below keeps it
        return int(x)
    x = float(f"{x:.12g}")
    return int(x) if x.is_integer() else x


def _is_ordinal(doc: Doc, amount: _Amount) -> bool:
    """ "3. Liga", "am 3. Oktober": the tokenizer keeps an ordinal's period with its number
    and splits off a period that ends the sentence ("waren es 18.")."""
    end = amount.digits_end
    if end == -1 or doc.text[end : end + 1] != ".":
        return False
    i = bisect_right(doc.token_ends, end - 1)
    return i < len(doc.token_ends) and doc.token_ends[i] == end + 1


def _is_name(m: re.Match[str], doc: Doc, data: QuantityData) -> bool:
    """Part of a name, for languages that capitalise names alone (``name-before``): a number
    right after a capitalised word ("Radio 4", "Windows 2000"), or a capitalised number word
    ("the Six Nations"), unless that word starts its sentence ("Three soldiers died")."""
    if data.name_before is None or m.group("mod") or m.group("cpre"):
        return False
    start = m.start()
    word = m.group("cword")
    if word is not None and word[0].isupper():
        return not _starts_sentence(doc, start)
    before = data.name_before.search(doc.text, max(0, start - _NAME_LOOKBACK), start)
    return before is not None and not _starts_sentence(doc, before.start(1))


def _starts_sentence(doc: Doc, offset: int) -> bool:
    """Whether only quotation marks and brackets stand between the sentence start and
    ``offset``."""
    i = bisect_right(doc.sentences, (offset, len(doc.text) + 1)) - 1
    return i < 0 or not doc.text[doc.sentences[i][0] : offset].strip(_OPENERS)
