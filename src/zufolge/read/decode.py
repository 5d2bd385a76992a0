"""Bytes → text: BOM first, then strict UTF-8, then a detector limited to sensible encodings.

Never guess blindly: a file that is neither valid UTF-8/UTF-16 nor text in a single-byte
encoding the detector is sure of is reported as binary, not turned into mojibake.
"""

from __future__ import annotations

import codecs
import re

from zufolge.errors import InputError

MAX_DOCUMENT_BYTES = 16 * 1024 * 1024  # one article; corpora stream through WARC/JSONL
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newline, carriage return and form feed mean binary.
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
FALLBACK_ENCODINGS = ("cp1252", "latin-1", "iso-8859-15", "cp1250", "utf-16-le", "utf-16-be")


def _utf16_without_bom(data: bytes) -> str | None:
    """Text in UTF-16 without BOM has NUL in every other byte for Latin scripts."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / max(len(sample[0::2]), 1)
    odd_nul = sample[1::2].count(0) / max(len(sample[1::2]), 1)
    for encoding, ratio in (("utf-16-le", odd_nul), ("utf-16-be", even_nul)):
        if ratio > 0.4:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def decode_text(data: bytes, *, declared: str | None = None) -> str:
    """Decode a document; raise ``InputError`` for binary data."""
    if len(data) > MAX_DOCUMENT_BYTES:
        size = len(data) // (1024 * 1024)
        raise InputError(f"document too large ({size} MB; limit {MAX_DOCUMENT_BYTES >> 20} MB)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _normalise(data.decode(encoding, errors="replace"))
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError("binary file, not text")
        return _normalise(text)
    if _CONTROL.search(data[:4096]) and len(_CONTROL.findall(data[:4096])) > 8:
        raise InputError("binary file, not text")
    try:
        return _normalise(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    for encoding in filter(None, (declared, _meta_charset(data))):
        try:
            return _normalise(data.decode(encoding))
        except (LookupError, UnicodeDecodeError):
            continue
    return _normalise(_detect(data))


def _meta_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=list(FALLBACK_ENCODINGS)).best()
    if best is None:
        # Invalid UTF-8 that no single-byte encoding explains well: keep what is readable.
        return data.decode("utf-8", errors="replace")
    return data.decode(best.encoding, errors="replace")


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
