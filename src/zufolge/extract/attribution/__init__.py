"""Attribution: who says what, through whom, to whom.

cue anchors (lexicon) → role labelling per anchor (CRF) → spans → source resolution → chains.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from functools import cache

from zufolge.analyze import sentence_index_at, token_texts
from zufolge.analyze.data import SUPPORTED
from zufolge.extract.attribution.cues import find_anchors
from zufolge.extract.attribution.features import OPEN_MARKS, QUOTE_REGION, DocFacts, doc_facts
from zufolge.extract.attribution.lexicon import Lexicon, load
from zufolge.extract.attribution.roles import Labelled, has_model, label_anchors
from zufolge.extract.attribution.rules import (
    act_conditions,
    is_subjunctive,
    name_after_verb,
    rule_attributions,
    source_words,
    subject,
)
from zufolge.extract.attribution.sources import resolve_sources, source_data
from zufolge.extract.entities.data import entity_data
from zufolge.model import Attribution, Doc, Source, Span

QUOTE_CHARS = frozenset('„“”"»«‚‘›‹')


def _runs(tokens: list[int]) -> list[tuple[int, int]]:
    """Contiguous runs of token indices as (first, last) pairs."""
    runs: list[tuple[int, int]] = []
    if not tokens:
        return runs
    first = last = tokens[0]
    for i in tokens[1:]:
        if i != last + 1:
            runs.append((first, last))
            first = i
        last = i
    runs.append((first, last))
    return runs


def _spans(doc: Doc, tokens: list[int]) -> list[Span]:
    """Character spans of token runs; a run never crosses a line break (a paragraph or a
    heading ends there)."""
    if not tokens:
        return []  # no addressee, no source: asked for often
    if len(tokens) == 1:  # a one-word cue or source: one run, and no line break between tokens
        i = tokens[0]
        return [Span(doc.token_starts[i], doc.token_ends[i], token_texts(doc)[i])]
    text = doc.text
    starts, ends = doc.token_starts, doc.token_ends
    out = []
    for first, last in _runs(tokens):
        begin = first
        # Each line break between the run's first and last token: the run splits before the
        # token after it, unless it lies inside a token.
        newline = text.find("\n", ends[first], starts[last])
        while newline != -1:
            i = bisect_right(starts, newline, first + 1, last + 1)  # the token after it
            if ends[i - 1] <= newline:
                out.append(Span(starts[begin], ends[i - 1], text[starts[begin] : ends[i - 1]]))
                begin = i
                newline = text.find("\n", starts[i], starts[last])
            else:
                newline = text.find("\n", newline + 1, starts[last])
        out.append(Span(starts[begin], ends[last], text[starts[begin] : ends[last]]))
    return out


def _label_at(labelled: Labelled, i: int, outside: str | None = None) -> str | None:
    """The label of token ``i``, or ``outside`` where ``i`` is outside the labelled window."""
    k = i - labelled.span.start
    return labelled.labels[k] if 0 <= k < len(labelled.labels) else outside


def _closest(runs: list[Span], doc: Doc, labelled: Labelled) -> Span | None:
    """The source run nearest the cue, preferring one in the cue's own sentence."""
    if len(runs) <= 1:
        return runs[0] if runs else None
    cue_at = doc.token_starts[labelled.anchor.tokens[0]]
    s_start, s_end = doc.sentences[labelled.anchor.sentence]
    return min(
        runs,
        key=lambda r: (
            not (s_start <= r.start < s_end),
            min(abs(r.start - cue_at), abs(r.end - cue_at)),
        ),
    )


def _kind(labelled: Labelled, message: list[Span], doc: Doc) -> str:
    cue_at = doc.token_starts[labelled.anchor.tokens[0]]
    if any(s.start <= cue_at < s.end for s in message):
        return "reported"  # the cue is inside its own message: a reported act
    if any(_quoted(s.text) for s in message):
        return "direct"
    cls = labelled.anchor.cls
    if cls == "according":
        return "according_to"
    if cls == "act":
        return "reported"
    return "indirect"


def _quoted(text: str) -> bool:
    """Whether a message is a quotation: it opens with a quotation mark, or it closes one that
    opened before it. "der Pakt ähnele „einem Militärbündnis“" is reported speech with a
    quotation inside (which becomes a direct quote of its own)."""
    if text[:1] in QUOTE_CHARS:
        return True
    return text[-1:] in QUOTE_CHARS and not any(c in OPEN_MARKS for c in text[:-1])


def _own_message(labelled: Labelled, facts_first: int, doc: Doc) -> list[int]:
    """Message tokens, without those before the anchor's sentence when the anchor's sentence
    has a message of its own: "Er fügte hinzu: „…“" does not also say the sentence before
    it. A quotation that runs on into the anchor's sentence is kept whole."""
    tokens = labelled.tokens("Q")  # in window order: ascending
    first_own = bisect_left(tokens, facts_first)
    if first_own == len(tokens):
        return tokens
    own = tokens[first_own:]
    if own[0] == facts_first and _inside_open_quote(doc, tokens, facts_first):
        return tokens
    return own


def _with_antecedent(
    doc: Doc, labelled: Labelled, tokens: list[int], sentence_first: int, lexicon: Lexicon
) -> list[int]:
    """A message that is only a demonstrative opening the cue's sentence ("Dies gab der
    Hersteller bekannt", "Das berichtete die Zeitung") says what the sentence before said:
    the message is that sentence (without its final stop) and the demonstrative, as
    de-news-quotes annotates. Message tokens the labeller gave the sentence before are
    taken as they are; else the whole sentence before."""
    own = [i for i in tokens if i >= sentence_first]
    if own != [sentence_first] or labelled.anchor.tokens[0] != sentence_first + 1:
        return tokens
    word = token_texts(doc)[sentence_first]
    if word.lower() not in source_words(lexicon.language, "anaphoric_message"):
        return tokens
    before = [i for i in labelled.tokens("Q") if i < sentence_first]
    if before:
        return [*before, *own]
    si = labelled.anchor.sentence
    if si == 0:
        return tokens
    first = bisect_left(doc.token_starts, doc.sentences[si - 1][0])
    last = sentence_first - 2 if _is_final(doc, sentence_first - 1) else sentence_first - 1
    if last < first:
        return tokens
    return [*range(first, last + 1), *own]


_CLAUSE_MARKS = re.compile(r"[,;:.!?]")


def _act_construction(doc: Doc, labelled: Labelled) -> bool:
    """Does an act whose lemma is listed in lang/<language>/act-conditions.tsv have one of
    its words in the verb's clause? True for acts not listed."""
    words = act_conditions(doc.language).get(labelled.anchor.lemma)
    if not words:
        return True
    s_start, s_end = doc.sentences[labelled.anchor.sentence]
    anchor = labelled.anchor.tokens
    before = _CLAUSE_MARKS.split(doc.text[s_start : doc.token_starts[anchor[0]]])[-1]
    after = _CLAUSE_MARKS.split(doc.text[doc.token_ends[anchor[-1]] : s_end])[0]
    return any(w.lower() in words for w in re.findall(r"\w+", before + " " + after))


_CLAUSE_OPENERS = frozenset({",", ";", ":", "(", "–", "-"})


