"""Token features for the entity tagger, and the tokens it looks at.

**Candidate runs.** Names are capitalised words, with at most two connectors between them
("Partei der Arbeit Koreas", "Bank of America") and, where the language says so, a leading
word ("the United Nations"); a capitalised function word ("Die", "But") is a connector. Only
such runs are tagged: other tokens are O by construction. In German that is about 35 % of the
tokens, in English 20 %; 97 % of GermEval's names and 86 % of MEANTIME's (whose spans nest
and include descriptions: "Airbus chief executive Noel Forgeard") lie inside one run.

**Cached per form.** What the tagger knows about a token that depends only on its written
form (the word, affixes, shape, gazetteer hints) is built once per form and language, in the
three roles a form plays: the token itself, its left neighbour, its right neighbour. A
token's feature list is then a concatenation of cached lists. Neighbours are the real
neighbours in the text (also outside the run), but stop at sentence boundaries (BOS/EOS), as
in the one-sentence training data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zufolge.extract.entities.data import EntityData

# Bounded so that a long batch with an open vocabulary cannot grow memory without end.
CACHE_LIMIT = 200_000
MAX_CONNECTORS = 2

# What a token can be in a run.
OTHER, NAME, CONNECTOR, LEADING = 0, 1, 2, 3

_SHAPE = str.maketrans(
    {
        **{c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ"},
        **{c: "x" for c in "abcdefghijklmnopqrstuvwxyzäöüß"},
        **{c: "d" for c in "0123456789"},
    }
)


@dataclass(frozen=True, slots=True)
class FormFeatures:
    kind: int  # OTHER, NAME, CONNECTOR or LEADING
    media_cue: bool  # introduces an outlet ("Tageszeitung", "newspaper")
    own: list[str]  # the token's own features
    left: list[str]  # as the token before another
    right: list[str]  # as the token after another


@dataclass(frozen=True, slots=True)
class Run:
    """Tokens ``[start, end)`` to tag, inside the sentence ``[sentence_start, sentence_end)``."""

    start: int
    end: int
    sentence_start: int
    sentence_end: int


_caches: dict[str, dict[str, FormFeatures]] = {}

BOS_LEFT = ["w-1=BOS"]
EOS_RIGHT = ["w+1=EOS"]


def shape(form: str) -> str:
    """Character classes with runs collapsed: "Kim" → "Xx", "Jong-un" → "Xx-x", "1990" → "d",
    "AfD" → "XxX"; letters outside the table are classed by ``str`` methods."""
    mapped = form.translate(_SHAPE)
    out: list[str] = []
    for char in mapped:
        if char not in "Xxd":
            char = ("X" if char.isupper() else "x") if char.isalpha() else char
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)


def _kind(form: str, data: EntityData) -> int:
    if form in data.leading_words:
        return LEADING
    if form in data.outlet_words:
        return NAME
    if any(c.isupper() for c in form):
        # "Die", "In", "But" capitalised at a sentence start begin no name (5 of GermEval's
        # 1,970 names do: "Den Haag"); inside one they may stand ("Partei Die Linke").
        return CONNECTOR if form.lower() in data.function_words else NAME
    if form in data.connectors:
        return CONNECTOR
    return OTHER


def _hints(form: str, data: EntityData) -> list[str]:
    """Gazetteer hints: which of the language's name lists the form belongs to."""
    hints = []
    if form in data.first_names:
        hints.append("fn")
    if form in data.places:
        hints.append("loc")
    if form in data.organisations:
        hints.append("orgn")
    if form in data.surnames:
        hints.append("sn")
    if form[:1].isupper() and data.org_words.matches(form):
        hints.append("org")
    if form in data.outlet_words:
        hints.append("out")
    if data.person_cues.matches(form):
        hints.append("pc")
    if data.media_cues.matches(form):
        hints.append("mc")
    if "-" in form:
        head = form.split("-", 1)[0]
        if head in data.places:
            hints.append("loc-")  # "Ukraine-Krieg": a place in a compound, not a name
    return hints


def form_features(form: str, data: EntityData) -> FormFeatures:
    lw = form.lower()
    sh = shape(form)
    hints = _hints(form, data)
    affixes = [f"s{k}={lw[-k:]}" for k in (2, 3, 4, 5)] + [f"p{k}={lw[:k]}" for k in (2, 3, 4)]
    own = ["w=" + lw, *affixes, "len=" + str(min(len(lw), 12)), "sh=" + sh]
    own += ["g=" + h for h in hints]
    if "-" in form and len(form) > 1:
        own.append("hl=" + lw.rsplit("-", 1)[1])
    left = ["w-1=" + lw, "sh-1=" + sh, *("g-1=" + h for h in hints)]
    right = ["w+1=" + lw, "sh+1=" + sh, *("g+1=" + h for h in hints)]
    media_cue = "mc" in hints
    return FormFeatures(_kind(form, data), media_cue, own, left, right)


def _cache(data: EntityData) -> dict[str, FormFeatures]:
    cache = _caches.get(data.language)
    if cache is None or len(cache) > CACHE_LIMIT:
        cache = _caches[data.language] = {}
    return cache


def forms_of(tokens: Sequence[str], data: EntityData) -> list[FormFeatures]:
    cache = _cache(data)
    get = cache.get

    def build(token: str) -> FormFeatures:
        found = cache[token] = form_features(token, data)
        return found

    return [get(token) or build(token) for token in tokens]


def candidate_runs(forms: Sequence[FormFeatures], bounds: Sequence[tuple[int, int]]) -> list[Run]:
    """Runs of name-like tokens per sentence: capitalised words, up to ``MAX_CONNECTORS``
    connectors between two of them, a leading word right before one."""
    runs: list[Run] = []
    for a, b in bounds:
        i = a
        while i < b:
            kind = forms[i].kind
            if not (kind == NAME or (kind == LEADING and i + 1 < b and forms[i + 1].kind == NAME)):
                i += 1
                continue
            start, i = i, i + 1
            end = i
            while i < b:
                kind = forms[i].kind
                if kind == NAME:
                    i += 1
                    end = i
                elif kind in (CONNECTOR, LEADING) and i - end < MAX_CONNECTORS:
                    i += 1
                else:
                    break
            runs.append(Run(start, end, a, b))
            i = end
    return runs


def run_features(forms: Sequence[FormFeatures], runs: Sequence[Run]) -> list[list[str]]:
    """One feature list per token of ``runs``, in order (the runs make one sequence)."""
    out: list[list[str]] = []
    for run in runs:
        a, b = run.sentence_start, run.sentence_end
        for i in range(run.start, run.end):
            f = forms[i]
            features = [
                *f.own,
                *(forms[i - 1].left if i > a else BOS_LEFT),
                *(forms[i + 1].right if i + 1 < b else EOS_RIGHT),
            ]
            if i == run.start:
                features.append("rs")  # a run starts: the tag before belongs to another run
            if i == a:
                features.append("first")  # sentence-initial: capitals say little
            out.append(features)
    return out
