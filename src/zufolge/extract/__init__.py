"""extract: ``Doc`` → ``Analysis`` (attributions, chains, certainty, entities, places, times,
quantities). Each extractor is a pure function of the Doc and what earlier extractors found."""

from zufolge.model import Analysis, Doc


def extract(doc: Doc) -> Analysis:
    # Attribution, certainty and entity extractors plug in here as they land.
    return Analysis(doc=doc)


__all__ = ["extract"]
