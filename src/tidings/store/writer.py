"""Idempotent writes of article rows (see :mod:`tidings.store.rows`).

Contract used by ingest, the Spark loader and tests: ``write_rows(conn, rows)`` replaces
everything the article contributed before (so re-ingesting changes nothing and a changed
article is updated, not duplicated) and merges its events into the cross-article
``events`` table (``mentions`` = number of reporting articles, ``reported_date`` = the earliest
publication day among them). Call inside a transaction.

:func:`store_article` adds the ingest policy on top: an article already stored is skipped
(``unchanged``, or ``duplicate`` when the same text came from another source), and a new text
from a source that is already stored replaces the old article (``updated``).

Both take the database's write lock at their first statement, so concurrent writers (two
ingests, an ingest and the API) are serialised by the database instead of failing.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import Connection, delete, func, insert, select, update

from tidings.store.db import lock_for_writing
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
# refreshed on a known entity when a later article knows them (name/type are its identity)
_ENTITY_FIELDS = ("country", "actor_code", "role", "lat", "lon")


def delete_article(conn: Connection, article_id: str) -> bool:
    """Remove an article and everything it contributed; events left unreported go too."""
    if conn.execute(select(articles.c.id).where(articles.c.id == article_id)).first() is None:
        return False  # foreign keys guarantee nothing refers to an absent article
    old_events = [
        r[0]
        for r in conn.execute(
            select(event_sources.c.event_id).where(event_sources.c.article_id == article_id)
        )
    ]
    for table in (event_sources, mentions, quotes, article_entities):
        conn.execute(delete(table).where(table.c.article_id == article_id))
    conn.execute(delete(articles).where(articles.c.id == article_id))
    _refresh_event_counts(conn, old_events)
    return True


def _refresh_event_counts(conn: Connection, event_ids: list[str]) -> None:
    """``events.mentions`` = number of reporting articles; drop events nobody reports."""
    ids = list(dict.fromkeys(event_ids))
    if not ids:
        return
    counts = dict(
        conn.execute(
            select(event_sources.c.event_id, func.count())
            .where(event_sources.c.event_id.in_(ids))
            .group_by(event_sources.c.event_id)
        ).all()
    )
    gone = [eid for eid in ids if eid not in counts]
    if gone:
        conn.execute(delete(event_actors).where(event_actors.c.event_id.in_(gone)))
        conn.execute(delete(events).where(events.c.id.in_(gone)))
    first_report = (
        select(func.min(articles.c.published_date))
        .select_from(event_sources.join(articles, articles.c.id == event_sources.c.article_id))
        .where(event_sources.c.event_id == events.c.id)
        .scalar_subquery()
    )
    for eid, n in counts.items():
        conn.execute(
            update(events).where(events.c.id == eid).values(mentions=n, reported_date=first_report)
        )


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


def _insert_many(conn: Connection, batch: list[dict[str, list[dict[str, Any]]]]) -> None:
    """Insert the rows of articles that are not stored (one statement per table per batch)."""
    if not batch:
        return
    seq = _next_seq(conn, articles.c.seq)
    conn.execute(
        insert(articles), [{**r["articles"][0], "seq": seq + i} for i, r in enumerate(batch)]
    )
    _upsert_entities(conn, [e for r in batch for e in r["entities"]])
    for table in (article_entities, mentions):
        rows = [x for r in batch for x in r[table.name]]
        if rows:
            conn.execute(insert(table), rows)
    quote_rows = [q for r in batch for q in r["quotes"]]
    if quote_rows:
        seq = _next_seq(conn, quotes.c.seq)
        conn.execute(insert(quotes), [{**q, "seq": seq + i} for i, q in enumerate(quote_rows)])

    published = {r["articles"][0]["id"]: r["articles"][0].get("published_date") for r in batch}
    first: dict[str, dict[str, Any]] = {}  # event id -> its row from the first report
    reported: dict[str, str] = {}  # event id -> earliest publication day of its reports here
    sources: dict[tuple[str, str], dict[str, Any]] = {}  # one source row per (event, article)
    reports: dict[str, int] = {}
    actors: dict[tuple[str, str, int], dict[str, Any]] = {}
    for r in batch:
        for ev, src in zip(r["events"], r["event_sources"], strict=True):
            first.setdefault(ev["id"], ev)
            if (ev["id"], src["article_id"]) not in sources:
                sources[(ev["id"], src["article_id"])] = src
                reports[ev["id"]] = reports.get(ev["id"], 0) + 1
                day = published.get(src["article_id"])
                if day and (ev["id"] not in reported or day < reported[ev["id"]]):
                    reported[ev["id"]] = day
        for a in r.get("event_actors", []):
            actors.setdefault((a["event_id"], a["role"], a["position"]), a)
    if not first:
        return
    known = {r[0] for r in conn.execute(select(events.c.id).where(events.c.id.in_(list(first))))}
    new_ids = [eid for eid in first if eid not in known]
    if new_ids:
        conn.execute(
            insert(events),
            [
                {**first[eid], "mentions": reports[eid], "reported_date": reported.get(eid)}
                for eid in new_ids
            ],
        )
        new = set(new_ids)
        actor_rows = [a for key, a in actors.items() if key[0] in new]
        if actor_rows:
            conn.execute(insert(event_actors), actor_rows)
    conn.execute(insert(event_sources), list(sources.values()))
    _refresh_event_counts(conn, [eid for eid in first if eid in known])


def write_rows(conn: Connection, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Store one article's rows idempotently (delete-then-insert, events merged)."""
    lock_for_writing(conn)
    delete_article(conn, rows["articles"][0]["id"])
    _insert_many(conn, [rows])


