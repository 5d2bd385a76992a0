"""Places with coordinates, from the offline gazetteer in ``lang/any/gazetteer.tsv.gz``.

``find_places(doc)`` finds place names in the text and resolves each to one reading (name,
coordinates, ISO country); ``geocode(name, language)`` resolves a name another extractor found.

How a name is found: every run of capitalised words is looked up in the gazetteer (one dict
lookup per word sequence, longest first, never a scan of the entries). German capitalises every
noun and many nouns are also towns somewhere ("Essen", "Halle", "Wissen"), so a match must pass
rules whose words come from ``lang/<lang>/places-*.tsv``:

- ``places-stop.tsv``: words that are never places ("Dabei" is an old spelling of Dubai) or only
  after a locative preposition ("in Essen", not "beim Essen");
- a lone town smaller than ``BARE_MIN_POPULATION`` also needs that preposition, a place noun
  ("Stadt Wissen") or a dateline ("Dornbirn – "); one smaller than ``SURE_POPULATION`` counts
  only in a country the text names otherwise; countries, continents and regions stand alone;
- after an article ("die Halle", "das Ende") only countries and regions ("die Ukraine");
- a capitalised word glued before or after a town makes it part of another name ("Wladimir
  Putin", "Washington Post", "Diktator Kim") — except place nouns before ("Hauptstadt Kiew")
  and a genitive ("die Seite Russlands", "Nordkoreas Grenzen");
- a speech verb after a town makes it a person ("Kim sagte"), unless it is a capital
  ("Moskau dementierte"); so does one before it ("versicherte Marino").

German genitives resolve to their base ("Russlands" → Russia); lowercase adjectives
("ukrainische") are never looked up. Of several readings the gazetteer's order wins (country,
then population, capitals first), unless the document's other places point to another
country ("Odessa" in a text about Ukraine).

Region nouns make the admin unit ("Region Kursk", "Gebiet Kursk", "Kursk region" → the oblast,
not the city). Relative descriptions ("20 km südlich von Kursk", "nahe der Stadt Donezk",
"sieben Kilometer nordwestlich der Grenze", "north of Kyiv") become one place whose span covers
the description and whose name is the anchor: resolved when it is a gazetteer place, the
anchor's text with no coordinates when it is a common noun ("der Grenze").
"""

from __future__ import annotations

import bisect
import gzip
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from zufolge.analyze.data import SUPPORTED, read_entries
from zufolge.model import Doc, Place, Span

REGION_PREFIX = "@"  # gazetteer keys that name an admin region only ("@kursk" = Kursk Oblast)
GAZETTEER = "gazetteer.tsv.gz"
BARE_MIN_POPULATION = 15_000  # a lone town name smaller than this needs a preposition
SURE_POPULATION = 100_000  # a lone smaller town counts only in a country the text names
SURE, WEAK = 2, 1
GENITIVE_MIN_POPULATION = 100_000  # "Hamburgs", "Kiews": genitives only of well-known towns
MAX_NAME_WORDS = 6
SEEN_WORDS = 200_000  # words and runs remembered before the cache restarts (~20 MB)
DOCUMENT_COUNTRY_RATIO = 5  # how much smaller a reading in a country of the document may be
RELATIVE_REACH = 30  # characters from a direction phrase's start to its longest word
STRONG_KINDS = frozenset({"country", "continent", "region", "area"})
TOWN_KINDS = frozenset({"city", "capital"})


# ---------------------------------------------------------------------------------------------
# Keys


def _fold_table() -> dict[int, str]:
    """Latin letters without their marks ("Pjöngjang" → "Pjongjang"), typographic apostrophes
    as "'", hyphens as spaces: a name matches however it was typed."""
    special = {
        "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
        "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
        "ı": "i", "’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'", "-": " ", "‐": " ",
        "‑": " ", "–": " ",
    }  # fmt: skip
    table = {ord(k): v for k, v in special.items()}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        if code in table:
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if base != char and base.isascii():
            table[code] = base
    return table


FOLD = _fold_table()


def _ascii_fold_table() -> bytes | None:
    """``FOLD`` and lowercasing as one byte table for ASCII text, if every ASCII character
    folds to one ASCII character (it does: "-" → " ", "`" → "'")."""
    table = bytearray(range(256))
    for code in range(128):
        folded = FOLD.get(code, chr(code)).lower()
        if len(folded) != 1 or not folded.isascii():
            return None
        table[code] = ord(folded)
    return bytes(table)


_ASCII_FOLD = _ascii_fold_table()


def fold_lower(text: str) -> str:
    """``text.translate(FOLD).lower()``. ASCII text (most names) goes through the byte table:
    ``str.translate`` looks each character up in the dict, 1.3 µs for "Washington" against
    0.3 µs."""
    if _ASCII_FOLD is not None and text.isascii():
        return text.encode("ascii").translate(_ASCII_FOLD).decode("ascii")
    return text.translate(FOLD).lower()


