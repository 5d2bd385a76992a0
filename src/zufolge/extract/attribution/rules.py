"""Rules for attributions the role labeller cannot see from one cue anchor.

- colon headlines: "Selenskyj: Nordkorea ist „de-facto-Komplize“ …"
- free-standing quotes that continue the previous speaker
- free indirect speech: a sentence in Konjunktiv I right after reported speech
- reportive modals: "soll(en) … haben"
- claim-carrying acts whose message is an object, not a clause ("bezeichnete … als …")

Rule attributions never overlap a message the labeller already found. Their source, when the
sentence does not name one, is left empty for ``resolve_sources`` to inherit from the
previous statement — except free indirect speech right after a sentence of the author's whose
subject is a source: that subject is its source.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import islice

from zufolge.analyze import sentence_index_at
from zufolge.extract.attribution.features import OPEN_MARKS, QUOTE_REGION
from zufolge.extract.attribution.lexicon import Lexicon, gated_sentences, load, lowered
from zufolge.extract.attribution.sources import source_data
from zufolge.extract.entities.data import entity_data
from zufolge.langdata import read_rows
from zufolge.model import Attribution, Doc, Source, Span

_HEADLINE = re.compile(r"^(?P<source>[A-ZÄÖÜ][\w-]+(?:\s+[A-ZÄÖÜ][\w-]+){0,3}):\s+(?P<msg>\S.+)$")
_WORDS = re.compile(r"[\w][\w-]*")
_CLAUSE_TO_COMMA = re.compile(r"\s*([^,.:;„“\"»«]+?)\s*,")


@cache
def name_after_verb(language: str) -> re.Pattern[str]:
    """A subject noun phrase right after the verb: optional nominative article, up to two
    lower-case words that are not oblique articles, capitalised words, and a genitive
    attribute ("Vertreter der deutschen Verbände")."""
    lexicon = load(language)
    nominative = "|".join(sorted(lexicon.word_class("nominative_article"))) or "(?!)"
    # Lower-case words that never open a subject: an oblique article, a preposition
    # ("forderte in Mexiko …"), a conjunction, a reflexive ("meldete sich der Betrüger").
    oblique = (
        "|".join(
            sorted(
                lexicon.word_class("oblique_article")
                | lexicon.word_class("preposition")
                | lexicon.word_class("conjunction")
                | source_words(language, "reflexive")
            )
        )
        or "(?!)"
    )
    genitive = "|".join(sorted(source_words(language, "subject_genitive_article"))) or "(?!)"
    name = r"[A-ZÄÖÜ][\w-]*(?:\s+[A-ZÄÖÜ][\w-]*){0,3}"
    return re.compile(
        rf"\s*(?P<np>(?:(?:{nominative})\s+)?(?:(?!(?:{oblique})\b)[^\W\d_A-ZÄÖÜ][\w-]*\s+){{0,2}}"
        rf"{name}(?:\s+(?:{genitive})\s+(?:[^\W\d_A-ZÄÖÜ][\w-]*\s+){{0,2}}{name})?)"
    )


FREE_INDIRECT_WINDOW = 4  # sentences after reported speech a Konjunktiv I word may continue
CONTINUATION_WINDOW = 3  # sentences after a statement a bare quote may continue


@cache
def act_patterns(language: str) -> tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]:
    """(kind, pattern, gate) rows of lang/<language>/act-patterns.tsv; the gate: words
    (lowercase) one of which every match contains, () if none is known."""
    return tuple(
        (row[0], re.compile(row[1]), tuple(row[2].split()) if len(row) > 2 else ())
        for row in read_rows(language, "act-patterns.tsv")
    )


@cache
def source_words(language: str, cls: str) -> frozenset[str]:
    """Words of one class of ``lang/<language>/source-words.tsv``: what finds a clause's
    subject, where a source ends, what names nobody."""
    rows = read_rows(language, "source-words.tsv")
    return frozenset(w for row in rows if row[0] == cls for w in row[1].split())


@cache
def act_conditions(language: str) -> dict[str, frozenset[str]]:
    """lemma → words of lang/<language>/act-conditions.tsv: an act with that lemma is a
    claim only with one of the words in its clause."""
    return {row[0]: frozenset(row[1].split()) for row in read_rows(language, "act-conditions.tsv")}


@cache
def free_indirect_patterns(language: str) -> tuple[tuple[int, re.Pattern[str]], ...]:
    """(window, pattern) rows of lang/<language>/free-indirect.tsv."""
    return tuple(
        (int(window), re.compile(pattern))
        for window, pattern in read_rows(language, "free-indirect.tsv")
    )


class Coverage:
    """Character ranges already claimed as messages or cues, kept sorted for bisection so a
    5,000-sentence article costs no more per sentence than a short one."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = sorted(ranges)
        self.longest = max((b - a for a, b in self.ranges), default=0)

    def covers(self, start: int, end: int, share: float = 0.5) -> bool:
        i = bisect_left(self.ranges, (start - self.longest, -1))
        overlap = 0
        for a, b in islice(self.ranges, i, None):
            if a >= end:
                break
            overlap += max(0, min(end, b) - max(start, a))
        return overlap >= share * max(end - start, 1)

    def add(self, spans: list[Span]) -> None:
        for span in spans:
            insort(self.ranges, (span.start, span.end))
            self.longest = max(self.longest, span.end - span.start)


