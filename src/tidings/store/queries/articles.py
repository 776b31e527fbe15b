"""Articles: full-text search, filtered listings and one article with everything it holds.

One search for the CLI (``tidings search``), the API (``/api/search``) and the web's search
page. SQLite: FTS5 ``articles_fts`` ranked by bm25 (title weighs 4x); PostgreSQL: the ``tsv``
column ranked by ``ts_rank_cd``. Query syntax: web search (``"a phrase"``, ``or``, ``-word``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, column, desc, exists, func, literal_column, select, table
from sqlalchemy.sql.elements import ColumnElement

from tidings.store.queries.actors import actor_key, key_condition
from tidings.store.queries.filters import ArticleFilter, QueryError, check_page
from tidings.store.queries.text_query import parse_text_query
from tidings.store.tables import (
    article_entities,
    article_types,
    articles,
    entities,
    event_sources,
    events,
    mentions,
    quotes,
    row_counts,
)

ARTICLE_COLUMNS = ["id", "title", "published", "published_date", "publisher", "source", "url"]


def article_conditions(
    conn: Connection, f: ArticleFilter, *, probe: bool = False
) -> list[ColumnElement[bool]]:
    """SQL on ``articles``: publication days, publisher, an actor it names, an event type.

    ``probe``: the actor and the type as a probe per article (correlated ``EXISTS`` on the
    covering indexes) instead of the set of every matching article collected first: what a
    walk over the newest articles needs (:func:`find_articles`)."""
    out: list[ColumnElement[bool]] = []
    if f.since:
        out.append(articles.c.published_date >= f.since)
    if f.until:
        out.append(articles.c.published_date <= f.until)
    if f.publisher:
        out.append(articles.c.publisher == f.publisher)
    if f.actor:
        ae = article_entities.c
        cond = _actor_condition(conn, f.actor)
        if probe:
            out.append(exists().where(ae.article_id == articles.c.id, cond))
        else:
            out.append(articles.c.id.in_(select(ae.article_id).where(cond)))
    if f.type:  # the article_types summary (tidings.store.summary)
        at = article_types.c
        if probe:
            out.append(exists().where(at.article_id == articles.c.id, at.type == f.type))
        else:
            out.append(articles.c.id.in_(select(at.article_id).where(at.type == f.type)))
    return out


def _actor_condition(conn: Connection, actor: str):  # noqa: ANN202 - a SQLAlchemy clause
    """The article-entity rows that name ``actor`` (its key: entity id, code or name)."""
    ae = article_entities.c
    return key_condition(
        actor_key(conn, actor), ae.entity_id,
        name=ae.name, country=ae.country, actor_code=ae.actor_code,
    )  # fmt: skip


def _walk_newest(conn: Connection, f: ArticleFilter) -> bool:
    """Whether to list ``f``'s articles by walking the newest first and probing the actor and
    the type per article (SQLite; PostgreSQL's planner chooses itself): when the actor is
    named by at least one article row in 50 and the type is that of one event in 50 (common
    ones: the walk ends soon). A rare actor's or type's few articles are collected first
    instead (a walk could read every article)."""
    if conn.dialect.name != "sqlite" or not (f.actor or f.type):
        return False
    rc = row_counts.c
    totals = dict(conn.execute(select(rc.name, rc.n)).all())
    checks = []
    if f.actor:
        ae = article_entities.c
        cond = _actor_condition(conn, f.actor)
        checks.append((select(ae.article_id).where(cond), totals.get("articles", 0)))
    if f.type:
        checks.append((select(events.c.id).where(events.c.type == f.type), totals.get("events", 0)))
    for rows, total in checks:
        need = max(WALK_MIN_ROWS, total // 50)
        found = conn.execute(select(func.count()).select_from(rows.limit(need).subquery()))
        if found.scalar_one() < need:
            return False
    return True


#: an actor or a type with fewer rows is never walked for
WALK_MIN_ROWS = 200


def search(
    conn: Connection,
    q: str,
    f: ArticleFilter | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
    marks: tuple[str, str] = ("[", "]"),
) -> list[dict[str, Any]]:
    """Articles matching the words ``q`` and the filters, best first, with a snippet whose
    matched words are put between ``marks``."""
    check_page(limit, offset)
    if not q or not q.strip():
        raise QueryError("q: the search text is empty")
    parsed = parse_text_query(q)
    if not parsed:
        return []  # nothing required (only exclusions or punctuation): nothing found
    where = article_conditions(conn, f or ArticleFilter())
    cols = [articles.c[c] for c in ARTICLE_COLUMNS]
    if conn.dialect.name == "sqlite":
        fq = parsed.fts5()
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
            .where(fts.op("MATCH")(fq), *where)
            .order_by(rank, articles.c.id)
            .limit(limit)
            .offset(offset)
        )
        return [dict(r) for r in conn.execute(stmt).mappings()]
    query = parsed.tsquery()
    opts = f'StartSel="{marks[0]}", StopSel="{marks[1]}", MaxWords=30, MinWords=12, MaxFragments=1'
    hits = _ranked_newest(query, where, limit, offset).subquery()
    # the page's rows (and their texts, for the snippets) are read after the ranking
    stmt = (
        select(
            *cols,
            func.ts_headline("english", articles.c.text, query, opts).label("snippet"),
            hits.c.score,
        )
        .join(hits, hits.c.id == articles.c.id)
        .order_by(desc(hits.c.score), hits.c.id)
    )
    with conn.begin_nested() as savepoint:  # the planner setting ends with the savepoint
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
        savepoint.rollback()
    return rows


#: PostgreSQL ranks at most this many matching articles, the newest (or ``offset + limit``)
RANKED_MATCHES = 1000


def _ranked_newest(query: Any, where: list, limit: int, offset: int) -> Any:  # noqa: ANN401
    """PostgreSQL: ids and ``ts_rank_cd`` scores of the page, best first, among the newest
    ``RANKED_MATCHES`` articles matching ``query`` and the filters ``where``.

    Ranking reads each article's ``tsv`` (2 KB, stored out of line), so ranking every match
    of a common word cost a read per match (30,000 at a million events); the newest matches
    are found on the GIN index and the date alone. The caller runs it with sequential scans
    off: the planner does not charge a scan for reading each row's ``tsv`` and chose to
    read every article's (15,875 buffers for 5,000 articles) over the index (755)."""
    day = articles.c.published_date
    tsv = literal_column("articles.tsv")
    # the vectors pass through the sort as references: only the newest ones are read
    newest = (
        select(articles.c.id, tsv.label("tsv"))
        .where(tsv.op("@@")(query), *where)
        .order_by(day.desc().nulls_last(), articles.c.seq.desc())
        .limit(max(RANKED_MATCHES, offset + limit))
        .subquery("newest")
    )
    score = func.ts_rank_cd(newest.c.tsv, query).label("score")
    return select(newest.c.id, score).order_by(desc(score), newest.c.id).limit(limit).offset(offset)


def find_articles(
    conn: Connection, f: ArticleFilter | None = None, *, limit: int = 20, offset: int = 0
) -> list[dict[str, Any]]:
    """Articles matching the filters alone (no words), newest first."""
    check_page(limit, offset)
    f = f or ArticleFilter()
    conds = article_conditions(conn, f, probe=_walk_newest(conn, f))
    day = articles.c.published_date
    base = select(*[articles.c[c] for c in ARTICLE_COLUMNS])
    # dated articles newest first, then undated ones (as ORDER BY day DESC NULLS LAST, id),
    # in two statements so the date index serves the first on both back ends
    dated = base.where(day.is_not(None), *conds).order_by(desc(day), articles.c.id)
    rows = [dict(r) for r in conn.execute(dated.limit(limit).offset(offset)).mappings()]
    if len(rows) < limit:
        n_dated = len(rows) + offset if rows else _count(conn, day.is_not(None), conds)
        undated = base.where(day.is_(None), *conds).order_by(articles.c.id)
        rest = undated.limit(limit - len(rows)).offset(max(0, offset - n_dated))
        rows += [dict(r) for r in conn.execute(rest).mappings()]
    return [{**r, "snippet": ""} for r in rows]


def _count(conn: Connection, *conds: Any) -> int:  # noqa: ANN401 - SQL conditions
    where = [c for cond in conds for c in (cond if isinstance(cond, list) else [cond])]
    return conn.execute(select(func.count()).select_from(articles).where(*where)).scalar_one()


def search_or_list(
    conn: Connection,
    q: str,
    f: ArticleFilter | None = None,
    *,
    limit: int = 50,
    marks: tuple[str, str] = ("[", "]"),
) -> list[dict[str, Any]]:
    """The search page: :func:`search` when ``q`` has a word, else :func:`find_articles`."""
    if re.search(r"\w", q or ""):
        return search(conn, q, f, limit=limit, marks=marks)
    return find_articles(conn, f, limit=limit)


def publishers(conn: Connection, limit: int = 500) -> list[str]:
    """Distinct publishers (for filter menus), by skipping along their index."""
    from tidings.store.queries.events import distinct_values

    return distinct_values(conn, articles.c.publisher, limit)


@dataclass
class ArticleView:
    """One stored article with everything it holds (``/api/articles/{id}``, the article page)."""

    article: dict[str, Any]
    entities: list[dict[str, Any]]
    mentions: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    events: list[dict[str, Any]] = field(default_factory=list)


def _rows(conn: Connection, stmt) -> list[dict[str, Any]]:  # noqa: ANN001 - a Select
    return [dict(r) for r in conn.execute(stmt).mappings()]


def article_view(conn: Connection, article_id: str) -> ArticleView | None:
    """The article, its entities (with canonical name, role, country), mentions and quotes in
    text order, and its events in the order their evidence appears here (``here``: this
    article's evidence; ``data``: the full event record)."""
    row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
    if row is None:
        return None
    ents = _rows(
        conn,
        select(
            article_entities,
            entities.c.name.label("canonical_name"),
            entities.c.role.label("canonical_role"),
            entities.c.country.label("canonical_country"),
        )
        .join(entities, entities.c.id == article_entities.c.entity_id)
        .where(article_entities.c.article_id == article_id),
    )
    ments = _rows(
        conn,
        select(mentions).where(mentions.c.article_id == article_id).order_by(mentions.c.start),
    )
    qs = _rows(
        conn, select(quotes).where(quotes.c.article_id == article_id).order_by(quotes.c.start)
    )
    evs = _rows(
        conn,
        select(events, event_sources.c.evidence.label("here"), event_sources.c.quote_id)
        .join(event_sources, event_sources.c.event_id == events.c.id)
        .where(event_sources.c.article_id == article_id),
    )
    for ev in evs:
        ev["data"] = ev["data"] or {}
        ev["here"] = ev["here"] or []
    evs.sort(key=lambda e: (min((x.get("start", 0) for x in e["here"]), default=0), e["id"]))
    return ArticleView(dict(row), ents, ments, qs, evs)
