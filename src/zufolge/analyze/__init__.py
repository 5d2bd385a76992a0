"""analyze: ``Article`` → ``Doc`` (language, sentences, tokens with character offsets)."""

from zufolge.analyze.doc import analyze, resolve_language
from zufolge.analyze.language import detect_language
from zufolge.analyze.sentences import MAX_SENTENCE_CHARS, split_sentences
from zufolge.analyze.spans import (
    sentence_index_at,
    sentence_tokens,
    token_at,
    token_index_at,
    token_range,
    token_texts,
)
from zufolge.analyze.tokens import tokenize

__all__ = [
    "MAX_SENTENCE_CHARS",
    "analyze",
    "detect_language",
    "resolve_language",
    "sentence_index_at",
    "sentence_tokens",
    "split_sentences",
    "token_at",
    "token_index_at",
    "token_range",
    "token_texts",
    "tokenize",
]