def stable_source(source: str) -> bool:
    """A path or URL names one article over time; ``-``/``<string>`` (stdin, posted text) do
    not, nor does a record inside stdin (``-#3``: line 3 of whatever was piped in)."""
    base = source.split("#", 1)[0]
    return bool(base) and base != "-" and not base.startswith("<")


def store_articles(
    conn: Connection, batch: list[dict[str, list[dict[str, Any]]]], *, force: bool = False
) -> list[Status]:
    """Write a batch of articles under the ingest policy; what happened to each, in order.

    One query per table for the whole batch; the rare replacements are done one by one.
    Takes the database's write lock first (:func:`tidings.store.db.lock_for_writing`), so two
    processes storing at once queue: neither reads a state the other is about to change.
    """
    lock_for_writing(conn)
    ids = [r["articles"][0]["id"] for r in batch]
    stored = dict(
        conn.execute(select(articles.c.id, articles.c.source).where(articles.c.id.in_(ids))).all()
    )
    sources = [r["articles"][0]["source"] for r in batch]
    stable = [src for src in sources if stable_source(src)]
    by_source: dict[str, list[str]] = {}
    if stable:
        for aid, src in conn.execute(
            select(articles.c.id, articles.c.source).where(articles.c.source.in_(stable))
        ):
            by_source.setdefault(src, []).append(aid)
    statuses: list[Status] = []
    todo: list[dict[str, list[dict[str, Any]]]] = []
    seen: dict[str, str] = {}  # id -> source, for repeats inside the batch
    for rows, aid, src in zip(batch, ids, sources, strict=True):
        if aid in seen or (aid in stored and not force):
            statuses.append("unchanged" if seen.get(aid, stored.get(aid)) == src else "duplicate")
            continue
        seen[aid] = src
        replaced = [old for old in by_source.get(src, []) if old != aid and stable_source(src)]
        for old in replaced:
            delete_article(conn, old)
        if aid in stored:
            delete_article(conn, aid)
        statuses.append("updated" if replaced or aid in stored else "stored")
        todo.append(rows)
    _insert_many(conn, todo)
    return statuses


def store_article(
    conn: Connection, rows: dict[str, list[dict[str, Any]]], *, force: bool = False
) -> Status:
    """Write one article under the ingest policy and say what happened (see module doc)."""
    return store_articles(conn, [rows], force=force)[0]
