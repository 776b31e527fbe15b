"""Real articles for the store tests, analyzed once per session, plus event/quote builders.

The event coder is built in parallel and codes nothing yet, so the store tests attach events
and quotes they build from real sentences of these articles: every event points at a sentence
that is really in the text (offsets checked), and its actors are the article's own entities
when the pipeline found them. The tests then check the *store*: merging, filters, SQL.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tidings.schema import Article, Event, EventActor, Evidence, Location, Quote

# (file under shared/, published date) of the articles used; dates are set here because the
# reader's date extraction is being rebuilt in parallel and the store tests must not wait for it.
ARTICLES = {
    "ref": ("reference/7dnews-pompeo-lavrov-2019-05-14.txt", "2019-05-14T20:07:00+00:00"),
    "wh1": ("corpus/articles/wh-0001.txt", "2021-01-26"),
    "wn1": ("corpus/articles/wn-0001.txt", "2015-08-21"),
    "voa1": ("corpus/articles/voa-0001.txt", None),
    "wh3": ("corpus/articles/wh-0003.txt", None),
}


@dataclass(frozen=True)
class Spec:
    """An event to attach: the sentence (a substring of the article) and what it codes."""

    article: str
    sentence: str
    trigger: str
    type: str
    cameo: str
    quad: int
    goldstein: float
    source: tuple[str, str, str]  # name in the text, country, actor code
    target: tuple[str, str, str]
    date: str
    place: tuple[str, str] | None = None  # name in the text, country
    modality: str = "asserted"


EVENTS = [
    Spec("ref", "Pompeo warned Russia from interfering in the next election", "warned",
         "THREATEN", "130", 3, -4.4, ("Pompeo", "USA", "USAGOV"), ("Russia", "RUS", "RUS"),
         "2019-05-14", ("Sochi", "RUS")),
    Spec("ref", "Lavrov dismissed these collusion claims", "dismissed", "REJECT", "120", 3,
         -4.0, ("Lavrov", "RUS", "RUSGOV"), ("Trump", "USA", "USAGOV"), "2019-05-14"),
    Spec("ref", "he started a meeting with Lavrov in the Black Sea resort of Sochi", "meeting",
         "CONSULT", "040", 1, 1.0, ("Pompeo", "USA", "USAGOV"), ("Lavrov", "RUS", "RUSGOV"),
         "2019-05-14", ("Sochi", "RUS")),
    Spec("ref", "the Kremlin would ‘react positively’", "react positively", "AGREE", "030", 1,
         4.0, ("Lavrov", "RUS", "RUSGOV"), ("Washington", "USA", "USAGOV"), "2019-05-14",
         None, "hypothetical"),
    Spec("wh1", "President Joseph R. Biden, Jr. spoke today with President Vladimir Putin of "
         "Russia", "spoke", "CONSULT", "040", 1, 1.0, ("Biden", "USA", "USAGOV"),
         ("Putin", "RUS", "RUSGOV"), "2021-01-26"),
    Spec("wh1", "agreeing to have their teams work urgently to complete the extension",
         "agreeing", "AGREE", "030", 1, 4.0, ("Biden", "USA", "USAGOV"),
         ("Putin", "RUS", "RUSGOV"), "2021-01-26"),
    Spec("wh1", "He also raised other matters of concern, including the SolarWinds hack",
         "raised", "ACCUSE", "112", 3, -2.0, ("Biden", "USA", "USAGOV"),
         ("Russia", "RUS", "RUS"), "2021-01-26"),
    Spec("wn1", "North and South Korea exchanged artillery fire yesterday", "exchanged artillery",
         "ASSAULT", "194", 4, -10.0, ("North", "PRK", "PRKMIL"), ("South Korea", "KOR", "KORMIL"),
         "2015-08-20", ("Korea", "KOR")),
]  # fmt: skip

QUOTES = [
    # (article, quoted words, speaker name in the text)
    ("ref", "If such a proposal is submitted officially, we will certainly react positively to it",
     "Lavrov"),
    ("ref", "It's clear that such insinuations are absolute fiction", "Lavrov"),
    ("ref", "I am here today because President Trump is committed to improving this relationship",
     "Pompeo"),
]  # fmt: skip


def _entity_for(article: Article, name: str) -> tuple[str | None, str]:
    """The article entity whose name contains ``name`` (most mentions first)."""
    hits = [e for e in article.entities if name.lower() in e.name.lower()]
    hits.sort(key=lambda e: -len(e.mentions))
    return (hits[0].id, hits[0].name) if hits else (None, name)


def event_id(spec: Spec) -> str:
    """Identity as an event coder would make it: type, dyad and day (not the article)."""
    key = f"{spec.type}|{spec.source[2]}|{spec.target[2]}|{spec.date}"
    return hashlib.sha1(key.encode()).hexdigest()[:32]


def build_event(article: Article, spec: Spec) -> Event:
    """An Event on a real sentence of ``article`` (fails if the sentence is not there)."""
    text = article.text
    start = text.index(spec.sentence)
    end = start + len(spec.sentence)
    t0 = text.index(spec.trigger, start)
    actors = []
    for name, country, code in (spec.source, spec.target):
        ent, canonical = _entity_for(article, name)
        a0 = text.find(name, start, end)
        actors.append(
            EventActor(
                entity=ent,
                name=canonical,
                country=country,
                actor_code=code,
                start=a0 if a0 >= 0 else None,
                end=a0 + len(name) if a0 >= 0 else None,
            )
        )
    location = None
    if spec.place:
        ent, canonical = _entity_for(article, spec.place[0])
        place = article.entity(ent) if ent else None  # the gazetteer's point, as the coder gives
        location = Location(name=canonical, country=spec.place[1], entity=ent,
                            lat=place.lat if place else None, lon=place.lon if place else None)  # fmt: skip
    return Event(
        id=event_id(spec),
        type=spec.type,
        cameo=spec.cameo,
        quad_class=spec.quad,
        goldstein=spec.goldstein,
        source=[actors[0]],
        target=[actors[1]],
        date=spec.date,
        date_precision="day",
        location=location,
        modality=spec.modality,  # type: ignore[arg-type]
        evidence=[
            Evidence(
                sentence=spec.sentence,
                sentence_start=start,
                sentence_end=end,
                trigger=spec.trigger,
                start=t0,
                end=t0 + len(spec.trigger),
            )
        ],
        rule="test:" + spec.type.lower(),
        confidence=0.9,
    )


def build_quotes(article: Article, key: str) -> list[Quote]:
    out = []
    for i, (_art, words, speaker) in enumerate((q for q in QUOTES if q[0] == key), 1):
        start = article.text.index(words)
        ent, canonical = _entity_for(article, speaker)
        out.append(
            Quote(
                id=f"q{i}",
                text=words,
                start=start,
                end=start + len(words),
                direct=True,
                speaker=ent,
                speaker_name=canonical,
                cue="said",
                confidence=0.9,
            )
        )
    return out


@pytest.fixture(scope="session")
def analyzed(shared: Path) -> dict[str, Article]:
    """The articles above, read and analyzed by the real pipeline once per session."""
    from tidings.pipeline import process
    from tidings.read import read

    raw = {}
    for key, (rel, published) in ARTICLES.items():
        art = read(shared / rel)
        if published and not art.published:
            art.published = published
        raw[key] = art
    done = list(process(list(raw.values()), events=False))
    return dict(zip(raw, done, strict=True))


def with_events(analyzed: dict[str, Article]) -> dict[str, Article]:
    """Fresh copies of the analyzed articles with the test events and quotes attached."""
    out = {}
    for key, art in analyzed.items():
        art = art.model_copy(deep=True)
        art.events = [build_event(art, s) for s in EVENTS if s.article == key]
        art.quotes = build_quotes(art, key)
        out[key] = art
    return out


@pytest.fixture
def arts(analyzed: dict[str, Article]) -> dict[str, Article]:
    """Fresh copies with the test events and quotes attached."""
    return with_events(analyzed)


VOLATILE = {"ingested_at", "seq"}  # differ between runs by design


def dump_db(engine) -> dict[str, list[tuple]]:  # noqa: ANN001 - sqlalchemy Engine
    """Every table's rows (minus run-dependent columns), sorted: for comparing databases."""
    import json

    from sqlalchemy import select

    from tidings.store.tables import ALL_TABLES

    out = {}
    with engine.connect() as conn:
        for table in ALL_TABLES:
            cols = [c for c in table.c if c.name not in VOLATILE]
            rows = conn.execute(select(*cols)).all()
            out[table.name] = sorted(
                tuple(json.dumps(v, sort_keys=True) if isinstance(v, dict | list) else v
                      for v in r)
                for r in rows
            )  # fmt: skip
    return out
