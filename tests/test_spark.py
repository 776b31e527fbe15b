"""The Spark job on a local[2] SparkSession, end to end: a WARC, a JSONL dump and a Parquet dump
written here -> ``tidings spark run`` -> Parquet tables equal to the local pipeline's rows ->
``tidings load`` -> the same database as the local ingest. One session for the module.

The local reference reads the very same inputs, damaged WARC record and broken JSON line
included (one WARC reader for both paths), in the job's input order: dump.jsonl,
dump.parquet, warc/."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from test_spark_records import (
    corpus_articles,
    page_html,
    write_jsonl,
    write_parquet,
    write_warc,
)
from tidings.cli import main
from tidings.schema import Article, Event, EventActor, Evidence
from tidings.spark.schema import ERRORS, TABLES

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark():
    from tidings.spark.job import session

    sess = session(
        "local[2]",
        app="tidings-tests",
        ui=False,
        conf={"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"},
    )
    yield sess
    sess.stop()


@pytest.fixture(scope="module")
def job(spark, shared, tmp_path_factory):
    """Inputs + one run of the CLI job on them."""
    arts = corpus_articles(shared)
    tmp = tmp_path_factory.mktemp("spark")
    inp = tmp / "in"
    (inp / "warc").mkdir(parents=True)
    warc_arts = arts[0:5]
    warc = inp / "warc" / "CC-NEWS-20190514-00000.warc.gz"
    offsets = write_warc(
        warc,
        [(f"https://example.org/{s}", page_html(t, d, ps)) for s, t, d, ps in warc_arts],
        corrupt=3,
    )
    write_jsonl(inp / "dump.jsonl", arts[12:15], bad=True)
    # Parquet: one new article (html column) and one already in the JSONL (a duplicate)
    write_parquet(inp / "dump.parquet", [arts[20], arts[12]], html=False)
    out = tmp / "out"
    result = CliRunner().invoke(
        main, ["spark", "run", str(inp), "--output", str(out), "--partitions", "2"]
    )
    assert result.exit_code == 0, result.output
    return {
        "arts": arts,
        "out": out,
        "warc": warc,
        "offsets": offsets,
        "jsonl": inp / "dump.jsonl",
        "parquet": inp / "dump.parquet",
        "manifest": json.loads((out / "_SUCCESS").read_text()),
        "tmp": tmp,
    }


def _table(out: Path, table: str) -> list[dict]:
    folder = out / table
    if not any(folder.rglob("*.parquet")):
        return []
    return ds.dataset(folder, format="parquet", partitioning="hive").to_table().to_pylist()


@pytest.fixture(scope="module")
def local(job):
    """What the local pipeline makes of the same inputs, in the job's input order (JSONL,
    Parquet rows read by the reader's read_record, WARC): Articles after process(); the
    Parquet row repeating a JSONL article is kept (the store skips it as a duplicate). The
    local reader keeps the WARC's pages after the damaged record, as the job does."""
    import pyarrow.parquet as pq

    from tidings.pipeline import process
    from tidings.read import read_paths, read_record

    articles = [r for r in read_paths([job["jsonl"]]) if isinstance(r, Article)]
    rows = pq.read_table(job["parquet"]).to_pylist()
    articles += [read_record(row, f"{job['parquet']}#{i}") for i, row in enumerate(rows, 1)]
    articles += [r for r in read_paths([job["warc"]]) if isinstance(r, Article)]
    assert len(articles) == 9
    return list(process(articles))


def _first_reports(local: list[Article]) -> list[Article]:
    seen: set[str] = set()
    return [a for a in local if not (a.id in seen or seen.add(a.id))]


