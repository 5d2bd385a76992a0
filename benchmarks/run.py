"""zufolge benchmarks: articles per second per core and peak memory, against peers in one run.

    .venv/bin/python benchmarks/run.py --data ../shared/data            # make bench
    .venv/bin/python benchmarks/run.py --data ../shared/data --quick    # smoke run, ~1 min

Every pass of a measurement runs in a fresh single-process subprocess: its rate is per core,
its peak RSS (``ru_maxrss``) is its own, and its caches (summed CRF weights, word features)
start empty and fill as they would on a new corpus of that size — a second pass over the same
texts in the same process would be faster than any user's first. Rates are the median of
--repeats such passes, taken in turns (ours, peer, ours, peer, …) so that the machine's drift
hits both sides of a ratio alike; one warm-up document per pass loads models outside the
timing (their memory counts in the peak). With --warm, the passes of a measurement run one
after another in one process instead (the earlier method: later passes on warm caches).

    .venv/bin/python benchmarks/run.py --data ../shared/data --warm --only text-en spacy-en

Measurements (ours: the whole pipeline through ``zufolge.pipeline.analyze_raw``, so every
stage added to it later — attribution, entities, times — is measured without changes here):

  text-de     read + clean + analyze + extract on derStandard articles (10kGNAD, German)
  spacy-de    peer: spaCy blank("de") tokenizer + sentencizer on the same texts
  text-en     the same pipeline on the BBC articles (English)
  spacy-en    peer: spaCy blank("en") tokenizer + sentencizer on the same texts
  html        bytes → decode → clean (trafilatura inside) → analyze → extract on the
              html-extraction pages (mixed-de-en and news-en)
  html-clean  bytes → decode → clean only (the HTML stage by itself)
  trafilatura peer: trafilatura.extract(bytes) with defaults on the same pages

The spaCy peer does far less than our pipeline (no cleaning, no attribution): the ratio says
what the whole pipeline costs relative to bare tokenisation, not who is faster at the same job.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MEASUREMENTS = ("text-de", "spacy-de", "text-en", "spacy-en", "html", "html-clean", "trafilatura")
# (ours, peer) pairs whose rate ratio is printed.
PAIRS = (
    ("text-de", "spacy-de"),
    ("text-en", "spacy-en"),
    ("html", "trafilatura"),
    ("html-clean", "trafilatura"),
)
QUICK_LIMIT = 100


@dataclass(slots=True)
class Measurement:
    name: str
    documents: int
    failed: int  # documents our pipeline rejected or crashed on (still timed: a batch pays them)
    articles_per_s_per_core: float  # median over runs
    runs: list[float]
    peak_rss_mb: float
    data_rss_mb: float  # RSS after loading the documents, before importing the system
    mean_chars: float  # characters of text, or bytes of an HTML page


# --- documents ----------------------------------------------------------------------------


def load_documents(data: Path, name: str, limit: int | None) -> list[str] | list[bytes]:
    """The texts (or, for the HTML measurements, the raw page bytes) a measurement runs on."""
    docs: list
    if name.endswith("-de"):
        path = data / "corpora" / "de-derstandard-10kgnad" / "articles.csv"
        with path.open(encoding="utf-8", newline="") as f:  # label;text, quoted with '
            docs = [row[1] for row in csv.reader(f, delimiter=";", quotechar="'") if len(row) > 1]
    elif name.endswith("-en"):
        docs = []
        for part in sorted((data / "corpora" / "en-bbc-news").glob("*.csv")):
            with part.open(encoding="utf-8", newline="") as f:  # text,category
                docs += [row["text"] for row in csv.DictReader(f)]
    else:
        docs = []
        for folder in ("mixed-de-en", "news-en"):
            base = data / "html-extraction" / folder
            for line in (base / "gold.jsonl").read_text(encoding="utf-8").splitlines():
                if limit and len(docs) >= limit:
                    break
                docs.append(gzip.decompress((base / json.loads(line)["html_gz"]).read_bytes()))
    return docs[:limit] if limit else docs


# --- systems ------------------------------------------------------------------------------


def _ours_on_text() -> Callable[[str], bool]:
    from zufolge.model import RawDocument
    from zufolge.pipeline import analyze_raw

    def run(text: str) -> bool:
        analyze_raw(RawDocument(path=None, text=text))
        return True

    return run


def _ours_on_html(clean_only: bool) -> Callable[[bytes], bool]:
    from zufolge.clean import clean
    from zufolge.model import RawDocument
    from zufolge.pipeline import analyze_raw
    from zufolge.read.decode import decode_text

    def run(page: bytes) -> bool:
        raw = RawDocument(path=None, html=decode_text(page))
        if clean_only:
            clean(raw)
        else:
            analyze_raw(raw)
        return True

    return run


def _spacy(language: str) -> Callable[[str], bool]:
    import spacy

    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer")

    def run(text: str) -> bool:
        return bool(list(nlp(text).sents))

    return run


def _trafilatura() -> Callable[[bytes], bool]:
    import trafilatura

    def run(page: bytes) -> bool:
        return trafilatura.extract(page) is not None

    return run


def make_system(name: str) -> Callable:
    if name.startswith("text-"):
        return _ours_on_text()
    if name.startswith("spacy-"):
        return _spacy(name.removeprefix("spacy-"))
    if name in ("html", "html-clean"):
        return _ours_on_html(clean_only=name == "html-clean")
    return _trafilatura()


# --- one measurement (in its own process) ------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _attempt(system: Callable, doc) -> bool:
    """Run one document; a rejected or crashing document counts as failed, never stops a run."""
    try:
        system(doc)
        return True
    except Exception:  # noqa: BLE001 — InputError is expected for pages without text; others are bugs to report
        return False


def measure(name: str, data: Path, limit: int | None, passes: int = 1) -> Measurement:
    """``passes`` passes over the documents in this process (a fresh one): the first with
    empty caches, later ones warm."""
    docs = load_documents(data, name, limit)
    data_rss = _rss_mb()
    system = make_system(name)
    _attempt(system, docs[0])  # warm-up: lazy imports, models
    rates, failed = [], 0
    for _ in range(passes):
        failed = 0
        started = time.perf_counter()
        for doc in docs:
            failed += not _attempt(system, doc)
        rates.append(len(docs) / (time.perf_counter() - started))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # Linux: kilobytes
    return Measurement(
        name=name,
        documents=len(docs),
        failed=failed,
        articles_per_s_per_core=statistics.median(rates),
        runs=rates,
        peak_rss_mb=peak_kb / 1024,
        data_rss_mb=data_rss,
        mean_chars=sum(map(len, docs)) / len(docs),
    )


# --- the whole run ------------------------------------------------------------------------


def machine() -> dict[str, object]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = {}
    for package in ("trafilatura", "spacy", "lxml"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:  # noqa: BLE001 — a missing peer only leaves its version out
            versions[package] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


def run_in_subprocess(name: str, args: argparse.Namespace, limit: int | None, passes: int = 1):
    """``passes`` passes of measurement ``name`` in one fresh process, or None if it failed."""
    command = [sys.executable, __file__, "--one", name, "--data", str(args.data)]
    command += ["--passes", str(passes)] + (["--limit", str(limit)] if limit else [])
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        print(f"{name:<12} FAILED: {tail[0]}", flush=True)
        return None
    return Measurement(**json.loads(done.stdout.strip().splitlines()[-1]))


def combine(passes: list[Measurement]) -> Measurement:
    """The passes of one measurement as one: median rate, every pass's rate, highest peak."""
    rates = [rate for p in passes for rate in p.runs]
    first = passes[0]
    return Measurement(
        name=first.name,
        documents=first.documents,
        failed=first.failed,
        articles_per_s_per_core=statistics.median(rates),
        runs=rates,
        peak_rss_mb=max(p.peak_rss_mb for p in passes),
        data_rss_mb=first.data_rss_mb,
        mean_chars=first.mean_chars,
    )


