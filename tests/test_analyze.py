"""Analyze: language, sentences and tokens with character offsets, German first."""

import re
import time

import pytest

from zufolge.analyze import (
    MAX_SENTENCE_CHARS,
    analyze,
    detect_language,
    sentence_index_at,
    sentence_tokens,
    split_sentences,
    token_at,
    token_index_at,
    token_range,
    token_texts,
)
from zufolge.analyze.language import CANDIDATE_LANGUAGES, load_identifier
from zufolge.langdata import LATIN1_WORD, NON_WORD_CHAR
from zufolge.model import Article, Paragraph


def sentences(text, language="de"):
    return [text[s:e] for s, e in split_sentences(text, language)]


def doc(text, language="auto", paragraphs=None):
    paragraphs = paragraphs if paragraphs is not None else [Paragraph(0, len(text))]
    return analyze(Article(text=text, paragraphs=paragraphs), language=language)


def tokens(text, language="de"):
    return doc(text, language).tokens()


# --- sentences -------------------------------------------------------------------------------


def test_ordinal_dates_do_not_end_sentences_but_years_do():
    text = (
        "Der Minister sagte am 3. Oktober, die Lage sei ernst. Der 2. Weltkrieg endete 1945. "
        "Die Sitzung am 17.10.2024 fiel aus. Im 16. Jahrhundert war das anders. "
        "Das geschah im Jahr 2016. Das war so. Er wurde am 1. Mai gewählt."
    )
    assert sentences(text) == [
        "Der Minister sagte am 3. Oktober, die Lage sei ernst.",
        "Der 2. Weltkrieg endete 1945.",
        "Die Sitzung am 17.10.2024 fiel aus.",
        "Im 16. Jahrhundert war das anders.",
        "Das geschah im Jahr 2016.",
        "Das war so.",
        "Er wurde am 1. Mai gewählt.",
    ]


def test_numbers_that_end_sentences():
    text = "Die Zahl der Toten stieg auf 5.000. Die Behörden zählen weiter. Es waren 12. Nun 13."
    assert sentences(text) == [
        "Die Zahl der Toten stieg auf 5.000.",
        "Die Behörden zählen weiter.",
        "Es waren 12.",
        "Nun 13.",
    ]


def test_ordinals_after_adjectives_in_result_lists_and_roman_numerals():
    text = (
        "Soldaten des dort stationierten 1. Bataillons rückten aus. Ergebnis: 1. Anna Berger "
        "3:10:05, 2. Eva Roth 3:11:40. Die XX. Olympiade begann. Heinrich VIII. Der König starb. "
        "Sie landete auf Platz 3. Trainer Huber war zufrieden."
    )
    assert sentences(text) == [
        "Soldaten des dort stationierten 1. Bataillons rückten aus.",
        "Ergebnis: 1. Anna Berger 3:10:05, 2. Eva Roth 3:11:40.",
        "Die XX. Olympiade begann.",
        "Heinrich VIII.",
        "Der König starb.",
        "Sie landete auf Platz 3.",
        "Trainer Huber war zufrieden.",
    ]


def test_omissions_in_quotations_are_not_boundaries():
    text = "Sie sagte: „Wir haben […] Fehler gemacht. Das war (...) Pech.“ Dann ging sie."
    assert sentences(text) == [
        "Sie sagte: „Wir haben […] Fehler gemacht.",
        "Das war (...) Pech.“",
        "Dann ging sie.",
    ]


def test_german_abbreviations_and_initials():
    text = (
        "Dr. Müller kam z. B. gestern u.a. mit Wladimir W. Putin. Prof. Schmidt bzw. "
        "die Nr. 2 der Partei erhielt ca. 3 Mio. Euro, d. h. mehr als St. Pölten. "
        "Er kaufte Äpfel, Birnen usw. Die Preise stiegen. Sie sah die neue Art. Sie staunte."
    )
    assert sentences(text) == [
        "Dr. Müller kam z. B. gestern u.a. mit Wladimir W. Putin.",
        "Prof. Schmidt bzw. die Nr. 2 der Partei erhielt ca. 3 Mio. Euro, d. h. mehr als "
        "St. Pölten.",
        "Er kaufte Äpfel, Birnen usw.",
        "Die Preise stiegen.",
        "Sie sah die neue Art.",
        "Sie staunte.",
    ]


