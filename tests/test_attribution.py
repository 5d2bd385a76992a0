"""Attribution on our own fixture articles: sources, chains, kinds, resolution, bad input."""

from pathlib import Path

import pytest

import zufolge
from zufolge.analyze import analyze
from zufolge.clean import verbatim
from zufolge.contract import validate
from zufolge.extract.attribution import _source_trimmed
from zufolge.extract.attribution.cues import Anchor
from zufolge.extract.attribution.lexicon import load
from zufolge.extract.attribution.roles import Labelled
from zufolge.extract.attribution.rules import subject
from zufolge.model import RawDocument, Span

FIXTURES = Path(__file__).parent / "fixtures" / "attribution"


@pytest.fixture(scope="module")
def hafen():
    text = (FIXTURES / "de-hafen-bericht.txt").read_text(encoding="utf-8")
    return zufolge.analyze_text(text, language="de", clean=False)


def _doc_de(text):
    """An analysed German Doc of ``text`` taken verbatim (offsets index ``text``)."""
    return analyze(verbatim(RawDocument(path=None, text=text)), language="de")


def _trimmed(text, source):
    """``_source_trimmed`` on the first occurrence of ``source`` in ``text``."""
    at = text.index(source)
    return _source_trimmed(_doc_de(text), Span(at, at + len(source), source), load("de")).text


def by_message(result, fragment):
    found = [a for a in result["attributions"] if any(fragment in m["text"] for m in a["message"])]
    assert found, f"no attribution with message containing {fragment!r}"
    return found[0]


def test_according_to_report_resolves_outlet_and_chain(hafen):
    a = by_message(hafen, "verhandelt die Reederei")
    assert a["kind"] == "according_to"
    assert [c["text"] for c in a["cue"]] == ["zufolge"]
    assert a["source"]["resolved"] == "Hafenblick"
    assert a["source"]["type"] == "media"
    assert a["chain"] == ["Hafenblick", "hochrangiger Hafenbeamter"]


def test_pronoun_speaking_to_outlet_carries_chain(hafen):
    a = by_message(hafen, "Vertrag noch vor Ende")
    assert a["kind"] == "indirect"
    assert a["source"]["text"] == "Er"
    assert a["source"]["resolved"] == "hochrangiger Hafenbeamter"
    assert a["addressee"]["text"] == "dem Blatt"
    assert a["chain"] == ["Hafenblick", "hochrangiger Hafenbeamter"]


def test_direct_quotes_with_colon_frame_and_discontinuous_cue(hafen):
    first = by_message(hafen, "Die Gespräche sind sehr weit")
    assert first["kind"] == "direct"
    assert first["source"]["resolved"] == "hochrangiger Hafenbeamter"
    second = by_message(hafen, "Niemand im Senat")
    assert " ".join(c["text"] for c in second["cue"]) == "fügte hinzu"
    assert second["source"]["resolved"] == "hochrangiger Hafenbeamter"


def test_laut_organisation(hafen):
    a = by_message(hafen, "Arbeitsplätze betroffen")
    assert a["kind"] == "according_to"
    assert a["source"]["resolved"] == "Verdi"


def test_offsets_index_the_text(hafen):
    text = hafen["document"]["text"]
    for a in hafen["attributions"]:
        for span in [*a["cue"], *a["message"], *a["frame"]]:
            assert text[span["start"] : span["end"]] == span["text"]
        if a["source"] and a["source"]["start"] is not None:
            s = a["source"]
            assert text[s["start"] : s["end"]] == s["text"]
    validate(hafen)


def test_ids_are_unique_and_nested_targets_exist(hafen):
    ids = [a["id"] for a in hafen["attributions"]]
    assert len(ids) == len(set(ids))
    for a in hafen["attributions"]:
        assert a["nested_in"] is None or a["nested_in"] in ids


# Bad input: no crash, sensible output.


def test_unbalanced_quotation_marks():
    text = "„Wir geben nicht auf, sagte der Trainer am Sonntag. Die Mannschaft sei bereit."
    result = zufolge.analyze_text(text, language="de", clean=False)
    validate(result)
    assert all(a["message"] for a in result["attributions"])


def test_five_thousand_sentences_stay_fast():
    import time

    sentence = "Der Sprecher sagte, die Lage sei ernst. Das Wetter war gut. "
    text = sentence * 2500
    started = time.perf_counter()
    result = zufolge.analyze_text(text, language="de", clean=False)
    assert time.perf_counter() - started < 20
    assert len(result["sentences"]) >= 4000
    assert len(result["attributions"]) >= 2000


def test_text_without_punctuation():
    text = " ".join(["der minister sagte die lage sei ernst und alle warten"] * 300)
    result = zufolge.analyze_text(text, language="de", clean=False)
    validate(result)


def test_mixed_german_and_english():
    text = (
        "Der Minister sagte am Montag, die Verhandlungen seien gescheitert.\n\n"
        '"We will not sign this deal," the ambassador told reporters on Tuesday.'
    )
    result = zufolge.analyze_text(text, clean=False)
    validate(result)
    assert result["document"]["language"] in ("de", "en")
    assert result["attributions"]


def _analyze_de(text):
    return zufolge.analyze_text(text, language="de", clean=False)


def test_quotation_inside_indirect_speech_is_its_own_direct_quote():
    result = _analyze_de(
        "Die Richterin sagte, der Angeklagte habe den Kassierer „kaltblütig und geplant“ "
        "bedroht. Das Urteil fällt am Freitag."
    )
    fragments = [
        a for a in result["attributions"] if a["message"][0]["text"] == "„kaltblütig und geplant“"
    ]
    assert len(fragments) == 1
    fragment = fragments[0]
    assert fragment["kind"] == "direct"
    whole = by_message(result, "der Angeklagte habe")
    assert fragment["id"] != whole["id"]
    assert [c["text"] for c in fragment["cue"]] == [c["text"] for c in whole["cue"]]


def test_reported_speech_ending_in_a_quotation_stays_indirect():
    result = _analyze_de(
        "Der Minister sagte, das Abkommen ähnele „einem Bündnis“. Die Sitzung endete am Abend."
    )
    whole = by_message(result, "das Abkommen ähnele")
    assert whole["kind"] == "indirect"
    quoted = [a for a in result["attributions"] if a["message"][0]["text"] == "„einem Bündnis“"]
    assert [a["kind"] for a in quoted] == ["direct"]


def test_single_quoted_word_inside_reported_speech_is_a_direct_quote():
    result = _analyze_de(
        "Der Bürgermeister sagte, die Stadt werde die Pläne „überarbeiten“. "
        "Er habe mit dem „Stadtwerk“ gesprochen."
    )
    quoted = [a["message"][0]["text"] for a in result["attributions"] if a["kind"] == "direct"]
    assert "„überarbeiten“" in quoted
    assert "„Stadtwerk“" not in quoted  # a capitalised single word is mostly a name


def test_passive_citation_names_source_and_outlet():
    result = _analyze_de(
        "Die Zahl der Verletzten ist unklar. Ein Sprecher der Feuerwehr wurde am Abend von der "
        "Lübecker Rundschau mit der Einschätzung zitiert, dass „mindestens zwanzig“ Menschen "
        "behandelt werden mussten."
    )
    a = by_message(result, "Menschen behandelt werden mussten")
    assert a["source"]["text"] == "Ein Sprecher der Feuerwehr"
    assert a["chain"][0] == "Lübecker Rundschau"


def test_dass_clause_after_an_impersonal_cue_is_the_whole_message():
    result = _analyze_de(
        "Die Fabrik liefert seit Monaten Ersatzteile an die Armee, und es wird vermutet, dass "
        "auch Drohnen dort gebaut werden."
    )
    a = by_message(result, "Drohnen dort gebaut")
    assert a["message"][0]["text"].startswith("dass")
    assert a["source"]["text"] is None


