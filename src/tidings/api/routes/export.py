"""``GET /api/export/events``: filtered events as CSV, JSONL or GDELT 2.0 text."""

from __future__ import annotations

import io
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from tidings.api.deps import Conn, Events

router = APIRouter(prefix="/api", tags=["export"])
MEDIA = {"csv": "text/csv", "jsonl": "application/x-ndjson", "gdelt": "text/plain"}


@router.get("/export/events", response_class=PlainTextResponse)
def api_export(
    c: Conn,
    f: Events,
    format: Literal["csv", "jsonl", "gdelt"] = "csv",  # noqa: A002
) -> PlainTextResponse:
    """Events as CSV, JSONL or GDELT 2.0 TSV, with the filters of ``/api/events`` (Parquet:
    use the CLI)."""
    from tidings.store.export import export_events

    buf = io.StringIO()
    export_events(c, format, buf, f)
    return PlainTextResponse(buf.getvalue(), media_type=MEDIA[format])
