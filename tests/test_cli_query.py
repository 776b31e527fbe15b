"""The query CLI and ``export events`` on a stored collection (both back ends)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from store_corpus import with_events
from tidings import kb
from tidings.cli import main
from tidings.schema import Article
from tidings.store import queries as Q
from tidings.store.db import connect
from tidings.store.export import gdelt_columns
from tidings.store.rows import article_rows
from tidings.store.tone import tone
from tidings.store.writer import store_article


@pytest.fixture(scope="module")
def db(module_db_url: str, analyzed: dict[str, Article]):  # noqa: ANN201
    arts = with_events(analyzed)
    engine = connect(module_db_url)
    with engine.begin() as c:
        for art in arts.values():
            store_article(c, article_rows(art))
    yield module_db_url, arts, engine
    engine.dispose()


def cli(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, list(args), env={"COLUMNS": "240"})  # wide tables
    return res.exit_code, res.stdout, res.stderr


def _events(arts: dict[str, Article]):  # noqa: ANN202
    return {e.id: e for a in arts.values() for e in a.events}


def test_events_in_every_format_agree(db) -> None:  # noqa: ANN001
    url, arts, engine = db
    with engine.connect() as c:
        expect = [r["id"] for r in Q.find_events(c, Q.EventFilter.parse(actor="USA"))]
    assert expect
    code, out, _ = cli("events", "--actor", "USA", "--db", url, "--format", "json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == expect
    code, out, _ = cli("events", "--actor", "USA", "--db", url, "--format", "jsonl")
    assert [json.loads(ln)["id"] for ln in out.splitlines()] == expect
    code, out, _ = cli("events", "--actor", "USA", "--db", url, "--format", "csv")
    assert [r["id"] for r in csv.DictReader(io.StringIO(out))] == expect
    code, out, _ = cli("events", "--actor", "USA", "--db", url, "--format", "table")
    types = {_events(arts)[i].type for i in expect}
    assert code == 0 and all(t in out for t in types)


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["events", "--since", "yesterday"], "since"),
        (["events", "--type", "HUG"], "type"),
        (["events", "--quad", "friendly"], "quad"),
        (["search", "x", "--until", "2019-99"], "until"),
        (["dyad", "USA", "RUS", "--since", "soon"], "since"),
    ],
)
def test_bad_filters_are_usage_errors(db, args: list[str], field: str) -> None:  # noqa: ANN001
    code, _, err = cli(*args, "--db", db[0])
    assert code == 2
    assert f"{field}:" in err


def test_search_actors_actor_quotes_dyad(db) -> None:  # noqa: ANN001
    url, arts, _ = db
    code, out, _ = cli("search", "election interference", "--db", url, "--format", "jsonl")
    hits = [json.loads(ln) for ln in out.splitlines()]
    assert code == 0 and hits[0]["id"] == arts["ref"].id
    code, out, _ = cli("actors", "--top", "3", "--db", url, "--format", "json")
    top = json.loads(out)
    assert len(top) == 3 and top[0]["articles"] >= top[-1]["articles"]
    name = arts["ref"].events[0].source[0].name
    code, out, _ = cli("actor", name, "--db", url, "--format", "json")
    prof = json.loads(out)
    assert prof["entity"]["name"] == name and prof["events_as_source"]
    code, out, _ = cli("actor", name, "--db", url, "--format", "table")
    assert code == 0 and "events as source" in out
    code, _, err = cli("actor", "Nobody Atall", "--db", url)
    assert code == 1 and "no actor matches" in err
    code, out, _ = cli("quotes", "--speaker", "Lavrov", "--db", url, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all("lavrov" in r["speaker_name"].lower() for r in rows)
    code, out, _ = cli("dyad", "USA", "RUS", "--by", "month", "--db", url, "--format", "json")
    with db[2].connect() as c:
        assert json.loads(out) == Q.dyad(c, "USA", "RUS", by="month")


def test_export_csv_jsonl_parquet(db, tmp_path: Path) -> None:  # noqa: ANN001
    url, arts, _ = db
    n = len(_events(arts))
    code, out, _ = cli("export", "events", "--format", "csv", "--db", url)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == n and list(rows[0]) == Q.EVENT_COLUMNS
    code, out, _ = cli("export", "events", "--format", "jsonl", "--db", url, "--type", "CONSULT")
    assert {json.loads(ln)["type"] for ln in out.splitlines()} == {"CONSULT"}
    path = tmp_path / "events.parquet"
    code, _, err = cli("export", "events", "--format", "parquet", "-o", str(path), "--db", url)
    table = pq.read_table(path)
    assert code == 0 and table.num_rows == n and f"exported {n} events" in err
    by_id = {r["id"]: r for r in table.to_pylist()}
    for ev in _events(arts).values():
        assert by_id[ev.id]["goldstein"] == ev.goldstein and by_id[ev.id]["cameo"] == ev.cameo
    code, _, _ = cli("export", "events", "--format", "parquet", "--db", url)
    assert code == 2  # parquet needs a file


def test_export_gdelt_columns(db) -> None:  # noqa: ANN001
    url, arts, _ = db
    code, out, _ = cli("export", "events", "--format", "gdelt", "--db", url)
    assert code == 0
    names = gdelt_columns()
    assert len(names) == 61 and names[0] == "GLOBALEVENTID" and names[-1] == "SOURCEURL"
    lines = out.splitlines()
    events = _events(arts)
    assert len(lines) == len(events)
    reporter = {e.id: a for a in arts.values() for e in a.events}
    seen_ids = set()
    for line in lines:
        fields = line.split("\t")
        assert len(fields) == 61
        row = dict(zip(names, fields, strict=True))
        seen_ids.add(int(row["GLOBALEVENTID"]))
        ev = next(e for e in events.values() if e.cameo == row["EventCode"]
                  and e.date.replace("-", "") == row["SQLDATE"]
                  and e.source[0].country == row["Actor1CountryCode"])  # fmt: skip
        art = reporter[ev.id]
        assert row["EventRootCode"] == ev.cameo[:2] and row["EventBaseCode"] == ev.cameo[:3]
        assert int(row["QuadClass"]) == ev.quad_class
        assert float(row["GoldsteinScale"]) == ev.goldstein
        assert row["Actor1Code"] == ev.source[0].actor_code
        assert row["Actor2CountryCode"] == ev.target[0].country
        assert row["MonthYear"] == row["SQLDATE"][:6] and row["Year"] == row["SQLDATE"][:4]
        assert row["NumArticles"] == "1" and row["SOURCEURL"] == art.source
        para_end = art.text.find("\n\n")
        root = para_end < 0 or ev.evidence[0].sentence_start < para_end
        assert row["IsRootEvent"] == str(int(root))
        if ev.location and ev.location.country == "RUS":
            assert row["ActionGeo_CountryCode"] == "RS"  # FIPS 10-4, as GDELT's geo columns
            assert row["ActionGeo_FullName"].endswith("Russia")
            point = ev.location.lat is not None
            assert row["ActionGeo_Type"] == ("4" if point else "1")  # a city, or the country
            assert row["ActionGeo_ADM1Code"].startswith("RS")
            assert row["ActionGeo_Lat"] == (str(ev.location.lat) if point else "")
        # actor geography: the event's place in the actor's country, else the country
        for n, actor in (("1", ev.source[0]), ("2", ev.target[0])):
            fips = kb.places.country(actor.country).fips
            assert row[f"Actor{n}Geo_CountryCode"] == fips
            here = ev.location and ev.location.country == actor.country
            geo_type = row[f"Actor{n}Geo_Type"]
            assert geo_type == ("1" if not here or ev.location.lat is None else "4")
            assert row[f"Actor{n}Geo_FullName"].endswith(kb.country_name(actor.country))
        # counts from the merged evidence; tone of the reporting article's text
        assert row["NumMentions"] == str(len(ev.evidence)) and row["NumSources"] == "1"
        assert float(row["AvgTone"]) == pytest.approx(tone(art.text), abs=1e-4)
        assert len(row["DATEADDED"]) == 14 and row["DATEADDED"].isdigit()
    assert len(seen_ids) == len(events)
    filled = {c for ln in lines for c, v in zip(names, ln.split("\t"), strict=True) if v}
    assert {"Actor1Geo_CountryCode", "Actor2Geo_CountryCode", "AvgTone", "NumMentions"} <= filled


def test_stats_counts_what_was_stored(db) -> None:  # noqa: ANN001
    url, arts, _ = db
    code, out, _ = cli("stats", "--db", url, "--format", "json")
    (stats,) = json.loads(out)
    evs = _events(arts)
    assert code == 0 and stats["articles"] == len(arts) and stats["events"] == len(evs)
    assert stats["quotes"] == sum(len(a.quotes) for a in arts.values())
    quads = {n: sum(e.quad_class == q for e in evs.values()) for q, n in Q.QUAD_KEYS.items()}
    assert {k: stats.get(k, 0) for k in quads} == quads
    days = sorted(a.published[:10] for a in arts.values() if a.published)
    assert stats["published"] == f"{days[0]} .. {days[-1]}"


def test_search_filters_on_the_command_line(db) -> None:  # noqa: ANN001
    url, arts, _ = db
    ref = arts["ref"]
    code, out, _ = cli("search", "Russia", "--publisher", ref.publisher, "--db", url,
                       "--format", "json")  # fmt: skip
    assert code == 0 and {r["publisher"] for r in json.loads(out)} == {ref.publisher}
    code, _, err = cli("search", "Russia", "--type", "NOPE", "--db", url)
    assert code == 2 and "PLOVER" in err


def test_gdelt_actor_code_parts() -> None:
    """Type and known-group columns come from the CAMEO code's three-letter parts."""
    from tidings.store.export import _code_parts

    assert _code_parts("Actor1", "RUSGOVMIL", "RUS") == {
        "Actor1Type1Code": "GOV",
        "Actor1Type2Code": "MIL",
    }
    assert _code_parts("Actor2", "IGOUNO", None) == {
        "Actor2Type1Code": "IGO",
        "Actor2KnownGroupCode": "UNO",
    }
    assert _code_parts("Actor1", "RUS", "RUS") == {}