@pytest.mark.parametrize(
    ("text", "fragment", "kind", "source"),
    [
        pytest.param(
            "Der Bürgermeister eröffnete die Sitzung. Gleichzeitig betonte er, dass die Stadt "
            "sparen müsse.",
            "die Stadt sparen müsse",
            None,
            "er",
            id="sentence_adverb_is_not_the_source",
        ),
        pytest.param(
            "Die Bürgermeisterin sagte, die Brücke werde im Mai gesperrt. Man wolle sich aber "
            "nicht mit den Pendlern streiten. Das Wetter blieb trocken.",
            "mit den Pendlern streiten",
            "free_indirect",
            "Die Bürgermeisterin",
            id="free_indirect_sentence_with_an_unread_cue_form_goes_on_with_the_speech",
        ),
        pytest.param(
            "Die Bürgermeisterin sagte, die Brücke werde im Mai gesperrt. Dies verlängere die "
            "Fahrzeit der Pendler. Das Wetter blieb trocken.",
            "Fahrzeit der Pendler",
            "free_indirect",
            "Die Bürgermeisterin",
            id="free_indirect_verb_in_e_before_its_object_goes_on_with_the_speech",
        ),
        pytest.param(
            "Die Bürgermeisterin sagte, die Brücke werde im Mai gesperrt. Die Sperrung sei „leider "
            "nicht zu vermeiden“. Das Wetter blieb trocken.",
            "Die Sperrung sei",
            "free_indirect",
            "Die Bürgermeisterin",
            id="free_indirect_sentence_that_quotes_its_end_goes_on_with_the_speech",
        ),
        pytest.param(
            "Laut Innenminister Karl Berger wird die Grenze ab Montag kontrolliert.",
            "Grenze ab Montag",
            None,
            "Innenminister Karl Berger",
            id="preposition_of_an_according_to_cue_is_not_part_of_the_source",
        ),
        pytest.param(
            "Der Streik dauert an. Die Gewerkschaft bemängelt die fehlende Unterstützung der "
            "Landesregierung für die Beschäftigten.",
            "fehlende Unterstützung",
            "reported",
            "Die Gewerkschaft",
            id="reported_act_whose_actor_the_labeller_marked_as_message_keeps_its_actor",
        ),
        pytest.param(
            "Der Sprecher der Bahn sagte, die Strecke werde ab Montag gesperrt. Die Arbeiten "
            "sollen drei Wochen dauern. Das Wetter blieb trocken.",
            "drei Wochen dauern",
            "free_indirect",
            "Der Sprecher der Bahn",
            id="reportive_sollen_after_reported_speech_continues_it",
        ),
        pytest.param(
            "Die Brücke ist gesperrt. Der örtlichen Zeitung sagte Bürgermeisterin Anna Berger: "
            "„Wir bauen die Brücke im Sommer neu.“",
            "im Sommer neu",
            None,
            "Bürgermeisterin Anna Berger",
            id="a_dative_before_the_verb_leaves_the_speaker_after_it",
        ),
    ],
)
def test_statement_kind_and_source(text, fragment, kind, source):
    """German statements whose message contains ``fragment``: their kind (None: any) and the
    source span the text names."""
    a = by_message(_analyze_de(text), fragment)
    if kind is not None:
        assert a["kind"] == kind
    assert a["source"]["text"] == source


def test_time_adverbial_before_the_verb_is_not_the_source():
    result = _analyze_de(
        "Anfang Oktober meldete die Regionalzeitung Nordkurier, dass zwei Fähren ausfallen "
        "würden. Die Reederei schwieg."
    )
    a = by_message(result, "zwei Fähren ausfallen")
    assert "Nordkurier" in a["source"]["text"]


def test_indicative_sentence_after_quotes_is_not_continued_speech():
    result = _analyze_de(
        "„Die Lage ist ernst“, sagte der Sprecher der Feuerwehr. „Wir brauchen mehr Leute.“ "
        "Es ist jedoch nicht möglich, diese Angaben unabhängig zu überprüfen."
    )
    relayed = [a for a in result["attributions"] if a["kind"] != "statement"]
    assert not any("unabhängig zu überprüfen" in m["text"] for a in relayed for m in a["message"])


def test_free_indirect_speech_over_two_sentences_is_one_statement():
    result = _analyze_de(
        "Die Bürgermeisterin sagte, die Brücke werde im Mai gesperrt. Der Verkehr solle über die "
        "Ringstraße laufen. Zudem sei eine Fähre geplant. Das Wetter blieb trocken."
    )
    continued = [a for a in result["attributions"] if a["kind"] == "free_indirect"]
    assert len(continued) == 1
    texts = [m["text"] for m in continued[0]["message"]]
    assert any("Ringstraße" in t for t in texts) and any("Fähre" in t for t in texts)


@pytest.mark.parametrize(
    ("sentence", "continues"),
    [
        ("„Umleitungen“ seien aber schon ausgeschildert.", True),
        ("„Wir schaffen das“ ist seit damals ein Motto in der Stadt.", False),
    ],
)
def test_sentence_opening_with_a_short_quotation_continues_speech_in_its_mood(sentence, continues):
    result = _analyze_de(
        f"Die Bürgermeisterin sagte, die Brücke werde im Mai gesperrt. {sentence} "
        "Das Wetter blieb trocken."
    )
    continued = [a for a in result["attributions"] if a["kind"] == "free_indirect"]
    assert bool(continued) == continues


def test_plural_duerften_after_reported_speech_continues_it():
    result = _analyze_de(
        "Die Bürgermeisterin sagte, die Brücke werde im Mai gesperrt. Die neuen Umleitungen "
        "dürften den Verkehr kaum bremsen. Das Wetter blieb trocken."
    )
    a = by_message(result, "Verkehr kaum bremsen")
    assert a["kind"] == "free_indirect"


def test_quotation_embedded_in_free_indirect_speech_does_not_break_the_run():
    result = _analyze_de(
        "Die Bürgermeisterin sagte, die Brücke werde im Mai gesperrt. Die Sperrung sei aber "
        "„wirklich nicht zu vermeiden“ gewesen. Zudem sei eine Fähre geplant. Das Wetter blieb "
        "trocken."
    )
    continued = [a for a in result["attributions"] if a["kind"] == "free_indirect"]
    assert len(continued) == 1
    assert any("Fähre" in m["text"] for m in continued[0]["message"])


def test_quotation_running_past_the_cue_sentence_is_followed_to_its_end():
    result = _analyze_de(
        "Der Trainer sagte: „Wir haben heute schlecht gespielt. Das muss besser werden. "
        "Am Samstag zählt nur ein Sieg.“ Die Fans pfiffen."
    )
    a = by_message(result, "Wir haben heute schlecht gespielt")
    assert a["message"][-1]["text"].endswith("Am Samstag zählt nur ein Sieg.“")


def test_subject_before_the_cue_stops_at_the_auxiliary():
    text = "Der Betriebsrat hat die Schließung am Montag bestätigt."
    doc = _doc_de(text)
    at = text.index("bestätigt")
    found = subject(doc, 0, Span(at, at + len("bestätigt"), "bestätigt"), load("de"))
    assert found is not None and found.text == "Der Betriebsrat"


def test_separable_particle_after_an_apposition_closes_the_cue():
    from zufolge.extract.attribution.cues import _particle_end

    text = "Damals ging Müller, die Anwältin der Familie, noch davon aus, dass alles gut gehe."
    start = text.index("ging") + len("ging")
    at = _particle_end(text, start, len(text), "aus")
    assert at == text.index("aus,")
    # Only one stretch between commas is skipped: a particle further on is another clause's.
    text = "Er ging heim, weil es regnete, und sah sich einen Film an, der lief aus."
    assert _particle_end(text, text.index("ging") + 4, len(text), "aus") is None


def test_so_before_a_described_speaker_is_a_cue():
    result = _analyze_de(
        "Die Firma streicht 400 Stellen. „Das ist ein Skandal“, so der zuständige "
        "Gewerkschaftssekretär Hans Berger."
    )
    a = by_message(result, "Das ist ein Skandal")
    assert [c["text"] for c in a["cue"]] == ["so"]
    assert a["source"]["text"].endswith("Hans Berger")