def test_a_word_is_not_an_abbreviation_because_a_dotted_one_spells_alike():
    # "s. o." (siehe oben) and "d. i." must not make "so." and "Di." abbreviations
    assert sentences("Das war so. Es blieb dabei.") == ["Das war so.", "Es blieb dabei."]


def test_every_quotation_style_around_sentence_ends():
    text = (
        "„Wir warten.“ Dann ging er. »Nein!« sagte sie. „Wir warten“, sagte er. "
        '"Genug." Sie nickte. «Vielleicht?» Er schwieg. ‚Gut.‘ Alle lachten. '
        "“Fine.” He left. ‘Never.’ She smiled."
    )
    assert sentences(text) == [
        "„Wir warten.“",
        "Dann ging er.",
        "»Nein!« sagte sie.",
        "„Wir warten“, sagte er.",
        '"Genug."',
        "Sie nickte.",
        "«Vielleicht?»",
        "Er schwieg.",
        "‚Gut.‘",
        "Alle lachten.",
        "“Fine.”",
        "He left.",
        "‘Never.’",
        "She smiled.",
    ]


def test_colon_introduced_quotes_stay_in_one_sentence():
    text = "Der Sprecher sagte: „Wir prüfen das. Mehr wissen wir nicht.“ Danach ging er."
    assert sentences(text) == [
        "Der Sprecher sagte: „Wir prüfen das.",
        "Mehr wissen wir nicht.“",
        "Danach ging er.",
    ]
    assert sentences("Sie warnte: Die Lage ist ernst.") == ["Sie warnte: Die Lage ist ernst."]


def test_ellipses_and_combined_marks():
    text = "Er zögerte… Dann sprach er. Wirklich?! Ja... Vielleicht. Warum? Darum."
    assert sentences(text) == [
        "Er zögerte…",
        "Dann sprach er.",
        "Wirklich?!",
        "Ja...",
        "Vielleicht.",
        "Warum?",
        "Darum.",
    ]


def test_paragraphs_and_headlines_are_boundaries():
    text = (
        "Regierung tritt zurück\n\nDer Kanzler gab am Abend auf. Die Opposition jubelt\n\n"
        "Reaktionen aus Brüssel\nDie EU zeigte sich überrascht. Sie erwartet Neuwahlen"
    )
    assert sentences(text) == [
        "Regierung tritt zurück",
        "Der Kanzler gab am Abend auf.",
        "Die Opposition jubelt",
        "Reaktionen aus Brüssel",
        "Die EU zeigte sich überrascht.",
        "Sie erwartet Neuwahlen",
    ]


def test_article_paragraphs_are_hard_boundaries():
    text = "Erster Absatz ohne Punkt Zweiter Absatz."
    d = doc(text, "de", [Paragraph(0, 24), Paragraph(25, len(text))])
    assert [text[s:e] for s, e in d.sentences] == ["Erster Absatz ohne Punkt", "Zweiter Absatz."]


def test_wrapped_lines_of_running_text_are_not_boundaries():
    text = (
        "Die Regierung hat am Montag in einer langen Sitzung beschlossen, dass die\n"
        "Steuern im kommenden Jahr nicht steigen werden. Das freut viele."
    )
    assert sentences(text) == [
        text[: text.index("werden.") + 7],
        "Das freut viele.",
    ]


def test_sentence_glued_to_the_next_without_space():
    assert sentences("Er ist verschwunden.Der Fall bleibt offen.") == [
        "Er ist verschwunden.",
        "Der Fall bleibt offen.",
    ]
    assert sentences("Siehe www.example.de für mehr.") == ["Siehe www.example.de für mehr."]


def test_numbered_lines_and_team_names():
    text = "Ergebnisse:\n1. Runde: Hertha BSC - 1. FC Köln 2:1\n2. Runde: offen"
    assert sentences(text) == [
        "Ergebnisse:",
        "1. Runde: Hertha BSC - 1. FC Köln 2:1",
        "2. Runde: offen",
    ]


