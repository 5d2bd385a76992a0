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
token's feature list is then a concatenation of cached tuples (for training; the tagger
sums each tuple's weights once per form instead, see ``tagger``). Features are UTF-8 bytes,
which crfsuite takes as they are (a ``str`` it encodes anew for every token), and for a
given tagger only those its model knows (``vocabulary``): the others weigh nothing and would
only be looked up in vain. Neighbours are the real
neighbours in the text (also outside the run), but stop at sentence boundaries (BOS/EOS), as
in the one-sentence training data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress, repeat
from operator import is_

from zufolge.extract.entities.data import EntityData

# Bounded so that a long batch with an open vocabulary cannot grow memory without end.
CACHE_LIMIT = 200_000
MAX_CONNECTORS = 2

# What a token can be in a run: one letter each, so that a document's kinds make a string
# that one regex scans for runs.
OTHER, NAME, CONNECTOR, LEADING = "o", "N", "c", "l"
# A name, or a leading word right before one; then names with up to MAX_CONNECTORS
# connectors (or leading words) between two of them.
_RUN = re.compile(rf"(?:N|l(?=N))(?:[cl]{{0,{MAX_CONNECTORS}}}N)*")

_SHAPE = str.maketrans(
    {
        **{c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ"},
        **{c: "x" for c in "abcdefghijklmnopqrstuvwxyzäöüß"},
        **{c: "d" for c in "0123456789"},
    }
)


# What the tagger knows about a form: its kind (OTHER, NAME, CONNECTOR or LEADING), whether
# it introduces an outlet ("Tageszeitung", "newspaper"), and its features as the token itself
# (none for OTHER: it is never tagged), as the token before another, and after another;
# read by index (``form[KIND]``). A plain tuple, not a NamedTuple: the garbage collector
# stops tracking an exact tuple of strings and such tuples once it has looked at it, but
# tracks every instance of a tuple subclass for good, and a cache of 50,000 forms (1,000
# German articles) adds that many objects to every full collection.
FormFeatures = tuple[str, bool, tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...]]
KIND, MEDIA_CUE, OWN, LEFT, RIGHT = range(5)


# Tokens [start, end) to tag, inside the sentence [sentence_start, sentence_end): a tuple,
# read by unpacking, since a class's __init__ costs more than the search that finds the run.
Run = tuple[int, int, int, int]


# Per language and tagger vocabulary (None: every feature, as training needs them).
_caches: dict[tuple[str, frozenset[str] | None], dict[str, FormFeatures]] = {}
MAX_CACHES = 4  # a new model each time, as in cross-validation, starts the caches afresh

BOS_LEFT = (b"w-1=BOS",)
EOS_RIGHT = (b"w+1=EOS",)
RUN_START = b"rs"  # a run starts: the tag before belongs to another run
SENTENCE_START = b"first"  # sentence-initial: capitals say little


def shape(form: str) -> str:
    """Character classes with runs collapsed: "Kim" → "Xx", "Jong-un" → "Xx-x", "1990" → "d",
    "AfD" → "XxX"; letters outside the table are classed by ``str`` methods."""
    mapped = form.translate(_SHAPE)
    found = _shapes.get(mapped)
    if found is None:
        if len(_shapes) > CACHE_LIMIT:
            _shapes.clear()
        found = _shapes[mapped] = _collapsed(mapped)
    return found


# Shapes by translated form: few distinct ones ("Xxxxxx", "Xxxx-Xxxxx") make up most words.
_shapes: dict[str, str] = {}


def _collapsed(mapped: str) -> str:
    out: list[str] = []
    for char in mapped:
        if char not in "Xxd":
            char = ("X" if char.isupper() else "x") if char.isalpha() else char
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)


def _has_capital(form: str) -> bool:
    """Whether any character is uppercase; the first two tests settle almost every word."""
    if form.islower():  # cased characters, all lowercase
        return False
    if form[:1].isupper():
        return True
    return any(c.isupper() for c in form)


def _kind(form: str, lw: str, data: EntityData) -> str:
    """``lw``: the form in lowercase."""
    if form in data.leading_words:
        return LEADING
    if form in data.outlet_words:
        return NAME
    if _has_capital(form):
        # "Die", "In", "But" capitalised at a sentence start begin no name (5 of GermEval's
        # 1,970 names do: "Den Haag"); inside one they may stand ("Partei Die Linke").
        return CONNECTOR if lw in data.function_words else NAME
    if form in data.connectors:
        return CONNECTOR
    return OTHER


def _hints(form: str, lw: str, data: EntityData) -> list[str]:
    """Gazetteer hints: which of the language's name lists the form (lowercase ``lw``)
    belongs to."""
    hints = []
    if form in data.first_names:
        hints.append("fn")
    if form in data.places:
        hints.append("loc")
    if form in data.organisations:
        hints.append("orgn")
    if form in data.surnames:
        hints.append("sn")
    if form[:1].isupper() and data.org_words.matches(form, lw):
        hints.append("org")
    if form in data.outlet_words:
        hints.append("out")
    if data.person_cues.matches(form, lw):
        hints.append("pc")
    if data.media_cues.matches(form, lw):
        hints.append("mc")
    if "-" in form:
        head = form.split("-", 1)[0]
        if head in data.places:
            hints.append("loc-")  # "Ukraine-Krieg": a place in a compound, not a name
    return hints


