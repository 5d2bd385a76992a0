"""Named entities: the tagger on our own news-style sentences, outlets as MEDIA, one entity
per referent (spellings, transliterations, surnames), bad input, and ``zufolge eval ner``."""

import json
import random
import re
from itertools import pairwise
from pathlib import Path

import pycrfsuite
import pytest
from click.testing import CliRunner

from zufolge.analyze import analyze, token_texts
from zufolge.clean import verbatim
from zufolge.evaluate.ner import Counts, command, score, score_links
from zufolge.extract.entities import find_entities
from zufolge.extract.entities import tagger as tagger_module
from zufolge.extract.entities.data import _fold_rule, entity_data
from zufolge.extract.entities.features import run_features
from zufolge.extract.entities.link import link_entities
from zufolge.extract.entities.media import Mention
from zufolge.extract.entities.tagger import (
    TokenSpan,
    decode,
    doc_runs,
    model_path,
    open_tagger,
)
from zufolge.extract.entities.train import GoldDoc, GoldSpan, flat, folds
from zufolge.model import Doc, Entity, RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "attribution"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
GERMEVAL = SHARED / "de-ner-germeval2014" / "dev.jsonl"
needs_data = pytest.mark.skipif(
    not GERMEVAL.exists(), reason="../shared/data is not beside the repo"
)


def doc_of(text: str, language: str) -> Doc:
    return analyze(verbatim(RawDocument(path=None, text=text)), language=language)


def entities(text: str, language: str) -> list[Entity]:
    return find_entities(doc_of(text, language))


def by_canonical(found: list[Entity]) -> dict[str, Entity]:
    return {e.canonical: e for e in found}


