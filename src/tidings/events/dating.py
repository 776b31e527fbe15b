"""Every event dated, with the reason: the article-level fallbacks after an event's own clause.

An event whose clause, report and occasion give no date (:mod:`tidings.events.when_where`)
takes, in this order:

1. ``meeting``, the occasion a statement belongs to (:mod:`tidings.events.occasions`), for a
   verbal act (said, urged, accused, agreed ...; not a hypothetical one, and a future one
   only when someone states it: "Bush said the United States will help") whose report is in
   the past ("said", not "says" or "has said") and that is no earlier act the statement
   reports ("said the United States had signed"):

   a. the nearest earlier dated statement of the same speaker ("Trump on Thursday told NBC
      that ..." dates "He also accused Comey ..." and "In his interview with Holt, Trump
      affirmed ...");
   b. else the nearest earlier dated gathering of its paragraph ("At a conference on
      Tuesday ... . X said ...");
   c. else the dated gathering the article's lead reports ("An international conference in
      London on Tuesday came up with a plan ..." dates what the delegates asked there);

   gatherings count with a day only ("peace talks they began in November" is the topic, not
   the occasion); occasions only on or before the article's date;
2. ``meeting``: the date of the meeting the article's lead reports (a dated, asserted CONSULT
   in its first two sentences, not after the publication day) when the event is a verbal act
   (said, agreed, urged ...) by or to one of that meeting's sides and comes after it in the
   text — a readout's "President Biden raised concerns" is said in the call "on November 15";
3. ``reported``: the publication date (precision ``day``), as GDELT and ICEWS date every
   event by its report.

``Event.date_evidence`` says which (``"meeting: Donald Trump told (relative: Thursday)"``,
``"meeting: the meeting of 2021-11-15 (...)"``, ``"reported: published ..."``).
"""

from __future__ import annotations

from datetime import date

from tidings.events.identity import actor_key
from tidings.events.occasions import Occasion, Occasions
from tidings.schema import Event

VERBAL_QUADS = {1, 3}
OWN_BASES = ("explicit:", "relative:")


def _meeting(events: list[Event], published: str | None, lead_end: int) -> Event | None:
    """The meeting of the article's lead: a CONSULT with a day of its own, not in the future."""
    dated = [
        e
        for e in events
        if e.type == "CONSULT"
        and e.modality == "asserted"
        and e.date_precision == "day"
        and (e.date_evidence or "").startswith(OWN_BASES)
        and e.source
        and e.target
        and e.evidence[0].start < lead_end
        and (not published or (e.date or "") <= published[:10])
    ]
    return min(dated, key=lambda e: e.evidence[0].start) if dated else None


def _shares_side(ev: Event, meeting: Event) -> bool:
    keys = {actor_key(a) for a in meeting.source + meeting.target}
    return any(actor_key(a) in keys for a in ev.source + ev.target)


def _publication_day(published: str | None) -> tuple[str | None, str | None]:
    """The article's date as an event date and its precision (None for one that is no date)."""
    value = (published or "")[:10]
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat(), "day"
        if len(value) == 7:
            return date.fromisoformat(value + "-01").isoformat()[:7], "month"
        if len(value) == 4 and value.isdigit():
            return value, "year"
    except ValueError:
        pass
    return None, None


def _speakers(ev: Event, occasions: Occasions) -> set[str]:
    """Who states a verbal act: its sources' entities and its quotation's speaker."""
    out = {a.entity for a in ev.source if a.entity}
    if ev.quote:
        out.update(
            q.speaker for q in occasions.index.article.quotes if q.id == ev.quote and q.speaker
        )
    return out


def _occasion(ev: Event, occasions: Occasions | None, lead_end: int) -> Occasion | None:
    """The dated occasion an undated statement belongs to, in the order of the module's
    docstring: the speaker's own dated statement, a gathering of its paragraph, the lead's."""
    if occasions is None or ev.quad_class not in VERBAL_QUADS or ev.modality == "hypothetical":
        return None
    start = ev.evidence[0].start
    if occasions.said_now(start) or occasions.reported_past(start):
        return None
    if ev.modality == "future" and not occasions.stated(start):
        return None  # "They will discuss ...": the plan's own day, not an occasion's
    who = _speakers(ev, occasions)
    said = [o for o in occasions.statements if o.start < start and o.speakers & who]
    if said:
        return said[-1]
    days = [o for o in occasions.gatherings if o.start < start and o.when.precision == "day"]
    paragraph = occasions.paragraph(start)
    here = [o for o in days if o.paragraph == paragraph]
    if here:
        return here[-1]
    lead = [o for o in days if o.start < lead_end]
    return lead[0] if lead else None


def fill_dates(
    events: list[Event],
    published: str | None,
    lead_end: int = 10**9,
    occasions: Occasions | None = None,
) -> None:
    """Date every undated event in place: the occasion it was said at, the lead's meeting,
    else the publication day."""
    meeting = _meeting(events, published, lead_end)
    pub, precision = _publication_day(published)
    for ev in events:
        if ev.date:
            continue
        occ = _occasion(ev, occasions, lead_end)
        if occ is not None:
            ev.date, ev.date_precision = occ.when.date, occ.when.precision  # type: ignore[assignment]
            ev.date_evidence = f"meeting: {occ.words} ({occ.when.evidence})"
        elif (
            meeting is not None
            and ev.quad_class in VERBAL_QUADS
            and ev.modality not in {"future", "hypothetical"}
            and ev.evidence[0].start > meeting.evidence[0].start
            and _shares_side(ev, meeting)
        ):
            ev.date, ev.date_precision = meeting.date, meeting.date_precision
            ev.date_evidence = (
                f"meeting: the {meeting.evidence[0].trigger} of {meeting.date} "
                f"({meeting.date_evidence})"
            )
        elif pub and precision:
            ev.date, ev.date_precision = pub, precision  # type: ignore[assignment]
            ev.date_evidence = f"reported: published {pub}"


__all__ = ["fill_dates"]
