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
#: a cue below a passive verb by these is its subject's speech ("X is reported to have said")
_RAISED = {"xcomp", "pcomp", "prep"}
#: the speaker after the cue: '"...," added KCNA.'
_INVERTED = {"dobj", "attr", "npadvmod", "dep", "appos", "oprd"}


@cache
def cues() -> dict[str, str]:
    """Cue lemma -> "both" (direct and reported speech) | "direct" (data/understand/cues.tsv)."""
    return {k: v for k, v in _cue_rows().items() if v != "as"}


@cache
def label_cues() -> frozenset[str]:
    """Verbs that attribute quoted words only through "as" ("hailed as a "hero""): the
    ``as`` rows of data/understand/cues.tsv; never speech verbs otherwise."""
    return frozenset(k for k, v in _cue_rows().items() if v == "as")


@cache
def _cue_rows() -> dict[str, str]:
    out = {}
    for row in datafiles.tsv("understand", "cues.tsv"):
        if len(row) >= 2:
            out[row[0].strip()] = row[1].strip()
    return out


@cache
def documents() -> frozenset[str]:
    """Nouns of documents that speak for their issuer (``data/understand/documents.tsv``)."""
    return frozenset(r[0].strip() for r in datafiles.tsv("understand", "documents.tsv"))


@cache
def bodies() -> frozenset[str]:
    """Nouns of bodies that speak as themselves ("the Chinese court", "X's office"):
    ``data/understand/bodies.tsv``."""
    return frozenset(r[0].strip() for r in datafiles.tsv("understand", "bodies.tsv"))


def cue_lemma(tok) -> str | None:  # noqa: ANN001 - spacy Token
    """The cue lemma of a speech verb token ("said" -> "say"), else None."""
    if tok.pos_ not in {"VERB", "AUX"}:
        return None
    lemma = tok.lemma_.lower()
    return lemma if lemma in cues() else None


def _personal(tok, is_entity: Callable[[int], bool]) -> bool:  # noqa: ANN001
    """Whether a passive subject can be the one who speaks: a named entity or a pronoun
    ("He was asked about it, saying ...")."""
    return is_entity(tok.i) or tok.pos_ in {"PRON", "PROPN"}


def _stranded_object(verb, subj) -> bool:  # noqa: ANN001
    """Whether a gerund's "subject" is really the object of the objectless preposition just
    before it ("linked the suspect to al-Qaeda saying": the parser's nsubj of "saying")."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or subj.left_edge.i == 0:
        return False
    prep = subj.doc[subj.left_edge.i - 1]
    return prep.pos_ == "ADP" and not any(c.dep_ == "pobj" for c in prep.children)


def _by_agent(verb):  # noqa: ANN001, ANN202
    """The agent of a passive cue, however the parser hung its "by" ('being hailed as a
    "hero" by the President of Gabon': "by" under "hero"): the object of a "by" on the verb
    or on the object of its "as"."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    holders = [verb, *(g for c in verb.children if c.lower_ == "as" for g in c.children)]
    for h in holders:
        for c in h.children:
            if c.lower_ == "by" and c.dep_ in {"agent", "prep"}:
                obj = [g for g in c.children if g.dep_ == "pobj"]
                if obj:
                    return obj[0]
    return None


def speech_subject(  # noqa: ANN201
    verb,  # noqa: ANN001
    is_entity: Callable[[int], bool],
    quoted: Callable[[int], bool] | None = None,
):
    """The cue's subject; climbs from "adding"/"calling"/"describing" to the governing verb;
    "who" of a relative clause is the noun the clause describes.

    ``is_entity(token index)`` says whether a token belongs to an entity (for the inverted
    '"...," added KCNA'). Passive cues ("was told to") give the ``by`` agent, if any.
    ``quoted(token index)`` says whether a token is inside quotation marks: a cue the parser
    hung off a quoted verb ('by telling the BBC, "I don't know ...", and saying that') climbs
    past that verb (the quotation's own "I" is not the speaker) to the verb it complements.
    """
    v = verb
    came_from = None  # the relation of the verb the climb came from
    by = _by_agent(verb)
    if by is not None:  # 'hailed as a "hero" by X', with or without a passive subject
        return by
    for _ in range(8):
        if v is not verb and quoted is not None and quoted(v.i) and v.head is not v:
            # a verb of the quoted words: its clause is the quotation, not the cue's
            came_from, v = v.dep_, v.head
            continue
        passive = [c for c in v.children if c.dep_ == "nsubjpass"]
        agent = [g for c in v.children if c.dep_ == "agent" for g in c.children]
        climbs = v is not verb and v.dep_ in _CLIMB | {"ccomp"} and v.head is not v
        if passive and climbs and not agent and not _personal(passive[0], is_entity):
            # a cue the parser hung off a passive complement ('believes that not all the arms
            # were taken from ..., stating, "..."'): the arms are no speaker; climb on
            came_from, v = v.dep_, v.head
            continue
        raised = came_from in _RAISED or (came_from == "advcl" and not agent)
        if passive and v is not verb and raised and _personal(passive[0], is_entity):
            # "X is reported to have said", "X was quoted as saying", "X was criticised for
            # saying", "He was asked about it, saying": the cue is the passive verb's
            # complement (or a participle of its clause), its subject the speaker
            return passive[0]
        if passive:
            # passive: "was told to prepare" - the subject is the addressee; the speaker is
            # the agent ("by KCNA") if named
            return agent[0] if agent else None
        subj = [c for c in v.children if c.dep_ == "nsubj"]
        if subj and subj[0].lower_ in {"who", "that", "which"} and v.dep_ == "relcl":
            if v.head.ent_type_ not in {"DATE", "TIME"}:
                return v.head  # "Xi Jinping, who said ...": the relative clause's noun
            # "updated his Twitter account on Tuesday, which read": a day never speaks
            came_from, v = v.dep_, v.head
            continue
        if subj and _stranded_object(v, subj[0]):
            subj = []  # "linked the suspect to al-Qaeda saying, ...": the "to"'s object
        if subj:  # "One U.S. lawmaker, Congressman Ed Royce, said": two subjects, the name;
            # one before the verb wins over one after it ("A 2006 US report, however, called
            # al-Sadr's Mahdi Army a ...": the parser's second subject is the object)
            subj = [c for c in subj if c.i < v.i] or subj
            return next((c for c in subj if is_entity(c.i)), subj[0])
        if v.dep_ == "acl" and v.head.pos_ in {"NOUN", "PROPN"}:
            if v.head.dep_ != "pobj" or v.head.lemma_.lower() in documents():
                return v.head  # "a message stating ...": the message
            # "Obama linked the suspect to al-Qaeda saying, ...": a gerund the parser hung
            # off a preposition's object belongs to the clause around it
            came_from, v = v.dep_, v.head
            continue
        if v is verb and v.dep_ != "conj":  # "thanked Bush and praised him for": not "him"
            after_quote = quoted is not None and any(quoted(i) for i in range(v.i - 4, v.i))
            after = [  # '"...," added KCNA', '"...," read the statement'
                c
                for c in v.children
                if c.i > v.i
                and c.dep_ in _INVERTED
                and c.pos_ != "PRON"
                and (is_entity(c.i) or (c.lemma_.lower() in documents() and after_quote))
            ]
            if after:
                return after[0]
        if v.dep_ in _CLIMB and v.head is not v:
            came_from, v = v.dep_, v.head
            continue
        break
    return None


__all__ = ["bodies", "cue_lemma", "cues", "documents", "label_cues", "speech_subject"]
