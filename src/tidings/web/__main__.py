"""``python -m tidings.web [DB] [--port N]``: the web UI alone, until ``tidings serve`` mounts it.

``tidings serve`` (the API's app) is the way users run it; this entry point exists for UI
development and for looking at a database without the API.
"""

from __future__ import annotations

import argparse


def main() -> None:
    ap = argparse.ArgumentParser(prog="python -m tidings.web", description=__doc__.splitlines()[0])
    ap.add_argument(
        "db", nargs="?", default=None, help="database path or URL (default $TIDINGS_DB)"
    )
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000)
    args = ap.parse_args()

    import uvicorn

    from tidings.store.db import StoreError
    from tidings.web import create_app

    try:
        app = create_app(args.db)
    except StoreError as exc:
        raise SystemExit(f"error: {exc}") from None
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
