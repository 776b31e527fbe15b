"""Articles/s, peak memory and the share of time per stage of analysis on N articles.

The articles are recombined paragraphs of ``../shared/corpus/articles`` (fixed seed), written
as text files and read back through ``tidings.read`` so the read stage is measured too. The
baseline, run in the same process on the same texts, is spaCy's ``nlp.pipe`` alone: the ratio
says what our rules cost on top of the model.

    python benchmarks/analyze_speed.py [--n 1000] [--model NAME] [--batch-size 32]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
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
    from tidings.understand import understand_many
    from tidings.understand.driver import TIMINGS
    from tidings.understand.nlp import load

    t0 = time.perf_counter()
    nlp = load()
    t_load = time.perf_counter() - t0
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

    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=args.batch_size):
        pass
    t_base = time.perf_counter() - t0

    try:
        from tidings.events import code_events
    except ImportError:  # the coder is another stage; measure without it if absent
        code_events = None
    TIMINGS.clear()
    t_events = 0.0
    n_ent = n_quotes = 0
    t0 = time.perf_counter()
    for art, doc in understand_many(articles, batch_size=args.batch_size, with_docs=True):
        n_ent += len(art.entities)
        n_quotes += len(art.quotes)
        if code_events is not None:
            t1 = time.perf_counter()
            art.events = code_events(art, doc)
            t_events += time.perf_counter() - t1
    t_total = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    n = len(articles)
    stages = {
        "read": t_read,
        "spacy": TIMINGS["spacy"],
        "resolution": TIMINGS["resolution"],
        "quotes": TIMINGS["quotes"],
        "events": t_events,
    }
    whole = t_read + t_total
    print(
        f"model {os.environ.get('TIDINGS_MODEL') or 'default'}, {n} articles, {words} words, "
        f"batch {args.batch_size}, model load {t_load:.1f} s, cpus {os.cpu_count()}"
    )
    print(f"{'stage':<11} {'seconds':>8} {'share':>6}")
    for k, v in stages.items():
        print(f"{k:<11} {v:>8.1f} {v / whole:>6.1%}")
    other = whole - sum(stages.values())
    print(f"{'other':<11} {other:>8.1f} {other / whole:>6.1%}")
    print(
        f"analyze (read+understand+events): {n / whole:.1f} articles/s, "
        f"{words / whole:.0f} words/s; understand alone {n / t_total:.1f} articles/s"
    )
    print(
        f"baseline spaCy nlp.pipe alone, same texts: {n / t_base:.1f} articles/s; "
        f"understand / baseline time ratio {t_total / t_base:.2f}"
    )
    print(
        f"peak RSS {peak:.0f} MiB; {n_ent / n:.1f} entities and {n_quotes / n:.1f} quotes "
        f"per article"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