def _span(doc: Doc, start: int, end: int) -> Span:
    text = doc.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?"):
        end -= 1
    return Span(start, end, text[start:end])


def _sentence_span(doc: Doc, start: int, end: int) -> Span:
    """A whole sentence (or run of sentences) as a message, final punctuation included."""
    text = doc.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


def subject(
    doc: Doc, s_start: int, cue: Span, lexicon: Lexicon, shared: bool = True
) -> Span | None:
    """The source of a V2 clause: the first constituent, or the noun phrase after the verb
    when the clause starts with an adverbial or a subordinate clause. With ``shared``, a
    verb after "und" shares the subject of the clause before it."""
    # Verb-first order: "meldete die ukrainische Kyiv Post, dass …", "sagte Selenskyj, es …".
    after = doc.text[cue.end : cue.end + 80]
    clause = _CLAUSE_TO_COMMA.match(after)
    if clause:
        after_words = _WORDS.findall(clause.group(1))
        first = after_words[0] if after_words else ""
        if (
            1 <= len(after_words) <= 6
            and first.lower() not in lexicon.word_class("oblique_article")
            and first.lower() not in lexicon.word_class("preposition")
            and (first[0].isupper() or first.lower() in lexicon.word_class("article"))
        ):
            start = cue.end + clause.start(1)
            return _span(doc, start, start + len(clause.group(1)))
    before = doc.text[s_start : cue.start]
    words = _WORDS.findall(before)
    conjunctions = lexicon.word_class("conjunction")
    while words and words[0].lower() in conjunctions:  # "Aber die Regierung sagte …"
        s_start = doc.text.index(words[0], s_start) + len(words[0])
        words = words[1:]
    relative = _subject_before_relative_clause(doc, s_start, before, lexicon)
    if relative is not None:
        return relative
    if shared and len(words) > 2 and words[-1].lower() in conjunctions:
        shared = _first_noun_phrase(doc, s_start, words, lexicon)
        if shared is not None:
            return shared  # "Medvedev bedankte sich bei seinem Team und sagte: …"
    # "Dies gab das Komitee bekannt": a lone word that names nobody is the object; the
    # subject follows the verb. Without one there, the word itself is returned: the caller
    # knows it names nobody, but an act is still someone's.
    names_nobody = len(words) == 1 and words[0].lower() in source_words(
        lexicon.language, "not_source"
    )
    inverted = (
        not words
        or before.rstrip().endswith(",")
        or words[0].lower() in lexicon.word_class("adverbial_start")
        or words[0].lower() in lexicon.word_class("subordinator")
        or words[0].lower() in source_words(lexicon.language, "fronted")
        or names_nobody
    )
    if not inverted and len(words) <= 8:
        if words[0].lower() in lexicon.word_class("impersonal"):
            return None  # "Es wird auch angenommen": nobody in particular
        return _span(doc, s_start, _finite_verb_at(doc.text, s_start, cue.start, lexicon))
    m = name_after_verb(lexicon.language).match(doc.text, cue.end)
    if m and len(m.group("np")) > 1:
        return _span(doc, m.start("np"), m.end("np"))
    pronoun = _WORDS.match(doc.text, cue.end + 1)  # "Gleichzeitig vermutet er, …"
    if (
        pronoun
        and doc.text[cue.end : pronoun.start()].isspace()
        and pronoun.group().lower() in lexicon.word_class("personal_pronoun")
    ):
        return _span(doc, pronoun.start(), pronoun.end())
    if names_nobody:
        return _span(doc, s_start, _finite_verb_at(doc.text, s_start, cue.start, lexicon))
    return None


