"""People's names, roles and countries from the words the parser does not tie to the name, on
real text: dev-split articles (benchmarks/gold/splits.tsv), GUM training interviews and the news
pages of ../shared/gold/extraction (issue #12, round 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gold_loader import article_from_paragraphs, corpus_article, gold_article, gold_file, person
from gum_loader import load_gum
from tidings.schema import Article
from tidings.understand import understand_many

#: extraction pages by the key of their ground truth
PAGES = {
    "jobs": "291a8bf33ee49074f33dcff37544ac40506cae450db83b6cb63f02b9920b51c2",
    "light": "33fe2471fd553c6570f93997f208b4f39bf30be5947c3cfa620ee8eff3355ab9",
    "doobie": "35b158918c676ff2c74445517db76c83db70a805cc50b64e1369b354a027fcbd",
    "my6sense": "57e2e98887a1965689955921208e32f410b10e2b95c907e74e57982d3edf3cc6",
}


@pytest.fixture(scope="module")
def arts(shared: Path) -> dict[str, Article]:
    """The articles, understood once."""
    truth = json.loads((shared / "gold" / "extraction" / "ground-truth.json").read_text("utf-8"))
    docs = {
        k: article_from_paragraphs(truth[v]["articleBody"].split("\n"), v) for k, v in PAGES.items()
    }
    docs["warhol"] = gold_article(gold_file("GUM_news_warhol"), shared)
    docs["wh-0013"] = corpus_article(shared / "corpus" / "articles" / "wh-0013.txt")
    docs["onion"] = load_gum("GUM_interview_onion", shared).article
    docs["brotherhood"] = load_gum("GUM_interview_brotherhood", shared).article
    docs["licen"] = load_gum("GUM_interview_licen", shared).article
    return dict(zip(docs, understand_many(list(docs.values())), strict=True))


def test_a_title_right_before_a_name_however_parsed(arts: dict[str, Article]) -> None:
    # "Apple founder and legendary CEO Steve Jobs unveiled": the parser makes "CEO" a
    # conjunct of "founder" and the name a subject of its own
    assert person(arts["jobs"], "Steve Jobs").role == "CEO"


def test_a_country_in_brackets_after_names(arts: dict[str, Article]) -> None:
    # "Ivana Jelić and Pavle Petrović (Serbia) found inspiration ..."
    assert person(arts["light"], "Ivana Jelić").country == "SRB"


def test_every_name_of_a_list_takes_its_plural_role(arts: dict[str, Article]) -> None:
    # "The trek will feature members Tom Johnston, Patrick Simmons, John McFee and McDonald":
    # the parser chains the names as appositions; a name in apposition is no description
    # (Tom Johnston is not the Grenadian politician the KB knows as Patrick Simmons)
    doobie = arts["doobie"]
    for name in ("Tom Johnston", "Patrick Simmons", "John McFee"):
        assert person(doobie, name).role == "Member"
    assert person(doobie, "Tom Johnston").country != "GRD"
    # "photographers Nat Finkelstein, Christopher Makos and Felice Quinto" (GUM_news_warhol, dev)
    for name in ("Nat Finkelstein", "Christopher Makos", "Felice Quinto"):
        assert person(arts["warhol"], name).role == "Photographer"


def test_a_first_name_alone_is_the_person_it_starts(arts: dict[str, Article]) -> None:
    # "adding mobile marketing pioneer Ivan Braiker as the company's first Chief Strategy
    # Officer. Ivan served as the CEO of Hipcricket": one person, not a second "Ivan"
    art = arts["my6sense"]
    assert not any(e.type == "PERSON" and e.name == "Ivan" for e in art.entities)
    ivan = person(art, "Ivan Braiker")
    assert sum(m.text == "Ivan" for m in ivan.mentions) >= 2


def test_a_one_word_name_under_a_title_in_the_headline(arts: dict[str, Article]) -> None:
    # "Statement by President Biden on Russia's Unprovoked and Unjustified Attack on Ukraine"
    # (wh-0013, dev): the body names him only as "I"
    biden = person(arts["wh-0013"], "Biden")
    assert (biden.role, biden.country) == ("President", "USA")
    assert any(m.text == "I" for m in biden.mentions)


def test_a_title_the_ner_took_into_the_name(arts: dict[str, Article]) -> None:
    # "Editorial Manager Chet Clem and President Sean Mills" (GUM_interview_onion, train);
    # "File photo of magician David Gish displaying magic props" (GUM_interview_brotherhood)
    clem = person(arts["onion"], "Chet Clem")  # not "Editorial Manager Chet Clem"
    assert clem.role and clem.role.endswith("Manager")
    assert person(arts["brotherhood"], "David Gish").role == "Magician"


def test_a_role_said_of_a_pronoun(arts: dict[str, Article]) -> None:
    # GUM_interview_licen (train): "Originally from Slovenia, he served as the Director of
    # Media and Communications of a WTA Tour event": the role is said of "he" (Simon Ličen)
    assert person(arts["licen"], "Simon Ličen").role == "Director"


def test_names_the_ner_cut_or_took_for_organisations(arts: dict[str, Article]) -> None:
    # GUM_news_warhol (dev): "singer-songwriter Carly Simon" (tagged "Simon"), and "such as
    # Ansel Adams, Chuck Close, Walker Evans, ..." ("Walker Evans" tagged ORG)
    simon = person(arts["warhol"], "Carly Simon")
    assert simon.role == "Singer-songwriter"
    assert person(arts["warhol"], "Walker Evans").role == "Photographer"
