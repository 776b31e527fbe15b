"""Event triggers: which words of a parse can be events, and which of them are not.

Each verb (and each event noun: "a meeting with X") is matched against the verb data
(:mod:`tidings.events.lexicon`). Clause frames (``data/verbs/tidings_frames.tsv``) then decide
what embedded clauses are: the content of a request or a warning is not an event, an intent verb
defers to the act below it, a purpose or manner clause under another event is not a second
event, and "X said Y must ..." makes the speech verb a demand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from tidings import datafiles
from tidings.events.lexicon import Lexicon, VerbMatch, match_verb

PASS_THROUGH = {"xcomp", "ccomp", "pcomp", "prep", "pobj", "dobj", "acomp", "relcl", "acl", "amod"}


@dataclass
class Trigger:
    tok: object  # spaCy token
    code: str
    rule: str
    match: VerbMatch | None
    noun: bool
    target_tok: object | None = None  # set by clause rules ("X said Y must ...": Y)
    by_author: bool = False  # the demand of a first-person statement's author (no speech verb)


def find_triggers(doc, lex: Lexicon) -> list[Trigger]:  # noqa: ANN001 - spacy Doc
    """Every verb, adjective or event noun the verb data codes, and speech-verb demands."""
    out = []
    for tok in doc:
        if tok.pos_ == "VERB" or (tok.pos_ == "ADJ" and tok.dep_ == "acomp"):
            vm = match_verb(tok, lex)
            if vm is None:
                continue
            rule = f"{vm.pattern.source if vm.pattern else 'verb'}:{vm.group}:" + (
                vm.pattern.text if vm.pattern else tok.lemma_.lower()
            )
            out.append(Trigger(tok, vm.code, rule, vm, noun=False))
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.nouns:
            code = lex.nouns[tok.lemma_.lower()][0]
            out.append(Trigger(tok, code, f"tidings:noun:{tok.lemma_.lower()}", None, noun=True))
    # "X said/declared that Y must (should) do Z" is X demanding Z of Y (CAMEO 10)
    for tok in doc:
        if lex.frames.get(tok.lemma_.lower()) != "speech":
            continue
        for clause in demand_clauses(tok):
            subj = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subj and subj[0].lower_ in {"we", "i"}:
                continue  # "we should assume ...": the speaker's own stance, no demand
            out = [t for t in out if t.tok.i != tok.i]
            out.append(
                Trigger(
                    tok,
                    "100",
                    "tidings:speech+must->REQUEST",
                    None,
                    noun=False,
                    target_tok=subj[0] if subj else None,
                )
            )
    return out


@cache
def judgments() -> frozenset[str]:
    """Adjectives of blame ("responsible", "unacceptable"; data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_judgments.txt"))


def author_acts(sents, quoted: set[int]) -> list[Trigger]:  # noqa: ANN001
    """The acts of a first-person statement's author that no verb of saying states: a
    sentence of its own "Y must/should do Z" is a demand of Y (CAMEO 10); "Y is responsible
    for ...", "these abuses are unacceptable" an accusation of Y (CAMEO 112). Outside
    quotation marks, Y not the author."""
    out = []
    for sent in sents:
        root = sent.root
        if root.i in quoted or root.pos_ not in {"VERB", "AUX"}:
            continue
        subj = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if not subj or subj[0].lower_ in {"we", "i", "it", "this", "that", "there"}:
            continue
        if any(a.dep_ == "aux" and a.lower_ in {"must", "should"} for a in root.children):
            out.append(Trigger(root, "100", "tidings:statement+must->REQUEST", None,
                               noun=False, target_tok=subj[0], by_author=True))  # fmt: skip
            continue
        blame = [c for c in root.children if c.dep_ == "acomp" and c.lemma_.lower() in judgments()]
        if root.lemma_ == "be" and blame:
            out.append(Trigger(blame[0], "112", "tidings:statement+blame->ACCUSE", None,
                               noun=False, target_tok=subj[0], by_author=True))  # fmt: skip
    return out


def demand_clauses(speech):  # noqa: ANN001, ANN202
    return [
        c
        for c in speech.children
        if c.dep_ == "ccomp"
        and any(a.dep_ == "aux" and a.lower_ in {"must", "should"} for a in c.children)
    ]


def in_demand(trig: Trigger, lex: Lexicon) -> bool:
    """Inside the demanded clause of "X said Y must ...": its content, not an event."""
    cur = trig.tok
    while cur.head.i != cur.i:
        nxt = cur.head
        if lex.frames.get(nxt.lemma_.lower()) == "speech" and cur in demand_clauses(nxt):
            return True
        cur = nxt
    return False


def chain(tok):  # noqa: ANN001, ANN202
    """Ancestors reached through argument/complement links (stops at advcl/conj/ROOT)."""
    cur = tok
    while cur.head.i != cur.i and cur.dep_ in PASS_THROUGH:
        cur = cur.head
        yield cur


def frame_of(tok, lex: Lexicon) -> str | None:  # noqa: ANN001
    """The clause frame of a verb (speech, control, intent, negative, claimnoun) or None; a
    commitment ("committed", "ready") is an intent frame here (see :func:`committed_by`)."""
    frame = lex.frames.get(tok.lemma_.lower())
    return "intent" if frame == "commit" else frame


def committed_by(tok, lex: Lexicon) -> bool:  # noqa: ANN001
    """A commitment made now ("is committed to", "remains prepared to", "ready to")."""
    return lex.frames.get(tok.lemma_.lower()) == "commit"


def controlled(trig: Trigger, lex: Lexicon, trigger_ids: set[int]) -> bool:
    """True when the trigger is the content of a request/warning/refusal verb (not an event)."""
    for anc in chain(trig.tok):
        frame = frame_of(anc, lex)
        if frame == "speech":
            return False
        if frame == "control" and anc.i in trigger_ids:
            return True
    return False


def intent_head(trig: Trigger, lex: Lexicon, trigger_ids: set[int]) -> bool:
    """An intent verb ("expect", "want") with an event below it: the embedded one is coded."""
    if frame_of(trig.tok, lex) != "intent":
        return False
    return any(t.i in trigger_ids and t.i != trig.tok.i for t in trig.tok.subtree)


def subordinate(trig: Trigger, lex: Lexicon, event_ids: set[int]) -> bool:
    """One event per clause hierarchy (as PETRARCH codes): an event verb below another event
    verb ("offered troops to help", "resigned to allow") is its purpose or manner, not a
    second event. Conjoined verbs stay separate events; reports (speech verbs) stop the climb."""
    cur = trig.tok
    while cur.head.i != cur.i:
        dep = cur.dep_
        cur = cur.head
        if frame_of(cur, lex) == "speech" or (cur.pos_ == "AUX" and dep == "ccomp"):
            return False
        if dep == "relcl":  # "the leaders who met in Washington agreed": its own event
            return False
        if cur.i in event_ids:
            return dep != "conj"
    return False


__all__ = [
    "Trigger",
    "author_acts",
    "chain",
    "committed_by",
    "controlled",
    "demand_clauses",
    "find_triggers",
    "frame_of",
    "in_demand",
    "intent_head",
    "subordinate",
]
