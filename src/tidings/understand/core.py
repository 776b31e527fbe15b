"""Minimal understanding (skeleton): spaCy NER grouped by surface form. Replaced by the full stage."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tidings.schema import Article, Entity, Mention
from tidings.understand.nlp import load


def _entities(doc) -> list[Entity]:  # noqa: ANN001
    by_key: dict[tuple[str, str], Entity] = {}
    for ent in doc.ents:
        key = (ent.label_, ent.text)
        if key not in by_key:
            by_key[key] = Entity(id=f"e{len(by_key) + 1}", name=ent.text, type=ent.label_)
        by_key[key].mentions.append(Mention(text=ent.text, start=ent.start_char, end=ent.end_char))
    return list(by_key.values())


def understand_many(
    articles: Iterable[Article], *, batch_size: int = 32, with_docs: bool = False
) -> Iterator:
    """Yield each article with entities and quotes filled (and its spaCy Doc if ``with_docs``)."""
    nlp = load()
    arts = list(articles) if not isinstance(articles, list) else articles
    for article, doc in zip(
        arts, nlp.pipe((a.text for a in arts), batch_size=batch_size), strict=False
    ):
        article.entities = _entities(doc)
        yield (article, doc) if with_docs else article


def understand(article: Article) -> Article:
    """Understand one article."""
    return next(understand_many([article]))