def _with_clause_before(
    doc: Doc, labelled: Labelled, tokens: list[int], sentence_first: int, lexicon: Lexicon
) -> list[int]:
    """An according-to phrase inside its clause ("Kurt Beck hat eigenen Angaben zufolge
    Briefe erhalten", "In den Pyrenäen kam es Berichten zufolge zu …") qualifies the whole
    clause: when the message starts after the phrase, the clause's words before it (from
    the sentence start or the last comma) join the message. Not when the phrase sits inside
    a noun phrase ("die ihrer Meinung nach verbreiteten …"), in a question, or when those
    words hold a quotation, a cue form or (after a comma) open a relative clause.
    Where the labeller took those words as source or frame ("Kurt Beck hat eigenen Angaben"
    as source), the phrase is read from its words (``_according_phrase_start``) and the words
    before it become message, unless a comma lies between phrase and message or a
    subordinate clause opens before it; a cue form there then blocks only after a
    subordinator ("wie … ausgeführt")."""

    word = token_texts(doc).__getitem__

    frame = [i for lab in ("C", "S", "F") for i in labelled.tokens(lab) if i >= sentence_first]
    first = labelled.anchor.tokens[0]
    phrase = min([first, *[i for i in frame if i < first]])
    lexical = _according_phrase_start(doc, labelled, sentence_first, lexicon)
    by_words = False
    if (
        lexical is not None
        and phrase < lexical
        and tokens
        and tokens[0] > first
        and not any(word(i) in _CLAUSE_OPENERS for i in range(first, tokens[0]))
    ):
        phrase = lexical  # the labeller took clause words before the phrase as source or frame
        by_words = True
    if phrase <= sentence_first or not tokens or tokens[0] < phrase:
        return tokens
    if any(sentence_first <= i < phrase for i in tokens):
        return tokens
    if word(phrase - 1).lower() in lexicon.word_class("article"):
        return tokens  # inside a noun phrase
    if word(labelled.sentence_last - 1) == "?":
        return tokens
    start = sentence_first
    closed = 0  # inside a parenthesis ("Kurt Beck (SPD) hat …"), scanning backwards
    for i in range(phrase - 1, sentence_first - 1, -1):
        if word(i) in QUOTE_CHARS:
            return tokens
        if word(i) == ")":
            closed += 1
        elif word(i) == "(" and closed:
            closed -= 1
        elif word(i) in _CLAUSE_OPENERS and not closed:
            start = i + 1
            break
    if start >= phrase:
        return tokens
    if by_words and word(start).lower() in lexicon.word_class("subordinator"):
        return tokens  # "…, dass nach vorläufigen Berechnungen die Höhe …": a clause of its own
    relative = source_words(lexicon.language, "relative_pronoun")
    if start != sentence_first and (
        word(start).lower() in relative or word(start + 1).lower() in relative
    ):
        return tokens  # ", von dem …": a relative clause of the sentence before the phrase
    opened = word(start).lower() in lexicon.word_class("subordinator")
    if (not by_words or opened) and lexicon.form_regex.search(
        doc.text[doc.token_starts[start] : doc.token_ends[phrase - 1]]
    ):
        return tokens  # another statement's cue ("wie … ausgeführt")
    others = {i for i in labelled.tokens("A")}
    joined = {i for i in range(start, phrase) if i not in others}
    if labelled.anchor.tokens[-1] + 1 < phrase or any(
        labelled.anchor.tokens[0] <= i for i in joined
    ):
        return tokens
    labelled.labels = [
        "Q" if i in joined else label
        for i, label in zip(labelled.span, labelled.labels, strict=True)
    ]
    labelled._by_label = None
    return sorted(joined | set(tokens))


def _according_phrase_start(
    doc: Doc, labelled: Labelled, sentence_first: int, lexicon: Lexicon
) -> int | None:
    """Where an according-to phrase starts, read from its words: at a preposition before a
    noun phrase ("nach ersten Angaben", "laut Medienberichten"), or at the start of the noun
    phrase before a postposition ("eigenen Angaben zufolge", "seiner Meinung nach"): articles,
    possessives, inflected adjectives and a genitive ("Berichten des Senders zufolge")."""

    word = token_texts(doc).__getitem__

    first = labelled.anchor.tokens[0]
    if first + 1 >= labelled.sentence_last or first - 1 < sentence_first:
        return None
    articles = lexicon.words_of("article", "pronoun")
    endings = tuple(source_words(lexicon.language, "report_phrase_ending"))
    verbs = lexicon.words_of("auxiliary", "modal", "konjunktiv", "preposition", "subordinator")
    genitive = source_words(lexicon.language, "genitive_article")

    def modifier(w: str) -> bool:
        low = w.lower()
        return w == low and (low in articles or (low.endswith(endings) and low not in verbs))

    after = word(first + 1)
    postpositions = source_words(lexicon.language, "according_postposition")
    inner = source_words(lexicon.language, "according_phrase_preposition")
    noun_before = word(first - 1)[:1].isupper() and first - 1 in labelled.tokens("S")
    if (
        word(first).lower() in lexicon.word_class("preposition")
        and (after[:1].isupper() or modifier(after))
        and not (noun_before and word(first).lower() in postpositions)
    ):
        return first  # "nach ersten Angaben", not "ihrer Meinung nach verbreiteten"
    if word(first).lower() not in postpositions or not word(first - 1)[:1].isupper():
        return None
    i = first - 1
    while i - 1 >= sentence_first:
        before = word(i - 1)
        if before.lower() in articles and word(i).lower() in articles:
            break  # "die ihrer Meinung nach verbreiteten …": the phrase inside a noun phrase
        if modifier(before.lower() if i - 1 == sentence_first else before):
            i -= 1
        elif before[:1].isupper() or before.lower() in genitive:
            i -= 1  # a name or a genitive ("Informationen des Senders France Info zufolge")
        elif before in inner and i - 2 >= sentence_first and word(i - 2)[:1].isupper():
            i -= 1  # "einer Meldung von Xinhua zufolge", "den Behörden in Mombasa zufolge"
        else:
            break
    return i


def _inside_open_quote(doc: Doc, tokens: list[int], facts_first: int) -> bool:
    """Do the message tokens just before ``facts_first`` leave a quotation open?"""
    run = _runs([i for i in tokens if i < facts_first])
    if not run or run[-1][1] != facts_first - 1:
        return False
    first, last = run[-1]
    piece = doc.text[doc.token_starts[first] : doc.token_ends[last]]
    return piece.rfind("„") > piece.rfind("“") or piece.count('"') % 2 == 1


