"""Train the event judge (src/tidings/data/judge/judge.json) on DEV data only.

    PYTHONPATH=src python tools/train_judge.py [--out PATH] [--c 0.25,0.5,1] [--min-count 1,2]

Training data, all from dev splits (never test):

- the dev articles of ``benchmarks/gold/splits.tsv``: every candidate the patterns propose
  (``tidings.events.coder.candidates``, judge off) is labelled with the PLOVER type of the main
  gold event it matches (benchmarks/articles.py's rule: type, source, target), with the gold
  type when it matches a main event's actors in that event's sentence under another type, and
  ``NONE`` when it matches nothing; candidates that match only a background or optional event
  are left out;
- the dev halves of ``../shared/gold/events/`` (plover_gsr, petr2_gsr, cameo_examples; the
  seeded split of benchmarks/events.py): a candidate is labelled with its type when the
  sentence's gold has it, else ``NONE`` (or the gold's single type when the candidate is the
  sentence's only one).

A multinomial logistic regression (scikit-learn, training only) over the candidates' binary
features (``tidings.events.judge.features``) is fitted; out-of-fold predictions on the dev
articles (folds by document) give the Platt calibration of the chosen type's probability, the
decision threshold and whether the judge may retype a candidate: of the settings whose sum of
the article-level F1 (the whole pipeline's merge and matching replayed on the out-of-fold
probabilities) and the sentence-level type F1 (out of fold, by sentence) is within 0.015 of the
best, the one with the highest article precision. The regularisation strength ``C`` and the
least number of examples a feature needs (``--min-count``: rarer features name their examples,
not a kind of event) are chosen the same way, over a small grid. The model is written as JSON
(classes, intercepts, one weight row per feature), applied at run time by
``tidings.events.judge`` without scikit-learn. Deterministic: same data, same file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
OUT = ROOT / "src" / "tidings" / "data" / "judge" / "judge.json"
SENTENCE_SETS = ("plover_gsr", "petr2_gsr", "cameo_examples")
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 17)]
C_GRID = [0.25, 0.5, 1.0]  # inverse L2 strengths tried, chosen out of fold
MIN_COUNTS = [1, 2]  # least examples per feature tried, chosen out of fold
TOLERANCE = 0.015  # F1 points: out-of-fold differences smaller than this are noise


# ----------------------------------------------------------------------------- data


def article_examples() -> list[dict]:
    """(doc, article, candidates, labels) of every dev article."""
    import articles as bench
    from tidings.events.coder import _lead_end, candidates
    from tidings.events.index import DocIndex
    from tidings.events.occasions import Occasions
    from tidings.events.when_where import DateMemory
    from tidings.read import read
    from tidings.understand import understand_many

    docs = [(d, path) for d, (split, path) in bench.splits().items() if split == "dev"]
    arts = [read(path) for _, path in docs]
    out = []
    for (name, _), (art, doc) in zip(docs, understand_many(arts, with_docs=True), strict=True):
        gold = bench.load_gold(name)
        cands = candidates(art, doc)
        labels = [article_label(c.event, art, gold, bench) for c in cands]
        index = DocIndex.build(art, doc)
        occasions = Occasions.build(index, DateMemory(art.published, index))
        out.append({"doc": name, "article": art, "gold": gold, "cands": cands, "labels": labels,
                    "lead_end": _lead_end(index), "occasions": occasions})  # fmt: skip
    return out


def article_label(ev, art, gold: dict, bench) -> str | None:  # noqa: ANN001
    """The gold type a candidate stands for, NONE, or None (leave it out)."""
    main = [g for g in gold["events"] if g["status"] == "main"]
    if any(bench.event_matches(ev, art, g) for g in main):
        return ev.type
    sent = ev.evidence[0].sentence
    for g in main:
        if g["sentence"][:60] not in sent and sent[:60] not in g["sentence"]:
            continue
        if bench.event_matches(ev.model_copy(update={"type": g["type"]}), art, g):
            return g["type"]  # the right act and actors under another type
    others = [g for g in gold["events"] if g["status"] != "main"]
    if any(bench.event_matches(ev, art, g) for g in others):
        return None
    return "NONE"


def sentence_examples() -> list[dict]:
    """Per dev sentence of the shared gold sets: its gold types and its candidates' features,
    pattern types and labels."""
    import events as ebench
    from tidings.events.coder import candidates
    from tidings.schema import Article
    from tidings.understand import understand_many

    out = []
    for name in SENTENCE_SETS:
        rows = [r for r in ebench.load(name) if ebench.split_of(r["id"]) == "dev"]
        arts = []
        for rec in rows:
            date = rec.get("date") or ""
            if len(date) == 8 and date.isdigit():
                date = f"{date[:4]}-{date[4:6]}-{date[6:]}"
            arts.append(Article(id=rec["id"], source=name, format="text", text=rec["text"],
                                published=date or None))  # fmt: skip
        for rec, (art, doc) in zip(rows, understand_many(arts, with_docs=True), strict=True):
            gold = {g.type for g in ebench.gold_events(rec) if g.type}
            if not gold:
                continue
            cands = candidates(art, doc)
            labels = []
            for c in cands:
                label = c.event.type if c.event.type in gold else "NONE"
                if label == "NONE" and len(gold) == 1 and len(cands) == 1:
                    label = next(iter(gold))
                labels.append(label)
            out.append({"gold": gold, "feats": [c.features for c in cands],
                        "types": [c.event.type for c in cands], "labels": labels})  # fmt: skip
    return out


def sentence_rows(sents: list[dict]) -> list[tuple[list[str], str]]:
    return [(f, lab) for s in sents for f, lab in zip(s["feats"], s["labels"], strict=True)]


# ----------------------------------------------------------------------------- model


def fit(rows: list[tuple[list[str], str]], weights: list[float], c: float, min_count: int = 1):  # noqa: ANN201
    """The regression on ``rows``; features seen in fewer than ``min_count`` of them are left
    out (a feature of one or two examples names those examples, not a kind of event)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for feats, _ in rows for f in set(feats))
    vec = DictVectorizer()
    x = vec.fit_transform(
        [{f: 1 for f in feats if counts[f] >= min_count or f == "bias"} for feats, _ in rows]
    )
    y = [label for _, label in rows]
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, y, sample_weight=weights)
    return vec, model


