"""What the collection holds: ``tidings stats`` and the web's overview page."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from tidings.store.queries.actors import top_actors
from tidings.store.queries.articles import find_articles
from tidings.store.queries.dyads import top_dyads
from tidings.store.queries.filters import QUAD_KEYS
from tidings.store.tables import articles, entities, event_sources, events, quotes, row_counts

COUNTED = {
    "articles": articles,
    "actors": entities,
    "quotes": quotes,
    "events": events,
    "event reports": event_sources,
}


def table_counts(conn: Connection, names: tuple[str, ...] = tuple(COUNTED)) -> dict[str, int]:
    """Rows per table, by the names users see (``actors`` are canonical entities), from the
    ``row_counts`` summary (:mod:`tidings.store.summary`)."""
    rc = row_counts.c
    stored = dict(conn.execute(select(rc.name, rc.n)).all())
    return {name: int(stored.get(COUNTED[name].name, 0)) for name in names}


def collection_stats(conn: Connection) -> dict[str, Any]:
    """Rows per table, the span of publication dates, and events per quad class."""
    out: dict[str, Any] = table_counts(conn)
    first, last = conn.execute(
        select(func.min(articles.c.published_date), func.max(articles.c.published_date))
    ).one()
    out["published"] = f"{first} .. {last}" if first else None
    for quad, n in conn.execute(
        select(events.c.quad_class, func.count()).group_by(events.c.quad_class)
    ):
        out[QUAD_KEYS.get(quad, "no quad class")] = n
    return out


def overview(conn: Connection) -> dict[str, Any]:
    """The home page: counts, latest articles, top actors and top country dyads."""
    return {
        "counts": table_counts(conn, ("articles", "actors", "events", "quotes")),
        "latest": find_articles(conn, limit=10),
        "top_actors": top_actors(conn, limit=10),
        "top_dyads": top_dyads(conn, limit=10),
    }
