"""Options and helpers shared by the commands that open the database (query, ingest, serve)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

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


def open_engine(db: str | None):  # noqa: ANN201 - sqlalchemy Engine
    """The database engine; a failure is one clear line instead of a traceback."""
    from tidings.store.db import connect

    try:
        return connect(db)
    except Exception as exc:  # noqa: BLE001
        raise click.ClickException(f"cannot open database {db or '(default)'}: {exc}") from None


def run_query(db: str | None, fn: Callable[[Any], Any]) -> Any:  # noqa: ANN401
    """Run ``fn(conn)``; a bad filter becomes a usage error with the validator's message."""
    from tidings.store.queries import QueryError

    engine = open_engine(db)
    try:
        with engine.connect() as conn:
            return fn(conn)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        engine.dispose()
