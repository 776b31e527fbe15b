"""Web UI server time on a large database: every page, median and p95, against a baseline.

Builds (once, then reuses) a SQLite database of about ``--events`` events by recombining the
real corpus articles of ``../shared`` as understood by the real pipeline, with synthetic events
(``tools/devdata.py``: ``rule="synthetic:devdata"``): the real coder gives a few events
per article, far too few to reach 100k from the shared corpus. Then requests each page in-process through the ASGI app (no network) and prints
milliseconds and the ratio to a baseline request run in the same process (a static file), so
numbers compare across machines. Goal: every page under 300 ms server time.

    PYTHONPATH=src python benchmarks/web.py [--events 100000] [--db out/web-bench.db]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOAL_MS = 300.0
sys.path.insert(0, str(ROOT / "tools"))


def build(db: Path, n_events: int) -> None:
    """Ingest the shared corpus and synthetic copies of it until ``n_events`` events."""
    from devdata import load_codes, recombine  # tools/devdata.py
    from sqlalchemy import func, select

    from tidings.pipeline import run
    from tidings.schema import Article
    from tidings.store.db import connect
    from tidings.store.rows import article_rows
    from tidings.store.tables import events
    from tidings.store.writer import write_rows

    engine = connect(db)
    with engine.connect() as conn:
        have = conn.execute(select(func.count()).select_from(events)).scalar_one()
    if have >= n_events:
        print(f"reusing {db} ({have:,} events)")
        return
    db.unlink(missing_ok=True)
    engine = connect(db)
    t0 = time.perf_counter()
    real = []
    for rec in run([SHARED / "corpus" / "articles", SHARED / "reference"]):
        if isinstance(rec, Article):
            real.append(rec)
        else:
            print(f"skipped {rec}", file=sys.stderr)
    codes = load_codes(SHARED / "ontology" / "cameo_event_codes_full.csv")
    copies = recombine(real, codes, target_events=n_events)
    with engine.begin() as conn:
        for art in [*real, *copies]:
            write_rows(conn, article_rows(art, ingested_at="2024-01-01T00:00:00"))
    with engine.connect() as conn:
        have = conn.execute(select(func.count()).select_from(events)).scalar_one()
    print(
        f"built {db}: {len(real)} real + {len(copies):,} synthetic articles, {have:,} events "
        f"in {time.perf_counter() - t0:.0f} s"
    )


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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=ROOT / "out" / "web-bench.db")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    if not (SHARED / "corpus" / "articles").is_dir():
        print(f"../shared not found at {SHARED}: the benchmark needs its corpus", file=sys.stderr)
        return 2
    args.db.parent.mkdir(parents=True, exist_ok=True)
    build(args.db, args.events)

    from fastapi.testclient import TestClient

    from tidings.store.db import connect
    from tidings.web import create_app

    engine = connect(args.db)
    client = TestClient(create_app(args.db))
    urls = pick_urls(engine)

    def timed(url: str) -> tuple[list[float], list[float]]:
        """Wall time per request in this process, and the app's own Server-Timing."""
        client.get(url)  # warm caches once
        wall, server = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            resp = client.get(url)
            wall.append((time.perf_counter() - t0) * 1000)
            if resp.status_code != 200:
                raise SystemExit(f"{url}: HTTP {resp.status_code}")
            server.append(float(resp.headers["server-timing"].split("dur=")[1]))
        return sorted(wall), sorted(server)

    def p95(xs: list[float]) -> float:
        return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]

    base = statistics.median(timed("/static/css/tidings.css")[0])
    print(f"\nbaseline (static file) median {base:.2f} ms wall; {args.repeat} runs per page\n")
    print(
        f"{'page':<22} {'server med':>10} {'server p95':>10} {'wall med':>9} {'x base':>7}"
        f"  <{GOAL_MS:.0f}ms  url"
    )
    worst = 0.0
    for name, url in urls.items():
        wall, server = timed(url)
        med = statistics.median(wall)
        worst = max(worst, p95(server))
        ok = "yes" if p95(server) < GOAL_MS else "NO"
        print(
            f"{name:<22} {statistics.median(server):>10.1f} {p95(server):>10.1f} {med:>9.1f}"
            f" {med / base:>7.1f}  {ok:<6} {url[:60]}"
        )
    print(f"\nworst server p95 {worst:.1f} ms (goal < {GOAL_MS:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
