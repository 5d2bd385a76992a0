"""Language data for attribution, loaded from ``zufolge/lang/<lang>/``.

A new language is a new folder with the same files; nothing here knows German or English.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from zufolge.langdata import read_rows, trie_pattern


@dataclass(frozen=True, slots=True)
class CueForm:
    lemma: str
    cls: str  # speech | report | cognition | act | according
    particle: str | None  # separable particle the clause must close with, else None


@dataclass(frozen=True, slots=True)
class CuePattern:
    cls: str
    regex: re.Pattern[str]
    gate: tuple[str, ...]  # words one of which the lowercased text must contain; () = always


def _gate(rest: list[str]) -> tuple[str, ...]:
    return () if not rest or rest[0].strip() in ("", "-") else tuple(rest[0].split())


@lru_cache(maxsize=8)  # several rules gate the same document
def lowered(text: str) -> str:
    """The text lowercased, once per document for all gates and the cue-form scan."""
    return text.lower()


# Letters that re.IGNORECASE equates with "i" or "s" but str.lower() does not ("İ" even lowers
# to two characters): in a text holding one, a gate word may be missing from the lowercased
# text where a pattern still matches.
_FOLDED_APART = ("İ", "ı", "ſ")


@lru_cache(maxsize=8)
def _lowered_in_line(text: str) -> str | None:
    """The lowercased text, where it lines up with the text and a gate word is found in it
    wherever re.IGNORECASE finds one in the text; else None."""
    low = lowered(text)
    if len(low) != len(text) or any(c in text for c in _FOLDED_APART):
        return None
    return low


def gated_sentences(
    text: str, sentence_starts: Sequence[int], gate: tuple[str, ...]
) -> Container[int]:
    """The sentences a pattern with this gate may match in: those in which a gate word
    (lowercase) starts, found by substring search in the lowercased text; all sentences for
    no gate, or where the lowercased text does not line up with the text."""
    everything = range(len(sentence_starts))
    low = _lowered_in_line(text)
    if not gate or low is None:
        return everything
    return sentences_holding(low, sentence_starts, gate)


def sentences_holding(
    lowered: str, sentence_starts: Sequence[int], words: tuple[str, ...]
) -> set[int]:
    """Indices of the sentences in which one of ``words`` starts: a substring search per word
    instead of a test per sentence and word."""
    found: set[int] = set()
    for word in words:
        at = lowered.find(word)
        while at != -1:
            found.add(bisect_right(sentence_starts, at) - 1)
            at = lowered.find(word, at + 1)
    found.discard(-1)
    return found


# Up to about this many gate words, a substring search per word is cheaper than one regex
# scan for all of them (measured on the German and English bench corpora).
_WORDS_PER_SCAN = 60


@dataclass(frozen=True, slots=True)
class GateScan:
    """The gate words of all cue patterns in one regex over the lowercased text. At each
    position it finds the longest gate word there; the others there are its prefixes."""

    regex: re.Pattern[str]
    patterns_at: dict[str, tuple[int, ...]]  # word found → patterns gated by it or a prefix

    @staticmethod
    def of(patterns: list[CuePattern]) -> GateScan | None:
        words = {word for pattern in patterns for word in pattern.gate}
        if len(words) <= _WORDS_PER_SCAN:
            return None
        patterns_at = {
            word: tuple(
                k
                for k, pattern in enumerate(patterns)
                if any(word.startswith(gate_word) for gate_word in pattern.gate)
            )
            for word in words
        }
        return GateScan(re.compile(trie_pattern(words)), patterns_at)


@dataclass(frozen=True, slots=True)
class FormScan:
    r"""Where lowercase cue forms stand as whole words in a lowercased text: what
    ``(?<!\w)form(?!\w)`` finds (without re.IGNORECASE, which folds the case of every
    character it compares, at twice the cost). A pattern that starts with a look-behind is
    tried at every position of the text; where every form is word characters only, two scans
    find the same, each skipping along the text to the character before a form: a space, or
    another character that is no word character (10–15 % faster on the bench corpora)."""

    whole: re.Pattern[str]
    after_space: re.Pattern[str] | None
    after_other: re.Pattern[str] | None

    @staticmethod
    def of(forms: list[str]) -> FormScan:
        trie = trie_pattern(forms) or "(?!)"
        whole = re.compile(rf"(?<!\w)(?:{trie})(?!\w)")
        if not all(re.fullmatch(r"\w+", form) for form in forms):
            return FormScan(whole, None, None)  # one form's match could start inside another's
        return FormScan(
            whole, re.compile(rf" ({trie})(?!\w)"), re.compile(rf"[^\w ]({trie})(?!\w)")
        )

    def spans(self, lowered: str) -> list[tuple[int, int]]:
        """(start, end) of each form found, in text order."""
        if self.after_space is None or self.after_other is None:
            return [m.span() for m in self.whole.finditer(lowered)]
        opening = self.whole.match(lowered)  # at the start no character comes before a form
        found = [opening.span()] if opening else []
        found += [m.span(1) for m in self.after_space.finditer(lowered)]
        found += [m.span(1) for m in self.after_other.finditer(lowered)]
        found.sort()
        return found


@dataclass(frozen=True, slots=True)
class Window:
    """How much text the role labeller reads around a cue: sentences before and after the
    cue's sentence, capped in tokens for text without sentence ends (``attribution.tsv``)."""

    sentences_before: int = 1
    sentences_after: int = 2
    tokens_before: int = 60
    tokens_after: int = 120


