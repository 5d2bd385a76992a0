"""The entity tagger: a linear-chain CRF that labels the tokens of candidate runs (see
``features``) B-/I-PER, -ORG, -LOC or O.

All runs of a document make one sequence (one call into crfsuite: the call, not the token,
is what costs in Python); a mention never crosses a run.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from zufolge.analyze import token_texts
from zufolge.extract.crf import CRFModel, ModelFormatError
from zufolge.extract.entities.data import EntityData
from zufolge.extract.entities.features import (
    FormFeatures,
    Run,
    candidate_runs,
    forms_of,
    run_features,
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
    """A crfsuite tagger and the attribute names its model knows, the only features
    ``forms_of`` builds for it (see ``features``)."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self._crfsuite = pycrfsuite.Tagger()
        self._crfsuite.open(str(path))
        self.vocabulary: frozenset[str] | None
        try:
            self.vocabulary = frozenset(CRFModel(path).attribute_ids)
        except ModelFormatError:  # a model ``crf`` cannot read: crfsuite sorts the features out
            self.vocabulary = None

    def tag(self, features: list[list[bytes]]) -> list[str]:
        return self._crfsuite.tag(features)

    def close(self) -> None:
        self._crfsuite.close()


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
    return tag_runs(tagger, *doc_runs(doc, data, tagger))


def tag_runs(
    tagger: EntityTagger | None, forms: list[FormFeatures], runs: list[Run]
) -> list[TokenSpan]:
    if tagger is None or not runs:
        return []
    labels = tagger.tag(run_features(forms, runs))
    spans: list[TokenSpan] = []
    done = 0
    for start, end, _, _ in runs:
        n = end - start
        chunk = labels[done : done + n]
        if chunk.count("O") != n:  # most runs are a noun and nothing else
            spans += decode(chunk, start)
        done += n
    return spans
