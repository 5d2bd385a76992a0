"""Certainty and stance: hedges, beliefs, verification notes and their scope, denials and
ratings with their targets, the author's own statements, bad input, and the two eval commands.

Most cases build attributions by hand, so they test ``assess`` and not the attribution
extractor; a few run the whole pipeline on short articles of our own.
"""

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from zufolge.analyze import analyze
from zufolge.clean import verbatim
from zufolge.evaluate import COMMANDS
from zufolge.evaluate.certainty import DEFAULT_GOLD, GoldStatement, load_article, overlap_f1
from zufolge.evaluate.certainty import command as certainty_command
from zufolge.extract.attribution import extract_attributions
from zufolge.extract.certainty import (
    LEVELS,
    assess,
    certainty_data,
    find_cues,
    first_words,
)
from zufolge.model import Attribution, Doc, Paragraph, RawDocument, Source, Span

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SPECIMEN = SHARED / "specimen" / "scraped-article-de.txt"
MEANTIME = SHARED / "data" / "en-news-meantime" / "factuality.jsonl"


def make_doc(text: str, language: str = "de", **article: object) -> Doc:
    return analyze(verbatim(RawDocument(path=None, text=text, **article)), language=language)


def span(doc: Doc, words: str, after: int = 0) -> Span:
    start = doc.text.index(words, after)
    return Span(start, start + len(words), words)


def relayed(
    doc: Doc,
    id: str,
    message: str,
    frame: str = "",
    source: str = "Quelle",
    *,
    kind: str = "indirect",
    type: str = "person",
    chain: list[str] | None = None,
    nested_in: str | None = None,
) -> Attribution:
    return Attribution(
        id=id,
        kind=kind,
        cue=[],
        source=Source(None, source, type),
        message=[span(doc, message)],
        frame=[span(doc, frame)] if frame else [],
        chain=chain or [source],
        nested_in=nested_in,
    )


def by_id(out: list[Attribution]) -> dict[str, Attribution]:
    return {a.id: a for a in out}


def level_of_sentence(out: list[Attribution], doc: Doc, words: str) -> str:
    """The level of the author's statement holding ``words``."""
    at = doc.text.index(words)
    (statement,) = [
        a for a in out if a.kind == "statement" and a.message[0].start <= at < a.message[0].end
    ]
    return statement.certainty.level


# ------------------------------------------------------------------ levels of author statements


@pytest.mark.parametrize(
    ("sentence", "level", "cue"),
    [
        ("Die Täter sind offenbar über das Dach geflohen.", "probable", "offenbar"),
        ("Der Zug dürfte erst am Abend wieder fahren.", "probable", "dürfte"),
        ("Der Schaden ist vermutlich höher als gedacht.", "probable", "vermutlich"),
        ("Möglicherweise war ein Kurzschluss die Ursache.", "possible", "Möglicherweise"),
        ("Der Streik könnte bis Freitag dauern.", "possible", "könnte"),
        ("Der Mann soll die Kasse geplündert haben.", "reported", "soll"),
        ("Der angebliche Zeuge meldete sich nie.", "unverified", "angebliche"),
        ("Die Brücke wurde am Morgen gesperrt.", "asserted", None),
    ],
)
def test_german_hedges_set_the_level_of_an_author_statement(sentence, level, cue):
    doc = make_doc(sentence)
    (statement,) = assess(doc, [])
    assert statement.id == "s1" and statement.kind == "statement"
    assert statement.certainty.level == level
    assert [c.text for c in statement.certainty.cues] == ([cue] if cue else [])


@pytest.mark.parametrize(
    ("sentence", "level"),
    [
        ("The suspect reportedly fled the country.", "reported"),
        ("The suspect allegedly fled the country.", "unverified"),
        ("The suspect apparently fled the country.", "probable"),
        ("The strike will likely last until Friday.", "probable"),
        ("The strike may last until Friday.", "possible"),
        ("The strike might last until Friday.", "possible"),
        ("The bridge was closed in May.", "asserted"),
    ],
)
def test_english_hedges(sentence, level):
    doc = make_doc(sentence, "en")
    (statement,) = assess(doc, [])
    assert statement.certainty.level == level


