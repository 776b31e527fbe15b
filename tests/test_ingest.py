"""``tidings ingest``: summary, idempotency, updates, worker processes, and kill -9 resume."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from pg import new_pg_database
from store_corpus import dump_db
from tidings.cli import main
from tidings.ingest import ingest
from tidings.store.db import connect
from tidings.store.queries import search
from tidings.store.tables import articles

ROOT = Path(__file__).resolve().parents[1]


def _corpus(shared: Path, dest: Path, n: int) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    files = sorted((shared / "corpus" / "articles").glob("*.txt"))[:n]
    return [Path(shutil.copy(f, dest / f.name)) for f in files]


def _ingest_cli(*args: str) -> tuple[int, dict]:
    res = CliRunner().invoke(main, ["ingest", *args, "--no-progress", "--summary-json"])
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("{")]
    assert lines, res.output
    return res.exit_code, json.loads(lines[-1])


def _count(url: str) -> int:
    engine = connect(url, create=False)  # never migrate under a running ingest
    with engine.connect() as c:
        n = c.execute(select(func.count()).select_from(articles)).scalar_one()
    engine.dispose()
    return n


def _other_db(db_url: str, tmp_path: Path, name: str) -> str:
    if db_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / name}"
    return new_pg_database(db_url.rsplit("/", 1)[0])


def test_ingest_summary_idempotent_and_updates(db_url: str, tmp_path: Path, shared: Path) -> None:
    files = _corpus(shared, tmp_path / "in", 6)
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    shutil.copy(files[0], mirror / "copy.txt")  # same text, another source
    missing = str(tmp_path / "in" / "missing.txt")

    code, s = _ingest_cli(str(tmp_path / "in"), str(mirror), missing, "--db", db_url,
                          "--batch-size", "4")  # fmt: skip
    assert code == 1  # a failure is reported in the exit status, the batch went on
    assert (s["read"], s["stored"], s["duplicates"], s["failed"]) == (7, 6, 1, 1)
    assert _count(db_url) == 6

    code, s = _ingest_cli(str(tmp_path / "in"), str(mirror), "--db", db_url)
    assert code == 0
    assert (s["stored"], s["updated"], s["unchanged"], s["duplicates"]) == (0, 0, 6, 1)
    assert _count(db_url) == 6

    # a source that changed is updated in place, not added
    files[1].write_text(
        files[1].read_text()
        + "\n\nIn a later statement, officials in Quokkaville said the talks would resume"
        " next week after a short pause for consultations.\n"
    )
    code, s = _ingest_cli(str(tmp_path / "in"), "--db", db_url)
    assert (s["stored"], s["updated"], s["unchanged"]) == (0, 1, 5)
    assert _count(db_url) == 6
    engine = connect(db_url)
    with engine.connect() as c:
        hits = search(c, "Quokkaville")
        assert [h["source"] for h in hits] == [str(files[1])]
    engine.dispose()


def test_two_workers_store_what_one_does(db_url: str, tmp_path: Path, shared: Path) -> None:
    files = _corpus(shared, tmp_path / "in", 5)
    one = _other_db(db_url, tmp_path, "one.db")
    e1, e2 = connect(one), connect(db_url)
    s1 = ingest([str(f) for f in files], e1, workers=1, batch_size=1)
    s2 = ingest([str(f) for f in files], e2, workers=2, batch_size=1)
    assert s1.stored == s2.stored == len(files) and not s2.failed
    assert dump_db(e2) == dump_db(e1)
    e1.dispose()
    e2.dispose()


def test_kill_9_then_resume_equals_a_clean_run(db_url: str, tmp_path: Path, shared: Path) -> None:
    files = _corpus(shared, tmp_path / "in", 24)
    batch = 3
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "tidings", "ingest", str(tmp_path / "in"), "--db", db_url,
           "--batch-size", str(batch), "--no-progress"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    committed = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            committed = _count(db_url) if _db_ready(db_url) else 0
            if committed >= batch:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "ingest finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    at_kill = _count(db_url)
    assert batch <= at_kill < len(files)
    assert at_kill % batch == 0  # whole batches only: the one in flight left no trace

    code, s = _ingest_cli(str(tmp_path / "in"), "--db", db_url, "--batch-size", str(batch))
    assert code == 0
    assert s["unchanged"] == at_kill and s["stored"] == len(files) - at_kill

    clean = _other_db(db_url, tmp_path, "clean.db")
    _ingest_cli(str(tmp_path / "in"), "--db", clean, "--batch-size", str(batch))
    e_resumed, e_clean = connect(db_url), connect(clean)
    assert dump_db(e_resumed) == dump_db(e_clean)
    e_resumed.dispose()
    e_clean.dispose()


def _db_ready(url: str) -> bool:
    """True once the ingest has created the schema (so counting cannot race the migration)."""
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return inspect(c).has_table("alembic_version") and inspect(c).has_table("articles")
    except Exception:  # noqa: BLE001 - the file may not exist yet
        return False
    finally:
        engine.dispose()


def test_ctrl_c_stops_cleanly_with_whole_batches(db_url: str, tmp_path: Path, shared: Path) -> None:
    _corpus(shared, tmp_path / "in", 24)
    batch = 3
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "tidings", "ingest", str(tmp_path / "in"), "--db", db_url,
           "--batch-size", str(batch), "--no-progress"]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if _db_ready(db_url) and _count(db_url) >= batch:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be interrupted"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert b"interrupted" in err
    assert _count(db_url) % batch == 0


def test_stdin_records_never_replace_each_other(db_url: str, shared: Path) -> None:
    """Two dumps piped in one after the other both have a line 1 (source ``-#1``): the second
    is another article, not an update of the first."""
    from tidings.read import read

    files = sorted((shared / "corpus" / "articles").glob("*.txt"))[:2]
    first, second = (read(f) for f in files)
    first.source = second.source = "-#1"
    engine = connect(db_url)
    s1 = ingest([], engine, records=[first], analyze=False)
    s2 = ingest([], engine, records=[second], analyze=False)
    assert (s1.stored, s2.stored, s2.updated) == (1, 1, 0)
    assert _count(db_url) == 2
    engine.dispose()
