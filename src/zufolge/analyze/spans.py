"""Look-ups on a ``Doc`` that the extractors share: which token or sentence holds an offset,
which tokens a sentence or span covers. All are bisections over the offset lists."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import itemgetter

from zufolge.model import Doc

_TEXTS_CACHE_SIZE = 4
_texts_cache: list[tuple[Doc, list[str]]] = []


def token_index_at(doc: Doc, offset: int) -> int:
    """Index of the token that contains character ``offset``, or of the first token after it
    (``len(tokens)`` when there is none)."""
    return bisect_right(doc.token_ends, offset)


def token_at(doc: Doc, offset: int) -> int:
    """Index of the token that contains character ``offset``, or -1 (whitespace, out of range)."""
    i = bisect_right(doc.token_ends, offset)
    return i if i < len(doc.token_starts) and doc.token_starts[i] <= offset else -1


def token_range(doc: Doc, start: int, end: int) -> range:
    """Indices of the tokens that overlap the character span ``[start, end)``."""
    return range(bisect_right(doc.token_ends, start), bisect_left(doc.token_starts, end))


_start = itemgetter(0)  # a sentence's start: bisecting by it builds no tuple per call


def sentence_index_at(doc: Doc, offset: int) -> int:
    """Index of the sentence that contains character ``offset``, or -1 (between sentences)."""
    i = bisect_right(doc.sentences, offset, key=_start) - 1
    return i if i >= 0 and offset < doc.sentences[i][1] else -1


def sentence_tokens(doc: Doc, i: int) -> range:
    """Indices of the tokens of sentence ``i``."""
    start, end = doc.sentences[i]
    return range(bisect_left(doc.token_starts, start), bisect_left(doc.token_starts, end))


def token_texts(doc: Doc) -> list[str]:
    """The tokens' texts, computed once for the last few documents asked about (``Doc`` has
    slots and is unhashable, so the cache holds the documents themselves)."""
    for cached, texts in _texts_cache:
        if cached is doc and len(texts) == len(doc.token_starts):
            return texts
    texts = doc.tokens()
    _texts_cache.insert(0, (doc, texts))
    del _texts_cache[_TEXTS_CACHE_SIZE:]
    return texts
