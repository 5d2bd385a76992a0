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
    bad = tmp_path / "huge.txt"
    with bad.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
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


def test_missing_path(tmp_path, good):
    check_partial(tmp_path, good, tmp_path / "nope.txt", "no such file")


def test_usage_errors_exit_2(good):
    assert run("--format", "bogus", good).exit_code == 2
    assert run("--published", "17.10.2024", good).exit_code == 2


def test_all_good_exit_0_and_default_pool(tmp_path, good):
    second = tmp_path / "second.txt"
    second.write_text(GOOD.replace("Minister", "Sprecher"), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["analyze", "-f", "jsonl", "-o", str(out), str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert len(out_lines(out)) == 2


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
