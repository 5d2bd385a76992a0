"""Places: gazetteer lookups, ambiguity rules, regions and relative descriptions.

Fixtures are short texts written for these tests in the style of news reports."""

from __future__ import annotations

import random
import time

import pytest
from click.testing import CliRunner

from zufolge.analyze import analyze
from zufolge.clean import verbatim
from zufolge.extract.gazetteer_build import main as build_main
from zufolge.extract.places import (
    FOLD,
    Reading,
    find_places,
    fold_key,
    fold_lower,
    gazetteer,
    geocode,
    unresolved_aliases,
)
from zufolge.model import Doc, Place, RawDocument


def doc_of(text: str, language: str = "de") -> Doc:
    return analyze(verbatim(RawDocument(path=None, text=text)), language=language)


def places_of(text: str, language: str = "de") -> list[Place]:
    doc = doc_of(text, language)
    found = find_places(doc)
    for place in found:  # every span points into the text it came from
        assert doc.text[place.span.start : place.span.end] == place.span.text
    return found


def by_text(places: list[Place]) -> dict[str, Place]:
    return {p.span.text: p for p in places}


# --- gazetteer and geocode -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "language", "canonical", "country"),
    [
        ("Kursk", "de", "Kursk", "RU"),
        ("Bryansk", "en", "Bryansk", "RU"),
        ("Brjansk", "de", "Bryansk", "RU"),
        ("Donezk", "de", "Donetsk", "UA"),
        ("Donetsk", "en", "Donetsk", "UA"),
        ("Moskau", "de", "Moscow", "RU"),
        ("Moscow", "en", "Moscow", "RU"),
        ("Pjöngjang", "de", "Pyongyang", "KP"),
        ("Pyongyang", "en", "Pyongyang", "KP"),
        ("Kiew", "de", "Kyiv", "UA"),
        ("Kyiv", "en", "Kyiv", "UA"),
        ("Kiev", "en", "Kyiv", "UA"),
        ("Seoul", "de", "Seoul", "KR"),
        ("Saporischschja", "de", "Zaporizhzhya", "UA"),
        ("Zaporizhzhia", "en", "Zaporizhzhya", "UA"),
    ],
)
def test_geocode_towns_of_the_specimen(name, language, canonical, country):
    reading = geocode(name, language)
    assert reading is not None
    assert (reading.name, reading.country) == (canonical, country)
    assert reading.lat is not None and reading.lon is not None


@pytest.mark.parametrize(
    ("name", "language", "country"),
    [
        ("Nordkorea", "de", "KP"),
        ("Südkorea", "de", "KR"),
        ("Ukraine", "de", "UA"),
        ("USA", "de", "US"),
        ("Vereinigte Staaten", "de", "US"),
        ("Russland", "de", "RU"),
        ("Russlands", "de", "RU"),
        ("North Korea", "en", "KP"),
        ("United States", "en", "US"),
        ("U.S.", "en", "US"),
        ("Deutschland", "other", "DE"),
    ],
)
def test_geocode_countries(name, language, country):
    reading = geocode(name, language)
    assert reading is not None and reading.kind == "country" and reading.country == country


def test_country_positions_are_inside_the_country():
    korea = geocode("Nordkorea", "de")
    assert korea is not None and 37 < korea.lat < 43 and 124 < korea.lon < 131


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("Region Kursk", "de"),
        ("Gebiet Kursk", "de"),
        ("Oblast Kursk", "de"),
        ("Kursk region", "en"),
    ],
)
def test_geocode_region_is_the_oblast_not_the_city(name, language):
    region, city = geocode(name, language), geocode("Kursk", language)
    assert region is not None and city is not None
    assert region.kind == "region" and city.kind == "city"
    assert region.country == city.country == "RU"
    assert (region.lat, region.lon) != (city.lat, city.lon)


