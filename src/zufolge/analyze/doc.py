"""Build a ``Doc``: language, sentences, then tokens inside sentences, all as character offsets
into ``article.text``. See ``language``, ``sentences`` and ``tokens`` for the rules."""

from __future__ import annotations

from zufolge.analyze.data import SUPPORTED
from zufolge.analyze.language import detect_language
from zufolge.analyze.sentences import split_sentences
from zufolge.analyze.tokens import tokenize
from zufolge.model import Article, Doc


def resolve_language(article: Article, language: str = "auto") -> str:
    """``auto`` detects; ``de``/``en`` are taken as given; any other code means ``other``."""
    if language == "auto":
        return detect_language(article.text, article.title)
    return language if language in SUPPORTED else "other"


def analyze(article: Article, *, language: str = "auto") -> Doc:
    text = article.text
    lang = resolve_language(article, language)
    breaks = [edge for p in article.paragraphs for edge in (p.start, p.end)]
    sentences = split_sentences(text, lang, breaks)
    starts, ends = tokenize(text, sentences, lang)
    return Doc(article, lang, sentences, starts, ends)
