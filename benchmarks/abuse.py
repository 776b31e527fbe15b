"""Replay the hostile-input probes of issue #14 against the CLI and print what each one did.

Every probe makes its input in a temporary folder at run time (bombs and long lines are
generated, never committed), runs ``tidings`` in a subprocess and reports: exit code, the
first line of stderr, the peak memory of the process and its children (``wait4`` rusage),
the seconds it took, and a verdict: ``ok``, or what is wrong (a traceback, a peak over the
memory budget, a missing or wrong result).

Probes are plain functions ``(tmp: Path) -> Outcome`` in :data:`PROBES`: write
``def probe_x(tmp)`` with :func:`run_cli` (or your own process handling) and add it. The API,
store and concurrency probes of the same issue are ``benchmarks/abuse_serve.py`` (they need a
server and a database); ``--all`` runs them after these and prints one table.

    python benchmarks/abuse.py                 # the reader's probes
    python benchmarks/abuse.py --all           # the whole table: also the server's, store's,
                                               # search's and concurrency probes (abuse_serve.py)
    python benchmarks/abuse.py -k gzip -k feed # probes whose name contains one of these
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIDINGS_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "articles"
MEMORY_BUDGET_MB = 1536  # the bar: peak memory under 1.5 GB


@dataclass
class Run:
    """One finished subprocess."""

    returncode: int
    stdout: str
    stderr: str
    peak_mb: float
    seconds: float

    @property
    def first_error_line(self) -> str:
        lines = [ln for ln in self.stderr.splitlines() if ln.strip()]
        return lines[0] if lines else ""

    def records(self) -> list[dict]:
        return [json.loads(ln) for ln in self.stdout.splitlines() if ln.startswith("{")]


@dataclass
class Outcome:
    """One row of the table; ``problems`` empty means the probe passed."""

    probe: str
    run: Run
    problems: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return "ok" if not self.problems else "FAIL: " + "; ".join(self.problems)


def run_cli(
    args: list[str],
    *,
    stdin: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 1800,
    on_start: Callable[[subprocess.Popen], None] | None = None,
) -> Run:
    """``python -m tidings ARGS`` with this checkout's code; peak RSS of it and its children."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdin_file = stdin.open("rb") if stdin else subprocess.DEVNULL
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "tidings", *args],
            stdin=stdin_file if on_start is None else subprocess.PIPE,
            stdout=out,
            stderr=err,
            env=full_env,
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            if on_start is not None:
                on_start(proc)
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            if stdin:
                stdin_file.close()  # type: ignore[union-attr]
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            peak_mb=usage.ru_maxrss / 1024,  # kB on Linux
            seconds=seconds,
        )


def judge(name: str, run: Run, *expectations: tuple[bool, str]) -> Outcome:
    """The common checks (no traceback, memory budget) and the probe's own."""
    problems = [why for ok, why in expectations if not ok]
    if "Traceback" in run.stderr:
        problems.append("traceback on stderr")
    if run.peak_mb > MEMORY_BUDGET_MB:
        problems.append(f"peak {run.peak_mb:.0f} MB > {MEMORY_BUDGET_MB} MB")
    return Outcome(name, run, problems)


# ---------------------------------------------------------------- inputs


