"""The queries analysts run on the collection; one implementation for the CLI and the HTTP API.

Every function takes a SQLAlchemy ``Connection`` and returns plain dicts (JSON-ready). Filters
are validated here (:class:`QueryError` carries a message meant for the user) so the CLI and
the API reject the same bad input with the same words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, get_args

from sqlalchemy import (
    Connection,
    and_,
    column,
    desc,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.sql.elements import ColumnElement

from tidings import ontology
from tidings.schema import Modality
from tidings.store.fts import fts5_query
from tidings.store.tables import (
    article_entities,
    articles,
    entities,
    event_actors,
    event_sources,
    events,
    quotes,
)

MAX_LIMIT = 1000
QUADS = {name.replace(" ", "-"): quad for quad, name in ontology.QUAD_NAMES.items()}
QUAD_NAMES = {v: k for k, v in QUADS.items()}
MODALITIES: tuple[str, ...] = get_args(Modality)
PERIODS = ("day", "week", "month", "year")
_CODE = re.compile(r"[A-Z][A-Z0-9]{2,}")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class QueryError(ValueError):
    """A filter value the user must fix; the message names the field and what is allowed."""


def plover_types() -> dict[str, str]:
    """PLOVER event type -> quad category (from :mod:`tidings.ontology`)."""
    return {name: row["quad_category"] for name, row in ontology.plover_types().items()}


def parse_date(value: str | None, field: str, *, end: bool = False) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` -> an ISO day (the period's last day if ``end``)."""
    if value is None or value == "":
        return None
    value = value.strip()
    if not _DATE.fullmatch(value):
        raise QueryError(f"{field}: {value!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    parts = [int(p) for p in value.split("-")]
    try:
        if len(parts) == 3:
            return date(*parts).isoformat()
        if len(parts) == 2:
            date(parts[0], parts[1], 1)
            return f"{value}-31" if end else f"{value}-01"
        return f"{value}-12-31" if end else f"{value}-01-01"
    except ValueError as exc:
        raise QueryError(f"{field}: {value!r} is not a valid date ({exc})") from None


def parse_type(value: str | None) -> str | None:
    if not value:
        return None
    t = value.strip().upper()
    if t not in plover_types():
        raise QueryError(
            f"type: {value!r} is not a PLOVER event type (one of {', '.join(plover_types())})"
        )
    return t


def parse_quad(value: str | int | None) -> int | None:
    if value is None or value == "":
        return None
    v = str(value).strip().lower().replace("_", "-").replace(" ", "-")
    if v in QUADS:
        return QUADS[v]
    if v in {"1", "2", "3", "4"}:
        return int(v)
    raise QueryError(f"quad: {value!r} is not a quad class (1-4 or {', '.join(QUADS)})")


def parse_cameo(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip()
    if not re.fullmatch(r"\d{1,4}", v):
        raise QueryError(f"cameo: {value!r} is not a CAMEO code prefix (1 to 4 digits, e.g. 13)")
    return v


def parse_modality(value: str | None) -> str | None:
    if not value:
        return None
    if value not in MODALITIES:
        raise QueryError(f"modality: {value!r} is not one of {', '.join(MODALITIES)}")
    return value


def parse_period(value: str) -> str:
    if value not in PERIODS:
        raise QueryError(f"by: {value!r} is not one of {', '.join(PERIODS)}")
    return value


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit: {limit} is out of range (1 to {MAX_LIMIT})")
    if offset < 0:
        raise QueryError(f"offset: {offset} must not be negative")


@dataclass
class EventFilter:
    """Filters of ``tidings events`` / ``GET /api/events``; build with :meth:`parse`."""

    actor: str | None = None
    target: str | None = None
    type: str | None = None
    cameo: str | None = None
    quad: int | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    modality: str | None = None
    article: str | None = None

    @classmethod
    def parse(cls, **raw: Any) -> EventFilter:  # noqa: ANN401
        """Validate raw strings (CLI options, query parameters) into a filter."""
        return cls(
            actor=(raw.get("actor") or None),
            target=(raw.get("target") or None),
            type=parse_type(raw.get("type")),
            cameo=parse_cameo(raw.get("cameo")),
            quad=parse_quad(raw.get("quad")),
            since=parse_date(raw.get("since"), "since"),
            until=parse_date(raw.get("until"), "until", end=True),
            place=(raw.get("place") or None),
            modality=parse_modality(raw.get("modality")),
            article=(raw.get("article") or None),
        )


def actor_match(value: str, role: str) -> ColumnElement[bool]:
    """An event has a ``role`` actor matching ``value``.

    ``RUS``/``RUSGOV`` (upper-case code): country code or actor-code prefix. Anything else: a
    case-insensitive part of the actor's name as reported, or of its canonical entity name.
    """
    ea = event_actors.alias()
    v = value.strip()
    if _CODE.fullmatch(v):  # codes are [A-Z0-9]: a range on the index is the prefix match
        cond = or_(ea.c.country == v, and_(ea.c.actor_code >= v, ea.c.actor_code < v + "~"))
    else:
        low = v.lower()
        cond = or_(
            func.lower(ea.c.name).contains(low, autoescape=True),
            ea.c.entity_id.in_(
                select(entities.c.id).where(
                    func.lower(entities.c.name).contains(low, autoescape=True)
                )
            ),
        )
    # The matching event ids are found once, on the indexes, not per event: OFFSET 0 keeps
    # PostgreSQL from flattening this into a per-event semi-join (it misjudges LIKE '%x%').
    return events.c.id.in_(select(ea.c.event_id).where(ea.c.role == role, cond).offset(0))


def _event_where(f: EventFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if f.actor:
        where.append(actor_match(f.actor, "source"))
    if f.target:
        where.append(actor_match(f.target, "target"))
    if f.type:
        where.append(events.c.type == f.type)
    if f.cameo:
        where.append(events.c.cameo.startswith(f.cameo))
    if f.quad:
        where.append(events.c.quad_class == f.quad)
    if f.since:
        where.append(events.c.date >= f.since)
    if f.until:
        where.append(events.c.date <= f.until)
    if f.place:
        p = f.place.strip()
        where.append(
            or_(
                events.c.location_country == p,
                func.lower(events.c.location_name).contains(p.lower(), autoescape=True),
            )
        )
    if f.modality:
        where.append(events.c.modality == f.modality)
    if f.article:
        where.append(
            exists().where(
                event_sources.c.event_id == events.c.id, event_sources.c.article_id == f.article
            )
        )
    return where


EVENT_COLUMNS = [
    "id",
    "date",
    "type",
    "mode",
    "cameo",
    "quad_class",
    "goldstein",
    "source_name",
    "source_country",
    "source_code",
    "target_name",
    "target_country",
    "target_code",
    "location_name",
    "location_country",
    "lat",
    "lon",
    "modality",
    "confidence",
    "mentions",
]


def events_query(f: EventFilter):  # noqa: ANN201 - a Select
    """The SELECT behind ``events`` and ``export events`` (newest first, stable order)."""
    cols = [events.c[c] for c in EVENT_COLUMNS]
    return (
        select(*cols).where(and_(True, *_event_where(f))).order_by(desc(events.c.date), events.c.id)
    )


def find_events(
    conn: Connection, f: EventFilter, *, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    check_page(limit, offset)
    rows = conn.execute(events_query(f).limit(limit).offset(offset)).mappings().all()
    return [dict(r) for r in rows]


@dataclass
class ArticleFilter:
    """Filters of article search (CLI, ``GET /api/search``, the web's search page)."""

    since: str | None = None
    until: str | None = None
    publisher: str | None = None
    actor: str | None = None
    type: str | None = None

    @classmethod
    def parse(cls, **raw: Any) -> ArticleFilter:  # noqa: ANN401
        """Validate raw strings (CLI options, query parameters) into a filter."""
        return cls(
            since=parse_date(raw.get("since"), "since"),
            until=parse_date(raw.get("until"), "until", end=True),
            publisher=(raw.get("publisher") or "").strip() or None,
            actor=(raw.get("actor") or "").strip() or None,
            type=parse_type(raw.get("type")),
        )

    def where(self) -> list[ColumnElement[bool]]:
        """Conditions on ``articles``: dates, publisher, an actor it names, an event it reports.

        ``actor`` is an entity id, or a part of a canonical name (any case).
        """
        out: list[ColumnElement[bool]] = []
        if self.since:
            out.append(articles.c.published_date >= self.since)
        if self.until:
            out.append(articles.c.published_date <= self.until)
        if self.publisher:
            out.append(articles.c.publisher == self.publisher)
        if self.actor:
            low = self.actor.lower()
            ids = select(entities.c.id).where(
                or_(
                    entities.c.id == self.actor,
                    func.lower(entities.c.name).contains(low, autoescape=True),
                )
            )
            out.append(
                articles.c.id.in_(
                    select(article_entities.c.article_id).where(
                        article_entities.c.entity_id.in_(ids)
                    )
                )
            )
        if self.type:
            out.append(
                articles.c.id.in_(
                    select(event_sources.c.article_id)
                    .join(events, events.c.id == event_sources.c.event_id)
                    .where(events.c.type == self.type)
                )
            )
        return out


_ARTICLE_COLUMNS = ["id", "title", "published", "published_date", "publisher", "source", "url"]


def search(
    conn: Connection,
    q: str,
    *,
    limit: int = 20,
    offset: int = 0,
    since: str | None = None,
    until: str | None = None,
    where: ArticleFilter | None = None,
    marks: tuple[str, str] = ("[", "]"),
) -> list[dict[str, Any]]:
    """Articles matching a web-search style query, best first, with a snippet.

    SQLite: FTS5 ``articles_fts`` ranked by bm25 (title weighs 4x); PostgreSQL: the ``tsv``
    column ranked by ``ts_rank_cd``. ``where`` adds filters (its dates win over ``since``/
    ``until``); ``marks`` are put around the matched words in the snippet.
    """
    check_page(limit, offset)
    f = where or ArticleFilter.parse(since=since, until=until)
    if not q or not q.strip():
        raise QueryError("q: the search text is empty")
    cols = [articles.c[c] for c in _ARTICLE_COLUMNS]
    if conn.dialect.name == "sqlite":
        fq = fts5_query(q)
        if not fq:
            return []
        fts = literal_column("articles_fts")
        fts_table = table("articles_fts", column("rowid"))
        rank = func.bm25(fts, 4.0, 1.0)
        stmt = (
            select(
                *cols,
                func.snippet(fts, 1, marks[0], marks[1], "…", 24).label("snippet"),
                (-rank).label("score"),
            )
            .select_from(fts_table.join(articles, articles.c.seq == fts_table.c.rowid))
            .where(fts.op("MATCH")(fq), *f.where())
            .order_by(rank, articles.c.id)
            .limit(limit)
            .offset(offset)
        )
        return [dict(r) for r in conn.execute(stmt).mappings()]
    query = func.websearch_to_tsquery("english", q)
    tsv = literal_column("articles.tsv")
    hits = (
        select(*cols, articles.c.text, func.ts_rank_cd(tsv, query).label("score"))
        .where(tsv.op("@@")(query), *f.where())
        .order_by(desc("score"), articles.c.id)
        .limit(limit)
        .offset(offset)
        .subquery()
    )
    opts = f'StartSel="{marks[0]}", StopSel="{marks[1]}", MaxWords=30, MinWords=12, MaxFragments=1'
    stmt = select(
        *[hits.c[c] for c in _ARTICLE_COLUMNS],
        func.ts_headline("english", hits.c.text, query, opts).label("snippet"),
        hits.c.score,
    ).order_by(desc(hits.c.score), hits.c.id)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def find_articles(
    conn: Connection, where: ArticleFilter | None = None, *, limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    """Articles matching the filters alone (no words), newest first."""
    check_page(limit, offset)
    f = where or ArticleFilter()
    stmt = (
        select(*[articles.c[c] for c in _ARTICLE_COLUMNS])
        .where(True, *f.where())
        .order_by(desc(articles.c.published_date).nulls_last(), articles.c.id)
        .limit(limit)
        .offset(offset)
    )
    return [{**r, "snippet": ""} for r in conn.execute(stmt).mappings()]


def collection_stats(conn: Connection) -> dict[str, Any]:
    """What the collection holds: rows per table, the span of publication dates, and events
    per quad class (``tidings stats``, the demo's first lines)."""
    out: dict[str, Any] = {
        name: conn.execute(select(func.count()).select_from(t)).scalar_one()
        for name, t in (
            ("articles", articles),
            ("actors", entities),
            ("quotes", quotes),
            ("events", events),
            ("event reports", event_sources),
        )
    }
    first, last = conn.execute(
        select(func.min(articles.c.published_date), func.max(articles.c.published_date))
    ).one()
    out["published"] = f"{first} .. {last}" if first else None
    for quad, n in conn.execute(
        select(events.c.quad_class, func.count()).group_by(events.c.quad_class)
    ):
        out[QUAD_NAMES.get(quad, "no quad class")] = n
    return out


def _speaker_entities(name: str):  # noqa: ANN202 - a Select of entity ids
    return select(entities.c.id).where(
        func.lower(entities.c.name).contains(name.strip().lower(), autoescape=True)
    )


def find_quotes(
    conn: Connection,
    *,
    speaker: str | None = None,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Quotations, newest first; ``speaker`` matches the name as attributed or the entity."""
    check_page(limit, offset)
    since, until = parse_date(since, "since"), parse_date(until, "until", end=True)
    cols = [
        quotes.c.article_id,
        quotes.c.id,
        quotes.c.published_date,
        quotes.c.speaker_name,
        quotes.c.speaker_entity_id,
        quotes.c.text,
        quotes.c.cue,
        quotes.c.direct,
        articles.c.title,
    ]
    stmt = select(*cols).join(articles, articles.c.id == quotes.c.article_id)
    if speaker:
        stmt = stmt.where(
            or_(
                func.lower(quotes.c.speaker_name).contains(speaker.lower(), autoescape=True),
                quotes.c.speaker_entity_id.in_(_speaker_entities(speaker)),
            )
        )
    if since:
        stmt = stmt.where(quotes.c.published_date >= since)
    if until:
        stmt = stmt.where(quotes.c.published_date <= until)
    order = [desc(quotes.c.published_date), quotes.c.article_id, quotes.c.start]
    if q and q.strip():
        if conn.dialect.name == "sqlite":
            fq = fts5_query(q)
            if not fq:
                return []
            fts = text("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :fq").bindparams(fq=fq)
            stmt = stmt.where(quotes.c.seq.in_(fts.columns(literal_column("rowid"))))
        else:
            stmt = stmt.where(
                literal_column("quotes.tsv").op("@@")(func.websearch_to_tsquery("english", q))
            )
    stmt = stmt.order_by(*order).limit(limit).offset(offset)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def _appearances():  # noqa: ANN202 - a subquery: entity_id, articles, first, last
    return (
        select(
            article_entities.c.entity_id,
            # distinct: a country and its demonym are two local entities of one actor
            func.count(article_entities.c.article_id.distinct()).label("articles"),
            func.min(article_entities.c.published_date).label("first_seen"),
            func.max(article_entities.c.published_date).label("last_seen"),
        )
        .group_by(article_entities.c.entity_id)
        .subquery()
    )


def find_actors(
    conn: Connection,
    *,
    country: str | None = None,
    type: str | None = None,  # noqa: A002 - the entity type, as users call it
    name: str | None = None,
    top: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Canonical actors ranked by the number of articles they appear in."""
    check_page(top, offset)
    app = _appearances()
    stmt = select(
        entities.c.id,
        entities.c.name,
        entities.c.type,
        entities.c.country,
        entities.c.actor_code,
        entities.c.role,
        app.c.articles,
        app.c.first_seen,
        app.c.last_seen,
    ).join(app, app.c.entity_id == entities.c.id)
    if country:
        stmt = stmt.where(entities.c.country == country.strip().upper())
    if type:
        stmt = stmt.where(entities.c.type == type.strip().upper())
    if name:
        stmt = stmt.where(func.lower(entities.c.name).contains(name.lower(), autoescape=True))
    stmt = stmt.order_by(desc(app.c.articles), entities.c.name, entities.c.id)
    return [dict(r) for r in conn.execute(stmt.limit(top).offset(offset)).mappings()]


def resolve_actor(conn: Connection, name: str) -> dict[str, Any] | None:
    """The entity a user means: id, exact name (any case), else the most frequent partial match."""
    row = conn.execute(select(entities).where(entities.c.id == name)).mappings().first()
    if row:
        return dict(row)
    low = name.strip().lower()
    for cond in (
        func.lower(entities.c.name) == low,
        func.lower(entities.c.name).contains(low, autoescape=True),
    ):
        found = {r["id"]: dict(r) for r in conn.execute(select(entities).where(cond)).mappings()}
        if not found:
            continue
        counts = dict(
            conn.execute(
                select(article_entities.c.entity_id, func.count())
                .where(article_entities.c.entity_id.in_(list(found)))
                .group_by(article_entities.c.entity_id)
            ).all()
        )
        best = min(found, key=lambda eid: (-counts.get(eid, 0), eid))
        return {**found[best], "articles": counts.get(best, 0)}
    return None


def actor_profile(conn: Connection, name: str, *, limit: int = 20) -> dict[str, Any] | None:
    """One actor: roles over time, quotes, events as source and as target."""
    ent = resolve_actor(conn, name)
    if ent is None:
        return None
    eid = ent["id"]
    roles = conn.execute(
        select(
            article_entities.c.role,
            func.count().label("articles"),
            func.min(article_entities.c.published_date).label("first_seen"),
            func.max(article_entities.c.published_date).label("last_seen"),
        )
        .where(article_entities.c.entity_id == eid)
        .group_by(article_entities.c.role)
        .order_by(func.min(article_entities.c.published_date), article_entities.c.role)
    ).mappings()
    n_articles = conn.execute(
        select(func.count()).where(article_entities.c.entity_id == eid)
    ).scalar_one()
    said = conn.execute(
        select(quotes.c.published_date, quotes.c.text, quotes.c.article_id, quotes.c.id)
        .where(quotes.c.speaker_entity_id == eid)
        .order_by(desc(quotes.c.published_date), quotes.c.article_id, quotes.c.start)
        .limit(limit)
    ).mappings()

    def as_role(role: str) -> list[dict[str, Any]]:
        ea = event_actors.alias()
        stmt = (
            select(*[events.c[c] for c in EVENT_COLUMNS])
            .where(
                events.c.id.in_(
                    select(ea.c.event_id).where(ea.c.role == role, ea.c.entity_id == eid)
                )
            )
            .order_by(desc(events.c.date), events.c.id)
            .limit(limit)
        )
        return [dict(r) for r in conn.execute(stmt).mappings()]

    return {
        "entity": {k: ent[k] for k in ("id", "name", "type", "country", "actor_code", "role")},
        "articles": n_articles,
        "roles": [dict(r) for r in roles],
        "quotes": [dict(r) for r in said],
        "events_as_source": as_role("source"),
        "events_as_target": as_role("target"),
    }


def _bucket(day: str, by: str) -> str | None:
    """The period a (possibly partial) ISO date falls in; ``None`` if it is too coarse."""
    if by == "year":
        return day[:4]
    if by == "month":
        return day[:7] if len(day) >= 7 else None
    if len(day) < 10:
        return None
    if by == "day":
        return day[:10]
    d = date.fromisoformat(day[:10])
    return date.fromordinal(d.toordinal() - d.weekday()).isoformat()  # Monday of the week


def dyad(
    conn: Connection,
    a: str,
    b: str,
    *,
    by: str = "week",
    since: str | None = None,
    until: str | None = None,
    directed: bool = False,
) -> list[dict[str, Any]]:
    """Events between two actors per period: counts per quad class and the Goldstein sum.

    ``directed``: only ``a`` -> ``b``; otherwise both directions (the usual dyad index).
    An event whose text gives no date counts on the day it was first reported
    (``events.reported_date``), as in GDELT and the web UI's dyad chart.
    """
    by = parse_period(by)
    since, until = parse_date(since, "since"), parse_date(until, "until", end=True)
    ab = and_(actor_match(a, "source"), actor_match(b, "target"))
    cond = ab if directed else or_(ab, and_(actor_match(b, "source"), actor_match(a, "target")))
    day = func.coalesce(events.c.date, events.c.reported_date).label("day")
    stmt = (
        select(
            day,
            events.c.quad_class,
            func.count().label("n"),
            func.sum(events.c.goldstein).label("goldstein"),
        )
        .where(cond, day.is_not(None))
        .group_by(day, events.c.quad_class)
    )
    if since:
        stmt = stmt.where(day >= since)
    if until:
        stmt = stmt.where(day <= until)
    acc: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"events": 0, **{name: 0 for name in QUADS}, "goldstein": 0.0}
    )
    for day, quad, n, gold in conn.execute(stmt):
        period = _bucket(day, by)
        if period is None:
            continue
        row = acc[period]
        row["events"] += n
        if quad in QUAD_NAMES:
            row[QUAD_NAMES[quad]] += n
        row["goldstein"] += float(gold or 0.0)
    return [
        {"period": p, **{k: (round(v, 3) if k == "goldstein" else v) for k, v in acc[p].items()}}
        for p in sorted(acc)
    ]
