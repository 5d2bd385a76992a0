"""JSONL (also gzipped) and JSON: one document per line or per object, fields ``text`` or
``html`` plus optional ``url``, ``title``, ``published``, ``outlet``, ``author``.

A bad line is reported with its number and skipped; the lines after it are still read.
"""

from __future__ import annotations

import codecs
import gzip
import json
import zlib
from collections.abc import Iterator
from typing import IO, Any

from zufolge.model import RawDocument, ReadError
from zufolge.read.decode import MAX_DOCUMENT_BYTES
from zufolge.read.formats import GZIP_MAGIC

# Our field names first, then the names common scrapers and datasets use for the same thing
# (news-please, Common Crawl news extracts, Kaggle dumps); the first one with a value wins.
FIELD_NAMES = {
    "text": ("text", "content", "body", "maintext", "article_text"),
    "html": ("html", "raw_html", "content_html"),
    "url": ("url", "link", "source_url"),
    "title": ("title", "headline"),
    "published": ("published", "published_date", "date_published", "date_publish", "date"),
    "outlet": ("outlet", "publisher", "site_name", "source_domain"),
    "author": ("author", "authors", "byline"),
}
META_FIELDS = ("url", "title", "published", "outlet", "author")
_MISSING = frozenset({"", "none", "null", "nan", "n/a"})  # how dumps write "no value"


def read_jsonl(path: str) -> Iterator[RawDocument | ReadError]:
    with open(path, "rb") as raw:
        compressed = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        stream: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
        yield from read_jsonl_stream(stream, path)


def read_jsonl_stream(stream: IO[bytes], path: str) -> Iterator[RawDocument | ReadError]:
    """Documents from a stream of JSON lines, read one line at a time."""
    number = 0
    try:
        while line := stream.readline(MAX_DOCUMENT_BYTES + 1):
            number += 1
            if len(line) > MAX_DOCUMENT_BYTES:
                _skip_rest_of_line(stream, line)
                limit = MAX_DOCUMENT_BYTES >> 20
                yield ReadError(f"{path}: line {number}", f"line longer than {limit} MB")
                continue
            if number == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            if line.strip():
                yield _parse_line(line, path, number)
    except EOFError:
        yield ReadError(path, f"truncated gzip: file ends inside line {number + 1}")
    except (OSError, zlib.error) as e:
        yield ReadError(path, f"unreadable after line {number} ({e})")


def _skip_rest_of_line(stream: IO[bytes], line: bytes) -> None:
    while not line.endswith(b"\n"):
        line = stream.readline(1 << 20)
        if not line:
            return


def _parse_line(line: bytes, path: str, number: int) -> RawDocument | ReadError:
    where = f"{path}: line {number}"
    try:
        record = json.loads(line.decode("utf-8", errors="replace"))
    except json.JSONDecodeError as e:
        return ReadError(where, f"not JSON ({e.msg} at column {e.colno})")
    return document_from_record(record, path, f"line {number}", where)


def read_json(path: str) -> Iterator[RawDocument | ReadError]:
    """A .json file: one object, or an array of objects, each with ``text`` or ``html``."""
    import os

    size = os.path.getsize(path)
    if size > MAX_DOCUMENT_BYTES:
        limit = MAX_DOCUMENT_BYTES >> 20
        yield ReadError(path, f"JSON file too large ({size >> 20} MB; limit {limit} MB): use JSONL")
        return
    with open(path, "rb") as f:
        data = f.read()
    try:
        value = json.loads(data.decode("utf-8-sig", errors="replace"))
    except json.JSONDecodeError as e:
        yield ReadError(path, f"not JSON ({e.msg} at line {e.lineno}, column {e.colno})")
        return
    if isinstance(value, list):
        for number, item in enumerate(value, 1):
            yield document_from_record(item, path, f"item {number}", f"{path}: item {number}")
    else:
        yield document_from_record(value, path, None, path)


def document_from_record(
    record: Any, path: str, locator: str | None, where: str
) -> RawDocument | ReadError:
    """One JSON object → a document; ``where`` names it in the error if it has no body."""
    if not isinstance(record, dict):
        return ReadError(where, f"not a JSON object but {_json_type(record)}")
    text, html = (_first(record, field, _body) for field in ("text", "html"))
    if text is None and html is None:
        present = [n for f in ("text", "html") for n in FIELD_NAMES[f] if n in record]
        if present:
            return ReadError(where, f"empty '{present[0]}' field")
        return ReadError(where, "no 'text' or 'html' field")
    return RawDocument(
        path=path,
        # Both given: the text is what someone already extracted from the page; trust it.
        text=text,
        html=html if text is None else None,
        locator=locator,
        **{field: _first(record, field, _meta) for field in META_FIELDS},
    )


def _first(record: dict[str, Any], field: str, convert) -> str | None:
    for name in FIELD_NAMES[field]:
        value = convert(record.get(name))
        if value is not None:
            return value
    return None


def _body(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _meta(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):  # authors: ["A", "B"]
        names = [v.strip() for v in value if isinstance(v, str) and v.strip()]
        return ", ".join(names) or None
    if isinstance(value, str):
        value = value.strip()
        return None if value.lower() in _MISSING else value
    return None


def _json_type(value: Any) -> str:
    return {list: "an array", str: "a string", type(None): "null"}.get(type(value), "a value")
