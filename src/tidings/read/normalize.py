"""Text normalisation and the stable article id."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WS = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Zero-width characters, soft hyphens, BOMs and C0/C1 controls other than newline and tab.
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_line(line: str) -> str:
    """NFC, non-breaking and odd spaces to plain spaces, invisible characters removed, trimmed."""
    line = _INVISIBLE.sub("", unicodedata.normalize("NFC", line))
    return _WS.sub(" ", line).strip()


def normalize_newlines(text: str) -> str:
    """CRLF/CR and Unicode line/paragraph separators to ``\\n`` so lines split one way."""
    return re.sub(r"\r\n?|[\u2028\u2029\x85]", "\n", text)


def article_id(paragraphs: list[str]) -> str:
    """Stable id: hash of the normalised body, so the same article read twice has one id."""
    body = " ".join(" ".join(p.split()).lower() for p in paragraphs)
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]
