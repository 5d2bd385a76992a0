"""Route each input path to the reader for its format; walk directories; read stdin.

Every failure becomes a ``ReadError`` with the path and a one-line reason; nothing here
raises for bad input, so one broken file never stops a batch.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from typing import IO

from zufolge.errors import InputError
from zufolge.model import RawDocument, ReadError
from zufolge.read import formats
from zufolge.read.decode import MAX_DOCUMENT_BYTES, SNIFF_BYTES, decode_text
from zufolge.read.jsonl import read_json, read_jsonl, read_jsonl_stream
from zufolge.read.warc import read_warc, read_warc_stream

STDIN = "-"
STDIN_LABEL = "<stdin>"


def iter_inputs(paths: Iterable[str]) -> Iterator[RawDocument | ReadError]:
    """Every document in ``paths`` (files, directories, ``-`` for stdin), in order."""
    for path in paths:
        if path == STDIN:
            yield from _guarded(STDIN_LABEL, _read_stdin())
        elif os.path.isdir(path):
            yield from _walk(path, set())
        elif os.path.exists(path):
            yield from read_path(path)
        elif os.path.lexists(path):
            yield ReadError(path, "broken symbolic link")
        else:
            yield ReadError(path, "no such file or directory")


def _walk(root: str, seen: set[tuple[int, int]]) -> Iterator[RawDocument | ReadError]:
    """Files under ``root``, sorted, depth first; hidden files and non-documents skipped."""
    try:
        identity = os.stat(root)
        if (identity.st_dev, identity.st_ino) in seen:
            return  # a symbolic link back up the tree
        seen.add((identity.st_dev, identity.st_ino))
        with os.scandir(root) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as e:
        yield ReadError(root, f"cannot read directory ({_os_reason(e)})")
        return
    for entry in entries:
        if entry.name.startswith(".") or formats.is_corpus_file(entry.name):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError as e:
            yield ReadError(entry.path, f"cannot read ({_os_reason(e)})")
            continue
        if is_dir:
            yield from _walk(entry.path, seen)
        elif formats.by_extension(entry.name) != formats.SKIP:
            yield from read_path(entry.path)


def read_path(path: str) -> Iterator[RawDocument | ReadError]:
    """The documents in one file, whatever its format."""
    return _guarded(path, _read_file(path))


def _read_file(path: str) -> Iterator[RawDocument | ReadError]:
    kind = _format_of(path)
    if kind == formats.WARC:
        yield from read_warc(path)
    elif kind == formats.JSONL:
        yield from read_jsonl(path)
    elif kind == formats.JSON:
        yield from read_json(path)
    else:
        yield _read_document(path, kind)


def _guarded(
    path: str, items: Iterator[RawDocument | ReadError]
) -> Iterator[RawDocument | ReadError]:
    """Turn an OS error anywhere in a reader into one ``ReadError`` for its file."""
    try:
        yield from items
    except (OSError, EOFError, zlib.error) as e:
        yield ReadError(path, f"cannot read ({_os_reason(e)})")


def _format_of(path: str) -> str:
    known = formats.by_extension(os.path.basename(path))
    if known is not None and known != formats.SKIP:
        return known
    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES)
    return _sniff_maybe_gzip(head, lambda: gzip.open(path, "rb"))


def _sniff_maybe_gzip(head: bytes, open_gzip) -> str:
    if head.startswith(formats.GZIP_MAGIC):
        try:
            with open_gzip() as f:
                kind = formats.sniff(f.read(SNIFF_BYTES))
        except (OSError, EOFError, zlib.error):
            return formats.TEXT  # not a readable gzip: the text reader calls it binary
        # A gzipped page or text file is not supported (rare); say so rather than guess.
        return kind if kind in (formats.WARC, formats.JSONL) else "gzip"
    return formats.sniff(head)


def _read_document(path: str, kind: str) -> RawDocument | ReadError:
    if kind == "gzip":
        return ReadError(path, "gzip-compressed file that is neither WARC nor JSONL")
    size = os.path.getsize(path)
    if size > MAX_DOCUMENT_BYTES:
        limit = MAX_DOCUMENT_BYTES >> 20
        return ReadError(
            path, f"file too large for one document ({size >> 20} MB; limit {limit} MB)"
        )
    with open(path, "rb") as f:
        data = f.read()
    return document_from_bytes(data, path, kind)


def document_from_bytes(data: bytes, path: str, kind: str) -> RawDocument | ReadError:
    """One text or HTML document from its bytes; ``kind`` from the extension or a sniff."""
    if not data.strip():
        return ReadError(path, "empty file")
    try:
        text = decode_text(data)
    except InputError as e:
        return ReadError(path, str(e))
    if not text.strip():
        return ReadError(path, "empty file")
    if kind == formats.HTML or (kind == formats.TEXT and formats.looks_like_html(text[:2048])):
        return RawDocument(path=path, html=text)
    return RawDocument(path=path, text=text)


def _read_stdin() -> Iterator[RawDocument | ReadError]:
    """Standard input, streamed when it is a WARC or JSONL, else one document."""
    stream: IO[bytes] = sys.stdin.buffer
    head = stream.read(SNIFF_BYTES)
    stream = _prefixed(head, stream)
    if head.startswith(formats.GZIP_MAGIC):
        stream = gzip.GzipFile(fileobj=stream, mode="rb")
        head = stream.read(SNIFF_BYTES)
        stream = _prefixed(head, stream)
    kind = formats.sniff(head)
    if kind == formats.WARC:
        yield from read_warc_stream(stream, STDIN_LABEL)
    elif kind == formats.JSONL:
        yield from read_jsonl_stream(stream, STDIN_LABEL)
    else:
        data = stream.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            limit = MAX_DOCUMENT_BYTES >> 20
            yield ReadError(STDIN_LABEL, f"input too large for one document (limit {limit} MB)")
        else:
            yield document_from_bytes(data, STDIN_LABEL, kind)


def _prefixed(prefix: bytes, rest: IO[bytes]) -> IO[bytes]:
    return io.BufferedReader(_Prefixed(prefix, rest), buffer_size=1 << 16)


class _Prefixed(io.RawIOBase):
    """A byte stream that replays the bytes already read for sniffing, then the rest."""

    def __init__(self, prefix: bytes, rest: IO[bytes]) -> None:
        self._prefix = prefix
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _os_reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror[0].lower() + error.strerror[1:]
    return " ".join(str(error).split()) or type(error).__name__
