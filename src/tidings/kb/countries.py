"""Country names and demonyms -> country codes ("Russian" -> RUS, "U.S." -> USA, "Kosovo" -> KSV).

From the Phoenix country entries (all their aliases and demonyms), pycountry's names and the
demonyms both lack (`data/kb/demonyms.tsv`).
"""

from __future__ import annotations

from functools import cache, lru_cache

from tidings import datafiles
from tidings.kb.actors import compiled
from tidings.kb.codes import is_country_code
from tidings.kb.names import norm

#: short forms news uses that neither source lists as a country name
_SHORT = (("US", "USA"), ("UK", "GBR"), ("BRITAIN", "GBR"), ("BRITISH", "GBR"), ("PRC", "CHN"))


def _pycountry_names() -> dict[str, str]:
    import pycountry

    out: dict[str, str] = {}
    short: dict[str, set[str]] = {}
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name:
                out[norm(name)] = c.alpha_3
        if ", " in c.name:  # "Palestine, State of" is "Palestine" (not the Texas town)
            short.setdefault(norm(c.name.split(", ")[0]), set()).add(c.alpha_3)
    for name, codes in short.items():
        if len(codes) == 1 and name not in out:  # "Korea" names two: neither
            out[name] = codes.pop()
    return out


@cache
def _countries() -> dict[str, str]:
    """Country names, demonyms and aliases -> country code (Phoenix entries + pycountry)."""
    out: dict[str, str] = dict(compiled()["countries"])  # the Phoenix country entries' aliases
    out.update(_pycountry_names())
    out.update(_SHORT)
    for row in datafiles.tsv("kb", "demonyms.tsv"):  # demonyms both sources lack
        if len(row) >= 2:
            out.setdefault(norm(row[0]), row[1].strip())
    return out


@cache
def _official() -> frozenset[str]:
    return frozenset(_pycountry_names())


@cache
def country_spellings() -> frozenset[str]:
    """Every country as ISO 3166 writes it: name, common name and both codes ("Russian
    Federation", "Russia", "RU", "RUS"), unnormalised, for readers matching exact spellings."""
    import pycountry

    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "alpha_2", "alpha_3"):
            value = getattr(c, attr, None)
            if value:
                names.add(value)
    return frozenset(names)


def is_official_country(text: str) -> bool:
    """A country's ISO name ("Jordan", "Georgia"), as opposed to an alias or a city."""
    return norm(text) in _official()


@lru_cache(maxsize=1 << 14)
def country_iso3(text: str) -> str | None:
    """Country, demonym or code -> country code ("Russian" -> RUS, "U.S." -> USA)."""
    key = norm(text)
    if not key:
        return None
    hit = _countries().get(key)
    if hit:
        return hit
    if (
        len(key) == 3 and text.strip().isupper() and is_country_code(key, current=True)
    ):  # "RUS"; not former codes ("Sun" is no SUN), not words ("And", "Ken", "Can")
        return key
    if key.endswith("S") and key[:-1] in _countries():  # "Russians"
        return _countries()[key[:-1]]
    return None


@cache
def country_name(iso3: str) -> str | None:
    """Country code -> short English name ("RUS" -> "Russia"): the gazetteer's country table,
    else pycountry's common name (former countries: "SUN" -> "USSR")."""
    from tidings.kb.places import country

    known = country(iso3)
    if known:
        return known.name
    import pycountry

    c = pycountry.countries.get(alpha_3=iso3) or pycountry.historic_countries.get(alpha_3=iso3)
    return (getattr(c, "common_name", None) or c.name) if c else None


def warm() -> None:
    """Load the tables now."""
    _countries()


__all__ = ["country_iso3", "country_name", "country_spellings", "is_official_country"]
