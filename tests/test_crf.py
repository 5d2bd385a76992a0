"""The fast CRF path gives the labels crfsuite gives on the feature strings it was trained on."""

from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from zufolge.analyze import analyze
from zufolge.clean import verbatim
from zufolge.extract.attribution.cues import Anchor, find_anchors
from zufolge.extract.attribution.features import (
    Scorer,
    _union,
    doc_facts,
    window,
    window_features,
)
from zufolge.extract.attribution.lexicon import load
from zufolge.extract.attribution.roles import model_path
from zufolge.extract.crf import CRFModel, ModelFormatError, WeightTable
from zufolge.model import RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "attribution"


@pytest.fixture(scope="module")
def toy_model(tmp_path_factory) -> Path:
    """A small model trained here: three labels, word and neighbour features."""
    trainer = pycrfsuite.Trainer(verbose=False)
    sentences = [
        (["der", "Minister", "sagte", "gestern", "etwas"], ["O", "S", "C", "O", "O"]),
        (["die", "Zeitung", "berichtete", "über", "den", "Hafen"], ["O", "S", "C", "O", "O", "O"]),
        (["laut", "der", "Polizei", "brannte", "es"], ["C", "O", "S", "O", "O"]),
    ]
    for words, labels in sentences:
        features = [
            ["w=" + w, "prev=" + (words[i - 1] if i else "BOS")] for i, w in enumerate(words)
        ]
        trainer.append(features, labels)
    trainer.set_params({"c2": 0.01, "max_iterations": 50})
    path = tmp_path_factory.mktemp("crf") / "toy.crfsuite"
    trainer.train(str(path))
    return path


def test_weights_are_read_as_crfsuite_stores_them(toy_model):
    model = CRFModel(toy_model)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(toy_model))
    info = tagger.info()
    assert set(model.labels) == set(tagger.labels())
    for (attribute, label), weight in info.state_features.items():
        row = model.weights[model.attribute_ids[attribute]]
        assert row[model.labels.index(label)] == pytest.approx(weight, abs=1e-6)
    for (previous, label), weight in info.transitions.items():
        moved = model.transitions[model.labels.index(previous), model.labels.index(label)]
        assert moved == pytest.approx(weight, abs=1e-6)


def test_tagging_emissions_equals_tagging_strings(toy_model):
    model = CRFModel(toy_model)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(toy_model))
    words = ["die", "Polizei", "sagte", "laut", "der", "Zeitung", "etwas"]
    features = [["w=" + w, "prev=" + (words[i - 1] if i else "BOS")] for i, w in enumerate(words)]
    emissions = np.stack([model.weight(f) for f in features])
    assert model.tag(emissions) == tagger.tag(features)
    marginals = model.marginals(emissions)
    for j, label in enumerate(model.labels):
        expected = [tagger.marginal(label, i) for i in range(len(words))]
        assert marginals[:, j] == pytest.approx(expected, abs=1e-9)


