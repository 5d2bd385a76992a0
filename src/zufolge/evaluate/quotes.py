"""``zufolge eval quotes``: the de-news-quotes attribution metric, our own implementation.

**Pairing.** Per document, predicted and gold attributions are paired one-to-one by an optimal
assignment (Hungarian method) maximising the summed pairing scores. The pairing score is the
token-overlap F1 of the two *quote* spans. When either side has no quote span (SpkAtt cues
without a Message, a prediction with an empty message) the score falls back to the F1 of the
*cue* spans, so an attribution without a quote can still be found by its cue; two attributions
that both have quotes are never paired by their cues. A pair whose score is 0 stays unpaired.
In de-news-quotes every gold attribution, Reported included, has a quote span, so there the
fallback only matters for predictions without a message.

**Counting.** Over all documents, tokens are counted per role: a token of a paired role span
that both have is a true positive, one only in the prediction a false positive, one only in the
gold a false negative; unpaired predictions count all their tokens as false positives, unpaired
gold all as false negatives. *roles* pools speaker, cue, frame and addressee; *joint* pools
those and the quote. Roles a set does not annotate (PolNeAR: frame, addressee; SpkAtt: frame)
are ignored on both sides.

**Tokens.** Gold tokens come from the set (see ``attribution_gold``); predictions are character
spans into the document text (the ``zufolge/1`` contract), and a gold token belongs to a
predicted span when the span covers at least one of its characters. We prefer this to a
majority rule because our tokeniser may split differently (``US-Fluggesellschaft``), and a span
that ends inside a token still names that token.

**Types.** The breakdown is by gold type: a gold attribution and the prediction paired with it
count under the gold type. An unpaired prediction counts under the type its own ``kind``
maps to (``direct`` → Direct, ``indirect``/``according_to`` → Indirect, ``free_indirect`` →
FreeIndirect, ``reported`` → Reported; ``reportive_modal`` → IndirectFreeIndirect); kinds
without a counterpart count under ``other``. For sets with a single type every unpaired
prediction goes to that type. So per-type precision sees the false alarms of that kind.

Our system is run on each gold document's ``text`` verbatim (``Options(clean=False)``), so its
offsets index the gold text; ``--predictions`` scores precomputed ``zufolge/1`` outputs instead
(matched to gold documents by ``document.id``, the hash of the text).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from zufolge.evaluate._common import Counts
from zufolge.evaluate.attribution_gold import (
    NEWS_QUOTES,
    POLNEAR,
    ROLES,
    GoldAttribution,
    GoldDocument,
    Offsets,
    Roles,
    read_gold,
    spans_of_tokens,
    token_index,
    tokens_of_spans,
)

# Our kinds → de-news-quotes types, for unpaired predictions in the per-type breakdown.
KIND_TO_TYPE = {
    "direct": "Direct",
    "indirect": "Indirect",
    "according_to": "Indirect",
    "free_indirect": "FreeIndirect",
    "reported": "Reported",
    "reportive_modal": "IndirectFreeIndirect",
}
OTHER_TYPE = "other"


@dataclass(slots=True)
class Score:
    roles: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    gold_by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    documents: int = 0
    gold: int = 0
    predicted: int = 0
    paired: int = 0

    def add(self, other: Score) -> None:
        for role in ROLES:
            self.roles[role].add(other.roles[role])
        for kind, counts in other.by_type.items():
            self.by_type[kind].add(counts)
        for kind, n in other.gold_by_type.items():
            self.gold_by_type[kind] += n
        self.documents += other.documents
        self.gold += other.gold
        self.predicted += other.predicted
        self.paired += other.paired

    def pooled(self, roles: tuple[str, ...]) -> Counts:
        total = Counts()
        for role in roles:
            total.add(self.roles[role])
        return total


@dataclass(frozen=True, slots=True)
class Prediction:
    """One predicted attribution as gold-token sets per role, with our kind."""

    roles: Roles
    kind: str = ""


# ---------------------------------------------------------------------------- pairing


def hungarian(cost: list[list[float]]) -> list[tuple[int, int]]:
    """Minimum-cost assignment of rows to columns (rectangular allowed), O(n²m).

    The shortest-augmenting-path form with potentials; matrices here are a few dozen wide.
    """
    n_rows, n_cols = len(cost), len(cost[0]) if cost else 0
    if not n_rows or not n_cols:
        return []
    transpose = n_rows > n_cols  # the algorithm wants rows ≤ columns
    matrix = [list(col) for col in zip(*cost, strict=True)] if transpose else cost
    n, m = len(matrix), len(matrix[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)  # p[j]: row matched to column j (1-based, 0 = none)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            row = matrix[i0 - 1]
            for j in range(1, m + 1):
                if not used[j]:
                    current = row[j - 1] - u[i0] - v[j]
                    if current < minv[j]:
                        minv[j], way[j] = current, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    pairs = [(p[j] - 1, j - 1) for j in range(1, m + 1) if p[j]]
    return [(c, r) for r, c in pairs] if transpose else pairs


def span_f1(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def pairing_score(predicted: Roles, gold: Roles) -> float:
    """Quote-span F1; cue-span F1 when either side has no quote."""
    empty: frozenset[int] = frozenset()
    if predicted.get("quote") and gold.get("quote"):
        return span_f1(predicted["quote"], gold["quote"])
    return span_f1(predicted.get("cue", empty), gold.get("cue", empty))


def pair(gold: list[GoldAttribution], predicted: list[Prediction]) -> dict[int, int]:
    """Optimal one-to-one pairing: gold index → prediction index, only pairs scoring > 0."""
    if not gold or not predicted:
        return {}
    scores = [[pairing_score(p.roles, g.roles) for g in gold] for p in predicted]
    assignment = hungarian([[-s for s in row] for row in scores])
    return {j: i for i, j in assignment if scores[i][j] > 0}


# ---------------------------------------------------------------------------- counting


def _role_counts(gold: Roles, predicted: Roles, role: str) -> Counts:
    empty: frozenset[int] = frozenset()
    g, p = gold.get(role, empty), predicted.get(role, empty)
    return Counts(len(g & p), len(p - g), len(g - p))


def predicted_type(prediction: Prediction, dataset: str) -> str:
    """The gold type an unpaired prediction is charged to in the breakdown."""
    if dataset == NEWS_QUOTES:
        return KIND_TO_TYPE.get(prediction.kind, OTHER_TYPE)
    if dataset == POLNEAR:  # its two types differ only by the presence of a source
        return "Attribution" if prediction.roles.get("speaker") else "Attribution-no-source"
    return "Attribution"


def score_document(
    gold: list[GoldAttribution],
    predicted: list[Prediction],
    roles: tuple[str, ...] = ROLES,
    dataset: str = NEWS_QUOTES,
) -> tuple[Score, dict[int, int]]:
    """Counts for one document and the pairing they rest on (gold index → prediction index)."""
    score = Score(documents=1, gold=len(gold), predicted=len(predicted))
    pairs = pair(gold, predicted)
    score.paired = len(pairs)
    for j, g in enumerate(gold):
        p = predicted[pairs[j]].roles if j in pairs else {}
        score.gold_by_type[g.kind] += 1
        for role in roles:
            c = _role_counts(g.roles, p, role)
            score.roles[role].add(c)
            score.by_type[g.kind].add(c)
    paired = set(pairs.values())
    for i, p in enumerate(predicted):
        if i in paired:
            continue
        kind = predicted_type(p, dataset)
        for role in roles:
            fp = len(p.roles.get(role, ()))
            score.roles[role].fp += fp
            score.by_type[kind].fp += fp
    return score, pairs


# ---------------------------------------------------------------------------- predictions


def _spans(items: list[dict[str, Any]] | None) -> list[tuple[int, int]]:
    return [(s["start"], s["end"]) for s in items or [] if s and s.get("start") is not None]


def predictions_from_contract(result: dict[str, Any], offsets: Offsets) -> list[Prediction]:
    """``zufolge/1`` attributions as gold-token sets: message → quote, source → speaker, …"""
    out = []
    index = token_index(offsets)
    for a in result.get("attributions", []):
        if a.get("kind") == "statement":
            continue  # the author's own statements (certainty layer) are not attributions
        spans = {
            "quote": _spans(a.get("message")),
            "speaker": _spans([a["source"]] if a.get("source") else []),
            "cue": _spans(a.get("cue")),
            "frame": _spans(a.get("frame")),
            "addressee": _spans([a["addressee"]] if a.get("addressee") else []),
        }
        roles = {role: tokens_of_spans(s, offsets, index) for role, s in spans.items() if s}
        out.append(Prediction({r: t for r, t in roles.items() if t}, str(a.get("kind") or "")))
    return out


def _analyze(doc: GoldDocument) -> tuple[dict[str, Any] | None, str | None]:
    """Run our pipeline on the gold text verbatim; an error is reported, never raised."""
    from zufolge.model import RawDocument
    from zufolge.pipeline import Options, analyze_raw

    try:
        raw = RawDocument(path=None, text=doc.text, locator=doc.doc_id)
        return analyze_raw(raw, Options(clean=False, language=doc.language)), None
    except Exception as e:  # noqa: BLE001 — one failing document is scored as predicting nothing
        return None, f"{type(e).__name__}: {e}"


def _analyze_worker(doc: GoldDocument) -> tuple[list[Prediction], str | None]:
    result, error = _analyze(doc)
    return (predictions_from_contract(result, doc.offsets) if result else []), error


def _load_predictions(path: str) -> dict[str, dict[str, Any]]:
    """Precomputed ``zufolge/1`` objects keyed by ``document.id``."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                result = json.loads(line)
                out[result["document"]["id"]] = result
    return out


