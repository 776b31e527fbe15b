"""Summary tables: event counts per actor, per actor pair and per code node's members, article
counts per entity, the names actors are reported by; so whole-collection rankings and name
lookups read a few thousand rows, not a million.

Seven tables (declared in :mod:`tidings.store.tables`). Kept by triggers (SQLite triggers; a
PL/pgSQL trigger function on PostgreSQL) on every insert, delete and change of the counted
columns, whoever writes (the writer, cross-article identity repointing entity ids, the Spark
loader, plain SQL):

- ``actor_counts`` (level, role, node) -> n: events whose first ``role`` actor is ``node`` at
  ``level`` (``code``: ``events.source_node``/``target_node``; ``entity``: the entity ids);
  :func:`tidings.store.queries.top_actors` (the overview's top actors);
- ``pair_counts`` (level, source, target, quad) -> n, goldstein: events per first source,
  first target and quad class (0 when it has none), at the ``code``, ``entity`` or ``country``
  level, both sides known; the unfiltered network and the overview's top dyads;
- ``node_members`` (node, entity_id) -> n: per code node, the entities that were that
  node's first actor (events as source plus events as target), in events with both nodes
  known; the network's code nodes' members, a node's busiest read as a walk on
  ``ix_node_members_node_n`` (migration 0007; it replaced ``member_counts``, the same counts
  per role, whose ranking summed and sorted every member of every node shown);
- ``actor_names`` (name) -> n: the names event actors are reported by (``event_actors.name``),
  so a name key (``--actor Lavrov``) is matched against a few thousand names, then looked up
  on an index, instead of a ``LIKE`` over every event actor;
- ``row_counts`` (name) -> n: rows of ``articles``, ``entities``, ``quotes``, ``events`` and
  ``event_sources`` (``tidings stats``, the overview: a ``count(*)`` over a million wide rows
  is slow on PostgreSQL);
- ``article_types`` (article_id, type) -> n: the events of each PLOVER type an article
  reports (``event_sources`` joined to ``events``), so the article filter ``type`` (search,
  article lists) is one index seek per article, not a join over every event of the type.
  Kept by triggers on ``event_sources`` (insert, delete) and on ``events`` (before a delete:
  the reports a cascade will remove; an update of ``type``); added by migration 0006.

Kept by the writer: ``entity_counts`` (entity_id -> distinct articles naming it, first and
last publication day), a function of ``article_entities`` that the writer recomputes whenever
it rebuilds an entity's row from its appearances (``writer.refresh_entities``: every write,
delete and cross-article merge), since a distinct count is no trigger's arithmetic; actor
rankings (``find_actors``) and the one-actor resolver read it.

:func:`rebuild` and :func:`rebuild_entity_counts` recompute them from scratch (migration 0005,
bulk loads). The triggers are created by the migration and by ``metadata.create_all`` (DDL
events), as the full-text parts are (:mod:`tidings.store.fts`). ``tests/test_summary.py``
checks that every row equals the direct computation after ingesting, ingesting more,
deleting, re-ingesting real articles and a plain SQL update.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import DDL, Connection, event, text

from tidings.store.tables import metadata

#: the ``events`` columns a summary reads: an update of any of them moves counts
COUNTED = (
    "source_node",
    "target_node",
    "source_entity_id",
    "target_entity_id",
    "source_country",
    "target_country",
    "quad_class",
    "goldstein",
)


@dataclass(frozen=True)
class Part:
    """One row an event adds to a summary table: key column -> SQL on the event row ``{r}``,
    when ``cond`` holds; ``goldstein``: whether the table sums Goldstein scores too."""

    table: str
    keys: dict[str, str]
    cond: str
    goldstein: bool = False
    source: str = "events"  # the table it summarises
    on_update: bool = True  # False: no update of the source moves it (row counts)


#: tables whose rows ``row_counts`` counts (what ``tidings stats`` and the overview show)
COUNTED_TABLES = ("articles", "entities", "quotes", "events", "event_sources")


def _parts() -> list[Part]:
    out = []
    for role in ("source", "target"):
        for level, col in (("code", f"{role}_node"), ("entity", f"{role}_entity_id")):
            keys = {"level": f"'{level}'", "role": f"'{role}'", "node": "{r}." + col}
            out.append(Part("actor_counts", keys, "{r}." + col + " IS NOT NULL"))
    for level, src, tgt in (
        ("code", "source_node", "target_node"),
        ("entity", "source_entity_id", "target_entity_id"),
        ("country", "source_country", "target_country"),
    ):
        keys = {"level": f"'{level}'", "source": "{r}." + src, "target": "{r}." + tgt,
                "quad": "COALESCE({r}.quad_class, 0)"}  # fmt: skip
        cond = "{r}." + src + " IS NOT NULL AND {r}." + tgt + " IS NOT NULL"
        out.append(Part("pair_counts", keys, cond, goldstein=True))
    both = "{r}.source_node IS NOT NULL AND {r}.target_node IS NOT NULL"
    for role in ("source", "target"):
        node, ent = "{r}." + f"{role}_node", "{r}." + f"{role}_entity_id"
        cond = f"{both} AND {ent} IS NOT NULL"
        # member_counts: migration 0005's table (per role), replaced by node_members in 0007
        out.append(Part("member_counts", {"role": f"'{role}'", "node": node, "entity_id": ent},
                        cond))  # fmt: skip
        out.append(Part("node_members", {"node": node, "entity_id": ent}, cond))
    out.append(Part("actor_names", {"name": "{r}.name"}, "{r}.name IS NOT NULL",
                    source="event_actors"))  # fmt: skip
    for table in COUNTED_TABLES:
        out.append(Part("row_counts", {"name": f"'{table}'"}, "1 = 1", source=table,
                        on_update=False))  # fmt: skip
    return out


PARTS = _parts()
#: the trigger-kept tables (``article_types`` aside) of the current schema; a migration builds
#: and triggers those of its own revision (``TABLES_0005``), so old databases upgrade in steps
TABLES = ("actor_counts", "pair_counts", "node_members", "actor_names", "row_counts")
TABLES_0005 = ("actor_counts", "pair_counts", "member_counts", "actor_names", "row_counts")
SOURCES = tuple(dict.fromkeys(p.source for p in PARTS))
#: per summarised table, the columns whose update moves counts
WATCHED = {"events": COUNTED, "event_actors": ("name",)}


def _add(p: Part, r: str) -> str:
    """SQL: add event row ``r`` (NEW) to the part's summary row (an upsert)."""
    cols = [*p.keys, "n"] + (["goldstein"] if p.goldstein else [])
    vals = [v.format(r=r) for v in p.keys.values()] + ["1"]
    sets = [f"n = {p.table}.n + 1"]
    if p.goldstein:
        vals.append(f"COALESCE({r}.goldstein, 0)")
        sets.append(f"goldstein = {p.table}.goldstein + excluded.goldstein")
    return (
        f"INSERT INTO {p.table} ({', '.join(cols)}) SELECT {', '.join(vals)} "
        f"WHERE {p.cond.format(r=r)} "
        f"ON CONFLICT ({', '.join(p.keys)}) DO UPDATE SET {', '.join(sets)}"
    )


