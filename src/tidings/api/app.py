"""The HTTP API: the CLI's queries under ``/api/``, plus analyze and ingest of posted articles.

``create_app(db)`` is the factory (``tidings serve`` and tests use it). Lists are paginated
(``limit`` up to 1000, ``offset``; the reply says ``next_offset``); every filter is validated by
the same code as the CLI and a bad one is a 422 naming the parameter. ``POST /api/articles``
writes: it needs the token (``Authorization: Bearer ...``) when one is set, and is refused
outright when the server is public (``guard_writes``) and no token is set.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import BaseModel, model_validator
from sqlalchemy import Connection, Engine, select

from tidings.settings import get_settings
from tidings.store.query import MAX_LIMIT, QueryError


class Page(BaseModel):
    """One page of a list: ``next_offset`` is null on the last page."""

    items: list[dict[str, Any]]
    limit: int
    offset: int
    next_offset: int | None


class ArticleIn(BaseModel):
    """A posted article: plain text or HTML, with what else is known about it."""

    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None

    @model_validator(mode="after")
    def _body(self) -> ArticleIn:
        if not (self.text or self.html):
            raise ValueError("give the article as 'text' or 'html'")
        return self


class Stored(BaseModel):
    id: str
    status: str
    entities: int
    quotes: int
    events: int


def _conn(request: Request) -> Iterator[Connection]:
    """One connection per request, from the app's engine."""
    with request.app.state.engine.connect() as c:
        yield c


Conn = Annotated[Connection, Depends(_conn)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0)]


def _page(items: list[dict[str, Any]], limit: int, offset: int) -> Page:
    return Page(
        items=items,
        limit=limit,
        offset=offset,
        next_offset=offset + limit if len(items) == limit else None,
    )


def is_local(host: str) -> bool:
    return host in {"127.0.0.1", "localhost", "::1"}


