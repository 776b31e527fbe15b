"""Build clean Articles from ``../shared`` files and load hand-made gold annotations.

A test and benchmark helper (not part of the package): ``tests/`` import it directly,
``benchmarks/quotes.py`` and ``benchmarks/entities.py`` put ``tests/`` on ``sys.path``. The
reference page is cut to its body with the boundaries recorded in the gold file (an annotation,
not a rule), corpus files are "title line, ISO date line, blank, paragraphs".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tidings.schema import Article

GOLD_DIR = Path(__file__).resolve().parent / "gold" / "understand"


def article_from_paragraphs(paragraphs: list[str], source: str, **fields) -> Article:
    """An Article whose ``text`` is the paragraphs joined by a blank line (the reader's rule)."""
    from tidings.read.normalize import article_id

    paragraphs = [p.strip() for p in paragraphs if p.strip()]
    return Article(
        id=article_id(paragraphs),
        source=source,
        format="text",
        paragraphs=paragraphs,
        text="\n\n".join(paragraphs),
        **fields,
    )


def corpus_article(path: Path) -> Article:
    """A ``../shared/corpus/articles`` file: title, ISO date, blank line, paragraphs."""
    lines = path.read_text("utf-8").splitlines()
    return article_from_paragraphs(
        lines[2:], str(path), title=lines[0].strip(), published=lines[1].strip()
    )


def page_article(path: Path, gold: dict) -> Article:
    """A flattened page cut to its body using the annotated first/last words and subheadings."""
    lines = [x.strip() for x in path.read_text("utf-8").splitlines()]
    start = next(i for i, x in enumerate(lines) if x.startswith(gold["body_first"]))
    end = next(i for i, x in enumerate(lines) if x.endswith(gold["body_last"]))
    skip = set(gold.get("not_body", []))
    paras = [x for x in lines[start : end + 1] if x and x not in skip]
    return article_from_paragraphs(
        paras, str(path), title=gold.get("title"), published=gold.get("published")
    )


def load_gold(split: str | None = None, gold_dir: Path = GOLD_DIR) -> list[dict]:
    """All gold files (optionally only ``dev`` or ``test``), sorted by name."""
    out = []
    for f in sorted(gold_dir.glob("*.json")):
        g = json.loads(f.read_text("utf-8"))
        if split is None or g.get("split") == split:
            g["_file"] = f.name
            out.append(g)
    return out


def gold_article(gold: dict, shared: Path) -> Article:
    """The Article a gold file annotates (``source`` is relative to ``../shared``)."""
    path = shared / gold["source"]
    if gold.get("body_first"):
        return page_article(path, gold)
    return corpus_article(path)


# -- scoring -------------------------------------------------------------------------------


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence of a phrase on word boundaries."""
    pat = r"(?<![\w])" + re.escape(needle) + r"(?![\w])"
    return [(m.start(), m.end()) for m in re.finditer(pat, text)]


def gold_mentions(article: Article, gold: dict) -> dict[tuple[int, int], str]:
    """(start, end) -> gold entity name, for every occurrence of every surface form; an
    occurrence inside a longer one ("Lavrov" in "Sergei Lavrov") is dropped."""
    occ: list[tuple[int, int, str]] = []
    for ent in gold.get("entities", []):
        for surf in ent["surfaces"]:
            occ += [(a, b, ent["name"]) for a, b in _occurrences(article.text, surf)]
    out = {}
    for a, b, name in occ:
        if not any(x <= a and b <= y and (x, y) != (a, b) for x, y, _ in occ):
            out[(a, b)] = name
    return out


def _same_name(pred: str | None, gold: str | None) -> bool:
    """Speaker/entity names agree: equal, or one's words end the other's ("Lavrov")."""
    if not pred or not gold:
        return not pred and not gold
    p = re.sub(r"^the\s+", "", pred.lower()).split()
    g = re.sub(r"^the\s+", "", gold.lower()).split()
    return p == g or p[-len(g) :] == g or g[-len(p) :] == p


def match_quotes(text: str, preds: list[dict], golds: list[dict]) -> list[tuple[dict, dict]]:
    """Greedy one-to-one matching of predicted and gold quotes of the same kind.

    A gold quote is located in the text (all occurrences); a prediction matches when its span
    overlaps one occurrence by Jaccard >= 0.5, or for ``"match": "prefix"`` golds (long quotes
    annotated by their opening words) when it starts within 3 characters of it.
    """
    used: set[int] = set()
    pairs = []
    for g in golds:
        occ = _occurrences(text, g["text"]) or [
            (i, i + len(g["text"])) for i in [text.find(g["text"])] if i >= 0
        ]
        best = None
        for pi, p in enumerate(preds):
            if pi in used or p["direct"] != g["direct"]:
                continue
            for a, b in occ:
                if g.get("match") == "prefix":
                    ok = abs(p["start"] - a) <= 3 and p["end"] >= b
                    score = 1.0 if ok else 0.0
                else:
                    inter = max(0, min(b, p["end"]) - max(a, p["start"]))
                    union = max(b, p["end"]) - min(a, p["start"])
                    score = inter / union if union else 0.0
                if score >= 0.5 and (best is None or score > best[0]):
                    best = (score, pi)
        if best is not None:
            used.add(best[1])
            pairs.append((g, preds[best[1]]))
    return pairs


def speaker_ok(gold: dict, pred_speaker: str | None, pred_entity: str | None = "?") -> bool:
    """Whether a predicted speaker is the gold speaker (or an accepted alternative).

    A gold speaker of ``None`` means no named entity said it ("a U.S. statement", "diplomats"):
    right when the prediction links no entity (``pred_entity`` None), whatever name it quotes.
    """
    if gold.get("speaker") is None and pred_entity != "?":
        return pred_entity is None
    names = [gold.get("speaker")] + list(gold.get("speaker_alt", []))
    return any(_same_name(pred_speaker, n) for n in names)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0 when undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
