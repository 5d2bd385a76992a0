"""The entity tagger: a linear-chain CRF that labels the tokens of candidate runs (see
``features``) B-/I-PER, -ORG, -LOC or O.

All runs of a document make one sequence (one decoding: the call, not the token, is what
costs in Python); a mention never crosses a run.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import accumulate, chain, compress, repeat
from operator import is_
from pathlib import Path

import numpy as np

from zufolge.analyze import token_texts
from zufolge.extract.crf import CRFModel
from zufolge.extract.entities.data import EntityData
from zufolge.extract.entities.features import (
    BOS_LEFT,
    CACHE_LIMIT,
    EOS_RIGHT,
    LEFT,
    OWN,
    RIGHT,
    RUN_START,
    SENTENCE_START,
    FormFeatures,
    Run,
    candidate_runs,
    forms_of,
)
from zufolge.model import Doc

LABELS = ("PER", "ORG", "LOC")


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs four times as much
class TokenSpan:
    """Tokens ``[start, end)`` of one mention and its label."""

    start: int
    end: int
    label: str


def model_path(language: str) -> Path:
    return Path(str(resources.files("zufolge") / "models" / f"ner-{language}.crfsuite"))


class EntityTagger:
    """A CRF tagger and the attribute names its model knows, the only features ``forms_of``
    builds for it (see ``features``).

    A token's emission scores are the summed weights of its form's own features, of its
    left neighbour's left features and of its right neighbour's right features (plus the
    run and sentence start flags). Those three sums are kept per form, as rows of arrays
    (the first time a form is seen, in one batch per document), so a document's scores are
    a few array gathers, decoded by ``CRFModel.best_path``: crfsuite would convert and look
    up every feature string of every token again. A tagger serves one language's
    ``EntityData`` (the rows are keyed by the word alone).
    """

    def __init__(self, path: Path) -> None:
        # A model our reader cannot take raises ModelFormatError, as the labeller's does:
        # training writes the format it reads.
        self.model = model = CRFModel(path)
        self.labels = model.labels
        self.outside = model.labels.index("O")
        self.vocabulary: frozenset[str] = frozenset(model.attribute_ids)
        # Features come as the bytes ``forms_of`` builds; unknown ones take the zero row.
        self._attribute_ids = {name.encode(): i for name, i in model.attribute_ids.items()}
        self._unknown = len(model.weights) - 1
        width = len(model.labels)
        self._run_start = model.weights[self._feature_ids([RUN_START])].sum(axis=0)
        self._sentence_start = model.weights[self._feature_ids([SENTENCE_START])].sum(axis=0)
        # Per form: the summed weights of its OWN, LEFT and RIGHT features.
        self._own = np.zeros((1024, width))
        self._left = np.zeros((1024, width))
        self._right = np.zeros((1024, width))
        self._left[_BOS_ROW] = model.weights[self._feature_ids(BOS_LEFT)].sum(axis=0)
        self._right[_EOS_ROW] = model.weights[self._feature_ids(EOS_RIGHT)].sum(axis=0)
        self._rows: dict[object, int] = {}
        self._clear_rows()

    def _feature_ids(self, features: Iterable[bytes]) -> list[int]:
        return list(map(self._attribute_ids.get, features, repeat(self._unknown)))

    def _clear_rows(self) -> None:
        self._rows = {_BOS: _BOS_ROW, _EOS: _EOS_ROW}

    def tag(self, features: list[list[bytes]]) -> list[str]:
        """Labels of one sequence given as feature lists (slow: a reference for tests)."""
        weights = self.model.weights
        emissions = np.stack([weights[self._feature_ids(f)].sum(axis=0) for f in features])
        return self.model.tag(emissions)

    def tag_runs(
        self, tokens: Sequence[str], forms: Sequence[FormFeatures], runs: Sequence[Run]
    ) -> list[str]:
        """Labels of all tokens of ``runs``, tagged as one sequence (as in ``run_features``)."""
        return [self.labels[i] for i in self.label_ids(tokens, forms, runs).tolist()]

    def label_ids(
        self, tokens: Sequence[str], forms: Sequence[FormFeatures], runs: Sequence[Run]
    ) -> np.ndarray:
        """``tag_runs`` as indices into ``labels``."""
        # Each run's tokens framed by its neighbours (BOS, EOS at a sentence's ends): the
        # token positions whose rows the scores gather; ``inside``: where the tokens are.
        n = len(tokens)
        positions: list[int] = []
        inside: list[int] = []
        run_starts: list[int] = []  # each run's first token, as a row of the emissions
        sentence_starts: list[int] = []
        for start, end, a, b in runs:
            positions.append(start - 1 if start > a else n)
            if start == a:
                sentence_starts.append(len(inside))
            run_starts.append(len(inside))
            inside += range(len(positions), len(positions) + end - start)
            positions += range(start, end)
            positions.append(end if end < b else n + 1)
        keys = list(map([*tokens, _BOS, _EOS].__getitem__, positions))
        ids = list(map(self._rows.get, keys))
        if None in ids:
            ids = self._add_rows(keys, ids, positions, forms)
        at = np.fromiter(ids, dtype=np.int64, count=len(ids))
        where = np.fromiter(inside, dtype=np.int64, count=len(inside))
        emissions = (
            self._own.take(at.take(where), axis=0)
            + self._left.take(at.take(where - 1), axis=0)
            + self._right.take(at.take(where + 1), axis=0)
        )
        # Index arrays, not lists: numpy converts a list index slowly.
        firsts = np.fromiter(run_starts, dtype=np.int64, count=len(run_starts))
        emissions[firsts] += self._run_start
        if sentence_starts:
            at_sentence = np.fromiter(sentence_starts, dtype=np.int64, count=len(sentence_starts))
            emissions[at_sentence] += self._sentence_start
        return self.model.best_path(emissions)

    def _add_rows(
        self,
        keys: list[object],
        ids: list[int | None],
        positions: list[int],
        forms: Sequence[FormFeatures],
    ) -> list[int]:
        """Row ids of ``keys``, summing the rows of the forms not seen before (``ids`` None)."""
        rows = self._rows
        new: dict[object, FormFeatures] = {}
        for i in compress(range(len(ids)), map(is_, ids, repeat(None))):
            new[keys[i]] = forms[positions[i]]  # never BOS or EOS: those always have rows
        if len(rows) + len(new) > CACHE_LIMIT:  # bounded: start afresh
            self._clear_rows()
            rows = self._rows
            new = {k: forms[p] for k, p in zip(keys, positions, strict=True) if k not in rows}
        size = len(rows)
        needed = size + len(new)
        if needed > len(self._own):
            capacity = max(needed, min(2 * needed, CACHE_LIMIT + 2))
            for name in ("_own", "_left", "_right"):
                grown = np.zeros((capacity, self._own.shape[1]))
                grown[:size] = getattr(self, name)[:size]
                setattr(self, name, grown)
        # One batch: each new form's three feature groups, summed by reduceat.
        groups = [form[role] for role in (OWN, LEFT, RIGHT) for form in new.values()]
        lengths = list(map(len, groups))
        get, unknown = self._attribute_ids.get, self._unknown
        flat = list(map(get, chain.from_iterable(groups), repeat(unknown)))
        flat.append(unknown)  # an empty group at the end starts on a real (zero) row
        starts = list(accumulate(lengths, initial=0))
        starts.pop()
        sums = np.add.reduceat(self.model.weights.take(flat, axis=0), starts, axis=0)
        if 0 in lengths:  # reduceat gives an empty group its next row, not zeros
            sums[np.fromiter(lengths, dtype=np.int64, count=len(lengths)) == 0] = 0.0
        count = len(new)
        self._own[size:needed] = sums[:count]
        self._left[size:needed] = sums[count : 2 * count]
        self._right[size:needed] = sums[2 * count :]
        rows.update(zip(new, range(size, needed), strict=True))
        return list(map(rows.__getitem__, keys))


# Keys of the rows that frame a run at a sentence's ends: equal to no word.
_BOS, _EOS = object(), object()
_BOS_ROW, _EOS_ROW = 0, 1


def open_tagger(path: Path) -> EntityTagger:
    return EntityTagger(path)


@cache
def packaged_tagger(language: str) -> EntityTagger | None:
    """The shipped model for ``language``, or None (no model: "other", or not trained yet)."""
    path = model_path(language)
    return open_tagger(path) if path.is_file() else None


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the sentences that hold tokens."""
    starts = doc.token_starts
    bounds = []
    for s, e in doc.sentences:
        a, b = bisect_left(starts, s), bisect_left(starts, e)
        if b > a:
            bounds.append((a, b))
    return bounds


