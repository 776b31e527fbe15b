"""Understand stage driver: spaCy over batches, then entities, coreference and quotes.

The model is loaded once per process (:func:`tidings.understand.nlp.load`); ``nlp.pipe``
batches the articles. Per parsed Doc, in this order: entity clusters and what they are
(:mod:`~tidings.understand.entities`), title-only mentions (:mod:`~tidings.understand.coref`),
quotes and their speakers (:mod:`~tidings.understand.quotes`, which links speaker pronouns),
then every other person pronoun (coref again), so that the event coder finds every person
mention on ``article.entities``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator

from tidings import kb
from tidings.schema import Article
from tidings.settings import get_settings
from tidings.understand.coref import Coreference, quoted_tokens
from tidings.understand.coref.interviews import Interview
from tidings.understand.entities import Resolver
from tidings.understand.marks import quote_spans
from tidings.understand.nlp import load
from tidings.understand.people import (
    counterparts,
    local_people,
    mention_roles,
    relatives,
    title_people,
)
from tidings.understand.quotes import attribute

#: seconds spent per stage in this process (read by benchmarks/analyze_speed.py)
TIMINGS: dict[str, float] = defaultdict(float)


def analyse_doc(article: Article, doc) -> Article:  # noqa: ANN001 - spacy Doc
    """Fill ``entities`` and ``quotes`` of an article from its parsed Doc."""
    t0 = time.perf_counter()
    res = Resolver(doc, date=article.published, text=article.text)
    res.resolve()
    spans = quote_spans(article.text)
    quoted_tokens(doc, spans)
    title_people(res, article.title, article.published)
    coref = Coreference(res, spans)
    coref.link_titles()
    res.assign_ids()
    turns = Interview(res, article.title).turns()
    coref.link_pronouns(voiced=[(a, b, e) for a, b, e, _ in turns if e])
    mention_roles(res)
    counterparts(res)
    t1 = time.perf_counter()
    article.quotes = attribute(doc, res, coref, spans, turns)
    t2 = time.perf_counter()
    coref.link_pronouns(article.quotes)
    mention_roles(res)  # the definite titles that name a speaker ("the chief negotiator said")
    relatives(res)  # before the home-country guess: "his wife Laura" is Bush's
    local_people(res, {q.speaker for q in article.quotes if q.speaker}, article.dateline)
    relatives(res)  # and after it, for the relatives of its people
    article.entities = res.entities()
    TIMINGS["resolution"] += t1 - t0 + (time.perf_counter() - t2)
    TIMINGS["quotes"] += t2 - t1
    return article


_settled: list[bool] = []


def _settle() -> None:
    """Once per process, after the model and the knowledge base are loaded: move everything
    that exists now (the model, the KB tables, the modules) out of the garbage collector's
    reach (``gc.freeze``). They live as long as the process, and a full collection walking
    them cost 0.07 s each time it ran (three times in a one-article run)."""
    if not _settled:
        import gc

        gc.freeze()
        _settled.append(True)


def understand_many(
    articles: Iterable[Article], *, batch_size: int = 32, with_docs: bool = False
) -> Iterator:
    """Yield each article with entities and quotes filled (and its spaCy Doc if ``with_docs``).

    ``TIDINGS_NLP_PROCESSES`` (default 1) runs spaCy in that many worker processes.
    Streams: articles are consumed lazily in batches, so a generator of a million articles
    never sits in memory. One bad article (an exception in the rules) is reported in its
    ``warnings`` and the batch goes on.
    """
    nlp = load()
    kb.warm()
    _settle()
    it = iter(articles)

    def texts() -> Iterator[tuple[str, Article]]:
        for a in it:
            yield a.text, a

    t = time.perf_counter()
    n_process = get_settings().nlp_processes
    for doc, article in nlp.pipe(
        texts(), batch_size=batch_size, as_tuples=True, n_process=n_process
    ):
        TIMINGS["spacy"] += time.perf_counter() - t
        try:
            analyse_doc(article, doc)
        except Exception as exc:  # noqa: BLE001 - one article must not stop the batch
            article.warnings.append(f"understand failed: {type(exc).__name__}: {exc}")
        yield (article, doc) if with_docs else article
        t = time.perf_counter()


def understand(article: Article) -> Article:
    """Understand one article."""
    return next(understand_many([article], batch_size=1))
