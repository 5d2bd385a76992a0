"""Fast inference for the linear-chain CRFs that ``zufolge train`` writes with python-crfsuite.

python-crfsuite scores every token by looking up each of its feature strings, again for every
window that contains the token. Our features are functions of a word, or of a small key (the
distance to the cue, the quotation state, …), that repeat across tokens, windows and
documents. ``CRFModel`` reads the weights out of the model file, so a caller sums the weights
of a key's feature strings once, caches the sum, and adds cached vectors per token.

Decoding runs on those emission scores in hmmlearn's compiled Viterbi and forward–backward:
a linear-chain CRF decodes like an HMM whose log transition matrix is the CRF's transition
weights, with no start weights. Handing crfsuite the scores instead costs a Python dict per
token (5× slower). ``tests/test_crf.py`` checks labels and marginals against crfsuite's own
tagger on the feature strings.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable
from functools import cache
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
from hmmlearn import _hmmc  # its compiled kernels; pinned to 0.3.x in pyproject.toml

_HEADER = struct.Struct("<4sI4sIIIIIIIII")  # CRF1d model file header (crfsuite's crf1m_model.c)
_FEATURE = np.dtype([("type", "<u4"), ("source", "<u4"), ("target", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1


class ModelFormatError(ValueError):
    pass


class CRFModel:
    """One crfsuite model: label names, a weight row per attribute, and transitions; decodes
    emission matrices."""

    def __init__(self, path: Path) -> None:
        data = path.read_bytes()
        magic, _, kind, _, _, n_labels, n_attributes, features_at, labels_at, attributes_at = (
            _HEADER.unpack_from(data, 0)[:10]
        )
        if magic != b"lCRF" or kind != b"FOMC":
            raise ModelFormatError(f"{path}: not a crfsuite CRF1d model")
        self.labels: tuple[str, ...] = tuple(_strings(data, labels_at))
        attributes = _strings(data, attributes_at)
        self.attribute_ids: dict[str, int] = {name: i for i, name in enumerate(attributes)}
        if len(self.labels) != n_labels or len(self.attribute_ids) != n_attributes:
            raise ModelFormatError(f"{path}: label or attribute tables are inconsistent")
        chunk, _, n_features = struct.unpack_from("<4sII", data, features_at)
        if chunk != b"FEAT":
            raise ModelFormatError(f"{path}: no feature chunk where the header says")
        features = np.frombuffer(data, _FEATURE, n_features, features_at + 12)
        # One extra all-zero row: features the model never saw look it up.
        self.weights = np.zeros((n_attributes + 1, n_labels))
        state = features[features["type"] == _STATE]
        self.weights[state["source"], state["target"]] = state["weight"]
        self.transitions = np.zeros((n_labels, n_labels))
        moves = features[features["type"] == _TRANSITION]
        self.transitions[moves["source"], moves["target"]] = moves["weight"]
        self._unknown = n_attributes
        # hmmlearn takes probabilities and works in their logarithms: these give back the
        # CRF's transition weights and no start weights.
        self._start = np.ones(n_labels)
        self._moves = np.exp(self.transitions)

    def weight(self, features: Iterable[str]) -> np.ndarray:
        """The summed weight rows of ``features``: their share of a token's emission scores."""
        ids = self.attribute_ids
        unknown = self._unknown
        return self.weights.take([ids.get(f, unknown) for f in features], axis=0).sum(axis=0)

    def weights_of(self, groups: list[list[str]]) -> np.ndarray:
        """``weight`` for many feature lists at once (one row each)."""
        if not groups:
            return np.zeros((0, len(self.labels)))
        names: list[Any] = []
        starts = []
        for group in groups:
            starts.append(len(names))
            names.append(_NO_NAME)  # its zero row keeps an empty group from borrowing a row
            names += group
        flat = list(map(self.attribute_ids.get, names, repeat(self._unknown, len(names))))
        # take(axis=0): for rows of a few labels, several times faster than fancy indexing
        return np.add.reduceat(self.weights.take(flat, axis=0), starts, axis=0)

    def tag(self, emissions: np.ndarray) -> list[str]:
        """Best label sequence for an (n_tokens × n_labels) emission matrix."""
        return list(map(self.labels.__getitem__, self.best_path(emissions).tolist()))

    def best_path(self, emissions: np.ndarray) -> np.ndarray:
        """``tag`` as indices into ``labels``."""
        _, path = _hmmc.viterbi(self._start, self._moves, emissions)
        return path

    def marginals(self, emissions: np.ndarray) -> np.ndarray:
        """Marginal probability of every label at every position (n_tokens × n_labels)."""
        total, forward = _hmmc.forward_log(self._start, self._moves, emissions)
        backward = _hmmc.backward_log(self._start, self._moves, emissions)
        return np.exp(forward + backward - total)


