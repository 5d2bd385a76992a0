"""Readers: encodings, formats by extension and by sniffing, WARC, JSONL, directories, stdin."""

import gzip
import io
import itertools
import json
import os
import pickle
import sys
from pathlib import Path

import pytest

from zufolge.model import RawDocument, ReadError
from zufolge.read import iter_inputs
from zufolge.read.decode import MAX_DOCUMENT_BYTES
from zufolge.read.jsonl import read_jsonl_stream
from zufolge.read.warc import read_warc_stream

TEXT = "Größere Straßen führen über die Brücke — „sagte“ der Bürgermeister."
FIXTURES = Path(__file__).parent / "fixtures" / "read"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "warc-fixtures"
needs_shared = pytest.mark.skipif(
    not SHARED.exists(), reason=f"real WARC fixtures not found at {SHARED}"
)

PAGE = "<!DOCTYPE html><html><head><title>{t}</title></head><body><p>{t}</p></body></html>"


def read_all(*paths):
    return list(iter_inputs([str(p) for p in paths]))


def read_one(path):
    items = read_all(path)
    assert len(items) == 1, items
    return items[0]


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- plain text: encodings -------------------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM, native order
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),  # without BOM: found by the NUL pattern
        TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le", "utf16be", "utf32"],
)
def test_unicode_encodings(tmp_path, encoded):
    assert read_one(write(tmp_path / "a.txt", encoded)).text == TEXT


def test_cp1252_article_with_crlf():
    doc = read_one(FIXTURES / "de-hafen-cp1252.txt")
    assert "\r" not in doc.text
    assert doc.text.startswith("Hafenstreik in Bremerhaven geht in die zweite Woche\n\n")
    assert "„Wir bleiben draußen, bis ein faires Angebot" in doc.text
    assert "8 Prozent – rund 300 € mehr" in doc.text
    assert "Über die Größe der Verluste wollte er sich nicht äußern." in doc.text


def test_utf16_without_bom_article():
    doc = read_one(FIXTURES / "de-hafen-utf16le.txt")
    assert doc.text == (FIXTURES / "de-hafen-cp1252.txt").read_bytes().decode("cp1252").replace(
        "\r\n", "\n"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Zeile eins: Größe.",
        "Die Straße führt über die Brücke. Der Bürgermeister sagte das.",
        "The café’s naïve owner said “hello” – twice.",
    ],
)
def test_short_cp1252_text_is_not_mistaken_for_another_code_page(tmp_path, sentence):
    assert read_one(write(tmp_path / "a.txt", sentence.encode("cp1252"))).text == sentence


def test_utf8_with_one_broken_byte_stays_utf8(tmp_path):
    data = ("Übermaß " * 50).encode("utf-8") + b"\xff" + " Größe.".encode()
    text = read_one(write(tmp_path / "a.txt", data)).text
    assert text.startswith("Übermaß Übermaß") and text.endswith("\ufffd Größe.")


def test_old_mac_line_ends(tmp_path):
    assert read_one(write(tmp_path / "a.txt", b"eins\rzwei\r")).text == "eins\nzwei\n"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        bytes(range(256)) * 40,
        b"%PDF-1.7\n" + bytes(range(1, 32)) * 20,
    ],
    ids=["png", "all-bytes", "control-characters"],
)
def test_binary_is_refused(tmp_path, data):
    item = read_one(write(tmp_path / "a.txt", data))
    assert item == ReadError(str(tmp_path / "a.txt"), "binary file, not text")


@pytest.mark.parametrize("data", [b"", b" \n\t\r\n", b"\xef\xbb\xbf  \n"])
def test_empty_file(tmp_path, data):
    path = write(tmp_path / "a.txt", data)
    assert read_one(path) == ReadError(str(path), "empty file")


