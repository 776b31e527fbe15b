"""``tidings ingest`` and the query commands: search, events, actors, actor, quotes, dyad, export.

Every query command takes ``--db`` (a path or URL; default ``$TIDINGS_DB`` or ``./tidings.db``)
and ``--format table|json|jsonl|csv`` (default: a table on a terminal, JSONL when piped).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
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

from tidings.cli.output import err_console

FORMATS = ["table", "json", "jsonl", "csv"]

db_option = click.option(
    "--db",
    "db",
    default=None,
    metavar="URL",
    help="Database file or URL (sqlite:///x.db, postgresql+psycopg://...). "
    "Default: $TIDINGS_DB or ./tidings.db",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format (default: table on a terminal, jsonl when piped).",
)


def _fmt(fmt: str | None) -> str:
    return fmt or ("table" if sys.stdout.isatty() else "jsonl")


def _engine(db: str | None):  # noqa: ANN202 - sqlalchemy Engine
    from tidings.store.db import connect

    try:
        return connect(db)
    except Exception as exc:  # noqa: BLE001 - one clear line instead of a traceback
        raise click.ClickException(f"cannot open database {db or '(default)'}: {exc}") from None


def _run_query(db: str | None, fn: Callable[[Any], Any]) -> Any:  # noqa: ANN401
    """Run ``fn(conn)``; a bad filter becomes a usage error with the validator's message."""
    from tidings.store.query import QueryError

    engine = _engine(db)
    try:
        with engine.connect() as conn:
            return fn(conn)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        engine.dispose()


def emit(rows: list[dict[str, Any]], fmt: str, *, title: str | None = None) -> None:
    """Print rows as a table, a JSON array, JSON lines or CSV."""
    out = sys.stdout
    if fmt == "json":
        out.write(json.dumps(rows, indent=2, ensure_ascii=False, default=str) + "\n")
    elif fmt == "jsonl":
        out.writelines(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
    elif fmt == "csv":
        if rows:
            w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    else:
        console = Console()
        if not rows:
            console.print(f"[dim]no {title or 'rows'} found[/dim]")
            return
        table = Table(title=title, show_lines=False, highlight=False)
        for col in rows[0]:
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(*(Text("" if v is None else str(v)) for v in r.values()))
        console.print(table)


class RateColumn(ProgressColumn):
    """Articles per second since the start."""

    def render(self, task) -> Text:  # noqa: ANN001 - rich Task
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:6.1f} articles/s", style="progress.data.speed")


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--workers", default=1, show_default=True, help="Analysis processes.")
@click.option("--batch-size", default=32, show_default=True, help="Articles per commit.")
@click.option("--force", is_flag=True, help="Re-analyze and rewrite articles already stored.")
@click.option("--progress/--no-progress", default=True, help="Progress bar on a terminal.")
@click.option("--summary-json", is_flag=True, help="Print the final summary as JSON on stdout.")
def ingest_command(
    paths: tuple[str, ...],
    db: str | None,
    workers: int,
    batch_size: int,
    force: bool,
    progress: bool,
    summary_json: bool,
) -> None:
    """Read, analyze and store articles. Safe to re-run: stored articles are skipped."""
    from tidings.ingest import ingest
    from tidings.store.db import db_url

    if workers < 1 or batch_size < 1:
        raise click.UsageError("--workers and --batch-size must be at least 1")
    engine = _engine(db)
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
    _print_summary(summary, db_url(db))
    if summary_json:
        sys.stdout.write(json.dumps(summary.as_dict()) + "\n")
    if summary.interrupted:
        sys.exit(130)
    sys.exit(1 if summary.failed else 0)


def _print_summary(s, url: str) -> None:  # noqa: ANN001 - IngestSummary
    table = Table(title=f"ingest into {url.split('@')[-1]}", show_header=False)
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


