"""Database connection: a plain file path or any SQLAlchemy URL; SQLite by default."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from tidings.store.tables import metadata

DEFAULT_DB = "tidings.db"


def db_url(target: str | Path | None = None) -> str:
    """``None`` -> ``$TIDINGS_DB`` or ``./tidings.db``; a path -> ``sqlite:///path``; a URL as is."""
    target = str(target or os.environ.get("TIDINGS_DB") or DEFAULT_DB)
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser()}"


def connect(target: str | Path | None = None, *, create: bool = True) -> Engine:
    """Engine for the database, schema created if missing."""
    url = db_url(target)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

    if create:
        metadata.create_all(engine)
    return engine