def _first_noun_phrase(doc: Doc, s_start: int, words: list[str], lexicon: Lexicon) -> Span | None:
    """The subject two coordinated verbs share: the clause's personal pronoun, or its first
    noun phrase — an article, up to two lower-case words, then capitalised words; without
    an article at least two capitalised words or one before a lower-case word ("Medvedev
    bedankte sich …"), never a pronoun inside ("Bedenken Sie")."""
    first = words[0].lower()
    if (
        first in lexicon.word_class("adverbial_start")
        or first in lexicon.word_class("subordinator")
        or first in lexicon.word_class("impersonal")
        or (
            first in source_words(lexicon.language, "not_source")
            and not (
                first in lexicon.word_class("article") and words[1:2] and words[1][0].isupper()
            )
        )
        or not words[0][0].isupper()
    ):
        return None
    if first in lexicon.word_class("personal_pronoun"):
        taken = 1
    else:
        k = 1 if first in lexicon.word_class("article") else 0
        lower = 0
        while k < len(words) and k > 0 and words[k].islower() and lower < 2:
            k, lower = k + 1, lower + 1  # adjectives after the article
        capitalised = 0
        while k < len(words) and words[k][0].isupper():
            k, capitalised = k + 1, capitalised + 1
        taken = k
        pronouns = lexicon.words_of("pronoun", "personal_pronoun")
        if (
            not capitalised
            or taken >= len(words)
            or not words[taken].islower()
            or any(w.lower() in pronouns for w in words[1:taken])
        ):
            return None
    start = doc.text.index(words[0], s_start)
    end = start
    for w in words[:taken]:
        end = doc.text.index(w, end) + len(w)
    return _span(doc, start, end)


def _opening_source(doc: Doc, sentence: int, lexicon: Lexicon) -> Span | None:
    """Who reported speech right after a sentence of the author's is from: that sentence's
    first noun phrase, if it describes or names a source ("Das Institut sieht noch keine
    Gefahr. Nur wer … arbeite, sei gefährdet."). In de-news-quotes/train such speech is
    mostly annotated with that subject, not with the speaker of the statement before."""
    s, e = doc.sentences[sentence]
    words = _WORDS.findall(doc.text[s:e])
    if len(words) < 3:
        return None
    span = _first_noun_phrase(doc, s, words, lexicon)
    if span is None or span.text.lower() in lexicon.word_class("personal_pronoun"):
        return None
    data = source_data(lexicon.language)
    names = entity_data(lexicon.language)
    found = _WORDS.findall(span.text)
    if any(data.noun_stem(w) for w in found if w[:1].isupper()) or any(
        w in names.first_names or w in names.surnames for w in found
    ):
        return span
    return None


@cache
def _relative_clause_after(language: str) -> re.Pattern[str] | None:
    """A first constituent, then a relative clause set off by commas."""
    relative = "|".join(sorted(load(language).word_class("nominative_article")))
    if not relative:
        return None
    return re.compile(rf"\s*([^,.:;„“\"»«]+?)\s*,\s*(?:{relative})\s[^.:;„“\"»«]*,\s*$")


def _subject_before_relative_clause(
    doc: Doc, s_start: int, before: str, lexicon: Lexicon
) -> Span | None:
    """ "Mubarak, der seit 1981 regiert, hatte angekündigt": the first constituent is the
    noun phrase before the relative clause, where nouns are capitalised one that starts with
    a capital."""
    clause = _relative_clause_after(lexicon.language)
    if clause is None or not before.rstrip().endswith(","):
        return None
    m = clause.match(before)
    if not m:
        return None
    words = _WORDS.findall(m.group(1))
    if not words or len(words) > 6 or words[0].lower() in lexicon.word_class("adverbial_start"):
        return None
    if lexicon.nouns_capitalised and not words[0][0].isupper():
        return None
    start = s_start + m.start(1)
    return _span(doc, start, start + len(m.group(1)))


def _finite_verb_at(text: str, start: int, end: int, lexicon: Lexicon) -> int:
    """Where the first constituent ends when the finite verb is an auxiliary or modal before
    the cue ("Die Bundeswehr hat … entschieden", "Der 58-Jährige habe darin geschrieben"):
    at that verb; else at ``end``."""
    verbs = lexicon.words_of("auxiliary", "modal")
    for m in _WORDS.finditer(text, start, end):
        if m.start() > start and m.group().lower() in verbs:
            return m.start()
    return end


