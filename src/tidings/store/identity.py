"""Cross-article identity of people: "Biden" in one article is "Joseph R. Biden" of another.

An article alone gives each entity an id (:func:`tidings.store.rows.canonical_entity_id`: the
KB id, else a hash of type, name and country), so a person the KB does not know is one entity
per spelling. The writer then decides, for the people sharing a surname, which ids are one
person, by one rule (the same whatever the order of ingest, because it is decided again over
all of them whenever one of them is written or deleted):

- a person the KB does not know, whose name words are part of a longer name ("Biden" of
  "Joseph R. Biden"; "Joseph Biden" too; the last word must be the same, an initial matches
  a word it begins) or the same full name seen with other evidence, is merged into the
  entity that longer name belongs to, when
- the evidence agrees (a country, an actor code or a role seen for both, the same full name,
  or the KB lists the short name for the long one) and nothing conflicts (no country in
  common while both have one; the KB lists the short name for someone else), and
- exactly one person it is part of is compatible (two candidates: it stays apart).

Every merge is an ``actor_aliases`` row with the alias's own name and evidence and the reason.
The rows that name an alias (``article_entities``, ``mentions``, ``quotes``, ``event_actors``,
``events``) carry the canonical id; ``own_id`` keeps the article's own, so a merge can be undone
when a later article makes it ambiguous.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, case, delete, exists, func, insert, select, update

from tidings import kb
from tidings.store.canonical import (
    Appearance,
    canonical_name,
    kb_id_of,
    latest,
    person_words,
    surname,
)
from tidings.store.tables import (
    actor_aliases,
    article_entities,
    entities,
    event_actors,
    events,
    mentions,
    quotes,
)

_CHUNK = 500


@dataclass
class Person:
    """One own id of a person with the evidence its own appearances give."""

    id: str
    name: str
    words: list[str]
    countries: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    latest: Appearance | None = None


def part_of(short: list[str], long: list[str]) -> bool:
    """Whether a name's words are part of a longer (or the same) name's, in order, with the
    same last word; an initial matches a word it begins ("joseph r biden" has "joseph biden")."""
    if not short or len(short) > len(long) or short[-1] != long[-1]:
        return False
    i = 0
    for word in long:
        if i < len(short) and (
            word == short[i] or (len(short[i]) == 1 and word.startswith(short[i]))
        ):
            i += 1
    return i == len(short)


def _evidence(s: Person, big: Person) -> tuple[list[str], list[str]]:
    """(agreements, conflicts) between a short name and a longer one."""
    agree, conflict = [], []
    if len(s.words) >= 2 and s.words == big.words:
        agree.append("full name")
    if s.countries and big.countries:
        common = s.countries & big.countries
        if common:
            agree.append(f"country {', '.join(sorted(common))}")
        else:
            conflict.append("countries differ")
    codes = s.codes & big.codes
    if codes:
        agree.append(f"actor code {', '.join(sorted(codes))}")
    roles = {r.lower() for r in s.roles} & {r.lower() for r in big.roles}
    if roles:
        agree.append(f"role {', '.join(sorted(roles))}")
    if kb_id_of(big.id):
        hit = kb.lookup(s.name)
        if hit and hit.kb_id == big.id:
            agree.append("the KB lists the name for them")
        elif hit:
            conflict.append("the KB lists the name for someone else")
    return agree, conflict


def decide(people: list[Person]) -> dict[str, tuple[str, str]]:
    """alias id -> (canonical id, reason) for one surname's people (longest names first)."""
    order = sorted(people, key=lambda p: (-len(p.words), not kb_id_of(p.id), p.name, p.id))
    root: dict[str, str] = {}
    out: dict[str, tuple[str, str]] = {}
    for i, p in enumerate(order):
        root[p.id] = p.id
        if kb_id_of(p.id):
            continue  # a KB actor is itself
        compatible: dict[str, list[str]] = {}
        for big in order[:i]:  # longer names (and KB actors of the same name) come first
            if not part_of(p.words, big.words):
                continue
            agree, conflict = _evidence(p, big)
            if conflict:
                continue
            reasons = compatible.setdefault(root.get(big.id, big.id), [])
            if agree:
                reasons.append(f'"{p.name}" is part of "{big.name}"; same {"; ".join(agree)}')
        if len(compatible) == 1:
            target, reasons = next(iter(compatible.items()))
            if reasons:
                root[p.id] = target
                out[p.id] = (target, reasons[0])
    return out


