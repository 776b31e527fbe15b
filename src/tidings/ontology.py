"""CAMEO and PLOVER ontology tables, loaded once from ``tidings/data/ontology``.

The one home of event types, quad classes and their names: the coder, the store's query layer,
the API and the web UI all read them from here.

Conventions (documented in docs/events.md):
- CAMEO -> PLOVER: the official 2021 mapping, extended by ``tidings_plover_extensions.csv``
  for codes it drops (02x appeals -> REQUEST, 016 -> REJECT); a code without its own row
  inherits the mapping of its nearest listed ancestor (0231 -> 023 -> 02).
- Goldstein: GDELT's table (``goldstein_gdelt``), for the most specific CAMEO code coded;
  events without a CAMEO code take the PLOVER type's root-code value.
- quad_class: from the PLOVER type (``plover_event_types.csv`` quad_category).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from tidings import datafiles

QUAD = {
    "Verbal Cooperation": 1,
    "Material Cooperation": 2,
    "Verbal Conflict": 3,
    "Material Conflict": 4,
}

#: quad class -> the name users see and type (CLI ``--quad``, API, web UI legends)
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

PLOVER_TYPES = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]


@dataclass(frozen=True)
class Coding:
    """What one CAMEO code means in PLOVER terms."""

    cameo: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    goldstein: float | None
    quad_class: int | None
    name: str


def _rows(name: str) -> list[dict[str, str]]:
    return datafiles.csv_rows("ontology", name)


@cache
def cameo_codes() -> dict[str, dict[str, str]]:
    """All 312 CAMEO codes with names and Goldstein scores, keyed by code."""
    return {r["code"]: r for r in _rows("cameo_event_codes_full.csv")}


@cache
def plover_mapping() -> dict[str, tuple[str, str, str]]:
    """CAMEO code -> (PLOVER type, mode, context) from the official mapping plus extensions."""
    out: dict[str, tuple[str, str, str]] = {}
    for name in ("cameo_to_plover_2021.csv", "tidings_plover_extensions.csv"):
        for r in _rows(name):
            if r["plover_event"]:
                out[r["cameo_code"]] = (r["plover_event"], r["plover_mode"], r["plover_context"])
    return out


@cache
def plover_types() -> dict[str, dict[str, str]]:
    """PLOVER event types keyed by name (quad category, modes, definition)."""
    return {r["event"]: r for r in _rows("plover_event_types.csv")}


@cache
def root_codes() -> dict[str, dict[str, str]]:
    """The 20 CAMEO roots with the three quad-class conventions and root Goldstein values."""
    return {r["root_code"]: r for r in _rows("cameo_root_codes.csv")}


def _goldstein(code: str) -> float | None:
    row = cameo_codes().get(code)
    while row is None and len(code) > 2:
        code = code[:-1]
        row = cameo_codes().get(code)
    if row is None:
        return None
    value = row.get("goldstein_gdelt") or row.get("goldstein_icews") or ""
    try:
        return float(value)
    except ValueError:
        return None


def quad_class(plover_type: str) -> int | None:
    """PLOVER type -> quad class 1..4."""
    row = plover_types().get(plover_type)
    return QUAD.get(row["quad_category"]) if row else None


@cache
def coding(cameo: str) -> Coding | None:
    """Map a CAMEO code to its PLOVER coding, or None when PLOVER does not code it (01x)."""
    mapping = plover_mapping()
    code = cameo
    while code and code not in mapping:
        code = code[:-1] if len(code) > 2 else ""
    if not code:
        return None
    ptype, mode, context = mapping[code]
    if "|" in ptype:  # a root listing alternatives: take the first (the root's main reading)
        ptype = ptype.split("|")[0]
    row = cameo_codes().get(cameo) or cameo_codes().get(code) or {}
    return Coding(
        cameo=cameo,
        type=ptype,
        mode=mode or None,
        context=tuple(c for c in context.split("|") if c),
        goldstein=_goldstein(cameo),
        quad_class=quad_class(ptype),
        name=row.get("name_cameo_1.1b3", ""),
    )


# a representative CAMEO code per PLOVER type, for events coded straight to PLOVER
_DEFAULT_CAMEO = {
    "AGREE": "030",
    "CONSULT": "040",
    "SUPPORT": "050",
    "CONCEDE": "080",
    "COOPERATE": "060",
    "AID": "070",
    "RETREAT": "087",
    "REQUEST": "100",
    "ACCUSE": "112",
    "REJECT": "120",
    "THREATEN": "130",
    "PROTEST": "140",
    "SANCTION": "160",
    "MOBILIZE": "150",
    "COERCE": "170",
    "ASSAULT": "180",
}


def default_coding(plover_type: str) -> Coding | None:
    """The coding of a PLOVER type's representative CAMEO code (an event typed by a model)."""
    code = _DEFAULT_CAMEO.get(plover_type)
    return coding(code) if code else None


def default_goldstein(plover_type: str) -> float | None:
    """Goldstein for an event with a PLOVER type but no specific CAMEO code."""
    code = _DEFAULT_CAMEO.get(plover_type)
    return _goldstein(code) if code else None
