"""Verb classes of the fifth round of issue #11 (data/verbs/tidings_verbs.tsv, tidings_patterns.tsv,
tidings_synsets.tsv): real sentences of the dev documents and the dev half of
../shared/gold/events get the type PLOVER's definitions give them, and verbs whose Phoenix
default names no political event code nothing."""

from __future__ import annotations

from functools import partial

import pytest

from event_coding import code_rules, trigger_at, understood, verb_match
from tidings.events.lexicon import lexicon

PUB = "2000-01-01"
_understood = partial(understood, published=PUB)
_code = partial(code_rules, published=PUB)


_verb = partial(verb_match, published=PUB)
_trigger = partial(trigger_at, published=PUB)


def test_our_synonym_sets_are_loaded_beside_phoenixs() -> None:
    lex = lexicon()
    assert {"allegation", "claim", "report"} <= lex.synset_heads["ALLEGATION"]
    assert ("aircraft", "carrier") in lex.synset_phrases["WARSHIP"]
    assert "troops" in lex.synset_heads["MILITARY"]  # Phoenix's sets are untouched


@pytest.mark.parametrize(
    ("text", "type_", "cameo"),
    [
        # disputing or dismissing claims denies them (016, REJECT), not Phoenix's 111 criticism
        ("Turkey strongly disputes these claims.", "REJECT", "016"),
        # turning away boats of migrants expels them (COERCE, deport)
        (
            "Malaysia and Indonesia have maintained a policy of turning away boats of migrants "
            "which, according to AFP, the Untied Nations and United States have both criticised.",
            "COERCE",
            "174",
        ),
        # troops kept on alert: increased alert status (MOBILIZE)
        (
            "Israeli troops remained on alert in the occupied West Bank today to forestall more "
            "violence after a week of unprecedented Palestinian civil unrest.",
            "MOBILIZE",
            "152",
        ),
        # a party's boycott of a contest is PLOVER's PROTEST mode boycott, not an embargo
        (
            "Swedish political party Vänsterpartiet Malmö released a statement boycotting the next "
            "year's Eurovision.",
            "PROTEST",
            "143",
        ),
        # an announced boycott is a threat (the CAMEO manual: the future tense implies a threat)
        (
            "Palestinian leaders said they would boycott all official contact with the United "
            "States.",
            "THREATEN",
            "133",
        ),
        # "will visit ... to mediate": mediation (045) announced, an intent (AGREE 036)
        (
            "Gambian President Dawda Jawara will visit Mauritania and Senegal to mediate in a "
            "border dispute between the two West African neighbors, diplomatic sources said on "
            "Wednesday.",
            "AGREE",
            "036",
        ),
        # reneging on a commitment rejects it
        (
            "In what has been described as a policy u-turn, President Levy Mwanawasa has reneged "
            "on his commitment to the Zambian people for holding elections under a new "
            "constitution.",
            "REJECT",
            "120",
        ),
        # violating a ban defies norms, law (128, REJECT)
        (
            "A newspaper based in Christian east Beirut has violated a ban by General Michel Aoun "
            "and described his rival Elias Hrawi as president.",
            "REJECT",
            "128",
        ),
        # a stern reminder that X must ... is a demand
        (
            "French President Jacques Chirac issued a stern reminder Saturday to Iraq that it must "
            "cooperate fully with UN inspectors probing suspect sites for weapons of mass "
            "destruction.",
            "REQUEST",
            "100",
        ),
        # accepting a formula (an offer, a proposal) agrees to it
        (
            "Denmark today accepted a formula for ending its fisheries dispute with its European "
            "common market partners, government officials said.",
            "AGREE",
            "032",
        ),
        # "would respond, militarily": an announced act of force, a threat
        (
            "After the exchange of fire, North Korea stated it would attack any loudspeakers "
            "broadcasting propaganda and would respond, militarily, within 48 hours if the "
            "broadcasts do not stop.",
            "THREATEN",
            "138",
        ),
        # paying compensation is Phoenix's pattern (0842), without FINANCE's 061 default
        (
            "Uganda said on Sunday it had paid compensation to 67 elderly British nationals, most "
            "of the Asians, for assets they lost when former dictator Idi Amin expelled them 18 "
            "years ago.",
            "RETREAT",
            "0842",
        ),
    ],
)
def test_verb_classes_type_real_sentences(text: str, type_: str, cameo: str) -> None:
    events = _code(text)
    assert (type_, cameo) in {(e.type, e.cameo) for e in events}, [
        (e.type, e.cameo, e.rule) for e in events
    ]


