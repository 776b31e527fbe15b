"""Which day an event counts on, and the period (day, week, month, year) that day falls in.

One rule for every series and date filter (the dyad table of ``tidings dyad``, ``/api/dyad``
and the web's dyad chart, the actor timeline, ``since``/``until`` on events and the network):

- an event counts on its date as the text gives it (``events.date``); a date of month or year
  precision (``2019-06``, ``2019``) counts on the period's **first day** (as GDELT's SQLDATE);
- an event whose text gives no date counts on the day it was first reported
  (``events.reported_date``, the earliest publication day of its reporting articles);
- weeks start on Monday and are labelled by it; months ``YYYY-MM``; years ``YYYY``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import and_, func, or_
from sqlalchemy.sql.elements import ColumnElement

from tidings.store.queries.filters import QueryError
from tidings.store.tables import events

PERIODS = ("day", "week", "month", "year")
_PARTIAL = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def parse_period(value: str) -> str:
    if value not in PERIODS:
        raise QueryError(f"by: {value!r} is not one of {', '.join(PERIODS)}")
    return value


def event_day() -> ColumnElement[str]:
    """SQL: the event's date as stored (maybe month/year precision), else its reported day.

    Group by this and place each value with :func:`bucket`; filter with :func:`day_range`.
    """
    return func.coalesce(events.c.date, events.c.reported_date)


def day_of(value: str | None) -> date | None:
    """The day a stored date counts on: ``2019-06`` -> 1 June 2019; ``None`` if unusable."""
    if not value or not _PARTIAL.fullmatch(value):
        return None
    try:
        return date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return None


def bucket(value: str | None, by: str) -> str | None:
    """The period label of a stored (maybe partial) date: the one bucketing of every series."""
    d = day_of(value)
    if d is None:
        return None
    if by == "week":
        d -= timedelta(days=d.weekday())
    return d.isoformat()[: {"day": 10, "week": 10, "month": 7, "year": 4}[by]]


def week_days(week: str) -> tuple[str, str]:
    """First and last day of the week starting on ``week`` (any day of it is accepted)."""
    d = day_of(week)
    if d is None or len(week) != 10:
        raise QueryError(f"week: {week!r} is not a day (use YYYY-MM-DD)")
    monday = d - timedelta(days=d.weekday())
    return monday.isoformat(), (monday + timedelta(days=6)).isoformat()


def _lower_bound(day: str) -> str:
    """``since`` as compared with stored dates that may be partial: a partial date counts on
    its first day, so ``2019-06`` is on or after ``2019-06-01`` (compare with ``2019-06``)."""
    if day.endswith("-01-01"):
        return day[:4]
    if day.endswith("-01"):
        return day[:7]
    return day


def day_range(since: str | None, until: str | None) -> ColumnElement[bool] | None:
    """SQL: the event counts on a day in [since, until] (ISO days; either may be None).

    Written on the plain columns, not on :func:`event_day`, so the date indexes serve it.
    """
    branches = day_branches(since, until)
    return or_(*branches) if branches else None


def day_branches(
    since: str | None, until: str | None
) -> tuple[ColumnElement[bool], ColumnElement[bool]] | None:
    """:func:`day_range` as its two disjoint parts, dated events (a range on ``date``, which
    an index on ``(…, date)`` serves in order) and undated ones (by ``reported_date``): a
    page of events is the first of the two pages merged (``queries.events.find_events``)."""
    if not since and not until:
        return None
    dated: list[ColumnElement[bool]] = []
    undated: list[ColumnElement[bool]] = [events.c.date.is_(None)]
    if since:
        dated.append(events.c.date >= _lower_bound(since))
        undated.append(events.c.reported_date >= since)
    if until:  # a partial date sorts before every day of its period: plain <= is right
        dated.append(events.c.date <= until)
        undated.append(events.c.reported_date <= until)
    return and_(*dated), and_(*undated)
