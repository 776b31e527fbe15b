"""Covering indexes for actor filters and actor appearances (query latency on 100k events).

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = [
    ("event_actors", "ix_event_actors_country", ["country", "role"]),
    ("event_actors", "ix_event_actors_code", ["actor_code", "role"]),
    ("event_actors", "ix_event_actors_entity", ["entity_id", "role"]),
    ("article_entities", "ix_article_entities_entity", ["entity_id"]),
]
NEW = [
    ("event_actors", "ix_event_actors_country_role", ["country", "role", "event_id"]),
    ("event_actors", "ix_event_actors_code_role", ["actor_code", "role", "event_id"]),
    ("event_actors", "ix_event_actors_entity_role", ["entity_id", "role", "event_id"]),
    ("article_entities", "ix_article_entities_entity_date", ["entity_id", "published_date"]),
]


def upgrade() -> None:
    for table, name, _ in OLD:
        op.drop_index(name, table_name=table)
    for table, name, cols in NEW:
        op.create_index(name, table, cols)


def downgrade() -> None:
    for table, name, _ in NEW:
        op.drop_index(name, table_name=table)
    for table, name, cols in OLD:
        op.create_index(name, table, cols)