def fold_key(name: str) -> str:
    """The lookup key of a name: case, marks, hyphens and spacing do not matter."""
    return " ".join(fold_lower(name).split())


# ---------------------------------------------------------------------------------------------
# Gazetteer


@dataclass(frozen=True, slots=True)
class Reading:
    """One thing a name can mean: canonical (GeoNames) name, position, ISO country, kind
    (country, continent, region, area, capital, city; "unknown" for an unresolved anchor)."""

    name: str
    lat: float | None
    lon: float | None
    country: str | None
    kind: str
    population: int

    @property
    def strong(self) -> bool:
        """Countries, continents and regions stand alone; towns need more evidence."""
        return self.kind in STRONG_KINDS


class Gazetteer:
    """The shipped file, parsed lazily: keys go into one dict at load, records are split into
    ``Reading`` only when a key is hit (a few per article).

    The tables hold only strings, in containers the garbage collector leaves alone (a tuple,
    dicts of strings): a list or set of 100,000 strings would be walked again by every full
    collection of the process, at a cost of milliseconds each."""

    __slots__ = ("_index", "_parsed", "_records", "pairs")

    def __init__(self, text: str) -> None:
        head, _, names = text.partition("\n#names\n")
        lines = head.split("\n")
        skip = next((n for n, line in enumerate(lines) if not line.startswith("#")), len(lines))
        self._records = tuple(lines[skip:])
        flat = iter(names.replace("\n", "\t").split("\t"))
        self._index: dict[str, str] = dict(zip(flat, flat, strict=False))
        self._parsed: dict[int, Reading] = {}
        # first two words of each multi-word key ("frankfurt am"): a run is only tried for
        # longer names where two of its words start one (a dict as a set, see above)
        multi = [key for key in self._index if " " in key]
        self.pairs: dict[str, None] = dict.fromkeys(
            " ".join(key.split(" ", 2)[:2]) for key in multi
        )

    def record(self, number: int) -> Reading:
        found = self._parsed.get(number)
        if found is None:
            name, lat, lon, country, kind, population = self._records[number].split("\t")
            found = Reading(name, float(lat), float(lon), country or None, kind, int(population))
            self._parsed[number] = found
        return found

    def knows(self, key: str) -> bool:
        """Whether ``readings(key)`` has any, without parsing them."""
        return bool(self._index.get(key))

    def readings(self, key: str) -> tuple[Reading, ...]:
        numbers = self._index.get(key)
        if not numbers:
            return ()
        return tuple(self.record(int(n)) for n in numbers.split(","))


@cache
def gazetteer() -> Gazetteer:
    """Loaded once per process, on first use."""
    path = resources.files("zufolge") / "lang" / "any" / GAZETTEER
    if not path.is_file():
        return Gazetteer("")
    return Gazetteer(gzip.decompress(path.read_bytes()).decode("utf-8"))


# ---------------------------------------------------------------------------------------------
# Language data


def _table(language: str, name: str) -> Iterator[list[str]]:
    for line in read_entries(language, name):
        yield [cell.strip() for cell in line.split("\t")]


def _alternation(words: set[str] | frozenset[str]) -> str:
    """Longest first, so "nordwestlich" wins over "nord"; spaces match any whitespace."""
    escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return "|".join(escaped) or r"(?!)"


@dataclass(slots=True)
class PlaceData:
    """Everything ``find_places`` needs for one language (or the union for "other")."""

    aliases: dict[str, tuple[Reading, ...]] = field(default_factory=dict)  # folded name →
    alias_pairs: frozenset[str] = frozenset()  # like Gazetteer.pairs
    acronyms: dict[str, Reading] = field(default_factory=dict)  # "USA": matched as written
    never: frozenset[str] = frozenset()  # folded
    needs_evidence: frozenset[str] = frozenset()  # folded
    evidence: frozenset[str] = frozenset()  # lowercase prepositions: "in", "nach", "near"
    determiners: frozenset[str] = frozenset()
    place_nouns: frozenset[str] = frozenset()  # folded: "stadt", "hauptstadt", "city"
    region_before: frozenset[str] = frozenset()  # folded: "region", "gebiet", "oblast"
    region_after: frozenset[str] = frozenset()  # folded: "region", "oblast", "province"
    person_after: frozenset[str] = frozenset()  # "sagte", "said"
    person_before: frozenset[str] = frozenset()  # "so" (", so Vana")
    genitive: tuple[str, ...] = ()  # suffixes: "s"; "'s", "’s", "'"
    function_words: frozenset[str] = frozenset()  # sentence-initial words that are no names
    capitalised_nouns: bool = False  # German: a capitalised anchor may be a common noun
    anchor_nouns: frozenset[str] = frozenset()  # folded: "grenze", "front", "border"
    anchor_stop: frozenset[str] = frozenset()  # lowercase words that end an anchor phrase
    dotted: re.Pattern[str] | None = None  # acronyms with periods: "U.S."
    dotted_hint: re.Pattern[str] | None = None  # the same acronyms, without the look-arounds
    relative: re.Pattern[str] = re.compile(r"(?!)")
    triggers: frozenset[str] = frozenset()  # the longest word of each direction, as written
    seen: dict[str, bool] = field(default_factory=dict)  # cache of ``_is_place_word``
    run_parts: dict[str, RunParts] = field(default_factory=dict)  # cache of ``_run_parts``
    run_readings: list[tuple[Reading, ...]] = field(default_factory=list)  # by id, ditto
    run_reading_ids: dict[tuple[Reading, ...], int] = field(default_factory=dict)
    distance_before: re.Pattern[str] = re.compile(r"(?!)")


