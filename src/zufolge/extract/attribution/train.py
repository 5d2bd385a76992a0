"""Train the role labeller from gold attributions (``zufolge train attribution``).

Every cue anchor the lexicon finds in a training document becomes one sequence: labelled with
the roles of the gold attribution whose cue it hits, or all ``O`` when it hits none (so the
model learns to reject false anchors too). Gold role spans are character spans; tokens are
ours, so training sees exactly the tokenisation that inference sees.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from zufolge.analyze import analyze
from zufolge.clean import verbatim
from zufolge.evaluate.attribution_gold import ROLE_NAMES
from zufolge.extract.attribution.cues import find_anchors
from zufolge.extract.attribution.features import doc_facts, window, window_features
from zufolge.extract.attribution.lexicon import load
from zufolge.model import Doc, RawDocument

# Gold role names of every set (as the evaluation reads them) → our labels.
LABEL_OF_ROLE = {"cue": "C", "speaker": "S", "addressee": "A", "quote": "Q", "frame": "F"}
ROLE_LABELS = {
    name: LABEL_OF_ROLE[role] for names in ROLE_NAMES.values() for name, role in names.items()
}
PRIORITY = "CSAQF"


@dataclass(slots=True)
class Stats:
    documents: int = 0
    anchors: int = 0
    positive_anchors: int = 0
    gold_with_cue: int = 0
    gold_cue_found: int = 0


def _char_spans(role: dict) -> list[tuple[int, int]]:
    return [tuple(span) for span in role.get("char_spans") or []]


def _token_labels(
    doc: Doc, span: range, attribution: dict | None, continuations: list[dict]
) -> list[str]:
    labels = ["O"] * len(span)
    if attribution is None:
        return labels
    starts, ends = doc.token_starts, doc.token_ends
    # Cue-less statements by the same source right after it (free indirect speech, a quote
    # that goes on) are labelled R: the model learns where reported speech continues.
    for other in continuations:
        for a, b in _char_spans(other["roles"]["quote"]):
            for k, i in enumerate(span):
                if starts[i] < b and ends[i] > a:
                    labels[k] = "R"
    best: dict[int, int] = {}
    for role, value in attribution["roles"].items():
        label = ROLE_LABELS.get(role)
        if label is None:
            continue
        rank = PRIORITY.index(label)
        for a, b in _char_spans(value):
            for k, i in enumerate(span):
                if starts[i] < b and ends[i] > a and rank < best.get(k, 99):
                    best[k] = rank
    for k, rank in best.items():
        labels[k] = PRIORITY[rank]
    return labels


def _cue_tokens(doc: Doc, attribution: dict) -> set[int]:
    cue = next((v for r, v in attribution["roles"].items() if ROLE_LABELS.get(r) == "C"), None)
    if cue is None:
        return set()
    out = set()
    for a, b in _char_spans(cue):
        for i, (s, e) in enumerate(zip(doc.token_starts, doc.token_ends, strict=True)):
            if s < b and e > a:
                out.add(i)
    return out


def _speaker(attribution: dict) -> tuple | None:
    role = attribution["roles"].get("speaker") or attribution["roles"].get("Source")
    return tuple(map(tuple, role["char_spans"])) if role and role.get("char_spans") else None


def _continuations(gold: dict, attribution: dict | None) -> list[dict]:
    """Gold statements without a cue that share ``attribution``'s speaker span."""
    if attribution is None or (speaker := _speaker(attribution)) is None:
        return []
    return [
        other
        for other in gold["attributions"]
        if other is not attribution
        and "cue" not in other["roles"]
        and "quote" in other["roles"]
        and _speaker(other) == speaker
    ]


def _enclosing(doc: Doc, gold: dict, token: int) -> dict | None:
    """A cue-less gold statement whose message contains the anchor: a reported act
    ("Die Medien sprachen von …"), where the whole sentence is the message."""
    start, end = doc.token_starts[token], doc.token_ends[token]
    for attribution in gold["attributions"]:
        roles = attribution["roles"]
        if "cue" in roles or "quote" not in roles:
            continue
        if any(a <= start and end <= b for a, b in _char_spans(roles["quote"])):
            return attribution
    return None


def sequences(path: Path, language: str, stats: Stats) -> Iterator[tuple[str, list, list[str]]]:
    """(anchor key, features, labels) per cue anchor of every gold document."""
    lexicon = load(language)
    with path.open(encoding="utf-8") as f:
        for line in f:
            gold = json.loads(line)
            raw = RawDocument(path=None, text=gold["text"])
            doc = analyze(verbatim(raw), language=language)
            facts = doc_facts(doc)
            stats.documents += 1
            cues = [(a, _cue_tokens(doc, a)) for a in gold["attributions"]]
            stats.gold_with_cue += sum(1 for _, c in cues if c)
            found: set[int] = set()
            for anchor in find_anchors(doc, lexicon):
                hits = [
                    (a.get("isNested", False), k, a)
                    for k, (a, c) in enumerate(cues)
                    if c & set(anchor.tokens)
                ]
                hits.sort(key=lambda h: (h[0], h[1]))
                attribution = hits[0][2] if hits else _enclosing(doc, gold, anchor.tokens[0])
                found.update(h[1] for h in hits)
                span = window(facts, anchor, lexicon)
                stats.anchors += 1
                stats.positive_anchors += attribution is not None
                yield (
                    f"{gold.get('doc_id', '')}:{anchor.tokens[0]}",
                    window_features(facts, anchor, span, lexicon),
                    _token_labels(doc, span, attribution, _continuations(gold, attribution)),
                )
            stats.gold_cue_found += len(found)


def _kept(key: str, seed: int, share: float) -> bool:
    return zlib.crc32(f"{seed}:{key}".encode()) % 10_000 < share * 10_000


def train(
    gold: list[Path],
    language: str,
    out: Path,
    *,
    c1: float = 0.05,
    c2: float = 0.01,
    iterations: int = 150,
    seed: int = 13,
    negative_share: float = 0.3,
) -> Stats:
    import pycrfsuite

    stats = Stats()
    trainer = pycrfsuite.Trainer(verbose=False)
    for path in gold:
        for key, features, labels in sequences(path, language, stats):
            # Negative anchors (all O) teach rejection; too many teach it to reject real cues.
            # Which ones are kept depends on the anchor alone (a hash of document and
            # position), so a lexicon change does not reshuffle every other choice.
            if any(label != "O" for label in labels) or _kept(key, seed, negative_share):
                trainer.append(features, labels)
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True}
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    return stats
