"""The HTTP API (FastAPI TestClient, the real app on a real database, both back ends)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from sqlalchemy import func, select

from store_corpus import with_events
from tidings.api.app import create_app
from tidings.schema import Article
from tidings.store import queries as Q
from tidings.store.db import connect
from tidings.store.rows import article_rows
from tidings.store.tables import articles
from tidings.store.writer import store_article

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def loaded(module_db_url: str, analyzed: dict[str, Article]):  # noqa: ANN201
    arts = with_events(analyzed)
    engine = connect(module_db_url)
    with engine.begin() as c:
        for art in arts.values():
            store_article(c, article_rows(art))
    yield TestClient(create_app(engine)), arts, engine
    engine.dispose()


def test_events_paginated_and_equal_to_the_query_layer(loaded) -> None:  # noqa: ANN001
    client, _, engine = loaded
    with engine.connect() as c:
        expect = [r["id"] for r in Q.find_events(c, Q.EventFilter.parse(target="RUS"))]
    got, offset = [], 0
    while offset is not None:
        page = client.get("/api/events", params={"target": "RUS", "limit": 2, "offset": offset})
        assert page.status_code == 200
        body = page.json()
        got += [r["id"] for r in body["items"]]
        offset = body["next_offset"]
    assert got == expect and len(expect) > 2


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/events", {"since": "2019-02-30"}, "since"),
        ("/api/events", {"type": "HUG"}, "type"),
        ("/api/events", {"quad": "9"}, "quad"),
        ("/api/events", {"limit": 100000}, "limit"),
        ("/api/events", {"offset": -1}, "offset"),
        ("/api/search", {}, "q"),
        ("/api/search", {"q": "x", "until": "May"}, "until"),
        ("/api/dyad", {"a": "USA", "b": "RUS", "by": "decade"}, "by"),
        ("/api/quotes", {"since": "20190101"}, "since"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(loaded, path, params, field) -> None:  # noqa: ANN001
    client = loaded[0]
    r = client.get(path, params=params)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert any(d["loc"][-1] == field for d in detail), detail
    assert all(d["msg"] for d in detail)


def test_query_endpoints(loaded) -> None:  # noqa: ANN001
    client, arts, engine = loaded
    hits = client.get("/api/search", params={"q": "election interference"}).json()["items"]
    assert hits[0]["id"] == arts["ref"].id and "[" in hits[0]["snippet"]
    top = client.get("/api/actors", params={"limit": 5}).json()
    assert len(top["items"]) == 5 and top["next_offset"] == 5
    name = arts["ref"].events[0].source[0].name
    prof = client.get(f"/api/actors/{name}").json()
    assert prof["entity"]["name"] == name
    assert client.get("/api/actors/Nobody Atall").status_code == 404
    quotes = client.get("/api/quotes", params={"speaker": "Lavrov"}).json()["items"]
    assert quotes and all("lavrov" in q["speaker_name"].lower() for q in quotes)
    with engine.connect() as c:
        expect = Q.dyad(c, "USA", "RUS", by="month")
    assert client.get("/api/dyad", params={"a": "USA", "b": "RUS", "by": "month"}).json() == expect
    art = client.get(f"/api/articles/{arts['wh1'].id}").json()
    assert {e["id"] for e in art["events"]} == {e.id for e in arts["wh1"].events}
    assert len(art["quotes"]) == len(arts["wh1"].quotes)
    assert client.get("/api/articles/nope").status_code == 404
    gdelt = client.get("/api/export/events", params={"format": "gdelt", "type": "CONSULT"}).text
    assert all(len(ln.split("\t")) == 61 for ln in gdelt.splitlines()) and gdelt


def test_openapi_and_docs(loaded) -> None:  # noqa: ANN001
    client = loaded[0]
    spec = client.get("/openapi.json").json()
    for path in ("/api/search", "/api/events", "/api/actors", "/api/actors/{name}",
                 "/api/quotes", "/api/dyad", "/api/analyze", "/api/articles"):  # fmt: skip
        assert path in spec["paths"], path
    assert client.get("/docs").status_code == 200


def _count(engine) -> int:  # noqa: ANN001
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(articles)).scalar_one()


def test_analyze_stores_nothing_and_articles_ingests(db_url: str, shared: Path) -> None:
    text = (shared / "corpus" / "articles" / "wh-0003.txt").read_text()
    title, body = text.split("\n", 1)
    engine = connect(db_url)
    with TestClient(create_app(engine, token="s3cret")) as client:  # stops the analysis worker
        _analyze_and_ingest(client, engine, title, body)
    engine.dispose()


def _analyze_and_ingest(client, engine, title: str, body: str) -> None:  # noqa: ANN001
    r = client.post("/api/analyze", json={"title": title, "text": body})
    assert r.status_code == 200
    names = {e["name"] for e in r.json()["entities"]}
    assert any("Sullivan" in n for n in names)
    assert _count(engine) == 0
    assert client.post("/api/analyze", json={"title": "no body"}).status_code == 422

    payload = {"title": title, "text": body, "url": "https://example.org/wh-0003"}
    assert client.post("/api/articles", json=payload).status_code == 401
    bad = client.post("/api/articles", json=payload, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    auth = {"Authorization": "Bearer s3cret"}
    r = client.post("/api/articles", json=payload, headers=auth)
    assert r.status_code == 201 and r.json()["status"] == "stored"
    assert client.post("/api/articles", json=payload, headers=auth).json()["status"] == "unchanged"
    assert _count(engine) == 1
    stored = client.get(f"/api/articles/{r.json()['id']}").json()
    assert stored["url"] == payload["url"] and "Sullivan" in stored["text"]


def test_public_server_without_token_refuses_writes(db_url: str) -> None:
    engine = connect(db_url)
    with TestClient(create_app(engine, token="", guard_writes=True)) as client:
        r = client.post("/api/articles", json={"text": "Talks in Sochi."})
        assert r.status_code == 403 and "TIDINGS_API_TOKEN" in r.json()["detail"]
        assert client.post("/api/analyze", json={"text": "Talks in Sochi."}).status_code == 200
    assert _count(engine) == 0
    with TestClient(create_app(engine, token="")) as local:  # localhost, no token: writes allowed
        assert local.post("/api/articles", json={"text": "Talks in Sochi."}).status_code == 201
    engine.dispose()


def test_one_app_serves_the_api_the_web_ui_and_offline_docs(loaded) -> None:  # noqa: ANN001
    """``create_app`` is the API with the web UI mounted on the same database."""
    app, arts, _ = loaded
    paths = app.get("/openapi.json").json()["paths"]
    assert "/api/search" in paths and "/api/events" in paths
    assert not any(p in paths for p in ("/", "/network", "/docs"))  # pages stay out of the API
    home = app.get("/")
    assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
    assert "content-security-policy" in home.headers
    docs = app.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower() and "content-security-policy" in docs.headers
    assert app.get("/redoc").status_code == 404  # FastAPI's ReDoc page needs a CDN: off
    # every page on this back end (the web UI's SQL runs on PostgreSQL too)
    actor = app.get("/api/actors", params={"limit": 1}).json()["items"][0]["id"]
    ref = arts["ref"]
    pages = ["/search", f"/articles/{ref.id}", f"/actors/{actor}", "/dyads/USA/RUS", "/network"]
    for url in [*pages, "/network?start=2019-01-01&end=2019-12-31"]:
        r = app.get(url)
        assert r.status_code == 200 and "<h1" in r.text, url
    dyad = app.get("/dyads/USA/RUS").text
    assert any(e.date for e in ref.events) and 'class="event-item"' in dyad
    # one search: the page lists what the API finds, in the same order, hits marked
    import lxml.html

    api = [
        r["id"] for r in app.get("/api/search", params={"q": "Russia", "limit": 50}).json()["items"]
    ]
    page = lxml.html.fromstring(app.get("/search", params={"q": "Russia"}).text)
    hrefs = page.xpath('//ol[@class="results"]//a[@class="title"]/@href')
    assert hrefs == [f"/articles/{i}" for i in api] and len(api) >= 2
    marks = page.xpath('//p[@class="snippet"]/mark/text()')
    assert marks and all(m.lower().startswith("russia") for m in marks)
    only = app.get("/api/search", params={"q": "Russia", "publisher": ref.publisher}).json()
    assert {r["publisher"] for r in only["items"]} == {ref.publisher}
    assert app.get("/api/search", params={"q": "Russia", "type": "NOPE"}).status_code == 422
