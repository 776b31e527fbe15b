"""Search text is parsed by our own small parser (``queries.text_query``) into the same query
on SQLite (FTS5) and PostgreSQL (tsquery): never a syntax error, never a 500, capped, and the
same articles on both back ends."""

from __future__ import annotations

import json
import re
import sqlite3
import warnings

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from store_corpus import with_events
from tidings.api.app import create_app
from tidings.cli import main
from tidings.schema import Article
from tidings.store import queries as Q
from tidings.store.db import connect
from tidings.store.queries.text_query import MAX_CHARS, MAX_WORDS, TextQuery, parse_text_query
from tidings.store.rows import article_rows
from tidings.store.writer import store_article

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

MANY = " ".join(f"w{i}" for i in range(150))


def test_the_syntax_parsed() -> None:
    q = parse_text_query('"Absolute  fiction" or Sochi Lavrov -"White House" -Kremlin')
    assert q.all_of == ((("absolute", "fiction"), ("sochi",)), (("lavrov",),))
    assert q.none_of == (("white", "house"), ("kremlin",))
    assert (
        q.fts5()
        == '(("absolute fiction" OR "sochi") AND "lavrov") NOT ("white house" OR "kremlin")'
    )
    # operators of FTS5 and tsquery are plain words or separators here
    assert parse_text_query('NEAR(a b) col:said "unclosed').fts5() == (
        '"near a" AND "b" AND "col said" AND "unclosed"'
    )
    assert not parse_text_query("-only -exclusions")  # nothing required: finds nothing
    assert not parse_text_query("or OR !!! *")


def test_caps_name_the_field() -> None:
    parse_text_query(" ".join(["word"] * MAX_WORDS))
    with pytest.raises(Q.QueryError, match=rf"^q: the search has {MAX_WORDS + 1} words; at most"):
        parse_text_query(" ".join(["word"] * (MAX_WORDS + 1)))
    with pytest.raises(Q.QueryError, match=r"^q: the search text has 1001 characters"):
        parse_text_query("x" * (MAX_CHARS + 1))


_FTS5 = sqlite3.connect(":memory:")
_FTS5.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='porter unicode61')")
_FTS5.execute("INSERT INTO t VALUES ('Lavrov said the talks in Sochi were useful')")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab -"()*^:+{}.,’ORNTAD\t\\')), max_size=200))
def test_any_text_is_a_valid_fts5_query(text: str) -> None:
    """Whatever is typed, the expression is valid FTS5 (SQLite's own parser accepts it)."""
    q = parse_text_query(text)
    if q:
        _FTS5.execute("SELECT count(*) FROM t WHERE t MATCH ?", (q.fts5(),)).fetchone()


# ---------------------------------------------------------------- the same on both back ends


@pytest.fixture(scope="module")
def loaded(module_db_url: str, analyzed: dict[str, Article]):  # noqa: ANN201
    arts = with_events(analyzed)
    engine = connect(module_db_url)
    with engine.begin() as c:
        for art in arts.values():
            store_article(c, article_rows(art))
    yield module_db_url, engine, arts
    engine.dispose()


def _has(art: Article, words: str) -> bool:
    return re.search(rf"\b{re.escape(words)}\b", f"{art.title}\n{art.text}", re.I) is not None


CASES = {
    "Russia -Lavrov": lambda a: _has(a, "Russia") and not _has(a, "Lavrov"),
    "Sochi or artillery": lambda a: _has(a, "Sochi") or _has(a, "artillery"),
    '"absolute fiction" or Patrushev': lambda a: (
        _has(a, "absolute fiction") or _has(a, "Patrushev")
    ),
    'Russia -"absolute fiction" -Patrushev': lambda a: (
        _has(a, "Russia") and not _has(a, "absolute fiction") and not _has(a, "Patrushev")
    ),
    "Russia Lavrov -Sochi": lambda a: (
        _has(a, "Russia") and _has(a, "Lavrov") and not _has(a, "Sochi")
    ),
    "-Lavrov": lambda a: False,
}


@pytest.mark.parametrize("text", list(CASES))
def test_the_same_articles_on_both_back_ends(loaded, text: str) -> None:  # noqa: ANN001
    _, engine, arts = loaded
    expect = {a.id for a in arts.values() if CASES[text](a)}
    with engine.connect() as c:
        assert {r["id"] for r in Q.search(c, text, limit=50)} == expect


def test_many_terms_are_a_422_and_the_cap_itself_works(loaded) -> None:  # noqa: ANN001
    _, engine, arts = loaded
    full = " ".join(["Russia"] * (MAX_WORDS - 2) + ['"absolute fiction"'])
    with engine.connect() as c:
        assert {r["id"] for r in Q.search(c, full)} == {arts["ref"].id}
        assert Q.find_quotes(c, q=" ".join(["fiction"] * MAX_WORDS))
    client = TestClient(create_app(engine))
    for path in ("/api/search", "/api/quotes"):
        r = client.get(path, params={"q": MANY})
        assert r.status_code == 422, path
        (err,) = r.json()["detail"]
        assert err["loc"] == ["query", "q"] and "150 words" in err["msg"]
    page = client.get("/search", params={"q": MANY})
    assert page.status_code == 200 and f"words; at most {MAX_WORDS}" in page.text  # a message
    odd = client.get("/api/search", params={"q": 'said* ^said (said) {said} NEAR( "said'})
    assert odd.status_code == 200


def test_cli_queries_that_start_with_a_dash(loaded) -> None:  # noqa: ANN001
    url, engine, _ = loaded
    with engine.connect() as c:
        expect = [r["id"] for r in Q.search(c, "Russia -Lavrov", limit=20)]
    res = CliRunner().invoke(
        main, ["search", "--db", url, "--format", "jsonl", "--", "-Lavrov Russia"]
    )
    assert res.exit_code == 0, res.output
    assert [json.loads(ln)["id"] for ln in res.stdout.splitlines()] == expect and expect
    res = CliRunner().invoke(main, ["search", "-Lavrov", "Russia", "--db", url])
    assert res.exit_code == 2 and "goes after '--'" in res.output
    res = CliRunner().invoke(main, ["search", MANY, "--db", url])
    assert res.exit_code == 2 and "q: the search has 150 words; at most 32" in res.output


def test_textquery_holds_no_user_operators() -> None:
    """Rendering only ever emits quoted words and our own operators."""
    q = parse_text_query('a" OR (b) AND -c* NOT d^ e:f')
    assert isinstance(q, TextQuery)
    words = re.findall(r'"([^"]*)"', q.fts5())
    assert all(re.fullmatch(r"\w+( \w+)*", w) for w in words)
    rest = re.sub(r'"[^"]*"', " ", q.fts5()).replace("(", " ").replace(")", " ").split()
    assert set(rest) <= {"AND", "OR", "NOT"}
