"""Who a source is: its type, the name it resolves to, and the chain it relies on.

Sources are resolved in text order against a history of mentions: a pronoun ("Er") takes
the latest person-like source, a description ("der Beamte", "das Blatt") the latest mention
of the same kind, a surname ("Kim") the latest mention whose name contains it — so a speaker
who was just quoted wins over a person merely mentioned. Chains come from the phrases that
say whom a source relies on ("beruft sich auf", "unter Berufung auf", "citing", "zitiert").
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from functools import cache

from zufolge.analyze import sentence_index_at
from zufolge.extract.attribution.lexicon import gated_sentences, load
from zufolge.langdata import read_rows, trie_pattern
from zufolge.model import Attribution, Doc, Source, Span

PERSON_LIKE = ("person", "official", "anonymous", "experts")
_WORD = re.compile(r"[\w][\w'’.-]*")


@dataclass(frozen=True, slots=True)
class SourceData:
    noun_types: tuple[tuple[str, tuple[str, ...]], ...]
    outlets: dict[str, str]  # spelling → canonical
    outlet_regex: re.Pattern[str] | None
    # (pattern, gate): words one of which a match contains (lowercase), () if none is known
    chain_patterns: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]
    pronouns: frozenset[str]
    articles: frozenset[str]
    # After an oblique article, adjectives and adjectival nouns are put back in the
    # nominative, so a source is named the same wherever it appears ("einen … Beamten").
    oblique_articles: frozenset[str]
    passive_subject: re.Pattern[str]  # the subject before a passive auxiliary
    adjectival_nouns: frozenset[str]  # oblique forms of nouns inflected like adjectives
    anaphoric_cues: frozenset[str]  # "demnach": the previous statement's source speaks on
    nouns_capitalised: bool  # German: a lower-case word is never a source noun
    conjunctions: frozenset[str]  # "Netflix, Hulu oder Amazon" is a list, not an apposition
    # The source-noun stems reversed, as one trie: its leftmost match in a reversed word is
    # the stem that ends last in the word, and of those the longest (``_find_stem``).
    reversed_stems: re.Pattern[str]
    found_by_stem: dict[str, tuple[str, str]]  # stem → (type, stem); the first type listed
    # Words recur; each lookup tries every stem. Bounded for corpora of any size.
    _stems: dict[str, tuple[str, str] | None] = field(default_factory=dict, compare=False)

    def noun_stem(self, token: str) -> tuple[str, str] | None:
        """(type, stem) of a source noun; in a compound the head (last part) decides:
        "Militärbeamter" is an official, "Militärgeheimdienst" a government body."""
        if token in self._stems:
            return self._stems[token]
        if len(self._stems) > 100_000:
            self._stems.clear()
        found = self._stems[token] = self._find_stem(token)
        return found

    def _find_stem(self, token: str) -> tuple[str, str] | None:
        # The head of a compound ends it; of stems ending together, the longest ("spokesman"
        # over "man"). Searching the reversed word finds both at once: its leftmost match is
        # the stem ending last, and the trie tries a longer stem before a shorter one.
        m = self.reversed_stems.search(token.lower()[::-1])
        if m is None:
            return None
        return self.found_by_stem[m.group()[::-1]]

    def noun_type(self, token: str) -> str | None:
        found = self.noun_stem(token)
        return found[0] if found else None


@cache
def source_data(language: str) -> SourceData:
    noun_types = tuple(
        (row[0], tuple(row[1].split())) for row in read_rows(language, "source-nouns.tsv")
    )
    outlets: dict[str, str] = {}
    for row in read_rows("any", "outlets.tsv"):
        for spelling in row:
            outlets[spelling] = row[0]
    # A trie, not a flat alternation: at each position of a source only the spellings that
    # can still match are tried, the longest first, as the alternation sorted by length did.
    outlet_regex = (
        re.compile(r"(?<!\w)(?:" + trie_pattern(outlets) + r")(?!\w)") if outlets else None
    )
    chains = tuple(
        (re.compile(row[0], re.IGNORECASE), tuple(row[1].split()) if len(row) > 1 else ())
        for row in read_rows(language, "chain-patterns.tsv")
    )
    found_by_stem: dict[str, tuple[str, str]] = {}
    for kind, stems in noun_types:
        for stem in stems:
            found_by_stem.setdefault(stem, (kind, stem))
    reversed_stems = re.compile(trie_pattern(stem[::-1] for stem in found_by_stem) or "(?!)")
    words = load(language)
    return SourceData(
        noun_types,
        outlets,
        outlet_regex,
        chains,
        words.word_class("personal_pronoun"),
        words.word_class("article"),
        words.word_class("oblique_article"),
        re.compile(
            r"^\W*(?P<subject>.+?)\s+(?:"
            + "|".join(sorted(words.word_class("passive_auxiliary"), key=len, reverse=True))
            + r")\b",
            re.IGNORECASE,
        ),
        words.word_class("adjectival_noun_oblique"),
        words.word_class("anaphoric_cue"),
        words.nouns_capitalised,
        words.word_class("conjunction"),
        reversed_stems,
        found_by_stem,
    )


@dataclass(slots=True)
class Mention:
    start: int
    resolved: str
    type: str
    stem: str | None  # the source noun it was described by ("beamt", "zeitung"), if any


def _nominative(words: list[str], data: SourceData) -> list[str]:
    if not words or words[0].lower() not in data.oblique_articles:
        return words
    out = []
    head_seen = False  # only the noun phrase's head and what precedes it is inflected
    for w in words[1:]:
        if head_seen:
            out.append(w)
        elif w[0].islower() and w.endswith(("en", "em")):
            out.append(w[:-2] + "er")  # ukrainischen → ukrainischer
        elif w[0].isupper():
            head_seen = True
            # adjectival noun (language data): Militärbeamten → Militärbeamter
            oblique_noun = w.lower().endswith(tuple(data.adjectival_nouns))
            out.append(w[:-1] + "r" if oblique_noun else w)
        else:
            out.append(w)
    return out


def describe(text: str, data: SourceData) -> tuple[str, str, str | None, bool]:
    """(resolved name, type, source-noun stem, is_name) for a source span's text."""
    if data.outlet_regex and (m := data.outlet_regex.search(text)):
        return data.outlets[m.group()], "media", None, True
    named = _name_before_apposition(text, data)
    if named:
        return named
    words = _WORD.findall(text)
    nouns = [(i, found) for i, w in enumerate(words) if (found := _source_noun(w, data))]
    # A name is a run of capitalised words that ends the span right after a source noun
    # (apposition: "Verteidigungsminister Kim Yong-hyun", "des Magazins Hafenblick").
    for i, (kind, stem) in reversed(nouns):
        tail = words[i + 1 :]
        if tail and all(w[0].isupper() and data.noun_stem(w) is None for w in tail):
            return " ".join(tail), kind, stem, True
    if nouns:
        kind, stem = nouns[0][1]
        described = _nominative(words, data)
        if described and described[0].lower() in data.articles:
            described = described[1:]  # "der Sprecher der Stadtwerke" → "Sprecher der …"
        return " ".join(described) or text, kind, stem, False
    content = [w for w in words if w.lower() not in data.articles]
    if content and all(w[0].isupper() for w in content):
        return " ".join(content), "person", None, True
    return " ".join(content) or text, "person", None, False


