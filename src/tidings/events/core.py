"""Event coder (skeleton): codes nothing yet. Replaced by the full coder."""

from __future__ import annotations

from tidings.schema import Article, Event


def code_events(article: Article, doc=None) -> list[Event]:  # noqa: ANN001 - spacy Doc
    """Return the events found in an understood article (``doc`` is its spaCy parse)."""
    return []