def test_english_abbreviations():
    text = (
        "Mr. Smith met U.S. officials on Jan. 5. They talked. Mrs. Jones of Acme Inc. said "
        "no. The firm moved to the U.S. It grew. Dr. Lee, e.g. a critic, left at 5 p.m. "
        "on Friday."
    )
    assert sentences(text, "en") == [
        "Mr. Smith met U.S. officials on Jan. 5.",
        "They talked.",
        "Mrs. Jones of Acme Inc. said no.",
        "The firm moved to the U.S.",
        "It grew.",
        "Dr. Lee, e.g. a critic, left at 5 p.m. on Friday.",
    ]
    assert sentences("Sales rose to 12. Analysts were surprised.", "en") == [
        "Sales rose to 12.",
        "Analysts were surprised.",
    ]
    assert sentences("Steps:\n1. Open the box\n2. Read the manual", "en") == [
        "Steps:",
        "1. Open the box",
        "2. Read the manual",
    ]
    assert sentences("Apple sold more phones. iPhone sales rose.", "en") == [
        "Apple sold more phones.",
        "iPhone sales rose.",
    ]


def test_text_without_punctuation_is_cut_into_bounded_sentences():
    text = " ".join(["kein satzzeichen weit und breit"] * 2000)
    spans = split_sentences(text, "de")
    assert len(spans) > 1
    assert max(e - s for s, e in spans) <= MAX_SENTENCE_CHARS
    # the pieces cover the text between them, cut at spaces, never inside a word
    assert " ".join(text[s:e] for s, e in spans) == text
    lines = "\n".join(["eine zeile ohne punkt"] * 50)
    assert len(split_sentences(lines, "de")) == 50


def test_sentences_are_trimmed_and_never_empty():
    text = "  \n\n Ein Satz.   \n\n\n  Noch einer.  \n"
    assert sentences(text) == ["Ein Satz.", "Noch einer."]
    assert sentences("   \n\n ") == []


# --- tokens ----------------------------------------------------------------------------------


def test_token_offsets_round_trip():
    text = "„Wir warten“, sagte Dr. Müller am 3. Oktober in St. Pölten. Kim Jong-un schwieg."
    d = doc(text, "de")
    assert len(d.token_starts) == len(d.token_ends)
    pieces = [text[s:e] for s, e in zip(d.token_starts, d.token_ends, strict=True)]
    assert pieces == d.tokens()
    assert all(p and not p.isspace() and p == p.strip() for p in pieces)
    assert d.token_starts == sorted(d.token_starts)
    assert "".join(pieces) == "".join(text.split())  # nothing lost, nothing overlapping


def test_words_with_hyphens_abbreviations_and_ordinals():
    toks = tokens(
        "Der Ukraine-Krieg und Kim Jong-un: ein de-facto-Komplize, u.a. laut Dr. Meier, "
        "z. B. am 3. Oktober, die 38-jährige Frau, Ein- und Ausfuhr."
    )
    for expected in (
        "Ukraine-Krieg",
        "Jong-un",
        "de-facto-Komplize",
        "u.a.",
        "Dr.",
        "z.",
        "B.",
        "3.",
        "38-jährige",
        "Ein-",
    ):
        assert expected in toks
    assert toks[-1] == "." and toks[-2] == "Ausfuhr"


def test_numbers_percent_currency_times_and_dates():
    toks = tokens("Es kostet 1.000,50 € bzw. 3,5 % mehr, am 2024-10-17 um 10:30 Uhr, ab 18 Jahren.")
    for expected in ("1.000,50", "€", "3,5", "%", "2024-10-17", "10:30", "18"):
        assert expected in toks
    assert tokens("Er zahlte $5 für 50%.", "en")[2:] == ["$", "5", "für", "50", "%", "."]


def test_urls_and_email_addresses_stay_whole():
    toks = tokens(
        "Mehr unter https://www.example.org/a/b?c=1, www.allinrechner.at, beispiel.de "
        "oder per Mail an presse@example.com."
    )
    for expected in (
        "https://www.example.org/a/b?c=1",
        "www.allinrechner.at",
        "beispiel.de",
        "presse@example.com",
    ):
        assert expected in toks
    assert toks[-1] == "."


