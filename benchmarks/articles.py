"""Article-level event accuracy: tidings' events vs the hand-written gold of whole articles.

Every document of ``benchmarks/gold/splits.tsv`` is read by the real reader (``tidings.read``)
and goes through the real pipeline (``tidings.pipeline.process``: understanding, then the
coder). Its events are matched to the gold events of ``benchmarks/gold/events/<doc>.json``
(guide: docs/annotation.md). Printed per split (dev and test separately): precision, recall and
F1 of events, date accuracy on the matched ones, the same per PLOVER type, and a reliability
table of ``Event.confidence`` (how often an event of each confidence band is right).

Matching rule (one to one; documented in docs/events.md):

- an event matches a gold event when the PLOVER type is equal and both sides match; CONSULT and
  COOPERATE match in either direction;
- a side matches when any predicted actor matches any gold actor of that side; a gold side that is
  empty (``target: []``, no recipient named) accepts any predicted side;
- an actor matches a gold actor when, after normalising (case, punctuation, a leading "the", a
  possessive "'s"), the predicted actor's name, its understanding-stage entity's name or one of
  that entity's non-pronoun mentions equals the gold name or one of its aliases; or when both have
  an actor code and the codes are equal (``RUSGOV`` = ``RUSGOV``; ``RUS`` is not ``RUSGOV``; the
  guide's police sector ``POL`` is CAMEO's ``COP``, the knowledge base's);
- only gold events with ``status: main`` count for recall; a predicted event that matches no main
  event but matches a ``background`` or ``optional`` one is ignored (neither right nor wrong);
  every other predicted event counts against precision (a second record of an event already
  matched too: one event per real event);
- a matched event's date is right when it equals the gold date, or starts with it where the gold
  is less precise (gold ``2019-06``, predicted ``2019-06-28``); gold events without a date are
  left out of the date accuracy.

Tune on dev only (``--show`` prints dev errors); test is reported, never inspected.

    PYTHONPATH=src python benchmarks/articles.py [--split dev|test|all] [--show N] [--date-errors]
        [--min-confidence P] [--docs a,b] [--candidates]

``--candidates`` also prints the recall of the candidates the patterns propose before the judge
decides (``tidings.events.coder.candidates``, unmerged): the ceiling of the judged recall.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "benchmarks" / "gold"
SYMMETRIC = {"CONSULT", "COOPERATE"}
BANDS = [0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]


def splits() -> dict[str, tuple[str, Path]]:
    """doc -> (split, path of its text)."""
    out = {}
    with (GOLD / "splits.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            where, _, rel = row["text"].partition(":")
            base = SHARED if where == "shared" else ROOT
            out[row["doc"]] = (row["split"], base / rel)
    return out


def load_gold(doc: str) -> dict:
    path = GOLD / "events" / f"{doc}.json"
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        sys.exit(f"{path}: cannot read gold ({exc})")


# ----------------------------------------------------------------------------- matching


def norm(text: str | None) -> str:
    """Comparable form of a name: lower case, no punctuation, no leading article/possessive."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKD", text).lower().replace("’", "'")
    s = re.sub(r"'s\b|s'$", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    words = s.split()
    while words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    return " ".join(words)


def actor_forms(actor, article) -> set[str]:  # noqa: ANN001 - EventActor, Article
    """Every name the predicted actor goes by: its own, its entity's and the entity's mentions."""
    forms = {norm(actor.name)}
    ent = article.entity(actor.entity) if actor.entity else None
    if ent is not None:
        forms.add(norm(ent.name))
        forms |= {norm(m.text) for m in ent.mentions if m.kind != "pronoun"}
    return forms - {""}


def gold_forms(gold_actor: dict) -> set[str]:
    return {norm(gold_actor.get("name"))} | {norm(a) for a in gold_actor.get("aliases") or []}


def same_code(a: str | None, b: str | None) -> bool:
    """Equal actor codes; the guide's police sector POL is CAMEO's COP (the KB's)."""
    if not a or not b:
        return False
    return a[:3] + a[3:].replace("POL", "COP") == b[:3] + b[3:].replace("POL", "COP")


def actor_matches(actor, article, gold_actor: dict) -> bool:  # noqa: ANN001
    if actor_forms(actor, article) & (gold_forms(gold_actor) - {""}):
        return True
    return same_code(gold_actor.get("code"), actor.actor_code)


def side_matches(actors: list, article, gold_side: list[dict]) -> bool:  # noqa: ANN001
    if not gold_side:
        return True
    return any(actor_matches(a, article, g) for a in actors for g in gold_side)


def event_matches(ev, article, gold: dict) -> bool:  # noqa: ANN001 - Event, Article
    if ev.type != gold["type"]:
        return False
    src, tgt = gold.get("source") or [], gold.get("target") or []
    if side_matches(ev.source, article, src) and side_matches(ev.target, article, tgt):
        return True
    return ev.type in SYMMETRIC and (
        side_matches(ev.source, article, tgt)
        and bool(tgt)
        and side_matches(ev.target, article, src)
    )


def date_ok(pred: str | None, gold: str | None) -> bool:
    return bool(pred and gold and (pred == gold or pred.startswith(gold + "-")))


@dataclass
class DocResult:
    doc: str
    pairs: list[tuple[int, int]] = field(default_factory=list)  # (pred index, gold index)
    ignored: set[int] = field(default_factory=set)  # preds matching only background/optional
    false: list[int] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)


