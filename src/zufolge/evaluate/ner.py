"""``zufolge eval ner``: named entities scored CoNLL style — exact span and label, precision,
recall and F1 per label and micro-averaged over PER, ORG and LOC.

**Cross-validated, not in-sample.** The shipped German model is trained on GermEval's dev
file, the only German NER gold here, and the English one on all of MEANTIME; scoring them on
those files would be scoring on their training data. So the command splits the gold
documents into k folds, trains a model on k−1 of them, tags the held-out fold with the whole
entity stage (tagger, outlet list, linking), and pools the k held-out results. The packaged
model's in-sample score is printed only with ``--in-sample``, and labelled as such.

**What counts.** Predicted mentions carry their entity's label; MEDIA counts as ORG (the gold
sets have no outlet label and annotate outlets as organisations). Gold names are GermEval's
outer PER/LOC/ORG spans (OTH and the deriv/part variants are not names) and MEANTIME's
``syntactic_type == "NAM"`` PER/LOC/ORG mentions. MEANTIME nests names ("Airbus parent EADS"
holds "Airbus" and "EADS"), so a flat tagger cannot reach every gold span: the output gives
that ceiling.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import click

from zufolge.evaluate._common import Counts, fmt
from zufolge.extract.entities import entities_with
from zufolge.extract.entities.data import entity_data
from zufolge.extract.entities.tagger import LABELS, packaged_tagger
from zufolge.extract.entities.train import (
    C1,
    C2,
    ITERATIONS,
    GoldDoc,
    GoldSpan,
    analyze_gold,
    cross_validate,
    flat,
    gold_language,
    read_gold,
)
from zufolge.model import Doc

NOTE_MEANTIME = (
    "MEANTIME types mentions only in the first lines of each article (title, date, four "
    "sentences); names are scored there. Its spans include titles and descriptions "
    '("Airbus chief executive Noel Forgeard"); ours are names.'
)
SCORED_AS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MEDIA": "ORG"}
ANCHOR_DE = (
    "GermEval 2014 anchors: best shared-task systems 75–79 F1 (outer spans, all four labels "
    "incl. OTH, trained on the 24k-sentence train split); fine-tuned German BERT-large 88.2. "
    "Here: 2,200 sentences, k−1 folds of them for training."
)


def predict(doc: Doc, tagger) -> list[GoldSpan]:
    """The entity stage's mentions as labelled spans, MEDIA scored as ORG."""
    data = entity_data(doc.language)
    return [
        GoldSpan(m.start, m.end, SCORED_AS[e.label], e.id)
        for e in entities_with(doc, tagger, data)
        for m in e.mentions
    ]


def score(gold: list[GoldDoc], predicted: list[list[GoldSpan]]) -> dict[str, Counts]:
    """Exact-match counts per label and ``micro`` over all labels."""
    counts = {label: Counts() for label in (*LABELS, "micro")}
    for doc, spans in zip(gold, predicted, strict=True):
        want, got = set(doc.spans), set(spans)
        for span in got:
            hit = span in want
            for label in (span.label, "micro"):
                if hit:
                    counts[label].tp += 1
                else:
                    counts[label].fp += 1
        for span in want - got:
            counts[span.label].fn += 1
            counts["micro"].fn += 1
    return counts


def score_links(gold: list[GoldDoc], predicted: list[list[GoldSpan]]) -> Counts | None:
    """Canonical linking, pairwise, over pairs of names written differently ("Lockheed
    Martin" and "Lockheed"; equal strings link trivially) among the names found exactly: a
    pair in one predicted entity is a true positive when the gold names one referent with
    both, a false positive when not; a pair of one gold referent split over two entities is
    a false negative. None when the gold has no referents (GermEval, MEANTIME's ner.jsonl)."""
    counts = Counts()
    known = False
    for doc, spans in zip(gold, predicted, strict=True):
        referent = {s: s.referent for s in doc.spans if s.referent is not None}
        known = known or bool(referent)
        found = [
            (doc.text[s.start : s.end], referent[s], s.referent) for s in spans if s in referent
        ]
        for k, (text_a, gold_a, ours_a) in enumerate(found):
            for text_b, gold_b, ours_b in found[k + 1 :]:
                if text_a == text_b:
                    continue
                same_gold, same_ours = gold_a == gold_b, ours_a == ours_b
                counts.tp += same_gold and same_ours
                counts.fp += same_ours and not same_gold
                counts.fn += same_gold and not same_ours
    return counts if known else None


def _result(gold: list[GoldDoc], predicted: list[list[GoldSpan]]) -> dict[str, dict]:
    result = {label: c.figures() for label, c in score(gold, predicted).items()}
    links = score_links(gold, predicted)
    if links is not None:
        result["linking"] = links.figures()
    return result