def decode(labels: list[str], offset: int = 0) -> list[TokenSpan]:
    """BIO labels → spans. An I- tag that does not continue a span of its label starts one:
    the tagger's rare inconsistency costs a boundary, not the mention."""
    spans: list[TokenSpan] = []
    start, current = -1, ""
    for i, tag in enumerate(labels):
        kind = tag[2:]
        if tag[0] == "I" and kind == current:
            continue
        if current:
            spans.append(TokenSpan(offset + start, offset + i, current))
        start, current = (i, kind) if tag != "O" else (-1, "")
    if current:
        spans.append(TokenSpan(offset + start, offset + len(labels), current))
    return spans


def doc_runs(
    doc: Doc, data: EntityData, tagger: EntityTagger | None = None
) -> tuple[list[FormFeatures], list[Run]]:
    """The cached form features of every token (only those ``tagger`` knows, if given), and
    the runs to tag."""
    forms = forms_of(token_texts(doc), data, tagger.vocabulary if tagger else None)
    return forms, candidate_runs(forms, sentence_bounds(doc))


def tag_doc(doc: Doc, tagger: EntityTagger | None, data: EntityData) -> list[TokenSpan]:
    return tag_runs(tagger, token_texts(doc), *doc_runs(doc, data, tagger))


def tag_runs(
    tagger: EntityTagger | None, tokens: list[str], forms: list[FormFeatures], runs: list[Run]
) -> list[TokenSpan]:
    if tagger is None or not runs:
        return []
    ids = tagger.label_ids(tokens, forms, runs).tolist()
    outside = tagger.outside
    if ids.count(outside) == len(ids):
        return []
    labels = tagger.labels
    spans: list[TokenSpan] = []
    done = 0
    for start, end, _, _ in runs:
        n = end - start
        chunk = ids[done : done + n]
        if chunk.count(outside) != n:  # most runs are a noun and nothing else
            spans += decode([labels[i] for i in chunk], start)
        done += n
    return spans