def _extra_readings() -> dict[str, list[Reading]]:
    """``lang/any/places-extra.tsv``: areas news names that GeoNames' tables lack (Donbas)."""
    extra: dict[str, list[Reading]] = {}
    for row in _table("any", "places-extra.tsv"):
        name, lat, lon, country, population, *spellings = row
        reading = Reading(name, float(lat), float(lon), country or None, "area", int(population))
        for spelling in [name, *spellings]:
            extra.setdefault(fold_key(spelling), []).append(reading)
    return extra


def _resolve(target: str, extra: dict[str, list[Reading]]) -> Reading | None:
    """ "Crimea|UA" → the reading of that name in that country; "@Bavaria|DE" → the region."""
    name, _, country = target.partition("|")
    region = name.startswith(REGION_PREFIX)
    key = fold_key(name.removeprefix(REGION_PREFIX))
    found = gazetteer().readings(REGION_PREFIX + key if region else key)
    for reading in [*([] if region else extra.get(key, ())), *found]:
        if fold_key(reading.name) == key and (not country or reading.country == country):
            return reading
    return None


def _aliases(languages: tuple[str, ...]) -> tuple[dict, dict, list[str]]:
    extra = _extra_readings()
    folded: dict[str, list[Reading]] = {k: list(v) for k, v in extra.items()}
    acronyms: dict[str, Reading] = {}
    unresolved = []
    for language in languages:
        for alias, target in _table(language, "places-names.tsv"):
            reading = _resolve(target, extra)
            if reading is None:
                unresolved.append(f"{language}: {alias} → {target}")
            elif alias.isupper():
                acronyms[alias] = reading
            else:
                folded.setdefault(fold_key(alias), []).insert(0, reading)
    return {k: tuple(v) for k, v in folded.items()}, acronyms, unresolved


@cache
def place_data(language: str) -> PlaceData:
    languages = (language,) if language in SUPPORTED else SUPPORTED
    context: dict[str, set[str]] = {}
    relative: dict[str, set[str]] = {}
    for lang in languages:
        for kind, *words in _table(lang, "places-context.tsv"):
            context.setdefault(kind, set()).update(words)
        for kind, *words in _table(lang, "places-relative.tsv"):
            relative.setdefault(kind, set()).update(words)
    stop: dict[str, set[str]] = {"never": set(), "evidence": set()}
    for lang in languages:
        for word, rule in _table(lang, "places-stop.tsv"):
            stop[rule].add(fold_key(word))
    aliases, acronyms, _ = _aliases(languages)

    def words(kind: str, source: dict[str, set[str]] = context) -> frozenset[str]:
        return frozenset(w.lower() for w in source.get(kind, ()))

    number = (
        rf"(?:(?:{_alternation(relative.get('approx', set()))})\s+)?"
        rf"(?:\d+(?:[.,]\d+)?|{_alternation(relative.get('number', set()))})"
    )
    alias_pairs = frozenset(" ".join(k.split(" ")[:2]) for k in aliases if " " in k)
    return PlaceData(
        aliases=aliases,
        alias_pairs=alias_pairs,
        acronyms=acronyms,
        never=frozenset(stop["never"]),
        needs_evidence=frozenset(stop["evidence"]),
        evidence=words("evidence"),
        determiners=words("determiner"),
        place_nouns=words("place_noun"),
        region_before=words("region_before"),
        region_after=words("region_after"),
        person_after=words("person_after"),
        person_before=words("person_before"),
        genitive=tuple(sorted(context.get("genitive", ()), key=len, reverse=True)),
        function_words=frozenset(  # as written and as a gazetteer key ("für", "fur")
            form
            for lang in languages
            for w in read_entries(lang, "analyze-function-words.txt")
            for form in (w.lower(), fold_key(w))
        ),
        capitalised_nouns="yes" in context.get("capitalised_nouns", ()),
        anchor_nouns=words("anchor_noun", relative),
        anchor_stop=words("anchor_stop", relative),
        dotted=_dotted_acronyms(acronyms),
        dotted_hint=_dotted_acronyms(acronyms, bare=True),
        triggers=frozenset(
            variant
            for phrase in relative.get("direction", ())
            for word in [max(phrase.split(), key=len)]
            for variant in (word, word[:1].upper() + word[1:])
        ),
        relative=re.compile(
            rf"\b(?P<dir>{_alternation(relative.get('direction', set()))})"
            rf"(?:\s+(?P<link>{_alternation(relative.get('linker', set()))}))?\s+(?=\S)",
            re.IGNORECASE,
        ),
        distance_before=re.compile(
            rf"(?:{number})\s+(?:{_alternation(relative.get('unit', set()))})\s+$", re.IGNORECASE
        ),
    )