def _print(title: str, result: dict[str, dict], gold_counts: Counter) -> None:
    from zufolge.evaluate._common import print_table

    rows = [
        [
            label,
            str(gold_counts[label] if label in gold_counts else sum(gold_counts.values()))
            if label != "linking"
            else "pairs",
            *(fmt(100 * row[k], 1) for k in ("precision", "recall", "f1")),
            *(str(row[k]) for k in ("tp", "fp", "fn")),
        ]
        for label, row in result.items()
    ]
    print_table(title, ["label", "gold", "P", "R", "F1", "TP", "FP", "FN"], rows)


@click.command()
@click.option(
    "--gold",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Gold JSONL: de-ner-germeval2014/dev.jsonl or en-news-meantime/ner.jsonl "
    "(or meantime_en_docs.jsonl).",
)
@click.option(
    "--folds",
    type=click.IntRange(min=2),
    default=5,
    show_default=True,
    help="k of the k-fold cross-validation.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Use only the first N gold documents.")
@click.option("--iterations", type=click.IntRange(min=1), default=ITERATIONS, show_default=True)
@click.option("--c1", type=float, default=C1, show_default=True, help="L1 regularisation.")
@click.option("--c2", type=float, default=C2, show_default=True, help="L2 regularisation.")
@click.option("--seed", type=int, default=13, show_default=True, help="Fold shuffling seed.")
@click.option(
    "--in-sample",
    is_flag=True,
    help="Also score the packaged model on the same file (its training data: in-sample, "
    "not a quality figure).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def command(
    gold: str,
    folds: int,
    limit: int | None,
    iterations: int,
    c1: float,
    c2: float,
    seed: int,
    in_sample: bool,
    as_json: bool,
) -> None:
    """Score named entities (PER, ORG, LOC; MEDIA as ORG): exact-match P/R/F1 per label and
    micro, k-fold cross-validated on the gold file.

    Each fold is tagged by a model trained on the other k−1 folds with the same settings as
    `zufolge train ner`, so no document is scored by a model that saw it.

    \b
    Examples:
      zufolge eval ner --gold ../shared/data/de-ner-germeval2014/dev.jsonl
      zufolge eval ner --gold ../shared/data/en-news-meantime/ner.jsonl --folds 10
      zufolge eval ner --gold ../shared/data/de-ner-germeval2014/dev.jsonl --in-sample --json
    """
    started = time.perf_counter()
    docs = read_gold(Path(gold))[:limit]
    if not docs:
        raise click.UsageError(f"{gold} holds no documents")
    if len(docs) < folds:
        raise click.UsageError(f"{len(docs)} documents cannot make {folds} folds")
    with Path(gold).open(encoding="utf-8") as f:
        language = gold_language(json.loads(f.readline()))
    predicted = cross_validate(
        docs, language, folds, predict, c1=c1, c2=c2, iterations=iterations, seed=seed
    )
    gold_counts = Counter(s.label for d in docs for s in d.spans)
    ceiling = sum(len(flat(d.spans)) for d in docs) / max(sum(len(d.spans) for d in docs), 1)
    output = {
        "gold": gold,
        "language": language,
        "documents": len(docs),
        "gold_names": sum(gold_counts.values()),
        "flat_recall_ceiling": round(ceiling, 4),
        "evaluation": f"{folds}-fold cross-validation (seed {seed}): each document tagged by a "
        f"model trained on the other folds",
        "settings": {"c1": c1, "c2": c2, "iterations": iterations},
        "cross_validated": _result(docs, predicted),
    }
    if in_sample:
        tagger = packaged_tagger(language)
        if tagger is None:
            raise click.UsageError(f"no packaged model for {language}")
        output["in_sample_packaged_model"] = _result(
            docs, [predict(analyze_gold(d, language), tagger) for d in docs]
        )
    output["seconds"] = round(time.perf_counter() - started, 1)
    if as_json:
        click.echo(json.dumps(output, indent=2))
        return
    click.echo(
        f"{gold}: {len(docs)} documents, {output['gold_names']} gold names "
        f"(a flat tagger can reach {100 * ceiling:.1f} % of them)\n{output['evaluation']}."
    )
    _print(f"CROSS-VALIDATED ({folds}-fold)", output["cross_validated"], gold_counts)
    if in_sample:
        _print(
            "IN-SAMPLE: the packaged model on its own training data, not a quality figure",
            output["in_sample_packaged_model"],
            gold_counts,
        )
    click.echo(ANCHOR_DE if language == "de" else NOTE_MEANTIME)
    click.echo(f"MEDIA predictions count as ORG. {output['seconds']} s")