def test_the_most_doubtful_cue_decides_and_names_itself():
    doc = make_doc("Die Polizei bestätigte, dass der Täter möglicherweise bewaffnet war.")
    police = relayed(
        doc, "a1", "dass der Täter möglicherweise bewaffnet war", "Die Polizei bestätigte,"
    )
    (a1,) = assess(doc, [police])
    assert a1.certainty.level == "possible"
    assert [c.text for c in a1.certainty.cues] == ["möglicherweise"]


def test_relayed_statements_default_to_reported_and_confirmations_to_asserted():
    doc = make_doc(
        "Der Sprecher sagte, die Straße sei frei. Die Polizei bestätigte, dass sie frei sei."
    )
    said = relayed(doc, "a1", "die Straße sei frei", "Der Sprecher sagte,")
    confirmed = relayed(doc, "a2", "dass sie frei sei", "Die Polizei bestätigte,")
    out = by_id(assess(doc, [said, confirmed]))
    assert out["a1"].certainty.level == "reported" and out["a1"].certainty.cues == []
    assert out["a2"].certainty.level == "asserted"
    assert [c.text for c in out["a2"].certainty.cues] == ["bestätigte"]


def test_a_confirmation_inside_the_message_is_not_the_sources_own():
    # "Er" does not confirm anything: he says that the police did.
    doc = make_doc("Er sagte, die Polizei habe den Vorfall bestätigt.")
    he = relayed(doc, "a1", "die Polizei habe den Vorfall bestätigt", "Er sagte,")
    (a1,) = assess(doc, [he])
    assert a1.certainty.level == "reported"


# ------------------------------------------------------------------ anonymous belief


@pytest.mark.parametrize(
    ("text", "frame", "message"),
    [
        (
            "Es wird vermutet, dass die Firma Steuern hinterzogen hat.",
            "Es wird vermutet,",
            "dass die Firma Steuern hinterzogen hat",
        ),
        (
            "Es wird auch angenommen, dass der Konzern Stellen abbaut.",
            "Es wird auch angenommen,",
            "dass der Konzern Stellen abbaut",
        ),
        (
            "Experten vermuten, dass die Preise weiter steigen.",
            "Experten vermuten,",
            "dass die Preise weiter steigen",
        ),
    ],
)
def test_anonymous_belief_is_possible(text, frame, message):
    doc = make_doc(text)
    belief = relayed(doc, "a1", message, frame, source="", type="anonymous", chain=[])
    (a1,) = assess(doc, [belief])
    assert a1.certainty.level == "possible"


def test_anonymous_belief_in_english():
    doc = make_doc("It is believed that the fire was started deliberately.", "en")
    (statement,) = assess(doc, [])
    assert statement.certainty.level == "possible"


# ------------------------------------------------------------------ verification notes


NOTE_ARTICLE = """Laut Feuerwehr brannte die Halle vollständig aus. Die Polizei sperrte die Straße.

Die Lokalzeitung „Nordbote“ berichtete, in der Halle seien Chemikalien gelagert worden. Ein Mitarbeiter sagte dem Blatt, der Alarm sei zu spät ausgelöst worden.

Diese Angaben ließen sich nicht unabhängig überprüfen. Der Bürgermeister kündigte eine Untersuchung an."""  # noqa: E501


def note_article() -> tuple[Doc, list[Attribution]]:
    doc = make_doc(NOTE_ARTICLE)
    fire = relayed(doc, "a1", "brannte die Halle vollständig aus", "Laut Feuerwehr", "Feuerwehr")
    paper = relayed(
        doc,
        "a2",
        "in der Halle seien Chemikalien gelagert worden",
        "Die Lokalzeitung „Nordbote“ berichtete,",
        "Nordbote",
        type="media",
    )
    worker = relayed(
        doc,
        "a3",
        "der Alarm sei zu spät ausgelöst worden",
        "Ein Mitarbeiter sagte dem Blatt,",
        "Mitarbeiter",
        chain=["Nordbote", "Mitarbeiter"],
    )
    mayor = relayed(
        doc,
        "a4",
        "kündigte eine Untersuchung an",
        "Der Bürgermeister",
        "Bürgermeister",
        kind="reported",
    )
    return doc, [fire, paper, worker, mayor]


