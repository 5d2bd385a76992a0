"""``zufolge eval times``: time expressions against TIMEX gold, scored TempEval-3 style.

**Gold.** JSONL, one document a line: ``id``, ``dct`` (the document creation time, our
publication date), ``text``, ``spans`` (``start``, ``end``, ``text``, ``label``, ``value``);
optional ``lang`` (else the language is detected), ``body_start`` and per span ``is_dct``.
This is the shape of ``de-times-wikiwarsde``, ``en-times-tempeval3``, ``en-news-meantime``
(``timex.jsonl``) and of our own ``tests/fixtures/times/dev.jsonl``. Spans marked ``is_dct``
and everything before ``body_start`` (WikiWarsDE's header with the creation time) are not
scored, on either side. MEANTIME annotates only the start of each article (title, date line
and the first sentences: its gold never goes beyond the sixth line of ``text``), so for a
file under ``en-news-meantime`` only the first six lines are scored, on either side
(``--lines`` sets this for any file).

**Counting.** *strict*: a prediction is a true positive when a gold span has exactly its
offsets. *relaxed*: predictions and gold spans are paired one-to-one by overlap (largest
overlap first); a pair is a true positive. *value*: a relaxed pair whose values are equal
counts as correct; value precision = correct / predictions, recall = correct / gold spans
(TempEval-3's attribute F1, which equals relaxed F1 × value accuracy); value accuracy =
correct / relaxed pairs. Values are compared as strings, except that ISO week numbers are
compared without zero padding (TempEval writes ``2000-W7``, we write ``2000-W07``).

**Types.** Gold spans carry TIMEX3 types (DATE, TIME, DURATION, SET; WikiWarsDE only TIMEX2).
Our values imply one (``P…`` DURATION, ``…T…`` TIME, else DATE). Per gold type we report
relaxed and value recall, since a prediction only gets a type through its value.

Our extractor runs on each gold ``text`` verbatim (``zufolge.clean.verbatim``), so offsets
index the gold text, with the ``dct`` as publication date.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from zufolge.evaluate._common import Counts, fmt, print_table, with_progress

_WEEK = re.compile(r"-W0(\d)")


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    text: str
    value: str | None
    label: str


@dataclass(slots=True)
class GoldDocument:
    doc_id: str
    text: str
    dct: str | None
    language: str
    gold: list[Timex]
    body_start: int = 0
    body_end: int | None = None  # end of the annotated part (MEANTIME: the first lines)


@dataclass(slots=True)
class Score:
    strict: Counts = field(default_factory=Counts)
    relaxed: Counts = field(default_factory=Counts)
    value: Counts = field(default_factory=Counts)
    pairs: int = 0
    correct: int = 0
    gold_by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    found_by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    correct_by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    documents: int = 0

    def add(self, other: Score) -> None:
        self.strict.add(other.strict)
        self.relaxed.add(other.relaxed)
        self.value.add(other.value)
        self.pairs += other.pairs
        self.correct += other.correct
        for mine, theirs in (
            (self.gold_by_type, other.gold_by_type),
            (self.found_by_type, other.found_by_type),
            (self.correct_by_type, other.correct_by_type),
        ):
            for label, n in theirs.items():
                mine[label] += n
        self.documents += other.documents


@dataclass(slots=True)
class DocumentResult:
    gold: GoldDocument
    predicted: list[Timex]
    score: Score
    seconds: float  # find_times only


# ------------------------------------------------------------------------------- reading


# Gold files whose annotation covers only the first lines of each text.
ANNOTATED_LINES = {"en-news-meantime": 6}


def annotated_lines(path: str | Path) -> int | None:
    return next((n for name, n in ANNOTATED_LINES.items() if name in str(path)), None)


def end_of_lines(text: str, lines: int | None) -> int | None:
    end = -1
    for _ in range(lines or 0):
        end = text.find("\n", end + 1)
        if end < 0:
            return None
    return end if lines else None


def load_record(record: dict[str, Any], lines: int | None = None) -> GoldDocument:
    body_start = int(record.get("body_start") or 0)
    body_end = end_of_lines(record["text"], lines)
    gold = [
        Timex(s["start"], s["end"], s["text"], s.get("value"), s.get("label") or "TIMEX")
        for s in record.get("spans", [])
        if not s.get("is_dct")
        and s["start"] >= body_start
        and (body_end is None or s["start"] < body_end)
    ]
    return GoldDocument(
        doc_id=str(record.get("id", "")),
        text=record["text"],
        dct=record.get("dct"),
        language=record.get("lang") or "auto",
        gold=sorted(gold, key=lambda t: (t.start, t.end)),
        body_start=body_start,
        body_end=body_end,
    )


def read_gold(
    path: str | Path, limit: int | None = None, lines: int | None = None
) -> list[GoldDocument]:
    """Gold documents; ``lines`` limits scoring to the first lines of each text (default: as
    the set was annotated, see ``ANNOTATED_LINES``)."""
    lines = lines if lines is not None else annotated_lines(path)
    documents = []
    with open(path, encoding="utf-8") as records:
        for line in records:
            if line.strip():
                documents.append(load_record(json.loads(line), lines))
            if limit and len(documents) >= limit:
                break
    return documents


# ------------------------------------------------------------------------------- scoring


def value_type(value: str | None) -> str:
    if value is None:
        return "NONE"
    if value.startswith("P") and not value.endswith("_REF"):
        return "DURATION"
    return "TIME" if "T" in value[1:] and not value.endswith("_REF") else "DATE"


def same_value(predicted: str | None, gold: str | None) -> bool:
    if predicted is None or gold is None:
        return False
    return _WEEK.sub(r"-W\1", predicted) == _WEEK.sub(r"-W\1", gold)


def pair_by_overlap(predicted: list[Timex], gold: list[Timex]) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, gold index), largest overlap first."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            overlap = min(p.end, g.end) - max(p.start, g.start)
            if overlap > 0:
                candidates.append((-overlap, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def score_document(predicted: list[Timex], gold: list[Timex]) -> Score:
    score = Score(documents=1)
    exact = {(g.start, g.end) for g in gold} & {(p.start, p.end) for p in predicted}
    score.strict = Counts(len(exact), len(predicted) - len(exact), len(gold) - len(exact))
    pairs = pair_by_overlap(predicted, gold)
    score.relaxed = Counts(len(pairs), len(predicted) - len(pairs), len(gold) - len(pairs))
    score.pairs = len(pairs)
    for g in gold:
        score.gold_by_type[g.label] += 1
    for i, j in pairs:
        label = gold[j].label
        score.found_by_type[label] += 1
        if same_value(predicted[i].value, gold[j].value):
            score.correct += 1
            score.correct_by_type[label] += 1
    score.value = Counts(score.correct, len(predicted) - score.correct, len(gold) - score.correct)
    return score


def predict(document: GoldDocument) -> tuple[list[Timex], float]:
    from zufolge.analyze import analyze
    from zufolge.clean import verbatim
    from zufolge.extract.times import find_times, grammar_for
    from zufolge.model import RawDocument

    raw = RawDocument(path=None, text=document.text, published=document.dct)
    doc = analyze(verbatim(raw), language=document.language)
    grammar_for(doc.language)  # compiled once per language, outside the timing
    started = time.perf_counter()
    found = find_times(doc, document.dct)
    seconds = time.perf_counter() - started
    predicted = [
        Timex(t.span.start, t.span.end, t.span.text, t.value, value_type(t.value))
        for t in found
        if t.span.start >= document.body_start
        and (document.body_end is None or t.span.start < document.body_end)
    ]
    return predicted, seconds


def evaluate(
    path: str | Path, limit: int | None = None, progress: bool = False, lines: int | None = None
) -> tuple[Score, list[DocumentResult]]:
    documents = read_gold(path, limit, lines)
    total = Score()
    results = []
    for document in with_progress(documents, len(documents), "times", enabled=progress):
        predicted, seconds = predict(document)
        score = score_document(predicted, document.gold)
        total.add(score)
        results.append(DocumentResult(document, predicted, score, seconds))
    return total, results


# ------------------------------------------------------------------------------- report


def _row(c: Counts) -> dict[str, float | int]:
    p, r, f = c.prf()
    return {"precision": p, "recall": r, "f1": f, "tp": c.tp, "fp": c.fp, "fn": c.fn}


def report(score: Score, results: list[DocumentResult]) -> dict[str, Any]:
    chars = sum(len(r.gold.text) for r in results)
    seconds = sum(r.seconds for r in results)
    return {
        "documents": score.documents,
        "gold": score.relaxed.tp + score.relaxed.fn,
        "predicted": score.relaxed.tp + score.relaxed.fp,
        "strict": _row(score.strict),
        "relaxed": _row(score.relaxed),
        "value": _row(score.value),
        "value_accuracy": score.correct / score.pairs if score.pairs else None,
        "by_gold_type": {
            label: {
                "gold": n,
                "relaxed_recall": score.found_by_type[label] / n,
                "value_recall": score.correct_by_type[label] / n,
            }
            for label, n in sorted(score.gold_by_type.items())
        },
        "find_times_ms_per_10k_chars": 1e7 * seconds / chars if chars else None,
    }


def _context(text: str, start: int, end: int, width: int = 50) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"…{left}[{text[start:end]}]{right}…"


def error_lines(results: list[DocumentResult], count: int) -> list[str]:
    """Up to ``count`` errors of each sort: missed, spurious, wrong value."""
    missed, spurious, wrong = [], [], []
    for r in results:
        pairs = pair_by_overlap(r.predicted, r.gold.gold)
        paired_p = {i for i, _ in pairs}
        paired_g = {j for _, j in pairs}
        dct = (r.gold.dct or "")[:10]
        for j, g in enumerate(r.gold.gold):
            if j not in paired_g:
                missed.append(f"{dct} {g.value}  {_context(r.gold.text, g.start, g.end)}")
        for i, p in enumerate(r.predicted):
            if i not in paired_p:
                spurious.append(f"{dct} {p.value}  {_context(r.gold.text, p.start, p.end)}")
        for i, j in pairs:
            p, g = r.predicted[i], r.gold.gold[j]
            if not same_value(p.value, g.value):
                wrong.append(
                    f"{dct} ours {p.value} [{p.text}] gold {g.value} [{g.text}]  "
                    f"{_context(r.gold.text, g.start, g.end)}"
                )
    lines = []
    for title, items in (("missed", missed), ("spurious", spurious), ("wrong value", wrong)):
        lines.append(f"--- {title}: {len(items)}")
        lines.extend(items[:count])
    return lines


@click.command()
@click.option(
    "--gold",
    "gold",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Gold JSONL: de-times-wikiwarsde, en-times-tempeval3, en-news-meantime/timex.jsonl "
    "or tests/fixtures/times/dev.jsonl.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N documents.")
@click.option(
    "--lines",
    type=click.IntRange(min=1),
    help="Score only the first N lines of each text (default: 6 for en-news-meantime, else all).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--show-errors",
    type=click.IntRange(min=0),
    default=0,
    help="Print up to N missed, N spurious and N wrongly valued expressions.",
)
def command(
    gold: str, limit: int | None, lines: int | None, as_json: bool, show_errors: int
) -> None:
    """Score time expressions: strict and relaxed span P/R/F1, value F1 and value accuracy
    on relaxed matches (TempEval-3 style), recall per gold type.

    \b
    Examples:
      zufolge eval times --gold ../shared/data/de-times-wikiwarsde/wikiwarsde.jsonl
      zufolge eval times --gold ../shared/data/en-times-tempeval3/train-tbaq.jsonl
      zufolge eval times --gold ../shared/data/en-news-meantime/timex.jsonl --show-errors 20
      zufolge eval times --gold tests/fixtures/times/dev.jsonl --json
    """
    started = time.perf_counter()
    score, results = evaluate(gold, limit=limit, progress=True, lines=lines)
    result = report(score, results)
    result["seconds"] = round(time.perf_counter() - started, 1)
    if show_errors:
        for line in error_lines(results, show_errors):
            click.echo(line, err=as_json)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    rows = []
    for name in ("strict", "relaxed", "value"):
        row = result[name]
        figures = [fmt(100 * row[k], 1) for k in ("precision", "recall", "f1")]
        rows.append([name, *figures, *(str(row[k]) for k in ("tp", "fp", "fn"))])
    title = (
        f"{gold} — {result['documents']} documents, {result['gold']} gold, "
        f"{result['predicted']} predicted"
    )
    print_table(title, ["", "P", "R", "F1", "TP", "FP", "FN"], rows)
    accuracy = result["value_accuracy"]
    click.echo(f"value accuracy on relaxed matches: {fmt(accuracy and 100 * accuracy, 1)}")
    type_rows = [
        [
            label,
            str(row["gold"]),
            fmt(100 * row["relaxed_recall"], 1),
            fmt(100 * row["value_recall"], 1),
        ]
        for label, row in result["by_gold_type"].items()
    ]
    print_table("recall by gold type", ["type", "gold", "relaxed R", "value R"], type_rows)
    speed = result["find_times_ms_per_10k_chars"]
    click.echo(f"find_times: {fmt(speed, 3)} ms per 10,000 characters; {result['seconds']} s")
