"""extract: ``Doc`` → ``Analysis`` (attributions, chains, certainty, entities, places, times,
quantities). Each extractor is a pure function of the Doc and what earlier extractors found.

The stages run in this order, and ``STAGES`` names them so benchmarks can time each alone:

  attribution  who says what, through whom, to whom (cue lexicon + CRF + rules)
  entities     persons, organisations, media outlets, places, with canonical names (CRF)
  places       gazetteer places with coordinates, relative descriptions kept as text
  times        time expressions normalised against the publication date
  quantities   numbers, number words, vague amounts, units and counted nouns
  certainty    how sure each statement is, which report it rates; the author's statements
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zufolge.extract.attribution import extract_attributions
from zufolge.extract.certainty import assess
from zufolge.extract.entities import find_entities
from zufolge.extract.places import find_places
from zufolge.extract.quantities import find_quantities
from zufolge.extract.times import find_times
from zufolge.model import Analysis, Attribution, Doc, Entity

STAGES: dict[str, Callable[[Doc], Any]] = {
    "attribution": extract_attributions,
    "entities": find_entities,
    "places": find_places,
    "times": find_times,
    "quantities": find_quantities,
}


def extract(doc: Doc) -> Analysis:
    attributions = extract_attributions(doc)
    entities = find_entities(doc)
    _type_outlets(attributions, entities)
    return Analysis(
        doc=doc,
        attributions=assess(doc, attributions),
        entities=entities,
        places=find_places(doc),
        times=find_times(doc),
        quantities=find_quantities(doc),
    )


def _type_outlets(attributions: list[Attribution], entities: list[Entity]) -> None:
    """A source the entity stage knows as a media outlet ("the Daily Courier newspaper") is
    typed media even when the outlet list does not name it: certainty and stance prefer
    reports of the media when a statement rates "the report"."""
    outlets = [m for e in entities if e.label == "MEDIA" for m in e.mentions]
    for a in attributions:
        span = a.source.span if a.source else None
        if span is None or a.source.type not in ("person", "anonymous"):
            continue
        if any(m.start < span.end and span.start < m.end for m in outlets):
            a.source.type = "media"


__all__ = ["STAGES", "extract"]
