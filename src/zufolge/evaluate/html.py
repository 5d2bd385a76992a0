"""``zufolge eval html``: how well HTML pages are turned into article text, against a peer.

mixed-de-en: each ``with`` snippet found in the extracted text is a true positive, missing a
false negative; each ``without`` snippet absent a true negative, present a false positive.
news-en: bag-of-words precision/recall/F1 of the extracted text against the gold body
(lower-cased word tokens, multiset overlap, micro-averaged over pages).
Snippets and texts are compared with whitespace collapsed.

The peer is trafilatura's plain default ``extract``, scored in the same run on the same pages.
Our text is what ``zufolge analyze`` yields for the page: title, then the cleaned body.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
SYSTEMS = ("zufolge", "trafilatura")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def ours(html: str, url: str | None) -> str:
    from zufolge.clean.html import clean_html
    from zufolge.errors import InputError
    from zufolge.model import RawDocument

    try:
        article = clean_html(RawDocument(path=None, html=html, url=url))
    except InputError:
        return ""
    return f"{article.title or ''}\n{article.text}"


def peer(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


EXTRACTORS = {"zufolge": ours, "trafilatura": peer}


@dataclass(slots=True)
class Tally:
    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0
    seconds: float = 0.0
    pages: int = 0

    def add(self, other: Tally) -> None:
        for name in ("tp", "fp", "tn", "fn", "seconds", "pages"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fp + self.tn + self.fn
        return {
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "accuracy": (self.tp + self.tn) / total if total else 0.0,
            "docs_per_s": self.pages / self.seconds if self.seconds else 0.0,
        }


@dataclass(slots=True)
class Result:
    tallies: dict[str, Tally] = field(default_factory=lambda: {s: Tally() for s in SYSTEMS})


def snippet_tally(text: str, with_: list[str], without: list[str]) -> Tally:
    text = normalise(text)
    tally = Tally(pages=1)
    for snippet in with_:
        if normalise(snippet) in text:
            tally.tp += 1
        else:
            tally.fn += 1
    for snippet in without:
        if normalise(snippet) in text:
            tally.fp += 1
        else:
            tally.tn += 1
    return tally


def bag_of_words_tally(text: str, gold: str) -> Tally:
    predicted = Counter(w.lower() for w in _WORD.findall(text))
    expected = Counter(w.lower() for w in _WORD.findall(gold))
    overlap = sum((predicted & expected).values())
    return Tally(
        tp=overlap,
        fp=sum(predicted.values()) - overlap,
        fn=sum(expected.values()) - overlap,
        pages=1,
    )


def _score_page(task: tuple[str, str, dict[str, Any]]) -> dict[str, Tally]:
    kind, folder, record = task
    html_bytes = gzip.decompress((Path(folder) / record["html_gz"]).read_bytes())
    from zufolge.read.decode import decode_text

    html = decode_text(html_bytes)
    out = {}
    for system in SYSTEMS:
        started = time.perf_counter()
        text = EXTRACTORS[system](html, record.get("url"))
        seconds = time.perf_counter() - started
        if kind == "snippets":
            tally = snippet_tally(text, record.get("with", []), record.get("without", []))
        else:
            tally = bag_of_words_tally(text, record["article_body"])
        tally.seconds = seconds
        out[system] = tally
    return out


def gold_sets(gold: Path) -> list[Path]:
    if (gold / "gold.jsonl").exists():
        return [gold]
    return sorted(p.parent for p in gold.glob("*/gold.jsonl"))


def evaluate_set(folder: Path, *, limit: int | None, workers: int) -> Result:
    records = [json.loads(line) for line in (folder / "gold.jsonl").read_text().splitlines()]
    records = records[:limit] if limit else records
    kind = "snippets" if records and "with" in records[0] else "bag_of_words"
    tasks = [(kind, str(folder), record) for record in records]
    result = Result()
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            pages = list(pool.map(_score_page, tasks, chunksize=4))
    else:
        pages = [_score_page(task) for task in tasks]
    for page in pages:
        for system, tally in page.items():
            result.tallies[system].add(tally)
    return result


@click.command()
@click.option(
    "--gold",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="html-extraction folder (with mixed-de-en/ and news-en/) or one of its sets.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N pages per set.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None, help="Processes.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def command(gold: str, limit: int | None, workers: int | None, as_json: bool) -> None:
    """Score HTML → article extraction against gold, with trafilatura's default as the peer.

    \b
    Examples:
      zufolge eval html --gold ../shared/data/html-extraction
      zufolge eval html --gold ../shared/data/html-extraction/news-en --limit 20
    """
    from rich.console import Console
    from rich.table import Table

    from zufolge.pipeline import default_workers

    output: dict[str, Any] = {}
    console = Console()
    for folder in gold_sets(Path(gold)):
        result = evaluate_set(folder, limit=limit, workers=workers or default_workers())
        output[folder.name] = {s: t.figures() for s, t in result.tallies.items()}
        if as_json:
            continue
        pages = result.tallies["zufolge"].pages
        table = Table(title=f"{folder.name} ({pages} pages)")
        for column in ("system", "P", "R", "F1", "accuracy", "docs/s"):
            table.add_column(column, justify="left" if column == "system" else "right")
        for system, figures in output[folder.name].items():
            accuracy = f"{figures['accuracy']:.3f}"
            table.add_row(
                system,
                f"{figures['precision']:.3f}",
                f"{figures['recall']:.3f}",
                f"{figures['f1']:.3f}",
                accuracy,
                f"{figures['docs_per_s']:.0f}",
            )
        console.print(table)
    if as_json:
        click.echo(json.dumps(output, indent=2))
