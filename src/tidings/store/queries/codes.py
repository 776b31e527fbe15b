"""The actor-code level: actors grouped by their CAMEO code, as analysts (and GDELT) count them.

**The code key** of an actor code, one rule everywhere (:func:`code_key`): a country's code and
its first sector, "RUSGOVMIL" -> "RUSGOV", "RUS" -> "RUS", "USAELI" -> "USAELI"; a code without
a country (an IGO, a militant group) whole, "IGOUNO"; a bare sector ("GOV", "MED": the country is
unknown) has none. At the code level an actor with a code key is that key's node (Russia and
its demonym are RUS; Moscow, the Kremlin, Putin and Lavrov are RUSGOV); an actor without one
stays itself (its entity id).

**Nodes** are counted per event by the code the event gives its first source and first target
(``events.source_code``/``target_code``, on the covering indexes), so a person counts under the
code they had that day. :func:`node_condition` is the SQL for "the event's first actor in this
role is this node", shared by the network, the dyads at the code level and the code pages.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from tidings import kb
from tidings.store.tables import entities, events

LEVELS = ("code", "entity")
_CODE = re.compile(r"[A-Z][A-Z0-9]{2,}")


@lru_cache(maxsize=1 << 14)
def code_key(code: str | None) -> str | None:
    """The code-level key of an actor code (see the module's rule); None for no node."""
    if not code:
        return None
    country, sector = kb.split_code(code)
    if country:
        return country + (sector or "")[:3]
    return code if len(code) > 3 else None


def is_code_key(raw: str) -> bool:
    """Whether a node key is a code key (upper-case letters and digits) rather than an id."""
    return bool(_CODE.fullmatch(raw)) and code_key(raw) == raw


def code_label(key: str) -> str:
    """How a code key is shown: "Russia", "Russia (GOV)"; a code without a country as it is."""
    country, sector = kb.split_code(key)
    if not country:
        return key
    name = kb.country_name(country) or country
    return f"{name} ({sector})" if sector else name


@cache
def _country_codes() -> tuple[str, ...]:
    return tuple(sorted(kb.country_codes()))


def code_condition(key: str, code: ColumnElement) -> ColumnElement[bool]:
    """SQL: ``code_key(code) == key`` (a prefix for a country and sector, else equality)."""
    country, sector = kb.split_code(key)
    if country and sector:
        return and_(code >= key, code < key + "~")  # codes are [A-Z0-9]: a range on the index
    return code == key


def no_code_key(code: ColumnElement) -> ColumnElement[bool]:
    """SQL: ``code_key(code) is None`` (no code, or a bare sector without a country)."""
    return or_(
        code.is_(None),
        and_(func.length(code) <= 3, code.not_in(_country_codes())),
    )


def node_condition(node: str, role: str) -> ColumnElement[bool]:
    """SQL on ``events``: the first ``role`` actor (source/target) is this code-level node."""
    code = events.c[f"{role}_code"]
    if is_code_key(node):
        return code_condition(node, code)
    return and_(events.c[f"{role}_entity_id"] == node, no_code_key(code))


def node_of(entity_id: str | None, code: str | None, level: str = "code") -> str | None:
    """The node an event's actor is at ``level``: its code key, else its entity id."""
    if level == "code":
        key = code_key(code)
        if key:
            return key
    return entity_id


def parse_level(value: str | None, default: str = "code") -> str:
    """``code`` or ``entity`` (the query vocabulary's ``by``/``level`` of actors)."""
    from tidings.store.queries.filters import QueryError

    v = (value or default).strip().lower()
    if v not in LEVELS:
        raise QueryError(f"level: {value!r} is not one of {', '.join(LEVELS)}")
    return v


def node_labels(conn: Connection, nodes: set[str]) -> dict[str, dict[str, Any]]:
    """Node -> {id, label, type, country}: a code key's label, else the entity's name."""
    out: dict[str, dict[str, Any]] = {}
    ids = sorted(n for n in nodes if not is_code_key(n))
    e = entities.c
    for r in conn.execute(select(e.id, e.name, e.type, e.country).where(e.id.in_(ids))):
        out[r.id] = {"id": r.id, "label": r.name, "type": r.type, "country": r.country}
    for n in nodes - set(ids):
        out[n] = {"id": n, "label": code_label(n), "type": "CODE", "country": kb.split_code(n)[0]}
    return out


__all__ = [
    "LEVELS",
    "code_condition",
    "code_key",
    "code_label",
    "is_code_key",
    "no_code_key",
    "node_condition",
    "node_labels",
    "node_of",
    "parse_level",
]
