"""``tidings ingest``: read, analyze and store articles, with a progress bar and a summary."""

from __future__ import annotations

import json
import sys

import click
from rich.progress import (
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from tidings.cli.options import db_option, open_engine
from tidings.cli.output import err_console


class RateColumn(ProgressColumn):
    """Articles per second since the start."""

    def render(self, task) -> Text:  # noqa: ANN001 - rich Task
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:6.1f} articles/s", style="progress.data.speed")


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Analysis processes (default: TIDINGS_WORKERS, one per core; 0: one per core).",
)
@click.option("--batch-size", default=32, show_default=True, help="Articles per commit.")
@click.option("--force", is_flag=True, help="Re-analyze and rewrite articles already stored.")
@click.option("--progress/--no-progress", default=True, help="Progress bar on a terminal.")
@click.option("--summary-json", is_flag=True, help="Print the final summary as JSON on stdout.")
def ingest_command(
    paths: tuple[str, ...],
    db: str | None,
    workers: int | None,
    batch_size: int,
    force: bool,
    progress: bool,
    summary_json: bool,
) -> None:
    """Read, analyze and store articles. Safe to re-run: stored articles are skipped."""
    from tidings.ingest import ingest
    from tidings.store.db import db_url, shown

    if batch_size < 1:
        raise click.UsageError("--batch-size must be at least 1")
    engine = open_engine(db)
    prog = Progress(
        SpinnerColumn(),
        TextColumn("ingest"),
        MofNCompleteColumn(),
        RateColumn(),
        TextColumn("{task.fields[detail]}"),
        TimeElapsedColumn(),
        console=err_console,
        disable=not (progress and sys.stderr.isatty()),
        transient=False,
    )
    with prog:
        task = prog.add_task("ingest", total=None, detail="")

        def on_batch(s) -> None:  # noqa: ANN001 - IngestSummary
            prog.update(
                task,
                completed=s.read,
                detail=f"stored {s.stored + s.updated}  skipped {s.unchanged + s.duplicates}"
                f"  failed {len(s.failed)}",
            )

        summary = ingest(
            paths, engine, workers=workers, batch_size=batch_size, force=force, on_batch=on_batch
        )
    engine.dispose()
    _print_summary(summary, shown(db_url(db)))
    if summary_json:
        sys.stdout.write(json.dumps(summary.as_dict()) + "\n")
    if summary.interrupted:
        sys.exit(130)
    sys.exit(1 if summary.failed else 0)


def _print_summary(s, name: str) -> None:  # noqa: ANN001 - IngestSummary
    table = Table(title=f"ingest into {name}", show_header=False)
    table.add_column("what", style="cyan")
    table.add_column("n", justify="right")
    for key, value in s.as_dict().items():
        if key != "interrupted":
            table.add_row(key.replace("_", " "), str(value))
    err_console.print(table)
    for source, reason in s.failed[:50]:
        err_console.print(f"[red]failed:[/red] {source}: {reason}", highlight=False)
    if len(s.failed) > 50:
        err_console.print(f"[red]... and {len(s.failed) - 50} more failures[/red]")
    if s.interrupted:
        err_console.print("[yellow]interrupted: committed batches are kept; run again to resume")


def register(group: click.Group) -> None:
    """Add this module's commands to the main group."""
    group.add_command(ingest_command)
