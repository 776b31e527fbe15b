"""Web UI server time on a 1M-event database: every page, p50 and p95, per back end.

The database is the one benchmarks/query.py measures (benchmarks/bigdb.py: 50,000 articles x
20 events by default, real corpus paragraphs and their entities, synthetic events), on SQLite
and on PostgreSQL (a throwaway cluster, or ``--pg-url``). Each page is requested in-process
through the ASGI app (no network); the times are the app's own ``Server-Timing``, and the
ratio to a static file in the same process lets numbers compare across machines. Goal: every
page's p95 under 100 ms. ``--keep DIR`` keeps the databases and reuses them.

    PYTHONPATH=src python benchmarks/web.py [--articles 50000] [--events-per-article 20]
        [--repeat 20] [--backends sqlite,postgresql] [--keep out/bench --pg-url URL]
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bigdb  # noqa: E402 - benchmarks/bigdb.py
import ingest as gen  # noqa: E402 - benchmarks/ingest.py

GOAL_MS = 100.0


def pick_urls(engine) -> dict[str, str]:  # noqa: ANN001 - sqlalchemy Engine
    """Representative URLs for every page type, chosen from the data (busiest actor/dyad)."""
    from sqlalchemy import desc, func, select

    from tidings.store import queries
    from tidings.store.tables import articles, event_sources, events

    with engine.connect() as conn:
        top = queries.top_actors(conn, limit=1, level="entity")[0]
        code = queries.top_actors(conn, limit=1, level="code")[0]
        dyad = queries.top_dyads(conn, limit=1)[0]
        edge = queries.network(conn, max_edges=1)["edges"][0]
        art = conn.execute(
            select(articles.c.id).order_by(desc(func.length(articles.c.text))).limit(1)
        ).scalar_one()
        busiest_art = conn.execute(
            select(event_sources.c.article_id)
            .group_by(event_sources.c.article_id)
            .order_by(desc(func.count()))
            .limit(1)
        ).scalar_one()
        etype = conn.execute(
            select(events.c.type).group_by(events.c.type).order_by(desc(func.count())).limit(1)
        ).scalar_one()
        week = queries.dyad(conn, dyad["a"], dyad["b"], by="week")[-1]["period"]
    return {
        "overview /": "/",
        "search words": "/search?q=foreign+minister",
        "search filters": f"/search?q=security&since=2020-01-01&until=2021-12-31&type={etype}",
        "search actor": f"/search?actor={top['id']}",
        "article (longest)": f"/articles/{art}",
        "article (most events)": f"/articles/{busiest_art}",
        "actor (busiest)": f"/actors/{top['id']}",
        "dyad (busiest)": f"/dyads/{dyad['a']}/{dyad['b']}",
        "dyad week events": f"/ui-data/dyads/{dyad['a']}/{dyad['b']}/events?week={week}",
        "network": "/network",
        "network filtered": f"/network?since=2021-01-01&until=2021-06-30&type={etype}",
        "network by entity": "/network?level=entity",
        "actor code (busiest)": f"/actors/{code['id']}",
        "dyad by code (busiest link)": f"/dyads/{edge['source']}/{edge['target']}?level=code",
    }


def p95(xs: list[float]) -> float:
    return statistics.quantiles(xs, n=100, method="inclusive")[94]


def measure(url: str, repeat: int) -> dict[str, tuple[list[float], float, str]]:
    """Page -> (server times, wall median / static-file median, url) on one database."""
    from fastapi.testclient import TestClient

    from tidings.store.db import connect
    from tidings.web import create_app

    engine = connect(url, readonly=True)
    client = TestClient(create_app(url))
    urls = pick_urls(engine)

    def timed(path: str) -> tuple[list[float], list[float]]:
        client.get(path)  # warm caches once
        wall, server = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            resp = client.get(path)
            wall.append((time.perf_counter() - t0) * 1000)
            if resp.status_code != 200:
                raise SystemExit(f"{path}: HTTP {resp.status_code}")
            server.append(float(resp.headers["server-timing"].split("dur=")[1]))
        return wall, server

    base = statistics.median(timed("/static/css/tidings.css")[0])
    out = {}
    for name, path in urls.items():
        wall, server = timed(path)
        out[name] = (server, statistics.median(wall) / base, path)
    engine.dispose()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=50000)
    ap.add_argument("--events-per-article", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--keep", type=Path, help="keep (and reuse) the databases in this folder")
    ap.add_argument("--pg-url", help="a PostgreSQL server (postgresql+psycopg://user@host:port)")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="tidings-wbench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    facts = [bigdb.machine()]
    try:
        with contextlib.nullcontext(args.pg_url) if args.pg_url else gen.pg_cluster() as pg:
            for backend in [b for b in args.backends.split(",") if b == "sqlite" or pg]:
                url = bigdb.database(backend, args.articles, args.events_per_article,
                                     folder=folder, pg_base=pg, reuse=args.keep is not None)  # fmt: skip
                if backend == "postgresql":
                    facts.append(bigdb.pg_version(url))
                results[backend] = measure(url, args.repeat)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    worst = {}
    for backend, pages in results.items():
        print(f"\n{backend} ({args.repeat} requests per page after one warm-up; server ms)")
        print(f"{'page':<28} {'p50':>7} {'p95':>7} {'x static':>8}  <{GOAL_MS:.0f}ms  url")
        worst[backend] = 0.0
        for name, (server, ratio, path) in pages.items():
            q95 = p95(server)
            worst[backend] = max(worst[backend], q95)
            ok = "yes" if q95 < GOAL_MS else "NO"
            print(f"{name:<28} {statistics.median(server):>7.1f} {q95:>7.1f} {ratio:>8.1f}  "
                  f"{ok:<6} {path[:60]}")  # fmt: skip
    print()
    for backend, w in worst.items():
        print(f"{backend}: worst page p95 {w:.1f} ms -> "
              f"{'meets' if w < GOAL_MS else 'MISSES'} the goal (< {GOAL_MS:.0f} ms)")  # fmt: skip
    print("machine: " + "; ".join(facts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
