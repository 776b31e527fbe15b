"""Sides named as a pair (issue #11, sixth round): "both countries", "the two nations" stand for
the two actors of that kind the understanding stage found just before the phrase (the nearest
coordinated two, else the nearest two distinct ones); with a named third side the pair acts
on it together. Real passages of dev articles of benchmarks/gold/splits.tsv."""

from __future__ import annotations

from event_coding import code_rules as _code
from event_coding import find_event as _find
from tidings.events.implied import pair_kind, pair_nouns

# wn-0001 (wikinews, 2015): no meeting told; the two countries are the Koreas named before
KOREAS = (
    "South Korea had recently started to broadcast propaganda from loudspeakers after an "
    "11-year lull. The broadcasts began on August 10 and South Korea says the broadcasts will "
    "continue. After the exchange of fire, North Korea stated it would attack any loudspeakers "
    "broadcasting propaganda and would respond, militarily, within 48 hours if the broadcasts "
    "do not stop.\n\nBoth countries have put their militaries on high levels of alert."
)


def test_both_countries_are_the_two_countries_named_before() -> None:
    ev = _find(_code(KOREAS, "2015-08-21"), "MOBILIZE", "put")
    assert [a.actor_code for a in ev.source] == ["KORGOV"]  # named first
    assert [a.actor_code for a in ev.target] == ["PRKGOV"]


def test_a_pair_noun_with_one_country_named_before_is_no_pair() -> None:
    text = KOREAS.split(". ", 1)[0] + ".\n\nBoth countries have put their militaries on alert."
    ev = _find(_code(text, "2015-08-21"), "MOBILIZE", "put")
    assert "PRKGOV" not in [a.actor_code for a in ev.source + ev.target]
    assert not any(a.entity for a in ev.source)  # "countries" stays the bare noun it is


# wnx-0005 (wikinews, 2010): the two nations are the coordinated pair, not Yemen named last
YEMEN = (
    "The United States and the United Kingdom closed their embassies in Yemen Sunday, pointing "
    "to ongoing terrorist threats. The closures came after the two nations pledged to boost "
    "counter-terrorism support to the Yemeni government."
)


def test_the_two_nations_are_the_coordinated_pair_and_act_on_a_named_third() -> None:
    events = _code(YEMEN, "2010-01-04")
    ev = next(e for e in events if e.evidence[0].trigger == "pledged")
    assert [a.actor_code for a in ev.source] == ["USAGOV", "GBRGOV"]
    assert [a.actor_code for a in ev.target] == ["YEMGOV"]


def test_pair_nouns_are_data() -> None:
    assert pair_nouns()["countries"] == "country"
    assert pair_nouns()["leaders"] == "person"
    assert pair_nouns()["sides"] == "any"


def test_a_counted_noun_that_is_no_pair_noun_names_no_pair() -> None:
    from event_coding import understood

    _, doc = understood("Two soldiers and both countries were named.", "2015-08-21")
    assert pair_kind(doc[1]) is None  # "Two soldiers": people nobody named
    assert pair_kind(doc[4]) == "country"


# wnx-0025 (wikinews, 2008): the parse hangs "who met" on the last of the coordinated names
OSSETIA = (
    "He further went on that this was the position of Russian President Dmitry Medvedev and "
    "South Ossetian leader Eduard Kokoity, who met earlier this week to discuss the future of "
    "South Ossetia."
)
# wnx-0058 (wikinews, 2019): a plural noun's relative clause is its own
TRIAL = (
    "Proceedings earlier this week included testimony from an airport employee, a police officer "
    "who spoke to the dying Kim, and pathologists who examined samples from Kim, Huong and Aisyah."
)


def test_a_relative_clause_on_coordinated_names_has_them_all_as_antecedent() -> None:
    ev = _find(_code(OSSETIA, "2008-08-30"), "CONSULT", "met")
    names = [a.name for a in ev.source + ev.target]
    assert any(n.endswith("Medvedev") for n in names), names
    assert any(n.endswith("Kokoity") for n in names), names


def test_a_relative_clause_on_a_plural_conjunct_is_that_nouns_own() -> None:
    events = _code(TRIAL, "2019-03-14")
    sources = [a.name for e in events if e.evidence[0].trigger == "examined" for a in e.source]
    assert "police officer" not in sources


# wh-0014 (White House readout, 2023): "they discussed" with sides nobody named is no meeting
# that "the two leaders" could stand for; the summit told first still is
SUMMIT = (
    "President Joseph R. Biden, Jr. today held a Summit with President Xi Jinping of the "
    "People’s Republic of China (PRC), in Woodside, California.\n\nBuilding on the November "
    "2022 meeting in Bali where they discussed the development of principles related to U.S. – "
    "China relations, the two leaders acknowledged the efforts of their respective teams to "
    "explore best practices for the relationship.\n\nThe two leaders agreed that their teams "
    "will follow-up on their discussions in San Francisco with continued high-level diplomacy."
)


def test_a_meeting_of_unnamed_sides_does_not_replace_the_named_one() -> None:
    ev = _find(_code(SUMMIT, "2023-11-15"), "AGREE", "agreed")
    assert [a.actor_code for a in ev.source + ev.target] == ["USAGOV", "CHNGOV"]
