"""The Spark job: inputs -> split -> analyse (mapInArrow) -> de-duplicate -> Parquet tables.

Steps, each a plain function of :mod:`tidings.spark.records` run inside ``mapInArrow``:

1. *split*: input files (local paths streamed on the worker; remote URIs via Spark's
   ``binaryFile`` source; Parquet via Spark's reader) -> raw records (one per page/line/row);
2. *repartition* the raw records so that analysis spreads over all executor cores;
3. *analyse*: read + :func:`tidings.pipeline.process` + ``article_rows`` -> one long table
   (all tables' rows, tagged). spaCy is loaded once per Python worker (module-level cache;
   PySpark reuses workers) and fed ``nlp.pipe`` batches; the model is never pickled;
4. the long table is staged to Parquet once, then split per table with cross-article
   de-duplication (one row per article, entity, event; ``events.mentions`` = number of
   reporting articles), written partitioned by publication month, plus a ``_SUCCESS``
   manifest with counts. Which report of an article or event is kept follows the input order
   (file number, position in the file), so the result equals a local ingest of the same
   inputs whatever the partitioning.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

import pyarrow as pa

from tidings.spark.records import (
    analyze_raw,
    error,
    expand_local,
    kind_of,
    order_key,
    record_raw,
    split_input,
    to_batches,
)
from tidings.spark.schema import (
    ERRORS,
    MONTH,
    RAW_SCHEMA,
    TABLES,
    UNKNOWN_MONTH,
    UNPARTITIONED,
    long_schema,
    table_columns,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

STAGING = "_staging"


def is_local(uri: str) -> bool:
    """Plain paths are read by the workers directly (streamed); any URI (``file://``,
    ``s3a://``, ``hdfs://``...) is listed by Hadoop and read with Spark's binaryFile source."""
    return "://" not in uri and not uri.startswith("file:")


def session(
    master: str | None = None, *, app: str = "tidings", ui: bool = True, conf: dict | None = None
) -> SparkSession:
    """Get (or create) the SparkSession. For a local master the Python workers run this very
    interpreter with this very ``tidings`` on their path (no install needed); on a cluster,
    tidings must be installed on the executors (see docs/spark.md)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    if master is None or master.startswith("local"):
        # Not tidings settings (those come from tidings.settings): PySpark starts its Python
        # workers from these two variables, so they are set here (PYTHONPATH extended, not
        # replaced) to name this interpreter and this very tidings package.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        pkg_root = str(Path(__file__).resolve().parents[2])
        paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
        if pkg_root not in paths:
            os.environ["PYTHONPATH"] = os.pathsep.join([pkg_root, *filter(None, paths)])
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    settings = {
        "spark.ui.enabled": "true" if ui else "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.python.worker.reuse": "true",  # keeps the loaded spaCy model between tasks
        "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
        "spark.sql.session.timeZone": "UTC",
        **(conf or {}),
    }
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


# ---------------------------------------------------------------- Python functions run on workers


def _norm(path: str) -> str:
    """One spelling of a file for the file-number map (Hadoop writes ``file:/``, Spark's
    ``_metadata`` ``file:///``)."""
    return path.removeprefix("file://").removeprefix("file:")


def _split_batches(
    batches: Iterator[pa.RecordBatch], numbers: dict[str, int]
) -> Iterator[pa.RecordBatch]:
    """(path, content) -> raw records; content is null for local paths."""

    def raws() -> Iterator[dict]:
        for batch in batches:
            for row in batch.to_pylist():
                no = numbers.get(_norm(row["path"]), 0)
                yield from split_input(row["path"], row["content"], no)

    yield from to_batches(raws(), RAW_SCHEMA, size=256)


def _parquet_batches(
    batches: Iterator[pa.RecordBatch], numbers: dict[str, int]
) -> Iterator[pa.RecordBatch]:
    """Rows of a Parquet dump -> raw records (source ``file#row``, 1-based as locally)."""

    def raws() -> Iterator[dict]:
        for batch in batches:
            for obj in batch.to_pylist():
                path = unquote(_norm(obj.pop("_file")))  # a URI: %20 for a space
                raw = record_raw(obj, f"{path}#{obj.pop('_row') + 1}")
                raw["order"] = order_key(numbers.get(path, 0), raw["source"])
                yield raw

    yield from to_batches(raws(), RAW_SCHEMA, size=256)


def _analyze_batches(
    batches: Iterator[pa.RecordBatch], *, ingested_at: str, batch_size: int, chunk_size: int
) -> Iterator[pa.RecordBatch]:
    """Raw records -> long rows of every table (the engine-free core, streamed)."""

    def raws() -> Iterator[dict]:
        for batch in batches:
            yield from batch.to_pylist()

    rows = analyze_raw(
        raws(), ingested_at=ingested_at, batch_size=batch_size, chunk_size=chunk_size
    )
    yield from to_batches(rows, long_schema(), size=512)


# ---------------------------------------------------------------- driver side


def _spark_type(schema: pa.Schema):  # noqa: ANN202 - pyspark StructType
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def _hadoop_files(spark: SparkSession, uri: str) -> list[str] | None:
    """Files under a Hadoop URI (glob, folder or file), ``None`` when nothing matches."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(uri)
    fs = path.getFileSystem(conf)
    statuses = fs.globStatus(path)
    if not statuses:
        return None
    files: list[str] = []
    for st in statuses:
        if st.isDirectory():
            it = fs.listFiles(st.getPath(), True)
            while it.hasNext():
                p = it.next().getPath()
                if not p.getName().startswith((".", "_")):
                    files.append(p.toString())
        else:
            files.append(st.getPath().toString())
    return sorted(files)


def plan_inputs(spark: SparkSession, inputs: Sequence[str]) -> dict[str, Any]:
    """Sort inputs into local files, remote files, Parquet files and errors (missing inputs);
    ``numbers`` gives each file its place in the input order (as a local ingest reads them)."""
    plan: dict[str, Any] = {"local": [], "remote": [], "parquet": [], "errors": [], "numbers": {}}
    for inp in inputs:
        no = len(plan["numbers"]) + len(plan["errors"])
        if is_local(inp):
            files = list(expand_local([inp]))
            if not files:
                plan["errors"].append({**error(inp, "no file matches"), "order": order_key(no, "")})
        else:
            found = _hadoop_files(spark, inp)
            if found is None:
                err = error(inp, "no such file or no file matches")
                plan["errors"].append({**err, "order": order_key(no, "")})
                continue
            files = found
        for f in files:
            if kind_of(f) == "parquet" and is_local(f):
                f = str(Path(f).resolve())  # Spark's _metadata.file_path is absolute
            plan["numbers"].setdefault(_norm(f), len(plan["numbers"]) + len(plan["errors"]))
            if kind_of(f) == "parquet":
                plan["parquet"].append(f)
            elif is_local(f):
                plan["local"].append(f)
            else:
                plan["remote"].append(f)
    return plan


def raw_records(spark: SparkSession, plan: dict[str, list]) -> DataFrame:
    """All raw records of the planned inputs as one DataFrame (``RAW_SCHEMA``)."""
    from pyspark.sql import functions as F

    raw_type = _spark_type(RAW_SCHEMA)
    frames: list[DataFrame] = []
    units: list[DataFrame] = []
    numbers = plan["numbers"]
    if plan["local"]:
        files = spark.sparkContext.parallelize(
            [(p, None) for p in plan["local"]], min(len(plan["local"]), 10_000)
        )  # one split task per file, no shuffle
        units.append(spark.createDataFrame(files, "path string, content binary"))
    if plan["remote"]:
        units.append(spark.read.format("binaryFile").load(plan["remote"]).select("path", "content"))
    for unit in units:
        frames.append(unit.mapInArrow(partial(_split_batches, numbers=numbers), raw_type))
    if plan["parquet"]:  # one scan over all dumps; columns missing from a file read as null
        df = spark.read.option("mergeSchema", "true").parquet(*plan["parquet"])
        df = df.select(  # every column: read_record picks the fields it knows
            *[F.col(f"`{c}`") for c in df.columns if c not in ("_file", "_row")],
            F.col("_metadata.file_path").alias("_file"),
            F.col("_metadata.row_index").alias("_row"),
        )
        frames.append(df.mapInArrow(partial(_parquet_batches, numbers=numbers), raw_type))
    if plan["errors"]:
        frames.append(spark.createDataFrame(pa.Table.from_pylist(plan["errors"], RAW_SCHEMA)))
    if not frames:
        return spark.createDataFrame([], raw_type)
    out = frames[0]
    for frame in frames[1:]:
        out = out.unionByName(frame)
    return out


def finalize(long: DataFrame) -> dict[str, DataFrame]:
    """Long rows -> one DataFrame per output table, de-duplicated across articles and inputs,
    the way the local store merges what a local ingest of the same inputs writes:

    - articles: one per id, the first report in input order (``_order``); the rows of later
      reports of the same text (duplicates) are dropped from every table;
    - entities: one per canonical id, built from all its appearances (``article_entities``)
      by :func:`tidings.store.canonical.entity_row`, the rule of the local writer (names and
      fields do not depend on input order);
    - events: one per event id (identity of date, actors, type, place), fields from the first
      report in input order, ``mentions`` = number of reporting articles; ``event_actors``
      from that same report;
    - per-article tables: the kept articles' rows; ``month`` = publication month (events and
      their actors: the event's own month when dated).
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    cols = table_columns()

    def first_by(df: DataFrame, key: list[str], *order) -> DataFrame:  # noqa: ANN002
        win = Window.partitionBy(*key).orderBy(*order)
        return df.withColumn("_n", F.row_number().over(win)).filter("_n = 1").drop("_n")

    articles = first_by(long.filter(F.col("_table") == "articles"), ["id"], "_order")
    kept = long.filter(F.col("_table") != ERRORS).join(
        articles.select("_article", "_order"), ["_article", "_order"], "left_semi"
    )

    def part(table: str) -> DataFrame:
        return kept.filter(F.col("_table") == table)

    month = F.col("_month").alias(MONTH)
    out: dict[str, DataFrame] = {"articles": articles.select(*cols["articles"], month)}

    out["entities"] = entity_rows(part("article_entities"), cols["entities"])
    for table in ("article_entities", "mentions", "quotes", "event_sources"):
        out[table] = part(table).select(*cols[table], month)

    counts = (
        part("event_sources")
        .groupBy(F.col("event_id").alias("_eid"))
        .agg(F.countDistinct("article_id").alias("_reports"))
    )
    events = first_by(part("events"), ["id"], "_order", "_row")
    events = events.join(counts, F.col("id") == F.col("_eid"), "left")
    event_month = F.when(F.col("date").rlike(r"^\d{4}-\d{2}"), F.substring("date", 1, 7))
    events = events.withColumn(
        MONTH, F.coalesce(event_month, F.col("_month"), F.lit(UNKNOWN_MONTH))
    )
    out["events"] = events.select(
        *[
            F.coalesce(F.col("_reports").cast("long"), F.lit(1)).alias(c)
            if c == "mentions"
            else F.col(c)
            for c in cols["events"]
        ],
        MONTH,
    )
    chosen = events.select(
        F.col("id").alias("event_id"), F.col("_order").alias("_eorder"), F.col(MONTH)
    )
    actors = part("event_actors").join(chosen, "event_id")
    actors = actors.filter(F.col("_order") == F.col("_eorder"))
    actors = first_by(actors, ["event_id", "role", "position"], "_row")
    out["event_actors"] = actors.select(*cols["event_actors"], MONTH)
    out[ERRORS] = long.filter(F.col("_table") == ERRORS).select(*cols[ERRORS])
    return {t: out[t] for t in [*TABLES, ERRORS]}


def _entity_batches(
    batches: Iterator[pa.RecordBatch], columns: list[str]
) -> Iterator[pa.RecordBatch]:
    """(id, appearances) groups -> ``entities`` rows by the store's one rule."""
    from tidings.store.canonical import Appearance, entity_row, kb_id_of

    schema = pa.schema([long_schema().field(c) for c in columns])
    for batch in batches:
        rows = []
        for r in batch.to_pylist():
            apps = [Appearance(**a) for a in r["apps"]]
            row = entity_row(r["entity_id"], apps, kb_id_of(r["entity_id"]))
            rows.append({c: row.get(c) for c in columns})
        yield pa.RecordBatch.from_pylist(rows, schema=schema)


def entity_rows(links: DataFrame, columns: list[str]) -> DataFrame:
    """One ``entities`` row per canonical id from its ``article_entities`` rows (grouped as
    the local writer groups them: identical rows counted, with their last day)."""
    from pyspark.sql import functions as F

    keys = ["name", "type", "country", "actor_code", "role", "lat", "lon"]
    grouped = links.groupBy("entity_id", *keys).agg(
        F.max("published_date").alias("last_day"), F.count(F.lit(1)).alias("n")
    )
    apps = grouped.groupBy("entity_id").agg(
        F.collect_list(F.struct(*keys, "last_day", "n")).alias("apps")
    )
    schema = pa.schema([long_schema().field(c) for c in columns])
    return apps.mapInArrow(partial(_entity_batches, columns=columns), _spark_type(schema))


def _hadoop_write_text(spark: SparkSession, uri: str, text: str) -> None:
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    stream = fs.create(path, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()


def _hadoop_delete(spark: SparkSession, uri: str) -> None:
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).delete(path, True)


def run_job(
    spark: SparkSession,
    inputs: Sequence[str],
    output: str,
    *,
    partitions: int | None = None,
    batch_size: int = 32,
    chunk_size: int = 64,
) -> dict[str, Any]:
    """Run the whole job; returns the manifest also written to ``OUTPUT/_SUCCESS``.

    ``partitions``: number of analysis tasks (default 2 per core; 0 keeps the input split)."""
    t0 = time.perf_counter()
    started = datetime.now(UTC).isoformat(timespec="seconds")
    output = output.rstrip("/")
    if is_local(output):
        output = str(Path(output).resolve())
    _hadoop_delete(spark, f"{output}/_SUCCESS")  # a stale manifest must not vouch for this run
    plan = plan_inputs(spark, inputs)
    raw = raw_records(spark, plan)
    if partitions is None:
        partitions = 2 * spark.sparkContext.defaultParallelism
    if partitions > 0:
        raw = raw.repartition(partitions)
    analyze = partial(
        _analyze_batches, ingested_at=started, batch_size=batch_size, chunk_size=chunk_size
    )
    long = raw.mapInArrow(analyze, _spark_type(long_schema()))
    staging = f"{output}/{STAGING}"
    long.write.mode("overwrite").parquet(staging)
    long = spark.read.parquet(staging)
    t_map = time.perf_counter()

    reported: dict[str, int] = {}
    err_stages: dict[str, int] = {}
    for r in long.groupBy("_table", "stage").count().collect():  # one pass for both
        reported[r["_table"]] = reported.get(r["_table"], 0) + r["count"]
        if r["_table"] == ERRORS:
            err_stages[r["stage"]] = r["count"]
    counts: dict[str, int] = {}
    for table, df in finalize(long).items():
        dest = f"{output}/{table}"
        writer = df.write.mode("overwrite")
        if table not in UNPARTITIONED:
            writer = writer.partitionBy(MONTH)
        writer.parquet(dest)
        counts[table] = spark.read.schema(df.schema).parquet(dest).count()
    _hadoop_delete(spark, staging)
    manifest = {
        "tidings_version": _version(),
        "started": started,
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - t0, 2),
        "analysis_seconds": round(t_map - t0, 2),
        "master": spark.sparkContext.master,
        "inputs": list(inputs),
        "files": {k: len(plan[k]) for k in ("local", "remote", "parquet")},
        "partitions": partitions,
        "tables": counts,
        "rows_before_dedup": {t: reported.get(t, 0) for t in TABLES},
        "errors": counts.get(ERRORS, 0),
        "errors_by_stage": err_stages,
        "partitioned_by": MONTH,
    }
    _hadoop_write_text(spark, f"{output}/_SUCCESS", json.dumps(manifest, indent=2) + "\n")
    return manifest


def _version() -> str:
    from tidings import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point for ``spark-submit .../tidings/spark/job.py INPUT... --output DIR``."""
    import argparse

    ap = argparse.ArgumentParser(prog="tidings-spark", description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--output", required=True)
    ap.add_argument("--partitions", type=int, default=None)
    ap.add_argument("--batch-size", type=int, default=32)
    args = ap.parse_args(argv)
    spark = session(None)
    manifest = run_job(
        spark, args.inputs, args.output, partitions=args.partitions, batch_size=args.batch_size
    )
    print(json.dumps(manifest["tables"]))
    spark.stop()


if __name__ == "__main__":  # run by spark-submit: use the package's functions, not __main__'s
    from tidings.spark.job import main as _main

    _main()