# ---------------------------------------------------------------------------- evaluation


@dataclass(slots=True)
class DocumentResult:
    gold: GoldDocument
    predicted: list[Prediction]
    pairs: dict[int, int]
    score: Score
    error: str | None = None


@dataclass(slots=True)
class Evaluation:
    dataset: str
    roles: tuple[str, ...]
    score: Score
    documents: list[DocumentResult]

    @property
    def failures(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.error]


def _predict(
    docs: list[GoldDocument], workers: int, predictions: str | None
) -> Iterator[tuple[list[Prediction], str | None]]:
    if predictions:
        from zufolge.contract import document_id

        by_id = _load_predictions(predictions)
        for doc in docs:
            result = by_id.get(document_id(doc.text))
            if result is None or result["document"].get("text", doc.text) != doc.text:
                yield [], "no prediction for this text in the predictions file"
            else:
                yield predictions_from_contract(result, doc.offsets), None
    elif workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            yield from pool.map(_analyze_worker, docs, chunksize=4)
    else:
        yield from map(_analyze_worker, docs)


def evaluate(
    gold_path: str | Path,
    *,
    limit: int | None = None,
    workers: int = 1,
    predictions: str | None = None,
    progress: bool = False,
) -> Evaluation:
    """Score our pipeline (or a predictions file) against a gold JSONL file."""
    docs = list(read_gold(gold_path, limit))
    dataset = docs[0].dataset if docs else NEWS_QUOTES
    roles = docs[0].roles if docs else ROLES
    total = Score()
    results: list[DocumentResult] = []
    stream = _predict(docs, workers, predictions)
    with _progress_bar(progress, len(docs)) as advance:
        for doc, (predicted, error) in zip(docs, stream, strict=True):
            score, pairs = score_document(doc.attributions, predicted, roles, dataset)
            total.add(score)
            results.append(DocumentResult(doc, predicted, pairs, score, error))
            advance()
    return Evaluation(dataset, roles, total, results)


