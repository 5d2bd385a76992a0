"""Named entities with canonical names: persons (PER), organisations (ORG), news outlets
(MEDIA) and places (LOC).

1. A CRF trained on public gold (``zufolge train ner``; model card in ``models/README.md``)
   tags names token by token (``tagger``), with gazetteer hints from the language data.
2. Known outlets are merged in and names introduced by a media noun become MEDIA (``media``).
3. A name tagged once is a mention wherever it recurs, a person's surname too (``propagate``).
4. Mentions of one referent become one entity — spellings, transliterations, aliases,
   surnames — named by a canonical name (``link``).

A language without a model ("other") gets only the outlets the outlet list knows for sure.
"""

from __future__ import annotations

from zufolge.analyze import token_texts
from zufolge.extract.entities.data import EntityData, entity_data
from zufolge.extract.entities.link import link_entities
from zufolge.extract.entities.media import Mention, add_outlets, mark_media
from zufolge.extract.entities.propagate import propagate
from zufolge.extract.entities.tagger import doc_runs, packaged_tagger, tag_runs
from zufolge.model import Doc, Entity


def find_entities(doc: Doc) -> list[Entity]:
    """The document's entities, in order of first mention (ids "e1", "e2", …)."""
    return entities_with(doc, packaged_tagger(doc.language), entity_data(doc.language))


def entities_with(doc: Doc, tagger, data: EntityData) -> list[Entity]:
    """``find_entities`` with a given tagger (None: outlets only), e.g. one trained on the
    other folds in cross-validation."""
    starts, ends = doc.token_starts, doc.token_ends
    forms, runs = doc_runs(doc, data, tagger)
    mentions = [
        Mention(starts[s.start], ends[s.end - 1], s.start, s.label)
        for s in tag_runs(tagger, token_texts(doc), forms, runs)
    ]
    mentions = mark_media(doc, add_outlets(doc, mentions, data), forms, data)
    mentions = propagate(doc, mentions, forms, data)
    return link_entities(doc.text, mentions, data)


__all__ = ["entities_with", "find_entities"]
