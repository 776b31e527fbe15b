"""Hostile input against the server, the store, search and concurrent use (issue #14).

Every probe runs what a user runs (``tidings serve`` on a free port, ``tidings ingest``, the
query commands) as separate processes on a database made from ``samples/`` and prints one
table row: the input, the result (an HTTP status or exit status with its one-line message),
the peak memory of the processes the probe started (MB: the server with its analysis worker,
or the command) and the seconds it took. A probe whose processes printed a traceback says so
in its result, and the last column says whether the probe passed (:func:`problems`). The
reader's probes are ``benchmarks/abuse.py``; ``python benchmarks/abuse.py --all`` prints both
sides in one table (it takes :func:`rows` from here).

    PYTHONPATH=src python benchmarks/abuse_serve.py [--only WORD ...] [--analyze-timeout 60]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIDINGS_SHARED", ROOT.parent / "shared"))
TOKEN = "probe-token"


# ---------------------------------------------------------------- memory of what a probe starts


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="ascii") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class PeakMemory:
    """Samples the summed resident memory of this process's descendants (20 times a second)."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            kids = _children()
            todo, total = list(kids.get(me, [])), 0
            while todo:
                pid = todo.pop()
                total += _rss_kb(pid)
                todo += kids.get(pid, [])
            self.peak_kb = max(self.peak_kb, total)
            self._stop.wait(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# ---------------------------------------------------------------- processes


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), **extra}


def tidings(*args: str, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:  # noqa: ANN003
    """Run a tidings command to completion (stdout and stderr captured as text)."""
    return subprocess.run(
        [sys.executable, "-m", "tidings", *args], env=env or _env(), cwd=kw.pop("cwd", ROOT),
        capture_output=True, text=True, check=False, **kw,
    )  # fmt: skip


def outcome(res: subprocess.CompletedProcess) -> str:
    """``exit N: first line of stderr`` (and a warning when a traceback was printed)."""
    lines = [ln.strip() for ln in res.stderr.splitlines() if ln.strip()]
    first = next((ln for ln in lines if ln.startswith("Error")), lines[-1] if lines else "")
    flag = " [TRACEBACK]" if "Traceback" in res.stderr else ""
    return f"exit {res.returncode}: {first[:110]}{flag}"


@dataclass
class Server:
    """A running ``tidings serve``; ``log`` collects its stderr."""

    proc: subprocess.Popen
    base: str
    log: list[str] = field(default_factory=list)

    def client(self, **kw) -> httpx.Client:  # noqa: ANN003
        return httpx.Client(base_url=self.base, timeout=kw.pop("timeout", 600), **kw)

    def wait_for_log(self, text: str) -> None:
        while not any(text in ln for ln in self.log):
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited before logging {text!r}")
            time.sleep(0.05)

    @property
    def traceback(self) -> bool:
        return any("Traceback" in ln for ln in self.log)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db: Path, timeout: int, *extra: str) -> Iterator[Server]:
    port = _free_port()
    env = _env(TIDINGS_ANALYZE_TIMEOUT=str(timeout), TIDINGS_API_TOKEN=TOKEN)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tidings", "serve", "--db", str(db), "--port", str(port), *extra],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    server = Server(proc, f"http://127.0.0.1:{port}")
    reader = threading.Thread(target=lambda: server.log.extend(proc.stderr), daemon=True)
    reader.start()
    try:
        server.wait_for_log("Application startup complete")
        yield server
    finally:
        if proc.poll() is None:
            proc.terminate()
        proc.wait(timeout=60)
        reader.join(timeout=5)


def said(r: httpx.Response) -> str:
    """``STATUS: detail`` (the first validation message for a 422), on one line."""
    try:
        body = r.json()
    except ValueError:
        return f"{r.status_code}: {r.text[:100]}"
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, list) and detail:
        field, msg = str(detail[0].get("loc", [""])[-1]), str(detail[0].get("msg"))
        detail = msg if msg.startswith(field) else f"{field}: {msg}"
    if detail is None and isinstance(body, dict) and "items" in body:
        detail = f"{len(body['items'])} items"
    if detail is None and isinstance(body, dict) and "events" in body:
        detail = f"analysed: {len(body['events'])} events, {len(body['entities'])} entities"
    return f"{r.status_code}: {str(detail)[:110]}"


# ---------------------------------------------------------------- inputs


