"""The tone of an article as GDELT measures it, for the GDELT export's ``AvgTone``.

GDELT's tone is the percentage of a document's words that are positive minus the percentage
that are negative (-100 .. +100; news usually between -10 and +10). tidings counts words with
the VADER sentiment lexicon (``vader_lexicon.txt`` of the ``vaderSentiment`` package, MIT
licence, C.J. Hutto and E. Gilbert, ICWSM 2014; read from the installed package, offline): a
word with a positive mean rating is positive, a negative one negative. Only the word list is
used, not VADER's sentence rules, because GDELT's measure is a plain word count.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@cache
def lexicon() -> dict[str, float]:
    """Word -> mean valence rating (-4 .. +4) from the VADER lexicon."""
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    out: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and _WORD.fullmatch(parts[0]):
            out[parts[0]] = float(parts[1])
    return out


def tone(text: str | None) -> float | None:
    """Positive minus negative words, in percent of all words; None for a text without words."""
    words = _WORD.findall((text or "").lower().replace("’", "'"))
    if not words:
        return None
    lex = lexicon()
    pos = sum(1 for w in words if lex.get(w, 0.0) > 0)
    neg = sum(1 for w in words if lex.get(w, 0.0) < 0)
    return round(100.0 * (pos - neg) / len(words), 4)


__all__ = ["lexicon", "tone"]
