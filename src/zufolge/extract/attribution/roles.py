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

    def tokens(self, label: str) -> list[int]:
        return [i for i, lab in zip(self.span, self.labels, strict=True) if lab == label]


def label_anchor(
    facts: DocFacts, anchor: Anchor, lexicon: Lexicon, language: str
) -> Labelled | None:
    tagger = _tagger(language)
    if tagger is None:
        return None
    span = window(facts, anchor)
    labels = tagger.tag(window_features(facts, anchor, span, lexicon))
    return Labelled(anchor, span, labels, facts.sentence_last[anchor.sentence])


def has_model(language: str) -> bool:
    return _tagger(language) is not None
