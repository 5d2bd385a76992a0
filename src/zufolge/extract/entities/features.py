"""Token features for the entity tagger.

Everything the tagger knows about a token that depends only on its written form (the word,
affixes, shape, gazetteer hints) is built once per form and language and cached, in the
three roles a form plays: the token itself, its left neighbour, its right neighbour. A
token's feature list is then the concatenation of a few cached lists, so the per-token cost
in Python stays a list copy — the news vocabulary repeats, the cache hit rate is high.

Neighbours stop at sentence boundaries (BOS/EOS), as in the one-sentence training data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from zufolge.extract.entities.data import EntityData

# Bounded so that a long batch with an open vocabulary cannot grow memory without end.
CACHE_LIMIT = 200_000

_SHAPE = str.maketrans(
    {
        **{c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ"},
        **{c: "x" for c in "abcdefghijklmnopqrstuvwxyzäöüß"},
        **{c: "d" for c in "0123456789"},
    }
)


@dataclass(frozen=True, slots=True)
class FormFeatures:
    own: list[str]  # the token's own features
    left: list[str]  # as the token before another
    right: list[str]  # as the token after another
    left2: str  # two before
    right2: str  # two after


_caches: dict[str, dict[str, FormFeatures]] = {}

BOS_LEFT = ["w-1=BOS"]
EOS_RIGHT = ["w+1=EOS"]
BOS2 = "w-2=BOS"
EOS2 = "w+2=EOS"


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


def _hints(form: str, data: EntityData) -> list[str]:
    """Gazetteer hints: which of the language's name lists the form belongs to."""
    hints = []
    if form in data.first_names:
        hints.append("fn")
    if form in data.places:
        hints.append("loc")
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
    own = ["b", "w=" + lw, "s2=" + lw[-2:], "s3=" + lw[-3:], "s4=" + lw[-4:], "p3=" + lw[:3]]
    own.append("sh=" + sh)
    own += ["g=" + h for h in hints]
    if "-" in form and len(form) > 1:
        own.append("hl=" + lw.rsplit("-", 1)[1])
    left = ["w-1=" + lw, "sh-1=" + sh, *("g-1=" + h for h in hints)]
    right = ["w+1=" + lw, "sh+1=" + sh, *("g+1=" + h for h in hints)]
    return FormFeatures(own, left, right, "w-2=" + lw, "w+2=" + lw)


def _cache(data: EntityData) -> dict[str, FormFeatures]:
    cache = _caches.get(data.language)
    if cache is None or len(cache) > CACHE_LIMIT:
        cache = _caches[data.language] = {}
    return cache


def sequence_features(
    tokens: Sequence[str], bounds: Sequence[tuple[int, int]], data: EntityData
) -> list[list[str]]:
    """Features of every token of the sentences ``bounds`` (token ranges ``[start, end)``,
    in order, covering the tokens to tag); one list per token, in token order."""
    cache = _cache(data)
    forms: list[FormFeatures] = []
    for token in tokens:
        found = cache.get(token)
        if found is None:
            found = cache[token] = form_features(token, data)
        forms.append(found)
    out: list[list[str]] = []
    for start, end in bounds:
        for i in range(start, end):
            f = forms[i]
            features = [
                *f.own,
                *(forms[i - 1].left if i > start else BOS_LEFT),
                *(forms[i + 1].right if i + 1 < end else EOS_RIGHT),
                forms[i - 2].left2 if i - 1 > start else BOS2,
                forms[i + 2].right2 if i + 2 < end else EOS2,
            ]
            if i == start:
                features.append("first")
            out.append(features)
    return out
