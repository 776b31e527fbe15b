"""Idempotent writes of article rows (see :mod:`tidings.store.rows`).

Contract used by ingest, the Spark loader and tests: ``write_rows(conn, rows)`` replaces
everything the article contributed before (so re-ingesting changes nothing and a changed
article is updated, not duplicated) and merges its events into the cross-article
``events`` table (``mentions`` = number of reporting articles, ``reported_date`` = the earliest
publication day among them). Call inside a transaction.

Canonical entities are rebuilt from their appearances after every write
(:mod:`tidings.store.canonical`: name, type and fields by one rule) and people are merged
across articles (:mod:`tidings.store.identity`), so what is stored does not depend on the order
of ingest nor on batch sizes.

:func:`store_article` adds the ingest policy on top: an article already stored is skipped
(``unchanged``, or ``duplicate`` when the same text came from another source), and a new text
from a source that is already stored replaces the old article (``updated``).

Both take the database's write lock at their first statement, so concurrent writers (two
ingests, an ingest and the API) are serialised by the database instead of failing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from tidings.store.canonical import appearances, entity_row, kb_id_of
from tidings.store.db import lock_for_writing
from tidings.store.identity import dropped_aliases, resolve_people, surnames_of
from tidings.store.tables import (
    actor_aliases,
    article_entities,
    articles,
    entities,
    entity_counts,
    event_actors,
    event_sources,
    events,
    mentions,
    quotes,
)

Status = Literal["stored", "updated", "unchanged", "duplicate"]
_ENTITY_COLUMNS = ("name", "type", "country", "actor_code", "role", "lat", "lon", "surname")
_CHUNK = 500


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
    ae = article_entities.c
    named = [
        dict(r._mapping)
        for r in conn.execute(
            select(ae.entity_id, ae.name, ae.type).where(ae.article_id == article_id)
        )
    ]
    for table in (event_sources, mentions, quotes, article_entities):
        conn.execute(delete(table).where(table.c.article_id == article_id))
    conn.execute(delete(articles).where(articles.c.id == article_id))
    _refresh_event_counts(conn, old_events)
    dropped_aliases(conn)
    touched = {r["entity_id"] for r in named} | resolve_people(conn, surnames_of(named))
    refresh_entities(conn, touched)
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


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]


def refresh_entities(conn: Connection, ids: set[str], *, counts: bool = True) -> None:
    """Rebuild the ``entities`` rows of these ids from their appearances (one rule,
    :func:`tidings.store.canonical.entity_row`); an id nothing names any more is removed.
    ``counts``: their ``entity_counts`` rows too (articles, first and last day; migrations
    older than the table pass False)."""
    ae = article_entities.c
    group = (ae.entity_id, ae.name, ae.type, ae.country, ae.actor_code, ae.role, ae.lat, ae.lon)
    found: dict[str, list[dict[str, Any]]] = {}
    for chunk in _chunks(sorted(i for i in ids if i)):
        if counts:
            _refresh_counts(conn, chunk)
        stmt = (
            select(*group, func.max(ae.published_date).label("last_day"), func.count().label("n"))
            .where(ae.entity_id.in_(chunk))
            .group_by(*group)
        )
        for r in conn.execute(stmt).mappings():
            found.setdefault(r["entity_id"], []).append(dict(r))
        existing = {
            r.id: r._mapping for r in conn.execute(select(entities).where(entities.c.id.in_(chunk)))
        }
        for eid in chunk:
            old = existing.get(eid)
            if eid not in found:
                if old is not None:
                    conn.execute(delete(entities).where(entities.c.id == eid))
                continue
            row = entity_row(eid, appearances(found[eid]), kb_id_of(eid))
            if old is None:
                conn.execute(insert(entities).values(**row))
            elif any(old[c] != row[c] for c in _ENTITY_COLUMNS):
                values = {c: row[c] for c in _ENTITY_COLUMNS}
                conn.execute(update(entities).where(entities.c.id == eid).values(**values))


def _refresh_counts(conn: Connection, ids: list[str]) -> None:
    """The ``entity_counts`` rows of these entities, from their appearances."""
    ae = article_entities.c
    rows = [
        dict(r._mapping)
        for r in conn.execute(
            select(
                ae.entity_id,
                func.count(ae.article_id.distinct()).label("articles"),
                func.min(ae.published_date).label("first_seen"),
                func.max(ae.published_date).label("last_seen"),
            )
            .where(ae.entity_id.in_(ids))
            .group_by(ae.entity_id)
        )
    ]
    conn.execute(delete(entity_counts).where(entity_counts.c.entity_id.in_(ids)))
    if rows:
        conn.execute(insert(entity_counts), rows)


def _alias_map(conn: Connection, own_ids: set[str]) -> dict[str, str]:
    """Own ids already merged into another entity -> that entity."""
    al = actor_aliases.c
    return {
        r.alias_id: r.entity_id
        for chunk in _chunks(sorted(own_ids))
        for r in conn.execute(select(al.alias_id, al.entity_id).where(al.alias_id.in_(chunk)))
    }


_ID_COLUMNS = {
    "article_entities": ("entity_id",),
    "mentions": ("entity_id",),
    "quotes": ("speaker_entity_id",),
    "events": ("source_entity_id", "target_entity_id", "source_node", "target_node"),
    "event_actors": ("entity_id",),
}


def _canonical_ids(
    conn: Connection, batch: list[dict[str, list[dict[str, Any]]]]
) -> list[dict[str, list[dict[str, Any]]]]:
    """The batch's rows with entity ids of known aliases replaced by their entity's."""
    own = {x[c] for r in batch for t, cols in _ID_COLUMNS.items() for x in r[t] for c in cols}
    aliases = _alias_map(conn, {i for i in own if i})
    if not aliases:
        return batch
    out = []
    for r in batch:
        r = dict(r)
        for table, cols in _ID_COLUMNS.items():
            r[table] = [
                {**x, **{c: aliases.get(x[c], x[c]) for c in cols if x[c] in aliases}}
                for x in r[table]
            ]
        out.append(r)
    return out


def _new_entities(conn: Connection, links: list[dict[str, Any]]) -> None:
    """Entity rows for ids not stored yet (built from this batch; refreshed after the write)."""
    by_id: dict[str, list[dict[str, Any]]] = {}
    for link in links:
        by_id.setdefault(link["entity_id"], []).append(link)
    known = {
        r[0]
        for chunk in _chunks(sorted(by_id))
        for r in conn.execute(select(entities.c.id).where(entities.c.id.in_(chunk)))
    }
    new = [
        entity_row(eid, appearances(rows), kb_id_of(eid))
        for eid, rows in by_id.items()
        if eid not in known
    ]
    if new:
        conn.execute(insert(entities), new)


def _insert_many(conn: Connection, batch: list[dict[str, list[dict[str, Any]]]]) -> None:
    """Insert the rows of articles that are not stored (one statement per table per batch),
    then settle the entities they name."""
    if not batch:
        return
    batch = _canonical_ids(conn, batch)
    _insert_rows(conn, batch)
    _settle_entities(conn, [x for r in batch for x in r["article_entities"]])


def _insert_rows(conn: Connection, batch: list[dict[str, list[dict[str, Any]]]]) -> None:
    seq = _next_seq(conn, articles.c.seq)
    conn.execute(
        insert(articles), [{**r["articles"][0], "seq": seq + i} for i, r in enumerate(batch)]
    )
    _new_entities(conn, [x for r in batch for x in r["article_entities"]])
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
    reporter: dict[str, str] = {}  # event id -> the article whose report is its row
    for r in batch:
        for ev, src in zip(r["events"], r["event_sources"], strict=True):
            first.setdefault(ev["id"], ev)
            if (ev["id"], src["article_id"]) not in sources:
                sources[(ev["id"], src["article_id"])] = src
                reports[ev["id"]] = reports.get(ev["id"], 0) + 1
                day = published.get(src["article_id"])
                if day and (ev["id"] not in reported or day < reported[ev["id"]]):
                    reported[ev["id"]] = day
        aid = r["articles"][0]["id"]
        for ev in r["events"]:
            reporter.setdefault(ev["id"], aid)
        for a in r.get("event_actors", []):  # the actors of the report whose row is kept
            if reporter.get(a["event_id"]) == aid:
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


def _settle_entities(conn: Connection, links: list[dict[str, Any]]) -> None:
    """After a batch: people merged across articles again, then the touched rows rebuilt."""
    touched = {x["entity_id"] for x in links} | resolve_people(conn, surnames_of(links))
    refresh_entities(conn, touched)


def load_new_articles(
    engine: Engine, batches: Iterable[list[dict[str, list[dict[str, Any]]]]]
) -> int:
    """Bulk-load articles known to be new (benchmark databases, a first load); returns how many.

    Each batch is inserted and committed as :func:`store_articles` would insert it, but the
    entities are settled (people merged, entity rows rebuilt) once at the end instead of after
    every batch. Not for articles that may already be stored: nothing is checked or replaced.
    """
    links: dict[tuple[str, str, str], dict[str, Any]] = {}
    n = 0
    for batch in batches:
        with engine.begin() as conn:
            lock_for_writing(conn)
            batch = _canonical_ids(conn, batch)
            _insert_rows(conn, batch)
        for r in batch:
            for x in r["article_entities"]:
                links.setdefault((x["entity_id"], x["name"], x["type"]), x)
        n += len(batch)
    with engine.begin() as conn:
        lock_for_writing(conn)
        _settle_entities(conn, list(links.values()))
    return n


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