def _new(doc: Doc, kind: str, cue: list[Span], source: Span | None, message: Span) -> Attribution:
    return Attribution(
        id="",
        kind=kind,
        cue=cue,
        source=Source(source, None, "person") if source else None,
        message=[message],
        frame=[s for s in (*cue, source) if s is not None],
    )


_COLON_BEFORE_QUOTE = re.compile(r":[ \t]*(?=[„»«“\"])")
_LEADING_CLOSE = re.compile(r"[\s“”«»\"]*")


def _quotes_after_colon(doc: Doc, lexicon: Lexicon, coverage: Coverage) -> list[Attribution]:
    """A quotation right after a colon that no statement covers is a direct quote, framed
    by the clause before the colon ("… zitiert einen Augenzeugen mit den Worten: „…“",
    "Darin steht unter anderem: „…“"): the quotation runs to its closing mark, over several
    sentences if need be. Its cue is a cue word of the clause, else the colon; its source the
    clause's subject."""
    text = doc.text
    out = []
    for m in _COLON_BEFORE_QUOTE.finditer(text):
        quote = QUOTE_REGION.match(text, m.end())
        if quote is None or coverage.covers(quote.start(), quote.end()):
            continue
        s = doc.sentences[sentence_index_at(doc, m.start())][0]
        s = _LEADING_CLOSE.match(text, s).end()  # the sentence may open after a quotation
        words = _WORDS.findall(text, s, m.start())
        if len(words) < 2:
            continue  # a colon headline or a label ("Zitat:"), not a clause
        word = lexicon.form_regex.search(text, s, m.start())
        cue = (
            Span(word.start(), word.end(), word.group()) if word else Span(m.start(), m.end(), ":")
        )
        if word:
            source = subject(doc, s, cue, lexicon)
        else:
            source = _first_noun_phrase(doc, s, words, lexicon)
        message = Span(quote.start(), quote.end(), quote.group())
        attribution = _new(doc, "direct", [cue], source, message)
        attribution.frame = [_span(doc, s, m.start() + 1)]
        out.append(attribution)
    return out


def is_subjunctive(sentence: str, lexicon: Lexicon) -> bool:
    """Is the sentence's verb in the subjunctive (Konjunktiv I/II), the mood of reported
    speech? English has no such mood: there nothing matches."""
    return free_indirect_window(sentence, lexicon) > 0


def free_indirect_window(sentence: str, lexicon: Lexicon) -> int:
    """How many sentences after reported speech a sentence in this mood may still continue
    it (0: not the mood of reported speech). A reportive "soll" reaches less far than a
    Konjunktiv I."""
    return _free_indirect_window(sentence, lexicon.language)


@lru_cache(maxsize=4096)  # the same sentences are asked about by several rules
def _free_indirect_window(sentence: str, language: str) -> int:
    return _mood_window(sentence, map(str.lower, _WORDS.findall(sentence)), language)


@cache
def _widest_mood_window(language: str) -> int:
    """The widest window ``_mood_window`` can give in ``language`` (0: it has no such mood)."""
    konjunktiv = FREE_INDIRECT_WINDOW if load(language).word_class("konjunktiv1") else 0
    return max([konjunktiv, *(window for window, _ in free_indirect_patterns(language))])


def _mood_window(sentence: str, lowered_words: Iterable[str], language: str) -> int:
    """``free_indirect_window`` of a sentence whose words (lowercased) are known: the widest
    window of a Konjunktiv I word or a pattern that matches."""
    konjunktiv = load(language).word_class("konjunktiv1")
    widest = 0 if konjunktiv.isdisjoint(lowered_words) else FREE_INDIRECT_WINDOW
    for window, pattern in free_indirect_patterns(language):
        if window > widest and pattern.match(sentence):  # no narrower pattern need be tried
            widest = window
    return widest


def _reported_clause(sentence: str, lexicon: Lexicon) -> int | None:
    """Where the reported clause starts in a sentence whose subjunctive comes only after a
    comma that closes one plain clause of the author's ("Die Kommission hatte den Standpunkt
    vertreten, das Gericht sei nicht zuständig"): the offset after that comma. None when the
    sentence opens in the subjunctive, or the clause after the comma opens with its verb or a
    subordinator other than "dass" (the sentence's subject or an adverbial clause before it)."""
    if any(p.match(sentence) for _, p in free_indirect_patterns(lexicon.language)):
        return None
    konjunktiv = lexicon.word_class("konjunktiv1")
    first = next((m for m in _WORDS.finditer(sentence) if m.group().lower() in konjunktiv), None)
    comma = sentence.rfind(",", 0, first.start()) if first else -1
    if comma <= 0 or "," in sentence[:comma] or any(q in sentence[:comma] for q in OPEN_MARKS):
        return None
    if len(_WORDS.findall(sentence[:comma])) < 3:
        return None
    opening = _WORDS.search(sentence, comma + 1)
    complementizers = lexicon.word_class("complementizer")
    subordinators = lexicon.word_class("subordinator") - complementizers
    if opening is None or opening.group().lower() in konjunktiv | subordinators:
        return None
    return opening.start()


