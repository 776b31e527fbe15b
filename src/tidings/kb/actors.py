"""The actor dictionary: who an actor is, and which CAMEO-style code it had on a given date.

Seeded from the MIT-licensed Phoenix dictionaries (``data/kb/phoenix_actors.tsv.gz``, built by
``tools/build_kb.py``), a hand-written supplement of post-2014 office holders, seats of power
(metonyms) and, optionally, a user dictionary named by ``TIDINGS_KB_USER`` (same TSV format, or
a PETRARCH ``.actors`` file). Everything is loaded once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from tidings import datafiles
from tidings.kb.codes import is_country_code, split_code
from tidings.kb.names import norm
from tidings.settings import get_settings


@dataclass(frozen=True)
class ActorMatch:
    """One KB answer: the actor, and the code valid on the date asked for."""

    kb_id: str
    name: str  # canonical KB name, title case ("Sergey Lavrov")
    code: str  # CAMEO-style actor code: RUSGOV, IGOUNO, USAELI ...
    country: str | None  # ISO 3166 alpha-3 (or CAMEO's KSV ...), None for IGOs/NGOs
    sector: str | None  # GOV, MIL, ELI ... (IGO codes keep their full tail)
    role: str | None = None  # role name when the KB knows it ("Secretary of State")
    alias: str = ""  # the alias that matched


@dataclass(frozen=True)
class Actor:
    """One dictionary entry with all its dated codes."""

    kb_id: str
    name: str
    codes: tuple[tuple[str, str, str], ...]  # (code, start ISO date or "", end or "")
    roles: tuple[tuple[str, str], ...] = ()
    titles: tuple[str, ...] = ()  # offices its aliases give it ("CHANCELLOR MERKEL")


def _parse_codes(field: str) -> tuple[tuple[str, str, str], ...]:
    out = []
    for part in filter(None, field.split(";")):
        code, _, rest = part.partition(":")
        start, _, end = rest.partition(":")
        out.append((code.strip().lstrip("~"), start, end))
    return tuple(out)


def _columns(lines: list[str], source: str) -> list[list[str]]:
    """A dictionary's lines as columns (comments and blank lines dropped); every line needs
    id, name, codes and aliases."""
    out = []
    for i, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 4:
            raise ValueError(f"{source}: line {i}: expected id, name, codes, aliases")
        out.append(cols)
    return out


def _actor_of(cols: list[str]) -> Actor:
    roles = tuple(
        tuple(r.split(":", 1)) for r in (cols[4].split(";") if len(cols) > 4 else []) if r
    )
    titles = _alias_titles(cols[1], _aliases(cols))
    return Actor(cols[0], cols[1], _parse_codes(cols[2]), roles, titles)  # type: ignore[arg-type]


#: words of an office title before its head ("PRIME MINISTER", "FOREIGN MINISTER")
_TITLE_WORDS = {"prime", "foreign", "vice", "deputy", "defense", "defence", "interior", "supreme"}


def _alias_titles(name: str, aliases: list[str]) -> tuple[str, ...]:
    """The offices an actor's aliases put before its surname ("GERMAN CHANCELLOR ANGELA
    MERKEL", "CHANCELLOR MERKEL" -> Chancellor), title case, each once."""
    from tidings.kb.codes import role_heads

    surname = name.split()[-1].lower() if name.split() else ""
    heads = role_heads()
    found: list[str] = []
    for alias in aliases:
        words = alias.lower().split()
        if len(words) < 2 or words[-1] != surname:
            continue
        before = words[: words.index(surname)]
        given = name.lower().split()[:-1]
        while before and before[-1] in given:
            before.pop()  # "... ANGELA MERKEL": the given names
        if not before or not heads.get(before[-1]):
            continue
        k = len(before) - 1
        while k > 0 and before[k - 1] in _TITLE_WORDS:
            k -= 1
        found.append(" ".join(before[k:]).title())
    return tuple(dict.fromkeys(found))


def _aliases(cols: list[str]) -> list[str]:
    return [a for a in cols[3].split("|") if a]


def _read_tsv(lines: list[str], source: str) -> list[tuple[Actor, list[str]]]:
    return [(_actor_of(cols), _aliases(cols)) for cols in _columns(lines, source)]


