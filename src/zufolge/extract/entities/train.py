"""Train the entity tagger from gold names (``zufolge train ner``), and cross-validate it.

Gold formats, told apart per record:

- GermEval 2014 (``de-ner-germeval2014``): ``spans`` with ``level``; outer spans labelled PER,
  LOC or ORG are names. OTH and the ``deriv``/``part`` variants are not: "ukrainische" and
  "EU-Budget" name nothing.
- MEANTIME ``ner.jsonl`` (``spans``) or ``meantime_en_docs.jsonl`` (``entity_mentions``): spans
  with ``syntactic_type`` "NAM" labelled PER, LOC or ORG. MEANTIME nests names ("Airbus parent
  EADS" holds "Airbus" and "EADS"); a flat tagger learns the innermost, which are the names.
  MEANTIME types mentions only in the first lines of an article (title, date, four
  sentences); later lines mark event participants alone, untyped, so "Steve Jobs" there is no
  gold name. Training and scoring keep each article up to its last typed mention's line.

Gold character spans index the record's ``text``; tokens are ours (``zufolge.analyze``), so
training sees the tokenisation that inference sees.
"""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from zufolge.analyze import analyze
from zufolge.clean import verbatim
from zufolge.extract.entities.data import entity_data
from zufolge.extract.entities.features import Run, run_features
from zufolge.extract.entities.tagger import LABELS, doc_runs, open_tagger
from zufolge.model import Doc, RawDocument

# Chosen by 5-fold cross-validation on GermEval (three fold seeds); MEANTIME agrees.
C1 = 0.02
C2 = 0.1
ITERATIONS = 100


@dataclass(frozen=True, slots=True)
class GoldSpan:
    start: int
    end: int
    label: str
    # Which real-world referent the span names (MEANTIME's instance_id; our entity id), when
    # known. Not part of equality: spans match by offsets and label.
    referent: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class GoldDoc:
    id: str
    text: str
    spans: tuple[GoldSpan, ...]  # every gold name, nested ones included


def _names(record: dict) -> Iterator[GoldSpan]:
    for span in record.get("entity_mentions") or record.get("spans") or []:
        if span.get("label") not in LABELS:
            continue
        if "level" in span and span["level"] != "outer":
            continue
        if "syntactic_type" in span and span["syntactic_type"] != "NAM":
            continue
        yield GoldSpan(span["start"], span["end"], span["label"], span.get("instance_id"))


def gold_language(record: dict) -> str:
    """GermEval is German, MEANTIME English; other files say so in a ``language`` field."""
    if "language" in record:
        return record["language"]
    spans = record.get("entity_mentions") or record.get("spans") or [{}]
    return "de" if "level" in spans[0] else "en"


def _annotated_end(record: dict) -> int:
    """End of the part of ``text`` whose names are all annotated: all of it, except in
    MEANTIME, where it ends with the line of the last mention that has a syntactic type."""
    text = record["text"]
    mentions = record.get("entity_mentions") or record.get("spans") or []
    typed = [m["end"] for m in mentions if m.get("syntactic_type")]
    if not typed or not any("syntactic_type" in m for m in mentions):
        return len(text)
    line_end = text.find("\n", max(typed))
    return len(text) if line_end < 0 else line_end


def read_gold(path: Path) -> list[GoldDoc]:
    docs = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            end = _annotated_end(record)
            names = {s for s in _names(record) if s.end <= end}
            spans = tuple(sorted(names, key=lambda s: (s.start, s.end)))
            doc_id = str(record.get("id") or record.get("doc_id") or n)
            docs.append(GoldDoc(doc_id, record["text"][:end], spans))
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


def run_labels(doc: Doc, spans: list[GoldSpan], runs: list[Run]) -> list[str]:
    """BIO labels of the runs' tokens. A name that a run holds only in part ("Giacomo della
    Porta": "della" is no connector) is labelled in the part the run holds, B- at its start."""
    label_of = {}
    for span in spans:
        for i, (s, e) in enumerate(zip(doc.token_starts, doc.token_ends, strict=True)):
            if s < span.end and e > span.start:
                label_of[i] = span.label
    labels: list[str] = []
    for start, end, _, _ in runs:
        previous = ""
        for i in range(start, end):
            label = label_of.get(i, "")
            continues = label and label == previous and (i - 1) in label_of
            same_name = continues and _same_span(doc, spans, i)
            labels.append(("I-" if same_name else "B-") + label if label else "O")
            previous = label
    return labels


def _same_span(doc: Doc, spans: list[GoldSpan], i: int) -> bool:
    """Tokens ``i - 1`` and ``i`` lie in one gold span (not two adjacent names)."""
    s = doc.token_starts[i - 1]
    return any(span.start <= s and doc.token_ends[i] <= span.end for span in spans)


def sequence(gold: GoldDoc, language: str) -> tuple[list[list[bytes]], list[str]]:
    """Features and BIO labels of one gold document's candidate runs."""
    doc = analyze_gold(gold, language)
    forms, runs = doc_runs(doc, entity_data(language))
    return run_features(forms, runs), run_labels(doc, flat(gold.spans), runs)


def train_model(
    sequences: Iterable[tuple[list[list[bytes]], list[str]]],
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
    return predictions
