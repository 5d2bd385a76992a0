"""Build a ``Doc``: language, sentences and tokens as character offsets.

Sentences come first: candidate boundaries are found by one regex, and each is decided by
a look at the word before it (abbreviation? ordinal date? initial?). Tokens are then found
sentence by sentence with one compiled regex, so a period that ends a sentence is always its
own token and one inside it ("am 3. Oktober", "z. B.") stays with its word.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

from zufolge.model import Article, Doc

# Languages the identifier may choose from: the ones we analyse plus their usual confusions.
CANDIDATE_LANGUAGES = ["de", "en", "fr", "es", "it", "nl", "pl", "pt", "ru", "tr", "sv", "da"]
SUPPORTED = ("de", "en")
LANGUAGE_SAMPLE = 2000  # characters given to the identifier
MIN_LANGUAGE_CHARS = 12  # below this, no guess is better than a wrong one
# Sentences longer than this are cut at the last comma or space before the limit, so no later
# stage meets an unbounded "sentence" in text without punctuation.
MAX_SENTENCE_CHARS = 1200
# A single newline ends a sentence unless it only wraps a long line of running text.
WRAPPED_LINE_CHARS = 60

_BOUNDARY = re.compile(r"[.!?…]+[“”\"»«’')\]]*(?=\s+[„“\"»«‚‘(\[]?[\w])")
_WORD_BEFORE = re.compile(r"(?:[\w]+\.)*[\w]+$")
_NUMBER_BEFORE = re.compile(r"(\w+)?\s*\b(\d{1,2})$")
_NEXT_WORD = re.compile(r"\s+[„“\"»«‚‘(\[]?([\w]+)")
_LINE_BREAK = re.compile(r"\n")


@dataclass(frozen=True, slots=True)
class LanguageData:
    abbreviations: frozenset[str]
    months: frozenset[str]
    ordinal_context: frozenset[str]
    token_regex: re.Pattern[str]


def _words(language: str, name: str) -> frozenset[str]:
    path = resources.files("zufolge") / "lang" / language / name
    if not path.is_file():
        return frozenset()
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


@cache
def language_data(language: str) -> LanguageData:
    lang = language if language in SUPPORTED else "de"
    abbreviations = _words(lang, "abbreviations.txt")
    multi_letter = sorted((a for a in abbreviations if len(a) > 1), key=len, reverse=True)
    abbreviation = "|".join(re.escape(a) for a in multi_letter)
    token_regex = re.compile(
        r"https?://\S+[\w/]|www\.\S+[\w/]|[\w.+-]+@[\w-]+\.[\w.]+\w"  # URLs, e-mail addresses
        r"|(?:[^\W\d_]\.){2,}"  # dotted abbreviations: u.a. U.S.
        rf"|(?i:\b(?:{abbreviation})\.(?=\s*\S))"  # listed abbreviations, not at sentence end
        r"|\d+(?:[.,:/]\d+)*(?:\.(?=\s+\S))?"  # numbers; "3." inside a sentence is an ordinal
        r"|[^\W_](?:[\w]|[-'’](?=\w))*(?:-(?=\s+(?:und|oder|and|or|bis)\b))?"  # words
        r"|[^\w\s]",  # any other character: punctuation, quotation marks of every style
    )
    return LanguageData(
        abbreviations, _words(lang, "months.txt"), _words(lang, "ordinal-context.txt"), token_regex
    )


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(CANDIDATE_LANGUAGES)
    return identifier


def detect_language(text: str, title: str | None = None) -> str:
    """``de``, ``en`` or ``other`` for the article's text (title included when given)."""
    sample = ((title or "") + "\n" + text[:LANGUAGE_SAMPLE]).strip()
    if sum(c.isalpha() for c in sample) < MIN_LANGUAGE_CHARS:
        return "other"
    language, _ = _identifier().classify(sample)
    return language if language in SUPPORTED else "other"


def _is_boundary(text: str, at: int, end: int, data: LanguageData) -> bool:
    """Whether the punctuation run text[at:end] ends a sentence."""
    following = _NEXT_WORD.match(text, end)
    if following and following.group(1)[0].islower():
        return False  # »Nein!« sagte sie. — sentences do not start in lower case
    if text[at] != "." or end - at > 1:
        return True  # ! ? … and runs like "?!" or "..." followed by a capital end sentences
    before = text[max(0, at - 40) : at]
    word = _WORD_BEFORE.search(before)
    if word:
        w = word.group().lower()
        if w in data.abbreviations or ("." in w and w.replace(".", "") != w):
            return False
        number = _NUMBER_BEFORE.search(before)
        if number:
            next_word = following.group(1).lower() if following else ""
            if next_word in data.months:
                return False  # "am 3. Oktober"
            if number.group(1) and number.group(1).lower() in data.ordinal_context:
                return False  # "der 2. Weltkrieg", "am 17. März"
    return True


def _split_long(start: int, end: int, text: str) -> list[tuple[int, int]]:
    out = []
    while end - start > MAX_SENTENCE_CHARS:
        window = text[start : start + MAX_SENTENCE_CHARS]
        cut = max(window.rfind(", "), window.rfind("; "))
        if cut < MAX_SENTENCE_CHARS // 2:
            cut = window.rfind(" ")
        cut = start + (cut + 1 if cut > 0 else MAX_SENTENCE_CHARS)
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _line_ends(text: str) -> list[int]:
    """Offsets where a newline ends a sentence (every blank line; a single newline unless it
    wraps a long line of running text that continues in lower case)."""
    ends = []
    for m in _LINE_BREAK.finditer(text):
        at = m.start()
        line_start = text.rfind("\n", 0, at) + 1
        line = text[line_start:at]
        following = text[at + 1 : at + 2]
        wrapped = (
            len(line) >= WRAPPED_LINE_CHARS
            and line.rstrip()[-1:] not in '.!?:“”"»«'
            and following.islower()
        )
        if not wrapped:
            ends.append(at)
    return ends


def split_sentences(text: str, language: str) -> list[tuple[int, int]]:
    data = language_data(language)
    cuts = {0, len(text)}
    cuts.update(_line_ends(text))
    for m in _BOUNDARY.finditer(text):
        if _is_boundary(text, m.start(), m.end(), data):
            cuts.add(m.end())
    sentences = []
    ordered = sorted(cuts)
    for start, end in pairwise(ordered):
        span = _trimmed(text, start, end)
        if span:
            sentences.extend(_split_long(*span, text))
    return sentences


def tokenize(
    text: str, sentences: list[tuple[int, int]], language: str
) -> tuple[list[int], list[int]]:
    regex = language_data(language).token_regex
    starts: list[int] = []
    ends: list[int] = []
    for s, e in sentences:
        for m in regex.finditer(text, s, e):
            starts.append(m.start())
            ends.append(m.end())
    return starts, ends


def analyze(article: Article, *, language: str = "auto") -> Doc:
    text = article.text
    lang = language if language in SUPPORTED else detect_language(text, article.title)
    sentences = split_sentences(text, lang)
    starts, ends = tokenize(text, sentences, lang)
    return Doc(article, lang, sentences, starts, ends)


def token_index_at(doc: Doc, offset: int) -> int:
    """Index of the token that contains or follows character ``offset``."""
    return bisect_left(doc.token_ends, offset + 1)