def _name_before_apposition(
    text: str, data: SourceData
) -> tuple[str, str, str | None, bool] | None:
    """ "Martin Lee, der Gründer der Demokratischen Partei Hongkongs": the name before the
    comma is the source, whatever names the apposition holds; the apposition's head noun, if
    it is a source noun ("Andreas Huber, Sprecher der Rettung"), gives its type."""
    head, comma, apposition = text.partition(",")
    name = _WORD.findall(head)
    if not comma or not name:
        return None
    if not all(w[0].isupper() and w.lower() not in data.articles for w in name) or any(
        _source_noun(w, data) for w in name
    ):
        return None
    words = _WORD.findall(apposition)
    # The head comes before any name: German capitalises it, English does not.
    until_name = next((i for i, w in enumerate(words) if w[0].isupper()), len(words))
    candidates = words[: until_name + 1] if data.nouns_capitalised else words[:until_name]
    found = next((f for w in candidates if (f := _source_noun(w, data))), None)
    first = words[0] if words else ""
    listed = first[:1].isupper() and first.lower() not in data.articles and found is None
    if listed and any(w.lower() in data.conjunctions for w in words):
        return None  # "Netflix, Hulu oder Amazon": names listed, none of them a head
    return " ".join(name), found[0] if found else "person", found[1] if found else None, True


