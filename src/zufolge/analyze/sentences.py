"""Sentence boundaries as character offsets.

Hard boundaries first: paragraph edges, blank lines and line breaks (a headline or subheading
without final punctuation is its own sentence; a line break that merely wraps running text is
not a boundary). Then one regex finds every candidate inside a line — sentence punctuation,
closing quotes, whitespace, then the next word — and each candidate is decided by a look at
the words on either side of it:

- a lower-case next word never starts a sentence (``»Nein!« sagte sie.``);
- ``!``, ``?``, ``…`` and runs like ``?!`` end one; so does a period after a closing bracket or
  quote, or after an ordinary word;
- a listed abbreviation ("Dr.", "z. B.", "Mr.") never ends one;
- ambiguous periods — abbreviations that can end a sentence ("usw.", "U.S."), single letters
  ("Wladimir W. Putin"), dotted initials — end one only before a typical sentence start
  ("Die", "Er", "The");
- after a number: an ordinal before a month or a counted noun ("am 3. Oktober", "im 16.
  Jahrhundert"), after a quote ("„2. Deutscher …"), an ordinal context word or an adjective
  ("der 2. Weltkrieg", "des stationierten 1. Bataillons"), in a result list ("…, 4. Igor
  Glawan") or at the start of a line ("2. Tag: …") is kept; a year, an amount or a number
  after a noun ends the sentence ("im Jahr 2016. Das", "auf Platz 3. Trainer …").

Colons and semicolons never end a sentence: "Er sagte: „…“" stays one unit for the
attribution extractor. Sentences longer than ``MAX_SENTENCE_CHARS`` are cut at the last
comma, semicolon or space before the limit, so no later stage meets an unbounded "sentence"
in text without punctuation.
"""

from __future__ import annotations

import re
from itertools import pairwise

from zufolge.analyze.data import LanguageData, abbreviation_key, language_data

MAX_SENTENCE_CHARS = 1200
# A single line break inside running text is a wrap, not a boundary, only after a long line.
WRAPPED_LINE_CHARS = 60

OPENING = "„“\"»«‚‘'(["
CLOSING = "“”\"»«’‘')]"
_TERMINAL = ".!?…:;" + CLOSING  # a line ending in one of these is not a wrapped line

# "[.!?…][.!?…]*" rather than "[.!?…]+": a pattern that opens with a character class lets the
# regex engine skip ahead to the next candidate character instead of trying every position.
_CANDIDATE = re.compile(
    rf"([.!?…][.!?…]*)([{re.escape(CLOSING)}]*)(?=\s+[{re.escape(OPENING)}]*(\w+))"
)
_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")
_LIST_BEFORE_RANK = ",:;-–)"
_ROMAN = re.compile(r"[IVXLC]+")  # "Heinrich VIII.", "die XX. Kategorie"
_SHORT_DATE = re.compile(r"\d{1,2}\.\d{1,2}")  # "17.10." without a year
_DOTTED_PART = re.compile(r"[^\W\d_]{1,4}\.")
# A period between two words without a space ("verschwunden.Der"), common in scraped text.
_GLUED = re.compile(r"[.!?](?<=\w\w[.!?])(?=([^\W\d_]\w+))")  # lookbehind second: faster
_LINE_BREAK = re.compile(r"\n")
_WHITESPACE = re.compile(r"\s*")
_WORDS_BEFORE = 48  # characters looked at before a candidate period


def _is_sentence_start(word: str, data: LanguageData) -> bool:
    return word[:1].isupper() and word.lower() in data.function_words


def _abbreviation_kind(parts: list[str], data: LanguageData) -> str | None:
    """ "never", "ambiguous" or None (not an abbreviation) for the words before a period.

    ``parts`` are the whitespace-separated chunks before the period, the last one touching it;
    "z. B." is ["…", "z.", "B"], so short dotted chunks before the last are joined to it.
    """
    last = parts[-1]
    keys = [abbreviation_key(last)]
    joined = last
    for part in reversed(parts[-4:-1] if len(last) <= 3 else ()):
        if not _DOTTED_PART.fullmatch(part):
            break
        joined = part + joined
        keys.append(abbreviation_key(joined))
    for key in reversed(keys):  # longest first: "i. d. R." before "R."
        for variant in (key, key[:1].lower() + key[1:]):  # "Bzw." at a sentence start
            if variant in data.abbreviations:
                return "never"
            if variant in data.final_abbreviations:
                return "ambiguous"
    if len(last) == 1 or "." in last or len(keys) > 1 or _ROMAN.fullmatch(last):
        return "ambiguous"  # an initial "W.", dotted letters "J.P.", a run like "a. D."
    return None


