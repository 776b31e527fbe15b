"""The summary tables (tidings.store.summary) equal the direct computation over ``events`` and
``article_entities`` after
ingesting real articles, ingesting more, deleting some, re-ingesting with ``--force`` and a
manual change of an event's actor; the queries that read them give what a direct aggregate
gives. On SQLite and PostgreSQL (``db_url``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Connection, delete, func, select, update

from tidings.schema import Article
from tidings.store import queries as Q
from tidings.store.db import connect
from tidings.store.rows import article_rows
from tidings.store.summary import rebuild
from tidings.store.tables import (
    actor_counts,
    actor_names,
    article_entities,
    article_types,
    articles,
    entities,
    entity_counts,
    event_actors,
    event_sources,
    events,
    node_members,
    pair_counts,
    quotes,
    row_counts,
)
from tidings.store.writer import delete_article, store_articles


@pytest.fixture(scope="module")
def corpus(shared: Path) -> list[Article]:
    """The shared corpus and the reference article through the real pipeline (events coded)."""
    from tidings.pipeline import run

    arts = [r for r in run([shared / "corpus" / "articles", shared / "reference"])
            if isinstance(r, Article)]  # fmt: skip
    assert sum(len(a.events) for a in arts) >= 20, "the coder found too few events to test on"
    return arts


def _direct(conn: Connection) -> dict[str, Counter]:
    """Every summary row computed from ``events`` by plain aggregates (not store.summary)."""
    e = events.c
    out: dict[str, Counter] = {"actor_counts": Counter(), "pair_counts": Counter(),
                               "node_members": Counter(), "goldstein": Counter(),
                               "entity_counts": Counter(), "actor_names": Counter(),
                               "row_counts": Counter(), "article_types": Counter()}  # fmt: skip
    for role in ("source", "target"):
        for level, col in (("code", e[f"{role}_node"]), ("entity", e[f"{role}_entity_id"])):
            for node, n in conn.execute(
                select(col, func.count()).where(col.is_not(None)).group_by(col)
            ):
                out["actor_counts"][(level, role, node)] = n
    levels = (
        ("code", e.source_node, e.target_node),
        ("entity", e.source_entity_id, e.target_entity_id),
        ("country", e.source_country, e.target_country),
    )
    for level, src, tgt in levels:
        quad = func.coalesce(e.quad_class, 0)
        for s, t, q, n, g in conn.execute(
            select(src, tgt, quad, func.count(), func.sum(func.coalesce(e.goldstein, 0)))
            .where(src.is_not(None), tgt.is_not(None))
            .group_by(src, tgt, quad)
        ):
            out["pair_counts"][(level, s, t, q)] = n
            out["goldstein"][(level, s, t, q)] = round(g, 6)
    for role in ("source", "target"):
        node, ent = e[f"{role}_node"], e[f"{role}_entity_id"]
        for nid, eid, n in conn.execute(
            select(node, ent, func.count())
            .where(e.source_node.is_not(None), e.target_node.is_not(None), ent.is_not(None))
            .group_by(node, ent)
        ):
            out["node_members"][(nid, eid)] += n  # both roles added up
    for table in (articles, entities, quotes, events, event_sources):
        n = conn.execute(select(func.count()).select_from(table)).scalar_one()
        if n:
            out["row_counts"][table.name] = n
    ea = event_actors.c
    for name, n in conn.execute(
        select(ea.name, func.count()).where(ea.name.is_not(None)).group_by(ea.name)
    ):
        out["actor_names"][name] = n
    es = event_sources.c
    for aid, etype, n in conn.execute(
        select(es.article_id, e.type, func.count())
        .join(events, e.id == es.event_id)
        .group_by(es.article_id, e.type)
    ):
        out["article_types"][(aid, etype)] = n
    ae = article_entities.c
    for eid, n, first, last in conn.execute(
        select(ae.entity_id, func.count(ae.article_id.distinct()), func.min(ae.published_date),
               func.max(ae.published_date)).group_by(ae.entity_id)
    ):  # fmt: skip
        out["entity_counts"][(eid, first, last)] = n
    return out


def _stored(conn: Connection) -> dict[str, Counter]:
    a, p, m, ec = actor_counts.c, pair_counts.c, node_members.c, entity_counts.c
    return {
        "row_counts": Counter({r.name: r.n for r in conn.execute(select(row_counts))}),
        "actor_names": Counter({r.name: r.n for r in conn.execute(select(actor_names))}),
        "article_types": Counter(
            {(r.article_id, r.type): r.n for r in conn.execute(select(article_types))}
        ),
        "entity_counts": Counter(
            {(r.entity_id, r.first_seen, r.last_seen): r.articles for r in conn.execute(select(ec))}
        ),
        "actor_counts": Counter({(r.level, r.role, r.node): r.n for r in conn.execute(select(a))}),
        "pair_counts": Counter(
            {(r.level, r.source, r.target, r.quad): r.n for r in conn.execute(select(p))}
        ),
        "node_members": Counter({(r.node, r.entity_id): r.n for r in conn.execute(select(m))}),
        "goldstein": Counter(
            {
                (r.level, r.source, r.target, r.quad): round(r.goldstein, 6)
                for r in conn.execute(select(p))
            }
        ),  # fmt: skip
    }


def _check(engine) -> dict[str, Counter]:  # noqa: ANN001 - sqlalchemy Engine
    with engine.connect() as conn:
        direct, stored = _direct(conn), _stored(conn)
    assert stored == direct
    return direct


def _store(engine, arts: list[Article], *, force: bool = False) -> None:  # noqa: ANN001
    rows = [article_rows(a, ingested_at="2026-01-01T00:00:00+00:00") for a in arts]
    for i in range(0, len(rows), 7):
        with engine.begin() as conn:
            store_articles(conn, rows[i : i + 7], force=force)


def test_summaries_follow_ingest_delete_and_updates(db_url: str, corpus: list[Article]) -> None:
    engine = connect(db_url)
    half = len(corpus) // 2
    _store(engine, corpus[:half])
    first = _check(engine)
    assert sum(first["pair_counts"].values()) > 0
    _store(engine, corpus[half:])  # more real articles: counts grow, people may be merged
    grown = _check(engine)
    assert sum(grown["actor_counts"].values()) > sum(first["actor_counts"].values())
    with engine.begin() as conn:  # deleting articles takes their events out
        for art in corpus[: half // 2]:
            assert delete_article(conn, art.id)
    shrunk = _check(engine)
    assert sum(shrunk["actor_counts"].values()) < sum(grown["actor_counts"].values())
    _store(engine, corpus, force=True)  # re-ingest everything: as after the second ingest
    assert _check(engine) == grown
    with engine.begin() as conn:  # a plain SQL change of a counted column moves the counts
        eid = conn.execute(
            select(events.c.id).where(events.c.source_node.is_not(None)).limit(1)
        ).scalar_one()
        conn.execute(update(events).where(events.c.id == eid).values(source_node="ZZZGOV"))
    moved = _check(engine)
    assert moved["actor_counts"][("code", "source", "ZZZGOV")] == 1
    with engine.begin() as conn:  # an event's type changed, another deleted (its reports go
        # by the cascade): the articles' types follow
        es = event_sources.c
        two = conn.execute(select(es.event_id).group_by(es.event_id).limit(2)).scalars().all()
        conn.execute(update(events).where(events.c.id == two[0]).values(type="ZZZTYPE"))
        conn.execute(delete(events).where(events.c.id == two[1]))
    moved = _check(engine)
    assert moved["article_types"] and any(t == "ZZZTYPE" for _, t in moved["article_types"])
    with engine.begin() as conn:  # rebuilding from scratch gives the same rows
        rebuild(conn)
    assert _check(engine) == moved
    engine.dispose()


def test_queries_on_summaries_equal_direct_aggregates(db_url: str, corpus: list[Article]) -> None:
    """top_actors, top_dyads and the unfiltered network (read from the summaries) give what
    the filtered path (an aggregate over ``events``) gives for a filter every event passes."""
    engine = connect(db_url)
    _store(engine, corpus)
    with engine.connect() as conn:
        direct = _direct(conn)
        by_node: Counter = Counter()
        for (level, _role, node), n in direct["actor_counts"].items():
            if level == "code":
                by_node[node] += n
        top = Q.top_actors(conn, limit=5)
        assert [(r["id"], r["n"]) for r in top] == sorted(by_node.items(),
                                                          key=lambda kv: (-kv[1], kv[0]))[:5]  # fmt: skip
        pairs: Counter = Counter()
        for (level, s, t, _q), n in direct["pair_counts"].items():
            if level == "country" and s != t:
                pairs[(min(s, t), max(s, t))] += n
        assert {(d["a"], d["b"]): d["n"] for d in Q.top_dyads(conn, limit=1000)} == dict(pairs)
        ranked = Q.find_actors(conn, limit=10)
        articles = sorted(direct["entity_counts"].values(), reverse=True)
        assert [r["articles"] for r in ranked] == articles[:10]
        for r in ranked:
            assert (
                direct["entity_counts"][(r["id"], r["first_seen"], r["last_seen"])] == r["articles"]
            )
        for level in ("code", "entity"):
            net = Q.network(conn, level=level, max_edges=10_000)
            edges = {(x["source"], x["target"], x["quad"]): x["n"] for x in net["edges"]}
            want = {k[1:]: n for k, n in direct["pair_counts"].items() if k[0] == level}
            assert edges and edges == want
            for node in net["nodes"] if level == "code" else []:
                inside = Counter()
                for (nid, eid), n in direct["node_members"].items():
                    if nid == node["id"] and Q.is_code_key(nid):  # only code nodes list members
                        inside[eid] += n
                assert node["member_count"] == len(inside), node["id"]
                top = sorted(inside.items(), key=lambda kv: (-kv[1], kv[0]))[: len(node["members"])]
                assert [(m["id"], m["n"]) for m in node["members"]] == top
    engine.dispose()


def test_bulk_load_equals_ingest(tmp_path: Path, corpus: list[Article]) -> None:
    """``writer.load_new_articles`` (benchmark databases) stores what ``store_articles`` does,
    summaries included; only the settling of entities is deferred to the end."""
    from store_corpus import dump_db
    from tidings.store.writer import load_new_articles

    ingested, loaded = connect(tmp_path / "ingest.db"), connect(tmp_path / "bulk.db")
    _store(ingested, corpus)
    rows = [article_rows(a, ingested_at="2026-01-01T00:00:00+00:00") for a in corpus]
    assert load_new_articles(loaded, [rows[i : i + 7] for i in range(0, len(rows), 7)]) == len(rows)
    assert dump_db(loaded) == dump_db(ingested)
    assert _check(loaded) == _check(ingested)
    ingested.dispose()
    loaded.dispose()


def test_migration_0007_moves_member_counts_to_node_members(
    db_url: str, corpus: list[Article]
) -> None:
    """Down to 0006 the members are ``member_counts`` per role (kept by its triggers), up to
    0007 they are ``node_members`` (both roles added up); each is filled from the events and
    follows later writes."""
    from alembic import command
    from sqlalchemy import inspect, text

    from tidings.store.db import _alembic_config

    engine = connect(db_url)
    _store(engine, corpus[:10])

    def migrate(to: str) -> None:
        with engine.begin() as conn:
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            (command.downgrade if to == "0006" else command.upgrade)(cfg, to)

    migrate("0006")
    _store(engine, corpus[10:20])  # written under 0006's triggers
    with engine.connect() as conn:
        assert not inspect(conn).has_table("node_members")
        old = Counter()
        for role, node, eid, n in conn.execute(
            text("SELECT role, node, entity_id, n FROM member_counts")
        ):
            assert role in ("source", "target")
            old[(node, eid)] += n
    migrate("head")
    with engine.connect() as conn:
        assert not inspect(conn).has_table("member_counts")
    direct = _check(engine)
    assert direct["node_members"] == old and sum(old.values()) > 0
    _store(engine, corpus[20:])  # and kept by 0007's triggers
    assert sum(_check(engine)["node_members"].values()) > sum(old.values())
    engine.dispose()
