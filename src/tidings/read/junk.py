"""How much a line of a flattened page reads like page furniture rather than article text.

Cookie banners, "Sign up here" prompts, newsletter blurbs, share bars, shortcodes (``[ad_1]``),
author blurbs and teaser links are often written as full sentences, so line shape alone calls
them prose. A logistic model over a line's words and shape, learned from the development pages
(``tools/learn_reader_weights.py lines``: lines of the dev pages inside and outside their gold
article text), gives each line a junk probability; its weights are in
``data/read/line_junk_weights.tsv`` with the *veto*, the probability from which a line shaped
like prose is not taken for article text (chosen there on the dev pages). Only words seen on several different pages are in it, so
it learns what furniture says ("cookies", "newsletter", "subscribe"), not what one story is
about.
"""

from __future__ import annotations

import math
import re
from functools import cache

_TOKEN = re.compile(r"[^\W\d_]{2,}")
_DIGITS = re.compile(r"\d")
_SHORTCODE = re.compile(r"\[/?[a-z][\w-]*(?:\s[^\]]*)?\]")


def features(
    text: str, words: int, terminal: bool, cap_ratio: float, prose: bool = True
) -> dict[str, float]:
    """The line's words (``w:cookies``) and shape (length, ending, capitals, digits, whether
    it is shaped like prose: the model is trained on all lines and judges prose-shaped ones)."""
    feats = {"w:" + t.casefold(): 1.0 for t in _TOKEN.findall(text)}
    shape = [f"n:{next(label for top, label in _BUCKETS if words <= top)}"]
    shape.append("end:terminal" if terminal else "end:open")
    if prose:
        shape.append("shape:prose")
    if cap_ratio >= 0.7 and words >= 2:
        shape.append("caps:most")
    digits = len(_DIGITS.findall(text))
    if digits and digits >= 0.2 * (len(text) - text.count(" ")):
        shape.append("digits:many")
    if text[:1].islower():
        shape.append("start:lower")
    if _SHORTCODE.fullmatch(text.strip()):
        shape.append("shape:shortcode")
    if text.endswith("?"):
        shape.append("end:question")
    feats.update(dict.fromkeys(shape, 1.0))
    return feats


_BUCKETS = ((1, "1"), (3, "2-3"), (6, "4-6"), (12, "7-12"), (25, "13-25"), (1 << 30, "26+"))


@cache
def _weights() -> tuple[dict[str, float], float, float]:
    """(feature -> weight, bias, veto): a prose-shaped line at or above the veto probability
    is not taken for article text."""
    from tidings import datafiles

    table: dict[str, float] = {}
    bias, veto = 0.0, 1.0
    for row in datafiles.tsv("read", "line_junk_weights.tsv"):
        if row[0] == "@bias":
            bias = float(row[1])
        elif row[0] == "@veto":
            veto = float(row[1])
        else:
            table[row[0]] = float(row[1])
    return table, bias, veto


def veto() -> float:
    return _weights()[2]


def probability(feats: dict[str, float]) -> float:
    """P(the line is page furniture) from its features; 0 unless at least three of its words
    are in the model (a line in another language: the model knows nothing about it) and one
    of them is a furniture word (weight >= 0.5): shape alone never makes a sentence furniture."""
    table, bias, _veto = _weights()
    words = [table[f] for f in feats if f.startswith("w:") and f in table]
    if len(words) < 3 or max(words) < 0.5:
        return 0.0
    z = bias + sum(table[f] * v for f, v in feats.items() if f in table)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
