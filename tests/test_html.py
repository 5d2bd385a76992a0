"""HTML cleaning on our own page, the HTML metrics on hand-made cases, and a real-gold run."""

from pathlib import Path

import pytest

from zufolge.clean.html import clean_html
from zufolge.errors import InputError
from zufolge.evaluate.html import bag_of_words_tally, evaluate_set, snippet_tally
from zufolge.model import RawDocument

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "html-extraction"


def test_news_page_to_article():
    html = (EXAMPLES / "de-seite.html").read_text(encoding="utf-8")
    article = clean_html(RawDocument(path="de-seite.html", html=html))
    assert article.title == "Stadtwerke prüfen Preiserhöhung für Fernwärme"
    assert article.outlet == "Rheintaler Rundschau"
    assert article.author == "Sabine Keller"
    assert article.published == "2024-11-05"
    kinds = [p.kind for p in article.paragraphs]
    assert "subheading" in kinds
    texts = [article.text[p.start : p.end] for p in article.paragraphs]
    assert "Verbraucherschützer kritisieren Pläne" in texts
    for boilerplate in ("Impressum", "Cookies", "Mehr zum Thema", "Neue Buslinie"):
        assert boilerplate not in article.text


def test_reader_metadata_wins():
    html = (EXAMPLES / "de-seite.html").read_text(encoding="utf-8")
    raw = RawDocument(path=None, html=html, title="Eigener Titel", published="2024-11-06")
    article = clean_html(raw)
    assert (article.title, article.published) == ("Eigener Titel", "2024-11-06")


def test_page_without_body_is_an_input_error():
    with pytest.raises(InputError, match="no body text"):
        clean_html(RawDocument(path=None, html="<html><head><title>x</title></head></html>"))


def test_snippet_metric():
    tally = snippet_tally(
        "Der  Text\nist hier. Impressum", ["Text ist hier", "fehlt"], ["Impressum"]
    )
    assert (tally.tp, tally.fn, tally.fp, tally.tn) == (1, 1, 1, 0)
    figures = tally.figures()
    assert figures["precision"] == 0.5 and figures["recall"] == 0.5 and figures["accuracy"] == 1 / 3


def test_bag_of_words_metric():
    tally = bag_of_words_tally("the cat the dog", "The cat sat")
    assert (tally.tp, tally.fp, tally.fn) == (2, 2, 1)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data is not beside the repository")
def test_eval_runs_on_real_gold_pages():
    result = evaluate_set(SHARED / "mixed-de-en", limit=5, workers=1)
    assert result.tallies["zufolge"].pages == 5
    assert result.tallies["trafilatura"].pages == 5
    assert 0 < result.tallies["zufolge"].figures()["f1"] <= 1
