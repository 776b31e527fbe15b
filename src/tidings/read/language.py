"""Language of the body text (py3langid: offline, bundled model).

Loading py3langid's model costs ~0.3 s, a third of a one-file ``tidings read``; most news text is
English, and English text is recognised from its function words (``the``, ``of``, ``and``, ...)
without it. Anything else (or too little of them) goes to the model.
"""

from __future__ import annotations

import re
from functools import cache

from tidings import datafiles

_WORDS = re.compile(r"[a-z]+")
_ENGLISH_SHARE = 0.20  # English news prose: 22-50 % of its words; other languages < 7 %


@cache
def _english_words() -> frozenset[str]:
    return frozenset(datafiles.lines("read", "english_function_words.txt"))


def _clearly_english(sample: str) -> bool:
    """At least 40 words, a fifth of them English function words, nearly all ASCII."""
    words = _WORDS.findall(sample.lower())
    if len(words) < 40 or sum(ch.isascii() for ch in sample) < 0.97 * len(sample):
        return False
    common = _english_words()
    return sum(w in common for w in words) >= _ENGLISH_SHARE * len(words)


@cache
def _identifier():  # noqa: ANN202 - py3langid's model loads once per process
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code, or None when the text is too short or the guess is unsure."""
    sample = text[:800]  # enough for a confident guess; the cost grows with the length
    if sum(ch.isalpha() for ch in sample) < 40:
        return None
    if _clearly_english(sample):
        return "en"
    lang, prob = _identifier().classify(sample)
    return lang if prob >= 0.5 else None
