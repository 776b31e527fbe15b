"""The query layer (CLI and API share it) on SQLite and PostgreSQL: results are checked against
the same question answered in Python over the records that were stored."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import pytest

from store_corpus import with_events
from tidings.kb import split_code
from tidings.schema import Article, Event
from tidings.store import queries as Q
from tidings.store.db import connect
from tidings.store.rows import article_rows, canonical_entity_id
from tidings.store.writer import store_article

COUNTRIES = {"Russia": "RUS", "Moscow": "RUS", "Sochi": "RUS", "Washington": "USA"}


@pytest.fixture(scope="module")
def loaded(module_db_url: str, analyzed: dict[str, Article]):  # noqa: ANN201
    """One database per back end for the module: these tests only read."""
    arts = with_events(analyzed)
    for art in arts.values():  # what a gazetteer stage would add
        for ent in art.entities:
            ent.country = COUNTRIES.get(ent.name, ent.country)
    engine = connect(module_db_url)
    with engine.begin() as c:
        for art in arts.values():
            store_article(c, article_rows(art))
    with engine.connect() as conn:
        yield conn, arts
    engine.dispose()


def _events(arts: dict[str, Article]) -> list[Event]:
    return [e for a in arts.values() for e in a.events]


def _ids(rows: list[dict]) -> set[str]:
    return {r["id"] for r in rows}


def test_search_ranks_matching_articles_with_snippets(loaded) -> None:  # noqa: ANN001
    conn, arts = loaded
    rows = Q.search(conn, "election interference", limit=50)
    expect = {
        a.id for a in arts.values() if "interfer" in a.text.lower() and "election" in a.text.lower()
    }
    assert _ids(rows) == expect and len(expect) >= 2
    assert rows[0]["id"] == arts["ref"].id  # the article about it, not the passing mention
    assert all("[" in r["snippet"] and "]" in r["snippet"] for r in rows)
    assert rows == sorted(rows, key=lambda r: -r["score"])


def test_search_phrase_negation_and_dates(loaded) -> None:  # noqa: ANN001
    conn, arts = loaded
    assert _ids(Q.search(conn, '"absolute fiction"')) == {arts["ref"].id}
    assert Q.search(conn, '"fiction absolute"') == []
    russia = {a.id for a in arts.values() if "russia" in a.text.lower()}
    no_lavrov = {a.id for a in arts.values() if a.id in russia and "lavrov" not in a.text.lower()}
    assert _ids(Q.search(conn, "Russia", limit=50)) == russia
    assert _ids(Q.search(conn, "Russia -Lavrov", limit=50)) == no_lavrov
    assert no_lavrov and no_lavrov != russia
    either = {
        a.id for a in arts.values() if "sochi" in a.text.lower() or "artillery" in a.text.lower()
    }
    assert _ids(Q.search(conn, "Sochi or artillery", limit=50)) == either
    dated = {a.id for a in arts.values() if a.id in russia and (a.published or "") >= "2020"}
    assert (
        _ids(Q.search(conn, "Russia", Q.ArticleFilter.parse(since="2020-01-01"), limit=50)) == dated
    )
    assert _ids(Q.search(conn, "Russia", Q.ArticleFilter.parse(until="2019-12"), limit=50)) == {
        a.id for a in arts.values() if a.id in russia and a.published and a.published < "2020"
    }


def test_postgresql_ranks_the_newest_matches(loaded, monkeypatch) -> None:  # noqa: ANN001
    """PostgreSQL ranks at most ``RANKED_MATCHES`` matching articles, the newest (a rank reads
    each article's vector); SQLite ranks every match (bm25 on its own index)."""
    from sqlalchemy import select

    from tidings.store.queries import articles as search_module
    from tidings.store.tables import articles

    conn, _arts = loaded
    every = Q.search(conn, "Russia", limit=50)
    assert len(every) > 3
    monkeypatch.setattr(search_module, "RANKED_MATCHES", 3)
    bounded = Q.search(conn, "Russia", limit=2)
    if conn.dialect.name == "sqlite":
        assert bounded == every[:2]
        return
    a = articles.c
    dated = conn.execute(select(a.id, a.published_date, a.seq).where(a.id.in_(_ids(every)))).all()
    dated.sort(key=lambda r: (r.published_date is not None, r.published_date or "", r.seq))
    newest = {r.id for r in dated[-3:]}
    assert bounded == [r for r in every if r["id"] in newest][:2]
    assert bounded != every[:2]  # the corpus's best match on the word is not among the newest
    assert len(every) <= 5, "the next check needs every match within the second page's bound"
    deeper = Q.search(conn, "Russia", limit=2, offset=3)  # a later page ranks that many more
    assert deeper == every[3:5]


@pytest.mark.parametrize("text", ['U.S.-Russia "', "AND OR NOT", "(*", "-", 'NEAR("a" b)', "’"])
def test_search_never_raises_on_odd_input(loaded, text: str) -> None:  # noqa: ANN001
    conn, _ = loaded
    assert isinstance(Q.search(conn, text), list)


def test_search_filters_and_article_listing(loaded) -> None:  # noqa: ANN001
    """Article filters (publisher, actor, event type, dates) on the search and on the plain
    listing, against the same question asked of the stored records; snippet marks chosen."""
    conn, arts = loaded
    russia = {a.id for a in arts.values() if "russia" in a.text.lower()}
    ref = arts["ref"]
    by_pub = Q.ArticleFilter.parse(publisher=ref.publisher)
    assert _ids(Q.search(conn, "Russia", by_pub, limit=50)) == {
        a.id for a in arts.values() if a.id in russia and a.publisher == ref.publisher
    }
    lavrov = {a.id for a in arts.values() if any("Lavrov" in e.name for e in a.entities)}
    by_actor = Q.ArticleFilter.parse(actor="lavrov")
    assert _ids(Q.search(conn, "Russia", by_actor, limit=50)) == russia & lavrov
    assert _ids(Q.find_articles(conn, by_actor, limit=50)) == lavrov and lavrov
    by_type = Q.ArticleFilter.parse(type="consult")
    consult = {a.id for a in arts.values() if any(e.type == "CONSULT" for e in a.events)}
    assert _ids(Q.find_articles(conn, by_type, limit=50)) == consult and consult
    listed = Q.find_articles(conn, Q.ArticleFilter.parse(since="2019", until="2019"), limit=50)
    assert _ids(listed) == {a.id for a in arts.values() if (a.published or "")[:4] == "2019"}
    days = [r["published_date"] for r in Q.find_articles(conn, limit=50)]
    assert len(days) == len(arts) and [d or "" for d in days] == sorted(
        (d or "" for d in days), reverse=True
    )
    hits = Q.search(conn, "Lavrov", marks=("\x02", "\x03"), limit=50)
    assert hits and all("\x02" in r["snippet"] and "\x03" in r["snippet"] for r in hits)
    with pytest.raises(Q.QueryError, match="type"):
        Q.ArticleFilter.parse(type="NOT_A_TYPE")


def test_article_walk_gives_the_same_lists(loaded, monkeypatch) -> None:  # noqa: ANN001
    """Articles filtered by a common actor or type are listed by walking the newest articles
    and probing each (SQLite, large collections): forced here, the lists are the same."""
    from tidings.store.queries import articles as arts_q

    conn, arts = loaded
    lavrov = Q.actor_profile(conn, "Lavrov")["entity"]["id"]
    filters = [{"actor": "RUS"}, {"actor": "Lavrov"}, {"actor": lavrov}, {"actor": "USAGOV"},
               {"type": "CONSULT"}, {"actor": "RUS", "type": "THREATEN", "since": "2019"},
               {"actor": "nobody at all"}]  # fmt: skip
    pages = [(lim, off) for lim in (1, 2, 50) for off in (0, 1, 4)]
    monkeypatch.setattr(arts_q, "WALK_MIN_ROWS", 10**9)
    plain = {(str(r), p): Q.find_articles(conn, Q.ArticleFilter.parse(**r), limit=p[0],
                                          offset=p[1]) for r in filters for p in pages}  # fmt: skip
    assert any(plain[str(filters[0]), (50, 0)]) and not plain[str(filters[-1]), (50, 0)]
    monkeypatch.setattr(arts_q, "WALK_MIN_ROWS", 0)
    for raw in filters:
        f = Q.ArticleFilter.parse(**raw)
        if conn.dialect.name == "sqlite":
            assert arts_q._walk_newest(conn, f)  # the walk is what is tested
        for lim, off in pages:
            assert Q.find_articles(conn, f, limit=lim, offset=off) == plain[str(raw), (lim, off)]


def _match(actor, value: str) -> bool:  # noqa: ANN001 - EventActor
    """The actor-key rule (docs/storage.md): a country code, another code, a name part."""
    if value.isupper():
        if split_code(value) == (value, None):  # an ISO 3166 alpha-3 country
            return actor.country == value
        return (actor.actor_code or "").startswith(value)
    return value.lower() in actor.name.lower()


FILTERS = [
    {"actor": "RUS"},
    {"actor": "USAGOV"},
    {"actor": "Lavrov"},
    {"target": "USA"},
    {"actor": "USA", "target": "RUS", "type": "CONSULT"},
    {"type": "AGREE"},
    {"cameo": "1"},
    {"cameo": "04"},
    {"quad": "material-conflict"},
    {"quad": "3"},
    {"since": "2019-01-01", "until": "2019-12-31"},
    {"since": "2020"},
    {"until": "2019-05"},
    {"place": "Sochi"},
    {"place": "KOR"},
    {"modality": "hypothetical"},
]


def _expected(events: list[Event], f: dict[str, str]) -> set[str]:
    out = set()
    quad = Q.parse_quad(f.get("quad"))
    for e in events:
        if "actor" in f and not any(_match(a, f["actor"]) for a in e.source):
            continue
        if "target" in f and not any(_match(a, f["target"]) for a in e.target):
            continue
        if "type" in f and e.type != f["type"]:
            continue
        if "cameo" in f and not (e.cameo or "").startswith(f["cameo"]):
            continue
        if quad and e.quad_class != quad:
            continue
        if "since" in f and e.date < Q.parse_date(f["since"], "since"):
            continue
        if "until" in f and e.date > Q.parse_date(f["until"], "until", end=True):
            continue
        if "place" in f and not (
            e.location
            and (e.location.country == f["place"] or f["place"].lower() in e.location.name.lower())
        ):
            continue
        if "modality" in f and e.modality != f["modality"]:
            continue
        out.add(e.id)
    return out


@pytest.mark.parametrize("raw", FILTERS, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()))
def test_event_filters(loaded, raw: dict[str, str]) -> None:  # noqa: ANN001
    conn, arts = loaded
    rows = Q.find_events(conn, Q.EventFilter.parse(**raw), limit=100)
    expect = _expected(_events(arts), raw)
    assert _ids(rows) == expect
    assert len(rows) == len(expect)  # merged, never one row per report


