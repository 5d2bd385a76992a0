"""Analyze: language, sentences and tokens with offsets, German first."""

import time

from zufolge.analyze import analyze
from zufolge.analyze.doc import detect_language, split_sentences
from zufolge.model import Article, Paragraph


def sentences(text, language="de"):
    return [text[s:e] for s, e in split_sentences(text, language)]


def doc(text, language="auto"):
    return analyze(Article(text=text, paragraphs=[Paragraph(0, len(text))]), language=language)


def test_german_abbreviations_and_ordinal_dates():
    text = (
        "Der Minister sagte am 3. Oktober, die Lage sei ernst. Dr. Müller kam z. B. gestern "
        "u.a. mit Wladimir W. Putin. Der 2. Weltkrieg endete 1945. Im Jahr 2016. Das war so."
    )
    assert sentences(text) == [
        "Der Minister sagte am 3. Oktober, die Lage sei ernst.",
        "Dr. Müller kam z. B. gestern u.a. mit Wladimir W. Putin.",
        "Der 2. Weltkrieg endete 1945.",
        "Im Jahr 2016.",
        "Das war so.",
    ]


def test_quotation_styles():
    text = "„Wir warten.“ Dann ging er. »Nein!« sagte sie. „Wir warten“, sagte er. ‚Gut‘."
    assert sentences(text) == [
        "„Wir warten.“",
        "Dann ging er.",
        "»Nein!« sagte sie.",
        "„Wir warten“, sagte er.",
        "‚Gut‘.",
    ]


def test_headlines_and_paragraphs_are_their_own_sentences():
    text = "Titel ohne Punkt\n\nErster Satz. Zweiter Satz\nNeue Zeile."
    assert sentences(text) == ["Titel ohne Punkt", "Erster Satz.", "Zweiter Satz", "Neue Zeile."]


def test_english_abbreviations():
    text = "Mr. Smith met U.S. officials on Jan. 5. They talked."
    assert sentences(text, "en") == ["Mr. Smith met U.S. officials on Jan. 5.", "They talked."]


def test_tokens_round_trip_and_keep_words_together():
    d = doc("Das Ukraine-Krieg-Thema: am 3. Oktober 1.000,50 Euro für Kim Jong-un „ja“.", "de")
    tokens = d.tokens()
    for token, s, e in zip(tokens, d.token_starts, d.token_ends, strict=True):
        assert d.text[s:e] == token
    for expected in ("Ukraine-Krieg-Thema", "3.", "1.000,50", "Jong-un", "„", "“"):
        assert expected in tokens
    assert tokens[-1] == "."


def test_language_detection_and_override():
    assert detect_language("Die Regierung hat am Montag neue Regeln beschlossen.") == "de"
    assert detect_language("The government announced new rules on Monday.") == "en"
    assert detect_language("Le gouvernement a annoncé de nouvelles règles lundi.") == "other"
    assert detect_language("") == "other"
    assert doc("The government announced new rules.", "de").language == "de"


def test_long_and_unpunctuated_text_stays_bounded_and_fast():
    text = " ".join(["kein satzzeichen weit und breit"] * 2000)
    started = time.perf_counter()
    d = doc(text, "de")
    assert time.perf_counter() - started < 2
    assert max(e - s for s, e in d.sentences) <= 1200
    long_text = "Das ist ein Satz. " * 5000
    started = time.perf_counter()
    assert len(doc(long_text, "de").sentences) == 5000
    assert time.perf_counter() - started < 2


def test_empty_text():
    d = doc("", "auto")
    assert (d.sentences, d.token_starts, d.language) == ([], [], "other")
