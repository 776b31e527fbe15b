"""What one line of a page says: a row of section tags, or a credit line (publisher and bureau
city). Wire datelines ("SOCHI, Russia (AP) —") are read by :mod:`tidings.read.wire`."""

from __future__ import annotations

import re

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