def test_parquet_output_equals_local_pipeline(job, local) -> None:
    from tidings.store.rows import article_rows

    firsts = _first_reports(local)
    want: dict[str, list[dict]] = {t: [] for t in TABLES}
    for art in firsts:
        for t, rows in article_rows(art).items():
            want[t].extend(rows)
    out = job["out"]
    arts = _table(out, "articles")
    assert len(firsts) == 8
    assert sorted(r["id"] for r in arts) == sorted(a.id for a in firsts)
    assert {r["id"] for r in _table(out, "entities")} == {r["id"] for r in want["entities"]}
    keyed = {
        "article_entities": ("article_id", "local_id", "entity_id", "name", "type"),
        "mentions": ("article_id", "start", "end", "entity_id", "text"),
        "quotes": ("article_id", "id", "start", "end", "speaker_entity_id"),
        "event_sources": ("event_id", "article_id"),
    }
    for table, cols in keyed.items():
        got = sorted(tuple(r[c] for c in cols) for r in _table(out, table))
        exp = sorted({tuple(r[c] for c in cols) for r in want[table]})
        assert got == exp, table
    assert len(want["mentions"]) > 50  # real NER output was compared
    events = {r["id"]: r for r in _table(out, "events")}
    assert len(want["events"]) > 20  # real event coder output was compared
    assert set(events) == {r["id"] for r in want["events"]}
    first_row: dict[str, dict] = {}
    for row in want["events"]:
        first_row.setdefault(row["id"], row)
    for eid, ev in events.items():
        n = len({r["article_id"] for r in want["event_sources"] if r["event_id"] == eid})
        assert ev["mentions"] == n
        assert ev["rule"] == first_row[eid]["rule"]  # the first report in input order
        assert json.loads(ev["data"]) == first_row[eid]["data"]
    # event_actors: those of each event's first report, one per (event, role, position)
    actors = sorted(
        (r["event_id"], r["role"], r["position"], r["name"]) for r in _table(out, "event_actors")
    )
    first_article: dict[str, str] = {}  # event id -> the article that reports it first
    for art in firsts:
        for ev in art.events:
            first_article.setdefault(ev.id, art.id)
    exp_actors = {}
    for art in firsts:
        for row in article_rows(art)["event_actors"]:
            if first_article[row["event_id"]] == art.id:
                key = (row["event_id"], row["role"], row["position"])
                exp_actors.setdefault(key, row["name"])
    assert actors and actors == sorted((*k, v) for k, v in exp_actors.items())
    # text and title of each article come out as the local reader made them
    by_id = {r["id"]: r for r in arts}
    for art in firsts:
        assert by_id[art.id]["text"] == art.text
        assert json.loads(by_id[art.id]["paragraphs"]) == art.paragraphs


def test_partitioned_by_publication_month(job) -> None:
    out = job["out"]
    for table in ("articles", "article_entities", "mentions"):
        months = {p.name for p in (out / table).iterdir() if p.is_dir()}
        assert months and all(m.startswith("month=") for m in months), table
    for row in _table(out, "articles"):
        pub = row["published_date"]
        assert row["month"] == (pub[:7] if pub else "unknown")
    warc_rows = [r for r in _table(out, "articles") if r["format"] == "warc"]
    assert len(warc_rows) == 4 and all(r["month"] != "unknown" for r in warc_rows)
    assert all(r["url"].startswith("https://example.org/") for r in warc_rows)


def test_errors_table_and_manifest_counts(job) -> None:
    out, man = job["out"], job["manifest"]
    errors = {r["source"]: r for r in _table(out, ERRORS)}
    warc, offs = job["warc"], job["offsets"]
    assert "corrupt WARC record" in errors[f"{warc}#{offs[3]}"]["reason"]
    assert "image/png" in errors[f"{warc}#{offs[5]}"]["reason"]
    assert errors[f"{warc}#{offs[6]}"]["reason"].startswith("not an article page")
    assert "not valid JSON" in errors[f"{job['jsonl']}#2"]["reason"]
    for src in errors:  # nothing else is blamed (see test_warc_split_survives_a_corrupt_record)
        if src.startswith(f"{warc}#"):
            off = int(src.rsplit("#", 1)[1])
            assert off in (offs[5], offs[6]) or offs[3] <= off < offs[4], src
        else:
            assert src == f"{job['jsonl']}#2", src
    assert man["errors"] == len(errors) >= 4
    assert man["errors_by_stage"] == {"read": len(errors)}
    for table in [*TABLES, ERRORS]:
        assert man["tables"][table] == len(_table(out, table)), table
    # the Parquet row duplicating a JSONL article was analysed but kept once
    assert man["rows_before_dedup"]["articles"] == man["tables"]["articles"] + 1
    assert man["files"] == {"local": 2, "remote": 0, "parquet": 1}
    assert not (out / "_staging").exists()


