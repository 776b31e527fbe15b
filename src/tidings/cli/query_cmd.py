"""The query commands: search, events, actors, actor, quotes, dyad, stats and export events.

Each is a thin shell over :mod:`tidings.store.queries` (the layer the API and the web UI call
too). Every command takes ``--db`` (a path or URL; default ``$TIDINGS_DB`` or ``./tidings.db``)
and ``--format table|json|jsonl|csv`` (default: a table on a terminal, JSONL when piped).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console

from tidings.cli.options import db_option, format_option, run_query
from tidings.cli.output import emit, err_console, table_format

if TYPE_CHECKING:
    from tidings.store.queries import EventFilter

# tidings.store.queries is imported inside the commands: it loads SQLAlchemy, which every other
# command (read, analyze) would pay for at start-up.


class _SearchCommand(click.Command):
    """``tidings search``: a query that starts with ``-`` would be taken for an option; say
    how to pass it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as exc:
            raise click.UsageError(
                f"{exc.format_message()} A search that starts with '-' goes after '--': "
                'tidings search [OPTIONS] -- "-word other words"',
                ctx,
            ) from None


@click.command("search", cls=_SearchCommand)
@click.argument("query")
@db_option
@format_option
@click.option("--since", default=None, help="Published on or after (YYYY[-MM[-DD]]).")
@click.option("--until", default=None, help="Published on or before.")
@click.option("--publisher", default=None, help="Only articles of this publisher (exact name).")
@click.option("--actor", default=None, help="Only articles naming this actor (code, id or name).")
@click.option("--type", "type_", default=None, help="Only articles reporting this event type.")
@click.option("--limit", default=20, show_default=True)
@click.option("--offset", default=0, show_default=True)
def search_command(
    query: str, db: str | None, fmt: str | None, limit: int, offset: int, type_: str | None,
    **dates_and_more: str | None,
) -> None:  # fmt: skip
    """Full-text search over articles, best first, with snippets ("a phrase", or, -word).

    A QUERY that starts with "-" goes after "--": tidings search -- "-Lavrov Russia".
    """
    from tidings.store import queries as Q

    def run(c):  # noqa: ANN001, ANN202 - filters validated inside run_query's error handling
        f = Q.ArticleFilter.parse(type=type_, **dates_and_more)
        return Q.search(c, query, f, limit=limit, offset=offset)

    rows = run_query(db, run)
    if table_format(fmt) == "table":
        rows = [{k: r[k] for k in ("published", "title", "snippet", "id")}
                | {"score": round(r["score"], 3)} for r in rows]  # fmt: skip
    emit(rows, table_format(fmt), title="articles")


def event_filter_options(fn: Callable) -> Callable:
    """The filters shared by ``events`` and ``export events`` (:class:`EventFilter`'s fields)."""
    opts = [
        click.option("--actor", help="Source actor: country (RUS), actor code (RUSGOV), "
                     "entity id or name (part)."),
        click.option("--target", help="Target actor: as --actor."),
        click.option("--type", "type_", help="PLOVER event type (THREATEN, CONSULT, ...)."),
        click.option("--cameo", help="CAMEO code prefix (13 = all THREATEN codes)."),
        click.option("--quad", help="verbal-cooperation, material-cooperation, "
                     "verbal-conflict, material-conflict (or 1-4)."),
        click.option("--since", help="Event day on or after (YYYY[-MM[-DD]])."),
        click.option("--until", help="Event day on or before."),
        click.option("--place", help="Location name (part) or ISO country code."),
        click.option("--modality", help="asserted, negated, hypothetical, future, reported-claim."),
        click.option("--min-confidence", "min_confidence", type=float, default=None,
                     help="Only events whose confidence (a calibrated probability) is at "
                     "least this (0-1)."),
    ]  # fmt: skip
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _event_filter(**kw: Any) -> EventFilter:  # noqa: ANN401
    from tidings.store import queries as Q

    kw["type"] = kw.pop("type_", None)
    try:
        return Q.EventFilter.parse(**kw)
    except Q.QueryError as exc:
        raise click.UsageError(str(exc)) from None


