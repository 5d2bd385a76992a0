"""``zufolge eval quotes``: the de-news-quotes attribution metric, our own implementation.

Per document, predicted and gold attributions are paired one-to-one by the best token-overlap
F1 of their quote spans (an optimal assignment; pairs with no quote overlap stay unpaired).
Then, over all documents, tokens are counted per role: a token of a paired role span that
both have is a true positive, one only in the prediction a false positive, one only in the
gold a false negative; unpaired predictions count all their tokens as false positives,
unpaired gold all as false negatives. *roles* pools speaker, cue, frame and addressee;
*joint* pools all roles and the quote.

Tokens are the gold's own tokens (de-news-quotes, de-debates-spkatt) or whitespace tokens
(en-news-polnear). Predictions are character spans from the ``zufolge/1`` contract; a gold
token belongs to a predicted span when they share at least one character.

Per-type figures (by gold type) count gold attributions of that type and the predictions
paired with them; unpaired predictions have no gold type and count only in the totals.
"""

from __future__ import annotations

import json
import re
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import click

ROLES = ("quote", "speaker", "cue", "frame", "addressee")
# Gold role names of each set → our role names.
ROLE_NAMES = {
    "quote": "quote",
    "speaker": "speaker",
    "cue": "cue",
    "frame": "frame",
    "addressee": "addressee",
    "Content": "quote",
    "Content2": "quote",
    "Source": "speaker",
    "Cue": "cue",
    "Message": "quote",
    "Addr": "addressee",
}
_WHITESPACE_TOKEN = re.compile(r"\S+")

Roles = dict[str, set[int]]


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(slots=True)
class Score:
    roles: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    documents: int = 0
    gold: int = 0
    predicted: int = 0

    def add(self, other: Score) -> None:
        for role in ROLES:
            self.roles[role].add(other.roles[role])
        for kind, counts in other.by_type.items():
            self.by_type[kind].add(counts)
        self.documents += other.documents
        self.gold += other.gold
        self.predicted += other.predicted

    def pooled(self, roles: tuple[str, ...]) -> Counts:
        total = Counts()
        for role in roles:
            total.add(self.roles[role])
        return total


