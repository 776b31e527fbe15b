"""Large benchmark databases, built fast and kept for reuse (benchmarks/query.py, web.py).

Articles come from the storage-only generator of benchmarks/ingest.py (real corpus paragraphs
with the entity mentions the real pipeline found in them, synthetic events, about half of
them with an actor the article names) and are bulk-loaded through the store's writer
(``tidings.store.writer.load_new_articles``: the ingest's inserts, entities settled once at the
end), so a million events take minutes, not hours. With ``keep`` (a folder) the SQLite file
stays there, and a PostgreSQL database stays on the server given by URL; a later run with the
same size reuses them (opened with ``connect``, so an older schema is migrated first, and the
time that takes is printed).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Engine

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ingest as gen  # noqa: E402 - benchmarks/ingest.py

BATCH = 500  # articles per transaction
COPIES = 20  # a large database is this many copies of a generated one (see _replicate)


def _name(n_articles: int, per_article: int) -> str:
    return f"tidings_bench_{n_articles}_{per_article}"


def _rows(job: tuple[int, int, int, list]) -> list[dict]:
    """The rows of one batch of synthetic articles (in a worker process)."""
    from tidings.store.rows import article_rows

    first, n, per_article, paragraphs = job
    arts = gen.synthetic_articles(n, paragraphs, events_per_article=per_article,
                                  seed=7 + first, first=first)  # fmt: skip
    return [article_rows(a, ingested_at="2025-01-01T00:00:00") for a in arts]


def _batches(n_articles: int, per_article: int) -> Iterator[list[dict]]:
    """Batches of article rows, made by two worker processes while the caller writes."""
    paragraphs = gen.analyzed_paragraphs()
    jobs = [(first, min(BATCH, n_articles - first), per_article, paragraphs)
            for first in range(0, n_articles, BATCH)]  # fmt: skip
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        yield from pool.imap(_rows, jobs)


def _replicate(engine: Engine, base: int, copies: int) -> None:
    """``copies - 1`` copies of the ``base`` articles and everything they contributed, made in
    SQL: ids get a ``~k`` suffix; the entities are the same (actors recur in the news); texts,
    dates and events are those of the originals."""
    from sqlalchemy import func, insert, select

    from tidings.store.tables import (
        article_entities,
        articles,
        event_actors,
        event_sources,
        events,
        mentions,
        quotes,
    )  # fmt: skip

    def suffixed(table, k: int, renamed: dict[str, Callable]) -> None:  # noqa: ANN001
        cols = list(table.c)
        exprs = [renamed[c.name](c, k) if c.name in renamed else c for c in cols]
        first = {
            "articles": "id",
            "events": "id",
            "event_actors": "event_id",
            "quotes": "article_id",
        }
        key = table.c[first.get(table.name, "article_id")]
        stmt = select(*exprs).where(~key.contains("~"))
        conn.execute(insert(table).from_select([c.name for c in cols], stmt))

    def tag(c, k: int):  # noqa: ANN001, ANN202
        return c.concat(f"~{k}")

    with engine.begin() as conn:
        seq = conn.execute(select(func.max(articles.c.seq))).scalar_one() or 0
        qseq = conn.execute(select(func.max(quotes.c.seq))).scalar_one() or 0
    for k in range(1, copies):
        with engine.begin() as conn:
            suffixed(articles, k, {"id": tag, "seq": lambda c, k: c + k * seq,
                                   "source": lambda c, k: c.concat(f"#{k}")})  # fmt: skip
            for table in (article_entities, mentions):
                suffixed(table, k, {"article_id": tag})
            suffixed(quotes, k, {"article_id": tag, "seq": lambda c, k: c + k * qseq})
            suffixed(events, k, {"id": tag})
            suffixed(event_actors, k, {"event_id": tag})
            suffixed(event_sources, k, {"event_id": tag, "article_id": tag})


@contextlib.contextmanager
def _indexes_later(engine: Engine) -> Iterator[None]:
    """The secondary indexes of the event and mention tables dropped during the load and
    built afterwards (as a bulk load does: one sort instead of a million random inserts);
    the summary tables rebuilt once at the end instead of kept by triggers row by row."""
    from tidings.store.tables import event_actors, event_sources, events, mentions

    try:
        from tidings.store import summary
    except ImportError:  # a tidings without summary tables (measuring the code before them)
        summary = None

    later = [ix for t in (events, event_actors, event_sources, mentions) for ix in t.indexes]
    dialect = engine.dialect.name
    with engine.begin() as c:
        for ix in later:
            ix.drop(c)
        for stmt in summary.drop_triggers(dialect) if summary else []:
            c.exec_driver_sql(stmt)
    try:
        yield
    finally:
        with engine.begin() as c:
            for ix in later:
                ix.create(c)
            if summary:
                summary.rebuild(c)
                summary.rebuild_entity_counts(c)
                for stmt in summary.triggers(dialect):
                    c.exec_driver_sql(stmt)


def _count(url: str, table: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return int(c.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
    except Exception:  # noqa: BLE001 - an absent or half-built database: rebuild it
        return -1
    finally:
        engine.dispose()


def _pg_exists(base: str, name: str) -> bool:
    from sqlalchemy import create_engine, text

    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        found = c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        ok = found.first() is not None
    admin.dispose()
    return ok


def database(
    backend: str, n_articles: int, per_article: int, *, folder: Path, pg_base: str | None,
    reuse: bool,
) -> str:  # fmt: skip
    """URL of a database with ``n_articles`` x ``per_article`` synthetic events (built or
    reused), at the current schema, analysed (PostgreSQL statistics)."""
    from tidings.store.db import connect
    from tidings.store.writer import load_new_articles

    name = _name(n_articles, per_article)
    if backend == "sqlite":
        url = f"sqlite:///{folder / (name + '.db')}"
        present = (folder / (name + ".db")).exists()
    else:
        url = f"{pg_base}/{name}"
        present = _pg_exists(pg_base, name)
    if reuse and present and _count(url, "articles") == n_articles:
        t0 = time.perf_counter()
        connect(url).dispose()  # migrates an older schema
        print(f"{backend}: reusing {name} (opened/migrated in {time.perf_counter() - t0:.1f} s)")
    else:
        if backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{folder / name}.db{suffix}").unlink(missing_ok=True)
        else:
            gen.new_database(backend, pg_base, folder, name)
        t0 = time.perf_counter()
        engine = connect(url)
        copies = COPIES if n_articles % COPIES == 0 and n_articles >= 100 * COPIES else 1
        with _indexes_later(engine):
            load_new_articles(engine, _batches(n_articles // copies, per_article))
            _replicate(engine, n_articles // copies, copies)
        engine.dispose()
        print(f"{backend}: built {name} in {time.perf_counter() - t0:.0f} s")
    engine = connect(url)
    with engine.begin() as c:
        c.exec_driver_sql("ANALYZE")
    engine.dispose()
    return url


def machine() -> str:
    """The machine the figures were measured on, in one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = float("nan")
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem:.0f} GiB RAM, load average {load} (shared machine); "
        f"python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}"
    )


def pg_version(url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as c:
        version = c.execute(text("SHOW server_version")).scalar_one()
        buffers = c.execute(text("SHOW shared_buffers")).scalar_one()
    engine.dispose()
    return f"PostgreSQL {version} (shared_buffers {buffers})"
