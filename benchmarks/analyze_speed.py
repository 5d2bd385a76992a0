"""Speed of the analyze stage alone (language, sentences, tokens), with spaCy as the peer.

Runs in one process on one core, over the same texts for every contestant:

    .venv/bin/python benchmarks/analyze_speed.py --data ../shared/data
    .venv/bin/python benchmarks/analyze_speed.py --data ../shared/data --repeats 5

Contestants per corpus:
  zufolge auto   analyze(article) with language detection (py3langid on <= 2,000 chars)
  zufolge fixed  analyze(article, language=...) — sentences and tokens only
  langid only    detect_language alone
  spacy blank    spacy.blank(lang) + sentencizer: tokens and sentences, no models

Rates are articles per second, the best of --repeats runs (the least disturbed by other work on
the machine); the language model's load time is measured once, before the runs.
"""

from __future__ import annotations

import argparse
import csv
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def load_corpus(data: Path, language: str) -> list[str]:
    if language == "de":
        path = data / "corpora" / "de-derstandard-10kgnad" / "articles.csv"
        with path.open(encoding="utf-8") as f:
            return [r[1] for r in csv.reader(f, delimiter=";", quotechar="'") if len(r) > 1]
    path = data / "corpora" / "en-bbc-news" / "val.csv"
    with path.open(encoding="utf-8") as f:
        return [r["text"] for r in csv.DictReader(f)]


def rate(run: Callable[[str], object], texts: list[str], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for text in texts:
            run(text)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    from zufolge.analyze import analyze
    from zufolge.analyze.language import detect_language, load_identifier
    from zufolge.model import Article, Paragraph

    started = time.perf_counter()
    load_identifier()
    load_ms = (time.perf_counter() - started) * 1000
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(f"py3langid model load: {load_ms:.0f} ms (once per process)")

    import spacy

    for language in ("de", "en"):
        texts = load_corpus(args.data, language)
        articles = [Article(text=t, paragraphs=[Paragraph(0, len(t))]) for t in texts]
        by_text = {id(t): a for t, a in zip(texts, articles, strict=True)}
        nlp = spacy.blank(language)
        nlp.add_pipe("sentencizer")
        contestants: dict[str, Callable[[str], object]] = {
            "zufolge auto": lambda t, by=by_text: analyze(by[id(t)]),
            "zufolge fixed": lambda t, by=by_text, lang=language: analyze(by[id(t)], language=lang),
            "langid only": detect_language,
            "spacy blank": lambda t, nlp=nlp: list(nlp(t).sents),
        }
        chars = statistics.mean(len(t) for t in texts)
        print(f"\n{language}: {len(texts)} articles, mean {chars:.0f} characters")
        rates = {name: rate(run, texts, args.repeats) for name, run in contestants.items()}
        for name, r in rates.items():
            ratio = r / rates["spacy blank"]
            print(f"  {name:14s} {r:8.0f} articles/s  {1000 / r:6.2f} ms/article  ×{ratio:.1f}")


if __name__ == "__main__":
    main()
