"""Features for the role labeller: one window of tokens around one cue anchor.

Per-document facts (lowercased tokens, quotation regions, comma counts) are computed once by
``DocFacts``; per-window features are plain strings, as python-crfsuite wants them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from zufolge.extract.attribution.cues import Anchor
from zufolge.extract.attribution.lexicon import Lexicon
from zufolge.model import Doc

# Quotation regions: „…“ „…” »…« «…» “…” "…" (nested ‚…‘ and ›…‹ stay inside their outer quote).
QUOTE_REGION = re.compile(r"„[^„“”\n]*[“”]|»[^»«\n]*«|«[^»«\n]*»|“[^“”\n]*”|\"[^\"\n]*\"")
OPEN_MARKS = frozenset("„»“‚›")
CLOSE_MARKS = frozenset("“”«‘‹")


@dataclass(slots=True)
class DocFacts:
    tokens: list[str]
    lower: list[str]
    in_quote: list[bool]
    comma_prefix: list[int]  # commas among tokens [0, i)
    sentence_of: list[int]  # sentence index per token
    sentence_first: list[int]  # first token per sentence
    sentence_last: list[int]  # last token per sentence (exclusive end)
    static: list[list[str]] | None  # anchor-independent features, built on first use
    classes: list[tuple[str, ...]]  # word-class features per token, built with ``static``


def doc_facts(doc: Doc) -> DocFacts:
    text = doc.text
    starts, ends = doc.token_starts, doc.token_ends
    tokens = [text[s:e] for s, e in zip(starts, ends, strict=True)]
    lower = [t.lower() for t in tokens]
    in_quote = [False] * len(lower)
    for m in QUOTE_REGION.finditer(text):
        for i in range(bisect_right(ends, m.start()), bisect_left(starts, m.end())):
            in_quote[i] = True
    comma_prefix = [0, *accumulate(1 if t == "," else 0 for t in lower)]
    sentence_first = [bisect_left(starts, s) for s, _ in doc.sentences]
    sentence_last = [bisect_left(starts, e) for _, e in doc.sentences]
    sentence_of = [0] * len(lower)
    for si, (first, last) in enumerate(zip(sentence_first, sentence_last, strict=True)):
        sentence_of[first:last] = [si] * (last - first)
    return DocFacts(
        tokens,
        lower,
        in_quote,
        comma_prefix,
        sentence_of,
        sentence_first,
        sentence_last,
        None,
        [],
    )


def window(facts: DocFacts, anchor: Anchor, lexicon: Lexicon) -> range:
    """Tokens the labeller looks at for ``anchor``: its sentence and the sentences around it
    that the language's ``attribution.tsv`` asks for."""
    size = lexicon.window
    n_sent = len(facts.sentence_first)
    first_sentence = max(0, anchor.sentence - size.sentences_before)
    last_sentence = min(n_sent - 1, anchor.sentence + size.sentences_after)
    start = max(facts.sentence_first[first_sentence], anchor.tokens[0] - size.tokens_before)
    stop = min(facts.sentence_last[last_sentence], anchor.tokens[-1] + 1 + size.tokens_after)
    return range(start, stop)


def _distance(d: int) -> str:
    a = abs(d)
    bucket = (
        "1"
        if a == 1
        else "2"
        if a == 2
        else "3-5"
        if a <= 5
        else "6-10"
        if a <= 10
        else ("11-20" if a <= 20 else "far")
    )
    return ("L" if d < 0 else "R") + bucket


@lru_cache(maxsize=1 << 16)  # word forms repeat; bounded for corpora of any size
def _shape(token: str) -> str:
    if token in OPEN_MARKS:
        return "qopen"
    if token in CLOSE_MARKS:
        return "qclose"
    if token == '"':
        return "qstraight"
    if token[0].isdigit():
        return "digit"
    if token[0].isupper():
        return "Cap"
    if token[0].isalpha():
        return "low"
    return "punct:" + token


def _static_features(facts: DocFacts, lexicon: Lexicon) -> list[list[str]]:
    """Features of every token that do not depend on the anchor, built once per document
    (on its first anchor) with list comprehensions rather than a call per token."""
    lower = facts.lower
    n = len(lower)
    classes = [lexicon.class_features.get(w, ()) for w in lower]
    facts.classes = classes
    before = [tuple("-1" + c for c in cs) if cs else () for cs in classes]
    after = [tuple("+1" + c for c in cs) if cs else () for cs in classes]
    previous = ["BOD", *("w-1=" + w for w in lower[:-1])][:n]
    following = [*("w+1=" + w for w in lower[1:]), "EOD"][-n:] if n else []
    previous2 = ["BOD2", "BOD2", *("w-2=" + w for w in lower[:-2])][:n]
    following2 = [*("w+2=" + w for w in lower[2:]), "EOD2", "EOD2"][:n]
    firsts = set(facts.sentence_first)
    lasts = {last - 1 for last in facts.sentence_last}
    out = []
    for i, w in enumerate(lower):
        f = [
            "b",
            "w=" + w,
            "suf=" + w[-3:],
            "shape=" + _shape(facts.tokens[i]),
            *classes[i],
            previous[i],
            following[i],
            previous2[i],
            following2[i],
            "bi=" + (lower[i - 1] if i else "") + "_" + w,
        ]
        # The word classes of the neighbours mark noun-phrase edges ("der" before a source).
        if i:
            f += before[i - 1]
        if i + 1 < n:
            f += after[i + 1]
        if i in firsts:
            f.append("sfirst")
        if i in lasts:
            f.append("slast")
        out.append(f)
    return out


def window_features(
    facts: DocFacts, anchor: Anchor, span: range, lexicon: Lexicon
) -> list[list[str]]:
    anchor_set = set(anchor.tokens)
    first, last = anchor.tokens[0], anchor.tokens[-1]
    anchor_sentence = anchor.sentence
    in_quote = facts.in_quote
    commas = facts.comma_prefix
    aq = "aq=1" if in_quote[first] else "aq=0"
    acls = "acls=" + anchor.cls + "|"
    alem = "alem=" + anchor.lemma + "|"
    n = len(in_quote)
    if facts.static is None:
        facts.static = _static_features(facts, lexicon)
    statics = facts.static
    out: list[list[str]] = []
    for i in span:
        if i in anchor_set:
            rel, n_commas = "A", 0
        elif i < first:
            rel, n_commas = _distance(i - first), commas[first] - commas[i + 1]
        else:
            rel, n_commas = _distance(i - last), commas[i] - commas[last + 1]
        direction = rel[0]
        sent = str(facts.sentence_of[i] - anchor_sentence)
        quoted = "q1" if in_quote[i] else "q0"
        f = [
            *statics[i],
            "rel=" + rel,
            "sent=" + sent,
            quoted,
            "commas=" + direction + str(min(n_commas, 3)),
            acls + direction,
            acls + direction + "|" + quoted + "|s" + sent,
            alem + direction,
            aq + quoted,
            "q-1=" + ("1" if i and in_quote[i - 1] else "0") + quoted,
            "q+1=" + ("1" if i + 1 < n and in_quote[i + 1] else "0") + quoted,
        ]
        f += [c + "|" + rel for c in facts.classes[i]]
        out.append(f)
    return out
