"""Round-6 candidate mechanisms on real sentences (VOA/Wikinews articles, CAMEO manual examples):
ending an act an event noun names (tidings_ending_verbs.tsv), "be to" as an arranged future."""

from __future__ import annotations

from event_coding import code_rules, find_event


def test_not_stopping_an_act_of_force_is_a_rejection() -> None:
    events = code_rules(
        "Russia has said it will not stop its airstrikes against what it calls terrorist "
        "targets in Syria.",
        "2016-02-13",
    )
    ev = find_event(events, "REJECT", "stop")
    assert ev.rule.startswith("verb:T_ENDING:stop")
    assert ev.source[0].country == "RUS"


def test_a_specific_pattern_of_the_verb_wins_over_the_ending_rule() -> None:
    # CAMEO manual example: Phoenix's CANCEL * AID (162) stays; "aid" is no event noun
    events = code_rules(
        "Japan said on Tuesday it had halted economic aid to Serbia in line with Western "
        "efforts to end the fighting there.",
        "1992-06-02",
    )
    ev = find_event(events, "SANCTION", "halted")
    assert ev.cameo == "162"
    assert not [e for e in events if "T_ENDING" in e.rule]


def test_be_to_with_an_infinitive_is_a_future_act() -> None:
    events = code_rules(
        "Palestinian leader Mahmoud Abbas, who is to hold talks with President George W. Bush "
        "on Friday, will press Washington to ensure there is no return to square one.",
        "2008-12-19",
    )
    ev = find_event(events, "AGREE", "talks")
    assert ev.modality == "future"
    assert {a.name for a in ev.target} & {"George W. Bush", "President George W. Bush"}


def test_an_event_noun_takes_the_sides_of_its_aspectual_verb() -> None:
    events = code_rules(
        "Meanwhile, fighting has continued between rebel and pro-government forces this "
        "Wednesday in the besieged western port city of Misrata.",
        "2011-04-20",
    )
    ev = find_event(events, "ASSAULT", "fighting")
    assert ev.source and ev.target
    assert {a.actor_code[3:] for a in ev.source + ev.target if a.actor_code} >= {"REB", "MIL"}


def test_an_organisations_summit_at_which_something_is_requested_is_its_meeting() -> None:
    # the summit places the request: no content of "requested", no purpose under it; an
    # international organisation's summit is its members' meeting, with no other side named
    events = code_rules(
        "During an African Union (AU) summit Addis Ababa, capital of Ethiopia, Ali Jama' "
        "Jangeli, Somali Foreign Minister, requested more African Union troops.",
        "2007-01-30",
    )
    ev = find_event(events, "CONSULT", "summit")
    assert ev.source[0].actor_code.startswith("IGO")
    assert ev.target == []


def test_a_news_conference_of_nobody_is_still_no_meeting() -> None:
    events = code_rules(
        "Yesterday Israeli Prime Minister Ehud Olmert held a press conference to announce that "
        "Israel would observe a unilateral ceasefire in their offensive in Gaza.",
        "2009-01-18",
    )
    assert not [e for e in events if e.evidence[0].trigger == "conference"]
