"""Read-only queries behind the web pages (SQLAlchemy Core over :mod:`tidings.store.tables`).

Kept apart from the routes so each page's data can be tested and benchmarked without HTTP.
Aggregations are done in SQL where they shrink the data (group by day), and the last step
(weekly buckets) in Python, so the same code runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    desc,
    func,
    or_,
    select,
)

from tidings import ontology
from tidings.store.tables import (
    article_entities,
    articles,
    entities,
    event_sources,
    events,
    mentions,
    quotes,
)

COUNTRY_RE = re.compile(r"^[A-Z]{3}$")
QUAD_NAMES = ontology.QUAD_NAMES
# Marker characters the search puts around matches in snippets; <mark> after escaping.
HIT_OPEN, HIT_CLOSE = "\x02", "\x03"


def week_start(day: str | None) -> str | None:
    """Monday of the ISO week of ``YYYY-MM-DD``; ``YYYY-MM`` and ``YYYY`` (month- or
    year-precision event dates) count from their first day. ``None`` when unusable."""
    if not day or len(day) not in (4, 7) and len(day) < 10:
        return None
    try:
        d = dt.date.fromisoformat((day + "-01-01")[:10])
    except ValueError:
        return None
    return (d - dt.timedelta(days=d.weekday())).isoformat()


def event_day():  # noqa: ANN201 - SQL expression
    """The day an event is placed on in charts and date filters, as ``YYYY-MM-DD``.

    The coder dates only events whose text gives a date; the rest fall back to the day the
    first article reporting them was published (``events.reported_date``, kept by the writer),
    as GDELT does, so undated events still show on dyad and actor timelines. Month/year
    precision dates count from their first day.
    """
    day = func.coalesce(events.c.date, events.c.reported_date)
    return func.substr(day.concat("-01-01"), 1, 10)


# --------------------------------------------------------------------------- overview


def overview(conn: Connection) -> dict[str, Any]:
    """Counts, latest articles, top actors and dyads for the home page."""
    counts = {
        name: conn.execute(select(func.count()).select_from(tbl)).scalar_one()
        for name, tbl in (
            ("articles", articles),
            ("entities", entities),
            ("events", events),
            ("quotes", quotes),
        )
    }
    latest = [
        dict(r._mapping)
        for r in conn.execute(
            select(
                articles.c.id,
                articles.c.title,
                articles.c.publisher,
                articles.c.published_date,
            )
            .order_by(desc(articles.c.published_date), desc(articles.c.ingested_at))
            .limit(10)
        )
    ]
    return {
        "counts": counts,
        "latest": latest,
        "top_actors": top_actors(conn, limit=10),
        "top_dyads": top_dyads(conn, limit=10),
    }


def top_actors(conn: Connection, limit: int = 10) -> list[dict[str, Any]]:
    """Actors in most events (as source or target); by article count when there are no events."""
    counts: Counter[str] = Counter()
    for col in (events.c.source_entity_id, events.c.target_entity_id):
        for eid, n in conn.execute(select(col, func.count()).where(col.is_not(None)).group_by(col)):
            counts[eid] += n
    unit = "events"
    if not counts:
        unit = "articles"
        actor_types = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
        n = func.count().label("n")
        for eid, k in conn.execute(
            select(article_entities.c.entity_id, n)
            .where(article_entities.c.type.in_(actor_types))
            .group_by(article_entities.c.entity_id)
            .order_by(desc(n))
            .limit(limit)
        ):
            counts[eid] = k
    top = counts.most_common(limit)
    info = _entity_info(conn, [eid for eid, _ in top])
    return [{**info[eid], "n": n, "unit": unit} for eid, n in top if eid in info]


def _entity_info(conn: Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    """id -> {id, name, type, country} for a few entities."""
    if not ids:
        return {}
    return {
        r.id: {"id": r.id, "name": r.name, "type": r.type, "country": r.country}
        for r in conn.execute(
            select(entities.c.id, entities.c.name, entities.c.type, entities.c.country).where(
                entities.c.id.in_(ids)
            )
        )
    }


def top_dyads(conn: Connection, limit: int = 10) -> list[dict[str, Any]]:
    """Country pairs with most events (direction ignored), with their Goldstein sum."""
    pairs: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for a, b, n, g in conn.execute(
        select(
            events.c.source_country,
            events.c.target_country,
            func.count(),
            func.sum(events.c.goldstein),
        )
        .where(events.c.source_country.is_not(None), events.c.target_country.is_not(None))
        .group_by(events.c.source_country, events.c.target_country)
    ):
        if a == b:
            continue
        acc = pairs[(min(a, b), max(a, b))]
        acc[0] += n
        acc[1] += g or 0.0
    top = sorted(pairs.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    return [{"a": a, "b": b, "n": int(n), "goldstein": round(g, 1)} for (a, b), (n, g) in top]


# --------------------------------------------------------------------------- article


@dataclass
class ArticleView:
    """Everything the article page shows."""

    article: dict[str, Any]
    entities: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    events: list[dict[str, Any]] = field(default_factory=list)


def article_view(conn: Connection, article_id: str) -> ArticleView | None:
    """One article with its entities (canonical names joined), mentions, quotes and events."""
    row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
    if row is None:
        return None
    ents = [
        dict(r._mapping)
        for r in conn.execute(
            select(
                article_entities,
                entities.c.name.label("canonical_name"),
                entities.c.role.label("canonical_role"),
                entities.c.country.label("canonical_country"),
            )
            .join(entities, entities.c.id == article_entities.c.entity_id)
            .where(article_entities.c.article_id == article_id)
        )
    ]
    ments = [
        dict(r._mapping)
        for r in conn.execute(
            select(mentions).where(mentions.c.article_id == article_id).order_by(mentions.c.start)
        )
    ]
    qs = [
        dict(r._mapping)
        for r in conn.execute(
            select(quotes).where(quotes.c.article_id == article_id).order_by(quotes.c.start)
        )
    ]
    evs = []
    for r in conn.execute(
        select(events, event_sources.c.evidence.label("here"), event_sources.c.quote_id)
        .join(event_sources, event_sources.c.event_id == events.c.id)
        .where(event_sources.c.article_id == article_id)
    ):
        ev = dict(r._mapping)
        ev["data"] = ev["data"] or {}
        ev["here"] = ev["here"] or []
        evs.append(ev)
    evs.sort(key=lambda e: min((x.get("start", 0) for x in e["here"]), default=0))
    return ArticleView(dict(row._mapping), ents, ments, qs, evs)


# --------------------------------------------------------------------------- search


def publishers(conn: Connection) -> list[str]:
    """Distinct publishers for the search filter."""
    return [
        r[0]
        for r in conn.execute(
            select(articles.c.publisher)
            .where(articles.c.publisher.is_not(None))
            .group_by(articles.c.publisher)
            .order_by(articles.c.publisher)
            .limit(500)
        )
    ]


def event_types(conn: Connection) -> list[str]:
    """Distinct PLOVER event types present in the database."""
    return [r[0] for r in conn.execute(select(events.c.type).group_by(events.c.type))]


def search(
    conn: Connection,
    q: str = "",
    *,
    start: str | None = None,
    end: str | None = None,
    publisher: str | None = None,
    actor: str | None = None,
    event_type: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """The search page: the store's full-text search (best first) with the page's filters, or
    with no words, the filtered articles newest first. Snippets carry hit markers.

    ``actor`` matches an entity id exactly or a canonical name by substring. A bad filter
    raises :class:`tidings.store.query.QueryError`.
    """
    from tidings.store.query import ArticleFilter, find_articles
    from tidings.store.query import search as store_search

    f = ArticleFilter.parse(
        since=start, until=end, publisher=publisher, actor=actor, type=event_type
    )
    if re.search(r"\w", q):
        return store_search(conn, q, where=f, limit=limit, marks=(HIT_OPEN, HIT_CLOSE))
    return find_articles(conn, f, limit=limit)


# --------------------------------------------------------------------------- actor


def resolve_actor(conn: Connection, key: str) -> dict[str, Any] | None:
    """An ``entities`` row by id."""
    row = conn.execute(select(entities).where(entities.c.id == key)).first()
    return dict(row._mapping) if row else None


def actor_view(conn: Connection, entity_id: str) -> dict[str, Any] | None:
    """Roles and countries over time, weekly events as source/target, counterparts, quotes."""
    ent = resolve_actor(conn, entity_id)
    if ent is None:
        return None
    ae = article_entities.c
    roles = [
        {"role": r.role, "first": r.first, "last": r.last, "n": r.n}
        for r in conn.execute(
            select(
                ae.role,
                func.min(ae.published_date).label("first"),
                func.max(ae.published_date).label("last"),
                func.count().label("n"),
            )
            .where(ae.entity_id == entity_id, ae.role.is_not(None))
            .group_by(ae.role)
        )
    ]
    countries = [
        (c, n)
        for c, n in conn.execute(
            select(ae.country, func.count())
            .where(ae.entity_id == entity_id, ae.country.is_not(None))
            .group_by(ae.country)
            .order_by(desc(func.count()))
        )
    ]
    n_articles = conn.execute(
        select(func.count()).select_from(article_entities).where(ae.entity_id == entity_id)
    ).scalar_one()
    timeline: dict[str, dict[str, int]] = defaultdict(lambda: {"source": 0, "target": 0})
    for side, col in (("source", events.c.source_entity_id), ("target", events.c.target_entity_id)):
        day_col = event_day()
        for day, n in conn.execute(
            select(day_col, func.count()).where(col == entity_id).group_by(day_col)
        ):
            wk = week_start(day)
            if wk:
                timeline[wk][side] += n
    merged: Counter[str] = Counter()
    for mine, other in (
        (events.c.source_entity_id, events.c.target_entity_id),
        (events.c.target_entity_id, events.c.source_entity_id),
    ):
        for oid, n in conn.execute(
            select(other, func.count()).where(mine == entity_id, other.is_not(None)).group_by(other)
        ):
            merged[oid] += n
    top = merged.most_common(10)
    info = _entity_info(conn, [oid for oid, _ in top])
    recent_quotes = [
        dict(r._mapping)
        for r in conn.execute(
            select(
                quotes.c.article_id,
                quotes.c.id,
                quotes.c.text,
                quotes.c.cue,
                quotes.c.published_date,
                articles.c.title,
            )
            .join(articles, articles.c.id == quotes.c.article_id)
            .where(quotes.c.speaker_entity_id == entity_id)
            .order_by(desc(quotes.c.published_date))
            .limit(10)
        )
    ]
    latest_ids = (
        select(ae.article_id, ae.published_date)
        .where(ae.entity_id == entity_id)
        .order_by(desc(ae.published_date))
        .limit(10)
        .subquery()
    )
    recent_articles = [
        dict(r._mapping)
        for r in conn.execute(
            select(articles.c.id, articles.c.title, articles.c.published_date)
            .join(latest_ids, latest_ids.c.article_id == articles.c.id)
            .order_by(desc(latest_ids.c.published_date))
        )
    ]
    return {
        "entity": ent,
        "n_articles": n_articles,
        "roles": sorted(roles, key=lambda s: (s["first"] or "", s["role"])),
        "countries": countries,
        "timeline": [{"week": wk, **timeline[wk]} for wk in sorted(timeline)],
        "counterparts": [
            {"id": oid, "name": info[oid]["name"], "n": n} for oid, n in top if oid in info
        ],
        "quotes": recent_quotes,
        "articles": recent_articles,
    }


# --------------------------------------------------------------------------- dyad


def dyad_side(conn: Connection, key: str) -> dict[str, Any] | None:
    """A dyad member: an entity id, else a 3-letter country code; None when neither."""
    ent = resolve_actor(conn, key)
    if ent:
        return {"key": key, "kind": "entity", "label": ent["name"], "entity": ent}
    if COUNTRY_RE.match(key):
        return {"key": key, "kind": "country", "label": key, "entity": None}
    return None


def _side_cond(side: dict[str, Any], role: str):  # noqa: ANN202 - SQL expression
    col = events.c[f"{role}_entity_id" if side["kind"] == "entity" else f"{role}_country"]
    return col == side["key"]


def dyad_condition(a: dict[str, Any], b: dict[str, Any]):  # noqa: ANN201 - SQL expression
    """Events between a and b, both directions."""
    return or_(
        and_(_side_cond(a, "source"), _side_cond(b, "target")),
        and_(_side_cond(b, "source"), _side_cond(a, "target")),
    )


def dyad_series(conn: Connection, a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    """Weekly Goldstein sum and counts per quad class for the dyad (both directions)."""
    weeks: dict[str, dict[str, Any]] = {}
    day_col = event_day()
    for day, quad, n, g in conn.execute(
        select(day_col, events.c.quad_class, func.count(), func.sum(events.c.goldstein))
        .where(dyad_condition(a, b))
        .group_by(day_col, events.c.quad_class)
    ):
        wk = week_start(day)
        if not wk:
            continue
        w = weeks.setdefault(
            wk, {"week": wk, "goldstein": 0.0, "n": 0, "q1": 0, "q2": 0, "q3": 0, "q4": 0}
        )
        w["goldstein"] += g or 0.0
        w["n"] += n
        if quad in (1, 2, 3, 4):
            w[f"q{quad}"] += n
    for w in weeks.values():
        w["goldstein"] = round(w["goldstein"], 2)
    return [weeks[k] for k in sorted(weeks)]


def dyad_events(
    conn: Connection,
    a: dict[str, Any],
    b: dict[str, Any],
    *,
    week: str | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Events of the dyad (one week when ``week`` is a Monday), each with one reporting article."""
    conds = [dyad_condition(a, b)]
    day_col = event_day()
    if week:
        try:
            monday = dt.date.fromisoformat(week)
        except ValueError:
            return []
        conds += [
            day_col >= monday.isoformat(),
            day_col <= (monday + dt.timedelta(days=6)).isoformat(),
        ]
    first_article = (
        select(func.min(event_sources.c.article_id))
        .where(event_sources.c.event_id == events.c.id)
        .scalar_subquery()
    )
    rows = conn.execute(
        select(
            events.c.id,
            events.c.type,
            events.c.cameo,
            events.c.quad_class,
            events.c.goldstein,
            events.c.source_name,
            events.c.source_entity_id,
            events.c.source_country,
            events.c.target_name,
            events.c.target_entity_id,
            events.c.target_country,
            events.c.date,
            day_col.label("day"),
            events.c.location_name,
            events.c.mentions,
            first_article.label("article_id"),
        )
        .where(*conds)
        .order_by(desc(day_col))
        .limit(limit)
    )
    return [dict(r._mapping) for r in rows]