def test_message_starting_inside_a_quotation_starts_with_the_sentence():
    from zufolge.extract.attribution import _message_from_sentence_start
    from zufolge.extract.attribution.features import doc_facts

    text = "Die Darstellung sei „nicht zutreffend“, sagte ein Sprecher."
    facts = doc_facts(_doc_de(text))
    words = facts.tokens
    labels = ["O"] * len(words)
    for word, label in (("zutreffend", "Q"), ("“", "Q"), ("sagte", "C"), ("Sprecher", "S")):
        labels[words.index(word)] = label
    anchor = Anchor(tokens=[words.index("sagte")], cls="speech", lemma="sagen", sentence=0)
    labelled = Labelled(anchor, range(len(words)), labels, len(words))
    _message_from_sentence_start(labelled, facts)
    assert [words[i] for i in labelled.tokens("Q")][:3] == ["Die", "Darstellung", "sei"]
    # A message that starts where its quotation does is left as the labeller gave it.
    labels[words.index("„")] = labels[words.index("nicht")] = "Q"
    labelled = Labelled(anchor, range(len(words)), labels, len(words))
    _message_from_sentence_start(labelled, facts)
    assert words[labelled.tokens("Q")[0]] == "„"


@pytest.mark.parametrize(
    ("text", "verb", "addressee"),
    [
        ("Er sagte dem Blatt, dass niemand verletzt sei.", "sagte", "dem Blatt"),
        ("Der Beamte erklärte der Zeitung: „Wir suchen noch.“", "erklärte", "der Zeitung"),
        (
            "Sie sagte der örtlichen Tageszeitung, alles sei gut.",
            "sagte",
            "der örtlichen Tageszeitung",
        ),
        # A person after the verb is its subject, not whom it was said to.
        ("Dann sagte der Sprecher, der Hafen bleibe offen.", "sagte", None),
    ],
)
def test_outlet_right_after_a_speech_verb_is_the_addressee(text, verb, addressee):
    from zufolge.extract.attribution import _outlet_addressee

    found = _outlet_addressee(_doc_de(text), text.index(verb) + len(verb), load("de"))
    assert (found.text if found else None) == addressee


def test_one_statement_per_message():
    from zufolge.extract.attribution import _without_duplicates
    from zufolge.model import Attribution

    text = "Der Sprecher erklärte: „Wir meinen, dass der Plan scheitert.“"
    quote = Span(text.index("„"), len(text), text[text.index("„") :])
    meinen = Span(text.index("meinen"), text.index("meinen") + 6, "meinen")
    erklaerte = Span(text.index("erklärte"), text.index("erklärte") + 8, "erklärte")
    outer = Attribution(id="a1", kind="direct", cue=[erklaerte], source=None, message=[quote])
    # The labeller read the cue inside the quotation as a statement of the whole quotation.
    inner = Attribution(id="a2", kind="direct", cue=[meinen], source=None, message=[quote])
    continued = Attribution(id="a3", kind="free_indirect", cue=[], source=None, message=[quote])
    assert _without_duplicates([outer, inner, continued]) == [outer]
    # A quotation inside a longer message is a statement of its own.
    longer = Span(0, len(text), text)
    whole = Attribution(id="a4", kind="indirect", cue=[erklaerte], source=None, message=[longer])
    assert _without_duplicates([whole, inner]) == [whole, inner]


def test_anaphoric_cue_is_never_part_of_the_message():
    from zufolge.extract.attribution import _keep_cue

    words = [
        "Mehrere",
        "Helfer",
        "sollen",
        "sich",
        "demnach",
        "noch",
        "im",
        "Gebäude",
        "aufhalten",
        ".",
    ]
    cue = words.index("demnach")
    anchor = Anchor(tokens=[cue], cls="according", lemma="demnach", sentence=0)
    labelled = Labelled(anchor, range(len(words)), ["Q"] * (len(words) - 1) + ["O"], len(words))
    assert cue in labelled.tokens("Q")
    _keep_cue(labelled)
    assert labelled.tokens("C") == [cue]
    assert cue not in labelled.tokens("Q")
    assert len(labelled.tokens("Q")) == len(words) - 2


def test_anaphoric_demnach_is_its_own_source_span_standing_for_the_earlier_one():
    result = _analyze_de(
        "Ein Sprecher der Polizei sagte, der Fahrer sei betrunken gewesen. Der Unfall geschah "
        "am Abend. Demnach habe der Wagen die Leitplanke gerammt."
    )
    a = by_message(result, "Leitplanke gerammt")
    assert a["source"]["text"] == "Demnach"
    assert a["source"]["resolved"] == "Sprecher der Polizei"
    alone = by_message(_analyze_de("Demnach sei der Fahrer zu schnell gewesen."), "zu schnell")
    assert alone["source"]["text"] == "Demnach"


def _labelled(doc, text, labels_by_word):
    """A Labelled over the whole text with labels given per word (others O)."""

    words = [text[s:e] for s, e in zip(doc.token_starts, doc.token_ends, strict=True)]
    labels = ["O"] * len(words)
    for word, label in labels_by_word:
        labels[words.index(word)] = label
    anchor = Anchor(tokens=[words.index("sagte")], lemma="sagen", cls="speech", sentence=0)
    return Labelled(anchor, range(len(words)), labels, len(words))


def test_apposition_the_labeller_marked_as_frame_joins_the_source():
    from zufolge.extract.attribution import _with_apposition

    def run(text, labels_by_word):
        doc = _doc_de(text)
        labelled = _labelled(doc, text, labels_by_word)
        span = Span(text.index("Jan"), text.index("Ruhl") + 4, "Jan Ruhl")
        return _with_apposition(doc, labelled, span, len(doc.token_starts), load("de")).text

    text = "Dann sagte Jan Ruhl, Sprecher der Feuerwehr, ohne Zögern, dass niemand verletzt sei."
    frame = [("Sprecher", "F"), ("der", "F"), ("Feuerwehr", "F")]
    source = [("Jan", "S"), ("Ruhl", "S")]
    assert run(text, source + frame) == "Jan Ruhl, Sprecher der Feuerwehr"
    # Not without the labeller's frame label, and not over a relative clause.
    assert run(text, source) == "Jan Ruhl"
    # A frame comma shows where the labeller saw the source end, even when it gave the
    # apposition to the message.
    message = [("Sprecher", "Q"), ("der", "Q"), ("Feuerwehr", "Q")]
    assert run(text, [*source, (",", "F"), *message]) == "Jan Ruhl, Sprecher der Feuerwehr"
    assert run(text, source + message) == "Jan Ruhl"
    text = "Dann sagte Jan Ruhl, der die Feuerwehr leitet, dass niemand verletzt sei."
    frame = [("der", "F"), ("die", "F"), ("Feuerwehr", "F"), ("leitet", "F")]
    assert run(text, source + frame) == "Jan Ruhl"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Nach Schätzung der Behörde fehlen 300 Lehrer.", "Nach"),
        ("Nach einer ersten Meldung brannte das Lager.", "Nach"),
        ("Es gibt Gerüchte, nach denen der Trainer geht.", "nach"),
        ("Im Mai wurde bekannt, dass die Fabrik schließt.", "bekannt"),
        ("Wie gestern bekannt wurde, schließt die Fabrik.", "Wie"),
        ("Die Ministerin zeigte sich besorgt, dass die Preise steigen.", "zeigte sich"),
    ],
)
def test_german_cue_forms_are_anchors(text, cue):
    from zufolge.extract.attribution.cues import find_anchors

    doc = _doc_de(text)
    first_words = {
        text[doc.token_starts[a.tokens[0]] : doc.token_ends[a.tokens[0]]]
        for a in find_anchors(doc, load("de"))
    }
    assert cue.split()[0] in first_words


def test_cue_forms_are_found_whatever_the_case_and_where_lowercasing_shifts_the_text():
    from zufolge.extract.attribution.cues import find_anchors

    def anchors(text):
        doc = _doc_de(text)
        return [
            (text[doc.token_starts[a.tokens[0]] : doc.token_ends[a.tokens[0]]], a.lemma)
            for a in find_anchors(doc, load("de"))
        ]

    assert anchors("SAGTE er, dass er komme?") == [("SAGTE", "sagen")]
    # "İ" lowers to two characters: the forms are then sought in the text itself.
    assert anchors("İzmir: Er sagte, dass er komme.") == [("sagte", "sagen")]


