"""Tokens as character offsets, found by one compiled regex per language.

The regex runs sentence by sentence (``finditer`` with ``pos``/``endpos``), so its lookaheads
cannot see past the sentence end. That settles periods without a word list: a period inside a
sentence followed by more text belongs to its word ("Dr.", "z." "B.", "W.", "am 3. Oktober"),
the period that ends the sentence is its own token.

What stays one token:
- URLs, e-mail addresses and bare domains ("www.allinrechner.at", "spiegel.de");
- dotted abbreviations ("u.a.", "z.B.", "U.S.", "J.P."), also at a sentence end;
- words with inner hyphens or apostrophes ("Ukraine-Krieg", "Jong-un", "38-jährige",
  "geht's", "Ku'damm"), and a hyphen that suspends a compound ("Ein- und Ausfuhr");
- numbers with inner separators ("1.000", "3,5", "17.10.2024", "10:30", "2024-10-17");
- runs of "!" / "?" and of periods ("?!", "...").
What is split: every quotation mark of every style („ “ ” " ‚ ‘ ’ ' » « › ‹), brackets and
other punctuation, one character each; percent and currency signs ("5", "%"; "€", "3,5") as
spaCy and the Penn Treebank do; clitics listed in ``analyze-clitics.txt`` (English: "do"
"n't", "Clinton" "'s"). An apostrophe or ’ between two letters is part of the word, elsewhere
it is a quotation mark.
"""

from __future__ import annotations

import re
from functools import cache

from zufolge.analyze.data import language_data
from zufolge.langdata import LATIN1_WORD

_APOSTROPHE = "'’"
_DOMAINS = "com|org|net|edu|gov|info|io|eu|de|at|ch|uk|fr|it|es|nl|ru|pl"
_QUOTES = "\"“”„»«‚‘’'›‹"


def _clitic_patterns(clitics: tuple[str, ...]) -> tuple[str, str]:
    """(alternatives that match the clitics and the word before a letter-led clitic, guard
    that stops an inner apostrophe from swallowing an apostrophe-led clitic)."""
    tails = [re.escape(c[1:]) for c in clitics if c[0] in _APOSTROPHE]
    led = [
        re.escape(c[: c.index("'")]) + f"[{_APOSTROPHE}]" + re.escape(c[c.index("'") + 1 :])
        for c in clitics
        if c[0] not in _APOSTROPHE and "'" in c
    ]
    alternatives = []
    if led:
        joined = "|".join(led)
        alternatives.append(f"(?i:{joined})\\b")  # "n't"
        alternatives.append(f"[^\\W_]\\w*?(?=(?i:{joined})\\b)")  # "do" of "don't"
    if tails:
        alternatives.append(f"(?i:[{_APOSTROPHE}](?:{'|'.join(tails)})\\b)")  # "'s"
    guard = f"(?!(?i:{'|'.join(tails)})\\b)" if tails else ""
    return "|".join(alternatives), guard


# Characters that can continue a word past its run of letters and digits: inner hyphens and
# apostrophes, number separators, and the rare tails (e-mail, domain, URL scheme, kept period).
_CONTINUATION = "-‐'’.,:/@+"
# What a word runs on through: letters, digits, soft hyphens (the Latin-1 bitmap first: about
# 8 % faster than a bare ``[\w\u00ad]``, same characters)
_WORD_RUN = rf"[{LATIN1_WORD}\w\u00ad]"


@cache
def token_regex(language: str) -> re.Pattern[str]:
    """The token pattern; group 1 is the token (the match also covers the whitespace before it)."""
    clitics, apostrophe_guard = _clitic_patterns(language_data(language).clitics)
    # The common case — a plain word followed by a space — must cost one character-class run:
    # inner hyphens, apostrophes and number separators are whole-chunk repeats, and the rare
    # tails (e-mail, domain, dotted abbreviation, kept period) sit behind a one-character gate.
    word = (
        rf"[^\W_]{_WORD_RUN}*"  # letters, digits, soft hyphens
        rf"(?:(?:[-‐]|[{_APOSTROPHE}]{apostrophe_guard}){_WORD_RUN}+"  # "Jong-un", "geht's"
        r"|(?<=\d)[.,:/]\d\w*)*"  # number separators: "1.000,50", "10:30", "17.10.2024"
    )
    tails = (
        r"(?:(?=[.@+-])(?:"
        r"(?:[.+-]\w+)*@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}"  # e-mail address
        rf"|(?:\.[\w-]+)*\.(?:{_DOMAINS})\b(?:/[^\s<>{_QUOTES}]*[\w/])?"  # bare domain
        r"|(?<![^\W\d_]{4})\.(?:[^\W\d_]{1,3}\.)+"  # dotted: "u.a.", "U.S.", "z.B."
        r"|\.(?=\s+\S)"  # a period inside the sentence: "Dr.", "z.", "3." (ordinal)
        r"|(?<!\w{5})\.(?=[,;)\]]|\d)"  # short abbreviations: "usw.)", "bzw.,", "Nr.1"
        r"|-(?=,?\s+[^\W\d_])"  # suspended compound: "Ein- und Ausfuhr"
        r"))?"
    )
    alternatives = [
        # Fast path, tried first: a word not followed by anything that could continue it is
        # exactly what ``word + tails`` would match, and no earlier alternative can match there
        # (a URL's run is followed by ":" or ".", a clitic's by an apostrophe). The run is
        # possessive, so a word that does continue falls through to the full alternatives.
        rf"[^\W_]{_WORD_RUN}*+(?![{re.escape(_CONTINUATION)}])",
        rf"(?:https?://|www\.)[^\s<>{_QUOTES}]*[\w/]",  # URLs
        clitics,
        word + tails,
        r"\.{2,}|[!?]{2,}|-{2,}",  # "...", "?!", "--"
        r"[^\w\s]",  # anything else, one character: punctuation, every quotation mark
    ]
    # Whitespace (and "_", which starts no token) is skipped inside the match: otherwise the
    # search would try every alternative at each space. Every other character starts a token,
    # so the skipped run is exactly the gap between two tokens.
    return re.compile(r"[\s_]*+(" + "|".join(a for a in alternatives if a) + ")")


def tokenize(
    text: str, sentences: list[tuple[int, int]], language: str
) -> tuple[list[int], list[int]]:
    """Token starts and ends (parallel lists) over the given sentences of ``text``."""
    finditer = token_regex(language).finditer
    # one flat list of start, end, start, end, …: no tuple per token, no transposition
    offsets = [o for start, end in sentences for m in finditer(text, start, end) for o in m.span(1)]
    return offsets[0::2], offsets[1::2]
