"""Search text -> one parsed query -> an FTS5 MATCH expression (SQLite) or a tsquery
(PostgreSQL), so a search means the same on both back ends and can never be a syntax error.

The syntax is web search (as PostgreSQL's ``websearch_to_tsquery``): words are ANDed,
``"a phrase"`` is a phrase (an unclosed quote runs to the end), ``or`` between two terms
joins them, ``-word`` and ``-"a phrase"`` exclude. Every other character only separates
words, so user input never reaches FTS5's or tsquery's own operators. A search holds at most
``MAX_WORDS`` words and ``MAX_CHARS`` characters (else :class:`QueryError` naming the field);
the expressions have a fixed nesting depth whatever the number of terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import reduce

from sqlalchemy import func
from sqlalchemy.sql.elements import ColumnElement

from tidings.store.queries.filters import QueryError

MAX_WORDS = 32
MAX_CHARS = 1000
_TOKEN = re.compile(r'-?"[^"]*"?|[^\s"]+')
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class TextQuery:
    """``all_of`` terms (each a tuple of alternatives; a term is a tuple of words, a phrase
    when it has several) and ``none_of`` terms that must not occur."""

    all_of: tuple[tuple[tuple[str, ...], ...], ...] = ()
    none_of: tuple[tuple[str, ...], ...] = field(default=())

    def __bool__(self) -> bool:
        """False when nothing is required: such a search finds nothing."""
        return bool(self.all_of)

    def fts5(self) -> str:
        """The FTS5 MATCH expression: ``("a" OR "b c") AND "d" NOT ("e" OR "f")``."""

        def term(words: tuple[str, ...]) -> str:
            return '"' + " ".join(words) + '"'

        def alternatives(group: tuple[tuple[str, ...], ...]) -> str:
            inner = " OR ".join(term(t) for t in group)
            return f"({inner})" if len(group) > 1 else inner

        query = " AND ".join(alternatives(g) for g in self.all_of)
        if self.none_of:
            query = f"({query}) NOT ({' OR '.join(term(t) for t in self.none_of)})"
        return query

    def tsquery(self, config: str = "english") -> ColumnElement:
        """The same query as a PostgreSQL ``tsquery`` expression (phrases with
        ``phraseto_tsquery``, joined by ``tsquery_and``/``_or``/``_not``)."""

        def term(words: tuple[str, ...]) -> ColumnElement:
            return func.phraseto_tsquery(config, " ".join(words))

        def alternatives(group: tuple[tuple[str, ...], ...]) -> ColumnElement:
            return reduce(func.tsquery_or, [term(t) for t in group])

        query = reduce(func.tsquery_and, [alternatives(g) for g in self.all_of])
        if self.none_of:
            excluded = reduce(func.tsquery_or, [term(t) for t in self.none_of])
            query = func.tsquery_and(query, func.tsquery_not(excluded))
        return query


def parse_text_query(text: str | None, name: str = "q") -> TextQuery:
    """Parse search text (see the module doc); ``name`` is the field named in errors."""
    text = text or ""
    if len(text) > MAX_CHARS:
        raise QueryError(f"{name}: the search text has {len(text)} characters; at most {MAX_CHARS}")
    all_of: list[list[tuple[str, ...]]] = []
    none_of: list[tuple[str, ...]] = []
    pending_or = False
    for raw in _TOKEN.findall(text):
        negated = raw.startswith("-") and len(raw) > 1
        body = raw[1:] if negated else raw
        if not negated and body.lower() == "or":
            pending_or = bool(all_of)
            continue
        words = tuple(w.lower() for w in _WORD.findall(body))
        if not words:
            continue
        if negated:
            none_of.append(words)
        elif pending_or:
            all_of[-1].append(words)
            pending_or = False
        else:
            all_of.append([words])
    count = sum(len(t) for g in all_of for t in g) + sum(len(t) for t in none_of)
    if count > MAX_WORDS:
        raise QueryError(f"{name}: the search has {count} words; at most {MAX_WORDS}")
    return TextQuery(tuple(tuple(g) for g in all_of), tuple(none_of))


__all__ = ["MAX_CHARS", "MAX_WORDS", "TextQuery", "parse_text_query"]
