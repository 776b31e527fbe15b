"""The record types every stage passes along: read -> understand -> code -> store -> serve.

One module, so that the reader, the NLP stages, the event coder, the database and the
API agree on one shape. Character offsets (``start``/``end``) always index into
``Article.text``. Models are pydantic so they serialise to JSON and plug into FastAPI.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """Base: ignore nothing silently, allow extension by later stages via ``extra``."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class DateCandidate(Record):
    """A date string the reader saw and what it decided about it."""

    text: str
    value: str | None = None  # ISO 8601 if parsed
    source: str = ""  # e.g. "line 5", "meta[property=article:published_time]"
    kind: str = ""  # what sort of evidence: "url path", "wire dateline", "json-ld datePublished"
    reason: str = ""  # why it was chosen or rejected


class DateEvidence(Record):
    """Why ``Article.published`` has the value it has."""

    text: str  # the line / attribute text the date came from
    source: str  # where: "line 9", "json-ld datePublished", "htmldate", "jsonl field date"
    method: str = ""  # rule or library that produced it
    kind: str = ""  # what sort of evidence won (see tidings.read.pubdate)
    rejected: list[DateCandidate] = Field(default_factory=list)


class Mention(Record):
    """One surface form of an entity in the text."""

    text: str
    start: int
    end: int
    kind: str = "name"  # name | surname | title | pronoun | nominal | metonym | demonym
    sentence: int | None = None  # sentence index in the article


class Entity(Record):
    """One real-world entity, resolved across the whole article (not one per mention)."""

    id: str  # stable within the article: "e1", "e2", ...
    name: str  # canonical: the fullest form seen ("Sergei Lavrov")
    type: str  # PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ...
    role: str | None = None  # "Foreign Minister"
    country: str | None = None  # ISO 3166 alpha-3
    actor_code: str | None = None  # CAMEO-style: RUSGOV, USAGOV, IGOUNO ...
    kb_id: str | None = None  # id in the actor knowledge base, when matched
    lat: float | None = None  # for places, when a gazetteer knows them
    lon: float | None = None
    mentions: list[Mention] = Field(default_factory=list)
    attrs: dict[str, Any] = Field(default_factory=dict)


class Quote(Record):
    """A direct or reported quotation attributed to a speaker."""

    id: str  # "q1", ...
    text: str  # the quoted words, without quote marks
    start: int
    end: int
    direct: bool
    speaker: str | None = None  # Entity.id
    speaker_name: str | None = None
    cue: str | None = None  # said, warned, according to ...
    cue_start: int | None = None
    cue_end: int | None = None
    confidence: float = 0.0


class EventActor(Record):
    """A source or target of an event."""

    entity: str | None = None  # Entity.id
    name: str
    country: str | None = None
    actor_code: str | None = None
    start: int | None = None
    end: int | None = None


class Location(Record):
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    entity: str | None = None
    start: int | None = None
    end: int | None = None


class Evidence(Record):
    """Where in the article an event was found."""

    article: str | None = None  # Article.id (set when events are merged across articles)
    sentence: str
    sentence_start: int
    sentence_end: int
    trigger: str
    start: int  # trigger offsets
    end: int


Modality = Literal["asserted", "negated", "hypothetical", "future", "reported-claim"]


class Event(Record):
    """A coded political event with provenance for every field."""

    id: str  # identity hash (see tidings.events.identity)
    type: str  # PLOVER event type
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    cameo: str | None = None
    quad_class: int | None = (
        None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    )
    goldstein: float | None = None
    source: list[EventActor] = Field(default_factory=list)
    target: list[EventActor] = Field(default_factory=list)
    date: str | None = None
    date_precision: Literal["day", "month", "year"] | None = None
    date_evidence: str | None = None
    location: Location | None = None
    modality: Modality = "asserted"
    evidence: list[Evidence] = Field(default_factory=list)
    quote: str | None = None  # Quote.id
    rule: str = ""
    confidence: float = 0.0
    mentions: int = 1


class Article(Record):
    """A clean article and, after later stages, what was understood and coded in it."""

    id: str  # sha1 of the normalised body (stable across reads)
    source: str  # path or URL it was read from ("path#line" inside dumps)
    format: str  # text | markdown | html | jsonl | warc
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published: str | None = None  # ISO 8601
    published_evidence: DateEvidence | None = None
    tags: list[str] = Field(default_factory=list)
    subheadings: list[str] = Field(default_factory=list)
    paragraphs: list[str] = Field(default_factory=list)
    text: str = ""  # paragraphs joined by "\n\n"; offsets index into this
    language: str | None = None
    warnings: list[str] = Field(default_factory=list)
    duplicate_of: str | None = None
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    meta: dict[str, Any] = Field(default_factory=dict)

    def entity(self, entity_id: str) -> Entity | None:
        """Look up an entity by id."""
        for ent in self.entities:
            if ent.id == entity_id:
                return ent
        return None


class ReadError(Record):
    """A file or record that could not be read: reported, never fatal for the batch."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


__all__ = [
    "Article",
    "DateCandidate",
    "DateEvidence",
    "Entity",
    "Event",
    "EventActor",
    "Evidence",
    "Location",
    "Mention",
    "Quote",
    "ReadError",
]
