"""Build (or reuse) one large benchmark database and print its URL: bigdb.py from the shell.

python benchmarks/build_db.py sqlite|postgresql --keep out/bench [--pg-url URL]
                              [--articles 50000] [--events-per-article 20]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bigdb  # noqa: E402 - benchmarks/bigdb.py


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("backend", choices=["sqlite", "postgresql"])
    ap.add_argument("--keep", type=Path, required=True)
    ap.add_argument("--pg-url")
    ap.add_argument("--articles", type=int, default=50000)
    ap.add_argument("--events-per-article", type=int, default=20)
    args = ap.parse_args()
    if args.backend == "postgresql" and not args.pg_url:
        ap.error("postgresql needs --pg-url (a server that keeps the database)")
    args.keep.mkdir(parents=True, exist_ok=True)
    url = bigdb.database(args.backend, args.articles, args.events_per_article,
                         folder=args.keep, pg_base=args.pg_url, reuse=True)  # fmt: skip
    print(url)


if __name__ == "__main__":
    main()