def match_doc(doc: str, article, gold: dict) -> DocResult:  # noqa: ANN001
    """One-to-one matching: each main gold event takes at most one predicted event (one with
    the right date first); gold events with the fewest candidates choose first."""
    events, golds = article.events, gold["events"]
    res = DocResult(doc)
    main = [j for j, g in enumerate(golds) if g["status"] == "main"]
    cands = {
        j: [i for i, e in enumerate(events) if event_matches(e, article, golds[j])] for j in main
    }
    used: set[int] = set()
    for j in sorted(main, key=lambda j: (len(cands[j]), j)):
        free = [i for i in cands[j] if i not in used]
        free.sort(key=lambda i: (not date_ok(events[i].date, golds[j].get("date")), i))
        if free:
            used.add(free[0])
            res.pairs.append((free[0], j))
        else:
            res.missed.append(j)
    others = [g for g in golds if g["status"] != "main"]
    for i, e in enumerate(events):
        if i in used:
            continue
        if any(event_matches(e, article, g) for g in others):
            res.ignored.add(i)
        else:
            res.false.append(i)
    return res


# ----------------------------------------------------------------------------- scoring


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    dated: int = 0  # matched events whose gold has a date
    date_right: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def row(self, name: str) -> str:
        p, r, f = self.prf()
        dacc = (
            f"{self.date_right / self.dated:.2f} ({self.date_right}/{self.dated})"
            if self.dated
            else "-"
        )
        return (
            f"{name:<10} {self.tp + self.fn:>5} {self.tp + self.fp:>5} {self.tp:>4} "
            f"{p:>6.2f} {r:>5.2f} {f:>5.2f}  {dacc:>14}"
        )


HEADER = (
    f"{'type':<10} {'gold':>5} {'pred':>5} {'tp':>4} {'P':>6} {'R':>5} {'F1':>5}  {'date acc':>14}"
)


def score(results: list[tuple[DocResult, object, dict]]) -> tuple[Tally, dict[str, Tally], list]:
    total, per_type = Tally(), {}
    conf: list[tuple[float, bool]] = []
    for res, article, gold in results:
        events, golds = article.events, gold["events"]
        for i, j in res.pairs:
            for t in (total, per_type.setdefault(golds[j]["type"], Tally())):
                t.tp += 1
                if golds[j].get("date"):
                    t.dated += 1
                    t.date_right += date_ok(events[i].date, golds[j]["date"])
            conf.append((events[i].confidence, True))
        for j in res.missed:
            total.fn += 1
            per_type.setdefault(golds[j]["type"], Tally()).fn += 1
        for i in res.false:
            total.fp += 1
            per_type.setdefault(events[i].type, Tally()).fp += 1
            conf.append((events[i].confidence, False))
    return total, per_type, conf