def test_one_scan_for_all_gate_words_gates_the_same_sentences_as_a_search_per_word():
    from zufolge.extract.attribution.cues import _gated_sentences, _gated_sentences_per_pattern

    lexicon = load("de")
    assert lexicon.gate_scan is not None  # German has enough gate words for one scan
    text = (
        "Nach Einschätzung der Polizei war es Brandstiftung. Das ist nicht bekannt. "
        "Berichten zufolge hielt er das für möglich. Nach Angaben der Stadt, so heißt es."
    ).lower()
    starts = [0, 52, 75, 118]
    assert _gated_sentences_per_pattern(text, starts, lexicon) == [
        _gated_sentences(text, starts, pattern.gate) for pattern in lexicon.patterns
    ]


def test_labelled_source_ends_before_an_object_and_after_its_last_noun():
    text = "Wie die Sprecherin der Stadt dem Sender mitteilte, bleibt die Brücke gesperrt."
    assert _trimmed(text, "die Sprecherin der Stadt dem Sender") == "die Sprecherin der Stadt"
    text = "Nach Angaben des Roten Kreuzes wurden viele obdachlos."
    assert _trimmed(text, "Angaben des Roten Kreuzes wurden") == "Angaben des Roten Kreuzes"
    # A genitive continues the source; a relative clause keeps its verb.
    text = "Der Sprecher des Senats sagte, die Sitzung falle aus."
    assert _trimmed(text, "Der Sprecher des Senats") == "Der Sprecher des Senats"
    text = "Die Partei, die in der Stadt regiert, sagte, sie sei zufrieden."
    assert (
        _trimmed(text, "Die Partei, die in der Stadt regiert")
        == "Die Partei, die in der Stadt regiert"
    )


def test_according_to_source_runs_on_over_its_genitive():
    from zufolge.extract.attribution import _with_genitive

    def run(text, source):
        doc = _doc_de(text)
        words = [text[s:e] for s, e in zip(doc.token_starts, doc.token_ends, strict=True)]
        n = len(words)
        at = text.index(source)
        first = next(i for i in range(n) if doc.token_starts[i] == at)
        labels = ["Q"] * n
        labels[first - 1] = "C"
        for i in range(first, first + len(source.split())):
            labels[i] = "S"
        anchor = Anchor(tokens=[first - 1], cls="according", lemma="nach", sentence=0)
        labelled = Labelled(anchor, range(n), labels, n)
        span = Span(at, at + len(source), source)
        return _with_genitive(doc, labelled, span, n, load("de")).text

    text = "Nach einem achtseitigen Bericht des Angestellten fehlt das Geld."
    assert run(text, "einem achtseitigen Bericht") == "einem achtseitigen Bericht des Angestellten"
    # A report with an owner already, or a new subject after it, stays as it is.
    text = "Die Stelle dient laut einer Mitteilung des Amtes der Sicherheit."
    assert run(text, "einer Mitteilung des Amtes") == "einer Mitteilung des Amtes"
    text = "Laut Angaben der zuständige Sprecher tritt zurück."
    assert run(text, "Angaben") == "Angaben"


@pytest.mark.parametrize(
    ("text", "cue", "expected"),
    [
        (
            "Der Minister, der seit 2019 im Amt ist, hatte am Montag angekündigt, er trete zurück.",
            "hatte",
            "Der Minister",
        ),
        ("Dann hatte am Montag die Stadt die Sperrung angekündigt.", "hatte", None),
    ],
)
def test_subject_before_a_relative_clause_and_no_time_adverbial(text, cue, expected):
    doc = _doc_de(text)
    at = text.index(cue)
    found = subject(doc, 0, Span(at, at + len(cue), cue), load("de"))
    assert (found.text if found else None) == expected


def test_a_lone_demonstrative_or_sentence_adverb_is_no_source():
    from zufolge.extract.attribution import _names_someone

    lexicon = load("de")
    assert _names_someone(Span(0, 4, "Dies"), lexicon) is None
    assert _names_someone(Span(0, 9, "Insgesamt"), lexicon) is None
    assert _names_someone(Span(0, 5, "Diese"), lexicon) == Span(0, 5, "Diese")
    assert _names_someone(None, lexicon) is None


def test_a_quoted_lower_case_word_inside_indirect_speech_is_a_direct_quote():
    result = _analyze_de(
        "Die Ministerin sagte, die Lage im Hafen sei „bedrohlich“ und werde geprüft. "
        "Das Wetter blieb trocken."
    )
    quoted = [
        a
        for a in result["attributions"]
        if a["kind"] == "direct" and a["message"][0]["text"] == "„bedrohlich“"
    ]
    assert quoted and quoted[0]["source"]["text"] == "Die Ministerin"


def test_subject_after_the_verb_when_a_demonstrative_comes_first():
    text = "Dies gab das städtische Bauamt am Freitag bekannt."
    doc = _doc_de(text)
    at = text.index("gab")
    found = subject(doc, 0, Span(at, at + 3, "gab"), load("de"))
    assert found is not None and found.text == "das städtische Bauamt"


def test_labelled_source_over_another_clause_keeps_the_side_of_the_anchor():
    from zufolge.extract.attribution import _without_other_clause

    text = "Laut Radio Nord sagte der Bürgermeister, die Straße bleibe gesperrt."
    doc = _doc_de(text)
    n = len(doc.token_starts)
    anchor = Anchor(tokens=[0], cls="according", lemma="laut", sentence=0)
    labelled = Labelled(anchor, range(n), ["O"] * n, n)
    source = "Radio Nord sagte der Bürgermeister"
    at = text.index(source)
    span = _without_other_clause(doc, labelled, Span(at, at + len(source), source), load("de"))
    assert span.text == "Radio Nord"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Berger dankte seinem Team nach dem Spiel und sagte, es sei ein großer Tag.", "Berger"),
        ("Der neue Trainer lobte die Mannschaft und sagte, sie sei bereit.", "Der neue Trainer"),
    ],
)
def test_a_verb_after_und_shares_the_subject_of_the_clause_before(text, expected):
    doc = _doc_de(text)
    at = text.index("sagte")
    found = subject(doc, 0, Span(at, at + 5, "sagte"), load("de"))
    assert found is not None and found.text == expected
    assert subject(doc, 0, Span(at, at + 5, "sagte"), load("de"), shared=False) != found


def test_a_name_the_labeller_cut_is_completed():
    from zufolge.extract.attribution import _with_surname, _without_preposition

    def run(text, source):
        doc = _doc_de(text)
        n = len(doc.token_starts)
        anchor = Anchor(tokens=[n - 2], cls="speech", lemma="sagen", sentence=0)
        labelled = Labelled(anchor, range(n), ["O"] * n, n)
        at = text.index(source)
        span = _with_surname(doc, labelled, Span(at, at + len(source), source), n, load("de"))
        return _without_preposition(span, load("de")).text

    assert run("Das sagte Justizsprecher Joachim Müller heute.", "Justizsprecher Joachim") == (
        "Justizsprecher Joachim Müller"
    )
    assert run("Von der Leyen sagte das heute.", "der Leyen") == "Von der Leyen"
    assert run("Vor der Polizei sagte das heute.", "der Polizei") == "der Polizei"


def test_labelled_source_ends_before_a_new_phrase_or_clause():
    text = "Heute beschreibt ein Reporter des Senders das Ereignis so: „Es war laut.“"
    assert _trimmed(text, "ein Reporter des Senders das Ereignis") == "ein Reporter des Senders"
    text = "So beschrieb ihn der Sprecher der Firma: „Er war fleißig.“"
    assert _trimmed(text, "ihn der Sprecher der Firma") == "der Sprecher der Firma"
    # A capitalised first word of a sentence need not be a noun.
    text = "Falls die Universität zustimmt, beginnt der Bau."
    assert _trimmed(text, "Falls die Universität") == "Falls die Universität"