def test_a_verification_note_marks_the_preceding_statements_of_its_source_chain_only():
    doc, attributions = note_article()
    out = by_id(assess(doc, attributions))
    assert out["a2"].certainty.level == "unverified"  # the newspaper's report
    assert out["a3"].certainty.level == "unverified"  # its source, cited through it
    assert out["a2"].certainty.cues[0].text.startswith("nicht unabhängig überprüfen")
    # an earlier statement of another source, the author's own, and what follows: untouched
    assert out["a1"].certainty.level == "reported"
    assert out["a4"].certainty.level == "reported"
    assert level_of_sentence(list(out.values()), doc, "Die Polizei sperrte") == "asserted"
    # the note itself is the author's assertion that nobody could check
    assert level_of_sentence(list(out.values()), doc, "Diese Angaben") == "asserted"


def test_a_note_looks_back_no_further_than_a_subheading():
    text = (
        "Die Zeitung meldete, der Minister trete zurück.\n\nNeue Lage\n\n"
        "Die Zeitung meldete außerdem, sein Sprecher gehe auch. Das ließ sich nicht überprüfen."
    )
    article = verbatim(RawDocument(path=None, text=text))
    first, heading, last = article.paragraphs
    article.paragraphs = [first, Paragraph(heading.start, heading.end, "subheading"), last]
    doc = analyze(article, language="de")
    earlier = relayed(doc, "a1", "der Minister trete zurück", "Die Zeitung meldete,", "Zeitung")
    later = relayed(
        doc, "a2", "sein Sprecher gehe auch", "Die Zeitung meldete außerdem,", "Zeitung"
    )
    out = by_id(assess(doc, [earlier, later]))
    assert out["a2"].certainty.level == "unverified"
    assert out["a1"].certainty.level == "reported"  # same paper, but before the subheading
    # without the subheading, the note covers the paper's statements in both paragraphs
    plain = make_doc(text)
    earlier = relayed(plain, "a1", "der Minister trete zurück", "Die Zeitung meldete,", "Zeitung")
    later = relayed(
        plain, "a2", "sein Sprecher gehe auch", "Die Zeitung meldete außerdem,", "Zeitung"
    )
    out = by_id(assess(plain, [earlier, later]))
    assert out["a1"].certainty.level == out["a2"].certainty.level == "unverified"


def test_a_note_without_a_reference_word_marks_its_own_statement():
    doc = make_doc(
        "Laut Behörden starben zwölf Menschen. Die Zahl der Verletzten ist bislang nicht bestätigt."
    )
    officials = relayed(doc, "a1", "starben zwölf Menschen", "Laut Behörden", "Behörden")
    out = assess(doc, [officials])
    assert by_id(out)["a1"].certainty.level == "reported"
    assert level_of_sentence(out, doc, "Die Zahl der Verletzten") == "unverified"


def test_english_note_on_the_claims_and_not_on_later_statements():
    doc = make_doc(
        "The Courier reported that the mayor had resigned. "
        "The claims could not be independently verified. "
        "A spokesman said the mayor was on holiday.",
        "en",
    )
    paper = relayed(doc, "a1", "that the mayor had resigned", "The Courier reported", "Courier")
    spokesman = relayed(doc, "a2", "the mayor was on holiday", "A spokesman said", "spokesman")
    out = assess(doc, [paper, spokesman])
    assert by_id(out)["a1"].certainty.level == "unverified"
    assert by_id(out)["a2"].certainty.level == "reported"
    assert level_of_sentence(out, doc, "The claims") == "asserted"


def test_longest_match_wins_a_verification_note_is_no_confirmation():
    data = certainty_data("de")
    text = "Es ist nicht möglich, diese Informationen unabhängig zu bestätigen."
    (cue,) = find_cues(text, data)
    assert cue.rule.level == "unverified" and cue.rule.scope == "note"
    assert text[cue.start : cue.end].startswith("nicht möglich")


# ------------------------------------------------------------------ denials, ratings, targets