def _db_rows(url: str, skip: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    from tidings.store.db import connect
    from tidings.store.tables import ALL_TABLES

    engine = connect(url)
    got = {}
    with engine.connect() as conn:
        for table in ALL_TABLES:
            rows = [dict(r._mapping) for r in conn.execute(select(table))]
            got[table.name] = sorted(
                json.dumps({k: v for k, v in r.items() if k not in skip}, sort_keys=True)
                for r in rows
            )
    engine.dispose()
    return got


def test_load_gives_the_local_database_and_is_idempotent(job, local, tmp_path) -> None:
    """``tidings load`` of the job's output == ``ingest`` of the same articles in input order,
    every table and column (the source of every record included: both paths read the same
    files with the same reader) except the ingest time and the database's own full-text keys."""
    from tidings.ingest import ingest
    from tidings.store.db import connect

    ref = connect(tmp_path / "local.db")
    # entity rows do not depend on batch boundaries (tidings.store.canonical): any batch size
    summary = ingest([], ref, records=local, analyze=False, batch_size=3)
    assert (summary.stored, summary.duplicates) == (8, 1)
    ref.dispose()
    db = tmp_path / "spark.db"
    result = CliRunner().invoke(main, ["load", str(job["out"]), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "loaded 8 articles" in result.output and "8 stored" in result.output
    once = _db_rows(str(db))
    result = CliRunner().invoke(main, ["load", str(job["out"]), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "0 stored, 8 unchanged" in result.output
    assert _db_rows(str(db)) == once  # loading twice changes nothing, full-text keys included

    skip = frozenset({"ingested_at", "seq"})
    got, want = _db_rows(str(db), skip), _db_rows(str(tmp_path / "local.db"), skip)
    for table in want:
        assert got[table] == want[table], table
    assert len(want["mentions"]) > 50 and len(want["events"]) > 20
    assert len(want["event_actors"]) > 20 and len(want["entities"]) > 20
    # the job's own entity rows are the writer's (one rule), for every id nobody was merged into
    merged = {json.loads(r)["entity_id"] for r in want["actor_aliases"]}
    stored = {json.loads(r)["id"]: json.loads(r) for r in want["entities"]}
    for row in _table(job["out"], "entities"):
        if row["id"] in stored and row["id"] not in merged:
            assert row == stored[row["id"]], row["id"]


def test_load_refuses_a_folder_without_manifest(tmp_path) -> None:
    result = CliRunner().invoke(main, ["load", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "no _SUCCESS manifest" in result.output


def _article(text: str, published: str, events: list[Event]) -> Article:
    paras = [text]
    return Article(
        id=f"a{abs(hash(text)) % 10**8}",
        source=f"mem:{text[:10]}",
        format="text",
        published=published,
        paragraphs=paras,
        text=text,
        events=events,
    )


def _event(eid: str, sent: str, trigger: str) -> Event:
    start = sent.index(trigger)
    return Event(
        id=eid,
        type="CONSULT",
        date="2019-05-14",
        date_precision="day",
        source=[EventActor(name="Mike Pompeo", country="USA")],
        target=[EventActor(name="Sergei Lavrov", country="RUS")],
        evidence=[
            Evidence(
                sentence=sent,
                sentence_start=0,
                sentence_end=len(sent),
                trigger=trigger,
                start=start,
                end=start + len(trigger),
            )
        ],
    )


def test_events_are_merged_across_articles(spark) -> None:
    """Two articles reporting one event (same identity) -> one event row, two sources; the
    representative row and actors are the first report's in input order (not in time)."""
    import pyarrow as pa

    from tidings.spark.job import finalize
    from tidings.spark.records import article_long_rows, to_batches

    s1 = "Pompeo met Lavrov in Sochi on Tuesday."
    s2 = "Lavrov and Pompeo held talks in Sochi."
    s3 = "Pompeo will visit Moscow next month."
    later = _event("ev-sochi", s2, "held talks")
    later.source = [EventActor(name="Lavrov", country="RUS"), EventActor(name="Pompeo")]
    arts = [
        _article(s1, "2019-05-14", [_event("ev-sochi", s1, "met")]),
        _article(s2, "2019-05-15", [later]),
        _article(s3, "2019-05-16", [_event("ev-visit", s3, "visit")]),
    ]
    orders = ["0000001/0000000000000/00000.00000", "0000000/0000000000009/00000.00000", "2"]
    rows = [
        r
        for a, o in zip(arts, orders, strict=True)
        for r in article_long_rows(a, "2026-01-01T00:00:00+00:00", o)
    ]
    long = spark.createDataFrame(pa.Table.from_batches(list(to_batches(rows))))
    tables = {t: df.collect() for t, df in finalize(long).items()}
    events = {r["id"]: r for r in tables["events"]}
    assert set(events) == {"ev-sochi", "ev-visit"}
    assert events["ev-sochi"]["mentions"] == 2 and events["ev-visit"]["mentions"] == 1
    assert events["ev-sochi"]["month"] == "2019-05"
    # the first report in input order (the later-published one) is the representative row
    assert json.loads(events["ev-sochi"]["data"])["evidence"][0]["sentence"] == s2
    actors = sorted(
        (r["event_id"], r["role"], r["position"], r["name"]) for r in tables["event_actors"]
    )
    assert actors == [
        ("ev-sochi", "source", 0, "Lavrov"),
        ("ev-sochi", "source", 1, "Pompeo"),
        ("ev-sochi", "target", 0, "Sergei Lavrov"),
        ("ev-visit", "source", 0, "Mike Pompeo"),
        ("ev-visit", "target", 0, "Sergei Lavrov"),
    ]
    assert {r["month"] for r in tables["event_actors"]} == {"2019-05"}
    sources = sorted((r["event_id"], r["article_id"]) for r in tables["event_sources"])
    assert sources == sorted(
        [("ev-sochi", arts[0].id), ("ev-sochi", arts[1].id), ("ev-visit", arts[2].id)]
    )
    assert len(tables["articles"]) == 3


def test_uri_inputs_are_read_through_hadoop(spark, job, tmp_path) -> None:
    """A file:// URI goes through Hadoop listing + binaryFile, as s3a:// or hdfs:// would, and
    gives the same records as the streamed local path."""
    from tidings.spark.job import plan_inputs, raw_records
    from tidings.spark.records import split_input

    copy = tmp_path / "remote"
    copy.mkdir()
    shutil.copy(job["warc"], copy / job["warc"].name)
    plan = plan_inputs(spark, [f"file://{copy}/*.warc.gz", "file:///no/such/dir/*.warc"])
    assert plan["local"] == [] and len(plan["remote"]) == 1
    assert plan["remote"][0].endswith(f"{copy}/{job['warc'].name}")
    assert [e["reason"] for e in plan["errors"]] == ["no such file or no file matches"]
    got = raw_records(spark, plan).collect()
    want = list(split_input(str(copy / job["warc"].name)))
    assert len(got) == len(want) + 1 == 8
    strip = [
        (r["kind"], r["url"], bytes(r["payload"] or b""), r["reason"], r["order"]) for r in got[:-1]
    ]
    assert strip == [
        (r["kind"], r.get("url"), r.get("payload") or b"", r.get("reason"), r["order"])
        for r in want
    ]
    assert got[0]["source"].startswith("file:") and got[0]["source"].endswith(
        f"{job['warc'].name}#{job['offsets'][0]}"
    )


def _model_loads(batches):  # noqa: ANN001, ANN202 - runs on a Spark Python worker
    """For each task: the worker's pid and how often it has loaded the spaCy model so far."""
    import os

    import pyarrow as pa

    from tidings.understand.nlp import load

    for batch in batches:
        nlp = load()
        n = batch.num_rows
        yield pa.RecordBatch.from_pydict(
            {
                "pid": [os.getpid()] * n,
                "loads": [load.cache_info().misses] * n,
                "ents": [len(nlp("Mike Pompeo met Sergei Lavrov in Sochi.").ents)] * n,
            }
        )


def test_spacy_loads_once_per_python_worker(spark, job) -> None:
    """The job's session reuses Python workers, so many tasks share one loaded model."""
    import sys

    from pyspark import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # tests/ is not on workers
    df = spark.range(0, 12, numPartitions=12)
    rows = df.mapInArrow(_model_loads, "pid long, loads long, ents long").collect()
    pids = {r["pid"] for r in rows}
    assert len(rows) == 12 and len(pids) < 12  # workers ran several tasks each
    assert {r["loads"] for r in rows} == {1}  # ... with one model load per worker process
    assert min(r["ents"] for r in rows) >= 2  # and the model works there