def test_a_name_before_a_described_source_joins_it():
    from zufolge.extract.attribution import _with_leading_name

    text = "Damals ging Berger, die Anwältin der Familie, davon aus, dass alles gut gehe."
    doc = _doc_de(text)
    n = len(doc.token_starts)
    labels = ["O"] * n
    labels[1] = "C"  # "ging"
    labelled = Labelled(
        Anchor(tokens=[1], cls="cognition", lemma="ausgehen", sentence=0), range(n), labels, n
    )
    source = "die Anwältin der Familie"
    at = text.index(source)
    span = _with_leading_name(doc, labelled, Span(at, at + len(source), source), 0, load("de"))
    assert span.text == "Berger, die Anwältin der Familie"


def test_a_statement_inside_another_message_is_not_the_one_that_speaks_on():
    from zufolge.extract.attribution.sources import _inside_message
    from zufolge.model import Attribution

    text = "Wie Jan Ruhl mitteilte, ist die Brücke nach Ansicht der Ingenieure sicher."
    at = text.index("ist")
    outer = Attribution(
        id="a1",
        kind="indirect",
        cue=[Span(0, 3, "Wie")],
        source=None,
        message=[Span(at, len(text) - 1, text[at:-1])],
    )
    nach = text.index("nach")
    inner = Attribution(
        id="a2", kind="according_to", cue=[Span(nach, nach + 4, "nach")], source=None, message=[]
    )
    assert _inside_message(inner, outer)
    assert not _inside_message(outer, inner)
    assert not _inside_message(inner, None)


@pytest.mark.parametrize(
    ("sentence", "cue", "source"),
    [
        (
            "So warnten Vertreter der Belegschaft vor dem Verlust vieler Stellen.",
            "warnten",
            "Vertreter der Belegschaft",
        ),
        ("Dies gab die Reederei am Montag bekannt.", "gab", "die Reederei"),
        ("Die Reederei gab am Montag ihre Pläne bekannt.", "gab", "Die Reederei"),
        # Not a subject after the verb: a preposition's object, a reflexive, a conjunction.
        ("Am Abend forderte in Hamburg ein Sturm zwei Verletzte.", "forderte", None),
        ("Am Abend meldete sich der Anrufer bei ihnen.", "meldete", None),
    ],
)
def test_subject_after_the_verb(sentence, cue, source):
    text = "Die Werft am Hafen muss schließen. " + sentence
    doc = _doc_de(text)
    at = text.index(cue, text.index(sentence))
    found = subject(doc, text.index(sentence), Span(at, at + len(cue), cue), load("de"))
    assert (found.text if found else None) == source


@pytest.mark.parametrize(
    ("sentence", "subjunctive"),
    [
        ("Er plane nicht, das Werk zu verkaufen.", True),
        ("So bleibe der Hafen auch im Winter offen.", True),
        # An adjective after an article, a past tense, a first person: indicative.
        ("Der zuständige Beamte im Rathaus hat auch keine Erklärung dafür.", False),
        ("Nachdem die städtische Werft bereits geschlossen hat, sinkt die Zahl.", False),
        ("Müller hatte bereits früher im Hafen gearbeitet.", False),
        ("Deshalb lehne ich auch diesen Plan ab.", False),
        ("Dort wurde auch die Fähre nicht beschädigt.", False),
        # A verb in -e before its object: subjunctive; an adverb or conjunction in -e is not.
        ("Dies verlängere die Fahrzeit der Pendler.", True),
        ("Wien verschärfe die Regeln für Händler.", True),
        ("Den Pendlern ständen nur zwei Fähren zur Verfügung.", True),
        ("Die meisten Fahrgäste auf der alten Linie würden umsteigen.", True),
        ("Wie lange die Fähre fährt, ist offen.", False),
        ("Montag sowie die Tage danach sind frei.", False),
    ],
)
def test_konjunktiv_verb_after_a_one_word_subject(sentence, subjunctive):
    from zufolge.extract.attribution.rules import is_subjunctive

    assert is_subjunctive(sentence, load("de")) is subjunctive


def test_reportive_sollen_continues_only_close_to_reported_speech():
    result = _analyze_de(
        "Der Sprecher der Bahn sagte, die Strecke werde ab Montag gesperrt. Der Bahnhof liegt am "
        "Stadtrand. Er wurde 1910 gebaut. Im Sommer regnete es oft. Die neuen Gleise sollen "
        "im Herbst kommen."
    )
    assert not any(
        "neuen Gleise" in m["text"]
        for a in result["attributions"]
        if a["kind"] == "free_indirect"
        for m in a["message"]
    )


def test_reportive_modal_is_the_verb_of_a_main_clause():
    result = _analyze_de("Der Kassenwart soll Gelder des Vereins veruntreut haben.")
    a = by_message(result, "veruntreut")
    assert a["kind"] == "reportive_modal"
    assert [c["text"] for c in a["cue"]] == ["soll"]
    # At the end of a relative clause the modal is no claim of the whole sentence.
    result = _analyze_de("Gesucht werden zwei Männer, die über die Grenze geflohen sein sollen.")
    assert not [a for a in result["attributions"] if a["kind"] == "reportive_modal"]


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("The mayor allegedly knew the money would have been lost.", True),
        ("The mayor allegedly knew the money was lost.", False),  # no perfect infinitive
    ],
)
def test_reportive_modal_in_a_language_without_a_reported_mood(sentence, found):
    """English sentences are split into words only when a perfect infinitive's word occurs."""
    result = zufolge.analyze_text(
        "The city council met on Monday. " + sentence, language="en", clean=False
    )
    kinds = [a["kind"] for a in result["attributions"] if "mayor" in a["message"][0]["text"]]
    assert ("reportive_modal" in kinds) == found


def test_act_followed_by_its_message_keeps_its_cue():
    result = _analyze_de(
        "Die Stadtverwaltung hat am Montag entschieden, dem Betreiber die Genehmigung zu entziehen."
    )
    a = by_message(result, "Genehmigung zu entziehen")
    assert [c["text"] for c in a["cue"]] == ["hat", "entschieden"]
    assert a["source"]["text"] == "Die Stadtverwaltung"


def test_subjunctive_clause_after_the_authors_own_clause_is_the_message():
    result = _analyze_de(
        "Der Sprecher der Bahn sagte, die Strecke werde ab Montag gesperrt. Der Verband hatte "
        "den Standpunkt vertreten, die Sperrung sei zu lang."
    )
    a = by_message(result, "Sperrung sei zu lang")
    assert a["message"][0]["text"] == "die Sperrung sei zu lang"


@pytest.mark.parametrize(
    ("sentence", "clause"),
    [
        ("Der Verband hatte den Standpunkt vertreten, die Sperrung sei zu lang.", "die Sperrung"),
        ("Die Stadt ließ verlauten, dass die Brücke bald fertig sei.", "dass die Brücke"),
        # The subjunctive opens the sentence, or the comma closes its subject or an adverbial.
        ("Die Brücke sei bald fertig, hieß es.", None),
        ("Die Arbeiter, vor allem die älteren, seien müde.", None),
        ("Der Zug hielt lange am Bahnhof, weil ein Signal gestört sei.", None),
    ],
)
def test_reported_clause_after_the_authors_clause(sentence, clause):
    from zufolge.extract.attribution.rules import _reported_clause

    at = _reported_clause(sentence, load("de"))
    assert (sentence[at : at + len(clause)] if at is not None else None) == clause


def test_reported_act_with_complement_clause_says_that_clause():
    result = _analyze_de(
        "Zudem appellierte die Landrätin Mira Vossberg an alle Autofahrer, bei Glatteis auf "
        "unnötige Fahrten zu verzichten. Die Straßen bleiben gesperrt."
    )
    a = by_message(result, "Fahrten zu verzichten")
    assert a["kind"] == "indirect"
    assert [m["text"] for m in a["message"]] == ["bei Glatteis auf unnötige Fahrten zu verzichten"]
    assert [c["text"] for c in a["cue"]] == ["appellierte"]
    assert a["source"]["text"] == "die Landrätin Mira Vossberg"


