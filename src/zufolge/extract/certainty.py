"""Certainty and stance: how sure each statement is presented, and which report it rates.

``assess(doc, attributions)`` returns the attributions with ``certainty`` (and ``stance`` where
a statement rates another report) set, followed by one ``statement`` per sentence of the
author's own that no attribution covers.

**Levels**, from least to most doubt: asserted < reported < probable < possible < unverified <
denied. A statement without cues is *asserted* when the author makes it and *reported* when it
is relayed from a source. Each cue found in a statement names a level; the statement takes the
most doubtful one, so "bestätigte, dass möglicherweise …" is possible, and a confirmation
("bestätigte") lifts a relayed statement to asserted only when nothing hedges it. The mapping,
as the data files ``lang/<lang>/certainty.tsv`` encode it:

- *probable*: evidential and probability adverbs (offenbar, vermutlich, wahrscheinlich, wohl,
  dürfte, mutmaßlich; apparently, likely, probably);
- *possible*: possibility (möglicherweise, vielleicht, könnte; may, might, could) and belief
  that is not knowledge ("es wird vermutet/angenommen, dass", "Experten vermuten";
  "it is believed", "experts suspect");
- *reported*: hearsay that is not doubted: reportive "soll … haben", "Berichten zufolge",
  reportedly. We chose *reported* for "sollen": German news uses it routinely to relay police
  and agency reports; doubt is expressed by "angeblich", which is *unverified*;
- *unverified*: the writer keeps their distance (angeblich, vermeintlich, unbestätigt;
  allegedly) or a verification note says nobody could check ("ließ sich nicht unabhängig
  überprüfen", "could not be independently verified");
- *denied*: the statement denies or rejects another (dementierte, wies zurück, bestritt,
  "Falschmeldungen"; denied, rejected, "fake news");
- *asserted*: confirmations (bestätigte; confirmed) and ratings as true.

**Scopes.** A ``statement`` cue counts anywhere in a statement (its cue, frame and message, or
the sentence of an author's statement); a ``frame`` cue only in the reporting clause (cue and
frame; "Er sagte, die Polizei habe den Vorfall bestätigt" is not a confirmation by "Er"); a
``note`` is a verification note: when its sentence has a reference word ("diese Informationen",
"the claims", see ``certainty-references.tsv``) it marks the nearest relayed statement before
it and the other statements cited from the same source, within its paragraph and the two
before it (a subheading ends the search), and nothing else: not the author's own sentences,
not other sources, not what follows; without a reference it marks its own statement ("Der Tod
wurde bislang nicht bestätigt"). A "report" reference ("the report") skips statements not
relayed through a report.

**Stance.** A cue with a stance (denials → denies; confirmations and ratings as likely or true
→ supports) rates another report. The target is chosen among the attributions of other source
chains outside the statement's sentence, earlier ones first (later ones only when none comes
before: "rejected a newspaper report" in a lead names the report that the next paragraph
cites). A reference of class ``report`` ("den Bericht", "the report") prefers statements
relayed through media or documents; then the candidate sharing most content-word stems with
the rating sentence wins ("Berichte über eine Beteiligung nordkoreanischer Soldaten"), then
the source cited most often, then the nearest. Without a reference word a stance needs three
stems shared with what the report says (its messages, not the clause naming its source), else
none is set. The target is the first attribution of the chosen source: the report itself, not
a later quote from it.

Speed: the text is scanned once by a regex over the first words of all patterns; the full
patterns only run where one of those words occurs, and one by one only where their
alternation matches. Work is per cue and per statement, never per token.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache

from zufolge.analyze.data import SUPPORTED, language_data, read_entries
from zufolge.langdata import NON_WORD_CHAR, trie_pattern
from zufolge.model import Attribution, Certainty, Doc, Source, Span, Stance

LEVELS = ("asserted", "reported", "probable", "possible", "unverified", "denied")
RANK = {level: i for i, level in enumerate(LEVELS)}
SCOPES = ("statement", "frame", "note")
STANCES = ("supports", "denies")
REFERENCE_CLASSES = ("report", "claim")

# Kinds whose very label says how sure they are, whatever their words.
KIND_LEVELS = {"denial": "denied"}
REPORT_SOURCE_TYPES = frozenset({"media", "document"})
STATEMENT_KIND = "statement"

# A note looks back over its own paragraph and this many before it.
NOTE_PARAGRAPHS_BACK = 2
# Statements a note or a rating looks at, before and after it: far more than an article
# has, and a bound that keeps 5,000-sentence inputs linear.
LOOK_BACK = 100
LOOK_AHEAD = 30
# A sentence is the author's own when attributions cover less than this share of it.
COVERED_SHARE = 0.5
# Content-word stems: this many leading characters of words at least STEM_MIN long.
STEM_CHARS = 5
STEM_MIN = 4
# Shared stems a stance without a reference word needs to pick a target.
MIN_UNREFERENCED_OVERLAP = 3

_WORD = re.compile(r"\w[\w-]*")
_ESCAPE = re.compile(r"\\.")
_WORD_END = re.compile(r"\w$")
_LONG_WORD = re.compile(rf"\w[\w-]{{{STEM_MIN - 1},}}")


# ---------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class CueRule:
    pattern: re.Pattern[str]
    level: str | None  # None: the cue only rates (stance), it does not move the level
    scope: str
    stance: str | None


@dataclass(frozen=True, slots=True)
class CertaintyData:
    rules: tuple[CueRule, ...]
    # the first words of all rules, one alternation after the non-word character before
    # them (group 1), matched on " " + the lowercased text
    trigger: re.Pattern[str] | None
    # first word (lowercase) → the rules starting with it or with a shorter word it begins
    # with: the scan finds the longest first word at a position ("offenbar", not "offen")
    rules_at: dict[str, tuple[int, ...]]
    # first word → those rules as one alternation: most first words ("nicht", "is") start no
    # cue, and one failed match costs less than one per rule
    any_at: dict[str, re.Pattern[str]]
    references: re.Pattern[str] | None  # group ``r<i>`` matches a word of class i
    reference_classes: tuple[str, ...]
    stopwords: frozenset[str]


def _group_end(pattern: str, start: int) -> int:
    """Index just past the parenthesis group opening at ``start``."""
    depth, i = 0, start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":  # a character class may hold unbalanced parentheses
            i = pattern.index("]", i + 2) + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError(f"unbalanced parentheses in {pattern!r}")


def _top_level_split(pattern: str) -> list[str]:
    parts, depth, last, i = [], 0, 0, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = pattern.index("]", i + 2) + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[last:i])
            last = i + 1
        i += 1
    return [*parts, pattern[last:]]


_GROUP_OPENERS = ("(?:", "(?i:", "(?-i:")
_LOOKBEHINDS = ("(?<=", "(?<!")
_QUANTIFIERS = "?*{"


def first_words(pattern: str) -> list[str]:
    """The literal words a pattern can start with (lowercase): what the scan looks for.

    Raises ``ValueError`` for a pattern that does not start with a word, so a data error
    shows when the file is loaded, not as a cue that silently never matches.
    """
    words = []
    for alternative in _top_level_split(pattern):
        rest = alternative
        while rest.startswith(_LOOKBEHINDS):
            rest = rest[_group_end(rest, 0) :]
        if rest.startswith(_GROUP_OPENERS):
            end = _group_end(rest, 0)
            if rest[end : end + 1] and rest[end] in _QUANTIFIERS:
                raise ValueError(f"pattern may start with an optional group: {pattern!r}")
            inner = rest[rest.index(":") + 1 : end - 1]
            words += first_words(inner)
            continue
        n = 0
        while n < len(rest) and (rest[n].isalpha() or rest[n] in "'’"):
            n += 1
        if n < len(rest) and rest[n] in _QUANTIFIERS:
            n -= 1  # the last letter is optional
        if n < 2:
            raise ValueError(f"pattern does not start with a word: {pattern!r}")
        words.append(rest[:n].lower())
    return words


def _rows(language: str, name: str, columns: int) -> list[list[str]]:
    rows = []
    for entry in read_entries(language, name):
        cells = entry.split("\t")
        if len(cells) != columns:
            raise ValueError(f"lang/{language}/{name}: expected {columns} columns: {entry!r}")
        rows.append(cells)
    return rows


def _rule(pattern: str, level: str, scope: str, stance: str) -> CueRule:
    if level != "-" and level not in RANK:
        raise ValueError(f"unknown certainty level {level!r} for {pattern!r}")
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r} for {pattern!r}")
    if stance != "-" and stance not in STANCES:
        raise ValueError(f"unknown stance {stance!r} for {pattern!r}")
    return CueRule(
        re.compile(pattern, re.IGNORECASE),
        None if level == "-" else level,
        scope,
        None if stance == "-" else stance,
    )


@cache
def certainty_data(language: str) -> CertaintyData:
    """The cue rules of a language; ``other`` pools the supported languages' rules."""
    languages = (language,) if language in SUPPORTED else SUPPORTED
    rows = [row for lang in languages for row in _rows(lang, "certainty.tsv", 4)]
    rules = tuple(_rule(*row) for row in rows)
    by_prefix: dict[str, list[int]] = {}
    for i, (pattern, *_) in enumerate(rows):
        for word in first_words(pattern):
            if not _WORD_END.search(word):
                raise ValueError(f"a first word must end with a letter: {pattern!r}")
            by_prefix.setdefault(word, []).append(i)
    # Matched on the lowercased text: a case-insensitive trie is twice as slow. The character
    # before a word is matched, not looked behind at: ``re`` then skips in C from one
    # non-word character to the next, about 10% faster than testing ``\b`` everywhere. As the
    # words end with a letter, no word right after a hit is missed.
    trigger = re.compile(rf"{NON_WORD_CHAR}({trie_pattern(by_prefix)})") if by_prefix else None
    references, classes = [], []
    for lang in languages:
        for pattern, cls in _rows(lang, "certainty-references.tsv", 2):
            if cls not in REFERENCE_CLASSES:
                raise ValueError(f"unknown reference class {cls!r} for {pattern!r}")
            if _ESCAPE.sub("", pattern) != _ESCAPE.sub("", pattern).lower():
                raise ValueError(f"reference patterns are matched on lowercased text: {pattern!r}")
            re.compile(pattern)  # a broken row is reported as itself, not as the alternation
            references.append(f"(?P<r{len(classes)}>{pattern})")
            classes.append(cls)
    stopwords = frozenset(w for lang in languages for w in language_data(lang).function_words)
    rules_at = {
        word: tuple(i for k in range(1, len(word) + 1) for i in by_prefix.get(word[:k], ()))
        for word in by_prefix
    }
    return CertaintyData(
        rules,
        trigger,
        rules_at,
        {
            word: re.compile("|".join(f"(?:{rows[i][0]})" for i in at), re.IGNORECASE)
            for word, at in rules_at.items()
        },
        re.compile("|".join(references)) if references else None,
        tuple(classes),
        stopwords,
    )


