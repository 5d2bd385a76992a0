"""Bad input never loses work: each broken input is one line on stderr, the rest is written."""

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import zufolge.serve.cli as cli
from zufolge.serve.cli import main

GOOD = "Der Minister sagte am Montag, die Lage sei ernst.\n\nEr fügte hinzu: „Wir warten.“\n"


def run(*args):
    result = CliRunner().invoke(main, ["analyze", "--workers", "1", *map(str, args)])
    return result


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def out_lines(path: Path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def check_partial(tmp_path, good, bad, reason):
    out = tmp_path / "out.jsonl"
    result = run("--format", "jsonl", "--out", out, good, bad)
    assert result.exit_code == 1, result.output
    skipped = [ln for ln in result.stderr.splitlines() if ln.startswith("zufolge: skipped")]
    assert len(skipped) == 1
    assert str(bad) in skipped[0] and reason in skipped[0]
    assert "Traceback" not in result.stderr
    assert [r["document"]["path"] for r in out_lines(out)] == [str(good)]


def test_empty_file(tmp_path, good):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"  \n")
    check_partial(tmp_path, good, bad, "empty file")


def test_binary_file(tmp_path, good):
    bad = tmp_path / "image.txt"
    bad.write_bytes(bytes(range(256)) * 40)
    check_partial(tmp_path, good, bad, "binary")


