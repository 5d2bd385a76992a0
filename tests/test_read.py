"""Readers: encodings, formats by extension and by sniffing, WARC fixtures, stdin."""

import io
import json
import sys
from pathlib import Path

import pytest

from zufolge.model import RawDocument, ReadError
from zufolge.read import iter_inputs

TEXT = "Größere Straßen führen über die Brücke — „sagte“ der Bürgermeister."
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "warc-fixtures"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def read_one(path):
    items = list(iter_inputs([str(path)]))
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-le"),  # without BOM
        TEXT.encode("utf-16-be"),
    ],
)
def test_unicode_encodings(tmp_path, encoded):
    path = tmp_path / "a.txt"
    path.write_bytes(encoded)
    assert read_one(path).text == TEXT


def test_cp1252_with_crlf(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Zeile eins: Größe.\r\nZeile zwei: Übermaß.".encode("cp1252"))
    assert read_one(path).text == "Zeile eins: Größe.\nZeile zwei: Übermaß."


def test_html_by_sniffing_without_extension(tmp_path):
    path = tmp_path / "page"
    path.write_text("<!DOCTYPE html><html><body><p>Hallo</p></body></html>", encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, RawDocument) and doc.html and doc.text is None


def test_meta_charset_is_honoured(tmp_path):
    path = tmp_path / "page.html"
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Grüße</p></body></html>'
    path.write_bytes(html.encode("latin-1"))
    assert "Grüße" in read_one(path).html


def test_jsonl_fields(tmp_path):
    path = tmp_path / "b.jsonl"
    record = {
        "text": "Ein Satz.",
        "url": "https://x.example",
        "title": "T",
        "published": "2024-01-02",
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    doc = read_one(path)
    assert (doc.text, doc.url, doc.title, doc.published, doc.locator) == (
        "Ein Satz.",
        "https://x.example",
        "T",
        "2024-01-02",
        "line 1",
    )


def test_directory_walk_is_sorted_and_skips_images_and_hidden(tmp_path):
    (tmp_path / "b.txt").write_text("Zwei.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Eins.", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / ".hidden.txt").write_text("Nein.", encoding="utf-8")
    texts = [d.text for d in iter_inputs([str(tmp_path)])]
    assert texts == ["Zwei.", "Eins."]


def test_example_crawl_keeps_html_responses_only():
    docs = list(iter_inputs([str(EXAMPLES / "crawl.warc.gz")]))
    assert [d.url for d in docs] == [
        "https://news.example/world/port-strike",
        "https://news.example/science/glacier",
    ]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside the repository")
def test_real_warc_fixtures():
    clipped = list(iter_inputs([str(SHARED / "clipped.warc.gz")]))
    assert isinstance(clipped[0], RawDocument) and clipped[0].html
    assert isinstance(clipped[-1], ReadError) and "truncated" in clipped[-1].reason
    quirky = list(iter_inputs([str(SHARED / "clueweb-quirk.warc.gz")]))
    assert len(quirky) > 10 and all(isinstance(d, RawDocument) for d in quirky)
    assert "ヘッドポーター" in quirky[0].html  # EUC-JP declared in the HTTP header
    assert len(list(iter_inputs([str(SHARED / "warcfile.warc.gz")]))) > 10


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode("utf-8"))))
    assert [d.text for d in iter_inputs(["-"])] == [TEXT]
