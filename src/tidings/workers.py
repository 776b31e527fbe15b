"""Analysis worker processes: how many, how they start, and an ordered map over them.

spaCy and the rules hold the GIL, so using every core means processes. Each worker is spawned
(never forked from a process that may hold locks or a loaded model), loads the model and the
knowledge base once in its initializer, and dies with its parent (even after ``kill -9``).
:func:`ordered_map` keeps ``2 * workers`` tasks in flight and yields results in input order;
``tidings analyze`` (:func:`tidings.pipeline.process`) and ``tidings ingest``
(:mod:`tidings.ingest`) both run their batches through it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any


def cpu_count() -> int:
    """The cores this process may run on (its affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def resolve(workers: int | None) -> int:
    """The number of analysis processes: ``workers`` if given, else ``TIDINGS_WORKERS``;
    0 means one per core."""
    from tidings.settings import get_settings

    n = get_settings().workers if workers is None else workers
    return cpu_count() if n == 0 else max(1, n)


def die_with_parent(parent: int) -> None:
    """Runs first in each worker process: when the parent dies (even by ``kill -9``), its
    workers die too instead of running on as orphans. Linux: the kernel sends SIGKILL on the
    parent's death (``PR_SET_PDEATHSIG``); elsewhere a watchdog thread notices."""
    armed = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Fallback for :func:`die_with_parent`: exit once the parent is gone."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


_READY: Any = None  # this worker's start barrier, when a benchmark passed one


def _start_worker(parent: int, ready: Any = None) -> None:  # noqa: ANN401 - a Barrier
    """Worker initializer: die with the parent, load the model and the KB once, then (for a
    benchmark that must not time the start-up) wait at ``ready`` until every worker is up."""
    global _READY
    _READY = ready
    die_with_parent(parent)
    from tidings import kb
    from tidings.understand.nlp import load

    load()
    kb.warm()
    if ready is not None:
        ready.wait()


def peak_rss_mib() -> float:
    """This process's peak resident memory in MiB (``VmHWM``: unlike ``ru_maxrss`` it does not
    count the parent's memory that a spawned child had before ``exec``). In a worker started
    with a ``ready`` barrier, waits there first, so that ``workers`` such tasks, submitted
    together with the caller's own wait, land one on each worker."""
    if _READY is not None:
        _READY.wait()
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds() -> tuple[int, float]:
    """(pid, CPU seconds this process used so far): what a benchmark adds up per process to
    see where 2 workers' time goes (the parent's share, a worker's contention). Waits at the
    ``ready`` barrier first, as :func:`peak_rss_mib` does."""
    if _READY is not None:
        _READY.wait()
    return os.getpid(), time.process_time()


def pool(workers: int, *, ready: Any = None) -> ProcessPoolExecutor:  # noqa: ANN401
    """A pool of ``workers`` spawned analysis processes (model and KB loaded in each)."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_start_worker,
        initargs=(os.getpid(), ready),
    )


def ordered_map(
    executor: ProcessPoolExecutor,
    fn: Callable[..., Any],
    items: Iterable[Any],
    workers: int,
    *args: Any,  # noqa: ANN401
) -> Iterator[Any]:
    """``fn(item, *args)`` for each item in the pool, yielded in input order; at most
    ``2 * workers`` items are taken from ``items`` ahead of the result being yielded."""
    pending: deque[Future] = deque()
    it = iter(items)
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * workers:
                item = next(it, None)
                if item is None:
                    exhausted = True
                else:
                    pending.append(executor.submit(fn, item, *args))
            if not pending:
                return
            yield pending.popleft().result()
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise


__all__ = [
    "cpu_count",
    "cpu_seconds",
    "die_with_parent",
    "ordered_map",
    "peak_rss_mib",
    "pool",
    "resolve",
]
