"""The query vocabulary: filter values users type, validated once for the CLI, the API and the web.

:class:`QueryError` carries a message meant for the user (it names the field), so every
interface rejects the same bad input with the same words. Parameter names are one set
everywhere: ``since``/``until`` (dates), ``type`` (PLOVER), ``quad``, ``cameo``, ``actor``/
``target``, ``place``, ``modality``, ``publisher``, ``limit``/``offset``, ``by`` (period).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, get_args

from tidings import ontology
from tidings.schema import Modality

MAX_LIMIT = 1000
#: the largest ``offset`` (SQLite and PostgreSQL take 64-bit offsets; nobody pages this far)
MAX_OFFSET = 1_000_000_000
#: quad class -> the spelling typed on the command line and used as dyad column names
#: ("verbal-cooperation"); derived from :data:`tidings.ontology.QUAD_NAMES`, the one source
QUAD_KEYS: dict[int, str] = {q: name.replace(" ", "-") for q, name in ontology.QUAD_NAMES.items()}
_QUAD_BY_KEY = {key: q for q, key in QUAD_KEYS.items()}
MODALITIES: tuple[str, ...] = get_args(Modality)
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class QueryError(ValueError):
    """A filter value the user must fix; the message starts with the field's name."""


def plover_types() -> dict[str, str]:
    """PLOVER event type -> quad category (from :mod:`tidings.ontology`)."""
    return {name: row["quad_category"] for name, row in ontology.plover_types().items()}


def parse_date(value: str | None, field: str, *, end: bool = False) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` -> an ISO day (the period's last day if ``end``)."""
    if value is None or value == "":
        return None
    value = value.strip()
    if not _DATE.fullmatch(value):
        raise QueryError(f"{field}: {value!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    parts = [int(p) for p in value.split("-")]
    try:
        if len(parts) == 3:
            return date(*parts).isoformat()
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1] if end else 1
            return date(parts[0], parts[1], last).isoformat()
        return f"{value}-12-31" if end else f"{value}-01-01"
    except (ValueError, calendar.IllegalMonthError) as exc:
        raise QueryError(f"{field}: {value!r} is not a valid date ({exc})") from None


def parse_type(value: str | None) -> str | None:
    if not value:
        return None
    t = value.strip().upper()
    if t not in plover_types():
        raise QueryError(
            f"type: {value!r} is not a PLOVER event type (one of {', '.join(plover_types())})"
        )
    return t


def parse_quad(value: str | int | None) -> int | None:
    """A quad class by name (``material-conflict``, ``material conflict``) or number 1-4."""
    if value is None or value == "":
        return None
    v = str(value).strip().lower().replace("_", "-").replace(" ", "-")
    if v in _QUAD_BY_KEY:
        return _QUAD_BY_KEY[v]
    if v in {"1", "2", "3", "4"}:
        return int(v)
    raise QueryError(f"quad: {value!r} is not a quad class (1-4 or {', '.join(_QUAD_BY_KEY)})")


def parse_cameo(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip()
    if not re.fullmatch(r"\d{1,4}", v):
        raise QueryError(f"cameo: {value!r} is not a CAMEO code prefix (1 to 4 digits, e.g. 13)")
    return v


def parse_modality(value: str | None) -> str | None:
    if not value:
        return None
    if value not in MODALITIES:
        raise QueryError(f"modality: {value!r} is not one of {', '.join(MODALITIES)}")
    return value


def parse_confidence(value: str | float | None) -> float | None:
    """A minimum event confidence: a probability from 0 to 1 (``Event.confidence``)."""
    if value is None or value == "":
        return None
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise QueryError(f"min_confidence: {value!r} is not a number (0 to 1)") from None
    if not 0.0 <= v <= 1.0:
        raise QueryError(f"min_confidence: {value!r} is out of range (0 to 1)")
    return v


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit: {limit} is out of range (1 to {MAX_LIMIT})")
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset: {offset} is out of range (0 to {MAX_OFFSET})")


def _text(raw: dict[str, Any], key: str) -> str | None:
    return (raw.get(key) or "").strip() or None


@dataclass
class EventFilter:
    """Filters on events (``tidings events``/``export``, ``GET /api/events``, the network page).

    Build with :meth:`parse`; :func:`tidings.store.queries.events.event_conditions` turns it
    into SQL. ``actor``/``target`` are actor keys (see :mod:`tidings.store.queries.actors`);
    ``since``/``until`` select by the day an event counts on (:mod:`.periods`).
    """

    actor: str | None = None
    target: str | None = None
    type: str | None = None
    cameo: str | None = None
    quad: int | None = None
    since: str | None = None
    until: str | None = None
    place: str | None = None
    modality: str | None = None
    article: str | None = None
    min_confidence: float | None = None

    @classmethod
    def parse(cls, **raw: Any) -> EventFilter:  # noqa: ANN401
        """Validate raw strings (CLI options, query parameters) into a filter."""
        return cls(
            actor=_text(raw, "actor"),
            target=_text(raw, "target"),
            type=parse_type(raw.get("type")),
            cameo=parse_cameo(raw.get("cameo")),
            quad=parse_quad(raw.get("quad")),
            since=parse_date(raw.get("since"), "since"),
            until=parse_date(raw.get("until"), "until", end=True),
            place=_text(raw, "place"),
            modality=parse_modality(raw.get("modality")),
            article=_text(raw, "article"),
            min_confidence=parse_confidence(raw.get("min_confidence")),
        )


@dataclass
class ArticleFilter:
    """Filters on articles (``tidings search``, ``GET /api/search``, the web's search page).

    ``actor`` is an actor key (an article naming that actor); ``type`` a PLOVER event type the
    article reports; ``since``/``until`` its publication day.
    """

    since: str | None = None
    until: str | None = None
    publisher: str | None = None
    actor: str | None = None
    type: str | None = None

    @classmethod
    def parse(cls, **raw: Any) -> ArticleFilter:  # noqa: ANN401
        """Validate raw strings (CLI options, query parameters) into a filter."""
        return cls(
            since=parse_date(raw.get("since"), "since"),
            until=parse_date(raw.get("until"), "until", end=True),
            publisher=_text(raw, "publisher"),
            actor=_text(raw, "actor"),
            type=parse_type(raw.get("type")),
        )