@pytest.mark.parametrize(
    ("text", "fragment", "kind", "messages"),
    [
        pytest.param(
            "Nach Angaben der Polizei wurden drei Häuser beschädigt; der Sachschaden ist "
            "beträchtlich. Die Straße bleibt gesperrt.",
            "drei Häuser",
            "according_to",
            ["wurden drei Häuser beschädigt"],
            id="according_to_message_ends_at_a_semicolon_before_the_authors_clause",
        ),
        pytest.param(
            "Nach Angaben des Statistischen Landesamts, die am Montag veröffentlicht wurden, sank "
            "die Zahl der Geburten um vier Prozent. Die Behörde zählt jährlich.",
            "Geburten",
            "according_to",
            ["sank die Zahl der Geburten um vier Prozent"],
            id="relative_clause_on_the_source_is_no_part_of_the_message",
        ),
        pytest.param(
            "Als Grund gab die Schule an, der Verein habe die Miete nicht bezahlt. "
            "Der Verein widerspricht.",
            "Miete",
            "indirect",
            ["der Verein habe die Miete nicht bezahlt"],
            id="act_with_its_particle_before_the_comma_says_the_complement_clause",
        ),
    ],
)
def test_statement_kind_and_message_bounds(text, fragment, kind, messages):
    """German statements whose message contains ``fragment``: their kind and exactly the
    message spans (where a message ends or starts)."""
    a = by_message(_analyze_de(text), fragment)
    assert a["kind"] == kind
    assert [m["text"] for m in a["message"]] == messages


def test_message_runs_on_past_a_semicolon_in_the_reported_mood():
    result = _analyze_de(
        "Nach Angaben der Polizei wurden drei Häuser beschädigt; der Sachschaden sei "
        "beträchtlich. Die Straße bleibt gesperrt."
    )
    a = by_message(result, "drei Häuser")
    assert "Sachschaden sei beträchtlich" in a["message"][-1]["text"]


def test_demonstrative_message_takes_the_sentence_before():
    result = _analyze_de(
        "Die Stadtwerke Lindenau erhöhen zum Jahresbeginn die Gaspreise um zwölf Prozent. "
        "Dies gab der Geschäftsführer am Dienstag bekannt. Die Kunden werden schriftlich "
        "informiert."
    )
    a = by_message(result, "Gaspreise")
    assert [m["text"] for m in a["message"]] == [
        "Die Stadtwerke Lindenau erhöhen zum Jahresbeginn die Gaspreise um zwölf Prozent",
        "Dies",
    ]
    assert a["source"]["text"] == "der Geschäftsführer"


def test_drohen_is_an_act_only_as_a_threat():
    risk = _analyze_de(
        "Im Falle einer Verurteilung droht dem Angeklagten eine lange Haftstrafe. "
        "Das Urteil fällt im Mai."
    )
    assert not [a for a in risk["attributions"] if a["kind"] == "reported"]
    threat = _analyze_de(
        "Die Gewerkschaft droht mit einem unbefristeten Streik. Die Gespräche gehen weiter."
    )
    assert by_message(threat, "unbefristeten Streik")["kind"] == "reported"


def test_sprechen_with_someone_is_no_claim():
    talk = _analyze_de(
        "Der Astronaut Kai Berger sprach mit seiner Frau und seinem Sohn. Die Verbindung war gut."
    )
    assert not [a for a in talk["attributions"] if a["kind"] == "reported"]
    claim = _analyze_de("Die Polizei sprach von einem gezielten Anschlag. Die Ermittlungen laufen.")
    assert by_message(claim, "gezielten Anschlag")["kind"] == "reported"


def test_reported_act_message_holds_its_actor():
    # The act is the whole clause ("Die Polizei sprach von …"), as de-news-quotes annotates it;
    # the actor is still the source.
    act = _analyze_de("Die Polizei sprach von einem gezielten Anschlag. Die Ermittlungen laufen.")
    claim = by_message(act, "gezielten Anschlag")
    assert claim["message"][0]["text"].startswith("Die Polizei sprach von")
    assert claim["source"]["text"] == "Die Polizei"
    # A source after the verb is inside the clause already; one apart from it stays apart.
    inverted = _analyze_de("Seit Jahren fordert der Staat die Rückgabe der Krone. Wien lehnt ab.")
    assert by_message(inverted, "Rückgabe der Krone")["message"][0]["text"].startswith("Seit")


def test_according_to_phrase_inside_the_clause_keeps_the_words_before_it():
    from zufolge.extract.attribution import _with_clause_before

    def run(text, phrase, message_from):
        doc = _doc_de(text)
        words = [text[s:e] for s, e in zip(doc.token_starts, doc.token_ends, strict=True)]
        n = len(words)
        first = words.index(phrase.split()[0])
        labels = ["O"] * n
        for i in range(first, first + len(phrase.split())):
            labels[i] = "S"
        labels[words.index("zufolge")] = "C"
        start = words.index(message_from)
        labels[start : n - 1] = ["Q"] * (n - 1 - start)
        anchor = Anchor(
            tokens=[words.index("zufolge")], cls="according", lemma="zufolge", sentence=0
        )
        labelled = Labelled(anchor, range(n), labels, n)
        tokens = _with_clause_before(doc, labelled, labelled.tokens("Q"), 0, load("de"))
        return " ".join(words[i] for i in tokens)

    text = "Unter den Gästen waren Berichten zufolge drei Minister."
    assert run(text, "Berichten", "drei") == "Unter den Gästen waren drei Minister"
    # Inside a noun phrase the according-to phrase qualifies that phrase only.
    text = "Er lobte die Angaben zufolge wirksamen Maßnahmen."
    assert run(text, "Angaben", "wirksamen") == "wirksamen Maßnahmen"


def test_clause_words_the_labeller_took_as_source_join_an_according_to_message():
    from zufolge.extract.attribution import _with_clause_before

    def run(text, source, frame, message_from, cue="zufolge"):
        doc = _doc_de(text)
        words = [text[s:e] for s, e in zip(doc.token_starts, doc.token_ends, strict=True)]
        n = len(words)
        labels = ["O"] * n
        for label, part in (("S", source), ("F", frame)):
            first = words.index(part.split()[0]) if part else 0
            for i in range(first, first + len(part.split())):
                labels[i] = label
        at = words.index(cue)
        labels[at] = "C"
        start = words.index(message_from)
        labels[start : n - 1] = ["Q"] * (n - 1 - start)
        anchor = Anchor(tokens=[at], cls="according", lemma=cue, sentence=0)
        labelled = Labelled(anchor, range(n), labels, n)
        tokens = _with_clause_before(doc, labelled, labelled.tokens("Q"), 0, load("de"))
        source_words = [words[i] for i in labelled.tokens("S")]
        return " ".join(words[i] for i in tokens), " ".join(source_words)

    # The subject and auxiliary before the phrase are the claim's, not its source.
    text = "Die Stadträtin hat eigenen Angaben zufolge mehrere Drohbriefe erhalten."
    assert run(text, "Die Stadträtin hat eigenen Angaben", "", "mehrere") == (
        "Die Stadträtin hat mehrere Drohbriefe erhalten",
        "eigenen Angaben",
    )
    # Frame words before a preposition phrase, a parenthesis on the subject included.
    text = "Der Wirt ( 54 ) musste nach Angaben der Stadt seine Kneipe schließen."
    assert run(text, "Angaben der Stadt", "Der Wirt ( 54 ) musste", "seine", "nach") == (
        "Der Wirt ( 54 ) musste seine Kneipe schließen",
        "Angaben der Stadt",
    )
    # A subordinate clause that opens before the phrase is left as it is.
    text = "Es hieß , dass nach ersten Schätzungen der Schaden hoch sei."
    assert run(text, "ersten Schätzungen", "dass", "der", "nach")[0] == "der Schaden hoch sei"


