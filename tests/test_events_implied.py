"""Sides the text implies (issue #11, third round): the unstated agent of an arrest or a
charge in the passive, the target of a reaction to an act told before ("denounced the
operation"), the reporter of a criticism whose own subject is no actor, and a relative clause's
own event. Real passages of the corpus (dev articles of benchmarks/gold/splits.tsv)."""

from __future__ import annotations

from event_coding import code_rules as _code
from event_coding import find_event as _find
from tidings.events.implied import act_nouns, state_acts

# GUM_news_defector (wikinews, 2010): the arrest names no agent; the sheriff's office is named
# further on
DEFECTOR = (
    "Daniel Montalvo, 19, a member of Scientology all his life, was arrested after leaving its "
    "elite group the Sea Org. He was released on US$ 20,000 bail on Thursday. Montalvo was "
    "charged with taking hard drives and a zip drive from the Scientology organization after "
    "leaving the Sea Org group.\n\n"
    "According to Rathbun, a detective for the Los Angeles Sheriff's office was provided with "
    "material from Scientology to build a case against Montalvo."
)


def test_passive_arrest_takes_the_police_the_article_names() -> None:
    events = _code(DEFECTOR, "2010-10-09")
    for type_, trigger in (("COERCE", "arrested"), ("ACCUSE", "charged")):
        ev = _find(events, type_, trigger)
        assert [a.name for a in ev.target] == ["Daniel Montalvo"]
        assert ev.source and (ev.source[0].actor_code or "").endswith("COP")
        assert ev.source[0].name == "detective"


def test_passive_arrest_without_police_in_the_text_keeps_no_source() -> None:
    text = DEFECTOR.split("\n\n")[0]  # the paragraph alone names no police, army or court
    ev = _find(_code(text, "2010-10-09"), "COERCE", "arrested")
    assert ev.source == []


def test_state_acts_and_act_nouns_are_data() -> None:
    assert state_acts()["arrest"][0] == "COP"
    assert act_nouns()["operation"] == "act"
    assert act_nouns()["accusation"] == "word"


# wn-0011 (wikinews, 2008): "the operation" is the invasion the lead reports
COMOROS = (
    "Comoros, backed by African Union forces, has invaded the island of Anjouan in an effort to "
    "topple the rebel leadership of Mohamed Bacar, who has been seeking independence from "
    "Comoros.\n\n"
    "Meanwhile, South African president Thabo Mbeki denounced the operation."
)


def test_denouncing_the_operation_targets_its_actor() -> None:
    ev = _find(_code(COMOROS, "2008-03-25"), "ACCUSE", "denounced")
    assert [a.name for a in ev.source] == ["Thabo Mbeki"]
    assert [a.actor_code for a in ev.target] == ["COMGOV"]


def test_a_reaction_to_nothing_told_before_has_no_target() -> None:
    text = COMOROS.split("\n\n")[1]  # no earlier act in the article
    ev = _find(_code(text, "2008-03-25"), "ACCUSE", "denounced")
    assert ev.target == []


def test_criticism_with_an_inanimate_subject_is_the_reporters() -> None:
    # wn-0006 (wikinews, 2008)
    text = (
        "Paul Dewar, an Ottawa New Democrat MP, said the combined security lapses raise serious "
        "questions about the government's ability to secure sensitive documents."
    )
    ev = _find(_code(text, "2008-06-01"), "ACCUSE", "raise")
    assert [a.name for a in ev.source] == ["Paul Dewar"]
    assert ev.target and ev.target[0].country == "CAN"


def test_relative_clause_event_is_coded_on_its_own() -> None:
    # voa-0002 (VOA, 2016): "who met" is an event of its own, not the purpose of "agreed"
    text = (
        "The leaders of more than 50 nations who met in Washington about nuclear security and "
        "terrorism agreed on the actions they will take together to reduce the risks facing the "
        "world."
    )
    events = _code(text, "2016-04-02")
    assert any(e.type == "CONSULT" and e.evidence[0].trigger == "met" for e in events)
    assert any(e.type == "AGREE" and e.evidence[0].trigger == "agreed" for e in events)