RATING_ARTICLE = """Einem Bericht der Tageszeitung „Morgenpost“ zufolge sollen Soldaten aus dem Nachbarland an der Grenze stationiert sein. Die Zeitung beruft sich auf einen Offizier.

Ein Sprecher des Innenministeriums sagte, man beobachte die Lage. Der Verteidigungsminister bezeichnete den Bericht als „glaubwürdig“.

Während die Opposition über die Berichte über stationierte Soldaten besorgt war, bezeichnete die Regierung des Nachbarlands diese als „Propaganda“."""  # noqa: E501


def rating_article() -> tuple[Doc, list[Attribution]]:
    doc = make_doc(RATING_ARTICLE)
    paper = relayed(
        doc,
        "a1",
        "sollen Soldaten aus dem Nachbarland an der Grenze stationiert sein",
        "Einem Bericht der Tageszeitung „Morgenpost“ zufolge",
        "Morgenpost",
        kind="according_to",
        type="media",
    )
    ministry = relayed(
        doc, "a2", "man beobachte die Lage", "Ein Sprecher des Innenministeriums sagte,", "Sprecher"
    )
    minister = relayed(
        doc,
        "a3",
        "„glaubwürdig“",
        "Der Verteidigungsminister bezeichnete den Bericht als",
        "Verteidigungsminister",
        kind="direct",
    )
    neighbour = relayed(
        doc,
        "a4",
        "„Propaganda“",
        "bezeichnete die Regierung des Nachbarlands diese als",
        "Regierung des Nachbarlands",
        kind="direct",
        type="government",
    )
    return doc, [paper, ministry, minister, neighbour]


def test_an_assessment_supports_the_report_it_names():
    doc, attributions = rating_article()
    out = by_id(assess(doc, attributions))
    assert out["a3"].stance is not None
    assert (out["a3"].stance.polarity, out["a3"].stance.target) == ("supports", "a1")
    assert out["a3"].certainty.level == "probable"


def test_a_denial_is_denied_and_targets_the_report_it_rates():
    doc, attributions = rating_article()
    out = by_id(assess(doc, attributions))
    assert out["a4"].certainty.level == "denied"
    assert (out["a4"].stance.polarity, out["a4"].stance.target) == ("denies", "a1")
    # the report itself, and a statement that rates nothing, carry no stance
    assert out["a1"].stance is None and out["a2"].stance is None


def test_a_denial_in_a_headline_targets_the_report_cited_later():
    doc = make_doc(
        "Ministerium dementiert Bericht über Stellenabbau\n\n"
        "Die Zeitung „Kurier“ hatte gemeldet, das Ministerium streiche 500 Stellen.",
    )
    denial = relayed(
        doc,
        "a1",
        "Ministerium dementiert Bericht über Stellenabbau",
        source="Ministerium",
        kind="reported",
    )
    denial.cue = [span(doc, "dementiert")]
    paper = relayed(
        doc,
        "a2",
        "das Ministerium streiche 500 Stellen",
        "Die Zeitung „Kurier“ hatte gemeldet,",
        "Kurier",
    )
    out = by_id(assess(doc, [denial, paper]))
    assert out["a1"].certainty.level == "denied"
    assert (out["a1"].stance.polarity, out["a1"].stance.target) == ("denies", "a2")


def test_english_denial_and_confirmation_target_the_report():
    doc = make_doc(
        "The Ledger reported that the airline would cut 300 jobs. "
        "The airline denied the report. The union confirmed the report.",
        "en",
    )
    paper = relayed(
        doc, "a1", "that the airline would cut 300 jobs", "The Ledger reported", "Ledger"
    )
    out = assess(doc, [paper])
    denial, confirmation = [a for a in out if a.kind == "statement"]
    assert denial.certainty.level == "denied"
    assert (denial.stance.polarity, denial.stance.target) == ("denies", "a1")
    assert confirmation.certainty.level == "asserted"
    assert (confirmation.stance.polarity, confirmation.stance.target) == ("supports", "a1")


def test_a_stance_without_reference_or_shared_content_has_no_target():
    doc = make_doc("Der Kurier meldete, die Brücke sei marode. Die Firma bestritt jede Schuld.")
    paper = relayed(doc, "a1", "die Brücke sei marode", "Der Kurier meldete,", "Kurier")
    out = assess(doc, [paper])
    statement = next(a for a in out if a.kind == "statement")
    assert statement.certainty.level == "denied" and statement.stance is None


