"""Event coding: ontology data, patterns over real parses, actors, modality, dates, places,
identity/merge, and the reference article's events (coded by general rules)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings import settings
from tidings.events import code_events, event_id, merge
from tidings.events.when_where import resolve_date
from tidings.ontology import coding, plover_types, quad_class
from tidings.read import read
from tidings.schema import Article, Entity, Event, EventActor, Evidence, Mention, Quote
from tidings.understand import understand_many

PUB = "2019-05-14T20:07:00+00:00"  # a Tuesday


@pytest.fixture(scope="session")
def nlp():
    from tidings.understand.nlp import load

    return load()


def _code(nlp, text: str, published: str | None = PUB, judge: bool = False, **kw) -> list[Event]:  # noqa: ANN001
    """Events of a one-paragraph article, understood first as in the pipeline (unless the
    test gives the entities or quotes itself). The rules' events (``judge=False``) unless a
    test is about the judge's decisions."""
    art = Article(id="t", source="test", format="text", text=text, published=published, **kw)
    if "entities" in kw or "quotes" in kw:
        return code_events(art, nlp(text), judge=judge)
    art, doc = next(understand_many([art], batch_size=1, with_docs=True))
    return code_events(art, doc, judge=judge)


def _one(events: list[Event], type_: str) -> Event:
    found = [e for e in events if e.type == type_]
    assert len(found) == 1, [(e.type, e.cameo, [a.name for a in e.source]) for e in events]
    return found[0]


# ------------------------------------------------------------------ ontology


def test_ontology_maps_cameo_to_plover_with_goldstein_and_quad() -> None:
    intent = coding("036")
    assert (intent.type, intent.goldstein, intent.quad_class) == ("AGREE", 4.0, 1)
    assert coding("190").type == "ASSAULT" and coding("190").quad_class == 4
    assert coding("1121").mode == "allege"  # PLOVER mode from the official mapping
    assert coding("010") is None  # plain statements are not PLOVER events
    assert coding("0231").type == "REQUEST"  # our documented extension for appeals
    assert len(plover_types()) == 16 and quad_class("THREATEN") == 3


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("text", "future", "value", "precision"),
    [
        ("Tuesday", False, "2019-05-14", "day"),  # the publication day itself
        ("on Monday", False, "2019-05-13", "day"),
        ("Wednesday", True, "2019-05-15", "day"),
        ("yesterday", False, "2019-05-13", "day"),
        ("this June", True, "2019-06", "month"),
        ("March 3", False, "2019-03-03", "day"),
        ("2020", False, "2020", "year"),
    ],
)
def test_relative_dates_resolve_against_publication(text, future, value, precision) -> None:  # noqa: ANN001
    when = resolve_date(text, PUB, future=future)
    assert when is not None and (when.date, when.precision) == (value, precision)


def test_undated_event_is_dated_by_its_report(nlp) -> None:  # noqa: ANN001
    # GDELT and ICEWS date every event: with no date in its clause, the publication day,
    # and the evidence says so
    ev = _one(_code(nlp, "Iran attacked Iraq."), "ASSAULT")
    assert (ev.date, ev.date_precision) == ("2019-05-14", "day")
    assert ev.date_evidence == "reported: published 2019-05-14"
    ev = _one(_code(nlp, "Iran attacked Iraq.", published=None), "ASSAULT")
    assert ev.date is None and ev.date_evidence is None  # no article date: none invented
    assert resolve_date("Tuesday", None) is None


# ------------------------------------------------------------------ actors and roles


def test_subject_object_and_passive(nlp) -> None:  # noqa: ANN001
    ev = _one(_code(nlp, "Iraq was attacked by Iran on Monday."), "ASSAULT")
    assert [a.country for a in ev.source] == ["IRN"]
    assert [a.country for a in ev.target] == ["IRQ"]
    assert ev.date == "2019-05-13" and ev.date_precision == "day"


def test_fallback_actor_resolution_demonyms_agents_metonyms(nlp) -> None:  # noqa: ANN001
    ev = _one(_code(nlp, "Senior Hungarian officials met police in Budapest."), "CONSULT")
    assert ev.source[0].actor_code == "HUNGOV"
    # a bare agent noun takes the one country its sentence names
    assert ev.target[0].actor_code == "HUNCOP"
    ev = _one(_code(nlp, "Police met officials in Budapest and Vienna."), "CONSULT")
    assert ev.source[0].actor_code == "COP"  # two countries: none is the police's
    ev = _one(_code(nlp, "The Kremlin criticized Washington."), "ACCUSE")
    assert ev.source[0].actor_code == "RUSGOV" and ev.target[0].actor_code == "USAGOV"


