"""The actor-code level: actors grouped by their CAMEO code, as analysts (and GDELT) count them.

**The code key** of an actor code, one rule everywhere (:func:`code_key`, defined with the
entity rules in :mod:`tidings.store.canonical`): a country's code and its first sector,
"RUSGOVMIL" -> "RUSGOV", "RUS" -> "RUS", "USAELI" -> "USAELI"; a code without a country
(an IGO, a militant group) whole, "IGOUNO"; a bare sector ("GOV", "MED": the country is
unknown) has none. At the code level an actor with a code key is that key's node (Russia and
its demonym are RUS; Moscow, the Kremlin, Putin and Lavrov are RUSGOV); an actor without one
stays itself (its entity id).

**Nodes** are counted per event by the code the event gives its first source and first target:
the writer stores them (``events.source_node``/``target_node``, covering index
``ix_events_nodes_cover``), so a person counts under the code they had that day.
:func:`node_condition` is the SQL for "the event's first actor in this role is this node",
shared by the network, the dyads at the code level and the code pages.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.sql.elements import ColumnElement

from tidings import kb
from tidings.store.canonical import code_key
from tidings.store.tables import entities, events

LEVELS = ("code", "entity")
_CODE = re.compile(r"[A-Z][A-Z0-9]{2,}")


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


def node_condition(node: str, role: str) -> ColumnElement[bool]:
    """SQL on ``events``: the first ``role`` actor (source/target) is this code-level node."""
    return events.c[f"{role}_node"] == node


def node_column(role: str, level: str) -> ColumnElement:
    """The ``events`` column holding the first ``role`` actor's node at ``level``."""
    return events.c[f"{role}_node" if level == "code" else f"{role}_entity_id"]


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
    "code_key",
    "code_label",
    "is_code_key",
    "node_column",
    "node_condition",
    "node_labels",
    "parse_level",
]
