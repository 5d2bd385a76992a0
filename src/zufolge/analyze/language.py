"""Language of an article: "de", "en" or "other".

py3langid, restricted to the languages we analyse and their usual confusions, reads the title
and the first ``LANGUAGE_SAMPLE`` characters. Its model is loaded lazily, once per process
(about 1 s: the file is LZMA-compressed); classifying a sample costs about 0.3 ms. Texts too
short for character n-grams are decided by a vote of frequent function words instead.
"""

from __future__ import annotations

import re
from functools import cache

from zufolge.analyze.data import SUPPORTED, language_data

# Languages the identifier may choose from: ours plus the ones news text is confused with.
CANDIDATE_LANGUAGES = ("de", "en", "fr", "es", "it", "nl", "pl", "pt", "ru", "tr", "sv", "da")
# Characters of body text given to the identifier. On 7,648 news articles (derStandard, BBC,
# tagesschau/zeit) 200 to 2,000 characters all gave the same answers. The identifier walks the
# sample byte by byte in Python (0.75 ms for 1,000 characters in a full pipeline run), so 400.
LANGUAGE_SAMPLE = 400
# Below this many letters the identifier guesses wildly ("ja" → Polish): function words vote
# first, and under MIN_LETTERS with no vote the answer is "other".
SHORT_TEXT_LETTERS = 40
MIN_LETTERS = 12

_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")


@cache
def load_identifier():
    """The py3langid identifier restricted to ``CANDIDATE_LANGUAGES``; loaded on first use."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    identifier.set_languages(list(CANDIDATE_LANGUAGES))
    return identifier


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