def _dotted_acronyms(acronyms: dict[str, Reading], bare: bool = False) -> re.Pattern[str] | None:
    """The acronyms with periods as whole words; ``bare``: as plain alternatives, whose
    search skips in C to the next possible first letter (a pattern that opens with a
    look-behind is tried at every position: 0.04 ms on an English article, 0.002 bare)."""
    dotted = {a for a in acronyms if "." in a}
    if not dotted:
        return None  # an empty alternation would still be tried at every position
    if bare:
        return re.compile(_alternation(dotted))
    return re.compile(rf"(?<![\w.])(?:{_alternation(dotted)})(?!\w)")


def unresolved_aliases(language: str) -> list[str]:
    """Alias lines whose target is in neither the gazetteer nor the extra areas (for tests)."""
    languages = (language,) if language in SUPPORTED else SUPPORTED
    return _aliases(languages)[2]


# ---------------------------------------------------------------------------------------------
# Text scanning


def _uppercase_class() -> str:
    chars = [chr(c) for c in [*range(0x41, 0x250), *range(0x1E00, 0x1F00)] if chr(c).isupper()]
    return "".join(re.escape(c) for c in chars)


UPPER = _uppercase_class()
# A capitalised word not glued to a word before it. The capital comes first and the look
# back after it: a pattern that starts with a character class lets ``re`` skip along the
# text to the next capital instead of trying the look back at every position.
_WORD = rf"[{UPPER}](?<![\w'’-].)[\w'’]*(?:-[\w'’]+)*"


def _connectors() -> tuple[str, str]:
    rows = list(_table("any", "places-connectors.tsv"))
    joins = {w for kind, *ws in rows if kind == "connector" for w in ws}
    dotted = {w.rstrip(".") for kind, *ws in rows if kind == "abbreviation" for w in ws}
    by_width: dict[int, list[str]] = {}
    for word in dotted:
        by_width.setdefault(len(word), []).append(re.escape(word))
    lookbehinds = "|".join(f"(?<={'|'.join(ws)})" for ws in by_width.values())
    dot = rf"(?:(?:{lookbehinds})\.)?" if lookbehinds else ""
    return dot, _alternation(joins)


_DOT, _JOINS = _connectors()
RUN = re.compile(rf"{_WORD}(?:{_DOT}[ ](?:(?:{_JOINS})[ ])*{_WORD})*")
RUN_BEFORE = re.compile(rf"{_WORD}{_DOT}[ ](?:(?:{_JOINS})[ ])*$")  # text that continues a run
RUN_PART = re.compile(rf"(?P<word>{_WORD}{_DOT})|(?P<join>\b(?:{_JOINS})\b)")
PREVIOUS_WORD = re.compile(r"([\w'’-]+)[ \t]*$")
NEXT_WORD = re.compile(r"[ \t]*([\w'’-]+)")
WINDOW_TOKEN = re.compile(r"[\w'’.-]*\w|[^\w\s]")
DATELINE = re.compile(r"(?:/[^\s/]+)*[ ]+[–—-][ ]")  # "Dornbirn – ", "Colombo/Genf – "
SENTENCE_EDGE = re.compile(r"(?:^|[.!?:;„“”\"«»()\[\]–—\n])\s*$")


@dataclass(slots=True)
class Word:
    start: int
    end: int
    join: bool  # a connector inside a name ("am" in "Frankfurt am Main")


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    readings: tuple[Reading, ...]
    first: int  # indices into the run's words
    last: int
    genitive: str = ""  # the suffix that was cut off ("s" of "Russlands")


# A run's words (start, end, join) and candidates (``Candidate``'s fields, the readings by
# their id), see _run_parts.
RunParts = tuple[tuple[tuple[int, int, bool], ...], tuple[tuple[int, int, int, int, int, str], ...]]


@dataclass(slots=True)
class Found:
    start: int
    end: int
    reading: Reading
    alternatives: tuple[Reading, ...] = ()
    priority: int = 0  # relative descriptions > regions > plain names, where spans overlap
    weak: bool = False  # a lone mid-sized town without other evidence ("Morales", "Rubio")


