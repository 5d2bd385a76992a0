"""Did a speed change change any output? A fingerprint of the whole pipeline's JSON.

    .venv/bin/python benchmarks/fingerprint.py --data ../shared/data               # hashes
    .venv/bin/python benchmarks/fingerprint.py --data ../shared/data --out a.jsonl # and lines

Runs ``analyze_raw`` on the first --limit articles of the German and the English bench corpus
(the texts ``run.py`` times) and prints one SHA-256 per corpus over the JSON lines. A change
meant only to be faster must leave both hashes as they were; with --out, ``diff`` two runs
to see which articles moved.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import REPO, load_documents  # the same documents as run.py


def main() -> None:
    from zufolge.model import RawDocument
    from zufolge.pipeline import analyze_raw

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=1000, help="articles per corpus")
    parser.add_argument("--out", type=Path, help="also write the JSON lines here")
    args = parser.parse_args()
    lines = []
    for corpus in ("text-de", "text-en"):
        digest = hashlib.sha256()
        for text in load_documents(args.data, corpus, args.limit):
            line = json.dumps(analyze_raw(RawDocument(path=None, text=text)), ensure_ascii=False)
            digest.update(line.encode())
            lines.append(line)
        print(f"{corpus}: {digest.hexdigest()}")
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
