"""The learned judge over the rules: is a candidate an event, of which PLOVER type, how sure.

Patterns propose candidates (:mod:`tidings.events.coder`); the judge decides. It is a
multinomial logistic regression over sparse binary features of a candidate (trigger lemma,
pattern and verb group, CAMEO code, dependency path, what kind of actors source and target
are, modality, place in the article, ...), trained on the DEV annotations only
(``python tools/train_judge.py``; docs/events.md). It ships as a JSON data file
(``data/judge/judge.json``: classes, intercepts, one weight row per feature, a Platt
calibration and the decision threshold), never a pickle, and is applied here by a few lines of
Python: scores = intercept + the rows of the features present, softmax, calibrated.

``Event.confidence`` is the calibrated probability that the candidate is a real event of its
type with the right actors (the article benchmark prints a reliability table); candidates below
the model's threshold are dropped. Without the data file every candidate is kept with the
rules' own score.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from tidings import datafiles, kb
from tidings.ontology import default_coding

if TYPE_CHECKING:
    from tidings.events.coder import Candidate
    from tidings.events.index import DocIndex

NONE = "NONE"
MODEL_FILE = ("judge", "judge.json")


@dataclass
class Judge:
    classes: list[str]
    intercept: list[float]
    weights: dict[str, list[float]]
    calibration: tuple[float, float]  # a, b: sigmoid(a * logit(p) + b)
    threshold: float
    retype: bool

    def probs(self, feats: list[str]) -> dict[str, float]:
        """Probability of each class (NONE and the PLOVER types) for a feature list."""
        scores = list(self.intercept)
        for f in set(feats):
            row = self.weights.get(f)
            if row is not None:
                scores = [s + w for s, w in zip(scores, row, strict=True)]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp, strict=True)}

    def calibrate(self, p: float) -> float:
        p = min(max(p, 1e-6), 1 - 1e-6)
        a, b = self.calibration
        return 1.0 / (1.0 + math.exp(-(a * math.log(p / (1 - p)) + b)))


@cache
def model() -> Judge | None:
    """The shipped judge (None when the data file is absent: the rules' scores are kept)."""
    try:
        raw = json.loads(datafiles.text(*MODEL_FILE))
    except FileNotFoundError:
        return None
    return Judge(
        classes=raw["classes"],
        intercept=raw["intercept"],
        weights=raw["weights"],
        calibration=tuple(raw["calibration"]),
        threshold=float(raw["threshold"]),
        retype=bool(raw.get("retype", False)),
    )


def choose(ptype: str, probs: dict[str, float], *, retype: bool) -> tuple[str, float]:
    """(type, probability): the pattern's type, or, with ``retype``, the judge's when it is
    more likely than the pattern's type and than no event at all."""
    best = max((c for c in probs if c != NONE), key=lambda c: probs[c])
    if retype and best != ptype and probs[best] > probs.get(ptype, 0.0) + probs.get(NONE, 0.0):
        return best, probs[best]
    return ptype, probs.get(ptype, 0.0)


def decide(cands: list[Candidate]) -> list[Candidate]:
    """The candidates the judge accepts, with ``confidence`` its calibrated probability."""
    m = model()
    if m is None:
        return cands
    out = []
    for cand in cands:
        ptype, p = choose(cand.event.type, m.probs(cand.features), retype=m.retype)
        conf = m.calibrate(p)
        if conf < m.threshold:
            continue
        if ptype != cand.event.type:
            retype(cand, ptype)
        cand.event.confidence = round(conf, 3)
        out.append(cand)
    return out


def retype(cand: Candidate, ptype: str) -> None:
    """Give a candidate the judge's type (with that type's representative CAMEO code)."""
    cod = default_coding(ptype)
    if cod is None:
        return
    ev = cand.event
    ev.type, ev.cameo, ev.mode, ev.context = cod.type, cod.cameo, cod.mode, list(cod.context)
    ev.quad_class, ev.goldstein = cod.quad_class, cod.goldstein
    ev.rule = f"{ev.rule} +judge->{ptype}"


# ----------------------------------------------------------------------------- features


def _actor_kinds(actors, index: DocIndex, side: str) -> list[str]:  # noqa: ANN001
    """What kind of actors a side holds: entity type, country known, sector."""
    if not actors:
        return [f"{side}=none"]
    out = [f"n{side}={min(len(actors), 3)}"]
    for a in actors[:3]:
        ent = index.article.entity(a.entity) if a.entity else None
        etype = ent.type if ent is not None else "PHRASE"
        country, sector = kb.split_code(a.actor_code)
        sec = (sector or "")[:3] or "-"
        out += [
            f"{side}.type={etype}",
            f"{side}.sec={sec}",
            f"{side}.kind={etype}:{'c' if (country or a.country) else '-'}:{sec}",
        ]
    return out


def _bucket(n: int) -> str:
    for limit, name in ((0, "0"), (1, "1"), (2, "2"), (5, "3-5"), (10, "6-10")):
        if n <= limit:
            return name
    return "11+"


def _syntax(tok) -> list[str]:  # noqa: ANN001
    """The trigger's place in its sentence: part of speech, dependency path, governing verb,
    auxiliaries and prepositions."""  # the verb's own objects and the pattern's text are left
    # out: on a few hundred examples they fit the examples, not the kind
    path = []
    cur = tok
    for _ in range(3):
        path.append(cur.dep_)
        if cur.head.i == cur.i:
            break
        cur = cur.head
    out = [
        f"pos={tok.pos_}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"path={'/'.join(path)}",
        f"head={tok.head.lemma_.lower() if tok.head.i != tok.i else 'ROOT'}",
    ]
    out += [f"aux={c.lower_}" for c in tok.children if c.dep_ in {"aux", "auxpass", "neg"}]
    out += [f"prep={c.lower_}" for c in tok.children if c.dep_ in {"prep", "dative", "agent"}]
    return out


def _title(ev, lemma: str, index: DocIndex) -> list[str]:  # noqa: ANN001 - Event
    """Whether the headline names the event's actors or its act: the news of the article."""
    title = (index.article.title or "").lower()
    if not title:
        return ["title=none"]
    words = set(title.replace("’", "'").replace("'s", " ").split())
    out = []
    for side, actors in (("src", ev.source), ("tgt", ev.target)):
        names = {w.lower() for a in actors for w in a.name.split() if len(w) > 3}
        if names & words:
            out.append(f"title_{side}")
    if any(w.startswith(lemma[:5]) for w in words if len(lemma) > 3):
        out.append("title_act")
    return out


@dataclass
class Salience:
    """Which actors an article is about, computed once per document: how often each entity
    is mentioned and its rank among the article's entities by that count. A main event's
    actors are the article's most-mentioned ones; a background event's often are not."""

    rank: dict[str, int]  # entity id -> 1 for the most mentioned, ties share the better rank
    mentions: dict[str, int]  # entity id -> number of mentions

    @classmethod
    def build(cls, index: DocIndex) -> Salience:
        counts = {e.id: len(e.mentions) for e in index.article.entities if e.type not in NOT_ACTORS}
        ordered = sorted(set(counts.values()), reverse=True)
        return cls({eid: ordered.index(n) + 1 for eid, n in counts.items()}, counts)


ARTICLE_SENTS = 3  # a text of this many sentences or fewer is no article: no salience features
NOT_ACTORS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


def _salience(actors, sal: Salience, side: str) -> list[str]:  # noqa: ANN001
    """How prominent a side's actors are in the article: the best rank of their entities
    (1, 2-3, 4+) and whether they are mentioned only once."""
    ranks = [sal.rank[a.entity] for a in actors if a.entity in sal.rank]
    if not ranks:
        return [f"sal.{side}=noent" if actors else f"sal.{side}=none"]
    best = min(ranks)
    name = "1" if best == 1 else "2-3" if best <= 3 else "4+"  # noqa: PLR2004
    n = max(sal.mentions[a.entity] for a in actors if a.entity in sal.mentions)
    return [f"sal.{side}.rank={name}", f"sal.{side}.once={n <= 1}"]


def features(cand: Candidate, index: DocIndex, sal: Salience | None = None) -> list[str]:
    """The judge's features of one candidate (training and coding use this one function)."""
    ev, trig = cand.event, cand.trig
    tok = trig.tok
    lemma = tok.lemma_.lower()
    source_kind = ev.rule.split(":")[0]
    group = trig.match.group if trig.match else ("NOUN" if trig.noun else "-")
    feats = [
        "bias",
        f"lemma={lemma}",
        f"type={ev.type}",
        f"cameo={ev.cameo}",
        f"root={(ev.cameo or '')[:2]}",
        f"rulekind={source_kind}:{'pattern' if trig.match and trig.match.pattern else 'default'}",
        f"group={group}",
        f"modality={cand.modality}",
        f"type*modality={ev.type}|{cand.modality}",
        f"sent={_bucket(index.sent_of[tok.i])}",
        f"recoded={'+' in ev.rule}",
    ]
    if tok.i in index.quoted:
        feats.append("quoted")
    if cand.implied:
        feats += [f"implied={cand.implied}", f"{ev.type}*implied={cand.implied}"]
    feats += _syntax(tok)
    src = _actor_kinds(ev.source, index, "src")
    tgt = _actor_kinds(ev.target, index, "tgt")
    feats += src + tgt
    feats += [f"{ev.type}*{f}" for f in src + tgt if ".kind=" in f or f.endswith("=none")]
    feats += _title(ev, lemma, index)
    countries = {a.country for a in ev.source if a.country}
    if countries & {a.country for a in ev.target if a.country}:
        feats.append("same_country")
    if ev.date:
        feats.append("dated")
    if len(index.sents) <= ARTICLE_SENTS:
        return feats  # a lone sentence (the sentence gold sets) has no article to be salient in
    sal = sal or Salience.build(index)
    return feats + _salience(ev.source, sal, "src") + _salience(ev.target, sal, "tgt")


__all__ = ["NONE", "Judge", "Salience", "choose", "decide", "features", "model", "retype"]
