"""Quantities: numbers, number words, vague amounts, units and counted nouns (German, English).

All sentences are our own, written in the style of news reports."""

import time

import pytest

from zufolge.analyze import analyze
from zufolge.clean import verbatim
from zufolge.extract.quantities import find_quantities, number_value
from zufolge.model import RawDocument


def quantities(text: str, language: str = "de"):
    doc = analyze(verbatim(RawDocument(path=None, text=text)), language=language)
    found = find_quantities(doc)
    for q in found:  # every span points into the text
        assert doc.text[q.span.start : q.span.end] == q.span.text
    return found


def summaries(text: str, language: str = "de"):
    return [(q.span.text, q.value, q.min, q.max, q.unit) for q in quantities(text, language)]


def one(text: str, language: str = "de"):
    found = summaries(text, language)
    assert len(found) == 1, found
    return found[0]


# --- German ----------------------------------------------------------------------------------

GERMAN = [
    # digits and counted nouns
    ("Die Polizei nahm 18 Demonstranten fest.", ("18", 18, 18, 18, "Demonstranten")),
    ("Es wurden 3 nordkoreanische Soldaten gefangen.", ("3", 3, 3, 3, "Soldaten")),
    ("Dabei wurden sechs Nordkoreaner getötet.", ("sechs", 6, 6, 6, "Nordkoreaner")),
    ("Die Kolonne war sieben Kilometer lang.", ("sieben", 7, 7, 7, "Kilometer")),
    # number words and compounds
    ("Achtzehn Feuerwehrleute waren im Einsatz.", ("Achtzehn", 18, 18, 18, "Feuerwehrleute")),
    ("Das Dorf hat einundzwanzig Häuser.", ("einundzwanzig", 21, 21, 21, "Häuser")),
    (
        "Gezählt wurden zweihundertfünfzig Stimmen.",
        ("zweihundertfünfzig", 250, 250, 250, "Stimmen"),
    ),
    (
        "Der Verein hat dreitausendvierhundert Mitglieder.",
        ("dreitausendvierhundert", 3400, 3400, 3400, "Mitglieder"),
    ),
    ("Die Polizei fand zwei Dutzend Waffen.", ("zwei Dutzend", 24, 24, 24, "Waffen")),
    (
        "Zweieinhalb Millionen Menschen leben in der Region.",
        ("Zweieinhalb Millionen", 2_500_000, 2_500_000, 2_500_000, "Menschen"),
    ),
    # German number formats, scale words, units
    ("Das Werk beschäftigt 3.000 Menschen.", ("3.000", 3000, 3000, 3000, "Menschen")),
    (
        "Der Schaden liegt bei 1,5 Millionen Euro.",
        ("1,5 Millionen", 1_500_000, 1_500_000, 1_500_000, "Euro"),
    ),
    (
        "Das Paket umfasst 4,5 Mrd. Euro.",
        ("4,5 Mrd.", 4_500_000_000, 4_500_000_000, 4_500_000_000, "Euro"),
    ),
    ("Die Stadt erhält 20 Tsd. Euro.", ("20 Tsd.", 20_000, 20_000, 20_000, "Euro")),
    ("Die Inflation stieg auf 2,3 %.", ("2,3", 2.3, 2.3, 2.3, "%")),
    ("Die Partei erreichte 18,5 Prozent.", ("18,5", 18.5, 18.5, 18.5, "Prozent")),
    (
        "Der Kredit beträgt 1.250.000,50 Euro.",
        ("1.250.000,50", 1_250_000.5, 1_250_000.5, 1_250_000.5, "Euro"),
    ),
    ("Die Regierung stellt € 5 Mio. bereit.", ("€ 5 Mio.", 5_000_000, 5_000_000, 5_000_000, "€")),
    ("Der Lkw lud 500 Tonnen Getreide.", ("500", 500, 500, 500, "Tonnen")),
    ("Das Ziel liegt 30 km entfernt.", ("30", 30, 30, 30, "km")),
    (
        "Das Schiff kostete 40 Millionen Dollar.",
        ("40 Millionen", 40_000_000, 40_000_000, 40_000_000, "Dollar"),
    ),
    # vague amounts (see the convention in the module docstring)
    (
        "Möglicherweise sind „mehrere Tausend“ nordkoreanische Infanteriesoldaten dort.",
        ("mehrere Tausend", None, 2000, 9999, "Infanteriesoldaten"),
    ),
    (
        "Tausende Menschen demonstrierten in der Hauptstadt.",
        ("Tausende", None, 2000, 9999, "Menschen"),
    ),
    ("Hunderte wurden am Abend festgenommen.", ("Hunderte", None, 200, 999, None)),
    ("Dutzende Häuser brannten nieder.", ("Dutzende", None, 24, 119, "Häuser")),
    ("Einige hundert Meter weiter stand die Polizei.", ("Einige hundert", None, 200, 999, "Meter")),
    ("Zehntausende flohen über die Grenze.", ("Zehntausende", None, 20_000, 99_999, None)),
    # bounds, approximations, ranges
    ("Es kamen mehr als 3000 Demonstranten.", ("mehr als 3000", None, 3000, None, "Demonstranten")),
    ("Im Einsatz waren bis zu 500 Polizisten.", ("bis zu 500", None, None, 500, "Polizisten")),
    ("Rund 500 Journalisten berichteten.", ("Rund 500", 500, 450, 550, "Journalisten")),
    ("Knapp 500 Menschen stimmten dafür.", ("Knapp 500", 500, 450, 500, "Menschen")),
    (
        "Etwa 1,2 Millionen Menschen sind betroffen.",
        ("Etwa 1,2 Millionen", 1_200_000, 1_080_000, 1_320_000, "Menschen"),
    ),
    (
        "Schätzungsweise 26 Millionen Menschen leben dort.",
        ("Schätzungsweise 26 Millionen", 26_000_000, 23_400_000, 28_600_000, "Menschen"),
    ),
    (
        "Die Partei erhielt zwischen 10 und 20 Prozent.",
        ("zwischen 10 und 20", None, 10, 20, "Prozent"),
    ),
    (
        "Er kaufte zwei bis drei Millionen Schuss Munition.",
        ("zwei bis drei Millionen", None, 2_000_000, 3_000_000, "Schuss"),
    ),
    ("Die Reparatur dauert 10–12 Wochen.", ("10–12", None, 10, 12, "Wochen")),
    # the article counts only before a scale word or a unit
    ("Der Preis stieg um ein Prozent.", ("ein", 1, 1, 1, "Prozent")),
    (
        "Eine Million Menschen waren betroffen.",
        ("Eine Million", 1_000_000, 1_000_000, 1_000_000, "Menschen"),
    ),
    # agency copy with a decimal point before a unit; without a unit "20.15" is a time
    ("Der Liter kostet 1.50 Euro.", ("1.50", 1.5, 1.5, 1.5, "Euro")),
    # a four-digit number with a unit or a modifier is an amount, not a year
    ("Es wurden 2024 Euro gespendet.", ("2024", 2024, 2024, 2024, "Euro")),
    ("Rund 2000 Menschen kamen zur Kundgebung.", ("Rund 2000", 2000, 1800, 2200, "Menschen")),
]


