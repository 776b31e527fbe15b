"""What every API route shares: the per-request connection, paging, the event filters and the
write guard."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Query, Request
from pydantic import BaseModel
from sqlalchemy import Connection

from tidings.store.queries import MAX_LIMIT, MAX_OFFSET, EventFilter


def _conn(request: Request) -> Iterator[Connection]:
    """One connection per request, from the app's engine."""
    with request.app.state.engine.connect() as c:
        yield c


Conn = Annotated[Connection, Depends(_conn)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


class Page(BaseModel):
    """One page of a list: ``next_offset`` is null on the last page."""

    items: list[dict[str, Any]]
    limit: int
    offset: int
    next_offset: int | None


def page(items: list[dict[str, Any]], limit: int, offset: int) -> Page:
    return Page(
        items=items,
        limit=limit,
        offset=offset,
        next_offset=offset + limit if len(items) == limit else None,
    )


def event_filter(
    actor: str | None = Query(None, description="source: country, actor code, entity id or name"),
    target: str | None = Query(None, description="target: as actor"),
    type: str | None = Query(None, description="PLOVER event type"),  # noqa: A002
    cameo: str | None = Query(None, description="CAMEO code prefix"),
    quad: str | None = Query(None, description="quad class name or 1-4"),
    since: str | None = Query(None, description="event day on or after (YYYY[-MM[-DD]])"),
    until: str | None = Query(None, description="event day on or before"),
    place: str | None = Query(None, description="location name (part) or country code"),
    modality: str | None = None,
    article: str | None = Query(None, description="only events reported by this article"),
) -> EventFilter:
    """The event filters as query parameters (``/api/events``, ``/api/export/events``)."""
    return EventFilter.parse(
        actor=actor, target=target, type=type, cameo=cameo, quad=quad, since=since,
        until=until, place=place, modality=modality, article=article,
    )  # fmt: skip


Events = Annotated[EventFilter, Depends(event_filter)]


def check_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Writes need the app's token when one is set; a public server without one refuses them."""
    token, guard_writes = request.app.state.token, request.app.state.guard_writes
    if token:
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "a valid API token is needed (Authorization: Bearer ...)")
    elif guard_writes:
        raise HTTPException(403, "writes are disabled on a public server without TIDINGS_API_TOKEN")
