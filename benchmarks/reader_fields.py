"""The reader's per-field accuracy on hand-annotated pages and on the peers' public sets.

Sets, each reported apart:

* development: the reference article (fields as issue #2 states them) and
  ``tests/fixtures/read/*`` (seven pages written for tidings, annotated by hand). The reader was
  built against these (they are its tests): this is conformance, not generalisation.
* held-out: ``benchmarks/data/reader_heldout/*`` (five more pages in other shapes, annotated
  before the reader first ran on them; seen once since, see their README).
* corpus: the 40 articles of ``../shared/corpus/articles`` for title/date/body only (title line,
  ISO date line, blank line, paragraphs: the layout itself is the annotation).
* messy: ``benchmarks/data/messy/`` (real pages as found: crawl dumps, flattened scrapes, wire
  copy; gold written by reading each page before tidings ran on it). Printed per split: dev (tune
  on it) and test (report it; never tune on it). Format: ``benchmarks/data/messy/README.md``.
* peers: htmldate's MediaCloud 2020 set (date) and trafilatura's evaluation set (title, date),
  each cut in two halves by a seeded hash of the page's file name: half A to tune on, half B to
  report. tidings runs against htmldate (date) and trafilatura (title, date) on the same bytes in
  the same run. No side is given the page's URL (a URL date would decide most pages). The
  archives are read from ``benchmarks/data/peers/`` or ``../shared/peers/``; see the README there.

Definitions (the same for every set):

* title right: the reader's title equals the gold title (or one of ``title_also``, the page's
  other displayed form of the same headline) after normalisation: Unicode NFKC, curly quotes to
  straight ones, runs of whitespace to one space, ends stripped. Case and words must match.
* date right: the reader's publication date has the gold's day (``YYYY-MM-DD``, the first ten
  characters of its ISO value); where the gold is null (the page gives no day) only "no date" is
  right.
* dateline right: the reader's dateline, casefolded and normalised as above with punctuation at
  its ends removed, equals the gold place as written or its first comma-separated part (the city:
  "KYIV, Ukraine" -> "kyiv"); where the gold is null only "no dateline" is right.
* body start/end right (messy set): the first 60 normalised characters of the gold first sentence
  occur within the first 260 of the body (a dateline may still lead it), and the last 60 of the
  gold last sentence within the last 260.

Run: ``python benchmarks/reader_fields.py [SET ...] [--split dev|test] [--errors]`` with SET
among annotated, corpus, messy, htmldate, trafilatura (default: all; the two peer sets take a
few minutes). ``--split dev`` reads only the tuning halves (messy dev, peers' half A),
``--split test`` only the report halves; ``--errors`` lists the misses on the peers' half A.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tarfile
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MESSY = ROOT / "benchmarks" / "data" / "messy"
PEER_DIRS = (ROOT / "benchmarks" / "data" / "peers", SHARED / "peers")
sys.path.insert(0, str(ROOT / "src"))

FIELDS = ("title", "publisher", "byline", "dateline", "published", "tags", "subheadings")
REFERENCE = {
    "title": "Pompeo and Lavrov Meeting Updates Look Promising",
    "publisher": "7Dnews",
    "byline": "7Dnews London",
    "dateline": "London",
    "published": "2019-05-14T20:07:00+00:00",
    "tags": ["US & Canada", "Russia"],
    "subheadings": ["Election Interference", "Improving Cooperation"],
    "body_start": "The Russian Foreign Minister, Sergei Lavrov,",
    "body_end": "in the Black Sea resort of Sochi.",
    "paragraphs": 10,
    "not_in_body": ["Tuesday 20th March 2018", "7Dnews London"],
}
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})
_QUOTES.update({ord("«"): '"', ord("»"): '"', ord("′"): "'"})
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")
SETS = ("annotated", "corpus", "messy", "htmldate", "trafilatura")
# --split dev: only the tuning halves (messy dev, peers' half A) are read, and the peers' misses
# on half A are listed with --errors; --split test: only the report halves. Default: both.
OPTIONS = {"split": "all", "errors": False}


def _wanted(split: str) -> bool:
    """Whether a split ("dev"/"A" tune, "test"/"B" report) is run under --split."""
    chosen = OPTIONS["split"]
    return chosen == "all" or (chosen == "dev") == (split in {"dev", "A"})


# ---------------------------------------------------------------- comparisons (the definitions)


def norm(text: str | None) -> str:
    """NFKC, straight quotes, one space: the normalisation every comparison uses."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    return " ".join(text.split())


