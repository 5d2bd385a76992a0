"""Sentence and token boundaries of the analyze stage against gold, with spaCy as the peer.

Gold: de-news-quotes (``text``, ``tokens``, ``sentences`` as token ranges). Gold tokens carry
no offsets; they are aligned to ``text`` by a left-to-right search (every token is found).

    .venv/bin/python benchmarks/analyze_quality.py --data ../shared/data --split dev
    .venv/bin/python benchmarks/analyze_quality.py --data ../shared/data --errors 30

English has no gold with the original layout; ``--english`` rebuilds running text from
en-news-meantime (tokens joined by spaces, one sentence per line): tokens are detokenised
(no space before ". , ) 's n't", `` '' become “ ”), the headline and date lines stay lines, the
body sentences are joined by single spaces, and sentence ends are compared as above.

Sentence boundaries are the character offsets where a sentence ends (the document end not
counted); tokens are compared as exact (start, end) spans. ``--lenient`` also reports scores
with gold ends after ":" and ";" dropped: the gold splits there before a full clause, we keep
"Er sagte: „…“" together on purpose (the attribution extractor wants cue and quote in one
sentence).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def gold_offsets(text: str, tokens: list[str]) -> tuple[list[int], list[int]]:
    starts, ends, pos = [], [], 0
    for token in tokens:
        at = text.find(token, pos)
        if at < 0:
            raise ValueError(f"gold token {token!r} not found after offset {pos}")
        starts.append(at)
        ends.append(at + len(token))
        pos = at + len(token)
    return starts, ends


def prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ours(text: str):
    from zufolge.analyze import analyze
    from zufolge.model import Article, Paragraph

    doc = analyze(Article(text=text, paragraphs=[Paragraph(0, len(text))]), language="de")
    tokens = list(zip(doc.token_starts, doc.token_ends, strict=True))
    return [e for _, e in doc.sentences], tokens


def spacy_runner():
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")

    def run(text: str):
        d = nlp(text)
        ends = []
        for sent in d.sents:
            # spaCy sentences include trailing whitespace tokens; end at the last real token
            words = [t for t in sent if not t.is_space]
            if words:
                ends.append(words[-1].idx + len(words[-1]))
        tokens = [(t.idx, t.idx + len(t)) for t in d if not t.is_space]
        return ends, tokens

    return run


def score(name, run, docs, lenient: bool, errors: int) -> None:
    s_tp = s_pred = s_gold = t_tp = t_pred = t_gold = 0
    shown = 0
    for doc in docs:
        text = doc["text"]
        g_starts, g_ends = gold_offsets(text, doc["tokens"])
        gold = {g_ends[e - 1] for _, e in doc["sentences"]}
        if lenient:
            gold = {g for g in gold if text[g - 1] not in ":;"}
        pred_ends, pred_tokens = run(text)
        pred = set(pred_ends)
        end = max(g_ends[-1] if g_ends else 0, max(pred, default=0))
        gold.discard(end)
        pred.discard(end)
        if lenient:
            pred = {p for p in pred if text[p - 1] not in ":;"}
        s_tp += len(gold & pred)
        s_pred += len(pred)
        s_gold += len(gold)
        gold_tokens = set(zip(g_starts, g_ends, strict=True))
        t_tp += len(gold_tokens & set(pred_tokens))
        t_pred += len(pred_tokens)
        t_gold += len(gold_tokens)
        for kind, offsets in (("FP", pred - gold), ("FN", gold - pred)):
            for at in sorted(offsets):
                if shown < errors:
                    shown += 1
                    context = (text[max(0, at - 50) : at] + " ‖ " + text[at : at + 30]).replace(
                        "\n", "⏎"
                    )
                    print(f"  {kind} {doc['doc_id']}: {context}")
    p, r, f = prf(s_tp, s_pred, s_gold)
    tp, tr, tf = prf(t_tp, t_pred, t_gold)
    print(
        f"{name:8s} sentences P {p:.3f} R {r:.3f} F1 {f:.3f} (gold {s_gold}, ours {s_pred})"
        f" | tokens P {tp:.3f} R {tr:.3f} F1 {tf:.3f}"
    )


_NO_SPACE_BEFORE = {".", ",", ":", ";", "?", "!", ")", "%", "''", "'s", "n't", "'re", "'ll", "'ve"}
_NO_SPACE_AFTER = {"(", "$", "``", "#"}


def detokenised(doc: dict) -> tuple[str, set[int]]:
    """Running text rebuilt from a MEANTIME document, and its gold sentence end offsets."""
    text, ends = "", set()
    lines = doc["text"].split("\n")
    for number, line in enumerate(lines):
        if text:
            text += "\n\n" if number <= 2 else " "
        previous = None
        for token in line.split(" "):
            joined = token in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER
            if previous is not None and not joined:
                text += " "
            text += {"``": "“", "''": "”"}.get(token, token)
            previous = token
        ends.add(len(text))
    return text, ends


def score_english(data: Path) -> None:
    path = data / "en-news-meantime" / "meantime_en_docs.jsonl"
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    import spacy

    from zufolge.analyze import split_sentences

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    counts = {"zufolge": [0, 0, 0], "spacy": [0, 0, 0]}
    for doc in docs:
        text, gold = detokenised(doc)
        gold.discard(len(text))
        ours = {e for _, e in split_sentences(text, "en")}
        theirs = set()
        for sent in nlp(text).sents:
            words = [t for t in sent if not t.is_space]
            if words:
                theirs.add(words[-1].idx + len(words[-1]))
        for name, pred in (("zufolge", ours), ("spacy", theirs)):
            pred.discard(len(text))
            counts[name][0] += len(pred & gold)
            counts[name][1] += len(pred)
            counts[name][2] += len(gold)
    print(f"en-news-meantime (detokenised): {len(docs)} documents")
    for name, (tp, predicted, gold_count) in counts.items():
        p, r, f = prf(tp, predicted, gold_count)
        print(f"{name:8s} sentences P {p:.3f} R {r:.3f} F1 {f:.3f} (gold {gold_count})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--split", default="dev")
    parser.add_argument("--errors", type=int, default=0, help="print this many of our errors")
    parser.add_argument("--english", action="store_true", help="also score en-news-meantime")
    args = parser.parse_args()
    path = args.data / "de-news-quotes" / f"{args.split}.jsonl"
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    print(f"de-news-quotes {args.split}: {len(docs)} documents")
    spacy_run = spacy_runner()
    for lenient in (False, True):
        print("lenient (no ':' ';' boundaries):" if lenient else "strict:")
        score("zufolge", ours, docs, lenient, 0 if lenient else args.errors)
        score("spacy", spacy_run, docs, lenient, 0)
    if args.english:
        score_english(args.data)


if __name__ == "__main__":
    main()
