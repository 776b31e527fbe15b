"""Every event dated right (issue #11): the clause's own date, the date a verb shares with the
verb it is conjoined to, and the occasion a statement was made at.

The sentences are real news sentences (Wikinews and VOA articles of the article-level gold's
dev split, ``benchmarks/gold/``), coded by the rules (``judge=False``) with the article's own
publication date, so each test checks the date a real text gives its event.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.events import code_events
from tidings.events.index import DocIndex
from tidings.events.occasions import Occasions
from tidings.events.when_where import DateMemory, resolve_date
from tidings.schema import Article, Event
from tidings.understand import understand_many

ROOT = Path(__file__).resolve().parents[1]


def _events(text: str, published: str) -> list[Event]:
    art = Article(id="t", source="test", format="text", text=text, published=published)
    art, doc = next(understand_many([art], batch_size=1, with_docs=True))
    return code_events(art, doc, judge=False)


def _of(events: list[Event], type_: str = "", trigger: str = "") -> Event:
    found = [
        e
        for e in events
        if (not type_ or e.type == type_) and (not trigger or e.evidence[0].trigger == trigger)
    ]
    assert len(found) == 1, [(e.type, [a.name for a in e.source], e.date) for e in events]
    return found[0]


# ------------------------------------------------------------------ the clause's own date


def test_a_day_of_the_month_beats_the_weekday_beside_it() -> None:
    # wnx-0063, dated Tuesday 2008-12-23: "Sunday" alone would be the 21st
    assert resolve_date("Sunday, 14 December", "2008-12-23").date == "2008-12-14"
    assert resolve_date("Sunday", "2008-12-23").date == "2008-12-21"
    text = (
        "On Sunday, 14 December, Former U.S. President Jimmy Carter met with Khaled Meshaal, "
        "the leader of Hamas' political wing."
    )
    ev = _of(_events(text, "2008-12-23"), "CONSULT")
    assert (ev.date, ev.date_precision) == ("2008-12-14", "day")
    assert ev.date_evidence == "explicit: 14 December"


def test_a_date_the_parse_hangs_on_a_gerund_is_the_verbs() -> None:
    # wnx-0054: "yesterday" hangs on "hanging" in the parse; the sentencing was yesterday
    text = (
        'A cousin of Saddam Hussein, Ali Hassan al-Majid, also known as "Chemical Ali", was '
        "sentenced to death by hanging yesterday in Iraq by the Supreme Iraqi Criminal Tribunal."
    )
    ev = _of(_events(text, "2007-06-24"), "SANCTION")
    assert (ev.date, ev.date_evidence) == ("2007-06-23", "relative: yesterday")


def test_a_conjoined_verb_shares_the_date_of_its_subjects_first_verb() -> None:
    # wnx-0034: he arrived on Sunday and met the president (that Sunday, not the article's day)
    text = (
        "Minister Morin arrived in Libreville on Sunday and met with President Omar Bongo to "
        "discuss rescue efforts for the missing body of one of the seven soldiers."
    )
    ev = _of(_events(text, "2009-01-19"), "CONSULT", "met")
    assert (ev.date, ev.date_evidence) == ("2009-01-18", "relative: Sunday")


def test_a_conjunct_with_its_own_tense_keeps_its_own_date() -> None:
    # "met ... on Saturday and will meet again": the future meeting is not Saturday's
    text = (
        "The Syrian rebel coalition met with Russian officials in Saudi Arabia on Saturday "
        "and will meet them again."
    )
    events = _events(text, "2016-02-21")
    assert _of(events, trigger="met").date == "2016-02-20"
    again = _of(events, trigger="meet")
    assert again.modality == "future" and "Saturday" not in again.date_evidence


def test_a_participle_adjunct_shares_the_date_of_its_clause() -> None:
    # wnx-0033: "On Sunday, ... spoke about ..., asserting ...": said that Sunday
    text = (
        "On Sunday, Dublin's Lord Mayor Mícheál MacDonncha spoke about not sending Irish "
        "representatives to the next year's Eurovision Song Contest, asserting Palestine "
        "solidarity."
    )
    ev = _of(_events(text, "2018-05-16"), trigger="asserting")
    assert (ev.date, ev.date_evidence) == ("2018-05-13", "relative: Sunday")


def test_a_date_of_the_noun_a_verb_completes_is_the_verbs() -> None:
    # wnx-0039: the launch is "Friday's failed attempt", not Sunday's address nor the article's day
    text = (
        "Kim Jong-un gave his first formal address on Sunday in the aftermath of Friday's "
        "failed attempt to launch a multistage rocket into orbit and in honor of the "
        "anniversary of Kim Il-sung's 100th birthday."
    )
    ev = _of(_events(text, "2012-04-19"), trigger="launch")
    assert (ev.date, ev.date_evidence) == ("2012-04-13", "relative: Friday")


def test_a_date_that_modifies_another_noun_is_that_nouns() -> None:
    # wnx-0002: October 28 is the elections' day; the call is dated by the article
    text = (
        "The Southern African Development Community (SADC) has said it is calling for a "
        "transparent vote in Mozambique's scheduled October 28 general elections."
    )
    ev = _of(_events(text, "2009-10-22"), trigger="calling")
    assert (ev.date, ev.date_evidence) == ("2009-10-22", "reported: published 2009-10-22")


# ------------------------------------------------------------------ the occasion it was said at

# wnx-0031 (2017-05-13), paragraphs 1, 5 and 7
COMEY = (
    "Despite the White House's initial assertion that Federal Bureau of Investigation (FBI) "
    "Director James Comey was dismissed Tuesday over mishandling the Hillary Clinton email "
    'case, United States President Donald Trump on Thursday told NBC that "this Russia thing" '
    "was among his reasons, mentioning Comey's repeated claims that he, Trump, was not being "
    'investigated. He also accused Comey of "showboating" and said "the FBI has been in '
    'turmoil."\n\n'
    "Deputy White House Press Secretary Sarah Huckabee Sanders disagreed with Miller's "
    "assessment.\n\n"
    "In his interview with Holt, President Trump affirmed that his campaign had no "
    "connections to Russia."
)


def test_a_statement_takes_the_date_its_speaker_last_spoke_on() -> None:
    events = _events(COMEY, "2017-05-13")
    accused = _of(events, trigger="accused")
    assert [a.name for a in accused.source] == ["Donald Trump"]
    # Thursday's interview, not Tuesday's dismissal told in the same sentence
    assert accused.date == "2017-05-11"
    assert accused.date_evidence == "meeting: Donald Trump told (relative: Thursday)"
    affirmed = _of(events, trigger="affirmed")  # paragraphs later: the same interview
    assert (affirmed.date, affirmed.date_evidence) == (accused.date, accused.date_evidence)
    # another speaker's undated statement is not Trump's occasion
    disagreed = _of(events, trigger="disagreed")
    assert disagreed.date_evidence == "reported: published 2017-05-13"


# wnx-0001 (2010-01-28), paragraphs 1 and 3-4
YEMEN = (
    "An international conference in London on Tuesday came up with a plan to fight "
    "al-Qaeda's presence in Yemen. Delegates present at the conference were from twenty "
    "countries, including Yemen, the United Kingdom, and the United States.\n\n"
    "Hillary Clinton, the US Secretary of State, said that bringing peace to Yemen and making "
    "it more stable is a major priority for the United States. She said that the United "
    "States had signed a three-year agreement on security development in Yemen.\n\n"
    "Clinton said that she does not believe that military action would be enough to solve "
    "Yemen's problems, and that corruption must be combated as well as building up "
    "democratic institutions and promoting human rights. She asked that the government of "
    "Yemen begin its proposed ten-point program for the development of these areas and to "
    "reduce the influence of extremist organisations."
)


def test_what_is_said_after_the_leads_dated_conference_was_said_there() -> None:
    events = _events(YEMEN, "2010-01-28")
    asked = _of(events, trigger="asked")
    assert (asked.date, asked.date_precision) == ("2010-01-26", "day")
    assert asked.date_evidence == "meeting: An international conference (relative: Tuesday)"


def test_an_earlier_act_a_statement_reports_is_not_dated_by_it() -> None:
    # "She said that the United States had signed ...": before the conference, date unknown
    signed = [e for e in _events(YEMEN, "2010-01-28") if e.evidence[0].trigger == "signed"]
    assert signed, "the signing is coded"
    assert all(e.date_evidence == "reported: published 2010-01-28" for e in signed)


def _occasions(text: str, published: str) -> Occasions:
    art = Article(id="t", source="test", format="text", text=text, published=published)
    art, doc = next(understand_many([art], batch_size=1, with_docs=True))
    index = DocIndex.build(art, doc)
    return Occasions.build(index, DateMemory(published, index))


@pytest.mark.parametrize(
    ("text", "word", "now"),
    [
        # wnx-0028: the article's own present, not an earlier occasion's
        (
            "The president's first stop is Israel where he says he will encourage Prime "
            "Minister Ehud Olmert and Palestinian President Mahmoud Abbas to move forward "
            "with peace talks they began in November in the United States.",
            "encourage",
            True,
        ),
        # wnx-0055
        (
            "NATO has insisted it will continue fighting against militants in Afghanistan, "
            "and the United Nations said the death of bin Laden marked a watershed moment.",
            "insisted",
            True,
        ),
        # wnx-0047: a past statement
        (
            "Responding to the motion, U.S. President George W. Bush urged Turkey not to "
            "carry out an attack.",
            "urged",
            False,
        ),
    ],
)
def test_a_statement_in_the_present_is_the_articles_own(text: str, word: str, now: bool) -> None:
    occasions = _occasions(text, "2008-01-06")
    assert occasions.said_now(text.index(word)) is now


# voa-0002 (2016-04-02, a Saturday), paragraphs 2 and 5
SUMMIT = (
    "The global effort to keep nuclear materials secure has made important progress, Obama "
    'told Americans Saturday. "As terrorists and criminal gangs look around for the deadly '
    'ingredients for a nuclear device, vast regions of the world are now off limits."\n\n'
    "Obama is following up the meetings on nuclear security with White House talks on Monday "
    "with NATO's secretary-general, Jens Stoltenberg. They will discuss the fight against "
    "Islamic State extremists and other terrorists, as well as the refugee crisis in Europe "
    "and plans for a NATO summit conference in Poland three months from now."
)


def test_a_plan_the_article_narrates_is_not_dated_by_a_statement() -> None:
    events = _events(SUMMIT, "2016-04-02")
    talks = _of(events, "CONSULT")  # "is following up ... with talks on Monday": the coming one
    assert (talks.date, talks.date_evidence) == ("2016-04-04", "relative: Monday")
    discuss = _of(events, trigger="discuss")  # nobody states it: not Saturday's statement
    assert discuss.modality == "future"
    assert discuss.date_evidence == "reported: published 2016-04-02"


def test_talks_someone_is_to_hold_are_the_coming_ones() -> None:
    # wnx-0063 (2008-12-23, a Tuesday); the future talks are no occasion of a statement yet
    text = (
        "Palestinian leader Mahmoud Abbas, who is to hold talks with President George W. Bush "
        'on Friday, will press Washington to ensure "there is no return to square one once '
        'there is a new government in Israel," said Palestinian negotiator Saeb Erakat.'
    )
    events = _events(text, "2008-12-23")
    assert _of(events, trigger="talks").date == "2008-12-26"
    assert _of(events, trigger="press").date_evidence == "reported: published 2008-12-23"


def test_what_a_speaker_said_in_an_interview_dated_to_a_month_takes_that_month() -> None:
    # wnx-0019 (2010-02-10): the denial was in the interview "in August last year"
    text = (ROOT / "benchmarks" / "gold" / "texts" / "wnx-0019.txt").read_text("utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.startswith(("The release", "Lewis denied"))]
    assert len(paragraphs) == 2
    ev = _of(_events("\n\n".join(paragraphs), "2010-02-10"), trigger="denied")
    assert [a.name for a in ev.source] == ["Ivan Lewis"]
    assert (ev.date, ev.date_precision) == ("2009-08", "month")
    assert ev.date_evidence == "meeting: Ivan Lewis stated (relative: August last year)"


@pytest.mark.parametrize(
    ("text", "word", "stated"),
    [
        # wnx-0041: a plan someone states
        (
            "Bush said the United States will help facilitate a peacekeeping force in Darfur, "
            "but will not send troops to the region.",
            "help",
            True,
        ),
        # voa-0002: the article's own narration of a plan
        (
            "They will discuss the fight against Islamic State extremists and other "
            "terrorists, as well as the refugee crisis in Europe.",
            "discuss",
            False,
        ),
    ],
)
def test_a_plan_is_stated_when_a_verb_reports_it(text: str, word: str, stated: bool) -> None:
    assert _occasions(text, "2008-02-16").stated(text.index(word)) is stated
