"""Normalisation of names for every look-up table of the knowledge base."""

from __future__ import annotations

import re
from functools import lru_cache

_POSSESSIVE = re.compile(r"'S\b")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Normalise a phrase for look-up: upper case, no dots/possessives/articles, one space."""
    t = text.upper().replace("’", "'").replace("_", " ")
    if "'S" in t:
        t = _POSSESSIVE.sub("", t)
    t = t.replace(".", "").replace(",", " ")
    t = _SPACES.sub(" ", t).strip()
    return t[4:] if t.startswith("THE ") else t


__all__ = ["norm"]
