"""Find cue anchors: the words that may introduce an attribution.

Anchors are found by one regex over the text (cue forms from the lexicon) plus multi-word
patterns; the role labeller then decides, per anchor, whether it is a cue at all and which
tokens are its cue, source, message, addressee and frame.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from zufolge.extract.attribution.lexicon import Lexicon, lowered, sentences_holding
from zufolge.model import Doc

# A separable particle closes its clause: it is followed by punctuation or the sentence end.
_CLAUSE_END = r"(?=\s*(?:[,.;:!?„“”\"»«–]|$))"
_CLAUSE_BREAK = re.compile(r"[,.;:!?„“”\"»«]")


@dataclass(slots=True)
class Anchor:
    tokens: list[int]  # token indices of the anchor words (sorted, may be discontinuous)
    cls: str
    lemma: str
    sentence: int


def _token_range(doc: Doc, start: int, end: int) -> list[int]:
    """Indices of the tokens overlapping the character range [start, end)."""
    first = bisect_right(doc.token_ends, start)
    last = bisect_left(doc.token_starts, end)
    return list(range(first, last))


def _particle_end(text: str, start: int, limit: int, particle: str) -> int | None:
    """Where the separable ``particle`` closes the clause that starts at ``start``; the
    clause may be interrupted by one apposition between commas ("ging Celebi, die Anwältin
    der Frau, noch davon aus")."""
    clause = text[start:limit]
    stop = _CLAUSE_BREAK.search(clause)
    found = _particle_in(clause[: stop.start()] if stop else clause, particle)
    if found is not None or stop is None or stop.group() != ",":
        return None if found is None else start + found
    second = _CLAUSE_BREAK.search(clause, stop.end())
    if second is None or second.group() != "," or second.start() - stop.end() > _APPOSITION:
        return None
    rest = clause[second.end() :]
    end = _CLAUSE_BREAK.search(rest)
    found = _particle_in(rest[: end.start()] if end else rest, particle)
    return None if found is None else start + second.end() + found


_APPOSITION = 60  # characters: an apposition names or describes; a longer stretch is a clause


def _particle_in(clause: str, particle: str) -> int | None:
    """Offset of ``particle`` where it closes ``clause``."""
    at_end, before_break = _particle_patterns(particle)
    m = at_end.search(clause) or before_break.search(clause)
    return m.start() if m else None


@cache
def _particle_patterns(particle: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``particle`` at the end of a clause, and before punctuation that ends one."""
    word = rf"(?<!\w){re.escape(particle)}"
    return (
        re.compile(rf"{word}(?!\w)\s*$", re.IGNORECASE),
        re.compile(rf"{word}{_CLAUSE_END}", re.IGNORECASE),
    )


def _gated_sentences(lowered: str, sentence_starts: list[int], gate: tuple[str, ...]) -> list[int]:
    """Indices of the sentences in which a word of ``gate`` starts (all, for no gate): a
    substring search per gate word instead of a test per sentence and gate word. Unlike
    ``lexicon.gated_sentences`` it also searches a lowercased text that does not line up with
    the text (one with "İ"), as the cue patterns always have: their anchors stay as they were."""
    if not gate:
        return list(range(len(sentence_starts)))
    return sorted(sentences_holding(lowered, sentence_starts, gate))


def _gated_sentences_per_pattern(
    lowered: str, sentence_starts: list[int], lexicon: Lexicon
) -> list[list[int]]:
    """``_gated_sentences`` of each cue pattern of ``lexicon``, with one regex scan for all
    gate words where the lexicon has many."""
    scan = lexicon.gate_scan
    if scan is None:
        return [_gated_sentences(lowered, sentence_starts, p.gate) for p in lexicon.patterns]
    found: list[set[int]] = [set() for _ in lexicon.patterns]
    at = 0
    while (m := scan.regex.search(lowered, at)) is not None:
        si = bisect_right(sentence_starts, m.start()) - 1
        for k in scan.patterns_at[m.group()]:
            found[k].add(si)
        at = m.start() + 1  # gate words may overlap
    everything = list(range(len(sentence_starts)))
    return [
        sorted(hits - {-1}) if pattern.gate else everything
        for hits, pattern in zip(found, lexicon.patterns, strict=True)
    ]


def _starts_clause(sentence: str, at: int) -> bool:
    before = sentence[:at].rstrip()
    return not before or before[-1] in '„“”"»«:(–-'


def find_anchors(doc: Doc, lexicon: Lexicon) -> list[Anchor]:
    """All cue anchors of a document. Each regex runs once over the whole text; matches are
    assigned to sentences by bisection (a cue never spans two sentences)."""
    text = doc.text
    sentence_starts = [s for s, _ in doc.sentences]
    anchors: list[Anchor] = []

    def sentence_at(offset: int) -> tuple[int, int, int] | None:
        si = bisect_right(sentence_starts, offset) - 1
        if si < 0 or offset >= doc.sentences[si][1]:
            return None
        return si, *doc.sentences[si]

    lowered_text = lowered(text)
    # A form is a whole word that, lowercased, is a key of ``lexicon.forms``: found in the
    # lowercased text where that lines up with the text (it may not: "İ" lowers to two).
    if len(lowered_text) == len(text):
        form_spans = lexicon.lowered_forms.spans(lowered_text)
    else:
        form_spans = [m.span() for m in lexicon.form_regex.finditer(text)]
    for start, end in form_spans:
        found = sentence_at(start)
        if found is None:
            continue
        si, s_start, s_end = found
        form = text[start:end]
        if form[0].isupper() and not _starts_clause(text[s_start:s_end], start - s_start):
            continue  # a capitalised cue form mid-sentence is a noun ("die Berichte")
        for cue in lexicon.forms.get(form.lower(), ()):
            tokens = _token_range(doc, start, end)
            if cue.particle:
                at = _particle_end(text, end, s_end, cue.particle)
                if at is None:
                    continue
                tokens += _token_range(doc, at, at + len(cue.particle))
            anchors.append(Anchor(tokens, cue.cls, cue.lemma, si))
            break
    # Only sentences holding a gate word are scanned: most patterns start with an
    # alternation, which the regex engine tries at every position of what it is given.
    gated = _gated_sentences_per_pattern(lowered_text, sentence_starts, lexicon)
    for cue_pattern, sentences in zip(lexicon.patterns, gated, strict=True):
        pattern, cls = cue_pattern.regex, cue_pattern.cls
        for si in sentences:
            s_start, s_end = doc.sentences[si]
            for m in pattern.finditer(text, s_start, s_end):
                tokens: list[int] = []
                for group in ("cue", "cue2"):
                    if group in pattern.groupindex and m.group(group):
                        a, b = m.span(group)
                        tokens += _token_range(doc, a, b)
                if tokens:
                    lemma = " ".join(
                        text[doc.token_starts[t] : doc.token_ends[t]].lower() for t in tokens
                    )
                    anchors.append(Anchor(tokens, cls, lemma, si))
    return _merge_overlapping(anchors)


def _merge_overlapping(anchors: list[Anchor]) -> list[Anchor]:
    """One anchor per cue: "wie … mitteilte" and "mitteilte" are the same cue. Anchors only
    merge within a sentence, so each is compared with its sentence's anchors alone."""
    anchors.sort(key=lambda a: (a.tokens[0], -len(a.tokens)))
    by_sentence: dict[int, list[Anchor]] = {}
    merged: list[Anchor] = []
    for anchor in anchors:
        kept_here = by_sentence.setdefault(anchor.sentence, [])
        for kept in kept_here:
            if set(kept.tokens) & set(anchor.tokens):
                kept.tokens = sorted(set(kept.tokens) | set(anchor.tokens))
                if kept.cls != "according" and anchor.cls == "according":
                    kept.cls = anchor.cls
                break
        else:
            kept_here.append(anchor)
            merged.append(anchor)
    merged.sort(key=lambda a: a.tokens[0])
    return merged
