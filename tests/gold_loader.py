"""Build clean Articles from ``../shared`` files and load the hand-made gold of quotations and people.

A test and benchmark helper (not part of the package): ``tests/`` import it directly,
``benchmarks/quotes.py`` and ``benchmarks/entities.py`` put ``tests/`` on ``sys.path``. The gold is
``benchmarks/gold/quotes/<doc>.json`` (docs/annotation.md, "Quotations and people"), split by
``benchmarks/gold/splits.tsv``. The reference page is cut to its body with the boundaries the
annotators recorded (``PAGES``: an annotation, not a rule); corpus files and the rendered GUM
texts are "title line, ISO date line, blank, paragraphs".
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from tidings.schema import Article, Entity

ROOT = Path(__file__).resolve().parents[1]
GOLD_ROOT = ROOT / "benchmarks" / "gold"
QUOTES_DIR = GOLD_ROOT / "quotes"
#: pages that are not "title, date, paragraphs": where the body starts and ends, the
#: subheadings (benchmarks/gold/NOTES-gold-quotes-corpus.md), the date the page gives
PAGES = {
    "reference-7dnews": {
        "title": "Pompeo and Lavrov Meeting Updates Look Promising",
        "published": "2019-05-14T20:07:00+00:00",
        "body_first": "The Russian Foreign Minister, Sergei Lavrov,",
        "body_last": "in the Black Sea resort of Sochi.",
        "not_body": ["Election Interference", "Improving Cooperation"],
    }
}
PRONOUNS = {"he", "she", "him", "his", "her", "hers", "himself", "herself", "i", "me", "my"}


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


def page_article(path: Path, page: dict) -> Article:
    """A flattened page cut to its body using the annotated first/last words and subheadings."""
    lines = [x.strip() for x in path.read_text("utf-8").splitlines()]
    start = next(i for i, x in enumerate(lines) if x.startswith(page["body_first"]))
    end = next(i for i, x in enumerate(lines) if x.endswith(page["body_last"]))
    skip = set(page.get("not_body", []))
    paras = [x for x in lines[start : end + 1] if x and x not in skip]
    return article_from_paragraphs(
        paras, str(path), title=page.get("title"), published=page.get("published")
    )


def splits() -> dict[str, tuple[str, str]]:
    """doc -> (split, text spec) from ``benchmarks/gold/splits.tsv``."""
    with (GOLD_ROOT / "splits.tsv").open(encoding="utf-8", newline="") as fh:
        return {r["doc"]: (r["split"], r["text"]) for r in csv.DictReader(fh, delimiter="\t")}


def load_gold(split: str | None = None) -> list[dict]:
    """Gold files of quotations and people (optionally only ``dev`` or ``test``), by name."""
    table = splits()
    out = []
    for f in sorted(QUOTES_DIR.glob("*.json")):
        g = json.loads(f.read_text("utf-8"))
        g["split"] = table[g["doc"]][0]
        if split is None or g["split"] == split:
            g["_file"] = f.name
            out.append(g)
    return out


def gold_file(doc: str) -> dict:
    """One gold file by document id."""
    return next(g for g in load_gold() if g["doc"] == doc)


def gold_article(gold: dict, shared: Path) -> Article:
    """The Article a gold file annotates (``text``: ``shared:`` or ``repo:`` path)."""
    where, _, rel = gold["text"].partition(":")
    path = (shared if where == "shared" else ROOT) / rel
    if gold["doc"] in PAGES:
        return page_article(path, PAGES[gold["doc"]])
    return corpus_article(path)


def dev_articles(docs: list[str], shared: Path) -> dict[str, Article]:
    """Gold documents of the dev split, understood as in the pipeline, by id (rules' tests
    are written on dev documents only: this fails on a document of another split)."""
    from tidings.understand import understand_many

    golds = [gold_file(d) for d in docs]
    assert all(g["split"] == "dev" for g in golds), [g["doc"] for g in golds if g["split"] != "dev"]
    return dict(zip(docs, understand_many([gold_article(g, shared) for g in golds]), strict=True))


def person(art: Article, name: str) -> Entity:
    """The article's PERSON entity of this name (StopIteration names a missing one)."""
    return next(e for e in art.entities if e.type == "PERSON" and e.name == name)


