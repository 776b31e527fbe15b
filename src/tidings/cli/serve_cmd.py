"""``tidings serve``: the HTTP API and the web UI, one app on one database, with uvicorn.

The database must be a tidings database already (``serve`` creates and migrates nothing). On
localhost only localhost ``Host`` headers are answered (DNS rebinding). SIGTERM or Ctrl-C
stops the server at once: a running analysis is killed (its request gets a 503), other
requests get a few seconds to finish.
"""

from __future__ import annotations

import logging
import sys
from types import FrameType

import click

from tidings.cli.options import db_option, open_engine

GRACE_S = 5  # seconds open requests may take to finish after SIGTERM
MAX_CONNECTIONS = 200  # more concurrent connections are answered 503 by uvicorn


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
    from tidings.api.guards import LOCAL_HOSTS
    from tidings.cli.output import warn

    public = not is_local(host)
    if public and not token:
        warn(f"bound to {host} without TIDINGS_API_TOKEN: write endpoints are disabled")
    engine = open_engine(db, create=False)
    app = create_app(
        engine, token=token or None, guard_writes=public, hosts=None if public else LOCAL_HOSTS
    )
    _log_to_stderr()
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="info",
        timeout_graceful_shutdown=GRACE_S,
        limit_concurrency=MAX_CONNECTIONS,
    )
    _run(config, on_exit=app.state.analyzer.close)
    engine.dispose()


def _run(config, on_exit) -> None:  # noqa: ANN001 - uvicorn.Config, a callable
    """Run uvicorn with a server that also calls ``on_exit`` (kill the analysis worker) on
    SIGTERM/SIGINT, so an analysis in progress never holds the shutdown up."""
    import uvicorn

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            on_exit()
            super().handle_exit(sig, frame)

    Server(config).run()


def _log_to_stderr() -> None:
    """tidings' own log lines (the analysis worker starting, an analysis stopped) beside
    uvicorn's."""
    logger = logging.getLogger("tidings")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def register(group: click.Group) -> None:
    """Add this module's commands to the main group."""
    group.add_command(serve_command)
