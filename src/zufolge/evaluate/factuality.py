"""``zufolge eval factuality``: certainty and polarity of MEANTIME event mentions.

MEANTIME (English Wikinews) marks each event mention with a certainty (CERTAIN, PROBABLE,
POSSIBLE, UNDERSPECIFIED) and a polarity (POS, NEG, UNDERSPECIFIED). We do not label events;
we label statements. So each event mention takes the level of the statement that contains it:

- the *innermost* predicted statement whose message holds the mention (a quote nested in a
  report is more specific than the report);
- a mention in no message but in a reporting clause ("said", "denied") is the author's
  assertion that the source spoke: *asserted*;
- a mention outside every statement (no sentence covers it) is *asserted* as well.

Mapping (``LEVEL_TO_FACTUALITY``): asserted, reported → CERTAIN/POS; probable → PROBABLE/POS;
possible, unverified → POSSIBLE/POS; denied → CERTAIN/NEG (a denial is a certain negation of
what it denies). We never predict UNDERSPECIFIED: its recall is 0 by construction.

Mentions whose gold certainty is missing or empty (435 + 28 of 1,967 in the set: entity-like
mentions without factuality) are skipped. Per class: precision and recall over the gold event
mentions, with the majority-class baseline (every mention CERTAIN and POS) beside it, as the
data README asks ("factuality by per-class precision/recall of certainty and polarity on the
gold event mentions").

The text is the set's own (tokens joined by spaces, sentences by newlines) taken verbatim,
language English.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from zufolge.evaluate._common import shared_dir
from zufolge.evaluate.certainty import Tally, predict
from zufolge.extract.certainty import STATEMENT_KIND
from zufolge.model import Attribution

LEVEL_TO_FACTUALITY = {
    "asserted": ("CERTAIN", "POS"),
    "reported": ("CERTAIN", "POS"),
    "probable": ("PROBABLE", "POS"),
    "possible": ("POSSIBLE", "POS"),
    "unverified": ("POSSIBLE", "POS"),
    "denied": ("CERTAIN", "NEG"),
}
CERTAINTY_CLASSES = ("CERTAIN", "PROBABLE", "POSSIBLE", "UNDERSPECIFIED")
POLARITY_CLASSES = ("POS", "NEG", "UNDERSPECIFIED")
MAJORITY = ("CERTAIN", "POS")
DEFAULT_GOLD = shared_dir() / "data" / "en-news-meantime" / "factuality.jsonl"


@dataclass(frozen=True, slots=True)
class EventMention:
    start: int
    end: int
    certainty: str
    polarity: str


def read_documents(path: str | Path, limit: int | None = None) -> list[tuple[str, str, list]]:
    """(id, text, gold event mentions) per document; mentions without certainty skipped."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            mentions = [
                EventMention(m["start"], m["end"], m["certainty"], m.get("polarity") or "")
                for m in record.get("spans", [])
                if m.get("certainty")
            ]
            out.append((str(record.get("id", "")), record["text"], mentions))
            if limit and len(out) >= limit:
                break
    return out


def level_at(offset: int, statements: list[Attribution]) -> str:
    """The level of the innermost statement whose message holds ``offset``; "asserted"
    for reporting clauses and text outside every statement."""
    holding = [
        (sum(sp.end - sp.start for sp in a.message), a)
        for a in statements
        if any(sp.start <= offset < sp.end for sp in a.message)
    ]
    if not holding:
        return "asserted"
    # innermost: the shortest message; of equal ones an attribution over the author's sentence
    _, best = min(holding, key=lambda pair: (pair[0], pair[1].kind == STATEMENT_KIND))
    return best.certainty.level if best.certainty else "asserted"


@dataclass(slots=True)
class Result:
    documents: int = 0
    mentions: int = 0
    failed: int = 0
    certainty: Tally = field(default_factory=Tally)
    polarity: Tally = field(default_factory=Tally)
    baseline_certainty: Tally = field(default_factory=Tally)
    baseline_polarity: Tally = field(default_factory=Tally)
    levels: Counter[str] = field(default_factory=Counter)


