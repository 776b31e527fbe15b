"""Opening a database: read-only commands change nothing and refuse what is not a tidings
database, only ingest/load/init create or migrate, concurrent processes on a fresh database
both succeed, and every error is one line without passwords (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, func, inspect, select, text

from pg import drop_pg_database, new_pg_database
from store_corpus import with_events
from tidings.cli import main
from tidings.schema import Article
from tidings.store.db import (
    StoreError,
    connect,
    current_revision,
    describe_error,
    head_revision,
    mask_secrets,
)
from tidings.store.tables import articles

ROOT = Path(__file__).resolve().parents[1]
QUERY_COMMANDS = [
    ["events"],
    ["stats"],
    ["actors"],
    ["search", "Russia"],
    ["quotes"],
    ["dyad", "USA", "RUS"],
    ["export", "events"],
]


def _cli(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.output


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _someone_elses_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as c:
        c.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        c.execute("INSERT INTO notes (body) VALUES ('not yours')")
    sqlite3.connect(path).close()


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return set(inspect(c).get_table_names())
    finally:
        engine.dispose()


# ---------------------------------------------------------------- someone else's database


@pytest.mark.parametrize("cmd", QUERY_COMMANDS, ids=lambda c: c[0])
def test_query_commands_refuse_someone_elses_sqlite_and_change_nothing(
    tmp_path: Path, cmd: list[str]
) -> None:
    other = tmp_path / "other.sqlite"
    _someone_elses_sqlite(other)
    before = _digest(other)
    code, out = _cli(*cmd, "--db", str(other))
    assert code == 1
    assert out.strip().splitlines()[-1] == (
        f"Error: not a tidings database: {other}; use `tidings ingest` to create one"
    )
    assert _digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]  # no -wal, no -shm


def test_ingest_and_init_refuse_a_database_with_other_tables(db_url: str, tmp_path: Path) -> None:
    engine = create_engine(db_url)
    with engine.begin() as c:
        c.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    engine.dispose()
    before = _tables(db_url)
    for args in (["init"], ["ingest", str(ROOT / "samples" / "articles"), "--no-progress"]):
        code, out = _cli(*args, "--db", db_url)
        assert code == 1, out
        assert "not a tidings database" in out and "it holds other tables: notes" in out
        assert "Traceback" not in out
    assert _tables(db_url) == before == {"notes"}


def test_read_only_open_refuses_an_empty_database_on_both_back_ends(db_url: str) -> None:
    """An empty PostgreSQL database (or SQLite file) has no tidings tables: read-only opens
    refuse it and create nothing; ``connect`` (ingest's open) creates the schema."""
    if db_url.startswith("sqlite"):
        Path(db_url.removeprefix("sqlite:///")).touch()
    with pytest.raises(StoreError, match=r"^not a tidings database: .*use `tidings ingest`"):
        connect(db_url, readonly=True)
    with pytest.raises(StoreError, match="not a tidings database"):
        connect(db_url, create=False)
    assert _tables(db_url) == set()
    connect(db_url).dispose()
    engine = connect(db_url, readonly=True)
    with engine.connect() as c:
        assert current_revision(c) == head_revision()
    engine.dispose()


def test_a_read_only_engine_cannot_write(db_url: str) -> None:
    connect(db_url).dispose()
    engine = connect(db_url, readonly=True)
    with pytest.raises(Exception) as caught, engine.begin() as c:  # noqa: PT011 - the driver's
        c.execute(articles.insert().values(id="x", seq=1, source="s", text="t"))
    assert "read-only" in describe_error(caught.value) or "readonly" in describe_error(caught.value)
    with engine.connect() as c:
        assert c.execute(select(func.count()).select_from(articles)).scalar_one() == 0
    engine.dispose()


def test_a_mistyped_path_creates_nothing(tmp_path: Path) -> None:
    typo = tmp_path / "tpyo" / "dir" / "corpus.db"
    for cmd in QUERY_COMMANDS:
        code, out = _cli(*cmd, "--db", str(typo))
        assert code == 1
        assert out.strip().splitlines()[-1] == (
            f"Error: no database at {typo}; use `tidings ingest` to create one"
        )
    code, out = _cli("serve", "--db", str(typo), "--port", "1")
    assert code == 1 and "no database at" in out
    assert list(tmp_path.iterdir()) == []


def test_an_old_schema_is_upgraded_by_init_only(tmp_path: Path) -> None:
    from alembic import command

    from tidings.store.db import _alembic_config

    db = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    engine.dispose()
    code, out = _cli("stats", "--db", str(db))
    assert code == 1 and f"run `tidings init --db {db}` to upgrade it" in out
    assert "at schema 0002" in out
    code, out = _cli("init", "--db", str(db))
    assert code == 0, out
    code, out = _cli("stats", "--db", str(db), "--format", "json")
    assert code == 0 and json.loads(out)[0]["articles"] == 0


# ---------------------------------------------------------------- errors: one line, no secrets


def test_passwords_are_masked_in_every_message(pg_server: str) -> None:
    base = pg_server.replace("://", "://tidings_user:s3cr3t-pw@", 1).rsplit("@", 1)
    url = f"{base[0]}@{base[1]}/no_such_database"
    for args in (["stats", "--db", url], ["ingest", "samples", "--db", url, "--no-progress"]):
        code, out = _cli(*args)
        assert code == 1 and "s3cr3t-pw" not in out and "tidings_user:***@" in out, out
        assert len(out.strip().splitlines()) <= 3 and "Traceback" not in out  # usage + 1 line
    code, out = _cli("stats", "--db", "postgresql+psycopg://u:s3cr3t-pw@127.0.0.1:notaport/x")
    assert code == 1 and "s3cr3t-pw" not in out
    assert mask_secrets("dsn host=h password=s3cr3t-pw user=u") == "dsn host=h password=*** user=u"


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my shopping list\n" * 100)
    before = _digest(notes)
    for args in (["stats"], ["ingest", str(ROOT / "samples" / "articles"), "--no-progress"]):
        code, out = _cli(*args, "--db", str(notes))
        assert code == 1
        assert f"not a tidings database: {notes} (file is not a database)" in out
    assert _digest(notes) == before


# ---------------------------------------------------------------- two processes at once

_WRITER = """
import json, pickle, sys
from tidings.ingest import ingest
from tidings.store.db import connect
url, batch = sys.argv[1], pickle.load(open(sys.argv[2], "rb"))
print("ready", flush=True)
sys.stdin.readline()  # both processes start together: the parent says go
engine = connect(url)
summary = ingest([], engine, records=batch, analyze=False, batch_size=2)
print(json.dumps(summary.as_dict()), flush=True)
"""


def _race(url: str, batch_file: Path) -> list[tuple[int, str, str]]:
    """Two writer processes, released together on a fresh database."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, url, str(batch_file)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    for p in procs:  # synchronise on their state: both have imported everything
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        results.append((p.returncode, out, err))
    return results


def test_two_processes_on_a_fresh_database_both_succeed(
    db_url: str, tmp_path: Path, analyzed: dict[str, Article]
) -> None:
    """Both migrate (one waits for the other's lock) and store the same articles (the second
    finds them stored): 5 times, on a new database each time."""
    arts = list(with_events(analyzed).values())
    batch_file = tmp_path / "batch.pickle"
    batch_file.write_bytes(pickle.dumps(arts))
    base = db_url.rsplit("/", 1)[0]
    for trial in range(5):
        url = (
            f"sqlite:///{tmp_path / f'race-{trial}.db'}"
            if db_url.startswith("sqlite")
            else new_pg_database(base)
        )
        try:
            results = _race(url, batch_file)
            for code, _out, err in results:
                assert code == 0 and "Traceback" not in err, err[-2000:]
            summaries = [json.loads(out.splitlines()[-1]) for _, out, _ in results]
            assert sum(s["stored"] for s in summaries) == len(arts)
            assert sum(s["unchanged"] for s in summaries) == len(arts)
            engine = connect(url, readonly=True)
            with engine.connect() as c:
                assert c.execute(select(func.count()).select_from(articles)).scalar_one() == len(
                    arts
                )
            engine.dispose()
        finally:
            if not db_url.startswith("sqlite"):
                drop_pg_database(url)
