"""Train the entity tagger from gold names (``zufolge train ner``), and cross-validate it.

Gold formats, told apart per record:

- GermEval 2014 (``de-ner-germeval2014``): ``spans`` with ``level``; outer spans labelled PER,
  LOC or ORG are names. OTH and the ``deriv``/``part`` variants are not: "ukrainische" and
  "EU-Budget" name nothing.
- MEANTIME ``ner.jsonl`` (``spans``) or ``meantime_en_docs.jsonl`` (``entity_mentions``): spans
  with ``syntactic_type`` "NAM" labelled PER, LOC or ORG. MEANTIME nests names ("Airbus parent
  EADS" holds "Airbus" and "EADS"); a flat tagger learns the innermost, which are the names.

Gold character spans index the record's ``text``; tokens are ours (``zufolge.analyze``), so
training sees the tokenisation that inference sees.
"""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from zufolge.analyze import analyze
from zufolge.clean import verbatim
from zufolge.extract.entities.data import entity_data
from zufolge.extract.entities.features import sequence_features
from zufolge.extract.entities.tagger import LABELS, open_tagger, sentence_bounds
from zufolge.model import Doc, RawDocument

C1 = 0.05
C2 = 0.05
ITERATIONS = 100


@dataclass(frozen=True, slots=True)
class GoldSpan:
    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class GoldDoc:
    id: str
    text: str
    spans: tuple[GoldSpan, ...]  # every gold name, nested ones included


def _names(record: dict) -> Iterator[GoldSpan]:
    if "entity_mentions" in record:
        raw = record["entity_mentions"]
    else:
        raw = record.get("spans") or []
    for span in raw:
        if span.get("label") not in LABELS:
            continue
        if "level" in span and span["level"] != "outer":
            continue
        if "syntactic_type" in span and span["syntactic_type"] != "NAM":
            continue
        yield GoldSpan(span["start"], span["end"], span["label"])


def gold_language(record: dict) -> str:
    """GermEval is German, MEANTIME English; other files say so in a ``language`` field."""
    if "language" in record:
        return record["language"]
    spans = record.get("entity_mentions") or record.get("spans") or [{}]
    return "de" if "level" in spans[0] else "en"


def read_gold(path: Path) -> list[GoldDoc]:
    docs = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            spans = tuple(sorted(set(_names(record)), key=lambda s: (s.start, s.end)))
            docs.append(GoldDoc(str(record.get("id") or record.get("doc_id") or n), record["text"], spans))
    return docs


def flat(spans: Iterable[GoldSpan]) -> list[GoldSpan]:
    """Non-overlapping spans, shortest first: the layer a BIO tagger can learn."""
    kept: list[GoldSpan] = []
    for span in sorted(spans, key=lambda s: (s.end - s.start, s.start)):
        if all(span.end <= k.start or k.end <= span.start for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def analyze_gold(doc: GoldDoc, language: str) -> Doc:
    return analyze(verbatim(RawDocument(path=None, text=doc.text)), language=language)


def bio_labels(doc: Doc, spans: list[GoldSpan]) -> list[str]:
    labels = ["O"] * len(doc.token_starts)
    for span in spans:
        inside = [
            i
            for i, (s, e) in enumerate(zip(doc.token_starts, doc.token_ends, strict=True))
            if s < span.end and e > span.start
        ]
        for k, i in enumerate(inside):
            labels[i] = ("B-" if k == 0 else "I-") + span.label
    return labels


def sequence(gold: GoldDoc, language: str) -> tuple[list[list[str]], list[str]]:
    """Features and BIO labels of one gold document's tokens (those inside sentences)."""
    doc = analyze_gold(gold, language)
    bounds = sentence_bounds(doc)
    labels = bio_labels(doc, flat(gold.spans))
    features = sequence_features(doc.tokens(), bounds, entity_data(language))
    return features, [labels[i] for a, b in bounds for i in range(a, b)]


def train_model(
    sequences: Iterable[tuple[list[list[str]], list[str]]],
    out: Path,
    *,
    c1: float = C1,
    c2: float = C2,
    iterations: int = ITERATIONS,
) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in sequences:
        if features:
            trainer.append(features, labels)
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True}
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def folds(n: int, k: int, seed: int = 13) -> list[list[int]]:
    """``k`` disjoint, shuffled parts of ``range(n)``."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [sorted(order[j::k]) for j in range(k)]


def cross_validate(
    docs: list[GoldDoc],
    language: str,
    k: int,
    predict: Callable[[Doc, object], list[GoldSpan]],
    *,
    c1: float = C1,
    c2: float = C2,
    iterations: int = ITERATIONS,
    seed: int = 13,
) -> list[list[GoldSpan]]:
    """Predictions for every document by a model that never saw it: train on k−1 folds,
    tag the held-out fold with ``predict(doc, tagger)``."""
    sequences = [sequence(d, language) for d in docs]
    predictions: list[list[GoldSpan]] = [[] for _ in docs]
    with tempfile.TemporaryDirectory() as tmp:
        for j, held_out in enumerate(folds(len(docs), k, seed)):
            held = set(held_out)
            path = Path(tmp) / f"fold{j}.crfsuite"
            train_model(
                (s for i, s in enumerate(sequences) if i not in held),
                path,
                c1=c1,
                c2=c2,
                iterations=iterations,
            )
            tagger = open_tagger(path)
            for i in held_out:
                predictions[i] = predict(analyze_gold(docs[i], language), tagger)
            tagger.close()
    return predictions
