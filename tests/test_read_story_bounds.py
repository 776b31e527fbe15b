"""Where the story starts and ends on saved pages of 2005-2015 (issue #13): datelines whose dash
was lost or mangled, a story under a long menu, headlines and captions above the first
paragraph, closing credits and copyright lines glued to the last one, generic ``<title>`` tags.

Pages: the dev split of ``benchmarks/data/messy`` (real pages, gold written by hand before
tidings read them); the test split is never used here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings.read import read, titles, wire
from tidings.read.line_fields import end_credit, story_end
from tidings.read.normalize import clean_line

MESSY = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "messy"


def dev_page(name: str) -> tuple[Path, dict]:
    """A messy page and its gold; refuses a page of the test split."""
    gold = json.loads((MESSY / f"{name}.gold.json").read_text("utf-8"))
    assert gold["split"] == "dev", f"{name} is a test page: tests use dev pages only"
    return MESSY / gold["page"], gold


def dev_golds() -> list[dict]:
    golds = [json.loads(p.read_text("utf-8")) for p in sorted(MESSY.glob("*.gold.json"))]
    return [g for g in golds if g["split"] == "dev"]


def test_dateline_whose_dash_was_lost_opens_the_story() -> None:
    # "CAIRO  The ballot count ...": the em dash is gone from the page, two spaces are left.
    path, gold = dev_page("msv-latimes-2005-mubarak-wins")
    art = read(path)
    assert art.dateline == "Cairo" and gold["dateline"] == "CAIRO"
    assert art.text.startswith("CAIRO The ballot count")
    # The menu, the section kicker and the headline glued to its deck are above the story.
    assert "Drawing a low turnout" not in art.text
    assert "OTHER SECTIONS" not in art.text
    roles = {d["role"] for d in art.meta["dropped"]}
    assert "above the story" in roles


def test_a_contributed_line_ends_the_story_and_what_follows_goes_with_it() -> None:
    path, gold = dev_page("msv-latimes-2005-mubarak-wins")
    art = read(path)
    assert art.paragraphs[-1].endswith(gold["body_last"])
    assert "contributed to this report" not in art.text
    assert "search the Archives" not in art.text  # the info box under the credit line
    dropped = art.meta["dropped"]
    credit = next(d for d in dropped if d["role"] == "closing credit")
    assert credit["text"].startswith("Jailan Zayan of The Times' Cairo Bureau")


def test_wire_story_under_forty_menu_items_and_a_generic_title_tag() -> None:
    # nypost.com's wire page: <title> is "New York Post Online Edition: Breaking News", no <h1>;
    # 38 menu items, then the headline line, then "BAGHDAD, Iraq (AP) -- ...".
    path, gold = dev_page("msv-nypost-2005-bomber")
    art = read(path)
    assert art.dateline == "Baghdad"
    assert art.title == gold["title"] == "Suicide Bomber Injures 4 Near Abu Ghraib"
    assert art.text.startswith("BAGHDAD, Iraq (AP) -- A suicide bomber")
    # "© 2005 The Associated Press. All rights reserved. ..." glued to the last sentence and the
    # trademark footer below it are not the story.
    assert art.text.endswith(gold["body_last"])
    assert "©" not in art.text and "trademark" not in art.text


def test_dateline_with_its_region_and_no_dash_and_site_host_in_title() -> None:
    # "FORT LAUDERDALE, Fla.&nbsp;&nbsp;Hurricane Katrina ...": no dash in the story's markup.
    path, gold = dev_page("msv-foxnews-2005-katrina-florida")
    art = read(path)
    assert art.dateline == "Fort Lauderdale"
    # <title> "FOXNews.com - Hurricane Katrina Plows Through Florida - U.S. & World": the host
    # name is the site, the section goes as the page shows the headline on its own line.
    assert art.title == gold["title"]
    assert art.text.startswith("FORT LAUDERDALE, Fla. Hurricane Katrina")
    assert art.text.endswith(gold["body_last"])  # "PHOTOS VIDEO PHOTO ESSAYS" etc. are not
    assert "ADVERTISEMENTS" not in art.text


def test_c1_control_dash_is_read_as_the_cp1252_dash_it_was() -> None:
    # The same page stores the dateline in a form field as "Fla." + NBSP U+0097 NBSP.
    page = (MESSY / "msv-foxnews-2005-katrina-florida.html").read_text("utf-8")
    at = page.index("FORT LAUDERDALE, Fla.\u00a0\u0097")
    stored = page[at : page.index('"', at)]
    assert clean_line(stored) == "FORT LAUDERDALE, Fla. —"
    story = "Hurricane Katrina churned through Florida's densely populated southeastern coast."
    found = wire.parse(clean_line(f"{stored} {story}"))
    assert found is not None and found.place == "Fort Lauderdale"


def test_fast_extraction_that_took_the_comment_policy_is_redone() -> None:
    # trafilatura's fast run returns the comment policy (two paragraphs); the page's longest run
    # of <p> is the story, so the full run decides.
    path, gold = dev_page("newspaper-pe-2014-perris-hit-ordered")
    art = read(path)
    assert "User Agreement" not in art.text
    assert art.text.startswith(gold["body_first"])
    assert art.text.endswith(gold["body_last"])
    # The headline repeated above the story, its photo caption and the shouted photo credit
    # ("RIVERSIDE COUNTY SHERIFF'S DEPT./CONTRIBUTED IMAGE") are not body.
    assert "CONTRIBUTED IMAGE" not in art.text
    assert not art.text.startswith("Judy Avalos, 20, was charged")


def test_place_kicker_of_a_headline_is_not_a_dateline() -> None:
    path, gold = dev_page("newspaper-pe-2014-perris-hit-ordered")
    art = read(path)
    assert gold["dateline"] is None and art.dateline is None
    assert art.title == gold["title"]  # "PERRIS: Woman ordered hit on ..., police say"
    assert wire.parse(gold["title"]) is None


@pytest.mark.parametrize(
    ("text", "at"),
    [
        (
            "Jailan Zayan of The Times' Cairo Bureau and Times staff writers Paul Richter and "
            "Tyler Marshall in Washington contributed to this report.",
            0,
        ),
        (
            "Aref Taifour were also chosen as deputy speakers of the assembly.© 2005 The "
            "Associated Press. All rights reserved. This material may not be published, "
            "broadcast, rewritten or redistributed. Learn more about our Privacy Policy.",
            len("Aref Taifour were also chosen as deputy speakers of the assembly."),
        ),
        ("He said it would take time. Source: Al Jazeera and news agencies", 27),
    ],
)
def test_closing_credit_forms(text: str, at: int) -> None:
    assert end_credit(text) == at


def test_no_dev_page_ends_on_a_sentence_taken_for_a_credit() -> None:
    """The gold last and first sentences of every dev page are story, never a closing credit;
    nor is a story paragraph that mentions reporting ("... contributed to the decline")."""
    golds = dev_golds()
    assert len(golds) >= 30
    for gold in golds:
        for sentence in (gold["body_last"], gold["body_first"]):
            assert end_credit(sentence) is None, (gold["id"], sentence)
        kept, dropped = story_end([gold["body_first"], gold["body_last"]])
        assert not dropped, gold["id"]


def test_every_dev_page_keeps_its_gold_boundaries() -> None:
    """The story boundaries on all dev pages: a rule that fixes one page and breaks another
    fails here."""
    missed = []
    for gold in dev_golds():
        art = read(MESSY / gold["page"])
        body = " ".join(art.text.split())
        first = " ".join(gold["body_first"].split())[:60]
        last = " ".join(gold["body_last"].split())[-60:]
        if first not in body[: len(first) + 200] or last not in body[-(len(last) + 200) :]:
            missed.append(gold["id"])
        if titles.norm(art.title) not in {
            titles.norm(t) for t in [gold["title"], *gold["title_also"]]
        }:
            missed.append(f"{gold['id']} title")
    assert not missed


def _gold_body(shared: Path, prefix: str) -> str:
    truth = json.loads((shared / "gold" / "extraction" / "ground-truth.json").read_text("utf-8"))
    return next(v["articleBody"] for k, v in truth.items() if k.startswith(prefix))


def test_dateline_forms_on_real_wire_openings(shared: Path) -> None:
    """Real openings of the shared extraction pages, in the forms pages mangle them into."""
    nasa = _gold_body(shared, "d1c57d78").split("\n")[0]  # "WASHINGTON — NASA announced ..."
    story = nasa.removeprefix("WASHINGTON — ")
    # on its own line above the story
    found = wire.find_dateline(["NASA adds five companies", "WASHINGTON —", story])
    assert found is not None and (found.place, found.paragraph) == ("Washington", 1)
    # a section label above the story is not a dateline
    assert wire.find_dateline(["NASA adds five companies", "SPACE", story]) is None
    # the dash lost: "WASHINGTON  NASA announced ..." (two spaces, cleaned to one)
    assert wire.parse(clean_line(f"WASHINGTON  {story}")).place == "Washington"
    # an outlet's own name after the place, not only an agency's
    found = wire.parse(f"WASHINGTON (SpaceNews) — {story}")
    assert found is not None and (found.place, found.agency) == ("Washington", "SpaceNews")
    # a caption's aside in the parenthesis is not an outlet
    assert wire.parse(f"WASHINGTON (File) — {story}") is None
    # "(CNN) --": an outlet alone names no place
    found = wire.parse(f"(CNN) -- {story}")
    assert found is not None and found.place is None and found.agency == "CNN"


def test_site_names_with_other_separators() -> None:
    hints = titles.site_hints("The Asahi Shimbun", url="http://www.asahi.com/ajw/")
    headline = "Hurricane Katrina Plows Through Florida"  # the Fox 2005 dev page's headline
    assert titles.strip_site(f"{headline}：The Asahi Shimbun", hints) == headline
    assert titles.strip_site(f"FOXNews.com: {headline}", set()) == headline
    assert titles.strip_site(
        f"{headline} ‒ Times of Malta", titles.site_hints("Times of Malta")
    ) == (headline)
    # a phrase that merely contains the site's name stays ("Best of Houzz 2022: ...")
    kept = "Best of Houzz 2022: Das sind die beliebtesten Projekte auf Houzz"
    assert titles.strip_site(kept, titles.site_hints("Houzz", url="https://www.houzz.de/")) == kept
