"""``zufolge eval certainty``: certainty levels and stances against a labelled set of articles.

No gold exists for certainty in German news, so the project keeps its own labelled dev set
(``tests/fixtures/certainty/dev.jsonl``, with the annotation guidelines beside it). One JSON
object per line: ``id``, ``language``, ``text`` and ``statements``, each statement with an
``id``, its ``text`` (an exact substring of the article; or ``start``/``end``), its ``level``
and optionally a ``stance`` ``{"polarity": "supports|denies", "target": "<statement id>"}``.

**Pipeline.** Each text is analysed verbatim (offsets index the gold text): analyze →
``extract_attributions`` → ``assess``.

**Pairing.** Gold statements and predicted statements (attributions and the author's own
statements) are paired one-to-one per article by an optimal assignment maximising the
character-overlap F1 of the gold span and the predicted message; pairs that do not overlap
stay unpaired. An unpaired gold statement counts as a miss for its level (and stance). An
unpaired prediction (a duplicate attribution, a statement the gold splits differently) is
reported as a count, not charged to any class: this scores certainty, not segmentation.

**Certainty.** Per level: precision = paired statements predicted at that level whose gold
level agrees / paired statements predicted at that level; recall = gold statements of that
level predicted at it / all gold statements of that level. Beside it, the *default* baseline:
every relayed statement "reported", every author statement "asserted" (what the pairing
alone gives, without a single cue).

**Stance.** Per polarity, a stance is right when the polarity agrees and the predicted target
is the gold target: the predicted target's message overlaps the gold target's span (so a
duplicate attribution of the same report counts). "polarity only" ignores the target.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from zufolge.extract.certainty import LEVELS, STANCES, STATEMENT_KIND
from zufolge.model import Attribution

DEFAULT_GOLD = (
    Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "certainty" / "dev.jsonl"
)


@dataclass(frozen=True, slots=True)
class GoldStatement:
    id: str
    start: int
    end: int
    level: str
    polarity: str | None = None
    target: str | None = None


@dataclass(slots=True)
class GoldArticle:
    id: str
    language: str
    text: str
    statements: list[GoldStatement]


def _offsets(text: str, statement: dict[str, Any], article_id: str) -> tuple[int, int]:
    if "start" in statement and "end" in statement:
        return int(statement["start"]), int(statement["end"])
    at = text.find(statement["text"])
    if at < 0 or text.find(statement["text"], at + 1) >= 0:
        raise ValueError(f"{article_id}/{statement['id']}: text must occur exactly once")
    return at, at + len(statement["text"])


def load_article(record: dict[str, Any]) -> GoldArticle:
    text, article_id = record["text"], record["id"]
    statements = []
    for s in record["statements"]:
        if s["level"] not in LEVELS:
            raise ValueError(f"{article_id}/{s['id']}: unknown level {s['level']!r}")
        stance = s.get("stance") or {}
        if stance and stance.get("polarity") not in STANCES:
            raise ValueError(f"{article_id}/{s['id']}: unknown stance {stance!r}")
        start, end = _offsets(text, s, article_id)
        statements.append(
            GoldStatement(
                s["id"], start, end, s["level"], stance.get("polarity"), stance.get("target")
            )
        )
    ids = {s.id for s in statements}
    for s in statements:
        if s.target is not None and s.target not in ids:
            raise ValueError(f"{article_id}/{s.id}: stance target {s.target!r} is no statement")
    return GoldArticle(article_id, record.get("language", "auto"), text, statements)


def read_gold(path: str | Path) -> list[GoldArticle]:
    with open(path, encoding="utf-8") as f:
        return [load_article(json.loads(line)) for line in f if line.strip()]


def predict(text: str, language: str = "auto") -> list[Attribution]:
    """Our statements for ``text`` taken verbatim: attributions, then the author's own."""
    from zufolge.analyze import analyze
    from zufolge.clean import verbatim
    from zufolge.extract.attribution import extract_attributions
    from zufolge.extract.certainty import assess
    from zufolge.model import RawDocument

    doc = analyze(verbatim(RawDocument(path=None, text=text)), language=language)
    return assess(doc, extract_attributions(doc))