def mention(text: str, words: str, label: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return Mention(start, start + len(words), 0, label)


# --- the tagger on news-style text ------------------------------------------------------

GERMAN = (
    "Bundeskanzler Olaf Scholz ist am Dienstag nach Paris gereist. Dort traf er den "
    "französischen Präsidenten Emmanuel Macron. Die Deutsche Bank und die Europäische "
    "Zentralbank wollen ihre Gespräche in Frankfurt fortsetzen, sagte ein Sprecher."
)

ENGLISH = (
    "President Joe Biden met Prime Minister Keir Starmer in Washington on Tuesday. "
    "Biden said the United States and Britain would support Ukraine. Shares of General "
    "Motors rose in New York."
)


def test_german_persons_places_and_organisations():
    found = by_canonical(entities(GERMAN, "de"))
    assert found["Olaf Scholz"].label == "PER"
    assert found["Emmanuel Macron"].label == "PER"
    assert found["Paris"].label == "LOC"
    assert found["Deutsche Bank"].label == "ORG"
    assert "Frankfurt" in found


def test_english_persons_places_and_a_surname():
    found = by_canonical(entities(ENGLISH, "en"))
    biden = found["Joe Biden"]
    assert biden.label == "PER"
    assert [m.text for m in biden.mentions] == ["Joe Biden", "Biden"]
    assert found["Keir Starmer"].label == "PER"
    assert found["United States"].label == "LOC"


def test_mentions_are_offsets_into_the_text():
    doc = doc_of(GERMAN, "de")
    for entity in find_entities(doc):
        assert entity.id.startswith("e")
        for m in entity.mentions:
            assert doc.text[m.start : m.end] == m.text


# --- outlets -----------------------------------------------------------------------------


def test_known_and_introduced_outlets_are_media():
    text = (
        "Wie die Nachrichtenagentur Reuters meldete, berichtete auch die Washington Post "
        "über den Vorfall. Die Tageszeitung Dagens Nyheter zitierte einen Beamten."
    )
    found = by_canonical(entities(text, "de"))
    assert found["Reuters"].label == "MEDIA"
    assert found["Washington Post"].label == "MEDIA"
    assert found["Dagens Nyheter"].label == "MEDIA"  # not listed: introduced as a newspaper


def test_outlet_spellings_are_one_outlet():
    text = "Die Chosun Ilbo berichtete zuerst. Später bestätigte die Choson Ilbo den Bericht."
    media = [e for e in entities(text, "de") if e.label == "MEDIA"]
    assert len(media) == 1
    assert media[0].canonical == "Choson Ilbo"
    assert len(media[0].mentions) == 2


def test_a_common_noun_that_names_an_outlet_is_no_outlet_by_itself():
    found = entities("Das Bild zeigt den Rest der Welt.", "de")
    assert not [e for e in found if e.label == "MEDIA"]


# --- one entity per referent -------------------------------------------------------------


def test_transliterations_fold_to_one_key():
    data = entity_data("de")
    assert len({data.fold(n) for n in ("Selenskyj", "Zelensky", "Zelenskyy", "Selensky")}) == 1
    assert data.fold("Wolodymyr Selenskyj") == data.fold("Volodymyr Zelenskyy")
    assert data.fold("Saporischschja") == data.fold("Zaporizhzhia")
    assert data.fold("Kim Jong-un") == data.fold("Kim Jong Un")
    assert data.fold("Kim Jong-un") != data.fold("Kim Yong-hyun")


@pytest.mark.parametrize(
    ("pattern", "replacement"),
    [(r"(\w)\1", r"\1"), (r"(a)?b", r"\1"), (r"^e", "ye"), (r"ia$", "ya"), ("tsch", "ch")],
)
def test_fold_rules_rewrite_as_re_sub_does(pattern, replacement):
    """The fast forms of a rule (str.replace, a lone group as a function) are re.sub's."""
    rule = _fold_rule(pattern, replacement)
    rng = random.Random(7)
    for _ in range(3000):
        word = "".join(rng.choice("aabbeiotsch_1") for _ in range(rng.randint(0, 10)))
        assert rule(word) == re.sub(pattern, replacement, word), word


def test_selenskyj_and_zelensky_are_one_person():
    text = "Wolodymyr Selenskyj sprach in Kiew. Zelensky said later that Selenskyjs aides agreed."
    data = entity_data("de")
    mentions = [
        mention(text, "Wolodymyr Selenskyj", "PER"),
        mention(text, "Kiew", "LOC"),
        mention(text, "Zelensky", "PER"),
        mention(text, "Selenskyjs", "PER"),
    ]
    found = link_entities(text, mentions, data)
    assert [e.label for e in found] == ["PER", "LOC"]
    assert found[0].canonical == "Volodymyr Zelensky"  # the alias file's name
    assert len(found[0].mentions) == 3
    assert found[1].canonical == "Kyiv"


def test_aliases_join_what_no_rule_joins():
    text = "Der Kreml schwieg. Später äußerte sich der Kremlin doch. Nordkorea und North Korea."
    data = entity_data("de")
    mentions = [
        mention(text, "Kreml", "ORG"),
        mention(text, "Kremlin", "LOC"),
        mention(text, "Nordkorea", "LOC"),
        mention(text, "North Korea", "LOC"),
    ]
    found = link_entities(text, mentions, data)
    assert [(e.canonical, len(e.mentions)) for e in found] == [("Kremlin", 2), ("North Korea", 2)]


def test_a_lone_kim_is_the_kim_named_last():
    text = (
        "Machthaber Kim Jong-un schickt Soldaten. Der Verteidigungsminister Kim Yong-hyun "
        "hält das für wahrscheinlich. Kim sagte, der Pakt mit Kim Jong-un sei ein Bündnis."
    )
    found = by_canonical(entities(text, "de"))
    minister = found["Kim Yong-hyun"]
    assert [m.text for m in minister.mentions] == ["Kim Yong-hyun", "Kim"]
    assert len(found["Kim Jong-un"].mentions) == 2


def test_a_surname_before_the_full_name_joins_the_next_full_name():
    text = "Selenskyj: Hilfe kommt. Präsident Wolodymyr Selenskyj sagte das am Abend."
    data = entity_data("de")
    mentions = [mention(text, "Selenskyj", "PER"), mention(text, "Wolodymyr Selenskyj", "PER")]
    found = link_entities(text, mentions, data)
    assert len(found) == 1
    assert [m.text for m in found[0].mentions] == ["Selenskyj", "Wolodymyr Selenskyj"]


def test_organisations_join_their_short_forms_and_initials():
    text = (
        "Lockheed Martin lost to the Government Accountability Office. Lockheed appealed; "
        "the GAO declined. Die Alternative für Deutschland und die AfD sind eine Partei."
    )
    data = entity_data("en")
    mentions = [
        mention(text, "Lockheed Martin", "ORG"),
        mention(text, "Government Accountability Office", "ORG"),
        mention(text, "Lockheed", "ORG", nth=1),
        mention(text, "the GAO", "ORG"),
        mention(text, "Alternative für Deutschland", "ORG"),
        mention(text, "AfD", "ORG"),
    ]
    found = link_entities(text, mentions, data)
    assert [(e.canonical, len(e.mentions)) for e in found] == [
        ("Lockheed Martin", 2),
        ("Government Accountability Office", 2),
        ("Alternative für Deutschland", 2),
    ]


def test_canonical_is_the_fullest_form():
    text = "Anna Berger gewann. Berger lachte. Dr. Anna Maria Berger dankte."
    data = entity_data("de")
    mentions = [
        mention(text, "Anna Berger", "PER"),
        mention(text, "Berger", "PER", nth=1),
        mention(text, "Anna Maria Berger", "PER"),
    ]
    found = link_entities(text, mentions, data)
    assert [e.canonical for e in found] == ["Anna Berger", "Anna Maria Berger"]
    assert [m.text for m in found[0].mentions] == ["Anna Berger", "Berger"]


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("", "de"),
        ("   \n\n ", "en"),
        ("ohne satzzeichen und ohne grossbuchstaben geht es weiter und weiter", "de"),
        ("Berlin Paris London Moskau Kiew Washington Peking Tokio " * 50, "de"),
        ("El presidente Pedro Sánchez habló con la BBC en Madrid.", "other"),
        ("Reuters: „“ – … ©© ))) ((( ''' \"\"", "en"),
    ],
)
def test_bad_input_gives_sensible_output(text: str, language: str):
    found = entities(text, language)
    assert all(e.mentions and e.canonical for e in found)


