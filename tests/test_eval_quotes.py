"""The attribution metric: hand-made cases with exact figures, and runs on real dev data."""

import itertools
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from zufolge.contract import document_id
from zufolge.evaluate.attribution_gold import (
    NEWS_QUOTES,
    POLNEAR,
    SPKATT,
    GoldAttribution,
    load_record,
    spans_of_tokens,
    tokens_of_spans,
)
from zufolge.evaluate.quotes import (
    Counts,
    Prediction,
    command,
    hungarian,
    pair,
    predictions_from_contract,
    score_document,
)
from zufolge.model import RawDocument
from zufolge.pipeline import Options, analyze_raw

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DEV = SHARED / "de-news-quotes" / "dev.jsonl"
needs_data = pytest.mark.skipif(not DEV.exists(), reason="../shared/data is not beside the repo")


def gold(kind: str, **roles: set[int]) -> GoldAttribution:
    return GoldAttribution(kind, {r: frozenset(t) for r, t in roles.items()})


def pred(kind: str = "", **roles: set[int]) -> Prediction:
    return Prediction({r: frozenset(t) for r, t in roles.items()}, kind)


def counts(score, *roles: str) -> tuple[int, int, int]:
    c = score.pooled(roles)
    return c.tp, c.fp, c.fn


# ------------------------------------------------------------------ the metric


def test_perfect_prediction_scores_one_on_every_role():
    g = [gold("Direct", quote={3, 4, 5}, speaker={0}, cue={1}, frame={0, 1, 2}, addressee={2})]
    p = [pred("direct", quote={3, 4, 5}, speaker={0}, cue={1}, frame={0, 1, 2}, addressee={2})]
    score, _ = score_document(g, p)
    for role in ("quote", "speaker", "cue", "frame", "addressee"):
        assert score.roles[role].prf() == (1.0, 1.0, 1.0)
    assert score.by_type["Direct"].prf() == (1.0, 1.0, 1.0)


def test_missing_attribution_counts_all_its_gold_tokens_as_false_negatives():
    g = [gold("Indirect", quote={1, 2}, speaker={0}), gold("Direct", quote={5, 6, 7}, cue={4})]
    score, _ = score_document(g, [pred(quote={1, 2}, speaker={0})])
    assert counts(score, "quote", "speaker", "cue") == (3, 0, 4)
    assert score.by_type["Direct"] == Counts(0, 0, 4)
    p, r, f = score.pooled(("quote", "speaker", "cue")).prf()
    assert (p, r) == (1.0, 3 / 7)
    assert f == pytest.approx(0.6)


def test_partial_span_and_unpaired_prediction():
    g = [gold("Direct", quote={1, 2, 3, 4})]
    predicted = [pred("direct", quote={3, 4, 5}), pred("indirect", quote={9}, speaker={8})]
    score, pairs = score_document(g, predicted)
    assert pairs == {0: 0}
    assert score.roles["quote"] == Counts(2, 2, 2)  # FP: token 5 and the unpaired token 9
    assert score.roles["speaker"] == Counts(0, 1, 0)
    # The unpaired prediction is charged to the type its kind maps to.
    assert score.by_type["Direct"] == Counts(2, 1, 2)
    assert score.by_type["Indirect"] == Counts(0, 2, 0)


def test_optimal_assignment_beats_greedy_pairing():
    # Greedy takes the best single pair (p0–g0, F1 0.86) and leaves p1 without a partner;
    # the optimal assignment pairs p0–g1 (0.8) and p1–g0 (0.67): 1.47 > 0.86.
    g = [gold("Direct", quote={1, 2, 3, 4}), gold("Direct", quote={1, 2})]
    predicted = [pred(quote={1, 2, 3}), pred(quote={3, 4})]
    score, pairs = score_document(g, predicted)
    assert pairs == {1: 0, 0: 1}
    assert score.roles["quote"] == Counts(4, 1, 2)


def test_hungarian_matches_brute_force_on_random_rectangles():
    rng = random.Random(7)
    for rows, cols in [(1, 1), (2, 3), (3, 2), (4, 4), (5, 3), (3, 6)]:
        for _ in range(20):
            cost = [
                [rng.choice([0.0, -0.25, -0.5, -1.0, rng.random()]) for _ in range(cols)]
                for _ in range(rows)
            ]
            got = sum(cost[i][j] for i, j in hungarian(cost))
            k = min(rows, cols)
            best = min(
                sum(cost[i][j] for i, j in zip(rs, cs, strict=True))
                for rs in itertools.combinations(range(rows), k)
                for cs in itertools.permutations(range(cols), k)
            )
            assert got == pytest.approx(best)
            assert len(hungarian(cost)) == k


