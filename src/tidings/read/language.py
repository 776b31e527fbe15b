"""Language of the body text (py3langid: offline, bundled model)."""

from __future__ import annotations

from functools import cache


@cache
def _identifier():  # noqa: ANN202 - py3langid's model loads once per process
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code, or None when the text is too short or the guess is unsure."""
    sample = text[:800]  # enough for a confident guess; the cost grows with the length
    if sum(ch.isalpha() for ch in sample) < 40:
        return None
    lang, prob = _identifier().classify(sample)
    return lang if prob >= 0.5 else None
