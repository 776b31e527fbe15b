"""Database connection: a plain file path or any SQLAlchemy URL; SQLite by default.

Every database is brought to the current schema by Alembic when opened (``create=True``), so a
new file, an old file and an empty PostgreSQL database all end up with the same tables.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text

from tidings.settings import get_settings

DEFAULT_DB = "tidings.db"
MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def db_url(target: str | Path | None = None) -> str:
    """``None`` -> ``$TIDINGS_DB`` or ``./tidings.db``; a path -> ``sqlite:///path``; a URL as is."""
    target = str(target or get_settings().db)
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser()}"


def _alembic_config():  # noqa: ANN202 - alembic.config.Config, imported lazily
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest migration id."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(conn: Connection) -> str | None:
    """The migration a database is at (``None`` for an empty one)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Run pending migrations (a no-op, one query, when the database is current).

    The migration is one transaction (SQLite too, see :func:`connect`), so a crash leaves the
    database as it was. If another process migrates the same database at the same moment, the
    loser's error is ignored once the database is found at head.
    """
    from alembic import command

    head = head_revision()
    with engine.connect() as conn:
        if current_revision(conn) == head:
            return
    try:
        with engine.begin() as conn:
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception:
        with engine.connect() as conn:
            if current_revision(conn) == head:
                return
        raise


def connect(target: str | Path | None = None, *, create: bool = True) -> Engine:
    """Engine for the database, schema created or migrated if needed."""
    url = db_url(target)
    if url.startswith("sqlite:///") and create:
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
            # pysqlite does not put DDL inside transactions; take over BEGIN (SQLAlchemy's
            # documented recipe) so migrations and batches are atomic
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:  # noqa: ANN001
            conn.exec_driver_sql("BEGIN")

    if create:
        upgrade(engine)
    return engine
