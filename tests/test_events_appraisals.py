"""Judgements of another actor's act (issue #11, round 5 extra): a report verb whose complement
clause blames or praises ("believe the president's decision ... was a mistake"), a naming verb
("labeling the killings ... by the Ottoman Empire as genocide") and a stance word with its own
preposition ("was critical of", "spoke against", "are supportive of"). Sentences of dev
documents of benchmarks/gold/splits.tsv (wnx-*: Wikinews)."""

from __future__ import annotations

from functools import partial

from event_coding import code_rules, understood
from tidings.events.lexicon import lexicon
from tidings.events.triggers import find_triggers
from tidings.schema import Event

PUB = "2010-01-01"
_understood = partial(understood, published=PUB)
_code = partial(code_rules, published=PUB)


def _names(actors) -> set[str]:  # noqa: ANN001
    return {a.name for a in actors} | {a.actor_code for a in actors if a.actor_code}


def _by_rule(events: list[Event], part: str) -> list[Event]:
    return [e for e in events if part in e.rule]


def test_believed_a_mistake_accuses_the_decisions_owner() -> None:
    # wnx-0028: the possessor of the judged act is the accused
    evs = _by_rule(
        _code(
            "Public opinion polls say a majority of Americans believe the president's decision "
            "to invade Iraq was a mistake."
        ),
        "appraisal",
    )
    assert [e.type for e in evs] == ["ACCUSE"]
    assert "Americans" in _names(evs[0].source)
    assert [a.name for a in evs[0].target] == ["president"]  # alone, no article to say who


def test_naming_verb_with_blame_targets_the_by_agent() -> None:
    # wnx-0047: "labeling the killings ... by the Ottoman Empire as genocide" names the Empire
    _, doc = _understood(
        "U.S.-Turkish relations have been strained recently after a U.S. House of "
        "Representatives resolution passed committee, labeling the World War I era killings of "
        'up to 1.5 million Armenians by the Ottoman Empire as "genocide".'
    )
    trigs = [t for t in find_triggers(doc, lexicon()) if "appraisal" in t.rule]
    assert [(t.tok.lower_, t.code) for t in trigs] == [("labeling", "111")]
    assert trigs[0].target_tok.text == "Empire" and trigs[0].needs_target


def test_judgement_of_an_unnamed_it_is_no_event() -> None:
    # wnx-0031: "described it as 'completely inappropriate'": whose act "it" is, the clause
    # does not say, so the appraisal codes nothing (no ACCUSE without a target)
    evs = _code(
        "While it is not illegal under U.S. law for President Trump to ask if he is under "
        "investigation, former U.S. Department of Justice spokesperson Matthew Miller described "
        'it as "completely inappropriate" and pointed out that Comey would not be allowed to '
        "answer under Department rules."
    )
    assert _by_rule(evs, "appraisal") == []


def test_critical_of_is_an_accusation_of_the_state_named() -> None:
    # wnx-0039
    evs = _by_rule(
        _code(
            "While China is being openly critical of North Korea, it has a veto right on the UN "
            "Security Council that has prevented further sanctions."
        ),
        "stance",
    )
    assert [e.type for e in evs] == ["ACCUSE"]
    assert "CHNGOV" in _names(evs[0].source) and "PRKGOV" in _names(evs[0].target)


def test_spoke_against_accuses_the_possessor_of_what_is_criticised() -> None:
    # wnx-0060: "spoke against David Cameron's lack of ... conviction"
    evs = _by_rule(
        _code(
            "Former MEP Chris Huhne focused on environmental issues. He spoke against David "
            "Cameron's lack of environmental conviction and suggested that only realistic means "
            "of tackling carbon emissions was through taxation."
        ),
        "stance",
    )
    assert [e.type for e in evs] == ["ACCUSE"]
    assert "David Cameron" in _names(evs[0].target)


def test_critical_of_arrests_targets_who_made_them() -> None:
    # wnx-0046: the act's "made by" agent is the target, not the arrests
    evs = _by_rule(
        _code(
            "Deniz Baykal, who heads Turkey's secular chief opposition party the Republican "
            "People's Party, was critical of the arrests made by police under the AK Party "
            "government."
        ),
        "stance",
    )
    assert [e.type for e in evs] == ["ACCUSE"]
    assert "Deniz Baykal" in _names(evs[0].source)
    assert any(a.actor_code and a.actor_code.endswith("COP") for a in evs[0].target)


def test_supportive_of_is_support() -> None:
    # wnx-0010
    evs = _by_rule(
        _code(
            "The United States and Western nations are supportive of Sheik Sharif Sheik Ahmed's "
            "government, amidst fears that Somalia would become a base for al-Qaeda."
        ),
        "stance",
    )
    assert [e.type for e in evs] == ["SUPPORT"]
    assert "USAGOV" in _names(evs[0].source)


def test_stance_needs_its_own_preposition() -> None:
    # wnx-0060, the sentence before: "questioning the government's lack of conviction" has an
    # "of" that is not "critical of"'s; and no stance word is followed by its own preposition
    evs = _code(
        "Former MEP Chris Huhne focused on environmental issues, questioning the government's "
        "lack of conviction to the Kyoto targets and the panicked response to the fuel protests."
    )
    assert _by_rule(evs, "stance") == []


def test_judged_report_without_owner_accuses_the_author_told_before() -> None:
    # wnx-0012: "the report was dishonest" judges the EU report the paragraph before told of;
    # dishonesty is blame (ACCUSE), not a predicate of falsehood (which would deny: REJECT)
    evs = _by_rule(
        _code(
            "A classified European Union report for 2009 says Israel is actively pursuing the "
            "annexation of east Jerusalem. The report accuses Israel of implementing an "
            "intricate policy including expanding Jewish settlements and demolishing "
            "Palestinian homes.\n\n"
            "Israeli Foreign ministry spokesperson, Yigal Palmor, told AFP that the report was "
            '"dishonest", "reflects the Palestinian propaganda" and "is based exclusively on '
            'Palestinian versions and figures."'
        ),
        "appraisal",
    )
    assert [e.type for e in evs] == ["ACCUSE"]
    assert "ISRGOV" in _names(evs[0].source)
    assert "IGOEUREEC" in _names(evs[0].target)


def test_claims_called_ridiculous_are_denied() -> None:
    # wnx-0011: a predicate of falsehood said of claims is a denial (REJECT, 016)
    evs = _by_rule(
        _code(
            "Sarkozy spokeswoman Nathalie Kosciusko-Morizet said the claims were "
            '"ridiculous" and invented by Hollande supporters.'
        ),
        "appraisal",
    )
    assert evs == []  # alone, no claimant is named or told before: no event
    _, doc = _understood(
        "Sarkozy spokeswoman Nathalie Kosciusko-Morizet said the claims were "
        '"ridiculous" and invented by Hollande supporters.'
    )
    trigs = [t for t in find_triggers(doc, lexicon()) if "appraisal" in t.rule]
    assert [(t.tok.lower_, t.code, t.about.lower_) for t in trigs] == [("said", "016", "claims")]
