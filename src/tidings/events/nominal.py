"""Nominal events: an act told by the noun of an event verb ("China delivered a stern warning
to North Korea", "the Church of Scientology's requests", "criticism from the observers").

The nouns are derived from the verb lexicon offline (``tools/nominal_events.py`` writes
``data/verbs/tidings_nominal_events.tsv``); their arguments follow one generic structure
instead of a pattern per phrase: the source is the noun's possessor, its "by"/"from" phrase,
a nationality or country modifier ("U.S. criticism"), or the subject of a light verb
(``tidings_light_verbs.txt``) the noun is the object of; the target is a "to/against/on/with/
for/toward" phrase. A noun with no source of its own is no event (its clause's other actors
are not its agents: "X is concerned about the threats").
"""

from __future__ import annotations

from functools import cache

from tidings import datafiles
from tidings.events.lexicon import Lexicon, match_verb
from tidings.events.participants import subject_of
from tidings.events.triggers import at_occasion
from tidings.ontology import coding

SOURCE_PREPS = {"by", "from"}
TARGET_PREPS = {"to", "against", "on", "with", "for", "toward", "towards", "at"}


@cache
def light_verbs() -> frozenset[str]:
    """Verbs whose subject does the act of the event noun they govern (data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_light_verbs.txt"))


def _pobjs(prep) -> list:  # noqa: ANN001
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    return objs + [c for o in objs for c in o.conjuncts]


def light_head(noun):  # noqa: ANN001, ANN201
    """The light verb whose object the noun is ("delivered a warning", "issued calls"), else
    None; a conjoined noun shares its head's ("threats and warnings")."""
    cur = noun
    while cur.dep_ == "conj" and cur.head.pos_ == "NOUN":
        cur = cur.head
    head = cur.head
    if cur.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_.lower() in light_verbs():
        return head
    return None


#: "X did Y despite/amid/over criticism from Z": Z's act is aimed at X, the clause's subject
CIRCUMSTANCE_PREPS = {"despite", "amid", "amidst", "over", "after", "following"}


def _reacted_to(resolver, noun, speaker) -> list:  # noqa: ANN001
    """The subject of the clause a nominal event is the circumstance of ("Malaysia completed
    the autopsy over objections from North Korea": North Korea objects to Malaysia; "the
    embassy is closed in response to threats by al-Qaeda")."""
    prep = noun.head if noun.dep_ == "pobj" else None
    if prep is None:
        return []
    if prep.lower_ == "to" and prep.head.lower_ == "response" and prep.head.dep_ == "pobj":
        prep = prep.head.head  # "in response to"
    elif prep.lower_ not in CIRCUMSTANCE_PREPS:
        return []
    verb = prep.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return []
    subj, _ = subject_of(verb)
    return resolver.resolve_subject(subj, speaker=speaker) if subj is not None else []


def host_organisation(resolver, noun, lex: Lexicon):  # noqa: ANN001, ANN201
    """(organisation, []) for a meeting noun an international organisation names as its
    modifier or possessor ("an African Union summit", "NATO's meeting"): its members meet, the
    organisation is the side the text names; else None. Not where the noun is the venue of a
    meeting verb ("Trump would meet Putin at the G20 summit": that meeting happens there; no
    second one of the members), while "During an African Union summit, X requested troops"
    stays the members' meeting."""
    if _venue_of_meeting(noun, lex):
        return None
    for c in noun.children:
        if c.dep_ in {"compound", "poss", "nmod"} and c.pos_ == "PROPN":
            found = [a for a in resolver.resolve(c) if (a.actor_code or "").startswith("IGO")]
            if found:
                return found, []
    return None


def _venue_of_meeting(noun, lex: Lexicon) -> bool:  # noqa: ANN001
    """The noun is in a phrase of occasion of a verb the lexicon types as a meeting."""
    if not at_occasion(noun) or noun.head.head.pos_ != "VERB":
        return False
    found = match_verb(noun.head.head, lex)
    cod = coding(found.code) if found is not None else None
    return cod is not None and cod.type == "CONSULT"


def verb_sides(resolver, noun, speaker, source: list, target: list) -> tuple[list, list]:  # noqa: ANN001
    """Sides an event noun's verb carries for it when the noun is the verb's subject and the
    verb a light or aspectual one (``tidings_light_verbs.txt``): "The attack was launched ...
    by a user labelled Anonymous" (the passive's agent is the source), "fighting has continued
    between rebel and pro-government forces" (the sides of "between"), "talks resumed with X"."""
    verb = noun.head
    if noun.dep_ not in {"nsubj", "nsubjpass"} or verb.lemma_.lower() not in light_verbs():
        return source, target
    for c in verb.children:
        if c.dep_ == "agent" and not source:
            for pobj in _pobjs(c):
                source = source + resolver.resolve(pobj, speaker=speaker)
        elif c.dep_ == "prep" and c.lower_ == "between" and not source and not target:
            found = [a for pobj in _pobjs(c) for a in resolver.resolve(pobj, speaker=speaker)]
            source, target = found[:1], found[1:]
        elif c.dep_ == "prep" and c.lower_ in TARGET_PREPS - {"for", "at"} and not target:
            for pobj in _pobjs(c):
                target = target + resolver.resolve(pobj, speaker=speaker)
    names = {a.name for a in source}
    return source, [a for a in target if a.name not in names]


def nominal_participants(resolver, noun, speaker):  # noqa: ANN001, ANN201
    """(source, target) of a nominal event, or None when the noun has no source of its own."""
    source: list = []
    target: list = []
    for c in noun.children:
        if c.dep_ == "poss":
            source = resolver.resolve(c, speaker=speaker)
        elif c.dep_ in {"prep", "agent"} and c.lower_ in SOURCE_PREPS and not source:
            for pobj in _pobjs(c):
                source += resolver.resolve(pobj, speaker=speaker)
        elif c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
            for pobj in _pobjs(c):
                target += resolver.resolve(pobj, speaker=speaker)
    if not source:  # "U.S. criticism", "Chinese warnings": the nation that acts
        for c in noun.children:
            if c.dep_ in {"amod", "compound"} and c.ent_type_ in {"NORP", "GPE"}:
                source = [a for a in resolver.resolve(c) if a.country]
                if source:
                    break
    verb = light_head(noun)
    if not source and verb is not None:
        subj, _ = subject_of(verb)
        if subj is not None:
            source = resolver.resolve_subject(subj, speaker=speaker)
        for prep in (c for c in verb.children if c.dep_ in {"prep", "dative"}):
            if prep.lower_ in TARGET_PREPS and not target:  # "issued a warning to X"
                for pobj in _pobjs(prep):
                    target += resolver.resolve(pobj, speaker=speaker)
            elif prep.dep_ == "dative" and prep.pos_ in {"NOUN", "PROPN"} and not target:
                target = resolver.resolve(prep, speaker=speaker)  # "gave Iran a warning"
    source, target = verb_sides(resolver, noun, speaker, source, target)
    if source and not target:  # "U.S. criticism of China": with the agent named, "of" names
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in _pobjs(prep):  # the act's object (an objective genitive)
                target += resolver.resolve(pobj, speaker=speaker)
    if not target:
        target = _reacted_to(resolver, noun, speaker)
    if not source or not target:
        return None  # "criticism from X" of nobody: the judge could not tell it from talk
    names = {a.name for a in source}
    return source, [a for a in target if a.name not in names]


__all__ = ["host_organisation", "light_head", "light_verbs", "nominal_participants", "verb_sides"]
