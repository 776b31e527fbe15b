"""One actor's profile: the CLI's ``tidings actor``, ``/api/actors/{name}`` and the actor page.

Every part takes a canonical entity id (find it with
:func:`tidings.store.queries.actors.resolve_actor`). As everywhere
(:mod:`tidings.store.queries.actors`), the lists of events as source/target take any of an
event's actors in the role; the timeline and the counterparts, counts, take the first source
and target; periods are those of :mod:`tidings.store.queries.periods`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection, desc, func, select

from tidings.store.queries.actors import (
    ActorKey,
    article_counts,
    code_members,
    entity_info,
    resolve_actor,
)
from tidings.store.queries.codes import is_code_key, node_condition, node_labels
from tidings.store.queries.events import EVENT_COLUMNS, newest_with_actor
from tidings.store.queries.periods import bucket, event_day
from tidings.store.tables import (
    actor_aliases,
    article_entities,
    articles,
    event_actors,
    events,
    quotes,
)

ENTITY_FIELDS = ("id", "name", "type", "country", "actor_code", "role")
ROLES = ("source", "target")


def _event_ids(eid: str, role: str):  # noqa: ANN202 - a Select of event ids
    ea = event_actors.c
    return select(ea.event_id).where(ea.entity_id == eid, ea.role == role)


def actor_roles(conn: Connection, eid: str) -> list[dict[str, Any]]:
    """Roles over time: per role the articles naming the actor in it, first and last day."""
    ae = article_entities.c
    rows = conn.execute(
        select(
            ae.role,
            func.count(ae.article_id.distinct()).label("articles"),
            func.min(ae.published_date).label("first_seen"),
            func.max(ae.published_date).label("last_seen"),
        )
        .where(ae.entity_id == eid, ae.role.is_not(None))
        .group_by(ae.role)
        .order_by(func.min(ae.published_date), ae.role)
    ).mappings()
    return [dict(r) for r in rows]


def actor_quotes(conn: Connection, eid: str, limit: int) -> list[dict[str, Any]]:
    """The actor's quotations, newest first, with the article's title."""
    q = quotes.c
    rows = conn.execute(
        select(q.published_date, q.text, q.cue, q.article_id, q.id, articles.c.title)
        .join(articles, articles.c.id == q.article_id)
        .where(q.speaker_entity_id == eid)
        .order_by(desc(q.published_date), q.article_id, q.start)
        .limit(limit)
    ).mappings()
    return [dict(r) for r in rows]


def actor_events(conn: Connection, eid: str, role: str, limit: int) -> list[dict[str, Any]]:
    """Events with the actor in ``role``, newest first (the columns of ``tidings events``);
    a busy actor's by a bounded walk over the newest events (:mod:`.events`)."""
    rows = newest_with_actor(conn, ActorKey("entity", eid), role, [], limit=limit, offset=0)
    if rows is not None:
        return rows
    stmt = (
        select(*[events.c[c] for c in EVENT_COLUMNS])
        .where(events.c.id.in_(_event_ids(eid, role)))
        .order_by(desc(events.c.date), events.c.id)
        .limit(limit)
    )
    return [dict(r) for r in conn.execute(stmt).mappings()]


def actor_profile(
    conn: Connection, key: str, *, limit: int = 20, with_events: bool = True
) -> dict[str, Any] | None:
    """One actor: the entity, articles naming it, roles over time, quotes and (``with_events``)
    events as source and as target, ``limit`` of each list; ``None`` if nothing matches."""
    ent = resolve_actor(conn, key)
    if ent is None:
        return None
    eid = ent["id"]
    out = {
        "entity": {k: ent[k] for k in ENTITY_FIELDS},
        "articles": article_counts(conn, [eid]).get(eid, 0),
        "aliases": actor_aliases_of(conn, eid),
        "roles": actor_roles(conn, eid),
        "quotes": actor_quotes(conn, eid, limit),
    }
    if with_events:
        for role in ROLES:
            out[f"events_as_{role}"] = actor_events(conn, eid, role, limit)
    return out


def actor_aliases_of(conn: Connection, eid: str) -> list[dict[str, Any]]:
    """The entities merged into this one across articles: their own name, evidence, reason."""
    al = actor_aliases.c
    rows = conn.execute(
        select(al.alias_id, al.name, al.country, al.actor_code, al.role, al.reason)
        .where(al.entity_id == eid)
        .order_by(al.name, al.alias_id)
    ).mappings()
    return [dict(r) for r in rows]