def _source_noun(word: str, data: SourceData) -> tuple[str, str] | None:
    """(type, stem) when ``word`` is a source noun. Capitalised words may be compounds with a
    source noun as head ("Militärbeamter"); in a language that writes nouns in lower case, a
    word must begin or end with the noun ("ministry", "officials"), not merely contain it."""
    found = data.noun_stem(word)
    if found is None or word[0].isupper():
        return found
    low = word.lower()
    if data.nouns_capitalised or not (low.startswith(found[1]) or low.endswith(found[1])):
        return None
    return found


def _resolve_one(
    text: str, start: int, history: list[Mention], data: SourceData
) -> tuple[str | None, str, str | None]:
    low = text.lower()
    if low in data.pronouns:
        for m in reversed(history):
            if m.type in PERSON_LIKE:
                return m.resolved, m.type, m.stem
        return None, "person", None
    resolved, kind, stem, is_name = describe(text, data)
    if is_name and " " not in resolved:
        for m in reversed(history):  # a surname: the latest mention whose name contains it
            if resolved in m.resolved.split() and m.resolved != resolved:
                return m.resolved, m.type, m.stem
    if not is_name:
        for m in reversed(history):  # a description: the latest mention of the same kind
            same_stem = (
                stem is not None and m.stem is not None and (stem in m.stem or m.stem in stem)
            )
            if same_stem or (kind == "media" and m.type == "media"):
                return m.resolved, m.type, m.stem
    return resolved, kind, stem


@dataclass(slots=True)
class ChainLink:
    sentence: int
    relier: tuple[int, str] | None  # (char offset, text)
    origin: tuple[int, str] | None


QUOTE_MARKS = frozenset('„“”"»«‚‘›‹')


def _chain_links(doc: Doc, data: SourceData) -> list[ChainLink]:
    # Most documents hold no gate word of any pattern; the others only in a few sentences.
    starts = [s for s, _ in doc.sentences]
    gated = [
        (pattern, where)
        for pattern, gate in data.chain_patterns
        if (where := gated_sentences(doc.text, starts, gate))
    ]
    links: list[ChainLink] = []
    if not gated:
        return links
    for si, (s, e) in enumerate(doc.sentences):
        sentence = doc.text[s:e]
        for pattern, where in gated:
            if si not in where:
                continue
            for m in pattern.finditer(sentence):
                groups = pattern.groupindex
                relier = (
                    (s + m.start("relier"), m.group("relier").strip())
                    if "relier" in groups and m.group("relier")
                    else None
                )
                origin = (
                    (s + m.start("origin"), m.group("origin").strip())
                    if "origin" in groups and m.group("origin")
                    else None
                )
                if origin and origin[1][:1] in QUOTE_MARKS:
                    continue  # "based on „rumours …“": quoted words, not a source relied on
                links.append(ChainLink(si, relier, origin))
    return links


def _position(a: Attribution) -> int:
    """Where a statement sits: its cue, or its message when it has none."""
    return (a.cue or a.message)[0].start