def _read_user(path: Path) -> list[tuple[Actor, list[str]]]:
    """A user dictionary: this package's TSV format, or a PETRARCH .actors file."""
    from tidings.kb.petrarch import parse_actors

    text = path.read_text("utf-8")
    first = next((x for x in text.splitlines() if x.strip() and not x.startswith("#")), "")
    if first.count("\t") >= 3:
        return _read_tsv(text.splitlines(), str(path))
    rows = []
    for i, a in enumerate(parse_actors(path), 1):
        codes = tuple((c.lstrip("~"), s, e) for c, s, e in a["codes"])
        rows.append((Actor(f"user-{i}", a["name"], codes), a["aliases"]))
    return rows


#: alias and country tables compiled from phoenix_actors.tsv.gz by tools/build_kb.py
INDEX_FILE = "phoenix_index.json.gz"


@cache
def _phoenix_lines() -> list[str]:
    """The packaged Phoenix-derived actors (``phoenix_actors.tsv.gz``), one line per actor."""
    text = datafiles.text("kb", "phoenix_actors.tsv.gz")
    return [x for x in text.splitlines() if x.strip() and not x.startswith("#")]


@cache
def _phoenix_columns() -> list[list[str]]:
    """The Phoenix actors split into columns."""
    return _columns(_phoenix_lines(), "phoenix_actors.tsv.gz")


def compile_index(lines: list[str]) -> bytes:
    """``phoenix_index.json.gz`` for these dictionary lines, the tables start-up would otherwise
    derive from all 27,000 actors: ``aliases`` (alias key (:func:`norm`) -> row numbers, actor
    lines in file order, the later row first, as look-ups rank them), ``countries`` (alias key
    of a country's own entry -> its code, first entry wins) and ``country_actors`` (country code
    -> the KB id of the country itself); and the row count it was made for."""
    import gzip
    import json

    aliases: dict[str, list[int]] = {}
    countries: dict[str, str] = {}
    country_actors: dict[str, str] = {}
    rows = _columns(lines, "phoenix_actors.tsv.gz")
    for i, cols in enumerate(rows):
        names = _aliases(cols)
        for alias in names:
            key = norm(alias)
            if key:
                aliases.setdefault(key, []).insert(0, i)
        codes = [c[0] for c in _parse_codes(cols[2])]
        if len(codes) == 1 and len(codes[0]) == 3 and is_country_code(codes[0]):
            for alias in names:
                countries.setdefault(norm(alias), codes[0])
        if len(set(codes)) == 1 and len(codes[0]) == 3 and is_country_code(codes[0]):
            country_actors.setdefault(codes[0], cols[0])
    table = {
        "rows": len(rows),
        "aliases": aliases,
        "countries": countries,
        "country_actors": country_actors,
    }
    text = json.dumps(table, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), mtime=0)


@cache
def compiled() -> dict:
    """The compiled Phoenix tables (:func:`compile_index`; 0.02 s instead of 0.3 s to derive
    them); compiled here if the shipped file was made for another dictionary. Read-only."""
    import gzip
    import json

    lines = _phoenix_lines()
    table = json.loads(datafiles.text("kb", INDEX_FILE))
    if table.get("rows") != len(lines):  # a dictionary rebuilt without its index
        table = json.loads(gzip.decompress(compile_index(lines)))
    return table


@cache
def phoenix() -> list[tuple[Actor, list[str]]]:
    """The packaged Phoenix-derived actors with their aliases, all parsed (tools and tests;
    look-ups build only the actors they need)."""
    return [(_actor_of(cols), _aliases(cols)) for cols in _phoenix_columns()]


_Row = Actor | list[str] | str  # an Actor, the columns of its line, or the line


@cache
def _index() -> tuple[dict[str, list[int]], list[_Row]]:
    """(alias -> row numbers, newest source first; the rows). Later sources (supplement, user
    file) take precedence. The Phoenix aliases come compiled (:func:`_phoenix_aliases`), and a
    row stays its line until a look-up needs its :class:`Actor` (:func:`_actor`): one article
    asks for a few dozen of 27,000 actors."""
    index: dict[str, list[int]] = dict(compiled()["aliases"])
    rows: list[_Row] = list(_phoenix_lines())
    sources: list[list[tuple[_Row, list[str]]]] = []
    supp = _columns(datafiles.text("kb", "supplement.tsv").splitlines(), "supp")
    sources.append([(cols, _aliases(cols)) for cols in supp])
    user = get_settings().kb_user
    if user:
        if not user.is_file():
            raise FileNotFoundError(f"TIDINGS_KB_USER={user}: no such file")
        sources.append(_read_user(user))  # type: ignore[arg-type]
    for source in sources:
        for row, aliases in source:
            for alias in aliases:
                key = norm(alias)
                if key:  # newest source first (a new list: the compiled ones stay as read)
                    index[key] = [len(rows), *index.get(key, ())]
            rows.append(row)
    return index, rows


