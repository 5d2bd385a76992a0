"""Bytes → text: BOM first, then strict UTF-8, then a declared charset, then a detector
limited to sensible encodings.

Never guess blindly: bytes that look binary are reported as such, not turned into mojibake,
and a tie between single-byte encodings goes to cp1252, the one Western text is written in.
"""

from __future__ import annotations

import codecs
import re

from zufolge.errors import InputError

# One document (an article, a page). 50 MB of text is read; corpora stream through WARC/JSONL.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
SNIFF_BYTES = 8192  # how much of the start binary detection and charset sniffing look at
_DETECT_BYTES = 200_000  # the detector is slow; a page's worth of bytes decides the encoding

# Longest BOM first: the UTF-32 LE BOM begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newline, vertical tab, form feed, carriage return and
# escape never occur in text; a few may (a stray byte), a share of them means binary data.
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.IGNORECASE)
# A complete UTF-8 multi-byte sequence; used to tell "UTF-8 with a few bad bytes" from cp1252.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
# Encodings the detector may choose from: Western and Central European, Cyrillic, East Asian.
DETECTOR_ENCODINGS = (
    "cp1252",
    "cp1250",
    "cp1251",
    "iso8859_15",
    "koi8_r",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "euc_kr",
)
# Labels that mean cp1252 on the web (WHATWG Encoding Standard): latin-1 pages use its
# 0x80-0x9F range for „ “ – € and Python's latin-1 would turn those into control characters.
_WEB_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "windows-1252": "cp1252",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}


def decode_text(data: bytes, *, declared: str | None = None) -> str:
    """Decode one document with newlines normalised; raise ``InputError`` for binary data.

    ``declared`` is a charset named outside the bytes (an HTTP header); it and an HTML
    ``<meta charset>`` are trusted only when the bytes are not valid UTF-8.
    """
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(f"document too large ({_megabytes(len(data))}; limit {_limit()})")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return normalise_newlines(data.decode(encoding, errors="replace"))
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError("binary file, not text")
        return normalise_newlines(text)
    if len(_CONTROL.findall(head)) > _MAX_CONTROL_SHARE * len(head):
        raise InputError("binary file, not text")
    try:
        return normalise_newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    for label in filter(None, (declared, meta_charset(head))):
        encoding = _python_encoding(label)
        if encoding and encoding != "utf-8":
            try:
                return normalise_newlines(data.decode(encoding))
            except UnicodeDecodeError:
                continue
    if _mostly_utf8(data[:_DETECT_BYTES]):
        # Valid UTF-8 with a few broken bytes (a cut, a stray byte): keep it UTF-8.
        return normalise_newlines(data.decode("utf-8", errors="replace"))
    return normalise_newlines(data.decode(_detect(data[:_DETECT_BYTES]), errors="replace"))


def normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.removeprefix("\ufeff")


def meta_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag near its start."""
    m = _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "ignore") if m else None


def _python_encoding(label: str) -> str | None:
    label = label.strip().strip("\"'").lower()
    label = _WEB_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Text in UTF-16 without BOM has NUL in every other byte for Latin scripts."""
    sample = data[:SNIFF_BYTES]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / len(sample[0::2])
    odd_nul = sample[1::2].count(0) / len(sample[1::2])
    for encoding, ratio, other in (
        ("utf-16-le", odd_nul, even_nul),
        ("utf-16-be", even_nul, odd_nul),
    ):
        if ratio > 0.4 and other < 0.1:
            try:
                text = data[: len(data) // 2 * 2].decode(encoding)
            except UnicodeDecodeError:
                return None
            return None if _CONTROL.search(text[:SNIFF_BYTES].encode("utf-8")) else text
    return None


def _mostly_utf8(data: bytes) -> bool:
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    in_sequences = sum(len(m) for m in _UTF8_SEQUENCE.findall(data))
    # cp1252 text almost never forms valid UTF-8 sequences, so a clear majority decides.
    return in_sequences >= 3 * (high - in_sequences)


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_isolation=list(DETECTOR_ENCODINGS)))
    if not matches:
        return "cp1252"  # every byte is something in cp1252; the text stays readable
    best = min(m.chaos for m in matches)
    for match in matches:
        # The detector cannot tell cp1252 from cp1250 on German text; cp1252 is far more common.
        if "cp1252" in match.could_be_from_charset and match.chaos <= best + 0.02:
            return "cp1252"
    return min(matches, key=lambda m: m.chaos).encoding


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):.0f} MB"


def _limit() -> str:
    return _megabytes(MAX_DOCUMENT_BYTES)