def _people(conn: Connection, names: set[str]) -> list[Person]:
    """The own ids of people with these surnames (entities and aliases) and their evidence."""
    e, al = entities.c, actor_aliases.c
    roots = {
        r[0]
        for r in conn.execute(select(e.id).where(e.surname.in_(sorted(names)), e.type == "PERSON"))
    }
    ids = set(roots)
    if roots:
        ids |= {
            r[0] for r in conn.execute(select(al.alias_id).where(al.entity_id.in_(sorted(roots))))
        }
    apps: dict[str, list[Appearance]] = {}
    ae = article_entities.c
    group = (ae.own_id, ae.name, ae.type, ae.country, ae.actor_code, ae.role)
    for chunk in _chunks(sorted(ids)):
        stmt = (
            select(*group, func.max(ae.published_date).label("day"), func.count().label("n"))
            .where(ae.own_id.in_(chunk))
            .group_by(*group)
        )
        for r in conn.execute(stmt):
            apps.setdefault(r.own_id, []).append(
                Appearance(r.name, r.type, r.country, r.actor_code, r.role, last_day=r.day, n=r.n)
            )
    out = []
    for pid, rows in apps.items():
        name, _ = canonical_name(kb_id_of(pid), rows)
        words = person_words(name)
        if not words or words[-1] not in names:
            continue
        out.append(
            Person(
                pid,
                name,
                words,
                countries={a.country for a in rows if a.country},
                codes={a.actor_code for a in rows if a.actor_code},
                roles={a.role for a in rows if a.role},
                latest=latest(rows),
            )
        )
    return out


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def repoint(conn: Connection, own: str, canonical: str) -> None:
    """Every row an own id gave now names ``canonical`` (an alias merged, or set apart)."""
    ae = article_entities.c
    conn.execute(update(article_entities).where(ae.own_id == own).values(entity_id=canonical))
    conn.execute(
        update(event_actors).where(event_actors.c.own_id == own).values(entity_id=canonical)
    )
    same_local = exists().where(
        ae.own_id == own, ae.article_id == mentions.c.article_id, ae.local_id == mentions.c.local_id
    )
    conn.execute(update(mentions).where(same_local).values(entity_id=canonical))
    speaker = exists().where(
        ae.own_id == own,
        ae.article_id == quotes.c.article_id,
        ae.local_id == quotes.c.speaker_local_id,
    )
    conn.execute(update(quotes).where(speaker).values(speaker_entity_id=canonical))
    ea = event_actors.c
    for role in ("source", "target"):
        first = select(ea.event_id).where(ea.own_id == own, ea.role == role, ea.position == 0)
        entity, node = events.c[f"{role}_entity_id"], events.c[f"{role}_node"]
        conn.execute(
            update(events)
            .where(events.c.id.in_(first))
            .values(  # the node follows the entity unless it is the actor's code key
                {node: case((node == entity, canonical), else_=node), entity: canonical}
            )
        )


def resolve_people(conn: Connection, names: set[str]) -> set[str]:
    """Decide the aliases of the people with these surnames again and apply the changes;
    returns the entity ids whose appearances changed (their rows must be rebuilt)."""
    names = {n for n in names if n}
    if not names:
        return set()
    people = _people(conn, names)
    wanted = decide(people)
    al = actor_aliases.c
    ids = [p.id for p in people]
    current = {
        r.alias_id: r.entity_id
        for chunk in _chunks(ids)
        for r in conn.execute(select(al.alias_id, al.entity_id).where(al.alias_id.in_(chunk)))
    }
    by_id = {p.id: p for p in people}
    touched: set[str] = set()
    for pid in ids:
        old = current.get(pid, pid)
        new = wanted.get(pid, (pid, ""))[0]
        if old != new:
            if new == pid:
                _ensure_row(conn, by_id[pid])
            repoint(conn, pid, new)
            touched |= {old, new}
        if pid in wanted:
            row = _alias_row(by_id[pid], *wanted[pid])
            if pid in current:
                conn.execute(update(actor_aliases).where(al.alias_id == pid).values(**row))
            else:
                conn.execute(insert(actor_aliases).values(alias_id=pid, **row))
        elif pid in current:
            conn.execute(delete(actor_aliases).where(al.alias_id == pid))
    return touched


def _alias_row(p: Person, canonical: str, reason: str) -> dict:
    last = p.latest
    return {
        "entity_id": canonical,
        "name": p.name,
        "type": "PERSON",
        "country": last.country if last else None,
        "actor_code": last.actor_code if last else None,
        "role": last.role if last else None,
        "reason": reason,
    }


def _ensure_row(conn: Connection, p: Person) -> None:
    """An alias set apart gets its entity row back (rebuilt from its appearances later)."""
    if conn.execute(select(entities.c.id).where(entities.c.id == p.id)).first() is None:
        conn.execute(
            insert(entities).values(id=p.id, name=p.name, type="PERSON", surname=p.words[-1])
        )


def dropped_aliases(conn: Connection) -> None:
    """Aliases whose own id no article gives any more are forgotten."""
    al, ae = actor_aliases.c, article_entities.c
    gone = ~exists().where(ae.own_id == al.alias_id)
    conn.execute(delete(actor_aliases).where(and_(gone)))


def surnames_of(rows: Iterable[dict]) -> set[str]:
    """Surnames of the people among ``article_entities`` rows."""
    return {s for r in rows if r.get("type") == "PERSON" and (s := surname(r.get("name") or ""))}


__all__ = ["decide", "part_of", "repoint", "resolve_people", "surnames_of"]