def title_right(got: str | None, gold: str, also: list[str] | tuple[str, ...] = ()) -> bool:
    return bool(got) and norm(got) in {norm(t) for t in (gold, *also)}


def date_right(got: str | None, gold: str | None) -> bool:
    if gold is None:
        return got is None
    return bool(got) and got[:10] == gold


def _place(text: str) -> str:
    return _EDGE.sub("", norm(text).casefold())


def dateline_right(
    got: str | None, gold: str | None, also: list[str] | tuple[str, ...] = ()
) -> bool:
    if gold is None:
        return not got
    if not got:
        return False
    allowed = {_place(gold), _place(gold.split(",")[0]), *(_place(a) for a in also)}
    return _place(got) in allowed


def half(name: str, salt: str) -> str:
    """A seeded hash split: the same name always falls in the same half."""
    digest = hashlib.sha256(f"{salt}:{name}".encode()).hexdigest()
    return "A" if int(digest[:8], 16) % 2 == 0 else "B"


# ---------------------------------------------------------------- tables


def _checker() -> tuple[dict[str, list[int]], list[str], Callable[..., None]]:
    score: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []

    def check(field: str, ok: bool, name: str, got: object = None) -> None:
        score[field][0] += ok
        score[field][1] += 1
        if not ok:
            misses.append(f"    {name}: {field} = {got!r}")

    return score, misses, check


def table(score: dict[str, list[int]], misses: list[str], show_misses: bool = True) -> None:
    print(f"  {'field':<26} {'correct':>7} {'total':>5} {'accuracy':>8}")
    for field, (ok, total) in score.items():
        print(f"  {field:<26} {ok:7d} {total:5d} {ok / total:8.3f}")
    if misses and show_misses:
        print("  misses:")
        print("\n".join(misses))
    print()


# ---------------------------------------------------------------- development / held-out / corpus


def cases(folder: Path, with_reference: bool) -> list[tuple[str, Path, dict]]:
    out = []
    if with_reference:
        ref = SHARED / "reference" / "7dnews-pompeo-lavrov-2019-05-14.txt"
        out.append(("reference", ref, REFERENCE))
    pages = [p for p in folder.iterdir() if p.suffix in {".txt", ".md"} and p.stem != "README"]
    for path in sorted(pages):
        gold = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
        out.append((path.stem, path, gold))
    return out


def annotated(items: list[tuple[str, Path, dict]]) -> tuple[dict[str, list[int]], list[str]]:
    from tidings.read import read

    score, misses, check = _checker()
    for name, path, gold in items:
        art = read(path)
        for field in FIELDS:
            check(field, getattr(art, field) == gold[field], name, getattr(art, field))
        check("body start", art.text.startswith(gold["body_start"]), name, art.text[:40])
        check("body end", art.text.endswith(gold["body_end"]), name, art.text[-40:])
        check("paragraph count", len(art.paragraphs) == gold["paragraphs"], name)
        check("no chrome in body", not any(j in art.text for j in gold["not_in_body"]), name)
    return score, misses


def corpus_scores() -> tuple[dict[str, list[int]], list[str]]:
    from tidings.read import read
    from tidings.read.normalize import clean_line

    score, misses, check = _checker()
    corpus = sorted((SHARED / "corpus" / "articles").glob("*.txt"))
    for path in corpus:
        lines = [clean_line(x) for x in path.read_text("utf-8").splitlines()]
        body = [x for x in lines[3:] if x]
        art = read(path)
        check("corpus title", art.title == lines[0], path.name, art.title)
        check("corpus date", art.published == lines[1], path.name, art.published)
        check("corpus date not in body", lines[1] not in art.text, path.name)
        kept = sum(x in art.paragraphs or x in art.subheadings for x in body)
        check("corpus body lines kept", kept == len(body), path.name, f"{kept}/{len(body)}")
    return score, misses


