"""WARC and WARC.gz crawls (fastwarc): HTML responses become documents, the rest is skipped.

Crawls are streamed record by record; a record's body is read only when its HTTP head says
it is an HTML page. A clipped or corrupt file yields the documents before the damage and then
one ``ReadError`` saying where reading stopped.

Compressed crawls are decompressed by Python's ``gzip`` rather than fastwarc's own reader:
fastwarc stops quietly at a cut gzip member, ``gzip`` raises, and a cut must be reported.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from zufolge.errors import InputError
from zufolge.model import RawDocument, ReadError
from zufolge.read import formats
from zufolge.read.decode import MAX_DOCUMENT_BYTES, decode_text

HTML_TYPES = ("text/html", "application/xhtml+xml")
HEAD_BYTES = 65536  # enough for any sane HTTP head; the body is read only for HTML
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_CHUNK_SIZE_LINE = re.compile(rb"([0-9a-fA-F]+)[^\r\n]*\r?\n")


class _Truncated(Exception):
    """The record being read ends early: the file was cut."""


@dataclass(slots=True)
class HttpHead:
    status: int
    headers: dict[str, str]
    body_start: int


def read_warc(path: str) -> Iterator[RawDocument | ReadError]:
    with open(path, "rb") as raw:
        yield from read_warc_stream(raw, path)


def read_warc_stream(stream: IO[bytes], path: str) -> Iterator[RawDocument | ReadError]:
    """Documents from a WARC byte stream, gzipped or not (a file, a pipe, stdin)."""
    from fastwarc.warc import ArchiveIterator

    complete = 0  # records read to their end
    source = WarcInput(stream)
    iterator = ArchiveIterator(source, parse_http=False, verify_digests=False, stream_detect=False)
    try:
        for number, record in enumerate(iterator, 1):
            item = _record(record, path, number)
            complete = number
            if item is not None:
                yield item
    except (EOFError, _Truncated):
        yield ReadError(path, f"truncated WARC: the file ends inside record {complete + 1}")
        return
    except (OSError, ValueError, zlib.error) as e:
        where = f"unreadable WARC after record {complete}" if complete else "not a WARC file"
        yield ReadError(path, f"{where} ({_one_line(e)})")
        return
    if complete == 0:
        yield ReadError(path, "no WARC records found")


def _record(record, path: str, number: int) -> RawDocument | ReadError | None:
    """One WARC record → a document, an error for this record, or None to skip it."""
    from fastwarc.warc import WarcRecordType

    expected = _content_length(record.headers.get("Content-Length"))
    if expected is None:
        raise _Truncated  # fastwarc hands out a cut header as a record without a length
    kind = record.record_type
    if kind not in (WarcRecordType.response, WarcRecordType.resource):
        _consume(record, expected, 0)
        return None
    url = _target_uri(record.headers.get("WARC-Target-URI"))
    where = f"{path} (record {number}{', ' + url if url else ''})"
    head = record.reader.read(min(expected, HEAD_BYTES))
    if kind == WarcRecordType.response:
        http = parse_http_head(head)
        if http is None or not _is_page(http.status):
            _consume(record, expected, len(head))
            return None
        headers, body_start = http.headers, http.body_start
    else:  # a resource record is the document itself, typed by the WARC header
        headers, body_start = {"content-type": record.headers.get("Content-Type", "")}, 0
    content_type = headers.get("content-type", "").lower()
    if not _is_html(content_type, head[body_start : body_start + 512]):
        _consume(record, expected, len(head))
        return None
    if expected > MAX_DOCUMENT_BYTES:
        _consume(record, expected, len(head))
        return ReadError(where, f"page too large ({expected >> 20} MB)")
    block = head + record.reader.read() if expected > len(head) else head
    if len(block) < expected:
        raise _Truncated
    try:
        body = _undo_encodings(block[body_start:], headers)
        html = decode_text(body, declared=_charset(content_type))
    except InputError as e:
        return ReadError(where, str(e))
    if not html.strip():
        return ReadError(where, "empty page")
    return RawDocument(path=path, html=html, url=url, locator=f"record {number}")


class WarcInput(io.RawIOBase):
    """The bytes fastwarc parses: decompressed when the stream is gzip (one member per
    record, or one for the whole file). Unlike ``gzip.GzipFile`` it hands out every byte
    before a cut and raises ``EOFError`` only on the read after, so the records before the
    cut are not lost. Also needed for pipes: fastwarc asks for ``tell()``."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._position = 0
        head = stream.read(2)
        self._pending = head
        self._inflater = zlib.decompressobj(31) if head == formats.GZIP_MAGIC else None
        self._cut = False

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def readinto(self, buffer) -> int:
        data = self._next(len(buffer))
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)

    def _next(self, size: int) -> bytes:
        if self._inflater is None:
            data, self._pending = self._pending, b""
            return data + self._stream.read(size - len(data)) if size > len(data) else data
        while True:
            if self._cut:
                raise EOFError("compressed file ended before the end of a gzip member")
            if self._inflater.eof:
                # After the end of a member zlib keeps what follows in unused_data (and, when
                # output was capped, also in unconsumed_tail, which must not be read again).
                rest = self._inflater.unused_data
                if not rest.strip(b"\x00"):  # some writers pad the last member with NULs
                    rest = self._stream.read(1 << 16)
                    if not rest.strip(b"\x00"):
                        return b""
                self._inflater = zlib.decompressobj(31)
                self._pending = rest
            elif self._inflater.unconsumed_tail:
                data = self._inflater.decompress(self._inflater.unconsumed_tail, size)
                if data:  # empty when only the member's trailer was left
                    return data
                continue
            chunk = self._pending or self._stream.read(1 << 16)
            self._pending = b""
            if not chunk:
                self._cut = True  # input ended inside a member
                continue
            data = self._inflater.decompress(chunk, size)
            if data:
                return data


