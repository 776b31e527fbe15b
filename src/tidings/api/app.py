"""The HTTP API: the CLI's queries under ``/api/``, plus analyze and ingest of posted articles.

``create_app(db)`` is the factory (``tidings serve`` and tests use it): it holds the engine and
the write policy in ``app.state`` and includes the routes of :mod:`tidings.api.routes`, then
mounts the web UI on the same engine. Lists are paginated (``limit`` up to 1000, ``offset``;
the reply says ``next_offset``); every filter is validated by the same code as the CLI
(:mod:`tidings.store.queries`) and a bad one is a 422 naming the parameter.
``POST /api/articles`` writes: it needs the token (``Authorization: Bearer ...``) when one is
set, and is refused outright when the server is public (``guard_writes``) and no token is set.

Hostile input is bounded before a route sees it (:mod:`tidings.api.guards`: a body over
``max_body`` bytes is a 413 before it is read, also before the token check; with ``hosts``
only those ``Host`` names are answered) and while it is analysed
(:mod:`tidings.api.analysis`: a worker process with a time and a memory limit, killed at
shutdown so the server stops at once).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
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


async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's 422 shape (``loc``, ``msg``, ``type``) without echoing the input back: a
    posted article may be a megabyte of someone's text."""
    keep = ("loc", "msg", "type")
    errors = [{k: e[k] for k in keep if k in e} for e in exc.errors()]
    return JSONResponse(status_code=422, content={"detail": jsonable_encoder(errors)})


def create_app(
    db: str | Path | Engine | None = None,
    *,
    token: str | None = None,
    guard_writes: bool = False,
    hosts: Iterable[str] | None = None,
    max_body: int | None = None,
    analyze_timeout: float | None = None,
    analyze_memory_mb: int | None = None,
) -> FastAPI:
    """Build the app on a database (an existing tidings database's path or URL, or an Engine).

    ``token`` defaults to ``$TIDINGS_API_TOKEN``; ``guard_writes`` (set by ``tidings serve``
    when bound to anything but localhost) refuses writes unless a token is configured.
    ``hosts``: the ``Host`` names answered (``tidings serve`` on localhost passes
    :data:`tidings.api.guards.LOCAL_HOSTS`; ``None``: any). ``max_body`` (bytes),
    ``analyze_timeout`` (s) and ``analyze_memory_mb`` default to the settings.
    """
    from tidings.api.analysis import Analyzer
    from tidings.api.guards import BodyLimit, HostCheck, RejectNul
    from tidings.api.routes import analyze, export, query
    from tidings.store.db import connect
    from tidings.web import mount

    settings = get_settings()
    engine = db if isinstance(db, Engine) else connect(db, create=False)
    analyzer = Analyzer(
        timeout=analyze_timeout if analyze_timeout is not None else settings.analyze_timeout,
        memory_mb=analyze_memory_mb or settings.analyze_memory_mb,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        analyzer.close()

    app = FastAPI(
        title="tidings",
        version=_version(),
        description="News turned into structured, verifiable event data.",
        # /docs is served by the web UI with vendored Swagger UI (FastAPI's loads a CDN)
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.token = token if token is not None else settings.api_token
    app.state.guard_writes = guard_writes
    app.state.analyzer = analyzer
    app.add_exception_handler(QueryError, _bad_filter)
    app.add_exception_handler(RequestValidationError, _invalid)
    for module in (query, export, analyze):
        app.include_router(module.router)
    app.add_middleware(RejectNul)
    app.add_middleware(BodyLimit, limit=max_body or settings.api_max_body_kb * 1024)
    if hosts is not None:
        app.add_middleware(HostCheck, hosts=hosts)  # outside the body limit: checked first
    mount(app, engine)  # the web UI's pages, /static and /docs, on the same engine
    return app


def _version() -> str:
    from tidings import __version__

    return __version__


__all__ = ["create_app", "is_local"]