def test_attribution_without_quote_is_paired_by_its_cue():
    g = [gold("Attribution", speaker={0}, cue={1}), gold("Attribution", quote={5, 6}, cue={4})]
    predicted = [pred(speaker={0, 7}, cue={1}), pred(quote={5}, cue={4})]
    score, pairs = score_document(g, predicted, roles=("quote", "speaker", "cue"))
    assert pairs == {0: 0, 1: 1}
    assert score.roles["speaker"] == Counts(1, 1, 0)
    assert score.roles["quote"] == Counts(1, 0, 1)


def test_two_quotes_that_do_not_overlap_are_not_paired_by_a_shared_cue():
    g = [gold("Indirect", quote={5, 6}, cue={1})]
    assert pair(g, [pred(quote={9, 10}, cue={1})]) == {}
    assert pair(g, [pred(cue={1})]) == {0: 0}  # an empty message falls back to the cue


def test_roles_the_set_does_not_annotate_are_ignored_on_both_sides():
    g = [gold("Attribution", quote={2, 3}, speaker={0})]
    score, _ = score_document(
        g, [pred(quote={2, 3}, speaker={0}, frame={0, 1})], ("quote", "speaker", "cue")
    )
    assert score.roles["frame"] == Counts()
    assert counts(score, "quote", "speaker", "cue") == (3, 0, 0)


# ------------------------------------------------------------------ tokens and gold forms


def test_character_spans_map_to_tokens_they_touch():
    text = "Der Minister sagte, es sei ernst."
    record = {
        "dataset": "x wikinews",
        "text": text,
        "tokens": text.replace(",", " ,").replace(".", " .").split(),
        "attributions": [],
    }
    doc = load_record(record, NEWS_QUOTES)
    minister = text.index("Minister")
    assert tokens_of_spans([(minister + 2, minister + 3)], doc.offsets) == {1}  # one character
    assert tokens_of_spans([(3, 4)], doc.offsets) == frozenset()  # only the space
    assert tokens_of_spans([(0, len(text))], doc.offsets) == frozenset(range(8))
    assert spans_of_tokens({4, 5, 7}, doc.offsets) == [(20, 26), (32, 33)]


def test_polnear_uses_whitespace_tokens_and_its_role_names():
    text = "The mayor said on Monday that taxes will rise."
    said, content = text.index("said"), text.index("that")
    record = {
        "dataset": "PolNeAR v1.0.0",
        "text": text,
        "attributions": [
            {
                "type": "Attribution",
                "roles": {
                    "Source": {"char_spans": [[0, 9]]},
                    "Cue": {"char_spans": [[said, said + 4]]},
                    "Content": {"char_spans": [[content, len(text) - 1]]},
                },
            }
        ],
    }
    doc = load_record(record)
    assert doc.dataset == POLNEAR and doc.roles == ("quote", "speaker", "cue")
    assert doc.attributions[0].roles == {
        "speaker": {0, 1},
        "cue": {2},
        "quote": {5, 6, 7, 8},  # "rise." is one token
    }


def test_spkatt_text_is_rebuilt_from_tokens_and_the_cue_is_a_role():
    record = {
        "dataset": "SpkAtt-2023-Task1 (GePaDe)",
        "tokens": ["Frau", "Präsidentin", "!", "Sie", "nannte", "das", "falsch", "."],
        "sentences": [[0, 3], [3, 8]],
        "attributions": [
            {
                "id": 0,
                "cue": {"tokens": [4]},
                "roles": {
                    "Source": {"tokens": [3]},
                    "Message": {"tokens": [5, 6]},
                    "Topic": {"tokens": [5]},
                },
            }
        ],
    }
    doc = load_record(record)
    assert doc.dataset == SPKATT
    assert doc.text == "Frau Präsidentin !\nSie nannte das falsch ."
    assert [doc.text[a:b] for a, b in doc.offsets][3:5] == ["Sie", "nannte"]
    assert doc.attributions[0].roles == {"speaker": {3}, "cue": {4}, "quote": {5, 6}}


# ------------------------------------------------------------------ real dev data


