"""Language of an article: "de", "en" or "other".

py3langid, restricted to the languages we analyse and their usual confusions, reads the title
and the first ``LANGUAGE_SAMPLE`` characters. Its model is loaded lazily, once per process
(about 1 s: the file is LZMA-compressed); classifying a sample costs about 0.1 ms, 0.25 ms in
a full pipeline run where the model's tables are no longer in the CPU caches
(``ByteNgramIdentifier`` computes py3langid's scores with numpy). Texts too short for
character n-grams are decided by a vote of frequent function words instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

import numpy as np

from zufolge.analyze.data import SUPPORTED, language_data

RAW_FLOOR = float(np.finfo(np.float32).min)  # py3langid's score when a text has no features

# Languages the identifier may choose from: ours plus the ones news text is confused with.
CANDIDATE_LANGUAGES = ("de", "en", "fr", "es", "it", "nl", "pl", "pt", "ru", "tr", "sv", "da")
# Characters of body text given to the identifier. On 7,648 news articles (derStandard, BBC,
# tagesschau/zeit) 200 to 2,000 characters all gave the same answers; the cost grows with the
# sample (py3langid's own byte-by-byte walk took 0.75 ms for 1,000 characters), so 400.
LANGUAGE_SAMPLE = 400
# Below this many letters the identifier guesses wildly ("ja" → Polish): function words vote
# first, and under MIN_LETTERS with no vote the answer is "other".
SHORT_TEXT_LETTERS = 40
MIN_LETTERS = 12

_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")


# The identifier's automaton forgets where it started after this many bytes: from any state, the
# same 6 bytes lead to the same state (checked on the model by partition refinement: states
# that agree on every path of k bytes number 11,604, 2,527, 223, 12 and 1 for k = 2 … 6). So
# the state after byte i depends only on bytes i-5 … i, and the states of all positions can be
# computed side by side; ``ByteNgramIdentifier.states`` still verifies every transition.
AUTOMATON_MEMORY = 6


class ByteNgramIdentifier:
    """py3langid's classifier (raw naive-Bayes scores, no normalisation) restricted to
    ``CANDIDATE_LANGUAGES``, giving exactly its answers and scores.

    py3langid walks the UTF-8 bytes one at a time in Python, through tables of some 40 MB: in
    a full pipeline run, where other stages have pushed those tables out of the CPU caches,
    nearly every step waits for memory (0.4 ms for a 400-byte sample). Here the walk is a few
    numpy gathers over all positions at once, whose memory reads overlap, and the weights are
    stored row by row, so the ~250 rows a sample needs are ~250 reads rather than 3,000.
    """

    def __init__(self, identifier) -> None:
        # py3langid 0.4 layout: distinct transition rows of 256 bytes (``tk_nextmove``), the
        # row of each state (``tk_row``), one output feature or -1 per state (``tk_output``);
        # ``nb_ptc``/``nb_pc`` already restricted to the candidate languages
        typecodes = {2: np.uint16, 4: np.uint32, 8: np.uint64}
        self.transitions = np.frombuffer(  # a view: the table is some 40 MB
            identifier.tk_nextmove, dtype=typecodes[identifier.tk_nextmove.itemsize]
        )
        self.row_start = np.asarray(identifier.tk_row, dtype=np.int64) * 256
        self.output = np.asarray(identifier.tk_output, dtype=np.int32)
        # row-major (it was column-major) and float32: the float16 weights convert exactly,
        # and matmul would otherwise convert the ~250 gathered rows on every call
        self.weights = np.ascontiguousarray(identifier.nb_ptc, dtype=np.float32)
        self.priors = identifier.nb_pc
        self.classes = list(identifier.nb_classes)
        first: dict[str, int] = {}
        self.aliases = [  # a label listed twice keeps its better score in its first column
            (first[c], i) for i, c in enumerate(self.classes) if first.setdefault(c, i) != i
        ]
        # A byte that leaves the start state where it is (UTF-8 never contains 0xFF, so such a
        # byte exists): a run of it in front of a text gives its first bytes the same windows
        # as all later ones, starting from state 0.
        root = self.transitions[self.row_start[0] : self.row_start[0] + 256]
        self.padding = bytes([int(np.flatnonzero(root == 0)[0])]) * AUTOMATON_MEMORY

    @staticmethod
    def encode(text: str) -> bytes:
        """The bytes the model reads, prepared as py3langid prepares them."""
        if text.isupper():
            text = text.lower()
        return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")

    def walk(self, data: bytes) -> list[int]:
        """The automaton's state after each byte, from state 0, one byte at a time (as
        py3langid walks): the fallback of ``states``."""
        states = []
        state = 0
        for code in data:
            state = int(self.transitions[self.row_start[state] + code])
            states.append(state)
        return states

    def states(self, data: bytes) -> np.ndarray:
        """The same states as ``walk``, computed for all positions side by side: each
        position walks its last ``AUTOMATON_MEMORY`` bytes from state 0."""
        codes = np.frombuffer(self.padding + data, dtype=np.uint8)
        transitions, row_start = self.transitions, self.row_start
        # states after the last padding byte (0) and after each byte of data; the first step
        # leaves state 0 from its one row. In a full pipeline run every numpy call here costs
        # several microseconds (its code is no longer in the CPU caches): as few as possible.
        count = len(data) + 1
        states = transitions[row_start[0] + codes[:count]]
        for k in range(1, AUTOMATON_MEMORY):
            states = transitions[row_start[states] + codes[k : k + count]]
        # every step must be a transition of the automaton: true for the shipped model; one
        # whose memory is longer would fall back to the byte-by-byte walk
        steps = transitions[row_start[states[:-1]] + codes[AUTOMATON_MEMORY:]]
        if states[0] != 0 or (steps != states[1:]).any():
            return np.array(self.walk(data), dtype=np.int64)
        return states[1:]

    def features(self, data: bytes) -> Counter[int]:
        """How often each feature occurs, in order of first occurrence (py3langid's Counter)."""
        visits = Counter(self.output[self.states(data)].tolist())
        del visits[-1]  # states without a feature (a Counter ignores a missing key)
        return visits

    def scores(self, text: str) -> np.ndarray:
        """py3langid's raw score of each of ``classes`` for ``text``."""
        visits = self.features(self.encode(text))
        if visits:
            ids = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
            counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
            scores = np.log1p(counts) @ self.weights[ids] + self.priors
        else:
            scores = np.full(len(self.classes), RAW_FLOOR, dtype=np.float32)
        for i, j in self.aliases:
            scores[i] = max(scores[i], scores[j])
            scores[j] = RAW_FLOOR
        return scores

    def classify(self, text: str) -> tuple[str, float]:
        """``(language, score)`` for ``text``, as ``py3langid.classify`` gives them."""
        scores = self.scores(text)
        best = int(scores.argmax())
        return self.classes[best], float(scores[best])


@cache
def load_identifier() -> ByteNgramIdentifier:
    """The identifier restricted to ``CANDIDATE_LANGUAGES``; loaded on first use."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    identifier.set_languages(list(CANDIDATE_LANGUAGES))
    return ByteNgramIdentifier(identifier)


def vote_language(text: str) -> str | None:
    """The supported language with the most function words in ``text``; None on a tie or
    when there are none."""
    words = [w.lower() for w in _WORD.findall(text)]
    votes = {
        lang: sum(w in language_data(lang).function_words for w in words) for lang in SUPPORTED
    }
    ranked = sorted(votes.values(), reverse=True)
    if ranked[0] == 0 or (len(ranked) > 1 and ranked[1] == ranked[0]):
        return None
    return max(votes, key=votes.__getitem__)


def detect_language(text: str, title: str | None = None) -> str:
    """``de``, ``en`` or ``other`` for an article's text (its title helps when given)."""
    sample = f"{title}\n{text[:LANGUAGE_SAMPLE]}" if title else text[:LANGUAGE_SAMPLE]
    letters = len(_LETTER.findall(sample, 0, 4 * SHORT_TEXT_LETTERS))
    if letters < SHORT_TEXT_LETTERS:
        voted = vote_language(sample)
        if voted or letters < MIN_LETTERS:
            return voted or "other"
    language, _ = load_identifier().classify(sample)
    return language if language in SUPPORTED else "other"