def test_every_filter_selects_something_and_not_everything(arts) -> None:  # noqa: ANN001
    events = _events(arts)
    for raw in FILTERS:
        assert 0 < len(_expected(events, raw)) < len({e.id for e in events}), raw


def test_event_pages_are_disjoint_and_ordered(loaded) -> None:  # noqa: ANN001
    conn, _ = loaded
    f = Q.EventFilter()
    everything = Q.find_events(conn, f, limit=100)
    pages = [Q.find_events(conn, f, limit=3, offset=o) for o in range(0, len(everything), 3)]
    assert [r for p in pages for r in p] == everything
    dates = [r["date"] for r in everything]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("margin", [1, 1000])
def test_walk_over_the_newest_events_gives_the_same_pages(loaded, monkeypatch, margin) -> None:  # noqa: ANN001
    """A common actor's page is read by a bounded walk over the newest events (on a large
    collection only; PostgreSQL collects the actor's events first where the walk falls short):
    forced here on every actor, with a window too small for the page
    (margin 1: the fallback query) and one holding everything, it gives the same pages."""
    from tidings.store.queries import events as ev

    conn, arts = loaded
    keys = [{"actor": "RUS"}, {"actor": "Lavrov"}, {"target": "USA"}, {"actor": "USAGOV"},
            {"actor": "RUS", "quad": "verbal-conflict"}, {"target": "USA", "since": "2019"}]  # fmt: skip
    pages = [(lim, off) for lim in (1, 2, 5, 100) for off in (0, 1, 3)]
    plain = {}
    monkeypatch.setattr(ev, "walk_threshold", lambda page, total: 10**9)
    for raw in keys:
        for lim, off in pages:
            plain[str(raw), lim, off] = Q.find_events(conn, Q.EventFilter.parse(**raw), limit=lim,
                                                      offset=off)  # fmt: skip
    eid = Q.actor_profile(conn, arts["ref"].events[0].source[0].name)["entity"]["id"]
    before = Q.actor_profile(conn, eid, limit=2)
    monkeypatch.setattr(ev, "walk_threshold", lambda page, total: 1)
    monkeypatch.setattr(ev, "WALK_MARGIN", margin)
    walked = 0
    for raw in keys:
        for lim, off in pages:
            f = Q.EventFilter.parse(**raw)
            assert Q.find_events(conn, f, limit=lim, offset=off) == plain[str(raw), lim, off]
            side = "actor" if "actor" in raw else "target"
            rest = [c for k, c in raw.items() if k != side]
            got = ev.newest_with_actor(
                conn, Q.actor_key(conn, raw[side]), {"actor": "source"}.get(side, "target"),
                Q.event_conditions(conn, Q.EventFilter.parse(**{k: raw[k] for k in raw if k != side})),
                limit=lim, offset=off,
            ) if not rest else None  # fmt: skip
            walked += got is not None
            assert got is None or got == plain[str(raw), lim, off]
    assert Q.actor_profile(conn, eid, limit=2) == before
    assert walked > 0  # the walk (PostgreSQL: or its fenced collection) answered pages itself


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"type": "FOO"}, "type"),
        ({"since": "yesterday"}, "since"),
        ({"until": "2019-02-30"}, "until"),
        ({"quad": "5"}, "quad"),
        ({"cameo": "abc"}, "cameo"),
        ({"modality": "maybe"}, "modality"),
    ],
)
def test_bad_filters_name_the_field(raw: dict[str, str], field: str) -> None:
    with pytest.raises(Q.QueryError, match=rf"^{field}: "):
        Q.EventFilter.parse(**raw)


