"""``zufolge eval html``: the metrics on hand-made cases, and a run on a few real gold pages."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from zufolge.evaluate.html import (
    BAG_OF_WORDS,
    SNIPPETS,
    Tally,
    bag_of_words_tally,
    command,
    evaluate_set,
    gold_sets,
    normalise,
    snippet_tally,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "data" / "html-extraction"
needs_gold = pytest.mark.skipif(
    not GOLD.exists(), reason="../shared/data/html-extraction is not beside the repository"
)


def test_snippets_match_across_whitespace_and_unicode_forms():
    text = "Der  Preis\nsteigt um 18\u00a0Prozent. Impressum"
    decomposed = "Bru\u0308cke"  # "Brücke" with a combining diaeresis
    tally = snippet_tally(
        text + " Brücke",
        with_=["Preis steigt um 18 Prozent.", decomposed, "fehlt hier"],
        without=["Impressum", "Datenschutz"],
    )
    assert (tally.tp, tally.fn, tally.fp, tally.tn) == (2, 1, 1, 1)
    figures = tally.figures()
    assert figures["precision"] == pytest.approx(2 / 3)
    assert figures["recall"] == pytest.approx(2 / 3)
    assert figures["f1"] == pytest.approx(2 / 3)
    assert figures["accuracy"] == pytest.approx(3 / 5)


def test_snippets_are_case_sensitive():
    tally = snippet_tally("impressum", ["Impressum"], [])
    assert (tally.tp, tally.fn) == (0, 1)


def test_bag_of_words_is_a_lowercase_multiset_overlap():
    tally = bag_of_words_tally("The cat, the dog.", "the Cat sat")
    # predicted {the: 2, cat: 1, dog: 1}, gold {the: 1, cat: 1, sat: 1}: overlap the + cat
    assert (tally.tp, tally.fp, tally.fn) == (2, 2, 1)
    figures = tally.figures()
    assert figures["precision"] == pytest.approx(0.5)
    assert figures["recall"] == pytest.approx(2 / 3)
    assert figures["f1"] == pytest.approx(4 / 7)
    assert figures["accuracy"] is None  # no true negatives in a bag of words


def test_tallies_add_up_to_micro_averages():
    total = Tally()
    total.add(bag_of_words_tally("a b c d", "a b c d"))  # 4 tp
    total.add(bag_of_words_tally("x y", "e f"))  # 2 fp, 2 fn
    assert (total.tp, total.fp, total.fn, total.pages) == (4, 2, 2, 2)
    assert total.figures()["precision"] == pytest.approx(4 / 6)
    assert total.figures()["accuracy"] is None


def test_empty_extraction_scores_zero_not_an_error():
    figures = snippet_tally("", ["Inhalt"], ["Menü"]).figures()
    assert (figures["precision"], figures["recall"], figures["f1"]) == (0.0, 0.0, 0.0)
    assert figures["accuracy"] == pytest.approx(0.5)


def test_normalise():
    assert normalise("  a\t\n b  ") == "a b"


@needs_gold
def test_gold_folder_holds_both_sets():
    assert [p.name for p in gold_sets(GOLD)] == ["mixed-de-en", "news-en"]
    assert gold_sets(GOLD / "news-en") == [GOLD / "news-en"]


@needs_gold
def test_scorer_runs_on_real_snippet_pages():
    result = evaluate_set(GOLD / "mixed-de-en", limit=5, workers=1)
    assert result.kind == SNIPPETS
    for tally in result.tallies.values():
        assert tally.pages == 5 and tally.failures == 0
        assert tally.tp + tally.fn > 0 and tally.tn + tally.fp > 0
        assert 0 < tally.figures()["f1"] <= 1


@needs_gold
def test_scorer_runs_on_real_news_pages_with_macro_figures():
    result = evaluate_set(GOLD / "news-en", limit=3, workers=2)
    assert result.kind == BAG_OF_WORDS
    for score in result.scores.values():
        assert score.tally.pages == 3 and len(score.per_page) == 3
        assert 0 < score.macro()["f1"] <= 1
        assert score.tally.figures()["accuracy"] is None


@needs_gold
def test_command_prints_json():
    outcome = CliRunner().invoke(
        command, ["--gold", str(GOLD / "mixed-de-en"), "--limit", "3", "-j", "1", "--json"]
    )
    assert outcome.exit_code == 0, outcome.output
    figures = json.loads(outcome.output)["mixed-de-en"]
    assert set(figures) == {"kind", "zufolge", "trafilatura"}
    assert figures["zufolge"]["pages"] == 3
    assert 0 <= figures["zufolge"]["f1"] <= 1


def test_command_rejects_a_folder_without_gold(tmp_path):
    outcome = CliRunner().invoke(command, ["--gold", str(tmp_path)])
    assert outcome.exit_code == 2
    assert "no gold.jsonl" in outcome.output
