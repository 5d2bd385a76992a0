"""Which reader a path or a stream of bytes needs: by extension, then by sniffing."""

from __future__ import annotations

import re

TEXT, HTML, WARC, JSONL, JSON, SKIP = "text", "html", "warc", "jsonl", "json", "skip"
GZIP_MAGIC = b"\x1f\x8b"

_EXTENSIONS = {
    ".txt": TEXT,
    ".text": TEXT,
    ".md": TEXT,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".shtml": HTML,
    ".warc": WARC,
    ".warc.gz": WARC,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".jsonl.gz": JSONL,
    ".ndjson.gz": JSONL,
    ".json": JSON,
}
_LONGEST_FIRST = sorted(_EXTENSIONS, key=len, reverse=True)
# Files a directory walk passes over silently: they are never articles.
_NOT_DOCUMENTS = re.compile(
    r"\.(?:png|jpe?g|gif|webp|avif|bmp|tiff?|svg|ico|pdf|docx?|xlsx?|pptx?|odt|epub|zip|tar|"
    r"tgz|bz2|xz|zst|7z|rar|mp[34]|m4a|wav|ogg|flac|webm|mov|avi|mkv|woff2?|ttf|otf|eot|exe|"
    r"bin|so|dll|dylib|o|a|class|jar|pyc|py|sh|toml|yaml|yml|cfg|db|sqlite3?|parquet|arrow|npy|npz|pkl|pt|onnx|"
    r"crfsuite|css|js|map|lock)$",
    re.IGNORECASE,
)
# Files that sit beside a corpus and describe it: a directory walk passes over them too.
_NOT_ARTICLE_NAMES = re.compile(
    r"^(?:licen[cs]e|copying|notice|authors|contributors|changelog|changes|readme|manifest|"
    r"checksums?|sha\d*sums?|md5sums?|makefile|dockerfile)(?:[.-][\w.-]*)?$",
    re.IGNORECASE,
)
_HTML_START = re.compile(
    rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"(?:<!doctype\s+html|<html|<head\b|<body\b|<meta\b|<title\b|<div\b|<p\b|<article\b)",
    re.IGNORECASE | re.DOTALL,
)


def by_extension(path: str) -> str | None:
    """The format a file name promises; ``SKIP`` for files that are never articles."""
    lower = path.lower()
    for extension in _LONGEST_FIRST:
        if lower.endswith(extension):
            return _EXTENSIONS[extension]
    if _NOT_DOCUMENTS.search(lower):
        return SKIP
    return None


def is_corpus_file(name: str) -> bool:
    """A licence, read-me or checksum file beside the articles, not an article itself."""
    return bool(_NOT_ARTICLE_NAMES.match(name))


def sniff(head: bytes) -> str:
    """The format of a file from its first bytes (already un-gzipped if it was gzip)."""
    stripped = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if stripped.startswith((b"WARC/", b"warc/")):
        return WARC
    if _HTML_START.match(stripped):
        return HTML
    if stripped.startswith(b"{") and b'"' in stripped[:200]:
        return JSONL
    return TEXT


def looks_like_html(text_head: str) -> bool:
    """For decoded text of unknown kind (a .txt that is really a saved page)."""
    return bool(_HTML_START.match(text_head.lstrip().encode("utf-8", "replace")))
