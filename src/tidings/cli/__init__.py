"""The ``tidings`` command line. Each command group lives in its own module and registers itself."""

from __future__ import annotations

import click

from tidings import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tidings")
def main() -> None:
    """tidings: turn news into structured, verifiable event data."""


def _register() -> None:
    from tidings.cli import ingest_cmd, query_cmd, read_cmd, serve_cmd, spark_cmd

    for module in (read_cmd, ingest_cmd, query_cmd, serve_cmd, spark_cmd):
        module.register(main)


_register()
