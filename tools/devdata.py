"""Synthetic events over real articles, for developing and benchmarking the web UI only.

The real coder gives a few events per article; to time the pages on ~100k events
(benchmarks/web.py), copies of real articles get events made here from their real text: two
actor mentions in one sentence become source and target, the word after the source mention
the trigger, and a CAMEO code drawn from the shared ontology table
gives type, quad class and Goldstein score. Every such event has ``rule="synthetic:devdata"``
so it can never pass for coded data. Tests use real coded events; nothing here runs in
``tidings serve`` (a development tool, kept out of the package).

    python tools/devdata.py out/dev.db [--events 3000] [--shared ../shared]
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import random
import re
from pathlib import Path
from typing import Any

from tidings.schema import Article, Event, EventActor, Evidence, Location

ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
SENTENCE_RE = re.compile(r"[^.!?\n]+[.!?]?")
WORD_RE = re.compile(r"\w+")


def load_codes(ontology_csv: Path) -> list[dict[str, Any]]:
    """CAMEO codes with a PLOVER type, quad class and Goldstein value (shared/ontology CSV)."""
    out = []
    with ontology_csv.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if not row.get("plover_event") or not row.get("goldstein_gdelt"):
                continue
            try:
                out.append(
                    {
                        "cameo": row["code"],
                        "type": row["plover_event"].split(";")[0].strip(),
                        "quad": int(row["quad_gdelt"]),
                        "goldstein": float(row["goldstein_gdelt"]),
                    }
                )
            except ValueError:
                continue
    return out


@functools.cache
def country_of(name: str) -> str | None:
    """ISO alpha-3 of a country name, when pycountry knows it (dev data only)."""
    import pycountry

    bare = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    for key in (bare, bare.replace("U.S.", "United States")):
        try:
            return pycountry.countries.lookup(key).alpha_3
        except LookupError:
            continue
    return None


def synthetic_events(
    article: Article,
    codes: list[dict[str, Any]],
    rng: random.Random,
    *,
    date: str | None = None,
    per_sentence: int = 1,
) -> list[Event]:
    """Events built from sentences with two different actor mentions (see module doc)."""
    spans: list[tuple[int, int, Any, Any]] = []  # (start, end, entity, mention)
    for ent in article.entities:
        if ent.type not in ACTOR_TYPES:
            continue
        for m in ent.mentions:
            spans.append((m.start, m.end, ent, m))
    spans.sort(key=lambda s: s[0])
    places = [e for e in article.entities if e.type == "GPE" and e.mentions]
    out: list[Event] = []
    for sm in SENTENCE_RE.finditer(article.text):
        s0, s1 = sm.start(), sm.end()
        inside = [s for s in spans if s0 <= s[0] and s[1] <= s1]
        pairs = [
            (a, b) for i, a in enumerate(inside) for b in inside[i + 1 :] if a[2].id != b[2].id
        ]
        for src, tgt in pairs[:per_sentence]:
            trig = WORD_RE.search(article.text, src[1], tgt[0]) or WORD_RE.search(
                article.text, src[0], src[1]
            )
            if trig is None:
                continue
            code = rng.choice(codes)
            place = rng.choice(places) if places else None
            key = f"{article.id}|{src[0]}|{tgt[0]}|{code['cameo']}|{date}"
            out.append(
                Event(
                    id=hashlib.sha1(key.encode()).hexdigest()[:16],
                    type=code["type"],
                    cameo=code["cameo"],
                    quad_class=code["quad"],
                    goldstein=code["goldstein"],
                    source=[
                        EventActor(
                            entity=src[2].id,
                            name=src[2].name,
                            country=src[2].country or country_of(src[2].name),
                            start=src[0],
                            end=src[1],
                        )
                    ],
                    target=[
                        EventActor(
                            entity=tgt[2].id,
                            name=tgt[2].name,
                            country=tgt[2].country or country_of(tgt[2].name),
                            start=tgt[0],
                            end=tgt[1],
                        )
                    ],
                    date=date or article.published,
                    date_precision="day" if (date or article.published) else None,
                    date_evidence="synthetic: the article's publication date",
                    location=Location(
                        name=place.name,
                        country=place.country or country_of(place.name),
                        entity=place.id,
                        start=place.mentions[0].start,
                        end=place.mentions[0].end,
                    )
                    if place
                    else None,
                    evidence=[
                        Evidence(
                            article=article.id,
                            sentence=article.text[s0:s1],
                            sentence_start=s0,
                            sentence_end=s1,
                            trigger=trig.group(0),
                            start=trig.start(),
                            end=trig.end(),
                        )
                    ],
                    rule="synthetic:devdata",
                    confidence=0.0,
                )
            )
    return out


def with_countries(article: Article) -> Article:
    """Copy with ``country`` filled for GPE entities pycountry can name (dev data only)."""
    art = article.model_copy(deep=True)
    for ent in art.entities:
        if ent.type == "GPE" and not ent.country:
            ent.country = country_of(ent.name)
    return art


def recombine(
    articles: list[Article],
    codes: list[dict[str, Any]],
    *,
    target_events: int,
    seed: int = 7,
    start: dt.date = dt.date(2019, 1, 7),
    days: int = 5 * 365,
) -> list[Article]:
    """Copies of real articles with new ids and dates and synthetic events, until the target."""
    rng = random.Random(seed)
    base = [with_countries(a) for a in articles]
    out: list[Article] = []
    total = 0
    copy_no = 0
    while total < target_events:
        for src in base:
            copy_no += 1
            day = (start + dt.timedelta(days=rng.randrange(days))).isoformat()
            art = src.model_copy(deep=True)
            art.id = hashlib.sha1(f"{src.id}|copy{copy_no}".encode()).hexdigest()[:16]
            art.title = f"{src.title or 'untitled'} [synthetic copy {copy_no}]"
            art.published = day
            art.publisher = rng.choice(["Wikinews", "VOA", "The White House", "7Dnews"])
            art.events = synthetic_events(art, codes, rng, date=day, per_sentence=2)
            total += len(art.events)
            out.append(art)
            if total >= target_events:
                break
    return out


def main() -> None:
    """``python tools/devdata.py OUT.db [--events N]``: a dev database to look at."""
    import argparse

    from tidings.store.db import connect

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("db", type=Path)
    ap.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared"
    )
    ap.add_argument("--events", type=int, default=3000)
    args = ap.parse_args()
    corpus = args.shared / "corpus" / "articles"
    if not corpus.is_dir():
        raise SystemExit(f"{corpus}: not found (pass --shared PATH)")
    from tidings.pipeline import run
    from tidings.store.rows import article_rows
    from tidings.store.writer import write_rows

    real = [a for a in run([corpus, args.shared / "reference"]) if isinstance(a, Article)]
    codes = load_codes(args.shared / "ontology" / "cameo_event_codes_full.csv")
    engine = connect(args.db)
    with engine.begin() as conn:
        for art in [*real, *recombine(real, codes, target_events=args.events)]:
            write_rows(conn, article_rows(art))
    print(f"wrote {args.db}")


if __name__ == "__main__":
    main()