@dataclass(slots=True)
class Lexicon:
    language: str
    forms: dict[str, tuple[CueForm, ...]]
    form_regex: re.Pattern[str]
    # ``form_regex`` for the lowercased text: it finds the forms ``forms`` can look up.
    lowered_forms: FormScan
    patterns: list[CuePattern]
    word_classes: dict[str, frozenset[str]] = field(default_factory=dict)
    window: Window = field(default_factory=lambda: Window())
    # German writes every noun with a capital: there a lower-case word is never a source noun.
    nouns_capitalised: bool = False
    gate_scan: GateScan | None = None  # for many gate words; else a search per word
    # Classes asked for together (``words_of``), joined on first use: a handful per language.
    _joined: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict, repr=False)

    @property
    def class_features(self) -> dict[str, tuple[str, ...]]:
        """Word → its word-class features ("cls=pronoun", …), for the labeller."""
        return _class_features(self.language)

    def word_class(self, cls: str) -> frozenset[str]:
        return self.word_classes.get(cls, frozenset())

    def words_of(self, *classes: str) -> frozenset[str]:
        """The words of several classes together."""
        words = self._joined.get(classes)
        if words is None:
            words = self._joined[classes] = frozenset().union(*map(self.word_class, classes))
        return words


@cache
def _class_features(language: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for name, words in load(language).word_classes.items():
        for word in words:
            out[word] = (*out.get(word, ()), "cls=" + name)
    return out


@cache
def load(language: str) -> Lexicon:
    forms: dict[str, tuple[CueForm, ...]] = {}
    for lemma, cls, particle, form_list in read_rows(language, "cues.tsv"):
        particle_or_none = None if particle == "-" else particle
        for form in form_list.split():
            # A form that already carries its particle ("mitteilte") needs no particle later.
            needs = (
                particle_or_none
                if particle_or_none
                and not form.startswith(particle_or_none)
                and particle_or_none not in form[1:]
                else None
            )
            forms[form] = (*forms.get(form, ()), CueForm(lemma, cls, needs))
    form_regex = re.compile(rf"(?<!\w)(?:{trie_pattern(forms)})(?!\w)", re.IGNORECASE)
    lowercase_forms = [form for form in forms if form == form.lower()]
    lowered_forms = FormScan.of(lowercase_forms)
    patterns = [
        CuePattern(cls, re.compile(pattern, re.IGNORECASE | re.MULTILINE), _gate(rest))
        for cls, pattern, *rest in read_rows(language, "cue-patterns.tsv")
    ]
    word_classes = {
        cls: frozenset(words.split()) for cls, words in read_rows(language, "function-words.tsv")
    }
    settings = {name: int(value) for name, value in read_rows(language, "attribution.tsv")}
    window = Window(**{k: v for k, v in settings.items() if k in Window.__dataclass_fields__})
    return Lexicon(
        language,
        forms,
        form_regex,
        lowered_forms,
        patterns,
        word_classes,
        window,
        nouns_capitalised=bool(settings.get("nouns_capitalised", 0)),
        gate_scan=GateScan.of(patterns),
    )