def test_disputing_a_claim_is_a_denial_whoever_disputes() -> None:
    """The pattern alone (the sentence's "Peberdy" is a name no stage resolves to an actor)."""
    vm = _verb(
        'Peberdy disputes the claims that he was duped, saying, "As far as we were concerned and '
        'as far as we were told by REST, the people we were dealing with were merchants."',
        "disputes",
    )
    assert vm is not None and vm.code == "016"


def test_placed_on_high_alert_is_a_mobilisation() -> None:
    vm = _verb(
        "According to Yonhap news agency, quoting North Korea's main news agency Korean Central "
        "News Agency (KCNA), the country's military has been placed on high alert and has been "
        'told to prepare a "quasi-state of war".',
        "placed",
    )
    assert vm is not None and vm.code == "152"


def test_breaking_off_relations_is_a_sanction_not_a_threat() -> None:
    """The content of the threat: "break off diplomatic relations" is 161 (SANCTION), not
    Phoenix's DESTROY "break off" (130); the sentence's event is the threat."""
    text = (
        "Pakistan today threatened to break off diplomatic relations with Congo and Costa Rica "
        "over their ties with Israel on the eve of a visit here by Palestine Liberation "
        "Organization (PLO) Chairman Yasser Arafat."
    )
    vm = _verb(text, "break")
    assert vm is not None and vm.code == "161"
    assert "THREATEN" in {e.type for e in _code(text)}


@pytest.mark.parametrize(
    ("text", "word"),
    [
        (
            "Meanwhile, the Obama administration's Afghanistan strategy got a vote of confidence "
            "Sunday from retired General Colin Powell, who served as President Bush's Secretary "
            "of State during his first term in office.",
            "served",
        ),
        (
            "Kalameh Sabs was founded in 2009 by Mir Hossein Mousavi, the opposition candidate in "
            "the recent presidential election.",
            "founded",
        ),
        (
            'One of the two women was wearing a T-shirt reading "LOL" when she approached Kim.',
            "approached",
        ),
        (
            "Iraq was removed following concerns that people who had helped the United States "
            "military and Iraqi government during and after the Iraq War might be left in danger.",
            "removed",
        ),
        (
            "Nice added electoral officials have been fully trained ahead of the vote, saying that "
            '"we have trained very well our staff".',
            "trained",
        ),
    ],
)
def test_verbs_that_name_no_political_event_code_nothing(text: str, word: str) -> None:
    """Phoenix's defaults for these verbs (COOPERATE 060, 040, CONSULT 040, COERCE 174, AGREE
    030) made false events on the dev articles; only a specific pattern codes them now."""
    assert _verb(text, word) is None


def test_calling_something_condemnable_is_an_accusation() -> None:
    """ "has called the sentence 'dangerous'" (a verb naming its object with a condemning
    predicate): ACCUSE, not Phoenix's CALL default (041, a phone call)."""
    trig = _trigger(
        "The secretary general of CEI (Italian Episcopal Conference), Nunzio Galantino, has "
        'called the sentence "dangerous" and "ideological".',
        "called",
    )
    assert trig is not None and trig.code == "111" and "T_NAMING" in trig.rule


def test_a_name_used_is_no_act() -> None:
    """ "what it calls terrorist targets": the verb names, nobody is called or accused."""
    text = (
        "Russia has said it will not stop its airstrikes against what it calls terrorist targets "
        "in Syria, even if there is international agreement on a temporary truce, which "
        'diplomats have been calling a "cessation of hostilities."'
    )
    assert _verb(text, "calls") is not None  # Phoenix's default would code it (CALL 041)
    assert _trigger(text, "calls") is None
