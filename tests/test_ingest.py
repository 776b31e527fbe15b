"""``tidings ingest``: summary, idempotency, updates, worker processes, and kill -9 resume."""

from __future__ import annotations

import contextlib
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


def _dump_lines(shared: Path, n: int) -> list[bytes]:
    """Corpus articles as JSONL dump lines (what a scraper pipes into ``tidings ingest -``)."""
    files = sorted((shared / "corpus" / "articles").glob("*.txt"))[:n]
    return [
        json.dumps(
            {"url": f"https://corpus.example/{f.stem}", "text": f.read_text("utf-8")}
        ).encode("utf-8")
        + b"\n"
        for f in files
    ]


def _terminal_ctrl_c() -> None:
    """In the child before exec: Ctrl-C as at a terminal. A test runner started in the
    background (``pytest &``, a CI job) has SIGINT ignored, its children inherit that, and
    Python then installs no KeyboardInterrupt handler, so the SIGINT the test sends would be
    lost and the ingest would simply finish."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class _PipedIngest:
    """``tidings ingest -`` in a subprocess, fed line by line by the test. While stdin is open
    the ingest cannot finish: the test decides what it has seen before it signals, and waits
    for states (rows committed, processes gone), never for a duration."""

    def __init__(self, db_url: str, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        cmd = [sys.executable, "-m", "tidings", "ingest", "-", "--db", db_url, "--no-progress",
               *args]  # fmt: skip
        self.db_url = db_url
        self.proc = subprocess.Popen(
            cmd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=_terminal_ctrl_c,
        )

    def feed(self, lines: list[bytes]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"".join(lines))
        self.proc.stdin.flush()

    def wait_for_rows(self, n: int, timeout: float = 300) -> int:
        """Block until at least ``n`` articles are committed (polling the database)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.proc.stderr.read().decode()  # type: ignore[union-attr]
            if _db_ready(self.db_url) and (count := _count(self.db_url)) >= n:
                return count
            time.sleep(0.05)
        raise AssertionError(f"no {n} articles committed within {timeout} s")

    def children(self) -> list[int]:
        """Process ids of the ingest's child processes (its analysis workers)."""
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(x) for x in path.read_text().split()]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=60)


def _wait_gone(pid: int, timeout: float) -> bool:
    """True once process ``pid`` has exited (or is a zombie), waiting on its pidfd."""
    import select

    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(timeout * 1000))
    finally:
        os.close(fd)


def test_kill_9_then_resume_equals_a_clean_run(db_url: str, tmp_path: Path, shared: Path) -> None:
    lines = _dump_lines(shared, 12)
    batch = 3
    ingest_run = _PipedIngest(db_url, "--batch-size", str(batch))
    try:
        ingest_run.feed(lines[:7])
        assert ingest_run.wait_for_rows(6) == 6  # two batches; the 7th article waits for more
        ingest_run.feed(lines[7:9])  # a third batch goes into analysis ...
        os.kill(ingest_run.proc.pid, signal.SIGKILL)  # ... and is killed at some point of it
    finally:
        ingest_run.close()
    at_kill = _count(db_url)
    assert at_kill in (6, 9)  # whole batches only: the one in flight left no trace

    data = b"".join(lines)
    res = CliRunner().invoke(
        main,
        ["ingest", "-", "--db", db_url, "--batch-size", str(batch), "--no-progress",
         "--summary-json"],
        input=data,
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    s = json.loads([ln for ln in res.stdout.splitlines() if ln.startswith("{")][-1])
    assert s["unchanged"] == at_kill and s["stored"] == len(lines) - at_kill

    clean = _other_db(db_url, tmp_path, "clean.db")
    CliRunner().invoke(main, ["ingest", "-", "--db", clean, "--batch-size", str(batch),
                              "--no-progress"], input=data)  # fmt: skip
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


def test_ctrl_c_stops_cleanly_with_whole_batches(db_url: str, shared: Path) -> None:
    """SIGINT while the ingest is blocked on its input or analysing the next batch (whichever
    it reached: the test cannot tell and need not): exit 130, whole batches only."""
    lines = _dump_lines(shared, 6)
    batch = 3
    ingest_run = _PipedIngest(db_url, "--batch-size", str(batch))
    try:
        ingest_run.feed(lines[:4])
        assert ingest_run.wait_for_rows(3) == 3  # one batch committed, the 4th article waits
        ingest_run.feed(lines[4:])
        ingest_run.proc.send_signal(signal.SIGINT)
        _, err = ingest_run.proc.communicate(timeout=120)
    finally:
        ingest_run.close()
    assert ingest_run.proc.returncode == 130, err.decode()
    assert b"interrupted" in err
    assert _count(db_url) in (3, 6)


def test_workers_die_with_a_killed_ingest(db_url: str, shared: Path) -> None:
    """``kill -9`` of ``ingest --workers 2`` leaves no orphaned analysis processes."""
    ingest_run = _PipedIngest(db_url, "--batch-size", "1", "--workers", "2")
    workers: list[int] = []
    try:
        # 2 workers keep 4 batches in flight and read a 5th before they write: with 6 lines
        # the first results are committed before the ingest waits for more input
        ingest_run.feed(_dump_lines(shared, 6))
        ingest_run.wait_for_rows(1)  # the workers are up and have analysed an article
        workers = ingest_run.children()
        assert workers, "no worker processes found"
        os.kill(ingest_run.proc.pid, signal.SIGKILL)
        alive = [pid for pid in workers if not _wait_gone(pid, timeout=60)]
    finally:
        ingest_run.close()
        for pid in workers:  # never leave them behind, even when the test fails
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    assert not alive, f"workers {alive} outlived the killed ingest"


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
