"""The engine-free pipeline core: read -> understand -> code.

A plain function from an iterable of inputs to an iterable of enriched Articles; the local
CLI (``tidings analyze``/``ingest``) and the Spark job both call it, so there is one code path;
reading, analysing and storing in batches around it is :mod:`tidings.ingest`.
Models are loaded once per process (see :mod:`tidings.understand.nlp`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from tidings.schema import Article, ReadError


def process(
    articles: Iterable[Article], *, batch_size: int = 32, events: bool = True
) -> Iterator[Article]:
    """Understand and code already-read articles, in batches (spaCy ``nlp.pipe``)."""
    from tidings.events import code_events
    from tidings.understand import understand_many

    for article, doc in understand_many(articles, batch_size=batch_size, with_docs=True):
        if events:
            article.events = code_events(article, doc)
        yield article


def run(
    inputs: Iterable[str | Path], *, batch_size: int = 32, events: bool = True
) -> Iterator[Article | ReadError]:
    """Read every input (files, folders, globs, dumps) and process the articles.

    Read errors are yielded in place (never raised) so a batch always goes on.
    """
    from tidings.read import read_paths

    errors: list[ReadError] = []

    def _articles() -> Iterator[Article]:
        for rec in read_paths(inputs):
            if isinstance(rec, ReadError):
                errors.append(rec)
            else:
                yield rec

    for article in process(_articles(), batch_size=batch_size, events=events):
        while errors:
            yield errors.pop(0)
        yield article
    yield from errors


def analyze(source: str | Path | bytes | Article, **read_kwargs) -> Article:
    """Read (unless given an Article), understand and code one article."""
    from tidings.read import read

    article = source if isinstance(source, Article) else read(source, **read_kwargs)
    return next(process([article], batch_size=1))