def _remove(p: Part, r: str) -> list[str]:
    """SQL: take event row ``r`` (OLD) out of the part's summary row; drop it at zero."""
    match = " AND ".join(f"{k} = {v.format(r=r)}" for k, v in p.keys.items())
    sets = ["n = n - 1"] + ([f"goldstein = goldstein - COALESCE({r}.goldstein, 0)"]
                           if p.goldstein else [])  # fmt: skip
    where = f"{match} AND {p.cond.format(r=r)}"
    return [
        f"UPDATE {p.table} SET {', '.join(sets)} WHERE {where}",
        f"DELETE FROM {p.table} WHERE {match} AND n <= 0",
    ]


def _sql(source: str, tables: tuple[str, ...]) -> tuple[str, str, str, str]:
    """The source's add and remove statements, for inserts/deletes and for updates."""
    parts = [p for p in PARTS if p.source == source and p.table in tables]
    moved = [p for p in parts if p.on_update]
    return (
        "; ".join(_add(p, "NEW") for p in parts),
        "; ".join(s for p in parts for s in _remove(p, "OLD")),
        "; ".join(_add(p, "NEW") for p in moved),
        "; ".join(s for p in moved for s in _remove(p, "OLD")),
    )


def _sqlite(tables: tuple[str, ...]) -> list[str]:
    out = []
    for source in SOURCES:
        adds, removes, up_adds, up_removes = _sql(source, tables)
        out += [
            f"CREATE TRIGGER IF NOT EXISTS {source}_summary_ai AFTER INSERT ON {source} "
            f"BEGIN {adds}; END",
            f"CREATE TRIGGER IF NOT EXISTS {source}_summary_ad AFTER DELETE ON {source} "
            f"BEGIN {removes}; END",
        ]
        if source in WATCHED:
            out.append(
                f"CREATE TRIGGER IF NOT EXISTS {source}_summary_au AFTER UPDATE OF "
                f"{', '.join(WATCHED[source])} ON {source} BEGIN {up_removes}; {up_adds}; END"
            )
    return out


