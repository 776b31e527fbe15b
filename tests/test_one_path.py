"""The CLI, the HTTP API and the web UI answer from one query layer: the same question gives the
same rows everywhere (the claims of README.md, docs/storage.md, docs/api.md and docs/web.md),
and the rules they share (which day an event counts on, what an actor key matches, which actor
a name means) are pinned here, on SQLite and PostgreSQL.

The collection is the store tests' real articles with events on real sentences, plus the cases
the rules are about: an event whose text gives no date, one dated to a month, one to a year, and
one with a second target actor.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from store_corpus import with_events
from tidings import kb, ontology
from tidings.cli import main
from tidings.schema import Article, EventActor
from tidings.store import queries as Q
from tidings.store.db import connect
from tidings.store.rows import article_rows
from tidings.store.writer import store_article

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]


def _collection(analyzed: dict[str, Article]) -> dict[str, Article]:
    arts = with_events(analyzed)
    ref, wh1, wn1 = arts["ref"], arts["wh1"], arts["wn1"]
    ref.published = "2019-05-20T09:00:00"  # a week after the dated events: undated ones show
    ref.events[0].date, ref.events[0].date_precision = None, None  # USA -> RUS, no date
    ref.events[1].date, ref.events[1].date_precision = "2019-05", "month"  # RUS -> USA
    wh1.events[1].date, wh1.events[1].date_precision = "2021", "year"  # USA -> RUS
    wn1.events[0].target.append(EventActor(name="United States", country="USA", actor_code="USA"))
    return arts


@pytest.fixture(scope="module")
def served(module_db_url: str, analyzed: dict[str, Article]):  # noqa: ANN201
    """(url, articles, engine, client of the app ``tidings serve`` runs)."""
    from tidings.api.app import create_app

    arts = _collection(analyzed)
    engine = connect(module_db_url)
    with engine.begin() as c:
        for art in arts.values():
            store_article(c, article_rows(art))
    yield module_db_url, arts, engine, TestClient(create_app(engine))
    engine.dispose()


def cli_json(url: str, *args: str):  # noqa: ANN201 - parsed JSON
    res = CliRunner().invoke(main, [*args, "--db", url, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _doc(resp) -> lxml.html.HtmlElement:  # noqa: ANN001
    assert resp.status_code == 200, resp.text[:300]
    return lxml.html.fromstring(resp.text)


def _data(html: str, block: str):  # noqa: ANN202
    return json.loads(re.search(rf'id="{block}">(.*?)</script>', html, re.S).group(1))


def _ids(rows: list[dict]) -> list[str]:
    return [r["id"] for r in rows]


# --------------------------------------------------------------------------- dyads


DYADS = [("USA", "RUS"), ("RUS", "USA"), ("PRK", "KOR"), ("Lavrov", "Pompeo")]


@pytest.mark.parametrize(("a", "b"), DYADS)
def test_dyad_rows_are_the_same_on_the_cli_the_api_and_the_web_chart(served, a, b) -> None:  # noqa: ANN001
    """docs/storage.md and docs/api.md: ``tidings dyad``, ``/api/dyad`` and the web's dyad
    chart give the same numbers."""
    url, _, engine, client = served
    with engine.connect() as c:
        for by in Q.PERIODS:
            rows = Q.dyad(c, a, b, by=by)
            assert rows, (a, b, by)
            assert cli_json(url, "dyad", a, b, "--by", by) == rows
            api = client.get("/api/dyad", params={"a": a, "b": b, "by": by})
            assert api.json() == rows
        weekly = Q.dyad(c, a, b, by="week")
    page = client.get(f"/dyads/{a}/{b}").text
    assert _data(page, "dyad-data")["series"] == weekly
    table = _doc(client.get(f"/dyads/{a}/{b}")).xpath('//table[@id="dyad-table"]/tbody/tr')
    assert [r.xpath("td")[0].text_content() for r in table] == [w["period"] for w in weekly]


def test_code_level_dyads_and_rankings_are_the_same_everywhere(served) -> None:  # noqa: ANN001
    """``--level code`` / ``level=code`` dyads and ``--by code`` / ``by=code`` rankings: the CLI,
    the API and the web page give the same rows; no actor code is listed twice."""
    url, _, engine, client = served
    for a, b in (("USAGOV", "RUS"), ("USAGOV", "RUSGOV")):
        cli = cli_json(url, "dyad", a, b, "--by", "week", "--level", "code")
        api = client.get("/api/dyad", params={"a": a, "b": b, "level": "code"}).json()
        web = _data(client.get(f"/dyads/{a}/{b}?level=code").text, "dyad-data")["series"]
        with engine.connect() as c:
            direct = Q.dyad(c, a, b, level="code")
        assert cli == api == web == direct
    assert sum(r["events"] for r in direct) > 0
    codes = cli_json(url, "actors", "--by", "code", "--top", "40")
    api = client.get("/api/actors", params={"by": "code", "limit": 40}).json()["items"]
    assert codes == api and codes
    assert len({r["code"] for r in codes}) == len(codes)
    for r in codes:  # a country is named by its name, whatever demonym the articles used
        if r["code"] == r["country"]:
            assert r["name"] == kb.country_name(r["code"])


def test_every_event_of_a_dyad_is_placed_whatever_its_date_precision(served) -> None:  # noqa: ANN001
    """One bucketing: undated events count on the day first reported, month/year dates on
    their first day, so no period size loses an event, and the dyad's events are exactly
    those ``tidings events`` finds for the two directions."""
    _, arts, engine, _ = served
    with engine.connect() as c:
        both = {
            *_ids(Q.find_events(c, Q.EventFilter.parse(actor="USA", target="RUS"))),
            *_ids(Q.find_events(c, Q.EventFilter.parse(actor="RUS", target="USA"))),
        }
        totals = {by: sum(r["events"] for r in Q.dyad(c, "USA", "RUS", by=by)) for by in Q.PERIODS}
        weeks = {r["period"]: r["events"] for r in Q.dyad(c, "USA", "RUS", by="week")}
        days = {r["period"]: r["events"] for r in Q.dyad(c, "USA", "RUS", by="day")}
    assert set(totals.values()) == {len(both)} and len(both) == 7
    assert days == {"2019-05-01": 1, "2019-05-14": 2, "2019-05-20": 1, "2021-01-01": 1,
                    "2021-01-26": 2}  # fmt: skip
    # 2019-05 counts on Wed 1 May (week of 29 April); 2021 on Fri 1 January (week of 28 Dec)
    assert weeks == {"2019-04-29": 1, "2019-05-13": 2, "2019-05-20": 1, "2020-12-28": 1,
                     "2021-01-25": 2}  # fmt: skip
    # counts take the first source and target; lists and filters any actor in the role:
    # PRK -> [KOR, USA] is listed for --actor PRK --target USA, counted in the PRK-KOR dyad only
    assert [a.country for a in arts["wn1"].events[0].target] == ["KOR", "USA"]
    with engine.connect() as c:
        listed = Q.find_events(c, Q.EventFilter.parse(actor="PRK", target="USA"))
        assert _ids(listed) == [arts["wn1"].events[0].id]
        assert Q.dyad(c, "PRK", "USA") == []
        assert [r["events"] for r in Q.dyad(c, "PRK", "KOR", by="year")] == [1]


@pytest.mark.parametrize(
    ("since", "until", "expect"),
    [
        ("2019-05-01", None, {"2019-05", "2019-05-14", "2019-05-20", "2021", "2021-01-26"}),
        ("2019-05-02", None, {"2019-05-14", "2019-05-20", "2021", "2021-01-26"}),
        (None, "2019-04-30", set()),
        (None, "2019-05", {"2019-05", "2019-05-14", "2019-05-20"}),
        ("2019-05-15", "2019-05-31", {"2019-05-20"}),  # undated: the day it was reported
        ("2021", "2021-01-01", {"2021"}),
        ("2021-01-02", "2021", {"2021-01-26"}),
    ],
)
def test_since_until_select_by_the_day_an_event_counts_on(served, since, until, expect) -> None:  # noqa: ANN001
    """``events --since/--until`` (and the API, the network page) use the dyad's day rule."""
    url, _, engine, client = served
    with engine.connect() as c:
        ids = set(_ids(Q.find_events(c, Q.EventFilter.parse(since=since, until=until))))
        day = {e["id"]: e["date"] or "2019-05-20" for e in Q.find_events(c, limit=100)}
        period = {r["period"] for r in Q.dyad(c, "USA", "RUS", by="day", since=since,
                                                until=until)}  # fmt: skip
    usa_rus = {i for i in ids if i in _usa_rus(engine)}
    assert {day[i] for i in usa_rus} == expect
    assert period == {Q.bucket(d, "day") for d in expect}
    args = [a for k, v in (("--since", since), ("--until", until)) if v for a in (k, v)]
    assert {e["id"] for e in cli_json(url, "events", *args, "--limit", "100")} == ids
    params = {k: v for k, v in (("since", since), ("until", until)) if v}
    api = client.get("/api/events", params={**params, "limit": 100}).json()["items"]
    assert set(_ids(api)) == ids


