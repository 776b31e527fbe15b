"""Flattened text -> lines with the features the role passes score: word count, share of
capitalised words, terminal punctuation, date coverage, known page chrome, menus and
role-announcing prefixes. Hard-wrapped paragraphs are joined into one line first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tidings.read import dates, junk, resources
from tidings.read.markup import markdown_line
from tidings.read.normalize import clean_line, normalize_newlines

_WORD = re.compile(r"[^\W_][\w'’.&-]*")
TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]»*]*$")
_ITALIC_LINE = re.compile(r"^\s*([_*])(?![_*\s])[^_*]+(?<![\s_*])\1\s*$")
_NAV = re.compile(r"\s[|»›>·•]\s")
# A photo credit closing a line: "... on February 4, 2026 [Valentyn Ogirenko/Reuters]", "(Photo by
# Jane Doe/NurPhoto)", "[File: Jabin Botsford/The Washington Post via Getty Images]", "(Source:
# Wikimedia)", "(Image credit: NASA)".
_PHOTO_CREDIT = re.compile(
    r"(?:[\[(](?:[^\[\]()]{0,60}[\s:])?[A-Z][^\[\]()/]{1,60}/\s?[A-Z][^\[\]()/]{1,50}[\])]"
    r"|[\[(](?i:(?:(?:photo|image|picture|foto)s?\s*)?(?:credits?|source)|(?:photo|image|picture|foto)s?)"
    r"\s*:\s*[^\[\]()]{2,60}[\])])\s*$"
)


_NOT_PROSE = frozenset({"tags", "related", "byline", "credits", "caption", "blurb"})


@dataclass
class Line:
    """One non-empty line and what the reader has decided about it."""

    n: int  # position among the page's non-empty lines
    text: str
    src: int = 0  # 1-based line number in the input (for evidence)
    heading: int = 0  # markdown heading level, 0 when none
    item: bool = False  # a list item ("- ...", "1. ...")
    listed: bool = False  # in a list the text introduces ("dates:") or numbers in sequence
    role: str = ""
    words: int = 0
    cap_ratio: float = 0.0
    terminal: bool = False
    date_cov: float = 0.0
    chrome: bool = False
    nav: bool = False  # "A | B | C": a menu, or a row of tags
    marker: str = ""  # role announced by a prefix ("tags", "related", "byline", ...)
    marker_rest: str = ""  # the line after that prefix
    junk: float = 0.0  # learned probability that the line is page furniture (tidings.read.junk)
    note: bool = False  # the whole line in italics: an author blurb, a disclaimer, a note
    notes: list[str] = field(default_factory=list)

    @property
    def prose_shape(self) -> bool:
        """Shaped like a sentence paragraph: punctuated and long enough, or long and mostly
        lowercase (and not chrome, a heading, a marked line or a date line)."""
        if self.chrome or self.heading or self.note:
            return False
        if self.marker in _NOT_PROSE or self.date_cov > 0.5:
            return False
        if self.terminal and self.words >= 6:
            return True
        return self.words >= 20 and self.cap_ratio < 0.5

    @property
    def prose(self) -> bool:
        """A sentence-like paragraph that the learned junk model does not call furniture."""
        return self.prose_shape and self.junk < junk.veto()


def features(line: Line) -> None:
    """Fill in the line's features from its text."""
    text = line.text
    words = _WORD.findall(text)
    line.words = len(words)
    alpha = [w for w in words if w[0].isalpha()]
    long_alpha = [w for w in alpha if len(w) > 3 or w[0].isupper()]
    if long_alpha:
        line.cap_ratio = sum(w[0].isupper() for w in long_alpha) / len(long_alpha)
    line.terminal = bool(TERMINAL.search(text))
    line.date_cov = dates.date_coverage(text)
    line.chrome = bool(resources.chrome_re().fullmatch(text.strip(" :|-–—•·")))
    if _NAV.search(text) and len(_NAV.findall(text)) >= 2 and not line.terminal:
        line.nav = not line.chrome  # a menu in the header, but a tag row at the end
        line.chrome = True
    if re.fullmatch(r"(?:https?://|www\.)\S+", text) or not any(ch.isalnum() for ch in text):
        line.chrome = True
    for role, pattern in resources.markers().items():
        m = pattern.match(text)
        if m and (role != "byline" or line.words <= 12) and (role != "credits" or _credits(line)):
            line.marker, line.marker_rest = role, text[m.end() :].strip()
            break
    if not line.marker and _PHOTO_CREDIT.search(text):
        line.marker = "caption"  # a photo caption, however sentence-like
    if line.prose_shape:  # the junk model only ever judges lines shaped like prose
        line.junk = junk.probability(junk.features(text, line.words, line.terminal, line.cap_ratio))


def _credits(line: Line) -> bool:
    """ "Reporting by A in B; Editing by C": names, not a sentence ("Reporting by the BBC found
    that ...")."""
    return line.words <= 40 and (
        not line.terminal or ";" in line.text or line.text.count(" by ") >= 2
    )


def _wrapped(block: list[str]) -> bool:
    """A hard-wrapped paragraph: lines of near-equal width broken mid-sentence."""
    if len(block) < 2 or any(re.match(r"\s*(?:#|[-*+•>]\s|\d{1,2}[.)]\s|<)", x) for x in block):
        return False
    body = [x.strip() for x in block[:-1]]
    widths = [len(x) for x in body]
    if min(widths) < 40 or max(widths) > 100 or max(widths) - min(widths) > 25:
        return False
    if any(dates.date_coverage(x) > 0.5 for x in block) or len(block[-1].strip()) > max(widths):
        return False
    if len(block) == 2 and not block[1].strip()[:1].islower():
        return False  # two lines: a headline over a credit line unless the sentence runs on
    open_ends = sum(not TERMINAL.search(x) for x in body)
    return open_ends >= max(1, len(body) // 2)


def to_lines(text: str, markdown: bool, offset: int = 0) -> list[Line]:
    """Split into non-empty cleaned lines with features; ``offset`` lines precede ``text``.

    Hard-wrapped paragraphs (a block of same-width lines broken mid-sentence) become one line.
    """
    raw_lines = normalize_newlines(text).split("\n")
    units: list[tuple[int, str]] = []
    block: list[tuple[int, str]] = []
    for number, raw in enumerate([*raw_lines, ""], offset + 1):
        if raw.strip():
            block.append((number, raw))
            continue
        if _wrapped([x for _, x in block]):
            units.append((block[0][0], " ".join(x.strip() for _, x in block)))
        else:
            units.extend(block)
        block = []
    lines: list[Line] = []
    for number, raw in units:
        heading, item = 0, False
        note = markdown and bool(_ITALIC_LINE.match(raw))
        if markdown:
            raw, heading, item = markdown_line(raw)
        cleaned = clean_line(raw)
        if not cleaned:
            continue
        line = Line(n=len(lines), text=cleaned, src=number, heading=heading, item=item, note=note)
        features(line)
        lines.append(line)
    return lines