def long_text(chars: int) -> str:
    """Real articles of ../shared, repeated to ``chars`` characters."""
    parts = [p.read_text("utf-8") for p in sorted((SHARED / "corpus" / "articles").glob("*.txt"))]
    text = "\n\n".join(parts)
    while len(text) < chars:
        text += "\n\n" + text
    return text[:chars]


SMALL = (SHARED / "corpus" / "articles" / "wh-0003.txt").read_text("utf-8")[:3000]


@dataclass
class Context:
    work: Path
    db: Path  # samples/ ingested
    timeout: int


# ---------------------------------------------------------------- probes


def p_big_analysis(ctx: Context) -> str:
    big = long_text(900_000)
    with serve(ctx.db, ctx.timeout) as srv, srv.client() as http:
        results: dict[str, str] = {}

        def post(name: str, text: str) -> None:
            results[name] = said(http.post("/api/analyze", json={"text": text}))

        first = threading.Thread(target=post, args=("900 kB", big))
        first.start()
        srv.wait_for_log("analysis started")
        post("small behind it", SMALL)
        first.join()
        after = said(http.post("/api/analyze", json={"text": SMALL}))
        tb = " [TRACEBACK]" if srv.traceback else ""
    return f"{results['900 kB']} ; behind it: {results['small behind it'][:40]} ; after: {after[:30]}{tb}"


def p_time_limit(ctx: Context) -> str:
    text = long_text(150_000)
    with serve(ctx.db, 5) as srv, srv.client() as http:
        first = said(http.post("/api/analyze", json={"text": text}))
        after = said(http.post("/api/analyze", json={"text": SMALL}))
        tb = " [TRACEBACK]" if srv.traceback else ""
    return f"{first} ; after: {after[:30]}{tb}"


def p_sigterm(ctx: Context) -> str:
    big = long_text(900_000)
    with serve(ctx.db, 3600) as srv, srv.client() as http:
        reply: list[str] = []
        t = threading.Thread(
            target=lambda: reply.append(said(http.post("/api/analyze", json={"text": big})))
        )
        t.start()
        srv.wait_for_log("analysis started")
        t0 = time.monotonic()
        srv.proc.send_signal(signal.SIGTERM)
        code = srv.proc.wait(timeout=120)
        took = time.monotonic() - t0
        t.join(timeout=30)
    return f"stopped (exit {code}) {took:.1f} s after SIGTERM; the request: {(reply or ['none'])[0][:70]}"


def _huge_post(path: str, headers: dict[str, str] | None = None) -> Callable[[Context], str]:
    def probe(ctx: Context) -> str:
        body = b'{"text": "' + b"a" * (100 * 1024 * 1024) + b'"}'
        with serve(ctx.db, ctx.timeout) as srv, srv.client() as http:
            r = http.post(path, content=body, headers={"content-type": "application/json",
                                                       **(headers or {})})  # fmt: skip
            return said(r) + (" [TRACEBACK]" if srv.traceback else "")

    return probe


def p_chunked(ctx: Context) -> str:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(80):
            yield b"word " * 13_000  # 65 kB each, 5 MB in all, no Content-Length
        yield b'"}'

    with serve(ctx.db, ctx.timeout) as srv, srv.client() as http:
        r = http.post(
            "/api/analyze", content=chunks(), headers={"content-type": "application/json"}
        )
        return said(r)


def _get(path: str, params: dict[str, str], headers: dict[str, str] | None = None) -> Callable:
    def probe(ctx: Context) -> str:
        with serve(ctx.db, ctx.timeout) as srv, srv.client(headers=headers or {}) as http:
            return said(http.get(path, params=params)) + (" [TRACEBACK]" if srv.traceback else "")

    return probe


def _post(path: str, body: dict) -> Callable:
    def probe(ctx: Context) -> str:
        with serve(ctx.db, ctx.timeout) as srv, srv.client() as http:
            r = http.post(path, json=body, headers={"Authorization": f"Bearer {TOKEN}"})
            return said(r) + (" [TRACEBACK]" if srv.traceback else "")

    return probe


MANY_TERMS = " ".join(f"w{i}" for i in range(150))
OPERATORS = 'said* ^said (said) {said} +said NEAR( "said'


