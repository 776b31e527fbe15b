"""spaCy without its command line until something asks for it.

``import spacy`` runs ``from .cli.info import info`` for the one function ``spacy.info``, and
that imports spaCy's whole command line: typer, weasel, httpx, requests, every ``spacy``
sub-command (0.17 s of CPU, a third of importing spaCy, in every process: the one-article
``tidings analyze``, each worker). tidings never runs spaCy's command line, so
:func:`defer`, called by ``tidings/__init__`` before anything imports spaCy, puts a stand-in
for ``spacy.cli.info`` in ``sys.modules``:

- ``spacy.info(...)`` and any other name of ``spacy.cli.info`` import the real module and
  answer from it;
- importing ``spacy.cli`` itself (someone running spaCy's command line in this process) drops
  the stand-in first, so spaCy's own ``cli/__init__`` imports the real ``info`` module and
  registers its command as usual.

Nothing else of spaCy changes; ``tests/test_spacy_cli.py`` checks both ways in.
"""

from __future__ import annotations

import importlib
import importlib.abc
import sys
import types
from typing import Any

_INFO = "spacy.cli.info"


class _StandIn(types.ModuleType):
    """``spacy.cli.info`` until one of its names is used: then the real module answers."""

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - whatever spaCy's module holds
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real(), name)


def info(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - spaCy's own signature
    """``spacy.info``: spaCy's, imported on this first call."""
    return _real().info(*args, **kwargs)


def _real() -> types.ModuleType:
    """The real ``spacy.cli.info`` (importing spaCy's command line now)."""
    if isinstance(sys.modules.get(_INFO), _StandIn):
        del sys.modules[_INFO]
    return importlib.import_module(_INFO)


class _OnCliImport(importlib.abc.MetaPathFinder):
    """Drops the stand-in when ``spacy.cli`` itself is imported, then lets the normal
    finders import it."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:  # noqa: ANN401
        if name == "spacy.cli" and isinstance(sys.modules.get(_INFO), _StandIn):
            del sys.modules[_INFO]
        return None


def defer() -> None:
    """Install the stand-in, unless spaCy (or its command line) is already imported."""
    if "spacy" in sys.modules or _INFO in sys.modules:
        return
    stand_in = _StandIn(_INFO, "Stand-in for spaCy's spacy.cli.info (see tidings.spacy_cli)")
    stand_in.info = info
    sys.modules[_INFO] = stand_in
    if not any(isinstance(f, _OnCliImport) for f in sys.meta_path):
        sys.meta_path.insert(0, _OnCliImport())


__all__ = ["defer", "info"]