def _words_chunk(size: int = 1_300_000) -> bytes:
    """About 1.3 MB of running words from a real article (one line)."""
    words = (CORPUS / "wn-0001.txt").read_text("utf-8").split()
    text = " ".join(words)
    return (text + " ").encode() * (size // (len(text) + 1) + 1)


def _bomb(path: Path, chunks: int = 800) -> Path:
    """800 x 1.3 MB of words, gzipped: about 1 GB expanding from a few MB."""
    chunk = _words_chunk()[:1_300_000] + b"\n"
    with gzip.open(path, "wb", compresslevel=6) as fh:
        for _ in range(chunks):
            fh.write(chunk)
    return path


def _record(title: str, text: str) -> bytes:
    return json.dumps({"title": title, "text": text}).encode() + b"\n"


def _good_text(name: str = "wn-0002") -> str:
    return (CORPUS / f"{name}.txt").read_text("utf-8")


# ---------------------------------------------------------------- probes (finding numbers)


def probe_gzip_bomb_stdin(tmp: Path) -> Outcome:
    """1: a gzip bomb on stdin grew to 21 GB."""
    run = run_cli(["read", "-", "--format", "jsonl"], stdin=_bomb(tmp / "bomb.gz"))
    return judge(
        "1 gzip bomb on stdin",
        run,
        (run.returncode == 1, "exit status not 1"),
        ("over the" in run.first_error_line, "not refused at a limit"),
    )


def probe_gzip_bomb_file(tmp: Path) -> Outcome:
    """1: the same bomb given as a path."""
    path = _bomb(tmp / "bomb.txt.gz")
    run = run_cli(["read", str(path), "--format", "jsonl"])
    return judge(
        "1 gzip bomb as a file",
        run,
        (run.returncode == 1 and "over the" in run.first_error_line, "not refused at a limit"),
    )


def probe_jsonl_gz_huge_line(tmp: Path) -> Outcome:
    """1: a .jsonl.gz with one 800 MB line between two good records peaked at 2.5 GB."""
    path = tmp / "dump.jsonl.gz"
    chunk = _words_chunk()
    with gzip.open(path, "wb", compresslevel=6) as fh:
        fh.write(_record("Before", _good_text("wn-0002")))
        fh.write(b'{"title": "huge", "text": "')
        for _ in range(615):
            fh.write(chunk[:1_300_000])
        fh.write(b'"}\n')
        fh.write(_record("After", _good_text("wn-0003")))
    run = run_cli(["read", str(path), "--format", "jsonl"])
    titles = [r["title"] for r in run.records()]
    return judge(
        "1 jsonl.gz with an 800 MB line",
        run,
        (titles == ["Before", "After"], f"records {titles}, want Before, After"),
        ("#2: record of" in run.first_error_line, "the long line is not reported"),
    )


def probe_analyze_oversized_article(tmp: Path) -> Outcome:
    """5: one article over spaCy's 1,000,000 characters aborted a whole analyze batch."""
    folder = tmp / "batch"
    folder.mkdir()
    for name in ("wn-0002", "wn-0003"):
        shutil.copy(CORPUS / f"{name}.txt", folder / f"{name}.txt")
    paragraphs = [
        p
        for f in sorted(CORPUS.glob("*.txt"))
        for p in f.read_text("utf-8").split("\n\n")[1:]
        if len(p) > 200
    ]
    body: list[str] = []
    while sum(map(len, body)) < 1_050_000:
        body.extend(paragraphs)
    (folder / "huge.txt").write_text("A very long report\n2021-03-02\n\n" + "\n\n".join(body))
    run = run_cli(["analyze", str(folder), "--format", "jsonl"])
    recs = run.records()
    good = sum(r["source"].endswith(("wn-0002.txt", "wn-0003.txt")) for r in recs)
    sections = sum("#section-" in r["source"] for r in recs)
    return judge(
        "5 analyze with a 1.05M-char article",
        run,
        (run.returncode == 0, f"exit status {run.returncode}"),
        (good == 2, "the good files beside it were not analysed"),
        (sections >= 11, f"{sections} sections, want the whole article in sections"),
    )


def probe_nearly_valid_utf8(tmp: Path) -> Outcome:
    """7: six bad bytes made a UTF-8 page read as cp775."""
    text = _good_text("voa-0004")
    path = tmp / "damaged.txt"
    path.write_bytes(text.encode("utf-8") + b"\n\n\xff\xfe\xff\xfe\xff\xfe\n")
    run = run_cli(["read", str(path), "--format", "jsonl"])
    body = "".join(r["text"] for r in run.records())
    return judge(
        "7 UTF-8 with 6 bad bytes",
        run,
        ("“" in body and "ŌĆ" not in body and "â€" not in body, "mojibake in the text"),
    )


def probe_latin1_page(tmp: Path) -> Outcome:
    """7: a Latin-1 page was read as cp1250."""
    text = "Café société: à Genève, l’accord est signé. " * 3
    page = f"Accord signé à Genève\n2021-03-02\n\n{text}\n\n{text}\n"
    path = tmp / "latin1.txt"
    path.write_bytes(page.encode("cp1252"))
    run = run_cli(["read", str(path), "--format", "jsonl"])
    body = "".join(r["text"] for r in run.records())
    return judge(
        "7 Latin-1 page",
        run,
        ("à Genève" in body and "l’accord" in body, "accents not read as cp1252"),
    )


def probe_empty_article(tmp: Path) -> Outcome:
    """8: an article with no body text was stored (id = hash of the empty text)."""
    path = tmp / "menu.txt"
    path.write_text("Home\nWorld\nSearch\n")
    run = run_cli(["read", str(path), "--format", "jsonl"])
    return judge(
        "8 article without body text",
        run,
        (run.returncode == 1 and not run.records(), "a record came out"),
        ("no article text" in run.first_error_line, "not reported"),
    )


def probe_small_truncated_gz(tmp: Path) -> Outcome:
    """8: a small truncated .jsonl.gz kept nothing."""
    files = sorted(CORPUS.glob("wn-*.txt"))[:8]
    lines = b"".join(_record(f.stem, f.read_text("utf-8")) for f in files)
    data = gzip.compress(lines)
    path = tmp / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) * 3 // 4])
    run = run_cli(["read", str(path), "--format", "jsonl", "--no-dedup"])
    return judge(
        "8 small truncated .jsonl.gz",
        run,
        (len(run.records()) >= 4, f"{len(run.records())} records kept"),
        (run.returncode == 1 and "truncated" in run.stderr, "break not reported"),
    )


