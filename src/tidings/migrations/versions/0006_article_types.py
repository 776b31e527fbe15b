"""The ``article_types`` summary: per article, the events of each type it reports.

The article filter ``type`` (``tidings search --type``, the web's search page) joined every
event of the type to its reports (at a million events: 0.2-0.7 s); it now seeks one row per
article. The table is filled here once (:func:`tidings.store.summary.rebuild_article_types`)
and kept by triggers on ``event_sources`` and ``events`` from then on.

PostgreSQL (14 and later) also gets statistics on ``lower(location_name)``
(``st_events_location_lower``): without them the planner takes ``--place Beijing`` (a
``LIKE '%beijing%'``) for a rare match, scans every event and sorts (1.2 s at a million
events) instead of walking the newest events (16 ms); the table is analysed once here.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from tidings.store import summary

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "article_types",
        sa.Column("article_id", sa.String(length=64), primary_key=True),
        sa.Column("type", sa.String(length=16), primary_key=True),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    op.create_index("ix_article_types_type", "article_types", ["type", "article_id"])
    bind = op.get_bind()
    summary.rebuild_article_types(bind)
    for stmt in summary.article_types_triggers(bind.dialect.name):
        op.execute(stmt)
    if bind.dialect.name == "postgresql" and bind.dialect.server_version_info >= (14,):
        op.execute(PLACE_STATISTICS)
        op.execute("ANALYZE events")


#: the planner's statistics on the place filter's expression (queries.events, ``place``)
PLACE_STATISTICS = (
    "CREATE STATISTICS IF NOT EXISTS st_events_location_lower ON (lower(location_name)) FROM events"
)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP STATISTICS IF EXISTS st_events_location_lower")
    if dialect == "sqlite":
        for name in summary.ARTICLE_TYPES_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS event_sources_types ON event_sources")
        op.execute("DROP TRIGGER IF EXISTS events_types_bd ON events")
        op.execute("DROP TRIGGER IF EXISTS events_types_au ON events")
        op.execute("DROP FUNCTION IF EXISTS tidings_article_types_sources()")
        op.execute("DROP FUNCTION IF EXISTS tidings_article_types_events()")
    op.drop_index("ix_article_types_type", table_name="article_types")
    op.drop_table("article_types")
