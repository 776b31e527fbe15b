"""Event-coding accuracy and speed on the gold sets in ../shared/gold/events/.

Accuracy: each gold sentence is understood and coded as a one-sentence article (the real
pipeline: the coder reads the understanding stage's entities and quotes); per set and split we print
PLOVER type precision/recall/F1 (micro, over (sentence, type) pairs), CAMEO root P/R/F1 where the
gold has CAMEO codes, and source/target country and sector accuracy over matched events.

The sets come from the CAMEO manual or overlap it, so each is split by a fixed, seeded hash of
the record id into dev (tune on it) and test (report it; never looked at while tuning); test
sentences whose text also occurs in any set's dev part are dropped from test.
Speed: events per second, and the coding time relative to parsing and understanding, in the
same process.

    PYTHONPATH=src python benchmarks/events.py [--split dev|test|all] [--limit N] [--show N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "gold" / "events"
SEED = "tidings-events-2026"
SETS = {
    "plover_gsr": "plover_gsr_cameo_manual_en.jsonl",
    "petr2_gsr": "petr2_gsr_validation_en.jsonl",
    "cameo_examples": "cameo_manual_examples_en.jsonl",
}


def split_of(record_id: str) -> str:
    """Fixed, seeded split: half dev, half test, by a hash of the record id."""
    h = int(hashlib.sha1(f"{SEED}:{record_id}".encode()).hexdigest(), 16)
    return "dev" if h % 2 == 0 else "test"


def norm_text(text: str) -> str:
    """Sentences recur across the sets (the PLOVER GSR and the CAMEO examples share the manual)."""
    return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch == " ").split())


def dev_texts() -> set[str]:
    return {norm_text(r["text"]) for n in SETS for r in load(n) if split_of(r["id"]) == "dev"}


def load(name: str) -> list[dict]:
    path = GOLD / SETS[name]
    if not path.exists():
        sys.exit(f"{path}: gold file not found (is ../shared present?)")
    rows = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            print(f"{path}:{i}: bad JSON line skipped ({exc})", file=sys.stderr)
    return rows


@dataclass
class GoldEvent:
    type: str | None
    root: str | None
    src_countries: set[str] = field(default_factory=set)
    tgt_countries: set[str] = field(default_factory=set)
    src_sectors: set[str] = field(default_factory=set)
    tgt_sectors: set[str] = field(default_factory=set)


def _codes(value: str | None) -> list[str]:
    return [c for c in (value or "").split("|") if c]


def gold_events(rec: dict) -> list[GoldEvent]:
    from tidings.ontology import PLOVER_TYPES, coding

    out = []
    for ev in rec.get("events", []):
        code = ev.get("code") or ""
        if code in PLOVER_TYPES:
            ptype = code
            cameo = ev.get("cameo_code_recovered")
        else:
            cameo = code
            cod = coding(code) if code else None
            ptype = cod.type if cod else None
        g = GoldEvent(type=ptype, root=cameo[:2] if cameo else None)
        for side, key, actors_key in (
            ("src", "source_actor", "source_actors"),
            ("tgt", "target_actor", "target_actors"),
        ):
            countries, sectors = getattr(g, f"{side}_countries"), getattr(g, f"{side}_sectors")
            for code_ in _codes(ev.get(key)):
                countries.add(code_[:3])
                if len(code_) >= 6:
                    sectors.add(code_[3:6])
            for a in ev.get(actors_key) or []:
                if a.get("sector"):
                    sectors.add(a["sector"][:3])
        out.append(g)
    return out


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, pred: Counter, gold: Counter) -> None:
        inter = sum((pred & gold).values())
        self.tp += inter
        self.fp += sum(pred.values()) - inter
        self.fn += sum(gold.values()) - inter

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class Acc:
    ok: int = 0
    n: int = 0

    def add(self, gold: set[str], pred: set[str]) -> None:
        if gold:
            self.n += 1
            self.ok += bool(gold & pred)

    def __str__(self) -> str:
        return f"{self.ok / self.n:.2f} ({self.n})" if self.n else "  -   (0)"


def _cty(actor) -> str:  # noqa: ANN001
    """Country, or the first three letters of a non-state code (IGO, NGO) as the gold has."""
    return actor.country or (actor.actor_code or "")[:3]


def train_fallback(nlp_rows: list[dict]):  # noqa: ANN201
    """A bag-of-n-grams logistic regression over PLOVER types, trained on dev sentences only."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    texts, labels = [], []
    for rec in nlp_rows:
        types = [g.type for g in gold_events(rec) if g.type]
        if types:
            texts.append(rec["text"])
            labels.append(types[0])
    model = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
        LogisticRegression(C=10.0, max_iter=3000),
    )
    model.fit(texts, labels)
    return model