def test_fifty_megabytes_of_text_are_one_document(tmp_path):
    paragraph = "Der Sprecher sagte, die Verhandlungen über Löhne würden fortgesetzt.\n"
    data = paragraph.encode("utf-8") * (50 * 1024 * 1024 // len(paragraph.encode("utf-8")))
    path = write(tmp_path / "big.txt", data)
    assert path.stat().st_size > 49 * 1024 * 1024
    doc = read_one(path)
    assert isinstance(doc, RawDocument)
    assert len(doc.text) == len(data.decode("utf-8")) and doc.text.startswith(paragraph)


def test_file_above_the_size_limit_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: nothing is written
    item = read_one(path)
    assert isinstance(item, ReadError) and "too large" in item.reason and "64 MB" in item.reason


# --- HTML ------------------------------------------------------------------------------


def test_html_fixture_honours_meta_charset():
    doc = read_one(FIXTURES / "de-baeder-latin1.html")
    assert doc.text is None
    assert "Bürgermeisterin Grünewald sagte" in doc.html and "Schließung" in doc.html


@pytest.mark.parametrize(
    "name, start",
    [
        ("page", "<!DOCTYPE html>"),
        ("page.txt", "<html>"),
        ("saved", "\n  <!-- saved from url -->\n<HTML>"),
        ("page.xml", '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="x">'),
    ],
)
def test_html_is_sniffed_whatever_the_name(tmp_path, name, start):
    path = tmp_path / name
    path.write_text(start + "<body><p>Hallo</p></body></html>", encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, RawDocument) and doc.text is None and "<p>Hallo</p>" in doc.html


def test_undeclared_cp1252_page(tmp_path):
    path = write(tmp_path / "a.htm", PAGE.format(t="Grüße aus Köln – „heute“").encode("cp1252"))
    assert "<p>Grüße aus Köln – „heute“</p>" in read_one(path).html


def test_text_that_mentions_a_tag_is_still_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Im Quelltext steht <html> ganz oben.", encoding="utf-8")
    assert read_one(path).text == "Im Quelltext steht <html> ganz oben."


# --- WARC ------------------------------------------------------------------------------


def warc_record(
    body: bytes,
    *,
    url: str = "https://news.example/a",
    kind: str = "response",
    http: str | None = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n",
) -> bytes:
    block = (http.encode("latin-1") if http is not None else b"") + body
    head = (
        f"WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash((url, kind))):032x}>\r\n"
        f"WARC-Date: 2024-10-17T08:00:00Z\r\nContent-Length: {len(block)}\r\n\r\n"
    )
    return head.encode("ascii") + block + b"\r\n\r\n"


def page(title: str, encoding: str = "utf-8") -> bytes:
    return PAGE.format(t=title).encode(encoding)


def crawl_records() -> list[bytes]:
    """Records the way real crawls mix them; four are HTML pages."""
    return [
        warc_record(b"software: zufolge-test\r\n", kind="warcinfo", http=None),
        warc_record(b"", kind="request", http="GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n"),
        warc_record(page("Erste Seite"), url="https://news.example/a"),
        warc_record(
            page("Nicht gefunden"),
            url="https://news.example/missing",
            http="HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n",
        ),
        warc_record(
            b"\x89PNG\r\n\x1a\n" + bytes(100),
            url="https://news.example/logo.png",
            http="HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n",
        ),
        warc_record(  # LF-only head and a Latin-1 charset in the header
            page("Zweite Seite: Grüße", "latin-1"),
            url="<https://news.example/b>",
            http="HTTP/1.0 200 OK\nContent-Type: text/html; charset=ISO-8859-1\n\n",
        ),
        warc_record(  # gzip content encoding that is really gzip
            gzip.compress(page("Dritte Seite")),
            url="https://news.example/c",
            http="HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n",
        ),
        warc_record(b"{}", kind="metadata", http=None),
        warc_record(  # chunked transfer encoding left in the record
            b"%x\r\n%s\r\n0\r\n\r\n" % (len(page("Vierte Seite")), page("Vierte Seite")),
            url="https://news.example/d",
            http="HTTP/1.1 200 OK\r\nContent-Type: application/xhtml+xml\r\n"
            "Transfer-Encoding: chunked\r\n\r\n",
        ),
    ]


EXPECTED = [
    ("https://news.example/a", "Erste Seite", "record 3"),
    ("https://news.example/b", "Zweite Seite: Grüße", "record 6"),
    ("https://news.example/c", "Dritte Seite", "record 7"),
    ("https://news.example/d", "Vierte Seite", "record 9"),
]


def summary(docs):
    return [(d.url, d.html.split("<p>")[1].split("</p>")[0], d.locator) for d in docs]


@pytest.mark.parametrize("compressed", [False, True], ids=["warc", "warc.gz"])
def test_warc_keeps_html_pages_only(tmp_path, compressed):
    records = crawl_records()
    data = b"".join(gzip.compress(r) for r in records) if compressed else b"".join(records)
    path = write(tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc"), data)
    docs = read_all(path)
    assert summary(docs) == EXPECTED
    assert all(d.path == str(path) and d.text is None for d in docs)


def test_warc_is_sniffed_without_extension(tmp_path):
    path = write(tmp_path / "crawl-2024", b"".join(gzip.compress(r) for r in crawl_records()))
    assert summary(read_all(path)) == EXPECTED


def test_truncated_warc_gz_yields_the_records_before_the_cut_then_one_error(tmp_path):
    members = [gzip.compress(r) for r in crawl_records()]
    whole = b"".join(members)
    cut_at = len(b"".join(members[:6])) + len(members[6]) // 2  # inside record 7
    path = write(tmp_path / "cut.warc.gz", whole[:cut_at])
    items = read_all(path)
    assert summary(items[:-1]) == EXPECTED[:2]
    assert items[-1] == ReadError(str(path), "truncated WARC: the file ends inside record 7")


def test_truncated_plain_warc_inside_a_page(tmp_path):
    records = crawl_records()
    data = b"".join(records[:3]) + records[3][:-40]
    items = read_all(write(tmp_path / "cut.warc", data))
    assert summary(items[:-1]) == EXPECTED[:1]
    assert isinstance(items[-1], ReadError) and "ends inside record 4" in items[-1].reason


@needs_shared
def test_real_warc_fixtures():
    clipped = read_all(SHARED / "clipped.warc.gz")
    # Its only record is cut off; a cut page is reported, not analysed as if whole.
    assert clipped == [
        ReadError(str(SHARED / "clipped.warc.gz"), "truncated WARC: the file ends inside record 1")
    ]
    quirky = read_all(SHARED / "clueweb-quirk.warc.gz")
    assert len(quirky) == 29 and all(isinstance(d, RawDocument) for d in quirky)
    assert "ヘッドポーター" in quirky[0].html  # EUC-JP, declared in an LF-only HTTP head
    assert all(d.url.startswith("http") for d in quirky)
    docs = read_all(SHARED / "warcfile.warc.gz")
    assert len(docs) == 16 and all(isinstance(d, RawDocument) for d in docs)
    russian = next(d for d in docs if d.url == "http://01spb.ru/company/")
    assert "О компании" in russian.html  # windows-1251 from the HTTP header


def test_garbage_between_records_is_reported(tmp_path):
    records = crawl_records()
    data = b"".join(records[:3]) + b"this is not a WARC header\r\n\r\n" + b"".join(records[3:])
    items = read_all(write(tmp_path / "bad.warc", data))
    assert summary(items[:-1]) == EXPECTED[:1]
    assert isinstance(items[-1], ReadError) and "unreadable WARC after record 3" in items[-1].reason


def test_empty_warc(tmp_path):
    path = write(tmp_path / "x.warc", b"")
    assert read_one(path) == ReadError(str(path), "no WARC records found")


def test_gzip_that_is_no_warc(tmp_path):
    path = write(tmp_path / "x.warc.gz", gzip.compress(b"just some text\n"))
    item = read_one(path)
    assert isinstance(item, ReadError) and item.reason.startswith("not a WARC file")


def test_warc_streams_record_by_record():
    """An endless crawl still yields its first pages: nothing waits for the end."""

    class Endless(io.RawIOBase):
        def __init__(self):
            self.records = itertools.cycle(crawl_records())
            self.pending = b""

        def readable(self):
            return True

        def readinto(self, buffer):
            while len(self.pending) < len(buffer):
                self.pending += next(self.records)
            n = len(buffer)
            buffer[:n], self.pending = self.pending[:n], self.pending[n:]
            return n

    docs = list(itertools.islice(read_warc_stream(io.BufferedReader(Endless()), "-"), 6))
    urls = [url for url, _, _ in EXPECTED]
    assert [d.url for d in docs] == urls + urls[:2]


# --- JSONL and JSON --------------------------------------------------------------------


def test_jsonl_fields(tmp_path):
    record = {
        "text": "Ein Satz.",
        "url": "https://x.example",
        "title": "T",
        "published": "2024-01-02",
        "outlet": "Weser-Kurier",
        "author": "Jutta Möller",
        "extra": [1, 2],
    }
    doc = read_one(write(tmp_path / "b.jsonl", (json.dumps(record) + "\n").encode()))
    assert (doc.text, doc.html, doc.url, doc.title, doc.published, doc.outlet, doc.author) == (
        "Ein Satz.",
        None,
        "https://x.example",
        "T",
        "2024-01-02",
        "Weser-Kurier",
        "Jutta Möller",
    )
    assert doc.locator == "line 1" and doc.label == f"{tmp_path / 'b.jsonl'} (line 1)"


def test_jsonl_bad_lines_are_reported_and_reading_goes_on(tmp_path):
    lines = [
        json.dumps({"text": "Eins."}),
        "{kaputt",
        "",
        json.dumps({"title": "ohne Text"}),
        json.dumps(["a", "b"]),
        json.dumps({"html": "<p>Zwei.</p>", "text": "  "}),
    ]
    path = write(tmp_path / "b.ndjson", "\n".join(lines).encode())
    items = read_all(path)
    assert [type(i).__name__ for i in items] == [
        "RawDocument",
        "ReadError",
        "ReadError",
        "ReadError",
        "RawDocument",
    ]
    assert items[1].path == f"{path}: line 2" and items[1].reason.startswith("not JSON (")
    assert items[2] == ReadError(f"{path}: line 4", "no 'text' or 'html' field")
    assert items[3] == ReadError(f"{path}: line 5", "not a JSON object but an array")
    assert (items[4].html, items[4].text, items[4].locator) == ("<p>Zwei.</p>", None, "line 6")


def test_jsonl_common_field_names_of_scraped_dumps(tmp_path):
    records = [
        {
            "content": "Ein Satz.",
            "link": "https://y.example/1",
            "headline": "Überschrift",
            "published_date": "2025-08-05",
            "authors": ["Jutta Möller", "Ben Ali"],
            "author": "None",
        },
        {"content": "", "title": "leer"},
    ]
    path = write(tmp_path / "dump.jsonl", "\n".join(map(json.dumps, records)).encode())
    doc, error = read_all(path)
    assert (doc.text, doc.url, doc.title, doc.published, doc.author) == (
        "Ein Satz.",
        "https://y.example/1",
        "Überschrift",
        "2025-08-05",
        "Jutta Möller, Ben Ali",
    )
    assert error == ReadError(f"{path}: line 2", "empty 'content' field")


def test_jsonl_gz_with_bom_and_crlf(tmp_path):
    body = "\ufeff" + json.dumps({"text": "Grüße."}) + "\r\n" + json.dumps({"text": "Zwei."})
    path = write(tmp_path / "b.jsonl.gz", gzip.compress(body.encode("utf-8")))
    assert [d.text for d in read_all(path)] == ["Grüße.", "Zwei."]


def test_truncated_jsonl_gz(tmp_path):
    body = "".join(json.dumps({"text": f"Satz {n} " + "x" * n}) + "\n" for n in range(2000))
    data = gzip.compress(body.encode())
    path = write(tmp_path / "b.jsonl.gz", data[: len(data) // 2])
    items = read_all(path)
    assert all(isinstance(i, RawDocument) for i in items[:-1]) and len(items) > 100
    assert isinstance(items[-1], ReadError) and items[-1].reason.startswith("truncated gzip")


def test_jsonl_streams_line_by_line():
    class Endless(io.RawIOBase):
        line = (json.dumps({"text": "Noch ein Satz."}) + "\n").encode()

        def readable(self):
            return True

        def readinto(self, buffer):
            n = len(buffer) // len(self.line) * len(self.line) or len(self.line)
            data = (self.line * (n // len(self.line)))[: len(buffer)]
            buffer[: len(data)] = data
            return len(data)

    docs = list(itertools.islice(read_jsonl_stream(io.BufferedReader(Endless()), "-"), 3))
    assert [d.locator for d in docs] == ["line 1", "line 2", "line 3"]


def test_json_object_and_array(tmp_path):
    one = write(tmp_path / "one.json", json.dumps({"text": "Eins.", "url": "u"}, indent=2).encode())
    many = write(
        tmp_path / "many.json", json.dumps([{"text": "A."}, {"html": "<p>B</p>"}]).encode()
    )
    docs = read_all(one, many)
    assert [(d.text, d.html, d.locator) for d in docs] == [
        ("Eins.", None, None),
        ("A.", None, "item 1"),
        (None, "<p>B</p>", "item 2"),
    ]


# --- directories and paths -------------------------------------------------------------


def test_directory_walk_is_sorted_recursive_and_skips_non_documents(tmp_path):
    (tmp_path / "b.txt").write_text("Zwei.", encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "z.txt").write_text("Eins.", encoding="utf-8")
    (tmp_path / "c-ohne-endung").write_text("Drei.", encoding="utf-8")
    (tmp_path / "d.html").write_text(PAGE.format(t="Vier."), encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "bericht.pdf").write_bytes(b"%PDF-1.7\n" + bytes(100))
    (tmp_path / ".hidden.txt").write_text("Nein.", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("Permission is hereby granted", encoding="utf-8")
    (tmp_path / "README.md").write_text("# Korpus", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: main", encoding="utf-8")
    items = read_all(tmp_path)
    assert [d.text or d.html[:15] for d in items] == ["Eins.", "Zwei.", "Drei.", "<!DOCTYPE html>"]
    assert items[0].path == str(tmp_path / "a" / "z.txt")


def test_licence_named_explicitly_is_read(tmp_path):
    path = tmp_path / "LICENSE"
    path.write_text("Permission is hereby granted", encoding="utf-8")
    assert read_one(path).text == "Permission is hereby granted"


def test_directory_reports_a_bad_file_and_goes_on(tmp_path):
    (tmp_path / "a.txt").write_bytes(bytes(range(256)))
    (tmp_path / "b.txt").write_text("Gut.", encoding="utf-8")
    items = read_all(tmp_path)
    assert items == [
        ReadError(str(tmp_path / "a.txt"), "binary file, not text"),
        RawDocument(path=str(tmp_path / "b.txt"), text="Gut."),
    ]


def test_symlink_loop_is_walked_once(tmp_path):
    (tmp_path / "a.txt").write_text("Eins.", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path)
    assert [d.text for d in read_all(tmp_path)] == ["Eins."]


def test_unreadable_directory(tmp_path, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text("Eins.", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    if os.geteuid() != 0:  # root reads any directory, so simulate what chmod does for users
        locked.chmod(0)
    else:
        real = os.scandir

        def scandir(path="."):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        items = read_all(tmp_path)
    finally:
        locked.chmod(0o755)
    assert items == [
        ReadError(str(locked), "cannot read directory (permission denied)"),
        RawDocument(path=str(tmp_path / "ok" / "a.txt"), text="Eins."),
    ]


def test_missing_path_and_broken_link(tmp_path):
    (tmp_path / "dangling").symlink_to(tmp_path / "gone")
    assert read_all(tmp_path / "nope.txt", tmp_path / "dangling") == [
        ReadError(str(tmp_path / "nope.txt"), "no such file or directory"),
        ReadError(str(tmp_path / "dangling"), "broken symbolic link"),
    ]


def test_unreadable_file_is_one_error(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("Eins.", encoding="utf-8")
    import builtins

    real_open = builtins.open

    def failing_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", failing_open)
    assert read_all(path) == [ReadError(str(path), "cannot read (permission denied)")]


# --- stdin -----------------------------------------------------------------------------


def feed_stdin(monkeypatch, data: bytes):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_text(monkeypatch):
    feed_stdin(monkeypatch, TEXT.encode("cp1252"))
    assert read_all("-") == [RawDocument(path="<stdin>", text=TEXT)]


def test_stdin_html(monkeypatch):
    feed_stdin(monkeypatch, page("Grüße"))
    (doc,) = read_all("-")
    assert doc.text is None and "<p>Grüße</p>" in doc.html


def test_stdin_jsonl(monkeypatch):
    lines = [json.dumps({"text": "Eins."}), "nicht json", json.dumps({"text": "Zwei."})]
    feed_stdin(monkeypatch, "\n".join(lines).encode())
    items = read_all("-")
    assert [getattr(i, "text", None) for i in items] == ["Eins.", None, "Zwei."]
    assert items[1].path == "<stdin>: line 2"


def test_stdin_gzipped_warc(monkeypatch):
    feed_stdin(monkeypatch, b"".join(gzip.compress(r) for r in crawl_records()))
    assert summary(read_all("-")) == EXPECTED


def test_stdin_empty(monkeypatch):
    feed_stdin(monkeypatch, b"")
    assert read_all("-") == [ReadError("<stdin>", "empty file")]


# --- documents travel to worker processes ----------------------------------------------


def test_documents_and_errors_pickle(tmp_path):
    items = [*read_all(FIXTURES / "de-baeder-latin1.html"), ReadError("x", "empty file")]
    assert pickle.loads(pickle.dumps(items)) == items
