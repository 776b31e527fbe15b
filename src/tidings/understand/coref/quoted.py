"""Facts of the parse that coreference and its users share: quoted words and reporting clauses.

:func:`quoted_tokens` is the one index of the tokens inside quotation marks (kept on the Doc, so
the attributor, the coreference and the event coder see one set); :func:`reporter_of` is the
subject of the clause that reports a pronoun's clause ("Syria says it is willing ...").
"""

from __future__ import annotations

from tidings.understand.marks import Span, quote_spans

#: person pronouns the understanding stage links to people (and the event coder reads)
PERSON_PRONOUNS = {"he", "she", "him", "his", "her", "hers"}
#: reflexives: their clause's subject
REFLEXIVES = {"himself", "herself"}
#: pronouns that can be a speaker ("he said")
SPEAKER_PRONOUNS = {"he", "she"}
#: dependencies of clauses that report another clause
REPORTED = {"ccomp", "xcomp", "advcl", "conj", "relcl"}
#: dependencies that start an embedded clause
CLAUSES = REPORTED | {"acl", "parataxis", "csubj", "pcomp"}
_CACHE = "tidings.quoted"


def quoted_tokens(doc, spans: list[Span] | None = None) -> set[int]:  # noqa: ANN001 - spacy Doc
    """Indices of the tokens inside quotation marks (every passage :func:`quote_spans` finds).

    Computed once per Doc (kept in ``doc.user_data``), so the quote attributor and the event
    coder see the same set.
    """
    cached = doc.user_data.get(_CACHE)
    if cached is not None:
        return cached
    out: set[int] = set()
    for s in quote_spans(doc.text) if spans is None else spans:
        for a, b in s.segments:
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None:
                out.update(t.i for t in span)
    doc.user_data[_CACHE] = out
    return out


def own_clause(head) -> list:  # noqa: ANN001
    """The tokens of ``head``'s clause, without the clauses embedded in it."""
    out, stack = [], [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in CLAUSES)
    return out


def reporter_of(pron):  # noqa: ANN001, ANN201 - spacy Token
    """'Syria says it is willing ...': the subject (a token) of the clause that reports the
    pronoun's clause, or None."""
    cur = pron.head
    for _ in range(6):
        if cur.head.i == cur.i:
            return None
        nxt = cur.head
        if cur.dep_ in REPORTED:
            subj = [c for c in nxt.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subj and subj[0].i != pron.i and subj[0].pos_ != "PRON":
                return subj[0]
        cur = nxt
    return None


__all__ = [
    "CLAUSES",
    "PERSON_PRONOUNS",
    "REFLEXIVES",
    "REPORTED",
    "SPEAKER_PRONOUNS",
    "own_clause",
    "quoted_tokens",
    "reporter_of",
]
