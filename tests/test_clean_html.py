"""HTML → Article on our own news-like pages (German and English)."""

from pathlib import Path

import pytest

from zufolge.clean.html import clean_html, is_navigation, is_teaser
from zufolge.errors import InputError
from zufolge.model import Article, RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def page(name: str, **fields) -> Article:
    html = (FIXTURES / name).read_text(encoding="utf-8")
    return clean_html(RawDocument(path=name, html=html, **fields))


def paragraph_texts(article: Article) -> list[tuple[str, str]]:
    return [(p.kind, article.text[p.start : p.end]) for p in article.paragraphs]


def test_german_page_metadata():
    article = page("de-lokal.html")
    assert article.title == "Brücke über die Lahn bleibt bis Ostern gesperrt"
    assert article.outlet == "Mittelhessischer Anzeiger"
    assert article.author == "Jonas Brettschneider"
    assert article.published == "2025-01-14"
    assert article.url == "https://anzeiger.example/region/dornau/lahnbruecke-gesperrt"
    assert article.path == "de-lokal.html"


def test_german_page_structure():
    article = page("de-lokal.html")
    paragraphs = paragraph_texts(article)
    # The teaser is classed "teaser" (trafilatura prunes such blocks); the description
    # in the meta tags confirms it, so it comes back as the lead.
    assert paragraphs[0][0] == "lead"
    assert paragraphs[0][1].startswith("Die Sanierung der Lahnbrücke in Dornau dauert länger")
    assert ("subheading", "Busse fahren Umleitung") in paragraphs
    kinds = [kind for kind, _ in paragraphs]
    assert kinds.count("lead") == 1 and kinds.count("subheading") == 1
    assert paragraphs[-1][1].startswith("Der Ortsbeirat will sich")


def test_german_page_boilerplate_is_gone():
    article = page("de-lokal.html")
    for boilerplate in (
        "Cookies",
        "Startseite",
        "Lesen Sie auch",
        "Mehr aus der Region",
        "Stadtfest",
        "Impressum",
        "GmbH",
    ):
        assert boilerplate not in article.text
    removed = {(r.kind, r.text) for r in article.removed}
    assert ("navigation", "Lesen Sie auch: Neue Ampel an der Bahnhofstraße") in removed
    assert ("repeated_title", article.title) in removed


def test_paragraph_offsets_index_the_text():
    for name in ("de-lokal.html", "en-world.html"):
        article = page(name)
        texts = [text for _, text in paragraph_texts(article)]
        assert "\n\n".join(texts) == article.text
        assert all(text and text == text.strip() for text in texts)


def test_english_page_metadata_from_json_ld():
    article = page("en-world.html")
    assert article.title == "Harbour authority delays vote on cruise terminal"
    assert article.author == "Priya Raman"
    assert article.published == "2024-09-03"
    assert article.outlet == "The Coastal Ledger"
    assert article.url is None  # no canonical link and no URL from the reader


def test_english_page_structure_and_boilerplate():
    article = page("en-world.html")
    paragraphs = paragraph_texts(article)
    # The description is not in the page, so there is no lead: the first paragraph is body.
    assert paragraphs[0] == (
        "body",
        "The port authority of Westmere postponed a decision on a second cruise terminal on "
        "Tuesday after more than two hundred residents signed a petition against the plan.",
    )
    assert ("subheading", "Business groups back the plan") in paragraphs
    # A short story sentence starting like a navigation marker ("share") stays.
    assert ("body", "Shares in the operator, Bluewater Cruises, fell 2 percent.") in paragraphs
    for boilerplate in ("privacy", "Read more", "Share this", "Most read", "Storm warning", "©"):
        assert boilerplate not in article.text


def test_reader_fields_win_over_the_page():
    article = page(
        "de-lokal.html",
        url="https://archiv.example/1",
        title="Lahnbrücke: Sperrung verlängert",
        published="2025-01-15",
        outlet="Anzeiger Archiv",
        author="Redaktion",
    )
    assert article.url == "https://archiv.example/1"
    assert article.title == "Lahnbrücke: Sperrung verlängert"
    assert article.published == "2025-01-15"
    assert article.outlet == "Anzeiger Archiv"
    assert article.author == "Redaktion"


def test_reader_url_fills_a_missing_canonical():
    article = page("en-world.html", url="https://ledger.example/harbour-vote")
    assert article.url == "https://ledger.example/harbour-vote"


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Nur ein Titel</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Startseite</a> <a href='/a'>Archiv</a></nav></body></html>",
    ],
)
def test_page_without_body_text_is_an_input_error(html):
    with pytest.raises(InputError, match="no body text"):
        clean_html(RawDocument(path=None, html=html))


@pytest.mark.parametrize("html", ["", "   \n  "])
def test_empty_page_is_an_input_error(html):
    with pytest.raises(InputError):
        clean_html(RawDocument(path=None, html=html))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Teilen", True),
        ("Lesen Sie auch: Neue Ampel an der Bahnhofstraße", True),
        ("Read more", True),
        ("Shares fell 2 percent.", False),
        ("Kommentarlos nahm der Minister die Wahl an.", False),
        ("Lesen Sie auch, was der Minister " + "dazu sagte und warum " * 4, False),
    ],
)
def test_navigation_lines(text, expected):
    assert is_navigation(text) is expected


def test_teaser_needs_a_real_description():
    paragraph = "Die Sanierung der Lahnbrücke dauert länger als geplant. Pendler fahren Umwege."
    assert is_teaser(paragraph, "Die Sanierung der Lahnbrücke dauert länger als geplant. …")
    assert not is_teaser(paragraph, "Nachrichten aus der Region")  # a slogan
    assert not is_teaser(paragraph, None)
