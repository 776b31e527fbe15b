"""Actors: what a user's actor key matches, which one actor a name means, and actor rankings.

**Actor keys** (``--actor``/``--target``, a dyad's two sides, article search ``actor``, quote
``speaker``) select *every* actor that matches, by one rule, decided in this order:

1. an entity id (``phx-C12``, ``sup-3``, ``x3f...``): that canonical entity;
2. an upper-case code (``RUS``, ``RUSGOV``): the country (ISO alpha-3) or an actor-code prefix;
3. anything else: a part of a name, any case: the canonical entity name or the name as
   reported (by the article, the event or the quotation).

An event's actors in a role are its ``event_actors`` rows (all of them, not only the first).

**One actor** (``tidings actor NAME``, ``/api/actors/{name}``, ``/actors/{key}``) is found by
:func:`resolve_actor`: the entity id, else the exact canonical name (any case), else the most
frequent entity whose canonical name contains it.

The overview's ranking (:func:`top_actors`) counts events by their *first* source and target
(``events.source_entity_id``/``target_entity_id``, GDELT's Actor1/Actor2): it reads a covering
index instead of joining every actor row, which keeps the home page fast on large collections.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, and_, desc, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from tidings.store.queries.filters import check_page
from tidings.store.tables import article_entities, entities, event_actors, events

_CODE = re.compile(r"[A-Z][A-Z0-9]{2,}")
ACTOR_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")


@dataclass(frozen=True)
class ActorKey:
    """A user's actor key, classified once by the rule in this module's docstring."""

    kind: Literal["entity", "code", "name"]
    value: str  # the entity id, the code, or the name part in lower case


def actor_key(conn: Connection, raw: str) -> ActorKey:
    """Classify ``raw``: entity id (looked up), upper-case code, else a name part."""
    v = raw.strip()
    if conn.execute(select(entities.c.id).where(entities.c.id == v)).first():
        return ActorKey("entity", v)
    if _CODE.fullmatch(v):
        return ActorKey("code", v)
    return ActorKey("name", v.lower())


def _code_match(v: str, country: ColumnElement, code: ColumnElement) -> ColumnElement[bool]:
    # codes are [A-Z0-9]: a range on the index is the prefix match
    return or_(country == v, and_(code >= v, code < v + "~"))


def key_condition(
    key: ActorKey,
    entity_id: ColumnElement,
    *,
    name: ColumnElement | None = None,
    country: ColumnElement | None = None,
    actor_code: ColumnElement | None = None,
) -> ColumnElement[bool]:
    """SQL: the actor described by these columns matches ``key``.

    ``name``/``country``/``actor_code`` are the row's own columns where it has them (as
    reported); without them the canonical entity's are used.
    """
    if key.kind == "entity":
        return entity_id == key.value
    if key.kind == "code":
        if country is not None and actor_code is not None:
            return _code_match(key.value, country, actor_code)
        ids = select(entities.c.id).where(
            _code_match(key.value, entities.c.country, entities.c.actor_code)
        )
        return entity_id.in_(ids)
    canonical = entity_id.in_(
        select(entities.c.id).where(
            func.lower(entities.c.name).contains(key.value, autoescape=True)
        )
    )
    if name is None:
        return canonical
    return or_(func.lower(name).contains(key.value, autoescape=True), canonical)


def event_actor_condition(key: ActorKey, ea: Any = event_actors) -> ColumnElement[bool]:  # noqa: ANN401 - a Table or its alias
    """SQL on ``event_actors`` (or an alias): this actor row matches ``key``."""
    return key_condition(
        key, ea.c.entity_id, name=ea.c.name, country=ea.c.country, actor_code=ea.c.actor_code
    )


def events_with_actor(key: ActorKey, role: str) -> ColumnElement[bool]:
    """SQL on ``events``: one of the event's ``role`` actors (source/target) matches ``key``."""
    ea = event_actors.alias()
    # The matching event ids are found once, on the indexes, not per event: OFFSET 0 keeps
    # PostgreSQL from flattening this into a per-event semi-join (it misjudges LIKE '%x%').
    matching = select(ea.c.event_id).where(ea.c.role == role, event_actor_condition(key, ea))
    return events.c.id.in_(matching.offset(0))


