"""What each entity of an article is: its KB actor, country, place and CAMEO-style actor code.

Runs over the clusters :class:`tidings.understand.entities.Resolver` built, all from
:mod:`tidings.kb`: countries/demonyms to country codes (pycountry + Phoenix), places to
country and coordinates (the gazetteer, disambiguated by the countries the article names),
actors to the code valid on the article's date, else country + the sector of the role
("Foreign Minister" -> GOV). The text wins over the KB when they disagree on a person's country.
"""

from __future__ import annotations

import re

from tidings import kb
from tidings.schema import Entity
from tidings.understand.clusters import Cluster


def is_country(text: str) -> bool:
    """A country name or demonym ("Russia", "US", "Russian"), not a city the KB maps to one."""
    if not kb.country_iso3(text) or kb.metonym(text):
        return False
    return kb.is_official_country(text) or not kb.places.is_city(text)


def name_variants(name: str) -> list[str]:
    """'Joseph R. Biden, Jr.' -> [itself, 'Joseph R. Biden Jr.', 'Joseph Biden']; 'Hamad bin
    Khalifa al-Thani' -> [itself, 'Hamad bin Khalifa al Thani', ...]: dictionaries list people
    without punctuation, middle initials and suffixes."""
    words = re.sub(r"[-,]", " ", name).split()
    core = [
        w for w in words if len(w.rstrip(".")) > 1 and w.rstrip(".").lower() not in {"jr", "sr"}
    ]
    out = [name, " ".join(words)]
    if len(core) >= 2:
        out += [" ".join(core), f"{core[0]} {core[-1]}"]
    return list(dict.fromkeys(out))


def kb_person(name: str, surname: str, date: str | None) -> kb.ActorMatch | None:
    """A person in the KB by full name (or a variant of it), or by surname when the given
    names agree."""
    for variant in name_variants(name):
        hit = kb.lookup(variant, date)
        if hit:
            return hit
    hit = kb.lookup(surname, date)
    if hit and " " in hit.name:
        first_kb, first = hit.name.split()[0].lower(), name.split()[0].lower()
        if name == surname or first_kb[:3] == first[:3]:  # Sergei ~ Sergey
            return hit
    return None


def _kb_titled(cl: Cluster, date: str | None) -> kb.ActorMatch | None:
    """A person the dictionaries list under a title and surname ("PRESIDENT REAGAN"), looked up
    with the titles the article gives them; else the one person of that surname who held an
    office of the title's sector on the date ("President Kibaki" -> Mwai Kibaki)."""
    surname = cl.name.split()[-1]
    titles = [m.text for m in cl.mentions if m.kind == "title"] + ([cl.role] if cl.role else [])
    for title in dict.fromkeys(titles):
        hit = kb.lookup(f"{title} {surname}", date)
        if hit:
            return hit
    if cl.role and len(cl.name.split()) == 1:  # "President Kibaki": the one office holder
        return kb.titled_person(surname, date, kb.sector_for(cl.role))
    return None


def _countries(clusters: list[Cluster]) -> set[str]:
    """The countries an article names: context for ambiguous places ("London", Ontario)."""
    out = {
        kb.country_iso3(c.mentions[0].text)
        for c in clusters
        if c.mentions and (c.type == "NORP" or is_country(c.mentions[0].text))
    }
    return (out | {c.country for c in clusters if c.country}) - {None}


def normalise(clusters: list[Cluster], date: str | None) -> None:
    """KB look-up (roles held on ``date``), countries and coordinates of every cluster."""
    countries = _countries(clusters)
    for cl in clusters:
        if not cl.mentions:
            continue
        name = cl.name
        if cl.type == "PERSON":
            cl.kb = kb_person(name, name.split()[-1], date) or _kb_titled(cl, date)
            if cl.kb and not cl.country:
                cl.country = kb.split_code(cl.kb.code)[0]
        elif cl.type in {"ORG", "FAC", "EVENT"}:
            cl.kb = kb.lookup(name, date)
        elif cl.type in {"GPE", "NORP", "LOC"}:
            iso = kb.country_iso3(name)
            if iso and (cl.type == "NORP" or is_country(name)):
                cl.country = iso
                cl.kb = kb.lookup(name, date)
            elif cl.type in {"GPE", "LOC"}:
                _place(cl, name, countries)


def _place(cl: Cluster, name: str, countries: set[str]) -> None:
    place = kb.places.find(name, countries)
    cl.country = cl.country or (place.country if place else None) or kb.country_iso3(name)
    if place is not None and place.lat is not None and place.lon is not None:
        cl.lat_lon = (place.lat, place.lon)


def _text_contradicts_kb(cl: Cluster, country: str | None) -> bool:
    """A person's title in the article names another country or another sector than the KB
    code for the date ("President Obama": GOV, whatever the KB says): the text wins. Other
    words around a name ("Colonel Bacar") do not overrule the KB."""
    if cl.type != "PERSON" or cl.kb is None:
        return False
    kb_country, kb_sector = kb.split_code(cl.kb.code)
    if country and kb_country and kb_country != country:
        return True
    return bool(kb_country and cl.title_sector and (kb_sector or "")[:3] != cl.title_sector)


def _code(cl: Cluster, role: str | None) -> tuple[str | None, str | None]:
    """(actor code, country) of a cluster: KB, metonym, else country + sector of the role."""
    country = cl.country
    code = None
    if cl.kb:
        kb_country = kb.split_code(cl.kb.code)[0]
        if not _text_contradicts_kb(cl, country):
            code = cl.kb.code
        country = country or kb_country
    if cl.metonym_code:
        code = cl.metonym_code
    sector = cl.title_sector or cl.sector or (kb.sector_for(role) if role else None)
    if code is None and country and cl.type in {"PERSON", "ORG"}:
        code = country + (sector or "")
    if code is None and cl.type == "PERSON" and sector:
        code = sector[:3]  # "Judge Alejandro Rivera": a sector, country unknown
    if code is None and country and cl.type in {"GPE", "NORP"} and is_country(cl.name):
        code = country
    return code, country


def entity_record(cl: Cluster, eid: str) -> Entity:
    """The Entity record of a finished cluster."""
    role = cl.role or (cl.kb.role if cl.kb else None)
    code, country = _code(cl, role)
    lat_lon = cl.lat_lon or (None, None)
    name = cl.name
    if cl.type == "PERSON":
        name = re.sub(r"^(?:the|The)\s+", "", name)
    return Entity(
        id=eid,
        name=name,
        type=cl.type,
        role=role,
        country=country,
        actor_code=code,
        kb_id=cl.kb.kb_id if cl.kb else None,
        lat=lat_lon[0],
        lon=lat_lon[1],
        mentions=cl.mentions,
    )


__all__ = ["entity_record", "is_country", "kb_person", "normalise"]
