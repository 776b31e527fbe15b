"""Dyads: events between two actors, the cooperation-conflict index.

:func:`dyad` is the one series: ``tidings dyad``, ``GET /api/dyad`` and the web's dyad chart
(``by="week"``) all return its rows, so they give the same numbers. Each side is an actor key
matched against the event's first source and first target (:func:`~.actors.first_actor`, as
every count over time); with ``level="code"`` each side is a node of the code level (a code
key such as ``RUSGOV``, or the entity id of an actor without one:
:func:`~.codes.node_condition`), so a dyad counts exactly what the network's edges between the
two nodes count. Events are placed in periods by :mod:`.periods`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, and_, desc, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from tidings.store.queries.actors import (
    actor_key,
    code_members,
    event_actor_condition,
    first_actor,
)
from tidings.store.queries.codes import is_code_key, node_condition, node_labels
from tidings.store.queries.filters import QUAD_KEYS, check_page, parse_date
from tidings.store.queries.periods import bucket, day_range, event_day, parse_period, week_days
from tidings.store.tables import entities, event_actors, event_sources, events, pair_counts


def parse_dyad_level(level: str | None) -> str | None:
    """``None`` (actor keys) or ``"code"`` (nodes of the code level)."""
    from tidings.store.queries.filters import QueryError

    if level in (None, "", "actor", "key"):
        return None
    if level.strip().lower() == "code":
        return "code"
    raise QueryError(f"level: {level!r} is not one of actor, code")


def dyad_condition(
    conn: Connection, a: str, b: str, *, directed: bool = False, level: str | None = None
):  # noqa: ANN201
    """SQL on ``events``: the first source matches ``a`` and the first target ``b`` (or,
    unless ``directed``, the other way round); ``level="code"``: sides are code-level nodes."""
    if parse_dyad_level(level) == "code":

        def side(key: str, role: str):  # noqa: ANN202
            return node_condition(key.strip(), role)
    else:
        keys = {a: actor_key(conn, a), b: actor_key(conn, b)}

        def side(key: str, role: str):  # noqa: ANN202
            return first_actor(keys[key], role)

    ab = and_(side(a, "source"), side(b, "target"))
    if directed:
        return ab
    return or_(ab, and_(side(b, "source"), side(a, "target")))


def dyad(
    conn: Connection,
    a: str,
    b: str,
    *,
    by: str = "week",
    since: str | None = None,
    until: str | None = None,
    directed: bool = False,
    level: str | None = None,
) -> list[dict[str, Any]]:
    """Events between two actors per period: the count, the count per quad class (keys
    ``verbal-cooperation`` ...) and the Goldstein sum. Both directions unless ``directed``;
    ``level="code"``: the sides are nodes of the code level."""
    by = parse_period(by)
    since, until = parse_date(since, "since"), parse_date(until, "until", end=True)
    day = event_day().label("day")
    conds: list[ColumnElement[bool]] = [dyad_condition(conn, a, b, directed=directed, level=level)]
    days = day_range(since, until)
    if days is not None:
        conds.append(days)
    stmt = (
        select(day, events.c.quad_class, func.count(), func.sum(events.c.goldstein))
        .where(*conds)
        .group_by(day, events.c.quad_class)
    )
    acc: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"events": 0, **{key: 0 for key in QUAD_KEYS.values()}, "goldstein": 0.0}
    )
    for value, quad, n, gold in conn.execute(stmt):
        period = bucket(value, by)
        if period is None:  # no date and never reported: cannot be placed
            continue
        row = acc[period]
        row["events"] += n
        if quad in QUAD_KEYS:
            row[QUAD_KEYS[quad]] += n
        row["goldstein"] += float(gold or 0.0)
    return [
        {"period": p, **acc[p], "goldstein": round(acc[p]["goldstein"], 3)} for p in sorted(acc)
    ]


def dyad_side(conn: Connection, key: str, level: str | None = None) -> dict[str, Any] | None:
    """How to show one side of a dyad: ``{key, kind, label, entity, members}``; ``None`` when
    the key is neither an entity, nor a code, nor part of any event actor's name. A code key
    lists the entities inside it (``members``: people and others, most articles first)."""
    if parse_dyad_level(level) == "code" and is_code_key(key):
        inside = code_members(conn, [key], limit=12).get(key, [])
        label = node_labels(conn, {key})[key]["label"]
        return {"key": key, "kind": "code", "label": label, "entity": None, "members": inside}
    k = actor_key(conn, key)
    if k.kind == "entity":
        ent = dict(conn.execute(select(entities).where(entities.c.id == k.value)).mappings().one())
        return {"key": key, "kind": "entity", "label": ent["name"], "entity": ent, "members": []}
    if k.kind == "name":
        ea = event_actors
        if conn.execute(select(ea.c.event_id).where(event_actor_condition(k)).limit(1)).first():
            return {"key": key, "kind": "name", "label": key, "entity": None, "members": []}
        return None
    inside = code_members(conn, [key], limit=12).get(key, []) if is_code_key(key) else []
    return {"key": key, "kind": k.kind, "label": key, "entity": None, "members": inside}


def dyad_events(
    conn: Connection,
    a: str,
    b: str,
    *,
    week: str | None = None,
    limit: int = 200,
    level: str | None = None,
) -> list[dict[str, Any]]:
    """The dyad's events (both directions), latest first, each with ``day`` (where it is
    counted) and one reporting article; ``week``: only the week starting that Monday."""
    check_page(limit, 0)
    conds: list[ColumnElement[bool]] = [dyad_condition(conn, a, b, level=level)]
    if week:
        monday, sunday = week_days(parse_date(week, "week") or "")
        conds.append(day_range(monday, sunday))
    first_article = (
        select(func.min(event_sources.c.article_id))
        .where(event_sources.c.event_id == events.c.id)
        .scalar_subquery()
    )
    e = events.c
    rows = conn.execute(
        select(
            e.id,
            e.type,
            e.cameo,
            e.quad_class,
            e.goldstein,
            e.source_name,
            e.source_entity_id,
            e.source_country,
            e.target_name,
            e.target_entity_id,
            e.target_country,
            e.date,
            event_day().label("day"),
            e.location_name,
            e.mentions,
            first_article.label("article_id"),
        )  # fmt: skip
        .where(*conds)
        .order_by(desc(event_day()), e.id)
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]


def top_dyads(conn: Connection, limit: int = 10) -> list[dict[str, Any]]:
    """Country pairs with most events (direction ignored) and their Goldstein sum, counted by
    each event's first source and target country (the overview's ranking: read from the
    ``pair_counts`` summary, :mod:`tidings.store.summary`; a dyad page counts every actor of an
    event, so it may show more)."""
    pairs: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    pc = pair_counts.c  # the summary of events per first source and target (store.summary)
    for a, b, n, g in conn.execute(
        select(pc.source, pc.target, func.sum(pc.n), func.sum(pc.goldstein))
        .where(pc.level == "country")
        .group_by(pc.source, pc.target)
    ):
        if a == b:
            continue
        acc = pairs[(min(a, b), max(a, b))]
        acc[0] += n
        acc[1] += g or 0.0
    top = sorted(pairs.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    return [{"a": a, "b": b, "n": int(n), "goldstein": round(g, 1)} for (a, b), (n, g) in top]
