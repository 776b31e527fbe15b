"""Query latency (p50/p95, ms) of the CLI's queries on a 1M-event database, per back end.

The database is built by benchmarks/bigdb.py (the storage-only generator of
benchmarks/ingest.py, bulk-loaded through the store's writer: real corpus paragraphs and the
entities the pipeline found in them, synthetic events; 50,000 articles x 20 events by default)
on SQLite and on PostgreSQL (a throwaway cluster this script starts, as tests/pg.py does,
unless ``--pg-url`` names a server). Each query runs ``--runs`` times with parameters drawn from
the data (different actors, words, periods), through the same functions the CLI, the API and
the web UI call (``tidings.store.queries``), so process start-up is excluded. Each row says
whether its p95 meets the goal (< 100 ms); the ratio column is PostgreSQL p50 / SQLite p50,
measured in the same process. ``--keep DIR`` keeps the databases (SQLite in DIR, PostgreSQL on
``--pg-url``) and reuses them on the next run of the same size.

    python benchmarks/query.py [--articles 50000] [--events-per-article 20] [--runs 30]
                               [--backends sqlite,postgresql] [--keep out/bench --pg-url URL]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bigdb  # noqa: E402 - benchmarks/bigdb.py
import ingest as gen  # noqa: E402 - benchmarks/ingest.py
from tidings.store import queries as Q  # noqa: E402
from tidings.store.db import connect  # noqa: E402

GOAL_MS = 100.0
WORDS = ["election interference", "nuclear", "sanctions", '"security council"', "ceasefire",
         "Russia -Ukraine", "trade or tariffs", "climate", "summit", "refugees"]  # fmt: skip


def queries(rng: random.Random, names: list[str], speakers: list[str]) -> dict[str, Callable]:
    """Name -> a function of a connection that runs one randomised instance of the query."""
    cs = gen.COUNTRIES

    def pair() -> tuple[str, str]:
        a, b = rng.sample(cs, 2)
        return a, b

    return {
        "search TEXT": lambda c: Q.search(c, rng.choice(WORDS), limit=20),
        "events --actor --target": lambda c: Q.find_events(
            c, Q.EventFilter.parse(actor=pair()[0], target=pair()[1]), limit=50),
        "events --type --since --until": lambda c: Q.find_events(
            c, Q.EventFilter.parse(type=rng.choice(list(Q.plover_types())), since="2019-01-01",
                                   until="2020-12-31"), limit=50),
        "events --cameo 13": lambda c: Q.find_events(c, Q.EventFilter.parse(cameo="13"), limit=50),
        "events --quad --actor": lambda c: Q.find_events(
            c, Q.EventFilter.parse(quad="material-conflict", actor=rng.choice(cs)), limit=50),
        "events --place": lambda c: Q.find_events(
            c, Q.EventFilter.parse(place=rng.choice(gen.PLACES)[0]), limit=50),
        "events --actor NAME": lambda c: Q.find_events(
            c, Q.EventFilter.parse(actor=rng.choice(names)), limit=50),
        "actors --top 20": lambda c: Q.find_actors(c, limit=20),
        "actor NAME": lambda c: Q.actor_profile(c, rng.choice(names)),
        "quotes --speaker": lambda c: Q.find_quotes(c, speaker=rng.choice(speakers), limit=50),
        "dyad A B --by week": lambda c: Q.dyad(c, *pair(), by="week"),
        "actors --by code --top 20": lambda c: Q.find_actors(c, limit=20, by="code"),
        "dyad A B --level code": lambda c: Q.dyad(c, *pair(), by="week", level="code"),
    }  # fmt: skip


def measure(url: str, runs: int, seed: int = 3) -> dict[str, list[float]]:
    engine = connect(url)
    with engine.connect() as c:
        names = [r["name"] for r in Q.find_actors(c, limit=50, type="PERSON")] or ["Putin"]
        speakers = names[:20]
        rng = random.Random(seed)
        out: dict[str, list[float]] = {}
        for name, fn in queries(rng, names, speakers).items():
            fn(c)  # warm the caches once
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                fn(c)
                times.append((time.perf_counter() - t) * 1000)
            out[name] = times
    engine.dispose()
    return out


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def report(results: dict[str, dict[str, list[float]]], runs: int) -> None:
    """One row per query: p50, p95 and whether p95 meets the goal, per back end."""
    names = list(next(iter(results.values())))
    head = "| query                          |" + "".join(
        f" {b} p50 | {b} p95 | <{GOAL_MS:.0f} ms |" for b in results
    )
    if len(results) > 1:
        head += " pg/sqlite p50 |"
    print("\n" + head)
    print("|" + "|".join("-" * len(c) for c in head.split("|")[1:-1]) + "|")
    worst = {b: 0.0 for b in results}
    for name in names:
        line = f"| {name:<30} |"
        for b in results:
            p50, p95 = pct(results[b][name], 50), pct(results[b][name], 95)
            worst[b] = max(worst[b], p95)
            ok = "yes" if p95 < GOAL_MS else "NO"
            line += f" {p50:>{len(b) + 4}.1f} | {p95:>{len(b) + 4}.1f} | {ok:>8} |"
        if len(results) > 1:
            ratio = pct(results["postgresql"][name], 50) / pct(results["sqlite"][name], 50)
            line += f" {ratio:>13.2f} |"
        print(line)
    print(f"\n(times in ms, {runs} runs each after one warm-up; parameters vary per run)")
    for b, w in worst.items():
        print(f"{b}: worst p95 {w:.1f} ms -> {'meets' if w < GOAL_MS else 'MISSES'} the goal "
              f"(< {GOAL_MS:.0f} ms)")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=50000)
    ap.add_argument("--events-per-article", type=int, default=20)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--keep", type=Path, help="keep (and reuse) the databases in this folder")
    ap.add_argument("--pg-url", help="a PostgreSQL server (postgresql+psycopg://user@host:port)")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="tidings-qbench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, list[float]]] = {}
    facts = [bigdb.machine()]
    try:
        with contextlib.nullcontext(args.pg_url) if args.pg_url else gen.pg_cluster() as pg:
            backends = [b for b in args.backends.split(",") if b == "sqlite" or pg]
            for backend in backends:
                url = bigdb.database(backend, args.articles, args.events_per_article,
                                     folder=folder, pg_base=pg, reuse=args.keep is not None)  # fmt: skip
                engine = connect(url)
                with engine.connect() as c:
                    counts = Q.table_counts(c, ("articles", "events", "actors"))
                if backend == "postgresql":
                    facts.append(bigdb.pg_version(url))
                engine.dispose()
                print(f"{backend}: " + ", ".join(f"{n:,} {k}" for k, n in counts.items()))
                results[backend] = measure(url, args.runs)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    report(results, args.runs)
    print("machine: " + "; ".join(facts))


if __name__ == "__main__":
    main()