def _lookup(key: str, data: PlaceData) -> tuple[Reading, ...]:
    return data.aliases.get(key, ()) + gazetteer().readings(key)


def _readings_of(written: str, data: PlaceData) -> tuple[Reading, ...]:
    if len(written) > 1 and written.isupper() and " " not in written:
        reading = data.acronyms.get(written)
        return (reading,) if reading else ()  # "AFP", "UN": never towns
    key = fold_key(written)
    if key in data.never or key in data.function_words:
        return ()  # "Die" is a town in France, "Man" an island, neither in running text
    return _lookup(key, data)


def _genitive(written: str, data: PlaceData) -> tuple[str, tuple[Reading, ...]]:
    """ "Russlands" → ("s", Russia), "Russia's" → ("'s", Russia): well-known bases only."""
    for suffix in data.genitive:
        base = written[: -len(suffix)]
        if len(base) < 3 or not written.endswith(suffix) or base.isupper():
            continue
        key = fold_key(base)
        if key in data.never or key in data.needs_evidence:
            continue
        readings = _lookup(key, data)
        if readings and (readings[0].strong or readings[0].population >= GENITIVE_MIN_POPULATION):
            return suffix, readings
    return "", ()


def _candidates(text: str, words: list[Word], data: PlaceData) -> Iterator[Candidate]:
    """Longest gazetteer match from each word of a capitalised run."""
    pairs = gazetteer().pairs
    index = 0
    while index < len(words):
        word = words[index]
        if word.join:
            index += 1
            continue
        written = text[word.start : word.end]
        longest = index
        if index + 1 < len(words):
            after = words[index + 1]
            pair = " ".join(fold_key(f"{written} {text[after.start : after.end]}").split(" ")[:2])
            bare = pair.removesuffix("'s").rstrip("'")  # "South Africa's"
            if any(p in pairs or p in data.alias_pairs for p in (pair, bare, bare[:-1])):
                longest = min(len(words) - 1, index + MAX_NAME_WORDS - 1)
        found = None
        for last in range(longest, index - 1, -1):
            if words[last].join:
                continue
            written_span = text[word.start : words[last].end]
            readings = _readings_of(written_span, data)
            if readings:
                found = Candidate(word.start, words[last].end, readings, index, last)
                break
            if last > index:  # "South Africa's", "Nordrhein-Westfalens"
                suffix, readings = _genitive(written_span, data)
                if readings:
                    cut = len(suffix) if suffix[0] in "'’" else 0
                    end = words[last].end - cut
                    found = Candidate(word.start, end, readings, index, last, suffix)
                    break
        if found is None or (found.first == found.last and not found.readings[0].strong):
            suffix, readings = _genitive(written, data)
            if readings:
                cut = len(suffix) if suffix[0] in "'’" else 0
                found = Candidate(word.start, word.end - cut, readings, index, index, suffix)
        if found is not None:
            yield found
            index = found.last + 1
        else:
            index += 1


def _previous_word(text: str, start: int) -> str:
    """The word right before ``start`` on the same line, with nothing but spaces between."""
    head = text[max(0, start - 40) : start].rstrip(" \t")
    if not head or not (head[-1].isalnum() or head[-1] in "'’-"):
        return ""
    match = PREVIOUS_WORD.search(head.rsplit(None, 1)[-1])
    return match.group(1).lower() if match else ""


def _next_word(text: str, end: int) -> str:
    match = NEXT_WORD.match(text, end, end + 40)
    return match.group(1).lower() if match else ""


def _starts_sentence(text: str, start: int) -> bool:
    return SENTENCE_EDGE.search(text, max(0, start - 4), start) is not None


def _is_name_word(text: str, word: Word, data: PlaceData) -> bool:
    """A capitalised word that is part of a longer name, not a sentence start like "Für"."""
    key = text[word.start : word.end].lower()
    if key in data.function_words or key in data.evidence or key in data.determiners:
        return False
    return not _starts_sentence(text, word.start)