def _kb_id(row: _Row) -> str:
    if isinstance(row, Actor):
        return row.kb_id
    return row[0] if isinstance(row, list) else row.split("\t", 1)[0]


def _actor(i: int) -> Actor:
    """Row ``i`` of the index as an :class:`Actor` (built on first use, then kept)."""
    rows = _index()[1]
    row = rows[i]
    if not isinstance(row, Actor):
        row = rows[i] = _actor_of(row.split("\t") if isinstance(row, str) else row)
    return row


def _pick_code(actor: Actor, date: str | None) -> str | None:
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
    ids = _index()[0].get(key)
    if not ids:
        return None
    actors = [_actor(i) for i in ids]
    best: tuple[Actor, str] | None = None
    for actor in actors:
        code = _pick_code(actor, date)
        if code:
            best = (actor, code)
            break
    if best is None:
        code = _pick_code(actors[0], None)
        if not code:
            return None
        best = (actors[0], code)
    return _match(*best, key)


def _match(actor: Actor, code: str, key: str) -> ActorMatch:
    country, sector = split_code(code)
    role = next((r for c, r in actor.roles if c == code), None) or _title_role(actor, sector)
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
def _surnames() -> dict[str, list[int]]:
    """Last word of every actor's canonical name of two or more words -> row numbers."""
    out: dict[str, list[int]] = {}
    for i, row in enumerate(_index()[1]):
        if isinstance(row, Actor):
            name = row.name
        else:
            name = row[1] if isinstance(row, list) else row.split("\t", 2)[1]
        words = name.split()
        if len(words) >= 2:
            out.setdefault(norm(words[-1]), []).append(i)
    return out


@lru_cache(maxsize=1 << 12)
def titled_person(surname: str, date: str | None, sector: str | None) -> ActorMatch | None:
    """The one actor whose full name ends with ``surname`` and who held a code of ``sector``
    (GOV for "President") on ``date``: "President Kibaki" in 2008 is Mwai Kibaki, whom the
    dictionary lists only by his full name. None without a date or a sector, or when two
    actors fit."""
    if not date or not sector:
        return None
    found = []
    for i in _surnames().get(norm(surname), ()):
        actor = _actor(i)
        code = _pick_code(actor, date)
        if (
            code
            and (split_code(code)[1] or "")[:3] == sector[:3]
            and any(c[1] for c in actor.codes)
        ):
            found.append((actor, code))
    return _match(*found[0], norm(surname)) if len(found) == 1 else None


def _title_role(actor: Actor, sector: str | None) -> str | None:
    """The one office the actor's aliases give it, when the code held on the date is of that
    office's sector ("Angela Merkel", DEUGOV after 2005: Chancellor; no role while she was
    DEUELI, and none for an actor called both President and Prime Minister)."""
    from tidings.kb.codes import sector_for

    if len(actor.titles) != 1 or not sector:
        return None
    office = sector_for(actor.titles[0])
    return actor.titles[0] if office and office[:3] == sector[:3] else None


@cache
def _metonyms() -> dict[str, tuple[str, str | None]]:
    from tidings.kb.places import capitals

    out: dict[str, tuple[str, str | None]] = {
        norm(capital): (f"{iso}GOV", iso) for capital, iso in capitals().items()
    }
    for row in datafiles.tsv("kb", "metonyms.tsv"):
        phrase, code, iso = (row + ["", ""])[:3]
        out[norm(phrase)] = (code.strip(), iso.strip() or None)
    return out


@cache
def seats_of_power() -> frozenset[str]:
    """The seats of power of ``data/kb/metonyms.tsv`` (normalised: "KREMLIN", "WHITE HOUSE"),
    which stand for a government beside a person ("Kremlin spokesman"); plain capitals do not
    ("a London-based designer")."""
    return frozenset(norm(r[0]) for r in datafiles.tsv("kb", "metonyms.tsv") if r and r[0].strip())


