"""Old code against new: CPU time per article of one cold pipeline pass, two source trees
interleaved, so that the machine's drift hits both alike.

    git worktree add --detach /tmp/zufolge-old <rev>
    .venv/bin/python benchmarks/ab.py --data ../shared/data --old /tmp/zufolge-old --new .

Each run is a fresh process that imports zufolge from ``<tree>/src``, loads the first
--limit articles of the bench corpus (as ``run.py`` does), analyses one to load the models,
then times one pass over all of them with ``time.process_time`` (CPU time: less moved by
other processes than wall time). Runs alternate old, new, old, new, … --repeats times; the
medians and their ratio are printed. Use it for a speed change; ``fingerprint.py`` says
whether the output stayed the same.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import REPO

_ONE_RUN = """
import json, sys, time
from pathlib import Path
tree, data, corpus, limit = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
sys.path.insert(0, str(Path(tree) / "src"))
sys.path.insert(0, {benchmarks!r})
from run import load_documents
docs = load_documents(data, corpus, limit)
import zufolge
from zufolge.model import RawDocument
from zufolge.pipeline import analyze_raw
assert Path(zufolge.__file__).resolve().is_relative_to(Path(tree).resolve()), zufolge.__file__
analyze_raw(RawDocument(path=None, text=docs[0]))
started = time.process_time()
for text in docs:
    analyze_raw(RawDocument(path=None, text=text))
print(json.dumps(1000 * (time.process_time() - started) / len(docs)))
"""


def one_run(tree: Path, data: Path, corpus: str, limit: int) -> float:
    """Milliseconds of CPU time per article, in a fresh process importing ``tree``."""
    code = _ONE_RUN.format(benchmarks=str(Path(__file__).resolve().parent))
    done = subprocess.run(
        [sys.executable, "-c", code, str(tree), str(data), corpus, str(limit)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        raise SystemExit(f"{tree}: {tail[0]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--old", type=Path, required=True, help="source tree of the old code")
    parser.add_argument("--new", type=Path, default=REPO, help="source tree of the new code")
    parser.add_argument("--lang", choices=("de", "en"), nargs="+", default=["en", "de"])
    parser.add_argument("--limit", type=int, default=1000, help="articles per corpus")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each tree")
    args = parser.parse_args()
    for tree in (args.old, args.new):
        if not (tree / "src" / "zufolge").is_dir():
            parser.error(f"{tree}: no src/zufolge in it")
    for lang in args.lang:
        corpus = f"text-{lang}"
        times: dict[str, list[float]] = {"old": [], "new": []}
        for turn in range(1, args.repeats + 1):
            for name, tree in (("old", args.old), ("new", args.new)):
                ms = one_run(tree, args.data, corpus, args.limit)
                times[name].append(ms)
                print(f"  run {turn}: {corpus} {name} {ms:.3f} ms/article", flush=True)
        old, new = statistics.median(times["old"]), statistics.median(times["new"])
        print(f"{corpus}: old {old:.3f}, new {new:.3f} ms/article (medians): {new / old - 1:+.1%}")


if __name__ == "__main__":
    main()
