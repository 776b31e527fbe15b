"""Property: whatever query string or JSON body a client sends, the API answers with a result
or a clear 4xx, never a 500 (the real app on real stored articles, SQLite and PostgreSQL;
posted articles are analysed by the real worker)."""

from __future__ import annotations

import warnings
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from store_corpus import with_events
from tidings.api.app import create_app
from tidings.schema import Article
from tidings.store.db import connect
from tidings.store.rows import article_rows
from tidings.store.writer import store_article

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "prop-token"
PARAMS = ["q", "actor", "target", "type", "cameo", "quad", "since", "until", "place", "modality",
          "article", "limit", "offset", "speaker", "publisher", "country", "name", "a", "b", "by",
          "directed", "format", "start", "end"]  # fmt: skip
PATHS = ["/api/search", "/api/events", "/api/actors", "/api/quotes", "/api/dyad",
         "/api/export/events", "/search", "/network", "/"]  # fmt: skip
NAMED = ["/api/actors/{}", "/api/articles/{}", "/actors/{}", "/articles/{}", "/dyads/{}/RUS"]

_text = st.text(st.characters(codec="utf-8"), max_size=40)  # NUL, controls, any script
_number = st.integers(min_value=-(2**70), max_value=2**70).map(str)
_value = st.one_of(_text, _number, st.sampled_from(["RUS", "2019", "2019-02-30", "week", "1"]))


@pytest.fixture(scope="module")
def client(module_db_url: str, analyzed: dict[str, Article]):  # noqa: ANN201
    engine = connect(module_db_url)
    with engine.begin() as c:
        for art in with_events(analyzed).values():
            store_article(c, article_rows(art))
    with TestClient(create_app(engine, token=TOKEN)) as client:
        yield client
    engine.dispose()


def _ok(status: int) -> bool:
    return status < 500 or status == 503  # 503: the analysis limits, with a reason


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(PATHS),
    params=st.dictionaries(st.sampled_from(PARAMS), _value, max_size=5),
)
@example(path="/api/events", params={"actor": "\x00"})
@example(path="/api/search", params={"q": "Russia\x00", "publisher": "\x00"})
@example(path="/api/quotes", params={"speaker": "a\x00b", "q": "\x00"})
@example(path="/search", params={"q": "said", "actor": "\x00"})
@example(path="/api/events", params={"offset": "9223372036854775808"})
def test_any_query_string_is_never_a_500(client, path: str, params: dict[str, str]) -> None:  # noqa: ANN001
    r = client.get(path, params=params)
    assert r.status_code < 500, (path, params, r.text[:300])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(template=st.sampled_from(NAMED), name=_text.filter(lambda s: "/" not in s and s.strip()))
def test_any_path_name_is_never_a_500(client, template: str, name: str) -> None:  # noqa: ANN001
    r = client.get(template.format(quote(name, safe="")))
    assert r.status_code < 500, (template, name, r.text[:300])


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=8,
)
_article = st.fixed_dictionaries(
    {},
    optional={
        "text": st.one_of(_text, _json, st.sampled_from(["Lavrov met Pompeo in Sochi.", " "])),
        "html": st.one_of(_text, st.just("<html><body><p>Talks in Sochi.</p></body></html>")),
        "title": st.one_of(_text, _json),
        "url": st.one_of(_text, st.just("https://example.org/a")),
        "published": st.one_of(_text, st.sampled_from(["2019-05-14", "2019-13-01", "notadate"])),
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(["/api/analyze", "/api/articles"]), body=st.one_of(_article, _json))
@example(path="/api/articles", body={"text": "Lavrov met Pompeo\x00 in Sochi.", "title": "\x00"})
@example(path="/api/analyze", body={"html": "<p>Talks in Sochi.</p>", "published": "2019-02-30"})
def test_any_posted_json_is_never_a_500(client, path: str, body: Any) -> None:  # noqa: ANN001, ANN401
    r = client.post(path, json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert _ok(r.status_code), (path, body, r.text[:300])