@pytest.mark.parametrize(
    ("name", "language", "country"),
    [("Krim", "de", "UA"), ("Crimea", "en", "UA"), ("Donbass", "de", "UA"), ("Donbas", "en", "UA")],
)
def test_geocode_regions_news_names(name, language, country):
    reading = geocode(name, language)
    assert reading is not None and reading.strong and reading.country == country


def test_geocode_unknown_and_empty():
    assert geocode("", "de") is None
    assert geocode("Xqzzyvlle", "en") is None
    assert geocode("Dabei", "de") is None  # an old spelling of Dubai, and a German adverb


def test_every_alias_resolves():
    for language in ("de", "en", "other"):
        assert unresolved_aliases(language) == []


def test_fold_key_ignores_case_marks_and_hyphens():
    assert fold_key("Pjöngjang") == fold_key("PJONGJANG") == "pjongjang"
    assert fold_key("Baden-Württemberg") == "baden wurttemberg"
    assert fold_key("  Groß  Gerau ") == "gross gerau"


def test_gazetteer_loads_quickly_and_is_readable():
    gazetteer.cache_clear()
    started = time.perf_counter()
    loaded = gazetteer()
    assert time.perf_counter() - started < 2.0  # 0.2-0.5 s measured; slack for busy CI
    assert all(isinstance(r, Reading) for r in loaded.readings("berlin"))
    assert loaded.readings("berlin")[0].country == "DE"


# --- German text -----------------------------------------------------------------------------


def test_german_exonyms_and_countries_in_text():
    found = by_text(
        places_of(
            "Die Regierung in Kiew bestätigte den Angriff. In Moskau und Pjöngjang wurde "
            "das Abkommen gefeiert, während Südkorea und die USA protestierten."
        )
    )
    assert found["Kiew"].name == "Kyiv" and found["Kiew"].country == "UA"
    assert found["Moskau"].country == "RU"
    assert found["Pjöngjang"].name == "Pyongyang"
    assert found["Südkorea"].country == "KR"
    assert found["USA"].country == "US"


def test_german_genitive_resolves_to_the_base():
    found = by_text(
        places_of("Russlands Armee meldete Erfolge. Die Seite Nordkoreas schwieg dazu.")
    )
    assert found["Russlands"].name == "Russia"
    assert found["Nordkoreas"].country == "KP"


def test_genitive_of_multi_word_names():
    found = by_text(places_of("Die Bürger Sankt Petersburgs und Nordrhein-Westfalens Regierung."))
    assert found["Sankt Petersburgs"].name == "Saint Petersburg"
    assert found["Nordrhein-Westfalens"].country == "DE"
    english = by_text(places_of("South Africa's captain and New York's mayor met.", language="en"))
    assert english["South Africa"].country == "ZA"
    assert english["New York"].country == "US"


def test_common_nouns_that_are_towns_stay_nouns():
    text = (
        "Beim Essen sprach der Minister über die Lage. Das Ende der Hilfe ist nahe, "
        "die Halle war voll und das Wissen der Fachleute groß. Dabei blieb es."
    )
    assert places_of(text) == []


def test_locative_preposition_makes_a_town_of_an_ambiguous_word():
    found = by_text(
        places_of("Der Parteitag fand in Essen statt, die Delegierten kamen aus Halle.")
    )
    assert found["Essen"].country == "DE"
    assert "Halle" in found


def test_names_of_persons_and_media_are_no_places():
    text = (
        "Diktator Kim Jong-un empfing Wladimir Putin. Das berichtete die Washington Post, "
        "Kim sagte nichts dazu."
    )
    names = {p.span.text for p in places_of(text)}
    assert not names & {"Kim", "Wladimir", "Washington"}


def test_mid_sized_town_needs_a_country_the_text_names():
    assert places_of("Trump sprach von Rubio als Leichtgewicht.") == []  # a town in Venezuela
    found = by_text(places_of("Dornbirn – Das Land Vorarlberg und Österreich stimmten zu."))
    assert found["Dornbirn"].country == "AT"  # a dateline


def test_adjectives_are_no_places():
    assert places_of("Die ukrainische Armee und russische Soldaten kämpften weiter.") == []