def probe_empty_folder(tmp: Path) -> Outcome:
    """8: an empty folder exited 0 silently."""
    (tmp / "empty").mkdir()
    run = run_cli(["read", str(tmp / "empty"), "--format", "jsonl"])
    return judge(
        "8 empty folder",
        run,
        (run.returncode == 1 and "empty folder" in run.first_error_line, "not reported"),
    )


def probe_doctype_feed(tmp: Path) -> Outcome:
    """8: a feed with a DOCTYPE was stored as raw XML."""
    body = _good_text("wn-0002").split("\n\n", 1)[1].replace("&", "and").replace("<", " ")
    path = tmp / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS '
        '0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        f'<rss version="0.91"><channel><title>Wire</title><item><title>Talks</title>'
        f"<link>https://wire.example/a</link><description>{body}</description></item>"
        "</channel></rss>"
    )
    run = run_cli(["read", str(path), "--format", "jsonl"])
    recs = run.records()
    return judge(
        "8 feed with a DOCTYPE",
        run,
        (len(recs) == 1 and recs[0]["format"] == "feed", "not read as a feed"),
        (all("<rss" not in r["text"] for r in recs), "raw XML in the text"),
    )


def probe_orphan_workers(tmp: Path) -> Outcome:
    """8: spawn workers ran on after kill -9 of ``ingest --workers 2``."""
    db = tmp / "orphans.db"
    lines = [_record(f.stem, f.read_text("utf-8")) for f in sorted(CORPUS.glob("*.txt"))[:6]]
    found: dict[str, list[int]] = {}

    def kill_when_working(proc: subprocess.Popen) -> None:
        proc.stdin.write(b"".join(lines))  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]
        _wait_for_rows(db, 1, proc)
        found["workers"] = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)

    run = run_cli(
        ["ingest", "-", "--db", str(db), "--workers", "2", "--batch-size", "1", "--no-progress"],
        on_start=kill_when_working,
    )
    workers = found.get("workers", [])
    alive = [pid for pid in workers if not _gone(pid, 60)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    run.stderr = f"killed with -9; {len(workers)} workers, {len(alive)} left alive\n" + run.stderr
    return judge(
        "8 kill -9 of ingest --workers 2",
        run,
        (len(workers) >= 2, "no workers seen"),
        (not alive, f"{len(alive)} orphaned workers"),
    )


def probe_jsonl_long_first_line(tmp: Path) -> Outcome:
    """9: a .jsonl whose first record is longer than the sniffed head was lost whole."""
    paragraphs = _good_text("voa-0004").split("\n\n")[1:]
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs * 30)
    html += "</article></body></html>"
    path = tmp / "dump.jsonl"
    path.write_bytes(
        json.dumps({"title": "Raw HTML", "html": html}).encode()
        + b"\n"
        + _record("Second", _good_text("wn-0003"))
    )
    run = run_cli(["read", str(path), "--format", "jsonl"])
    titles = [r["title"] for r in run.records()]
    return judge(
        f"9 .jsonl with a {path.stat().st_size // 1000} kB first line",
        run,
        (run.returncode == 0 and "Second" in titles and len(titles) >= 2, f"records {titles}"),
    )


def probe_entity_bomb_feed(tmp: Path) -> Outcome:
    """Extra: a feed whose DOCTYPE defines a billion-laughs entity."""
    ents = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    body = _good_text("wn-0002").split("\n\n", 1)[1].replace("&", "and").replace("<", " ")
    path = tmp / "laughs.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [{ents}]><rss><channel><item><title>&i;</title>'
        f"<description>{body} &i;</description></item></channel></rss>"
    )
    run = run_cli(["read", str(path), "--format", "jsonl"])
    refused = run.returncode == 1 and "amplification" in run.first_error_line
    return judge(
        "x feed with an entity bomb",
        run,
        (len(run.records()) == 1 or refused, "neither read nor refused with the reason"),
    )