@click.command("search")
@click.argument("query")
@db_option
@format_option
@click.option("--since", default=None, help="Published on or after (YYYY[-MM[-DD]]).")
@click.option("--until", default=None, help="Published on or before.")
@click.option("--publisher", default=None, help="Only articles of this publisher (exact name).")
@click.option("--actor", default=None, help="Only articles naming this actor (id or name part).")
@click.option("--type", "type_", default=None, help="Only articles reporting this event type.")
@click.option("--limit", default=20, show_default=True)
@click.option("--offset", default=0, show_default=True)
def search_command(
    query: str,
    db: str | None,
    fmt: str | None,
    since: str | None,
    until: str | None,
    publisher: str | None,
    actor: str | None,
    type_: str | None,
    limit: int,
    offset: int,
) -> None:
    """Full-text search over articles, best first, with snippets ("a phrase", or, -word)."""
    from tidings.store.query import ArticleFilter, search

    def run(c):  # noqa: ANN001, ANN202 - filters validated inside _run_query's error handling
        f = ArticleFilter.parse(
            since=since, until=until, publisher=publisher, actor=actor, type=type_
        )
        return search(c, query, limit=limit, offset=offset, where=f)

    rows = _run_query(db, run)
    if _fmt(fmt) == "table":
        for r in rows:
            r["score"] = round(r["score"], 3)
        rows = [{k: r[k] for k in ("published", "title", "snippet", "score", "id")} for r in rows]
    emit(rows, _fmt(fmt), title="articles")


