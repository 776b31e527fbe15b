"""Coded events: the filtered list behind ``tidings events``/``export``, ``/api/events`` and the
network page's filters.

**A page of the newest events with one common actor** (``--quad material-conflict --actor
IRN``: 50,000 of a million events) is not read by collecting every event of the actor and
sorting them (on SQLite each is a lookup of a wide row: 0.2-0.7 s at 1M events), but by
walking the events newest first on the date index and probing the actor's covering index per
event, within a window of the newest events (``date >= `` the day of the K-th newest, K from
the actor's share of the events), which bounds the walk; the window's page is the true page
whenever it is full (every event outside it sorts after every event inside), else the
collect-and-sort query runs. PostgreSQL's planner chooses between the two shapes itself.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Select, and_, desc, exists, func, or_, select, text, union_all
from sqlalchemy.sql.elements import ColumnElement

from tidings.store.queries.actors import (
    ActorKey,
    actor_exists,
    actor_key,
    events_with_actor,
    side_rows,
)
from tidings.store.queries.filters import EventFilter, check_page
from tidings.store.queries.periods import day_branches, day_range
from tidings.store.tables import event_sources, events, row_counts

EVENT_COLUMNS = [
    "id",
    "date",
    "type",
    "mode",
    "cameo",
    "quad_class",
    "goldstein",
    "source_name",
    "source_country",
    "source_code",
    "target_name",
    "target_country",
    "target_code",
    "location_name",
    "location_country",
    "lat",
    "lon",
    "modality",
    "confidence",
    "mentions",
]


def event_conditions(conn: Connection, f: EventFilter) -> list[ColumnElement[bool]]:
    """SQL conditions on ``events`` for a filter (actor keys are classified on ``conn``)."""
    where: list[ColumnElement[bool]] = []
    sides = [(actor_key(conn, raw), role) for raw, role in ((f.actor, "source"), (f.target, "target"))
             if raw]  # fmt: skip
    if sides:  # both sides: their event ids intersected first, then the events looked up
        where.append(events_with_actor(*sides))
    if f.type:
        where.append(events.c.type == f.type)
    if f.cameo:
        where.append(events.c.cameo.startswith(f.cameo))
    if f.quad:
        where.append(events.c.quad_class == f.quad)
    days = day_range(f.since, f.until)
    if days is not None:
        where.append(days)
    if f.place:
        p = f.place.strip()
        where.append(
            or_(
                events.c.location_country == p,
                func.lower(events.c.location_name).contains(p.lower(), autoescape=True),
            )
        )
    if f.modality:
        where.append(events.c.modality == f.modality)
    if f.min_confidence is not None:
        where.append(events.c.confidence >= f.min_confidence)
    if f.article:
        where.append(
            exists().where(
                event_sources.c.event_id == events.c.id, event_sources.c.article_id == f.article
            )
        )
    return where


def events_query(conn: Connection, f: EventFilter) -> Select:
    """The SELECT behind ``events`` and ``export events`` (newest first, stable order)."""
    cols = [events.c[c] for c in EVENT_COLUMNS]
    return (
        select(*cols)
        .where(and_(True, *event_conditions(conn, f)))
        .order_by(desc(events.c.date), events.c.id)
    )


def find_events(
    conn: Connection, f: EventFilter | None = None, *, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Events matching ``f``, newest first."""
    check_page(limit, offset)
    f = f or EventFilter()
    sides = [(raw, role) for raw, role in ((f.actor, "source"), (f.target, "target")) if raw]
    if len(sides) == 1:
        key = actor_key(conn, sides[0][0])
        rest = event_conditions(conn, replace(f, actor=None, target=None))
        rows = newest_with_actor(conn, key, sides[0][1], rest, limit=limit, offset=offset)
        if rows is not None:
            return rows
    days = day_branches(f.since, f.until)
    if days is None:
        stmt = events_query(conn, f).limit(limit).offset(offset)
        return [dict(r) for r in conn.execute(stmt).mappings()]
    # dated and undated events as two pages merged: each on its own index range, in order
    # (as one OR, PostgreSQL walks the type's index from the newest event, checking the days)
    rest = event_conditions(conn, replace(f, since=None, until=None))
    cols = [events.c[c] for c in EVENT_COLUMNS]
    order = (desc(events.c.date), events.c.id)
    parts = [
        select(*cols).where(part, *rest).order_by(*order).limit(offset + limit).subquery()
        for part in days
    ]
    both = union_all(*[select(*p.c) for p in parts]).subquery()
    stmt = select(both).order_by(desc(both.c.date), both.c.id).limit(limit).offset(offset)
    return [dict(r) for r in conn.execute(stmt).mappings()]


