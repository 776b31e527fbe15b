"""HTTP API (FastAPI): :func:`tidings.api.app.create_app`."""