def _accept(text: str, words: list[Word], cand: Candidate, data: PlaceData) -> int:
    """``SURE``, ``WEAK`` (a town known only by its size) or 0 (no place)."""
    top = cand.readings[0]
    key = fold_key(text[words[cand.first].start : words[cand.last].end])
    base = fold_key(text[cand.start : cand.end - len(cand.genitive)]) if cand.genitive else key
    previous = _previous_word(text, cand.start)
    following = _next_word(text, words[cand.last].end)
    before = words[cand.first - 1] if cand.first and not words[cand.first - 1].join else None
    after = words[cand.last + 1] if cand.last + 1 < len(words) else None
    after = None if after is None or after.join else after
    before_key = text[before.start : before.end].lower() if before else ""
    evidence = (
        previous in data.evidence
        or before_key in data.place_nouns
        or (DATELINE.match(text, cand.end) is not None and _starts_sentence(text, cand.start))
    )
    if base in data.never or (base in data.needs_evidence and not evidence):
        return 0
    if after is not None and not cand.genitive and following not in data.region_after:
        return 0  # "Washington Post", "Wladimir Putin", "Kyiv Post"
    if (
        before is not None
        and not evidence
        and before_key not in data.region_before
        and not cand.genitive
        and not (top.strong and data.capitalised_nouns)  # "Nachbarland Polen"
        and _is_name_word(text, before, data)
    ):
        return 0  # "Diktator Kim", "Ed Jones"
    if top.strong:
        return SURE
    if previous in data.determiners:
        return 0  # "die Halle", "beim Essen"
    if evidence:
        return SURE
    if previous in data.person_before or previous in data.person_after:
        return 0  # "versicherte Marino", "so Vana"
    if following in data.person_after and top.kind != "capital":
        return 0  # "Kim sagte"; but "Moskau dementierte" is the government
    if cand.first != cand.last or top.kind == "capital" or top.population >= SURE_POPULATION:
        return SURE
    return WEAK if top.population >= BARE_MIN_POPULATION else 0


def _region(text: str, words: list[Word], cand: Candidate, data: PlaceData) -> Found | None:
    """ "Region Kursk", "Gebiet Kursk", "Kursk region", "Kursk Oblast" → the admin unit."""
    start, end = cand.start, cand.end
    if cand.first and not words[cand.first - 1].join:
        before = words[cand.first - 1]
        if text[before.start : before.end].lower() in data.region_before:
            start = before.start
    if start == cand.start:
        match = NEXT_WORD.match(text, cand.end, cand.end + 40)
        if match and match.group(1).lower() in data.region_after:
            end = match.end(1)
    if (start, end) == (cand.start, cand.end):
        return None
    top = cand.readings[0]
    regions = gazetteer().readings(REGION_PREFIX + fold_key(text[cand.start : cand.end]))
    same_country = [r for r in regions if r.country == top.country] or list(regions)
    if same_country:
        return Found(start, end, same_country[0], priority=1)
    if top.kind in TOWN_KINDS:
        return Found(start, end, top, priority=1)  # no such unit: the town it is named after
    return None


def _run_words(text: str, start: int, end: int) -> list[Word]:
    return [
        Word(m.start(), m.end(), m.lastgroup == "join") for m in RUN_PART.finditer(text, start, end)
    ]


def _is_place_word(word: str, data: PlaceData) -> bool:
    """Whether a capitalised word is a place name by itself (or a genitive of one);
    remembered per word, since a few thousand capitalised words make up most text."""
    known = data.seen.get(word)
    if known is None:
        key = fold_lower(word)
        known = (
            key in data.aliases
            or word in data.acronyms
            or (key not in data.never and key not in data.function_words and gazetteer().knows(key))
            or (word.endswith(data.genitive) and bool(_genitive(word, data)[1]))
        )
        if len(data.seen) >= SEEN_WORDS:
            data.seen.clear()  # bounded: a long batch of odd vocabulary cannot grow it forever
        data.seen[word] = known
    return known


def _may_name_a_place(run: str, data: PlaceData) -> bool:
    """Cheap test of a capitalised run before the real lookups: one of its words is a place,
    or two neighbours start a multi-word name ("Frankfurt am", "New York")."""
    known = data.seen.get(run)
    if known is not None:
        return known
    if " " not in run:  # one word: remembered under the same key
        return _is_place_word(run, data)
    words = run.split(" ")
    # map and set operations: most runs are new in a German text, and a generator per run
    # costs more than the lookups
    known = any(map(_is_place_word, words, itertools.repeat(data)))
    if not known:
        keys = list(map(fold_lower, words))
        neighbours = list(map(" ".join, itertools.pairwise(keys)))
        known = not (
            gazetteer().pairs.keys().isdisjoint(neighbours)
            and data.alias_pairs.isdisjoint(neighbours)
        )
    if len(data.seen) >= SEEN_WORDS:
        data.seen.clear()
    data.seen[run] = known
    return known


def _place_runs(text: str, data: PlaceData) -> Iterator[re.Match[str]]:
    """The capitalised runs that may name a place, in text order. Each distinct run is tested
    once (``findall`` and a set: most runs name nothing and repeat), then found again."""
    flagged = [run for run in set(RUN.findall(text)) if _may_name_a_place(run, data)]
    matches = []
    for run in flagged:
        at = text.find(run)
        while at != -1:
            match = RUN.match(text, at)
            if (
                match is not None
                and match.end() == at + len(run)
                and RUN_BEFORE.search(text, max(0, at - 60), at) is None
            ):
                matches.append(match)
            at = text.find(run, at + 1)
    return iter(sorted(matches, key=lambda m: m.start()))


