"""Verb classes and typing rules of round 6 of issue #11 (data/verbs, events/triggers.py,
events/coder.py): PLOVER types by the PLOVER and CAMEO definitions, on real sentences of the
dev documents (benchmarks/gold/texts, dev split) and of the dev half of ../shared/gold/events."""

from __future__ import annotations

from functools import partial

from event_coding import code_rules, find_event, trigger_at, understood, verb_match
from tidings.events.lexicon import lexicon
from tidings.events.triggers import commissives, consequences, host_verbs

PUB = "2011-04-13"
_understood = partial(understood, published=PUB)
_code = partial(code_rules, published=PUB)


_verb = partial(verb_match, published=PUB)
_trigger = partial(trigger_at, published=PUB)


def test_judicial_charges_are_accusations() -> None:
    # CAMEO 173's usage note: "charges or lawsuits are coded as 115"; PLOVER ACCUSE: "accuse,
    # allege, or charge, both judicially and informally" (dev document wnx-0044)
    text = (
        "Three people within Mubarak's administration have been charged with corruption by "
        "Egyptian authorities in the wake of Mubarak stepping down from his position as "
        "president two months ago after widespread protests in Egypt."
    )
    ev = find_event(_code(text), "ACCUSE", "charged")
    assert ev.target and ev.target[0].name == "people"
    # indicted by a court (dev half of the PLOVER GSR, gold ACCUSE)
    indicted = (
        "Montenegro's prime minister has been indicted by the U.N. war crimes court for his "
        "alleged part in atrocities during the fight against Serb forces and will resign."
    )
    assert find_event(_code(indicted), "ACCUSE", "indicted").source


def test_charged_for_a_crime_is_no_arrest() -> None:
    # Phoenix codes "indict/charge X for a crime" 173 (arrest); ours overrides it to 1121
    lex = lexicon()
    blame = [p for p in lex.group_patterns("BLAME") if p.text == "* (FOR &CRIME)"]
    assert [p.code for p in blame][:2] == ["1121", "173"]  # ours first, Phoenix's after it
    assert all(p.source == "tidings" for p in blame[:1])


def test_weapons_given_are_military_aid_and_a_promise_of_them_an_agree() -> None:
    # "the United States would provide Saudi Arabia with ... kits ... to convert ... bombs"
    # (dev document wnx-0056, gold AGREE): a future delivery is an AGREE by its modality
    text = (
        "Under the proposed deal, worth more than $120 million, the United States would "
        "provide Saudi Arabia with 900 kits and associated equipment to convert conventional "
        "gravity bombs into GPS-guided smart-bombs."
    )
    ev = find_event(_code(text), "AGREE", "provide")
    assert [a.name for a in ev.target] == ["Saudi Arabia"]
    # the delivery verbs' weapon patterns are ours and code 072 (AID), not Phoenix's 031/0332
    lex = lexicon()
    ours = {p.text: p.code for p in lex.group_patterns("GRANT") if p.source == "tidings"}
    assert ours["* &WEAPON"] == ours["* &AIRCRAFT"] == ours["* TANK"] == "072"
    sent = {p.text: p.code for p in lex.group_patterns("SEND") if p.source == "tidings"}
    assert sent["* &PKO"] == "074"


def test_a_promise_of_troops_stays_an_agree() -> None:
    # "promised to send 450 soldiers" to a mission is an AGREE (dev document wnx-0010, gold
    # AGREE), not a threat: a commitment to mobilise is no commitment to use force
    text = "Both Kenya and Sudan backed Jangeli; Djibouti answered the call and promised to send 450 soldiers soon."
    assert find_event(_code(text), "AGREE", "promised")
    assert not [e for e in _code(text) if e.type == "THREATEN"]


def test_a_promise_to_co_operate_is_no_threat() -> None:
    # dev half of the PLOVER GSR (gold AGREE)
    text = (
        "British Defence Secretary Tom King has promised to continue military aid to "
        "war-torn Mozambique."
    )
    trig = _trigger(text, "promised")
    assert trig is not None and trig.code.startswith("03")
    assert {"vow", "pledge", "promise", "swear"} <= commissives()


def test_attending_a_summit_nobody_named_is_the_consultation() -> None:
    # the verb defers to an event noun only when the noun has actors of its own: "attend a
    # summit in Switzerland" (dev half of petr2_gsr, gold CONSULT)
    text = "Obama is scheduled to attend a summit in Switzerland on the unrest in Iran"
    ev = find_event(_code(text), "CONSULT", "attend")
    assert [a.name for a in ev.source] == ["Obama"]


def test_host_verbs_are_data() -> None:
    assert {"receive", "welcome"} <= host_verbs()