def test_actors_ranked_by_articles(loaded) -> None:  # noqa: ANN001
    conn, arts = loaded
    counts = Counter(
        cid for a in arts.values() for cid in {canonical_entity_id(e) for e in a.entities}
    )
    rows = Q.find_actors(conn, limit=10)
    assert [r["articles"] for r in rows] == sorted(counts.values(), reverse=True)[:10]
    assert all(counts[r["id"]] == r["articles"] for r in rows)
    rus = Q.find_actors(conn, country="RUS", limit=100)
    expect_rus = {
        canonical_entity_id(e) for a in arts.values() for e in a.entities if e.country == "RUS"
    }
    assert _ids(rus) == expect_rus and len(expect_rus) >= 3
    assert all(r["country"] == "RUS" for r in rus)


def test_actor_profile(loaded) -> None:  # noqa: ANN001
    conn, arts = loaded
    name = arts["ref"].events[0].source[0].name  # an actor the coder linked to an entity
    prof = Q.actor_profile(conn, name)
    assert prof is not None
    eid = prof["entity"]["id"]
    expect_src, expect_tgt, n_articles = set(), set(), 0
    for a in arts.values():
        local = {e.id for e in a.entities if canonical_entity_id(e) == eid}
        n_articles += bool(local)
        for ev in a.events:
            expect_src |= {ev.id for x in ev.source if x.entity in local}
            expect_tgt |= {ev.id for x in ev.target if x.entity in local}
    assert prof["articles"] == n_articles
    assert _ids(prof["events_as_source"]) == expect_src
    assert _ids(prof["events_as_target"]) == expect_tgt
    assert expect_src | expect_tgt
    assert Q.actor_profile(conn, "no such person anywhere") is None