def _finite_modal(sentence: str, modal: frozenset[str]) -> re.Match[str] | None:
    """A reportive modal as the verb of a main clause, with words after it ("Er soll das Geld
    veruntreut haben"). One that ends its clause belongs to a subordinate one ("…, der
    geflohen sein soll", "wonach … verantwortlich sein soll"): the author's sentence around it
    is mostly no claim (de-news-quotes/train: 8 of 18 such sentences match a statement, most
    only in part; taking just the subordinate clause scores lower still)."""
    for m in _WORDS.finditer(sentence):
        if m.group().lower() in modal and _WORD_FOLLOWS.match(sentence, m.end()):
            return m
    return None


_WORD_FOLLOWS = re.compile(r"\s+[\w„\"»]")


def _quotes_its_end(sentence: str, lexicon: Lexicon) -> bool:
    """Reported speech that quotes the rest of what was said ("Der Trainer sei „nicht
    zufrieden“"): the sentence opens outside the quotation, in the mood of reported speech.
    One that opens with a short quotation ("„Landser“ habe …") is reported speech when its
    words outside the quotations are in that mood ("„Wir schaffen das“ ist …" is not)."""
    quotation = QUOTE_REGION.search(sentence)
    if quotation is None:
        return False
    if sentence[0] in OPEN_MARKS or sentence[0] == '"':
        quoted = sum(m.end() - m.start() for m in QUOTE_REGION.finditer(sentence))
        rest = QUOTE_REGION.sub("", sentence).lstrip(" ,")
        return quoted < 0.5 * len(sentence) and is_subjunctive(rest, lexicon)
    return is_subjunctive(sentence[: quotation.start()], lexicon)


def _mostly_quoted(sentence: str) -> bool:
    """A sentence that opens with a quotation, or is half quotation, is direct speech; a
    quoted word or phrase inside reported speech ("sei „folgerichtig“") is not."""
    if sentence[0] in OPEN_MARKS or sentence[0] == '"':
        return True
    quoted = sum(m.end() - m.start() for m in QUOTE_REGION.finditer(sentence))
    return quoted >= 0.5 * len(sentence)