def run_annotated() -> None:
    if not (SHARED / "README.md").exists():
        sys.exit(f"../shared not found at {SHARED}; the reference and corpus live there")
    sets = {
        "development": cases(ROOT / "tests" / "fixtures" / "read", True),
        "held-out": cases(ROOT / "benchmarks" / "data" / "reader_heldout", False),
    }
    for label, items in sets.items():
        if not _wanted("dev" if label == "development" else "test"):
            continue
        score, misses = annotated(items)
        print(f"{label}: {len(items)} annotated pages")
        table(score, misses)


def run_corpus() -> None:
    if not (SHARED / "corpus" / "articles").is_dir():
        sys.exit(f"../shared/corpus not found at {SHARED}")
    score, misses = corpus_scores()
    print("corpus: 40 articles")
    table(score, misses)


# ---------------------------------------------------------------- messy pages


def messy_gold() -> list[dict]:
    golds = []
    for path in sorted(MESSY.glob("*.gold.json")):
        gold = json.loads(path.read_text("utf-8"))
        if gold["split"] != ("dev" if half(gold["id"], "tidings-messy-v1") == "A" else "test"):
            sys.exit(f"{path}: split {gold['split']!r} is not the seeded hash's")
        golds.append(gold)
    if not golds:
        sys.exit(f"no gold files in {MESSY}")
    return golds


def messy_scores(golds: list[dict]) -> tuple[dict[str, list[int]], list[str]]:
    from tidings.read import read
    from tidings.read.errors import ReadFailure

    score, misses, check = _checker()
    for gold in golds:
        name = gold["id"]
        try:
            art = read(MESSY / gold["page"])
            title, published, dateline, text = art.title, art.published, art.dateline, art.text
        except ReadFailure as exc:
            title = published = dateline = None
            text = ""
            misses.append(f"    {name}: read failed: {exc}")
        body = norm(text)
        first, last = norm(gold["body_first"])[:60], norm(gold["body_last"])[-60:]
        check("title", title_right(title, gold["title"], gold["title_also"]), name, title)
        check("date", date_right(published, gold["published"]), name, published)
        check(
            "dateline",
            dateline_right(dateline, gold["dateline"], gold["dateline_also"]),
            name,
            dateline,
        )
        check("body start", first in body[: len(first) + 200], name, body[:60])
        check("body end", last in body[-(len(last) + 200) :], name, body[-60:])
    return score, misses


def run_messy() -> None:
    golds = messy_gold()
    for split in ("dev", "test"):
        if not _wanted(split):
            continue
        items = [g for g in golds if g["split"] == split]
        score, misses = messy_scores(items)
        print(f"messy {split}: {len(items)} real pages (benchmarks/data/messy)")
        table(score, misses, show_misses=split == "dev")
    if _wanted("test"):
        print("  (test-split misses are not printed: tune on dev only)\n")


# ---------------------------------------------------------------- peers' sets


def peer_archive(name: str) -> dict[str, bytes] | None:
    """The members of a packed peer set, or None (with a note) when it is not here."""
    for folder in PEER_DIRS:
        path = folder / name
        if path.exists():
            with tarfile.open(path, "r:xz") as tar:
                return {
                    m.name: tar.extractfile(m).read()  # type: ignore[union-attr]
                    for m in tar.getmembers()
                    if m.isfile()
                }
    where = " or ".join(str(f) for f in PEER_DIRS)
    print(f"{name}: not found in {where}; see benchmarks/data/peers/README.md\n")
    return None


def _tidings(html: bytes, name: str) -> tuple[str | None, str | None]:
    from tidings.read.errors import ReadFailure
    from tidings.read.reader import read_bytes

    try:
        art = read_bytes(html, name)
    except ReadFailure:
        return None, None
    return art.title, art.published


def _peer_table(title: str, rows: dict[str, dict[str, list[int]]]) -> None:
    print(title)
    print(f"  {'half':<10} {'field':<8} {'pages':>5} {'tidings':>8} {'peer':>8} {'peer is':<12}")
    for label, fields in rows.items():
        for field, (n, ours, theirs, peer) in fields.items():
            print(f"  {label:<10} {field:<8} {n:5d} {ours / n:8.3f} {theirs / n:8.3f} {peer:<12}")
    print()