def create_app(
    db: str | Path | Engine | None = None,
    *,
    token: str | None = None,
    guard_writes: bool = False,
) -> FastAPI:
    """Build the app on a database (path, URL or Engine).

    ``token`` defaults to ``$TIDINGS_API_TOKEN``; ``guard_writes`` (set by ``tidings serve``
    when bound to anything but localhost) refuses writes unless a token is configured.
    """
    from tidings.store.db import connect

    engine = db if isinstance(db, Engine) else connect(db)
    token = token if token is not None else get_settings().api_token
    app = FastAPI(
        title="tidings",
        version=_version(),
        description="News turned into structured, verifiable event data.",
        # /docs is served by the web UI with vendored Swagger UI (FastAPI's loads a CDN)
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine = engine

    @app.exception_handler(QueryError)
    async def _bad_filter(_request: Request, exc: QueryError) -> JSONResponse:
        field = str(exc).split(":", 1)[0]
        return JSONResponse(
            status_code=422,
            content={"detail": [{"loc": ["query", field], "msg": str(exc), "type": "value_error"}]},
        )

    def check_token(authorization: Annotated[str | None, Header()] = None) -> None:
        if token:
            given = (authorization or "").removeprefix("Bearer ").strip()
            if not hmac.compare_digest(given.encode(), token.encode()):
                raise HTTPException(401, "a valid API token is needed (Authorization: Bearer ...)")
        elif guard_writes:
            raise HTTPException(
                403, "writes are disabled on a public server without TIDINGS_API_TOKEN"
            )

    @app.get("/api/search", response_model=Page, tags=["query"])
    def api_search(
        c: Conn,
        q: Annotated[
            str, Query(min_length=1, description='web-search syntax: "a phrase", or, -word')
        ],
        since: str | None = None,
        until: str | None = None,
        publisher: str | None = Query(None, description="exact publisher name"),
        actor: str | None = Query(None, description="entity id or part of a canonical name"),
        type: str | None = Query(  # noqa: A002
            None, description="PLOVER event type the article reports"
        ),
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> Page:
        """Articles matching the query, best first, with snippets ([matched] words)."""
        from tidings.store.query import ArticleFilter, search

        f = ArticleFilter.parse(
            since=since, until=until, publisher=publisher, actor=actor, type=type
        )
        items = search(c, q, limit=limit, offset=offset, where=f)
        return _page(items, limit, offset)

    @app.get("/api/events", response_model=Page, tags=["query"])
    def api_events(
        c: Conn,
        actor: str | None = Query(None, description="source: country, actor code or name"),
        target: str | None = Query(None, description="target: country, actor code or name"),
        type: str | None = Query(None, description="PLOVER event type"),  # noqa: A002
        cameo: str | None = Query(None, description="CAMEO code prefix"),
        quad: str | None = Query(None, description="quad class name or 1-4"),
        since: str | None = None,
        until: str | None = None,
        place: str | None = None,
        modality: str | None = None,
        article: str | None = Query(None, description="only events reported by this article"),
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page:
        """Coded events, newest first."""
        from tidings.store.query import EventFilter, find_events

        f = EventFilter.parse(
            actor=actor,
            target=target,
            type=type,
            cameo=cameo,
            quad=quad,
            since=since,
            until=until,
            place=place,
            modality=modality,
            article=article,
        )
        return _page(find_events(c, f, limit=limit, offset=offset), limit, offset)

    @app.get("/api/actors", response_model=Page, tags=["query"])
    def api_actors(
        c: Conn,
        country: str | None = None,
        type: str | None = None,  # noqa: A002
        name: str | None = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> Page:
        """Canonical actors, most frequent first."""
        from tidings.store.query import find_actors

        items = find_actors(c, country=country, type=type, name=name, top=limit, offset=offset)
        return _page(items, limit, offset)

    @app.get("/api/actors/{name}", tags=["query"])
    def api_actor(c: Conn, name: str, limit: Limit = 20) -> dict[str, Any]:
        """One actor: roles over time, quotes, events as source and target."""
        from tidings.store.query import actor_profile

        prof = actor_profile(c, name, limit=limit)
        if prof is None:
            raise HTTPException(404, f"no actor matches {name!r}")
        return prof

    @app.get("/api/quotes", response_model=Page, tags=["query"])
    def api_quotes(
        c: Conn,
        speaker: str | None = None,
        q: str | None = Query(None, description="full-text search in the quoted words"),
        since: str | None = None,
        until: str | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page:
        """Quotations, newest first."""
        from tidings.store.query import find_quotes

        items = find_quotes(
            c, speaker=speaker, q=q, since=since, until=until, limit=limit, offset=offset
        )
        return _page(items, limit, offset)

    @app.get("/api/dyad", tags=["query"])
    def api_dyad(
        c: Conn,
        a: str,
        b: str,
        by: Literal["day", "week", "month", "year"] = "week",
        since: str | None = None,
        until: str | None = None,
        directed: bool = False,
    ) -> list[dict[str, Any]]:
        """Events between two actors per period: counts per quad class, Goldstein sum."""
        from tidings.store.query import dyad

        return dyad(c, a, b, by=by, since=since, until=until, directed=directed)

    @app.get("/api/articles/{article_id}", tags=["query"])
    def api_article(c: Conn, article_id: str) -> dict[str, Any]:
        """A stored article with its quotes and events."""
        from tidings.store.query import EventFilter, find_events
        from tidings.store.tables import article_entities, articles, quotes

        row = c.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
        if row is None:
            raise HTTPException(404, f"no article {article_id!r}")
        out = dict(row)
        out["entities"] = [
            dict(r)
            for r in c.execute(
                select(article_entities).where(article_entities.c.article_id == article_id)
            ).mappings()
        ]
        out["quotes"] = [
            dict(r)
            for r in c.execute(
                select(quotes).where(quotes.c.article_id == article_id).order_by(quotes.c.start)
            ).mappings()
        ]
        out["events"] = find_events(c, EventFilter(article=article_id), limit=MAX_LIMIT)
        return out

    @app.get("/api/export/events", tags=["export"], response_class=PlainTextResponse)
    def api_export(
        c: Conn,
        format: Literal["csv", "jsonl", "gdelt"] = "csv",  # noqa: A002
        actor: str | None = None,
        target: str | None = None,
        type: str | None = None,  # noqa: A002
        since: str | None = None,
        until: str | None = None,
    ) -> PlainTextResponse:
        """Events as CSV, JSONL or GDELT 2.0 TSV (Parquet: use the CLI)."""
        import io

        from tidings.store.export import export_events
        from tidings.store.query import EventFilter

        f = EventFilter.parse(actor=actor, target=target, type=type, since=since, until=until)
        buf = io.StringIO()
        export_events(c, format, buf, f)
        media = {"csv": "text/csv", "jsonl": "application/x-ndjson"}.get(format, "text/plain")
        return PlainTextResponse(buf.getvalue(), media_type=media)

    def _read(body: ArticleIn):  # noqa: ANN202 - Article
        from tidings.read import read_record

        art = read_record(
            {"html": body.html, "text": body.text, "title": body.title or "", "url": body.url},
            body.url or "<api>",
        )
        art.format = "html" if body.html else "text"
        if body.published and not art.published:
            art.published = body.published
        return art

    @app.post("/api/analyze", tags=["analyze"])
    def api_analyze(body: ArticleIn) -> dict[str, Any]:
        """Analyze a posted article without storing it: entities, quotes, events."""
        from tidings.ingest import analyze_one

        return analyze_one(_read(body)).model_dump(mode="json")

    @app.post(
        "/api/articles",
        tags=["analyze"],
        response_model=Stored,
        status_code=201,
        dependencies=[Depends(check_token)],
    )
    def api_ingest(body: ArticleIn) -> Stored:
        """Analyze and store a posted article (idempotent; token-guarded)."""
        from tidings.ingest import ingest_one

        art, status = ingest_one(_read(body), engine)
        return Stored(
            id=art.id,
            status=status,
            entities=len(art.entities),
            quotes=len(art.quotes),
            events=len(art.events),
        )

    from tidings.web import mount

    mount(app, engine)  # the web UI's pages, /static and /docs, on the same engine
    return app


def _version() -> str:
    from tidings import __version__

    return __version__


__all__ = ["create_app", "is_local"]