# ---------------------------------------------------------------------------- pairing


def _claim(a: Attribution) -> list[tuple[int, int]]:
    """Where a predicted statement says what it says: its message, else its frame and cue."""
    spans = a.message or [*a.frame, *a.cue]
    return [(s.start, s.end) for s in spans]


def _overlap(span: tuple[int, int], spans: list[tuple[int, int]]) -> int:
    return sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in spans)


def overlap_f1(gold: GoldStatement, predicted: Attribution) -> float:
    spans = _claim(predicted)
    shared = _overlap((gold.start, gold.end), spans)
    if not shared:
        return 0.0
    size = (gold.end - gold.start) + sum(e - s for s, e in spans)
    return 2 * shared / size


def pair(gold: list[GoldStatement], predicted: list[Attribution]) -> dict[int, int]:
    """Gold index → prediction index, one-to-one, maximising the summed overlap F1."""
    from zufolge.evaluate.quotes import hungarian

    if not gold or not predicted:
        return {}
    scores = [[overlap_f1(g, p) for g in gold] for p in predicted]
    assignment = hungarian([[-s for s in row] for row in scores])
    return {j: i for i, j in assignment if scores[i][j] > 0}


# ---------------------------------------------------------------------------- scoring


@dataclass(slots=True)
class Tally:
    tp: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)  # among paired statements
    gold: Counter[str] = field(default_factory=Counter)

    def add(self, gold: str | None, predicted: str | None, right: bool = True) -> None:
        """One gold statement and the label predicted for it (None: none); ``right``: the
        rest of the prediction is right too (a stance's target)."""
        if gold is not None:
            self.gold[gold] += 1
        if predicted is not None:
            self.predicted[predicted] += 1
        if gold is not None and gold == predicted and right:
            self.tp[gold] += 1

    def row(self, cls: str) -> dict[str, float | int]:
        tp, pred, gold = self.tp[cls], self.predicted[cls], self.gold[cls]
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"gold": gold, "predicted": pred, "tp": tp, "precision": p, "recall": r, "f1": f}


@dataclass(slots=True)
class Mistake:
    article: str
    statement: str
    text: str
    gold: str
    predicted: str


@dataclass(slots=True)
class Result:
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    paired: int = 0
    certainty: Tally = field(default_factory=Tally)
    baseline: Tally = field(default_factory=Tally)
    stance: Tally = field(default_factory=Tally)
    polarity: Tally = field(default_factory=Tally)
    mistakes: list[Mistake] = field(default_factory=list)

    def accuracy(self, tally: Tally) -> float:
        return sum(tally.tp.values()) / self.gold if self.gold else 0.0


def _default_level(a: Attribution) -> str:
    return "asserted" if a.kind == STATEMENT_KIND else "reported"


def _describe(a: Attribution | None) -> str:
    if a is None:
        return "— (no statement)"
    level = a.certainty.level if a.certainty else "—"
    cues = ", ".join(c.text for c in a.certainty.cues) if a.certainty else ""
    stance = f" {a.stance.polarity}→{a.stance.target}" if a.stance else ""
    return f"{a.id} {a.kind}: {level}{f' ({cues})' if cues else ''}{stance}"


def score_article(article: GoldArticle, predicted: list[Attribution], result: Result) -> None:
    pairs = pair(article.statements, predicted)
    by_id = {a.id: a for a in predicted}
    gold_by_id = {g.id: g for g in article.statements}
    result.articles += 1
    result.gold += len(article.statements)
    result.predicted += len(predicted)
    result.paired += len(pairs)
    for j, g in enumerate(article.statements):
        p = predicted[pairs[j]] if j in pairs else None
        level = p.certainty.level if p is not None and p.certainty else None
        result.certainty.add(g.level, level)
        result.baseline.add(g.level, _default_level(p) if p is not None else None)
        polarity = p.stance.polarity if p is not None and p.stance else None
        right_target = False
        if p is not None and p.stance and g.target is not None:
            target = by_id.get(p.stance.target)
            aim = gold_by_id[g.target]
            right_target = target is not None and _overlap((aim.start, aim.end), _claim(target)) > 0
        result.polarity.add(g.polarity, polarity)
        result.stance.add(g.polarity, polarity, right_target)
        wrong_stance = g.polarity != polarity or (g.polarity is not None and not right_target)
        if level != g.level or wrong_stance:
            stance = f" {g.polarity}→{g.target}" if g.polarity else ""
            result.mistakes.append(
                Mistake(
                    article.id, g.id, article.text[g.start : g.end], g.level + stance, _describe(p)
                )
            )