class WeightTable:
    """Summed weights of feature templates per key (a word, a token): for each key, one row
    per template, kept in a growing array. A document asks for the row ids of its keys
    once (the weights of keys not seen before are summed in one batch) and then gathers
    rows with index operations."""

    MAX_KEYS = 200_000  # starts afresh when full, for corpora of any size

    def __init__(self, model: CRFModel, *templates: Callable[[Any], list[str]]) -> None:
        self.model = model
        self.templates = templates
        self._ids: dict[Any, int] = {_ZERO_KEY: self.ZERO}
        # (keys, templates, labels); the first len(self._ids) keys are in use.
        self.rows = np.zeros((1024, len(templates), len(model.labels)))

    # Row 0 stays all zeros: a caller that knows a key has no weight in any template (no
    # feature string of it is in the model) uses it without building the strings.
    ZERO = 0

    def clear(self) -> None:
        """Forget all keys (their ids become invalid)."""
        self._ids = {_ZERO_KEY: self.ZERO}

    def ids(self, keys: list[Any]) -> np.ndarray:
        """Row ids of ``keys`` in ``rows``, computing the rows of keys not seen before. Ids
        are valid until the next call (a full table starts afresh)."""
        ids = self._ids
        new = list(set(keys).difference(ids))
        if new:
            if len(ids) - 1 + len(new) > self.MAX_KEYS:  # the zero key does not count
                self.clear()
                ids = self._ids
                new = list(set(keys))
            size = len(ids)
            if size + len(new) > len(self.rows):
                grown = np.zeros((2 * (size + len(new)), *self.rows.shape[1:]))
                grown[:size] = self.rows[:size]
                self.rows = grown
            # All templates in one batch: (templates × keys) sums, one gather.
            weights = self.model.weights_of([t(k) for t in self.templates for k in new])
            self.rows[size : size + len(new)] = weights.reshape(
                len(self.templates), len(new), -1
            ).transpose(1, 0, 2)
            ids.update((k, size + i) for i, k in enumerate(new))
        return np.fromiter(map(ids.__getitem__, keys), dtype=np.int64, count=len(keys))


_NO_NAME = object()  # a feature name no model has: its id is the zero row's
_ZERO_KEY = object()  # the key of WeightTable.ZERO, equal to no caller's key


def _strings(data: bytes, at: int) -> list[str]:
    """The strings of a crfsuite CQDB table, in id order (its backward array)."""
    chunk, _, _, _, count, backward_at = struct.unpack_from("<4sIIIII", data, at)
    if chunk != b"CQDB":
        raise ModelFormatError("string table missing")
    out = [""] * count
    for offset in np.frombuffer(data, "<u4", count, at + backward_at).tolist():
        i, size = struct.unpack_from("<II", data, at + offset)
        out[i] = data[at + offset + 8 : at + offset + 7 + size].decode()  # size counts the NUL
    return out


@cache
def load_model(path: str) -> CRFModel | None:
    """The model at ``path`` (loaded once per process), or None when there is no file."""
    file = Path(path)
    return CRFModel(file) if file.is_file() else None