def test_article_entities_are_preferred(nlp) -> None:  # noqa: ANN001
    text = "Acme Corp accused Globex of fraud."
    ents = [
        Entity(
            id="e1",
            name="Acme Corp",
            type="ORG",
            country="FRA",
            actor_code="FRABUS",
            mentions=[Mention(text="Acme Corp", start=0, end=9)],
        ),
    ]
    ev = _one(_code(nlp, text, entities=ents), "ACCUSE")
    assert ev.source[0].entity == "e1" and ev.source[0].actor_code == "FRABUS"


def test_actor_kb_is_the_understanding_stages(nlp) -> None:  # noqa: ANN001
    # post-2014 office holders come from tidings.kb's dated supplement, not only Phoenix
    ev = _one(_code(nlp, "Pompeo criticized Iran."), "ACCUSE")
    assert ev.source[0].actor_code == "USAGOV" and ev.target[0].country == "IRN"
    # a capital acting is its government; a demonym-modified agent noun gets the head's sector
    ev = _one(_code(nlp, "Moscow criticized the Ukrainian leadership."), "ACCUSE")
    assert ev.source[0].actor_code == "RUSGOV" and ev.target[0].actor_code == "UKRGOV"


def test_plural_noun_is_not_a_person_named_earlier(shared: Path) -> None:

    # "Two pan-democratic veteran politicians Lee Cheuk-yan and ..." then, later,
    # "as veteran politicians stepped down": a group, not Lee
    art = read(shared / "corpus" / "articles" / "wn-0004.txt")
    art, doc = next(understand_many([art], with_docs=True))
    events = code_events(art, doc, judge=False)
    stepped = [e for e in events if e.evidence[0].trigger == "stepped"]
    assert stepped and all("Lee" not in a.name for e in stepped for a in e.source)


@pytest.mark.parametrize(
    "text",
    [
        "Obama is expected to make a statement from Hiroshima.",  # others' expectation
        "Some countries are unwilling to open up supplies intended for commercial use.",
        'Ed Royce said, "We should assume terrorists will seek out weak links."',  # no demand
    ],
)
def test_no_event_from_expectations_modifiers_or_own_stance(nlp, text) -> None:  # noqa: ANN001
    assert _code(nlp, text) == []


def test_raised_subject_of_passive_expectation(nlp) -> None:  # noqa: ANN001
    ev = _code(nlp, "Iran is expected to attack Iraq.")[0]
    assert [a.country for a in ev.source] == ["IRN"] and ev.modality == "future"


def test_attack_noun_in_an_adjunct_is_not_the_clause_subjects(nlp) -> None:  # noqa: ANN001
    text = "The U.S. is experiencing a sense of urgency following the attacks in Brussels."
    assert not [e for e in _code(nlp, text) if any(a.country == "USA" for a in e.source)]
    ev = _one(_code(nlp, "Russia launched attacks on Ukraine."), "ASSAULT")  # light verb: yes
    assert [a.country for a in ev.source] == ["RUS"]


def test_target_of_another_country_beats_the_sources_own(nlp) -> None:  # noqa: ANN001
    text = "President Biden reaffirmed the United States’ firm support for Ukraine’s sovereignty."
    ev = _one(_code(nlp, text), "SUPPORT")
    assert [a.country for a in ev.target] == ["UKR"]
    ev = _one(_code(nlp, "Russian police arrested Russian opposition leaders."), "COERCE")
    assert [a.actor_code for a in ev.target] == ["RUSOPP"]  # domestic events keep theirs
    ev = _one(_code(nlp, "Germany denounced Serbia's suppression of Kosovo."), "ACCUSE")
    # the possessor is the understanding stage's entity (also when it only modifies the head)
    assert ev.target[0].country == "SRB" and ev.target[0].entity and ev.target[0].name == "Serbia"


def test_conjoined_sources(nlp) -> None:  # noqa: ANN001
    ev = _one(_code(nlp, "Israel and Egypt condemned the attack on Jordan."), "ACCUSE")
    assert {a.country for a in ev.source} == {"ISR", "EGY"}


# ------------------------------------------------------------------ modality


@pytest.mark.parametrize(
    ("text", "type_", "modality"),
    [
        ("Iran did not attack Iraq.", "ASSAULT", "negated"),
        ("Iran failed to attack Iraq.", "ASSAULT", "negated"),
        ("Iran was unable to attack Iraq.", "ASSAULT", "negated"),
        ("If Iran attacks Iraq, prices will rise.", "ASSAULT", "hypothetical"),
        ("France will send aid to Mali.", None, "future"),
        ("Iran allegedly attacked Iraq.", "ASSAULT", "reported-claim"),
        ("Iran attacked Iraq.", "ASSAULT", "asserted"),
    ],
)
def test_modality(nlp, text, type_, modality) -> None:  # noqa: ANN001
    events = _code(nlp, text)
    assert events, text
    ev = _one(events, type_) if type_ else events[0]
    assert ev.modality == modality