def resolve_actor(conn: Connection, key: str) -> dict[str, Any] | None:
    """The one entity a user means: id, exact canonical name (any case), else the entity with
    the most articles among those whose canonical name contains ``key`` (ties: smallest id)."""
    row = conn.execute(select(entities).where(entities.c.id == key)).mappings().first()
    if row:
        return dict(row)
    low = key.strip().lower()
    if not low:
        return None
    for cond in (
        func.lower(entities.c.name) == low,
        func.lower(entities.c.name).contains(low, autoescape=True),
    ):
        found = {r["id"]: dict(r) for r in conn.execute(select(entities).where(cond)).mappings()}
        if found:
            counts = article_counts(conn, list(found))
            return found[min(found, key=lambda eid: (-counts.get(eid, 0), eid))]
    return None


def article_counts(conn: Connection, ids: list[str]) -> dict[str, int]:
    """Entity id -> number of articles naming it (distinct: a country and its demonym are two
    local entities of one actor in one article)."""
    ae = article_entities.c
    return dict(
        conn.execute(
            select(ae.entity_id, func.count(ae.article_id.distinct()))
            .where(ae.entity_id.in_(ids))
            .group_by(ae.entity_id)
        ).all()
    )


def _appearances():  # noqa: ANN202 - a subquery: entity_id, articles, first, last
    ae = article_entities.c
    return (
        select(
            ae.entity_id,
            func.count(ae.article_id.distinct()).label("articles"),
            func.min(ae.published_date).label("first_seen"),
            func.max(ae.published_date).label("last_seen"),
        )
        .group_by(ae.entity_id)
        .subquery()
    )


def find_actors(
    conn: Connection,
    *,
    country: str | None = None,
    type: str | None = None,  # noqa: A002 - the entity type, as users call it
    name: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Canonical actors ranked by the number of articles they appear in."""
    check_page(limit, offset)
    app = _appearances()
    e = entities.c
    stmt = select(
        e.id, e.name, e.type, e.country, e.actor_code, e.role,
        app.c.articles, app.c.first_seen, app.c.last_seen,
    ).join(app, app.c.entity_id == e.id)  # fmt: skip
    if country:
        stmt = stmt.where(e.country == country.strip().upper())
    if type:
        stmt = stmt.where(e.type == type.strip().upper())
    if name:
        stmt = stmt.where(func.lower(e.name).contains(name.strip().lower(), autoescape=True))
    stmt = stmt.order_by(desc(app.c.articles), e.name, e.id)
    return [dict(r) for r in conn.execute(stmt.limit(limit).offset(offset)).mappings()]


def entity_info(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """id -> {id, name, type, country} for a few entities."""
    if not ids:
        return {}
    e = entities.c
    rows = conn.execute(select(e.id, e.name, e.type, e.country).where(e.id.in_(ids)))
    return {r.id: dict(r._mapping) for r in rows}


def top_actors(conn: Connection, limit: int = 10) -> list[dict[str, Any]]:
    """Actors in most events as first source or target; by articles when there are no events."""
    counts: Counter[str] = Counter()
    for col in (events.c.source_entity_id, events.c.target_entity_id):
        for eid, n in conn.execute(select(col, func.count()).where(col.is_not(None)).group_by(col)):
            counts[eid] += n
    unit = "events"
    if not counts:
        unit = "articles"
        ae = article_entities.c
        n = func.count(ae.article_id.distinct()).label("n")
        for eid, k in conn.execute(
            select(ae.entity_id, n)
            .where(ae.type.in_(ACTOR_TYPES))
            .group_by(ae.entity_id)
            .order_by(desc(n))
            .limit(limit)
        ):
            counts[eid] = k
    top = counts.most_common(limit)
    info = entity_info(conn, [eid for eid, _ in top])
    return [{**info[eid], "n": n, "unit": unit} for eid, n in top if eid in info]
