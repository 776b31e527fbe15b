"""People's roles and countries, and speakers the tagger hides, on real text: dev-split articles
(benchmarks/gold/splits.tsv) and GUM training interviews (issue #12, second round)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gold_loader import corpus_article, gold_article, gold_file, person
from gum_loader import load_gum
from tidings import kb
from tidings.schema import Article, Mention
from tidings.understand import understand_many
from tidings.understand.clusters import Cluster
from tidings.understand.people import org_home

DEV_DOCS = ["GUM_news_iodine", "GUM_news_warhol", "GUM_news_warming", "GUM_news_defector"]
CORPUS = ["wn-0002", "wn-0003", "wh-0001", "wh-0019"]


@pytest.fixture(scope="module")
def arts(shared: Path) -> dict[str, Article]:
    """Dev articles and the GUM training interview with Noam Chomsky, understood once."""
    docs = {d: gold_article(gold_file(d), shared) for d in DEV_DOCS}
    docs |= {d: corpus_article(shared / "corpus" / "articles" / f"{d}.txt") for d in CORPUS}
    docs["chomsky"] = load_gum("GUM_interview_chomsky", shared).article
    return dict(zip(docs, understand_many(list(docs.values())), strict=True))


def test_an_of_tail_naming_a_body_is_no_part_of_the_role(arts: dict[str, Article]) -> None:
    # "Professor Cres Eastman, Director of the National Iodine Nutrition study": the body is
    # not the role, and the function wins over the academic rank before the name
    assert person(arts["GUM_news_iodine"], "Cres Eastman").role == "Director"


def test_a_function_wins_over_a_rank(arts: dict[str, Article]) -> None:
    # "Major general Fuad Basya, spokesman for the Indonesian military, said"
    basya = person(arts["wn-0002"], "Fuad Basya")
    assert basya.role == "Spokesman"
    assert basya.country == "IDN"


def test_lower_case_titles_keep_their_office(arts: dict[str, Article]) -> None:
    # "George Bush and James Baker, secretary of state, agreed"; "Obama's national security
    # advisor James Jones" (not "Obamanational ...", not "Secretary")
    assert person(arts["chomsky"], "James Baker").role == "Secretary of State"
    assert person(arts["chomsky"], "James Jones").role == "National Security Advisor"


def test_an_ambassador_to_a_country_is_not_of_that_country(arts: dict[str, Article]) -> None:
    # "According to Afghan Ambassador to the United States Hamdullah Mohib, ..."
    mohib = person(arts["wn-0003"], "Hamdullah Mohib")
    assert mohib.role == "Ambassador"
    assert mohib.country == "AFG"


def test_names_given_as_examples_take_the_plural_role(arts: dict[str, Article]) -> None:
    # "other well-known photographers who used the camera, such as Ansel Adams, Chuck Close,
    # ..., and Helmut Newton": each a Photographer; people only listed get no home country
    warhol = arts["GUM_news_warhol"]
    for name in ("Ansel Adams", "Chuck Close", "Helmut Newton"):
        assert person(warhol, name).role == "Photographer"
        assert person(warhol, name).country is None


def test_a_co_author(arts: dict[str, Article]) -> None:
    # "As coauthor Colette Heald told The Huffington Post": not "As coauthor"
    assert person(arts["GUM_news_warming"], "Colette Heald").role == "Co-Author"


def test_a_cue_verb_the_tagger_took_for_a_noun(arts: dict[str, Article]) -> None:
    # 'The U.S. Department of Agriculture notes, "Ground-level ozone causes ..."': sm tags
    # "notes" as a plural noun; the speaker is still the department, not the last speaker
    q = next(q for q in arts["GUM_news_warming"].quotes if q.text.startswith("Ground-level"))
    assert q.speaker_name and "Department of Agriculture" in q.speaker_name
    assert q.cue == "notes"


def test_office_holders_after_2014_come_from_the_kb(arts: dict[str, Article]) -> None:
    # "the poisoning of Aleksey Navalny" (a White House readout of 2021); "the Lukashenka
    # regime": the supplement's dated entries give their country
    assert person(arts["wh-0001"], "Aleksey Navalny").country == "RUS"
    assert kb.lookup("Lukashenka", "2021-05-24").country == "BLR"
    assert kb.lookup("Jake Sullivan", "2021-07-30").code == "USAGOV"


def test_a_us_state_is_not_a_foreign_town(arts: dict[str, Article]) -> None:
    # GUM_news_defector: "after traveling back from Florida" is the US state, not the Cuban
    # town of Florida; Scotland and Quebec are places too
    florida = next(e for e in arts["GUM_news_defector"].entities if e.name == "Florida")
    assert florida.country == "USA"
    assert kb.places.find("Scotland").country == "GBR"
    assert kb.places.find("Quebec").country == "CAN"
    assert kb.places.find("Washington").kind == "city"  # the capital keeps its coordinates
    assert kb.places.find("Georgia").country == "GEO"


def test_three_letter_words_are_no_country_codes() -> None:
    # "And the head of NATO, Hoop Scheffer, ..." (GUM_interview_chomsky): "And" is no Andorra
    assert kb.country_iso3("And") is None
    assert kb.country_iso3("Ken") is None
    assert kb.country_iso3("AND") == "AND"


def test_an_organisation_is_of_the_first_country_its_name_holds() -> None:
    # "Lydia Buchtmann for Food Standards Australia New Zealand" (GUM_news_iodine)
    name = "Food Standards Australia New Zealand"
    cl = Cluster("ORG", mentions=[Mention(text=name, start=0, end=len(name), kind="name")])
    assert org_home(cl) == "AUS"


# -- real news pages of ../shared/gold/extraction (the ground truth's article bodies) ---------
PAGES = {
    "noem": "156770d676ce79905198e1c8407f81e5ecfb617d9aa44712718707eb7e3b8e38",
    "hockey": "264dc3ae31249cb1f50c50986e0952a4708c2e705d18a2d8bf0e525da6e2b485",
    "omar": "6ebac05f637ece8aa57c298a2a5e3a8047f546f855d0f29cc683cea60ce85c85",
    "ford": "851498a2b9f4f0b578ac9700c245253dbc147a06c0fb3499adebf1c2d5663c29",
    "dwts": "7dfc3e359d7c0ca48ac9046ae5759286cedf80abe7526fc6c6e6546b9ba43e33",
    "letter": "abd9d6291b6bfae0c3ffad8ab7623b482c6da46face0271dc42af6324d8f0ce5",
}


@pytest.fixture(scope="module")
def pages(shared: Path) -> dict[str, Article]:
    import json

    from gold_loader import article_from_paragraphs

    truth = json.loads((shared / "gold" / "extraction" / "ground-truth.json").read_text("utf-8"))
    docs = [
        article_from_paragraphs(truth[key]["articleBody"].split("\n"), key)
        for key in PAGES.values()
    ]
    return dict(zip(PAGES, understand_many(docs), strict=True))


def test_abbreviated_titles(pages: dict[str, Article]) -> None:
    # "South Dakota Gov. Kristi Noem (R)"; "threatened to kill Rep. Ilhan Omar (D-Minn.)"
    noem = person(pages["noem"], "Kristi Noem")
    assert (noem.role, noem.country) == ("Governor", "USA")
    assert person(pages["omar"], "Ilhan Omar").role == "Representative"


def test_an_occupation_does_not_take_the_team_before_it(pages: dict[str, Article]) -> None:
    # "Wild goalie Alex Stalock", "Wild defenseman Ryan Suter": the team is no part of the role
    assert person(pages["hockey"], "Alex Stalock").role == "Goalie"
    assert person(pages["hockey"], "Ryan Suter").role == "Defenseman"


def test_descriptions_after_a_name(pages: dict[str, Article]) -> None:
    # "said Beth Meacham, one of his editors at Tor"; "Patrick Nielsen Hayden, Teresa's husband
    # and Tor's editor in chief, said" (the parser makes the description a conjunct)
    assert person(pages["ford"], "Beth Meacham").role == "Editor"
    assert person(pages["ford"], "Patrick Nielsen Hayden").role == "Editor"


def test_unnamed_speakers_and_more_cues(pages: dict[str, Article]) -> None:
    # '"South Dakota: if we were any higher, we'd be North Dakota," one user quipped.'
    quip = next(q for q in pages["noem"].quotes if q.text.startswith("South Dakota: if"))
    assert (quip.speaker_name, quip.cue) == ("one user", "quipped")
    # 'a series of South Dakotans — including both adults and children — declaring, "I'm on
    # meth."': the speaker's words stop before the dash, never the quotation itself
    meth = next(q for q in pages["noem"].quotes if q.direct and q.text.startswith("I’m on meth"))
    assert meth.speaker_name == "a series of South Dakotans"


def test_a_question_then_its_cue(pages: dict[str, Article]) -> None:
    # '"Can I give it to James?" Brooke tearfully asked before apologizing': the question
    # ends its sentence, the cue opens the next one
    q = next(q for q in pages["dwts"].quotes if q.text.startswith("Can I give it"))
    assert q.speaker_name == "Ally Brooke"
    assert q.cue == "asked"


def test_a_document_signed_by_its_authors(pages: dict[str, Article]) -> None:
    # '"In our professional medical opinion, ...," says the letter signed by seven physicians.'
    q = next(q for q in pages["letter"].quotes if q.text.startswith("In our professional"))
    assert q.speaker_name == "seven physicians"