class _progress_bar:
    """A rich progress bar on stderr, or nothing."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.enabled, self.total = enabled, total

    def __enter__(self):
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import Progress

        self.bar = Progress(console=Console(stderr=True), transient=True)
        self.bar.start()
        task = self.bar.add_task("scoring", total=self.total)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.bar.stop()


# ---------------------------------------------------------------------------- report


def _row(c: Counts) -> dict[str, float | int]:
    p, r, f = c.prf()
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": c.tp,
        "fp": c.fp,
        "fn": c.fn,
    }


def report(evaluation: Evaluation) -> dict[str, Any]:
    score, roles = evaluation.score, evaluation.roles
    figures = {role: _row(score.roles[role]) for role in roles}
    figures["roles"] = _row(score.pooled(tuple(r for r in roles if r != "quote")))
    figures["joint"] = _row(score.pooled(roles))
    by_type = {}
    for kind, counts in sorted(score.by_type.items()):
        by_type[kind] = {"gold": score.gold_by_type.get(kind, 0), **_row(counts)}
    return {
        "dataset": evaluation.dataset,
        "documents": score.documents,
        "gold_attributions": score.gold,
        "predicted_attributions": score.predicted,
        "paired": score.paired,
        "failed_documents": len(evaluation.failures),
        "scores": figures,
        "by_gold_type": by_type,
    }


def _render(tokens: frozenset[int] | None, doc: GoldDocument, width: int = 160) -> str:
    if not tokens:
        return "—"
    text = " … ".join(doc.text[a:b] for a, b in spans_of_tokens(tokens, doc.offsets))
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_errors(evaluation: Evaluation, count: int, console: Any) -> None:
    """The ``count`` documents with the most wrong tokens: gold beside predicted, per pair."""
    from rich.table import Table

    roles = evaluation.roles

    def wrong(d: DocumentResult) -> int:
        return d.score.pooled(roles).errors

    for d in sorted(evaluation.documents, key=wrong, reverse=True)[:count]:
        if not wrong(d):
            break
        joint = d.score.pooled(roles)
        title = (
            f"{d.gold.doc_id} — {len(d.gold.attributions)} gold, {len(d.predicted)} predicted, "
            f"FP {joint.fp} FN {joint.fn}" + (f" — error: {d.error}" if d.error else "")
        )
        table = Table(title=title, show_lines=False, expand=True)
        table.add_column("#", no_wrap=True)
        table.add_column("role", no_wrap=True)
        table.add_column("gold", ratio=1)
        table.add_column("predicted", ratio=1)
        rows: list[tuple[str, GoldAttribution | None, Prediction | None]] = []
        for j, g in enumerate(d.gold.attributions):
            p = d.predicted[d.pairs[j]] if j in d.pairs else None
            rows.append((f"g{j}{'→p' + str(d.pairs[j]) if p else ''}", g, p))
        paired = set(d.pairs.values())
        rows += [(f"p{i}", None, p) for i, p in enumerate(d.predicted) if i not in paired]
        for label, g, p in rows:
            table.add_row(label, "type", g.kind if g else "—", p.kind if p else "—")
            for role in roles:
                gt = g.roles.get(role) if g else None
                pt = p.roles.get(role) if p else None
                if gt or pt:
                    style = "" if gt == pt else "yellow" if gt and pt else "red"
                    table.add_row("", role, _render(gt, d.gold), _render(pt, d.gold), style=style)
            table.add_section()
        console.print(table)


@click.command()
@click.option(
    "--gold",
    "gold",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Gold JSONL: de-news-quotes, en-news-polnear or de-debates-spkatt (set detected).",
)
@click.option(
    "--predictions",
    type=click.Path(exists=True, dir_okay=False),
    help="Score this JSONL of zufolge/1 outputs (on the gold texts) instead of running the "
    "pipeline.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N documents.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None, help="Processes.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--show-errors",
    type=click.IntRange(min=0),
    default=0,
    help="Print the N documents with the most wrong tokens, gold beside predicted.",
)
@click.option(
    "--model",
    type=click.Path(exists=True, dir_okay=False),
    help="Label roles with this attribution model instead of the packaged one (e.g. one "
    "retrained with another --seed).",
)
def command(
    gold: str,
    predictions: str | None,
    limit: int | None,
    workers: int | None,
    as_json: bool,
    show_errors: int,
    model: str | None,
) -> None:
    """Score attribution extraction: P/R/F1 for quote, speaker, cue, frame, addressee, roles
    and joint, plus a breakdown by gold type.

    Attributions are paired per document by quote-span F1 (cue-span F1 when one side has no
    quote), then tokens are counted over all documents, as the de-news-quotes authors do.

    \b
    Examples:
      zufolge eval quotes --gold ../shared/data/de-news-quotes/dev.jsonl
      zufolge eval quotes --gold ../shared/data/de-news-quotes/dev.jsonl --show-errors 5
      zufolge eval quotes --gold ../shared/data/en-news-polnear/dev.jsonl --json
      zufolge eval quotes --gold ../shared/data/de-news-quotes/dev.jsonl --predictions out.jsonl
      zufolge eval quotes --gold ../shared/data/de-news-quotes/dev.jsonl --model /tmp/de-s1.crfsuite
    """
    import os

    from rich.console import Console
    from rich.table import Table

    from zufolge.extract.attribution.roles import model_override
    from zufolge.pipeline import default_workers

    # Worker processes inherit the environment; each loads the model named there.
    overrides = {doc.language for doc in read_gold(gold, limit)} if model else set()
    saved = {v: os.environ.get(v) for v in map(model_override, overrides)}
    for variable in saved:
        os.environ[variable] = str(Path(str(model)).resolve())
    started = time.perf_counter()
    try:
        evaluation = evaluate(
            gold,
            limit=limit,
            workers=workers or default_workers(),
            predictions=predictions,
            progress=True,  # on stderr, so --json output stays clean
        )
    finally:
        for variable, value in saved.items():
            if value is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = value
    result = report(evaluation)
    result["seconds"] = round(time.perf_counter() - started, 1)
    console = Console()
    if show_errors:
        print_errors(evaluation, show_errors, Console(stderr=as_json))
    for failure in evaluation.failures[:10]:
        click.echo(f"warning: {failure.gold.doc_id}: {failure.error}", err=True)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    table = Table(
        title=f"{gold} — {result['documents']} documents, {result['gold_attributions']} gold "
        f"attributions, {result['predicted_attributions']} predicted, {result['paired']} paired"
    )
    for column in ("", "gold", "P", "R", "F1", "TP", "FP", "FN"):
        table.add_column(column, justify="right" if column else "left")

    def cells(row: dict[str, Any]) -> list[str]:
        prf = [f"{100 * row[k]:.1f}" for k in ("precision", "recall", "f1")]
        return [*prf, *(str(row[k]) for k in ("tp", "fp", "fn"))]

    for name, row in result["scores"].items():
        style = "bold" if name in ("roles", "joint") else ""
        table.add_row(name, "", *cells(row), style=style)
    table.add_section()
    for name, row in result["by_gold_type"].items():
        table.add_row(f"type {name}", str(row["gold"] or ""), *cells(row))
    console.print(table)
    if result["dataset"] == NEWS_QUOTES:
        console.print("unpaired predictions count under the type of their kind ('other': none)")
    console.print(f"{result['failed_documents']} documents failed; {result['seconds']} s")
    if result["dataset"] == POLNEAR:
        console.print("PolNeAR: whitespace tokens; frame and addressee are not annotated")
