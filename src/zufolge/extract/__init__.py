"""extract: ``Doc`` → ``Analysis`` (attributions, chains, certainty, entities, places, times,
quantities). Each extractor is a pure function of the Doc and what earlier extractors found."""

from zufolge.extract.attribution import extract_attributions
from zufolge.model import Analysis, Doc


def extract(doc: Doc) -> Analysis:
    return Analysis(doc=doc, attributions=extract_attributions(doc))


__all__ = ["extract"]