def _postgresql(tables: tuple[str, ...]) -> list[str]:
    out = []
    for source in SOURCES:
        adds, removes, up_adds, up_removes = _sql(source, tables)
        update = (
            f"IF TG_OP = 'UPDATE' THEN {up_removes}; {up_adds}; END IF; "
            if source in WATCHED
            else ""
        )
        body = (
            "BEGIN "
            f"IF TG_OP = 'DELETE' THEN {removes}; END IF; "
            f"IF TG_OP = 'INSERT' THEN {adds}; END IF; "
            f"{update}RETURN NULL; END"
        )
        ops = "INSERT OR DELETE" + (
            f" OR UPDATE OF {', '.join(WATCHED[source])}" if source in WATCHED else ""
        )
        out += [
            f"CREATE OR REPLACE FUNCTION tidings_{source}_summary() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ {body} $$",
            f"DROP TRIGGER IF EXISTS {source}_summary ON {source}",
            f"CREATE TRIGGER {source}_summary AFTER {ops} ON {source} FOR EACH ROW "
            f"EXECUTE FUNCTION tidings_{source}_summary()",
        ]
    return out


ARTICLE_TYPES_ADD = (
    "INSERT INTO article_types (article_id, type, n) SELECT {r}.article_id, e.type, 1 "
    "FROM events e WHERE e.id = {r}.event_id "
    "ON CONFLICT (article_id, type) DO UPDATE SET n = article_types.n + 1"
)
ARTICLE_TYPES_REMOVE = (
    "UPDATE article_types SET n = n - 1 WHERE article_id = {r}.article_id "
    "AND type = (SELECT e.type FROM events e WHERE e.id = {r}.event_id); "
    "DELETE FROM article_types WHERE article_id = {r}.article_id AND n <= 0"
)
#: an event's reports leave (its delete, before the cascade) or change type (``{r}``: the
#: event row, ``{t}``: the type)
EVENT_TYPE_REMOVE = (
    "UPDATE article_types SET n = n - 1 WHERE type = {r}.type AND article_id IN "
    "(SELECT es.article_id FROM event_sources es WHERE es.event_id = {r}.id); "
    "DELETE FROM article_types WHERE type = {r}.type AND n <= 0"
)
EVENT_TYPE_ADD = (
    "INSERT INTO article_types (article_id, type, n) SELECT es.article_id, {r}.type, 1 "
    "FROM event_sources es WHERE es.event_id = {r}.id "
    "ON CONFLICT (article_id, type) DO UPDATE SET n = article_types.n + 1"
)


def _article_types_sqlite() -> list[str]:
    change = "AFTER UPDATE OF type ON events WHEN OLD.type IS NOT NEW.type"
    return [
        "CREATE TRIGGER IF NOT EXISTS event_sources_types_ai AFTER INSERT ON event_sources "
        f"BEGIN {ARTICLE_TYPES_ADD.format(r='NEW')}; END",
        "CREATE TRIGGER IF NOT EXISTS event_sources_types_ad AFTER DELETE ON event_sources "
        f"BEGIN {ARTICLE_TYPES_REMOVE.format(r='OLD')}; END",
        "CREATE TRIGGER IF NOT EXISTS events_types_bd BEFORE DELETE ON events "
        f"BEGIN {EVENT_TYPE_REMOVE.format(r='OLD')}; END",
        f"CREATE TRIGGER IF NOT EXISTS events_types_au {change} "
        f"BEGIN {EVENT_TYPE_REMOVE.format(r='OLD')}; {EVENT_TYPE_ADD.format(r='NEW')}; END",
    ]


def _article_types_postgresql() -> list[str]:
    sources = (
        "BEGIN "
        f"IF TG_OP = 'DELETE' THEN {ARTICLE_TYPES_REMOVE.format(r='OLD')}; END IF; "
        f"IF TG_OP = 'INSERT' THEN {ARTICLE_TYPES_ADD.format(r='NEW')}; END IF; "
        "RETURN NULL; END"
    )
    evs = (
        "BEGIN "
        f"IF TG_OP = 'DELETE' THEN {EVENT_TYPE_REMOVE.format(r='OLD')}; RETURN OLD; END IF; "
        f"IF OLD.type IS DISTINCT FROM NEW.type THEN {EVENT_TYPE_REMOVE.format(r='OLD')}; "
        f"{EVENT_TYPE_ADD.format(r='NEW')}; END IF; RETURN NULL; END"
    )
    return [
        "CREATE OR REPLACE FUNCTION tidings_article_types_sources() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ {sources} $$",
        "DROP TRIGGER IF EXISTS event_sources_types ON event_sources",
        "CREATE TRIGGER event_sources_types AFTER INSERT OR DELETE ON event_sources "
        "FOR EACH ROW EXECUTE FUNCTION tidings_article_types_sources()",
        "CREATE OR REPLACE FUNCTION tidings_article_types_events() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ {evs} $$",
        "DROP TRIGGER IF EXISTS events_types_bd ON events",
        "CREATE TRIGGER events_types_bd BEFORE DELETE ON events "
        "FOR EACH ROW EXECUTE FUNCTION tidings_article_types_events()",
        "DROP TRIGGER IF EXISTS events_types_au ON events",
        "CREATE TRIGGER events_types_au AFTER UPDATE OF type ON events "
        "FOR EACH ROW EXECUTE FUNCTION tidings_article_types_events()",
    ]