def print_measurement(m: Measurement) -> None:
    spread = f"{min(m.runs):.1f}–{max(m.runs):.1f}" if len(m.runs) > 1 else "1 run"
    failed = f", {m.failed} failed" if m.failed else ""
    unit = "bytes" if m.name in ("html", "html-clean", "trafilatura") else "chars"
    print(
        f"{m.name:<12} {m.articles_per_s_per_core:>8.1f} articles/s/core ({spread})  "
        f"peak {m.peak_rss_mb:>5.0f} MB (data {m.data_rss_mb:.0f} MB)  "
        f"{m.documents} docs, {m.mean_chars:,.0f} {unit} avg{failed}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_LIMIT} documents, 1 run")
    parser.add_argument(
        "--repeats", type=int, default=3, help="passes, each in a fresh process (median)"
    )
    parser.add_argument("--only", nargs="+", choices=MEASUREMENTS, help="run only these")
    parser.add_argument("--out", type=Path, default=REPO / "bench-results" / "latest.json")
    parser.add_argument(
        "--warm",
        action="store_true",
        help="all passes of a measurement in one process (later passes on warm caches)",
    )
    parser.add_argument("--one", choices=MEASUREMENTS, help=argparse.SUPPRESS)
    parser.add_argument("--passes", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # inside the subprocess
        print(json.dumps(asdict(measure(args.one, args.data, args.limit, args.passes))))
        return

    limit, repeats = (QUICK_LIMIT, 1) if args.quick else (None, args.repeats)
    info = machine()
    print(
        f"machine: {info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable), "
        f"Python {info['python']}; one core per measurement, median of {repeats} pass(es), "
        + ("all in one process (--warm)\n" if args.warm else "each in a fresh process\n"),
        flush=True,
    )
    started = time.perf_counter()
    names = args.only or MEASUREMENTS
    passes: dict[str, list[Measurement]] = {name: [] for name in names}
    if args.warm:  # the passes of each measurement in one process, one after another
        for name in names:
            m = run_in_subprocess(name, args, limit, passes=repeats)
            if m is not None:
                passes[name] = [m]
                print(f"  {name:<12} {', '.join(f'{r:.1f}' for r in m.runs)}", flush=True)
    for turn in range(0 if args.warm else repeats):
        for name in names:
            m = run_in_subprocess(name, args, limit)
            if m is not None:
                passes[name].append(m)
                print(f"  pass {turn + 1}: {name:<12} {m.articles_per_s_per_core:8.1f}", flush=True)
    print()
    results: dict[str, Measurement] = {}
    for name in names:
        if passes[name]:
            results[name] = combine(passes[name])
            print_measurement(results[name])
    print()
    ratios = {}
    for ours, peer in PAIRS:
        if ours in results and peer in results:
            ratio = results[ours].articles_per_s_per_core / results[peer].articles_per_s_per_core
            ratios[f"{ours}/{peer}"] = ratio
            print(f"speed ratio {ours} / {peer}: {ratio:.2f}")
    seconds = time.perf_counter() - started
    print(f"\n{seconds:.0f} s in all; results in {args.out}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "machine": info,
        "quick": args.quick,
        "repeats": repeats,
        "warm": args.warm,
        "seconds": seconds,
        "results": {name: asdict(m) for name, m in results.items()},
        "ratios": ratios,
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