@pytest.mark.parametrize(("text", "expected"), GERMAN)
def test_german(text, expected):
    assert one(text) == expected


GERMAN_NONE = [
    "Am 17. Oktober 2024 trat der Minister zurück.",
    "Das Abkommen wurde 2024 unterzeichnet.",
    "Im Jahr 2022 begann der Krieg.",
    "Das Foto entstand im Jahr 2013 (Aufnahme von 2019).",
    "Der Verein spielt in der 3. Liga.",
    "Der dritte Versuch scheiterte.",
    "Die Sitzung beginnt um 14 Uhr.",
    "Die Pressekonferenz beginnt um 14.30 Uhr.",
    "Der Zug fährt um 14.30 ab.",
    "Geöffnet ist von 9 bis 17 Uhr.",
    "Am 17.10.2024 kam es zu Protesten.",
    "Das Spiel endete 2:1 für die Gäste.",
    "Hinweise unter 0800 123 456 an die Polizei.",
    "Ein Mi-8-Hubschrauber stürzte ab.",
    "Die G7-Staaten berieten über Hilfen.",
    "Während der Covid-19-Pandemie blieb die Grenze zu.",
    "Artikel 5 des Vertrags regelt den Beistand.",
    "Ein 18-jähriger Mann wurde festgenommen.",
    "Ein Soldat wurde verletzt.",
    "Einer der Soldaten starb im Krankenhaus.",
    "Mehrere nordkoreanische Soldaten sind desertiert.",
    "Die Saison 2015/16 war erfolgreich.",
    "Das Ereignis ließ er außer Acht.",
    "Der Läufer belegte Platz 16.",
    "Der Sieger brauchte 8:17:43 Stunden.",
    "Der Film läuft 20.15 im Zweiten.",
    "Sie wurde Zweite (3./20.) im Sprint.",
]