def probs_of(vec, model, feats: list[str]) -> dict[str, float]:  # noqa: ANN001
    p = model.predict_proba(vec.transform([dict.fromkeys(feats, 1)]))[0]
    return dict(zip(model.classes_, p, strict=True))


def oof_probs(  # noqa: PLR0913
    docs: list[dict], sents: list[dict], c: float, art_w: float, folds: int, min_count: int
) -> None:
    """Out-of-fold class probabilities of every article candidate (``doc["oof"]``) and every
    sentence candidate (``sent["oof"]``): folds by document and by sentence."""
    for k in range(folds):
        rows, w = [], []
        for i, s in enumerate(sents):
            if i % folds != k:
                rows += list(zip(s["feats"], s["labels"], strict=True))
                w += [1.0] * len(s["feats"])
        for i, d in enumerate(docs):
            if i % folds == k:
                continue
            for cand, label in zip(d["cands"], d["labels"], strict=True):
                if label is not None:
                    rows.append((cand.features, label))
                    w.append(art_w)
        vec, model = fit(rows, w, c, min_count)
        for i, d in enumerate(docs):
            if i % folds == k:
                d["oof"] = [probs_of(vec, model, cand.features) for cand in d["cands"]]
        for i, s in enumerate(sents):
            if i % folds == k:
                s["oof"] = [probs_of(vec, model, f) for f in s["feats"]]


