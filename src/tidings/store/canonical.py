"""One actor, one name: an ``entities`` row as a function of where the entity appears.

The store's writer and the Spark job's merge both build every canonical entity row with
:func:`entity_row` from the entity's appearances (its ``article_entities`` rows), so the row
does not depend on the order in which articles were ingested nor on batch boundaries:

- **name**: the knowledge base's canonical name (a country's short name, "Russia", for a
  country; an article's spelling of the KB name when one matches it, "Bashar al-Assad"); else
  the fullest PERSON/ORG/GPE form seen (most words, then most characters, then the most
  frequent, then alphabetical); other types after those, and a demonym (NORP, "Russian")
  last, so a demonym never names a country that was also named;
- **type**: the type of the form that gave the name (a KB country is a GPE);
- **country, actor_code, role, lat, lon**: those of the latest appearance (publication day)
  that has an actor code, else of the latest; ties on the day go to the greatest values;
- **surname**: a person's last name word, lower case (where cross-article aliases are looked
  for, :mod:`tidings.store.identity`).

It also holds the code level's one rule, :func:`code_key` (the writer stores each event's
first source and target as nodes of that level, ``events.source_node``/``target_node``:
:func:`node_of`; :mod:`tidings.store.queries.codes` groups and matches on them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tidings import kb

#: Types whose fullest form names an entity before any other
NAMING_TYPES = ("PERSON", "ORG", "GPE")
#: name words written in lower case inside a name ("Group of Twenty", "Bashar al-Assad")
_PARTICLES = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "in",
        "on",
        "at",
        "al",
        "el",
        "bin",
        "bint",
        "ibn",
        "de",
        "del",
        "da",
        "di",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "y",
    ]
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii"})


@dataclass(frozen=True)
class Appearance:
    """Identical ``article_entities`` rows of one entity, counted (``n``) with their last day."""

    name: str
    type: str | None
    country: str | None = None
    actor_code: str | None = None
    role: str | None = None
    lat: float | None = None
    lon: float | None = None
    last_day: str | None = None
    n: int = 1


FIELDS = ("country", "actor_code", "role", "lat", "lon")


def appearances(rows: Iterable[Mapping[str, Any]]) -> list[Appearance]:
    """``article_entities``-like dicts -> grouped appearances (any iterable of rows)."""
    acc: dict[tuple, list] = {}
    for r in rows:
        key = (r["name"], r.get("type"), *(r.get(f) for f in FIELDS))
        slot = acc.setdefault(key, [None, 0])
        day = r.get("published_date") or r.get("last_day")
        if day and (slot[0] is None or day > slot[0]):
            slot[0] = day
        slot[1] += int(r.get("n") or 1)
    return [Appearance(*key, last_day=day, n=n) for key, (day, n) in acc.items()]


def title_case(name: str, *, person: bool) -> str:
    """A dictionary's upper-case name as text writes it: "BASHAR AL-ASSAD" -> "Bashar
    al-Assad", "UN SECURITY COUNCIL" -> "UN Security Council" (short words of organisations
    stay upper case: acronyms), "GROUP OF TWENTY" -> "Group of Twenty"."""
    if name != name.upper():
        return name
    words = []
    for i, word in enumerate(name.split()):
        parts = []
        for j, part in enumerate(word.split("-")):
            low = part.lower()
            if (i or j) and low in _PARTICLES:
                parts.append(low)
            elif not person and 1 < len(part) <= 3 and part.isalpha() and low not in _PARTICLES:
                parts.append(part)
            else:
                parts.append(part[:1] + part[1:].lower())
        words.append("-".join(parts))
    return " ".join(words)


def _tier(app: Appearance) -> int:
    if app.type in NAMING_TYPES:
        return 2
    return 0 if app.type == "NORP" else 1


def _rank(app: Appearance) -> tuple:
    return (_tier(app), len(app.name.split()), len(app.name), app.n, app.name)


def _is_country_code(code: str | None) -> bool:
    return bool(code) and kb.split_code(code) == (code, None)


def _kb_name(kb_id: str | None, apps: list[Appearance]) -> tuple[str, str | None] | None:
    """(name, type) from the knowledge base: a country's short name; else an article's
    spelling of the KB name; else the KB name in title case."""
    raw = kb.actor_name(kb_id) if kb_id else None
    if not raw:
        return None
    key = kb.norm(raw)
    spelled = [a for a in apps if kb.norm(a.name) == key]
    if spelled:
        best = max(spelled, key=_rank)
        return best.name, best.type
    best = max(apps, key=_rank) if apps else None
    typ = best.type if best else None
    return title_case(raw, person=typ == "PERSON"), typ


def canonical_name(kb_id: str | None, apps: list[Appearance]) -> tuple[str, str | None]:
    """(name, type) of an entity by the module's rule (the one rule, writer and Spark)."""
    named = _kb_name(kb_id, apps)
    if named:
        return named
    best = max(apps, key=_rank)
    return best.name, best.type


def person_words(name: str) -> list[str]:
    """A person's name as lower-case words without punctuation and suffixes ("Joseph R.
    Biden, Jr." -> ["joseph", "r", "biden"])."""
    words = re.findall(r"[^\W\d_]+", name.lower().replace("’", "'").replace("'", ""))
    return [w for w in words if w not in _SUFFIXES]


def surname(name: str) -> str | None:
    words = person_words(name)
    return words[-1] if words else None


def latest(apps: list[Appearance]) -> Appearance:
    """The appearance whose fields an entity row shows (see the module's rule)."""

    def key(a: Appearance) -> tuple:
        vals = tuple((v is not None, v if isinstance(v, str) else str(v)) for v in (
            a.country, a.actor_code, a.role, a.lat, a.lon))  # fmt: skip
        return (a.actor_code is not None, a.last_day or "", vals)

    return max(apps, key=key)


def entity_row(entity_id: str, apps: list[Appearance], kb_id: str | None = None) -> dict:
    """The ``entities`` row of ``entity_id`` from its appearances (at least one)."""
    if not apps:
        raise ValueError(f"entity {entity_id}: no appearance")
    name, typ = canonical_name(kb_id, apps)
    last = latest(apps)
    if kb_id and _is_country_code(last.actor_code):
        typ = "GPE"  # a country named by its demonym only is still a country
    row = {"id": entity_id, "name": name, "type": typ}
    row.update({f: getattr(last, f) for f in FIELDS})
    row["surname"] = surname(name) if typ == "PERSON" else None
    return row


@lru_cache(maxsize=1 << 14)
def code_key(code: str | None) -> str | None:
    """The code-level key of an actor code: a country's code and its first sector
    ("RUSGOVMIL" -> "RUSGOV", "RUS" -> "RUS"), a code without a country whole ("IGOUNO");
    None for a bare sector ("GOV": the country is unknown)."""
    if not code:
        return None
    country, sector = kb.split_code(code)
    if country:
        return country + (sector or "")[:3]
    return code if len(code) > 3 else None


def node_of(entity_id: str | None, code: str | None) -> str | None:
    """An event actor's node at the code level: its code key, else its entity id."""
    return code_key(code) or entity_id


def kb_id_of(entity_id: str) -> str | None:
    """The KB id an entity id is (canonical ids are the KB id when the KB knows the actor;
    ids of actors the KB does not know are hashes starting with ``x``)."""
    return None if entity_id.startswith("x") else entity_id


__all__ = [
    "Appearance",
    "appearances",
    "canonical_name",
    "code_key",
    "entity_row",
    "kb_id_of",
    "latest",
    "node_of",
    "person_words",
    "surname",
    "title_case",
]
