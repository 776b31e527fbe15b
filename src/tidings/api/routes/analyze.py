"""``POST /api/analyze`` (analyze, store nothing) and ``POST /api/articles`` (analyze and store;
guarded by the token)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, model_validator

from tidings.api.deps import check_token

router = APIRouter(prefix="/api", tags=["analyze"])


class ArticleIn(BaseModel):
    """A posted article: plain text or HTML, with what else is known about it."""

    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None

    @model_validator(mode="after")
    def _body(self) -> ArticleIn:
        if not (self.text or self.html):
            raise ValueError("give the article as 'text' or 'html'")
        return self


class Stored(BaseModel):
    id: str
    status: str
    entities: int
    quotes: int
    events: int


def _read(body: ArticleIn):  # noqa: ANN202 - Article
    from tidings.read import read_record

    art = read_record(
        {"html": body.html, "text": body.text, "title": body.title or "", "url": body.url},
        body.url or "<api>",
    )
    art.format = "html" if body.html else "text"
    if body.published and not art.published:
        art.published = body.published
    return art


@router.post("/analyze")
def api_analyze(body: ArticleIn) -> dict[str, Any]:
    """Analyze a posted article without storing it: entities, quotes, events."""
    from tidings.ingest import analyze_one

    return analyze_one(_read(body)).model_dump(mode="json")


@router.post(
    "/articles", response_model=Stored, status_code=201, dependencies=[Depends(check_token)]
)
def api_ingest(request: Request, body: ArticleIn) -> Stored:
    """Analyze and store a posted article (idempotent; token-guarded)."""
    from tidings.ingest import ingest_one

    art, status = ingest_one(_read(body), request.app.state.engine)
    return Stored(
        id=art.id,
        status=status,
        entities=len(art.entities),
        quotes=len(art.quotes),
        events=len(art.events),
    )