def hungarian(cost: list[list[float]]) -> list[tuple[int, int]]:
    """Minimum-cost assignment of rows to columns (rectangular allowed), O(n³)."""
    n_rows, n_cols = len(cost), len(cost[0]) if cost else 0
    if not n_rows or not n_cols:
        return []
    transpose = n_rows > n_cols
    matrix = [list(col) for col in zip(*cost, strict=True)] if transpose else cost
    n, m = len(matrix), len(matrix[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    current = matrix[i0 - 1][j - 1] - u[i0] - v[j]
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


def _f1(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    overlap = len(a & b)
    return 2 * overlap / (len(a) + len(b))


def score_document(gold: list[tuple[str, Roles]], predicted: list[Roles]) -> Score:
    score = Score(documents=1, gold=len(gold), predicted=len(predicted))
    cost = [
        [-_f1(p.get("quote", set()), g.get("quote", set())) for _, g in gold] for p in predicted
    ]
    pairs = [(i, j) for i, j in hungarian(cost) if cost[i][j] < 0]
    paired_gold = {j: i for i, j in pairs}
    paired_pred = {i for i, _ in pairs}
    for j, (kind, g) in enumerate(gold):
        p = predicted[paired_gold[j]] if j in paired_gold else {}
        per_type = Counts()
        for role in ROLES:
            gs, ps = g.get(role, set()), p.get(role, set())
            c = Counts(len(gs & ps), len(ps - gs), len(gs - ps))
            score.roles[role].add(c)
            per_type.add(c)
        score.by_type[kind].add(per_type)
    for i, p in enumerate(predicted):
        if i not in paired_pred:
            for role in ROLES:
                score.roles[role].fp += len(p.get(role, set()))
    return score


# Gold loading and mapping of predictions onto gold tokens.


def token_offsets(record: dict[str, Any]) -> list[tuple[int, int]]:
    """Character offsets of the gold tokens in ``record["text"]``."""
    text = record["text"]
    tokens = record.get("tokens")
    if not tokens:
        return [(m.start(), m.end()) for m in _WHITESPACE_TOKEN.finditer(text)]
    offsets, at = [], 0
    for token in tokens:
        found = text.find(token, at)
        if found < 0:  # a token the text spells differently: keep position, zero width
            offsets.append((at, at))
            continue
        offsets.append((found, found + len(token)))
        at = found + len(token)
    return offsets


def tokens_of_spans(spans: list[tuple[int, int]], offsets: list[tuple[int, int]]) -> set[int]:
    starts = [s for s, _ in offsets]
    ends = [e for _, e in offsets]
    out: set[int] = set()
    for a, b in spans:
        out.update(range(bisect_right(ends, a), bisect_left(starts, b)))
    return out


def gold_attributions(record: dict[str, Any]) -> list[tuple[str, Roles]]:
    offsets = token_offsets(record)
    out = []
    for attribution in record["attributions"]:
        roles: Roles = {}
        for name, value in attribution["roles"].items():
            role = ROLE_NAMES.get(name)
            if role is None:
                continue
            if value.get("tokens") is not None and record.get("tokens"):
                indices = set(value["tokens"])
            else:
                indices = tokens_of_spans([tuple(s) for s in value["char_spans"]], offsets)
            roles.setdefault(role, set()).update(indices)
        out.append((attribution.get("type", "Attribution"), roles))
    return out


def predicted_attributions(result: dict[str, Any], offsets: list[tuple[int, int]]) -> list[Roles]:
    out = []
    for a in result["attributions"]:
        spans: dict[str, list[tuple[int, int]]] = {
            "quote": [(m["start"], m["end"]) for m in a["message"]],
            "cue": [(c["start"], c["end"]) for c in a["cue"]],
            "frame": [(f["start"], f["end"]) for f in a["frame"]],
        }
        source = a["source"]
        if source and source["start"] is not None:
            spans["speaker"] = [(source["start"], source["end"])]
        if a["addressee"]:
            spans["addressee"] = [(a["addressee"]["start"], a["addressee"]["end"])]
        out.append({role: tokens_of_spans(s, offsets) for role, s in spans.items() if s})
    return out


def dataset_roles(first: dict[str, Any]) -> tuple[str, ...]:
    """Roles the gold set annotates: PolNeAR has no frame and no addressee."""
    names = {ROLE_NAMES.get(n) for a in first.get("attributions", []) for n in a["roles"]}
    if "frame" in names or "de-news" in str(first.get("dataset", "")).lower():
        return ROLES
    if "polnear" in str(first.get("dataset", "")).lower() or "Content" in str(first):
        return ("quote", "speaker", "cue")
    return tuple(r for r in ROLES if r in names) or ROLES


def _score_record(line: str) -> Score:
    from zufolge.model import RawDocument
    from zufolge.pipeline import Options, analyze_raw

    record = json.loads(line)
    language = record.get("lang") if record.get("lang") in ("de", "en") else "auto"
    result = analyze_raw(
        RawDocument(path=None, text=record["text"]), Options(clean=False, language=language)
    )
    offsets = token_offsets(record)
    return score_document(gold_attributions(record), predicted_attributions(result, offsets))


def _lines(path: str, limit: int | None) -> Iterator[str]:
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f):
            if limit is not None and n >= limit:
                return
            if line.strip():
                yield line


def evaluate(path: str, *, limit: int | None = None, workers: int = 1) -> tuple[Score, tuple]:
    lines = list(_lines(path, limit))
    roles = dataset_roles(json.loads(lines[0])) if lines else ROLES
    total = Score()
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            for s in pool.map(_score_record, lines, chunksize=4):
                total.add(s)
    else:
        for line in lines:
            total.add(_score_record(line))
    # Roles the gold does not annotate are left out of every pooled figure.
    for role in ROLES:
        if role not in roles:
            total.roles[role] = Counts()
    return total, roles


def report(score: Score, roles: tuple[str, ...]) -> dict[str, Any]:
    def row(c: Counts) -> dict[str, float]:
        p, r, f = c.prf()
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

    figures = {role: row(score.roles[role]) for role in roles}
    figures["roles"] = row(score.pooled(tuple(r for r in roles if r != "quote")))
    figures["joint"] = row(score.pooled(roles))
    return {
        "documents": score.documents,
        "gold_attributions": score.gold,
        "predicted_attributions": score.predicted,
        "scores": figures,
        "by_gold_type": {kind: row(c) for kind, c in sorted(score.by_type.items())},
    }


@click.command()
@click.option(
    "--gold",
    "gold",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Gold JSONL: de-news-quotes, en-news-polnear or de-debates-spkatt (dev split).",
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N documents.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None, help="Processes.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def command(gold: str, limit: int | None, workers: int | None, as_json: bool) -> None:
    """Score attribution extraction: P/R/F1 for quote, speaker, cue, frame, addressee, roles
    and joint, plus a breakdown by gold type.

    \b
    Examples:
      zufolge eval quotes --gold ../shared/data/de-news-quotes/dev.jsonl
      zufolge eval quotes --gold ../shared/data/en-news-polnear/dev.jsonl --json
    """
    from rich.console import Console
    from rich.table import Table

    from zufolge.pipeline import default_workers

    started = time.perf_counter()
    score, roles = evaluate(gold, limit=limit, workers=workers or default_workers())
    result = report(score, roles)
    result["seconds"] = round(time.perf_counter() - started, 1)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    console = Console()
    table = Table(title=f"{gold} — {score.documents} documents, {score.gold} gold attributions")
    for column in ("", "P", "R", "F1"):
        table.add_column(column, justify="right" if column else "left")
    for name, row in result["scores"].items():
        style = "bold" if name in ("roles", "joint") else ""
        table.add_row(
            name, *(f"{100 * row[k]:.1f}" for k in ("precision", "recall", "f1")), style=style
        )
    table.add_section()
    for name, row in result["by_gold_type"].items():
        table.add_row(
            f"type {name}", *(f"{100 * row[k]:.1f}" for k in ("precision", "recall", "f1"))
        )
    console.print(table)
    console.print(f"{result['predicted_attributions']} predicted; {result['seconds']} s")