# "len=0" … "len=12": the length feature, capped.
_LENGTHS = [f"len={n}" for n in range(13)]


def form_features(
    form: str, data: EntityData, vocabulary: frozenset[str] | None = None
) -> FormFeatures:
    """The form's features, only those in ``vocabulary`` if given."""
    return _form_features(form, data, None if vocabulary is None else _encoding(vocabulary))


def _form_features(form: str, data: EntityData, encoding: dict[str, bytes] | None) -> FormFeatures:
    lw = form.lower()
    kind = _kind(form, lw, data)
    sh = shape(form)
    hints = _hints(form, lw, data)
    left = ("w-1=" + lw, "sh-1=" + sh)
    right = ("w+1=" + lw, "sh+1=" + sh)
    if hints:
        left += tuple(["g-1=" + hint for hint in hints])
        right += tuple(["g+1=" + hint for hint in hints])
    own: tuple[bytes, ...] = ()
    if kind != OTHER:  # an OTHER token is never in a run, so its own features go unused
        # spelt out: a comprehension over the affix lengths costs three times as much
        names = (
            "w=" + lw,
            "s2=" + lw[-2:],
            "s3=" + lw[-3:],
            "s4=" + lw[-4:],
            "s5=" + lw[-5:],
            "p2=" + lw[:2],
            "p3=" + lw[:3],
            "p4=" + lw[:4],
            _LENGTHS[min(len(lw), 12)],
            "sh=" + sh,
        )
        if hints:
            names += tuple(["g=" + hint for hint in hints])
        if "-" in form and len(form) > 1:
            names += ("hl=" + lw.rsplit("-", 1)[1],)
        own = _encoded(names, encoding)
    return kind, "mc" in hints, own, _encoded(left, encoding), _encoded(right, encoding)


def _encoded(features: tuple[str, ...], encoding: dict[str, bytes] | None) -> tuple[bytes, ...]:
    if encoding is None:
        return tuple([f.encode() for f in features])
    return tuple(filter(None, map(encoding.get, features)))  # the known ones (never b"")


# Per tagger vocabulary, its features as bytes: one lookup tells whether the model knows a
# feature and gives its bytes, and all forms share one bytes object per feature (less memory
# for crfsuite to read than a copy per form).
_encodings: dict[frozenset[str], dict[str, bytes]] = {}


def _encoding(vocabulary: frozenset[str]) -> dict[str, bytes]:
    found = _encodings.get(vocabulary)
    if found is None:
        if len(_encodings) >= MAX_CACHES:
            _encodings.clear()
        found = _encodings[vocabulary] = {name: name.encode() for name in vocabulary}
    return found


def _cache(data: EntityData, vocabulary: frozenset[str] | None) -> dict[str, FormFeatures]:
    key = (data.language, vocabulary)
    cache = _caches.get(key)
    if cache is None or len(cache) > CACHE_LIMIT:
        if cache is None and len(_caches) >= MAX_CACHES:
            _caches.clear()
        cache = _caches[key] = {}
    return cache


def forms_of(
    tokens: Sequence[str], data: EntityData, vocabulary: frozenset[str] | None = None
) -> list[FormFeatures]:
    """The cached ``form_features`` of each token."""
    cache = _cache(data, vocabulary)
    forms: list[FormFeatures | None] = list(map(cache.get, tokens))
    if None in forms:
        encoding = None if vocabulary is None else _encoding(vocabulary)
        # Only the few tokens not found are visited: a second lookup of every token, or a
        # set of them all, would cost more than the new forms' own features.
        for i in compress(range(len(forms)), map(is_, forms, repeat(None))):
            token = tokens[i]
            form = cache.get(token)  # a new form seen before in this document
            if form is None:
                form = cache[token] = _form_features(token, data, encoding)
            forms[i] = form
    return forms  # type: ignore[return-value]  # no None left


def candidate_runs(forms: Sequence[FormFeatures], bounds: Sequence[tuple[int, int]]) -> list[Run]:
    """Runs of name-like tokens per sentence: capitalised words, up to ``MAX_CONNECTORS``
    connectors between two of them, a leading word right before one."""
    kinds = "".join([f[KIND] for f in forms])
    return [(*match.span(), a, b) for a, b in bounds for match in _RUN.finditer(kinds, a, b)]


def run_features(forms: Sequence[FormFeatures], runs: Sequence[Run]) -> list[list[bytes]]:
    """One feature list per token of ``runs``, in order (the runs make one sequence)."""
    out: list[list[bytes]] = []
    for start, end, a, b in runs:
        for i in range(start, end):
            f = forms[i]
            features = [
                *f[OWN],
                *(forms[i - 1][LEFT] if i > a else BOS_LEFT),
                *(forms[i + 1][RIGHT] if i + 1 < b else EOS_RIGHT),
            ]
            if i == start:
                features.append(RUN_START)
            if i == a:
                features.append(SENTENCE_START)
            out.append(features)
    return out