# --------------------------------------------------------------------------- network


def network(
    conn: Connection,
    *,
    start: str | None = None,
    end: str | None = None,
    event_type: str | None = None,
    quad: int | None = None,
    max_edges: int = 200,
) -> dict[str, Any]:
    """Actors as nodes, (source, target, quad class) event counts as edges, busiest first."""
    conds = [events.c.source_entity_id.is_not(None), events.c.target_entity_id.is_not(None)]
    if start:
        conds.append(event_day() >= start)
    if end:
        conds.append(event_day() <= end)
    if event_type:
        conds.append(events.c.type == event_type)
    if quad:
        conds.append(events.c.quad_class == quad)
    n = func.count().label("n")
    rows = conn.execute(
        select(
            events.c.source_entity_id,
            events.c.target_entity_id,
            events.c.quad_class,
            n,
            func.sum(events.c.goldstein).label("g"),
        )
        .where(*conds)
        .group_by(events.c.source_entity_id, events.c.target_entity_id, events.c.quad_class)
        .order_by(desc(n))
        .limit(max_edges)
    ).all()
    ids = {r.source_entity_id for r in rows} | {r.target_entity_id for r in rows}
    nodes = {}
    if ids:
        for r in conn.execute(
            select(entities.c.id, entities.c.name, entities.c.type, entities.c.country).where(
                entities.c.id.in_(ids)
            )
        ):
            nodes[r.id] = {"id": r.id, "label": r.name, "type": r.type, "country": r.country}
    degree: Counter[str] = Counter()
    edges = []
    for r in rows:
        if r.source_entity_id not in nodes or r.target_entity_id not in nodes:
            continue
        degree[r.source_entity_id] += r.n
        degree[r.target_entity_id] += r.n
        edges.append(
            {
                "source": r.source_entity_id,
                "target": r.target_entity_id,
                "quad": r.quad_class or 0,
                "n": r.n,
                "goldstein": round(r.g or 0.0, 1),
            }
        )
    for e in edges:
        e["source_label"] = nodes[e["source"]]["label"]
        e["target_label"] = nodes[e["target"]]["label"]
    for nid, node in nodes.items():
        node["n"] = degree[nid]
    return {"nodes": [v for v in nodes.values() if v["n"]], "edges": edges}