def article_types_triggers(dialect: str) -> list[str]:
    """The statements that create the ``article_types`` triggers (migration 0006)."""
    return {"sqlite": _article_types_sqlite(), "postgresql": _article_types_postgresql()}.get(
        dialect, []
    )


def rebuild_article_types(conn: Connection) -> None:
    """Recompute ``article_types`` from ``event_sources`` and ``events`` (migration 0006)."""
    conn.execute(text("DELETE FROM article_types"))
    conn.execute(
        text(
            "INSERT INTO article_types (article_id, type, n) SELECT es.article_id, e.type, "
            "count(*) FROM event_sources es JOIN events e ON e.id = es.event_id "
            "GROUP BY es.article_id, e.type"
        )
    )


def triggers(
    dialect: str, *, article_types: bool = True, tables: tuple[str, ...] = TABLES
) -> list[str]:
    """The statements that create the summary triggers for a dialect name, keeping ``tables``
    (without those of ``article_types`` and with ``TABLES_0005``: the triggers of migration
    0005)."""
    if dialect == "sqlite":
        out = _sqlite(tables)
    else:
        out = _postgresql(tables) if dialect == "postgresql" else []
    return out + (article_types_triggers(dialect) if article_types else [])


ARTICLE_TYPES_TRIGGERS = (
    "event_sources_types_ai",
    "event_sources_types_ad",
    "events_types_bd",
    "events_types_au",
)


def drop_triggers(dialect: str) -> list[str]:
    """The statements that remove them (bulk loads drop them, then :func:`rebuild`)."""
    if dialect == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {t}_summary_{s}" for t in WATCHED for s in ("ai", "ad", "au")
        ] + [f"DROP TRIGGER IF EXISTS {t}" for t in ARTICLE_TYPES_TRIGGERS]
    if dialect == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {t}_summary ON {t}" for t in WATCHED] + [
            f"DROP TRIGGER IF EXISTS {t} ON {t.split('_types')[0]}"
            for t in ("event_sources_types", "events_types_bd", "events_types_au")
        ]
    return []


def rebuild(
    conn: Connection, *, article_types: bool = True, tables: tuple[str, ...] = TABLES
) -> None:
    """Recompute the trigger-kept summary rows of ``tables`` from their sources (one aggregate
    per part, added up where two parts feed one table; without ``article_types`` and with
    ``TABLES_0005``: those of migration 0005)."""
    if article_types:
        rebuild_article_types(conn)
    for table in tables:
        conn.execute(text(f"DELETE FROM {table}"))
    for p in (p for p in PARTS if p.table in tables):
        cols = [*p.keys, "n"] + (["goldstein"] if p.goldstein else [])
        vals = [v.format(r=p.source) for v in p.keys.values()] + ["count(*)"]
        sets = [f"n = {p.table}.n + excluded.n"]
        if p.goldstein:
            vals.append(f"COALESCE(sum({p.source}.goldstein), 0)")
            sets.append(f"goldstein = {p.table}.goldstein + excluded.goldstein")
        group = ", ".join(str(i + 1) for i in range(len(p.keys)))
        conn.execute(
            text(
                f"INSERT INTO {p.table} ({', '.join(cols)}) SELECT {', '.join(vals)} "
                f"FROM {p.source} WHERE {p.cond.format(r=p.source)} GROUP BY {group} "
                f"ON CONFLICT ({', '.join(p.keys)}) DO UPDATE SET {', '.join(sets)}"
            )
        )


def rebuild_entity_counts(conn: Connection) -> None:
    """Recompute ``entity_counts`` from ``article_entities`` (migration 0005)."""
    conn.execute(text("DELETE FROM entity_counts"))
    conn.execute(
        text(
            "INSERT INTO entity_counts (entity_id, articles, first_seen, last_seen) "
            "SELECT entity_id, count(DISTINCT article_id), min(published_date), "
            "max(published_date) FROM article_entities GROUP BY entity_id"
        )
    )


def _install_ddl_events() -> None:
    """Make ``metadata.create_all`` add the triggers too (after every table exists)."""
    for dialect in ("sqlite", "postgresql"):
        for stmt in triggers(dialect):
            event.listen(metadata, "after_create", DDL(stmt).execute_if(dialect=dialect))


_install_ddl_events()