def _usa_rus(engine) -> set[str]:  # noqa: ANN001
    with engine.connect() as c:
        return {
            *_ids(Q.find_events(c, Q.EventFilter.parse(actor="USA", target="RUS"))),
            *_ids(Q.find_events(c, Q.EventFilter.parse(actor="RUS", target="USA"))),
        }


def test_the_dyad_week_list_is_the_chart_week(served) -> None:  # noqa: ANN001
    """A click on a week lists the events the chart counted in it."""
    _, _, engine, client = served
    with engine.connect() as c:
        weekly = Q.dyad(c, "USA", "RUS", by="week")
    for w in weekly:
        got = client.get(f"/ui-data/dyads/USA/RUS/events?week={w['period']}").json()["events"]
        assert len(got) == w["events"]
        assert {Q.bucket(e["day"], "week") for e in got} == {w["period"]}
    assert client.get("/ui-data/dyads/USA/RUS/events?week=soon").status_code == 422


def test_gdelt_export_dates_events_by_the_same_day(served) -> None:  # noqa: ANN001
    """``export --format gdelt`` SQLDATE is the day the event counts on (first day of a partial
    date; the first report's day when undated)."""
    url, _, engine, client = served
    with engine.connect() as c:
        events = {e["id"]: e for e in Q.find_events(c, limit=100)}
    res = CliRunner().invoke(main, ["export", "events", "--format", "gdelt", "--db", url])
    sqldates = sorted(ln.split("\t")[1] for ln in res.stdout.splitlines())
    expect = sorted(Q.day_of(e["date"] or "2019-05-20").strftime("%Y%m%d") for e in events.values())
    assert sqldates == expect and "20190501" in expect and "20210101" in expect
    api = client.get("/api/export/events", params={"format": "gdelt"}).text
    assert sorted(ln.split("\t")[1] for ln in api.splitlines()) == expect


