"""``tidings spark run`` (the pipeline on Apache Spark) and ``tidings load`` (its output -> DB)."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Table

from tidings.cli.output import warn


@click.group("spark")
def spark_group() -> None:
    """Run the pipeline on Apache Spark (needs the extra: pip install 'tidings[spark]')."""


@spark_group.command("run")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", "-o", required=True, help="Output folder or URI (Parquet tables).")
@click.option(
    "--master",
    default=None,
    help="Spark master: local[2], spark://host:7077, yarn (default: spark-submit's or local[*]).",
)
@click.option(
    "--partitions", type=int, default=None, help="Analysis tasks (default 2 per core; 0: as read)."
)
@click.option("--batch-size", default=32, show_default=True, help="Articles per spaCy batch.")
@click.option("--ui/--no-ui", default=False, help="Start the Spark web UI.")
def run_command(
    inputs: tuple[str, ...],
    output: str,
    master: str | None,
    partitions: int | None,
    batch_size: int,
    ui: bool,
) -> None:
    """Read, analyse and code INPUT... (WARC, JSONL, Parquet, pages; folders, globs, URIs)
    into Parquet tables partitioned by month, with a _SUCCESS manifest of counts."""
    try:
        from pyspark.sql import SparkSession

        from tidings.spark.job import run_job, session
    except ImportError as exc:
        raise click.ClickException(
            f"PySpark is not installed ({exc}); install it with: pip install 'tidings[spark]'"
        ) from exc
    owned = SparkSession.getActiveSession() is None
    spark = session(master or ("local[*]" if owned else None), ui=ui)
    try:
        man = run_job(spark, list(inputs), output, partitions=partitions, batch_size=batch_size)
    finally:
        if owned:
            spark.stop()
    table = Table(title=f"{output} ({man['seconds']} s on {man['master']})")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in man["tables"].items():
        table.add_row(name, str(count))
    Console(stderr=True).print(table)
    if man["errors"]:
        warn(f"{man['errors']} bad records, see {output}/_errors ({man['errors_by_stage']})")


@click.command("load")
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--db", default=None, help="Database URL or SQLite path (default $TIDINGS_DB).")
@click.option("--batch", default=200, show_default=True, help="Articles per transaction.")
def load_command(directory: str, db: str | None, batch: int) -> None:
    """Bulk-load a `tidings spark run` output folder into SQLite/PostgreSQL (idempotent)."""
    from tidings.spark.load import NotAnOutput, load

    try:
        counts = load(directory, db, batch=batch)
    except NotAnOutput as exc:
        warn(str(exc))
        sys.exit(1)
    click.echo(
        f"loaded {counts['articles']} articles from {directory}: {counts['stored']} stored, "
        f"{counts['unchanged']} unchanged, {counts['updated']} updated, "
        f"{counts['duplicate']} duplicates",
        err=True,
    )
    if counts["errors_in_output"]:
        warn(f"{counts['errors_in_output']} bad records were left out (see {directory}/_errors)")


def register(group: click.Group) -> None:
    """Add ``spark`` and ``load`` to the main group."""
    group.add_command(spark_group)
    group.add_command(load_command)