#: the window holds this many times the events a page needs at the actor's share
WALK_MARGIN = 8


def walk_threshold(page: int, total: int) -> int:
    """Rows an actor needs in a role to be walked for: where walking the newest events
    (``page x total / rows`` of them to fill the page) costs no more than looking up each of
    the actor's events (``rows``), i.e. the geometric mean of the page and the collection
    (7,000 rows for 50 of a million events), at least 1,000."""
    return max(1000, math.isqrt(page * total))


def newest_with_actor(
    conn: Connection,
    key: ActorKey,
    role: str,
    where: list[ColumnElement[bool]],
    *,
    limit: int,
    offset: int,
) -> list[dict[str, Any]] | None:
    """The page of events (``EVENT_COLUMNS``, newest first) with ``key`` in ``role`` and
    ``where``, by a bounded walk over the newest events (this module's docstring); ``None``
    when the actor is too rare for a walk or the window held less than the page (the caller
    then runs the collect-and-sort query, which is cheap for a rare actor). On PostgreSQL the
    same bounded walk for a common actor, and the actor's events collected first (fenced)
    where SQLite's caller would collect: PostgreSQL never returns ``None``."""
    total = conn.execute(select(row_counts.c.n).where(row_counts.c.name == "events")).scalar()
    need = walk_threshold(offset + limit, total or 0)
    n = side_rows(conn, key, role, need)
    cols = [events.c[c] for c in EVENT_COLUMNS]
    order = (desc(events.c.date), events.c.id)
    sqlite = conn.dialect.name == "sqlite"

    def collected() -> list[dict[str, Any]] | None:
        """SQLite: the caller's collect-and-sort query. PostgreSQL: the actor's events collected
        first (fenced): left to itself its planner walks the newest events without a bound,
        which reads most of the table for an actor whose events are all old."""
        if sqlite:
            return None
        fenced = events_with_actor((key, role), fence=True)
        stmt = select(*cols).where(fenced, *where).order_by(*order).limit(limit).offset(offset)
        return [dict(r) for r in conn.execute(stmt).mappings()]

    if n < need:
        return collected()
    window = WALK_MARGIN * (offset + limit) * (total or 0) // n
    start = conn.execute(
        select(events.c.date).where(events.c.date.is_not(None))
        .order_by(desc(events.c.date)).limit(1).offset(window)
    ).scalar()  # fmt: skip
    # fewer dated events than the window: the walk covers them all (and the undated ones)
    bound = [events.c.date >= start] if start is not None else []
    stmt = (
        select(*cols)
        .where(actor_exists(key, role), *bound, *where)
        .order_by(*order)
        .limit(limit)
        .offset(offset)
    )
    rows = [dict(r) for r in conn.execute(stmt).mappings()]
    return rows if len(rows) == limit or start is None else collected()


def event_types(conn: Connection) -> list[str]:
    """The PLOVER event types present in the database (for filter menus): one index seek per
    type (the next type after the last), not a pass over every event."""
    return distinct_values(conn, events.c.type)


def distinct_values(conn: Connection, column: Any, limit: int = 1000) -> list[Any]:  # noqa: ANN401 - a Column
    """The distinct non-null values of an indexed column, in order, by skipping along its
    index (a recursive ``min(col) WHERE col > last``, one statement): as many index seeks as
    values, whatever the number of rows."""
    col, table = column.name, column.table.name
    stmt = text(
        f"WITH RECURSIVE v(x) AS (SELECT min({col}) FROM {table} UNION ALL "
        f"SELECT (SELECT min({col}) FROM {table} WHERE {col} > v.x) FROM v WHERE v.x IS NOT NULL) "
        "SELECT x FROM v WHERE x IS NOT NULL LIMIT :limit"
    )
    return [r[0] for r in conn.execute(stmt, {"limit": limit})]