# --------------------------------------------------------------------------- other queries


def test_events_are_the_same_on_the_cli_and_the_api(served) -> None:  # noqa: ANN001
    url, _, _, client = served
    for params in ({"actor": "USA"}, {"target": "RUS", "quad": "verbal-cooperation"},
                   {"type": "CONSULT", "since": "2020"}):  # fmt: skip
        args = [a for k, v in params.items() for a in (f"--{k}", v)]
        cli = cli_json(url, "events", *args)
        api = client.get("/api/events", params=params).json()["items"]
        assert api == cli and cli, params
        # the export takes the same filters on both
        out = CliRunner().invoke(
            main, ["export", "events", "--format", "jsonl", "--db", url, *args]
        )
        exported = [json.loads(ln)["id"] for ln in out.stdout.splitlines()]
        api_csv = client.get("/api/export/events", params={**params, "format": "jsonl"}).text
        assert [json.loads(ln)["id"] for ln in api_csv.splitlines()] == exported == _ids(cli)


def test_search_is_the_same_on_the_cli_the_api_and_the_page(served) -> None:  # noqa: ANN001
    """README and docs/web.md: one search for the CLI, the API and the page."""
    url, arts, _, client = served
    for params in ({"q": "Russia"}, {"q": "Russia", "publisher": arts["ref"].publisher},
                   {"q": "Russia", "actor": "Lavrov"}, {"q": "Russia", "since": "2020"}):  # fmt: skip
        cli = cli_json(url, "search", params["q"], *[
            a for k, v in params.items() if k != "q" for a in (f"--{k}", v)], "--limit", "50")  # fmt: skip
        api = client.get("/api/search", params={**params, "limit": 50}).json()["items"]
        page = _doc(client.get("/search", params=params))
        hrefs = page.xpath('//ol[@class="results"]//a[@class="title"]/@href')
        assert _ids(cli) == _ids(api) and cli, params
        assert hrefs == [f"/articles/{i}" for i in _ids(cli)], params


