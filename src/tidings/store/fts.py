"""Full-text search: the one part of the schema that differs per back end.

SQLite: FTS5 *external-content* tables (the text lives once, in ``articles``/``quotes``; the
index is kept in step by triggers, keyed by the ``seq`` integer column) ranked with ``bm25``.
PostgreSQL: a generated ``tsvector`` column with a GIN index, ranked with ``ts_rank_cd``.
Search text is parsed once into both back ends' query languages by
:mod:`tidings.store.queries.text_query`.

The statements are used by the Alembic migration and by ``metadata.create_all`` (DDL events),
so a database made either way is the same.
"""

from __future__ import annotations

from sqlalchemy import DDL, event

from tidings.store.tables import articles, quotes

SQLITE = [
    # articles: title + text, external content keyed by articles.seq
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
    "title, text, content='articles', content_rowid='seq', tokenize='porter unicode61')",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_ai AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_ad AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.seq, old.title, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_au AFTER UPDATE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.seq, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text); END",
    # quotes: quoted words + speaker name, external content keyed by quotes.seq
    "CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5("
    "text, speaker_name, content='quotes', content_rowid='seq', tokenize='porter unicode61')",
    "CREATE TRIGGER IF NOT EXISTS quotes_fts_ai AFTER INSERT ON quotes BEGIN "
    "INSERT INTO quotes_fts(rowid, text, speaker_name) "
    "VALUES (new.seq, new.text, new.speaker_name); END",
    "CREATE TRIGGER IF NOT EXISTS quotes_fts_ad AFTER DELETE ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name) "
    "VALUES ('delete', old.seq, old.text, old.speaker_name); END",
    "CREATE TRIGGER IF NOT EXISTS quotes_fts_au AFTER UPDATE ON quotes BEGIN "
    "INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker_name) "
    "VALUES ('delete', old.seq, old.text, old.speaker_name); "
    "INSERT INTO quotes_fts(rowid, text, speaker_name) "
    "VALUES (new.seq, new.text, new.speaker_name); END",
]

SQLITE_DROP = [
    "DROP TABLE IF EXISTS articles_fts",
    "DROP TABLE IF EXISTS quotes_fts",
]

# to_tsvector has a 1 MB limit: index the first 500k characters of very long texts.
POSTGRESQL = [
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', left(text, 500000)), 'B')) STORED",
    "CREATE INDEX IF NOT EXISTS ix_articles_tsv ON articles USING gin (tsv)",
    "ALTER TABLE quotes ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS ("
    "to_tsvector('english', coalesce(speaker_name, '') || ' ' || text)) STORED",
    "CREATE INDEX IF NOT EXISTS ix_quotes_tsv ON quotes USING gin (tsv)",
]


def statements(dialect: str) -> list[str]:
    """The full-text DDL for a dialect name (``sqlite`` or ``postgresql``)."""
    return {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(dialect, [])


def _install_ddl_events() -> None:
    """Make ``metadata.create_all`` add the full-text parts too (quotes is created last)."""
    for stmt in SQLITE:
        event.listen(quotes, "after_create", DDL(stmt).execute_if(dialect="sqlite"))
    for stmt in POSTGRESQL:
        event.listen(quotes, "after_create", DDL(stmt).execute_if(dialect="postgresql"))
    for stmt in SQLITE_DROP:
        event.listen(articles, "before_drop", DDL(stmt).execute_if(dialect="sqlite"))


_install_ddl_events()


def is_fts_object(name: str | None) -> bool:
    """Full-text parts that are outside the SQLAlchemy metadata (FTS5 tables, ``tsv`` columns)."""
    return bool(name) and ("_fts" in name or name == "tsv" or name.endswith("_tsv"))
