"""Throughput of the Spark job against the plain local pipeline, in one run, on the same articles.

Builds N news pages (the shared corpus articles, each copy made distinct by a closing line
"Filed from desk k."), writes them as CC-News-like WARC.gz files, then measures:

- the plain local pipeline (the engine-free core: read -> process -> article_rows, one process);
- the Spark job on local[1] and local[2]: SparkSession start-up, the fixed cost of a job (a run
  over 8 pages), and the full run; articles/s of the full run and of the run minus fixed cost;
- peak memory: max RSS of this process (baseline) and the peak summed RSS of the JVM and its
  Python workers (Spark runs).

Usage: python benchmarks/spark.py [--n 2000] [--files 8] [--skip-baseline]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))


def corpus() -> list[tuple[str, str, list[str]]]:
    folder = SHARED / "corpus" / "articles"
    if not folder.is_dir():
        sys.exit(f"benchmarks/spark.py: {folder} is absent (the shared corpus is needed)")
    out = []
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text("utf-8").splitlines()
        out.append((lines[0], lines[1], [x for x in lines[2:] if x.strip()]))
    return out


def page(title: str, date: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{escape(title)}</title>"
        f"<meta property='article:published_time' content='{date}T09:00:00Z'></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{escape(title)}</h1>{body}</article>"
        "</body></html>"
    ).encode()


def write_warcs(folder: Path, n: int, files: int) -> list[Path]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    arts = corpus()
    paths = [folder / f"CC-NEWS-BENCH-{i:05d}.warc.gz" for i in range(files)]
    handles = [open(p, "wb") for p in paths]  # noqa: SIM115
    writers = [WARCWriter(h, gzip=True) for h in handles]
    for k in range(n):
        title, date, paras = arts[k % len(arts)]
        html = page(title, date, [*paras, f"Filed from desk {k}."])
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        w = writers[k % files]
        w.write_record(
            w.create_warc_record(
                f"https://bench.example/{k}",
                "response",
                payload=io.BytesIO(html),
                http_headers=http,
            )
        )
    for h in handles:
        h.close()
    return paths


def _tree_rss(root: int) -> int:
    """Summed RSS (bytes) of ``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                parts = f.read().rsplit(")", 1)[1].split()
            ppid, pages = int(parts[1]), int(parts[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(d))
        rss[int(d)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, list(children.get(root, []))
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


class PeakChildren:
    """Samples the RSS of this process's descendants (JVM + Python workers) every 0.5 s."""

    def __enter__(self) -> PeakChildren:
        self.peak, self._stop = 0, threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self.peak = max(self.peak, _tree_rss(os.getpid()))

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()


def baseline(paths: list[Path]) -> tuple[float, int]:
    from tidings.spark.records import rows_from_inputs

    t = time.perf_counter()
    n = sum(1 for r in rows_from_inputs(paths, ingested_at="bench") if r["_table"] == "articles")
    return time.perf_counter() - t, n


def spark_run(master: str, paths: list[Path], small: list[Path], out: Path) -> dict:
    """One master, in a fresh process (so the JVM start is measured): session start, a small
    job on cold workers (spawn + model load), the same on warm workers, then the full run."""
    from tidings.spark.job import run_job, session

    with PeakChildren() as mem:
        t0 = time.perf_counter()
        spark = session(
            master, app="tidings-bench", ui=False, conf={"spark.sql.shuffle.partitions": "4"}
        )
        t_start = time.perf_counter() - t0
        times = []
        for i in range(2):
            t = time.perf_counter()
            run_job(spark, [str(p) for p in small], str(out / f"small{i}"))
            times.append(time.perf_counter() - t)
        t2 = time.perf_counter()
        man = run_job(spark, [str(p) for p in paths], str(out / "full"))
        t_full = time.perf_counter() - t2
        spark.stop()
    return {
        "start": t_start,
        "cold": times[0],
        "warm": times[1],
        "full": t_full,
        "articles": man["tables"]["articles"],
        "errors": man["errors"],
        "peak": mem.peak,
    }


def spark_subprocess(master: str, folder: Path) -> dict:
    """Run :func:`spark_run` in a child process and read its JSON result."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", master, "--dir", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [x for x in proc.stdout.splitlines() if x.startswith("{")]
    if proc.returncode or not lines:
        sys.exit(f"benchmarks/spark.py: the {master} run failed:\n{proc.stderr[-3000:]}")
    return json.loads(lines[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="articles (default 2000)")
    ap.add_argument("--files", type=int, default=8, help="WARC files to spread them over")
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--dir", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:  # one Spark measurement, in its own process
        folder = Path(args.dir)
        paths = sorted((folder / "full").glob("*.warc.gz"))
        small = sorted((folder / "small").glob("*.warc.gz"))
        res = spark_run(
            args.child, paths, small, folder / "out" / args.child.strip("]").replace("[", "-")
        )
        print(json.dumps(res))
        return

    tmp = Path(tempfile.mkdtemp(prefix="tidings-bench-"))
    try:
        (tmp / "full").mkdir()
        (tmp / "small").mkdir()
        paths = write_warcs(tmp / "full", args.n, args.files)
        write_warcs(tmp / "small", 8, 1)
        print(
            f"{args.n} articles in {args.files} WARC.gz files; "
            f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        from tidings.understand.nlp import load

        t = time.perf_counter()
        load()
        t_model = time.perf_counter() - t
        base_t, base_n = baseline(paths) if not args.skip_baseline else (float("nan"), args.n)
        base_mem = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(f"local pipeline: {base_n} articles in {base_t:.1f} s", flush=True)
        runs = {}
        for master in ("local[1]", "local[2]"):
            runs[master] = spark_subprocess(master, tmp)
            print(
                f"spark {master}: {runs[master]['articles']} articles in "
                f"{runs[master]['full']:.1f} s",
                flush=True,
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    base_rate = base_n / base_t
    print(
        f"\nload average at the end {os.getloadavg()[0]:.1f}; spaCy model load in this "
        f"process: {t_model:.1f} s"
    )
    print(
        "\n| run | articles | seconds | articles/s | vs local | articles/s minus job "
        "overhead | peak memory |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(
        f"| local pipeline (1 process) | {base_n} | {base_t:.1f} | {base_rate:.2f} | 1.00 | "
        f"- | {base_mem / 2**20:.0f} MiB (process) |"
    )
    for master, r in runs.items():
        rate = r["articles"] / r["full"]
        net = r["articles"] / max(r["full"] - r["warm"], 1e-9)
        print(
            f"| spark {master} | {r['articles']} | {r['full']:.1f} | {rate:.2f} | "
            f"{rate / base_rate:.2f} | {net:.2f} | {r['peak'] / 2**20:.0f} MiB (JVM+workers) |"
        )
    print("\n| fixed cost | local[1] | local[2] |")
    print("|---|---:|---:|")
    rows = [
        ("SparkSession start (JVM)", "start"),
        ("first job, 8 pages (worker spawn + spaCy load)", "cold"),
        ("next job, 8 pages (per-job overhead, warm)", "warm"),
    ]
    for label, key in rows:
        print(f"| {label} | {runs['local[1]'][key]:.1f} s | {runs['local[2]'][key]:.1f} s |")
    if any(r["articles"] != base_n for r in runs.values()):
        print("\nWARNING: article counts differ between runs")


if __name__ == "__main__":
    main()