def parse_http_head(block: bytes) -> HttpHead | None:
    """Status, headers and body offset of an HTTP response. Tolerates LF-only line ends
    (seen in real crawls, e.g. ClueWeb)."""
    m = _HEAD_END.search(block, 0, HEAD_BYTES)
    if m is None:
        return None
    lines = block[: m.start()].decode("latin-1").splitlines()
    if not lines or not lines[0].startswith("HTTP/"):
        return None
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return None
    headers = {}
    for line in lines[1:]:
        key, _, value = line.partition(":")
        headers[key.strip().lower()] = value.strip()
    return HttpHead(status, headers, m.end())


def _consume(record, expected: int, already: int) -> None:
    remaining = expected - already
    if remaining > 0 and record.consume() < remaining:
        raise _Truncated


def _content_length(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _target_uri(value: str | None) -> str | None:
    # WARC 1.0 examples wrote the URI in angle brackets; some crawlers still do.
    return value.strip().strip("<>") or None if value else None


def _is_page(status: int) -> bool:
    # 204 has no body, 206 only part of one.
    return 200 <= status < 300 and status not in (204, 206)


def _is_html(content_type: str, body_start: bytes) -> bool:
    if content_type:
        return content_type.startswith(HTML_TYPES)
    return formats.sniff(body_start) == formats.HTML  # servers that send no type at all


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip() == "charset" and value:
            return value.strip("\"' ")
    return None


def _undo_encodings(body: bytes, headers: dict[str, str]) -> bytes:
    """The body as the server meant it: de-chunked and decompressed, where the bytes show
    that the header is right (crawlers often store decoded bodies with the old headers)."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    encoding = headers.get("content-encoding", "").lower().strip()
    if body[:512].lstrip()[:1] == b"<":
        return body  # already decoded markup, whatever the header says
    if encoding in ("gzip", "x-gzip", "deflate"):
        return _inflate(body)
    if encoding == "br":
        return _unbrotli(body)
    return body


def _dechunk(body: bytes) -> bytes:
    parts, position = [], 0
    while m := _CHUNK_SIZE_LINE.match(body, position):
        size = int(m.group(1), 16)
        if size == 0:
            return b"".join(parts)
        start = m.end()
        parts.append(body[start : start + size])
        position = start + size
        position += 2 if body.startswith(b"\r\n", position) else body.startswith(b"\n", position)
    return b"".join(parts) if parts and position >= len(body) else body


def _inflate(body: bytes) -> bytes:
    # gzip and zlib headers (wbits 47 detects either), then raw deflate; capped against bombs.
    for wbits in (47, -15):
        try:
            inflater = zlib.decompressobj(wbits)
            out = inflater.decompress(body, MAX_DOCUMENT_BYTES)
            if inflater.unconsumed_tail:
                raise InputError("compressed page too large")
            return out
        except zlib.error:
            continue
    return body


def _unbrotli(body: bytes) -> bytes:
    from fastwarc.stream_io import BrotliReader

    try:
        return BrotliReader(io.BytesIO(body)).read(MAX_DOCUMENT_BYTES)
    except (OSError, ValueError):
        return body


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__
