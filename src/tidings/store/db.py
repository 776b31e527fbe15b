"""Database connection: a plain file path or any SQLAlchemy URL; SQLite by default.

Three ways to open a database, because a mistyped ``--db`` must never change someone else's:

- ``connect(db)`` (``create=True``: ``tidings ingest``, ``load``, ``init``) creates a new
  database or brings a tidings database to the current schema (Alembic, one transaction under
  an exclusive lock, so two processes on a fresh database cannot race). It refuses a database
  that holds tables of its own and is not a tidings database.
- ``connect(db, create=False)`` (``tidings serve``) opens an existing tidings database at the
  current schema; it creates and migrates nothing.
- ``connect(db, readonly=True)`` (every query command, ``export``) as ``create=False``, and
  the connection itself is read-only (SQLite ``mode=ro``; PostgreSQL
  ``default_transaction_read_only``).

Every failure is a :class:`StoreError` with one line (passwords masked, no SQL, no row data).
SQLite waits up to ``BUSY_TIMEOUT_MS`` for a lock; writers take the write lock at their first
statement (:func:`lock_for_writing`, migrations and the writer), so concurrent writers queue
instead of failing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import OperationalError

from tidings.settings import get_settings

DEFAULT_DB = "tidings.db"
MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"
BUSY_TIMEOUT_MS = 60_000
# pg_advisory_xact_lock key of tidings' schema migrations and writers (any fixed bigint)
PG_LOCK_KEY = 0x7469_6469_6E67  # "tiding"
T = TypeVar("T")


class StoreError(RuntimeError):
    """A database that cannot be opened as asked; the message is one line for the user."""


def db_url(target: str | Path | None = None) -> str:
    """``None`` -> ``$TIDINGS_DB`` or ``./tidings.db``; a path -> ``sqlite:///path``; a URL as is."""
    target = str(target or get_settings().db)
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser()}"


def mask_secrets(message: str) -> str:
    """``scheme://user:password@host`` -> ``scheme://user:***@host``; ``password=x`` too."""
    message = re.sub(r"(://[^/\s:@]*:)[^@\s]*@", r"\1***@", message)
    return re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", message, flags=re.I)


def shown(url: str) -> str:
    """How a database is named in messages: a SQLite file by its path, a URL without password."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///") or ":memory:"
    return mask_secrets(url)


def describe_error(exc: BaseException) -> str:
    """One line for a database error: the driver's message, without SQL, rows or password."""
    orig = getattr(exc, "orig", None)
    message = str(orig if orig is not None else exc)
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    first = lines[0] if lines else type(exc).__name__
    first = re.sub(r"\s*\(Background on this error at: [^)]*\)", "", first)
    return mask_secrets(first)[:300]


def _alembic_config():  # noqa: ANN202 - alembic.config.Config, imported lazily
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _scripts():  # noqa: ANN202 - alembic ScriptDirectory
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config())


def head_revision() -> str:
    """The newest migration id."""
    return _scripts().get_current_head()


def known_revisions() -> set[str]:
    """Every migration id tidings has shipped (a database at one of them is a tidings one)."""
    return {s.revision for s in _scripts().walk_revisions()}


def current_revision(conn: Connection) -> str | None:
    """The migration a database is at (``None`` for an empty one)."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _is_locked(exc: BaseException) -> bool:
    return "database is locked" in str(exc) or "database table is locked" in str(exc)


def retry_locked(fn: Callable[[], T], attempts: int = 5) -> T:
    """Run ``fn``; SQLite's "database is locked" (after its busy timeout) is retried a few
    times with a growing pause before it is reported."""
    for attempt in range(attempts):
        try:
            return fn()
        except Exception as exc:
            if attempt == attempts - 1 or not _is_locked(exc):
                raise
            time.sleep(0.1 * 2**attempt)
    raise AssertionError("unreachable")


def lock_for_writing(conn: Connection) -> None:
    """Take the database's write lock now, at the start of a transaction: on SQLite a write
    that changes nothing (one statement, so it waits out the busy timeout instead of failing
    on a stale snapshot), on PostgreSQL tidings' advisory lock. Writers
    (:func:`tidings.store.writer.store_articles`) start with it, so concurrent writers queue
    instead of failing on a lock or a duplicate key."""
    if conn.dialect.name == "sqlite":
        # the first statement of the transaction: any read before it would pin a snapshot
        # that a concurrent commit makes stale (SQLITE_BUSY at once, no waiting)
        try:
            conn.execute(text("UPDATE alembic_version SET version_num = version_num WHERE 0"))
        except OperationalError as exc:
            if "no such table" not in str(exc):
                raise
    elif conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})


def _foreign_tables(conn: Connection) -> list[str]:
    names = inspect(conn).get_table_names()
    return sorted(n for n in names if not n.startswith("sqlite_"))


def _check_ours(conn: Connection, name: str, revision: str | None) -> None:
    """Refuse someone else's database: tables but no tidings revision, or another revision."""
    if revision is None:
        tables = _foreign_tables(conn)
        if tables:
            listed = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
            raise StoreError(
                f"not a tidings database: {name} (it holds other tables: {listed}); tidings "
                "creates its tables only in a new or empty database"
            )
    elif revision not in known_revisions():
        raise StoreError(f"not a tidings database: {name} (unknown schema revision {revision!r})")