def _attribution(
    doc: Doc, labelled: Labelled, number: int, sentence_first: int, lexicon: Lexicon
) -> Attribution | None:
    message_tokens = _own_message(labelled, sentence_first, doc)
    if not message_tokens:
        return None
    message_tokens = _with_antecedent(doc, labelled, message_tokens, sentence_first, lexicon)
    message_tokens = _clause_after_cue(doc, labelled, message_tokens, lexicon)
    sentence_last = labelled.sentence_last

    within: dict[str, list[int]] = {}  # the labels no longer change once asked for

    def in_sentence(label: str) -> list[int]:
        """Cue, source, addressee and frame belong to the cue's own sentence."""
        if label not in within:
            tokens = labelled.tokens(label)
            within[label] = [i for i in tokens if sentence_first <= i < sentence_last]
        return list(within[label])

    message = _spans(doc, message_tokens)
    kind = _kind(labelled, message, doc)
    if kind == "reported" and not _act_construction(doc, labelled):
        return None  # "Ihm droht eine Haftstrafe": a risk, no one's act
    from_act = kind == "reported"
    if from_act:
        clause = _complement_of_act(doc, labelled, message_tokens, sentence_last, lexicon)
        if clause:  # the act's complement clause is its message, as indirect speech
            message_tokens, kind = clause, "indirect"
            message = _spans(doc, message_tokens)
    if kind == "according_to":
        joined = _with_clause_before(doc, labelled, message_tokens, sentence_first, lexicon)
        if joined is not message_tokens:  # the same list when nothing joined
            message_tokens = joined
            message = _spans(doc, message_tokens)
    if kind == "according_to":
        rest = _without_source_relative(doc, labelled, message_tokens, lexicon)
        if rest:
            message_tokens = rest
            message = _spans(doc, message_tokens)
    if kind in ("indirect", "according_to"):
        own_clause = _until_semicolon(doc, labelled, message_tokens, lexicon)
        if own_clause:
            message_tokens = own_clause
            message = _spans(doc, message_tokens)
    if kind == "indirect":
        after_cue = _without_frame_before_cue(doc, labelled, message_tokens, sentence_first)
        if after_cue is not message_tokens:  # the same list when nothing was left out
            message_tokens = after_cue
            message = _spans(doc, message_tokens)
        whole = _to_sentence_end(doc, labelled, message_tokens, sentence_last, lexicon)
        if whole:
            message_tokens = whole
            message = _spans(doc, message_tokens)
    if kind in ("indirect", "according_to"):
        message = _without_final_punctuation(message)
    message = _without_dangling_mark(message)
    # A reported act may carry its cue inside the message ("Die Medien sprachen von …"): then
    # it has no cue of its own. An act followed by its message keeps its cue ("Die
    # Gewerkschaft verlangt, dass …", "hat entschieden, … zu entziehen").
    cue_at = doc.token_starts[labelled.anchor.tokens[0]]
    act_clause = kind == "reported" and any(s.start <= cue_at < s.end for s in message)
    cue = [] if act_clause else _spans(doc, in_sentence("C") or labelled.anchor.tokens)
    source_span = _names_someone(_closest(_spans(doc, in_sentence("S")), doc, labelled), lexicon)
    if source_span:
        source_span = _source_trimmed(
            doc, _without_other_clause(doc, labelled, source_span, lexicon), lexicon
        )
        source_span = _with_leading_name(doc, labelled, source_span, sentence_first, lexicon)
        extended = _with_apposition(doc, labelled, source_span, sentence_last, lexicon)
        extended = _with_surname(doc, labelled, extended, sentence_last, lexicon)
        if labelled.anchor.cls == "according":
            extended = _with_genitive(doc, labelled, extended, sentence_last, lexicon)
        if extended.end > source_span.end:
            message = _without_range(message, source_span.end, extended.end)
            if not message:
                return None
        source_span = extended
    if source_span and not _may_name(source_span, lexicon):
        source_span = None  # "„besorgt“": a quoted adjective describes; it does not speak
    if source_span and cue and _adverbial(source_span, lexicon):
        source_span = None  # "Gleichzeitig vermutet er", "Anfang Oktober meldete die Post"
    if source_span and cue and source_span.start > cue[-1].end:
        between = doc.text[cue[-1].end : source_span.start]
        if any(mark in between for mark in ",:;"):
            source_span = None  # "sagte, der Pakt …": what follows the comma is the message
    if from_act and source_span is None:
        # The labeller often marks the actor as message too ("Tsvangirai bemängelt …"): the
        # clause's subject is then the actor. Without one, an act is no one's statement
        # ("nicht … zu bestätigen").
        anchor_cue = _spans(doc, labelled.anchor.tokens)[0]
        s_start = doc.sentences[labelled.anchor.sentence][0]
        source_span = subject(doc, s_start, anchor_cue, lexicon, shared=False)
        if source_span is None:
            return None
        source_span = _names_someone(source_span, lexicon)  # "Besonders kritisierten …"
    impersonal = lexicon.word_class("impersonal")
    if cue and cue[0].text.split()[0].lower() in impersonal:
        source_span = None  # "es wird vermutet", "man geht davon aus": nobody in particular
    elif source_span is None and labelled.anchor.cls != "according" and cue:
        # The labeller saw no source: take the clause's subject ("Petersen sagte, …").
        s_start = doc.sentences[labelled.anchor.sentence][0]
        source_span = _names_someone(subject(doc, s_start, cue[0], lexicon), lexicon)
    if source_span is None and cue:
        source_span = _document_source(doc, labelled, cue, lexicon)
    if kind == "reported" and source_span and _dative(source_span, lexicon):
        # "Ihm wird vorgeworfen …": the act is someone else's, the agent's if it is named
        source_span = _passive_agent(doc, source_span.end, labelled, lexicon)
    elif kind == "reported" and source_span and _in_relative_clause(doc, labelled, lexicon):
        source_span = None  # "…, die heftig gerügt worden waren, …": not the clause's subject
    elif (
        kind == "reported" and source_span and _passive_before(doc, source_span, labelled, lexicon)
    ):
        # "Der Behörde wird … vorgeworfen": the subject suffers the act
        source_span = _passive_agent(doc, source_span.end, labelled, lexicon)
    elif kind in ("direct", "indirect") and source_span and cue and _dative(source_span, lexicon):
        # "Der Zeitung sagte Karma: …": the speaker follows the verb
        m = name_after_verb(lexicon.language).match(doc.text, cue[0].end)
        source_span = Span(m.start("np"), m.end("np"), m.group("np")) if m else None
    if source_span and source_span.text.endswith(","):  # "…, Arminda Thomas, sagte"
        text = source_span.text.rstrip(" ,")
        source_span = Span(source_span.start, source_span.start + len(text), text)
    if len(cue) == 1 and cue[0].text.lower() in lexicon.word_class("anaphoric_cue"):
        source_span = cue[0]  # "Demnach" stands for the source it refers back to
    if source_span:
        source_span = _without_addressee(_without_preposition(source_span, lexicon), lexicon)
        if cue:
            source_span = _relative_speaker(doc, source_span, cue, lexicon)
    if act_clause and source_span:
        message = _act_with_actor(doc, message, source_span)
    source = Source(source_span, None, "person") if source_span else None
    addressee_runs = _spans(doc, in_sentence("A"))
    addressee = addressee_runs[0] if addressee_runs else None
    if addressee is None and cue and labelled.anchor.cls == "speech":
        addressee = _outlet_addressee(doc, cue[-1].end, lexicon)
    frame_tokens = sorted(in_sentence("F") + in_sentence("C") + in_sentence("S") + in_sentence("A"))
    return Attribution(
        id=f"a{number}",
        kind=kind,
        cue=cue,
        source=source,
        message=message,
        addressee=addressee,
        frame=_spans(doc, frame_tokens),
    )


def _act_with_actor(doc: Doc, message: list[Span], actor: Span) -> list[Span]:
    """A reported act is the whole clause, its actor included: "Die Polizei sprach von einer
    friedlichen Demonstration" relays that the police spoke of one, not merely "sprach von
    …". The actor joins the message when nothing but a comma or space separates them, in
    one sentence."""
    first = message[0]
    if actor.end > first.start or doc.text[actor.end : first.start].strip(" ,"):
        return message
    if sentence_index_at(doc, actor.start) != sentence_index_at(doc, first.start):
        return message  # a source span run across a sentence end is no actor of this clause
    return [Span(actor.start, first.end, doc.text[actor.start : first.end]), *message[1:]]


def _outlet_addressee(doc: Doc, after: int, lexicon: Lexicon) -> Span | None:
    """The outlet a speech verb is told to, right after the verb ("sagte dem Blatt", "erklärte
    der Zeitung", "sagte hierzu der Süddeutschen Zeitung", "sagte gegenüber der „Welt“"): a
    dative article and a media noun or a known outlet, which the labeller sometimes leaves
    unlabelled."""
    m = _addressee_after_verb(lexicon.language).match(doc.text, after)
    if m is None:
        return None
    data = source_data(lexicon.language)
    heads = [w.strip('„“”"»«') for w in m.group("head").split()]
    named = data.outlet_regex is not None and data.outlet_regex.search(m.group("np"))
    if not named and not any(data.noun_type(w) == "media" for w in heads):
        return None
    return Span(m.start("np"), m.end("np"), m.group("np"))


@cache
def _addressee_after_verb(language: str) -> re.Pattern[str]:
    articles = "|".join(sorted(source_words(language, "addressee_article"))) or "(?!)"
    gaps = "|".join(sorted(source_words(language, "addressee_gap"))) or "(?!)"
    capitalised = r"[„“\"»«]?[A-ZÄÖÜ][\w-]*[“”\"«]?"
    return re.compile(
        rf"(?:\s+(?:{gaps})){{0,2}}\s+(?P<np>(?:{articles})\s+(?:[^\W\d_A-ZÄÖÜ][\w-]*\s+){{0,2}}"
        rf"(?P<head>{capitalised}(?:\s+{capitalised}){{0,2}}))"
    )