def reliability(conf: list[tuple[float, bool]]) -> list[str]:
    """Confidence bands: events in each, share that were right (a calibrated score has the
    share near the band's mean confidence)."""
    lines = [f"{'confidence':<12} {'events':>6} {'mean conf':>9} {'right':>6}"]
    for lo, hi in zip(BANDS, BANDS[1:], strict=False):
        got = [(c, ok) for c, ok in conf if lo <= c < hi]
        if not got:
            continue
        mean = sum(c for c, _ in got) / len(got)
        right = sum(ok for _, ok in got) / len(got)
        lines.append(f"[{lo:.1f}, {min(hi, 1.0):.1f}) {len(got):>6} {mean:>9.2f} {right:>6.2f}")
    if conf:
        brier = sum((c - ok) ** 2 for c, ok in conf) / len(conf)
        lines.append(f"Brier score {brier:.3f} over {len(conf)} counted events")
    return lines


# ----------------------------------------------------------------------------- running


def analyse(paths: list[Path]) -> list:
    """Read each document with the reader and run the real pipeline over it."""
    from tidings.pipeline import process
    from tidings.read import read

    articles = [read(p) for p in paths]
    return list(process(articles, batch_size=16))


def analyse_with_candidates(paths: list[Path]) -> tuple[list, list]:
    """The pipeline's articles and, for each, a copy whose events are every candidate the
    patterns propose before the judge (unmerged): the recall ceiling of the judged events."""
    from tidings.events import code_events
    from tidings.events.coder import candidates
    from tidings.read import read
    from tidings.understand import understand_many

    judged, cands = [], []
    for article, doc in understand_many([read(p) for p in paths], batch_size=16, with_docs=True):
        article.events = [c.event for c in candidates(article, doc)]
        cands.append(article.model_copy(deep=True))
        article.events = code_events(article, doc)
        judged.append(article)
    return judged, cands


def candidate_recall(names: list[str], cand_articles: list) -> str:
    """One line: main gold events that some candidate matches (type and both sides)."""
    found = total = 0
    for name, article in zip(names, cand_articles, strict=True):
        res = match_doc(name, article, load_gold(name))
        found, total = found + len(res.pairs), total + len(res.pairs) + len(res.missed)
    share = found / total if total else 0.0
    return f"candidates before the judge: R {share:.2f} ({found}/{total} main events)"


def _actor_text(actors: list) -> str:
    return "/".join(f"{a.name}[{a.actor_code or '-'}]" for a in actors) or "-"


def _gold_text(actors: list[dict]) -> str:
    return "/".join(f"{a.get('name')}[{a.get('code') or '-'}]" for a in actors) or "-"


def show_errors(results, limit: int) -> None:  # noqa: ANN001
    """Missed gold events and false events of each document (dev only)."""
    for res, article, gold in results[:limit]:
        golds, events = gold["events"], article.events
        print(f"\n== {res.doc} ({len(res.pairs)} right, {len(res.missed)} missed, "
              f"{len(res.false)} false, {len(res.ignored)} ignored)")  # fmt: skip
        for i, j in res.pairs:
            e, g = events[i], golds[j]
            mark = "ok" if date_ok(e.date, g.get("date")) else f"DATE {e.date} vs {g.get('date')}"
            print(f"  +  {g['type']:<9} {_actor_text(e.source)} -> {_actor_text(e.target)}  {mark}")
        for j in res.missed:
            g = golds[j]
            print(f"  -  {g['type']:<9} {_gold_text(g['source'])} -> {_gold_text(g['target'])}"
                  f"  [{g['trigger']}] {g['sentence'][:110]}")  # fmt: skip
        for i in res.false:
            e = events[i]
            ev = e.evidence[0]
            print(f"  x  {e.type:<9} {_actor_text(e.source)} -> {_actor_text(e.target)} "
                  f"{e.confidence:.2f} [{ev.trigger}] {e.rule[:50]} | {ev.sentence[:90]}")  # fmt: skip


