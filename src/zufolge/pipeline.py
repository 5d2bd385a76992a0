"""Run the pipeline stages for one document, and for batches on a process pool.

``analyze_raw`` is a pure function from a ``RawDocument`` to the JSON contract; the batch
runner only adds streaming, parallelism and error isolation around it, so the same function
runs unchanged inside a distributed engine.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from zufolge.analyze import analyze
from zufolge.clean import clean, verbatim
from zufolge.contract import to_json
from zufolge.errors import InputError
from zufolge.extract import extract
from zufolge.model import RawDocument, ReadError


@dataclass(frozen=True, slots=True)
class Options:
    clean: bool = True  # False: take the text verbatim, so offsets index the input
    language: str = "auto"  # auto | de | en
    published: str | None = None  # reference date (YYYY-MM-DD) when the article has none


@dataclass(slots=True)
class Outcome:
    """The result for one input: the contract object, or why it failed."""

    label: str
    result: dict[str, Any] | None = None
    error: str | None = None


# Far longer than any article (a corpus saved as one file): refused, since the extractors'
# cost grows faster than the text and such a document would run for hours.
MAX_ARTICLE_CHARS = 500_000


def analyze_raw(raw: RawDocument, options: Options = Options()) -> dict[str, Any]:
    """read → clean → analyze → extract for one document; returns the ``zufolge/1`` object."""
    _check_length(raw.text)
    article = clean(raw) if options.clean else verbatim(raw)
    _check_length(article.text)
    if options.published and not article.published:
        article.published = options.published
    doc = analyze(article, language=options.language)
    return to_json(extract(doc))


def _check_length(text: str | None) -> None:
    if text is not None and len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            f"too long for one article ({len(text):,} characters; limit {MAX_ARTICLE_CHARS:,}):"
            " split it into articles, e.g. as JSONL"
        )


def analyze_text(
    text: str,
    *,
    language: str = "auto",
    published: str | None = None,
    clean: bool = True,
    title: str | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """Analyse one article given as plain text (scraped or clean)."""
    raw = RawDocument(path=None, text=text, title=title, url=url)
    return analyze_raw(raw, Options(clean=clean, language=language, published=published))


def _outcome(raw: RawDocument, options: Options) -> Outcome:
    try:
        return Outcome(raw.label, result=analyze_raw(raw, options))
    except InputError as e:
        return Outcome(raw.label, error=str(e))
    except RecursionError:
        return Outcome(raw.label, error="document is nested too deeply to parse")
    except Exception as e:  # noqa: BLE001 — one bad document must never stop a batch
        return Outcome(raw.label, error=f"internal error ({type(e).__name__}: {e})")


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run(
    items: Iterable[RawDocument | ReadError],
    options: Options = Options(),
    workers: int | None = None,
) -> Iterator[Outcome]:
    """Process a stream of inputs in input order; read errors pass through as failures.

    At most a few documents per worker are in flight, so memory stays flat on any corpus.
    """
    workers = workers or default_workers()
    if workers <= 1:
        for item in items:
            if isinstance(item, ReadError):
                yield Outcome(item.path, error=item.reason)
            else:
                yield _outcome(item, options)
        return

    window = workers * 4
    pending: deque[tuple[str, Outcome | Future[Outcome]]] = deque()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        try:
            for item in items:
                if isinstance(item, ReadError):
                    pending.append((item.path, Outcome(item.path, error=item.reason)))
                else:
                    pending.append((item.label, pool.submit(_outcome, item, options)))
                while len(pending) > window or (pending and _ready(pending[0][1])):
                    yield _resolve(*pending.popleft())
            while pending:
                yield _resolve(*pending.popleft())
        except BaseException:
            for _label, p in pending:
                if isinstance(p, Future):
                    p.cancel()
            raise


def _ready(p: Outcome | Future[Outcome]) -> bool:
    return not isinstance(p, Future) or p.done()


def _resolve(label: str, p: Outcome | Future[Outcome]) -> Outcome:
    if not isinstance(p, Future):
        return p
    try:
        return p.result()
    except Exception as e:  # noqa: BLE001 — a crashed worker fails its document, not the batch
        return Outcome(label, error=f"worker failed ({type(e).__name__}: {e})")