def test_every_quotation_mark_is_its_own_token():
    text = "„A“ “B” \"C\" ‚D‘ ‘E’ 'F' »G« «H» ›I‹ ‹J›"
    toks = tokens(text)
    assert [t for t in toks if t.isalpha()] == list("ABCDEFGHIJ")
    assert [t for t in toks if not t.isalpha()] == list("„““”\"\"‚‘‘’''»««»›‹‹›")


def test_apostrophes_inside_words_and_as_quotes():
    assert tokens("Wie geht's? Gibt’s das?") == ["Wie", "geht's", "?", "Gibt’s", "das", "?"]
    expected = ["‚", "Ja", "‘", ",", "sagte", "Hans", "’", "Bruder", "."]
    assert tokens("‚Ja‘, sagte Hans’ Bruder.") == expected
    assert tokens("He didn't see Clinton’s team; they’re 'late'.", "en") == [
        "He",
        "did",
        "n't",
        "see",
        "Clinton",
        "’s",
        "team",
        ";",
        "they",
        "’re",
        "'",
        "late",
        "'",
        ".",
    ]


def test_sentence_final_period_is_its_own_token_even_after_an_abbreviation():
    d = doc("Er kaufte Äpfel usw. Dann ging er. Er kam am 3. Oktober.", "de")
    first = ["Er", "kaufte", "Äpfel", "usw", ".", "Dann", "ging", "er", "."]
    second = ["Er", "kam", "am", "3.", "Oktober", "."]
    assert d.tokens() == [*first, *second]


def test_punctuation_runs():
    assert tokens("Was?! Nein... Doch -- vielleicht.") == (
        ["Was", "?!", "Nein", "...", "Doch", "--", "vielleicht", "."]
    )


def test_tokens_never_cross_sentences():
    d = doc("Das ist gut.Der Rest folgt. Ende", "de")
    for i in range(len(d.sentences)):
        s, e = d.sentences[i]
        for t in sentence_tokens(d, i):
            assert s <= d.token_starts[t] and d.token_ends[t] <= e


# --- language --------------------------------------------------------------------------------


def test_latin1_first_word_classes_match_exactly_what_backslash_w_matches():
    # the classes only reorder the tests ``re`` makes (langdata.LATIN1_WORD): every character
    # of the Basic Multilingual Plane, and a sample beyond it, must be decided as ``\w`` decides
    word = re.compile(rf"[{LATIN1_WORD}\w]")
    non_word, plain = re.compile(NON_WORD_CHAR), re.compile(r"\w")
    for code in [*range(0x10000), *range(0x10000, 0x110000, 97), 0x1D400, 0x20000, 0x1F600]:
        char = chr(code)
        is_word = plain.match(char) is not None
        assert (word.match(char) is not None) is is_word, hex(code)
        assert (non_word.match(char) is not None) is not is_word, hex(code)


def test_language_detection():
    assert (
        detect_language("Die Regierung hat am Montag neue Regeln für Mieter beschlossen.") == "de"
    )
    assert detect_language("The government announced new rules for tenants on Monday.") == "en"
    assert detect_language("Le gouvernement a annoncé lundi de nouvelles règles.") == "other"
    assert detect_language("El gobierno anunció el lunes nuevas normas para inquilinos.") == "other"
    assert detect_language("Regierung tritt zurück") == "de"  # short, but enough n-grams
    assert detect_language("ok") == "other"  # too short to tell


def test_language_of_short_texts_by_function_words():
    assert detect_language("Chuck Norris ist tot.") == "de"
    assert detect_language("The end.") == "en"
    assert detect_language("") == "other"
    assert detect_language("12345 678 90") == "other"


def test_title_helps_language_detection():
    assert detect_language("Merkel.", "Die Kanzlerin ist heute nach Paris gereist") == "de"


def test_language_override():
    assert doc("The government announced new rules on Monday.", "de").language == "de"
    assert doc("Die Regierung hat neue Regeln beschlossen.", "en").language == "en"
    assert doc("Die Regierung hat neue Regeln beschlossen.", "fr").language == "other"
    assert doc("Die Regierung hat am Montag neue Regeln für Mieter beschlossen.").language == "de"