def _miss(label: str, name: str, field: str, got: object, gold: str, peer: object) -> None:
    """Under --errors, one line per miss on the tuning half (never on the report half)."""
    if not OPTIONS["errors"] or label[0] != "A":
        return
    ok = date_right if field == "date" else title_right
    if not ok(got, gold):  # type: ignore[operator]
        flag = "peer right" if ok(peer, gold) else "peer wrong"  # type: ignore[operator]
        print(f"    {name}: {field} {got!r} gold {gold!r} ({flag}: {peer!r})")


def run_htmldate() -> None:
    import htmldate

    members = peer_archive("htmldate-mediacloud-2020.tar.xz")
    if members is None:
        return
    index = json.loads(members["eval_mediacloud_2020.json"])
    rows: dict[str, dict[str, list]] = {}
    undated = 0
    for label in ("A (tune)", "B (report)"):
        if not _wanted(label[0]):
            continue
        n = ours = theirs = 0
        for item in index.values():
            gold = item["date"]
            if not isinstance(gold, str):  # NaN: the set has no date for this page
                undated += label.startswith("A")
                continue
            if half(item["file"], "tidings-peers-v1")[0] != label[0]:
                continue
            html = members["test_set/" + item["file"]]
            guess = htmldate.find_date(html, original_date=True)
            n += 1
            got = _tidings(html, item["file"])[1]
            ours += date_right(got, gold)
            theirs += date_right(guess, gold)
            _miss(label, item["file"], "date", got, gold, guess)
        rows[label] = {"date": [n, ours, theirs, "htmldate"]}
    _peer_table(
        f"htmldate MediaCloud 2020: {len(index)} pages, {undated} without a gold date "
        "left out; URL not passed",
        rows,
    )


def run_trafilatura() -> None:
    import trafilatura

    members = peer_archive("trafilatura-evaldata.tar.xz")
    if members is None:
        return
    index = json.loads(members["evaldata.json"])
    items = [v for v in index.values() if "title" in v and "eval/" + v["file"] in members]
    rows: dict[str, dict[str, list]] = {}
    for label in ("A (tune)", "B (report)"):
        if not _wanted(label[0]):
            continue
        score = {"title": [0, 0, 0, "trafilatura"], "date": [0, 0, 0, "trafilatura"]}
        for item in items:
            if half(item["file"], "tidings-peers-v1") != label[0]:
                continue
            html = members["eval/" + item["file"]]
            title, published = _tidings(html, item["file"])
            meta = trafilatura.extract_metadata(html)
            if item.get("title"):
                score["title"][0] += 1
                score["title"][1] += title_right(title, item["title"])
                score["title"][2] += title_right(meta.title if meta else None, item["title"])
                _miss(label, item["file"], "title", title, item["title"], meta and meta.title)
            if item.get("date"):
                score["date"][0] += 1
                score["date"][1] += date_right(published, item["date"])
                score["date"][2] += date_right(meta.date if meta else None, item["date"])
                _miss(label, item["file"], "date", published, item["date"], meta and meta.date)
        rows[label] = score
    _peer_table(
        f"trafilatura evaldata: {len(items)} pages with metadata gold (title exact, "
        "date day); URL not passed",
        rows,
    )


def main() -> None:
    args = sys.argv[1:]
    if "--errors" in args:
        args.remove("--errors")
        OPTIONS["errors"] = True
    if "--split" in args:
        at = args.index("--split")
        OPTIONS["split"] = args[at + 1] if at + 1 < len(args) else ""
        del args[at : at + 2]
        if OPTIONS["split"] not in {"dev", "test", "all"}:
            sys.exit("--split takes dev (tuning halves), test (report halves) or all")
    chosen = args or list(SETS)
    unknown = [s for s in chosen if s not in SETS]
    if unknown:
        sys.exit(f"unknown set {unknown[0]!r}; choose among {', '.join(SETS)}")
    runners = {
        "annotated": run_annotated,
        "corpus": run_corpus,
        "messy": run_messy,
        "htmldate": run_htmldate,
        "trafilatura": run_trafilatura,
    }
    for name in chosen:
        runners[name]()


if __name__ == "__main__":
    main()
