"""Language data for the analyze stage, read once per language from ``zufolge/lang/<lang>/``.

Files (UTF-8, one entry per line, ``#`` comments):

- ``abbreviations.txt``               periods that never end a sentence ("Dr.", "z. B.")
- ``analyze-final-abbreviations.txt`` periods that end one only before a sentence start ("usw.")
- ``analyze-after-ordinal.txt``       "3. Oktober", "16. Jahrhundert": words after an ordinal
- ``analyze-ordinal-context.txt``     "der 2. Weltkrieg": words before an ordinal number
  (a language without these two files does not write ordinals with a period: English "rose to
  12. Analysts said" ends a sentence after "12.")
- ``analyze-function-words.txt``      typical sentence starts; short-text language vote
- ``analyze-clitics.txt``             clitics split from their word ("n't", "'s"); optional

A language without a folder ("other") gets the union of the supported languages' lists: an
abbreviation of one language is rarely a sentence-final word of another.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from zufolge.langdata import read_entries

SUPPORTED = ("de", "en")


@dataclass(frozen=True, slots=True)
class LanguageData:
    abbreviations: frozenset[str]  # normalised by ``abbreviation_key``
    final_abbreviations: frozenset[str]
    after_ordinal: frozenset[str]  # lowercase, without a final period
    ordinal_context: frozenset[str]  # lowercase
    function_words: frozenset[str]  # lowercase
    clitics: tuple[str, ...]  # as written, e.g. "n't", "'s"

    @property
    def has_ordinal_period(self) -> bool:
        return bool(self.after_ordinal or self.ordinal_context)


def abbreviation_key(written: str) -> str:
    """ "z. B." and "z.B." → "z.B", "Dr." → "Dr": spaces and the final period do not matter,
    inner periods and case do ("s. o." is not "so.", "So." is a weekday)."""
    return written.replace(" ", "").rstrip(".")


@cache
def language_data(language: str) -> LanguageData:
    languages = (language,) if language in SUPPORTED else SUPPORTED

    def entries(name: str) -> list[str]:
        return [entry for lang in languages for entry in read_entries(lang, name)]

    return LanguageData(
        abbreviations=frozenset(map(abbreviation_key, entries("abbreviations.txt"))),
        final_abbreviations=frozenset(
            map(abbreviation_key, entries("analyze-final-abbreviations.txt"))
        ),
        after_ordinal=frozenset(
            w.lower().rstrip(".") for w in entries("analyze-after-ordinal.txt")
        ),
        ordinal_context=frozenset(w.lower() for w in entries("analyze-ordinal-context.txt")),
        function_words=frozenset(w.lower() for w in entries("analyze-function-words.txt")),
        # clitics are the one thing not pooled: "other" keeps "l'homme" and "qu'il" whole
        clitics=tuple(read_entries(language, "analyze-clitics.txt")) if len(languages) == 1 else (),
    )
