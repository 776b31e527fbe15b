"""One actor, one name: own ids, aliases across articles, entity rows rebuilt by one rule.

- ``article_entities.own_id`` and ``event_actors.own_id``: the id an article alone gives an
  entity; ``entity_id`` becomes the canonical one after cross-article identity;
- ``article_entities.lat``/``lon``: a place's point as the article's gazetteer entry gave it,
  so an entity row can be rebuilt from its appearances alone;
- ``entities.surname`` (people; where aliases are looked for) and the ``actor_aliases`` table;
- the events covering indexes hold the first actors' codes (the network by actor code and the
  rankings group in index order);
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

REST = ["goldstein", "date", "reported_date", "type"]
# (name, columns before, columns now): the first actors' codes join the covering indexes where
# the network (by entity and by actor code) and the rankings group in index order
COVERS = [
    ("ix_events_source_cover",
     ["source_entity_id", "target_entity_id", "quad_class", *REST],
     ["source_entity_id", "target_entity_id", "quad_class", "source_code", "target_code", *REST]),
    ("ix_events_target_cover",
     ["target_entity_id", "source_entity_id", "quad_class", *REST],
     ["target_entity_id", "target_code", "source_entity_id", "source_code", "quad_class", *REST]),
]  # fmt: skip


def _rebuild(conn: sa.Connection) -> None:
    """Entity rows and aliases by the rules of the code this revision came with."""
    from tidings.store.canonical import surname
    from tidings.store.identity import resolve_people
    from tidings.store.writer import refresh_entities

    ids = {r[0] for r in conn.execute(sa.text("SELECT DISTINCT entity_id FROM article_entities"))}
    ids |= {r[0] for r in conn.execute(sa.text("SELECT id FROM entities"))}
    refresh_entities(conn, ids)
    people = conn.execute(
        sa.text("SELECT DISTINCT name FROM article_entities WHERE type = 'PERSON'")
    )
    names = {s for (name,) in people if (s := surname(name or ""))}
    refresh_entities(conn, resolve_people(conn, names))


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
    for name, _, cols in COVERS:
        op.drop_index(name, table_name="events")
        op.create_index(name, "events", cols)
    _rebuild(op.get_bind())


def downgrade() -> None:
    for name, cols, _ in COVERS:
        op.drop_index(name, table_name="events")
        op.create_index(name, "events", cols)
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
