"""Build clean Articles from ``../shared`` files and load hand-made gold annotations.

Used by tests and benchmarks while the reader is being rewritten: the reference page is cut to
its body with the boundaries recorded in the gold file (an annotation, not a rule), corpus files
are "title line, ISO date line, blank, paragraphs".
"""

from __future__ import annotations

import json
from pathlib import Path

from tidings.schema import Article

GOLD_DIR = Path(__file__).resolve().parents[3] / "tests" / "gold" / "understand"


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
