"""One name, one reading per document: the tagger decides each occurrence from its
neighbours, and a surname after a verb ("sagte Selenskyj") looks like any noun. Once a name
was tagged somewhere in the document, its other occurrences are mentions too:

- the same words as a tagged mention ("Bryansk" … "Bryansk");
- the first or last word of a person's full name alone ("Wolodymyr Selenskyj" … "Selenskyj";
  "Kim Jong-un" … "Kim" — Korean and Chinese names put the family name first). Which person
  a lone "Kim" is, ``link`` decides.

Words that start sentences anyway (the language's function words) and capitalised words that
name nothing (``entities-not-names.txt``) never spread alone.
"""

from __future__ import annotations

from itertools import compress

from zufolge.analyze import token_texts
from zufolge.analyze.data import language_data
from zufolge.extract.entities.data import EntityData
from zufolge.extract.entities.features import KIND, NAME, FormFeatures
from zufolge.extract.entities.media import Mention
from zufolge.model import Doc


def _patterns(
    mentions: list[Mention], tokens: list[str], ends: list[int], data: EntityData
) -> dict[tuple[str, ...], str]:
    """Token sequences to look for, with the label an occurrence gets."""
    function_words = language_data(data.language).function_words
    found: dict[tuple[str, ...], str] = {}
    for m in mentions:
        last = m.first_token
        while ends[last] < m.end:
            last += 1
        words = tuple(tokens[m.first_token : last + 1])
        found.setdefault(words, m.label)
        if m.label == "PER" and len(words) > 1:
            for word in (words[0], words[-1]):
                if not data.person_cues.matches(word):
                    found.setdefault((word,), "PER")
    return {
        words: label
        for words, label in found.items()
        if not (
            len(words) == 1 and (words[0].lower() in function_words or words[0] in data.not_names)
        )
    }


def propagate(
    doc: Doc, mentions: list[Mention], forms: list[FormFeatures], data: EntityData
) -> list[Mention]:
    """``mentions`` plus the other occurrences of their names, in text order."""
    if not mentions:
        return mentions
    tokens = token_texts(doc)
    starts, ends = doc.token_starts, doc.token_ends
    patterns = _patterns(mentions, tokens, ends, data)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words in sorted(patterns, key=len, reverse=True):  # longest first
        by_first.setdefault(words[0], []).append(words)
    taken = [False] * len(tokens)
    for m in mentions:
        i = m.first_token
        while i < len(tokens) and starts[i] < m.end:
            taken[i] = True
            i += 1
    added: list[Mention] = []
    free_until = 0  # tokens before this one belong to an added mention
    for i in compress(range(len(tokens)), map(by_first.__contains__, tokens)):
        if i < free_until or taken[i] or forms[i][KIND] != NAME:
            continue
        for words in by_first[tokens[i]]:
            j = i + len(words)
            if tuple(tokens[i:j]) == words and not any(taken[i:j]):
                added.append(Mention(starts[i], ends[j - 1], i, patterns[words]))
                free_until = j
                break
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions
