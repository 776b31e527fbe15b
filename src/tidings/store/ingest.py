"""Ingest: read -> analyze -> store, idempotent, resumable, with worker processes.

The main process reads (cheap) and skips articles already stored *before* analysing them, so a
re-run after Ctrl-C or ``kill -9`` only does the work that was not committed. Analysis (spaCy,
the event coder: neither is thread-safe) runs in ``workers`` processes; the main process is the
only writer and commits once per batch, so a batch is stored completely or not at all.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from tidings.schema import Article, ReadError
from tidings.store.rows import article_rows
from tidings.store.tables import articles as articles_table
from tidings.store.writer import store_articles

Rows = dict[str, list[dict[str, Any]]]


@dataclass
class IngestSummary:
    """What an ingest did; ``failed`` keeps (source, reason) for every failure."""

    read: int = 0
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def rate(self) -> float:
        """Articles read per second."""
        return self.read / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "stored": self.stored,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "failed": len(self.failed),
            "seconds": round(self.seconds, 3),
            "articles_per_s": round(self.rate, 2),
            "interrupted": self.interrupted,
        }


def analyze_batch(batch: list[Article], events: bool = True) -> list[Rows | ReadError]:
    """Understand + code a batch and turn it into rows (runs in a worker process).

    If the batch fails, each article is retried alone so one bad article costs only itself.
    """
    from tidings.pipeline import process

    try:
        return [article_rows(a) for a in process(batch, batch_size=len(batch), events=events)]
    except Exception:  # noqa: BLE001 - isolate the article that broke the batch
        if len(batch) == 1:
            raise
    out: list[Rows | ReadError] = []
    for art in batch:
        try:
            out.extend(analyze_batch([art], events))
        except Exception as exc:  # noqa: BLE001 - reported, the batch goes on
            out.append(ReadError(source=art.source, reason=f"analysis failed: {exc!r}"))
    return out


def _batches(records: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def ingest(
    paths: Iterable[str | Path],
    engine: Engine,
    *,
    workers: int = 1,
    batch_size: int = 32,
    force: bool = False,
    events: bool = True,
    analyze: bool = True,
    records: Iterable[Article | ReadError] | None = None,
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Read ``paths`` (or take ready ``records``), analyze what is new, store it per batch.

    ``analyze=False`` stores ``records`` as they are (already analyzed, e.g. by Spark).
    """
    from tidings.read import read_paths

    summary = IngestSummary()
    start = time.perf_counter()
    source = records if records is not None else read_paths(paths)
    seen: set[str] = set()

    def prepared() -> Iterator[list[Article]]:
        """Batches of articles still to analyze; skips and failures are counted here."""
        for chunk in _batches(source, batch_size):
            arts = []
            for rec in chunk:
                summary.read += isinstance(rec, Article)
                if isinstance(rec, ReadError):
                    summary.failed.append((rec.source, rec.reason))
                else:
                    arts.append(rec)
            known: dict[str, str] = {}
            if arts and not force:
                ids = [a.id for a in arts]
                with engine.connect() as conn:
                    known = dict(
                        conn.execute(
                            select(articles_table.c.id, articles_table.c.source).where(
                                articles_table.c.id.in_(ids)
                            )
                        ).all()
                    )
            todo = []
            for art in arts:
                if art.id in known:
                    if known[art.id] == art.source:
                        summary.unchanged += 1
                    else:
                        summary.duplicates += 1
                elif art.id in seen and not force:
                    summary.duplicates += 1
                else:
                    seen.add(art.id)
                    todo.append(art)
            yield todo

    def write(results: list[Rows | ReadError]) -> None:
        rows = []
        for res in results:
            if isinstance(res, ReadError):
                summary.failed.append((res.source, res.reason))
            else:
                rows.append(res)
        with engine.begin() as conn:  # one transaction per batch
            counts = Counter(store_articles(conn, rows, force=force))
        summary.stored += counts["stored"]
        summary.updated += counts["updated"]
        summary.unchanged += counts["unchanged"]
        summary.duplicates += counts["duplicate"]

    def tick() -> None:
        summary.seconds = time.perf_counter() - start
        if on_batch:
            on_batch(summary)

    try:
        if workers <= 1 or not analyze:
            for todo in prepared():
                if not analyze:
                    write([article_rows(a) for a in todo])
                else:
                    write(analyze_batch(todo, events) if todo else [])
                tick()
        else:
            _parallel(prepared(), write, tick, workers, events)
    except KeyboardInterrupt:
        summary.interrupted = True
    except BrokenProcessPool as exc:  # a worker was killed (OOM, signal): keep what is committed
        summary.failed.append(("(worker process)", f"died: {exc}; run again to resume"))
        summary.interrupted = True
    summary.seconds = time.perf_counter() - start
    return summary


def _parallel(
    batches: Iterator[list[Article]],
    write: Callable[[list[Rows | ReadError]], None],
    tick: Callable[[], None],
    workers: int,
    events: bool,
) -> None:
    """Keep ``2 * workers`` batches in flight; write results in input order (one writer)."""
    pending: deque[Future] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        try:
            exhausted = False
            while True:
                while not exhausted and len(pending) < 2 * workers:
                    todo = next(batches, None)
                    if todo is None:
                        exhausted = True
                    elif todo:
                        pending.append(pool.submit(analyze_batch, todo, events))
                    else:
                        tick()
                if not pending:
                    break
                write(pending.popleft().result())
                tick()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
