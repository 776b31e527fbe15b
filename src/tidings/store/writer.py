"""Idempotent writes of article rows (see :mod:`tidings.store.rows`).

Contract used by ingest, the Spark loader and tests: ``write_rows(conn, rows)`` replaces
everything the article contributed before (so re-ingesting changes nothing and a changed
article is updated, not duplicated) and merges its events into the cross-article
``events`` table (``mentions`` = number of reporting articles). Call inside a transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from tidings.store.tables import (
    article_entities,
    articles,
    entities,
    event_sources,
    events,
    mentions,
    quotes,
)


def _delete_article(conn: Connection, article_id: str) -> None:
    old_events = [
        r[0]
        for r in conn.execute(
            select(event_sources.c.event_id).where(event_sources.c.article_id == article_id)
        )
    ]
    for table in (event_sources, mentions, quotes, article_entities):
        conn.execute(delete(table).where(table.c.article_id == article_id))
    conn.execute(delete(articles).where(articles.c.id == article_id))
    for eid in old_events:
        _refresh_event_count(conn, eid)


def _refresh_event_count(conn: Connection, event_id: str) -> None:
    n = conn.execute(
        select(func.count()).select_from(event_sources).where(event_sources.c.event_id == event_id)
    ).scalar_one()
    if n == 0:
        conn.execute(delete(events).where(events.c.id == event_id))
    else:
        conn.execute(update(events).where(events.c.id == event_id).values(mentions=n))


def write_rows(conn: Connection, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Store one article's rows idempotently (delete-then-insert, events merged)."""
    (art,) = rows["articles"]
    _delete_article(conn, art["id"])
    conn.execute(insert(articles), [art])
    for ent in rows["entities"]:
        exists = conn.execute(select(entities.c.id).where(entities.c.id == ent["id"])).first()
        if exists:
            values = {k: v for k, v in ent.items() if k != "id" and v is not None}
            if values:
                conn.execute(update(entities).where(entities.c.id == ent["id"]).values(**values))
        else:
            conn.execute(insert(entities), [ent])
    for table in (article_entities, mentions, quotes):
        if rows[table.name]:
            conn.execute(insert(table), rows[table.name])
    seen: set[str] = set()
    for ev, src in zip(rows["events"], rows["event_sources"], strict=True):
        if ev["id"] in seen:  # same event twice in one article: one source row
            continue
        seen.add(ev["id"])
        exists = conn.execute(select(events.c.id).where(events.c.id == ev["id"])).first()
        if not exists:
            conn.execute(insert(events), [ev])
        conn.execute(insert(event_sources), [src])
        _refresh_event_count(conn, ev["id"])
