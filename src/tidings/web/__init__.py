"""The web UI: server-rendered pages over the tidings database, mounted on the API's app.

``mount(app, engine)`` adds the HTML pages (``/``, ``/search``, ``/articles/{id}``,
``/actors/{id}``, ``/dyads/{a}/{b}``, ``/network``), ``/ui-data/`` JSON for page scripts,
``/static/`` assets (vendored Chart.js, Cytoscape.js and Swagger UI: no CDN), the API docs page
``/docs`` (Swagger UI on ``/openapi.json``, offline) and a strict Content-Security-Policy on
every response, because article text is scraped and must be treated as hostile.
"""

from __future__ import annotations

import time
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine

STATIC = Path(__file__).resolve().parent / "static"

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """ASGI middleware: CSP and related headers on every response (pure ASGI: cheap).

    Also reports the server time up to the response head as ``Server-Timing: app;dur=ms``, so
    page speed can be read in the browser's dev tools and by ``benchmarks/web.py``.
    """

    def __init__(self, app, csp: str = CSP) -> None:  # noqa: ANN001 - ASGI app
        self.app = app
        self.csp = csp.encode()

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001 - ASGI
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()

        async def send_with_headers(message) -> None:  # noqa: ANN001
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", self.csp))
                headers += [h for h in SECURITY_HEADERS if h[0] not in names]
                if b"server-timing" not in names:
                    ms = (time.perf_counter() - t0) * 1000
                    headers.append((b"server-timing", f"app;dur={ms:.1f}".encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def mount(app: FastAPI, engine: Engine) -> None:
    """Add the web UI's pages, static files, API docs page and security headers to ``app``.

    Creates nothing in the database: search and the pages' indexes are the store's schema.
    Build ``app`` with ``docs_url=None, redoc_url=None``: FastAPI's own docs pages load their
    assets from a CDN, which fails offline and under this CSP.
    """
    from tidings.web.routes import router

    app.state.engine = engine
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="tidings-static")
    app.add_middleware(SecurityHeaders)


def create_app(db: str | Path | None = None) -> FastAPI:
    """A stand-alone app with only the web UI (tests, benchmarks; ``tidings serve`` uses the API's)
    on an existing tidings database (never created or migrated here)."""
    from tidings.store.db import connect

    app = FastAPI(title="tidings web", docs_url=None, redoc_url=None)
    mount(app, connect(db, create=False))
    return app


__all__ = ["CSP", "create_app", "mount"]
