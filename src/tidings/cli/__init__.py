"""The ``tidings`` command line. Each command group lives in its own module and registers itself."""

from __future__ import annotations

import click

from tidings import __version__


class _Main(click.Group):
    """The command group; a database error that escapes a command is one line (passwords
    masked, no SQL, no article text), never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if not type(exc).__module__.startswith(("sqlalchemy", "tidings.store")):
                raise
            from tidings.store.db import StoreError, describe_error

            if isinstance(exc, StoreError):
                raise click.ClickException(str(exc)) from None
            raise click.ClickException(f"database error: {describe_error(exc)}") from None


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tidings")
def main() -> None:
    """tidings: turn news into structured, verifiable event data."""


def _register() -> None:
    from tidings.cli import ingest_cmd, init_cmd, query_cmd, read_cmd, serve_cmd, spark_cmd

    for module in (read_cmd, ingest_cmd, init_cmd, query_cmd, serve_cmd, spark_cmd):
        module.register(main)


_register()
