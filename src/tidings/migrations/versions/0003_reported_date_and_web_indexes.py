"""events.reported_date; the web pages' covering indexes; the web UI's own search index removed.

``reported_date`` is the earliest publication day of the articles that reported an event (kept
by the writer), so undated events are placed on charts and filtered by a column, not a
per-event lookup. The covering indexes the web UI used to create when it was mounted are part
of the schema now, and the duplicate full-text index it made (``web_articles_fts`` and its
triggers; search goes through ``tidings.store.queries.search``) is dropped where it exists.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENT_COVER = ["quad_class", "goldstein", "date", "reported_date", "type"]
NEW = [
    ("events", "ix_events_type_id", ["type", "id"]),
    ("events", "ix_events_source_cover", ["source_entity_id", "target_entity_id", *EVENT_COVER]),
    ("events", "ix_events_target_cover", ["target_entity_id", "source_entity_id", *EVENT_COVER]),
    (
        "events",
        "ix_events_countries_cover",
        ["source_country", "target_country", "date", "reported_date", "quad_class", "goldstein"],
    ),
    (
        "article_entities",
        "ix_article_entities_cover",
        ["entity_id", "published_date", "role", "country", "article_id"],
    ),
]
# narrower indexes that the covering ones start with
OLD = [
    ("events", "ix_events_source_entity", ["source_entity_id"]),
    ("events", "ix_events_target_entity", ["target_entity_id"]),
    ("article_entities", "ix_article_entities_entity_date", ["entity_id", "published_date"]),
]
WEB_LEFTOVERS = [
    "ix_web_events_source",
    "ix_web_events_target",
    "ix_web_events_cc",
    "ix_web_events_type",
    "ix_web_article_entities",
]
BACKFILL = (
    "UPDATE events SET reported_date = (SELECT min(a.published_date) FROM event_sources es"
    " JOIN articles a ON a.id = es.article_id WHERE es.event_id = events.id)"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS web_articles_fts_{suffix}")
        op.execute("DROP TABLE IF EXISTS web_articles_fts")
    for name in WEB_LEFTOVERS:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.add_column("events", sa.Column("reported_date", sa.String(length=10), nullable=True))
    op.execute(BACKFILL)
    for table, name, _ in OLD:
        op.drop_index(name, table_name=table)
    for table, name, cols in NEW:
        op.create_index(name, table, cols)


def downgrade() -> None:
    for table, name, _ in NEW:
        op.drop_index(name, table_name=table)
    for table, name, cols in OLD:
        op.create_index(name, table, cols)
    with op.batch_alter_table("events") as batch:
        batch.drop_column("reported_date")