def test_future_cooperation_becomes_agree(nlp) -> None:  # noqa: ANN001
    ev = _one(_code(nlp, "Japan will meet with China next week."), "AGREE")
    assert ev.cameo == "036" and ev.modality == "future"


def test_request_content_is_not_an_event(nlp) -> None:  # noqa: ANN001
    events = _code(nlp, "Germany urged Russia to withdraw its troops.")
    assert [e.type for e in events] == ["REQUEST"]
    assert events[0].target[0].country == "RUS"


# ------------------------------------------------------------------ provenance


def test_evidence_offsets_rule_confidence_and_quote(nlp) -> None:  # noqa: ANN001
    text = 'Lavrov said: "Russia rejects the proposal from Ukraine."'
    start = text.index("Russia")
    quotes = [Quote(id="q1", text=text[start:-2], start=start, end=len(text) - 2, direct=True)]
    ev = _one(_code(nlp, text, quotes=quotes), "REJECT")
    ev_text = text[ev.evidence[0].start : ev.evidence[0].end]
    assert ev_text == ev.evidence[0].trigger == "rejects"
    assert ev.evidence[0].sentence in text
    assert ev.quote == "q1" and ev.rule and 0 < ev.confidence <= 1


def test_user_patterns_file(nlp, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from tidings.events import lexicon as lexmod

    pat = tmp_path / "mine.tsv"
    pat.write_text("tickle\t111\t*\tmy test rule\n", encoding="utf-8")
    assert not _code(nlp, "Russia tickled Ukraine.")
    monkeypatch.setenv("TIDINGS_EVENT_PATTERNS", str(pat))
    settings.reset()  # the environment is read once per process; make it read again
    lexmod.lexicon.cache_clear()
    try:
        ev = _one(_code(nlp, "Russia tickled Ukraine."), "ACCUSE")
        assert str(pat) in ev.rule
    finally:
        monkeypatch.delenv("TIDINGS_EVENT_PATTERNS")
        settings.reset()
        lexmod.lexicon.cache_clear()


def test_empty_article_has_no_events(nlp) -> None:  # noqa: ANN001
    assert _code(nlp, "") == []


# ------------------------------------------------------------------ identity and merge


def _event(article: str, date: str | None, where: str | None = None) -> Event:
    from tidings.schema import Location

    return Event(
        id="",
        type="CONSULT",
        source=[EventActor(name="Mike Pompeo", country="USA", actor_code="USAGOV")],
        target=[EventActor(name="Sergei Lavrov", country="RUS", actor_code="RUSGOV")],
        date=date,
        location=Location(name=where) if where else None,
        evidence=[
            Evidence(
                article=article,
                sentence="s",
                sentence_start=0,
                sentence_end=1,
                trigger="met",
                start=0,
                end=3,
            )
        ],
    )


def test_cross_article_identity_and_merge() -> None:
    a, b = _event("A", "2019-05-14", "Sochi"), _event("B", "2019-05-14", "Sochi")
    assert event_id(a) == event_id(b)
    flipped = _event("C", "2019-05-14", "Sochi")
    flipped.source, flipped.target = flipped.target, flipped.source  # CONSULT is symmetric
    assert event_id(flipped) == event_id(a)
    assert event_id(_event("D", "2019-05-15", "Sochi")) != event_id(a)
    merged = merge([a, b, _event("D", "2019-05-15", "Sochi")])
    assert len(merged) == 2 and merged[0].mentions == 2 and len(merged[0].evidence) == 2
    # unknown date/place are compatible and get filled in
    merged = merge([_event("A", None, "Sochi"), _event("A2", "2019-05-14", None)])
    assert len(merged) == 1 and merged[0].date == "2019-05-14"
    assert merged[0].location.name == "Sochi"


# ------------------------------------------------------------------ the reference article


@pytest.fixture(scope="module")
def reference_events(reference_article: Path) -> tuple[Article, list[Event]]:
    """The whole pipeline on the scraped page: real reader, understanding stage and coder."""
    import tidings

    art = tidings.analyze(reference_article)
    return art, art.events


def _between(events, type_, src, tgt=None):  # noqa: ANN001, ANN202
    def countries(actors):  # noqa: ANN001, ANN202
        return {a.country for a in actors}

    return [
        e
        for e in events
        if e.type == type_
        and src in countries(e.source)
        and (tgt is None or tgt in countries(e.target))
    ]


def test_reference_meeting_is_one_event_dated_and_placed(reference_events) -> None:  # noqa: ANN001
    art, events = reference_events
    consult = [e for e in events if e.type == "CONSULT"]
    assert len(consult) == 1
    ev = consult[0]
    names = {a.name for a in ev.source + ev.target}
    assert {"Mike Pompeo", "Sergei Lavrov"} <= names
    assert ev.source[0].name == "Mike Pompeo" and ev.source[0].country == "USA"
    assert ev.target[0].country == "RUS"
    assert ev.date == "2019-05-14" and ev.date_precision == "day"
    assert ev.location.name == "Sochi" and ev.location.country == "RUS"
    assert ev.location.lat == pytest.approx(43.6, abs=0.1)
    assert len(ev.evidence) >= 2
    for evid in ev.evidence:
        assert art.text[evid.start : evid.end] == evid.trigger
        assert art.text[evid.sentence_start : evid.sentence_end] == evid.sentence
    # actors link to the understanding stage's canonical entities
    for actor in ev.source + ev.target:
        assert actor.entity and art.entity(actor.entity).name == actor.name
    assert art.entity(ev.location.entity).name == "Sochi"


def test_reference_intents_to_meet(reference_events) -> None:  # noqa: ANN001
    _, events = reference_events
    kremlin = [e for e in _between(events, "AGREE", "RUS", "USA") if e.cameo == "036"]
    assert kremlin, "Russia's intent to meet the US"
    trump = [e for e in _between(events, "AGREE", "USA", "RUS") if e.cameo == "036"]
    assert len(trump) == 1
    ev = trump[0]
    assert ev.source[0].name == "Donald Trump" and ev.target[0].name == "Vladimir Putin"
    assert ev.modality == "future"
    assert (ev.date, ev.date_precision) == ("2019-06", "month")
    assert ev.location.name == "Osaka" and ev.location.country == "JPN"


def test_reference_warning_request_denial(reference_events) -> None:  # noqa: ANN001
    _, events = reference_events
    threat = _between(events, "THREATEN", "USA", "RUS")
    assert threat and threat[0].source[0].name == "Mike Pompeo"
    assert threat[0].modality == "asserted"
    request = _between(events, "REQUEST", "USA", "RUS")
    assert request and request[0].source[0].name == "Mike Pompeo"
    reject = _between(events, "REJECT", "RUS")
    assert reject and reject[0].source[0].name == "Sergei Lavrov"
    # "if Russia interferes ..." is no asserted event of Russia's
    assert not [
        e
        for e in events
        if any(a.country == "RUS" for a in e.source)
        and "interfer" in e.evidence[0].trigger
        and e.modality == "asserted"
    ]


def test_reference_us_commitment_to_better_relations(reference_events) -> None:  # noqa: ANN001
    _, events = reference_events
    found = [
        e
        for e in events
        if e.type in {"AGREE", "SUPPORT"}
        and e.source[0].name == "Donald Trump"
        and any(ev.trigger == "improving" for ev in e.evidence)
    ]
    assert found and any(a.country == "RUS" for e in found for a in e.target)


def test_reference_never_uses_bureau_or_silent_publication_date(reference_events) -> None:  # noqa: ANN001
    _, events = reference_events
    for e in events:
        assert not (e.location and e.location.name == "London")
        if e.date:
            assert e.date_evidence  # every date says where it came from
        assert e.id and e.rule and e.evidence


def test_a_failing_trigger_is_reported_and_the_rest_go_on(nlp, monkeypatch) -> None:  # noqa: ANN001
    from tidings.events import coder

    real = coder.modality_of

    def flaky(trig, *args, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202
        if trig.tok.lemma_ == "attack":
            raise ValueError("unexpected parse")
        return real(trig, *args, **kw)

    monkeypatch.setattr(coder, "modality_of", flaky)
    text = "Iran attacked Iraq. Egypt condemned Israel."
    art = Article(id="t", source="file.txt", format="text", text=text, published=PUB)
    events = code_events(art, nlp(text), judge=False)
    assert [e.type for e in events] == ["ACCUSE"]
    assert len(art.warnings) == 1 and art.warnings[0].startswith("file.txt: ")
    assert "attacked" in art.warnings[0] and "unexpected parse" in art.warnings[0]


def test_reference_events_link_to_quotes_and_speakers(reference_events) -> None:  # noqa: ANN001
    art, events = reference_events
    quoted = [e for e in events if e.quote]
    assert quoted
    for ev in quoted:
        q = next(q for q in art.quotes if q.id == ev.quote)
        first = ev.evidence[0]
        assert q.start <= first.start < q.end  # the trigger lies inside the quotation
    # "the Kremlin would 'react positively' and be welcoming ...": Lavrov's (reported) words
    kremlin = [e for e in _between(events, "AGREE", "RUS", "USA") if e.cameo == "036"]
    q = next(q for q in art.quotes if q.id == kremlin[0].quote)
    assert q.speaker_name == "Sergei Lavrov"
    # events the narrator states are no quotation's content
    threat = _between(events, "THREATEN", "USA", "RUS")
    assert threat[0].quote is None


def test_title_only_source_is_the_most_recent_holder(shared: Path) -> None:
    # "... President Xi ... President Biden underscored ... The President reaffirmed the United
    # States’ ironclad commitment ...": two presidents; "The President" is the latest one named
    art, doc = next(understand_many([read(shared / "corpus" / "articles" / "wh-0014.txt")],
                                    with_docs=True))  # fmt: skip
    found = [
        e
        for e in code_events(art, doc, judge=False)
        if any(ev.trigger == "reaffirmed" for ev in e.evidence)
    ]
    assert found and all(a.country == "USA" for e in found for a in e.source)


def test_pronoun_actors_follow_the_understanding_stages_coreference(shared: Path) -> None:

    # "U.N. Secretary-General Ban Ki-moon ... endorsed the communique ... He called on the
    # entire world ...": "He" is Ban (whom the speaker resolution found), not Obama
    art = read(shared / "corpus" / "articles" / "voa-0002.txt")
    art, doc = next(understand_many([art], with_docs=True))
    events = code_events(art, doc, judge=False)
    found = [e for e in events if e.evidence[0].sentence.startswith("He called on the")]
    assert found and found[0].source[0].name == "Ban Ki-moon"
    assert art.entity(found[0].source[0].entity).name == "Ban Ki-moon"


# ------------------------------------------------------------------ actors are the understanding's

GSR_DATE = "2000-01-01"  # the date the PLOVER gold set gives its (dev) sentences


def test_person_actors_are_the_understanding_stages_entities(nlp) -> None:  # noqa: ANN001
    text = (
        "Iran's religious leader Ayatollah Ruhollah Khomeini today rejected Iraqi President "
        "Saddam Hussein's proposal for a cease-fire during the Moslem holy month of Ramadan."
    )
    art = Article(id="t", source="gsr", format="text", text=text, published=GSR_DATE)
    art, doc = next(understand_many([art], with_docs=True))
    ev = _one(code_events(art, doc), "REJECT")
    (src,) = ev.source
    khomeini = art.entity(src.entity)
    assert khomeini.name == src.name == "Ruhollah Khomeini"
    assert (src.country, src.actor_code) == (khomeini.country, khomeini.actor_code)
    assert src.actor_code == "IRNREL"
    # the coder resolves no person itself: without the entities, the name is nobody
    from tidings.events.actors import ActorResolver

    bare = Article(id="t", source="gsr", format="text", text=text, published=GSR_DATE)
    doc = nlp(text)
    name = next(t for t in doc if t.text == "Khomeini")
    assert ActorResolver(bare, doc).resolve_one(name) is None
    assert ActorResolver(art, doc).resolve_one(name).entity == khomeini.id


def test_a_possessive_pronoun_is_not_the_phrase_it_modifies(nlp) -> None:  # noqa: ANN001
    text = (
        "Rwandan rebels announced that President Kagame and his Rwandan Patriotic Front must "
        "agree to major constitutional changes before they demobilize."
    )
    ev = _one(_code(nlp, text, published=GSR_DATE), "REQUEST")
    front = [a for a in ev.target if "Patriotic Front" in a.name]
    assert front and front[0].country == "RWA"  # the Front, not Kagame ("his")


def test_we_and_i_in_a_quotation_are_its_attributed_speaker(shared: Path) -> None:
    import tidings

    # '"... crisis of confidence ...," Annan said. "Only Kenya's politicians can solve that
    # crisis. I urge them to listen ..."': the second quote's "I" is Annan, whose "said" is
    # in another sentence (the attribution links it, no parse path does)
    art = tidings.analyze(shared / "corpus" / "articles" / "wn-0008.txt")
    urge = [e for e in art.events if e.evidence[0].trigger == "urge"]
    assert urge and [a.name for a in urge[0].source] == ["Kofi Annan"]
    assert urge[0].source[0].entity == next(q.speaker for q in art.quotes if q.id == urge[0].quote)
