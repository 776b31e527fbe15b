"""Quotations: ``tidings quotes`` and ``/api/quotes``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, desc, literal_column, or_, select, text

from tidings.store.queries.actors import actor_key, canonical_ids, key_condition
from tidings.store.queries.events import distinct_values
from tidings.store.queries.filters import check_page, parse_date
from tidings.store.queries.text_query import parse_text_query
from tidings.store.tables import articles, quotes


def find_quotes(
    conn: Connection,
    *,
    speaker: str | None = None,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Quotations, newest first. ``speaker`` is an actor key (the name as attributed counts as
    the name reported); ``q`` searches the quoted words; ``since``/``until`` publication days."""
    check_page(limit, offset)
    since, until = parse_date(since, "since"), parse_date(until, "until", end=True)
    c = quotes.c
    cols = [c.article_id, c.id, c.published_date, c.speaker_name, c.speaker_entity_id,
            c.text, c.cue, c.direct]  # fmt: skip
    stmt = select(*cols, c.start)
    if speaker and speaker.strip():
        key = actor_key(conn, speaker)
        if key.kind == "name":  # the speakers' names first (an index skip scan), then their rows
            names = [n for n in distinct_values(conn, c.speaker_name, 1_000_000)
                     if key.value in n.lower()]  # fmt: skip
            ids = canonical_ids(conn, key)  # the canonical entity's name
            stmt = stmt.where(or_(c.speaker_name.in_(names), c.speaker_entity_id.in_(ids)))
        else:
            stmt = stmt.where(key_condition(key, c.speaker_entity_id, name=c.speaker_name))
    if since:
        stmt = stmt.where(c.published_date >= since)
    if until:
        stmt = stmt.where(c.published_date <= until)
    if q and q.strip():
        parsed = parse_text_query(q)
        if not parsed:
            return []
        if conn.dialect.name == "sqlite":
            fts = text("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :fq")
            fts = fts.bindparams(fq=parsed.fts5())
            stmt = stmt.where(c.seq.in_(fts.columns(literal_column("rowid"))))
        else:
            tsv = literal_column("quotes.tsv")
            stmt = stmt.where(tsv.op("@@")(parsed.tsquery()))
    # the page of quotations first, then their articles' titles (not a join over every match)
    page = (
        stmt.order_by(desc(c.published_date), c.article_id, c.start)
        .limit(limit)
        .offset(offset)
        .subquery()
    )
    rows = conn.execute(
        select(*[page.c[x.name] for x in cols], articles.c.title)
        .join(articles, articles.c.id == page.c.article_id)
        .order_by(desc(page.c.published_date), page.c.article_id, page.c.start)
    )
    return [dict(r) for r in rows.mappings()]