def metonym(text: str) -> tuple[str, str | None] | None:
    """A seat of power or capital that can stand for a government: (actor code, ISO3).

    ``metonym("the Kremlin")`` -> ("RUSGOV", "RUS"); ``metonym("Brussels")`` -> ("IGOEUREEC",
    None). Whether a mention *is* used metonymically is decided from the sentence by the
    understand stage; this only says what it would stand for.
    """
    return _metonyms().get(norm(text))


def phrase_actor_code(phrase: str, date: str | None = None) -> str | None:
    """Actor code of a phrase at a date: a dictionary actor with a sector, else a seat of power
    or capital as its government ("Moscow" -> RUSGOV), else a plain country ("Iraqi" -> IRQ)."""
    if not phrase.strip(" .'"):
        return None
    match = lookup(phrase, date)
    if match and match.sector:
        return match.code
    met = metonym(phrase)
    if met:
        return met[0]
    return match.code if match else None


def phrase_code(
    words: list[str], date: str | None = None, *, skip: frozenset[int] = frozenset()
) -> tuple[str | None, str | None]:
    """(country, sector or non-state code) of the longest dictionary n-gram among a phrase's
    lower-case words: ["senior", "hungarian", "officials"] -> ("HUN", None); ["white", "house",
    "press", "secretary"] -> ("USA", "GOV"); a country's code keeps its first sector only.
    N-grams made only of the word positions in ``skip`` are not looked up (the event coder
    passes people's names: "Bush administration" is a phrase, "Bush" alone a person)."""
    n = len(words)
    for size in range(min(n, 6), 0, -1):
        for i in range(0, n - size + 1):
            if set(range(i, i + size)) <= skip:
                continue
            phrase = " ".join(words[i : i + size])
            code = phrase_actor_code(phrase, date)
            if not code and phrase.endswith("s"):  # "Albanians" -> "albanian"
                code = phrase_actor_code(phrase[:-1], date)
            if code:
                country, rest = split_code(code)
                return country, (rest[:3] if country and rest else rest)
    return None, None


def _country_actors() -> dict[str, str]:
    """Country code -> the KB id of the country itself (the entry whose only code is it)."""
    return compiled()["country_actors"]


def country_actor(iso3: str | None) -> str | None:
    """The KB id of a country as an actor ("RUS" -> the Russian Federation's entry)."""
    return _country_actors().get(iso3) if iso3 else None


@cache
def _by_id() -> dict[str, int]:
    """KB id -> its row in the index (every source; a later source's entry wins, as in
    look-ups)."""
    index, rows = _index()
    return {_kb_id(rows[i]): i for ids in index.values() for i in reversed(ids)}


def actor_name(kb_id: str) -> str | None:
    """The canonical name of a KB actor, as the dictionary writes it ("SERGEY LAVROV"); for a
    country (the entry of the country itself) the country's short name ("Russia")."""
    i = _by_id().get(kb_id)
    if i is None:
        return None
    actor = _actor(i)
    codes = {c[0] for c in actor.codes}
    if len(codes) == 1:
        country, sector = split_code(next(iter(codes)))
        if country and not sector:  # the country's own entry (not Mayotte, also coded FRA)
            from tidings.kb.places import country as country_row

            row = country_row(country)
            if row and country_actor(country) == kb_id:
                return row.name
    return actor.name


@cache
def _outlets() -> dict[str, str]:
    return {norm(r[0]): r[1].strip() for r in datafiles.tsv("kb", "outlets.tsv") if len(r) > 1}


def outlet_country(text: str) -> str | None:
    """The country a news outlet is published from (``data/kb/outlets.tsv``): "The Globe and
    Mail" -> CAN, "NPR" -> USA. Its journalists belong there when nothing else places them;
    the outlet itself keeps the KB's code (Phoenix codes media without a country)."""
    return _outlets().get(norm(text))


def warm() -> None:
    """Load the tables now (a worker's start-up), not inside the first article's timing."""
    _index()
    _metonyms()
    _outlets()


__all__ = [
    "Actor",
    "ActorMatch",
    "actor_name",
    "country_actor",
    "lookup",
    "metonym",
    "outlet_country",
    "phoenix",
    "phrase_actor_code",
    "phrase_code",
    "warm",
]