def test_quotes_by_speaker_and_words(loaded) -> None:  # noqa: ANN001
    conn, arts = loaded
    all_quotes = [q for a in arts.values() for q in a.quotes]
    rows = Q.find_quotes(conn, speaker="Lavrov")
    assert {r["text"] for r in rows} == {
        q.text for q in all_quotes if "lavrov" in (q.speaker_name or "").lower()
    }
    rows = Q.find_quotes(conn, q="fiction")
    assert [r["text"] for r in rows] == [q.text for q in all_quotes if "fiction" in q.text]
    assert Q.find_quotes(conn, speaker="Lavrov", q="relationship") == []


@pytest.mark.parametrize("by", ["day", "week", "month", "year"])
@pytest.mark.parametrize("directed", [False, True])
def test_dyad_matches_python_aggregation(loaded, by: str, directed: bool) -> None:  # noqa: ANN001
    conn, arts = loaded
    acc: dict[str, Counter] = defaultdict(Counter)
    gold: dict[str, float] = defaultdict(float)
    for e in {e.id: e for e in _events(arts)}.values():
        fwd = any(_match(a, "USA") for a in e.source) and any(_match(a, "RUS") for a in e.target)
        back = any(_match(a, "RUS") for a in e.source) and any(_match(a, "USA") for a in e.target)
        if not (fwd or (back and not directed)):
            continue
        d = date.fromisoformat(e.date)
        period = {
            "day": e.date,
            "week": date.fromordinal(d.toordinal() - d.weekday()).isoformat(),
            "month": e.date[:7],
            "year": e.date[:4],
        }[by]
        acc[period][Q.QUAD_KEYS[e.quad_class]] += 1
        gold[period] += e.goldstein
    rows = Q.dyad(conn, "USA", "RUS", by=by, directed=directed)
    assert [r["period"] for r in rows] == sorted(acc)
    for r in rows:
        assert r["events"] == sum(acc[r["period"]].values())
        for name in Q.QUAD_KEYS.values():
            assert r[name] == acc[r["period"]][name]
        assert r["goldstein"] == pytest.approx(gold[r["period"]])


