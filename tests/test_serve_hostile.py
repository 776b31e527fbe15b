"""``tidings serve`` as a user runs it, under hostile use: a real process on a free port, real
HTTP. SIGTERM stops it at once even while it analyses a huge text; bound to localhost it
answers only localhost ``Host`` headers; oversized bodies are refused at the door."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]


class Served:
    """A running ``tidings serve`` whose stderr lines are collected in ``log``."""

    def __init__(self, proc: subprocess.Popen, base: str) -> None:
        self.proc, self.base = proc, base
        self.log: list[str] = []
        self._new_line = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            with self._new_line:
                self.log.append(line)
                self._new_line.notify_all()
        with self._new_line:
            self.log.append("")  # end of output
            self._new_line.notify_all()

    def wait_for(self, pattern: str) -> re.Match:
        """The first log line matching ``pattern`` (waits for the server to write it; the
        deadline only turns a broken server into a failure instead of a hang)."""
        deadline = time.monotonic() + 600
        with self._new_line:
            while True:
                for line in self.log:
                    if m := re.search(pattern, line):
                        return m
                assert self.log[-1:] != [""], f"server ended without {pattern!r}: {self.log}"
                assert time.monotonic() < deadline, f"no {pattern!r} in the log: {self.log}"
                self._new_line.wait(timeout=5)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "TIDINGS_ANALYZE_TIMEOUT": "3600",
        # the model may take the 900 kB text in one piece, so that only SIGTERM stops it
        "TIDINGS_MAX_ARTICLE_CHARS": "1000000",
    }
    db = tmp_path / "served.db"
    init = subprocess.run([sys.executable, "-m", "tidings", "init", "--db", str(db)], env=env,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert init.returncode == 0, init.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tidings", "serve", "--db", str(db), "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    server = Served(proc, f"http://127.0.0.1:{port}")
    try:
        server.wait_for("Application startup complete")
        yield server
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=60)


def _corpus_text(shared: Path, chars: int) -> str:
    text = "\n\n".join(
        p.read_text("utf-8") for p in sorted((shared / "corpus" / "articles").glob("*.txt"))
    )
    while len(text) < chars:
        text += "\n\n" + text
    return text[:chars]


def test_sigterm_stops_the_server_at_once_during_a_huge_analysis(
    served: Served, shared: Path
) -> None:
    """The analysis of 900 kB would run for many minutes (no time limit here); SIGTERM kills
    the worker, the request is told why, the server exits."""
    reply: list[httpx.Response] = []
    body = {"text": _corpus_text(shared, 900_000)}

    def post() -> None:
        with httpx.Client(base_url=served.base, timeout=600) as http:
            reply.append(http.post("/api/analyze", json=body))

    poster = threading.Thread(target=post)
    poster.start()
    worker = int(served.wait_for(r"analysis worker (\d+) ready").group(1))
    served.wait_for("analysis started")
    served.proc.send_signal(signal.SIGTERM)
    served.proc.wait(timeout=120)  # a bound for a broken server; a working one exits at once
    poster.join(timeout=120)
    assert reply and reply[0].status_code == 503
    assert reply[0].json()["detail"] == "the server is shutting down"
    assert not any("Traceback" in line for line in served.log), "".join(served.log)
    assert _gone(worker), f"analysis worker {worker} still runs after the server exited"


def _gone(pid: int) -> bool:
    """Whether ``pid`` has ended (or is a zombie), waiting for that state: the worker is killed
    by the server, but on a loaded machine the kernel may take a moment to tear it down. The
    deadline only turns a worker that was never killed into a failure instead of a hang."""
    status = Path(f"/proc/{pid}/status")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if re.search(r"State:\s+[ZX]", status.read_text()):
                return True
        except (FileNotFoundError, ProcessLookupError):
            return True
        time.sleep(0.2)
    return False


def test_host_header_and_body_caps_at_the_socket(served: Served) -> None:
    with httpx.Client(base_url=served.base, timeout=60) as http:
        assert http.get("/api/events").status_code == 200
        evil = http.get("/api/events", headers={"host": "evil.example:8000"})
        assert evil.status_code == 400 and "evil.example" in evil.json()["detail"]
        assert http.get("/", headers={"host": "rebind.attacker.example"}).status_code == 400
        big = b'{"text": "' + b"a" * (5 * 1024 * 1024) + b'"}'
        r = http.post("/api/analyze", content=big, headers={"content-type": "application/json"})
        assert r.status_code == 413 and "TIDINGS_API_MAX_BODY_KB" in r.json()["detail"]

        def chunks() -> Iterator[bytes]:
            yield b'{"text": "'
            for _ in range(40):
                yield b"word " * 13_000
            yield b'"}'

        r = http.post(
            "/api/articles", content=chunks(), headers={"content-type": "application/json"}
        )
        assert r.status_code == 413
        assert http.get("/api/events").status_code == 200  # still serving
