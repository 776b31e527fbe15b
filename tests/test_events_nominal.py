"""Nominal events (events/nominal.py): an act told by the noun of an event verb, with one
generic argument structure, and the offline tool that derives the nouns (tools/nominal_events.py).

Sentences are real news text (the CAMEO manual's examples, Wikinews articles of the corpus).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from event_coding import code_rules, find_event
from tidings import datafiles
from tidings.events.lexicon import lexicon
from tidings.ontology import coding

ROOT = Path(__file__).resolve().parents[1]


def _tool():
    spec = importlib.util.spec_from_file_location(
        "nominal_events", ROOT / "tools" / "nominal_events.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_light_verb_subject_is_the_source_and_its_to_phrase_the_target() -> None:
    # CAMEO manual: "Turkey renewed an appeal to Belgium to extradite ..." (an appeal, 020)
    events = code_rules(
        "Turkey renewed an appeal to Belgium to extradite a far-left militant wanted for murder.",
        "2017-02-24",
    )
    ev = find_event(events, "REQUEST", "appeal")
    assert ev.rule == "tidings:nominal:appeal"
    assert [a.name for a in ev.source] == ["Turkey"]
    assert [a.name for a in ev.target] == ["Belgium"]
    # what the appeal asks for is its content, not Turkey's own act of co-operation
    assert not [e for e in events if e.evidence[0].trigger == "extradite"]


def test_from_phrase_is_the_source_and_the_clause_done_over_it_the_target() -> None:
    events = code_rules(
        "Malaysian authorities completed the autopsy of Kim Jong Nam earlier this week over "
        "objections from the North Korean government.",
        "2017-02-24",
    )
    ev = find_event(events, "REJECT", "objections")
    assert ev.source[0].country == "PRK"
    assert ev.target[0].country == "MYS"


def test_a_nominal_act_of_nobody_against_nobody_is_no_event() -> None:
    # the clause's subject is not the agent of "the threats" it is worried about
    events = code_rules(
        "The prime minister said he was worried about the threats against journalists.",
        "2017-02-24",
    )
    assert not [e for e in events if e.rule.startswith("tidings:nominal")]


def test_rejected_nouns_are_no_events() -> None:
    # "government" derives from "govern" (Phoenix: 060) and was rejected on review
    events = code_rules(
        "However, the Somali government controls only few city blocks in the country.",
        "2017-02-24",
    )
    assert not [e for e in events if e.rule.startswith("tidings:nominal")]
    assert "government" not in lexicon().nominal


def test_suffix_rules_derive_the_nominalisations() -> None:
    forms = _tool().noun_forms
    assert "provocation" in forms("provoke")
    assert "invasion" in forms("invade")
    assert "threat" in forms("threaten")
    assert "denial" in forms("deny")
    assert "criticism" in forms("criticize")
    assert "refusal" in forms("refuse")


def test_the_data_file_holds_typed_acts_of_lexicon_verbs_and_no_rejected_noun() -> None:
    rows = datafiles.tsv("verbs", "tidings_nominal_events.tsv")
    rejected = {r[0] for r in datafiles.tsv("verbs", "tidings_nominal_rejected.tsv")}
    verbs = lexicon().verb_groups
    assert len(rows) > 50
    for noun, code, verb, _sim in rows:
        assert noun not in rejected, noun
        assert verb in verbs, verb
        assert coding(code) is not None, (noun, code)