def evaluate(  # noqa: PLR0913
    name: str,
    rows: list[dict],
    show: int = 0,
    fallback=None,
    tau: float = 0.0,  # noqa: ANN001
    judge: bool = True,
) -> dict:
    from tidings.events import code_events
    from tidings.schema import Article

    types, roots = Score(), Score()
    per_type: dict[str, Score] = {}
    dump: list[dict] = []
    acc = {k: Acc() for k in ("src_country", "tgt_country", "src_sector", "tgt_sector")}
    arts = []
    for rec in rows:
        date = rec.get("date") or ""
        if len(date) == 8 and date.isdigit():
            date = f"{date[:4]}-{date[4:6]}-{date[6:]}"
        arts.append(
            Article(
                id=rec["id"], source=name, format="text", text=rec["text"], published=date or None
            )
        )
    from tidings.understand import understand_many

    t0 = time.perf_counter()
    pairs = list(understand_many(arts, batch_size=64, with_docs=True))
    parse_s = time.perf_counter() - t0
    code_s = 0.0
    n_events = 0
    shown = 0
    for rec, (art, doc) in zip(rows, pairs, strict=True):
        t1 = time.perf_counter()
        events = code_events(art, doc, judge=judge)
        code_s += time.perf_counter() - t1
        n_events += len(events)
        gold = gold_events(rec)
        gtypes = Counter({g.type for g in gold if g.type})
        ptypes = Counter({e.type for e in events})
        if fallback is not None and not events:
            probs = fallback.predict_proba([rec["text"]])[0]
            best = probs.argmax()
            if probs[best] >= tau:
                ptypes = Counter({fallback.classes_[best]: 1})
        if gtypes:
            types.add(ptypes, gtypes)
            for t in set(gtypes) | set(ptypes):
                per_type.setdefault(t, Score()).add(
                    Counter({t: ptypes[t]}), Counter({t: gtypes[t]})
                )
            dump.append(
                {
                    "id": rec["id"],
                    "text": rec["text"],
                    "gold": sorted(gtypes),
                    "pred": sorted(ptypes),
                    "events": [
                        {
                            "type": e.type,
                            "cameo": e.cameo,
                            "trigger": e.evidence[0].trigger if e.evidence else "",
                            "rule": e.rule,
                            "source": [a.name for a in e.source],
                            "target": [a.name for a in e.target],
                        }
                        for e in events
                    ],
                }
            )
        groots = Counter({g.root for g in gold if g.root})
        if groots:
            roots.add(Counter({e.cameo[:2] for e in events if e.cameo}), groots)
        for g in gold:
            match = [e for e in events if e.type == g.type]
            if not match:
                continue
            e = match[0]
            acc["src_country"].add(g.src_countries, {_cty(a) for a in e.source})
            acc["tgt_country"].add(g.tgt_countries, {_cty(a) for a in e.target})
            acc["src_sector"].add(
                g.src_sectors, {(a.actor_code or "")[3:6] for a in e.source if a.actor_code}
            )
            acc["tgt_sector"].add(
                g.tgt_sectors, {(a.actor_code or "")[3:6] for a in e.target if a.actor_code}
            )
        if show and shown < show and gtypes and set(ptypes) != set(gtypes):
            shown += 1
            print(f"  [{rec['id']}] gold={sorted(gtypes)} pred={sorted(ptypes)}")
            print(f"      {rec['text'][:160]}")
            for e in events:
                print(f"      -> {e.type} {e.cameo} {[a.name for a in e.source]} {e.rule}")
    return {
        "n": len(rows),
        "types": types,
        "per_type": per_type,
        "dump": dump,
        "roots": roots,
        "acc": acc,
        "parse_s": parse_s,
        "code_s": code_s,
        "events": n_events,
    }


def print_per_type(per_type: dict[str, Score]) -> None:
    """P/R/F1 and counts per PLOVER type, most gold first."""
    print(f"{'type':13} {'gold':>4} {'pred':>4} {'tp':>4} | {'P':>5} {'R':>5} {'F1':>5}")
    for t, sc in sorted(per_type.items(), key=lambda kv: -(kv[1].tp + kv[1].fn)):
        p, r, f = sc.prf()
        print(
            f"{t:13} {sc.tp + sc.fn:4d} {sc.tp + sc.fp:4d} {sc.tp:4d} | {p:5.2f} {r:5.2f} {f:5.2f}"
        )


