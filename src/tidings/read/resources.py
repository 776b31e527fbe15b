"""Data the reader loads once per process: boilerplate patterns, role markers, and the place
names it recognises in datelines and tag rows (asked of :mod:`tidings.kb`, the one gazetteer;
``regions.txt`` is the reader's own list of multi-word tags, "European Union" among them)."""

from __future__ import annotations

import re
from functools import cache

from tidings import datafiles
from tidings.kb import places
from tidings.kb.countries import country_spellings


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


def is_city(name: str) -> bool:
    """Whether ``name`` is a city's name as the gazetteer writes it (:mod:`tidings.kb.places`)."""
    return places.is_city_name(name)


@cache
def countries() -> frozenset[str]:
    """Country names and common short forms, e.g. "Russia", "US", and US state names: the
    knowledge base's spellings (ISO 3166 and the gazetteer) plus the short forms datelines use."""
    names = set(country_spellings()) | places.country_and_state_names()
    names.update({"UK", "USA", "U.S.", "U.K.", "EU", "UN"})
    return frozenset(names)


def is_place(name: str) -> bool:
    """A known city, country, state or region name (exact, or a SHOUTED city like "SOCHI")."""
    if name in countries() or name in regions() or is_city(name):
        return True
    return name.isupper() and len(name) > 3 and is_city(name.title())
