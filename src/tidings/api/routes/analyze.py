"""``POST /api/analyze`` (analyze, store nothing) and ``POST /api/articles`` (analyze and store;
guarded by the token).

Both analyse in the app's :class:`tidings.api.analysis.Analyzer` (a worker process with a time
and a memory limit); every way an analysis can fail is an HTTP error with one line, never a
500: 422 (nothing to read, the analysis failed on this text), 413 (over the memory limit),
503 (over the time limit, busy, shutting down).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field, field_validator, model_validator

from tidings.api.analysis import AnalysisError, Busy
from tidings.api.deps import check_token
from tidings.schema import Article

router = APIRouter(prefix="/api", tags=["analyze"])


def iso_date(value: str) -> str:
    """An ISO 8601 date or date-time (``2019-05-14``, ``2019-05-14T10:00:00Z``), normalised;
    anything else raises ValueError."""
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(
            f"{value[:40]!r} is not an ISO 8601 date or date-time (2019-05-14, "
            "2019-05-14T10:00:00Z)"
        ) from None


class ArticleIn(BaseModel):
    """A posted article: plain text or HTML, with what else is known about it."""

    text: str | None = None
    html: str | None = None
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000)
    published: str | None = Field(None, max_length=64, description="ISO 8601 date or date-time")

    @field_validator("text", "html", "title", "url", "published")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        """NUL is never part of an article (and PostgreSQL cannot store it)."""
        return value.replace("\x00", "") if value else value

    @field_validator("published")
    @classmethod
    def _published(cls, value: str | None) -> str | None:
        return iso_date(value) if value is not None and value.strip() else None

    @model_validator(mode="after")
    def _body(self) -> ArticleIn:
        if not ((self.text and self.text.strip()) or (self.html and self.html.strip())):
            raise ValueError("give the article as 'text' or 'html' (with some text in it)")
        return self


class Stored(BaseModel):
    id: str
    status: str
    entities: int
    quotes: int
    events: int


def analyzed(request: Request, body: ArticleIn) -> Article:
    """The posted article, read and analysed in the worker; an HTTP error otherwise."""
    try:
        return request.app.state.analyzer.analyze(body.model_dump())
    except AnalysisError as exc:
        headers = {"Retry-After": "10"} if isinstance(exc, Busy) else None
        raise HTTPException(exc.status, exc.message, headers=headers) from None


@router.post("/analyze")
def api_analyze(request: Request, body: ArticleIn) -> dict[str, Any]:
    """Analyze a posted article without storing it: entities, quotes, events."""
    return analyzed(request, body).model_dump(mode="json")


@router.post(
    "/articles", response_model=Stored, status_code=201, dependencies=[Depends(check_token)]
)
def api_ingest(request: Request, body: ArticleIn) -> Stored:
    """Analyze and store a posted article (idempotent, the ingest policy; token-guarded)."""
    from tidings.store.db import describe_error
    from tidings.store.rows import article_rows
    from tidings.store.writer import store_article

    art = analyzed(request, body)
    try:
        with request.app.state.engine.begin() as conn:
            status = store_article(conn, article_rows(art))
    except Exception as exc:  # noqa: BLE001 - a database error: one line, nothing stored
        raise HTTPException(503, f"not stored: {describe_error(exc)}") from None
    return Stored(
        id=art.id,
        status=status,
        entities=len(art.entities),
        quotes=len(art.quotes),
        events=len(art.events),
    )