# ------------------------------------------------------------------ author statements, purity


def test_uncovered_sentences_become_author_statements_with_the_outlet_as_source():
    doc = make_doc(
        "Hafen gesperrt\n\nDer Hafen bleibt gesperrt. Laut Polizei ist die Lage ruhig.",
        outlet="Nordkurier",
    )
    police = relayed(
        doc, "a1", "ist die Lage ruhig", "Laut Polizei", "Polizei", kind="according_to"
    )
    out = assess(doc, [police])
    statements = [a for a in out if a.kind == "statement"]
    assert [a.id for a in statements] == ["s1", "s2"]
    assert [a.message[0].text for a in statements] == [
        "Hafen gesperrt",
        "Der Hafen bleibt gesperrt.",
    ]
    for s in statements:
        assert s.source.type == "author" and s.source.resolved == "Nordkurier"
        assert s.source.span is None and s.cue == []
        assert s.certainty.level == "asserted"
    assert out[0].id == "a1"  # the attributions first, in their order


def test_assess_does_not_change_the_attributions_it_is_given():
    doc, attributions = rating_article()
    assess(doc, attributions)
    assert all(a.certainty is None and a.stance is None for a in attributions)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("", "de"),
        ("   \n\n  ", "auto"),
        ("offenbar wohl könnte nicht bestätigt dementierte " * 40, "de"),
        (
            "Il a nié le rapport. Selon le journal, trois morts. The claims could not be verified.",
            "fr",
        ),
        ("İSTANBUL offenbar: Der Kreml wies den Bericht zurück.", "de"),
        ("„“ ‚‘ » « — … ©", "auto"),
    ],
)
def test_bad_input_gives_levels_and_never_raises(text, language):
    doc = make_doc(text, language)
    out = assess(doc, extract_attributions(doc))
    assert all(a.certainty is not None and a.certainty.level in LEVELS for a in out)
    for a in out:
        for cue in a.certainty.cues:
            assert doc.text[cue.start : cue.end] == cue.text


def test_five_thousand_sentences_stay_linear():
    # Hand-made attributions, so the time is ours: a report, a rating and a note per round.
    round_ = (
        "Die Zeitung meldete, es brenne. Der Kreml wies den Bericht zurück. "
        "Dies ließ sich nicht prüfen. "
    )
    doc = make_doc(round_ * 1700)
    attributions = []
    for i, at in enumerate(range(0, len(doc.text), len(round_))):
        message = Span(at + 20, at + 29, "es brenne")
        frame = Span(at, at + 19, "Die Zeitung meldete")
        attributions.append(
            Attribution(
                f"a{i + 1}",
                "indirect",
                [],
                Source(None, "Zeitung", "media"),
                [message],
                frame=[frame],
                chain=["Zeitung"],
            )
        )
    started = time.perf_counter()
    out = assess(doc, attributions)
    assert time.perf_counter() - started < 1.0
    assert len(doc.sentences) == 5100 and len(out) == 5100
    assert {a.certainty.level for a in out} == {"unverified", "denied", "asserted"}


def test_every_pattern_starts_with_a_word_the_scan_can_find():
    for language in ("de", "en", "other"):
        data = certainty_data(language)
        assert data.rules and data.references is not None
    assert first_words("(?:wies|weist)\\s+zurück") == ["wies", "weist"]
    assert first_words("(?<!das )wohl\\b") == ["wohl"]
    assert first_words("dürfte[n]?\\b") == ["dürfte"]
    with pytest.raises(ValueError):
        first_words("(?:höchst)?wahrscheinlich")
    with pytest.raises(ValueError):
        first_words("\\w+ly")


# ------------------------------------------------------------------ the specimen


