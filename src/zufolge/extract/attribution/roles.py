"""The role labeller: a linear-chain CRF that labels, for one cue anchor, every token of its
window as cue (C), source (S), addressee (A), message (Q), frame (F), speech of the same
source that continues without a cue (R), or nothing (O).

An anchor whose window gets no message token is not an attribution: the labeller is also the
filter that tells "sagte, dass …" from "bestätigen" in "nicht unabhängig zu bestätigen".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from zufolge.extract.attribution.cues import Anchor
from zufolge.extract.attribution.features import DocFacts, Scorer, window
from zufolge.extract.attribution.lexicon import Lexicon, load
from zufolge.extract.crf import CRFModel, load_model

LABELS = ("C", "S", "A", "Q", "F", "R", "O")  # R: continued speech of the same source


def model_path(language: str) -> Path:
    """The packaged model of ``language`` (where training writes by default)."""
    return _models_dir() / f"attribution-{language}.crfsuite"


@cache
def _models_dir() -> Path:
    # importlib.resources costs ~0.1 ms a call, and the path is asked for every document.
    return Path(str(resources.files("zufolge") / "models"))


def model_override(language: str) -> str:
    """Environment variable naming another model file to label with (``eval quotes --model``)."""
    return f"ZUFOLGE_ATTRIBUTION_MODEL_{language.upper()}"


def _scorer(language: str) -> Scorer | None:
    override, default = _model_names(language)
    return _scorer_at(os.environ.get(override) or default, language)


@cache
def _model_names(language: str) -> tuple[str, str]:
    # The override's variable name and the packaged model's path, built once: the scorer is
    # asked for twice per document.
    return model_override(language), str(model_path(language))


@cache
def _scorer_at(path: str, language: str) -> Scorer | None:
    model = load_model(path)
    return None if model is None else Scorer(model, load(language))


@dataclass(slots=True)
class Labelled:
    anchor: Anchor
    span: range
    labels: list[str]
    sentence_last: int  # end (exclusive) of the anchor's sentence, in tokens
    _by_label: dict[str, list[int]] | None = None  # token indices per label, built on first use

    def tokens(self, label: str) -> list[int]:
        if self._by_label is None:
            by_label: dict[str, list[int]] = {}
            for i, lab in zip(self.span, self.labels, strict=True):
                by_label.setdefault(lab, []).append(i)
            self._by_label = by_label
        return list(self._by_label.get(label, ()))


def label_anchors(
    facts: DocFacts, anchors: list[Anchor], lexicon: Lexicon, language: str
) -> list[Labelled]:
    """Label the window of every anchor of one document (all at once: windows overlap, and
    the tokens they share are scored once)."""
    scorer = _scorer(language)
    if scorer is None or not anchors:
        return []
    windows = [(anchor, window(facts, anchor, lexicon)) for anchor in anchors]
    out = []
    for (anchor, span), emissions in zip(windows, scorer.windows(facts, windows), strict=True):
        labels = scorer.model.tag(emissions)
        if "Q" not in labels:
            labels = _likely_roles(scorer.model, emissions, labels)
        out.append(Labelled(anchor, span, labels, facts.sentence_last[anchor.sentence]))
    return out


# The best label sequence is all-or-nothing: an anchor whose message the model finds merely
# likely gets none. Below this Viterbi decision, roles whose marginal probability reaches the
# threshold are kept (tuned on de-news-quotes dev: recall up, precision barely down).
RESCUE_THRESHOLD = 0.2


def _likely_roles(model: CRFModel, emissions: np.ndarray, labels: list[str]) -> list[str]:
    """Relabel tokens whose marginal probability of a role reaches RESCUE_THRESHOLD, when
    they make a message of at least two tokens."""
    if "Q" not in model.labels:
        return labels
    likely = model.marginals(emissions) >= RESCUE_THRESHOLD
    message = likely[:, model.labels.index("Q")].nonzero()[0].tolist()
    if len(message) < 2:
        return labels
    out = list(labels)
    for i in message:
        out[i] = "Q"
    for role in ("C", "S", "F", "A"):
        if role not in model.labels:
            continue  # a model trained without frames (PolNeAR) has no F, A
        column = likely[:, model.labels.index(role)]
        for i in column.nonzero()[0].tolist():
            if out[i] == "O":
                out[i] = role
    return out


def has_model(language: str) -> bool:
    return _scorer(language) is not None