def test_other_languages_still_get_sentences_and_tokens():
    d = doc("Le gouvernement a annoncé lundi de nouvelles règles. M. Dupont est content.")
    assert d.language == "other"
    assert len(d.sentences) == 2
    assert d.tokens()[-1] == "."


# --- edge cases and speed --------------------------------------------------------------------


def test_empty_text():
    d = doc("", "auto", [])
    assert (d.sentences, d.token_starts, d.token_ends, d.language) == ([], [], [], "other")
    d = doc("   \n\n  ", "de")
    assert (d.sentences, d.token_starts) == ([], [])


def test_5000_sentence_article_is_fast():
    text = "Das ist ein Satz von Dr. Meier am 3. Oktober. " * 5000
    load_identifier()  # once per process; not part of the per-article cost
    started = time.perf_counter()
    d = doc(text, "auto")
    elapsed = time.perf_counter() - started
    assert len(d.sentences) == 5000
    assert len(d.token_starts) == 5000 * 11
    assert elapsed < 0.5


def test_unpunctuated_text_is_fast():
    text = " ".join(["kein satzzeichen weit und breit"] * 10000)
    started = time.perf_counter()
    d = doc(text, "de")
    assert time.perf_counter() - started < 0.5
    assert max(e - s for s, e in d.sentences) <= MAX_SENTENCE_CHARS


# --- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def two_sentences():
    #       0123456789012345678901234
    text = "Er kam. Dann ging  er."
    return doc(text, "de")


def test_token_index_at(two_sentences):
    d = two_sentences
    assert d.tokens() == ["Er", "kam", ".", "Dann", "ging", "er", "."]
    assert token_index_at(d, 0) == 0
    assert token_index_at(d, 1) == 0
    assert token_index_at(d, 2) == 1  # the space before "kam": the next token
    assert token_index_at(d, 6) == 2
    assert token_index_at(d, 17) == 5  # inside the double space
    assert token_index_at(d, 100) == len(d.token_starts)


def test_token_at_and_token_range(two_sentences):
    d = two_sentences
    assert token_at(d, 4) == 1
    assert token_at(d, 2) == -1
    assert token_at(d, 100) == -1
    assert list(token_range(d, 3, 13)) == [1, 2, 3]
    assert list(token_range(d, 4, 5)) == [1]
    assert list(token_range(d, 7, 8)) == []


def test_sentence_index_at_and_sentence_tokens(two_sentences):
    d = two_sentences
    assert d.sentences == [(0, 7), (8, 22)]
    assert sentence_index_at(d, 0) == 0
    assert sentence_index_at(d, 6) == 0
    assert sentence_index_at(d, 7) == -1
    assert sentence_index_at(d, 8) == 1
    assert sentence_index_at(d, 22) == -1
    assert list(sentence_tokens(d, 0)) == [0, 1, 2]
    assert list(sentence_tokens(d, 1)) == [3, 4, 5, 6]


def test_token_texts_is_cached_per_document(two_sentences):
    d = two_sentences
    first = token_texts(d)
    assert first == d.tokens()
    assert token_texts(d) is first
    other = doc("Noch ein Satz.", "de")
    assert token_texts(other) == ["Noch", "ein", "Satz", "."]


def test_identifier_gives_py3langids_features_and_scores():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    reference.set_languages(list(CANDIDATE_LANGUAGES))
    identifier = load_identifier()
    texts = [
        "",
        "a",
        "Die Regierung hat am Montag neue Regeln für Mieter beschlossen.",
        "THE GOVERNMENT ANNOUNCED NEW RULES",
        "Le gouvernement a annoncé lundi de nouvelles règles. 12 € – „Zitat“ 😀 ß",
    ]
    for text in texts:
        data = identifier.encode(text)
        expected = visit_counts(
            reference.tk_nextmove, reference._rowbase, reference.tk_output, data
        )
        assert list(identifier.features(data).items()) == list((expected or {}).items())
        assert identifier.walk(data) == identifier.states(data).tolist()
        assert identifier.scores(text).tobytes() == reference._decide(text).tobytes()
        assert identifier.classify(text) == reference.classify(text)