@pytest.mark.skipif(not SPECIMEN.exists(), reason="../shared/specimen is not beside the repo")
def test_specimen_kremlin_denies_and_minister_supports_the_choson_ilbo_report():
    from zufolge.clean import clean

    raw = RawDocument(path=str(SPECIMEN), text=SPECIMEN.read_text(encoding="utf-8"))
    doc = analyze(clean(raw))
    out = assess(doc, extract_attributions(doc))
    ids = by_id(out)

    def find(needle: str) -> Attribution:
        return next(a for a in out if any(needle in m.text for m in a.message))

    report = next(a for a in out if a.source and a.source.resolved == "Choson Ilbo")
    kremlin = next(a for a in out if a.source and a.source.resolved == "Kreml")
    minister = find("sehr wahrscheinlich")
    assert (kremlin.certainty.level, kremlin.stance.polarity) == ("denied", "denies")
    assert kremlin.stance.target == report.id
    assert (minister.stance.polarity, minister.stance.target) == ("supports", report.id)
    assert report.certainty.level == "unverified"
    official = next(a for a in out if a.chain[-1:] == ["ukrainischer Militärbeamter"])
    assert official.certainty.level == "unverified"
    assert find("Raketenangriff").certainty.level == "reported"  # the Kyiv Post: later, untouched
    for needle in ("wird vermutet", "angenommen", "Experten vermuten"):
        belief = next(a for a in out if any(needle in f.text for f in a.frame))
        assert belief.certainty.level == "possible", needle
    assert kremlin.stance.target in ids


# ------------------------------------------------------------------ evaluation


def test_gold_statements_pair_by_character_overlap():
    doc = make_doc("Er sagte, die Brücke sei marode.")
    predicted = relayed(doc, "a1", "die Brücke sei marode", "Er sagte,")
    whole = GoldStatement("g1", 10, 31, "reported")
    assert overlap_f1(whole, predicted) == pytest.approx(1.0)
    assert overlap_f1(GoldStatement("g2", 0, 8, "asserted"), predicted) == 0.0
    with pytest.raises(ValueError):
        load_article(
            {
                "id": "x",
                "text": "a a",
                "statements": [{"id": "g", "text": "a", "level": "asserted"}],
            }
        )


def test_eval_certainty_on_the_dev_set():
    assert "certainty" in COMMANDS and "factuality" in COMMANDS
    result = CliRunner().invoke(certainty_command, ["--gold", str(DEFAULT_GOLD), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    records = [json.loads(line) for line in DEFAULT_GOLD.read_text(encoding="utf-8").splitlines()]
    statements = [s for r in records for s in r["statements"]]
    assert figures["gold_statements"] == len(statements) >= 60
    assert {r["language"] for r in records} == {"de", "en"}
    assert {s["level"] for s in statements} == set(LEVELS)
    assert {s["stance"]["polarity"] for s in statements if "stance" in s} == {"supports", "denies"}
    assert set(figures["certainty"]) == set(LEVELS)
    for row in [*figures["certainty"].values(), *figures["stance"].values()]:
        assert 0.0 <= row["precision"] <= 1.0 and 0.0 <= row["recall"] <= 1.0
    # the cues must add something to what the pairing alone gives
    assert figures["certainty_accuracy"] > figures["baseline_accuracy"]


@pytest.mark.skipif(not MEANTIME.exists(), reason="../shared/data is not beside the repo")
def test_eval_factuality_runs_on_meantime():
    from zufolge.evaluate.factuality import command

    result = CliRunner().invoke(command, ["--gold", str(MEANTIME), "--limit", "3", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["documents"] == 3 and figures["event_mentions"] > 0
    assert set(figures["certainty"]) == {"CERTAIN", "PROBABLE", "POSSIBLE", "UNDERSPECIFIED"}
    certain = figures["certainty"]["CERTAIN"]
    assert certain["baseline_recall"] == 1.0  # the majority baseline predicts CERTAIN throughout
    assert sum(figures["levels"].values()) == figures["event_mentions"]


def test_outlet_known_only_to_the_entity_stage_is_a_media_source():
    from zufolge.pipeline import analyze_text

    result = analyze_text(
        "The Harbour Gazette newspaper reported that the mayor had resigned. "
        'Council members called the report "very likely".',
        language="en",
        clean=False,
    )
    report = next(
        a for a in result["attributions"] if "mayor had resigned" in a["message"][0]["text"]
    )
    assert report["source"]["type"] == "media"