def _first_is(node: str, role: str):  # noqa: ANN202 - a SQL condition
    """The event's first ``role`` actor is this entity, or (a code key) this code node."""
    if is_code_key(node):
        return node_condition(node, role)
    return events.c[f"{role}_entity_id"] == node


def actor_timeline(conn: Connection, eid: str, by: str = "week") -> list[dict[str, Any]]:
    """Per period: events with the actor (an entity id or a code key) as first source and as
    first target."""
    acc: dict[str, Counter[str]] = defaultdict(Counter)
    day = event_day()
    for role in ROLES:
        cond = _first_is(eid, role)
        for value, n in conn.execute(select(day, func.count()).where(cond).group_by(day)):
            period = bucket(value, by)
            if period:
                acc[period][role] += n
    return [{"period": p, **{r: acc[p][r] for r in ROLES}} for p in sorted(acc)]


def actor_counterparts(conn: Connection, eid: str, limit: int = 10) -> list[dict[str, Any]]:
    """Entities on the other side of the actor's events (first source and target), most
    events first."""
    counts: Counter[str] = Counter()
    for mine, other in (("source", "target"), ("target", "source")):
        me, them = events.c[f"{mine}_entity_id"], events.c[f"{other}_entity_id"]
        for oid, n in conn.execute(
            select(them, func.count()).where(me == eid, them.is_not(None)).group_by(them)
        ):
            counts[oid] += n
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    info = entity_info(conn, [oid for oid, _ in top])
    return [{"id": oid, "name": info[oid]["name"], "n": n} for oid, n in top if oid in info]


def code_profile(conn: Connection, key: str, *, limit: int = 10) -> dict[str, Any] | None:
    """A code key's page: its label, the entities inside it (people listed there), its
    counterparts at the code level; ``None`` when no actor has this code key."""
    if not is_code_key(key):
        return None
    inside = code_members(conn, [key], limit=50).get(key, [])
    counts = node_counterparts(conn, key, limit)
    if not inside and not counts:
        return None
    label = node_labels(conn, {key})[key]["label"]
    if label == key and inside:
        label = inside[0]["name"]
    return {
        "code": key,
        "label": label,
        "members": inside,
        "people": [m for m in inside if m["type"] == "PERSON"],
        "counterparts": counts,
    }


def node_counterparts(conn: Connection, key: str, limit: int = 10) -> list[dict[str, Any]]:
    """Nodes of the code level on the other side of a code key's events, most events first."""
    counts: Counter[str] = Counter()
    for mine, other in (("source", "target"), ("target", "source")):
        them = events.c[f"{other}_node"]
        for oid, n in conn.execute(
            select(them, func.count())
            .where(node_condition(key, mine), them.is_not(None))
            .group_by(them)
        ):
            counts[oid] += n
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    info = node_labels(conn, {k for k, _ in top})
    return [{"id": k, "name": info[k]["label"], "n": n} for k, n in top if k in info]


def actor_countries(conn: Connection, eid: str) -> list[tuple[str, int]]:
    """Countries the actor was given in articles, with how many appearances each."""
    ae = article_entities.c
    rows = conn.execute(
        select(ae.country, func.count())
        .where(ae.entity_id == eid, ae.country.is_not(None))
        .group_by(ae.country)
        .order_by(desc(func.count()), ae.country)
    )
    return [(c, n) for c, n in rows]


def actor_articles(conn: Connection, eid: str, limit: int = 10) -> list[dict[str, Any]]:
    """The latest articles naming the actor (newest first)."""
    ae = article_entities.c
    latest = conn.execute(
        select(ae.article_id)
        .where(ae.entity_id == eid)
        .order_by(desc(ae.published_date), ae.article_id)
        .limit(4 * limit)  # an article may name one actor twice (a country and its demonym)
    ).scalars()
    ids = list(dict.fromkeys(latest))[:limit]
    rows = conn.execute(
        select(articles.c.id, articles.c.title, articles.c.published_date)
        .where(articles.c.id.in_(ids))
        .order_by(desc(articles.c.published_date), articles.c.id)
    ).mappings()
    return [dict(r) for r in rows]