def test_language_other_keeps_only_sure_outlets():
    found = entities("El presidente Pedro Sánchez habló con la BBC en Madrid.", "other")
    assert [(e.label, e.canonical) for e in found] == [("MEDIA", "BBC")]


def test_five_thousand_sentences_of_recurring_names():
    # Every mention of a recurring name is compared with the others: this must stay
    # near-linear (a quadratic step took seconds here).
    text = "Olaf Scholz sagte der BBC in Berlin, Scholz habe mit der Washington Post gesprochen. "
    found = by_canonical(entities(text * 5000, "de"))
    assert len(found["Olaf Scholz"].mentions) == 10000
    assert len(found["Washington Post"].mentions) == 5000


# --- pieces ---------------------------------------------------------------------------------


def test_decode_bio():
    labels = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-PER"]
    assert decode(labels) == [
        TokenSpan(0, 2, "PER"),
        TokenSpan(3, 4, "LOC"),
        TokenSpan(4, 5, "ORG"),
        TokenSpan(5, 6, "ORG"),
        TokenSpan(6, 7, "PER"),
    ]


def test_flat_keeps_the_innermost_names():
    spans = [GoldSpan(0, 18, "ORG"), GoldSpan(0, 6, "ORG"), GoldSpan(14, 18, "ORG")]
    assert flat(spans) == [GoldSpan(0, 6, "ORG"), GoldSpan(14, 18, "ORG")]


def test_folds_partition_the_documents():
    parts = folds(11, 3)
    assert sorted(i for part in parts for i in part) == list(range(11))
    assert [len(p) for p in parts] == [4, 4, 3]


def test_score_is_exact_match_per_label():
    gold = [GoldDoc("1", "x" * 40, (GoldSpan(0, 5, "PER"), GoldSpan(10, 15, "LOC")))]
    predicted = [[GoldSpan(0, 5, "PER"), GoldSpan(10, 14, "LOC"), GoldSpan(20, 25, "ORG")]]
    counts = score(gold, predicted)
    assert counts["PER"] == Counts(1, 0, 0)
    assert counts["LOC"] == Counts(0, 1, 1)
    assert counts["ORG"] == Counts(0, 1, 0)
    assert counts["micro"] == Counts(1, 2, 1)


