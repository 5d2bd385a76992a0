"""JSONL (and .jsonl.gz): one document per line, fields ``text`` or ``html`` plus optional
``url``, ``title``, ``published``, ``outlet``, ``author``. A bad line is reported and skipped."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from typing import IO

from zufolge.model import RawDocument, ReadError

META_FIELDS = ("url", "title", "published", "outlet", "author")


def read_jsonl_stream(stream: IO[bytes], path: str) -> Iterator[RawDocument | ReadError]:
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace")
    for number, line in enumerate(text, 1):
        if not line.strip():
            continue
        where = f"{path}: line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield ReadError(where, f"not JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(record, dict):
            yield ReadError(where, "not a JSON object")
            continue
        body = {k: record.get(k) for k in ("text", "html")}
        if not any(isinstance(v, str) and v.strip() for v in body.values()):
            yield ReadError(where, "no 'text' or 'html' field")
            continue
        meta = {k: str(record[k]) if record.get(k) is not None else None for k in META_FIELDS}
        yield RawDocument(
            path=path,
            text=body["text"] if isinstance(body["text"], str) and body["text"].strip() else None,
            html=None if isinstance(body["text"], str) and body["text"].strip() else body["html"],
            locator=f"line {number}",
            **meta,
        )


def read_jsonl(path: str) -> Iterator[RawDocument | ReadError]:
    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as f:
            yield from read_jsonl_stream(f, path)
    except (OSError, EOFError) as e:
        yield ReadError(path, f"unreadable JSONL ({e})")
