"""analyze: ``Article`` → ``Doc`` (language, sentences, tokens with character offsets)."""

from zufolge.analyze.doc import analyze

__all__ = ["analyze"]
