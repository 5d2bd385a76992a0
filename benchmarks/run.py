"""zufolge benchmarks: articles per second per core and peak memory, against peers in the
same run.

Each measurement runs in its own single-process subprocess, so its rate is per core and its
peak RSS is its own. Rates are medians of --repeats runs over the same texts.

    python benchmarks/run.py --data ../shared/data            # make bench
    python benchmarks/run.py --data ../shared/data --quick    # a smoke run

Measurements:
  text-de   full pipeline (clean + analyze + extract) on derStandard articles (German)
  text-en   the same on BBC articles (English)
  spacy-de  peer: spaCy blank("de") tokenizer + sentencizer on the same German texts
  spacy-en  peer: spaCy blank("en") tokenizer + sentencizer on the same English texts
  html      full pipeline on the html-extraction pages
  trafil    peer: trafilatura.extract alone on the same pages
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import gzip
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

MEASUREMENTS = ("text-de", "spacy-de", "text-en", "spacy-en", "html", "trafil")
PAIRS = (("text-de", "spacy-de"), ("text-en", "spacy-en"), ("html", "trafil"))


def load_texts(data: Path, name: str, limit: int | None) -> list[str]:
    if name.endswith("de"):
        path = data / "corpora" / "de-derstandard-10kgnad" / "articles.csv"
        with path.open(encoding="utf-8") as f:
            rows = [r[1] for r in csv.reader(f, delimiter=";", quotechar="'") if len(r) > 1]
    elif name.endswith("en"):
        rows = []
        for part in sorted((data / "corpora" / "en-bbc-news").glob("*.csv")):
            with part.open(encoding="utf-8") as f:
                rows += [r["text"] for r in csv.DictReader(f)]
    else:
        rows = []
        for folder in ("mixed-de-en", "news-en"):
            base = data / "html-extraction" / folder
            for line in (base / "gold.jsonl").read_text().splitlines():
                raw = gzip.decompress((base / json.loads(line)["html_gz"]).read_bytes())
                rows.append(raw.decode("utf-8", errors="replace"))
    return rows[:limit] if limit else rows


def make_runner(name: str):
    if name.startswith("text"):
        from zufolge.model import RawDocument
        from zufolge.pipeline import Options, analyze_raw

        options = Options(language=name[-2:])

        def pipeline(text: str) -> None:
            analyze_raw(RawDocument(path=None, text=text), options)

        return pipeline
    if name.startswith("spacy"):
        import spacy

        nlp = spacy.blank(name[-2:])
        nlp.add_pipe("sentencizer")
        return lambda text: list(nlp(text).sents)
    if name == "html":
        from zufolge.errors import InputError
        from zufolge.model import RawDocument
        from zufolge.pipeline import analyze_raw

        def html_pipeline(html: str) -> None:
            # Pages without text count as processed, as in a real batch.
            with contextlib.suppress(InputError):
                analyze_raw(RawDocument(path=None, html=html))

        return html_pipeline
    import trafilatura

    return lambda html: trafilatura.extract(html)


def measure(name: str, data: Path, limit: int | None, repeats: int) -> dict:
    texts = load_texts(data, name, limit)
    runner = make_runner(name)
    runner(texts[0])  # load models and caches outside the timing
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        for text in texts:
            runner(text)
        rates.append(len(texts) / (time.perf_counter() - started))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "name": name,
        "documents": len(texts),
        "articles_per_s_per_core": statistics.median(rates),
        "runs": rates,
        "peak_rss_mb": peak_mb,
        "mean_chars": sum(map(len, texts)) / len(texts),
    }


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--quick", action="store_true", help="100 documents, one run each")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--one", choices=MEASUREMENTS, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=Path("bench-results/latest.json"))
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.data, args.limit, args.repeats)))
        return
    limit, repeats = (100, 1) if args.quick else (None, args.repeats)
    results = {}
    for name in MEASUREMENTS:
        command = [sys.executable, __file__, "--one", name, "--data", str(args.data)]
        command += ["--repeats", str(repeats)] + (["--limit", str(limit)] if limit else [])
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results[name] = json.loads(output.strip().splitlines()[-1])
        r = results[name]
        print(
            f"{name:<9} {r['articles_per_s_per_core']:>8.1f} articles/s/core  "
            f"peak {r['peak_rss_mb']:>6.0f} MB  ({r['documents']} docs, "
            f"{r['mean_chars']:.0f} chars avg)",
            flush=True,
        )
    print()
    ratios = {}
    for ours, peer in PAIRS:
        ratio = results[ours]["articles_per_s_per_core"] / results[peer]["articles_per_s_per_core"]
        ratios[f"{ours}/{peer}"] = ratio
        print(f"ratio {ours} / {peer}: {ratio:.2f}")
    info = machine()
    print(f"\nmachine: {info['cpu']}, {info['cores']} cores, Python {info['python']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"machine": info, "results": results, "ratios": ratios}, indent=2)
    )


if __name__ == "__main__":
    main()