def event_filter_options(fn: Callable) -> Callable:
    """The filters shared by ``events`` and ``export events``."""
    opts = [
        click.option("--actor", help="Source actor: country (RUS), actor code (RUSGOV) or name."),
        click.option("--target", help="Target actor: country, actor code or name."),
        click.option("--type", "type_", help="PLOVER event type (THREATEN, CONSULT, ...)."),
        click.option("--cameo", help="CAMEO code prefix (13 = all THREATEN codes)."),
        click.option(
            "--quad",
            help="verbal-cooperation, material-cooperation, "
            "verbal-conflict, material-conflict (or 1-4).",
        ),
        click.option("--since", help="Event date on or after (YYYY[-MM[-DD]])."),
        click.option("--until", help="Event date on or before."),
        click.option("--place", help="Location name (part) or ISO country code."),
        click.option("--modality", help="asserted, negated, hypothetical, future, reported-claim."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _event_filter(**kw: Any):  # noqa: ANN202, ANN401 - EventFilter
    from tidings.store.query import EventFilter, QueryError

    kw["type"] = kw.pop("type_", None)
    try:
        return EventFilter.parse(**kw)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None


@click.command("events")
@db_option
@format_option
@event_filter_options
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0, show_default=True)
def events_command(db: str | None, fmt: str | None, limit: int, offset: int, **kw: Any) -> None:
    """Coded events, newest first, filtered."""
    from tidings.store.query import find_events

    f = _event_filter(**kw)
    rows = _run_query(db, lambda c: find_events(c, f, limit=limit, offset=offset))
    if _fmt(fmt) == "table":
        keep = (
            "date",
            "source_name",
            "type",
            "cameo",
            "target_name",
            "location_name",
            "modality",
            "goldstein",
            "mentions",
        )
        rows = [{k: r[k] for k in keep} for r in rows]
    emit(rows, _fmt(fmt), title="events")


@click.command("actors")
@db_option
@format_option
@click.option("--country", help="ISO 3166 alpha-3 country of the actor.")
@click.option("--type", "type_", help="Entity type (PERSON, ORG, GPE, ...).")
@click.option("--top", default=20, show_default=True, help="How many, most frequent first.")
@click.option("--offset", default=0, show_default=True)
def actors_command(
    db: str | None, fmt: str | None, country: str | None, type_: str | None, top: int, offset: int
) -> None:
    """Canonical actors across the collection, ranked by the articles they appear in."""
    from tidings.store.query import find_actors

    rows = _run_query(
        db, lambda c: find_actors(c, country=country, type=type_, top=top, offset=offset)
    )
    emit(rows, _fmt(fmt), title="actors")


@click.command("actor")
@click.argument("name")
@db_option
@format_option
@click.option("--limit", default=20, show_default=True, help="Quotes and events to list.")
def actor_command(name: str, db: str | None, fmt: str | None, limit: int) -> None:
    """One actor: roles over time, quotes, events as source and as target."""
    from tidings.store.query import actor_profile

    prof = _run_query(db, lambda c: actor_profile(c, name, limit=limit))
    if prof is None:
        raise click.ClickException(f"no actor matches {name!r}")
    fmt = _fmt(fmt)
    if fmt == "json":
        sys.stdout.write(json.dumps(prof, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    if fmt == "jsonl":
        sys.stdout.write(json.dumps(prof, ensure_ascii=False, default=str) + "\n")
        return
    if fmt == "csv":  # the one flat part: appearances per role
        emit([{**prof["entity"], **r} for r in prof["roles"]], "csv")
        return
    ent = prof["entity"]
    Console().print(
        f"[bold]{ent['name']}[/bold] ({ent['type']}, {ent['country'] or '?'}"
        f"{', ' + ent['actor_code'] if ent['actor_code'] else ''}) — "
        f"{prof['articles']} articles  [dim]{ent['id']}[/dim]",
        highlight=False,
    )
    emit(prof["roles"], "table", title="roles over time")
    emit(prof["quotes"], "table", title="quotes")
    keep = ("date", "type", "cameo", "target_name", "modality", "goldstein")
    emit(
        [{k: e[k] for k in keep} for e in prof["events_as_source"]],
        "table",
        title="events as source",
    )
    keep = ("date", "source_name", "type", "cameo", "modality", "goldstein")
    emit(
        [{k: e[k] for k in keep} for e in prof["events_as_target"]],
        "table",
        title="events as target",
    )


@click.command("quotes")
@db_option
@format_option
@click.option("--speaker", help="Speaker name (part) as attributed, or the speaker entity.")
@click.option("--search", "q", help="Full-text search in the quoted words.")
@click.option("--since", help="Published on or after (YYYY[-MM[-DD]]).")
@click.option("--until", help="Published on or before.")
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0, show_default=True)
def quotes_command(
    db: str | None,
    fmt: str | None,
    speaker: str | None,
    q: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    offset: int,
) -> None:
    """Quotations, newest first."""
    from tidings.store.query import find_quotes

    rows = _run_query(
        db,
        lambda c: find_quotes(
            c, speaker=speaker, q=q, since=since, until=until, limit=limit, offset=offset
        ),
    )
    if _fmt(fmt) == "table":
        rows = [
            {k: r[k] for k in ("published_date", "speaker_name", "text", "title")} for r in rows
        ]
    emit(rows, _fmt(fmt), title="quotes")


@click.command("dyad")
@click.argument("a")
@click.argument("b")
@db_option
@format_option
@click.option(
    "--by", type=click.Choice(["day", "week", "month", "year"]), default="week", show_default=True
)
@click.option("--since", help="Event date on or after.")
@click.option("--until", help="Event date on or before.")
@click.option("--directed", is_flag=True, help="Only A -> B (default: both directions).")
def dyad_command(
    a: str,
    b: str,
    db: str | None,
    fmt: str | None,
    by: str,
    since: str | None,
    until: str | None,
    directed: bool,
) -> None:
    """Cooperation-conflict index of two actors: events per quad class and Goldstein sum."""
    from tidings.store.query import dyad

    rows = _run_query(
        db, lambda c: dyad(c, a, b, by=by, since=since, until=until, directed=directed)
    )
    emit(rows, _fmt(fmt), title=f"{a} {'->' if directed else '<->'} {b} by {by}")


@click.group("export")
def export_group() -> None:
    """Export stored data in standard formats."""


@export_group.command("events")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl", "parquet", "gdelt"]),
    default="csv",
    show_default=True,
    help="gdelt: GDELT 2.0 event table TSV (61 columns, no header).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default stdout; required for parquet).",
)
@event_filter_options
def export_events_command(db: str | None, fmt: str, output: Path | None, **kw: Any) -> None:
    """Export (filtered) events."""
    from tidings.store.export import export_events

    if fmt == "parquet" and output is None:
        raise click.UsageError("--format parquet needs --output FILE")
    f = _event_filter(**kw)

    def run(conn) -> int:  # noqa: ANN001
        if output is None:
            return export_events(conn, fmt, sys.stdout, f)
        mode = "wb" if fmt == "parquet" else "w"
        with output.open(
            mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})
        ) as fh:
            return export_events(conn, fmt, fh, f)

    n = _run_query(db, run)
    err_console.print(f"exported {n} events" + (f" to {output}" if output else ""))


@click.command("stats")
@db_option
@format_option
def stats_command(db: str | None, fmt: str | None) -> None:
    """What the database holds: articles, actors, quotes, events (per quad class), dates."""
    from tidings.store.query import collection_stats

    stats = _run_query(db, collection_stats)
    if _fmt(fmt) == "table":
        emit([{"what": k, "count": v} for k, v in stats.items()], "table", title="collection")
    else:
        emit([stats], _fmt(fmt))


def register(group: click.Group) -> None:
    """Add this module's commands to the main group."""
    for cmd in (
        ingest_command,
        search_command,
        events_command,
        actors_command,
        actor_command,
        quotes_command,
        dyad_command,
        export_group,
        stats_command,
    ):
        group.add_command(cmd)
