"""Cleaning scraped text with our own fixture articles: galleries, captions, credits, titles."""

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from zufolge.clean import clean
from zufolge.errors import InputError
from zufolge.evaluate.specimen import checks, command
from zufolge.model import Article, Paragraph, RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "scraped"


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def cleaned(name: str, **raw):
    return clean(RawDocument(path=name, text=read(name), **raw))


def paragraphs(article):
    return [(p.kind, article.text[p.start : p.end]) for p in article.paragraphs]


def removed_kinds(article):
    return Counter(r.kind for r in article.removed)


GALLERY_STORY = [
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


def test_gallery_captions_credits_and_repeated_title_are_removed():
    article = cleaned("de-galerie.txt")
    assert article.kicker == "Wahl in Thüringen"
    assert (
        article.title == "Knappes Rennen um das Rathaus: Stichwahl in Weimar entscheidet am Sonntag"
    )
    assert paragraphs(article) == GALLERY_STORY
    # gallery: its title line and three caption pairs; credits: the category image, "(jr)"
    assert removed_kinds(article) == {"gallery": 7, "caption": 1, "repeated_title": 1, "credit": 2}
    assert [r.text for r in article.removed if r.kind == "credit"] == [
        "Rubriklistenbild: © Jana Roth/dpa",
        "(jr)",
    ]
    assert "©" not in article.text


@pytest.mark.parametrize(
    ("layout", "separator"),
    [("one line a paragraph", "\n"), ("blank line after every line", "\n\n")],
)
def test_gallery_is_found_whatever_the_layout(layout, separator):
    lines = [line for line in read("de-galerie.txt").splitlines() if line.strip()]
    article = clean(RawDocument(path=layout, text=separator.join(lines)))
    assert article.title.startswith("Knappes Rennen um das Rathaus")
    assert paragraphs(article) == GALLERY_STORY
    assert removed_kinds(article) == {"gallery": 7, "caption": 1, "repeated_title": 1, "credit": 2}


def test_clean_article_passes_unchanged():
    text = read("de-sauber.txt")
    article = clean(RawDocument(path=None, text=text))
    assert article.text == text.strip()
    assert article.removed == []
    assert article.title is None
    assert [kind for kind, _ in paragraphs(article)] == ["body", "body", "body"]


@pytest.mark.parametrize(
    "text",
    [
        "Der Stadtrat hat den Haushalt für 2025 beschlossen.",
        "Kommentare sind selten.\nDer Rat tagt am Montag.",
        "Shares fell sharply on Monday.\nInvestors sold bank stocks.",
        "Teilen sich Bund und Länder die Kosten, wird es billiger.\nDas sagte der Minister.",
    ],
)
def test_short_legit_paragraphs_are_kept(text):
    article = clean(RawDocument(path=None, text=text))
    assert article.text == text.replace("\n", "\n\n")
    assert article.removed == []


def test_whitespace_is_normalised_but_words_stay():
    text = "  Erster\u00a0Absatz  mit\tLücken.\u200b \n\n\n\nZweiter Absatz.  "
    article = clean(RawDocument(path=None, text=text))
    assert article.text == "Erster Absatz mit Lücken.\n\nZweiter Absatz."


def test_single_newline_paragraphs_with_boilerplate():
    article = cleaned("de-einzeilig.txt")
    assert article.kicker == "Verkehr"
    assert article.title == "Neue Straßenbahnlinie soll 2027 durch die Südstadt fahren"
    assert [kind for kind, _ in paragraphs(article)] == [
        "lead",
        "body",
        "body",
        "subheading",
        "body",
    ]
    kept = [text for _, text in paragraphs(article)]
    assert kept[2] == (
        "Kritik kommt von Anwohnern der Bergstraße. Sie befürchten Lärm und fehlende Parkplätze."
    )
    assert kept[3] == "Was kostet das Projekt?"
    assert kept[4].endswith("Bund und Land sollen den größten Teil übernehmen.")
    assert [(r.kind, r.text) for r in article.removed] == [
        ("other", "Von Jonas Weber"),
        ("caption", "Eine Straßenbahn am Hauptbahnhof (Symbolbild)."),
        ("credit", "Foto: picture alliance/dpa"),
        ("navigation", "Lesen Sie auch: Warum die Busse in der Südstadt so oft zu spät kommen"),
        ("navigation", "Teilen"),
        ("credit", "(jw)"),
    ]


def test_single_newline_paragraphs_without_boilerplate_are_kept_in_order():
    text = "Erster Absatz mit einem Satz.\nZweiter Absatz mit einem Satz.\nDritter Absatz."
    article = clean(RawDocument(path=None, text=text))
    assert [t for _, t in paragraphs(article)] == text.split("\n")
    assert article.title is None


def test_english_photo_credits_bylines_and_read_more():
    article = cleaned("en-reuters.txt")
    assert article.title == "Wildfire forces thousands to leave homes near coastal town"
    assert paragraphs(article) == [
        (
            "lead",
            "More than 4,000 people were told to leave their homes on Monday as a wildfire "
            "spread towards the town of Port Alder.",
        ),
        (
            "body",
            "The fire has burned about 2,300 hectares since Saturday, the regional fire service "
            "said.",
        ),
        ("subheading", "Wind makes the work harder"),
        (
            "body",
            "Strong winds were expected to ease on Tuesday, officials said, but temperatures "
            "would stay high.",
        ),
    ]
    assert removed_kinds(article) == {"other": 2, "caption": 2, "navigation": 3}


def test_english_caption_and_read_more_between_paragraphs():
    article = cleaned("en-captions.txt")
    assert article.title == "Floods close main road into the valley"
    assert [text for _, text in paragraphs(article)] == [
        "Heavy rain has closed the only road into the valley for the third time this year.",
        "Council leader Ruth Evans said a new bridge would be built by 2027.",
    ]
    assert [r.kind for r in article.removed] == ["caption", "navigation"]


def test_known_title_is_removed_from_body():
    article = clean(
        RawDocument(path=None, text="Neuer Radweg\n\nDer Radweg kommt.", title="Neuer Radweg")
    )
    assert article.text == "Der Radweg kommt."
    assert [r.kind for r in article.removed] == ["repeated_title"]


@pytest.mark.parametrize(
    "repeat",
    [
        "Kita-Streik: „Wir können nicht mehr“, sagen die Erzieherinnen",  # other quotes
        '"Wir können nicht mehr", sagen die Erzieherinnen',  # without the kicker
        "Kita-Streik – „Wir können nicht mehr“, sagen die Erzieherinnen",  # other separator
    ],
)
def test_known_title_repeated_in_other_quotes_or_without_kicker(repeat):
    title = 'Kita-Streik: "Wir können nicht mehr", sagen die Erzieherinnen'
    body = f"Die Erzieherinnen streiken seit Montag.\n\n{repeat}\n\nDie Eltern suchen Hilfe."
    article = clean(RawDocument(path=None, text=body, title=title))
    assert article.title == title
    assert [t for _, t in paragraphs(article)] == [
        "Die Erzieherinnen streiken seit Montag.",
        "Die Eltern suchen Hilfe.",
    ]
    assert [r.kind for r in article.removed] == ["repeated_title"]


def test_known_title_with_the_page_kicker_above_it():
    text = "Wahl in Thüringen\n\nStichwahl in Weimar\n\nDie Wahllokale öffnen um acht Uhr."
    article = clean(RawDocument(path=None, text=text, title="Stichwahl in Weimar"))
    assert article.kicker == "Wahl in Thüringen"
    assert article.text == "Die Wahllokale öffnen um acht Uhr."


def test_first_sentence_of_an_untitled_article_is_not_a_title():
    text = "Was ist da los?\n\nDie Stadt hat die Brücke gesperrt.\n\nSie ist marode."
    article = clean(RawDocument(path=None, text=text))
    assert article.title is None
    assert article.text == text


def test_question_headline_repeated_below_is_the_title():
    text = (
        "Wer zahlt für die Brücke?\n\nDie Stadt hat die Brücke gesperrt.\n\n"
        "Wer zahlt für die Brücke?\n\nSie ist marode."
    )
    article = clean(RawDocument(path=None, text=text))
    assert article.title == "Wer zahlt für die Brücke?"
    assert article.text == "Die Stadt hat die Brücke gesperrt.\n\nSie ist marode."


def test_hard_wrapped_lines_are_joined():
    text = (
        "Der Stadtrat hat am Montag den\nHaushalt beschlossen, gegen die\nStimmen der Opposition."
    )
    article = clean(RawDocument(path=None, text=text))
    assert article.text == (
        "Der Stadtrat hat am Montag den Haushalt beschlossen, gegen die Stimmen der Opposition."
    )


@pytest.mark.parametrize(
    ("ending", "tag"),
    [(" (sh)", "(sh)"), (" (dpa/AFP)", "(dpa/AFP)"), (" (red, 16. 5. 2016)", "(red, 16. 5. 2016)")],
)
def test_author_tag_is_cut_from_the_last_paragraph(ending, tag):
    article = clean(RawDocument(path=None, text=f"Das sagte der Bürgermeister.{ending}"))
    assert article.text == "Das sagte der Bürgermeister."
    assert [(r.kind, r.text) for r in article.removed] == [("credit", tag)]


def test_party_in_brackets_is_not_an_author_tag():
    article = clean(RawDocument(path=None, text="Das sagte der Bürgermeister (CDU)"))
    assert article.text.endswith("(CDU)")


def test_nothing_left_is_an_input_error():
    with pytest.raises(InputError):
        clean(RawDocument(path=None, text="© dpa\n\nFoto: Imago"))


def test_specimen_command_passes_a_clean_result_and_lists_paragraphs(tmp_path):
    path = FIXTURES / "de-galerie.txt"
    result = CliRunner().invoke(command, [str(path)])
    assert result.exit_code == 0, result.output
    assert "title:  Knappes Rennen um das Rathaus" in result.output
    assert "subheading Niedrige Wahlbeteiligung" in result.output
    assert "1 caption, 2 credit, 7 gallery, 1 repeated_title" in result.output


def test_specimen_checks_catch_what_was_left():
    text = "Knappes Rennen\n\nDer Marktplatz\n\nDer Marktplatz am Abend. © Jana Roth/dpa"
    spans = [(0, 14), (16, 30), (32, len(text))]
    article = Article(
        text=text, paragraphs=[Paragraph(s, e, "body") for s, e in spans], title="Knappes Rennen"
    )
    failed = {name for name, ok in checks(article) if not ok}
    assert failed == {
        "the headline appears once in title + text",
        "no credit is left",
        "no paragraph repeats in the next (caption pairs)",
    }