def _join_free_indirect_runs(doc: Doc, attributions: list[Attribution]) -> list[Attribution]:
    """Reported speech that goes on over consecutive sentences without a new cue is one
    statement ("Dies sei … Zudem habe …"): in de-news-quotes/train 89 % of adjacent free
    indirect sentences belong to one attribution."""
    out: list[Attribution] = []
    last_start = 0  # where the latest statement's last message span starts
    previous: Attribution | None = None
    for a in attributions:
        if previous is not None and _inside(a, previous):
            out.append(a)  # a quotation embedded in the run ("sei „…“") does not break it
            continue
        if (
            previous is not None
            and a.kind == previous.kind == "free_indirect"
            and not a.cue
            # the sentences are looked up only here: most statements are no such pair
            and sentence_index_at(doc, a.message[0].start) == sentence_index_at(doc, last_start) + 1
        ):
            previous.message += a.message
        else:
            out.append(a)
            previous = a
        last_start = a.message[-1].start
    return out


def _inside(a: Attribution, other: Attribution) -> bool:
    """Does every message span of ``a`` lie within one of ``other``'s?"""
    return all(any(o.start <= m.start and m.end <= o.end for o in other.message) for m in a.message)


def _without_preposition(span: Span, lexicon: Lexicon) -> Span:
    """ "Laut BBC News" → "BBC News": the preposition belongs to the cue, not the source;
    but a name particle before a family name stays ("Von der Leyen betonte")."""
    first, _, rest = span.text.partition(" ")
    names = entity_data(lexicon.language)
    *particles, family = span.text.split() or [""]
    if (
        len(particles) <= 2
        and all(w.lower() in names.connectors for w in particles)
        and family in names.surnames
    ):
        return span
    if rest and first.lower() in lexicon.word_class("preposition"):
        start = span.start + len(span.text) - len(rest)
        return Span(start, span.end, rest)
    return span


def _relative_speaker(doc: Doc, span: Span, cue: list[Span], lexicon: Lexicon) -> Span:
    """A source that runs into a relative clause whose verb is the cue ("ein General, …, der
    in einer ersten Stellungnahme vor dem Parlament erklärte") is the relative pronoun, as
    de-news-quotes annotates it; a clause closed before the cue is part of the source."""
    relative = source_words(lexicon.language, "relative_pronoun")
    if not relative or span.end > cue[-1].start or "," in doc.text[span.end : cue[-1].start]:
        return span
    for m in re.finditer(r",\s*(\w+)\s+([^\W\d_]\w*)", span.text):
        if m.group(1) in relative and m.group(2).islower():
            start = span.start + m.start(1)
            return Span(start, start + len(m.group(1)), m.group(1))
    return span


def _without_addressee(span: Span, lexicon: Lexicon) -> Span:
    """A source ends before the phrase that names whom it addresses ("appellierte Felipe
    Calderón an private Fluglinien"): a preposition of address right after a capitalised
    word, with no comma before it (an apposition may hold one)."""
    prepositions = source_words(lexicon.language, "address_preposition")
    if not prepositions or "," in span.text:
        return span
    for m in _WORD.finditer(span.text):
        if m.start() > 0 and m.group() in prepositions:
            head = span.text[: m.start()].rstrip()
            if head.split()[-1][:1].isupper():
                return Span(span.start, span.start + len(head), head)
    return span


def _with_leading_name(
    doc: Doc, labelled: Labelled, span: Span, sentence_first: int, lexicon: Lexicon
) -> Span:
    """A described source after a name and a comma is the name's apposition: "ging Celebi,
    die Anwältin der Frau, davon aus" names Celebi too. The name (capitalised words the
    labeller gave no message or cue) follows the cue or opens the sentence."""
    if not lexicon.nouns_capitalised:
        return span  # elsewhere a capitalised word is no sign of a name
    starts, ends = doc.token_starts, doc.token_ends
    words = token_texts(doc)
    first = bisect_left(ends, span.start + 1)
    if words[first].lower() not in lexicon.word_class("article"):
        return span
    if " " not in span.text:
        return span  # a relative pronoun ("Arturo Arauz, der das Gesetz entworfen hatte")
    comma = first - 1
    if comma <= sentence_first or words[comma] != ",":
        return span
    k = comma
    while k - 1 >= sentence_first and comma - k < 4:
        word = words[k - 1]
        if not (word[:1].isupper() and word.replace("-", "").isalpha()):
            break
        if _label_at(labelled, k - 1) in ("C", "Q", "R"):
            break
        k -= 1
    if k == comma:
        return span
    opens = k == sentence_first or _label_at(labelled, k - 1) == "C"
    if not opens or words[k].lower() in lexicon.word_class("article"):
        return span
    return Span(starts[k], span.end, doc.text[starts[k] : span.end])


def _with_apposition(
    doc: Doc, labelled: Labelled, span: Span, sentence_last: int, lexicon: Lexicon
) -> Span:
    """A source the labeller ended at a comma runs on over an apposition it marked as frame
    ("General Michael Hagee, Kommandant des US-Marine-Corps, ohne …"): de-news-quotes
    annotates the apposition as part of the source. The apposition starts with an article or
    a capitalised word, ends with a noun or name at the next comma and holds no cue token."""
    starts, ends = doc.token_starts, doc.token_ends
    words = token_texts(doc)
    last = bisect_left(ends, span.end)
    comma = last + 1
    if comma + 2 >= sentence_last or words[comma] != ",":
        return span
    first = comma + 1
    word = words[first]
    # The labeller often gives the apposition to the message; the comma it marks as frame
    # shows where it saw the source end.
    allowed = ("F", "S", "Q") if _label_at(labelled, comma) == "F" else ("F", "S")
    if not (word.lower() in lexicon.word_class("article") or word[:1].isupper()):
        return span
    for i in range(first, min(first + 9, sentence_last)):
        text = words[i]
        if text == ",":
            before = words[i - 1]
            if i == first or "\n" in doc.text[span.start : starts[i]]:
                return span
            if not (before[:1].isupper() or before[:1].isdigit() or before == ")"):
                return span  # a relative clause ends with its verb: "…, der als Sprecher fungiert"
            return Span(span.start, ends[i - 1], doc.text[span.start : ends[i - 1]])
        if _label_at(labelled, i) not in allowed or not (text[:1].isalnum() or text in "()-"):
            return span
    return span


def _without_other_clause(doc: Doc, labelled: Labelled, span: Span, lexicon: Lexicon) -> Span:
    """A labelled source that runs over a lower-case cue word ("BBC News sagte der Minister",
    "Streiff warf Medienberichten") or a finite auxiliary ("… Zenawi hat dem Ergebnis")
    spans two clauses: keep the side next to the anchor."""
    starts, ends = doc.token_starts, doc.token_ends
    first, last = bisect_left(ends, span.start + 1), bisect_left(ends, span.end)
    anchor = set(labelled.anchor.tokens)
    # Where nouns are capitalised a relative clause is set off by commas; elsewhere ("officials
    # who were briefed") an auxiliary inside a source is no sign of another clause.
    finite = lexicon.words_of("auxiliary", "modal") if lexicon.nouns_capitalised else frozenset()
    words = token_texts(doc)
    verbs = [
        i
        for i in range(first + 1, last)
        if i not in anchor
        and words[i].islower()
        and (words[i] in lexicon.forms or words[i] in finite)
    ]
    if not verbs:
        return span
    at = labelled.anchor.tokens[0]
    if at < verbs[0]:
        a, b = first, verbs[0] - 1
    else:
        a, b = verbs[-1] + 1, last
    return Span(starts[a], ends[b], doc.text[starts[a] : ends[b]])


def _names_someone(span: Span | None, lexicon: Lexicon) -> Span | None:
    """No source for a lone word that names nobody ("Dies", "Insgesamt")."""
    if span is None or span.text.lower() not in source_words(lexicon.language, "not_source"):
        return span
    return None