def contract_from_gold(record: dict) -> dict:
    """A zufolge/1-shaped object whose attributions are the gold ones, as character spans."""
    text = record["text"]

    def spans(roles: dict, name: str) -> list[dict]:
        return [
            {"start": a, "end": b, "text": text[a:b]}
            for a, b in roles.get(name, {}).get("char_spans", [])
        ]

    kinds = {"Direct": "direct", "Indirect": "indirect", "Reported": "reported"}
    attributions = []
    for a in record["attributions"]:
        speaker, addressee = spans(a["roles"], "speaker"), spans(a["roles"], "addressee")
        # The contract has one source span; de-news-quotes very rarely splits a speaker.
        assert len(speaker) <= 1 and len(addressee) <= 1
        attributions.append(
            {
                "kind": kinds.get(a["type"], "free_indirect"),
                "message": spans(a["roles"], "quote"),
                "cue": spans(a["roles"], "cue"),
                "frame": spans(a["roles"], "frame"),
                "source": {**speaker[0], "resolved": None, "type": "person"} if speaker else None,
                "addressee": addressee[0] if addressee else None,
            }
        )
    return {
        "schema": "zufolge/1",
        "document": {"id": document_id(text), "text": text},
        "attributions": attributions,
    }


@needs_data
def test_gold_as_prediction_round_trips_through_character_spans(tmp_path):
    records = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()[:10]]
    assert sum(len(r["attributions"]) for r in records) > 10
    predictions = tmp_path / "gold-as-predictions.jsonl"
    predictions.write_text("\n".join(json.dumps(contract_from_gold(r)) for r in records))
    args = ["--gold", str(DEV), "--limit", "10", "--predictions", str(predictions), "--json"]
    result = CliRunner().invoke(command, args)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["paired"] == figures["gold_attributions"] == figures["predicted_attributions"]
    for name, row in figures["scores"].items():
        assert (row["precision"], row["recall"]) == (1.0, 1.0), name
    # And the mapping alone, document by document.
    for r in records:
        doc = load_record(r)
        predicted = predictions_from_contract(contract_from_gold(r), doc.offsets)
        assert [p.roles for p in predicted] == [g.roles for g in doc.attributions]


@needs_data
def test_command_runs_the_pipeline_and_scores_its_saved_output_alike(tmp_path):
    args = ["--gold", str(DEV), "--limit", "3", "--workers", "1", "--json", "--show-errors", "1"]
    result = CliRunner().invoke(command, args)
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["documents"] == 3 and figures["failed_documents"] == 0
    roles = {"quote", "speaker", "cue", "frame", "addressee", "roles", "joint"}
    assert set(figures["scores"]) == roles
    for row in figures["scores"].values():
        assert 0.0 <= row["f1"] <= 1.0
    # The same pipeline output, saved as zufolge/1 JSONL, scores identically via --predictions.
    saved = tmp_path / "predictions.jsonl"
    with saved.open("w", encoding="utf-8") as f:
        for line in DEV.read_text(encoding="utf-8").splitlines()[:3]:
            text = json.loads(line)["text"]
            output = analyze_raw(
                RawDocument(path=None, text=text), Options(clean=False, language="de")
            )
            f.write(json.dumps(output) + "\n")
    rescored = CliRunner().invoke(
        command, ["--gold", str(DEV), "--limit", "3", "--predictions", str(saved), "--json"]
    )
    assert rescored.exit_code == 0, rescored.output
    assert json.loads(rescored.stdout)["scores"] == figures["scores"]


@needs_data
def test_model_option_labels_with_another_model_and_leaves_the_packaged_one_in_place(tmp_path):
    from zufolge.extract.attribution.roles import model_path

    base = ["--gold", str(DEV), "--limit", "3", "--workers", "1", "--json"]
    packaged = json.loads(CliRunner().invoke(command, base).stdout)["scores"]
    copy = tmp_path / "same.crfsuite"
    copy.write_bytes(model_path("de").read_bytes())
    same = CliRunner().invoke(command, [*base, "--model", str(copy)])
    assert same.exit_code == 0, same.output
    assert json.loads(same.stdout)["scores"] == packaged
    # The English model labels German windows differently: the option takes effect …
    other = CliRunner().invoke(command, [*base, "--model", str(model_path("en"))])
    assert json.loads(other.stdout)["scores"] != packaged
    # … for that run only.
    assert json.loads(CliRunner().invoke(command, base).stdout)["scores"] == packaged


@needs_data
def test_train_seed_picks_the_negative_anchors_kept(tmp_path):
    from zufolge.serve.cli import main

    gold = tmp_path / "few.jsonl"
    lines = (SHARED / "de-news-quotes" / "train.jsonl").read_text(encoding="utf-8").splitlines()
    gold.write_text("\n".join(lines[:12]) + "\n", encoding="utf-8")
    models = {}
    for seed in ("13", "13", "2"):
        out = tmp_path / f"seed{seed}.crfsuite"
        args = ["train", "attribution", "--lang", "de", str(gold), "--out", str(out)]
        result = CliRunner().invoke(main, [*args, "--seed", seed])
        assert result.exit_code == 0, result.output
        models.setdefault(seed, set()).add(out.read_bytes())
    assert len(models["13"]) == 1  # the same seed trains the same model
    assert models["2"] != models["13"]
