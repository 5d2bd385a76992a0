"""Time expressions: each form on sentences of our own, anchors, bad input, and the
``zufolge eval times`` metric on hand-made cases, our dev set and slices of the shared sets."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from zufolge.analyze import analyze
from zufolge.clean import verbatim
from zufolge.evaluate.times import (
    Timex,
    command,
    end_of_lines,
    read_gold,
    same_value,
    score_document,
    value_type,
)
from zufolge.extract.times import find_times, grammar_for
from zufolge.model import RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "times"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
WIKIWARS = SHARED / "de-times-wikiwarsde" / "wikiwarsde.jsonl"
TEMPEVAL = SHARED / "en-times-tempeval3" / "train-tbaq.jsonl"
MEANTIME = SHARED / "en-news-meantime" / "timex.jsonl"
needs_data = pytest.mark.skipif(
    not WIKIWARS.exists(), reason="../shared/data is not beside the repo"
)

PUBLISHED = "2024-10-17"  # a Thursday, ISO week 42


def times(text: str, published: str | None = PUBLISHED, language: str = "de"):
    doc = analyze(
        verbatim(RawDocument(path=None, text=text, published=published)), language=language
    )
    return find_times(doc)


def values(text: str, published: str | None = PUBLISHED, language: str = "de"):
    return [(t.span.text, t.value) for t in times(text, published, language)]


def only(text: str, published: str | None = PUBLISHED, language: str = "de"):
    found = times(text, published, language)
    assert len(found) == 1, [(t.span.text, t.value) for t in found]
    return found[0]


# ------------------------------------------------------------------ German forms


def test_anfang_oktober_is_october_of_the_publication_year():
    t = only("Anfang Oktober meldete die Kyiv Post sechs Tote.")
    assert (t.span.text, t.value, t.anchor) == ("Anfang Oktober", "2024-10", "published")


def test_im_september_is_the_september_before_publication():
    t = only("Im September hatte der Präsident das Land als Komplizen bezeichnet.")
    assert (t.span.text, t.value, t.anchor) == ("September", "2024-09", "published")


def test_tense_places_a_month_before_or_after_publication():
    assert values("Im Dezember hatte er das Werk besucht.") == [("Dezember", "2023-12")]
    assert values("Im Dezember wird er das Werk besuchen.") == [("Dezember", "2024-12")]
    assert values("Die Gespräche beginnen am 3. März.") == [("3. März", "2025-03-03")]


def test_jaenner_and_abbreviated_months():
    assert values("Die Preise stiegen im Jänner 2024 und seit Sept. 2022.") == [
        ("Jänner 2024", "2024-01"),
        ("Sept. 2022", "2022-09"),
    ]


def test_weekend_and_weeks():
    assert values("In seiner Ansprache am Wochenende sagte er das.") == [
        ("Wochenende", "2024-W41-WE")
    ]
    assert values("Bereits Anfang dieser Woche hatten sie sich getroffen.") == [
        ("Anfang dieser Woche", "2024-W42")
    ]
    assert values("Letzte Woche und diese Woche gab es Proteste.") == [
        ("Letzte Woche", "2024-W41"),
        ("diese Woche", "2024-W42"),
    ]


def test_bis_ende_des_jahres_keeps_the_preposition_outside():
    t = only("Sie könnten bis Ende des Jahres an die Front geschickt werden.")
    assert (t.span.text, t.value, t.anchor) == ("Ende des Jahres", "2024", "published")


def test_vague_references_have_no_anchor():
    t = only("Ein Mitarbeiter wurde kürzlich von der Zeitung zitiert.")
    assert (t.span.text, t.value, t.anchor) == ("kürzlich", "PAST_REF", None)
    assert only("Jüngst hatte der Rechnungshof gewarnt.").value == "PAST_REF"


def test_days_relative_to_publication():
    text = "Vorgestern wurde gestritten, gestern gewählt, heute gezählt und morgen verkündet."
    assert values(text) == [
        ("Vorgestern", "2024-10-15"),
        ("gestern", "2024-10-16"),
        ("heute", "2024-10-17"),
        ("morgen", "2024-10-18"),
    ]


def test_months_years_and_counts():
    text = (
        "Vergangenen Monat stiegen die Preise, im Juni waren sie gefallen. Seit 2022 wächst die "
        "Schuld; vor drei Jahren war sie halb so hoch, in den 1990er Jahren ein Zehntel."
    )
    assert values(text) == [
        ("Vergangenen Monat", "2024-09"),
        ("Juni", "2024-06"),
        ("2022", "2022"),
        ("vor drei Jahren", "2021"),
        ("den 1990er Jahren", "199"),
    ]


def test_absolute_dates_have_no_anchor():
    found = times("Am 17. Oktober 2024, 17.10.2024 oder 2024-10-17 fiel die Entscheidung.")
    assert [(t.span.text, t.value, t.anchor) for t in found] == [
        ("17. Oktober 2024", "2024-10-17", None),
        ("17.10.2024", "2024-10-17", None),
        ("2024-10-17", "2024-10-17", None),
    ]


def test_weekday_and_clock_time_on_the_same_day():
    assert values("Der Streik beginnt am Mittwoch um 2 Uhr.", "2024-02-20") == [
        ("Mittwoch", "2024-02-21"),
        ("2 Uhr", "2024-02-21T02:00"),
    ]
    assert values("Am Montagabend hatte er gewonnen.") == [("Montagabend", "2024-10-14TEV")]


def test_durations():
    assert values("Der Streik dauerte drei Tage, die Verhandlungen mehrere Wochen.") == [
        ("drei Tage", "P3D"),
        ("mehrere Wochen", "PXW"),
    ]
    assert values("In den kommenden Wochen sind weitere Streiks möglich.") == [
        ("kommenden Wochen", "PXW")
    ]


def test_following_day_is_anchored_in_the_text():
    found = times("Am 3. März 2020 brach das Feuer aus. Am folgenden Tag war es gelöscht.")
    assert [(t.value, t.anchor) for t in found] == [("2020-03-03", None), ("2020-03-04", "text")]


def test_seasons_take_the_year_of_their_sentence_or_the_nearest():
    assert values("Im Sommer 2023 und im Herbst war es trocken.") == [
        ("Sommer 2023", "2023-SU"),
        ("Herbst", "2023-FA"),
    ]
    assert values("Im Frühjahr war es trocken.") == [("Frühjahr", "2024-SP")]
    assert values("Im Winter wird es kalt.") == [("Winter", "2024-WI")]


def test_years_before_nouns_are_counts_not_years():
    assert values("Auf die 1400 Soldaten warteten 2000 Helfer.") == []
    assert values("Der Krieg begann 1914 mit einer Kriegserklärung.") == [("1914", "1914")]


# ------------------------------------------------------------------ English forms


def test_english_relative_expressions():
    text = (
        "The bank said on Wednesday that prices had eased in September. Last week its chair "
        "warned of risks; rates rose three years ago, and earlier this month shares fell."
    )
    assert values(text, language="en") == [
        ("Wednesday", "2024-10-16"),
        ("September", "2024-09"),
        ("Last week", "2024-W41"),
        ("three years ago", "2021"),
        ("earlier this month", "2024-10"),
    ]


def test_english_dates_and_durations():
    text = (
        "The meeting on Oct. 17, 2024 lasted two weeks; yesterday it ended, in the 1990s it began."
    )
    assert values(text, language="en") == [
        ("Oct. 17, 2024", "2024-10-17"),
        ("two weeks", "P2W"),
        ("yesterday", "2024-10-16"),
        ("the 1990s", "199"),
    ]


def test_month_shifts_and_year_shifts():
    text = "Prices fell last March; the fair opens on 14 March next year."
    assert values(text, "2005-03-15", "en") == [
        ("last March", "2004-03"),
        ("14 March next year", "2006-03-14"),
    ]
    assert values("Die Wahl ist im Mai nächsten Jahres.") == [("Mai nächsten Jahres", "2025-05")]


def test_utc_times_and_weekdays_default_to_the_past():
    text = "The plane took off on Friday at 08:30 UTC; the crew had trained on Monday."
    assert values(text, language="en") == [
        ("Friday", "2024-10-11"),
        ("08:30 UTC", "2024-10-11T08:30Z"),
        ("Monday", "2024-10-14"),
    ]


# ------------------------------------------------------------------ anchors and bad input


def test_publication_date_comes_from_the_article_or_the_argument():
    doc = analyze(
        verbatim(RawDocument(path=None, text="Gestern regnete es.", published="2024-10-17"))
    )
    assert find_times(doc)[0].value == "2024-10-16"
    assert find_times(doc, "2020-01-01")[0].value == "2019-12-31"


def test_without_publication_date_the_latest_full_date_stands_in():
    text = "Die Polizei meldete am 17. Oktober 2024 eine Festnahme. Gestern kam er vor den Richter."
    found = times(text, published=None)
    assert [(t.value, t.anchor) for t in found] == [
        ("2024-10-17", None),
        ("2024-10-16", "inferred"),
    ]


def test_without_any_date_relative_values_are_null():
    found = times("Gestern kam er vor den Richter, im Jahr 2019 war er freigekommen.", None)
    assert [(t.span.text, t.value, t.anchor) for t in found] == [
        ("Gestern", None, None),
        ("Jahr 2019", "2019", None),
    ]


def test_narrative_texts_resolve_against_their_own_dates():
    text = (
        "Nach der Krise von 1908 begann der Krieg am 28. Juli 1914. Am 30. Juli befahl Russland "
        "die Mobilmachung. "
        "Ende des Jahres erstarrte die Front, heute erinnern Denkmäler daran. Im Jahr 1915 kam "
        "Italien hinzu, im Mai erklärte es den Krieg."
    )
    assert values(text, "2011-02-16") == [
        ("1908", "1908"),
        ("28. Juli 1914", "1914-07-28"),
        ("30. Juli", "1914-07-30"),
        ("Ende des Jahres", "1914"),
        ("heute", "PRESENT_REF"),
        ("Jahr 1915", "1915"),
        ("Mai", "1915-05"),
    ]


def test_impossible_dates_get_no_value():
    assert values("Am 30. Februar 2023 und am 31.04.2024 geschah nichts.") == [
        ("30. Februar 2023", None),
        ("31.04.2024", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "kein satzzeichen gestern heute morgen im mai 2024 vor drei jahren",
        "2024 2024 2024 2024 2024-13-45 99.99.9999 31.12. 25:99 Uhr",
        "Am Montag sagte he said on Monday that yesterday el lunes ayer Montag.",
        "Anfang Ende Mitte des der die Jahres Woche vor in seit bis",
        "x" * 5000,
    ],
)
def test_bad_input_never_crashes(text):
    for language in ("de", "en", "other"):
        for published in (PUBLISHED, None, "not a date", "2024-02-30"):
            doc = analyze(verbatim(RawDocument(path=None, text=text)), language=language)
            for t in find_times(doc, published):
                assert doc.text[t.span.start : t.span.end] == t.span.text


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_calendar_edges_give_no_value_instead_of_an_error(published):
    text = "Gestern, morgen, letzte Woche, nächstes Jahr, am Montag, in 5 Jahren, im Dezember."
    found = times(text, published)
    assert len(found) == 7
    assert any(t.value is None for t in found)


def test_five_thousand_sentences():
    text = "Am Montag sagte der Minister, die Lage sei ernst. " * 5000
    found = times(text)
    assert len(found) == 5000
    assert {t.value for t in found} == {"2024-10-14"}


def test_language_other_uses_every_grammar():
    found = times("Le 17 octobre, gestern and yesterday.", language="other")
    assert [(t.span.text, t.value) for t in found] == [
        ("gestern", "2024-10-16"),
        ("yesterday", "2024-10-16"),
    ]
    assert grammar_for("other").kinds == grammar_for("de").kinds + grammar_for("en").kinds


# ------------------------------------------------------------------ the metric


def tx(start: int, end: int, value: str | None, label: str = "DATE") -> Timex:
    return Timex(start, end, "", value, label)


def test_strict_relaxed_and_value_counts():
    gold = [tx(0, 10, "2024-10"), tx(20, 25, "P3D", "DURATION"), tx(40, 45, "2024")]
    predicted = [tx(0, 10, "2024-10"), tx(18, 25, "P2D"), tx(60, 62, "2020")]
    score = score_document(predicted, gold)
    assert (score.strict.tp, score.strict.fp, score.strict.fn) == (1, 2, 2)
    assert (score.relaxed.tp, score.relaxed.fp, score.relaxed.fn) == (2, 1, 1)
    assert (score.value.tp, score.value.fp, score.value.fn) == (1, 2, 2)
    assert score.found_by_type == {"DATE": 1, "DURATION": 1}
    assert score.correct_by_type == {"DATE": 1}


def test_relaxed_pairs_are_one_to_one_by_largest_overlap():
    gold = [tx(0, 10, "a"), tx(12, 20, "b")]
    predicted = [tx(0, 20, "b")]
    score = score_document(predicted, gold)
    assert (score.relaxed.tp, score.relaxed.fp, score.relaxed.fn) == (1, 0, 1)
    assert score.correct == 0  # paired with "a" (overlap 10 > 8), whose value differs


def test_values_compare_weeks_without_padding_and_types_follow_values():
    assert same_value("2000-W07", "2000-W7")
    assert not same_value("2000-W17", "2000-W7")
    assert not same_value(None, None)
    assert [value_type(v) for v in ("P3D", "2024-10-17T14:00", "PRESENT_REF", "2024")] == [
        "DURATION",
        "TIME",
        "DATE",
        "DATE",
    ]


def test_end_of_lines():
    assert end_of_lines("a\nb\nc\nd", 2) == 3
    assert end_of_lines("a\nb", 5) is None
    assert end_of_lines("a\nb", None) is None


def test_dev_set_is_ours_and_well_formed():
    documents = read_gold(FIXTURES / "dev.jsonl")
    german = sum(len(d.gold) for d in documents if d.language == "de")
    english = sum(len(d.gold) for d in documents if d.language == "en")
    assert german >= 40 and english >= 15
    for document in documents:
        for t in document.gold:
            assert document.text[t.start : t.end] == t.text


def run_eval(path: Path, *args: str) -> dict:
    result = CliRunner().invoke(command, ["--gold", str(path), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_eval_on_our_dev_set():
    result = run_eval(FIXTURES / "dev.jsonl")
    assert result["gold"] == 71
    assert result["relaxed"]["f1"] >= 0.95
    assert result["value"]["f1"] >= 0.9


@needs_data
@pytest.mark.parametrize(("path", "limit"), [(WIKIWARS, 1), (TEMPEVAL, 10), (MEANTIME, 10)])
def test_eval_on_a_slice_of_the_shared_sets(path, limit):
    result = run_eval(path, "--limit", str(limit))
    assert result["documents"] == limit
    assert result["gold"] > 10
    assert result["relaxed"]["f1"] >= 0.75
    assert result["value"]["f1"] >= 0.5


@needs_data
def test_meantime_is_scored_on_its_annotated_lines_only():
    documents = read_gold(MEANTIME, limit=5)
    assert all(d.body_end is not None for d in documents if d.text.count("\n") > 6)
    assert all(t.start < d.body_end for d in documents if d.body_end for t in d.gold)
