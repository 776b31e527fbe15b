"""Actors: what a user's actor key matches, which one actor a name means, and actor rankings.

**Actor keys** (``--actor``/``--target``, a dyad's two sides, article search ``actor``, quote
``speaker``) select *every* actor that matches, by one rule, decided in this order:

1. an entity id (``phx-C12``, ``sup-3``, ``x3f...``): that canonical entity;
2. an ISO 3166 alpha-3 country code (``RUS``): actors of that country;
3. another upper-case code (``RUSGOV``, ``IGO``): actors whose actor code starts with it;
4. anything else: a part of a name, any case: the canonical entity name or the name as
   reported (by the article, the event or the quotation).

**Which of an event's actors count.** All of an event's actors are ``event_actors`` rows; the
first source and first target are also on the ``events`` row (GDELT's Actor1 and Actor2).

- Filters and lists (``events --actor/--target``, ``/api/events``, article and quote filters,
  an actor's lists of events) match *any* of the event's actors in the role
  (:func:`events_with_actor`).
- Counts over time and rankings (the dyad series of the CLI, the API and the web UI and its
  week lists, the actor page's timeline and counterparts, the network, the overview) count
  each event once, under its *first* source and first target (:func:`first_actor`): they are
  read from covering indexes on ``events``, which keeps them fast on large collections (a
  join over every actor pair is many times slower). An event with several actors in a role
  can therefore be listed by ``events --actor A --target B`` yet not counted in the A-B dyad.

**One actor** (``tidings actor NAME``, ``/api/actors/{name}``, ``/actors/{key}``) is found by
:func:`resolve_actor`: the entity id (or the id of an alias merged into it), else the exact
canonical name (any case), else an alias's exact name, else the most frequent entity whose
canonical name contains it.

**Rankings** count at the entity level or at the code level (``by="code"``: actors grouped by
their code key, :mod:`tidings.store.queries.codes`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, and_, case, desc, exists, func, or_, select, union_all
from sqlalchemy.sql.elements import ColumnElement

from tidings.kb import split_code
from tidings.store.queries.codes import code_key, node_labels
from tidings.store.queries.filters import check_page
from tidings.store.tables import (
    actor_aliases,
    actor_counts,
    actor_names,
    article_entities,
    entities,
    entity_counts,
    event_actors,
    events,
)

_CODE = re.compile(r"[A-Z][A-Z0-9]{2,}")
ACTOR_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")


@dataclass(frozen=True)
class ActorKey:
    """A user's actor key, classified once by the rule in this module's docstring."""

    kind: Literal["entity", "country", "code", "name"]
    value: str  # the entity id, the country, the code, or the name part in lower case


def actor_key(conn: Connection, raw: str) -> ActorKey:
    """Classify ``raw``: entity id (looked up), country code, other code, else a name part."""
    v = raw.strip()
    if conn.execute(select(entities.c.id).where(entities.c.id == v)).first():
        return ActorKey("entity", v)
    if _CODE.fullmatch(v):
        return ActorKey("country" if split_code(v) == (v, None) else "code", v)
    return ActorKey("name", v.lower())


def _prefix(code: ColumnElement, v: str) -> ColumnElement[bool]:
    return and_(code >= v, code < v + "~")  # codes are [A-Z0-9]: a range on the index


def _canonical_ids(key: ActorKey):  # noqa: ANN202 - a Select of entity ids
    """Canonical entities matching a country, code or name key."""
    e = entities.c
    if key.kind == "country":
        return select(e.id).where(e.country == key.value)
    if key.kind == "code":
        return select(e.id).where(_prefix(e.actor_code, key.value))
    return select(e.id).where(func.lower(e.name).contains(key.value, autoescape=True))


def canonical_ids(conn: Connection, key: ActorKey) -> list[str]:
    """The canonical entities a country, code or name key matches, as a list: a literal list
    lets the planner use an index per alternative of an ``OR`` (a sub-select in an ``OR``
    made PostgreSQL scan every quotation)."""
    return list(conn.execute(_canonical_ids(key)).scalars())


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
    if key.kind == "country" and country is not None:
        return country == key.value
    if key.kind == "code" and actor_code is not None:
        return _prefix(actor_code, key.value)
    canonical = entity_id.in_(_canonical_ids(key))
    if key.kind == "name" and name is not None:
        return or_(func.lower(name).contains(key.value, autoescape=True), canonical)
    return canonical


def event_actor_condition(key: ActorKey, ea: Any = event_actors) -> ColumnElement[bool]:  # noqa: ANN401 - a Table or its alias
    """SQL on ``event_actors`` (or an alias): this actor row matches ``key``.

    A name key is matched against the distinct reported names (``actor_names``, a summary of
    ``event_actors.name``), then the rows are found by name on an index: the same rows as a
    ``LIKE`` over every event actor, without reading them all."""
    if key.kind == "name":
        an = actor_names.c
        names = select(an.name).where(func.lower(an.name).contains(key.value, autoescape=True))
        return or_(ea.c.name.in_(names), ea.c.entity_id.in_(_canonical_ids(key)))
    return key_condition(
        key, ea.c.entity_id, name=ea.c.name, country=ea.c.country, actor_code=ea.c.actor_code
    )


def _role_event_ids(key: ActorKey, role: str):  # noqa: ANN202 - a Select of event ids
    ea = event_actors.alias()
    if key.kind == "name":  # two index lookups (reported names, canonical entities), joined
        an = actor_names.c
        names = select(an.name).where(func.lower(an.name).contains(key.value, autoescape=True))
        return union_all(
            select(ea.c.event_id).where(ea.c.role == role, ea.c.name.in_(names)),
            select(ea.c.event_id).where(ea.c.role == role, ea.c.entity_id.in_(_canonical_ids(key))),
        )
    # not fenced: with one side, PostgreSQL may walk the events newest first and probe the
    # actor index per event, stopping at the page's end (--quad --actor at 1M events: 0.1 s
    # against 1.8 s for the ids collected first); name keys no longer need a LIKE here
    return select(ea.c.event_id).where(ea.c.role == role, event_actor_condition(key, ea))


def events_with_actor(*sides: tuple[ActorKey, str], fence: bool = False) -> ColumnElement[bool]:
    """SQL on ``events``: for each (key, role), any of the event's ``role`` actors
    (source/target) matches ``key``; several sides are intersected on ``event_actors``
    before any event row is read. ``fence``: one side's ids are collected first too (a rare
    actor: PostgreSQL would otherwise walk the newest events probing for it)."""
    ids = [_role_event_ids(key, role) for key, role in sides]
    if len(ids) == 1:
        return events.c.id.in_(ids[0].offset(0) if fence else ids[0])
    first = ids[0].subquery()
    # OFFSET 0 fences the intersection: found once on the indexes, then the events read
    both = select(first.c.event_id).where(first.c.event_id.in_(ids[1])).offset(0)
    return events.c.id.in_(both)


def actor_exists(key: ActorKey, role: str) -> ColumnElement[bool]:
    """SQL on ``events``, the same as :func:`events_with_actor` for one side, written as a
    probe per event (correlated ``EXISTS`` on the covering indexes of ``event_actors``): what
    a walk over the newest events checks (:func:`tidings.store.queries.events.find_events`)."""
    ea = event_actors.alias()
    return exists().where(ea.c.event_id == events.c.id, ea.c.role == role,
                          event_actor_condition(key, ea))  # fmt: skip


def side_rows(conn: Connection, key: ActorKey, role: str, cap: int) -> int:
    """How many ``event_actors`` rows match ``key`` in ``role``, counted up to ``cap`` only
    (on the covering indexes): whether an actor is common enough to walk the newest events."""
    ids = _role_event_ids(key, role).limit(cap).subquery()
    return int(conn.execute(select(func.count()).select_from(ids)).scalar_one())


def first_actor(key: ActorKey, role: str) -> ColumnElement[bool]:
    """SQL on ``events``: the event's first ``role`` actor matches ``key``.

    Entity and country keys compare the ``events`` columns the covering indexes hold; codes
    and names first narrow to the events with such an actor in the role (``event_actors``
    indexes), then check the first one.
    """
    e = events.c
    if key.kind == "entity":
        return e[f"{role}_entity_id"] == key.value
    if key.kind == "country":
        return e[f"{role}_country"] == key.value
    cond = key_condition(
        key, e[f"{role}_entity_id"], name=e[f"{role}_name"], actor_code=e[f"{role}_code"]
    )
    return and_(events_with_actor((key, role)), cond)


def resolve_actor(conn: Connection, key: str) -> dict[str, Any] | None:
    """The one entity a user means: id (or an alias's id), exact canonical name (any case), an
    alias's exact name, else the entity with the most articles among those whose canonical
    name contains ``key`` (ties: smallest id)."""
    row = conn.execute(select(entities).where(entities.c.id == key)).mappings().first()
    if row:
        return dict(row)
    low = key.strip().lower()
    if not low:
        return None
    al = actor_aliases.c
    alias_of = select(al.entity_id)
    for cond in (
        entities.c.id.in_(alias_of.where(al.alias_id == key.strip())),
        func.lower(entities.c.name) == low,
        entities.c.id.in_(alias_of.where(func.lower(al.name) == low)),
        func.lower(entities.c.name).contains(low, autoescape=True),
    ):
        found = {r["id"]: dict(r) for r in conn.execute(select(entities).where(cond)).mappings()}
        if found:
            counts = article_counts(conn, list(found))
            return found[min(found, key=lambda eid: (-counts.get(eid, 0), eid))]
    return None


def article_counts(conn: Connection, ids: list[str]) -> dict[str, int]:
    """Entity id -> number of articles naming it (distinct: a country and its demonym are two
    local entities of one actor in one article), from the ``entity_counts`` summary."""
    ec = entity_counts.c
    return dict(conn.execute(select(ec.entity_id, ec.articles).where(ec.entity_id.in_(ids))).all())


def find_actors(
    conn: Connection,
    *,
    country: str | None = None,
    type: str | None = None,  # noqa: A002 - the entity type, as users call it
    name: str | None = None,
    limit: int = 20,
    offset: int = 0,
    by: str = "entity",
) -> list[dict[str, Any]]:
    """Canonical actors ranked by the number of articles they appear in; ``by="code"``: their
    code keys (each once), ranked by the articles naming any actor inside."""
    check_page(limit, offset)
    if by == "code":
        return find_codes(conn, country=country, name=name, limit=limit, offset=offset)
    app = entity_counts  # articles, first and last day per entity (tidings.store.summary)
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


def _code_map(conn: Connection, country: str | None = None) -> dict[str, str]:
    """Actor codes of canonical entities -> their code key (those that have one)."""
    codes = conn.execute(select(entities.c.actor_code).distinct()).scalars()
    out = {c: k for c in codes if (k := code_key(c))}
    if country:
        out = {c: k for c, k in out.items() if split_code(k)[0] == country.strip().upper()}
    return out


def code_members(
    conn: Connection, keys: list[str], limit: int = 5
) -> dict[str, list[dict[str, Any]]]:
    """Code key -> the entities inside it (canonical code), most articles first."""
    mapping = {c: k for c, k in _code_map(conn).items() if k in set(keys)}
    if not mapping:
        return {}
    e, ae = entities.c, article_entities.c
    n = func.count(ae.article_id.distinct()).label("articles")
    rows = conn.execute(
        select(e.id, e.name, e.type, e.actor_code, n)
        .join(article_entities, ae.entity_id == e.id)
        .where(e.actor_code.in_(list(mapping)))
        .group_by(e.id, e.name, e.type, e.actor_code)
    ).mappings()
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(mapping[r["actor_code"]], []).append(dict(r))
    return {
        k: sorted(v, key=lambda m: (-m["articles"], m["name"], m["id"]))[:limit]
        for k, v in out.items()
    }


def find_codes(
    conn: Connection,
    *,
    country: str | None = None,
    name: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Code keys ranked by the articles naming an actor inside them (distinct articles), each
    with its label, the number of entities inside and the most frequent of them."""
    check_page(limit, offset)
    mapping = _code_map(conn, country)
    if not mapping:
        return []
    e, ae = entities.c, article_entities.c
    key = case(mapping, value=e.actor_code).label("code")
    articles = func.count(ae.article_id.distinct()).label("articles")
    stmt = (
        select(key, articles, func.min(ae.published_date).label("first_seen"),
               func.max(ae.published_date).label("last_seen"),
               func.count(e.id.distinct()).label("entities"))
        .join(article_entities, ae.entity_id == e.id)
        .where(e.actor_code.in_(list(mapping)))
        .group_by(key)
        .order_by(desc(articles), key)
    )  # fmt: skip
    rows = [dict(r) for r in conn.execute(stmt).mappings()]
    members = code_members(conn, [r["code"] for r in rows])
    out = []
    for r in rows:
        inside = members.get(r["code"], [])
        label = node_labels(conn, {r["code"]})[r["code"]]["label"]
        if label == r["code"] and inside:  # a code without a country: its best-known actor
            label = inside[0]["name"]
        row = {"code": r["code"], "name": label, "country": split_code(r["code"])[0], **r}
        row["inside"] = ", ".join(m["name"] for m in inside[:3])
        out.append(row)
    if name:
        low = name.strip().lower()
        out = [r for r in out if low in r["name"].lower() or low in r["inside"].lower()]
    return out[offset : offset + limit]


def entity_info(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """id -> {id, name, type, country} for a few entities."""
    if not ids:
        return {}
    e = entities.c
    rows = conn.execute(select(e.id, e.name, e.type, e.country).where(e.id.in_(ids)))
    return {r.id: dict(r._mapping) for r in rows}


def top_actors(conn: Connection, limit: int = 10, level: str = "code") -> list[dict[str, Any]]:
    """Actors in most events as first source or target (at ``level``: code keys and actors
    without one, or entities); by articles when there are no events (entities)."""
    ac = actor_counts.c
    n_events = func.sum(ac.n)
    top = conn.execute(
        select(ac.node, n_events)
        .where(ac.level == ("code" if level == "code" else "entity"))
        .group_by(ac.node)
        .order_by(desc(n_events), ac.node)
        .limit(limit)
    ).all()  # the summary of events' first actors (tidings.store.summary)
    if top:
        info = node_labels(conn, {k for k, _ in top})
        return [{**info[k], "name": info[k]["label"], "n": int(n), "unit": "events"}
                for k, n in top if k in info]  # fmt: skip
    counts: Counter[str] = Counter()
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
    by_articles = counts.most_common(limit)
    info = entity_info(conn, [eid for eid, _ in by_articles])
    return [{**info[eid], "n": k, "unit": "articles"} for eid, k in by_articles if eid in info]
