"""Route each input path to the reader for its format; walk directories; read stdin.

Every failure becomes a ``ReadError`` with the path and a one-line reason; nothing here
raises for bad input, so one broken file never stops a batch.
"""

from __future__ import annotations

import gzip
import os
import sys
from collections.abc import Iterable, Iterator

from zufolge.errors import InputError
from zufolge.model import RawDocument, ReadError
from zufolge.read import formats
from zufolge.read.decode import MAX_DOCUMENT_BYTES, decode_text
from zufolge.read.jsonl import read_jsonl, read_jsonl_stream
from zufolge.read.warc import read_warc

STDIN = "-"


def iter_inputs(paths: Iterable[str]) -> Iterator[RawDocument | ReadError]:
    for path in paths:
        if path == STDIN:
            yield from _read_stdin()
        elif os.path.isdir(path):
            yield from _walk(path)
        elif os.path.exists(path):
            yield from read_path(path)
        else:
            yield ReadError(path, "no such file or directory")


def _walk(root: str) -> Iterator[RawDocument | ReadError]:
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as e:
        yield ReadError(root, f"cannot read directory ({e.strerror or e})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError as e:
            yield ReadError(entry.path, f"cannot stat ({e.strerror or e})")
            continue
        if is_dir:
            yield from _walk(entry.path)
        elif formats.by_extension(entry.path) != formats.SKIP:
            yield from read_path(entry.path)


def _format_of(path: str) -> str:
    known = formats.by_extension(path)
    if known and known != formats.SKIP:
        return known
    with open(path, "rb") as f:
        head = f.read(512)
    if head.startswith(b"\x1f\x8b"):
        with gzip.open(path, "rb") as f:
            head = f.read(512)
    return formats.sniff(head)


def read_path(path: str) -> Iterator[RawDocument | ReadError]:
    try:
        kind = _format_of(path)
        if kind == formats.WARC:
            yield from read_warc(path)
        elif kind == formats.JSONL:
            yield from read_jsonl(path)
        else:
            yield _read_document(path, kind)
    except (OSError, EOFError) as e:
        yield ReadError(path, f"cannot read ({getattr(e, 'strerror', None) or e})")


def _read_document(path: str, kind: str) -> RawDocument | ReadError:
    size = os.path.getsize(path)
    if size > MAX_DOCUMENT_BYTES:
        limit = MAX_DOCUMENT_BYTES >> 20
        return ReadError(
            path, f"file too large for one article ({size >> 20} MB; limit {limit} MB): split it"
        )
    with open(path, "rb") as f:
        data = f.read()
    return _document(data, path, kind)


def _document(data: bytes, path: str, kind: str) -> RawDocument | ReadError:
    if not data.strip():
        return ReadError(path, "empty file")
    try:
        text = decode_text(data)
    except InputError as e:
        return ReadError(path, str(e))
    if not text.strip():
        return ReadError(path, "empty file")
    if kind == formats.HTML or (kind == formats.TEXT and formats.sniff(data[:512]) == "html"):
        return RawDocument(path=path, html=text)
    return RawDocument(path=path, text=text)


def _read_stdin() -> Iterator[RawDocument | ReadError]:
    data = sys.stdin.buffer.read()
    kind = formats.sniff(data[:512])
    if kind == formats.JSONL:
        import io

        yield from read_jsonl_stream(io.BytesIO(data), "<stdin>")
    else:
        yield _document(data, "<stdin>", kind)
