"""The database schema: one definition for every back end (SQLAlchemy 2 Core).

Tables a user can query with plain SQL:

- ``articles``: one row per article (id = hash of the normalised body).
- ``entities``: canonical actors across articles ("Sergei Lavrov" in 500 articles is one row);
  every column is a function of the entity's ``article_entities`` rows
  (:mod:`tidings.store.canonical`), so it does not depend on the order of ingest.
- ``article_entities``: an entity as it appears in one article (role, country seen there);
  ``own_id`` is the id the article alone gives it, ``entity_id`` the canonical one after
  cross-article identity (``actor_aliases``).
- ``actor_aliases``: entities merged into another one across articles ("Biden" into "Joseph
  R. Biden"), with the evidence and the reason.
- ``mentions``: every surface form with character offsets into ``articles.text``.
- ``quotes``: quotations with their speaker.
- ``events``: one row per event identity (merged across articles), ``mentions`` = how many reports.
- ``event_actors``: every source/target actor of every event (the ``events`` row flattens only
  the first of each, for simple SQL; filters use this table so "Russia and China" both count).
- ``event_sources``: which articles reported an event, with the evidence from each.

Summary tables (``actor_counts``, ``pair_counts``, ``node_members``, ``actor_names``, ``row_counts``,
``article_types``: kept in
step by triggers; ``entity_counts``: kept by the writer) are described in
:mod:`tidings.store.summary`.

JSON columns hold lists and nested evidence; scalar columns are what queries filter on.
``seq`` columns are integer keys for the SQLite FTS5 external-content index (see
:mod:`tidings.store.fts`); they are assigned by the writer.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("seq", Integer, nullable=False),  # integer key for full-text indexes
    Column("source", Text, nullable=False),
    Column("format", String(16)),
    Column("url", Text),
    Column("title", Text),
    Column("publisher", Text),
    Column("byline", Text),
    Column("dateline", Text),
    Column("published", String(40)),  # ISO 8601 as given
    Column("published_date", String(10)),  # YYYY-MM-DD for filtering/partitioning
    Column("language", String(8)),
    Column("text", Text, nullable=False),
    Column("tags", JSON),
    Column("subheadings", JSON),
    Column("paragraphs", JSON),
    Column("published_evidence", JSON),
    Column("warnings", JSON),
    Column("duplicate_of", String(64)),
    Column("meta", JSON),
    Column("ingested_at", String(40)),
    Index("ix_articles_seq", "seq", unique=True),
    Index("ix_articles_source", "source"),
    Index("ix_articles_published_date", "published_date"),
    Index("ix_articles_publisher", "publisher"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(64), primary_key=True),  # kb id, or hash of (type, name, country)
    Column("name", Text, nullable=False),
    Column("type", String(16)),
    Column("country", String(3)),
    Column("actor_code", String(32)),
    Column("role", Text),  # role of the latest appearance (tidings.store.canonical)
    Column("lat", Float),
    Column("lon", Float),
    Column("surname", Text),  # people: last word of the name, lower case (alias candidates)
    Index("ix_entities_name", "name"),
    Index("ix_entities_country", "country"),
    Index("ix_entities_surname", "surname"),
)

article_entities = Table(
    "article_entities",
    metadata,
    Column(
        "article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("local_id", String(16), primary_key=True),  # Entity.id within the article
    Column("entity_id", String(64), ForeignKey("entities.id"), nullable=False),
    Column("own_id", String(64)),  # the id this article alone gives it (before aliases)
    Column("name", Text),
    Column("type", String(16)),
    Column("role", Text),
    Column("country", String(3)),
    Column("actor_code", String(32)),
    Column("lat", Float),
    Column("lon", Float),
    Column("published_date", String(10)),
    Index(
        "ix_article_entities_cover", "entity_id", "published_date", "role", "country", "article_id"
    ),
    Index("ix_article_entities_own", "own_id"),
)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    # an entity id (as rows.canonical_entity_id gives it) merged into another entity
    Column("alias_id", String(64), primary_key=True),
    Column("entity_id", String(64), nullable=False),  # the entity it is merged into
    Column("name", Text, nullable=False),  # the alias's own name, type and evidence
    Column("type", String(16)),
    Column("country", String(3)),
    Column("actor_code", String(32)),
    Column("role", Text),
    Column("reason", Text, nullable=False),  # why: the name and the evidence that agree
    Index("ix_actor_aliases_entity", "entity_id"),
)

mentions = Table(
    "mentions",
    metadata,
    Column(
        "article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, primary_key=True),
    Column("local_id", String(16), nullable=False),
    Column("entity_id", String(64)),
    Column("text", Text),
    Column("kind", String(16)),
    Index("ix_mentions_entity", "entity_id"),
)

quotes = Table(
    "quotes",
    metadata,
    Column(
        "article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("id", String(16), primary_key=True),
    Column("seq", Integer, nullable=False),  # integer key for full-text indexes
    Column("text", Text, nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("direct", Boolean),
    Column("speaker_local_id", String(16)),
    Column("speaker_entity_id", String(64)),
    Column("speaker_name", Text),
    Column("cue", Text),
    Column("confidence", Float),
    Column("published_date", String(10)),
    Index("ix_quotes_seq", "seq", unique=True),
    Index("ix_quotes_speaker", "speaker_entity_id"),
    Index("ix_quotes_speaker_name", "speaker_name"),
)

events = Table(
    "events",
    metadata,
    Column("id", String(64), primary_key=True),  # event identity (tidings.events identity rule)
    Column("type", String(16), nullable=False),
    Column("mode", String(32)),
    Column("cameo", String(8)),
    Column("cameo_root", String(2)),
    Column("quad_class", Integer),
    Column("goldstein", Float),
    Column("source_entity_id", String(64)),
    Column("source_name", Text),
    Column("source_country", String(3)),
    Column("source_code", String(32)),
    Column("target_entity_id", String(64)),
    Column("target_name", Text),
    Column("target_country", String(3)),
    Column("target_code", String(32)),
    # the first source and target as nodes of the code level (tidings.store.canonical.node_of:
    # the code key, RUSGOV, else the entity id), kept by the writer
    Column("source_node", String(64)),
    Column("target_node", String(64)),
    Column("date", String(10)),
    Column("date_precision", String(8)),
    # earliest publication day of the articles reporting it (kept by the writer): where charts
    # and day filters place an event whose text gives no date, as GDELT does
    Column("reported_date", String(10)),
    Column("location_name", Text),
    Column("location_country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("modality", String(16)),
    Column("rule", Text),
    Column("confidence", Float),
    Column("mentions", Integer, nullable=False, default=1),
    Column("data", JSON),  # the full Event record (all actors, context, evidence)
    Index("ix_events_date", "date"),
    Index("ix_events_source_country", "source_country", "date"),
    Index("ix_events_target_country", "target_country", "date"),
    Index("ix_events_type", "type", "date"),
    Index("ix_events_cameo", "cameo"),
    Index("ix_events_type_id", "type", "id"),
    # covering indexes for per-actor, per-dyad and network aggregates (the web pages): they are
    # read instead of the wide rows, which carry the full Event JSON
    Index(
        "ix_events_source_cover",
        "source_entity_id",
        "target_entity_id",
        "quad_class",
        "goldstein",
        "date",
        "reported_date",
        "type",
    ),
    Index(
        "ix_events_target_cover",
        "target_entity_id",
        "source_entity_id",
        "quad_class",
        "goldstein",
        "date",
        "reported_date",
        "type",
    ),
    # the same at the code level (nodes: code keys, else entity ids): network, rankings, dyads
    Index(
        "ix_events_nodes_cover",
        "source_node",
        "target_node",
        "quad_class",
        "goldstein",
        "date",
        "reported_date",
        "type",
    ),
    Index(
        "ix_events_target_node_cover",
        "target_node",
        "source_node",
        "quad_class",
        "goldstein",
        "date",
        "reported_date",
        "type",
    ),
    Index(
        "ix_events_countries_cover",
        "source_country",
        "target_country",
        "date",
        "reported_date",
        "quad_class",
        "goldstein",
    ),
)

event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(6), primary_key=True),  # source | target
    Column("position", Integer, primary_key=True),
    Column("entity_id", String(64)),  # canonical entity id when the actor was resolved
    Column("own_id", String(64)),  # the id its article gave it (before cross-article aliases)
    Column("name", Text),
    Column("country", String(3)),
    Column("actor_code", String(32)),
    # covering indexes: a filter on an actor yields event ids without touching the table
    Index("ix_event_actors_country_role", "country", "role", "event_id"),
    Index("ix_event_actors_code_role", "actor_code", "role", "event_id"),
    Index("ix_event_actors_entity_role", "entity_id", "role", "event_id"),
    Index("ix_event_actors_own", "own_id"),
    Index("ix_event_actors_name_role", "name", "role", "event_id"),
)

event_sources = Table(
    "event_sources",
    metadata,
    Column("event_id", String(64), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("quote_id", String(16)),
    Column("evidence", JSON),  # list of Evidence dicts from this article
    Index("ix_event_sources_article", "article_id"),
)

# summary tables: functions of ``events``, kept by triggers (tidings.store.summary)
actor_counts = Table(
    "actor_counts",
    metadata,
    Column("level", String(8), primary_key=True),  # code | entity
    Column("role", String(6), primary_key=True),  # source | target
    Column("node", String(64), primary_key=True),
    Column("n", Integer, nullable=False),
)

pair_counts = Table(
    "pair_counts",
    metadata,
    Column("level", String(8), primary_key=True),  # code | entity | country
    Column("source", String(64), primary_key=True),
    Column("target", String(64), primary_key=True),
    Column("quad", Integer, primary_key=True),  # quad class, 0 when none
    Column("n", Integer, nullable=False),
    Column("goldstein", Float, nullable=False),
    Index("ix_pair_counts_level_n", "level", "n"),
)

# per code-level node, the entities that were its first source or target (events as source
# plus events as target); (node, n, entity_id) serves a node's busiest members as a walk
node_members = Table(
    "node_members",
    metadata,
    Column("node", String(64), primary_key=True),  # a code-level node
    Column("entity_id", String(64), primary_key=True),
    Column("n", Integer, nullable=False),
    Index("ix_node_members_node_n", "node", "n", "entity_id"),
)

ALL_TABLES = [
    articles,
    entities,
    article_entities,
    actor_aliases,
    mentions,
    quotes,
    events,
    event_actors,
    event_sources,
]
# the names event actors are reported by (event_actors.name), with how many actor rows
actor_names = Table(
    "actor_names",
    metadata,
    Column("name", Text, primary_key=True),
    Column("n", Integer, nullable=False),
)

# rows per table (tidings stats, the overview)
row_counts = Table(
    "row_counts",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("n", Integer, nullable=False),
)

# per canonical entity: the distinct articles naming it and its first and last day, kept by
# the writer whenever it rebuilds the entity's row from its appearances (refresh_entities)
entity_counts = Table(
    "entity_counts",
    metadata,
    Column("entity_id", String(64), primary_key=True),
    Column("articles", Integer, nullable=False),
    Column("first_seen", String(10)),
    Column("last_seen", String(10)),
    Index("ix_entity_counts_articles", "articles"),
)

# per article and PLOVER event type: the events of that type it reports (the article filter
# ``type``), kept by triggers on event_sources and events
article_types = Table(
    "article_types",
    metadata,
    Column("article_id", String(64), primary_key=True),
    Column("type", String(16), primary_key=True),
    Column("n", Integer, nullable=False),
    Index("ix_article_types_type", "type", "article_id"),
)

#: summaries of other tables: nobody writes them directly (tidings.store.summary)
SUMMARY_TABLES = [actor_counts, pair_counts, node_members, actor_names, row_counts, entity_counts,
                  article_types]  # fmt: skip
