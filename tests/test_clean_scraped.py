"""Cleaning scraped text with our own fixture articles: galleries, captions, credits, titles."""

from collections import Counter
from pathlib import Path

import pytest

from zufolge.clean import clean
from zufolge.errors import InputError
from zufolge.model import RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "scraped"


def cleaned(name: str, **raw):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return clean(RawDocument(path=name, text=text, **raw))


def paragraphs(article):
    return [(p.kind, article.text[p.start : p.end]) for p in article.paragraphs]


def test_gallery_captions_credits_and_repeated_title_are_removed():
    article = cleaned("de-galerie.txt")
    assert article.kicker == "Wahl in Thüringen"
    assert article.title.startswith("Knappes Rennen um das Rathaus")
    assert paragraphs(article) == [
        (
            "lead",
            "Zwei Kandidaten liegen nach dem ersten Wahlgang fast gleichauf. "
            "Die Wahlbeteiligung war niedrig.",
        ),
        (
            "body",
            "Im ersten Wahlgang erhielt die parteilose Kandidatin Anna Berger 38,2 Prozent der "
            "Stimmen. Ihr Herausforderer Tom Krause kam auf 37,9 Prozent.",
        ),
        (
            "body",
            "Beide Kandidaten kündigten an, bis zum Sonntag weiter in der Innenstadt um Stimmen "
            "zu werben.",
        ),
        ("subheading", "Niedrige Wahlbeteiligung"),
        (
            "body",
            "Nur 41 Prozent der Wahlberechtigten gaben ihre Stimme ab. "
            "Vor sechs Jahren waren es noch 52 Prozent.",
        ),
    ]
    kinds = Counter(r.kind for r in article.removed)
    assert kinds == {"gallery": 7, "caption": 1, "repeated_title": 1, "credit": 2}
    assert "©" not in article.text


def test_clean_article_passes_unchanged():
    text = (FIXTURES / "de-sauber.txt").read_text(encoding="utf-8")
    article = clean(RawDocument(path=None, text=text))
    assert article.text == text.strip()
    assert article.removed == []
    assert article.title is None


def test_english_captions_and_teasers():
    article = cleaned("en-captions.txt")
    assert article.title == "Floods close main road into the valley"
    assert [text for _, text in paragraphs(article)] == [
        "Heavy rain has closed the only road into the valley for the third time this year.",
        "Council leader Ruth Evans said a new bridge would be built by 2027.",
    ]
    assert {r.kind for r in article.removed} == {"caption", "navigation"}


def test_known_title_is_removed_from_body():
    article = clean(
        RawDocument(path=None, text="Neuer Radweg\n\nDer Radweg kommt.", title="Neuer Radweg")
    )
    assert article.text == "Der Radweg kommt."
    assert [r.kind for r in article.removed] == ["repeated_title"]


def test_single_newline_paragraphs_are_kept_in_order():
    text = "Erster Absatz mit einem Satz.\nZweiter Absatz mit einem Satz.\nDritter Absatz."
    article = clean(RawDocument(path=None, text=text))
    assert [t for _, t in paragraphs(article)] == text.split("\n")


def test_party_in_brackets_is_not_an_author_tag():
    article = clean(RawDocument(path=None, text="Das sagte der Bürgermeister (CDU)"))
    assert article.text.endswith("(CDU)")


def test_nothing_left_is_an_input_error():
    with pytest.raises(InputError):
        clean(RawDocument(path=None, text="© dpa\n\nFoto: Imago"))