@click.command("events")
@db_option
@format_option
@event_filter_options
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0, show_default=True)
def events_command(db: str | None, fmt: str | None, limit: int, offset: int, **kw: Any) -> None:
    """Coded events, newest first, filtered."""
    from tidings.store import queries as Q

    f = _event_filter(**kw)
    rows = run_query(db, lambda c: Q.find_events(c, f, limit=limit, offset=offset))
    if table_format(fmt) == "table":
        keep = ("date", "source_name", "type", "cameo", "target_name", "location_name",
                "modality", "goldstein", "confidence", "mentions")  # fmt: skip
        rows = [{k: r[k] for k in keep} for r in rows]
    emit(rows, table_format(fmt), title="events")


@click.command("actors")
@db_option
@format_option
@click.option("--country", help="ISO 3166 alpha-3 country of the actor.")
@click.option("--type", "type_", help="Entity type (PERSON, ORG, GPE, ...).")
@click.option("--top", default=20, show_default=True, help="How many, most frequent first.")
@click.option("--offset", default=0, show_default=True)
@click.option(
    "--by",
    type=click.Choice(["entity", "code"]),
    default="entity",
    show_default=True,
    help="entity: each canonical actor; code: actors grouped by actor code (RUS, RUSGOV).",
)
def actors_command(
    db: str | None,
    fmt: str | None,
    country: str | None,
    type_: str | None,
    top: int,
    offset: int,
    by: str,
) -> None:
    """Canonical actors across the collection, ranked by the articles they appear in (by
    entity, or by actor code: each code once, with the actors inside it)."""
    from tidings.store import queries as Q

    if by == "code" and type_:
        raise click.UsageError("--type lists entities: use it with --by entity")
    rows = run_query(
        db,
        lambda c: Q.find_actors(c, country=country, type=type_, limit=top, offset=offset, by=by),
    )
    emit(rows, table_format(fmt), title="actors by code" if by == "code" else "actors")


