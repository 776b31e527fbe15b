"""Speech verbs: which verbs report speech (cues) and who their speaker (subject) is.

Shared by quote attribution (a quote's cue and speaker) and coreference (the subject of a
speech verb is the likeliest antecedent of a later "he said"). Cues: ``data/understand/cues.tsv``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from tidings import datafiles

#: a cue below one of these hangs off the verb that has the subject ("said, adding that ...")
_CLIMB = {"advcl", "xcomp", "conj", "pcomp", "prep", "pobj", "acl", "dobj"}
#: the speaker after the cue: '"...," added KCNA.'
_INVERTED = {"dobj", "attr", "npadvmod", "dep", "appos", "oprd"}


@cache
def cues() -> dict[str, str]:
    """Cue lemma -> "both" (direct and reported speech) | "direct" (data/understand/cues.tsv)."""
    out = {}
    for row in datafiles.tsv("understand", "cues.tsv"):
        if len(row) >= 2:
            out[row[0].strip()] = row[1].strip()
    return out


def cue_lemma(tok) -> str | None:  # noqa: ANN001 - spacy Token
    """The cue lemma of a speech verb token ("said" -> "say"), else None."""
    if tok.pos_ not in {"VERB", "AUX"}:
        return None
    lemma = tok.lemma_.lower()
    return lemma if lemma in cues() else None


def speech_subject(verb, is_entity: Callable[[int], bool]):  # noqa: ANN001, ANN201
    """The cue's subject; climbs from "adding"/"calling"/"describing" to the governing verb;
    "who" of a relative clause is the noun the clause describes.

    ``is_entity(token index)`` says whether a token belongs to an entity (for the inverted
    '"...," added KCNA'). Passive cues ("was told to") give the ``by`` agent, if any.
    """
    v = verb
    for _ in range(6):
        if any(c.dep_ == "nsubjpass" for c in v.children):
            # passive: "was told to prepare" - the subject is the addressee; the speaker is
            # the agent ("by KCNA") if named
            agent = [g for c in v.children if c.dep_ == "agent" for g in c.children]
            return agent[0] if agent else None
        subj = [c for c in v.children if c.dep_ == "nsubj"]
        if subj and subj[0].lower_ in {"who", "that"} and v.dep_ == "relcl":
            return v.head  # "Xi Jinping, who said ...": the relative clause's noun
        if subj:  # "One U.S. lawmaker, Congressman Ed Royce, said": two subjects, the name
            return next((c for c in subj if is_entity(c.i)), subj[0])
        if v.dep_ == "acl" and v.head.pos_ in {"NOUN", "PROPN"}:
            return v.head  # "a message stating ...": the message
        if v is verb:
            after = [c for c in v.children if c.i > v.i and c.dep_ in _INVERTED and is_entity(c.i)]
            if after:
                return after[0]
        if v.dep_ in _CLIMB and v.head is not v:
            v = v.head
            continue
        break
    return None


__all__ = ["cue_lemma", "cues", "speech_subject"]
