"""One article, whole process: ``tidings analyze one.txt`` started N times (median printed).

What a journalist waits for: interpreter start, imports, model and knowledge-base load,
reading, analysis and output. Beside it, on the same machine in the same run: the same number
of processes that only import spaCy and load the model (``spacy.load``), the floor no change
to tidings can go under. Wall seconds depend on how busy the machine is (the load average is
printed); CPU seconds (user + system of the child) much less so.

The children run as an installed tidings does: with its modules' bytecode cached. A shell with
``PYTHONDONTWRITEBYTECODE`` set (as on the development VM) would otherwise compile every
tidings module from source in every run (0.13 s of CPU, none of it a user's); so the children
get a bytecode folder of their own in a temporary directory (``PYTHONPYCACHEPREFIX``, nothing is
written into the source tree), filled by one untimed run first. ``--no-bytecode-cache`` keeps
the shell's environment as it is.

    python benchmarks/analyze_one.py [--runs 5] [--file ../shared/reference/...txt]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT = SHARED / "reference" / "7dnews-pompeo-lavrov-2019-05-14.txt"


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MiB) of one child process (its own rusage); it must succeed."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = proc.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {err.decode()[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--file", type=Path, default=DEFAULT)
    ap.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="run the children in this shell's environment (PYTHONDONTWRITEBYTECODE included)",
    )
    args = ap.parse_args()
    if not args.file.is_file():
        sys.exit(f"benchmarks/analyze_one.py: {args.file} not found")
    from tidings.settings import get_settings

    model = get_settings().model
    py = sys.executable
    cmds = {
        "tidings analyze one article": [
            py,
            "-m",
            "tidings",
            "analyze",
            str(args.file),
            "--format",
            "jsonl",
        ],
        "spaCy import + load alone": [py, "-c", f"import spacy; spacy.load({model!r})"],
        "python start alone": [py, "-c", "pass"],
    }
    results: dict[str, list[tuple[float, float, float]]] = {k: [] for k in cmds}
    with tempfile.TemporaryDirectory() as pycache:
        env = None
        if not args.no_bytecode_cache:
            env = {**os.environ, "PYTHONPYCACHEPREFIX": pycache}
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            for cmd in cmds.values():  # untimed: compiles what is not cached yet
                timed(cmd, env)
        load0 = os.getloadavg()[0]
        for _ in range(args.runs):  # interleaved, so a burst of load hits both alike
            for name, cmd in cmds.items():
                results[name].append(timed(cmd, env))
    cache = "off (--no-bytecode-cache)" if args.no_bytecode_cache else "cached, as installed"
    print(
        f"{args.file.name}, {args.runs} runs each, model {model}, cpus {os.cpu_count()}, "
        f"load average {load0:.1f} -> {os.getloadavg()[0]:.1f}, bytecode {cache}"
    )
    print(f"{'':<30} {'wall median':>11} {'CPU median':>10} {'peak RSS':>9}")
    for name, rows in results.items():
        wall = statistics.median(r[0] for r in rows)
        cpu = statistics.median(r[1] for r in rows)
        print(f"{name:<30} {wall:>9.2f} s {cpu:>8.2f} s {max(r[2] for r in rows):>5.0f} MiB")
    one = statistics.median(r[0] for r in results["tidings analyze one article"])
    floor = statistics.median(r[0] for r in results["spaCy import + load alone"])
    cpu_one = statistics.median(r[1] for r in results["tidings analyze one article"])
    cpu_floor = statistics.median(r[1] for r in results["spaCy import + load alone"])
    print(
        f"analyze one article / spaCy load alone: wall {one / floor:.2f}, CPU "
        f"{cpu_one / cpu_floor:.2f} (goal: < 1.5 s wall, on an idle machine)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
