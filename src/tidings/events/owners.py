"""Whose a noun is, by its own words: the one reading of "Y's decision", "a U.S. statement",
"a report by the EU", "the arrests made by police".

The clause rules (:mod:`~tidings.events.triggers`: whose act a judgement is about), the actors
(:mod:`~tidings.events.actors`: whom a statement speaks for, whether a definite noun names its
owner itself) and the targets (:mod:`~tidings.events.participants`: the owner of an abstract
noun) all ask this question; this module answers it once.
"""

from __future__ import annotations

#: prepositions whose object owns the noun: "a report by the EU", "a statement from Moscow"
OWNER_PREPS = {"by", "from"}


def owners_of(noun) -> list:  # noqa: ANN001 - spaCy Token
    """Who a noun's own words say it belongs to, most direct first: its possessor ("Serbia's
    operation"), a name before it ("a U.S. statement"), its "by"/"from" phrase ("a report by
    the EU"), and the "by" agent of a participle or relative clause on it ("the arrests made
    by police", "the communique agreed by the participants")."""
    out = [c for c in noun.children if c.dep_ == "poss"]
    out += [c for c in noun.children if c.dep_ in {"compound", "nmod", "amod"} and c.ent_type_]
    out += [p for c in noun.children if c.dep_ in {"prep", "agent"}
            and c.lower_ in OWNER_PREPS for p in c.children if p.dep_ == "pobj"]  # fmt: skip
    for clause in (c for c in noun.children if c.dep_ in {"acl", "relcl"}):
        out += [p for c in clause.children if c.dep_ in {"prep", "agent"}
                and c.lower_ == "by" for p in c.children if p.dep_ == "pobj"]  # fmt: skip
    return out


def owner_of(noun):  # noqa: ANN001, ANN201
    """Whose act a noun names, the most direct of :func:`owners_of` ("Y's decision", "the
    killings by Y", "the arrests made by Y"), else None."""
    found = owners_of(noun)
    return found[0] if found else None


__all__ = ["owner_of", "owners_of"]
