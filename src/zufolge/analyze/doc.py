"""Build a ``Doc`` (PLACEHOLDER, being replaced)."""

from __future__ import annotations

import re

from zufolge.model import Article, Doc

_TOKEN = re.compile(r"\w+|[^\w\s]")
_SENT = re.compile(r"[^.!?]+[.!?]*")


def analyze(article: Article, *, language: str = "auto") -> Doc:
    text = article.text
    starts, ends = [], []
    for m in _TOKEN.finditer(text):
        starts.append(m.start())
        ends.append(m.end())
    sents = [(m.start(), m.end()) for m in _SENT.finditer(text) if m.group().strip()]
    lang = "de" if language == "auto" else language
    return Doc(article, lang, sents, starts, ends)
