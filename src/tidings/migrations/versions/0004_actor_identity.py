"""One actor, one name: own ids, aliases across articles, entity rows rebuilt by one rule.

- ``article_entities.own_id`` and ``event_actors.own_id``: the id an article alone gives an
  entity; ``entity_id`` becomes the canonical one after cross-article identity;
- ``article_entities.lat``/``lon``: a place's point as the article's gazetteer entry gave it,
  so an entity row can be rebuilt from its appearances alone;
- ``entities.surname`` (people; where aliases are looked for) and the ``actor_aliases`` table;
- ``events.source_node``/``target_node``: the first actors as nodes of the code level (the
  code key, RUSGOV, else the entity id), with their covering index (network, rankings, dyads);
- existing rows: own ids back-filled, every entity row rebuilt and people merged by the rules
  of :mod:`tidings.store.canonical` and :mod:`tidings.store.identity` (once, here).

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NODES = ["source_node", "target_node", "quad_class", "goldstein", "date", "reported_date", "type"]


def _nodes(conn: sa.Connection) -> None:
    """Each event's first source and target as nodes of the code level."""
    from tidings.store.canonical import node_of

    for role in ("source", "target"):
        pairs = conn.execute(
            sa.text(f"SELECT DISTINCT {role}_entity_id, {role}_code FROM events")
        ).all()
        for entity, code in pairs:
            node = node_of(entity, code)
            if node is None:
                continue
            ent = f"{role}_entity_id " + ("= :e" if entity is not None else "IS NULL")
            cod = f"{role}_code " + ("= :c" if code is not None else "IS NULL")
            conn.execute(
                sa.text(f"UPDATE events SET {role}_node = :n WHERE {ent} AND {cod}"),
                {"n": node, "e": entity, "c": code},
            )


def _rebuild(conn: sa.Connection) -> None:
    """Entity rows and aliases by the rules of the code this revision came with."""
    from tidings.store.canonical import surname
    from tidings.store.identity import resolve_people
    from tidings.store.writer import refresh_entities

    ids = {r[0] for r in conn.execute(sa.text("SELECT DISTINCT entity_id FROM article_entities"))}
    ids |= {r[0] for r in conn.execute(sa.text("SELECT id FROM entities"))}
    refresh_entities(conn, ids, counts=False)  # entity_counts comes with 0005
    people = conn.execute(
        sa.text("SELECT DISTINCT name FROM article_entities WHERE type = 'PERSON'")
    )
    names = {s for (name,) in people if (s := surname(name or ""))}
    refresh_entities(conn, resolve_people(conn, names), counts=False)


def upgrade() -> None:
    op.add_column("entities", sa.Column("surname", sa.Text(), nullable=True))
    op.create_index("ix_entities_surname", "entities", ["surname"])
    for col in (
        sa.Column("own_id", sa.String(length=64), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
    ):
        op.add_column("article_entities", col)
    op.add_column("event_actors", sa.Column("own_id", sa.String(length=64), nullable=True))
    op.execute("UPDATE article_entities SET own_id = entity_id")
    op.execute("UPDATE event_actors SET own_id = entity_id")
    op.create_index("ix_article_entities_own", "article_entities", ["own_id"])
    op.create_index("ix_event_actors_own", "event_actors", ["own_id"])
    op.create_table(
        "actor_aliases",
        sa.Column("alias_id", sa.String(length=64), primary_key=True),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=True),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("actor_code", sa.String(length=32), nullable=True),
        sa.Column("role", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
    )
    op.create_index("ix_actor_aliases_entity", "actor_aliases", ["entity_id"])
    op.add_column("events", sa.Column("source_node", sa.String(length=64), nullable=True))
    op.add_column("events", sa.Column("target_node", sa.String(length=64), nullable=True))
    _nodes(op.get_bind())
    op.create_index("ix_events_nodes_cover", "events", NODES)
    op.create_index("ix_events_target_node", "events", ["target_node"])
    _rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_events_target_node", table_name="events")
    op.drop_index("ix_events_nodes_cover", table_name="events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("target_node")
        batch.drop_column("source_node")
    op.drop_index("ix_actor_aliases_entity", table_name="actor_aliases")
    op.drop_table("actor_aliases")
    op.drop_index("ix_event_actors_own", table_name="event_actors")
    op.drop_index("ix_article_entities_own", table_name="article_entities")
    with op.batch_alter_table("event_actors") as batch:
        batch.drop_column("own_id")
    with op.batch_alter_table("article_entities") as batch:
        for col in ("lon", "lat", "own_id"):
            batch.drop_column(col)
    op.drop_index("ix_entities_surname", table_name="entities")
    with op.batch_alter_table("entities") as batch:
        batch.drop_column("surname")
