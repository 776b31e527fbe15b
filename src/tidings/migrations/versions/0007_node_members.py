"""``node_members`` replaces ``member_counts``: a code node's busiest members read as a walk.

The network page lists, for each code node it shows (about 120), the entities inside it,
busiest first. ``member_counts`` kept those counts per role, so every page view summed both
roles of every member of every node shown and ranked them with a window function (27,000
rows at a million events, most of the page's time). ``node_members`` (node, entity_id) holds
the sum itself, with the index ``ix_node_members_node_n`` (node, n, entity_id): a node's eight
busiest are the last entries of its range. Filled here from ``events`` once
(:func:`tidings.store.summary.rebuild`), kept by the summary triggers, which are made again.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tidings.store import summary

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _retrigger(tables: tuple[str, ...]) -> None:
    """The summary triggers made again for ``tables`` (SQLite's are created only if absent)."""
    dialect = op.get_bind().dialect.name
    for stmt in summary.drop_triggers(dialect):
        op.execute(stmt)
    for stmt in summary.triggers(dialect, tables=tables):
        op.execute(stmt)


def upgrade() -> None:
    op.create_table(
        "node_members",
        sa.Column("node", sa.String(length=64), primary_key=True),
        sa.Column("entity_id", sa.String(length=64), primary_key=True),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    op.create_index("ix_node_members_node_n", "node_members", ["node", "n", "entity_id"])
    summary.rebuild(op.get_bind(), article_types=False, tables=("node_members",))
    _retrigger(summary.TABLES)
    op.drop_table("member_counts")


def downgrade() -> None:
    op.create_table(
        "member_counts",
        sa.Column("role", sa.String(length=6), primary_key=True),
        sa.Column("node", sa.String(length=64), primary_key=True),
        sa.Column("entity_id", sa.String(length=64), primary_key=True),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    summary.rebuild(op.get_bind(), article_types=False, tables=("member_counts",))
    _retrigger(summary.TABLES_0005)
    op.drop_index("ix_node_members_node_n", table_name="node_members")
    op.drop_table("node_members")
