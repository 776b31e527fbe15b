"""tidings: turn news into structured, verifiable event data.

The public API mirrors the pipeline's stages::

    import tidings
    article = tidings.read("article.txt")        # read: clean Article record
    article = tidings.analyze("article.txt")     # read + understand + code events
"""

from __future__ import annotations

from tidings import spacy_cli

spacy_cli.defer()  # before anything imports spaCy: its command line is imported on first use

from tidings.schema import Article, Entity, Event, Mention, Quote, ReadError  # noqa: E402

__version__ = "0.1.0"


def read(source, **kwargs) -> Article:  # noqa: ANN001 - str | Path | bytes
    """Read one article (path, raw text/HTML string or bytes) into a clean :class:`Article`."""
    from tidings.read import read as _read

    return _read(source, **kwargs)


def analyze(source, **kwargs) -> Article:  # noqa: ANN001
    """Read (if needed), understand and code one article; returns the enriched :class:`Article`."""
    from tidings.pipeline import analyze as _analyze

    return _analyze(source, **kwargs)


__all__ = [
    "Article",
    "Entity",
    "Event",
    "Mention",
    "Quote",
    "ReadError",
    "__version__",
    "analyze",
    "read",
]
