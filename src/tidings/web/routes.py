"""HTML pages and the small ``/ui-data/`` JSON endpoint their scripts fetch.

Every page's data comes from :mod:`tidings.store.queries` (the layer the CLI and the API use),
with the same parameter names (``since``/``until``, ``type``, ``quad``, ``actor``); a bad value
is shown as a message on the page. Pages are server-rendered with Jinja2 (autoescape on for
every template), so article content is always escaped; chart and graph data travel as JSON in
``<script type="application/json">`` blocks (``tojson`` escapes ``<``, ``>``, ``&`` and quotes)
and are read by static scripts, because the Content-Security-Policy forbids inline script.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import Connection

from tidings import ontology
from tidings.store import queries as Q
from tidings.web.highlight import article_spans, tokens

HERE = Path(__file__).resolve().parent
# Marker characters the search puts around matches in snippets; <mark> after escaping.
HIT_OPEN, HIT_CLOSE = "\x02", "\x03"
# Side-panel order: actors first, then places and groups, then dates, numbers and the rest.
ACTOR_TYPES_FIRST = ["PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW"]
#: quad class -> its name (legends) and key (the dyad rows' columns); page scripts read it
#: from a JSON block in base.html, so tidings.ontology stays the one source
QUAD_CLASSES = {q: {"name": n, "key": Q.QUAD_KEYS[q]} for q, n in ontology.QUAD_NAMES.items()}


def make_templates() -> Jinja2Templates:
    """Jinja2 environment with autoescape forced on for every template."""
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True
    templates.env.globals["QUAD_NAMES"] = ontology.QUAD_NAMES
    templates.env.globals["QUAD_CLASSES"] = QUAD_CLASSES
    templates.env.filters["snippet"] = snippet_markup
    return templates


def snippet_markup(snippet: str) -> Any:  # noqa: ANN401 - a Markup string
    """Escape a snippet, then turn the hit markers into ``<mark>`` (the only markup added)."""
    from markupsafe import Markup, escape

    safe = str(escape(snippet))
    return Markup(safe.replace(HIT_OPEN, "<mark>").replace(HIT_CLOSE, "</mark>"))


router = APIRouter(include_in_schema=False)
templates = make_templates()


def _conn(request: Request) -> Iterator[Connection]:
    """One connection per request, from the engine ``mount`` put on the app."""
    with request.app.state.engine.connect() as c:
        yield c


Conn = Annotated[Connection, Depends(_conn)]


def page(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:  # noqa: ANN401
    return templates.TemplateResponse(request, name, ctx, status_code=status)


def not_found(request: Request, what: str) -> HTMLResponse:
    return page(request, "not_found.html", status=404, what=what, title="Not found")


def _form(**raw: str | None) -> dict[str, str | None]:
    """Query-string values as typed (trimmed, at most 200 characters), to refill the form."""
    return {k: (v or "").strip()[:200] or None for k, v in raw.items()}


@router.get("/", response_class=HTMLResponse)
def home(request: Request, conn: Conn) -> HTMLResponse:
    return page(request, "index.html", title="Overview", **Q.overview(conn))


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    conn: Conn,
    q: str = "",
    since: str | None = None,
    until: str | None = None,
    publisher: str | None = None,
    actor: str | None = None,
    type: str | None = None,  # noqa: A002 - public query parameter name
    start: str | None = None,  # deprecated spelling of since (links shared before)
    end: str | None = None,  # deprecated spelling of until
) -> HTMLResponse:
    form = _form(q=q, since=since or start, until=until or end, publisher=publisher,
                 actor=actor, type=type)  # fmt: skip
    results, error = [], None
    try:
        f = Q.ArticleFilter.parse(**{k: v for k, v in form.items() if k != "q"})
        form.update(since=f.since, until=f.until, type=f.type)
        marks = (HIT_OPEN, HIT_CLOSE)
        results = Q.search_or_list(conn, form["q"] or "", f, limit=50, marks=marks)
    except Q.QueryError as exc:  # e.g. an event type typed into the URL
        error = str(exc)
    return page(request, "search.html", title="Search", f=form, results=results, error=error,
                publishers=Q.publishers(conn), types=Q.event_types(conn))  # fmt: skip


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, conn: Conn, article_id: str) -> HTMLResponse:
    view = Q.article_view(conn, article_id)
    if view is None:
        return not_found(request, f"article {article_id}")
    toks = tokens(view.article["text"] or "", article_spans(view))
    rank = {t: i for i, t in enumerate(ACTOR_TYPES_FIRST)}
    view.entities.sort(
        key=lambda e: (rank.get(e.get("type") or "", 99), (e.get("name") or "").lower())
    )
    panel: dict[str, dict[str, Any]] = {}  # one line per canonical entity (the NER may split one)
    for e in view.entities:
        panel.setdefault(e["entity_id"], e)
    return page(
        request,
        "article.html",
        title=view.article.get("title") or "Article",
        a=view.article,
        view=view,
        tokens=toks,
        panel_entities=list(panel.values()),
        evidence=view.article.get("published_evidence"),
    )


@router.get("/actors/{key}", response_class=HTMLResponse)
def actor_page(request: Request, conn: Conn, key: str) -> Response:
    """The actor ``key`` resolves to (id, exact name, alias, else partial); a name redirects to
    the id's page, so every actor has one URL. A code key (``RUSGOV``) that names no entity is
    the page of that node of the code level: the actors (people) inside it."""
    if Q.is_code_key(key) and Q.resolve_actor(conn, key) is None:
        return _code_page(request, conn, key)
    ent = Q.resolve_actor(conn, key)
    if ent is None:
        return not_found(request, f"actor {key}")
    eid = ent["id"]
    if eid != key:
        return RedirectResponse(f"/actors/{quote(eid, safe='')}", status_code=302)
    data = Q.actor_profile(conn, eid, limit=10, with_events=False) or {}
    code = Q.code_key(ent.get("actor_code"))
    return page(
        request,
        "actor.html",
        title=ent["name"],
        **data,
        code=code,
        code_label=Q.code_label(code) if code else None,
        timeline=Q.actor_timeline(conn, eid, by="week"),
        counterparts=Q.actor_counterparts(conn, eid),
        countries=Q.actor_countries(conn, eid),
        recent_articles=Q.actor_articles(conn, eid),
    )


def _code_page(request: Request, conn: Connection, key: str) -> HTMLResponse:
    prof = Q.code_profile(conn, key)
    if prof is None:
        return not_found(request, f"actor code {key}")
    return page(
        request,
        "code.html",
        title=prof["label"],
        **prof,
        timeline=Q.actor_timeline(conn, key, by="week"),
    )


@router.get("/dyads/{a}/{b}", response_class=HTMLResponse)
def dyad_page(
    request: Request, conn: Conn, a: str, b: str, level: str | None = None
) -> HTMLResponse:
    """The dyad's weekly series: the rows of ``tidings dyad A B`` and ``/api/dyad``;
    ``level=code``: the sides are nodes of the code level (the network's links)."""
    try:
        level = Q.parse_dyad_level(level)
    except Q.QueryError:
        return not_found(request, f"dyad {a} / {b} (level {level!r})")
    side_a, side_b = Q.dyad_side(conn, a, level), Q.dyad_side(conn, b, level)
    if side_a is None or side_b is None:
        return not_found(request, f"dyad {a} / {b}")
    series = Q.dyad(conn, a, b, by="week", level=level)
    return page(
        request,
        "dyad.html",
        title=f"{side_a['label']} – {side_b['label']}",
        a=side_a,
        b=side_b,
        level=level,
        series=series,
        latest=Q.dyad_events(conn, a, b, limit=20, level=level),
        chart={"a": a, "b": b, "level": level, "series": series},
    )


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    conn: Conn,
    since: str | None = None,
    until: str | None = None,
    type: str | None = None,  # noqa: A002 - public query parameter name
    quad: str | None = None,
    level: str | None = None,
    start: str | None = None,  # deprecated spelling of since
    end: str | None = None,  # deprecated spelling of until
) -> HTMLResponse:
    """Actors and their events as a graph: one node per actor code by default (``level``)."""
    form: dict[str, Any] = _form(
        since=since or start, until=until or end, type=type, quad=quad, level=level
    )
    graph, error = {"nodes": [], "edges": [], "level": "code"}, None
    try:
        lvl = Q.parse_level(form.pop("level"))
        f = Q.EventFilter.parse(**form)
        form.update(since=f.since, until=f.until, type=f.type, quad=f.quad, level=lvl)
        graph = Q.network(conn, f, level=lvl)
    except Q.QueryError as exc:
        error = str(exc)
    return page(request, "network.html", title="Network", f=form, graph=graph, error=error,
                types=Q.event_types(conn), levels=Q.LEVELS)  # fmt: skip


@router.get("/ui-data/dyads/{a}/{b}/events")
def dyad_week_events(
    conn: Conn, a: str, b: str, week: str | None = None, level: str | None = None
) -> JSONResponse:
    """The events of one week of a dyad (the chart's click)."""
    try:
        level = Q.parse_dyad_level(level)
    except Q.QueryError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=422)
    if Q.dyad_side(conn, a, level) is None or Q.dyad_side(conn, b, level) is None:
        return JSONResponse({"detail": "unknown dyad"}, status_code=404)
    try:
        rows = Q.dyad_events(conn, a, b, week=week, level=level)
    except Q.QueryError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=422)
    return JSONResponse({"week": week, "events": rows})


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """``/docs``: Swagger UI from the vendored copy, started by a static script (CSP-safe)."""
    return templates.TemplateResponse(request, "docs.html", {"title": request.app.title})