def _with_surname(
    doc: Doc, labelled: Labelled, span: Span, sentence_last: int, lexicon: Lexicon
) -> Span:
    """A source that ends with a first name runs on over the capitalised word after it, the
    family name, even where the labeller gave that to the message ("Justizsprecher Joachim
    | Banke"); a family name takes the particle before it ("Von | der Leyen")."""
    starts, ends = doc.token_starts, doc.token_ends
    words = token_texts(doc)
    names = entity_data(lexicon.language)
    first = bisect_left(ends, span.start + 1)
    *particles, family = span.text.split()
    before = words[first - 1] if first > 0 else ""
    if (
        family in names.surnames
        and len(particles) < 2
        and all(w in names.connectors for w in particles)
        and before.isalpha()
        and before.lower() in names.connectors
        and _label_at(labelled, first - 1) != "C"
    ):  # "Von | der Leyen": the particle the labeller left out
        span = Span(starts[first - 1], span.end, doc.text[starts[first - 1] : span.end])
    last = bisect_left(ends, span.end)
    nxt = last + 1
    if nxt >= sentence_last or words[last] not in names.first_names:
        return span
    word = words[nxt]
    label = _label_at(labelled, nxt)
    if label in ("C", "R") or not word[:1].isupper() or not word.replace("-", "").isalpha():
        return span
    if doc.text[ends[last] : starts[nxt]].strip():
        return span
    return Span(span.start, ends[nxt], doc.text[span.start : ends[nxt]])


def _with_genitive(
    doc: Doc, labelled: Labelled, span: Span, sentence_last: int, lexicon: Lexicon
) -> Span:
    """The source of an "according to" cue runs on over the rest of a name and over a
    genitive phrase the labeller left out ("nach Auffassung der Kanzlerin", "laut
    Justizsprecher Joachim Banke"): the name only over words the labeller left unlabelled,
    the genitive, up to a capitalised word after at most two lower-case ones, also over
    message words (the labeller often reads it as the message's), but only after a report
    noun that has no owner yet ("einer Pressemitteilung des BMI der Verbesserung" ends at
    "BMI")."""
    ends = doc.token_ends
    genitive = source_words(lexicon.language, "genitive_article")
    prepositions = lexicon.word_class("preposition")
    endings = tuple(source_words(lexicon.language, "genitive_adjective_ending")) or ("",)
    last = bisect_left(ends, span.end)

    word = token_texts(doc).__getitem__

    def free(i: int, labels: tuple[str, ...] = ("C", "R")) -> bool:
        return i < sentence_last and _label_at(labelled, i) not in labels and word(i).isalpha()

    end = last
    while end + 1 - last <= 2 and free(end + 1, ("C", "R", "Q")) and word(end + 1)[:1].isupper():
        end += 1  # the rest of a name, if the labeller did not give it to the message
    owned = any(w in genitive or w in prepositions for w in span.text.split()[1:])
    if not owned and free(end + 1) and word(end + 1) in genitive:
        i = end + 2
        while i < end + 4 and free(i) and word(i).islower():
            if not word(i).endswith(endings):
                return span
            i += 1
        if free(i) and word(i)[:1].isupper():
            end = i
            while end + 1 - i <= 2 and free(end + 1) and word(end + 1)[:1].isupper():
                end += 1
    if end == last or "\n" in doc.text[span.end : ends[end]]:
        return span
    return Span(span.start, ends[end], doc.text[span.start : ends[end]])


def _without_range(message: list[Span], start: int, end: int) -> list[Span]:
    """Message spans without the characters [start, end) (words that went to the source)."""
    out = []
    for m in message:
        for a, b in ((m.start, min(m.end, start)), (max(m.start, end), m.end)):
            piece = m.text[a - m.start : b - m.start]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if b > a and piece:
                out.append(Span(a + lead, a + lead + len(piece), piece))
    return out


def _source_trimmed(doc: Doc, span: Span, lexicon: Lexicon) -> Span:
    """A labelled source ends before a lower-case article of the dative or accusative right
    after a noun: that opens the addressee or an object ("die Anwältin der Frau dem
    Richter"). Where nouns are capitalised, a source without a comma (and so without a
    relative clause) also ends with its last name or noun, not with a trailing adverb,
    adjective or article ("Suttner wörtlich", "… des Roten Kreuzes obdachlos")."""
    starts, ends = doc.token_starts, doc.token_ends
    first, last = bisect_left(ends, span.start + 1), bisect_left(ends, span.end)
    words = token_texts(doc)[first : last + 1]
    if len(words) > 1 and words[0] in source_words(lexicon.language, "object_pronoun"):
        first, words = first + 1, words[1:]  # "ihn der Gewerkschafter"
    objects = source_words(lexicon.language, "object_article")
    prepositions = lexicon.word_class("preposition")
    # After a noun: a sentence's capitalised first word may be none ("Falls die Universität").
    opens_sentence = doc.sentences[sentence_index_at(doc, starts[first])][0] == starts[first]
    for k in range(1 + opens_sentence, len(words) - 1):
        before = words[k - 1]
        if "," in words[:k]:
            break  # inside a relative clause or apposition: "…, die im Gazastreifen die …"
        if words[k] in objects and before[:1].isupper() and before.lower() not in prepositions:
            words = words[:k]
            break
    if lexicon.nouns_capitalised and "," not in words:  # a relative clause ends in its verb
        articles = lexicon.word_class("article")
        kept = list(words)
        while len(kept) > 1 and kept[-1].isalpha() and kept[-1].islower():
            if len(kept[-1]) <= 3 and kept[-1] not in articles:
                break  # a short lower-case name ("taz") may end a source
            kept.pop()
        if any(w.lower() not in articles for w in kept):
            words = kept  # "Die beiden" stays whole
    begin, end = starts[first], ends[first + len(words) - 1]
    if (begin, end) == (span.start, span.end):
        return span
    return Span(begin, end, doc.text[begin:end])


def _may_name(span: Span, lexicon: Lexicon) -> bool:
    """Can a would-be source name someone? Where every noun is capitalised (German), a
    source has a capitalised word or a pronoun; elsewhere any span may ("officials")."""
    if not lexicon.nouns_capitalised:
        return True
    pronouns = lexicon.words_of("pronoun", "personal_pronoun")
    words = _WORD.findall(span.text)
    return any(w[0].isupper() or w[0].isdigit() or w.lower() in pronouns for w in words)


def _in_relative_clause(doc: Doc, labelled: Labelled, lexicon: Lexicon) -> bool:
    """Is the cue inside a relative clause ("…, die parteiübergreifend gerügt worden
    waren")? Then the sentence's first constituent is not its actor."""
    s_start = doc.sentences[labelled.anchor.sentence][0]
    before = doc.text[s_start : doc.token_starts[labelled.anchor.tokens[0]]]
    comma = before.rfind(",")
    if comma < 0:
        return False
    words = _WORD.findall(before[comma + 1 :])
    return (
        len(words) >= 2
        and words[0] in source_words(lexicon.language, "relative_pronoun")
        and words[1].islower()
    )


def _passive_agent(doc: Doc, start: int, labelled: Labelled, lexicon: Lexicon) -> Span | None:
    """The agent of a passive act between its subject and its cue ("Ihr wird von den
    Behörden Spionage vorgeworfen": "den Behörden")."""
    agent = source_words(lexicon.language, "agent_preposition")
    if not agent:
        return None
    end = doc.token_starts[labelled.anchor.tokens[0]]
    words = list(_WORD.finditer(doc.text, start, end))
    for i, m in enumerate(words):
        if m.group().lower() not in agent:
            continue
        taken = words[i + 1 :]
        k = 1 if taken and taken[0].group().lower() in lexicon.word_class("article") else 0
        while k < len(taken) and k < 3 and taken[k].group().islower():
            k += 1
        first_cap = k
        while k < len(taken) and taken[k].group()[:1].isupper():
            k += 1
            if first_cap > 0:
                break  # after an article one noun heads the phrase ("den Behörden Spionage")
        if k > first_cap:
            return Span(
                taken[0].start(),
                taken[k - 1].end(),
                doc.text[taken[0].start() : taken[k - 1].end()],
            )
        return None
    return None


