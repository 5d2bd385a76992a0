"""Features for the role labeller: one window of tokens around one cue anchor.

Per-document facts (lowercased tokens, quotation regions, comma counts) are computed once by
``DocFacts``; per-window features are plain strings, as python-crfsuite wants them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate, chain, compress, pairwise, repeat
from operator import is_

import numpy as np

from zufolge.analyze import token_texts
from zufolge.extract.attribution.cues import Anchor
from zufolge.extract.attribution.lexicon import Lexicon
from zufolge.extract.crf import CRFModel, WeightTable
from zufolge.model import Doc

# Quotation regions: „…“ „…” »…« «…» “…” "…" (nested ‚…‘ and ›…‹ stay inside their outer quote).
QUOTE_REGION = re.compile(r"„[^„“”\n]*[“”]|»[^»«\n]*«|«[^»«\n]*»|“[^“”\n]*”|\"[^\"\n]*\"")
OPEN_MARKS = frozenset("„»“‚›")
CLOSE_MARKS = frozenset("“”«‘‹")


# Per token, what ``_relative`` needs besides the anchor: quoted ("q1"/"q0"), whether the
# tokens before and after are quoted ("1"/"0"), word classes.
TokenKey = tuple[str, str, str, tuple[str, ...]]


@dataclass(slots=True)
class DocFacts:
    tokens: list[str]
    lower: list[str]
    in_quote: list[bool]
    comma_prefix: list[int]  # commas among tokens [0, i)
    sentence_of: list[int]  # sentence index per token
    sentence_first: list[int]  # first token per sentence
    sentence_last: list[int]  # last token per sentence (exclusive end)
    static: list[list[str]] | None = None  # anchor-independent feature strings (training)
    token_keys: list[TokenKey] | None = None  # per-token part of the relative features
    arrays: tuple[np.ndarray, np.ndarray] | None = None  # comma_prefix, sentence_of


def doc_facts(doc: Doc) -> DocFacts:
    text = doc.text
    starts, ends = doc.token_starts, doc.token_ends
    tokens = token_texts(doc)  # sliced once per document, shared with the entity stage
    lower = list(map(str.lower, tokens))  # map: no Python frame per token
    in_quote = [False] * len(lower)
    for m in QUOTE_REGION.finditer(text):
        for i in range(bisect_right(ends, m.start()), bisect_left(starts, m.end())):
            in_quote[i] = True
    comma_prefix = list(accumulate(map(",".__eq__, lower), initial=0))  # ints from 0 + bools
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


# Not cached: the tagging path asks once per new token (its vocabulary keeps the result), and
# there a cache would only miss.
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


# Feature templates. Each is a function of a word or of a small key; the training path joins
# their strings per token (in the order the shipped models were trained with), the tagging
# path sums each template's weights once per key (``Scorer``). Both call the same templates.


def _own(token: str, lower: str, classes: tuple[str, ...]) -> list[str]:
    return ["w=" + lower, *_form(lower[-3:], _shape(token), classes)]


# A token's own features besides its word: what a word the model does not know scores by.
FormKey = tuple[str, str, tuple[str, ...]]  # suffix, shape, word classes


def _form(suffix: str, shape: str, classes: tuple[str, ...]) -> list[str]:
    return ["suf=" + suffix, "shape=" + shape, *classes]


def _left(lower: str) -> list[str]:
    return ["w-1=" + lower]


def _right(lower: str) -> list[str]:
    return ["w+1=" + lower]


def _left2(lower: str) -> list[str]:
    return ["w-2=" + lower]


def _right2(lower: str) -> list[str]:
    return ["w+2=" + lower]


# The word classes of the neighbours mark noun-phrase edges ("der" before a source).
def _left_classes(classes: tuple[str, ...]) -> list[str]:
    return ["-1" + c for c in classes]


def _right_classes(classes: tuple[str, ...]) -> list[str]:
    return ["+1" + c for c in classes]


def _pair(previous: str, lower: str) -> str:
    return "bi=" + previous + "_" + lower


BIAS, FIRST, LAST = "b", "sfirst", "slast"
NO_LEFT, NO_RIGHT, NO_LEFT2, NO_RIGHT2 = ["BOD"], ["EOD"], ["BOD2"], ["EOD2"]

# Distance buckets of a token to the anchor: left, right, on the anchor.
REL_NAMES = (
    *(side + bucket for side in "LR" for bucket in ("1", "2", "3-5", "6-10", "11-20", "far")),
    "A",
)
_ON_ANCHOR = len(REL_NAMES) - 1
_BUCKET_EDGES = np.array([1, 2, 5, 10, 20])
# The neighbours the templates _left, _right, _left2, _right2 read, in that order; with the
# token itself first, what scoring reads around a token.
_NEIGHBOUR_SHIFTS = np.array([[-1], [1], [-2], [2]])
_AROUND = np.array([[0], *_NEIGHBOUR_SHIFTS.tolist()])
_NEIGHBOUR_ROLES = np.arange(len(_NEIGHBOUR_SHIFTS))[:, None]  # column in Scorer._near

AnchorKey = tuple[str, str, str]  # "acls=<class>|", "alem=<lemma>|", "aq=<in quote>"


def _relative(rel: str, sent: str, n_commas: int, quoted: str) -> list[str]:
    """Where a token stands to the anchor: distance bucket ``rel`` ("A" on the anchor,
    "L3-5", "R1", …), sentence offset, commas between, quotation state."""
    return ["rel=" + rel, "sent=" + sent, quoted, "commas=" + rel[0] + str(n_commas)]


def _anchored(anchor: AnchorKey, direction: str, quoted: str, sent: str) -> list[str]:
    """The same, conjoined with the anchor's class, lemma and quotation state."""
    acls, alem, aq = anchor
    return [
        acls + direction,
        acls + direction + "|" + quoted + "|s" + sent,
        alem + direction,
        aq + quoted,
    ]


