"""Alembic migrations of the store schema (run by :func:`tidings.store.db.connect`)."""