def _run_parts(run: str, data: PlaceData) -> RunParts:
    """The words of a capitalised run and its gazetteer candidates, at offsets in the run.
    Both depend on the run's text alone (a run starts after a character that is no part of
    a word and ends where the pattern stopped), so they are found once per distinct run.
    Kept as tuples of numbers and strings (a candidate's readings by their id in
    ``run_readings``), which the garbage collector stops tracking: a cache of objects would
    add to every full collection."""
    found = data.run_parts.get(run)
    if found is None:
        if len(data.run_parts) >= SEEN_WORDS:
            data.run_parts.clear()
            data.run_readings.clear()
            data.run_reading_ids.clear()
        words = _run_words(run, 0, len(run))
        candidates = tuple(
            (c.start, c.end, _readings_id(c.readings, data), c.first, c.last, c.genitive)
            for c in _candidates(run, words, data)
        )
        found = (tuple((w.start, w.end, w.join) for w in words) if candidates else (), candidates)
        data.run_parts[run] = found
    return found


def _readings_id(readings: tuple[Reading, ...], data: PlaceData) -> int:
    found = data.run_reading_ids.get(readings)
    if found is None:
        found = data.run_reading_ids[readings] = len(data.run_readings)
        data.run_readings.append(readings)
    return found


def _plain_places(text: str, data: PlaceData) -> Iterator[Found]:
    # every whole-word match contains a bare one at its start: the search begins there, and
    # not at all in most articles (the look-behind still sees the text before ``first``)
    first = data.dotted_hint.search(text) if data.dotted_hint is not None else None
    if data.dotted is not None and first is not None:
        for match in data.dotted.finditer(text, first.start()):
            yield Found(match.start(), match.end(), data.acronyms[match.group()])
    for run in _place_runs(text, data):
        in_run, candidates = _run_parts(run.group(), data)
        if not candidates:
            continue
        at = run.start()
        words = [Word(start + at, end + at, join) for start, end, join in in_run]
        for start, end, readings_id, first, last, genitive in candidates:
            readings = data.run_readings[readings_id]
            cand = Candidate(start + at, end + at, readings, first, last, genitive)
            region = _region(text, words, cand, data)
            if region is not None:
                yield region
            elif verdict := _accept(text, words, cand, data):
                yield Found(
                    cand.start, cand.end, cand.readings[0], cand.readings[1:], weak=verdict == WEAK
                )


# ---------------------------------------------------------------------------------------------
# Relative descriptions


def _ends_anchor(word: str, data: PlaceData) -> bool:
    return word in data.anchor_stop or word in data.evidence or word in data.function_words


def _anchor(text: str, pos: int, data: PlaceData) -> tuple[int, Reading | None, str] | None:
    """The anchor after a direction: (end, gazetteer reading or None, anchor text)."""
    tokens = [m for m in WINDOW_TOKEN.finditer(text, pos, min(len(text), pos + 120))][:8]
    words: list[re.Match[str]] = []
    for token in tokens:
        if not (token.group()[0].isalnum()):
            break
        words.append(token)
    if not words:
        return None
    index = 1 if words[0].group().lower() in data.determiners else 0
    modifiers = 0
    while index < len(words) and not words[index].group()[0].isupper():
        if _ends_anchor(words[index].group().lower(), data) or modifiers == 3:
            break  # "im Norden an China grenzt": "an" is no adjective of an anchor
        index += 1
        modifiers += 1
    if index < len(words) and words[index].group()[0].isupper():
        if words[index].group().lower() in data.place_nouns and index + 1 < len(words):
            index += 1  # "nahe der Stadt Kursk", "the city of Kursk"
            if words[index].group().lower() in data.evidence and index + 1 < len(words):
                index += 1
        run = RUN.match(text, words[index].start())
        if run:
            run_words = _run_words(text, run.start(), run.end())
            cand = next(_candidates(text, run_words, data), None)
            if cand is not None and cand.first == 0:
                return cand.end, cand.readings[0], text[cand.start : cand.end]
        head = words[index]
        if data.capitalised_nouns:
            return head.end(), None, text[pos : head.end()]
        if index > 0:  # "the Russian border": a capitalised adjective of a common noun
            last = index + 1
            while last < len(words) and not words[last].group()[0].isupper():
                if _ends_anchor(words[last].group().lower(), data) or last - index == 3:
                    break
                last += 1
            if last == index + 1:
                return None
            return words[last - 1].end(), None, text[pos : words[last - 1].end()]
        key = fold_key(head.group())
        if (
            run is None
            or run.end() != head.end()
            or key in data.never
            or key in data.needs_evidence
        ):
            return None  # "near Trump Tower": an unknown name of several words is no place
        return head.end(), Reading(head.group(), None, None, None, "unknown", 0), head.group()
    if data.capitalised_nouns or index == 0 or modifiers == 0:
        return None
    last = words[index - 1]
    return last.end(), None, text[pos : last.end()]


