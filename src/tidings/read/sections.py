"""Long articles are read as sections, each short enough for the language model.

spaCy refuses texts over a million characters (E088) and needs about 3 KB of memory per
character it parses, so an article longer than ``Settings.max_article_chars`` (a book, a
whole site concatenated, a dump record of junk) is cut into sections instead of being refused:
nothing is lost, every section is analysed and stored like an article. The cuts fall between
paragraphs; a paragraph longer than the limit is cut after a sentence, else at a space.

Each section keeps the article's metadata (title, date, publisher, url, tags) and gets its own
body, id and source ``<source>#section-<k>`` (so that sections never replace each other in the
store), ``meta["section"]`` = ``{"part": k, "of": n, "source": <source>}`` and a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tidings.read.normalize import article_id
from tidings.schema import Article
from tidings.settings import get_settings

_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")
_SEP = "\n\n"


def split_long(article: Article, max_chars: int | None = None) -> list[Article]:
    """``[article]`` when its text fits ``max_chars`` (default: the setting), else sections."""
    limit = max_chars or get_settings().max_article_chars
    if len(article.text) <= limit:
        return [article]
    groups = _group(article.paragraphs, limit)
    n = len(groups)
    note = (
        f"long article ({len(article.text):,} characters) read as {n} sections of at most "
        f"{limit:,} characters (TIDINGS_MAX_ARTICLE_CHARS)"
    )
    sections = []
    for k, paragraphs in enumerate(groups, 1):
        part = article.model_copy(
            update={
                "paragraphs": paragraphs,
                "text": _SEP.join(paragraphs),
                "source": f"{article.source}#section-{k}",
                "id": article_id(paragraphs),
                "subheadings": list(article.subheadings) if k == 1 else [],
                "tags": list(article.tags),
                "warnings": [*article.warnings, f"{note}; this is section {k}"],
                "meta": {
                    **{key: v for key, v in article.meta.items() if key != "dropped" or k == 1},
                    "section": {"part": k, "of": n, "source": article.source},
                },
            }
        )
        sections.append(part)
    return sections


def _group(paragraphs: list[str], limit: int) -> list[list[str]]:
    """Paragraphs packed in order into groups whose joined text fits ``limit``."""
    groups: list[list[str]] = []
    current: list[str] = []
    size = 0
    for paragraph in paragraphs:
        for piece in _pieces(paragraph, limit):
            extra = len(piece) + (len(_SEP) if current else 0)
            if current and size + extra > limit:
                groups.append(current)
                current, size, extra = [], 0, len(piece)
            current.append(piece)
            size += extra
    if current:
        groups.append(current)
    return groups


def _pieces(paragraph: str, limit: int) -> Iterator[str]:
    """A paragraph in pieces of at most ``limit`` characters: cut after the last sentence end
    that fits, else at the last space, else hard."""
    pos = 0
    while len(paragraph) - pos > limit:
        window = paragraph[pos : pos + limit + 1]
        ends = [m.end() for m in _SENTENCE_END.finditer(window, limit // 2)]
        cut = ends[-1] if ends else window.rfind(" ") + 1
        if cut <= limit // 2:
            cut = limit
        piece = window[:cut].strip()
        if piece:
            yield piece
        pos += cut
    rest = paragraph[pos:].strip()
    if rest:
        yield rest
