"""Query latency (p50/p95, ms) of the CLI's queries on a ~100k-event database, per back end.

The database is built with the storage-only generator of benchmarks/ingest.py (real corpus
paragraphs and the entities the pipeline found in them, synthetic events: 10,000 articles x 10
events by default), on SQLite and on a throwaway PostgreSQL cluster. Each query runs ``--runs``
times with parameters drawn from the data (different actors, words, periods), through the same
functions the CLI, the API and the web UI call (``tidings.store.queries``), so process start-up is excluded.
The ratio column is PostgreSQL p50 / SQLite p50, measured in the same process.

    python benchmarks/query.py [--articles 10000] [--events-per-article 10] [--runs 30]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ingest as gen  # noqa: E402 - benchmarks/ingest.py
from tidings.store import queries as Q  # noqa: E402
from tidings.store.db import connect  # noqa: E402

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--events-per-article", type=int, default=10)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--backends", default="sqlite,postgresql")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tidings-qbench-"))
    results: dict[str, dict[str, list[float]]] = {}
    try:
        with gen.pg_cluster() as pg:
            backends = [b for b in args.backends.split(",") if b == "sqlite" or pg]
            print("building the database (storage-only generator) ...")
            paragraphs = gen.analyzed_paragraphs()
            arts = list(gen.synthetic_articles(args.articles, paragraphs,
                                               events_per_article=args.events_per_article))  # fmt: skip
            for backend in backends:
                url = gen.new_database(backend, pg, tmp, f"query_{backend}")
                secs = gen.store_only(url, arts)
                engine = connect(url)
                with engine.connect() as c:
                    from sqlalchemy import func, select

                    from tidings.store.tables import events

                    n_events = c.execute(select(func.count()).select_from(events)).scalar_one()
                if backend == "postgresql":
                    with engine.begin() as c:
                        c.exec_driver_sql("ANALYZE")
                engine.dispose()
                print(f"{backend}: {len(arts)} articles, {n_events} events stored in {secs:.0f} s")
                results[backend] = measure(url, args.runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    names = list(next(iter(results.values())))
    head = (
        "| query                          |"
        + "".join(f" {b} p50 | {b} p95 |" for b in results)
        + (" pg/sqlite p50 |" if len(results) > 1 else "")
    )
    print("\n" + head)
    print("|" + "|".join("-" * (len(c) + 0) for c in head.split("|")[1:-1]) + "|")
    for name in names:
        cells = []
        for b in results:
            cells += [f"{pct(results[b][name], 50):.1f}", f"{pct(results[b][name], 95):.1f}"]
        line = f"| {name:<30} |" + "".join(f" {c:>{len(b) + 4}} |" for c, b in
                                            zip(cells, [b for b in results for _ in (0, 1)],
                                                strict=True))  # fmt: skip
        if len(results) > 1:
            ratio = pct(results["postgresql"][name], 50) / pct(results["sqlite"][name], 50)
            line += f" {ratio:>13.2f} |"
        print(line)
    print(f"\n(times in ms, {args.runs} runs each after one warm-up; parameters vary per run)")


if __name__ == "__main__":
    main()