def _direction_matches(text: str, data: PlaceData) -> Iterator[re.Match[str]]:
    """The direction regex runs only around its trigger words ("nördlich", "Nähe", "north"),
    found by one set intersection with the text's words:
    over a whole article an alternation of phrases costs more than all other place work."""
    starts = set()
    for trigger in data.triggers.intersection(text.split()):
        at = text.find(trigger)
        while at != -1:
            window_start = max(0, at - RELATIVE_REACH)
            for match in data.relative.finditer(text, window_start, at + len(trigger) + 25):
                if match.start() not in starts and match.start() <= at < match.end():
                    starts.add(match.start())
                    yield match
            at = text.find(trigger, at + len(trigger))


def _relative_places(text: str, data: PlaceData) -> Iterator[Found]:
    for match in _direction_matches(text, data):
        anchor = _anchor(text, match.end(), data)
        if anchor is None:
            continue
        end, reading, anchor_text = anchor
        start = match.start()
        distance = data.distance_before.search(text, max(0, start - 40), start)
        if distance:
            start = distance.start()
        if reading is None or reading.kind == "unknown":
            nouns = set(anchor_text.lower().split())
            if reading is None and not distance and not nouns & data.anchor_nouns:
                continue  # "im Zentrum der Kritik", "near the end of the year"
            reading = reading or Reading(anchor_text, None, None, None, "unknown", 0)
        yield Found(start, end, reading, priority=2)


# ---------------------------------------------------------------------------------------------
# Choosing


def _prefer_document_countries(found: list[Found]) -> list[Found]:
    """An ambiguous town takes the reading in a country the document names elsewhere, when
    that reading is no smaller than a fifth of the first ("Odessa" in Ukraine, not Texas;
    but "Berlin" stays in Germany in an article about the USA)."""
    countries = Counter(
        f.reading.country for f in found if not f.alternatives and f.reading.country
    )
    for item in found:
        if not item.alternatives or item.reading.country in countries:
            continue
        if item.reading.kind == "capital":
            continue
        for other in item.alternatives:
            if (
                other.country in countries
                and other.kind in TOWN_KINDS
                and other.population * DOCUMENT_COUNTRY_RATIO >= item.reading.population
            ):
                item.reading = other
                break
    return found


def _without_weak(found: list[Found]) -> list[Found]:
    """A mid-sized town named without a preposition counts only in a country the text names
    otherwise: "Dornbirn" in an article on Austria, not "Rubio" (a town in Venezuela) in one
    on US politics."""
    countries = {f.reading.country for f in found if not f.weak}
    return [f for f in found if not f.weak or f.reading.country in countries]


def _without_overlaps(found: list[Found]) -> list[Found]:
    """Higher priority first, then earlier and longer; kept spans stay sorted and disjoint,
    so a new span only needs checking against its two neighbours."""
    ordered = sorted(found, key=lambda f: (-f.priority, f.start, -(f.end - f.start)))
    starts: list[int] = []
    kept: list[Found] = []
    for item in ordered:
        at = bisect.bisect_left(starts, item.start)
        if at > 0 and kept[at - 1].end > item.start:
            continue
        if at < len(kept) and kept[at].start < item.end:
            continue
        starts.insert(at, item.start)
        kept.insert(at, item)
    return kept


def find_places(doc: Doc) -> list[Place]:
    """Every place the text names, with coordinates where the gazetteer knows them."""
    text = doc.text
    if not text:
        return []
    data = place_data(doc.language)
    found = _without_weak([*_relative_places(text, data), *_plain_places(text, data)])
    chosen = _without_overlaps(_prefer_document_countries(found))
    return [
        Place(Span(f.start, f.end, text[f.start : f.end]), f.reading.name, f.reading.lat,
              f.reading.lon, f.reading.country)
        for f in chosen
    ]  # fmt: skip


def geocode(name: str, language: str) -> Reading | None:
    """The best reading of a name another extractor found (an entity tagged LOC), or None.

    Accepts what the text wrote: exonyms ("Moskau"), genitives ("Russlands"), region phrases
    ("Region Kursk", "Kursk Oblast")."""
    data = place_data(language)
    written = " ".join(name.split())
    if not written:
        return None
    parts = written.split(" ")
    region = None
    if len(parts) > 1 and parts[0].lower() in data.region_before:
        region = " ".join(parts[1:])
    elif len(parts) > 1 and parts[-1].lower() in data.region_after:
        region = " ".join(parts[:-1])
    if region is not None:
        units = gazetteer().readings(REGION_PREFIX + fold_key(region))
        readings = _readings_of(region, data)
        if units:
            country = readings[0].country if readings else None
            return next((u for u in units if u.country == country), units[0])
        return readings[0] if readings else None
    readings = _readings_of(written, data) or _genitive(written, data)[1]
    return readings[0] if readings else None
