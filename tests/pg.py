"""PostgreSQL for the store tests: a throwaway cluster per test session, one database per test.

The ``db_url`` fixture is parametrised over SQLite (a temporary file) and PostgreSQL, so every
store test runs on both back ends. The cluster is started by the session itself (initdb as the
``postgres`` user when run as root; ``fsync=off``), on a free port, and removed afterwards. Set
``TIDINGS_TEST_PG_URL`` (``postgresql+psycopg://user@host:port``) to use a running server.
Without PostgreSQL binaries the PostgreSQL tests fail with a clear message; they never skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text


def _pg_bin() -> Path:
    """``$TIDINGS_PG_BIN``, else the newest /usr/lib/postgresql/*/bin (Debian layout)."""
    if env := os.environ.get("TIDINGS_PG_BIN"):
        return Path(env)
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[-3])
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(cmd: list[str]) -> None:
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        pytest.fail(f"{' '.join(cmd[:6])} failed: {res.stderr.strip() or res.stdout.strip()}")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """Base URL (no database) of a PostgreSQL server for this test session."""
    if url := os.environ.get("TIDINGS_TEST_PG_URL"):
        yield url.rstrip("/")
        return
    if not (PG_BIN / "initdb").exists():
        pytest.fail(
            f"PostgreSQL binaries not found in {PG_BIN}: install postgresql (.ci/run does), "
            "set TIDINGS_PG_BIN, or point TIDINGS_TEST_PG_URL at a server"
        )
    root = Path(tempfile.mkdtemp(prefix="tidings-pg-"))
    prefix: list[str] = []
    user = os.environ.get("USER") or "postgres"
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
        shutil.chown(root, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
        user = "postgres"
    data, port = root / "data", _free_port()
    _run([*prefix, str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", user,
          "-E", "UTF8", "--locale=C", "--no-sync"])  # fmt: skip
    opts = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off"
    )
    _run([*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(root / "log"),
          "-o", opts, "-w", "start"])  # fmt: skip
    try:
        yield f"postgresql+psycopg://{user}@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def new_pg_database(base: str) -> str:
    """A fresh, empty database on the server; returns its URL."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return f"{base}/{name}"


def drop_pg_database(url: str) -> None:
    base, name = url.rsplit("/", 1)
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each back end in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    url = new_pg_database(request.getfixturevalue("pg_server"))
    try:
        yield url
    finally:
        drop_pg_database(url)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def module_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Like ``db_url`` but shared by a module's read-only tests (loaded once per back end)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.db'}"
        return
    url = new_pg_database(request.getfixturevalue("pg_server"))
    try:
        yield url
    finally:
        drop_pg_database(url)
