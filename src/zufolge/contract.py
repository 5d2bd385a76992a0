"""The JSON contract ``zufolge/1`` (see DESIGN.md): one object per document.

Fields never disappear: empty means ``[]`` or ``null``. The JSON Schema that pins the
contract ships in the package as ``zufolge-1.schema.json`` and is what the tests validate.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import Any

from zufolge.model import Analysis, Attribution, Span

SCHEMA = "zufolge/1"


def document_id(text: str) -> str:
    """Stable id: first 16 hex digits of the SHA-256 of the cleaned text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def span_json(span: Span | None) -> dict[str, Any] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "text": span.text}


def _spans(spans: list[Span]) -> list[dict[str, Any]]:
    # Most span lists hold no span or one (cues, frames, messages): a comprehension's own call
    # costs more than its work there.
    if len(spans) == 1:
        span = spans[0]
        return [{"start": span.start, "end": span.end, "text": span.text}]
    if not spans:
        return []
    return [{"start": s.start, "end": s.end, "text": s.text} for s in spans]


def attribution_json(a: Attribution) -> dict[str, Any]:
    source = None
    if a.source is not None:
        span = a.source.span
        source = {
            "start": span.start if span else None,
            "end": span.end if span else None,
            "text": span.text if span else None,
            "resolved": a.source.resolved,
            "type": a.source.type,
        }
    return {
        "id": a.id,
        "kind": a.kind,
        "cue": _spans(a.cue),
        "source": source,
        "message": _spans(a.message),
        "addressee": span_json(a.addressee),
        "frame": _spans(a.frame),
        "chain": list(a.chain),
        "nested_in": a.nested_in,
        "certainty": (
            {"level": a.certainty.level, "cues": _spans(a.certainty.cues)} if a.certainty else None
        ),
        "stance": (
            {"polarity": a.stance.polarity, "target": a.stance.target} if a.stance else None
        ),
    }


def to_json(analysis: Analysis) -> dict[str, Any]:
    """Serialise an ``Analysis`` to a plain dict in the ``zufolge/1`` contract."""
    doc = analysis.doc
    art = doc.article
    return {
        "schema": SCHEMA,
        "document": {
            "id": document_id(art.text),
            "path": art.path,
            "url": art.url,
            "outlet": art.outlet,
            "author": art.author,
            "title": art.title,
            "published": art.published,
            "language": doc.language,
            "text": art.text,
            "paragraphs": [
                {"start": p.start, "end": p.end, "kind": p.kind} for p in art.paragraphs
            ],
            "removed": [{"kind": r.kind, "text": r.text} for r in art.removed],
        },
        "sentences": [{"start": s, "end": e} for s, e in doc.sentences],
        "attributions": [attribution_json(a) for a in analysis.attributions],
        "entities": [
            {"id": e.id, "label": e.label, "canonical": e.canonical, "mentions": _spans(e.mentions)}
            for e in analysis.entities
        ],
        "places": [
            {
                "start": p.span.start,
                "end": p.span.end,
                "text": p.span.text,
                "name": p.name,
                "lat": p.lat,
                "lon": p.lon,
                "country": p.country,
            }
            for p in analysis.places
        ],
        "times": [
            {
                "start": t.span.start,
                "end": t.span.end,
                "text": t.span.text,
                "value": t.value,
                "anchor": t.anchor,
            }
            for t in analysis.times
        ],
        "quantities": [
            {
                "start": q.span.start,
                "end": q.span.end,
                "text": q.span.text,
                "value": q.value,
                "min": q.min,
                "max": q.max,
                "unit": q.unit,
            }
            for q in analysis.quantities
        ],
    }


def dumps(obj: dict[str, Any], *, indent: int | None = None) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=indent)


@cache
def json_schema() -> dict[str, Any]:
    """The JSON Schema of the contract, as shipped in the package."""
    path = resources.files("zufolge") / "zufolge-1.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def validate(obj: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when ``obj`` breaks the contract."""
    import jsonschema  # imported lazily: only tests and ``--validate`` pay for it

    jsonschema.validate(obj, json_schema())