def _passive_before(doc: Doc, span: Span, labelled: Labelled, lexicon: Lexicon) -> bool:
    """Is the would-be actor the first constituent of a passive, a form of "werden" right
    after it and the cue a participle ("Der Behörde wird Verschleppung vorgeworfen")? Not
    when it is the agent ("Von der Opposition wurde … kritisiert")."""
    anchor = labelled.anchor.tokens
    cue_start = doc.token_starts[anchor[0]]
    verb = doc.text[cue_start : doc.token_ends[anchor[-1]]].lower()
    if span.end > cue_start or not (verb.endswith("t") or "ge" in verb[:6]):
        return False
    s_start = doc.sentences[labelled.anchor.sentence][0]
    first = _WORD.search(doc.text, s_start)
    if first is None or first.start() != span.start:
        return False  # only the first constituent
    if first.group().lower() in lexicon.word_class("preposition"):
        return False  # the agent ("Von der Bewegung wurden … angekündigt")
    after = _WORD.findall(doc.text[span.end : cue_start])
    return bool(after) and after[0].lower() in lexicon.word_class("passive_auxiliary")


@cache
def _document_phrase(language: str) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """(cue words, pattern) for "heißt es in X": the preposition and the noun phrase after
    it, with a genitive attribute ("in einer Erklärung des Verbands")."""
    cues = source_words(language, "document_cue")
    prepositions = source_words(language, "document_preposition")
    if not cues or not prepositions:
        return cues, None
    determiner = "|".join(sorted(source_words(language, "document_determiner")))
    genitive = "|".join(sorted(source_words(language, "genitive_article")))
    lower, name = (
        r"[^\W\d_A-ZÄÖÜ][\w-]*",
        r"[A-ZÄÖÜ][\w-]*(?:\.[\w-]+)*(?:\s+[A-ZÄÖÜ][\w-]*(?:\.[\w-]+)*)*",
    )
    phrase = rf"(?:(?:{determiner})\s+)?(?:{lower}\s+){{0,2}}{name}"
    np = rf"{phrase}(?:\s+(?:{genitive})\s+(?:{lower}\s+){{0,2}}{name})?"
    prep = "|".join(sorted(prepositions))
    return cues, re.compile(rf"(?i:{prep})\s+(?P<np>{np})")


def _document_source(
    doc: Doc, labelled: Labelled, cue: list[Span], lexicon: Lexicon
) -> Span | None:
    """ "So heißt es in dem Schreiben: …", "In der Mitteilung hieß es, …": the document
    named next to an impersonal cue is the source (de-news-quotes annotates it so)."""
    cues, pattern = _document_phrase(lexicon.language)
    if pattern is None or not any(w.lower() in cues for w in _WORD.findall(cue[0].text)):
        return None
    s_start, s_end = doc.sentences[labelled.anchor.sentence]
    after = re.compile(rf"(?:\s+es)?(?:\s+[^\W\d_A-ZÄÖÜ][\w-]*)?\s+(?={pattern.pattern})")
    gap = after.match(doc.text, cue[-1].end, s_end)
    m = pattern.match(doc.text, gap.end(), s_end) if gap else None
    if m is None:
        first = re.compile(r"\s*").match(doc.text, s_start).end()
        m = pattern.match(doc.text, first, cue[0].start)
        if m is None or doc.text[m.end() : cue[0].start].strip():
            return None
    return Span(m.start("np"), m.end("np"), m.group("np"))


def _dative(span: Span, lexicon: Lexicon) -> bool:
    """Is a would-be actor a dative object at the start of its sentence ("Dem Kläger",
    "Ihm")? Capitalised only: "in einem Schreiben seiner Anwälte" is a source."""
    words = span.text.split()
    if not words or not words[0][:1].isupper():
        return False
    first = words[0].lower()
    if len(words) == 1 and first in source_words(lexicon.language, "dative_pronoun"):
        return True
    if len(words) > 2 and first in source_words(lexicon.language, "dative_before_adjective"):
        return words[1].islower() and words[1].endswith("en") and words[2][:1].isupper()
    return len(words) > 1 and first in source_words(lexicon.language, "dative_opening")


def _adverbial(span: Span, lexicon: Lexicon) -> bool:
    """Is a would-be source an adverbial: a lone sentence adverb or conjunction, or a time
    expression ("Anfang Oktober")?"""
    words = span.text.lower().split()
    if len(words) == 1 and words[0] in lexicon.words_of("adverbial_start", "conjunction"):
        return True
    return words[0] in lexicon.word_class("temporal_start") and len(words) <= 3


def _clause_after_cue(
    doc: Doc, labelled: Labelled, tokens: list[int], lexicon: Lexicon
) -> list[int]:
    """When the message has a "dass …" clause after the cue, the words before the cue belong
    to another statement ("X liefert Munition, und es wird vermutet, dass …")."""
    first_cue = labelled.anchor.tokens[0]
    first_after = next((i for i in tokens if i > labelled.anchor.tokens[-1]), None)
    if first_after is None or first_after == tokens[0]:
        return tokens
    if token_texts(doc)[first_after].lower() not in lexicon.word_class("complementizer"):
        return tokens
    return [i for i in tokens if i > first_cue]


def _without_frame_before_cue(
    doc: Doc, labelled: Labelled, tokens: list[int], sentence_first: int
) -> list[int]:
    """Indirect speech that follows its cue after a comma ("… sagte Rice, die USA hielten sich
    …") does not also take the clause words before the cue ("Bei ihrem Auftritt in Brüssel",
    "…, bei dem sie gesagt hatte"): those frame the statement. A cue set off by commas inside
    the message ("Es sei, so wird gesagt, eine Illusion …") keeps both parts."""

    word = token_texts(doc).__getitem__

    cue = [i for i in labelled.tokens("C") if sentence_first <= i < labelled.sentence_last]
    cue = cue or list(labelled.anchor.tokens)
    first, last = min(cue), max(cue)
    before = [i for i in tokens if sentence_first <= i < first]
    after = [i for i in tokens if i > last]
    if not before or not after or word(after[0] - 1) != ",":
        return tokens
    if any(word(i) == "," for i in range(before[-1], first)):
        return tokens
    left_out = set(before)
    return [i for i in tokens if i not in left_out]


def _to_sentence_end(
    doc: Doc, labelled: Labelled, tokens: list[int], sentence_last: int, lexicon: Lexicon
) -> list[int] | None:
    """Indirect speech after its cue that stops inside a phrase ("…, dass der Naval Criminal
    Investigative | Service … erheben wird") runs on to the end of its sentence: the labeller
    lost the rest. Not before a coordinated clause ("… | und weigerte sich …"), not after one
    word behind a comma, nor over words with a role or a quotation mark."""

    word = token_texts(doc).__getitem__

    if not tokens or labelled.anchor.tokens[-1] > tokens[0]:
        return None
    last = tokens[-1]
    after = last + 1
    if after >= sentence_last - 1 or not word(last)[-1:].isalnum():
        return None
    if last - 1 in tokens and word(last - 1) in _CLAUSE_OPENERS:
        return None  # ", erkannte | die Autorität …": one stray word of the next clause
    if not word(after)[:1].isalnum() or word(after).lower() in lexicon.word_class("conjunction"):
        return None
    rest = range(after, sentence_last)
    if any(_label_at(labelled, i, "O") != "O" or word(i) in QUOTE_CHARS for i in rest):
        return None
    return sorted(set(tokens) | set(rest))


def _without_final_punctuation(message: list[Span]) -> list[Span]:
    """Indirect speech is a clause: the sentence's final stop or a trailing comma is not
    part of it (as de-news-quotes annotates)."""
    last = message[-1]
    text = last.text.rstrip(" .,;:")
    if not text:
        return message[:-1] or message
    return [*message[:-1], Span(last.start, last.start + len(text), text)]


def _without_dangling_mark(message: list[Span]) -> list[Span]:
    """A message does not end on the opening mark of the next quotation ("… Zeug“ „")."""
    last = message[-1]
    text = last.text.rstrip()
    if not text or text[-1] not in OPEN_MARKS:
        return message
    text = text[:-1].rstrip()
    if not text:
        return message[:-1] or message
    return [*message[:-1], Span(last.start, last.start + len(text), text)]


