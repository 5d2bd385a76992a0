"""The attribution metric: hand-made cases with exact figures, and a run on real dev data."""

import json
from pathlib import Path

import pytest

from zufolge.evaluate.quotes import (
    Counts,
    evaluate,
    gold_attributions,
    hungarian,
    predicted_attributions,
    report,
    score_document,
    token_offsets,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEV = SHARED / "de-news-quotes" / "dev.jsonl"


def test_perfect_prediction_scores_one():
    gold = [("Direct", {"quote": {1, 2, 3}, "speaker": {0}, "cue": {4}})]
    score = score_document(gold, [{"quote": {1, 2, 3}, "speaker": {0}, "cue": {4}}])
    assert score.pooled(("quote", "speaker", "cue")).prf() == (1.0, 1.0, 1.0)


def test_missing_attribution_counts_all_gold_tokens_as_false_negatives():
    gold = [("Indirect", {"quote": {1, 2}, "speaker": {0}}), ("Direct", {"quote": {5, 6, 7}})]
    score = score_document(gold, [{"quote": {1, 2}, "speaker": {0}}])
    joint = score.pooled(("quote", "speaker"))
    assert (joint.tp, joint.fp, joint.fn) == (3, 0, 3)


def test_partial_span_and_unpaired_prediction():
    gold = [("Direct", {"quote": {1, 2, 3, 4}})]
    predicted = [{"quote": {3, 4, 5}}, {"quote": {9}, "speaker": {8}}]
    score = score_document(gold, predicted)
    quote = score.roles["quote"]
    assert (quote.tp, quote.fp, quote.fn) == (2, 2, 2)  # token 5 and unpaired token 9
    assert score.roles["speaker"].fp == 1


def test_optimal_assignment_beats_greedy():
    # Greedy would pair prediction 0 with gold 0 (F1 0.8) and leave gold 1 without overlap.
    gold = [("Direct", {"quote": {1, 2, 3, 4}}), ("Direct", {"quote": {1, 2}})]
    predicted = [{"quote": {1, 2, 3}}, {"quote": {3, 4}}]
    assert sorted(hungarian([[-0.857, -0.8], [-0.667, 0.0]])) == [(0, 1), (1, 0)]
    quote = score_document(gold, predicted).roles["quote"]
    assert (quote.tp, quote.fp, quote.fn) == (4, 1, 2)


def test_attribution_without_quote_is_never_paired():
    gold = [("Reported", {"speaker": {0}, "cue": {1}})]
    score = score_document(gold, [{"speaker": {0}, "cue": {1}}])
    assert score.roles["speaker"] == Counts(0, 1, 1)


@pytest.mark.skipif(not DEV.exists(), reason="../shared/data is not beside the repository")
def test_gold_as_prediction_round_trips_through_character_spans():
    for line in DEV.read_text(encoding="utf-8").splitlines()[:5]:
        record = json.loads(line)
        offsets = token_offsets(record)
        as_contract = {"attributions": []}
        for a in record["attributions"]:
            roles = a["roles"]

            def spans(name, roles=roles, text=record["text"]):
                return [
                    {"start": s, "end": e, "text": text[s:e]}
                    for s, e in roles.get(name, {}).get("char_spans", [])
                ]

            speaker = spans("speaker")
            as_contract["attributions"].append(
                {
                    "message": spans("quote"),
                    "cue": spans("cue"),
                    "frame": spans("frame"),
                    "source": {"start": speaker[0]["start"], "end": speaker[-1]["end"]}
                    if speaker
                    else None,
                    "addressee": spans("addressee")[0] if spans("addressee") else None,
                }
            )
        gold = gold_attributions(record)
        predicted = predicted_attributions(as_contract, offsets)
        score = score_document(gold, predicted)
        joint = score.pooled(("quote", "cue", "frame", "addressee"))
        assert joint.fp == 0 and joint.fn == 0


@pytest.mark.skipif(not DEV.exists(), reason="../shared/data is not beside the repository")
def test_command_runs_on_dev_documents():
    score, roles = evaluate(str(DEV), limit=3, workers=1)
    figures = report(score, roles)
    assert figures["documents"] == 3
    assert set(figures["scores"]) >= {"quote", "speaker", "cue", "frame", "roles", "joint"}