def upgrade(engine: Engine) -> None:
    """Create or migrate the schema (a no-op, one query, when the database is current).

    The migration is one transaction (SQLite too, see :func:`connect`) under the write lock
    (:func:`lock_for_writing`), so a crash leaves the database as it was and a second process
    opening a fresh database waits, then finds it at head.
    """
    from alembic import command

    head = head_revision()
    with engine.connect() as conn:
        if current_revision(conn) == head:
            return

    def migrate() -> None:
        # BEGIN IMMEDIATE on SQLite (the write lock before the first read), the advisory
        # lock on PostgreSQL: the second of two processes waits here, then finds head
        with engine.connect().execution_options(tidings_immediate=True) as conn, conn.begin():
            lock_for_writing(conn)
            revision = current_revision(conn)
            if revision == head:
                return
            _check_ours(conn, shown(str(engine.url)), revision)
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    retry_locked(migrate)


def _check_current(engine: Engine, name: str) -> None:
    """An existing database must be a tidings database at the current schema."""
    with engine.connect() as conn:
        revision = current_revision(conn)
    if revision is None or revision not in known_revisions():
        raise StoreError(f"not a tidings database: {name}; use `tidings ingest` to create one")
    if revision != head_revision():
        raise StoreError(
            f"{name} is a tidings database at schema {revision}, this tidings needs "
            f"{head_revision()}: run `tidings init --db {name}` to upgrade it"
        )


def _sqlite_events(engine: Engine, *, readonly: bool) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001
        # pysqlite does not put DDL inside transactions; take over BEGIN (SQLAlchemy's
        # documented recipe) so migrations and batches are atomic
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first: the others may wait
        cur.execute("PRAGMA foreign_keys=ON")
        if not readonly:
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:  # noqa: ANN001
        immediate = conn.get_execution_options().get("tidings_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _use_wal(engine: Engine) -> None:
    """Switch a tidings SQLite database to WAL (readers never block the writer); once, it
    persists. Only after the database was found to be ours."""

    def switch() -> None:
        with engine.connect() as conn:
            dbapi = conn.connection.dbapi_connection
            mode = dbapi.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                dbapi.execute("PRAGMA journal_mode=WAL")

    retry_locked(switch)


def _engine(url: str, *, readonly: bool) -> Engine:
    if url.startswith("sqlite:///") and readonly:
        path = Path(url.removeprefix("sqlite:///")).resolve()
        url = f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true"
    kw: dict = {"hide_parameters": True}  # errors and logs never carry article text
    if url.startswith("postgresql"):
        # no JIT: compiling a plan costs tens to hundreds of milliseconds, more than any of
        # tidings' queries (index lookups, summaries) gains from it
        options = "-c jit=off" + (" -c default_transaction_read_only=on" if readonly else "")
        kw["connect_args"] = {"options": options}
    engine = create_engine(url, **kw)
    if engine.dialect.name == "sqlite":
        _sqlite_events(engine, readonly=readonly)
    return engine


def _sqlite_path(url: str) -> Path | None:
    path = url.removeprefix("sqlite:///")
    if not url.startswith("sqlite:///") or not path or path == ":memory:" or "?" in path:
        return None
    return Path(path)


def connect(
    target: str | Path | None = None, *, create: bool = True, readonly: bool = False
) -> Engine:
    """Engine for the database (see the module doc for ``create`` and ``readonly``).

    Raises :class:`StoreError` with one line when the database cannot be opened as asked.
    """
    url = db_url(target)
    name = shown(url)
    create = create and not readonly
    path = _sqlite_path(url)
    if path is not None and not create and not path.is_file():
        raise StoreError(f"no database at {name}; use `tidings ingest` to create one")
    engine: Engine | None = None
    try:
        if path is not None and create:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = _engine(url, readonly=readonly)
        if create:
            upgrade(engine)
            if engine.dialect.name == "sqlite":
                _use_wal(engine)
        else:
            _check_current(engine, name)
    except StoreError:
        if engine is not None:
            engine.dispose()
        raise
    except Exception as exc:  # noqa: BLE001 - any driver error: one line, never a traceback
        if engine is not None:
            engine.dispose()
        reason = describe_error(exc)
        if "file is not a database" in reason:
            raise StoreError(f"not a tidings database: {name} ({reason})") from None
        raise StoreError(f"cannot open database {name}: {reason}") from None
    return engine
