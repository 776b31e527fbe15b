"""Event identity and merging: one event per (date, source, target, type, place).

The key also holds the modality (a threat is not its hypothetical) and the three-digit CAMEO
base code, so that "agreed to meet" and "agreed to improve relations" between the same two
governments on the same day stay two AGREE events.

``event_id`` is the cross-article merge key (the store's ``events.id``): a hash of the event's
date, source and target actors (actor code, else country, else normalised name), PLOVER type
and place. CONSULT and COOPERATE are symmetric (who met whom is one meeting), so their two
sides are sorted before hashing. ``merge`` folds compatible events into one with several
pieces of evidence (same meeting mentioned twice in an article, or in several articles).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from tidings.schema import Event, EventActor

SYMMETRIC = {"CONSULT", "COOPERATE"}


def actor_key(actor: EventActor) -> str:
    """Coarse identity of an actor: its CAMEO code when known (GDELT-style), else its name."""
    if actor.actor_code:
        return actor.actor_code.upper()
    if actor.country:
        return actor.country.upper()
    return " ".join(actor.name.lower().split())


def _side(actors: list[EventActor]) -> str:
    return "+".join(sorted({actor_key(a) for a in actors}))


def _sides(ev: Event) -> tuple[str, str]:
    src, tgt = _side(ev.source), _side(ev.target)
    if ev.type in SYMMETRIC and tgt < src:
        src, tgt = tgt, src
    return src, tgt


def _place(ev: Event) -> str:
    return " ".join(ev.location.name.lower().split()) if ev.location else ""


def event_id(event: Event) -> str:
    """Stable id of (date, source, target, type, place): equal for the same event anywhere."""
    src, tgt = _sides(event)
    base = (event.cameo or "")[:3]
    key = "|".join([event.date or "", src, tgt, event.type, base, _place(event), event.modality])
    return "ev" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _same_actors(a: Event, b: Event, open_target: bool) -> bool:
    if _sides(a) == _sides(b):
        return True
    # within one article, an event whose target went unnamed ("Trump is committed to improving
    # this relationship") is the same act as that source's event with a named target
    return (
        open_target
        and a.type not in SYMMETRIC
        and _side(a.source) == _side(b.source)
        and bool(a.source)
        and (not a.target or not b.target)
    )


def _compatible(a: Event, b: Event, open_target: bool = False) -> bool:
    if a.type != b.type or a.modality != b.modality or not _same_actors(a, b, open_target):
        return False
    if a.cameo and b.cameo and a.cameo[:3] != b.cameo[:3]:
        return False
    if a.date and b.date and a.date != b.date:
        return False
    return not (a.location and b.location and _place(a) != _place(b))


def _fold(into: Event, other: Event) -> None:
    seen = {(e.article, e.start, e.end) for e in into.evidence}
    for ev in other.evidence:
        if (ev.article, ev.start, ev.end) not in seen:
            into.evidence.append(ev)
            seen.add((ev.article, ev.start, ev.end))
    if not into.date and other.date:
        into.date, into.date_precision = other.date, other.date_precision
        into.date_evidence = other.date_evidence
    if into.location is None and other.location is not None:
        into.location = other.location
    if other.cameo and (not into.cameo or len(other.cameo) > len(into.cameo)):
        into.cameo, into.goldstein, into.mode = other.cameo, other.goldstein, other.mode
    # ``quote`` stays that of the first mention: an event the narrator reports is not a
    # quotation's content because a quotation also mentions it
    into.confidence = max(into.confidence, other.confidence)
    for side, extra in ((into.source, other.source), (into.target, other.target)):
        for actor in extra:
            if all(actor_key(actor) != actor_key(a) or actor.name == a.name for a in side):
                continue
            if all(actor.name != a.name for a in side):
                side.append(actor)
    if other.rule and other.rule not in into.rule.split(" | "):
        into.rule = f"{into.rule} | {other.rule}"
    articles = {e.article for e in into.evidence if e.article}
    into.mentions = max(len(articles), into.mentions + other.mentions if not articles else 1)


def merge(events: Iterable[Event], *, open_target: bool = False) -> list[Event]:
    """Fold compatible events (same type, actors, modality; dates/places equal or unknown).

    ``open_target`` (one article's events): an unknown target is compatible with a known one.
    Across articles it is not, as the event identity has no place for an unknown side.
    """
    out: list[Event] = []
    for ev in events:
        for kept in out:
            if _compatible(kept, ev, open_target):
                _fold(kept, ev)
                break
        else:
            out.append(ev.model_copy(deep=True))
    for ev in out:
        ev.id = event_id(ev)
    return out