def test_indirect_speech_cut_inside_a_phrase_runs_to_the_sentence_end():
    from zufolge.extract.attribution import _to_sentence_end

    def run(text, source, message):
        doc = _doc_de(text)
        words = [text[s:e] for s, e in zip(doc.token_starts, doc.token_ends, strict=True)]
        n = len(words)
        labels = ["O"] * n
        at = words.index("sagte")
        labels[at] = "C"
        first = words.index(source.split()[0])
        labels[first : first + len(source.split())] = ["S"] * len(source.split())
        start = words.index(message.split()[0], at)
        labels[start : start + len(message.split())] = ["Q"] * len(message.split())
        anchor = Anchor(tokens=[at], cls="speech", lemma="sagen", sentence=0)
        labelled = Labelled(anchor, range(n), labels, n)
        tokens = _to_sentence_end(doc, labelled, labelled.tokens("Q"), n, load("de"))
        return tokens and " ".join(words[i] for i in tokens)

    text = "Die Ärztin sagte , der Verein Freie Hilfe werde die Kosten übernehmen ."
    assert run(text, "Die Ärztin", "der Verein Freie") == (
        "der Verein Freie Hilfe werde die Kosten übernehmen ."
    )
    # A coordinated clause of the author's stays out, and so does the rest after a stray word.
    text = "Die Ärztin sagte , der Verein zahle und verließ den Saal ."
    assert run(text, "Die Ärztin", "der Verein zahle") is None
    text = "Die Ärztin sagte , der Verein zahle , nannte aber keine Summe ."
    assert run(text, "Die Ärztin", "der Verein zahle , nannte") is None


def test_direct_quotation_cut_after_its_opening_mark_starts_at_the_mark():
    from zufolge.extract.attribution import QUOTE_REGION, _from_quotation_start
    from zufolge.model import Attribution

    text = (
        "Der Trainer war zufrieden. „Wir haben gut gespielt. Die Elf hat Moral gezeigt“, sagte er."
    )
    quotations = [(m.start(), m.end()) for m in QUOTE_REGION.finditer(text)]
    doc = _doc_de(text)

    def run(kind):
        at = text.index("Die Elf")
        end = text.index("“") + 1
        message = [Span(at, end, text[at:end])]
        attribution = Attribution(id="a1", kind=kind, cue=[], source=None, message=message)
        _from_quotation_start(doc, attribution, quotations)
        return attribution.message[0].text

    assert run("direct") == "„Wir haben gut gespielt. Die Elf hat Moral gezeigt“"
    # Reported speech inside a quotation is a statement of its own: it keeps its start.
    assert run("indirect") == "Die Elf hat Moral gezeigt“"


def test_indirect_speech_after_its_cue_leaves_the_clause_words_before_the_cue():
    from zufolge.extract.attribution import _without_frame_before_cue

    def run(text, cue, message):
        doc = _doc_de(text)
        words = [text[s:e] for s, e in zip(doc.token_starts, doc.token_ends, strict=True)]
        n = len(words)
        labels = ["Q" if w in message.split() else "O" for w in words]
        at = words.index(cue)
        labels[at] = "C"
        anchor = Anchor(tokens=[at], cls="speech", lemma="sagen", sentence=0)
        labelled = Labelled(anchor, range(n), labels, n)
        tokens = _without_frame_before_cue(doc, labelled, labelled.tokens("Q"), 0)
        return " ".join(words[i] for i in tokens)

    text = "Bei einem Besuch in Kiel sagte die Ministerin , der Hafen werde ausgebaut ."
    message = "Bei einem Besuch in Kiel der Hafen werde ausgebaut"
    assert run(text, "sagte", message) == "der Hafen werde ausgebaut"
    # A cue set off by commas inside the message keeps both parts.
    text = "Der Hafen werde , so sagte die Ministerin , bald ausgebaut ."
    message = "Der Hafen werde bald ausgebaut"
    assert run(text, "sagte", message) == "Der Hafen werde bald ausgebaut"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "Der Stadtrat tagte am Montag. Ihm wird vorgeworfen, die Kosten verschwiegen zu haben.",
            "die Kosten verschwiegen",
        ),
        (
            "Der Stadtrat tagte am Montag. Dem Kämmerer wird vorgeworfen, Gelder veruntreut zu "
            "haben.",
            "Gelder veruntreut",
        ),
    ],
)
def test_a_dative_at_the_start_is_no_actor_of_a_reported_act(text, fragment):
    a = by_message(_analyze_de(text), fragment)
    assert a["kind"] == "reported"
    assert a["source"] is None or not a["source"].get("text")


def test_a_lower_case_dative_after_a_preposition_may_still_be_a_source():
    from zufolge.extract.attribution import _dative

    text = "In einem Schreiben seiner Anwälte"
    assert not _dative(Span(3, len(text), text[3:]), load("de"))
    assert _dative(Span(0, 3, "Ihm"), load("de"))


@pytest.mark.parametrize(
    ("between", "expected"),
    [
        ("Das Verkehrsministerium sieht dagegen keine Gefahr.", "Das Verkehrsministerium"),
        ("Der Regen hörte am Abend auf.", "Der Bürgermeister"),
    ],
)
def test_free_indirect_speech_after_an_authors_sentence_is_from_its_subject(between, expected):
    result = _analyze_de(
        f"Der Bürgermeister sagte, die Brücke sei marode. {between} "
        "Die Brücke könne noch Jahre genutzt werden."
    )
    a = by_message(result, "noch Jahre genutzt")
    assert a["kind"] == "free_indirect"
    assert a["source"]["text"] == expected
    assert not a["frame"]  # the source is in the sentence before


@pytest.mark.parametrize(
    ("sentence", "fragment"),
    [
        (
            "Der Kommission wird eine gezielte Verschleppung der Auszählung vorgeworfen.",
            "gezielte Verschleppung",
        ),
        ("Die Männer wurden beschuldigt, Stimmzettel gefälscht zu haben.", "Stimmzettel"),
    ],
)
def test_the_subject_of_a_passive_act_is_not_its_actor(sentence, fragment):
    a = by_message(_analyze_de(f"Die Wahl verzögert sich. {sentence}"), fragment)
    assert a["kind"] == "reported"
    assert a["source"] is None or not a["source"].get("text")


@pytest.mark.parametrize(
    ("sentence", "fragment", "expected"),
    [
        (
            "So heißt es in einer Erklärung des Verbands: „Die Pläne sind nicht durchdacht.“",
            "nicht durchdacht",
            "einer Erklärung des Verbands",
        ),
        (
            "In der Mitteilung hieß es, die Pläne seien nicht durchdacht.",
            "nicht durchdacht",
            "der Mitteilung",
        ),
    ],
)
def test_the_document_next_to_heisst_es_is_the_source(sentence, fragment, expected):
    result = _analyze_de(f"Der Verband hat den Plan kritisiert. {sentence}")
    a = by_message(result, fragment)
    assert a["source"]["text"] == expected


@pytest.mark.parametrize(
    ("text", "cue", "inside"),
    [
        (
            "Trotz der Mängel, die heftig kritisiert worden waren, plant das Amt nichts.",
            "kritisiert",
            True,
        ),
        ("Die Behörde, die den Fall prüft, kritisierte den Plan.", "kritisierte", False),
        ("Die Prüfer kritisierten, die Kosten seien zu hoch.", "kritisierten", False),
    ],
)
def test_a_cue_inside_a_relative_clause(text, cue, inside):
    from zufolge.extract.attribution import _in_relative_clause

    doc = _doc_de(text)
    n = len(doc.token_starts)
    at = doc.token_starts.index(text.index(cue))
    anchor = Anchor(tokens=[at], cls="act", lemma=cue, sentence=0)
    labelled = Labelled(anchor, range(n), ["O"] * n, n)
    assert _in_relative_clause(doc, labelled, load("de")) is inside


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Bürgermeisterin Anna Berger an die Anwohner", "Bürgermeisterin Anna Berger"),
        (
            "Studierende, die an der Universität lernen",
            "Studierende, die an der Universität lernen",
        ),
        ("der Verband", "der Verband"),
    ],
)
def test_a_source_ends_before_whom_it_addresses(source, expected):
    from zufolge.extract.attribution import _without_addressee

    assert _without_addressee(Span(0, len(source), source), load("de")).text == expected


