"""Where the time goes: milliseconds per article for each pipeline stage, on one core.

    .venv/bin/python benchmarks/stages.py --data ../shared/data            # part of make bench
    .venv/bin/python benchmarks/stages.py --data ../shared/data --limit 200

Each article is read, cleaned and analysed once (timed as "read+clean+analyze"), then every
extractor in ``zufolge.extract.STAGES`` runs on the same ``Doc`` and is timed alone, then the
certainty stage on the attributions. The rates printed beside are what the pipeline would
reach with the stages up to that one: "through attribution" is the pipeline of the
attribution issue, "all stages" the whole of ``analyze_raw`` (plus JSON serialisation, which
``run.py`` measures end to end).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import REPO, load_documents  # the same documents as run.py


def time_stages(texts: list[str]) -> dict[str, list[float]]:
    from zufolge.analyze import analyze
    from zufolge.clean import clean
    from zufolge.extract import STAGES
    from zufolge.extract.attribution import extract_attributions
    from zufolge.extract.certainty import assess
    from zufolge.model import RawDocument

    spent: dict[str, list[float]] = {"read+clean+analyze": []}
    spent.update({name: [] for name in STAGES})
    spent["certainty"] = []
    for text in texts:
        started = time.perf_counter()
        doc = analyze(clean(RawDocument(path=None, text=text)))
        spent["read+clean+analyze"].append(time.perf_counter() - started)
        for name, stage in STAGES.items():
            started = time.perf_counter()
            stage(doc)
            spent[name].append(time.perf_counter() - started)
        attributions = extract_attributions(doc)
        started = time.perf_counter()
        assess(doc, attributions)
        spent["certainty"].append(time.perf_counter() - started)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=1000, help="articles per corpus")
    args = parser.parse_args()
    for corpus in ("text-de", "text-en"):
        texts = load_documents(args.data, corpus, args.limit)
        time_stages(texts[:5])  # warm-up: models, gazetteer, caches
        spent = time_stages(texts)
        print(f"\n{corpus}: {len(texts)} articles, ms per article (mean, median)")
        cumulative = 0.0
        for name, seconds in spent.items():
            mean = statistics.fmean(seconds) * 1000
            cumulative += mean
            print(
                f"  {name:<20} {mean:6.2f} {statistics.median(seconds) * 1000:6.2f}"
                f"   → {1000 / cumulative:6.1f} articles/s/core through this stage"
            )


if __name__ == "__main__":
    main()