def test_region_span_covers_the_region_noun():
    found = by_text(places_of("In der Region Kursk wurden Gefechte gemeldet."))
    assert found["Region Kursk"].name == "Kursk"
    assert found["Region Kursk"].lat != geocode("Kursk", "de").lat  # the oblast's centre


def test_relative_description_with_a_common_noun_anchor():
    found = places_of("Die Soldaten wurden sieben Kilometer nordwestlich der Grenze gesehen.")
    assert len(found) == 1
    place = found[0]
    assert place.span.text == "sieben Kilometer nordwestlich der Grenze"
    assert place.name == "der Grenze"
    assert (place.lat, place.lon, place.country) == (None, None, None)


def test_relative_description_with_a_gazetteer_anchor():
    found = by_text(
        places_of(
            "Der Angriff traf ein Dorf 20 km südlich von Kursk. Später gab es Explosionen "
            "nahe der besetzten Stadt Donezk."
        )
    )
    assert found["20 km südlich von Kursk"].name == "Kursk"
    assert found["20 km südlich von Kursk"].country == "RU"
    assert found["nahe der besetzten Stadt Donezk"].name == "Donetsk"
    assert "Kursk" not in found  # one place per description, not the anchor again


def test_direction_words_without_a_place_are_no_description():
    assert places_of("Die Partei steht im Zentrum der Kritik, das Ziel liegt nahe.") == []


# --- English text ----------------------------------------------------------------------------


def test_english_text():
    found = by_text(
        places_of(
            "Officials in Seoul said troops from North Korea had arrived in Russia's Kursk "
            "region. Explosions were heard north of Kyiv, about 30 miles south of the border.",
            language="en",
        )
    )
    assert found["Seoul"].country == "KR"
    assert found["North Korea"].country == "KP"
    assert found["Russia"].country == "RU"  # the possessive stays outside the span
    assert found["Kursk region"].name == "Kursk"
    assert found["north of Kyiv"].name == "Kyiv"
    assert found["about 30 miles south of the border"].name == "the border"


def test_english_sentence_starts_and_persons():
    text = "Reading the report, Jackson said the U.S. would not change course."
    found = by_text(places_of(text, language="en"))
    assert set(found) == {"U.S."}
    assert found["U.S."].country == "US"


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "keine großbuchstaben und keine satzzeichen hier nur wörter",
        "BERLIN MOSKAU KIEW ALLES IN GROSSBUCHSTABEN",
        "Kursk",
        "nördlich von",
        "20 km südlich von",
        "Санкт-Петербург и Москва",
        "Paris' Bürgermeisterin und Texas' Gouverneur",
    ],
)
def test_bad_input_never_crashes(text):
    for language in ("de", "en", "other"):
        assert isinstance(places_of(text, language), list)


def test_other_language_uses_all_lists():
    found = by_text(places_of("Le sommet aura lieu à Berlin et à Kyiv.", language="other"))
    assert found["Berlin"].country == "DE" and found["Kyiv"].country == "UA"


def test_long_text_is_linear():
    sentence = "In Kiew und Moskau gab es Gespräche über die Lage nahe der Grenze. "
    text = sentence * 5000
    doc = doc_of(text)
    started = time.perf_counter()
    found = find_places(doc)
    assert time.perf_counter() - started < 5.0
    assert len(found) == 5000 * 3


# --- build step ------------------------------------------------------------------------------


def test_build_step_has_help():
    result = CliRunner().invoke(build_main, ["--help"])
    assert result.exit_code == 0
    assert "--min-population" in result.output


def test_fold_lower_is_translate_then_lower():
    """The byte table for ASCII text gives what str.translate and lower give."""
    rng = random.Random(5)
    chars = [chr(c) for c in range(128)] + list("äöüßÄÖÜéÉçñłŁ’‘–")
    for _ in range(20_000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(0, 12)))
        assert fold_lower(text) == text.translate(FOLD).lower(), text
