"""The API's routes, one module per kind: queries, exports, analysis and ingest."""
