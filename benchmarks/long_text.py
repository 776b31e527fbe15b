"""Analysis time of one long article: 50k, 100k and 200k characters of real text.

The text is the corpus articles (``../shared/corpus/articles``) concatenated in a fixed order
(repeated when the corpus is shorter) and cut at a paragraph boundary near each size. Each size
goes through the real pipeline (``tidings.pipeline.process``) as one article; printed: seconds
in total, in spaCy + understanding and in the event coder, and the ratio of each size's time to
the smallest one's per character (1.00 = linear growth; 2.0 would mean twice the time per
character at that size).

    PYTHONPATH=src python benchmarks/long_text.py [--sizes 50000,100000,200000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def corpus_paragraphs() -> list[str]:
    paras: list[str] = []
    for f in sorted((SHARED / "corpus" / "articles").glob("*.txt")):
        lines = f.read_text("utf-8").split("\n")
        paras += [p.strip() for p in "\n".join(lines[3:]).split("\n\n") if p.strip()]
    return paras


def long_text(size: int, paras: list[str]) -> str:
    out: list[str] = []
    n = 0
    i = 0
    while n < size:
        p = paras[i % len(paras)]
        out.append(p)
        n += len(p) + 2
        i += 1
    return "\n\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="50000,100000,200000")
    args = ap.parse_args(argv)
    if not (SHARED / "corpus" / "articles").exists():
        sys.exit(f"benchmarks/long_text.py: ../shared/corpus not found at {SHARED}")
    from tidings.events import code_events
    from tidings.schema import Article
    from tidings.understand import understand_many
    from tidings.understand.nlp import load

    load()
    paras = corpus_paragraphs()
    # warm up: data tables and the model's first call
    warm = Article(id="w", source="warm", format="text", text=paras[0], published="2020-01-01")
    for art, doc in understand_many([warm], batch_size=1, with_docs=True):
        code_events(art, doc)
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        text = long_text(size, paras)
        art = Article(id=f"long{size}", source="long", format="text", text=text,
                      published="2020-01-01")  # fmt: skip
        t0 = time.perf_counter()
        art, doc = next(understand_many([art], batch_size=1, with_docs=True))
        t1 = time.perf_counter()
        events = code_events(art, doc)
        t2 = time.perf_counter()
        rows.append((len(text), t2 - t0, t1 - t0, t2 - t1, len(events)))
    base = rows[0]
    print(f"{'chars':>8} {'total s':>8} {'understand s':>12} {'events s':>9} {'events':>6} "
          f"{'total/char ratio':>16} {'events/char ratio':>17}")  # fmt: skip
    for chars, total, und, ev, n in rows:
        r_total = (total / chars) / (base[1] / base[0])
        r_ev = (ev / chars) / (base[3] / base[0]) if base[3] else 0.0
        print(f"{chars:>8} {total:>8.1f} {und:>12.1f} {ev:>9.1f} {n:>6} {r_total:>16.2f} "
              f"{r_ev:>17.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