@pytest.mark.parametrize("text", GERMAN_NONE)
def test_german_not_quantities(text):
    assert summaries(text) == []


def test_german_sentence_with_several():
    found = summaries(
        "Der Beamte sagte, dass sich insgesamt 18 Soldaten sieben Kilometer nördlich der "
        "Grenze abgesetzt hätten; sechs Nordkoreaner seien getötet und drei weitere verletzt "
        "worden."
    )
    assert found == [
        ("18", 18, 18, 18, "Soldaten"),
        ("sieben", 7, 7, 7, "Kilometer"),
        ("sechs", 6, 6, 6, "Nordkoreaner"),
        ("drei", 3, 3, 3, "Nordkoreaner"),  # "drei weitere": the noun of the amount before
    ]


@pytest.mark.parametrize(
    ("text", "language", "unit"),
    [
        ("Six soldiers were killed and three more were wounded.", "en", "soldiers"),
        ("Zwei Busse fuhren aus, drei andere blieben im Depot.", "de", "Busse"),
        # Not across a sentence, and not without the eliding word.
        ("Sechs Nordkoreaner wurden getötet. Drei weitere Fragen bleiben offen.", "de", "Fragen"),
        ("Sechs Nordkoreaner wurden getötet. Drei weitere sind verletzt.", "de", None),
        ("Sechs Nordkoreaner wurden getötet, drei sind verletzt.", "de", None),
    ],
)
def test_elided_noun_comes_from_the_amount_before(text, language, unit):
    assert quantities(text, language)[-1].unit == unit


def test_year_after_a_modifier_is_still_a_year():
    assert one("Es gab 335 Anzeigen weniger als 2014.") == ("335", 335, 335, 335, "Anzeigen")


def test_unit_is_not_the_first_part_of_a_compound():
    assert one("Darüber berieten die anderen 18 Euro-Finanzminister.") == (
        "18",
        18,
        18,
        18,
        "Euro-Finanzminister",
    )


def test_counted_noun_stays_on_its_line():
    assert summaries("Bilanz des Tages: 18\nSoldaten kamen später.") == [("18", 18, 18, 18, None)]


# --- English ---------------------------------------------------------------------------------