def test_a_phoenix_pattern_of_another_verb_does_not_retype_a_curated_verb() -> None:
    # Phoenix's DEMAND group shares "* WORLD" (053, SUPPORT) written for another of its verbs;
    # "demand" is ours (T_DEMAND, REQUEST) and stays a demand (dev half of cameo_examples,
    # gold 10x REQUEST)
    text = (
        "At the end of a seminar on reform, around 100 Arab intellectuals and activists "
        "published a declaration demanding wide-ranging political changes in the Arab world."
    )
    vm = _verb(text, "demanding")
    assert vm is not None and vm.code.startswith("10"), vm
    assert find_event(_code(text), "REQUEST", "demanding")


def test_condolences_are_support_whichever_verb_carries_them() -> None:
    # dev half of cameo_examples (gold 05x): "expressed condolences to the United States"
    text = (
        "Secretary-General Boutros Boutros-Ghali on Saturday expressed condolences to the "
        "United States for the death of three American diplomats."
    )
    ev = find_event(_code(text), "SUPPORT", "expressed")
    assert [a.name for a in ev.source] == ["Boutros Boutros-Ghali"]
    # offered, extended, sent condolences: ours, 051 (not an AGREE offer, not a CONSULT message)
    lex = lexicon()
    for group, pattern in (
        ("T_AGREE", "* CONDOLENCES"),
        ("EXTEND", "* CONDOLENCES"),
        ("SEND", "* {MESSAGE CONDOLENCE}"),
        ("T_REAFFIRM", "* APPRECIATION"),
    ):
        codes = [p.code for p in lex.group_patterns(group) if p.text == pattern]
        assert codes and codes[0] == "051", (group, pattern, codes)


def test_a_warning_of_consequences_stays_one_threat() -> None:
    # dev document wnx-0047: the warning verb carries the threat; the consequence rule
    # ("X said Y would pay a price", tidings_consequences.tsv) adds no second one
    text = (
        "Murat Karayilan, the leader of the armed wing of the PKK, warned Turkey of the "
        "consequences of an attack in an interview with The Times."
    )
    threats = [e for e in _code(text) if e.type == "THREATEN"]
    assert [e.evidence[0].trigger for e in threats] == ["warned"]
    assert "price" in consequences()["pay"] and "consequences" in consequences()["face"]


def test_an_air_strike_is_an_attack_and_a_general_strike_a_protest() -> None:
    # dev half of cameo_examples / plover_gsr (tidings_noun_senses.tsv)
    air = (
        "NATO on Monday declined to comment on an estimate that Yugoslav army and special "
        "police troops in Kosovo were losing 90 to 100 dead per day in NATO air strikes."
    )
    trig = _trigger(air, "strikes")
    assert trig is not None and trig.code == "195", trig
    general = (
        "Seven opposition parties in Nepal have organized a general strike that shut down "
        "Khatmandu in protest of last week's arrest of a number of activists."
    )
    trig = _trigger(general, "strike")
    assert trig is not None and trig.code.startswith("14"), trig


def test_a_video_released_is_no_release_and_a_person_released_is() -> None:
    # dev document wnx-0063 (tidings_publications.txt): the video is published, not freed
    video = (
        '"The truce will end tomorrow." Hamas has also released a training video, and warned '
        'Israel that any attacks on Gaza would "open the doors of the battle wide".'
    )
    assert [e.type for e in _code(video)] == ["THREATEN"]
    # dev half of petr2_gsr: a person released is a RETREAT
    mayor = (
        "Israel on Wednesday released the mayor of the northern West Bank city of Nablus, a "
        "member of the Islamist Hamas movement jailed over a year ago, Palestinian security "
        "officials said."
    )
    assert find_event(_code(mayor), "RETREAT", "released")


def test_provide_is_aid_by_default() -> None:
    # PLOVER AID: "all provisions of providing material aid"; Phoenix's GRANT default is 060
    # (reciprocal material co-operation). Dev document wnx-0056: "the United States would
    # provide Saudi Arabia with 900 kits ..." (a future provision: AGREE by its modality)
    text = (
        "Under the proposed deal, worth more than $120 million, the United States would "
        "provide Saudi Arabia with 900 kits and associated equipment to convert conventional "
        "gravity bombs into GPS-guided smart-bombs."
    )
    vm = _verb(text, "provide")
    assert vm is not None and vm.code.startswith("07"), vm


def test_a_press_conference_held_is_no_meeting() -> None:
    # dev document wnx-0064: a light verb never codes more than its noun, and "a press
    # conference" names no counterpart
    text = (
        "Yesterday Israeli Prime Minister Ehud Olmert held a press conference to announce that "
        "Israel would observe a unilateral ceasefire."
    )
    assert not [e for e in _code(text) if e.type == "CONSULT"]