@click.command("actor")
@click.argument("name")
@db_option
@format_option
@click.option("--limit", default=20, show_default=True, help="Quotes and events to list.")
def actor_command(name: str, db: str | None, fmt: str | None, limit: int) -> None:
    """One actor (id, exact name, an alias's name, else the most frequent partial match): the
    aliases merged into it, roles over time, quotes, events as source and as target. An actor
    code key (RUSGOV) shows the actors inside it."""
    from tidings.store import queries as Q

    def profile(c):  # noqa: ANN001, ANN202
        if Q.is_code_key(name) and Q.resolve_actor(c, name) is None:
            return Q.code_profile(c, name, limit=limit)
        return Q.actor_profile(c, name, limit=limit)

    prof = run_query(db, profile)
    if prof is None:
        raise click.ClickException(f"no actor matches {name!r}")
    fmt = table_format(fmt)
    if "code" in prof and fmt == "table":
        Console().print(f"[bold]{prof['label']}[/bold] [dim]{prof['code']}[/dim]", highlight=False)
        emit(prof["members"], "table", title="actors inside")
        emit(prof["counterparts"], "table", title="counterparts")
        return
    if "code" in prof and fmt == "csv":
        emit(prof["members"], "csv")
        return
    if fmt in ("json", "jsonl"):
        indent = 2 if fmt == "json" else None
        sys.stdout.write(json.dumps(prof, indent=indent, ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":  # the one flat part: appearances per role
        emit([{**prof["entity"], **r} for r in prof["roles"]], "csv")
    else:
        _print_profile(prof)


def _print_profile(prof: dict[str, Any]) -> None:
    ent = prof["entity"]
    Console().print(
        f"[bold]{ent['name']}[/bold] ({ent['type']}, {ent['country'] or '?'}"
        f"{', ' + ent['actor_code'] if ent['actor_code'] else ''}) — "
        f"{prof['articles']} articles  [dim]{ent['id']}[/dim]",
        highlight=False,
    )
    if prof["aliases"]:
        keep = ("name", "country", "actor_code", "role", "reason")
        rows = [{k: a[k] for k in keep} for a in prof["aliases"]]
        emit(rows, "table", title="also named (merged across articles)")
    emit(prof["roles"], "table", title="roles over time")
    emit(prof["quotes"], "table", title="quotes")
    for role, other in (("source", "target_name"), ("target", "source_name")):
        keep = ("date", other, "type", "cameo", "modality", "goldstein")
        rows = [{k: e[k] for k in keep} for e in prof[f"events_as_{role}"]]
        emit(rows, "table", title=f"events as {role}")


@click.command("quotes")
@db_option
@format_option
@click.option("--speaker", help="Speaker: name (part) as attributed, entity id or code.")
@click.option("--search", "q", help="Full-text search in the quoted words.")
@click.option("--since", help="Published on or after (YYYY[-MM[-DD]]).")
@click.option("--until", help="Published on or before.")
@click.option("--limit", default=50, show_default=True)
@click.option("--offset", default=0, show_default=True)
def quotes_command(db: str | None, fmt: str | None, **kw: Any) -> None:
    """Quotations, newest first."""
    from tidings.store import queries as Q

    rows = run_query(db, lambda c: Q.find_quotes(c, **kw))
    if table_format(fmt) == "table":
        keep = ("published_date", "speaker_name", "text", "title")
        rows = [{k: r[k] for k in keep} for r in rows]
    emit(rows, table_format(fmt), title="quotes")


@click.command("dyad")
@click.argument("a")
@click.argument("b")
@db_option
@format_option
@click.option("--by", default="week", show_default=True, help="Period: day, week, month or year.")
@click.option("--since", help="Event day on or after.")
@click.option("--until", help="Event day on or before.")
@click.option("--directed", is_flag=True, help="Only A -> B (default: both directions).")
@click.option(
    "--level",
    type=click.Choice(["actor", "code"]),
    default="actor",
    show_default=True,
    help="actor: A and B are actor keys (USA: every American actor); code: nodes of the code "
    "level, as in the network (USA: actors coded USA only; USAGOV; an entity id).",
)
def dyad_command(a: str, b: str, db: str | None, fmt: str | None, **kw: Any) -> None:
    """Cooperation-conflict index of two actors: events per quad class and Goldstein sum."""
    from tidings.store import queries as Q

    rows = run_query(db, lambda c: Q.dyad(c, a, b, **kw))
    arrow = "->" if kw["directed"] else "<->"
    emit(rows, table_format(fmt), title=f"{a} {arrow} {b} by {kw['by']}")


@click.command("stats")
@db_option
@format_option
def stats_command(db: str | None, fmt: str | None) -> None:
    """What the database holds: articles, actors, quotes, events (per quad class), dates."""
    from tidings.store import queries as Q

    stats = run_query(db, Q.collection_stats)
    if table_format(fmt) == "table":
        emit([{"what": k, "count": v} for k, v in stats.items()], "table", title="collection")
    else:
        emit([stats], table_format(fmt))


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
        text_mode = {"encoding": "utf-8", "newline": ""}
        with output.open(*(("wb",) if fmt == "parquet" else ("w",)),
                         **({} if fmt == "parquet" else text_mode)) as fh:  # fmt: skip
            return export_events(conn, fmt, fh, f)

    n = run_query(db, run)
    err_console.print(f"exported {n} events" + (f" to {output}" if output else ""))


def register(group: click.Group) -> None:
    """Add this module's commands to the main group."""
    for cmd in (search_command, events_command, actors_command, actor_command, quotes_command,
                dyad_command, export_group, stats_command):  # fmt: skip
        group.add_command(cmd)
