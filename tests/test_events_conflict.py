"""Material conflict on real sentences (issue #11, fourth round): sentences and convictions are
SANCTION, an arrest "as part of a probe" stays an arrest, the actor of an attack noun is the
source of a conflict verb without one, a nationality acting with state force is that state, and
an act of force that names no actor as target takes the place it struck.

The sentences are from the dev documents of ``benchmarks/gold/`` (Wikinews, wnx-*)."""

from __future__ import annotations

from functools import partial

from event_coding import code_rules
from tidings.schema import Event

PUB = "2009-01-18"
_code = partial(code_rules, published=PUB)


def _of_type(events: list[Event], type_: str) -> list[Event]:
    return [e for e in events if e.type == type_]


def test_a_court_sentencing_someone_is_a_conviction() -> None:
    events = _code(
        "On Tuesday, 16 December, an Israeli court sentenced Aziz Dweik, the democratically "
        "elected head of the Palestinian Legislative Council, the Palestinian parliament, to "
        "three years in prison for belonging to Hamas."
    )
    got = _of_type(events, "SANCTION")
    assert got, [(e.type, e.cameo, e.rule) for e in events]
    assert got[0].cameo == "116"
    assert got[0].source[0].actor_code == "ISRJUD"
    assert "Aziz Dweik" in [a.name for a in got[0].target]
    assert not _of_type(events, "COERCE")


def test_an_arrest_as_part_of_a_probe_is_an_arrest() -> None:
    events = _code(
        "Turkish police arrested two colonels and two lieutenants Saturday as part of a "
        "wide-reaching probe into a suspected coup plot."
    )
    got = _of_type(events, "COERCE")
    assert got and got[0].cameo == "173", [(e.type, e.rule) for e in events]
    assert not _of_type(events, "AGREE")  # Phoenix's "take part" pattern of the same group


def test_the_side_of_a_clash_kills_the_victims_of_a_passive() -> None:
    events = _code(
        "This Monday, more than 50 Palestine civilians were killed in Gaza in a clash against "
        "Israeli forces."
    )
    got = _of_type(events, "ASSAULT")
    assert got, events
    assert [a.actor_code for a in got[0].source] == ["ISRMIL"]
    assert [a.actor_code for a in got[0].target] == ["PSECVL"]


def test_the_nationality_of_an_offensive_is_its_state_military() -> None:
    events = _code(
        "Nearly 1,200 Palestinians have been killed as a result of the Israeli offensive into "
        "Gaza, and more than 400 of those killed have been children."
    )
    got = [e for e in _of_type(events, "ASSAULT") if e.source]
    assert got, events
    assert (got[0].source[0].name, got[0].source[0].actor_code) == ("Israel", "ISRMIL")
    assert "Palestinians" in [a.name for a in got[0].target]


def test_an_act_of_force_without_an_actor_target_strikes_its_place() -> None:
    events = _code(
        "The reason for Hamas to fire these rockets is that Israel blocks transport into the "
        "Gaza Strip, which Israel in turn does because those transports may include such "
        "rockets, thus creating a vicious circle."
    )
    got = [e for e in _of_type(events, "COERCE") if e.evidence[0].trigger == "blocks"]
    assert got, [(e.type, e.evidence[0].trigger) for e in events]
    assert got[0].source[0].actor_code == "ISRGOV"
    assert [(a.name, a.actor_code) for a in got[0].target] == [("Gaza Strip", "PSE")]
