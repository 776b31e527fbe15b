"""People's countries on the new real Wikinews dev documents (issue #12, round 4): articles
with no dateline, where the country a person acts for must come from the article as a whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from gold_loader import gold_article, gold_file, person
from tidings.schema import Article
from tidings.understand import understand_many

DEV_DOCS = ["wnx-0010", "wnx-0031", "wnx-0037", "wnx-0060"]


@pytest.fixture(scope="module")
def arts(shared: Path) -> dict[str, Article]:
    docs = {d: gold_article(gold_file(d), shared) for d in DEV_DOCS}
    return dict(zip(docs, understand_many(list(docs.values())), strict=True))


def test_officials_belong_to_the_country_of_the_people_and_bodies_around_them(
    arts: dict[str, Article],
) -> None:
    # wnx-0031 names Russia more often than the United States, but the White House, President
    # Trump and Senator Cornyn are American: so is "FBI Director James Comey"
    assert person(arts["wnx-0031"], "James Comey").country == "USA"
    # wnx-0060 (Liberal Democrat leadership contest): Blair and Cameron are British, so is
    # "previous leader Charles Kennedy"
    assert person(arts["wnx-0060"], "Charles Kennedy").country == "GBR"


def test_a_role_given_by_naming_or_equation(arts: dict[str, Article]) -> None:
    # wnx-0031: "a lawyer named Alice Fisher, an appeals court judge named Michael Garcia"
    assert person(arts["wnx-0031"], "Alice Fisher").role == "Lawyer"
    assert person(arts["wnx-0031"], "Michael Garcia").role == "Judge"


def test_an_honorific_gives_way_to_an_office(arts: dict[str, Article]) -> None:
    # wnx-0010: "Sheikh Sharif Sheikh Ahmed ... President Sheikh Sharif Ahmed": Sheikh is an
    # honorific, like a rank; the office said of the same person wins
    ahmed = next(e for e in arts["wnx-0010"].entities if e.name == "Sharif Sheikh Ahmed")
    assert ahmed.role == "President"


def test_a_branch_of_an_international_body_places_its_staff(arts: dict[str, Article]) -> None:
    # wnx-0037 (an article set in Iran): "Jenny Leong, co-ordinator of Amnesty International in
    # Australia" is Australian (NOTES-annot3: the country the article places her in)
    assert person(arts["wnx-0037"], "Jenny Leong").country == "AUS"


def test_a_rank_after_a_function_is_no_part_of_the_role() -> None:
    # wnx-0016: "US spokesperson Major-General Kevin Bergner" is a Spokesperson; a lone
    # "General" still ends an office
    from tidings.understand.titles import canonical_role

    assert canonical_role("Spokesperson Major-General") == "Spokesperson"
    assert canonical_role("Spokesman Lieutenant Colonel") == "Spokesman"
    assert canonical_role("Deputy Attorney General") == "Deputy Attorney General"
    assert canonical_role("Major General") == "Major General"