def show_date_errors(results) -> None:  # noqa: ANN001
    """Every matched main event whose date is wrong, with the evidence on both sides (dev only)."""
    for res, article, gold in results:
        golds, events = gold["events"], article.events
        for i, j in res.pairs:
            e, g = events[i], golds[j]
            if not g.get("date") or date_ok(e.date, g["date"]):
                continue
            print(f"\n{res.doc} (published {article.published}) {g['type']} "
                  f"{_actor_text(e.source)} -> {_actor_text(e.target)} [{e.modality}]")  # fmt: skip
            print(f"  got  {e.date} ({e.date_precision}) {e.date_evidence}")
            print(f"  gold {g['date']} ({g.get('date_basis')}) {(g.get('note') or '')[:160]}")
            print(f"  [{e.evidence[0].trigger}] {e.evidence[0].sentence[:200]}")


def report(split: str, results: list, seconds: float) -> None:
    total, per_type, conf = score(results)
    p, r, f = total.prf()
    print(f"\n### split {split}: {len(results)} documents, {total.tp + total.fn} main gold events, "
          f"{total.tp + total.fp} counted events ({seconds:.0f} s)")  # fmt: skip
    dacc = total.date_right / total.dated if total.dated else 0.0
    print(f"events P {p:.2f}  R {r:.2f}  F1 {f:.2f}   date accuracy {dacc:.2f} "
          f"({total.date_right}/{total.dated})")  # fmt: skip
    print(HEADER)
    print(total.row("all"))
    for name in sorted(per_type):
        print(per_type[name].row(name))
    print()
    for line in reliability(conf):
        print(line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--split", choices=["dev", "test", "all"], default="all")
    ap.add_argument("--show", type=int, default=0, help="print errors of N documents (dev only)")
    ap.add_argument(
        "--date-errors", action="store_true", help="print every wrongly dated match (dev only)"
    )
    ap.add_argument("--docs", default="", help="only these documents (comma-separated)")
    ap.add_argument(
        "--min-confidence", type=float, default=0.0, help="count only events at or above this"
    )
    ap.add_argument(
        "--candidates",
        action="store_true",
        help="also print the recall of the candidates before the judge (the recall ceiling)",
    )
    args = ap.parse_args(argv)
    if not (SHARED / "README.md").exists():
        sys.exit(f"benchmarks/articles.py: ../shared not found at {SHARED}")
    if (args.show or args.date_errors) and args.split != "dev":
        sys.exit("--show/--date-errors print errors for tuning: use them with --split dev only")
    docs = splits()
    wanted = set(args.docs.split(",")) - {""}
    for split in ["dev", "test"] if args.split == "all" else [args.split]:
        names = [d for d, (s, _) in docs.items() if s == split and (not wanted or d in wanted)]
        if not names:
            continue
        t0 = time.perf_counter()
        paths = [docs[d][1] for d in names]
        if args.candidates:
            articles, cand_articles = analyse_with_candidates(paths)
        else:
            articles = analyse(paths)
        seconds = time.perf_counter() - t0
        results = []
        for name, article in zip(names, articles, strict=True):
            article.events = [e for e in article.events if e.confidence >= args.min_confidence]
            gold = load_gold(name)
            results.append((match_doc(name, article, gold), article, gold))
        report(split, results, seconds)
        if args.candidates:
            print(candidate_recall(names, cand_articles))
        if args.show:
            show_errors(results, args.show)
        if args.date_errors:
            show_date_errors(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