def _ends_after_number(
    number: str, parts: list[str], opened: bool, next_word: str, data: LanguageData
) -> bool:
    """Whether "<number>. <Next>" ends a sentence; German writes ordinals with a period."""
    if not data.has_ordinal_period:
        return True
    if next_word.lower() in data.after_ordinal:
        return False  # "am 3. Oktober", "im 16. Jahrhundert"
    if _is_sentence_start(next_word, data):
        return True  # "im Jahr 2016. Das", "am 17.10. Der"
    if opened:
        return False  # "beim „2. Deutschen Klimakongress"
    if len(number) > 3 and not _SHORT_DATE.fullmatch(number):
        return True  # a year or an amount: "im Jahr 2016. Trainer …", "auf 5.000. Helfer …"
    previous = parts[-2] if len(parts) > 1 else ""
    if not previous:
        return True
    if previous[-1] in _LIST_BEFORE_RANK or previous[-1].isdigit():
        return False  # ranks in a result list: "1:19:57, 4. Igor Glawan", "BSC - 1. FC Köln"
    # "der 2. Weltkrieg"; an adjective: "des stationierten 1. Bataillons"; but after a noun
    # the number ends the sentence: "auf Platz 3. Trainer Meier …"
    return not (previous.lower() in data.ordinal_context or previous[0].islower())


def _period_ends_sentence(text: str, at: int, next_word: str, data: LanguageData) -> bool:
    window = text[max(0, at - _WORDS_BEFORE) : at]
    # the rules look at the last four chunks at most: split no further than that
    parts = window.rsplit(None, 4)
    if not parts:
        return True
    chunk = parts[-1]
    if not chunk[-1].isalnum():
        return True  # "(siehe oben). Das", "„Gut“. Dann"
    core = chunk.lstrip(OPENING)
    opened = len(core) < len(chunk)
    parts[-1] = core
    if _NUMBER.fullmatch(core):
        if len(window[window.rfind("\n") + 1 :].split()) == 1:
            return False  # a numbered line: "2. Tag: …"
        return _ends_after_number(core, parts, opened, next_word, data)
    kind = _abbreviation_kind(parts, data)
    if kind == "never":
        return False
    if kind == "ambiguous":
        return _is_sentence_start(next_word, data)
    return True


def _candidate_ends(text: str, data: LanguageData) -> list[int]:
    ends = []
    for m in _CANDIDATE.finditer(text):
        punctuation, closing, next_word = m.groups()
        if next_word[0].islower() and not next_word[1:2].isupper():
            continue  # sentences do not start in lower case ("iPhone" and "eBay" may)
        if m.start() > 0 and text[m.start() - 1] in "([":
            continue  # an omission, "[…]" or "(...)", inside a quotation
        if (
            punctuation != "."  # ! ? … and runs like "?!" or "..."
            or closing.rstrip(")]")  # a quotation ends with the period: „Wir warten.“ Dann
            or _period_ends_sentence(text, m.start(), next_word, data)
        ):
            ends.append(m.end())
    for m in _GLUED.finditer(text):
        next_word = m.group(1)
        if (
            next_word.istitle()
            and text[m.start() - 1].islower()
            and (m.group() != "." or _period_ends_sentence(text, m.start(), next_word, data))
        ):
            ends.append(m.end())
    return ends


def _line_ends(text: str, data: LanguageData) -> list[int]:
    """Offsets of the line breaks that end a sentence: all but the wraps of running text —
    a long line without final punctuation that continues in lower case, or ends in a comma,
    a hyphen or a function word."""
    ends = []
    line_start = 0
    for m in _LINE_BREAK.finditer(text):
        at = m.start()
        line = text[line_start:at].rstrip()
        line_start = at + 1
        if len(line) >= WRAPPED_LINE_CHARS and line[-1] not in _TERMINAL:
            following = text[at + 1 : at + 2]
            last_word = line.rsplit(None, 1)[-1]
            if (
                following.islower()
                or line[-1] in ",-"
                or (last_word.islower() and last_word in data.function_words)
            ):
                continue
        ends.append(at)
    return ends


def _split_long(start: int, end: int, text: str) -> list[tuple[int, int]]:
    out = []
    while end - start > MAX_SENTENCE_CHARS:
        window = text[start : start + MAX_SENTENCE_CHARS]
        cut = max(window.rfind(", "), window.rfind("; "))
        if cut < MAX_SENTENCE_CHARS // 2:
            cut = window.rfind(" ")
        cut = start + (cut + 1 if cut > 0 else MAX_SENTENCE_CHARS)
        out.append((start, start + len(text[start:cut].rstrip())))
        start = _WHITESPACE.match(text, cut).end()
    out.append((start, end))
    return out


def split_sentences(
    text: str, language: str, hard_breaks: list[int] | tuple[int, ...] = ()
) -> list[tuple[int, int]]:
    """Sentences of ``text`` as ``(start, end)`` offsets, trimmed of surrounding whitespace.

    ``hard_breaks`` are extra offsets no sentence crosses (paragraph starts and ends).
    """
    data = language_data(language)
    cuts = {0, len(text), *hard_breaks}
    cuts.update(_line_ends(text, data))
    cuts.update(_candidate_ends(text, data))
    sentences: list[tuple[int, int]] = []
    for start, end in pairwise(sorted(cuts)):
        piece = text[start:end]
        stripped = piece.strip()
        if not stripped:
            continue
        start += len(piece) - len(piece.lstrip())
        end = start + len(stripped)
        if end - start > MAX_SENTENCE_CHARS:
            sentences.extend(_split_long(start, end, text))
        else:
            sentences.append((start, end))
    return sentences