def test_dyad_counts_undated_events_on_the_first_report(db_url: str, arts) -> None:  # noqa: ANN001
    ref = arts["ref"].model_copy(deep=True)
    ref.published = "2019-05-20T09:00:00"  # a week after the dated events, to tell them apart
    pair = [
        e
        for e in ref.events
        if {a.country for a in e.source} | {a.country for a in e.target} >= {"USA", "RUS"}
    ]
    assert len(pair) >= 2
    pair[0].date = None
    engine = connect(db_url)
    with engine.begin() as c:
        store_article(c, article_rows(ref))
    with engine.connect() as c:
        rows = {r["period"]: r["events"] for r in Q.dyad(c, "USA", "RUS", by="day")}
        dated = Counter(e.date for e in pair[1:])
        assert rows == {**dated, "2019-05-20": 1}
        assert Q.dyad(c, "USA", "RUS", since="2019-05-19") == [
            r for r in Q.dyad(c, "USA", "RUS") if r["period"] >= "2019-05-19"
        ]
    engine.dispose()


def test_event_pages_by_day_merge_dated_and_undated_events(db_url: str, arts) -> None:  # noqa: ANN001
    """A day filter lists dated events (by their date) and undated ones (by the first report)
    as two pages merged; every page equals the one query over both (the newest first, in the
    back end's order of undated events)."""
    from sqlalchemy import desc, select

    from tidings.store.tables import events

    ref = arts["ref"].model_copy(deep=True)
    ref.published = "2019-05-20T09:00:00"
    for ev in ref.events[::2]:
        ev.date = None  # half the events undated: placed on 2019-05-20
    engine = connect(db_url)
    with engine.begin() as c:
        for art in [ref, *(a for k, a in arts.items() if k != "ref")]:
            store_article(c, article_rows(art))
    with engine.connect() as c:
        for raw in ({"since": "2019-05-01", "until": "2019-05-31"}, {"since": "2019-05-15"},
                    {"until": "2019-05-20"}, {"since": "2015", "type": "CONSULT"}):  # fmt: skip
            f = Q.EventFilter.parse(**raw)
            one = select(*[events.c[k] for k in ("id", "date")]).where(*Q.event_conditions(c, f))
            everything = Q.find_events(c, f, limit=100)
            assert [r["id"] for r in everything] == [
                r.id for r in c.execute(one.order_by(desc("date"), "id"))
            ]
            for lim, off in ((1, 0), (2, 1), (3, 2), (50, 1)):
                assert Q.find_events(c, f, limit=lim, offset=off) == everything[off : off + lim]
        undated = Q.find_events(c, Q.EventFilter.parse(since="2019-05-20", until="2019-05-20"))
        assert undated and all(r["date"] is None for r in undated)
    engine.dispose()
