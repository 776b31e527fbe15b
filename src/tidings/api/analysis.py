"""The server's analysis: one worker process with a time and a memory limit per request.

``POST /api/analyze`` and ``POST /api/articles`` analyse posted text, which may be anything a
user sends. The analysis (spaCy, the event coder) cannot be interrupted from inside, so it
runs in a separate process that the server can kill: a request whose analysis runs past
``timeout`` seconds, or whose worker grows past ``memory_mb`` MB, gets a clear error, the
worker is killed (freeing its memory and the analysis slot) and the next request starts a
fresh one. Only one analysis runs at a time (as before: spaCy is loaded once); at most
``MAX_WAITING`` requests wait for it, each at most twice ``timeout`` (long enough for the
running one to finish or be stopped), then they are told the server is busy. Stopping the server kills the worker at once, so SIGTERM is never held
up by an analysis.

The worker reads the posted record (:func:`read_posted`) and analyses it with
:func:`tidings.ingest.analyze_one`, the function ``tidings ingest`` uses; loading the models
(a few seconds, once per worker) does not count against a request's time limit.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from tidings.schema import Article

log = logging.getLogger("tidings.api")
MAX_WAITING = 4  # requests queued behind the running analysis; more are told "busy"
STARTUP_LIMIT = 600.0  # seconds a new worker may take to load its models
POLL = 0.05  # seconds between checks of the worker's memory and of a shutdown
WARM_UP = "Talks in Sochi. The foreign minister met his counterpart on Tuesday."


class AnalysisError(Exception):
    """An analysis that did not give a result; ``status`` is the HTTP status to answer."""

    status = 503

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Busy(AnalysisError):
    status = 503


class TimedOut(AnalysisError):
    status = 503


class TooLarge(AnalysisError):
    status = 413


class Unreadable(AnalysisError):
    status = 422


class Failed(AnalysisError):
    status = 422


class Stopped(AnalysisError):
    status = 503


class Unavailable(AnalysisError):
    status = 503


def read_posted(record: dict[str, Any]) -> Article:
    """A posted article (``text`` or ``html``, ``title``, ``url``, ``published``) -> Article,
    through the reader ``tidings ingest`` uses for dump records."""
    from tidings.read import read_record

    fields = {k: record.get(k) for k in ("html", "text", "url")} | {
        "title": record.get("title") or ""
    }
    art = read_record(fields, record.get("url") or "<api>")
    art.format = "html" if record.get("html") else "text"
    if record.get("published") and not art.published:
        art.published = record["published"]
    return art


def _analyze(record: dict[str, Any]) -> tuple[str, Any]:
    """What the worker does with one request: ("ok", Article) or (kind, one-line reason)."""
    from tidings.ingest import analyze_one
    from tidings.read import ReadFailure

    try:
        art = read_posted(record)
    except ReadFailure as exc:
        return "unreadable", exc.reason
    except Exception as exc:  # noqa: BLE001 - the reader's bug is still this article's error
        return "unreadable", _line(exc)
    try:
        return "ok", analyze_one(art)
    except Exception as exc:  # noqa: BLE001
        return "failed", _line(exc)


def _line(exc: BaseException) -> str:
    first = (str(exc).splitlines() or [""])[0]
    return f"{type(exc).__name__}: {first}"[:300]


def _watch_parent(parent: int) -> None:
    """Exit when the server process is gone (even mid-analysis, even after ``kill -9``)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def worker_main(conn: Connection, parent: int, task: Callable[[dict], tuple[str, Any]]) -> None:
    """The worker process: load the models, say "ready", then answer requests in turn."""
    from tidings.settings import override

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    # one article at a time: spaCy processes of its own would only escape the memory watch
    with override(nlp_processes=1):
        kind, value = task({"text": WARM_UP})  # load the models now, outside any time limit
        if kind != "ok":
            conn.send(("broken", value))  # e.g. the spaCy model is not installed
            return
        conn.send(("ready", os.getpid()))
        while True:
            try:
                record = conn.recv()
            except (EOFError, OSError):
                return
            conn.send(task(record))


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (Linux ``/proc``; ``None`` elsewhere)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


