"""Web UI through the ASGI app (no browser): pages, escaping, CSP, search, aggregates.

The database is filled by the real pipeline (reader, understanding, event coder) from real
articles: samples/, the reference article, a few ../shared corpus articles and a hostile HTML
page (tests/e2e/hostile.html) whose title and text, once read, hold markup and script. Tests
assert against what the database holds. Synthetic events (tools/devdata.py) are used only
by benchmarks/web.py.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections import defaultdict
from pathlib import Path

import lxml.html
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from tidings.schema import Article
from tidings.store.db import connect
from tidings.store.tables import (
    article_entities,
    articles,
    entities,
    event_sources,
    events,
    mentions,
    quotes,
)
from tidings.web import CSP, create_app, mount
from tidings.web.highlight import Span, tokens

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "articles"
HOSTILE = ROOT / "tests" / "e2e" / "hostile.html"
CORPUS_EXTRA = ["voa-0002.txt", "voa-0004.txt", "wh-0001.txt"]  # not already in samples/


def store(engine, inputs: list[Path]) -> list[Article]:  # noqa: ANN001 - SQLAlchemy Engine
    """Real pipeline -> rows -> database (what ``tidings ingest`` does)."""
    from tidings.pipeline import run
    from tidings.store.rows import article_rows
    from tidings.store.writer import write_rows

    out = []
    with engine.begin() as conn:
        for rec in run(inputs):
            if isinstance(rec, Article):
                write_rows(conn, article_rows(rec))
                out.append(rec)
    return out


@pytest.fixture(scope="session")
def real_db(
    tmp_path_factory: pytest.TempPathFactory, reference_article: Path, shared: Path
) -> Path:
    """Sample, reference, corpus and hostile articles, through the real pipeline."""
    db = tmp_path_factory.mktemp("webdb") / "real.db"
    corpus = [shared / "corpus" / "articles" / n for n in CORPUS_EXTRA]
    stored = store(connect(db), [SAMPLES, reference_article, *corpus, HOSTILE])
    assert len(stored) == 6 + 1 + len(CORPUS_EXTRA) + 1
    return db


@pytest.fixture(scope="session")
def real(real_db: Path) -> TestClient:
    return TestClient(create_app(real_db))


def _article_ids(db: Path) -> dict[str, str]:
    with connect(db).connect() as conn:
        return {r.title or "": r.id for r in conn.execute(select(articles.c.id, articles.c.title))}


def _doc(resp) -> lxml.html.HtmlElement:  # noqa: ANN001
    assert resp.status_code == 200, resp.text[:300]
    return lxml.html.fromstring(resp.text)


def _pieces(box: lxml.html.HtmlElement) -> list[tuple[int, int, lxml.html.HtmlElement]]:
    """``(start, end, element)`` of every element inside ``box``, offsets into its text."""
    out: list[tuple[int, int, lxml.html.HtmlElement]] = []

    def walk(el: lxml.html.HtmlElement, pos: int) -> int:
        start = pos + len(el.text or "")
        pos = start
        for child in el:
            pos = walk(child, pos)
            pos += len(child.tail or "")
        out.append((start - len(el.text or ""), pos, el))
        return pos

    walk(box, 0)
    return out


def _covered(pieces, start: int, end: int, attr: str, value: str) -> bool:  # noqa: ANN001
    """Whether elements with ``data-<attr>=value`` cover every character of [start, end)."""
    marked = set()
    for a, b, el in pieces:
        if el.get(f"data-{attr}") == value:
            marked.update(range(a, b))
    return set(range(start, end)) <= marked


# --------------------------------------------------------------------------- highlight


def test_tokens_nest_crossing_spans_and_keep_text() -> None:
    text = "Sergei Lavrov said Moscow would respond."
    spans = [
        Span(0, 13, "entity", "t-person", "Lavrov", href="/actors/a"),
        Span(7, 24, "quote", "", "quote"),  # crosses the entity's end
        Span(19, 25, "entity", "t-gpe", "Moscow", href="/actors/b"),
        Span(14, 18, "event", "q1", "said", href="#why-x", anchor="ev-x"),
    ]
    toks = tokens(text, spans)
    assert "".join(t.text for t in toks if t.op == "text") == text
    depth = 0
    for t in toks:
        depth += {"open": 1, "close": -1, "text": 0}[t.op]
        assert depth >= 0
    assert depth == 0
    quote_opens = [t for t in toks if t.op == "open" and t.span.kind == "quote"]
    assert len(quote_opens) >= 2  # split where it crosses the entity
    assert sum(t.first for t in quote_opens) == 1
    # a link never opens inside another link
    stack: list[bool] = []
    for t in toks:
        if t.op == "open":
            assert not (t.link and any(stack))
            stack.append(t.link)
        elif t.op == "close":
            assert t.link == stack.pop()


def test_tokens_match_brute_force_on_random_spans() -> None:
    import random

    rng = random.Random(3)
    text = "abcdefghijklmnopqrstuvwxyz" * 3
    kinds = ["quote", "event", "entity"]
    for _ in range(200):
        spans = []
        for _ in range(rng.randrange(1, 12)):
            a = rng.randrange(len(text))
            b = min(len(text), a + rng.randrange(1, 20))
            spans.append(Span(a, b, rng.choice(kinds), "", f"{a}-{b}"))
        stack: list[Span] = []
        pos = 0
        for t in tokens(text, spans):
            if t.op == "open":
                stack.append(t.span)
            elif t.op == "close":
                stack.pop()
            else:
                covering = {(s.start, s.end, s.kind) for s in spans if s.start <= pos < s.end}
                assert {(s.start, s.end, s.kind) for s in stack} == covering
                pos += len(t.text)
        assert pos == len(text) and not stack


def test_tokens_drop_spans_outside_text() -> None:
    toks = tokens("abc", [Span(1, 9, "entity", "", "x"), Span(2, 2, "entity", "", "y")])
    assert [t.op for t in toks] == ["text"]


# --------------------------------------------------------------------------- pages


def test_every_page_has_strict_csp(real: TestClient, real_db: Path) -> None:
    aid = next(iter(_article_ids(real_db).values()))
    for url in ["/", "/search?q=Kerry", f"/articles/{aid}", "/network", "/static/js/common.js"]:
        resp = real.get(url)
        assert resp.status_code == 200, url
        csp = resp.headers["content-security-policy"]
        assert csp == CSP
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert resp.headers["x-content-type-options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(real: TestClient, real_db: Path) -> None:
    aid = next(iter(_article_ids(real_db).values()))
    for url in ["/", "/search?q=Kerry", f"/articles/{aid}", "/network"]:
        doc = _doc(real.get(url))
        for s in doc.iter("script"):
            assert s.get("src") or s.get("type") == "application/json", url
        assert not doc.xpath("//style|//*[@style]|//*[@onclick or @onload or @onerror]"), url


def test_article_text_is_shown_whole_with_every_mention_highlighted(
    real: TestClient, real_db: Path
) -> None:
    """Every stored mention, quote and event trigger is marked over exactly its characters,
    however they overlap, and the text itself is shown unchanged."""
    engine = connect(real_db)
    n_checked = 0
    for title, aid in _article_ids(real_db).items():
        doc = _doc(real.get(f"/articles/{aid}"))
        with engine.connect() as conn:
            text = conn.execute(select(articles.c.text).where(articles.c.id == aid)).scalar_one()
            ments = conn.execute(select(mentions).where(mentions.c.article_id == aid)).all()
            qs = conn.execute(select(quotes).where(quotes.c.article_id == aid)).all()
            evid = conn.execute(
                select(event_sources.c.event_id, event_sources.c.evidence).where(
                    event_sources.c.article_id == aid
                )
            ).all()
            names = dict(
                conn.execute(
                    select(article_entities.c.entity_id, entities.c.name)
                    .join(entities, entities.c.id == article_entities.c.entity_id)
                    .where(article_entities.c.article_id == aid)
                ).all()
            )
        (box,) = doc.xpath('//div[@id="article-text"]')
        assert box.text_content() == text, title  # nothing lost, nothing injected
        pieces = _pieces(box)
        assert ments, f"the pipeline found no mentions in {title!r}"
        for m in ments:
            assert text[m.start : m.end] == m.text, (title, m.text)
            assert _covered(pieces, m.start, m.end, "entity", m.entity_id), (title, m.text)
            tips = {
                el.get("data-tip") for a, b, el in pieces if el.get("data-entity") == m.entity_id
            }
            assert all(t.startswith(names[m.entity_id]) for t in tips), (title, tips)
        for q in qs:
            if q.start is not None:
                assert _covered(pieces, q.start, q.end, "quote", q.id), (title, q.text)
        for ev_id, ev_evidence in evid:
            for e in ev_evidence:
                assert _covered(pieces, e["start"], e["end"], "event", ev_id), (title, e)
        n_checked += len(ments) + len(qs) + len(evid)
    assert n_checked > 300


def test_entity_marks_link_to_actor_pages_with_canonical_name(
    real: TestClient, real_db: Path
) -> None:
    ids = _article_ids(real_db)
    aid = next(v for k, v in ids.items() if k.startswith("Kerry"))
    doc = _doc(real.get(f"/articles/{aid}"))
    link = doc.xpath('//a[contains(@class, "entity") and contains(@data-tip, "John Kerry")]')[0]
    actor = _doc(real.get(link.get("href")))
    assert actor.xpath("//h1")[0].text_content() == "John Kerry"
    assert f"/articles/{aid}" in [a.get("href") for a in actor.xpath("//a")]


def test_hostile_article_is_escaped_everywhere(real: TestClient, real_db: Path) -> None:
    """The reader turns the page's escaped markup into text; the pipeline finds entities,
    quotes and events in it (some actors named after the markup). Every page shows it as
    text."""
    aid = next(v for k, v in _article_ids(real_db).items() if "Hostile" in k)
    with connect(real_db).connect() as conn:
        title, text = conn.execute(
            select(articles.c.title, articles.c.text).where(articles.c.id == aid)
        ).one()
        actor_ids = [
            r[0]
            for r in conn.execute(
                select(article_entities.c.entity_id).where(article_entities.c.article_id == aid)
            )
        ]
        ev_ids = [
            r[0]
            for r in conn.execute(
                select(event_sources.c.event_id).where(event_sources.c.article_id == aid)
            )
        ]
    assert "<script>window.__pwned=1</script>" in title  # what a scraper really hands us
    assert '<b onmouseover="window.__pwned=4">' in text and "<iframe" in text
    assert actor_ids and ev_ids, "the pipeline should find actors and events in the hostile text"
    pages = [f"/articles/{aid}", "/", "/search?q=Hostile", "/search?q=Putin", "/network"]
    pages += [f"/actors/{a}" for a in actor_ids]
    for url in pages:
        resp = real.get(url)
        assert resp.status_code == 200, url
        body = resp.text
        assert "<script>window.__pwned" not in body, url
        assert "<img src=x" not in body and "<b onmouseover" not in body, url
        assert "<iframe" not in body and "<svg" not in body, url
        assert 'href="javascript:' not in body, url
        doc = lxml.html.fromstring(body)
        assert not doc.xpath("//*[@onerror or @onmouseover or @onload]"), url
        assert not doc.xpath("//iframe|//svg|//img[not(starts-with(@src, '/static/'))]"), url
        for s in doc.iter("script"):
            assert s.get("src", "").startswith("/static/") or s.get("type") == "application/json"
    page = real.get(f"/articles/{aid}").text
    assert html.escape("<script>window.__pwned=1</script>", quote=False) in page
    (h1,) = lxml.html.fromstring(page).xpath("//h1")
    assert h1.text_content() == title


def test_json_data_blocks_cannot_close_their_script(real: TestClient, real_db: Path) -> None:
    """Embedded JSON escapes '<', so '</script>' inside data cannot end the block."""
    from tidings.web.routes import make_templates

    hostile = (
        make_templates()
        .env.from_string("{{ v|tojson }}")
        .render(v={"name": "</script><script>x()</script>"})
    )
    assert "<" not in hostile and json.loads(hostile)["name"].startswith("</script>")
    graph_body = real.get("/network").text
    with connect(real_db).connect() as conn:
        ent = conn.execute(
            select(events.c.source_entity_id).where(events.c.source_entity_id.is_not(None))
        ).scalar()
    for body in [graph_body, real.get(f"/actors/{ent}").text]:
        blocks = re.findall(
            r'<script type="application/json" id="[\w-]+">(.*?)</script>', body, re.S
        )
        assert blocks
        for b in blocks:
            assert "<" not in b
            json.loads(b)


def test_empty_form_fields_mean_any(real: TestClient) -> None:
    """Forms submit untouched fields as empty strings: pages must treat them as no filter."""
    assert real.get("/network?since=&until=&type=&quad=").status_code == 200
    bad = real.get("/network?quad=9&since=not-a-date")  # a bad value: a message, not a crash
    assert bad.status_code == 200 and _doc(bad).xpath('//p[@class="error"]')
    full = real.get("/search?q=Kerry").text.count('class="title"')
    empty = real.get("/search?q=Kerry&since=&until=&publisher=&actor=&type=").text
    assert full >= 1 and empty.count('class="title"') == full


def test_unknown_ids_are_404_pages(real: TestClient) -> None:
    for url in ["/articles/nope", "/actors/nope", "/dyads/nope/USA"]:
        resp = real.get(url)
        assert resp.status_code == 404
        assert "Not found" in resp.text and "nope" in resp.text


def test_mount_adds_pages_to_an_existing_api_app(real_db: Path) -> None:
    app = FastAPI(docs_url=None, redoc_url=None)

    @app.get("/api/ping")
    def ping() -> dict[str, str]:
        return {"ok": "yes"}

    mount(app, connect(real_db))
    client = TestClient(app)
    assert client.get("/api/ping").json() == {"ok": "yes"}
    assert client.get("/").status_code == 200
    assert client.get("/static/vendor/cytoscape.min.js").status_code == 200
    assert client.get("/static/vendor/chart.umd.js").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/ping" in paths and "/network" not in paths  # HTML pages stay out of the API docs
    docs = client.get("/docs")  # Swagger UI, vendored: strict CSP and no CDN here too
    assert docs.headers["content-security-policy"] == CSP
    refs = lxml.html.fromstring(docs.text).xpath("//script/@src | //link/@href")
    assert "/static/vendor/swagger-ui-bundle.js" in refs
    assert all(r.startswith("/static/") for r in refs)
    assert all(client.get(r).status_code == 200 for r in refs)
    assert not lxml.html.fromstring(docs.text).xpath("//script[not(@src)]")


# --------------------------------------------------------------------------- search


def test_search_finds_words_with_marked_snippets(real: TestClient) -> None:
    doc = _doc(real.get("/search?q=cease-fire"))
    titles = [a.text_content() for a in doc.xpath('//ol[@class="results"]//a[@class="title"]')]
    assert any(t.startswith("Kerry") for t in titles)
    marks = [m.text_content().lower() for m in doc.xpath('//p[@class="snippet"]/mark')]
    assert any("cease" in m for m in marks) and any("fire" in m for m in marks)


def test_search_filters_narrow_results(real: TestClient, real_db: Path) -> None:
    with connect(real_db).connect() as conn:
        kerry = conn.execute(
            select(article_entities.c.entity_id).where(article_entities.c.name == "John Kerry")
        ).scalar()
        with_kerry = {
            r[0]
            for r in conn.execute(
                select(articles.c.title)
                .join(article_entities, article_entities.c.article_id == articles.c.id)
                .where(article_entities.c.entity_id == kerry)
            )
        }

    def titles(url: str) -> list[str]:
        doc = _doc(real.get(url))
        return [a.text_content() for a in doc.xpath('//a[@class="title"]')]

    everyone = titles("/search")
    assert len(everyone) == len(_article_ids(real_db))
    by_actor = titles(f"/search?actor={kerry}")
    assert any(t.startswith("Kerry") for t in by_actor)
    assert set(by_actor) == with_kerry and len(by_actor) < len(everyone)
    assert titles("/search?actor=John+Kerry") == by_actor
    assert titles("/search?q=Kerry&since=2999-01-01") == []
    # start/end: the spelling of links shared before since/until, still understood
    assert titles("/search?q=Kerry&start=2999-01-01") == []
    assert titles("/search?q=Kerry&end=2999-01-01") == titles("/search?q=Kerry&until=2999")
    assert titles("/search?q=Kerry&publisher=No+Such+Publisher") == []


def test_web_search_is_the_store_search_with_filters(real: TestClient, real_db: Path) -> None:
    """One search: the page lists the store's full-text results (same ranking); its filters
    narrow them exactly as the filtered SQL over the stored rows does."""
    from tidings.store import queries as Q

    def page(**params: str) -> list[str]:
        doc = _doc(real.get("/search", params=params))
        return [h.rsplit("/", 1)[1] for h in doc.xpath('//a[@class="title"]/@href')]

    engine = connect(real_db)
    with engine.connect() as conn:
        for q in ["Kerry", "security council", "asylum interview", "zzzz-not-there", "Russia"]:
            assert page(q=q) == [r["id"] for r in Q.search(conn, q, limit=50)], q
        pubs = dict(conn.execute(select(articles.c.id, articles.c.publisher)).all())
        typed = {
            r.article_id: r.type
            for r in conn.execute(
                select(event_sources.c.article_id, events.c.type).join(
                    events, events.c.id == event_sources.c.event_id
                )
            )
        }
        everyone = set(page(q="Russia"))
        assert len(everyone) >= 3
        publisher = next(pubs[a] for a in everyone if pubs[a])
        by_pub = set(page(q="Russia", publisher=publisher))
        assert by_pub == {a for a in everyone if pubs[a] == publisher} and by_pub < everyone
        etype = next(typed[a] for a in everyone if a in typed)
        by_type = set(page(q="Russia", type=etype))
        reporting = {r[0] for r in conn.execute(
            select(event_sources.c.article_id).join(events, events.c.id == event_sources.c.event_id)
            .where(events.c.type == etype)
        )}  # fmt: skip
        assert by_type == everyone & reporting and by_type
        with pytest.raises(Q.QueryError, match="type"):
            Q.ArticleFilter.parse(type="NOT_A_TYPE")


def test_bad_filter_is_a_message_not_an_error(real: TestClient) -> None:
    resp = real.get("/search?q=Russia&type=NOT_A_TYPE")
    assert resp.status_code == 200
    (msg,) = _doc(resp).xpath('//p[@class="error"]')
    assert "NOT_A_TYPE" in msg.text_content() and "PLOVER" in msg.text_content()


def test_search_index_follows_new_articles(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    connect(db).dispose()  # an empty tidings database (the app never creates one)
    client = TestClient(create_app(db))  # the app first, then an ingest into its database
    assert "0 results" in client.get("/search?q=Patrushev").text
    store(connect(db), [SAMPLES / "wh-0003.txt"])
    doc = _doc(client.get("/search?q=Patrushev"))
    assert doc.xpath('//a[@class="title"]') and doc.xpath('//p[@class="snippet"]/mark')
    assert not _doc(client.get("/search?q=Kerry")).xpath('//a[@class="title"]')


# --------------------------------------------------------------------------- events


def test_event_triggers_are_highlighted_with_why_view(real: TestClient, real_db: Path) -> None:
    """Each coded event: its trigger in this article is a link to the why view, whose
    sentence, trigger, rule, actors and place are those the coder stored."""
    with connect(real_db).connect() as conn:
        rows = conn.execute(
            select(events, event_sources.c.article_id, event_sources.c.evidence.label("here")).join(
                event_sources, event_sources.c.event_id == events.c.id
            )
        ).all()
    assert len(rows) >= 24, "the event coder should code dozens of events in these articles"
    by_article = defaultdict(list)
    for r in rows:
        by_article[r.article_id].append(r)
    for aid, evs in by_article.items():
        doc = _doc(real.get(f"/articles/{aid}"))
        for ev in evs:
            evid = ev.here[0]
            (mark,) = doc.xpath(f'//*[@id="ev-{ev.id}"]')
            assert mark.get("data-event") == ev.id
            assert mark.text_content() and evid["trigger"].startswith(mark.text_content())
            tip = mark.get("data-tip")
            assert ev.type in tip
            for actor in ev.data["source"] + ev.data["target"]:
                assert actor["name"] in tip, (tip, actor["name"])
            assert mark.get("href") == f"#why-{ev.id}"
            (why,) = doc.xpath(f'//details[@id="why-{ev.id}"]')
            why_text = " ".join(why.text_content().split())
            assert " ".join(evid["sentence"].split()) in why_text
            assert ev.rule in why_text
            triggers = [m.text_content() for m in why.xpath('.//mark[@class="trigger"]')]
            assert triggers == [e["trigger"] for e in ev.here]
            if ev.location_name:
                assert ev.location_name in why_text
            assert (ev.date or "not stated in the text") in why_text


def test_quotes_are_highlighted_listed_and_on_the_speaker_page(
    real: TestClient, real_db: Path
) -> None:
    with connect(real_db).connect() as conn:
        rows = conn.execute(select(quotes).where(quotes.c.speaker_entity_id.is_not(None))).all()
    assert len(rows) >= 20, "the quote stage should attribute quotes in these articles"
    for q in rows[:: max(1, len(rows) // 8)]:
        doc = _doc(real.get(f"/articles/{q.article_id}"))
        (mark,) = doc.xpath(f'//*[@id="quote-{q.id}"]')
        assert "quote" in mark.get("class") and mark.get("data-quote") == q.id
        assert q.speaker_name in mark.get("data-tip")
        pieces = doc.xpath(f'//*[@data-quote="{q.id}"]')
        assert "".join(p.text_content() for p in pieces) == q.text
        assert doc.xpath(f'//ol[@class="quotes"]//a[@href="#quote-{q.id}"]')
        actor = _doc(real.get(f"/actors/{q.speaker_entity_id}"))
        links = actor.xpath('//section[@aria-labelledby="h-quotes"]//a/@href')
        n_quotes = len([r for r in rows if r.speaker_entity_id == q.speaker_entity_id])
        if n_quotes <= 10:  # the page lists the ten most recent
            assert f"/articles/{q.article_id}#quote-{q.id}" in links


def _reported(conn, ev_id: str) -> str:  # noqa: ANN001
    return conn.execute(
        select(articles.c.published_date)
        .join(event_sources, event_sources.c.article_id == articles.c.id)
        .where(event_sources.c.event_id == ev_id)
        .order_by(articles.c.published_date)
    ).scalar()


def test_dyad_series_matches_the_events(real: TestClient, real_db: Path) -> None:
    """USA-RUS (the reference article's dyad): weekly sums recomputed here from the stored
    events, by their first source and target country; events without a date in the text count
    in the week they were first reported, month/year dates on their first day."""
    from tidings.store import queries as Q

    a, b = "USA", "RUS"
    engine = connect(real_db)
    with engine.connect() as conn:
        rows = conn.execute(
            select(events).where(
                ((events.c.source_country == a) & (events.c.target_country == b))
                | ((events.c.source_country == b) & (events.c.target_country == a))
            )
        ).all()
        ids = {r.id for r in rows}
        days = {r.id: (r.date or _reported(conn, r.id)) for r in rows}
        assert all(r.reported_date == _reported(conn, r.id) for r in rows)
    assert len(rows) >= 5, "the reference article should give USA-RUS events"
    # every event is dated (its text's date, else the publication day: docs/events.md), so
    # the week-first-reported fallback is exercised only by articles without a date
    assert all(r.date for r in rows)
    expect: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for e in rows:
        d = dt.date.fromisoformat((days[e.id] + "-01-01")[:10])
        wk = (d - dt.timedelta(days=d.weekday())).isoformat()
        expect[wk]["goldstein"] += e.goldstein
        expect[wk][Q.QUAD_KEYS[e.quad_class]] += 1
    body = real.get(f"/dyads/{a}/{b}").text
    chart = json.loads(re.search(r'id="dyad-data">(.*?)</script>', body, re.S).group(1))
    assert [w["period"] for w in chart["series"]] == sorted(expect)
    for w in chart["series"]:
        assert w["goldstein"] == pytest.approx(expect[w["period"]]["goldstein"])
        for key in Q.QUAD_KEYS.values():
            assert w[key] == expect[w["period"]][key]
    for w in chart["series"]:
        listed = real.get(f"/ui-data/dyads/{a}/{b}/events?week={w['period']}").json()["events"]
        assert len(listed) == w["events"] == sum(w[k] for k in Q.QUAD_KEYS.values())
        assert {e["id"] for e in listed} <= ids
    doc = _doc(real.get(f"/dyads/{b}/{a}"))
    assert len(doc.xpath('//li[@class="event-item"]')) == min(20, len(rows))


def test_network_and_actor_agree_with_events(real: TestClient, real_db: Path) -> None:
    """Network edges and the actor page's timeline count each event by its first source and
    first target (as every count over time); here one node per entity."""
    from tidings.store import queries as Q

    with connect(real_db).connect() as conn:
        graph = Q.network(conn, level="entity")
        both = conn.execute(
            select(events.c.id).where(
                events.c.source_entity_id.is_not(None), events.c.target_entity_id.is_not(None)
            )
        ).all()
    assert len(both) >= 20
    assert sum(e["n"] for e in graph["edges"]) == len(both)
    node_ids = {n["id"] for n in graph["nodes"]}
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in graph["edges"])
    busiest = max(graph["nodes"], key=lambda n: n["n"])
    body = real.get(f"/actors/{busiest['id']}").text
    timeline = json.loads(re.search(r'id="timeline-data">(.*?)</script>', body, re.S).group(1))
    as_any = sum(w["source"] + w["target"] for w in timeline)
    with connect(real_db).connect() as conn:
        as_source, as_target = (
            conn.execute(select(events.c.id).where(col == busiest["id"])).all()
            for col in (events.c.source_entity_id, events.c.target_entity_id)
        )
    assert as_any >= busiest["n"] and as_any == len(as_source) + len(as_target)
    doc = lxml.html.fromstring(real.get("/network?level=entity").text)
    assert doc.xpath('//div[@id="cy"]')
    assert "No events between known actors" in real.get("/network?type=NO_SUCH_TYPE").text
    later = Q.network(
        connect(real_db).connect(), Q.EventFilter.parse(since="2021-01-01"), level="entity"
    )
    assert 0 < sum(e["n"] for e in later["edges"]) < len(both)


def test_network_groups_actors_by_code(real: TestClient, real_db: Path) -> None:
    """By default one node per actor code (RUS, RUSGOV, USAGOV ...), people listed inside;
    each link counts what the dyad page of the two nodes counts."""
    from tidings.store import queries as Q

    with connect(real_db).connect() as conn:
        graph = Q.network(conn)
        rows = conn.execute(
            select(events.c.source_entity_id, events.c.source_code,
                   events.c.target_entity_id, events.c.target_code)
        ).all()  # fmt: skip
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert graph["level"] == "code" and len(nodes) == len(graph["nodes"])
    codes = [k for k in nodes if Q.is_code_key(k)]
    assert {"USAGOV", "RUSGOV"} <= set(codes)
    # every event whose two first actors have a node is counted once, under its codes
    placed = [
        (Q.code_key(sc) or se, Q.code_key(tc) or te)
        for se, sc, te, tc in rows
        if (Q.code_key(sc) or se) and (Q.code_key(tc) or te)
    ]
    assert sum(e["n"] for e in graph["edges"]) == len(placed)
    # an entity node is an actor without a code key; a code node lists the actors inside
    for nid, node in nodes.items():
        if not Q.is_code_key(nid):
            assert not node["members"]
    assert any(m["name"] for m in nodes["USAGOV"]["members"])
    with connect(real_db).connect() as conn:
        for e in [e for e in graph["edges"] if e["quad"] in Q.QUAD_KEYS][:15]:
            series = Q.dyad(conn, e["source"], e["target"], by="year", directed=True, level="code")
            assert sum(r[Q.QUAD_KEYS[e["quad"]]] for r in series) == e["n"], e
    doc = lxml.html.fromstring(real.get("/network").text)
    links = doc.xpath('//details[@class="edge-list"]//a/@href')
    assert links and all(h.endswith("?level=code") for h in links)
    listed = doc.xpath('//ol[@id="node-list"]/li/a/@href')
    assert len(listed) == len(set(listed)) == len(nodes)
    # the node's page lists the people inside; its timeline counts its events
    page = real.get("/actors/USAGOV")
    assert page.status_code == 200
    people = lxml.html.fromstring(page.text).xpath('//ol[@id="people"]/li/a/text()')
    assert people and set(people) <= {m["name"] for m in Q.code_profile(
        connect(real_db).connect(), "USAGOV", limit=50)["members"]}  # fmt: skip
    timeline = json.loads(re.search(r'id="timeline-data">(.*?)</script>', page.text, re.S).group(1))
    src = sum(1 for se, sc, te, tc in rows if Q.code_key(sc) == "USAGOV")
    assert sum(w["source"] for w in timeline) == src
    dyad = real.get(
        f"/dyads/{graph['edges'][0]['source']}/{graph['edges'][0]['target']}?level=code"
    )
    assert dyad.status_code == 200 and "holds:" in dyad.text


def test_mount_creates_nothing_in_the_database(tmp_path: Path) -> None:
    """The pages' indexes and the search index are the store's schema (migrations); mounting
    the web UI adds no table, index or trigger of its own."""
    from sqlalchemy import text

    def objects() -> set[tuple[str, str]]:
        with connect(tmp_path / "i.db").connect() as conn:
            return {tuple(r) for r in conn.execute(text("SELECT type, name FROM sqlite_master"))}

    before = objects()
    create_app(tmp_path / "i.db")
    assert objects() == before
    names = {n for _, n in before}
    assert {"articles_fts", "ix_events_source_cover", "ix_article_entities_cover"} <= names
    assert not {n for n in names if "web" in n}


def test_assets_are_local_no_cdn(real: TestClient, real_db: Path) -> None:
    aid = next(iter(_article_ids(real_db).values()))
    for url in ["/", "/search", f"/articles/{aid}", "/network", "/dyads/USA/RUS"]:
        doc = _doc(real.get(url))
        refs = doc.xpath("//script/@src | //link/@href | //img/@src")
        assert refs, url
        for ref in refs:
            assert ref.startswith(("/static/", "data:")), (url, ref)
            if ref.startswith("/static/"):
                assert real.get(ref).status_code == 200, ref
    licences = ROOT / "src" / "tidings" / "web" / "static" / "vendor"
    assert (licences / "chart.js.LICENSE.md").exists() and (licences / "cytoscape.LICENSE").exists()


def test_publication_date_evidence_with_losing_candidates(
    tmp_path: Path, reference_article: Path
) -> None:
    """The page shows which line gave the date and which candidates lost (rendering only: the
    evidence is taken from the reference article's own lines, as the reader records it)."""
    from tidings.pipeline import analyze
    from tidings.schema import DateCandidate, DateEvidence
    from tidings.store.rows import article_rows
    from tidings.store.writer import write_rows

    article = analyze(reference_article)
    lines = reference_article.read_text(encoding="utf-8").splitlines()
    dated = [(i + 1, ln) for i, ln in enumerate(lines) if re.search(r"\b(19|20)\d\d\b", ln)]
    assert len(dated) >= 2, "the reference article should carry at least two dated lines"
    (win_no, win), (lose_no, lose) = dated[-1], dated[0]
    article.published_evidence = DateEvidence(
        text=win,
        source=f"line {win_no}",
        method="test",
        rejected=[DateCandidate(text=lose, source=f"line {lose_no}", reason="<b>site header</b>")],
    )
    engine = connect(tmp_path / "d.db")
    with engine.begin() as conn:
        write_rows(conn, article_rows(article))
    doc = _doc(TestClient(create_app(tmp_path / "d.db")).get(f"/articles/{article.id}"))
    (box,) = doc.xpath('//details[@id="date-evidence"]')
    shown = " ".join(box.text_content().split())
    assert " ".join(win.split()) in shown and f"line {win_no}" in shown
    (row,) = box.xpath(".//tbody/tr")
    cells = [" ".join(td.text_content().split()) for td in row.xpath("td")]
    assert cells[0] == " ".join(lose.split()) and cells[2] == f"line {lose_no}"
    assert cells[3] == "<b>site header</b>"  # escaped text, not markup