def test_actor_profile_is_the_same_on_the_cli_the_api_and_the_page(served) -> None:  # noqa: ANN001
    """One resolver: id, exact name, else the most frequent partial match; the page of a name
    redirects to the id's page, which shows the same counts."""
    url, _, engine, client = served
    with engine.connect() as c:
        lavrov = Q.resolve_actor(c, "lavrov")
        ranked = {r["id"]: r for r in Q.find_actors(c, limit=1000)}
    assert lavrov and "Lavrov" in lavrov["name"]
    for key in ("lavrov", lavrov["name"].upper(), lavrov["id"]):
        prof = cli_json(url, "actor", key)
        assert prof == client.get(f"/api/actors/{key}").json()
        assert prof["entity"]["id"] == lavrov["id"]
        page = client.get(f"/actors/{key}", follow_redirects=False)
        if key != lavrov["id"]:
            assert page.status_code == 302 and page.headers["location"] == f"/actors/{lavrov['id']}"
    assert prof["articles"] == ranked[lavrov["id"]]["articles"] >= 1
    assert prof["roles"] and all(r["role"] for r in prof["roles"])  # roles only, no "None"
    doc = _doc(client.get(f"/actors/{lavrov['id']}"))
    head = doc.xpath('//header[@class="a-head"]/p')[0].text_content()
    assert f"in {prof['articles']} article" in head
    roles = [[td.text_content() for td in tr.xpath("td")]
             for tr in doc.xpath('//section[@aria-labelledby="h-roles"]//tbody/tr')]  # fmt: skip
    assert roles == [[r["role"], r["first_seen"] or "—", r["last_seen"] or "—", str(r["articles"])]
                     for r in prof["roles"]]  # fmt: skip
    timeline = _data(client.get(f"/actors/{lavrov['id']}").text, "timeline-data")
    assert sum(w["source"] for w in timeline) == len(prof["events_as_source"]) > 0
    assert sum(w["target"] for w in timeline) == len(prof["events_as_target"]) > 0
    assert client.get("/api/actors/nobody at all").status_code == 404
    assert client.get("/actors/nobody at all").status_code == 404


def test_stats_and_the_overview_count_the_same(served) -> None:  # noqa: ANN001
    url, _, _, client = served
    (stats,) = cli_json(url, "stats")
    items = _doc(client.get("/")).xpath('//ul[@class="counts"]/li')
    shown = {li.text_content().split(" ", 1)[1]: int(li.xpath("strong")[0].text.replace(",", ""))
             for li in items}  # fmt: skip
    assert shown == {k: stats[k] for k in ("articles", "actors", "events", "quotes")}


def test_an_article_is_the_same_on_the_api_and_the_page(served) -> None:  # noqa: ANN001
    _, arts, _, client = served
    for art in arts.values():
        api = client.get(f"/api/articles/{art.id}").json()
        page = _doc(client.get(f"/articles/{art.id}"))
        why = [
            i.removeprefix("why-") for i in page.xpath("//details[starts-with(@id, 'why-')]/@id")
        ]
        assert _ids(api["events"]) == why and len(why) == len(art.events)
        listed = page.xpath('//ul[@class="entities"]//a/@href')
        assert sorted(listed) == sorted({f"/actors/{e['entity_id']}" for e in api["entities"]})


# --------------------------------------------------------------------------- actor keys


