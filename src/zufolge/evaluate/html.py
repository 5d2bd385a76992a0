"""``zufolge eval html``: how well HTML pages become article text, against a peer in the same run.

Gold (``../shared/data/html-extraction``, see its README):

- ``mixed-de-en`` (snippets): each ``with`` snippet found in the extracted text is a true
  positive, a missing one a false negative; each ``without`` snippet absent is a true negative,
  a present one a false positive. Precision, recall, F1 and accuracy over all snippets.
- ``news-en`` (full bodies): bag of words. Both texts become lower-cased ``\\w+`` tokens
  (Unicode word characters, so "U.S." is "u", "s" and "don't" is "don", "t" on both sides);
  the overlap is the multiset intersection. Headline figures are micro-averaged (token counts
  summed over pages); the macro mean of per-page P/R/F1 is reported beside them. Accuracy is
  undefined here (no true negatives) and shown as "–".

Snippet matching: both the snippet and the text are NFC-normalised and their whitespace runs
collapsed to one space, then a plain substring test (case-sensitive, as the gold intends).

Systems: ``zufolge`` is ``clean_html`` (the text ``zufolge analyze`` works on: the body,
without the title); the peer is trafilatura's plain default, ``trafilatura.extract(html)``.
Both get the same decoded page and URL. docs/s is pages per second of extraction time within
one process, i.e. per core.
"""

from __future__ import annotations

import gzip
import json
import re
import time
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from zufolge.evaluate._common import fmt, print_table, with_progress

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
SYSTEMS = ("zufolge", "trafilatura")
SNIPPETS, BAG_OF_WORDS = "snippets", "bag_of_words"


def normalise(text: str) -> str:
    """NFC and single spaces: how snippets and texts are compared."""
    return unicodedata.normalize("NFC", _SPACE.sub(" ", text).strip())


def ours(html: str, url: str | None) -> str:
    from zufolge.clean.html import clean_html
    from zufolge.errors import InputError
    from zufolge.model import RawDocument

    try:
        return clean_html(RawDocument(path=None, html=html, url=url)).text
    except InputError:
        return ""