def score_document(
    mentions: list[EventMention], statements: list[Attribution], result: Result
) -> None:
    result.documents += 1
    # sorted starts let a mention find its candidates without scanning every statement twice
    ordered = sorted(statements, key=lambda a: min((s.start for s in a.message), default=0))
    starts = [min((s.start for s in a.message), default=0) for a in ordered]
    for m in mentions:
        candidates = ordered[: bisect_right(starts, m.start)]
        level = level_at(m.start, candidates)
        certainty, polarity = LEVEL_TO_FACTUALITY[level]
        result.mentions += 1
        result.levels[level] += 1
        result.certainty.add(m.certainty, certainty)
        result.polarity.add(m.polarity, polarity)
        result.baseline_certainty.add(m.certainty, MAJORITY[0])
        result.baseline_polarity.add(m.polarity, MAJORITY[1])


def evaluate(path: str | Path, limit: int | None = None) -> Result:
    result = Result()
    for _doc_id, text, mentions in read_documents(path, limit):
        try:
            statements = predict(text, "en")
        except Exception:  # noqa: BLE001 — one failing document is scored as all-asserted
            result.failed += 1
            statements = []
        score_document(mentions, statements, result)
    return result


def _rows(tally: Tally, baseline: Tally, classes: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for cls in classes:
        ours, base = tally.row(cls), baseline.row(cls)
        out[cls] = {
            **{k: round(v, 4) for k, v in ours.items()},
            "baseline_precision": round(base["precision"], 4),
            "baseline_recall": round(base["recall"], 4),
            "baseline_f1": round(base["f1"], 4),
        }
    return out


def report(result: Result) -> dict[str, Any]:
    def accuracy(tally: Tally) -> float:
        return round(sum(tally.tp.values()) / result.mentions, 4) if result.mentions else 0.0

    return {
        "documents": result.documents,
        "event_mentions": result.mentions,
        "failed_documents": result.failed,
        "levels": dict(result.levels.most_common()),
        "certainty": _rows(result.certainty, result.baseline_certainty, CERTAINTY_CLASSES),
        "polarity": _rows(result.polarity, result.baseline_polarity, POLARITY_CLASSES),
        "accuracy": {
            "certainty": accuracy(result.certainty),
            "certainty_baseline": accuracy(result.baseline_certainty),
            "polarity": accuracy(result.polarity),
            "polarity_baseline": accuracy(result.baseline_polarity),
        },
    }


def _print(figures: dict[str, Any], title: str) -> None:
    from zufolge.evaluate._common import print_table

    def pct(x: float) -> str:
        return f"{100 * x:.1f}"

    rows = []
    for group in ("certainty", "polarity"):
        for cls, row in figures[group].items():
            rows.append(
                [
                    f"{group} {cls}",
                    str(row["gold"]),
                    str(row["predicted"]),
                    pct(row["precision"]),
                    pct(row["recall"]),
                    pct(row["f1"]),
                    pct(row["baseline_precision"]),
                    pct(row["baseline_recall"]),
                    pct(row["baseline_f1"]),
                ]
            )
    columns = ["class", "gold", "pred", "P", "R", "F1", "majority P", "R", "F1"]
    print_table(title, columns, rows)


@click.command()
@click.option(
    "--gold",
    type=click.Path(exists=True, dir_okay=False),
    default=str(DEFAULT_GOLD),
    show_default="../shared/data/en-news-meantime/factuality.jsonl",
    help="MEANTIME factuality JSONL.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N documents.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def command(gold: str, limit: int | None, as_json: bool) -> None:
    """Score certainty and polarity of MEANTIME event mentions by the level of the statement
    holding each mention, beside the majority-class baseline (CERTAIN, POS).

    \b
    Example:
      zufolge eval factuality --gold ../shared/data/en-news-meantime/factuality.jsonl
    """
    figures = report(evaluate(gold, limit))
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    title = (
        f"{gold} — {figures['documents']} documents, {figures['event_mentions']} event mentions"
        f" ({figures['failed_documents']} documents failed)"
    )
    _print(figures, title)
    acc = {k: f"{100 * v:.1f}" for k, v in figures["accuracy"].items()}
    click.echo(
        f"accuracy: certainty {acc['certainty']} (majority {acc['certainty_baseline']}),"
        f" polarity {acc['polarity']} (majority {acc['polarity_baseline']})"
    )
    levels = ", ".join(f"{k} {v}" for k, v in figures["levels"].items())
    click.echo(f"statement levels of the mentions: {levels}")
