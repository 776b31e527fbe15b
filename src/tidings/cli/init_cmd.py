"""``tidings init``: create a tidings database, or bring one to the current schema.

The query commands and ``serve`` never create or migrate a database (a mistyped ``--db`` must
not create one, nor change someone else's); ``ingest`` and ``load`` create one as they go, and
``init`` does it explicitly, e.g. after upgrading tidings.
"""

from __future__ import annotations

import click

from tidings.cli.options import db_option, open_engine


@click.command("init")
@db_option
def init_command(db: str | None) -> None:
    """Create a tidings database (new or empty), or migrate one to the current schema."""
    from tidings.store.db import current_revision, db_url, shown

    engine = open_engine(db, create=True)
    with engine.connect() as conn:
        revision = current_revision(conn)
    engine.dispose()
    click.echo(f"{shown(db_url(db))}: tidings database at schema {revision}", err=True)


def register(group: click.Group) -> None:
    """Add ``init`` to the main group."""
    group.add_command(init_command)
