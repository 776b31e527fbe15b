"""Text normalisation and the stable article id."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WS = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Zero-width characters, soft hyphens, BOMs and C0/C1 controls other than newline and tab.
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A C1 control in text is a Windows-1252 character read as Latin-1 ("FORT LAUDERDALE, Fla.
# \x97 Hurricane": an em dash); those that cp1252 defines become that character again (U+0085,
# also a line break, and the five codes cp1252 leaves undefined are removed with the rest).
_C1_AS_CP1252 = {
    code: bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code != 0x85 and code not in {0x81, 0x8D, 0x8F, 0x90, 0x9D}
}


def clean_line(line: str) -> str:
    """NFC, C1 controls as their cp1252 characters, non-breaking and odd spaces to plain spaces,
    invisible characters removed, trimmed."""
    line = _INVISIBLE.sub("", unicodedata.normalize("NFC", line.translate(_C1_AS_CP1252)))
    return _WS.sub(" ", line).strip()


def normalize_newlines(text: str) -> str:
    """CRLF/CR and Unicode line/paragraph separators to ``\\n`` so lines split one way."""
    return re.sub(r"\r\n?|[\u2028\u2029\x85]", "\n", text)


def article_id(paragraphs: list[str]) -> str:
    """Stable id: hash of the normalised body, so the same article read twice has one id."""
    body = " ".join(" ".join(p.split()).lower() for p in paragraphs)
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]
