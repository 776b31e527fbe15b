"""Summary tables kept by triggers; the code level's target side gets a covering index.

- ``actor_counts``, ``pair_counts``, ``member_counts`` (:mod:`tidings.store.summary`): event
  counts per actor, per actor pair and quad class, per code node's members, computed here once
  from ``events`` and kept in step by triggers from then on; the overview's rankings and the
  unfiltered network read them instead of aggregating every event;
- ``row_counts``: rows per table (kept by triggers on the tables it counts);
- ``actor_names`` (kept by triggers on ``event_actors``) and the index
  ``ix_event_actors_name_role``: a name key finds the names first, then their rows;
- ``entity_counts``: per entity the distinct articles naming it, first and last day (computed
  here, then kept by the writer with the entity rows); actor rankings read it;
- ``ix_events_target_node`` (``target_node`` alone) becomes ``ix_events_target_node_cover``
  (the target node first, then what the code pages count: source node, quad class,
  Goldstein, dates, type), as ``ix_events_target_cover`` is for entities.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tidings.store import summary

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TARGET_NODE_COVER = ["target_node", "source_node", "quad_class", "goldstein", "date",
                     "reported_date", "type"]  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "actor_counts",
        sa.Column("level", sa.String(length=8), primary_key=True),
        sa.Column("role", sa.String(length=6), primary_key=True),
        sa.Column("node", sa.String(length=64), primary_key=True),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    op.create_table(
        "pair_counts",
        sa.Column("level", sa.String(length=8), primary_key=True),
        sa.Column("source", sa.String(length=64), primary_key=True),
        sa.Column("target", sa.String(length=64), primary_key=True),
        sa.Column("quad", sa.Integer(), primary_key=True),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("goldstein", sa.Float(), nullable=False),
    )
    op.create_index("ix_pair_counts_level_n", "pair_counts", ["level", "n"])
    op.create_table(
        "member_counts",
        sa.Column("role", sa.String(length=6), primary_key=True),
        sa.Column("node", sa.String(length=64), primary_key=True),
        sa.Column("entity_id", sa.String(length=64), primary_key=True),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    op.create_table(
        "entity_counts",
        sa.Column("entity_id", sa.String(length=64), primary_key=True),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.String(length=10), nullable=True),
        sa.Column("last_seen", sa.String(length=10), nullable=True),
    )
    op.create_index("ix_entity_counts_articles", "entity_counts", ["articles"])
    op.create_table(
        "actor_names",
        sa.Column("name", sa.Text(), primary_key=True),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    op.create_table(
        "row_counts",
        sa.Column("name", sa.String(length=32), primary_key=True),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    op.create_index("ix_event_actors_name_role", "event_actors", ["name", "role", "event_id"])
    bind = op.get_bind()
    # this revision's tables (member_counts: replaced by node_members in 0007); article_types: 0006
    summary.rebuild(bind, article_types=False, tables=summary.TABLES_0005)
    summary.rebuild_entity_counts(bind)
    for stmt in summary.triggers(
        bind.dialect.name, article_types=False, tables=summary.TABLES_0005
    ):
        op.execute(stmt)
    op.drop_index("ix_events_target_node", table_name="events")
    op.create_index("ix_events_target_node_cover", "events", TARGET_NODE_COVER)


def downgrade() -> None:
    op.drop_index("ix_events_target_node_cover", table_name="events")
    op.create_index("ix_events_target_node", "events", ["target_node"])
    for stmt in summary.drop_triggers(op.get_bind().dialect.name):
        op.execute(stmt)
    if op.get_bind().dialect.name == "postgresql":
        for source in summary.SOURCES:
            op.execute(f"DROP FUNCTION IF EXISTS tidings_{source}_summary()")
    op.drop_index("ix_event_actors_name_role", table_name="event_actors")
    op.drop_table("actor_names")
    op.drop_table("row_counts")
    op.drop_index("ix_entity_counts_articles", table_name="entity_counts")
    op.drop_table("entity_counts")
    op.drop_table("member_counts")
    op.drop_index("ix_pair_counts_level_n", table_name="pair_counts")
    op.drop_table("pair_counts")
    op.drop_table("actor_counts")
