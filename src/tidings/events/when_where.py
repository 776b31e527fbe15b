"""When and where an event happened, from its own clause — never the publication date or the
dateline bureau. Relative dates ("on Tuesday", "this June", "yesterday") resolve against the
publication date; places are the understanding stage's place entities in "in/at <place>"
phrases (with the country and coordinates it gave them from the gazetteer, :mod:`tidings.kb.places`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from tidings.schema import Article, Location

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
PLACE_PREPS = {"in", "at", "near", "inside", "outside"}
PLACE_TYPES = {"GPE", "LOC", "FAC"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis", "csubj", "pcomp"}


@dataclass
class When:
    date: str
    precision: str  # day | month | year
    text: str


def _pub(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def resolve_date(text: str, published: str | None, *, future: bool = False) -> When | None:
    """Resolve a date expression against the publication date (None when it cannot be)."""
    low = text.lower().strip()
    pub = _pub(published)
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", low)
    explicit_year = int(m.group(1)) if m else None
    for i, day in enumerate(WEEKDAYS):
        if re.search(rf"\b{day}\b", low):
            if pub is None:
                return None
            delta = (pub.weekday() - i) % 7
            d = pub + timedelta(days=(7 - delta) % 7) if future else pub - timedelta(days=delta)
            if "last" in low.split() and d == pub:
                d -= timedelta(days=7)
            if "next" in low.split() and future and d == pub:
                d += timedelta(days=7)
            return When(d.isoformat(), "day", text)
    for word, offset in (("yesterday", -1), ("today", 0), ("tomorrow", 1), ("tonight", 0)):
        if re.search(rf"\b{word}\b", low):
            if pub is None:
                return None
            return When((pub + timedelta(days=offset)).isoformat(), "day", text)
    for mi, month in enumerate(MONTHS, start=1):
        if re.search(rf"\b{month}\b", low) or re.search(rf"\b{month[:3]}\.?\b", low) and mi != 5:
            dm = re.search(rf"\b{month[:3]}\w*\.?\s+(\d{{1,2}})\b|\b(\d{{1,2}})\s+{month[:3]}", low)
            year = explicit_year or (pub.year if pub else None)
            if year is None:
                return None
            if explicit_year is None and pub is not None:
                if future and mi < pub.month:
                    year += 1
                elif not future and mi > pub.month and "this" not in low and "next" not in low:
                    year -= 1
                if "next" in low.split() and mi <= pub.month:
                    year = pub.year + 1
            if dm:
                day = int(dm.group(1) or dm.group(2))
                try:
                    return When(date(year, mi, day).isoformat(), "day", text)
                except ValueError:
                    return None
            return When(f"{year:04d}-{mi:02d}", "month", text)
    if explicit_year is not None and re.fullmatch(r"(in |the )?(year )?\d{4}", low):
        return When(f"{explicit_year:04d}", "year", text)
    if pub is not None and re.search(r"\b(next|this|last) year\b", low):
        y = pub.year + {"next": 1, "this": 0, "last": -1}[re.search(r"(next|this|last)", low)[1]]
        return When(f"{y:04d}", "year", text)
    return None


def clause_tokens(trigger) -> list:  # noqa: ANN001
    """Tokens of the trigger's own clause: its subtree without embedded clauses."""
    out = []
    stack = [trigger]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.dep_ in CLAUSE_DEPS and child.pos_ in {"VERB", "AUX"} and tok is not trigger:
                continue
            if child.dep_ in {"ccomp", "advcl", "parataxis", "conj"} and tok is trigger:
                continue
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def event_date(trigger, tokens, published: str | None, *, future: bool) -> When | None:  # noqa: ANN001
    """The first resolvable DATE entity among the clause tokens (or the trigger's noun)."""
    ids = {t.i for t in tokens}
    for ent in trigger.doc.ents:
        if ent.label_ != "DATE" or not any(t.i in ids for t in ent):
            continue
        when = resolve_date(ent.text, published, future=future)
        if when:
            return when
    return None


class DateMemory:
    """Dates attached to nouns earlier in the article ("a G20 summit this June"), so that a
    later definite mention ("the summit in Osaka") can inherit them."""

    def __init__(self, published: str | None) -> None:
        self.published = published
        self.dates: dict[str, When] = {}
        self.learned = -1  # start token of the last sentence learned from

    def learn_until(self, doc, i: int) -> None:  # noqa: ANN001
        """Learn from every sentence that ends before token ``i`` (once each)."""
        for sent in doc.sents:
            if self.learned < sent.start and sent.end <= i:
                self._learn(sent)
                self.learned = sent.start

    def _learn(self, sent) -> None:  # noqa: ANN001
        for tok in sent:
            if tok.pos_ != "NOUN":
                continue
            for c in tok.children:
                ent_dates = [
                    e for e in tok.doc.ents if e.label_ == "DATE" and c.i in range(e.start, e.end)
                ]
                for e in ent_dates:
                    when = resolve_date(e.text, self.published, future=True)
                    if when:
                        self.dates.setdefault(tok.lemma_.lower(), when)

    def recall(self, tokens) -> When | None:  # noqa: ANN001
        """The date learned for a definite noun among ``tokens`` ("the summit")."""
        for t in tokens:
            if t.pos_ == "NOUN" and any(c.lower_ == "the" for c in t.children):
                when = self.dates.get(t.lemma_.lower())
                if when:
                    return when
        return None


def _place_prep(span, trigger):  # noqa: ANN001, ANN202
    """The preposition that introduces a place phrase, climbing from its root (or None)."""
    tok = span.root
    prep = None
    while tok.head.i != tok.i and tok.i not in {trigger.i}:
        if tok.dep_ == "prep" or (tok.pos_ == "ADP" and tok.dep_ in {"prep", "case"}):
            prep = tok
            if tok.lower_ in PLACE_PREPS:
                break
        if tok.head.pos_ == "VERB" and tok.head.i != trigger.i:
            break
        tok = tok.head
    return prep


def _place_mentions(article: Article, doc):  # noqa: ANN001, ANN202
    """(entity, mention, token span) of every mention of a place entity of the article."""
    for ent in article.entities:
        if ent.type not in PLACE_TYPES:
            continue
        for m in ent.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                yield ent, m, span


def event_location(
    trigger,  # noqa: ANN001
    tokens,  # noqa: ANN001
    actor_spans: list[tuple[int, int]],
    article: Article,
) -> Location | None:
    """The most specific place of the understanding stage inside an 'in/at' phrase of the
    clause, not an actor. Its country and coordinates are the entity's (disambiguated from the
    whole article: "London" GB vs CA)."""
    ids = {t.i for t in tokens}
    best: Location | None = None
    best_start = -1
    for ent, m, span in _place_mentions(article, trigger.doc):
        if not any(t.i in ids for t in span):
            continue
        if any(s <= m.start < e for s, e in actor_spans):
            continue
        prep = _place_prep(span, trigger)
        if prep is None or prep.lower_ not in PLACE_PREPS:
            continue
        loc = Location(
            name=m.text,
            country=ent.country,
            lat=ent.lat,
            lon=ent.lon,
            entity=ent.id,
            start=m.start,
            end=m.end,
        )
        if best is None or (loc.lat is not None and best.lat is None) or span.start > best_start:
            best, best_start = loc, span.start
    return best
