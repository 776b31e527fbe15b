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


def open_engine(db: str | None, *, create: bool = True, readonly: bool = False):  # noqa: ANN201 - Engine
    """The database engine; a failure is one clear line instead of a traceback.

    Query commands open with ``readonly=True`` (nothing is created, migrated or written; a file
    that is not a tidings database is refused), ``serve`` with ``create=False``; only
    ``ingest``, ``load`` and ``init`` create or migrate (see :func:`tidings.store.db.connect`).
    """
    from tidings.store.db import StoreError, connect

    try:
        return connect(db, create=create, readonly=readonly)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def run_query(db: str | None, fn: Callable[[Any], Any]) -> Any:  # noqa: ANN401
    """Run ``fn(conn)`` on the database opened read-only; a bad filter becomes a usage error
    with the validator's message."""
    from tidings.store.queries import QueryError

    engine = open_engine(db, readonly=True)
    try:
        with engine.connect() as conn:
            return fn(conn)
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        engine.dispose()