def test_an_actor_key_means_the_same_in_every_filter(served) -> None:  # noqa: ANN001
    """Entity id, upper-case code or name part, in events, dyads, article search and quotes."""
    url, arts, engine, client = served
    with engine.connect() as c:
        lavrov = Q.resolve_actor(c, "Lavrov")["id"]
        kinds = {k: Q.actor_key(c, k).kind for k in (lavrov, "RUS", "RUSGOV", "IGO", "Lavrov")}
        assert kinds == {lavrov: "entity", "RUS": "country", "RUSGOV": "code", "IGO": "code",
                         "Lavrov": "name"}  # fmt: skip
        gov = {e["id"] for e in Q.find_events(c, Q.EventFilter.parse(actor="RUSGOV"))}
        assert gov == {e.id for a in arts.values() for e in a.events
                       if any((x.actor_code or "").startswith("RUSGOV") for x in e.source)}  # fmt: skip
        assert gov
        by_id = _ids(Q.find_events(c, Q.EventFilter.parse(actor=lavrov)))
        by_name = _ids(Q.find_events(c, Q.EventFilter.parse(actor="Lavrov")))
        assert by_id == by_name and by_id
        assert Q.dyad(c, lavrov, "USA") == Q.dyad(c, "Lavrov", "USA")
        naming_rus = Q.find_articles(c, Q.ArticleFilter.parse(actor="RUS"), limit=50)
        quotes_by_id = Q.find_quotes(c, speaker=lavrov)
    expect = {a.id for a in arts.values() if any(e.country == "RUS" for e in a.entities)}
    assert set(_ids(naming_rus)) == expect and expect
    assert {q["text"] for q in quotes_by_id} == {
        q.text for q in arts["ref"].quotes if "Lavrov" in (q.speaker_name or "")
    }
    assert (
        cli_json(url, "quotes", "--speaker", lavrov)
        == client.get("/api/quotes", params={"speaker": lavrov}).json()["items"]
    )
    assert client.get(f"/dyads/{lavrov}/USA").status_code == 200
    assert client.get("/dyads/nobody at all/USA").status_code == 404


# --------------------------------------------------------------------------- vocabulary


def test_quad_names_come_from_the_ontology_only(served) -> None:  # noqa: ANN001
    """The page scripts read the quad-class names from the page (written from
    tidings.ontology); no script spells them."""
    _, _, _, client = served
    block = _data(client.get("/network").text, "quad-classes")
    assert {int(q): v["name"] for q, v in block.items()} == ontology.QUAD_NAMES
    assert {int(q): v["key"] for q, v in block.items()} == Q.QUAD_KEYS
    scripts = (ROOT / "src" / "tidings" / "web" / "static" / "js").glob("*.js")
    for path in scripts:
        text = path.read_text(encoding="utf-8").lower()
        assert not any(name in text for name in ontology.QUAD_NAMES.values()), path.name
    assert [Q.parse_quad(name) for name in ontology.QUAD_NAMES.values()] == [1, 2, 3, 4]


def test_dates_mean_the_same_everywhere(served) -> None:  # noqa: ANN001
    """since/until take YYYY, YYYY-MM or YYYY-MM-DD on the CLI, the API and the pages; a month
    ends on its last day."""
    assert Q.parse_date("2019-02", "until", end=True) == "2019-02-28"
    assert Q.parse_date("2020-02", "until", end=True) == "2020-02-29"
    url, _, _, client = served
    api = client.get("/api/search", params={"q": "Russia", "since": "2020"}).json()["items"]
    page = _doc(client.get("/search", params={"q": "Russia", "since": "2020"}))
    assert page.xpath('//input[@id="since"]/@value') == ["2020-01-01"]
    assert page.xpath('//a[@class="title"]/@href') == [f"/articles/{i}" for i in _ids(api)]
    net = _data(client.get("/network", params={"since": "2021", "until": "2021-01"}).text,
                "network-data")  # fmt: skip
    with connect(url).connect() as c:
        expect = Q.network(c, Q.EventFilter.parse(since="2021", until="2021-01"))
    assert net == expect and net["edges"]


def test_the_interfaces_hold_no_sql() -> None:
    """The CLI, the API and the web UI read through tidings.store.queries: none of their
    modules imports the tables or builds a statement (type names only)."""
    import ast

    allowed = {"Connection", "Engine"}
    for folder in ("cli", "api", "web"):
        for path in (ROOT / "src" / "tidings" / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = {a.name for a in node.names}
                    assert node.module != "tidings.store.tables", path
                    if node.module.startswith("sqlalchemy"):
                        assert names <= allowed, (path, names)
                assert not (isinstance(node, ast.Import)
                            and any(a.name.startswith("sqlalchemy") for a in node.names)), path  # fmt: skip
