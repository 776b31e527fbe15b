"""Text normalisation and the stable article id."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def clean_line(line: str) -> str:
    """NFC, non-breaking and odd spaces to plain spaces, trimmed."""
    return _WS.sub(" ", unicodedata.normalize("NFC", line)).strip()


def article_id(paragraphs: list[str]) -> str:
    """Stable id: hash of the normalised body, so the same article read twice has one id."""
    body = " ".join(" ".join(p.split()).lower() for p in paragraphs)
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]
