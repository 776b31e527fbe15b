"""Store stage: one SQLAlchemy Core schema for SQLite (default) and PostgreSQL."""