def rule_attributions(
    doc: Doc, lexicon: Lexicon, language: str, found: list[Attribution]
) -> list[Attribution]:
    text = doc.text
    coverage = Coverage([(m.start, m.end) for a in found for m in a.message])
    coverage.add([c for a in found for c in a.cue])
    said_in = {
        sentence_index_at(doc, a.cue[0].start if a.cue else a.message[0].start): a for a in found
    }
    labelled_sentences = set(said_in)
    out: list[Attribution] = []

    def keep(attribution: Attribution, sentence: int) -> None:
        out.append(attribution)
        coverage.add(attribution.message)
        said_in[sentence] = attribution

    for para in doc.article.paragraphs:
        line = text[para.start : para.end]
        m = _HEADLINE.match(line)
        if m and "\n" not in line and text.count(m.group("source")) > 1:
            colon = para.start + m.end("source")
            message = _span(doc, para.start + m.start("msg"), para.end)
            if not coverage.covers(message.start, message.end):
                source = _span(doc, para.start, colon)
                cue = [Span(colon, colon + 1, ":")]
                keep(_new(doc, "direct", cue, source, message), sentence_index_at(doc, para.start))

    for attribution in _quotes_after_colon(doc, lexicon, coverage):
        keep(attribution, sentence_index_at(doc, attribution.message[0].start))

    modal = lexicon.word_class("reportive_modal")
    perfect = lexicon.word_class("perfect_infinitive")
    # Each act pattern is tried only on the sentences that hold a word of its gate.
    starts = [s for s, _ in doc.sentences]
    acts = [
        (kind, pattern, gated_sentences(text, starts, gate))
        for kind, pattern, gate in act_patterns(language)
    ]
    # The words of a sentence, lowercased: split from the lowercased text where that lines up
    # with the text (str.lower() keeps every character a word character or not; it differs
    # from lowering word by word only in a Greek final sigma, which no word class holds).
    lowered_text = lowered(text)
    in_line = len(lowered_text) == len(text)

    def sentence_words(s: int, e: int, sentence: str) -> list[str]:
        if in_line:
            return _WORDS.findall(lowered_text, s, e)
        return list(map(str.lower, _WORDS.findall(sentence)))

    konjunktiv = lexicon.word_class("konjunktiv1")
    reach = _widest_mood_window(language)
    for si, (s, e) in enumerate(doc.sentences):
        sentence = text[s:e]
        stripped = sentence.strip()
        if not stripped or coverage.covers(s, e, 0.6):
            continue
        # A sentence that is one quotation continues the latest speaker.
        if stripped[0] in OPEN_MARKS or stripped[0] == '"':
            # The quotation may run on over the next sentences to its closing mark.
            opens = s + len(sentence) - len(sentence.lstrip())
            q = QUOTE_REGION.match(text, opens)
            recent = any(j in said_in for j in range(si - CONTINUATION_WINDOW, si))
            if q and min(q.end(), e) - opens >= 0.8 * len(stripped) and recent:
                keep(_new(doc, "direct", [], None, _span(doc, q.start(), q.end())), si)
                continue
        # Only a statement at most ``reach`` sentences before makes the mood worth reading.
        near = any(j in said_in for j in range(si - reach, si))
        # The words are split only where a test reads them: the reported mood (in a language
        # that has one, after a statement near enough) and a perfect infinitive (when one of
        # its words occurs at all). Most sentences need none.
        if (
            (near and konjunktiv)
            or not in_line
            or any(lowered_text.find(w, s, e) >= 0 for w in perfect)
        ):
            words: list[str] | None = sentence_words(s, e, sentence)
            if not words:
                continue
        elif _WORDS.search(lowered_text, s, e) is None:
            continue  # no word at all
        else:
            words = None
        # Konjunktiv I in verb-second position continues reported speech.
        window = _mood_window(stripped, words or (), lexicon.language) if near else 0
        if (
            any(j in said_in for j in range(si - window, si))
            # A sentence whose cue the labeller read is its own statement, not a continuation;
            # a cue form it left alone is mostly part of the speech ("Man wolle sich nicht
            # streiten", "Er gehe davon aus, …": de-news-quotes/train and dev gain).
            and not (si in labelled_sentences and lexicon.form_regex.search(sentence))
            and (not _mostly_quoted(stripped) or _quotes_its_end(stripped, lexicon))
        ):
            at = _reported_clause(stripped, lexicon)
            start = s + (len(sentence) - len(sentence.lstrip())) + at if at else s
            message = _span(doc, start, e) if at else _sentence_span(doc, s, e)
            source = None
            if si > 0 and si - 1 not in said_in:
                source = _opening_source(doc, si - 1, lexicon)
            attribution = _new(doc, "free_indirect", [], source, message)
            attribution.frame = []  # the source is in the sentence before
            keep(attribution, si)
            continue
        perfect_at_end = words is not None and any(w in perfect for w in words[-4:])
        at = _finite_modal(sentence, modal) if perfect_at_end else None
        if at is not None:
            cue = [Span(s + at.start(), s + at.end(), at.group())]
            keep(_new(doc, "reportive_modal", cue, None, _sentence_span(doc, s, e)), si)
            continue
        for kind, pattern, where in acts:
            if si in labelled_sentences:
                break  # the labeller already read this sentence
            if si not in where:
                continue
            m = pattern.search(sentence)
            if not m:
                continue
            cue = Span(s + m.start("cue"), s + m.end("cue"), m.group("cue"))
            if coverage.covers(cue.start, cue.end):
                break
            source = subject(doc, s, cue, lexicon)
            passive = lexicon.word_class("passive_auxiliary")
            if kind == "reported" and (
                source is None or not passive.isdisjoint(words or sentence_words(s, e, sentence))
            ):
                break  # "wurde … bestätigt" reports an event, not someone's claim
            if kind == "reported":
                # A reported act reports the whole sentence: who did what to whom.
                attribution = _new(doc, kind, [cue], source, _sentence_span(doc, s, e))
                attribution.frame = []
            else:
                rest_start = s + m.start("rest")
                if source and source.start >= cue.end:
                    rest_start = source.end
                message = _span(doc, rest_start, e)
                if len(message.text) < 3:
                    break
                attribution = _new(doc, kind, [cue], source, message)
            keep(attribution, si)
            break
    return out