def _without_source_relative(
    doc: Doc, labelled: Labelled, tokens: list[int], lexicon: Lexicon
) -> list[int] | None:
    """An according-to message that opens with a relative clause on the labelled source
    ("Nach Angaben der Ämter, die … verglichen wurden, beträgt …") starts after the comma
    that closes it: the message tokens from there, else None."""

    word = token_texts(doc).__getitem__

    first = tokens[0]
    if first <= labelled.anchor.tokens[-1] or word(first - 1) != ",":
        return None
    if word(first) not in source_words(lexicon.language, "relative_pronoun"):
        return None
    if first - 2 not in labelled.tokens("S"):
        return None  # the clause must hang on the source itself
    inside = set(tokens)
    comma = next((i for i in tokens if word(i) == ","), None)
    if comma is None or comma + 1 not in inside:
        return None
    return [i for i in tokens if i > comma]


def _until_semicolon(
    doc: Doc, labelled: Labelled, tokens: list[int], lexicon: Lexicon
) -> list[int] | None:
    """An indirect or according-to message that runs past a semicolon after the cue into a
    clause of the author's ("Laut Satzung entscheidet der Rat; seine Stellung ergibt sich
    aber …") ends before it: the message tokens up to the semicolon, else None. The clause
    after it stays reported when it is in the reported mood ("; sie hätte aber …") or is no
    clause at all (a list: "; Partei B 12 Prozent")."""
    after = labelled.anchor.tokens[-1]
    if not tokens or doc.text.find(";", doc.token_ends[after], doc.token_ends[max(tokens)]) < 0:
        return None  # no semicolon after the cue at all

    word = token_texts(doc).__getitem__

    stop = next((i for i in tokens if i > after and word(i) == ";"), None)
    if stop is None:
        return None
    rest = [word(i) for i in tokens if i > stop]
    mood = lexicon.words_of("konjunktiv", "konjunktiv1", "reportive_modal")
    if any(w.lower() in mood for w in rest) or not any(w.isalpha() and w.islower() for w in rest):
        return None
    return [i for i in tokens if i < stop] or None


@cache
def _joined_infinitive(language: str) -> re.Pattern[str]:
    """A zu-infinitive written as one word after a separable particle ("anzunehmen",
    "abzuhalten"): particle, infinitive marker, infinitive (lang/<language>/source-words.tsv)."""
    particles = "|".join(sorted(source_words(language, "separable_particle"))) or "(?!)"
    marker = "|".join(sorted(source_words(language, "infinitive_marker"))) or "(?!)"
    return re.compile(rf"^(?:{particles})(?:{marker})[^\W\d_]{{2,}}n$")


def _complement_of_act(
    doc: Doc, labelled: Labelled, tokens: list[int], sentence_last: int, lexicon: Lexicon
) -> list[int] | None:
    """A reported act whose message runs on past a comma into a complement clause ("Der
    Verband beklagte in einer Mitteilung, dass …", "appellierte an die Bürger, sich … zu
    melden", "gab als Grund an, die Firma habe …") says that clause: the message tokens from
    the clause on, else None. The clause opens with "dass"/"ob", ends its first stretch with a
    zu-infinitive, or is in the reported mood; not a purpose clause ("um … zu"), not another
    subordinate clause ("bevor … sei"). Only where a reported mood exists (German)."""
    konjunktiv = lexicon.word_class("konjunktiv1")
    anchor = labelled.anchor
    inside = set(tokens)
    if not konjunktiv or anchor.cls == "according" or anchor.tokens[0] not in inside:
        return None

    word = token_texts(doc).__getitem__

    marker = source_words(lexicon.language, "infinitive_marker")
    if word(anchor.tokens[0] - 1) in marker or any(word(i) in QUOTE_CHARS for i in tokens):
        return None  # the act is itself an infinitive ("ohne … zu verweisen") or quoted
    # The first comma after the anchor (a separable particle and the comma may be the cue's).
    comma = next((i for i in range(anchor.tokens[-1] + 1, sentence_last) if word(i) == ","), None)
    if comma is None or comma + 1 not in inside:
        return None
    first = comma + 1
    segment = []
    for i in range(first, sentence_last):
        if i not in inside or word(i) in (",", ".", "!", "?", ";", ":"):
            break
        segment.append(word(i))
    if not segment or segment[0].lower() in source_words(lexicon.language, "not_complement"):
        return None
    opener = segment[0].lower()
    if opener in lexicon.word_class("complementizer"):
        return [i for i in tokens if i >= first]
    if opener in lexicon.word_class("subordinator"):
        return None
    last = segment[-1]
    infinitive = (
        len(segment) >= 2
        and last.islower()
        and (segment[-2] in marker or _joined_infinitive(lexicon.language).match(last))
    )
    if infinitive or any(w.lower() in konjunktiv for w in segment):
        return [i for i in tokens if i >= first]
    return None


def _continuations(
    doc: Doc, labelled: Labelled, head: Attribution, lexicon: Lexicon
) -> list[Attribution]:
    """Cue-less statements the labeller marked as the same source speaking on (R)."""
    out = []
    for span in _spans(doc, labelled.tokens("R")):
        if not span.text.rstrip('“”"»«’)').endswith((".", "!", "?", "…")):
            continue  # a heading, not speech that goes on
        kind = "direct" if span.text[:1] in QUOTE_CHARS else "free_indirect"
        marks_mood = bool(lexicon.word_class("konjunktiv1"))  # languages with a reported mood
        if kind == "free_indirect" and marks_mood and not is_subjunctive(span.text, lexicon):
            continue  # an indicative sentence is the author's again ("Es ist nicht möglich, …")
        source = Source(head.source.span, None, head.source.type) if head.source else None
        out.append(Attribution(id="", kind=kind, cue=[], source=source, message=[span]))
    return out


def extract_attributions(doc: Doc) -> list[Attribution]:
    language = doc.language
    if language not in SUPPORTED or not has_model(language) or not doc.token_starts:
        return []
    lexicon = load(language)
    facts = doc_facts(doc)
    quotations = [(m.start(), m.end()) for m in QUOTE_REGION.finditer(doc.text)]
    out: list[Attribution] = []
    anaphoric = lexicon.word_class("anaphoric_cue")
    for labelled in label_anchors(facts, find_anchors(doc, lexicon), lexicon, language):
        anchor = labelled.anchor
        if anchor.lemma in anaphoric:
            _keep_cue(labelled)
        _message_from_sentence_start(labelled, facts)
        # Read from the labels: most anchors the labeller rejects need no tokens per label.
        has_message = "Q" in labelled.labels
        cue_at = anchor.tokens[0] - labelled.span.start
        swallowed = 0 <= cue_at < len(labelled.labels) and labelled.labels[cue_at] == "Q"
        rejected_or_swallowed = not has_message or swallowed
        if rejected_or_swallowed and anchor.cls in ("speech", "report", "cognition"):
            backstop = _complement_clause(doc, facts, anchor, lexicon)
            if backstop is not None:
                out.append(backstop)
                continue
        if not has_message:
            continue
        first = facts.sentence_first[anchor.sentence]
        attribution = _attribution(doc, labelled, len(out) + 1, first, lexicon)
        if attribution is not None:
            _to_quotation_end(doc, attribution, quotations)
            _from_quotation_start(doc, attribution, quotations)
            out.append(attribution)
            out += _continuations(doc, labelled, attribution, lexicon)
    out += rule_attributions(doc, lexicon, language, out)
    out += _embedded_quotes(out, single_words=lexicon.nouns_capitalised)
    out.sort(key=lambda a: (a.cue or a.message)[0].start)
    out = _join_free_indirect_runs(doc, out)
    out = _without_duplicates(out)
    for number, attribution in enumerate(out, 1):
        attribution.id = f"a{number}"
    resolve_sources(doc, out, language)
    _mark_nested(out)
    return out


def _message_from_sentence_start(labelled: Labelled, facts: DocFacts) -> None:
    """A message that starts inside a quotation and ends before its cue ("Die Darstellung sei
    „nicht zutreffend“, sagte ein Sprecher", labelled from "zutreffend") starts with the
    sentence when the labeller left the words before it unlabelled."""
    labels, span = labelled.labels, labelled.span
    cue_at = labelled.anchor.tokens[0] - span.start
    first = facts.sentence_first[labelled.anchor.sentence] - span.start
    if first < 0 or "Q" not in labels:
        return
    message_first = labels.index("Q")
    message_last = len(labels) - 1 - labels[::-1].index("Q")
    if message_last >= cue_at or message_first <= first:
        return
    opening = span.start + message_first
    if not (facts.in_quote[opening] and facts.in_quote[opening - 1]):
        return  # the labeller's message starts where a quotation or clause does
    if all(labels[k] == "O" for k in range(first, message_first)):
        labelled.labels = ["Q" if first <= k < message_first else x for k, x in enumerate(labels)]
        labelled._by_label = None


