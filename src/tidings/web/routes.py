"""HTML pages and the small ``/ui-data/`` JSON endpoints their scripts fetch.

Server-rendered with Jinja2 (autoescape on for every template), so article content is always
escaped; chart and graph data travel as JSON in ``<script type="application/json">`` blocks
(``tojson`` escapes ``<``, ``>``, ``&`` and quotes) and are read by static scripts, because the
Content-Security-Policy forbids inline script.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine

from tidings.store.query import QueryError
from tidings.web import queries
from tidings.web.highlight import article_spans, tokens

HERE = Path(__file__).resolve().parent
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Side-panel order: actors first, then places and groups, then dates, numbers and the rest.
ACTOR_TYPES_FIRST = ["PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"]


def make_templates() -> Jinja2Templates:
    """Jinja2 environment with autoescape forced on for every template."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True
    templates.env.globals["QUAD_NAMES"] = queries.QUAD_NAMES
    templates.env.filters["snippet"] = snippet_markup
    return templates


def snippet_markup(snippet: str) -> Any:
    """Escape a snippet, then turn the hit markers into ``<mark>`` (the only markup added)."""
    from markupsafe import Markup, escape

    safe = str(escape(snippet))
    safe = safe.replace(queries.HIT_OPEN, "<mark>").replace(queries.HIT_CLOSE, "</mark>")
    return Markup(safe)


def _date(value: str | None) -> str | None:
    """Accept only ``YYYY-MM-DD`` from query strings (anything else is ignored)."""
    return value if value and DATE_RE.match(value) else None


def build_router(engine: Engine) -> APIRouter:
    """Routes bound to ``engine``."""
    router = APIRouter(include_in_schema=False)
    templates = make_templates()

    def page(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, ctx, status_code=status)

    def not_found(request: Request, what: str) -> HTMLResponse:
        return page(request, "not_found.html", status=404, what=what, title="Not found")

    @router.get("/", response_class=HTMLResponse)
    def home(request: Request) -> HTMLResponse:
        with engine.connect() as conn:
            data = queries.overview(conn)
        return page(request, "index.html", title="Overview", **data)

    @router.get("/search", response_class=HTMLResponse)
    def search_page(
        request: Request,
        q: str = "",
        start: str | None = None,
        end: str | None = None,
        publisher: str | None = None,
        actor: str | None = None,
        type: str | None = None,  # noqa: A002 - public query parameter name
    ) -> HTMLResponse:
        filters = {
            "q": q.strip()[:200],
            "start": _date(start),
            "end": _date(end),
            "publisher": (publisher or "").strip() or None,
            "actor": (actor or "").strip()[:200] or None,
            "type": (type or "").strip() or None,
        }
        error = None
        with engine.connect() as conn:
            try:
                results = queries.search(
                    conn,
                    filters["q"],
                    start=filters["start"],
                    end=filters["end"],
                    publisher=filters["publisher"],
                    actor=filters["actor"],
                    event_type=filters["type"],
                )
            except QueryError as exc:  # e.g. an event type typed into the URL
                results, error = [], str(exc)
            pubs = queries.publishers(conn)
            types = queries.event_types(conn)
        return page(
            request,
            "search.html",
            title="Search",
            f=filters,
            results=results,
            error=error,
            publishers=pubs,
            types=types,
        )

    @router.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        with engine.connect() as conn:
            view = queries.article_view(conn, article_id)
        if view is None:
            return not_found(request, f"article {article_id}")
        toks = tokens(view.article["text"] or "", article_spans(view))
        rank = {t: i for i, t in enumerate(ACTOR_TYPES_FIRST)}
        view.entities.sort(
            key=lambda e: (rank.get(e.get("type") or "", 99), (e.get("name") or "").lower())
        )
        seen: set[str] = set()
        panel = []  # one line per canonical entity (the NER may split one actor in two)
        for e in view.entities:
            if e["entity_id"] not in seen:
                seen.add(e["entity_id"])
                panel.append(e)
        return page(
            request,
            "article.html",
            title=view.article.get("title") or "Article",
            a=view.article,
            view=view,
            tokens=toks,
            panel_entities=panel,
            evidence=view.article.get("published_evidence"),
        )

    @router.get("/actors/{entity_id}", response_class=HTMLResponse)
    def actor_page(request: Request, entity_id: str) -> HTMLResponse:
        with engine.connect() as conn:
            data = queries.actor_view(conn, entity_id)
        if data is None:
            return not_found(request, f"actor {entity_id}")
        return page(request, "actor.html", title=data["entity"]["name"], **data)

    @router.get("/dyads/{a}/{b}", response_class=HTMLResponse)
    def dyad_page(request: Request, a: str, b: str) -> HTMLResponse:
        with engine.connect() as conn:
            side_a, side_b = queries.dyad_side(conn, a), queries.dyad_side(conn, b)
            if side_a is None or side_b is None:
                return not_found(request, f"dyad {a} / {b}")
            series = queries.dyad_series(conn, side_a, side_b)
            latest = queries.dyad_events(conn, side_a, side_b, limit=20)
        return page(
            request,
            "dyad.html",
            title=f"{side_a['label']} – {side_b['label']}",
            a=side_a,
            b=side_b,
            series=series,
            latest=latest,
            chart={"a": a, "b": b, "series": series},
        )

    @router.get("/network", response_class=HTMLResponse)
    def network_page(
        request: Request,
        start: str | None = None,
        end: str | None = None,
        type: str | None = None,  # noqa: A002 - public query parameter name
        quad: str | None = None,
    ) -> HTMLResponse:
        # Empty form fields arrive as "": treated as "any", never as an error.
        q = int(quad) if quad and quad.isdigit() and 1 <= int(quad) <= 4 else None
        f = {"start": _date(start), "end": _date(end), "type": (type or None), "quad": q}
        with engine.connect() as conn:
            graph = queries.network(
                conn, start=f["start"], end=f["end"], event_type=f["type"], quad=f["quad"]
            )
            types = queries.event_types(conn)
        return page(request, "network.html", title="Network", f=f, graph=graph, types=types)

    @router.get("/ui-data/dyads/{a}/{b}/events")
    def dyad_week_events(a: str, b: str, week: str | None = None) -> JSONResponse:
        with engine.connect() as conn:
            side_a, side_b = queries.dyad_side(conn, a), queries.dyad_side(conn, b)
            if side_a is None or side_b is None:
                return JSONResponse({"detail": "unknown dyad"}, status_code=404)
            rows = queries.dyad_events(conn, side_a, side_b, week=_date(week))
        return JSONResponse({"week": _date(week), "events": rows})

    return router


def docs_router(app: FastAPI) -> APIRouter:
    """``/docs``: Swagger UI from the vendored copy, started by a static script (CSP-safe)."""
    router = APIRouter(include_in_schema=False)
    templates = make_templates()

    @router.get("/docs", response_class=HTMLResponse)
    def docs(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "docs.html", {"title": app.title})

    return router