def test_the_agent_of_a_passive_act_is_its_actor():
    a = by_message(
        _analyze_de("Die Wahl verzögert sich. Ihm wird von den Prüfern Betrug vorgeworfen."),
        "Betrug vorgeworfen",
    )
    assert a["kind"] == "reported"
    assert a["source"]["text"] == "den Prüfern"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("die Ärztin, die in einem Interview mit dem Sender", "die"),
        ("der Kläger, der Ingenieur Paul Graf", "der Kläger, der Ingenieur Paul Graf"),
    ],
)
def test_a_source_running_into_a_relative_clause_with_the_cue_is_the_pronoun(source, expected):
    from zufolge.extract.attribution import _relative_speaker

    text = f"{source} erklärte, es gehe ihr gut."
    at = text.index("erklärte")
    span = _relative_speaker(
        _doc_de(text), Span(0, len(source), source), [Span(at, at + 8, "erklärte")], load("de")
    )
    assert span.text == expected


@pytest.mark.parametrize(
    ("language", "span", "expected"),
    [
        # The name before an apposition, not a name inside it ("… Partei Hongkongs").
        ("de", "Jan Ruhl, der Gründer der Freien Partei Hafenstadts", ("Jan Ruhl", "person")),
        ("de", "Mara Vogt, Sprecherin der Stadtwerke Nordhafen", ("Mara Vogt", "official")),
        ("en", "Tom Reed, a spokesman for Harbour Lines", ("Tom Reed", "official")),
        # Names listed with commas are no apposition: the old description stands.
        ("de", "Hafenblick, Nordkurier oder Seebote", None),
    ],
)
def test_a_name_before_an_apposition_is_the_source(language, span, expected):
    from zufolge.extract.attribution.sources import describe, source_data

    resolved, kind, _, is_name = describe(span, source_data(language))
    if expected is None:
        assert resolved != span.split(",")[0]
    else:
        assert (resolved, kind, is_name) == (*expected, True)


def test_a_quotation_after_a_colon_is_a_direct_quote_of_the_clause_before():
    text = (
        "Am Sonntag kam es in der Innenstadt zu einem Angriff. Die Nordsee-Zeitung zitiert "
        "einen Augenzeugen mit den Worten: „Der Mann ist in die Menge gefahren. Dann ist er "
        "weitergelaufen.“ Die Polizei nahm den Täter fest.\n\n"
        "Der Bürgermeister Jan Ruhl schloss sich dieser Einschätzung mit den Worten an: „Wir "
        "müssen handeln. Wir haben keine Wahl.“"
    )
    result = zufolge.analyze_text(text, language="de", clean=False)
    witness = by_message(result, "in die Menge gefahren")
    assert witness["kind"] == "direct"
    assert witness["message"][0]["text"].endswith("weitergelaufen.“")  # over two sentences
    assert witness["chain"] == ["Nordsee-Zeitung", "Augenzeugen"]
    mayor = by_message(result, "Wir haben keine Wahl")
    assert mayor["kind"] == "direct"
    assert mayor["source"]["resolved"] == "Jan Ruhl"
    assert mayor["frame"][0]["text"].startswith("Der Bürgermeister Jan Ruhl schloss")


def test_an_outlet_after_a_speech_verb_and_an_adverb_is_the_addressee():
    text = (
        "Die Bürgermeisterin Jana Brand sagte hierzu der Nordsee-Zeitung, dass der Hafen bis "
        "zum Sommer offen bleibe. Der Sprecher der Stadt sagte gegenüber dem Blatt, man prüfe alle "
        "Pläne."
    )
    result = zufolge.analyze_text(text, language="de", clean=False)
    assert by_message(result, "bis zum Sommer")["addressee"]["text"] == "der Nordsee-Zeitung"
    assert by_message(result, "prüfe alle Pläne")["addressee"]["text"] == "dem Blatt"


@pytest.mark.parametrize("language", ["de", "en"])
def test_source_noun_stem_is_the_stem_ending_last_and_longest(language):
    """The reversed-trie search finds what trying every stem with rfind finds: the stem that
    ends last in the word, of those the longest, its type the first listed."""
    import random

    from zufolge.extract.attribution.sources import source_data

    data = source_data(language)

    def by_every_stem(token: str) -> tuple[str, str] | None:
        low = token.lower()
        best = None
        for kind, stems in data.noun_types:
            for stem in stems:
                at = low.rfind(stem)
                if at >= 0 and (best is None or (at + len(stem), len(stem)) > best[:2]):
                    best = (at + len(stem), len(stem), kind, stem)
        return (best[2], best[3]) if best else None

    stems = [stem for _, listed in data.noun_types for stem in listed]
    pieces = [*stems, "ab", "Er", "s", "en", "-", "x", "ÄÖ", "ion", "man"]
    rng = random.Random(7)
    words = [
        "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))).capitalize()
        for _ in range(3000)
    ]
    for word in [*stems, *words]:
        assert data._find_stem(word) == by_every_stem(word), word


@pytest.mark.parametrize("language", ["de", "en"])
def test_outlet_trie_finds_what_the_alternation_by_length_finds(language):
    """Known outlets in a source are found by a trie; it gives the match the flat
    alternation, longest spelling first, gives."""
    import random
    import re

    from zufolge.extract.attribution.sources import source_data

    data = source_data(language)
    names = sorted(data.outlets, key=len, reverse=True)
    flat = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    pieces = [*names, " ", "der ", "the ", "s", "-", "x", ",", "Zeitung", "News"]
    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        expected = [m.span() for m in flat.finditer(text)]
        assert [m.span() for m in data.outlet_regex.finditer(text)] == expected, text


def test_spans_of_one_token_and_of_runs():
    """A one-token run is that token's span (even over a line break before the next token);
    longer runs split at line breaks between their tokens."""
    from zufolge.extract.attribution import _spans

    doc = analyze(verbatim(RawDocument(path=None, text="Er sagte:\n„Wir kommen.“")), language="de")
    text, starts, ends = doc.text, doc.token_starts, doc.token_ends
    assert _spans(doc, []) == []
    for i in range(len(starts)):
        assert _spans(doc, [i]) == [Span(starts[i], ends[i], text[starts[i] : ends[i]])]
    everything = _spans(doc, list(range(len(starts))))
    assert [s.text for s in everything] == ["Er sagte:", "„Wir kommen.“"]


def test_embedded_quote_pattern_finds_what_the_lazy_pattern_finds():
    """The embedded-quotation pattern runs greedily to its closing mark; it finds what the
    plain lazy form finds, also around the 600-character limit and with "‘" inside."""
    import random
    import re

    from zufolge.extract.attribution import _EMBEDDED_QUOTE

    lazy = re.compile(r'[„»"‚]\s*[^\s„“”"»«]+\s+[^„“”"»«]{1,600}?[“”"«‘]')
    rng = random.Random(5)
    pieces = [*'„“”"»«‚‘›‹', " ", " ", "\n", ",", ".", "a", "Wort", "sagte er"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 24))) for _ in range(20000)]
    for k in (598, 599, 600, 601):
        for inner in ("", "‘", " ‘ ", "„", "»", "“"):
            texts += [f'"a {inner}{"b" * k}"', f"„ a  {'b' * (k // 2)}{inner}{'c' * (k // 2)}“"]
    for text in texts:
        expected = [m.span() for m in lazy.finditer(text)]
        assert [m.span() for m in _EMBEDDED_QUOTE.finditer(text)] == expected, text


@pytest.mark.parametrize("language", ["de", "en"])
def test_cue_form_scans_find_what_the_look_behind_pattern_finds(language):
    """The two scans for cue forms (after a space, after another non-word character) find
    what one look-behind pattern over the whole text finds."""
    import random

    lexicon = load(language)
    scan = lexicon.lowered_forms
    assert scan.after_space is not None  # the bench languages' forms are words
    forms = [form for form in lexicon.forms if form == form.lower()]
    rng = random.Random(9)
    pieces = [*rng.sample(forms, 40), " ", " ", "\n", "-", "„", ".", ", ", "x", "_", "3", "ü"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert scan.spans(text) == [m.span() for m in scan.whole.finditer(text)], text
