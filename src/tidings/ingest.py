"""Ingest: read -> analyse -> store, idempotent, resumable, with worker processes.

The orchestration beside :mod:`tidings.pipeline`: ``tidings ingest``, the API's analyze and
ingest routes and the Spark job all analyse through :func:`analyze_batch` (a failing batch is
retried article by article, so a bad article costs only itself) and store through
:func:`tidings.store.writer.store_articles`. :mod:`tidings.store` only writes rows and answers
queries; it never reads or analyses.

The main process reads (cheap) and skips articles already stored *before* analysing them, so a
re-run after Ctrl-C or ``kill -9`` only does the work that was not committed. Analysis (spaCy,
the event coder: neither is thread-safe, hence one lock per process) runs in ``workers``
processes; the main process is the only writer and commits once per batch, so a batch is stored
completely or not at all.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from tidings.schema import Article, ReadError
from tidings.store.rows import article_rows
from tidings.store.tables import articles as articles_table
from tidings.store.writer import Status, store_articles

Rows = dict[str, list[dict[str, Any]]]
# spaCy and the event coder are not thread-safe; the API serves requests from threads
_PIPELINE_LOCK = threading.Lock()


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


# ---------------------------------------------------------------- analysis


def _process(batch: list[Article], batch_size: int, events: bool) -> list[Article]:
    """:func:`tidings.pipeline.process` over a whole batch, one batch at a time per process."""
    from tidings.pipeline import process

    with _PIPELINE_LOCK:
        done = list(process(batch, batch_size=batch_size, events=events))
    if len(done) != len(batch):
        raise ValueError(f"process() returned {len(done)} articles for {len(batch)}")
    return done


def analyze_batch(
    batch: list[Article], *, batch_size: int | None = None, events: bool = True
) -> list[Article | ReadError]:
    """Understand and code a batch, in order. An article longer than the model takes is a
    ReadError at once; if the batch fails, each article is retried alone, so one bad article
    costs only itself (a ReadError "analysis failed: ...")."""
    from tidings.pipeline import too_long

    refused = {i: why for i, a in enumerate(batch) if (why := too_long(a))}
    if refused:
        fit = [a for i, a in enumerate(batch) if i not in refused]
        done = iter(analyze_batch(fit, batch_size=batch_size, events=events))
        return [
            ReadError(source=a.source, reason=refused[i]) if i in refused else next(done)
            for i, a in enumerate(batch)
        ]
    if not batch:
        return []
    try:
        return list(_process(batch, batch_size or len(batch), events))
    except Exception as exc:  # noqa: BLE001 - isolate the article that broke the batch
        if len(batch) == 1:
            reason = f"analysis failed: {type(exc).__name__}: {exc}"
            return [ReadError(source=batch[0].source, reason=reason)]
    return [res for art in batch for res in analyze_batch([art], batch_size=1, events=events)]


def analyze_one(article: Article, *, events: bool = True) -> Article:
    """Understand and code one article now (the API's analyze route); raises on failure."""
    return _process([article], 1, events)[0]


def ingest_one(article: Article, engine: Engine, *, force: bool = False) -> tuple[Article, Status]:
    """Analyse one article and store it under the ingest policy (the API's ingest route)."""
    done = analyze_one(article)
    with engine.begin() as conn:
        (status,) = store_articles(conn, [article_rows(done)], force=force)
    return done, status


def _analyze_rows(batch: list[Article], events: bool) -> list[Rows | ReadError]:
    """Analyse a batch and turn it into rows (runs in a worker process)."""
    return [
        res if isinstance(res, ReadError) else article_rows(res)
        for res in analyze_batch(batch, events=events)
    ]


# ---------------------------------------------------------------- read -> analyse -> store


def _batches(records: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


class _Run:
    """One ingest: picks what is new in each batch, writes results, keeps the summary."""

    def __init__(self, engine: Engine, force: bool, on_batch: Callable | None) -> None:
        self.engine, self.force, self.on_batch = engine, force, on_batch
        self.summary = IngestSummary()
        self.start = time.perf_counter()
        self.seen: set[str] = set()

    def _known(self, ids: list[str]) -> dict[str, str]:
        """id -> source of the articles among ``ids`` that are already stored."""
        if not ids or self.force:
            return {}
        with self.engine.connect() as conn:
            query = select(articles_table.c.id, articles_table.c.source)
            return dict(conn.execute(query.where(articles_table.c.id.in_(ids))).all())

    def todo(self, chunk: list[Article | ReadError]) -> list[Article]:
        """The articles of a batch still to analyse; skips and read failures counted here."""
        s = self.summary
        arts = [rec for rec in chunk if isinstance(rec, Article)]
        s.read += len(arts)
        s.failed += [(rec.source, rec.reason) for rec in chunk if isinstance(rec, ReadError)]
        known = self._known([a.id for a in arts])
        out = []
        for art in arts:
            if art.id in known:
                s.unchanged += known[art.id] == art.source
                s.duplicates += known[art.id] != art.source
            elif art.id in self.seen and not self.force:
                s.duplicates += 1
            else:
                self.seen.add(art.id)
                out.append(art)
        return out

    def write(self, results: list[Rows | ReadError]) -> None:
        """Store one batch's rows in one transaction."""
        s = self.summary
        s.failed += [(r.source, r.reason) for r in results if isinstance(r, ReadError)]
        rows = [r for r in results if not isinstance(r, ReadError)]
        with self.engine.begin() as conn:
            counts = Counter(store_articles(conn, rows, force=self.force))
        s.stored += counts["stored"]
        s.updated += counts["updated"]
        s.unchanged += counts["unchanged"]
        s.duplicates += counts["duplicate"]

    def tick(self) -> None:
        self.summary.seconds = time.perf_counter() - self.start
        if self.on_batch:
            self.on_batch(self.summary)


def ingest(
    paths: Iterable[str | Path],
    engine: Engine,
    *,
    workers: int | None = 1,
    batch_size: int = 32,
    force: bool = False,
    events: bool = True,
    analyze: bool = True,
    records: Iterable[Article | ReadError] | None = None,
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Read ``paths`` (or take ready ``records``), analyse what is new, store it per batch.

    ``analyze=False`` stores ``records`` as they are (already analysed). ``workers=None``:
    ``TIDINGS_WORKERS`` (default one per core); input of one batch is analysed in this process
    (starting workers would cost more than it saves).
    """
    from tidings.read import read_paths
    from tidings.workers import resolve

    paths = list(paths)
    run = _Run(engine, force, on_batch)
    source = records if records is not None else read_paths(paths)
    chunks: Iterator[list[Any]] = _batches(source, batch_size)
    workers = resolve(workers)
    try:
        # files: look ahead (reading never blocks) and keep one batch in this process; a
        # stream (stdin, records) may block, so it goes to the workers as it comes
        stream = records is not None or any(str(p) == "-" for p in paths)
        head = list(islice(chunks, 2)) if workers > 1 and analyze and not stream else []
        chunks = chain(head, chunks)
        if workers > 1 and analyze and (stream or len(head) > 1):
            _parallel(chunks, run, workers, events)
        else:
            for chunk in chunks:
                todo = run.todo(chunk)
                run.write(_analyze_rows(todo, events) if analyze else list(map(article_rows, todo)))
                run.tick()
    except KeyboardInterrupt:
        run.summary.interrupted = True
    except BrokenProcessPool as exc:  # a worker was killed (OOM, signal): keep what is committed
        run.summary.failed.append(("(worker process)", f"died: {exc}; run again to resume"))
        run.summary.interrupted = True
    run.summary.seconds = time.perf_counter() - run.start
    return run.summary


def _parallel(chunks: Iterator[list[Any]], run: _Run, workers: int, events: bool) -> None:
    """Analyse batches in ``workers`` processes; write results in input order (one writer).

    A reader thread reads the input (which may block: a pipe that a scraper fills) at most
    ``2 * workers`` batches ahead of the writer, so what is analysed is committed at once,
    never held back waiting for more input."""
    from tidings.workers import pool as worker_pool

    inbox: queue.Queue = queue.Queue()
    room = threading.Semaphore(2 * workers)  # batches read and not yet written
    stop = threading.Event()

    def read() -> None:
        try:
            for chunk in chunks:
                room.acquire()
                if stop.is_set():
                    return
                inbox.put(("chunk", chunk))
        except BaseException as exc:  # noqa: BLE001 - handed to the writer, raised there
            inbox.put(("error", exc))
            return
        inbox.put(("end", None))

    threading.Thread(target=read, name="ingest-reader", daemon=True).start()
    pending: deque[Future] = deque()
    exhausted = False
    with worker_pool(workers) as pool:
        try:
            while True:
                while pending and pending[0].done():
                    run.write(pending.popleft().result())
                    run.tick()
                    room.release()
                if exhausted and not pending:
                    return
                kind, item = inbox.get()
                if kind == "end":
                    exhausted = True
                elif kind == "error":
                    raise item
                elif kind == "chunk":
                    todo = run.todo(item)
                    if todo:
                        future = pool.submit(_analyze_rows, todo, events)
                        future.add_done_callback(lambda _: inbox.put(("done", None)))
                        pending.append(future)
                    else:
                        run.tick()
                        room.release()
        except BaseException:
            stop.set()
            room.release()  # a reader waiting for room ends
            pool.shutdown(wait=False, cancel_futures=True)
            raise


__all__ = ["IngestSummary", "analyze_batch", "analyze_one", "ingest", "ingest_one"]
