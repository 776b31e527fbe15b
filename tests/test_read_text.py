"""Flattened-text reader: the reference article, hand-annotated fixtures, the shared corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.read import ReadFailure, read
from tidings.read.normalize import clean_line

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "read"
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix in {".txt", ".md"})


def test_reference_article_fields(reference_article: Path) -> None:
    art = read(reference_article)
    assert art.title == "Pompeo and Lavrov Meeting Updates Look Promising"
    assert art.publisher == "7Dnews"
    assert art.dateline == "London"
    assert art.published == "2019-05-14T20:07:00+00:00"
    assert art.subheadings == ["Election Interference", "Improving Cooperation"]
    assert art.tags == ["US & Canada", "Russia"]
    assert art.text.startswith("The Russian Foreign Minister, Sergei Lavrov,")
    assert art.text.endswith("in the Black Sea resort of Sochi.")
    assert art.text == "\n\n".join(art.paragraphs)
    assert art.language == "en"


def test_reference_article_chrome_and_evidence(reference_article: Path) -> None:
    art = read(reference_article)
    raw_lines = [clean_line(x) for x in reference_article.read_text("utf-8").splitlines()]
    # The page chrome above the headline (the first two short lines and the stale site date)
    # must appear nowhere in the body, nor the subheadings as paragraphs.
    chrome = [x for x in raw_lines[: raw_lines.index(art.title)] if x]
    assert len(chrome) == 3
    for line in chrome:
        assert line not in art.text
    for sub in art.subheadings:
        assert sub not in art.paragraphs
    assert "\u00a0" not in art.text and "  " not in art.text
    ev = art.published_evidence
    assert ev is not None and ev.text == "Tue, 14 May 2019 20:07 GMT"
    rejected = {r.text: r for r in ev.rejected}
    assert "Tuesday 20th March 2018" in rejected
    assert "above the headline" in rejected["Tuesday 20th March 2018"].reason
    assert rejected["Tuesday 20th March 2018"].value == "2018-03-20"


def test_reference_id_is_stable(reference_article: Path) -> None:
    a, b = read(reference_article), read(reference_article.read_bytes())
    assert a.id == b.id and len(a.id) == 16
    # Whitespace noise does not change the id; a changed word does.
    noisy = reference_article.read_text("utf-8").replace(". ", ".\u00a0 ")
    assert read(noisy).id == a.id
    assert read(noisy.replace("Sochi", "Yalta")).id != a.id


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_fixture_fields(path: Path) -> None:
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
    art = read(path)
    for key in (
        "format",
        "title",
        "publisher",
        "byline",
        "dateline",
        "published",
        "tags",
        "subheadings",
    ):
        assert getattr(art, key) == expected[key], key
    assert len(art.paragraphs) == expected["paragraphs"], art.paragraphs
    assert art.text.startswith(expected["body_start"])
    assert art.text.endswith(expected["body_end"])
    for junk in expected["not_in_body"]:
        assert junk not in art.text, junk


def test_fixture_count() -> None:
    assert len(CASES) >= 6


def test_corpus_articles_title_date_body(shared: Path) -> None:
    paths = sorted((shared / "corpus" / "articles").glob("*.txt"))
    assert len(paths) == 40
    for path in paths:
        lines = [clean_line(x) for x in path.read_text("utf-8").splitlines()]
        art = read(path)
        assert art.title == lines[0], path.name
        assert art.published == lines[1], path.name
        assert lines[1] not in art.text, path.name
        assert art.paragraphs and art.paragraphs[-1] == [x for x in lines if x][-1], path.name


def test_relative_and_partial_dates() -> None:
    from datetime import datetime

    from tidings.read.dates import parse_date

    assert parse_date("Tue, 14 May 2019 20:07 GMT").iso == "2019-05-14T20:07:00+00:00"
    assert parse_date("March 18 at 3:57 PM") is None  # no year, none known: no guess
    assert parse_date("March 18 at 3:57 PM", year=2019).iso == "2019-03-18T15:57:00"
    crawl = datetime(2019, 5, 14, 22, 7)
    assert parse_date("2 hours ago", base=crawl).iso == "2019-05-14T20:07:00"
    assert parse_date("2 hours ago") is None


def test_no_body_text_is_a_read_error_not_an_empty_article() -> None:
    """Nothing without body text is an article: no record under the id of the empty text."""
    with pytest.raises(ReadFailure, match="no article text"):
        read("Just a headline\nMenu\nSearch\n")


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "Ferry operator adds winter sailings\n2020-11-02\n\n"
        "The island ferry operator said on Monday that it would add three sailings a\n"
        "week during the winter timetable after complaints from residents who travel\n"
        "to the mainland for hospital appointments.\n\n"
        "A spokesman said the extra sailings would start in December.\n"
    )
    art = read(text)
    assert art.title == "Ferry operator adds winter sailings"
    assert len(art.paragraphs) == 2
    assert "sailings a week during" in art.paragraphs[0]


def test_dateline_carrying_a_date() -> None:
    text = (
        "Agencies warn of cholera risk in camps\n\n"
        "NAIROBI, 3 February 2022 – Aid agencies warned on Thursday that cholera could spread "
        "quickly in crowded camps unless clean water supplies were restored.\n\n"
        "They asked donors for emergency funding to repair pumps and pipes.\n"
    )
    art = read(text)
    assert art.dateline == "Nairobi"
    assert art.published == "2022-02-03"
    assert art.published_evidence.source == "dateline of the first paragraph"


def test_headline_ending_with_a_full_stop() -> None:
    text = (
        "Merkel says Georgia will join the alliance one day.\n2008-08-17\n\n"
        "The German chancellor said on Sunday that Georgia would become a member of the "
        "alliance, speaking at a news conference in the Georgian capital.\n\n"
        "She did not give a timetable for membership.\n"
    )
    art = read(text)
    assert art.title == "Merkel says Georgia will join the alliance one day."
    assert art.published == "2008-08-17"
    assert art.text.startswith("The German chancellor")
    assert len(art.paragraphs) == 2
