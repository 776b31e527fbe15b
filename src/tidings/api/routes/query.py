"""``GET /api/...``: the CLI's queries over HTTP, each a call into :mod:`tidings.store.queries`."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query

from tidings.api.deps import Conn, Events, Limit, Offset, Page, page
from tidings.store import queries as Q

router = APIRouter(prefix="/api", tags=["query"])


@router.get("/search", response_model=Page)
def api_search(
    c: Conn,
    q: str = Query(min_length=1, description='web-search syntax: "a phrase", or, -word'),
    since: str | None = Query(None, description="published on or after (YYYY[-MM[-DD]])"),
    until: str | None = Query(None, description="published on or before"),
    publisher: str | None = Query(None, description="exact publisher name"),
    actor: str | None = Query(None, description="an actor the article names: code, id or name"),
    type: str | None = Query(None, description="PLOVER event type the article reports"),  # noqa: A002
    limit: Limit = 20,
    offset: Offset = 0,
) -> Page:
    """Articles matching the query, best first, with snippets ([matched] words)."""
    f = Q.ArticleFilter.parse(since=since, until=until, publisher=publisher, actor=actor, type=type)
    return page(Q.search(c, q, f, limit=limit, offset=offset), limit, offset)


@router.get("/events", response_model=Page)
def api_events(c: Conn, f: Events, limit: Limit = 50, offset: Offset = 0) -> Page:
    """Coded events, newest first."""
    return page(Q.find_events(c, f, limit=limit, offset=offset), limit, offset)


@router.get("/actors", response_model=Page)
def api_actors(
    c: Conn,
    country: str | None = None,
    type: str | None = None,  # noqa: A002
    name: str | None = Query(None, description="part of the canonical name"),
    by: Literal["entity", "code"] = Query("entity", description="entity, or grouped by code"),
    limit: Limit = 20,
    offset: Offset = 0,
) -> Page:
    """Canonical actors, most frequent first (``by=code``: each actor code once)."""
    items = Q.find_actors(
        c, country=country, type=type, name=name, limit=limit, offset=offset, by=by
    )
    return page(items, limit, offset)


@router.get("/actors/{name}")
def api_actor(c: Conn, name: str, limit: Limit = 20) -> dict[str, Any]:
    """One actor (id, exact name, else the most frequent partial match): roles over time,
    quotes, events as source and target."""
    prof = Q.actor_profile(c, name, limit=limit)
    if prof is None:
        raise HTTPException(404, f"no actor matches {name!r}")
    return prof


@router.get("/quotes", response_model=Page)
def api_quotes(
    c: Conn,
    speaker: str | None = Query(None, description="name as attributed (part), id or code"),
    q: str | None = Query(None, description="full-text search in the quoted words"),
    since: str | None = None,
    until: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page:
    """Quotations, newest first."""
    items = Q.find_quotes(
        c, speaker=speaker, q=q, since=since, until=until, limit=limit, offset=offset
    )
    return page(items, limit, offset)


@router.get("/dyad")
def api_dyad(
    c: Conn,
    a: str,
    b: str,
    by: Literal[Q.PERIODS] = "week",  # type: ignore[valid-type] - the one list of periods
    since: str | None = None,
    until: str | None = None,
    directed: bool = False,
    level: Literal["actor", "code"] = Query("actor", description="actor keys, or code nodes"),
) -> list[dict[str, Any]]:
    """Events between two actors per period: counts per quad class, Goldstein sum (the same
    rows as ``tidings dyad`` and the web UI's dyad chart)."""
    return Q.dyad(c, a, b, by=by, since=since, until=until, directed=directed, level=level)


@router.get("/articles/{article_id}")
def api_article(c: Conn, article_id: str) -> dict[str, Any]:
    """A stored article with its entities, quotes and events (in text order)."""
    view = Q.article_view(c, article_id)
    if view is None:
        raise HTTPException(404, f"no article {article_id!r}")
    events = [{k: e[k] for k in Q.EVENT_COLUMNS} for e in view.events]
    return {**view.article, "entities": view.entities, "quotes": view.quotes, "events": events}
