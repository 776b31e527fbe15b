"""Coded events: the filtered list behind ``tidings events``/``export``, ``/api/events`` and the
network page's filters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, and_, desc, exists, func, or_, select, text
from sqlalchemy.sql.elements import ColumnElement

from tidings.store.queries.actors import actor_key, events_with_actor
from tidings.store.queries.filters import EventFilter, check_page
from tidings.store.queries.periods import day_range
from tidings.store.tables import event_sources, events

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
    stmt = events_query(conn, f or EventFilter()).limit(limit).offset(offset)
    return [dict(r) for r in conn.execute(stmt).mappings()]


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
