"""``tidings serve``: the HTTP API and the web UI, one app on one database, with uvicorn."""

from __future__ import annotations

import click

from tidings.cli.options import db_option


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--token",
    envvar="TIDINGS_API_TOKEN",
    default=None,
    help="API token for write endpoints (env TIDINGS_API_TOKEN). Needed to accept writes "
    "when bound to anything but localhost.",
)
def serve_command(db: str | None, host: str, port: int, token: str | None) -> None:
    """Serve the web UI (/) and the HTTP API (/api/, OpenAPI at /openapi.json, docs at /docs)."""
    import uvicorn

    from tidings.api.app import create_app, is_local
    from tidings.cli.output import warn

    public = not is_local(host)
    if public and not token:
        warn(f"bound to {host} without TIDINGS_API_TOKEN: write endpoints are disabled")
    app = create_app(db, token=token or None, guard_writes=public)
    uvicorn.run(app, host=host, port=port, log_level="info")


def register(group: click.Group) -> None:
    """Add this module's commands to the main group."""
    group.add_command(serve_command)
