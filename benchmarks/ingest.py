"""Ingest throughput (articles/s): storage only and the full pipeline, SQLite and PostgreSQL.

Synthetic articles are made by recombining real paragraphs of ../shared/corpus/articles:

- *storage only*: the 40 corpus articles are analyzed once by the real pipeline; synthetic
  articles reuse their paragraphs with the entity mentions found in them (offsets shifted), and
  carry synthetic events (``--events-per-article``; CAMEO codes, quad classes and Goldstein
  scores from ../shared/ontology, country dyads, dates 2015-2024) on real sentences. This
  measures ``store_article`` + commits per batch, the single writer.
- *full pipeline*: synthetic text files go through ``tidings.ingest`` (read, analyze in
  ``--workers`` processes, store). The analysis dominates; the pipeline is too slow for 10,000
  on a shared 2-core machine, so the default size is smaller (``--full-n``).

Ratios are against the first configuration (SQLite, 1 worker), measured in the same process.
PostgreSQL runs on a throwaway cluster this script starts (as tests/pg.py does) when the
binaries exist; otherwise it says so and measures SQLite only.

    python benchmarks/ingest.py [--sizes 1000,10000] [--full-n 200] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from tidings.schema import (  # noqa: E402
    Article,
    Entity,
    Event,
    EventActor,
    Evidence,
    Location,
    Mention,
    Quote,
)

COUNTRIES = ["USA", "RUS", "CHN", "UKR", "GBR", "FRA", "DEU", "IRN", "ISR", "PRK", "KOR", "JPN",
             "IND", "PAK", "TUR", "SYR", "SAU", "EGY", "BRA", "MEX"]  # fmt: skip
SECTORS = ["GOV", "MIL", "", "COP", "LEG", "JUD"]
PLACES = [("Sochi", "RUS"), ("Geneva", "CHE"), ("Kyiv", "UKR"), ("Beijing", "CHN"),
          ("Washington", "USA"), ("Tehran", "IRN"), ("Gaza", "PSE"), ("Seoul", "KOR")]  # fmt: skip


def need_shared() -> Path:
    if not (SHARED / "corpus" / "articles").is_dir():
        sys.exit(f"benchmarks need ../shared (looked in {SHARED})")
    return SHARED


@contextlib.contextmanager
def pg_cluster() -> Iterator[str | None]:
    """A throwaway PostgreSQL cluster (base URL), or None when the binaries are absent."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    default = found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")
    pg_bin = Path(os.environ.get("TIDINGS_PG_BIN", default))
    if os.environ.get("TIDINGS_TEST_PG_URL"):
        yield os.environ["TIDINGS_TEST_PG_URL"].rstrip("/")
        return
    if not (pg_bin / "initdb").exists():
        print(f"PostgreSQL binaries not found in {pg_bin}: PostgreSQL not measured")
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="tidings-bench-pg-"))
    prefix, user = [], os.environ.get("USER") or "postgres"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        prefix, user = ["runuser", "-u", "postgres", "--"], "postgres"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = root / "data"
    subprocess.run([*prefix, str(pg_bin / "initdb"), "-D", str(data), "-A", "trust", "-U", user,
                    "-E", "UTF8", "--locale=C", "--no-sync"], check=True, capture_output=True)  # fmt: skip
    # durable settings (fsync on): this measures what a user gets
    subprocess.run([*prefix, str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(root / "log"),
                    "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1", "-w", "start"],
                   check=True, capture_output=True)  # fmt: skip
    try:
        yield f"postgresql+psycopg://{user}@127.0.0.1:{port}"
    finally:
        subprocess.run([*prefix, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True, check=False)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def new_database(backend: str, base: str | None, tmp: Path, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp / (name + '.db')}"
    from sqlalchemy import create_engine, text

    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        c.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return f"{base}/{name}"


def corpus_texts() -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of the real corpus articles."""
    out = []
    for path in sorted((need_shared() / "corpus" / "articles").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        paras = [p.strip() for p in "\n".join(lines[2:]).split("\n\n") if p.strip()]
        out.append((lines[0], paras))
    return out


def write_text_files(n: int, dest: Path, seed: int = 1) -> list[Path]:
    """``n`` synthetic article files: a real title, a date, 3-8 real paragraphs recombined."""
    rng = random.Random(seed)
    corpus = corpus_texts()
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        title, _ = rng.choice(corpus)
        paras = [rng.choice(rng.choice(corpus)[1]) for _ in range(rng.randint(3, 8))]
        day = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        path = dest / f"syn-{i:06d}.txt"
        path.write_text(f"{title}\n{day}\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _cameo_codes() -> list[tuple[str, str, int, float]]:
    rows = csv.DictReader((need_shared() / "ontology" / "cameo_event_codes_full.csv").open())
    return [
        (r["code"], r["plover_event"], int(r["quad_gdelt"]), float(r["goldstein_gdelt"]))
        for r in rows
        if r["plover_event"] and r["quad_gdelt"] and r["goldstein_gdelt"]
    ]


def analyzed_paragraphs() -> list[tuple[str, list[tuple[str, str, int, int]]]]:
    """Real paragraphs with the entity mentions the pipeline found in them (relative offsets)."""
    from tidings.pipeline import process
    from tidings.read import read

    arts = [read(p) for p in sorted((need_shared() / "corpus" / "articles").glob("*.txt"))]
    out = []
    for art in process(arts):
        pos = 0
        spans = []
        for para in art.paragraphs:
            spans.append((pos, pos + len(para), para))
            pos += len(para) + 2
        for start, end, para in spans:
            ments = [
                (e.name, e.type, m.start - start, m.end - start)
                for e in art.entities
                for m in e.mentions
                if start <= m.start and m.end <= end
            ]
            out.append((para, ments))
    return out


def synthetic_articles(
    n: int, paragraphs: list, *, events_per_article: int = 10, seed: int = 7, first: int = 0
) -> Iterator[Article]:
    """Analyzed-looking articles from real paragraphs + synthetic events (storage benchmark);
    ``first``: the number of the first article (sources are ``synthetic/NUMBER.txt``)."""
    rng = random.Random(seed)
    codes = _cameo_codes()
    for i in range(first, first + n):
        chosen = [rng.choice(paragraphs) for _ in range(rng.randint(3, 8))]
        text, ents, pos = [], {}, 0
        for para, ments in chosen:
            for name, etype, s, e in ments:
                ent = ents.setdefault(
                    (etype, name), Entity(id=f"e{len(ents) + 1}", name=name, type=etype)
                )
                ent.mentions.append(Mention(text=name, start=pos + s, end=pos + e))
            text.append(para)
            pos += len(para) + 2
        body = "\n\n".join(text)
        day = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        art = Article(
            id=hashlib.sha1(f"{i}|{body}".encode()).hexdigest()[:16],
            source=f"synthetic/{i:06d}.txt",
            format="text",
            title=chosen[0][0][:80],
            publisher=rng.choice(["VOA", "Wikinews", "White House", "Other"]),
            published=day,
            paragraphs=text,
            text=body,
            entities=list(ents.values()),
        )
        people = [e for e in art.entities if e.type == "PERSON"]
        for j, (s0, s1) in enumerate(_sentences(body)[:3]):
            speaker = rng.choice(people) if people else None
            art.quotes.append(
                Quote(id=f"q{j + 1}", text=body[s0:s1], start=s0, end=s1, direct=True,
                      speaker=speaker.id if speaker else None,
                      speaker_name=speaker.name if speaker else None)
            )  # fmt: skip
        sentences = _sentences(body)
        named = [e for e in art.entities if e.type in ("PERSON", "ORG", "GPE", "NORP")]
        for _ in range(events_per_article):
            code, etype, quad, gold = rng.choice(codes)
            src, tgt = rng.sample(COUNTRIES, 2)
            s_code, t_code = src + rng.choice(SECTORS), tgt + rng.choice(SECTORS)
            # about half the sources and a third of the targets are actors the article names
            s_ent = rng.choice(named) if named and rng.random() < 0.5 else None
            t_ent = rng.choice(named) if named and rng.random() < 0.3 else None
            if t_ent is s_ent:
                t_ent = None
            edate = day if rng.random() < 0.7 else _shift(day, rng.randint(-3, 0))
            s0, s1 = rng.choice(sentences)
            place = rng.choice(PLACES) if rng.random() < 0.5 else None
            art.events.append(
                Event(
                    id=hashlib.sha1(f"{etype}|{s_code}|{t_code}|{edate}".encode()).hexdigest()[:32],
                    type=etype, cameo=code, quad_class=quad, goldstein=gold,
                    source=[EventActor(entity=s_ent.id if s_ent else None,
                                       name=s_ent.name if s_ent else src, country=src,
                                       actor_code=s_code)],
                    target=[EventActor(entity=t_ent.id if t_ent else None,
                                       name=t_ent.name if t_ent else tgt, country=tgt,
                                       actor_code=t_code)],
                    date=edate, date_precision="day",
                    location=Location(name=place[0], country=place[1]) if place else None,
                    evidence=[Evidence(sentence=body[s0:s1], sentence_start=s0, sentence_end=s1,
                                       trigger=body[s0:s1].split(" ")[0], start=s0,
                                       end=s0 + len(body[s0:s1].split(" ")[0]))],
                    rule="synthetic", confidence=0.5,
                )
            )  # fmt: skip
        yield art


def _sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in ".!?\n" and i > start + 20:
            out.append((start, i + 1))
            start = i + 2
    return out or [(0, len(text))]


def _shift(day: str, days: int) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def store_only(url: str, articles: list[Article], batch_size: int = 100) -> float:
    """Seconds to store pre-analyzed articles via the ingest writer (commit per batch)."""
    from tidings.ingest import ingest
    from tidings.store.db import connect

    engine = connect(url)
    start = time.perf_counter()
    summary = ingest([], engine, records=articles, batch_size=batch_size, events=False,
                     analyze=False)  # fmt: skip
    seconds = time.perf_counter() - start
    assert summary.stored == len(articles), summary
    engine.dispose()
    return seconds


def full_pipeline(url: str, files: list[Path], workers: int, batch_size: int = 32) -> float:
    from tidings.ingest import ingest
    from tidings.store.db import connect

    engine = connect(url)
    start = time.perf_counter()
    summary = ingest([str(p) for p in files], engine, workers=workers, batch_size=batch_size)
    seconds = time.perf_counter() - start
    assert summary.stored + summary.duplicates == len(files) and not summary.failed, summary
    engine.dispose()
    return seconds


def table(title: str, rows: list[tuple[str, int, float]]) -> None:
    print(f"\n{title}")
    print(f"| {'configuration':<34} | {'articles':>8} | {'seconds':>8} | {'articles/s':>10} | "
          f"{'ratio':>6} |")  # fmt: skip
    print(f"|{'-' * 36}|{'-' * 10}|{'-' * 10}|{'-' * 12}|{'-' * 8}|")
    base = rows[0][1] / rows[0][2] if rows else 1.0
    for name, n, sec in rows:
        rate = n / sec
        print(f"| {name:<34} | {n:>8} | {sec:>8.2f} | {rate:>10.1f} | {rate / base:>6.2f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="storage-only sizes")
    ap.add_argument("--full-n", type=int, default=200, help="full-pipeline size")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--events-per-article", type=int, default=10)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    backends = args.backends.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="tidings-bench-"))
    try:
        with pg_cluster() as pg:
            if pg is None:
                backends = [b for b in backends if b != "postgresql"]
            print("analyzing the 40 corpus articles once (for the storage-only runs) ...")
            paragraphs = analyzed_paragraphs()
            rows = []
            for n in sizes:
                arts = list(synthetic_articles(n, paragraphs,
                                               events_per_article=args.events_per_article))  # fmt: skip
                for backend in backends:
                    url = new_database(backend, pg, tmp, f"store_{backend}_{n}")
                    rows.append((f"store only, {backend}", n, store_only(url, arts)))
            table(f"Storage only (pre-analyzed, {args.events_per_article} events/article, "
                  "batch 100, one writer)", rows)  # fmt: skip
            if args.full_n:
                files = write_text_files(args.full_n, tmp / "files")
                rows = []
                for backend in backends:
                    for w in [int(x) for x in args.workers.split(",")]:
                        url = new_database(backend, pg, tmp, f"full_{backend}_{w}")
                        rows.append((f"full pipeline, {backend}, {w} worker(s)", len(files),
                                     full_pipeline(url, files, w)))  # fmt: skip
                table("Full pipeline (read + analyze + store; batch 32)", rows)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\nmachine: {os.cpu_count()} CPUs (shared); python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
