"""The engine-free pipeline core: read -> understand -> code.

A plain function from an iterable of inputs to an iterable of enriched Articles; the local
CLI (``tidings analyze``/``ingest``) and the Spark job both call it, so there is one code path;
reading, analysing and storing in batches around it is :mod:`tidings.ingest`.
Models are loaded once per process (see :mod:`tidings.understand.nlp`).

Memory is bounded by settings, not by luck: no article longer than ``max_article_chars`` ever
reaches spaCy (the reader cuts longer ones into sections; :func:`too_long` says why one is
refused), and no spaCy batch holds more than ``max_batch_chars`` characters (spaCy needs about
3 KB per character it parses, whatever the batch size says).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice
from pathlib import Path

from tidings.read.errors import ReadFailure, one_line
from tidings.schema import Article, ReadError
from tidings.settings import get_settings


def too_long(article: Article) -> str | None:
    """Why the model must not get this article (longer than ``max_article_chars``), or None."""
    limit = get_settings().max_article_chars
    if len(article.text) <= limit:
        return None
    return (
        f"article of {len(article.text):,} characters, over the {limit:,}-character limit for "
        "the language model (TIDINGS_MAX_ARTICLE_CHARS; read_paths cuts such articles "
        "into sections)"
    )


class _Run:
    """Feeds one ``understand_many`` call; ends it before a spaCy batch would hold more than
    ``budget`` characters, keeping the article that did not fit for the next call."""

    def __init__(self, source: Iterator[Article], first: Article | None, batch_size: int) -> None:
        self.source, self.first, self.batch_size = source, first, batch_size
        self.budget = get_settings().max_batch_chars
        self.carry: Article | None = None
        self.done = False

    def __iter__(self) -> Iterator[Article]:
        chars = count = 0
        while True:
            article = self.first if self.first is not None else next(self.source, None)
            self.first = None
            if article is None:
                self.done = True
                return
            why = too_long(article)
            if why:
                raise ReadFailure(why)
            if count % self.batch_size == 0:
                chars = 0  # spaCy starts a new batch with this article
            if chars and chars + len(article.text) > self.budget:
                self.carry = article
                return
            chars += len(article.text)
            count += 1
            yield article


def process(
    articles: Iterable[Article],
    *,
    batch_size: int = 32,
    events: bool = True,
    workers: int | None = 1,
) -> Iterator[Article]:
    """Understand and code already-read articles, in batches (spaCy ``nlp.pipe``), in order.

    ``workers`` > 1 (``None``: ``TIDINGS_WORKERS``, 0 = one per core) analyses batches of
    ``batch_size`` articles in that many processes (:mod:`tidings.workers`); input of one
    batch stays in this process. Raises :class:`ReadFailure` for an article longer than the
    model takes (see :func:`too_long`); callers that must go on (``analyze_batch``) check first."""
    from tidings.workers import resolve

    n = resolve(workers)
    if n > 1:
        return _in_workers(articles, batch_size, events, n)
    return _in_process(articles, batch_size, events)


def _in_workers(
    articles: Iterable[Article], batch_size: int, events: bool, workers: int
) -> Iterator[Article]:
    """:func:`process` over chunks of ``batch_size`` articles in ``workers`` processes."""
    from tidings.workers import ordered_map, pool

    it = iter(articles)
    chunks = iter(lambda: list(islice(it, batch_size)), [])
    head = list(islice(chunks, 2))
    if len(head) < 2:  # one batch: starting processes would cost more than it saves
        for chunk in head:
            yield from _in_process(chunk, batch_size, events)
        return
    with pool(workers) as executor:
        for done in ordered_map(
            executor, analyze_chunk, chain(head, chunks), workers, batch_size, events
        ):
            yield from done


def analyze_chunk(chunk: list[Article], batch_size: int, events: bool) -> list[Article]:
    """One chunk of articles, analysed in this process (what each worker process runs)."""
    return list(_in_process(chunk, batch_size, events))


def _in_process(articles: Iterable[Article], batch_size: int, events: bool) -> Iterator[Article]:
    """:func:`process` in this process."""
    from tidings.events import code_events
    from tidings.understand import understand_many

    source = iter(articles)
    carry: Article | None = None
    while True:
        run = _Run(source, carry, batch_size)
        for article, doc in understand_many(run, batch_size=batch_size, with_docs=True):
            if events:
                try:
                    article.events = code_events(article, doc)
                except Exception as exc:  # noqa: BLE001 - one article must not stop the batch
                    article.warnings.append(f"event coding failed: {one_line(exc)}")
            yield article
        if run.done or run.carry is None:
            return
        carry = run.carry


def run(
    inputs: Iterable[str | Path],
    *,
    batch_size: int = 32,
    events: bool = True,
    workers: int | None = 1,
) -> Iterator[Article | ReadError]:
    """Read every input (files, folders, globs, dumps) and process the articles.

    Read errors (and articles the model must not get) are yielded in place, never raised,
    so a batch always goes on. ``workers``: see :func:`process`.
    """
    from tidings.read import read_paths

    errors: list[ReadError] = []

    def _articles() -> Iterator[Article]:
        for rec in read_paths(inputs):
            why = too_long(rec) if isinstance(rec, Article) else None
            if isinstance(rec, ReadError):
                errors.append(rec)
            elif why:
                errors.append(ReadError(source=rec.source, reason=why))
            else:
                yield rec

    for article in process(_articles(), batch_size=batch_size, events=events, workers=workers):
        while errors:
            yield errors.pop(0)
        yield article
    yield from errors


def analyze(source: str | Path | bytes | Article, **read_kwargs) -> Article:
    """Read (unless given an Article), understand and code one article.

    Raises :class:`ReadFailure` when there is no article, or when it is longer than the model
    takes (``tidings.read.read_paths`` would read it as sections)."""
    from tidings.read import read

    article = source if isinstance(source, Article) else read(source, **read_kwargs)
    return next(process([article], batch_size=1))