def p_other_db(ctx: Context) -> str:
    import sqlite3

    other = ctx.work / "other.sqlite"
    with sqlite3.connect(other) as c:
        c.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)")
        c.execute("INSERT INTO notes (body) VALUES ('mine')")
    before = hashlib.sha256(other.read_bytes()).hexdigest()
    results = [tidings(cmd, "--db", str(other)) for cmd in ("events", "stats")]
    results.append(tidings("ingest", str(ROOT / "samples" / "articles"), "--db", str(other)))
    same = hashlib.sha256(other.read_bytes()).hexdigest() == before
    extra = sorted(p.name for p in ctx.work.glob("other.sqlite-*"))
    codes = ",".join(str(r.returncode) for r in results)
    return f"{outcome(results[0])} (exits {codes}; file unchanged: {same}; side files: {extra or 'none'})"


def p_typo_db(ctx: Context) -> str:
    typo = ctx.work / "tpyo" / "dir" / "x.db"
    res = tidings("stats", "--db", str(typo))
    return f"{outcome(res)} (dir created: {typo.parent.parent.exists()})"


def p_dash_query(ctx: Context) -> str:
    bad = tidings("search", "-Russia", "talks", "--db", str(ctx.db))
    good = tidings("search", "--db", str(ctx.db), "--format", "jsonl", "--", "-Russia talks")
    return f"without --: {outcome(bad)[:60]} | with --: exit {good.returncode}, {len(good.stdout.splitlines())} hits"


def p_cli_many_terms(ctx: Context) -> str:
    return outcome(tidings("search", MANY_TERMS, "--db", str(ctx.db)))


def p_pg_password(ctx: Context) -> str:
    res = tidings("stats", "--db", "postgresql+psycopg://tidings:s3cr3t-pw@127.0.0.1:1/news")
    leaked = "s3cr3t-pw" in res.stderr + res.stdout
    return f"{outcome(res)[:100]} (password shown: {leaked})"


def p_concurrent_ingest(ctx: Context) -> str:
    files = sorted((SHARED / "corpus" / "articles").glob("*.txt"))
    ok, trials = 0, 5
    last = ""
    for trial in range(trials):
        db = ctx.work / f"race-{trial}.db"
        procs = []
        for part in (files[:3], files[3:6]):
            cmd = [sys.executable, "-m", "tidings", "ingest", *map(str, part), "--db", str(db),
                   "--no-progress", "--summary-json"]  # fmt: skip
            procs.append(subprocess.Popen(cmd, env=_env(), cwd=ROOT, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True))  # fmt: skip
        outs = [p.communicate(timeout=600) for p in procs]
        codes = [p.returncode for p in procs]
        stored = sum(json.loads(o[0].splitlines()[-1])["stored"] for o in outs if o[0].strip())
        ok += codes == [0, 0] and stored == 6 and not any("Traceback" in o[1] for o in outs)
        last = f"exits {codes}, {stored} stored"
    return f"{ok}/{trials} trials: both succeeded (last: {last})"


@dataclass
class Probe:
    name: str
    run: Callable[[Context], str]


PROBES: list[Probe] = [
    Probe("POST /api/analyze 900 kB text, a small one behind it", p_big_analysis),
    Probe("POST /api/analyze 150 kB text, TIDINGS_ANALYZE_TIMEOUT=5", p_time_limit),
    Probe("SIGTERM while a 900 kB analysis runs", p_sigterm),
    Probe("POST /api/analyze 100 MB body", _huge_post("/api/analyze")),
    Probe("POST /api/articles 100 MB body, no token", _huge_post("/api/articles")),
    Probe("POST /api/analyze 5 MB chunked, no Content-Length", p_chunked),
    Probe('POST /api/analyze {"text": " "}', _post("/api/analyze", {"text": " "})),
    Probe(
        "POST /api/analyze body-less HTML",
        _post("/api/analyze", {"html": "<html><head><title>x</title></head><body></body></html>"}),
    ),  # noqa: E501
    Probe(
        'POST /api/articles published "notadate"',
        _post("/api/articles", {"text": SMALL, "published": "notadate"}),
    ),  # noqa: E501
    Probe(
        "GET /api/events offset=9223372036854775808",
        _get("/api/events", {"offset": "9223372036854775808"}),
    ),  # noqa: E501
    Probe("GET /api/search 150 terms", _get("/api/search", {"q": MANY_TERMS})),
    Probe("GET /api/quotes?q= 150 terms", _get("/api/quotes", {"q": MANY_TERMS})),
    Probe("GET /api/search FTS5 operators", _get("/api/search", {"q": OPERATORS})),
    Probe(
        'GET /api/search "white house" or kremlin -zzz',
        _get("/api/search", {"q": '"white house" or kremlin -zzz'}),
    ),  # noqa: E501
    Probe(
        "GET /api/events Host: evil.example (DNS rebinding)",
        _get("/api/events", {}, {"host": "evil.example"}),
    ),  # noqa: E501
    Probe("tidings events/stats/ingest --db someone-else's.sqlite", p_other_db),
    Probe("tidings stats --db tpyo/dir/x.db", p_typo_db),
    Probe("tidings search -Russia (a query starting with -)", p_dash_query),
    Probe("tidings search with 150 terms", p_cli_many_terms),
    Probe("tidings stats --db postgresql://...:password@unreachable", p_pg_password),
    Probe("two tidings ingest at once on a fresh database, 5 times", p_concurrent_ingest),
]