class Analyzer:
    """One analysis worker process and the rules for using it (see the module doc).

    ``task`` is what the worker runs per request (tests give a stand-in; the server uses
    :func:`_analyze`).
    """

    def __init__(
        self,
        timeout: float,
        memory_mb: int,
        task: Callable[[dict], tuple[str, Any]] = _analyze,
    ) -> None:
        self.timeout, self.memory_mb, self.task = timeout, memory_mb, task
        self._run = threading.Lock()  # held while a request uses the worker
        self._slots = threading.BoundedSemaphore(MAX_WAITING + 1)
        self._proc: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._closed = False
        self._count = threading.Lock()
        self.pending = 0  # requests running or waiting (observability, tests)

    # ------------------------------------------------------------ the request's view

    def analyze(self, record: dict[str, Any]) -> Article:
        """Analyse a posted record; raises an :class:`AnalysisError` subclass on any failure."""
        if not self._slots.acquire(blocking=False):
            raise Busy("the server is busy with other analyses; try again shortly")
        with self._count:
            self.pending += 1
        try:
            if not self._run.acquire(timeout=2 * self.timeout):
                raise Busy("the server is busy with other analyses; try again shortly")
            try:
                return self._analyze_now(record)
            finally:
                self._run.release()
        finally:
            with self._count:
                self.pending -= 1
            self._slots.release()

    def close(self) -> None:
        """Stop for good: kill the worker now (requests waiting on it get :class:`Stopped`).
        Safe to call from a signal handler."""
        self._closed = True
        proc = self._proc
        if proc is not None and proc.pid is not None:
            # only the signal: the request thread that waits on the worker cleans up
            with contextlib.suppress(OSError):
                os.kill(proc.pid, signal.SIGKILL)

    # ------------------------------------------------------------ the worker

    def _analyze_now(self, record: dict[str, Any]) -> Article:
        if self._closed:
            raise Stopped("the server is shutting down")
        conn = self._ready_worker()
        try:
            conn.send(record)
        except (OSError, ValueError):
            self._kill()
            raise Stopped("the analysis worker stopped; try again") from None
        kind, value = self._wait(conn)
        if kind == "ok":
            self._recycle_if_grown()
            return value
        raise (Unreadable if kind == "unreadable" else Failed)(
            value if kind == "unreadable" else f"analysis failed: {value}"
        )

    def _ready_worker(self) -> Connection:
        """The running worker, or a new one once it has loaded its models."""
        if self._proc is not None and self._proc.is_alive() and self._conn is not None:
            return self._conn
        self._kill()
        ctx = multiprocessing.get_context("spawn")
        ours, theirs = ctx.Pipe()
        proc = ctx.Process(
            target=worker_main, args=(theirs, os.getpid(), self.task), daemon=True,
            name="tidings-analysis",
        )  # fmt: skip
        proc.start()
        theirs.close()
        self._proc, self._conn = proc, ours
        log.info("analysis worker %s starting", proc.pid)
        deadline = time.monotonic() + STARTUP_LIMIT
        while not ours.poll(POLL):
            if self._closed:
                raise Stopped("the server is shutting down")
            if not proc.is_alive() or time.monotonic() > deadline:
                self._kill()
                raise Unavailable(
                    f"the analysis worker could not start (exit code {proc.exitcode})"
                )
        try:
            kind, detail = ours.recv()  # ("ready", pid) or ("broken", reason)
        except (EOFError, OSError):
            kind, detail = "broken", "it exited"
        if kind != "ready":
            self._kill()
            raise Unavailable(f"the analysis worker could not start: {detail}")
        log.info("analysis worker %s ready", proc.pid)
        return ours

    def _wait(self, conn: Connection) -> tuple[str, Any]:
        """The worker's reply, within the time and memory limits."""
        assert self._proc is not None
        pid = self._proc.pid
        log.info("analysis started in worker %s", pid)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                if conn.poll(POLL):
                    return conn.recv()
            except (EOFError, OSError):
                self._kill()
                if self._closed:
                    raise Stopped("the server is shutting down") from None
                raise Unavailable("the analysis worker died; try again") from None
            if self._closed:
                raise Stopped("the server is shutting down")
            if time.monotonic() > deadline:
                self._kill()
                log.warning("analysis stopped after %ss (time limit)", self.timeout)
                raise TimedOut(
                    f"analysis took longer than {self.timeout:g} s (TIDINGS_ANALYZE_TIMEOUT) and "
                    "was stopped; the text is too long or too complex for the server: "
                    "use `tidings ingest` for it"
                )
            used = rss_mb(pid) if pid is not None else None
            if used is not None and used > self.memory_mb:
                self._kill()
                log.warning("analysis stopped at %.0f MB (memory limit)", used)
                raise TooLarge(
                    f"analysis needed more than {self.memory_mb} MB "
                    "(TIDINGS_ANALYZE_MEMORY_MB) and was stopped; the text is too large for "
                    "the server: use `tidings ingest` for it"
                )

    def _recycle_if_grown(self) -> None:
        """A worker that kept much of a large analysis' memory is replaced before the next."""
        pid = self._proc.pid if self._proc is not None else None
        used = rss_mb(pid) if pid is not None else None
        if used is not None and used > 0.75 * self.memory_mb:
            self._kill()

    def _kill(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if proc is not None and proc.is_alive():
            proc.kill()
        if proc is not None:
            proc.join(timeout=5)
        if conn is not None:
            conn.close()


__all__ = ["AnalysisError", "Analyzer", "read_posted", "rss_mb"]
