"""Every event dated right (issue #11): the clause's own date, the date a verb shares with the
verb it is conjoined to, and the occasion a statement was made at.

The sentences are real news sentences (Wikinews and VOA articles of the article-level gold's
dev split, ``benchmarks/gold/``), coded by the rules (``judge=False``) with the article's own
publication date, so each test checks the date a real text gives its event.
"""

from __future__ import annotations

from tidings.events import code_events
from tidings.events.when_where import resolve_date
from tidings.schema import Article, Event
from tidings.understand import understand_many


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
    ev = _of(_events(text, "2009-01-19"), "CONSULT")
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
