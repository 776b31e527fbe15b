"""Alembic environment: the connection comes from ``tidings.store.db.upgrade``.

Run by hand with ``alembic -x url=sqlite:///tidings.db ...`` only if you must; ``connect()``
upgrades every database it opens.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from tidings.store.fts import is_fts_object
from tidings.store.tables import metadata


def _include(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    """Full-text parts are not in the metadata: leave them out of autogenerate."""
    return not is_fts_object(name)


def run() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is None:
        url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
            "sqlalchemy.url"
        )
        with create_engine(url).begin() as conn:
            _configure_and_run(conn)
    else:
        _configure_and_run(connection)


def _configure_and_run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=_include,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