def test_decoding_equals_crfsuite_on_random_scores():
    """Viterbi and marginals on arbitrary emission matrices, against crfsuite decoding the
    same scores through one attribute per label (value = score)."""
    path = model_path("de")
    model = CRFModel(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    # Attributes whose weight rows span the labels: score × inverse gives their values.
    chosen: list[int] = []
    for i in np.argsort(-np.abs(model.weights[:-1]).sum(axis=1)).tolist():
        candidate = model.weights[[*chosen, i]]
        if np.linalg.matrix_rank(candidate) == len(chosen) + 1:
            chosen.append(i)
        if len(chosen) == len(model.labels):
            break
    inverse = np.linalg.inv(model.weights[chosen])
    names = [name for name, i in model.attribute_ids.items() if i in set(chosen)]
    names.sort(key=lambda name: chosen.index(model.attribute_ids[name]))
    rng = np.random.default_rng(7)
    for _ in range(50):
        emissions = rng.normal(size=(int(rng.integers(1, 80)), len(model.labels))) * 3
        values = emissions @ inverse
        xseq = [dict(zip(names, row, strict=True)) for row in values.tolist()]
        assert model.tag(emissions) == tagger.tag(xseq)
        expected = [[tagger.marginal(label, i) for label in model.labels] for i in range(len(xseq))]
        assert model.marginals(emissions) == pytest.approx(np.array(expected), abs=1e-9)


def test_weight_table_sums_templates_and_grows(toy_model):
    model = CRFModel(toy_model)
    table = WeightTable(model, lambda w: ["w=" + w], lambda w: ["prev=" + w])
    words = [f"wort{i}" for i in range(3000)] + ["sagte", "Polizei"]
    ids = table.ids(words)
    rows = table.rows[ids]
    assert rows.shape == (len(words), 2, len(model.labels))
    assert rows[-2, 0] == pytest.approx(model.weight(["w=sagte"]))
    assert rows[-2, 1] == pytest.approx(model.weight(["prev=sagte"]))
    assert not rows[0].any()  # unknown to the model: no weight
    assert table.ids(["Polizei"])[0] == ids[-1]


def test_not_a_model_is_refused(tmp_path):
    bogus = tmp_path / "bogus.crfsuite"
    bogus.write_bytes(b"not a model at all, just text" * 10)
    with pytest.raises(ModelFormatError):
        CRFModel(bogus)


class _FewCommas(Scorer):
    # Tokens between the parts of a cue split by a comma take the exact path.
    _COMMAS_BELOW = 0


def _split_cues(doc, facts) -> list[Anchor]:
    """Made-up cues from a sentence's first word to its last, splitting the commas between:
    the rare shape the fast path handles apart ("bezeichnete …, …, als")."""
    out = []
    for si, (first, last) in enumerate(zip(facts.sentence_first, facts.sentence_last, strict=True)):
        if "," in facts.lower[first : last - 2]:
            out.append(Anchor([first, last - 2], "act", "bezeichnen als", si))
    return out


@pytest.mark.parametrize("name", ["de-hafen-bericht.txt", "en-ministry.txt"])
@pytest.mark.parametrize("scorer_class", [Scorer, _FewCommas])
def test_role_labeller_scores_equal_string_features(name, scorer_class):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    language = name[:2]
    doc = analyze(verbatim(RawDocument(path=None, text=text)), language=language)
    lexicon = load(language)
    model = CRFModel(model_path(language))
    scorer = scorer_class(model, lexicon)
    facts = doc_facts(doc)
    anchors = find_anchors(doc, lexicon) + _split_cues(doc, facts)
    windows = [(anchor, window(facts, anchor, lexicon)) for anchor in anchors]
    assert len(windows) > len(anchors) - len(_split_cues(doc, facts)) > 0
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path(language)))
    for (anchor, span), emissions in zip(windows, scorer.windows(facts, windows), strict=True):
        strings = window_features(facts, anchor, span, lexicon)
        expected = np.stack([model.weight(f) for f in strings])
        assert emissions == pytest.approx(expected, abs=1e-9)
        assert model.tag(emissions) == tagger.tag(strings)


def test_scores_stay_exact_when_the_caches_start_afresh(monkeypatch):
    """A corpus larger than the caches: the vocabulary and weight tables restart mid-way and
    the scores are still those of the feature strings."""
    monkeypatch.setattr(WeightTable, "MAX_KEYS", 40)
    language = "de"
    lexicon = load(language)
    model = CRFModel(model_path(language))
    scorer = Scorer(model, lexicon)
    article = (FIXTURES / "de-hafen-bericht.txt").read_text(encoding="utf-8")
    for text in (article, article.upper(), article):  # new words overflow the caches
        doc = analyze(verbatim(RawDocument(path=None, text=text)), language=language)
        facts = doc_facts(doc)
        windows = [(a, window(facts, a, lexicon)) for a in find_anchors(doc, lexicon)]
        assert windows
        for (anchor, span), emissions in zip(windows, scorer.windows(facts, windows), strict=True):
            strings = window_features(facts, anchor, span, lexicon)
            expected = np.stack([model.weight(f) for f in strings])
            assert emissions == pytest.approx(expected, abs=1e-9)


def test_union_of_ranges():
    assert _union([(5, 8), (0, 2), (2, 3), (7, 10), (6, 7)]) == [(0, 3), (5, 10)]
    assert _union([]) == []


_EDGE_TEXTS = {
    "de": "Müller sagte, der Hafen werde schließen. Das Wetter war gut, und im Hafen "
    "herrschte den ganzen Tag reger Betrieb mit vielen Schiffen, Booten und Fähren aus "
    "allen Ländern. Auch am Abend blieb es ruhig. Der Hafen öffne im Mai, sagte der Minister.",
    "en": "Smith said the port would close. The weather was fine, and the harbour was busy "
    "all day long with many ships, boats and ferries from every country. The evening was "
    "calm as well. The port will reopen in May, the minister said.",
}


@pytest.mark.parametrize("language", ["de", "en"])
def test_windows_at_the_document_edges_score_as_strings(language):
    """Windows reaching the first and last tokens (their neighbours are edge features), with
    tokens between them that no window reads (they get no vocabulary id)."""
    doc = analyze(verbatim(RawDocument(path=None, text=_EDGE_TEXTS[language])), language=language)
    lexicon = load(language)
    model = CRFModel(model_path(language))
    facts = doc_facts(doc)
    windows = [(a, window(facts, a, lexicon)) for a in find_anchors(doc, lexicon)]
    n = len(facts.lower)
    read = {i for _, span in windows for i in span}
    assert 0 in read and n - 1 in read and len(read) < n - 4
    scorer = Scorer(model, lexicon)
    for (anchor, span), emissions in zip(windows, scorer.windows(facts, windows), strict=True):
        strings = window_features(facts, anchor, span, lexicon)
        expected = np.stack([model.weight(f) for f in strings])
        assert emissions == pytest.approx(expected, abs=1e-9)
