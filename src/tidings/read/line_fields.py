"""What one line of a page says: a row of section tags, a credit line (publisher and bureau
city), or a credit or contact line that closes the story (:func:`end_credit`). Wire datelines ("SOCHI, Russia (AP) —") are read by :mod:`tidings.read.wire`."""

from __future__ import annotations

import re
from functools import cache

from tidings import datafiles
from tidings.read import resources
from tidings.read.lines import Line
from tidings.read.markup import TAG_SPLIT

_CONNECTORS = frozenset({"&", "and", "+", "of", "the", "de", "du", "la", "und"})


def split_tags(text: str) -> list[str]:
    """A flattened tag line -> tags: split on separators, else on known names and capitals."""
    parts = [p for p in TAG_SPLIT.split(text) if p]
    if len(parts) > 1:
        return [p.strip() for p in parts]
    tokens = text.split()
    segs: list[str] = []
    i = 0
    while i < len(tokens):
        for j in range(min(len(tokens), i + 4), i, -1):
            span = " ".join(tokens[i:j])
            if j - i > 1 and resources.is_place(span):
                segs.append(span)
                i = j
                break
        else:
            segs.append(tokens[i])
            i += 1
    tags: list[str] = []
    joined = False
    for seg in segs:
        if seg.lower() in _CONNECTORS and tags:
            tags[-1] += " " + seg
            joined = True
        elif joined or (tags and not seg[:1].isupper()):
            tags[-1] += " " + seg
            joined = False
        else:
            tags.append(seg)
    return tags


def is_tag_line(line: Line) -> bool:
    """A footer line that reads as section tags (one capitalised row, or short parts)."""
    if (
        (line.chrome and not line.nav)
        or line.terminal
        or line.date_cov > 0.3
        or line.marker == "related"
    ):
        return False
    if line.marker == "tags":
        return True
    text = line.marker_rest if line.marker == "tags" else line.text
    parts = [p for p in TAG_SPLIT.split(text) if p]
    if len(parts) == 1 and line.words <= 8:
        # One flattened row of tags: every word capitalised (or a connector like "&").
        return all(
            t[:1].isupper() or t[:1].isdigit() or t.lower() in _CONNECTORS for t in text.split()
        )
    return all(len(p.split()) <= 4 and p[:1].isupper() for p in parts) and line.words <= 12


def parse_credit(text: str) -> tuple[str | None, str | None]:
    """A byline/credit line -> (publisher, bureau city): "7Dnews London" -> both."""
    publisher = city = None
    parts = [p.strip() for p in re.split(r"\s*[,|/–—•·]\s*|\s+-\s+", text) if p.strip()]
    # A part that is wholly a city ("Ana Lima, Lisbon") beats a city at the end of a part.
    whole = [p for p in parts if resources.is_city(p)]
    if whole:
        city = whole[-1]
        parts = [p for p in parts if p != city]
    rest: list[str] = []
    for part in parts:
        tokens = part.split()
        for k in range(min(3, len(tokens) - 1), 0, -1):
            span = " ".join(tokens[-k:])
            if city is None and resources.is_city(span):
                city = span
                tokens = tokens[:-k]
                break
        if tokens:
            rest.append(" ".join(tokens))
    for part in rest:
        words = part.split()
        if len(words) == 1 and part[:1].isalnum() and not part.islower():
            publisher = part  # one brand-like token: "7Dnews"
            break
        if 1 < len(words) <= 4 and words[-1].lower() in resources.publisher_cues():
            publisher = part  # "Horizon Wire", "Daily Tribune"
            break
    return publisher, city


@cache
def _end_credits() -> re.Pattern[str]:
    patterns = datafiles.lines("read", "end_credits.txt")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# The last sentence's end, a credit glued to it: "... the unemployment.\"Jane Doe contributed".
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?(?=\s*\S)")


def end_credit(paragraph: str) -> int | None:
    """Where a closing credit or contact line starts in ``paragraph`` ("... contributed to this
    report.", "Source: Al Jazeera and news agencies", "--jane.doe@example.com", "AP"): 0 when
    the paragraph is one, the offset after the last sentence when one is glued to it, else None.
    """
    text = paragraph.strip()
    if _is_credit(text):
        return 0
    for m in _SENTENCE_END.finditer(text):
        rest = text[m.end() :]
        if len(rest) <= 240 and _is_credit(rest.strip()):
            return m.end()
    return None


def _is_credit(text: str) -> bool:
    """One closing credit; "Reporting by A; Editing by B" only as names, not as a sentence
    ("Reporting by the BBC found that ...": a full stop and one "by")."""
    if not _end_credits().fullmatch(text):
        return False
    if _REPORTING_BY.match(text):
        return not text.endswith(".") or ";" in text or text.count(" by ") >= 2
    return True


_REPORTING_BY = re.compile(r"\(?(?:additional\s+)?(?:reporting|writing|editing)\s+by\b", re.I)


def story_end(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(kept, dropped): the body ends at a closing credit line in its second half ("Jane Doe
    contributed to this report."); what follows it (info boxes, "If you want other stories
    ...", page furniture) is not the story either. A credit glued to the last sentence of one
    of the last paragraphs, with only short lines after it (a trademark footer), is cut off."""
    n = len(paragraphs)
    for k in range(max(1, n // 2), n):
        if end_credit(paragraphs[k]) == 0:
            return paragraphs[:k], paragraphs[k:]
    for k in range(n - 1, max(-1, n - 4), -1):
        at = end_credit(paragraphs[k])
        if at:
            last = paragraphs[k]
            return [*paragraphs[:k], last[:at].rstrip()], [last[at:].strip(), *paragraphs[k + 1 :]]
        if len(paragraphs[k].split()) > 30:
            break
    return paragraphs, []