def corpus_speed() -> None:
    """Whole articles (../shared/corpus): parse and understand vs. code time, in this process."""
    from tidings.events import code_events
    from tidings.schema import Article
    from tidings.understand import understand_many

    folder = SHARED / "corpus" / "articles"
    arts = []
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        if len(lines) < 4:
            print(f"{path}: too short for 'title, date, blank, paragraphs'; skipped")
            continue
        paras = [p.strip() for p in "\n".join(lines[3:]).split("\n\n") if p.strip()]
        arts.append(
            Article(
                id=path.stem,
                source=str(path),
                format="text",
                title=lines[0],
                published=lines[1].strip() or None,
                text="\n\n".join(paras),
            )
        )
    if not arts:
        print(f"{folder}: no articles")
        return
    t0 = time.perf_counter()
    pairs = list(understand_many(arts, batch_size=16, with_docs=True))
    parse_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    n = sum(len(code_events(a, d)) for a, d in pairs)
    code_s = time.perf_counter() - t1
    words = sum(len(a.text.split()) for a in arts)
    print(
        f"corpus: {len(arts)} articles, {words} words, {n} events; parse+understand {parse_s:.2f}s, "
        f"code {code_s:.2f}s; {n / max(code_s, 1e-9):.0f} events/s, "
        f"{len(arts) / max(code_s, 1e-9):.1f} articles/s coded; "
        f"coding cost = {code_s / max(parse_s, 1e-9):.2f}x parse+understand"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--split", choices=["dev", "test", "all"], default="test")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", type=int, default=0, help="print N errors (use on dev only)")
    ap.add_argument(
        "--no-judge", action="store_true", help="the rules' candidates alone (the judge is off)"
    )
    ap.add_argument("--no-corpus", action="store_true", help="skip the whole-corpus speed run")
    ap.add_argument(
        "--per-type", action="store_true", help="print P/R/F1 per PLOVER type (all sets together)"
    )
    ap.add_argument(
        "--dump", metavar="PATH", help="write each sentence's gold and coded events as JSON lines"
    )
    ap.add_argument(
        "--fallback",
        type=float,
        default=None,
        metavar="TAU",
        help="experiment: when the coder finds nothing, use a classifier trained on the dev "
        "split of all sets (needs scikit-learn), if its probability >= TAU",
    )
    args = ap.parse_args(argv)
    if not GOLD.exists():
        print(f"{GOLD}: not found; the benchmark needs ../shared beside the repository")
        return 1
    from tidings.understand.nlp import load as load_model

    load_model()
    from tidings import kb
    from tidings.events.lexicon import lexicon

    kb.warm()  # data tables load once per process, outside the timings
    lexicon()
    header = (
        f"{'set':15} {'split':5} {'sents':>5} | {'type P':>6} {'R':>5} {'F1':>5} | "
        f"{'root P':>6} {'R':>5} {'F1':>5} | {'src cty':>9} {'tgt cty':>9} "
        f"{'src sec':>9} {'tgt sec':>9}"
    )
    print(header)
    print("-" * len(header))
    tot_parse = tot_code = 0.0
    tot_events = tot_sents = 0
    all_types = Score()
    all_per_type: dict[str, Score] = {}
    dumped: list[dict] = []
    fallback = None
    if args.fallback is not None:
        if args.split != "test":
            sys.exit("--fallback trains on dev: evaluate it with --split test")
        dev_rows = [r for n in SETS for r in load(n) if split_of(r["id"]) == "dev"]
        fallback = train_fallback(dev_rows)
    for name in args.sets.split(","):
        rows = load(name)
        if args.split != "all":
            rows = [r for r in rows if split_of(r["id"]) == args.split]
        if args.split == "test":  # held out for real: no sentence also seen in any dev set
            seen = dev_texts()
            rows = [r for r in rows if norm_text(r["text"]) not in seen]
        if args.limit:
            rows = rows[: args.limit]
        res = evaluate(
            name,
            rows,
            show=args.show,
            fallback=fallback,
            tau=args.fallback or 0.0,
            judge=not args.no_judge,
        )
        tp, tr, tf = res["types"].prf()
        rp, rr, rf = res["roots"].prf()
        a = res["acc"]
        print(
            f"{name:15} {args.split:5} {res['n']:5d} | {tp:6.2f} {tr:5.2f} {tf:5.2f} | "
            f"{rp:6.2f} {rr:5.2f} {rf:5.2f} | {a['src_country']!s:>9} {a['tgt_country']!s:>9} "
            f"{a['src_sector']!s:>9} {a['tgt_sector']!s:>9}"
        )
        for k in ("tp", "fp", "fn"):
            setattr(all_types, k, getattr(all_types, k) + getattr(res["types"], k))
            for t, sc in res["per_type"].items():
                tot = all_per_type.setdefault(t, Score())
                setattr(tot, k, getattr(tot, k) + getattr(sc, k))
        dumped += [dict(row, set=name) for row in res["dump"]]
        tot_parse += res["parse_s"]
        tot_code += res["code_s"]
        tot_events += res["events"]
        tot_sents += res["n"]
    ap_, ar_, af_ = all_types.prf()
    print(f"{'all (micro)':15} {args.split:5} {tot_sents:5d} | {ap_:6.2f} {ar_:5.2f} {af_:5.2f} |")
    if args.per_type:
        print_per_type(all_per_type)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(row) + "\n" for row in dumped)
    print()
    print(
        f"speed: {tot_sents} sentences, {tot_events} events; parse+understand {tot_parse:.2f}s, "
        f"code {tot_code:.2f}s; {tot_events / max(tot_code, 1e-9):.0f} events/s coded, "
        f"{tot_sents / max(tot_code, 1e-9):.0f} sentences/s coded; "
        f"coding cost = {tot_code / max(tot_parse, 1e-9):.2f}x parse+understand"
    )
    print("(actor accuracy: share of matched events whose gold country/sector is among ours)")
    if not args.no_corpus:
        corpus_speed()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