def _without_duplicates(attributions: list[Attribution]) -> list[Attribution]:
    """One statement per message: of two whose messages cover each other (90 % both ways),
    the one without a cue, or whose cue lies inside the other's message, goes."""

    def covered(a: Attribution, b: Attribution) -> int:
        pairs = ((x, y) for x in a.message for y in b.message)
        return sum(max(0, min(x.end, y.end) - max(x.start, y.start)) for x, y in pairs)

    def inside(a: Attribution, b: Attribution) -> bool:
        return not a.cue or any(m.start <= a.cue[0].start < m.end for m in b.message)

    def size(a: Attribution) -> int:
        return sum(m.end - m.start for m in a.message)

    # Sorted by where the messages start, each is compared only with those starting before it
    # ends: a 5,000-sentence article stays linear.
    order = sorted(range(len(attributions)), key=lambda k: attributions[k].message[0].start)
    dropped: set[int] = set()
    for n, i in enumerate(order):
        a = attributions[i]
        end = max(m.end for m in a.message)
        for j in itertools.islice(order, n + 1, None):
            b = attributions[j]
            if b.message[0].start >= end:
                break
            overlap = covered(a, b)
            if overlap < 0.9 * size(a) or overlap < 0.9 * size(b) or not overlap:
                continue
            if inside(b, a) and not inside(a, b):
                dropped.add(j)
            elif inside(a, b) and not inside(b, a):
                dropped.add(i)
    return [a for k, a in enumerate(attributions) if k not in dropped]


def _keep_cue(labelled: Labelled) -> None:
    """An anaphoric cue ("demnach": the previous source speaks on) is never part of the
    claim: where the labeller put it into the message, it is the cue again."""
    anchor_tokens = set(labelled.anchor.tokens)
    labelled.labels = [
        "C" if i in anchor_tokens and label == "Q" else label
        for i, label in zip(labelled.span, labelled.labels, strict=True)
    ]
    labelled._by_label = None


def _to_quotation_end(
    doc: Doc, attribution: Attribution, quotations: list[tuple[int, int]]
) -> None:
    """A message that stops inside a quotation runs on to its closing mark: the labeller
    reads one sentence past the cue, a quotation may go on for more."""
    last = attribution.message[-1]
    i = bisect_left(quotations, (last.end, last.end)) - 1
    if i < 0:
        return
    start, end = quotations[i]
    if start < last.end < end and "\n" not in doc.text[last.end : end]:
        attribution.message[-1] = Span(last.start, end, doc.text[last.start : end])


def _from_quotation_start(
    doc: Doc, attribution: Attribution, quotations: list[tuple[int, int]]
) -> None:
    """A direct quotation whose message starts inside the quotation (the labeller reads one
    sentence before the cue, a quotation may open earlier) starts at its opening mark, within
    the paragraph."""
    if attribution.kind != "direct":
        return
    first = attribution.message[0]
    i = bisect_left(quotations, (first.start, first.start)) - 1
    if i < 0:
        return
    start, end = quotations[i]
    if start < first.start < end and "\n" not in doc.text[start : first.start]:
        attribution.message[0] = Span(start, first.end, doc.text[start : first.end])


# A quotation inside a reported message: „…“ or "…" with at least two words between the marks,
# closed by the first closing mark within 600 characters. That mark is found by a greedy run of
# characters that close nothing (a lazy run tests for a mark after every character): "‘"
# closes, but may be the run's first character.
_EMBEDDED_QUOTE = re.compile(r'[„»"‚]\s*[^\s„“”"»«]+\s+[^„“”"»«][^„“”"»«‘]{0,599}[“”"«‘]')
# One lower-case word in quotation marks ("„maßvoll“"): where nouns are capitalised, no name.
_EMBEDDED_WORD = re.compile(r'[„»"‚]\s*[^\W\d_A-ZÄÖÜ][\w-]*\s*[“”"«‘]')


_WORD = re.compile(r"\w[\w-]*")


def _embedded_quotes(
    attributions: list[Attribution], single_words: bool = False
) -> list[Attribution]:
    """The speaker's own words quoted inside an indirect or reported message
    ("Er habe das Opfer „bewusst und gewollt stranguliert“, sagte der Richter") are a direct
    quotation of their own, with the same cue, source and frame. In de-news-quotes/train
    70% of such fragments of two or more words are annotated so. With ``single_words``
    (languages that capitalise nouns) a lone lower-case word counts too ("nannte die Lage
    „alarmierend“"): of those inside a quote in the training data 82% are annotated."""
    out = []
    for a in attributions:
        for m in a.message:
            found = list(_EMBEDDED_QUOTE.finditer(m.text))
            if single_words:
                found += _EMBEDDED_WORD.finditer(m.text)
            for q in found:
                if q.end() - q.start() >= len(m.text.strip(" .,;:!?")) - 1:
                    continue  # the quotation is the whole message: already direct
                if all(w[:1].isupper() or w[:1].isdigit() for w in _WORD.findall(q.group())):
                    continue  # a quoted name ("Neues Deutschland", "Hvalur 9"), not words said
                start = m.start + q.start()
                span = Span(start, m.start + q.end(), q.group())
                source = Source(a.source.span, None, a.source.type) if a.source else None
                out.append(
                    Attribution(
                        id="",
                        kind="direct",
                        cue=list(a.cue),
                        source=source,
                        message=[span],
                        addressee=a.addressee,
                        frame=list(a.frame),
                    )
                )
    return out


def _complement_clause(doc: Doc, facts, anchor, lexicon: Lexicon) -> Attribution | None:
    """The textbook indirect form the labeller may still reject: a verb of saying followed
    by ", dass …" in the same clause; the message runs to the end of the sentence."""
    last = anchor.tokens[-1]
    s_last = facts.sentence_last[anchor.sentence]
    complementizers = lexicon.word_class("complementizer")
    for i in range(last + 1, min(last + 12, s_last - 1)):
        if facts.lower[i] == "," and facts.lower[i + 1] in complementizers:
            end = s_last - 1 if _is_final(doc, s_last - 1) else s_last
            if end <= i + 2:
                return None
            message = _spans(doc, list(range(i + 1, end)))
            cue = _spans(doc, anchor.tokens)
            s_start = doc.sentences[anchor.sentence][0]
            source_span = subject(doc, s_start, cue[0], lexicon)
            frame = _spans(doc, list(range(facts.sentence_first[anchor.sentence], i + 1)))
            return Attribution(
                id="",
                kind="indirect",
                cue=cue,
                source=Source(source_span, None, "person") if source_span else None,
                message=message,
                addressee=_outlet_addressee(doc, cue[-1].end, lexicon),
                frame=frame,
            )
        if facts.lower[i] in ("„", "“", '"', ":", ";", "."):
            return None
    return None


def _is_final(doc: Doc, i: int) -> bool:
    return token_texts(doc)[i] in (".", "!", "?", "…")


def _mark_nested(attributions: list[Attribution]) -> None:
    """An attribution whose cue sits inside another's quotation is nested in it."""
    quotes = sorted(
        (m.start, m.end, a.id)
        for a in attributions
        if a.kind == "direct"
        for m in a.message
        if m.text[:1] in QUOTE_CHARS
    )
    starts = [q[0] for q in quotes]
    for a in attributions:
        if not a.cue:
            continue
        at = a.cue[0].start
        # Quotations do not nest in each other here, so the one starting last before the
        # cue is the only candidate.
        i = bisect_left(starts, at) - 1
        if i >= 0 and quotes[i][1] > at and quotes[i][2] != a.id:
            a.nested_in = quotes[i][2]


__all__ = ["OPEN_MARKS", "extract_attributions"]
