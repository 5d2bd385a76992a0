"""Which reader a path or a stream of bytes needs: by extension, then by sniffing."""

from __future__ import annotations

import re

TEXT, HTML, WARC, JSONL, SKIP = "text", "html", "warc", "jsonl", "skip"

_EXTENSIONS = {
    ".txt": TEXT,
    ".text": TEXT,
    ".md": TEXT,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".warc": WARC,
    ".warc.gz": WARC,
    ".arc.gz": WARC,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".jsonl.gz": JSONL,
}
# Files a directory walk passes over silently: they are never articles.
_NOT_DOCUMENTS = re.compile(
    r"\.(?:png|jpe?g|gif|webp|svg|ico|pdf|zip|tar|tgz|7z|rar|mp[34]|wav|ogg|woff2?|ttf|exe|"
    r"so|dll|pyc|db|sqlite|parquet|crfsuite|css|js)$",
    re.IGNORECASE,
)
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<meta|<div|<p\b)", re.I)


def by_extension(path: str) -> str | None:
    lower = path.lower()
    for extension in sorted(_EXTENSIONS, key=len, reverse=True):
        if lower.endswith(extension):
            return _EXTENSIONS[extension]
    if _NOT_DOCUMENTS.search(lower):
        return SKIP
    return None


def sniff(head: bytes) -> str:
    """Guess the format from the first bytes of a file (already un-gzipped if it was gzip)."""
    stripped = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith(b"WARC/"):
        return WARC
    if _HTML_START.match(stripped):
        return HTML
    if stripped.startswith(b"{") and b'"' in stripped[:200]:
        return JSONL
    return TEXT
