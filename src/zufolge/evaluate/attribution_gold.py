"""Gold attribution sets in one common form: role → set of token indices, per attribution.

Three sets are read (``../shared/data``), each keeping its own role names on disk:

- de-news-quotes: the gold ``tokens``; roles quote, speaker, cue, frame, addressee (our names).
- en-news-polnear: whitespace tokens of ``text``; Content and Content2 → quote, Source →
  speaker, Cue → cue.
- de-debates-spkatt: the gold ``tokens``; Message → quote, Source → speaker, Addr → addressee,
  the attribution's own ``cue`` → cue (Topic, Medium, Evidence, PTC are not scored).

de-debates-spkatt has no ``text``: we rebuild it from the tokens (single spaces inside a
sentence, a newline between sentences), so the pipeline has something to read and every token
has character offsets.

Token offsets are what lets a predicted *character* span (the ``zufolge/1`` contract) become a
set of gold tokens: a token belongs to a span when the span covers at least one of its
characters. De-news-quotes' ``char_spans`` map onto exactly its ``tokens`` under this rule
(checked on train and dev), so gold spans round-trip losslessly.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROLES = ("quote", "speaker", "cue", "frame", "addressee")

NEWS_QUOTES = "de-news-quotes"
POLNEAR = "en-news-polnear"
SPKATT = "de-debates-spkatt"

# Their role names → ours; names missing here are not scored.
ROLE_NAMES: dict[str, dict[str, str]] = {
    NEWS_QUOTES: {r: r for r in ROLES},
    POLNEAR: {"Content": "quote", "Content2": "quote", "Source": "speaker", "Cue": "cue"},
    SPKATT: {"Message": "quote", "Source": "speaker", "Addr": "addressee", "cue": "cue"},
}
# Roles each set annotates; the others are neither gold nor counted against a prediction.
SET_ROLES: dict[str, tuple[str, ...]] = {
    NEWS_QUOTES: ROLES,
    POLNEAR: ("quote", "speaker", "cue"),
    SPKATT: ("quote", "speaker", "cue", "addressee"),
}

_WHITESPACE_TOKEN = re.compile(r"\S+")

Roles = dict[str, frozenset[int]]
Offsets = list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    kind: str  # the set's type: Direct, Indirect, …; "Attribution" when the set has none
    roles: Roles  # only scored roles, only non-empty ones
    nested: bool = False  # de-news-quotes ``isNested``: inside another attribution's quote


@dataclass(slots=True)
class GoldDocument:
    doc_id: str
    dataset: str  # NEWS_QUOTES | POLNEAR | SPKATT
    language: str  # "de" | "en"
    text: str
    offsets: Offsets  # character span of every token in ``text``
    sentences: list[tuple[int, int]]  # token ranges [start, end)
    attributions: list[GoldAttribution] = field(default_factory=list)

    @property
    def roles(self) -> tuple[str, ...]:
        return SET_ROLES[self.dataset]


def detect_dataset(record: dict[str, Any]) -> str:
    """Which of the three sets a record comes from (by its ``dataset`` field, else its shape)."""
    name = str(record.get("dataset", "")).lower()
    if "polnear" in name:
        return POLNEAR
    if "spkatt" in name and "task1" in name.replace("-", "").replace(" ", ""):
        return SPKATT
    if "wikinews" in name or "task 2" in name:
        return NEWS_QUOTES
    # No telling name: judge by the fields the sets differ in.
    first = next(iter(record.get("attributions") or []), {})
    if not record.get("text") and record.get("tokens"):
        return SPKATT
    if not record.get("tokens"):
        return POLNEAR
    if "cue" in first and "cue" not in first.get("roles", {}):
        return SPKATT
    return NEWS_QUOTES


def token_offsets(text: str, tokens: list[str]) -> Offsets:
    """Character span of each token, found left to right in ``text``."""
    offsets: Offsets = []
    at = 0
    for token in tokens:
        found = text.find(token, at)
        if found < 0:  # spelled differently in the text: zero width, never covered by a span
            offsets.append((at, at))
            continue
        offsets.append((found, found + len(token)))
        at = found + len(token)
    return offsets


def whitespace_offsets(text: str) -> Offsets:
    return [(m.start(), m.end()) for m in _WHITESPACE_TOKEN.finditer(text)]


def text_from_tokens(tokens: list[str], sentences: list[list[int]]) -> tuple[str, Offsets]:
    """Rebuild a text for a set that has only tokens: spaces within, newlines between sentences."""
    breaks = {start for start, _ in sentences[1:]}
    parts: list[str] = []
    offsets: Offsets = []
    at = 0
    for i, token in enumerate(tokens):
        if i:
            sep = "\n" if i in breaks else " "
            parts.append(sep)
            at += 1
        parts.append(token)
        offsets.append((at, at + len(token)))
        at += len(token)
    return "".join(parts), offsets


TokenIndex = tuple[list[int], list[int]]  # token starts, token ends


def token_index(offsets: Offsets) -> TokenIndex:
    return [s for s, _ in offsets], [e for _, e in offsets]


def tokens_of_spans(
    spans: Iterable[tuple[int, int]], offsets: Offsets, index: TokenIndex | None = None
) -> frozenset[int]:
    """Indices of the tokens that share at least one character with one of ``spans``.

    ``offsets`` must be sorted (tokens in text order), so two bisections find each range;
    pass ``index`` (from ``token_index``) when mapping many spans of one document.
    """
    starts, ends = index or token_index(offsets)
    out: set[int] = set()
    for a, b in spans:
        if b <= a:
            continue
        # first token ending after a … last token starting before b; zero-width tokens have
        # no character to cover
        hits = range(bisect_right(ends, a), bisect_left(starts, b))
        out.update(i for i in hits if ends[i] > starts[i])
    return frozenset(out)


def spans_of_tokens(indices: Iterable[int], offsets: Offsets) -> list[tuple[int, int]]:
    """Contiguous runs of token indices as character spans (for display and round trips)."""
    runs: list[tuple[int, int]] = []
    for i in sorted(indices):
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return [(offsets[a][0], offsets[b][1]) for a, b in runs]


def _role_tokens(value: dict[str, Any], offsets: Offsets, has_tokens: bool) -> frozenset[int]:
    if has_tokens and value.get("tokens") is not None:
        return frozenset(value["tokens"])
    return tokens_of_spans((tuple(s) for s in value.get("char_spans", [])), offsets)


def load_record(record: dict[str, Any], dataset: str | None = None) -> GoldDocument:
    """One JSONL record of any of the three sets in the common form."""
    dataset = dataset or detect_dataset(record)
    tokens = record.get("tokens") or []
    sentences = [tuple(s) for s in record.get("sentences") or []]
    if dataset == SPKATT:
        text, offsets = text_from_tokens(tokens, record.get("sentences") or [])
    elif tokens:
        text, offsets = record["text"], token_offsets(record["text"], tokens)
    else:
        text, offsets = record["text"], whitespace_offsets(record["text"])
    names = ROLE_NAMES[dataset]
    attributions = []
    for a in record.get("attributions", []):
        found = dict(a.get("roles", {}))
        if dataset == SPKATT and a.get("cue"):
            found["cue"] = a["cue"]
        roles: dict[str, frozenset[int]] = {}
        for name, value in found.items():
            role = names.get(name)
            if role is None:
                continue
            indices = _role_tokens(value, offsets, has_tokens=bool(tokens))
            if indices:
                roles[role] = roles.get(role, frozenset()) | indices
        attributions.append(
            GoldAttribution(
                kind=str(a.get("type") or "Attribution"),
                roles=roles,
                nested=bool(a.get("isNested", False)),
            )
        )
    return GoldDocument(
        doc_id=str(record.get("doc_id", "")),
        dataset=dataset,
        language=record.get("lang") if record.get("lang") in ("de", "en") else "de",
        text=text,
        offsets=offsets,
        sentences=sentences,
        attributions=attributions,
    )


def read_gold(path: str | Path, limit: int | None = None) -> Iterator[GoldDocument]:
    """Documents of a gold JSONL file; the set is detected from the first record."""
    dataset: str | None = None
    with open(path, encoding="utf-8") as f:
        count = 0
        for line in f:
            if not line.strip():
                continue
            if limit is not None and count >= limit:
                return
            record = json.loads(line)
            dataset = dataset or detect_dataset(record)
            yield load_record(record, dataset)
            count += 1