def run_probe(probe: Probe, ctx: Context) -> tuple[str, float, float]:
    t0 = time.perf_counter()
    with PeakMemory() as mem:
        try:
            result = probe.run(ctx)
        except Exception as exc:  # noqa: BLE001 - a probe that broke is a result too
            result = f"PROBE FAILED: {type(exc).__name__}: {exc}"[:150]
    return result, mem.peak_kb / 1024, time.perf_counter() - t0


#: what in a probe's result line is wrong whatever the probe (the issue's bar: a one-line error
#: or a correct result, no traceback, nothing changed that isn't ours, peak under 1.5 GB)
_WRONG = (
    (re.compile(r"\[TRACEBACK\]"), "traceback"),
    (re.compile(r"PROBE FAILED"), "the probe itself broke"),
    (re.compile(r"(?:^|[;:(|] ?)500: "), "a 500"),
    (re.compile(r"file unchanged: False"), "someone else's file changed"),
    (re.compile(r"dir created: True"), "a mistyped path was created"),
    (re.compile(r"password shown: True"), "the password was shown"),
    (re.compile(r"^[0-4]/5 trials"), "a concurrent ingest failed"),
)
MEMORY_BUDGET_MB = 1536


def problems(result: str, peak_mb: float) -> list[str]:
    """What is wrong with one probe's result (empty: the probe passed)."""
    found = [why for pattern, why in _WRONG if pattern.search(result)]
    if peak_mb > MEMORY_BUDGET_MB:
        found.append(f"peak {peak_mb:.0f} MB > {MEMORY_BUDGET_MB} MB")
    return found


@dataclass
class Row:
    """One row of the table."""

    probe: str
    result: str
    peak_mb: float
    seconds: float
    problems: list[str]


def rows(only: list[str] | None = None, analyze_timeout: int = 60) -> Iterator[Row]:
    """Run the probes whose name contains one of ``only`` (all if none) on a fresh database made
    from ``samples/``, one row as each finishes."""
    chosen = [p for p in PROBES if not only or any(w.lower() in p.name.lower() for w in only)]
    if not chosen:
        return
    work = Path(tempfile.mkdtemp(prefix="tidings-abuse-"))
    try:
        db = work / "samples.db"
        res = tidings("ingest", str(ROOT / "samples"), "--db", str(db), "--no-progress")
        if res.returncode != 0:
            sys.exit(f"cannot build the probe database: {outcome(res)}")
        ctx = Context(work, db, analyze_timeout)
        for probe in chosen:
            result, mb, seconds = run_probe(probe, ctx)
            yield Row(probe.name, result, mb, seconds, problems(result, mb))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", action="append", default=[], help="run probes whose name has this")
    ap.add_argument("--analyze-timeout", type=int, default=60, help="TIDINGS_ANALYZE_TIMEOUT")
    args = ap.parse_args()
    print("| input | result | peak memory (MB) | seconds | verdict |")
    print("|---|---|---|---|---|")
    failed = total = 0
    for row in rows(args.only, args.analyze_timeout):
        verdict = "ok" if not row.problems else "FAIL: " + "; ".join(row.problems)
        print(f"| {row.probe} | {row.result.replace('|', '/')} | {row.peak_mb:.0f} | "
              f"{row.seconds:.1f} | {verdict} |", flush=True)  # fmt: skip
        failed += bool(row.problems)
        total += 1
    print(f"\n{total - failed}/{total} probes ok; memory budget {MEMORY_BUDGET_MB} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