def evaluate(gold_path: str | Path) -> Result:
    result = Result()
    for article in read_gold(gold_path):
        score_article(article, predict(article.text, article.language), result)
    return result


def report(result: Result) -> dict[str, Any]:
    def rows(tally: Tally, classes: tuple[str, ...]) -> dict[str, dict[str, float | int]]:
        return {cls: {k: round(v, 4) for k, v in tally.row(cls).items()} for cls in classes}

    return {
        "articles": result.articles,
        "gold_statements": result.gold,
        "predicted_statements": result.predicted,
        "paired": result.paired,
        "certainty": rows(result.certainty, LEVELS),
        "certainty_accuracy": round(result.accuracy(result.certainty), 4),
        "baseline_defaults": rows(result.baseline, LEVELS),
        "baseline_accuracy": round(result.accuracy(result.baseline), 4),
        "stance": rows(result.stance, STANCES),
        "stance_polarity_only": rows(result.polarity, STANCES),
    }


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def _rows(ours: dict[str, dict], beside: dict[str, dict]) -> list[list[str]]:
    """Per class: gold, predicted, our P/R/F1, then the P/R/F1 shown beside ours."""
    return [
        [name, str(row["gold"]), str(row["predicted"])]
        + [_pct(row[k]) for k in ("precision", "recall", "f1")]
        + [_pct(beside[name][k]) for k in ("precision", "recall", "f1")]
        for name, row in ours.items()
    ]


def _print(figures: dict[str, Any], title: str) -> None:
    from zufolge.evaluate._common import print_table

    accuracy = [
        "accuracy",
        str(figures["gold_statements"]),
        "",
        "",
        _pct(figures["certainty_accuracy"]),
        "",
        "",
        _pct(figures["baseline_accuracy"]),
        "",
    ]
    print_table(
        title,
        ["level", "gold", "pred", "P", "R", "F1", "defaults P", "R", "F1"],
        [*_rows(figures["certainty"], figures["baseline_defaults"]), accuracy],
    )
    print_table(
        "stance (polarity and target) — polarity only",
        ["polarity", "gold", "pred", "P", "R", "F1", "polarity only P", "R", "F1"],
        _rows(figures["stance"], figures["stance_polarity_only"]),
    )


@click.command()
@click.option(
    "--gold",
    type=click.Path(exists=True, dir_okay=False),
    default=str(DEFAULT_GOLD),
    show_default="tests/fixtures/certainty/dev.jsonl",
    help="Labelled articles (JSONL, see this command's module for the format).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--show-errors", is_flag=True, help="List every statement we got wrong.")
def command(gold: str, as_json: bool, show_errors: bool) -> None:
    """Score certainty levels and stances: per-class precision/recall/F1 beside the defaults
    baseline (relayed → reported, author → asserted), and stance polarity with its target.

    \b
    Examples:
      zufolge eval certainty
      zufolge eval certainty --gold tests/fixtures/certainty/dev.jsonl --show-errors
    """
    result = evaluate(gold)
    figures = report(result)
    if show_errors:
        for m in result.mistakes:
            click.echo(
                f"{m.article}/{m.statement}: gold {m.gold} | ours {m.predicted}", err=as_json
            )
            click.echo(f"    {m.text[:110]}", err=as_json)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
        return
    title = (
        f"{gold} — {figures['articles']} articles, {figures['gold_statements']} gold statements, "
        f"{figures['predicted_statements']} predicted, {figures['paired']} paired"
    )
    _print(figures, title)
    unpaired = figures["predicted_statements"] - figures["paired"]
    click.echo(f"{unpaired} predicted statements not paired with gold (not counted in precision)")