def test_tone_counts_positive_and_negative_words_of_real_articles(shared: Path) -> None:
    """GDELT's tone (positive minus negative words, % of all words) with the VADER lexicon:
    the report of bombings in Homs is negative, the readout of a phone call positive."""
    from tidings.store.tone import lexicon

    arts = shared / "corpus" / "articles"
    bombing, call = (tone((arts / n).read_text("utf-8")) for n in ("voa-0001.txt", "wh-0001.txt"))
    assert -10 < bombing < 0 < call < 15
    assert lexicon()["killed"] < 0 < lexicon()["agreement"] and tone("") is None


def test_events_min_confidence_filters_on_the_stored_confidence(db) -> None:  # noqa: ANN001
    url, arts, _ = db
    stored = sorted({e.confidence for e in _events(arts).values()})
    assert stored == [0.9]  # store_corpus codes every event at 0.9
    code, out, _ = cli("events", "--db", url, "--format", "jsonl", "--min-confidence", "0.5")
    rows = [json.loads(ln) for ln in out.splitlines()]
    assert code == 0 and rows and all(r["confidence"] == 0.9 for r in rows)
    code, out, _ = cli("events", "--db", url, "--format", "jsonl", "--min-confidence", "0.95")
    assert code == 0 and out.strip() == ""
    code, _, err = cli("events", "--db", url, "--min-confidence", "1.5")
    assert code != 0 and "min_confidence" in err
