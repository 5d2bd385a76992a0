"""Reading the language data files under ``zufolge/lang/<language>/`` and turning word lists
into fast regexes. Every stage keeps its language knowledge in those files (a new language is
a new folder); this module is the one way to read them.

Files are UTF-8, one entry per line; lines starting with ``#`` and blank lines are comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources

# The word characters of Latin-1, listed in a character class before ``\w``: ``re`` tests a
# class's bitmap of the first 256 code points before its Unicode categories, so most
# characters of German and English text take one bit test instead of several Unicode table
# look-ups. All of them are in ``\w``: the class matches exactly what ``\w`` matches.
LATIN1_WORD = "".join(re.escape(chr(c)) for c in range(256) if re.fullmatch(r"\w", chr(c)))
NON_WORD_CHAR = rf"[^{LATIN1_WORD}\w]"


def _lines(language: str, name: str) -> list[str]:
    path = resources.files("zufolge") / "lang" / language / name
    if not path.is_file():
        return []
    return [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def read_entries(language: str, name: str) -> list[str]:
    """The entries of a one-column file, stripped; [] when the language has no such file."""
    return [line.strip() for line in _lines(language, name)]


def read_rows(language: str, name: str) -> list[list[str]]:
    """The tab-separated rows of a table file; [] when the language has no such file."""
    return [line.rstrip("\r\n").split("\t") for line in _lines(language, name)]


def trie_pattern(words: Iterable[str], space: str | None = None) -> str:
    """A regex alternation factored by common prefixes: ``re`` tries every word of a flat
    alternation at every position of the text, a trie only the letters that can still match.
    A longer word is still tried before a word it begins with. ``space``: the pattern an
    inner space stands for (e.g. any whitespace)."""
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def piece(char: str) -> str:
        return space if space is not None and char == " " else re.escape(char)

    def build(node: dict) -> str:
        branches = [piece(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)
