"""Normalisation of names for every look-up table of the knowledge base."""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Normalise a phrase for look-up: upper case, no dots/possessives/articles, one space."""
    t = text.upper().replace("’", "'").replace("_", " ")
    t = re.sub(r"'S\b", "", t)
    t = t.replace(".", "").replace(",", " ")
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"^THE ", "", t)
    return t


__all__ = ["norm"]