def peer(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


EXTRACTORS = {"zufolge": ours, "trafilatura": peer}


@dataclass(slots=True)
class Tally:
    """Counts for one system over some pages; ``figures`` turns them into scores."""

    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0
    seconds: float = 0.0
    pages: int = 0
    failures: int = 0  # pages where the extractor raised (scored as empty text)
    # False for bag of words: there is nothing a system can rightly leave out, so no accuracy.
    has_negatives: bool = True

    def add(self, other: Tally) -> None:
        for name in ("tp", "fp", "tn", "fn", "seconds", "pages", "failures"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.has_negatives = self.has_negatives and other.has_negatives

    def figures(self) -> dict[str, float | None]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fp + self.tn + self.fn
        return {
            "precision": p,
            "recall": r,
            "f1": f1(p, r),
            "accuracy": (self.tp + self.tn) / total if total and self.has_negatives else None,
            "docs_per_s": self.pages / self.seconds if self.seconds else 0.0,
        }


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(slots=True)
class SystemScore:
    tally: Tally = field(default_factory=Tally)
    # Per-page (precision, recall, f1), for the macro mean of the bag-of-words set.
    per_page: list[tuple[float, float, float]] = field(default_factory=list)

    def macro(self) -> dict[str, float]:
        n = len(self.per_page) or 1
        return {
            name: sum(page[i] for page in self.per_page) / n
            for i, name in enumerate(("precision", "recall", "f1"))
        }


@dataclass(slots=True)
class Result:
    kind: str = SNIPPETS
    scores: dict[str, SystemScore] = field(
        default_factory=lambda: {system: SystemScore() for system in SYSTEMS}
    )

    @property
    def tallies(self) -> dict[str, Tally]:
        return {system: score.tally for system, score in self.scores.items()}

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        for system, score in self.scores.items():
            t = score.tally
            entry: dict[str, Any] = {**t.figures(), "pages": t.pages, "failures": t.failures}
            entry["counts"] = {"tp": t.tp, "fp": t.fp, "tn": t.tn, "fn": t.fn}
            if self.kind == BAG_OF_WORDS:
                entry["macro"] = score.macro()
            out[system] = entry
        return out


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


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(unicodedata.normalize("NFC", text).lower()))


def bag_of_words_tally(text: str, gold: str) -> Tally:
    predicted, expected = words(text), words(gold)
    overlap = sum((predicted & expected).values())
    return Tally(
        tp=overlap,
        fp=sum(predicted.values()) - overlap,
        fn=sum(expected.values()) - overlap,
        pages=1,
        has_negatives=False,
    )


def _page_html(folder: str, record: dict[str, Any]) -> str:
    data = gzip.decompress((Path(folder) / record["html_gz"]).read_bytes())
    try:
        from zufolge.read.decode import decode_text

        return decode_text(data)
    except Exception:  # noqa: BLE001 — the reader's verdict must not stop the scoring
        return data.decode("utf-8", errors="replace")


WARM_UP_PAGE = (
    "<html><body><article><p>"
    + "Warm-up text for the extractors. " * 10
    + "</p></article></body></html>"
)


def warm_up() -> None:
    """Load every system's modules and caches before timing (each worker, once)."""
    for extract in EXTRACTORS.values():
        extract(WARM_UP_PAGE, None)


def score_page(task: tuple[str, str, dict[str, Any]]) -> dict[str, Tally]:
    """Run every system on one gold page and score it (runs in a worker process)."""
    kind, folder, record = task
    html = _page_html(folder, record)
    out = {}
    for system in SYSTEMS:
        started = time.perf_counter()
        failed = 0
        try:
            text = EXTRACTORS[system](html, record.get("url"))
        except Exception:  # noqa: BLE001 — a crash on one page scores as an empty extraction
            text, failed = "", 1
        seconds = time.perf_counter() - started
        if kind == SNIPPETS:
            tally = snippet_tally(text, record.get("with", []), record.get("without", []))
        else:
            tally = bag_of_words_tally(text, record["article_body"])
        tally.seconds, tally.failures = seconds, failed
        out[system] = tally
    return out


def gold_sets(gold: Path) -> list[Path]:
    """The set folders under ``gold`` (or ``gold`` itself when it holds a gold.jsonl)."""
    if (gold / "gold.jsonl").exists():
        return [gold]
    return sorted(p.parent for p in gold.glob("*/gold.jsonl"))


def load_records(folder: Path, limit: int | None) -> list[dict[str, Any]]:
    lines = (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    return records[:limit] if limit else records


def evaluate_set(
    folder: Path, *, limit: int | None = None, workers: int = 1, progress: bool = False
) -> Result:
    records = load_records(folder, limit)
    kind = SNIPPETS if records and "with" in records[0] else BAG_OF_WORDS
    tasks = [(kind, str(folder), record) for record in records]
    result = Result(kind=kind)

    def collect(pages) -> None:
        for page in with_progress(pages, len(tasks), folder.name, enabled=progress):
            for system, tally in page.items():
                score = result.scores[system]
                score.tally.add(tally)
                if kind == BAG_OF_WORDS:
                    figures = tally.figures()
                    score.per_page.append(
                        (figures["precision"], figures["recall"], figures["f1"])  # type: ignore[arg-type]
                    )

    if workers > 1:
        with ProcessPoolExecutor(workers, initializer=warm_up) as pool:
            collect(pool.map(score_page, tasks, chunksize=4))
    else:
        warm_up()
        collect(map(score_page, tasks))
    return result


def _print_result(name: str, result: Result) -> None:
    pages = result.scores["zufolge"].tally.pages
    columns = ["system", "P", "R", "F1", "accuracy", "docs/s"]
    if result.kind == BAG_OF_WORDS:
        columns += ["macro P", "macro R", "macro F1"]
    rows = []
    for system, score in result.scores.items():
        figures = score.tally.figures()
        row = [system] + [fmt(figures[k]) for k in ("precision", "recall", "f1", "accuracy")]
        row.append(f"{figures['docs_per_s']:.0f}")
        if result.kind == BAG_OF_WORDS:
            row += [fmt(v) for v in score.macro().values()]
        rows.append(row)
    how = "snippets" if result.kind == SNIPPETS else "bag of words, micro-averaged"
    print_table(f"{name} ({pages} pages; {how})", columns, rows)


@click.command()
@click.option(
    "--gold",
    required=True,
    type=click.Path(exists=True, file_okay=False),
    help="html-extraction folder (with mixed-de-en/ and news-en/) or one of its sets.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Score only the first N pages per set.")
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes [default: all cores].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON on stdout.")
def command(gold: str, limit: int | None, workers: int | None, as_json: bool) -> None:
    """Score HTML → article text against gold, with trafilatura's default as the peer.

    mixed-de-en: snippets that must / must not appear (P, R, F1, accuracy).
    news-en: bag-of-words P/R/F1 against the gold body (micro; macro beside it).

    \b
    Examples:
      zufolge eval html --gold ../shared/data/html-extraction
      zufolge eval html --gold ../shared/data/html-extraction/news-en --limit 20
    """
    import sys

    from zufolge.pipeline import default_workers

    folders = gold_sets(Path(gold))
    if not folders:
        raise click.BadParameter(f"no gold.jsonl in {gold} or its subfolders", param_hint="--gold")
    output: dict[str, Any] = {}
    for folder in folders:
        result = evaluate_set(
            folder,
            limit=limit,
            workers=workers or default_workers(),
            progress=sys.stderr.isatty(),
        )
        output[folder.name] = result.as_dict()
        if not as_json:
            _print_result(folder.name, result)
    if as_json:
        click.echo(json.dumps(output, indent=2))