def test_linking_is_scored_on_pairs_of_different_spellings():
    text = "Lockheed Martin Lockheed Boeing Boeing Airbus"
    gold = [
        GoldDoc(
            "1",
            text,
            (
                GoldSpan(0, 15, "ORG", "lm"),
                GoldSpan(16, 24, "ORG", "lm"),
                GoldSpan(25, 31, "ORG", "b"),
                GoldSpan(32, 38, "ORG", "b"),
                GoldSpan(39, 45, "ORG", "a"),
            ),
        )
    ]
    ours = [
        [
            GoldSpan(0, 15, "ORG", "e1"),
            GoldSpan(16, 24, "ORG", "e2"),  # split: a false negative
            GoldSpan(25, 31, "ORG", "e3"),
            GoldSpan(32, 38, "ORG", "e4"),  # equal strings: not counted
            GoldSpan(39, 45, "ORG", "e3"),  # Airbus joined to a Boeing: a false positive
        ]
    ]
    assert score_links(gold, ours) == Counts(0, 1, 1)
    assert score_links([GoldDoc("2", text, (GoldSpan(0, 15, "ORG"),))], [[]]) is None


# --- zufolge eval ner ----------------------------------------------------------------------


@needs_data
def test_eval_ner_cross_validates_a_slice():
    args = ["--gold", str(GERMEVAL), "--limit", "200", "--folds", "2", "--iterations", "15"]
    result = CliRunner().invoke(command, [*args, "--json"])
    assert result.exit_code == 0, result.output
    output = json.loads(result.output)
    assert output["documents"] == 200
    assert output["evaluation"].startswith("2-fold cross-validation")
    micro = output["cross_validated"]["micro"]
    assert micro["tp"] + micro["fn"] == output["gold_names"]
    assert 0.2 < micro["f1"] < 1.0
    assert "in_sample_packaged_model" not in output


@needs_data
def test_eval_ner_labels_in_sample_scores():
    args = ["--gold", str(GERMEVAL), "--limit", "60", "--folds", "2", "--iterations", "5"]
    result = CliRunner().invoke(command, [*args, "--in-sample"])
    assert result.exit_code == 0, result.output
    assert "cross-validation" in result.output
    assert "IN-SAMPLE" in result.output


# --- the tagger's scores against crfsuite's ----------------------------------------------


def _crfsuite_labels(language: str, features: list[list[bytes]]) -> list[str]:
    reference = pycrfsuite.Tagger()
    reference.open(str(model_path(language)))
    try:
        return reference.tag(features)
    finally:
        reference.close()


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (GERMAN, "de"),
        (ENGLISH, "en"),
        ((FIXTURES / "de-hafen-bericht.txt").read_text(encoding="utf-8"), "de"),
        ((FIXTURES / "en-ministry.txt").read_text(encoding="utf-8"), "en"),
    ],
)
def test_tagger_labels_equal_crfsuite_on_text(text, language):
    tagger = open_tagger(model_path(language))
    doc = doc_of(text, language)
    forms, runs = doc_runs(doc, entity_data(language), tagger)
    expected = _crfsuite_labels(language, run_features(forms, runs))
    assert tagger.tag_runs(token_texts(doc), forms, runs) == expected
    assert tagger.tag_runs(token_texts(doc), forms, runs) == expected  # rows now cached
    assert tagger.tag(run_features(forms, runs)) == expected


@pytest.mark.parametrize("language", ["de", "en"])
def test_tagger_labels_equal_crfsuite_on_random_features(language, monkeypatch):
    """Made-up forms from the model's own features, made-up runs and sentences; a small
    row cache so that it starts afresh on the way."""
    monkeypatch.setattr(tagger_module, "CACHE_LIMIT", 40)
    tagger = open_tagger(model_path(language))
    known = sorted(name.encode() for name in tagger.vocabulary or ())
    rng = random.Random(11)

    def some() -> tuple[bytes, ...]:
        return tuple(rng.sample(known, rng.randint(0, 12)))

    words = [f"w{i}" for i in range(60)]
    form_of = {w: ("N", False, some(), some(), some()) for w in words}
    for _ in range(30):
        tokens = [rng.choice(words) for _ in range(rng.randint(1, 80))]
        forms = [form_of[t] for t in tokens]
        cuts = sorted({0, len(tokens), *rng.sample(range(len(tokens) + 1), 3)})
        runs = []
        for a, b in pairwise(cuts):  # sentences; runs inside each
            start = a
            while start < b:
                end = rng.randint(start + 1, b)
                if rng.random() < 0.7:
                    runs.append((start, end, a, b))
                start = end
        if not runs:
            continue
        expected = _crfsuite_labels(language, run_features(forms, runs))
        assert tagger.tag_runs(tokens, forms, runs) == expected
