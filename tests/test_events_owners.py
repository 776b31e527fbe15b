"""Whose a noun is (events/owners.py): the one reading the clause rules, the actors and the
targets share — possessor, a name before the noun, its by/from phrase, and the by agent of a
participle on it. Real sentences of dev articles of benchmarks/gold/splits.tsv."""

from __future__ import annotations

from event_coding import understood
from tidings.events.owners import owner_of, owners_of


def _noun(doc, word: str):  # noqa: ANN202
    return next(t for t in doc if t.text == word)


def test_the_by_agent_of_a_participle_owns_the_act_noun() -> None:
    # wnx-0046 (wikinews, 2009)
    _, doc = understood(
        "Deniz Baykal, who heads Turkey's secular chief opposition party the Republican People's "
        "Party, was critical of the arrests made by police under the AK Party government.",
        "2009-01-11",
    )
    assert [t.text for t in owners_of(_noun(doc, "arrests"))] == ["police"]


def test_a_name_before_a_noun_owns_it() -> None:
    # voa-0001 (VOA, 2016)
    _, doc = understood(
        "A U.S. statement added that humanitarian groups need immediate access to additional "
        "areas.",
        "2016-02-21",
    )
    assert [t.text for t in owners_of(_noun(doc, "statement"))] == ["U.S."]
    assert owner_of(_noun(doc, "areas")) is None  # nobody's


def test_the_possessor_is_the_most_direct_owner() -> None:
    # wnx-0030 (wikinews, 2017)
    _, doc = understood(
        "Senator Chuck Schumer, a Democrat from New York, called for the order's repeal.",
        "2017-03-09",
    )
    assert owner_of(_noun(doc, "repeal")).text == "order"
