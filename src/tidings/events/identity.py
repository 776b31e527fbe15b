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


def _reported(ev: Event) -> bool:
    """Dated only by its report (the publication date, basis ``reported``)."""
    return (ev.date_evidence or "").startswith("reported:")


def _same_day(a: Event, b: Event, open_target: bool) -> bool:
    """Dates equal or unknown; within one article also a day inside the other's month, and a
    date that is only the report's (``reported``) gives way to the other's."""
    if not (a.date and b.date) or a.date == b.date:
        return True
    if not open_target:
        return False
    if a.date.startswith(b.date + "-") or b.date.startswith(a.date + "-"):
        return True
    # "Kerry said he talked with Lavrov" (reported) ... "the call Kerry and Lavrov had
    # Saturday": the report's date gives way to an earlier one, never to a later (future) one
    if _reported(a) and not _reported(b):
        return b.date[: len(a.date)] <= a.date
    if _reported(b) and not _reported(a):
        return a.date[: len(b.date)] <= b.date
    return False


#: within one article, an act stated, announced or reported is one act; a negated or
#: hypothetical one is not the same as its happening
_FACTUAL = {"asserted", "future", "reported-claim"}


def _same_modality(a: Event, b: Event, open_target: bool) -> bool:
    if a.modality == b.modality:
        return True
    return open_target and a.modality in _FACTUAL and b.modality in _FACTUAL


def _compatible(a: Event, b: Event, open_target: bool = False) -> bool:
    """Same type, modality and actors, dates and places equal or unknown. Across articles the
    CAMEO base code and the place must agree too (the identity holds them); within one article
    (``open_target``) one source doing one type of act to one target on one day is one event,
    wherever its mentions place it."""
    if a.type != b.type or not _same_modality(a, b, open_target):
        return False
    if not _same_actors(a, b, open_target):
        return False
    if not open_target and a.cameo and b.cameo and a.cameo[:3] != b.cameo[:3]:
        return False
    if not _same_day(a, b, open_target):
        return False
    # within one article one (source, type, target, day) is one event whatever place each
    # mention names: a clause's place is often what was talked about ("discussed the
    # situation in Gaza" at a meeting in the White House); the first mention's place is kept
    return open_target or not (a.location and b.location and _place(a) != _place(b))


def _fold(into: Event, other: Event) -> None:
    seen = {(e.article, e.start, e.end) for e in into.evidence}
    for ev in other.evidence:
        if (ev.article, ev.start, ev.end) not in seen:
            into.evidence.append(ev)
            seen.add((ev.article, ev.start, ev.end))
    if other.date and (not into.date or (_reported(into) and not _reported(other))):
        into.date, into.date_precision = other.date, other.date_precision
        into.date_evidence = other.date_evidence
    elif other.date and into.date and other.date.startswith(into.date + "-"):
        into.date, into.date_precision = other.date, other.date_precision  # more precise
        into.date_evidence = other.date_evidence
    if into.location is None and other.location is not None:
        into.location = other.location
    if other.cameo and (not into.cameo or len(other.cameo) > len(into.cameo)):
        into.cameo, into.goldstein, into.mode = other.cameo, other.goldstein, other.mode
    # ``quote`` stays that of the first mention: an event the narrator reports is not a
    # quotation's content because a quotation also mentions it
    into.confidence = max(into.confidence, other.confidence)
    if not into.target and other.target:
        into.target = [a.model_copy() for a in other.target]  # the unnamed target, named
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