def test_fifty_megabyte_text_file(tmp_path, good):
    """Read whole (the reader takes up to 64 MB), then refused as no single article."""
    bad = tmp_path / "huge.txt"
    line = "Der Sprecher sagte, die Gespräche über Löhne würden fortgesetzt.\n".encode()
    bad.write_bytes(line * (50 * 1024 * 1024 // len(line)))
    check_partial(tmp_path, good, bad, "too long for one article")


def test_file_above_the_reader_limit(tmp_path, good):
    bad = tmp_path / "huge.txt"
    with bad.open("wb") as f:
        f.truncate(65 * 1024 * 1024)  # sparse: refused by size before a byte is read
    check_partial(tmp_path, good, bad, "too large")


def test_invalid_utf8_is_read_as_cp1252(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(
        "Die Straße führt über die Brücke. Der Bürgermeister sagte das.".encode("cp1252")
    )
    out = tmp_path / "out.jsonl"
    result = run("--format", "jsonl", "--out", out, path)
    assert result.exit_code == 0, result.stderr
    assert "Straße führt über" in out_lines(out)[0]["document"]["text"]


def test_utf8_with_a_stray_byte_keeps_its_umlauts(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_bytes(GOOD.encode("utf-8") + b"Ende\xe4.\n")
    out = tmp_path / "out.jsonl"
    result = run("--format", "jsonl", "--out", out, path)
    assert result.exit_code == 0, result.stderr
    text = out_lines(out)[0]["document"]["text"]
    assert "Er fügte hinzu" in text and "Ende\ufffd." in text


def test_html_without_body(tmp_path, good):
    bad = tmp_path / "nobody.html"
    bad.write_text("<html><head><title>Nichts</title></head><body></body></html>")
    check_partial(tmp_path, good, bad, "no body text")


def test_truncated_warc_keeps_records_before_the_cut(tmp_path):
    examples = Path(__file__).resolve().parents[1] / "examples" / "crawl.warc.gz"
    data = examples.read_bytes()
    # One gzip member per record: keep the first request and response, cut into the third.
    members = [i for i in range(len(data)) if data.startswith(b"\x1f\x8b\x08", i)]
    cut = members[2] + 40
    bad = tmp_path / "cut.warc.gz"
    bad.write_bytes(data[:cut])
    out = tmp_path / "out.jsonl"
    result = run("--format", "jsonl", "--out", out, bad)
    assert result.exit_code == 1
    assert "truncated WARC" in result.stderr and "Traceback" not in result.stderr
    assert [r["document"]["url"] for r in out_lines(out)] == [
        "https://news.example/world/port-strike"
    ]


def test_jsonl_line_that_is_not_json(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps({"text": GOOD, "url": "https://a.example/1"}), "{not json", ""]
    lines.append(json.dumps({"html": "<html><body><p>" + GOOD + "</p></body></html>"}))
    path.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("--format", "jsonl", "--out", out, path)
    assert result.exit_code == 1
    assert f"{path}: line 2" in result.stderr and "not JSON" in result.stderr
    assert len(out_lines(out)) == 2


def test_unreadable_directory(tmp_path, good, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "out.jsonl"
    result = run("--format", "jsonl", "--out", out, good, locked)
    assert result.exit_code == 1
    assert "cannot read directory" in result.stderr and str(locked) in result.stderr


def test_jsonl_line_without_text(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps({"title": "nur ein Titel"}), json.dumps({"text": GOOD})]
    path.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("--format", "jsonl", "--out", out, path)
    assert result.exit_code == 1
    assert f"{path}: line 1: no 'text' or 'html' field" in result.stderr
    assert len(out_lines(out)) == 1


def test_not_a_warc_in_a_directory(tmp_path, good):
    bad = tmp_path / "crawl.warc.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    out = tmp_path / "out.jsonl"
    result = run("--format", "jsonl", "--out", out, good, bad)
    assert result.exit_code == 1
    (line,) = [ln for ln in result.stderr.splitlines() if ln.startswith("zufolge: skipped")]
    assert str(bad) in line and "Traceback" not in result.stderr
    assert len(out_lines(out)) == 1


def test_stdin(tmp_path):
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main,
        ["analyze", "-j", "1", "-f", "jsonl", "-o", str(out), "-"],
        input=GOOD.encode("cp1252"),
    )
    assert result.exit_code == 0, result.stderr
    assert out_lines(out)[0]["document"]["text"].startswith("Der Minister sagte am Montag")


def test_missing_path(tmp_path, good):
    check_partial(tmp_path, good, tmp_path / "nope.txt", "no such file")


def test_usage_errors_exit_2(good):
    for args in (("--format", "bogus"), ("--published", "notadate"), ("--workers", "0")):
        result = run(*args, good)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.stderr and "Error" in result.stderr


def test_all_good_exit_0_and_default_pool(tmp_path, good):
    second = tmp_path / "second.txt"
    second.write_text(GOOD.replace("Minister", "Sprecher"), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["analyze", "-f", "jsonl", "-o", str(out), str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert [r["document"]["path"] for r in out_lines(out)] == [str(good), str(second)]
    assert not list(tmp_path.glob(".zufolge-*.part"))


def test_process_pool_reports_bad_inputs_in_order(tmp_path, good):
    """The default runner (a process pool) gets the same documents and failures."""
    (tmp_path / "b-empty.txt").write_bytes(b"")
    crawl = Path(__file__).resolve().parents[1] / "examples" / "crawl.warc.gz"
    out = tmp_path / "out.jsonl"
    args = ["analyze", "-j", "2", "-f", "jsonl", "-o", str(out), str(tmp_path), str(crawl)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    skipped = [ln for ln in result.stderr.splitlines() if ln.startswith("zufolge: skipped")]
    assert skipped == [f"zufolge: skipped {tmp_path / 'b-empty.txt'}: empty file"]
    documents = [r["document"] for r in out_lines(out)]
    assert [d["path"] for d in documents] == [str(good), str(crawl), str(crawl)]
    assert [d["url"] for d in documents[1:]] == [
        "https://news.example/world/port-strike",
        "https://news.example/science/glacier",
    ]


def test_out_replaces_an_old_file_only_when_complete(tmp_path, good):
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    result = run("--format", "jsonl", "--out", out, good, tmp_path / "missing.txt")
    assert result.exit_code == 1
    assert [r["document"]["path"] for r in out_lines(out)] == [str(good)]


def test_interrupted_run_keeps_complete_lines(tmp_path, good, monkeypatch):
    real_run = cli.run

    def interrupted(items, options, workers):
        for n, outcome in enumerate(real_run(items, options, workers)):
            if n == 2:
                raise KeyboardInterrupt
            yield outcome

    monkeypatch.setattr(cli, "run", interrupted)
    out = tmp_path / "out.jsonl"
    result = run("--format", "jsonl", "--out", out, good, good, good, good)
    assert result.exit_code == 130
    assert len(out_lines(out)) == 2  # every line complete JSON
    assert not list(tmp_path.glob(".zufolge-*.part"))