ENGLISH = [
    ("Eighteen soldiers were injured.", ("Eighteen", 18, 18, 18, "soldiers")),
    ("The village has twenty-one houses.", ("twenty-one", 21, 21, 21, "houses")),
    (
        "Officials counted two hundred and fifty ballots.",
        ("two hundred and fifty", 250, 250, 250, "ballots"),
    ),
    ("Police found a dozen rifles.", ("a dozen", 12, 12, 12, "rifles")),
    ("Three North Korean soldiers deserted.", ("Three", 3, 3, 3, "soldiers")),
    ("The plant employs 3,000 people.", ("3,000", 3000, 3000, 3000, "people")),
    (
        "The damage is put at 1.5 million dollars.",
        ("1.5 million", 1_500_000, 1_500_000, 1_500_000, "dollars"),
    ),
    ("The deal is worth $7.4bn.", ("$7.4bn", 7_400_000_000, 7_400_000_000, 7_400_000_000, "$")),
    ("The club paid £3.9m for him.", ("£3.9m", 3_900_000, 3_900_000, 3_900_000, "£")),
    ("The runner won the 200m race.", ("200", 200, 200, 200, "m")),
    (
        "The stake sold for 259.7m euros.",
        ("259.7m", 259_700_000, 259_700_000, 259_700_000, "euros"),
    ),
    ("Unemployment stood at 5.1 per cent.", ("5.1", 5.1, 5.1, 5.1, "per cent")),
    ("Prices rose by 2.3%.", ("2.3", 2.3, 2.3, 2.3, "%")),
    ("Thousands of people marched.", ("Thousands", None, 2000, 9999, "people")),
    ("Tens of thousands fled the city.", ("Tens of thousands", None, 20_000, 99_999, None)),
    ("Several hundred metres away, police waited.", ("Several hundred", None, 200, 999, "metres")),
    ("More than 3,000 protesters gathered.", ("More than 3,000", None, 3000, None, "protesters")),
    ("Up to 500 police were deployed.", ("Up to 500", None, None, 500, "police")),
    ("About 500 journalists attended.", ("About 500", 500, 450, 550, "journalists")),
    (
        "Between 10 and 20 percent of votes were lost.",
        ("Between 10 and 20", None, 10, 20, "percent"),
    ),
    ("The repairs take 3 to 5 years.", ("3 to 5", None, 3, 5, "years")),
    ("A million people were affected.", ("A million", 1_000_000, 1_000_000, 1_000_000, "people")),
    ("The convoy carried 500 tonnes of aid.", ("500", 500, 500, 500, "tonnes")),
    ("Shares closed at 57.85 Swiss francs.", ("57.85", 57.85, 57.85, 57.85, "Swiss francs")),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_english(text, expected):
    assert one(text, "en") == expected


ENGLISH_NONE = [
    "On 17 October 2024 the minister resigned.",
    "On October 17, 2004 the minister resigned.",
    "In 2022 the war began.",
    "The meeting starts at 3pm.",
    "The flight lands at 10 a.m. tomorrow.",
    "The match ended 2-1.",
    "She finished third in the 1st round.",
    "He listens to Radio 4 every morning.",
    "Article 5 of the treaty was invoked.",
    "A Mi-8 helicopter crashed.",
    "The G7 states met in Rome.",
    "During the Covid-19 pandemic the border closed.",
    "One of the soldiers died.",
    "A 38-year-old man was arrested.",
    "Based on 2004 figures, sales rose.",
    "The film entered the charts at number six.",
    "Ireland finished second in the Six Nations.",
    "They won by one hundredth of a second.",
]


def test_english_from_to_is_a_change_not_a_range():
    assert summaries("Staff numbers rose from 370 to 870 people.", "en") == [
        ("370", 370, 370, 370, None),
        ("870", 870, 870, 870, "people"),
    ]


@pytest.mark.parametrize("text", ENGLISH_NONE)
def test_english_not_quantities(text):
    assert summaries(text, "en") == []


def test_english_currency_sign_after_mojibake():
    # "£" read with the wrong encoding becomes "Â£": the sign still belongs to the amount
    assert one("Profits rose to Â£3.9bn last year.", "en") == (
        "£3.9bn",
        3_900_000_000,
        3_900_000_000,
        3_900_000_000,
        "£",
    )


# --- number formats --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "decimal", "group", "value"),
    [
        ("3.000", ",", ".", 3000),
        ("1.500.000,50", ",", ".", 1_500_000.5),
        ("3.5", ",", ".", 3.5),  # agency copy in German text: a decimal point
        ("3,000", ".", ",", 3000),
        ("57.85", ".", ",", 57.85),
        ("10\u202f000", ",", ".", 10_000),  # narrow no-break space groups thousands
        ("1.500", None, None, 1500),  # unknown language: three digits after a mark group
        ("1,500", None, None, 1500),
        ("1,5", None, None, 1.5),
        ("1.250,75", None, None, 1250.75),
        ("1,500.5", ",", ".", None),  # a group mark inside a German fraction: not a number
    ],
)
def test_number_value(digits, decimal, group, value):
    assert number_value(digits, decimal, group) == value


def test_other_language_uses_both_lists_without_counted_nouns():
    found = summaries("Selon la police, 1.500 manifestants, 2,5 % de plus, 3 sources.", "other")
    assert found == [
        ("1.500", 1500, 1500, 1500, None),
        ("2,5", 2.5, 2.5, 2.5, "%"),
        ("3", 3, 3, 3, None),
    ]


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n ", "ohne satzzeichen 18 soldaten und 7 km", "123456789", "€$£%", "- – 3"],
)
def test_bad_input_never_crashes(text):
    for language in ("de", "en", "other"):
        for q in quantities(text, language):
            assert q.span.text.strip()


def test_empty_and_numberless_text_give_nothing():
    assert summaries("") == []
    assert summaries("Die Regierung wies den Bericht zurück.") == []
    assert summaries("The government denied the report.", "en") == []


def test_mixed_languages_in_one_document():
    found = summaries("Die Polizei nahm 18 Demonstranten fest. Police arrested 20 protesters.")
    assert [(text, unit) for text, *_, unit in found] == [("18", "Demonstranten"), ("20", None)]


def test_five_thousand_sentences_stay_fast():
    text = " ".join(
        f"Am Montag kamen rund {i % 900 + 10} Menschen, 2,5 Prozent mehr als am {i % 28 + 1}. Mai."
        for i in range(5000)
    )
    start = time.perf_counter()
    found = quantities(text)
    assert time.perf_counter() - start < 5  # analyze included; the extractor is linear
    assert len(found) == 10_000
    assert found[0].min == found[0].value * 0.9