# ---------------------------------------------------------------------------- cues


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    rule: CueRule


def lowercase(text: str) -> str:
    """``text`` in lowercase with the same offsets."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # "İ" lowercases to two characters; such characters are kept as they are
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def find_cues(text: str, data: CertaintyData, lowered: str | None = None) -> list[Cue]:
    """All cues in ``text`` in order; where matches overlap, the longest wins.

    ``lowered``: ``lowercase(text)``, when the caller has it already.
    """
    if data.trigger is None:
        return []
    found: list[Cue] = []
    # the space stands for the start of the text; a word's offset in the text is its hit's
    # start in " " + text
    for hit in data.trigger.finditer(" " + (lowercase(text) if lowered is None else lowered)):
        at = hit.start()
        word = hit.group(1)
        if not data.any_at[word].match(text, at):
            continue
        for i in data.rules_at[word]:
            rule = data.rules[i]
            m = rule.pattern.match(text, at)
            if m and m.end() > at:
                found.append(Cue(at, m.end(), rule))
    return _longest(found)


def _longest(found: list[Cue]) -> list[Cue]:
    """Overlapping cues resolved in one sweep: of two that overlap, the longer stays."""
    kept: list[Cue] = []
    for cue in sorted(found, key=lambda c: (c.start, c.start - c.end)):
        if kept and cue.start < kept[-1].end:
            if cue.end - cue.start > kept[-1].end - kept[-1].start:
                kept[-1] = cue
        else:
            kept.append(cue)
    return kept


def _cues_in(cues: list[Cue], starts: list[int], spans: list[Span]) -> list[Cue]:
    """Cues starting inside any of ``spans`` (``starts``: the cues' starts, sorted)."""
    out = []
    for span in spans:
        i = bisect_left(starts, span.start)
        while i < len(cues) and cues[i].start < span.end:
            out.append(cues[i])
            i += 1
    return out


# ---------------------------------------------------------------------------- statements


def _root(a: Attribution) -> str | None:
    """The source a statement is first cited from: its chain's head, or its own source."""
    if a.chain:
        return a.chain[0]
    return a.source.resolved if a.source else None


def _covered(sentences: list[tuple[int, int]], attributions: list[Attribution]) -> list[int]:
    """Characters of each sentence covered by attributions' cue, frame and message spans."""
    spans = [(sp.start, sp.end) for a in attributions for sp in a.message]
    spans += [(sp.start, sp.end) for a in attributions for sp in a.frame]
    spans += [(sp.start, sp.end) for a in attributions for sp in a.cue]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    covered, i = [], 0
    for s_start, s_end in sentences:  # both sorted: one pass over each
        while i < len(merged) and merged[i][1] <= s_start:
            i += 1
        total, j = 0, i
        while j < len(merged) and merged[j][0] < s_end:
            total += min(s_end, merged[j][1]) - max(s_start, merged[j][0])
            j += 1
        covered.append(total)
    return covered


def author_statements(doc: Doc, attributions: list[Attribution]) -> list[Attribution]:
    """One ``statement`` per sentence with words that attributions cover less than half of."""
    text, article = doc.text, doc.article
    source = Source(span=None, resolved=article.outlet or article.author or None, type="author")
    out = []
    for (start, end), covered in zip(
        doc.sentences, _covered(doc.sentences, attributions), strict=True
    ):
        sentence = text[start:end]
        if covered >= COVERED_SHARE * len(sentence.strip()) or not _WORD.search(sentence):
            continue
        out.append(
            Attribution(
                id=f"s{len(out) + 1}",
                kind=STATEMENT_KIND,
                cue=[],
                source=Source(None, source.resolved, source.type),
                message=[Span(start, end, sentence)],
            )
        )
    return out


# ---------------------------------------------------------------------------- regions


@dataclass(slots=True)
class Statement:
    """An attribution or author statement with the places its cues may sit."""

    attribution: Attribution
    position: int  # where its first span starts
    sentence: int  # index of the sentence it starts in
    everywhere: list[Span]  # where ``statement`` cues count
    frame: list[Span]  # where ``frame`` cues count
    root: str | None  # the source it is first cited from; None for the author
    end: int  # where its last span ends
    cues: list[Cue] = field(default_factory=list)  # what decides its level and stance
    reports: bool | None = None  # ``report_like``, once asked
    rating: Cue | None = None  # set by ``decide_rating``

    @property
    def id(self) -> str:
        return self.attribution.id

    @property
    def relayed(self) -> bool:
        return self.attribution.kind != STATEMENT_KIND

    def report_like(self, ctx: Context) -> bool:
        """Relayed through a report: a chain of sources, a medium or document, or a
        reporting clause that names a report ("Einem Bericht der …", "meldete")."""
        if self.reports is None:
            a = self.attribution
            self.reports = (
                len(a.chain) > 1
                or bool(a.source and a.source.type in REPORT_SOURCE_TYPES)
                or any(ctx.reference((sp.start, sp.end), sp.start) == "report" for sp in self.frame)
            )
        return self.reports

    def decide_rating(self) -> None:
        """The cue by which the statement rates another report: of several, the most
        doubtful ("bestätigte nicht, … sondern dementierte" denies)."""
        ratings = [c for c in self.cues if c.rule.stance and c.rule.scope != "note"]
        self.rating = max(ratings, key=lambda c: RANK.get(c.rule.level or "", -1), default=None)


def _frame_region(a: Attribution, text: str) -> list[Span]:
    if a.kind == STATEMENT_KIND:
        return a.message
    region = [*a.cue, *a.frame]
    if not a.cue and a.message:
        # An act relayed without a cue span carries its verb as the message's first word
        # ("verwies auf ein Abkommen").
        first = a.message[0]
        word = _WORD.search(text, first.start, first.end)
        if word:
            region.append(Span(word.start(), word.end(), word.group()))
    return region


def _statement(a: Attribution, text: str, sentence_starts: list[int]) -> Statement:
    # an author's sentence has nothing but its message
    author = a.kind == STATEMENT_KIND
    everywhere = a.message if author else [*a.cue, *a.frame, *a.message]
    if len(everywhere) == 1:
        low, high = everywhere[0].start, everywhere[0].end
    elif everywhere:  # lists, not generators: min and max over a list are much cheaper
        low, high = min([sp.start for sp in everywhere]), max([sp.end for sp in everywhere])
    else:
        low = high = a.source.span.start if a.source and a.source.span else 0
    return Statement(
        a,
        low,
        max(bisect_right(sentence_starts, low) - 1, 0),
        everywhere,
        _frame_region(a, text),
        None if author else _root(a),
        high,
    )


@dataclass(slots=True)
class Context:
    doc: Doc
    data: CertaintyData
    lowered: str  # the text in lowercase, same offsets
    statements: list[Statement]
    ordered: list[Statement] = field(default_factory=list)  # by position
    positions: list[int] = field(default_factory=list)
    nested: dict[str, list[Statement]] = field(default_factory=dict)  # by nested_in

    def __post_init__(self) -> None:
        self.ordered = sorted(self.statements, key=lambda s: s.position)
        self.positions = [s.position for s in self.ordered]
        for s in self.statements:
            if s.attribution.nested_in:
                self.nested.setdefault(s.attribution.nested_in, []).append(s)

    def before(self, at: int, limit: int = LOOK_BACK) -> list[Statement]:
        """Up to ``limit`` statements starting before offset ``at``, nearest first."""
        i = bisect_left(self.positions, at)
        return self.ordered[max(i - limit, 0) : i][::-1]

    def around(self, at: int) -> list[Statement]:
        """The statements a rating at ``at`` may refer to: a bounded window, so an article
        of thousands of ratings stays linear."""
        i = bisect_left(self.positions, at)
        return self.ordered[max(i - LOOK_BACK, 0) : i + LOOK_AHEAD]

    def sentence_of(self, s: Statement | None, at: int) -> tuple[int, int]:
        """The sentence of ``s``, else the one around (or last before) offset ``at``."""
        sentences = self.doc.sentences
        if not sentences:
            return (0, len(self.doc.text))
        if s is not None:
            return sentences[s.sentence]
        return sentences[max(bisect_right([st for st, _ in sentences], at) - 1, 0)]

    def reference(self, span: tuple[int, int], at: int) -> str | None:
        """Class of the reference word nearest ``at`` within ``span``, or None."""
        if self.data.references is None:
            return None
        start, end = span
        found = [
            (abs(m.start() - at), self.data.reference_classes[int(m.lastgroup[1:])])
            for m in self.data.references.finditer(self.lowered, start, end)
            if m.lastgroup
        ]
        return min(found)[1] if found else None

    def stems(self, text: str) -> set[str]:
        """Leading characters of the content words: "nordkoreanische" and "Nordkorea"
        share one."""
        stop = self.data.stopwords
        return {w[:STEM_CHARS] for w in _LONG_WORD.findall(text.lower()) if w not in stop}


# ---------------------------------------------------------------------------- notes


def _window_start(doc: Doc, at: int) -> int:
    """Where a note at ``at`` stops looking back: its paragraph and the two before it, or
    the nearest subheading."""
    paragraphs = doc.article.paragraphs
    i = bisect_left([p.start for p in paragraphs], at + 1) - 1
    if i < 0:
        return 0
    first = i
    while first > 0 and i - first < NOTE_PARAGRAPHS_BACK:
        if paragraphs[first - 1].kind == "subheading":
            break
        first -= 1
    return paragraphs[first].start


def note_targets(note: Cue, ctx: Context) -> list[Statement]:
    """The statements a verification note is about (see the module's docstring)."""
    inside = [
        s
        for s in ctx.before(note.start + 1, LOOK_AHEAD)
        if any(sp.start <= note.start < sp.end for sp in s.everywhere)
    ]
    cls = ctx.reference(ctx.sentence_of(inside[0] if inside else None, note.start), note.start)
    if cls is None:
        return inside
    # A statement whose own reporting clause is the note ("Die Polizei konnte die Angaben
    # nicht bestätigen") says what is unconfirmed; it is not itself the unconfirmed claim.
    saying = {s.id for s in inside if any(sp.start <= note.start < sp.end for sp in s.frame)}
    candidates = [
        s
        for s in ctx.before(note.start)
        if s.relayed and s.attribution.nested_in is None and s.id not in saying
    ]
    if cls == "report" and any(s.report_like(ctx) for s in candidates):
        candidates = [s for s in candidates if s.report_like(ctx)]
    if not candidates:
        return []
    nearest = candidates[0]
    window = _window_start(ctx.doc, note.start)
    marked = [nearest]
    if nearest.root is not None:
        marked += [s for s in candidates[1:] if s.root == nearest.root and s.position >= window]
    # Quotes nested inside a marked statement are part of what could not be verified.
    nested = [n for s in marked for n in ctx.nested.get(s.id, ()) if n.position < note.start]
    return marked + nested


# ---------------------------------------------------------------------------- stance


def stance_target(s: Statement, rating: Cue, ctx: Context) -> str | None:
    """Id of the attribution that the rating statement ``s`` rates, or None.

    Candidates are grouped by the source they are cited from: a rating rates a report, and
    all its statements together say what the report is about.
    """
    sentence = ctx.sentence_of(s, s.position)
    cls = ctx.reference(sentence, rating.start)
    groups: dict[object, list[Statement]] = {}
    for c in ctx.around(s.position):
        if c.relayed and c.root != s.root and c.sentence != s.sentence and c.rating is None:
            groups.setdefault(c.root if c.root is not None else id(c), []).append(c)
    if not groups:
        return None
    text, lowered = ctx.doc.text, ctx.lowered
    words = ctx.stems(text[sentence[0] : sentence[1]])

    def shared(group: list[Statement], with_frames: bool) -> int:
        said = " ".join(
            lowered[sp.start : sp.end]
            for c in group
            for sp in (*(c.attribution.frame if with_frames else ()), *c.attribution.message)
        )
        # substrings, so the stems also find compound parts ("Infanteriesoldaten")
        return sum(w in said for w in words)

    # Preferences in order, each narrowing the field only when something is left.
    candidates = list(groups.values())
    if cls == "report":
        candidates = [g for g in candidates if any(c.report_like(ctx) for c in g)] or candidates
    candidates = [g for g in candidates if g[0].position < s.position] or candidates

    def key(group: list[Statement]) -> tuple[int, int, int]:
        return (
            # with a reference, the report's own clause counts ("Einem Bericht der …");
            # without one, only what it says: its source's name is no evidence
            shared(group, cls is not None),
            len(group),
            -min(abs(c.position - s.position) for c in group),
        )

    best_key, best = max(((key(g), g) for g in candidates), key=lambda pair: pair[0])
    if cls is None and best_key[0] < MIN_UNREFERENCED_OVERLAP:
        return None
    # The report itself: the first statement cited from that source.
    return min(best, key=lambda c: c.position).id


# ---------------------------------------------------------------------------- assess


def _level(s: Statement) -> tuple[str, list[Cue]]:
    """The most doubtful level among the cues (and the kind), else the default."""
    if not s.cues and s.attribution.kind not in KIND_LEVELS:  # most statements
        return ("reported" if s.relayed else "asserted"), []
    levels = [c.rule.level for c in s.cues if c.rule.level]
    kind_level = KIND_LEVELS.get(s.attribution.kind)
    if kind_level:
        levels.append(kind_level)
    if not levels:
        return ("reported" if s.relayed else "asserted"), []
    level = max(levels, key=RANK.__getitem__)
    return level, [c for c in s.cues if c.rule.level == level]


def _copy(a: Attribution) -> Attribution:
    """A shallow copy without certainty and stance (``dataclasses.replace`` costs 10×)."""
    return Attribution(
        a.id, a.kind, a.cue, a.source, a.message, a.addressee, a.frame, a.chain, a.nested_in
    )


def _collect_cues(ctx: Context, cues: list[Cue]) -> None:
    """Give each statement the cues inside it, and verification notes to what they mark."""
    if not cues:
        return
    starts = [c.start for c in cues]
    for s in ctx.statements:
        i = bisect_left(starts, s.position)
        if i == len(starts) or starts[i] >= s.end:
            continue  # most statements have no cue
        found = [c for c in _cues_in(cues, starts, s.everywhere) if c.rule.scope == "statement"]
        found += [c for c in _cues_in(cues, starts, s.frame) if c.rule.scope == "frame"]
        s.cues = found
    for cue in cues:
        if cue.rule.scope == "note":
            for target in note_targets(cue, ctx):
                target.cues.append(cue)
    for s in ctx.statements:
        if len(s.cues) > 1:
            s.cues = sorted(set(s.cues), key=lambda c: (c.start, c.end))
        if s.cues:
            s.decide_rating()


def assess(doc: Doc, attributions: list[Attribution]) -> list[Attribution]:
    """The attributions with certainty and stance set, then the author's own statements.

    Pure: the attributions passed in are copied, not changed.
    """
    relayed = [_copy(a) for a in attributions]
    everything = relayed + author_statements(doc, relayed)
    data = certainty_data(doc.language)
    text = doc.text
    lowered = lowercase(text)
    sentence_starts = [start for start, _ in doc.sentences]
    ctx = Context(doc, data, lowered, [_statement(a, text, sentence_starts) for a in everything])
    _collect_cues(ctx, find_cues(text, data, lowered))
    for s in ctx.statements:
        level, deciding = _level(s)
        spans = [Span(c.start, c.end, text[c.start : c.end]) for c in deciding]
        s.attribution.certainty = Certainty(level, spans)
    for s in ctx.statements:
        rating = s.rating
        target = stance_target(s, rating, ctx) if rating else None
        if rating and target and target != s.id:
            s.attribution.stance = Stance(rating.rule.stance, target)  # type: ignore[arg-type]
    return everything