def probe_stdin_flood(tmp: Path) -> Outcome:
    """Extra: 200 MB of text on stdin (one document, no newline)."""
    path = tmp / "flood.txt"
    chunk = _words_chunk()
    with path.open("wb") as fh:
        for _ in range(160):
            fh.write(chunk[:1_300_000])
    run = run_cli(["read", "-", "--format", "jsonl"], stdin=path)
    return judge(
        "x 200 MB document on stdin",
        run,
        (run.returncode == 1 and "over the" in run.first_error_line, "not refused at a limit"),
    )


def probe_warc_huge_record(tmp: Path) -> Outcome:
    """Extra: a WARC whose one response is 60 MB, beside a good one."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp / "crawl.warc.gz"
    good = "".join(f"<p>{p}</p>" for p in _good_text("wn-0003").split("\n\n")[1:])
    pages = [
        ("https://x.example/huge", b"<html><body><p>" + _words_chunk(60_000_000) + b"</p>"),
        ("https://x.example/good", f"<html><body><article>{good}</article></body></html>".encode()),
    ]
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, payload in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=_bytes_io(payload), http_headers=headers
                )
            )
    run = run_cli(["read", str(path), "--format", "jsonl"])
    urls = [r["url"] for r in run.records()]
    return judge(
        "x WARC with a 60 MB record",
        run,
        (urls == ["https://x.example/good"], f"urls {urls}"),
        ("over the" in run.first_error_line, "huge record not reported"),
    )


PROBES: list[Callable[[Path], Outcome]] = [
    probe_gzip_bomb_stdin,
    probe_gzip_bomb_file,
    probe_jsonl_gz_huge_line,
    probe_analyze_oversized_article,
    probe_nearly_valid_utf8,
    probe_latin1_page,
    probe_empty_article,
    probe_small_truncated_gz,
    probe_empty_folder,
    probe_doctype_feed,
    probe_orphan_workers,
    probe_jsonl_long_first_line,
    probe_entity_bomb_feed,
    probe_stdin_flood,
    probe_warc_huge_record,
]


# ---------------------------------------------------------------- helpers for probes


def _bytes_io(data: bytes):  # noqa: ANN202 - io.BytesIO
    import io

    return io.BytesIO(data)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(x) for x in path.read_text().split()] if path.exists() else []


def _gone(pid: int, timeout: float) -> bool:
    """Wait on the process's pidfd until it exits (True) or ``timeout`` passes (False)."""
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


def _wait_for_rows(db: Path, n: int, proc: subprocess.Popen, timeout: float = 600) -> None:
    """Poll the SQLite file until ``n`` articles are committed (or the process ended)."""
    import sqlite3

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                if conn.execute("select count(*) from articles").fetchone()[0] >= n:
                    return
        except sqlite3.Error:
            pass
        time.sleep(0.1)


# ---------------------------------------------------------------- table


def _reader_rows(chosen: list[Callable[[Path], Outcome]]) -> list[tuple]:
    rows = []
    for probe in chosen:
        with tempfile.TemporaryDirectory(prefix="tidings-abuse-") as tmp:
            o = probe(Path(tmp))
        print(f"  {o.probe}: {o.verdict}", file=sys.stderr, flush=True)
        result = f"{o.run.returncode}; {o.run.first_error_line[:90]}"
        rows.append(("reader", o.probe, result, o.run.peak_mb, o.run.seconds, o.problems))
    return rows


def _server_rows(words: list[str]) -> list[tuple]:
    """The server, store, search and concurrency probes of ``benchmarks/abuse_serve.py``."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import abuse_serve

    rows = []
    for r in abuse_serve.rows(words):
        verdict = "ok" if not r.problems else "FAIL: " + "; ".join(r.problems)
        print(f"  {r.probe}: {verdict}", file=sys.stderr, flush=True)
        rows.append(("server", r.probe, r.result, r.peak_mb, r.seconds, r.problems))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", action="append", default=[], help="run probes whose name has this")
    parser.add_argument(
        "--all", action="store_true", help="also the server side (benchmarks/abuse_serve.py)"
    )
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS} is absent: the probes are made from ../shared corpus articles")
    chosen = [p for p in PROBES if not args.k or any(k in p.__name__ for k in args.k)]
    rows = _reader_rows(chosen) + (_server_rows(args.k) if args.all else [])
    header = ("side", "probe", "result", "peak MB", "s", "verdict")
    if not args.all:
        header, rows = header[1:], [row[1:] for row in rows]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for *names, result, peak, seconds, problems in rows:
        verdict = "ok" if not problems else "FAIL: " + "; ".join(problems)
        cells = (*names, result, f"{peak:.0f}", f"{seconds:.1f}", verdict)
        print("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
    failed = sum(bool(row[-1]) for row in rows)
    print(f"\n{len(rows) - failed}/{len(rows)} probes ok; memory budget {MEMORY_BUDGET_MB} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
