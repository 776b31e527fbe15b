"""The HTTP API: the CLI's queries under ``/api/``, plus analyze and ingest of posted articles.

``create_app(db)`` is the factory (``tidings serve`` and tests use it): it holds the engine and
the write policy in ``app.state`` and includes the routes of :mod:`tidings.api.routes`, then
mounts the web UI on the same engine. Lists are paginated (``limit`` up to 1000, ``offset``;
the reply says ``next_offset``); every filter is validated by the same code as the CLI
(:mod:`tidings.store.queries`) and a bad one is a 422 naming the parameter.
``POST /api/articles`` writes: it needs the token (``Authorization: Bearer ...``) when one is
set, and is refused outright when the server is public (``guard_writes``) and no token is set.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine

from tidings.settings import get_settings
from tidings.store.queries import QueryError


def is_local(host: str) -> bool:
    return host in {"127.0.0.1", "localhost", "::1"}


async def _bad_filter(_request: Request, exc: QueryError) -> JSONResponse:
    """A filter the query layer rejected: 422 with FastAPI's shape, naming the parameter."""
    field = str(exc).split(":", 1)[0]
    return JSONResponse(
        status_code=422,
        content={"detail": [{"loc": ["query", field], "msg": str(exc), "type": "value_error"}]},
    )


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
    from tidings.api.routes import analyze, export, query
    from tidings.store.db import connect
    from tidings.web import mount

    engine = db if isinstance(db, Engine) else connect(db)
    app = FastAPI(
        title="tidings",
        version=_version(),
        description="News turned into structured, verifiable event data.",
        # /docs is served by the web UI with vendored Swagger UI (FastAPI's loads a CDN)
        docs_url=None,
        redoc_url=None,
    )
    app.state.engine = engine
    app.state.token = token if token is not None else get_settings().api_token
    app.state.guard_writes = guard_writes
    app.add_exception_handler(QueryError, _bad_filter)
    for module in (query, export, analyze):
        app.include_router(module.router)
    mount(app, engine)  # the web UI's pages, /static and /docs, on the same engine
    return app


def _version() -> str:
    from tidings import __version__

    return __version__


__all__ = ["create_app", "is_local"]
