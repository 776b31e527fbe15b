"""One actor, one name: entity rows, names and aliases do not depend on the order of ingest or
on batch sizes (the shared corpus + the reference article, analyzed once), people are merged
across articles with a recorded reason, and places of no single country have none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, update

from tidings import kb
from tidings.schema import Article
from tidings.store.db import connect
from tidings.store.identity import Person, decide
from tidings.store.rows import article_rows
from tidings.store.tables import (
    actor_aliases,
    article_entities,
    entities,
    event_actors,
    event_sources,
    events,
    mentions,
    quotes,
)
from tidings.store.writer import delete_article, store_articles


@pytest.fixture(scope="module")
def corpus(shared: Path) -> list[Article]:
    """The shared corpus and the reference article through the real pipeline (in file order)."""
    from tidings.pipeline import run

    recs = run([shared / "corpus" / "articles", shared / "reference"])
    arts = [r for r in recs if isinstance(r, Article)]
    assert len(arts) >= 40
    return arts


def _ingest(url: str, arts: list[Article], batch: int) -> dict[str, list]:
    engine = connect(url)
    rows = [article_rows(a, ingested_at="2026-01-01T00:00:00+00:00") for a in arts]
    for i in range(0, len(rows), batch):
        with engine.begin() as conn:
            store_articles(conn, rows[i : i + batch])
    out: dict[str, list] = {}
    with engine.connect() as conn:
        for table, cols in (
            (entities, None),
            (actor_aliases, None),
            (article_entities, ("article_id", "local_id", "entity_id", "own_id")),
            (mentions, ("article_id", "start", "end", "entity_id")),
            (quotes, ("article_id", "id", "speaker_entity_id")),
            (event_sources, ("event_id", "article_id")),
            (events, ("id",)),
        ):
            sel = select(*(table.c[c] for c in cols)) if cols else select(table)
            out[table.name] = sorted(
                json.dumps(dict(r._mapping), sort_keys=True) for r in conn.execute(sel)
            )
    engine.dispose()
    return out


def test_order_and_batch_size_do_not_change_actors(corpus, db_url: str, tmp_path: Path) -> None:
    """Two orders x two batch sizes: every actor row, alias, link and event id is the same."""
    runs = [(corpus, 32), (corpus[::-1], 3)]
    results = []
    for n, (arts, batch) in enumerate(runs):
        url = db_url if n == 0 else _other(db_url, tmp_path, n)
        results.append(_ingest(url, arts, batch))
    first, second = results
    for table in first:
        assert first[table] == second[table], table
    # the corpus names actors by several forms, so the rule was exercised
    with connect(db_url).connect() as conn:
        forms = conn.execute(
            select(article_entities.c.entity_id, article_entities.c.name).distinct()
        ).all()
    by_id: dict[str, set[str]] = {}
    for eid, name in forms:
        by_id.setdefault(eid, set()).add(name)
    assert sum(len(v) > 1 for v in by_id.values()) >= 5


def _other(db_url: str, tmp_path: Path, n: int) -> str:
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path}/order{n}.db"
    from sqlalchemy import create_engine, text

    base, name = db_url.rsplit("/", 1)
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}_o{n}"'))
        conn.execute(text(f'CREATE DATABASE "{name}_o{n}"'))
    admin.dispose()
    return f"{base}/{name}_o{n}"


def test_countries_are_named_by_their_name(corpus, tmp_path: Path) -> None:
    """No demonym names a country; a demonym the KB does not list ("Americans") is the
    country's own entity, not an actor of its own."""
    url = f"sqlite:///{tmp_path}/names.db"
    _ingest(url, corpus, 16)
    with connect(url).connect() as conn:
        rows = conn.execute(select(entities)).mappings().all()
        demonyms = set(
            conn.execute(
                select(article_entities.c.name).where(article_entities.c.type == "NORP")
            ).scalars()
        )
    countries = [r for r in rows if r["id"] == kb.country_actor(r["country"])]
    assert len(countries) >= 10
    for r in countries:
        assert r["type"] == "GPE", r
        # the country's short name, as an article spells it ("Netherlands" for "The Netherlands")
        assert kb.norm(r["name"]) == kb.norm(kb.places.country(r["country"]).name), r
        assert r["name"] not in demonyms
    assert "Americans" in demonyms  # the corpus writes it ...
    assert not [r for r in rows if r["name"] == "Americans"]  # ... and it is the United States
    # `tidings actors --by code --top 40`: no actor code twice, no demonym names a country
    from click.testing import CliRunner

    from tidings.cli import main

    res = CliRunner().invoke(
        main, ["actors", "--by", "code", "--top", "40", "--db", url, "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    listed = json.loads(res.stdout)
    assert len(listed) == 40 and len({r["code"] for r in listed}) == 40
    for r in listed:
        assert r["name"] not in demonyms, r
        if r["code"] == r["country"]:
            assert r["name"] == kb.country_name(r["code"]), r
    assert {"RUS", "RUSGOV", "USA", "USAGOV"} <= {r["code"] for r in listed}


# real sentences of wh-0003 (White House, public domain): the second names Patrushev alone
FULL = (
    "National Security Advisor Jake Sullivan spoke by phone today with Nikolay Patrushev, "
    "Secretary of the Russian Security Council."
)
SHORT = (
    "Mr. Sullivan and Secretary Patrushev also discussed the prospect of a presidential summit "
    "between the United States and Russia."
)


@pytest.fixture(scope="module")
def pair() -> list[Article]:
    import tidings

    return [tidings.analyze(t.encode("utf-8")) for t in (FULL, SHORT)]


def _person_links(conn) -> dict[str, str]:  # noqa: ANN001
    ae = article_entities.c
    return dict(conn.execute(select(ae.name, ae.entity_id).where(ae.type == "PERSON")).all())


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_a_surname_is_merged_into_the_full_name(pair, order, db_url: str) -> None:
    engine = connect(db_url)
    for i in order:
        with engine.begin() as conn:
            store_articles(conn, [article_rows(pair[i])])
    with engine.connect() as conn:
        links = _person_links(conn)
        aliases = conn.execute(select(actor_aliases)).mappings().all()
        ids = set(conn.execute(select(entities.c.id)).scalars())
        source_ids = set(
            conn.execute(select(event_actors.c.entity_id).where(event_actors.c.own_id.is_not(None)))
            .scalars()
        )  # fmt: skip
    patrushev = kb.lookup("Nikolay Patrushev").kb_id
    # "Patrushev" (title Secretary, KB does not list the surname alone) -> the KB's Patrushev
    assert links["Patrushev"] == links["Nikolay Patrushev"] == patrushev
    assert [(a["name"], a["entity_id"]) for a in aliases] == [("Patrushev", patrushev)]
    assert (
        "role secretary" in aliases[0]["reason"]
        and '"Patrushev" is part of' in aliases[0]["reason"]
    )
    assert aliases[0]["alias_id"] not in ids | source_ids  # nothing names the alias any more
    with engine.connect() as conn:
        e = events.c
        named = {x for r in conn.execute(select(e.source_entity_id, e.target_entity_id,
                                               e.source_node, e.target_node)) for x in r}  # fmt: skip
    assert aliases[0]["alias_id"] not in named  # nor an event's first actors or their nodes
    # "Sullivan" alone: no evidence agrees with "Jake Sullivan", so they stay apart
    assert links["Sullivan"] != links["Jake Sullivan"]
    engine.dispose()


def test_an_ambiguous_surname_is_set_apart_again(pair, db_url: str) -> None:
    """A second compatible Patrushev makes "Patrushev" ambiguous: the merge is undone (the
    rows name the alias's own id again); deleting that article merges it back."""
    engine = connect(db_url)
    other = pair[0].model_copy(deep=True)
    other.id, other.source = "other-" + other.id[:10], "elsewhere/other.txt"
    for ent in other.entities:
        if ent.name == "Nikolay Patrushev":
            ent.name, ent.kb_id = "Dmitry Patrushev", None
    with engine.begin() as conn:
        store_articles(conn, [article_rows(pair[0]), article_rows(pair[1])])
    with engine.begin() as conn:
        store_articles(conn, [article_rows(other)])
    with engine.connect() as conn:
        assert conn.execute(select(actor_aliases)).all() == []
        links = _person_links(conn)
        own = conn.execute(
            select(article_entities.c.own_id).where(article_entities.c.name == "Patrushev")
        ).scalar_one()
        assert links["Patrushev"] == own and own in set(
            conn.execute(select(entities.c.id)).scalars()
        )
    with engine.begin() as conn:
        delete_article(conn, other.id)
    with engine.connect() as conn:
        assert _person_links(conn)["Patrushev"] == kb.lookup("Nikolay Patrushev").kb_id
        assert len(conn.execute(select(actor_aliases)).all()) == 1
    engine.dispose()


def _p(pid: str, name: str, countries=(), codes=(), roles=()) -> Person:  # noqa: ANN001
    from tidings.store.canonical import person_words

    return Person(pid, name, person_words(name), set(countries), set(codes), set(roles))


def test_conflicting_evidence_keeps_people_apart() -> None:
    biden = _p("x1", "Biden", countries={"USA"}, roles={"President"})
    joseph = _p("x2", "Joseph R. Biden", countries={"USA"}, roles={"President"})
    assert decide([biden, joseph]) == {"x1": ("x2", decide([biden, joseph])["x1"][1])}
    assert "country USA" in decide([biden, joseph])["x1"][1]
    # "Joseph Biden" is part of "Joseph R. Biden" (the initial stands for a word)
    assert "x3" in decide([joseph, _p("x3", "Joseph Biden", codes={"USAGOV"}, countries={"USA"})])
    # a country that differs is a conflict
    assert decide([_p("x1", "Biden", countries={"GBR"}), joseph]) == {}
    # no evidence in common: not merged
    assert decide([_p("x1", "Biden"), joseph]) == {}
    # two compatible people the surname may be: not merged
    hunter = _p("x4", "Hunter Biden", countries={"USA"})
    assert decide([biden, joseph, hunter]) == {}
    # the same full name without a country, and with one: one person
    assert decide([_p("x5", "Jake Sullivan", roles={"National Security Advisor"}),
                   _p("x6", "Jake Sullivan", countries={"USA"})]) != {}  # fmt: skip


def test_regions_seas_and_continents_have_no_country() -> None:
    assert kb.places.find("Asia").country is None  # a town in the Philippines shares the name
    assert kb.places.find("Asia").kind == "continent"
    assert kb.places.find("Baltic Sea").country is None
    assert kb.places.find("the Middle East").country is None
    assert kb.places.find("The Hague").country == "NLD"
    # a namesake in the article's country is chosen only when it is a real contender
    assert kb.places.find("London", {"CAN"}).country == "CAN"
    assert kb.places.find("Geneva", {"USA"}).country == "CHE"


def test_a_continent_in_an_article_carries_no_country(shared: Path) -> None:
    import tidings

    art = tidings.analyze(shared / "corpus" / "articles" / "voa-0003.txt")
    asia = [e for e in art.entities if e.name == "Asia"]
    assert asia and all(e.country is None for e in asia)
    ids = {r["entity_id"]: r for r in article_rows(art)["article_entities"]}
    assert all(ids[e]["country"] is None for e in ids if ids[e]["name"] == "Asia")


def test_a_kb_country_renamed_by_an_old_writer_is_rebuilt(pair, tmp_path: Path) -> None:
    """Writing again rebuilds a touched entity row by the rule, whatever it held before."""
    from tidings.store.writer import refresh_entities

    url = f"sqlite:///{tmp_path}/rebuild.db"
    engine = connect(url)
    with engine.begin() as conn:
        store_articles(conn, [article_rows(pair[1])])
        russia = kb.country_actor("RUS")
        conn.execute(update(entities).where(entities.c.id == russia).values(name="Russian"))
        refresh_entities(conn, {russia})
        assert (
            conn.execute(select(entities.c.name).where(entities.c.id == russia)).scalar_one()
            == "Russia"
        )
    engine.dispose()


def test_the_aliases_are_shown_by_the_cli_the_api_and_the_page(pair, tmp_path: Path) -> None:
    """``tidings actor``, ``/api/actors/{name}`` and the person's page list the merged alias
    with its reason; the alias's name finds the person."""
    import warnings

    from click.testing import CliRunner

    from tidings.api.app import create_app
    from tidings.cli import main

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    url = f"sqlite:///{tmp_path}/aliases.db"
    engine = connect(url)
    with engine.begin() as conn:
        store_articles(conn, [article_rows(a) for a in pair])
    pid = kb.lookup("Nikolay Patrushev").kb_id
    res = CliRunner().invoke(main, ["actor", "Patrushev", "--db", url, "--format", "json"])
    assert res.exit_code == 0, res.output
    prof = json.loads(res.stdout)
    assert prof["entity"]["id"] == pid  # the alias's name finds the person
    assert [a["name"] for a in prof["aliases"]] == ["Patrushev"]
    table = CliRunner().invoke(main, ["actor", pid, "--db", url, "--format", "table"]).output
    assert "also named" in table and "role secretary" in table
    client = TestClient(create_app(engine))
    assert client.get(f"/api/actors/{pid}").json()["aliases"] == prof["aliases"]
    page = client.get(f"/actors/{pid}").text
    assert 'id="alias-table"' in page and "Patrushev" in page and "role secretary" in page
    alias_id = prof["aliases"][0]["alias_id"]
    assert client.get(f"/actors/{alias_id}", follow_redirects=False).headers["location"] == (
        f"/actors/{pid}"
    )
    engine.dispose()