def sentence_f1(sents: list[dict], threshold: float, calib, retype: bool) -> float:  # noqa: ANN001
    """Micro F1 of PLOVER types over the dev sentences (benchmarks/events.py's measure) on the
    out-of-fold probabilities."""
    import math

    from tidings.events.judge import choose

    a, b = calib
    tp = fp = fn = 0
    for s in sents:
        pred = set()
        for ptype, probs in zip(s["types"], s["oof"], strict=True):
            t, p = choose(ptype, probs, retype=retype)
            p = min(max(p, 1e-6), 1 - 1e-6)
            if 1 / (1 + math.exp(-(a * math.log(p / (1 - p)) + b))) >= threshold:
                pred.add(t)
        tp += len(pred & s["gold"])
        fp += len(pred - s["gold"])
        fn += len(s["gold"] - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def platt(pairs: list[tuple[float, bool]]) -> tuple[float, float]:
    """Calibration a, b of sigmoid(a * logit(p) + b) on (probability, right) pairs."""
    import math

    from sklearn.linear_model import LogisticRegression

    xs = [[math.log(max(p, 1e-6) / max(1 - p, 1e-6))] for p, _ in pairs]
    ys = [int(ok) for _, ok in pairs]
    if len(set(ys)) < 2:
        return 1.0, 0.0
    lr = LogisticRegression(C=100.0).fit(xs, ys)
    return float(lr.coef_[0][0]), float(lr.intercept_[0])


def replay(docs: list[dict], threshold: float, calib, retype: bool) -> tuple[float, float, float]:  # noqa: ANN001
    """Article-level P, R, F1 of the pipeline on the out-of-fold probabilities."""
    import math

    import articles as bench
    from tidings.events.dating import fill_dates
    from tidings.events.identity import merge
    from tidings.events.judge import choose
    from tidings.events.judge import retype as give_type

    a, b = calib
    results = []
    for d in docs:
        kept = []
        for cand, probs in zip(d["cands"], d["oof"], strict=True):
            ptype, p = choose(cand.event.type, probs, retype=retype)
            p = min(max(p, 1e-6), 1 - 1e-6)
            conf = 1 / (1 + math.exp(-(a * math.log(p / (1 - p)) + b)))
            if conf >= threshold:
                c2 = type(cand)(event=cand.event.model_copy(deep=True), trig=cand.trig,
                                modality=cand.modality, features=cand.features)  # fmt: skip
                if ptype != c2.event.type:
                    give_type(c2, ptype)
                c2.event.confidence = conf
                kept.append(c2.event)
        fill_dates(kept, d["article"].published, lead_end=d["lead_end"], occasions=d["occasions"])
        art = d["article"].model_copy()
        art.events = merge(kept, open_target=True)
        results.append((bench.match_doc(d["doc"], art, d["gold"]), art, d["gold"]))
    total, _, _ = bench.score(results)
    return total.prf()


def calibration_pairs(docs: list[dict], retype: bool) -> list[tuple[float, bool]]:
    from tidings.events.judge import choose

    pairs = []
    for d in docs:
        for cand, label, probs in zip(d["cands"], d["labels"], d["oof"], strict=True):
            if label is None:
                continue
            ptype, p = choose(cand.event.type, probs, retype=retype)
            pairs.append((p, label == ptype))
    return pairs


def export(vec, model, calib, threshold: float, retype: bool, meta: dict) -> dict:  # noqa: ANN001
    names = vec.get_feature_names_out()
    weights = {}
    for j, name in enumerate(names):
        row = [round(float(model.coef_[k][j]), 4) for k in range(len(model.classes_))]
        if any(abs(w) >= 1e-3 for w in row):
            weights[str(name)] = row
    return {
        "format": "tidings-judge/1: multinomial logistic regression over binary features",
        "classes": [str(c) for c in model.classes_],
        "intercept": [round(float(v), 4) for v in model.intercept_],
        "calibration": [round(calib[0], 4), round(calib[1], 4)],
        "threshold": threshold,
        "retype": retype,
        "trained": meta,
        "weights": dict(sorted(weights.items())),
    }


def to_json(data: dict) -> str:
    """The model as JSON with one line per feature (readable diffs when it is retrained)."""
    head = {k: v for k, v in data.items() if k != "weights"}
    lines = [json.dumps(head, indent=1)[:-2] + ',\n "weights": {']
    rows = [f" {json.dumps(k)}: {json.dumps(v)}" for k, v in data["weights"].items()]
    return "\n".join(lines) + "\n" + ",\n".join(rows) + "\n }\n}\n"


def settings_table(docs: list[dict], sents: list[dict], c: float, mc: int) -> list[tuple]:
    """(F1 sum, P, threshold, retype, calibration, R, F1, sentence F1, C, min_count) of every
    threshold and retyping choice on the current out-of-fold probabilities."""
    table = []
    for retype in (False, True):
        calib = platt(calibration_pairs(docs, retype))
        for t in THRESHOLDS:
            p, r, f = replay(docs, t, calib, retype)
            fs = sentence_f1(sents, t, calib, retype)
            table.append((f + fs, p, t, retype, calib, r, f, fs, c, mc))
    best = max(table, key=lambda row: row[0])
    print(f"C={c} min_count={mc}: best retype={best[3]!s:<5} threshold {best[2]:.2f}: "
          f"articles P {best[1]:.2f} R {best[5]:.2f} F1 {best[6]:.2f}; sentences F1 "
          f"{best[7]:.2f}")  # fmt: skip
    return table


def _floats(text: str) -> list[float]:
    return [float(x) for x in text.split(",")]


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument(
        "--c",
        type=_floats,
        default=C_GRID,
        help="inverse L2 regularisation strengths to try (comma-separated)",
    )
    ap.add_argument(
        "--min-count",
        type=_ints,
        default=MIN_COUNTS,
        help="least number of examples a feature needs (comma-separated choices)",
    )
    ap.add_argument("--article-weight", type=float, default=2.0)
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)
    docs = article_examples()  # candidates as the patterns propose them (no judge involved)
    sents = sentence_examples()
    n_art = sum(1 for d in docs for lab in d["labels"] if lab is not None)
    print(f"dev articles: {len(docs)} documents, {n_art} labelled candidates "
          f"{Counter(lab for d in docs for lab in d['labels'] if lab)}")  # fmt: skip
    print(
        f"dev sentences: {len(sents)} sentences, {sum(len(s['feats']) for s in sents)} candidates"
    )
    table = []
    for c in args.c:
        for mc in args.min_count:
            oof_probs(docs, sents, c, args.article_weight, args.folds, mc)
            table += settings_table(docs, sents, c, mc)
    # the best sum of F1s; among settings within TOLERANCE of it, the most precise one (an
    # analyst must be able to trust the records)
    top = max(row[0] for row in table)
    _, p, t, retype, calib, r, f, fs, c, mc = max(
        (row for row in table if row[0] >= top - TOLERANCE), key=lambda row: (row[1], row[0])
    )
    print(f"chosen: C={c} min_count={mc} retype={retype} threshold={t} (out-of-fold dev "
          f"articles P {p:.2f} R {r:.2f} F1 {f:.2f}, sentences F1 {fs:.2f})")  # fmt: skip
    sent_rows = sentence_rows(sents)
    rows, w = list(sent_rows), [1.0] * len(sent_rows)
    for d in docs:
        for cand, label in zip(d["cands"], d["labels"], strict=True):
            if label is not None:
                rows.append((cand.features, label))
                w.append(args.article_weight)
    vec, model = fit(rows, w, c, mc)
    meta = {
        "command": " ".join(
            ["python tools/train_judge.py", *(sys.argv[1:] if argv is None else argv)]
        ),
        "data": "dev articles of benchmarks/gold/splits.tsv; dev halves of ../shared/gold/events "
        "(plover_gsr, petr2_gsr, cameo_examples; seed tidings-events-2026)",
        "examples": len(rows),
        "C": c,
        "min_count": mc,
        "article_weight": args.article_weight,
        "out_of_fold_dev": {
            "articles": {"P": round(p, 3), "R": round(r, 3), "F1": round(f, 3)},
            "sentences_F1": round(fs, 3),
        },  # fmt: skip
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    data = export(vec, model, calib, t, retype, meta)
    args.out.write_text(to_json(data), "utf-8")
    print(f"{args.out}: {len(data['weights'])} features, {len(data['classes'])} classes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