# -- scoring -------------------------------------------------------------------------------


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence of a phrase on word boundaries."""
    pat = r"(?<![\w])" + re.escape(needle) + r"(?![\w])"
    return [(m.start(), m.end()) for m in re.finditer(pat, text)]


def locate(text: str, needle: str) -> list[tuple[int, int]]:
    """Where a gold quotation is in the text: exactly, else with any whitespace (and quote
    marks at paragraph breaks) between its words (multi-paragraph quotes joined by a space)."""
    occ = _occurrences(text, needle)
    if occ:
        return occ
    i = text.find(needle)
    if i >= 0:
        return [(i, i + len(needle))]
    words = needle.split()
    if not words:
        return []
    pat = r"[\s\"“”‘’']*\s[\s\"“”‘’']*".join(re.escape(w) for w in words)
    return [(m.start(), m.end()) for m in re.finditer(pat, text)]


def norm_name(name: str | None) -> str:
    """Lower case, no leading article, no honorific, no punctuation: for comparing names."""
    if not name:
        return ""
    s = name.lower().replace("’", "'")
    s = re.sub(r"^(the|mr\.?|mrs\.?|ms\.?|dr\.?)\s+", "", s)
    s = re.sub(r"'s$", "", s)
    return " ".join(re.findall(r"[\w'-]+", s))


def _same_name(pred: str | None, gold: str | None) -> bool:
    """Names agree: equal, or one's words end the other's ("Lavrov", "Home Office")."""
    if not pred or not gold:
        return not pred and not gold
    p, g = norm_name(pred).split(), norm_name(gold).split()
    if not p or not g:
        return False
    return p == g or p[-len(g) :] == g or g[-len(p) :] == p


def match_quotes(text: str, preds: list[dict], golds: list[dict]) -> list[tuple[dict, dict]]:
    """Greedy one-to-one matching of predicted and gold quotes of the same kind: a prediction
    matches a gold quotation when its span overlaps an occurrence of it by Jaccard >= 0.5."""
    used: set[int] = set()
    pairs = []
    for g in golds:
        occ = locate(text, g["text"])
        best = None
        for pi, p in enumerate(preds):
            if pi in used or p["direct"] != g["direct"]:
                continue
            for a, b in occ:
                inter = max(0, min(b, p["end"]) - max(a, p["start"]))
                union = max(b, p["end"]) - min(a, p["start"])
                score = inter / union if union else 0.0
                if score >= 0.5 and (best is None or score > best[0]):
                    best = (score, pi)
        if best is not None:
            used.add(best[1])
            pairs.append((g, preds[best[1]]))
    return pairs


def gold_person(gold: dict, name: str | None) -> dict | None:
    """The gold person record called ``name``."""
    return next((p for p in gold.get("people", []) if p["name"] == name), None)


def _name_surfaces(person: dict) -> set[str]:
    """A gold person's name forms (no pronouns, no descriptions in lower case)."""
    out = {norm_name(person["name"])}
    for s in person.get("surfaces", []):
        if s.lower() not in PRONOUNS and any(w[:1].isupper() for w in s.split()):
            out.add(norm_name(s))
    return out - {""}


def entity_names(ent: Entity | None) -> set[str]:
    """A predicted entity's name forms (its name and name/surname/title mentions)."""
    if ent is None:
        return set()
    out = {norm_name(ent.name)}
    out |= {norm_name(m.text) for m in ent.mentions if m.kind in {"name", "surname", "title"}}
    return out - {""}


def speaker_ok(gold_q: dict, pred_name: str | None, pred_ent: Entity | None, gold: dict) -> bool:
    """Whether a predicted speaker is the gold one: same person (a name form of the gold person
    among the entity's), same name (or a suffix: "Home Office"), or the same country."""
    want = gold_q.get("speaker")
    if want is None:  # nobody the article names said it: right when no entity is given it
        return pred_ent is None
    person = gold_person(gold, want)
    names = entity_names(pred_ent) | ({norm_name(pred_name)} if pred_name else set())
    if person is not None and names & _name_surfaces(person):
        return True
    if any(_same_name(n, want) for n in names):
        return True
    from tidings import kb

    iso = kb.country_iso3(want)
    pred_iso = pred_ent.country if pred_ent is not None and pred_ent.type == "GPE" else None
    return bool(iso and (pred_iso == iso or kb.country_iso3(pred_name or "") == iso))


def match_people(article: Article, gold: dict) -> dict[str, Entity | None]:
    """Gold person name -> the predicted PERSON entity sharing most name forms with them."""
    people = [e for e in article.entities if e.type == "PERSON"]
    out: dict[str, Entity | None] = {}
    taken: set[str] = set()
    for p in gold.get("people", []):
        forms = _name_surfaces(p)
        best, best_n = None, 0
        for e in people:
            n = len(entity_names(e) & forms) + (norm_name(e.name) == norm_name(p["name"]))
            if n > best_n and e.id not in taken:
                best, best_n = e, n
        out[p["name"]] = best
        if best is not None:
            taken.add(best.id)
    return out


_ROLE_SAME = {
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "secretary-general": "secretary general",
    "mp": "member of parliament",
    "prime-minister": "prime minister",
}


def role_ok(pred: str | None, gold: str | None) -> bool:
    """Roles agree: the same words once spokesman/-woman/-person and the like are one, or one's
    words end the other's ("Foreign Minister" / "Russian Foreign Minister")."""
    if not pred or not gold:
        return not pred and not gold

    def words(role: str) -> list[str]:
        s = " ".join(re.findall(r"[\w'-]+", role.lower()))
        for a, b in _ROLE_SAME.items():
            s = re.sub(rf"\b{re.escape(a)}\b", b, s)
        return s.split()

    p, g = words(pred), words(gold)
    return bool(p and g) and (p == g or p[-len(g) :] == g or g[-len(p) :] == p)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0 when undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
