"""WARC and WARC.gz crawls (fastwarc): HTML responses become documents, the rest is skipped.

Crawls are streamed record by record. A clipped or corrupt file yields the records before
the damage and then one ``ReadError`` saying where reading stopped.
"""

from __future__ import annotations

import contextlib
import gzip
import re
import zlib
from collections.abc import Iterator

from zufolge.errors import InputError
from zufolge.model import RawDocument, ReadError
from zufolge.read.decode import decode_text

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


_HEAD_END = re.compile(rb"\r?\n\r?\n")


def split_http(block: bytes) -> tuple[int, dict[str, str], bytes] | None:
    """(status, headers, body) of an HTTP response block. Tolerates LF-only line ends and
    a Content-Encoding that claims gzip for a body that is not (both seen in real crawls)."""
    m = _HEAD_END.search(block, 0, 65536)
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
    body = block[m.end() :]
    if body[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError, zlib.error):
            body = gzip.decompress(body)
    return status, headers, body


def read_warc(path: str) -> Iterator[RawDocument | ReadError]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    records = 0
    try:
        with open(path, "rb") as f:
            iterator = ArchiveIterator(
                f, record_types=WarcRecordType.response, parse_http=False, verify_digests=False
            )
            for record in iterator:
                records += 1
                http = split_http(record.reader.read())
                if http is None or not 200 <= http[0] < 300:
                    continue
                _, headers, body = http
                content_type = headers.get("content-type", "")
                if not content_type.lower().startswith(HTML_TYPES):
                    continue
                url = record.headers.get("WARC-Target-URI")
                try:
                    html = decode_text(body, declared=_charset(content_type))
                except InputError as e:
                    yield ReadError(f"{path} (record {records}, {url})", str(e))
                    continue
                yield RawDocument(path=path, html=html, url=url, locator=f"record {records}")
        if path.lower().endswith(".gz") and not _gzip_complete(path):
            yield ReadError(path, f"truncated WARC: file ends inside record {records + 1}")
    except (OSError, ValueError, EOFError, zlib.error) as e:
        yield ReadError(path, f"unreadable WARC after record {records}: {e}")


def _gzip_complete(path: str) -> bool:
    """fastwarc stops quietly at a clipped gzip member; zlib tells whether the file ends
    cleanly. Reads the file once more, streaming, only for .gz crawls."""
    try:
        with gzip.open(path, "rb") as f:
            while f.read(1 << 20):
                pass
        return True
    except (EOFError, OSError, zlib.error):
        return False