def resolve_sources(doc: Doc, attributions: list[Attribution], language: str) -> None:
    """Fill ``source.resolved``, ``source.type`` and ``chain`` of each attribution in place."""
    data = source_data(language)
    links = _chain_links(doc, data)
    passive = _passive_patterns(doc, data)
    history: list[Mention] = []
    # Events in text order: attribution sources and the origins named by chain phrases.
    events: list[tuple[int, int, object]] = []
    for a in attributions:
        at = a.source.span.start if a.source and a.source.span else _position(a)
        events.append((at, 1, a))
    for link in links:
        if link.origin:
            events.append((link.origin[0], 0, link))
    events.sort(key=lambda e: (e[0], e[1]))
    origin_of: dict[str, str] = {}  # resolved relier → resolved origin
    previous: Attribution | None = None
    for at, _, item in events:
        if isinstance(item, ChainLink):
            origin, kind, stem = _resolve_one(item.origin[1], at, history, data)
            if origin is None:
                continue
            history.append(Mention(at, origin, kind, stem))
            relier = None
            if item.relier:
                relier, _, _ = _resolve_one(item.relier[1], item.relier[0], history, data)
            if (
                relier is None
                and previous is not None
                and previous.source
                and sentence_index_at(doc, _position(previous)) == item.sentence
            ):
                relier = previous.source.resolved
            if relier:
                origin_of[relier] = origin
                if previous and previous.source and previous.source.resolved == relier:
                    previous.chain = [relier, origin]
            continue
        a: Attribution = item  # type: ignore[assignment]
        cue_text = " ".join(c.text.lower() for c in a.cue)
        # "Demnach" as its own source span still continues the earlier source.
        span_text = a.source.span.text.lower() if a.source and a.source.span else ""
        stands_for = span_text in data.anaphoric_cues
        if a.source is None or a.source.span is None or stands_for:
            continues = cue_text in data.anaphoric_cues or a.kind == "free_indirect"
            continues = continues or (a.kind == "direct" and not a.cue)
            if previous is not None and continues:
                # Continued speech is annotated with the earlier speaker span itself; an
                # anaphoric "Demnach" is its own source span, standing for the earlier one.
                span = a.cue[0] if a.cue else (previous.source.span if previous.source else None)
                a.source = Source(
                    span,
                    previous.source.resolved if previous.source else None,
                    previous.source.type if previous.source else "anonymous",
                )
                a.chain = list(previous.chain)
                previous = a
                continue
            # "Demnach" with nothing before it still stands for a source, if an unnamed one.
            anaphoric = a.cue[0] if a.cue and cue_text in data.anaphoric_cues else None
            a.source = Source(anaphoric, None, "anonymous")
            a.chain = []
            cited = _passive_citation(doc, a, passive, data, history)  # "X wurde von … zitiert"
            if cited:
                origin_of[cited[0]] = cited[1]
                previous = a
            continue
        resolved, kind, stem = _resolve_one(a.source.span.text, at, history, data)
        a.source.resolved = resolved
        a.source.type = kind
        if resolved:
            history.append(Mention(at, resolved, kind, stem))
        a.chain = [resolved] if resolved else []
        addressee = None
        if a.addressee is not None:
            addressee, _, _ = _resolve_one(a.addressee.text, a.addressee.start, history, data)
        for relier, origin in origin_of.items():
            if resolved == origin or (addressee == relier and resolved):
                a.chain = [relier, resolved if resolved != relier else origin]
            elif resolved == relier:
                a.chain = [relier, origin]
        cited = _passive_citation(doc, a, passive, data, history)
        if cited:
            origin_of[cited[0]] = cited[1]
        if not _inside_message(a, previous):
            previous = a  # a statement inside another's message does not take over its speech


def _inside_message(a: Attribution, outer: Attribution | None) -> bool:
    """Is ``a``'s cue inside ``outer``'s message ("Wie Steg mitteilte, ist die Kernenergie
    nach Auffassung der Kanzlerin unverzichtbar": the Kanzlerin's view is part of what Steg
    says, and what follows is Steg's again)?"""
    if outer is None or not a.cue:
        return False
    at = a.cue[0].start
    return any(m.start <= at < m.end for m in outer.message)


def _passive_patterns(doc: Doc, data: SourceData) -> list[tuple[re.Pattern[str], Container[int]]]:
    """The chain patterns with a relier and no origin ("X wurde von … zitiert"), each with the
    sentences of ``doc`` it may match in."""
    starts = [s for s, _ in doc.sentences]
    return [
        (pattern, where)
        for pattern, gate in data.chain_patterns
        if "relier" in pattern.groupindex and "origin" not in pattern.groupindex
        if (where := gated_sentences(doc.text, starts, gate))  # none: it cannot match
    ]


def _passive_citation(
    doc: Doc,
    a: Attribution,
    patterns: list[tuple[re.Pattern[str], Container[int]]],
    data: SourceData,
    history: list[Mention],
) -> tuple[str, str] | None:
    """'X wurde von der Washington Post … zitiert': the outlet relays X, who is the source.
    ``patterns``: the chain patterns with a relier and no origin, each with the sentences
    it may match in (``_passive_patterns``)."""
    if not patterns:
        return None
    si = sentence_index_at(doc, _position(a))
    s, e = doc.sentences[si]
    sentence = doc.text[s:e]
    for pattern, where in patterns:
        if si not in where:
            continue
        m = pattern.search(sentence)
        if not m or not m.group("relier"):
            continue
        relier, _, _ = _resolve_one(m.group("relier"), s + m.start("relier"), history, data)
        subject = data.passive_subject.search(sentence[: m.start()])
        if relier and subject:
            start = s + subject.start("subject")
            span = Span(start, start + len(subject.group("subject")), subject.group("subject"))
            resolved, kind, stem = _resolve_one(span.text, span.start, history, data)
            a.source = Source(span, resolved, kind)
            if resolved:
                history.append(Mention(span.start, resolved, kind, stem))
                a.chain = [relier, resolved]
                return relier, resolved
        return None
    return None


def span_of(doc: Doc, start: int, end: int) -> Span:
    return Span(start, end, doc.text[start:end])
