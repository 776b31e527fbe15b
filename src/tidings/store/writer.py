"""Idempotent writes of article rows (see :mod:`tidings.store.rows`).

Contract used by ingest, the Spark loader and tests: ``write_rows(conn, rows)`` replaces
everything the article contributed before (so re-ingesting changes nothing and a changed
article is updated, not duplicated) and merges its events into the cross-article
``events`` table (``mentions`` = number of reporting articles). Call inside a transaction.

:func:`store_article` adds the ingest policy on top: an article already stored is skipped
(``unchanged``, or ``duplicate`` when the same text came from another source), and a new text
from a source that is already stored replaces the old article (``updated``).
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import Connection, delete, func, insert, select, update

from tidings.store.tables import (
    article_entities,
    articles,
    entities,
    event_actors,
    event_sources,
    events,
    mentions,
    quotes,
)

Status = Literal["stored", "updated", "unchanged", "duplicate"]
_ENTITY_FIELDS = ("name", "type", "country", "actor_code", "role", "lat", "lon")


def delete_article(conn: Connection, article_id: str) -> bool:
    """Remove an article and everything it contributed; events left unreported go too."""
    old_events = [
        r[0]
        for r in conn.execute(
            select(event_sources.c.event_id).where(event_sources.c.article_id == article_id)
        )
    ]
    for table in (event_sources, mentions, quotes, article_entities):
        conn.execute(delete(table).where(table.c.article_id == article_id))
    gone = conn.execute(delete(articles).where(articles.c.id == article_id)).rowcount
    _refresh_event_counts(conn, old_events)
    return bool(gone)


def _refresh_event_counts(conn: Connection, event_ids: list[str]) -> None:
    """``events.mentions`` = number of reporting articles; drop events nobody reports."""
    for eid in dict.fromkeys(event_ids):
        n = conn.execute(
            select(func.count()).select_from(event_sources).where(event_sources.c.event_id == eid)
        ).scalar_one()
        if n == 0:
            conn.execute(delete(event_actors).where(event_actors.c.event_id == eid))
            conn.execute(delete(events).where(events.c.id == eid))
        else:
            conn.execute(update(events).where(events.c.id == eid).values(mentions=n))


def _next_seq(conn: Connection, column: Any) -> int:  # noqa: ANN401 - a Column
    return int(conn.execute(select(func.coalesce(func.max(column), 0))).scalar_one()) + 1


def _upsert_entities(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Canonical entities: insert new ones; fill in / refresh known ones (latest non-null wins)."""
    by_id: dict[str, dict[str, Any]] = {}
    for ent in rows:  # one article may hold two local entities with one canonical id
        merged = by_id.setdefault(ent["id"], dict(ent))
        merged.update({k: v for k, v in ent.items() if v is not None})
    if not by_id:
        return
    existing = {
        r.id: r._asdict()
        for r in conn.execute(select(entities).where(entities.c.id.in_(list(by_id))))
    }
    new = [e for eid, e in by_id.items() if eid not in existing]
    if new:
        conn.execute(insert(entities), new)
    for eid, ent in by_id.items():
        old = existing.get(eid)
        if old is None:
            continue
        values = {
            k: ent[k] for k in _ENTITY_FIELDS if ent.get(k) is not None and ent[k] != old.get(k)
        }
        if values:
            conn.execute(update(entities).where(entities.c.id == eid).values(**values))


def write_rows(conn: Connection, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Store one article's rows idempotently (delete-then-insert, events merged)."""
    (art,) = rows["articles"]
    delete_article(conn, art["id"])
    conn.execute(insert(articles), [{**art, "seq": _next_seq(conn, articles.c.seq)}])
    _upsert_entities(conn, rows["entities"])
    for table in (article_entities, mentions):
        if rows[table.name]:
            conn.execute(insert(table), rows[table.name])
    if rows["quotes"]:
        seq = _next_seq(conn, quotes.c.seq)
        conn.execute(insert(quotes), [{**q, "seq": seq + i} for i, q in enumerate(rows["quotes"])])

    first: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for ev, src in zip(rows["events"], rows["event_sources"], strict=True):
        first.setdefault(ev["id"], (ev, src))  # same event twice in one article: one source
    if not first:
        return
    known = {r[0] for r in conn.execute(select(events.c.id).where(events.c.id.in_(list(first))))}
    new_ids = [eid for eid in first if eid not in known]
    if new_ids:
        conn.execute(insert(events), [first[eid][0] for eid in new_ids])
        actor_rows = [a for a in rows.get("event_actors", []) if a["event_id"] in set(new_ids)]
        seen: set[tuple[str, str, int]] = set()
        unique_actors = []
        for a in actor_rows:
            key = (a["event_id"], a["role"], a["position"])
            if key not in seen:
                seen.add(key)
                unique_actors.append(a)
        if unique_actors:
            conn.execute(insert(event_actors), unique_actors)
    conn.execute(insert(event_sources), [src for _, src in first.values()])
    _refresh_event_counts(conn, list(first))


def stable_source(source: str) -> bool:
    """A path or URL names one article over time; ``-``/``<string>`` (stdin, posted text) do not."""
    return bool(source) and source != "-" and not source.startswith("<")


def store_article(
    conn: Connection, rows: dict[str, list[dict[str, Any]]], *, force: bool = False
) -> Status:
    """Write one article under the ingest policy and say what happened (see module doc)."""
    (art,) = rows["articles"]
    old = conn.execute(select(articles.c.source).where(articles.c.id == art["id"])).first()
    if old is not None and not force:
        return "unchanged" if old.source == art["source"] else "duplicate"
    replaced = []
    if stable_source(art["source"]):
        replaced = [
            r[0]
            for r in conn.execute(
                select(articles.c.id).where(
                    articles.c.source == art["source"], articles.c.id != art["id"]
                )
            )
        ]
    for old_id in replaced:
        delete_article(conn, old_id)
    write_rows(conn, rows)
    return "updated" if (replaced or old is not None) else "stored"
