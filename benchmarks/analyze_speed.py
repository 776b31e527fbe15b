"""Articles/s, peak memory and the share of time per stage of analysis on N articles.

The articles are recombined paragraphs of ``../shared/corpus/articles`` (fixed seed), written
as text files and read back through ``tidings.read`` so the read stage is measured too. The
baseline, run in the same process on the same texts, is spaCy's ``nlp.pipe`` alone (the model as
its package loads it, every component): the throughput ratio pipeline / spaCy alone is the figure that
travels between machines (issue #15's goal: >= 1.5). Then the same articles go through
``--workers`` processes (as ``tidings analyze`` runs them, started before the clock) and the
scaling over one process is printed (goal >= 1.8x on 2 cores), with each worker's peak RSS.
On a shared machine, repeat the run and quote the load average printed beside the figures.

    python benchmarks/analyze_speed.py [--n 1000] [--model NAME] [--batch-size 32] [--workers 2]
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def make_corpus(n: int, dest: Path, seed: int = 0) -> None:
    """N article files of 4-12 paragraphs drawn from the corpus (quotes included)."""
    paras: list[str] = []
    for f in sorted((SHARED / "corpus" / "articles").glob("*.txt")):
        paras += [p for p in f.read_text("utf-8").splitlines()[2:] if len(p.split()) > 5]
    rng = random.Random(seed)
    for i in range(n):
        body = rng.sample(paras, rng.randint(4, 12))
        (dest / f"a{i:05d}.txt").write_text(
            f"Article {i}\n2020-01-01\n\n" + "\n\n".join(body) + "\n", "utf-8"
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--model", default=None)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument(
        "--workers", type=int, default=2, help="also time this many worker processes (1: skip)"
    )
    ap.add_argument(
        "--compare-models",
        default=None,
        help="comma-separated spaCy packages: time nlp.pipe alone for each on the same texts "
        "in this process and print ratios to the first (model choice)",
    )
    args = ap.parse_args()
    if not (SHARED / "README.md").exists():
        sys.exit(f"benchmarks/analyze_speed.py: ../shared not found at {SHARED}")
    if args.model:
        os.environ["TIDINGS_MODEL"] = args.model
    from tidings.read import read_paths
    from tidings.understand.driver import TIMINGS
    from tidings.understand.nlp import load

    load0 = os.getloadavg()[0]

    t0 = time.perf_counter()
    load()  # the pipeline's model (ours: paragraph starts, the memoised attribute ruler)
    t_load = time.perf_counter() - t0
    nlp = stock_model()
    with tempfile.TemporaryDirectory() as tmp:
        make_corpus(args.n, Path(tmp))
        t0 = time.perf_counter()
        articles = [a for a in read_paths([tmp]) if hasattr(a, "text")]
        t_read = time.perf_counter() - t0
    words = sum(len(a.text.split()) for a in articles)
    texts = [a.text for a in articles]

    if args.compare_models:
        base = None
        for name in args.compare_models.split(","):
            m = load(name)
            m(texts[0])  # warm up
            t0 = time.perf_counter()
            for _ in m.pipe(texts, batch_size=args.batch_size):
                pass
            dt = time.perf_counter() - t0
            base = base or dt
            print(f"{name:<26} {len(texts) / dt:6.1f} articles/s  time ratio {dt / base:.2f}")
        return 0

    # Warm-up, untimed: spaCy's caches (vocabulary, tokenizer, lemmatizer) fill on a first pass
    # over the texts, so whichever run came first would be slower; our lazy tables too.
    for _ in nlp.pipe(texts, batch_size=args.batch_size):
        pass
    warm_batch = articles[: args.batch_size]
    c0 = time.process_time()
    in_process(copy.deepcopy(warm_batch), args.batch_size)
    c_cold = time.process_time() - c0
    c0 = time.process_time()
    in_process(copy.deepcopy(warm_batch), args.batch_size)
    c_warm = time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=args.batch_size):
        pass
    t_base, c_base = time.perf_counter() - t0, time.process_time() - c0

    c0 = time.process_time()
    one = in_process(articles, args.batch_size)
    t_total, c_total = one["seconds"], time.process_time() - c0
    n = len(articles)
    stages = {
        "read": t_read,
        "spacy": TIMINGS["spacy"],
        "resolution": TIMINGS["resolution"],
        "quotes": TIMINGS["quotes"],
        "events": one["events_s"],
    }
    whole = t_read + t_total
    print(
        f"model {os.environ.get('TIDINGS_MODEL') or 'default'}, {n} articles, {words} words, "
        f"batch {args.batch_size}, model load {t_load:.1f} s, cpus {os.cpu_count()}, "
        f"load average {load0:.1f} at start"
    )
    print(f"{'stage':<11} {'seconds':>8} {'share':>6}")
    for k, v in stages.items():
        print(f"{k:<11} {v:>8.1f} {v / whole:>6.1%}")
    other = whole - sum(stages.values())
    print(f"{'other':<11} {other:>8.1f} {other / whole:>6.1%}")
    print(
        f"analyze (read+understand+events): {n / whole:.1f} articles/s, "
        f"{words / whole:.0f} words/s; understand+events {n / t_total:.1f} articles/s"
    )
    print(
        f"baseline spaCy nlp.pipe alone, same texts: {n / t_base:.1f} articles/s; "
        f"pipeline / spaCy alone throughput ratio {t_base / t_total:.2f} (goal >= 1.5)"
    )
    print(
        f"the same ratio in CPU seconds of this process (steadier on a shared machine): "
        f"{c_base / c_total:.2f} (spaCy alone {c_base:.1f} s, pipeline {c_total:.1f} s)"
    )
    from tidings.workers import peak_rss_mib

    peak = peak_rss_mib()
    print(
        f"peak RSS {peak:.0f} MiB (this process: both models, all Docs); {one['entities'] / n:.1f} entities, "
        f"{one['quotes'] / n:.1f} quotes and {one['events'] / n:.1f} events per article"
    )
    print(
        f"warm-up, once per process: the first batch of {len(warm_batch)} articles took "
        f"{c_cold:.1f} CPU s, the same batch again {c_warm:.1f} s ({c_cold - c_warm:.1f} s of "
        "lazy imports, tables and spaCy's caches; the workers below pay it before the clock too)"
    )
    if args.workers > 1:
        t_par, rss, cpu = in_workers(articles, args.batch_size, args.workers, warm_batch)
        print(
            f"{args.workers} worker processes (started and loaded before timing): "
            f"{n / t_par:.1f} articles/s = {t_total / t_par:.2f}x one process "
            f"(goal >= 1.8x on 2 cores); peak RSS per worker {rss:.0f} MiB; "
            f"load average {os.getloadavg()[0]:.1f} at end"
        )
        busy = sum(cpu["workers"])
        print(
            f"CPU seconds of that run: workers {' + '.join(f'{w:.1f}' for w in cpu['workers'])} "
            f"= {busy:.1f} ({busy / c_total:.2f}x the one process's {c_total:.1f}; above 1: "
            f"contention for caches or cores), parent {cpu['parent']:.1f} "
            f"({cpu['parent'] / (busy + cpu['parent']):.1%} of all, on the same cores); "
            f"one process's CPU / the busiest worker's = {c_total / max(cpu['workers']):.2f}x "
            f"(the scaling on {args.workers} free cores, load aside); each worker's warm-up "
            f"before the clock: {' + '.join(f'{w:.1f}' for w in cpu['warm_up'])} CPU s"
        )
    return 0


def stock_model():  # noqa: ANN201 - spacy.Language
    """The model exactly as its package loads it: the baseline ("spaCy alone")."""
    import importlib

    from tidings.settings import get_settings

    return importlib.import_module(get_settings().model).load()


def in_process(articles: list, batch_size: int) -> dict:
    """The pipeline (understand + events) in this process, with its stage timings."""
    from tidings import kb
    from tidings.events import code_events
    from tidings.understand import understand_many
    from tidings.understand.driver import TIMINGS

    kb.warm()
    TIMINGS.clear()
    out = {"events_s": 0.0, "entities": 0, "quotes": 0, "events": 0}
    t0 = time.perf_counter()
    for art, doc in understand_many(articles, batch_size=batch_size, with_docs=True):
        t1 = time.perf_counter()
        art.events = code_events(art, doc)
        out["events_s"] += time.perf_counter() - t1
        out["entities"] += len(art.entities)
        out["quotes"] += len(art.quotes)
        out["events"] += len(art.events)
    out["seconds"] = time.perf_counter() - t0
    return out


def in_workers(
    articles: list, batch_size: int, workers: int, warm_batch: list
) -> tuple[float, float, dict]:
    """(seconds, peak RSS MiB of the largest worker, CPU seconds of the run per process) for
    the pipeline in ``workers`` processes, as ``tidings analyze`` runs it; the workers are
    started, have loaded the model and the KB and have analysed ``warm_batch`` (as the one
    process did) before the clock starts: a long run pays that once per process, and without
    it 200 articles charged the workers twice what one process had paid untimed. CPU:
    ``parent`` (sending articles, receiving results) and each worker."""
    from multiprocessing import get_context

    from tidings.pipeline import analyze_chunk
    from tidings.workers import cpu_seconds, ordered_map, peak_rss_mib, pool

    ready = get_context("spawn").Barrier(workers + 1)
    chunks = [articles[i : i + batch_size] for i in range(0, len(articles), batch_size)]

    def each_worker(fn):  # noqa: ANN001, ANN202 - one call on every worker, at the barrier
        futures = [executor.submit(fn) for _ in range(workers)]
        ready.wait()
        return [f.result() for f in futures]

    with pool(workers, ready=ready) as executor:
        starters = [executor.submit(len, []) for _ in range(workers)]  # spawns every worker
        ready.wait()
        for f in starters:
            f.result()
        warm = partial(warm_up, warm_batch, batch_size)
        warm_cpu = each_worker(warm)
        before = dict(each_worker(cpu_seconds))
        t0, c0 = time.perf_counter(), time.process_time()
        done = [
            a
            for chunk in ordered_map(executor, analyze_chunk, chunks, workers, batch_size, True)
            for a in chunk
        ]
        seconds, parent = time.perf_counter() - t0, time.process_time() - c0
        after = dict(each_worker(cpu_seconds))
        rss = max(each_worker(peak_rss_mib))
    assert [a.source for a in done] == [a.source for a in articles]
    cpu = {"parent": parent, "workers": [after[p] - before[p] for p in sorted(after)]}
    cpu["warm_up"] = [c for _, c in sorted(warm_cpu)]
    return seconds, rss, cpu


def warm_up(batch: list, batch_size: int) -> tuple[int, float]:
    """In a worker, at the start barrier (one such task per worker): analyse ``batch``;
    (pid, CPU seconds it took)."""
    from tidings.pipeline import analyze_chunk
    from tidings.workers import cpu_seconds

    pid, c0 = cpu_seconds()
    analyze_chunk(batch, batch_size, True)
    return pid, time.process_time() - c0


if __name__ == "__main__":
    raise SystemExit(main())
