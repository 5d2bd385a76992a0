"""The role labeller: a linear-chain CRF that labels, for one cue anchor, every token of its
window as cue (C), source (S), addressee (A), message (Q), frame (F), speech of the same
source that continues without a cue (R), or nothing (O).

An anchor whose window gets no message token is not an attribution: the labeller is also the
filter that tells "sagte, dass …" from "bestätigen" in "nicht unabhängig zu bestätigen".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from zufolge.extract.attribution.cues import Anchor
from zufolge.extract.attribution.features import DocFacts, window, window_features
from zufolge.extract.attribution.lexicon import Lexicon

LABELS = ("C", "S", "A", "Q", "F", "R", "O")  # R: continued speech of the same source


def model_path(language: str) -> Path:
    return Path(str(resources.files("zufolge") / "models" / f"attribution-{language}.crfsuite"))


@cache
def _tagger(language: str):
    import pycrfsuite

    path = model_path(language)
    if not path.is_file():
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


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


def label_anchor(
    facts: DocFacts, anchor: Anchor, lexicon: Lexicon, language: str
) -> Labelled | None:
    tagger = _tagger(language)
    if tagger is None:
        return None
    span = window(facts, anchor, lexicon)
    labels = tagger.tag(window_features(facts, anchor, span, lexicon))
    if "Q" not in labels:
        labels = _likely_roles(tagger, labels)
    return Labelled(anchor, span, labels, facts.sentence_last[anchor.sentence])


# The best label sequence is all-or-nothing: an anchor whose message the model finds merely
# likely gets none. Below this Viterbi decision, roles whose marginal probability reaches the
# threshold are kept (tuned on de-news-quotes dev: recall up, precision barely down).
RESCUE_THRESHOLD = 0.2


def _likely_roles(tagger, labels: list[str]) -> list[str]:
    """Relabel tokens whose marginal probability of a role reaches RESCUE_THRESHOLD, when
    they make a message of at least two tokens."""
    n = len(labels)
    if "Q" not in tagger.labels():
        return labels
    message = [i for i in range(n) if tagger.marginal("Q", i) >= RESCUE_THRESHOLD]
    if len(message) < 2:
        return labels
    out = list(labels)
    for i in message:
        out[i] = "Q"
    known = tagger.labels()  # a model trained without frames (PolNeAR) has no F, A
    for role in ("C", "S", "F", "A"):
        if role not in known:
            continue
        for i in range(n):
            if out[i] == "O" and tagger.marginal(role, i) >= RESCUE_THRESHOLD:
                out[i] = role
    return out


def has_model(language: str) -> bool:
    return _tagger(language) is not None
