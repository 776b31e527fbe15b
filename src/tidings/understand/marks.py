"""Quotation marks: where the quoted passages of a text are (no parse needed).

:func:`quote_spans` scans the text for quotation marks with a small state machine that never
raises: every mark style (" “ ” ‘ ’ ' « » „ ‹ ›), apostrophes told apart from single quotes, a
quote left open at a paragraph's end continuing when the next paragraph re-opens (the newspaper
convention), and an unbalanced mark dropped without harming the rest. Whether a passage is
speech, and whose, is :mod:`tidings.understand.quotes`' business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
OPEN_SINGLE = "‘‚‹"
CLOSE_SINGLE = "’›"


@dataclass
class Span:
    """A quoted passage: outer offsets (marks excluded) and its text segments."""

    start: int
    end: int
    segments: list[tuple[int, int]]
    double: bool
    closed: bool = True

    def text_of(self, text: str) -> str:
        """The quoted words: segments (one per paragraph) joined by a blank line."""
        return "\n\n".join(text[a:b] for a, b in self.segments)


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each blank-line-separated paragraph of a text."""
    out, pos = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


#: any quotation mark (the scan jumps from one to the next instead of reading every character)
_ANY_MARK = re.compile(
    "[" + re.escape("\"'" + OPEN_DOUBLE + CLOSE_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE) + "]"
)


def _marks(text: str, a: int, b: int) -> list[tuple[int, str, str]]:
    """(position, 'open'|'close', 'd'|'s') for each quotation mark in text[a:b]."""
    out = []
    for found in _ANY_MARK.finditer(text, a, b):
        i = found.start()
        ch = text[i]
        prev = text[i - 1] if i > a else " "
        nxt = text[i + 1] if i + 1 < b else " "
        kind = "d" if ch in '"' + OPEN_DOUBLE + CLOSE_DOUBLE else "s"
        if ch in "“‘" and not prev.isspace() and prev not in "([—-–" and not _is_word(nxt):
            out.append((i, "close", kind))  # German „...“ / ‚...‘ close with “ / ‘
        elif ch in OPEN_DOUBLE or ch in OPEN_SINGLE:
            out.append((i, "open", kind))
        elif ch in CLOSE_DOUBLE:
            out.append((i, "close", kind))
        elif ch in "'’":
            if _is_word(prev) and _is_word(nxt):
                continue  # apostrophe: It's, Russia’s
            if prev.isspace() or prev in "([—-–" or i == a:
                if not nxt.isspace():
                    out.append((i, "open", kind))
            elif not prev.isspace():
                out.append((i, "close", kind))
        else:  # straight double quote
            if prev.isspace() or prev in "([—-–" or i == a:
                out.append((i, "open" if not nxt.isspace() else "close", kind))
            else:
                out.append((i, "close", kind))
    return out


def quote_spans(text: str) -> list[Span]:
    """Every quoted passage in ``text``; never raises on unbalanced marks."""
    spans: list[Span] = []
    paras = paragraph_spans(text)
    carry: Span | None = None  # a double quote left open at the previous paragraph's end
    for a, b in paras:
        marks = _marks(text, a, b)
        open_d: int | None = None
        open_s: int | None = None
        if carry is not None:
            if (
                marks
                and marks[0][1] == "open"
                and marks[0][2] == "d"
                and text[a : marks[0][0]].strip() == ""
            ):
                open_d = marks[0][0]
                marks = marks[1:]
            else:
                carry = None  # unbalanced: drop the open quote, go on
        for pos, role, kind in marks:
            if kind == "d":
                if open_d is None:
                    if role == "open" or text[pos] == '"':
                        open_d = pos
                        open_s = None
                    continue
                if role == "close" or text[pos] == '"':
                    seg = (open_d + 1, pos)
                    if carry is not None:
                        carry.segments.append(seg)
                        carry.end = pos
                        spans.append(carry)
                        carry = None
                    else:
                        spans.append(Span(open_d + 1, pos, [seg], True))
                    open_d = None
            else:
                if open_d is not None:
                    continue  # nested single quotes inside a double quote
                if role == "open":
                    open_s = pos
                elif open_s is not None:
                    spans.append(Span(open_s + 1, pos, [(open_s + 1, pos)], False))
                    open_s = None
        if open_d is not None:
            seg = (open_d + 1, b)
            if carry is not None:
                carry.segments.append(seg)
                carry.end = b
            else:
                carry = Span(open_d + 1, b, [seg], True, closed=False)
        else:
            carry = None
    spans = [s for s in spans if any(text[x:y].strip() for x, y in s.segments)]
    for s in spans:  # trim spaces inside the marks
        s.segments = [_trim(text, x, y) for x, y in s.segments]
        s.start, s.end = s.segments[0][0], s.segments[-1][1]
    return spans


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
        b -= 1  # "..., we will," Lavrov said: the comma belongs to the sentence, not the quote
    return a, b


def is_name_or_scare(words: str) -> bool:
    """Single words and Title Case Names In Marks are names or scare quotes, not speech."""
    toks = re.findall(r"[\w'’-]+", words)
    if len(toks) < 2:
        return True
    content = [t for t in toks if t.lower() not in {"of", "the", "and", "a", "in", "on", "for"}]
    return len(toks) <= 5 and all(t[0].isupper() or t[0].isdigit() for t in content)


__all__ = ["Span", "is_name_or_scare", "paragraph_spans", "quote_spans"]