def _neighbourhood(rel: str, token: TokenKey) -> list[str]:
    quoted, before, after, classes = token
    return ["q-1=" + before + quoted, "q+1=" + after + quoted, *(c + "|" + rel for c in classes)]


def _token_keys(facts: DocFacts, lexicon: Lexicon) -> list[TokenKey]:
    in_quote = facts.in_quote
    quoted = ["q1" if q else "q0" for q in in_quote]
    before = ["0", *("1" if q else "0" for q in in_quote[:-1])][: len(in_quote)]
    after = [*("1" if q else "0" for q in in_quote[1:]), "0"][-len(in_quote) :]
    classes = [lexicon.class_features.get(w, ()) for w in facts.lower]
    return list(zip(quoted, before, after, classes, strict=True)) if in_quote else []


def _anchor_key(facts: DocFacts, anchor: Anchor) -> AnchorKey:
    aq = "aq=1" if facts.in_quote[anchor.tokens[0]] else "aq=0"
    return "acls=" + anchor.cls + "|", "alem=" + anchor.lemma + "|", aq


def _union(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The same tokens as the half-open ``ranges``, as sorted disjoint ranges."""
    out: list[tuple[int, int]] = []
    for start, stop in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], stop))
        else:
            out.append((start, stop))
    return out


def _window_tokens(windows: list[tuple[Anchor, range]]) -> tuple[np.ndarray, list[int]]:
    """The tokens of each window's span, concatenated, and where each window starts in them
    (one more entry: the end)."""
    lengths = [len(span) for _, span in windows]
    offsets = list(accumulate(lengths, initial=0))
    # Position in the concatenation plus, per window, its first token minus its offset.
    shift = [span.start - offset for (_, span), offset in zip(windows, offsets, strict=False)]
    return np.arange(offsets[-1]) + np.array(shift).repeat(lengths), offsets


def _relative_codes(
    facts: DocFacts, windows: list[tuple[Anchor, range]], at: np.ndarray, offsets: list[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per token ``at`` of each window's span (as ``_window_tokens``): index into REL_NAMES,
    sentence offset to the anchor, and commas between token and anchor (capped at 3; negative
    between the parts of a split cue). One pass of array operations for all windows of a
    document."""
    if facts.arrays is None:
        facts.arrays = (np.array(facts.comma_prefix), np.array(facts.sentence_of))
    commas, sentence_of = facts.arrays
    lengths = [stop - start for start, stop in pairwise(offsets)]
    # One repeat for the three per-anchor numbers (ndarray methods: no Python wrapper).
    per_anchor = np.array(
        [(anchor.tokens[0], anchor.tokens[-1], anchor.sentence) for anchor, _ in windows]
    ).repeat(lengths, axis=0)
    first, last, sentence = per_anchor[:, 0], per_anchor[:, 1], per_anchor[:, 2]
    before = at < first
    offset = np.where(before, at - first, at - last)
    rel = _BUCKET_EDGES.searchsorted(np.abs(offset)) + 6 * (offset > 0)
    n_commas = np.where(before, commas[first] - commas[at + 1], commas[at] - commas[last + 1])
    on_anchor = [
        start + token - span.start
        for start, (anchor, span) in zip(offsets, windows, strict=False)
        for token in anchor.tokens
    ]
    rel[on_anchor] = _ON_ANCHOR
    n_commas[on_anchor] = 0
    return rel, sentence_of[at] - sentence, np.minimum(n_commas, 3)


def _static_features(facts: DocFacts, lexicon: Lexicon) -> list[list[str]]:
    """Features of every token that do not depend on the anchor (training path)."""
    lower, tokens = facts.lower, facts.tokens
    n = len(lower)
    classes = [lexicon.class_features.get(w, ()) for w in lower]
    firsts = set(facts.sentence_first)
    lasts = {last - 1 for last in facts.sentence_last}
    out = []
    for i, w in enumerate(lower):
        f = [
            BIAS,
            *_own(tokens[i], w, classes[i]),
            *(_left(lower[i - 1]) if i else NO_LEFT),
            *(_right(lower[i + 1]) if i + 1 < n else NO_RIGHT),
            *(_left2(lower[i - 2]) if i > 1 else NO_LEFT2),
            *(_right2(lower[i + 2]) if i + 2 < n else NO_RIGHT2),
            _pair(lower[i - 1] if i else "", w),
        ]
        if i:
            f += _left_classes(classes[i - 1])
        if i + 1 < n:
            f += _right_classes(classes[i + 1])
        if i in firsts:
            f.append(FIRST)
        if i in lasts:
            f.append(LAST)
        out.append(f)
    return out


def window_features(
    facts: DocFacts, anchor: Anchor, span: range, lexicon: Lexicon
) -> list[list[str]]:
    """The feature strings of every token in ``span`` for ``anchor`` (training path)."""
    if facts.static is None:
        facts.static = _static_features(facts, lexicon)
    if facts.token_keys is None:
        facts.token_keys = _token_keys(facts, lexicon)
    statics, token_keys = facts.static, facts.token_keys
    anchor_key = _anchor_key(facts, anchor)
    at, offsets = _window_tokens([(anchor, span)])
    rels, sents, commas = (
        a.tolist() for a in _relative_codes(facts, [(anchor, span)], at, offsets)
    )
    out = []
    for i, rel_code, sent_offset, n_commas in zip(span, rels, sents, commas, strict=True):
        rel, sent, token = REL_NAMES[rel_code], str(sent_offset), token_keys[i]
        out.append(
            [
                *statics[i],
                *_relative(rel, sent, n_commas, token[0]),
                *_anchored(anchor_key, rel[0], token[0], sent),
                *_neighbourhood(rel, token),
            ]
        )
    return out


class PairIndex:
    """The model's word-pair features (``_pair``) as numbers: each word of a pair gets an id,
    a pair the code ``first × size + second``, kept sorted, so a document's pairs are looked
    up with one ``searchsorted`` instead of a string built and hashed per token."""

    def __init__(self, model: CRFModel) -> None:
        prefix = _pair("", "")[:-1]
        self.word_ids: dict[str, int] = {}
        codes, attributes = [], []
        pairs = [(name, i) for name, i in model.attribute_ids.items() if name.startswith(prefix)]
        ids = self.word_ids
        for name, i in pairs:
            rest = name[len(prefix) :]
            # Every split at a separator: a word holding "_" itself still finds its pair.
            for at in (k for k, char in enumerate(rest) if char == "_"):
                first, second = rest[:at], rest[at + 1 :]
                codes.append((ids.setdefault(first, len(ids)), ids.setdefault(second, len(ids))))
                attributes.append(i)
        # The id of a word in no pair: a code holding it is in no pair either.
        self.no_word = len(self.word_ids)
        self.size = self.no_word + 1
        self.start = self.word_ids.get("", self.no_word)  # what the first token pairs with
        self.unknown = len(model.attribute_ids)  # the model's all-zero weight row
        # A sentinel code above every pair's, so that a search never runs off the end.
        flat = np.array([*(a * self.size + b for a, b in codes), self.size**2], dtype=np.int64)
        order = np.argsort(flat)
        self.codes = flat[order]
        self.attributes = np.array([*attributes, self.unknown], dtype=np.int64)[order]

    def attributes_of(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The attribute id of each pair (``first``, ``second``) of ``word_ids`` entries
        (``no_word`` for words in no pair), or the all-zero row's."""
        codes = first * self.size + second
        found = self.codes.searchsorted(codes)
        return np.where(self.codes[found] == codes, self.attributes[found], self.unknown)


class Scorer:
    """Emission scores of the role labeller's model for windows of one language (tagging
    path): the templates' weights summed once per word or key and cached as rows of arrays,
    so a window's scores are a few index operations."""

    # n_commas takes values in [-_COMMAS_BELOW, 3]; a window with a cue split by more
    # commas than that takes the slow path for those tokens.
    _COMMAS_BELOW = 12

    def __init__(self, model: CRFModel, lexicon: Lexicon) -> None:
        self.model = model
        self.lexicon = lexicon
        weight = model.weight
        self._bias = weight([BIAS])
        self._first, self._last = weight([FIRST]), weight([LAST])
        self._edges = np.stack([weight(f) for f in (NO_LEFT, NO_RIGHT, NO_LEFT2, NO_RIGHT2)])
        classes = lexicon.class_features
        # Own rows by token; a token whose word is no "w=" feature of the model by its
        # FormKey (its rows are the same: the unknown word adds an exact zero), so that the
        # many rare words of a new corpus share a few thousand rows.
        self._own = WeightTable(model, self._own_template)
        word_prefix = _own("x", "", ())[0]  # "w=" (a token is never empty)
        self._own_words = {
            name[len(word_prefix) :] for name in model.attribute_ids if name.startswith(word_prefix)
        }
        self._near = WeightTable(  # a word seen as the token before, after, two before/after
            model,
            lambda w: _left(w) + _left_classes(classes.get(w, ())),
            lambda w: _right(w) + _right_classes(classes.get(w, ())),
            _left2,
            _right2,
        )
        size = lexicon.window
        self._sent_shift = size.sentences_before
        self._n_sent = size.sentences_before + size.sentences_after + 1
        self._n_commas = self._COMMAS_BELOW + 4
        self._block = len(REL_NAMES) * self._n_sent * self._n_commas
        # A token's TokenKey as a number: its word-class combination × 8 + quotation bits.
        self._class_combos: list[tuple[str, ...]] = [(), *dict.fromkeys(classes.values())]
        combo_ids = {combo: i for i, combo in enumerate(self._class_combos)}
        self._class_ids = {word: combo_ids[combo] for word, combo in classes.items()}
        # Anchor-independent relative rows, a block per TokenKey; zeros until first needed
        # (untouched pages of np.zeros cost no memory).
        n_rows = len(self._class_combos) * 8 * self._block
        self._relative_rows = np.zeros((n_rows, len(model.labels)))
        self._relative_known = np.zeros(n_rows, dtype=bool)
        # Anchor-dependent rows, a block per AnchorKey (see _anchored_block); the keys come
        # from the lexicon's cue classes and lemmas, so they stay few.
        self._anchored: dict[AnchorKey, int] = {}
        self._anchored_size = 3 * 2 * self._n_sent
        self._anchored_rows = np.zeros((64 * self._anchored_size, len(model.labels)))
        self._pairs = PairIndex(model)
        # Words some neighbour template has a feature of; the others share the zero row.
        prefixes = tuple(f("")[0] for f in (_left, _right, _left2, _right2))
        self._near_words = {
            name[len(prefix) :]
            for name in model.attribute_ids
            for prefix in prefixes
            if name.startswith(prefix)
        }.union(classes)
        # The vocabulary: an id per distinct token (case kept), so that a document costs one
        # dict lookup per token; per id, what scoring reads of the token and its lowercase
        # form, in arrays that a document gathers from, filled when the token is first seen.
        # The weight tables hold at most one key per id, so they never start afresh on their
        # own (which would leave rows stale): only with the vocabulary.
        self._vocab: dict[str, int] = {}
        self._combo = np.zeros(1024, dtype=np.int64)  # class combination (as _class_ids)
        self._pair_word = np.zeros(1024, dtype=np.int64)  # PairIndex word id
        self._own_row = np.zeros(1024, dtype=np.int64)  # row in self._own
        self._near_row = np.zeros(1024, dtype=np.int64)  # row in self._near

    def windows(self, facts: DocFacts, windows: list[tuple[Anchor, range]]) -> list[np.ndarray]:
        """The emission matrix of each (anchor, span) of one document."""
        if not windows:
            return []
        n = len(facts.lower)
        spans = _union([(span.start, span.stop) for _, span in windows])
        read = np.concatenate([np.arange(start, stop) for start, stop in spans])
        # Only the tokens some window reads, and the neighbours their features read.
        margin = int(_NEIGHBOUR_SHIFTS.max())
        widened = [(max(start - margin, 0), min(stop + margin, n)) for start, stop in spans]
        vocab_ids = self._vocab_ids(facts.tokens, _union(widened))
        static = self._static(facts, vocab_ids, read)
        row_of = np.zeros(n, dtype=np.int64)  # a read token's row in ``static``
        row_of[read] = np.arange(len(read))
        at, offsets = _window_tokens(windows)
        token_ids, quoted = self._token_arrays(facts, vocab_ids, at)
        rel, sent, n_commas = _relative_codes(facts, windows, at, offsets)
        sent_index = sent + self._sent_shift
        commas_index = n_commas + self._COMMAS_BELOW
        codes = token_ids * self._block + (
            (rel * self._n_sent + sent_index) * self._n_commas + np.maximum(commas_index, 0)
        )
        self._fill(codes)
        # The anchor-dependent rows: each window indexes its anchor's block.
        blocks = [self._anchored_block(_anchor_key(facts, anchor)) for anchor, _ in windows]
        block_at = np.array(blocks).repeat([stop - start for start, stop in pairwise(offsets)])
        direction = rel // 6  # 0 left, 1 right, 2 on the anchor
        anchored = self._anchored_rows.take(
            block_at + (direction * 2 + quoted) * self._n_sent + sent_index, axis=0
        )
        relative = self._relative_rows.take(codes, axis=0)
        scores = static.take(row_of[at], axis=0) + relative + anchored
        for j in (commas_index < 0).nonzero()[0].tolist():
            exact = self.model.weight(self._relative_template(codes[j], int(n_commas[j])))
            scores[j] += exact - self._relative_rows[codes[j]]
        return [scores[start:stop] for start, stop in pairwise(offsets)]

    def _vocab_ids(self, tokens: list[str], ranges: list[tuple[int, int]]) -> np.ndarray:
        """The vocabulary id of each token in ``ranges`` (0 elsewhere), adding the tokens not
        seen before."""
        wanted = list(chain.from_iterable(tokens[start:stop] for start, stop in ranges))
        vocab = self._vocab
        ids = list(map(vocab.get, wanted))
        if None in ids:
            self._add(list(set(compress(wanted, map(is_, ids, repeat(None))))), wanted)
            ids = list(map(vocab.__getitem__, wanted))
        wanted_ids = np.array(ids, dtype=np.int64)
        out = np.zeros(len(tokens), dtype=np.int64)
        done = 0
        for start, stop in ranges:
            out[start:stop] = wanted_ids[done : done + stop - start]
            done += stop - start
        return out

    def _add(self, new: list[str], wanted: list[str]) -> None:
        """Give the tokens ``new`` ids (all of ``wanted`` when the vocabulary is full) and
        look up or sum what scoring reads of them."""
        vocab = self._vocab
        if len(vocab) + len(new) > WeightTable.MAX_KEYS:
            # Start afresh, tables too (their keys are a subset), for corpora of any size.
            vocab.clear()
            self._own.clear()
            self._near.clear()
            new = list(set(wanted))
        size, stop = len(vocab), len(vocab) + len(new)
        if stop > len(self._combo):
            for name in ("_combo", "_pair_word", "_own_row", "_near_row"):
                grown = np.zeros(2 * stop, dtype=np.int64)
                grown[:size] = getattr(self, name)[:size]
                setattr(self, name, grown)
        # map: a new corpus brings dozens of new tokens per document, no Python frame each
        lowers = list(map(str.lower, new))
        self._combo[size:stop] = list(map(self._class_ids.get, lowers, repeat(0, len(new))))
        pair_ids = self._pairs.word_ids.get
        no_word = repeat(self._pairs.no_word, len(new))
        self._pair_word[size:stop] = list(map(pair_ids, lowers, no_word))
        # A token whose word is no "w=" feature is scored by its FormKey (see __init__).
        words, classes = self._own_words, self.lexicon.class_features
        own_keys: list[str | FormKey] = [
            token if lower in words else (lower[-3:], _shape(token), classes.get(lower, ()))
            for token, lower in zip(new, lowers, strict=True)
        ]
        self._own_row[size:stop] = self._own.ids(own_keys)
        # A word no neighbour feature knows takes the zero row without building its strings.
        known = list(map(self._near_words.__contains__, lowers))
        near = self._near_row[size:stop]
        near[:] = WeightTable.ZERO
        near[np.array(known, dtype=bool)] = self._near.ids(list(compress(lowers, known)))
        vocab.update(zip(new, range(size, stop), strict=True))

    def _own_template(self, key: str | FormKey) -> list[str]:
        if isinstance(key, str):
            lower = key.lower()
            return _own(key, lower, self.lexicon.class_features.get(lower, ()))
        return _form(*key)

    def _token_arrays(
        self, facts: DocFacts, vocab_ids: np.ndarray, at: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per token ``at``: its TokenKey as a number, and whether it is quoted (0/1)."""
        # Quoted bits with a zero before and after the document: token i is at i + 1.
        quoted = np.zeros(len(vocab_ids) + 2, dtype=np.int64)
        quoted[1:-1] = facts.in_quote
        own = quoted[at + 1]
        return self._combo[vocab_ids[at]] * 8 + own * 4 + quoted[at] * 2 + quoted[at + 2], own

    def _token_key(self, number: int) -> TokenKey:
        combo, bits = divmod(number, 8)
        return (
            "q1" if bits & 4 else "q0",
            "1" if bits & 2 else "0",
            "1" if bits & 1 else "0",
            self._class_combos[combo],
        )

    def _static(self, facts: DocFacts, vocab_ids: np.ndarray, at: np.ndarray) -> np.ndarray:
        """The emission share of the anchor-independent features of the tokens ``at``
        (ascending)."""
        n = len(vocab_ids)
        # The token and its neighbours, one row each; take(mode="clip"): a neighbour beyond
        # the document reads some token, and its edge row replaces what that gives.
        around = vocab_ids.take(at + _AROUND, mode="clip")
        # take(axis=0), not fancy indexing: for rows of a few labels, several times faster
        scores = self._own.rows.take(self._own_row[around[0]], axis=0)[:, 0] + self._bias
        near_rows = self._near.rows.reshape(-1, self._near.rows.shape[-1])  # key × template
        templates = len(_NEIGHBOUR_SHIFTS)
        near = near_rows.take(self._near_row[around[1:]] * templates + _NEIGHBOUR_ROLES, axis=0)
        if at[0] < -_NEIGHBOUR_SHIFTS.min() or at[-1] >= n - _NEIGHBOUR_SHIFTS.max():
            neighbours = at + _NEIGHBOUR_SHIFTS
            outside = (neighbours < 0) | (neighbours >= n)
            near[outside] = self._edges[outside.nonzero()[0]]
        for rows in near:  # one template after the other, as the training path sums them
            scores += rows
        pair_words = self._pair_word[around[:2]]  # the token's and the one before's
        if at[0] == 0:  # the document's first token: its "before" was clipped to itself
            pair_words[1, 0] = self._pairs.start
        pairs = self._pairs.attributes_of(pair_words[1], pair_words[0])
        scores += self.model.weights.take(pairs, axis=0)
        # Marks, as the training path's sets: an empty sentence shares its neighbour's edge.
        edge = np.zeros(n + 2, dtype=bool)
        edge[facts.sentence_first] = True
        marked = edge[at].nonzero()[0]
        scores[marked] = scores.take(marked, axis=0) + self._first
        edge[:] = False
        edge[facts.sentence_last] = True
        marked = edge[at + 1].nonzero()[0]
        scores[marked] = scores.take(marked, axis=0) + self._last
        return scores

    def _decode(self, code: int) -> tuple[TokenKey, str, str, int]:
        token_id, rest = divmod(code, self._block)
        rest, commas_index = divmod(rest, self._n_commas)
        rel_code, sent_index = divmod(rest, self._n_sent)
        return (
            self._token_key(token_id),
            REL_NAMES[rel_code],
            str(sent_index - self._sent_shift),
            commas_index - self._COMMAS_BELOW,
        )

    def _relative_template(self, code: int, n_commas: int | None = None) -> list[str]:
        token, rel, sent, coded_commas = self._decode(code)
        commas = coded_commas if n_commas is None else n_commas
        return [*_relative(rel, sent, commas, token[0]), *_neighbourhood(rel, token)]

    def _fill(self, codes: np.ndarray) -> None:
        """Compute the anchor-independent relative rows that ``codes`` need and lack."""
        lacking = codes[~self._relative_known[codes]]
        if len(lacking):
            # A set, not np.unique: a few dozen codes, and no lazy import of numpy.ma
            missing = list(set(lacking.tolist()))
            groups = [self._relative_template(code) for code in missing]
            self._relative_rows[missing] = self.model.weights_of(groups)
            self._relative_known[missing] = True

    def _anchored_block(self, anchor: AnchorKey) -> int:
        """The first of ``anchor``'s rows in ``self._anchored_rows``, by (direction × quoted ×
        sentence offset), summed when first asked for."""
        block = self._anchored.get(anchor)
        if block is None:
            rows = np.stack(
                [
                    self.model.weight(_anchored(anchor, side, quoted, str(sent - self._sent_shift)))
                    for side in "LRA"
                    for quoted in ("q0", "q1")
                    for sent in range(self._n_sent)
                ]
            )
            block = len(self._anchored) * self._anchored_size
            if block + len(rows) > len(self._anchored_rows):
                grown = np.zeros((2 * (block + len(rows)), len(self.model.labels)))
                grown[:block] = self._anchored_rows[:block]
                self._anchored_rows = grown
            self._anchored_rows[block : block + len(rows)] = rows
            self._anchored[anchor] = block
        return block
