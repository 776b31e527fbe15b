"""Modality of an event (asserted, negated, hypothetical, future, reported claim) and the
recodings it implies (PLOVER manual): future co-operation is an AGREE, negated co-operation a
REJECT, an announced future conflict act a THREATEN.
"""

from __future__ import annotations

from tidings.events.lexicon import Lexicon
from tidings.events.triggers import Trigger, chain, committed_by, frame_of
from tidings.ontology import coding
from tidings.schema import EventActor

FUTURE_AUX = {"will", "shall", "'ll", "wo", "would"}
HYPO_AUX = {"could", "might", "may"}
COND_MARKS = {"if", "unless", "whether"}
CLAIM_ADV = {"allegedly", "reportedly", "purportedly", "supposedly"}
# PLOVER: co-operative acts reported in the future tense are AGREE; CAMEO's 03x intent codes
# (035x: intent to yield) cover promised concessions and retreats the same way
INTENT_TO_AGREE = {
    "CONSULT": "036",
    "SUPPORT": "032",
    "COOPERATE": "031",
    "AID": "033",
    "CONCEDE": "035",
    "RETREAT": "035",
}
_RETREAT_INTENT = {"0841": "0353", "0842": "0353", "085": "0354", "086": "0355", "087": "0356"}
# an announced future conflict act is a threat (CAMEO 13): "said they would boycott ..." (a
# protest announced: a threat of dissent, 133, as the CAMEO manual's "future tense implies a
# threat")
FUTURE_TO_THREATEN = {
    "SANCTION": "1312",
    "COERCE": "131",
    "ASSAULT": "138",
    "MOBILIZE": "138",
    "PROTEST": "133",
}
_THREAT_SPECIFIC = {"191": "1381", "192": "1382", "172": "132", "1723": "1323", "1724": "1324"}
NEGATED_TO_REJECT = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}


def _aux_hosts(trig: Trigger, ancestors: list) -> list:
    """The clause's own auxiliaries' heads (a conjunct shares its head's: "would react and be
    welcoming"; an event noun takes its governing verb's)."""
    tok = trig.tok
    if not trig.noun:
        hosts = [tok] + ([tok.head] if tok.dep_ == "conj" else [])
        cur = tok
        for _ in range(2):  # "will continue to support", "would like to meet"
            if cur.dep_ != "xcomp" or cur.head.i == cur.i:
                break
            cur = cur.head
            hosts.append(cur)
        return hosts
    hosts = [t for t in ancestors if t.pos_ in {"VERB", "AUX"}][:1]
    return hosts + [t.head for t in hosts if t.dep_ == "conj"]


def _negated(tok, ancestors: list, hosts: list, lex: Lexicon) -> bool:  # noqa: ANN001
    if any(c.dep_ == "neg" for h in hosts for c in h.children):
        return True
    for anc in ancestors[1:]:
        if frame_of(anc, lex) == "intent" and any(c.dep_ == "neg" for c in anc.children):
            return True
        if frame_of(anc, lex) == "negative" and anc.i == tok.head.i and tok.dep_ == "xcomp":
            return True  # "unable to agree", "failed to reach a deal"
    return False


def _be_to(verb) -> bool:  # noqa: ANN001
    """ "Abbas, who is to hold talks with Bush on Friday", "the two are to meet": "be to" with
    an active infinitive is an arranged future act; a passive one is what was decided for
    someone ("the two women are to be held for seven days": held, as ordered)."""
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and head.lemma_ == "be"
        and head.pos_ == "AUX"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and not any(c.dep_ == "auxpass" for c in verb.children)
    )


def _conditional(ancestors: list) -> str | None:
    """ "hypothetical" for an act inside an if-clause or a could/might consequent; "promise"
    for the will/would consequent of a condition ("if such a proposal is submitted, we will
    react positively": a conditional offer; "if Russia invades, we will impose costs": a
    conditional threat — PLOVER codes the promise or threat as made)."""
    for k, t in enumerate(ancestors):
        if any(c.dep_ == "mark" and c.lower_ in COND_MARKS for c in t.children):
            return "hypothetical"
        has_if = any(
            c.dep_ == "advcl"
            and any(m.lower_ in COND_MARKS for m in c.children if m.dep_ == "mark")
            for c in t.children
        )
        auxes = {c.lower_ for c in t.children if c.dep_ == "aux"}
        if has_if and auxes & HYPO_AUX:
            return "hypothetical"
        if has_if and auxes & FUTURE_AUX:
            return "promise" if k == 0 else "hypothetical"
    return None


def _claimed(tok, ancestors: list, lex: Lexicon, source: list[EventActor], resolver) -> bool:  # noqa: ANN001
    """ "allegedly", "alleged meddling", "speculations that ...", "X said that Y did"."""
    if any(c.lower_ in CLAIM_ADV for c in tok.children):
        return True
    if any(c.lower_ == "alleged" and c.dep_ == "amod" for c in tok.children):
        return True
    for anc in ancestors[1:]:
        frame = frame_of(anc, lex)
        if frame == "claimnoun" and anc.pos_ == "NOUN":
            return True
        if frame == "speech":
            named, same = _speaker_vs_source(anc, source, resolver)
            return named and not same
    return False


def _speaker_vs_source(verb, source: list[EventActor], resolver) -> tuple[bool, bool]:  # noqa: ANN001
    """Whether a speech verb's subject resolves to any actor, and whether to one of the act's
    source (by name or actor code)."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    speaker = resolver.resolve(subj) if subj is not None else []
    spk = {a.name for a in speaker} | {a.actor_code for a in speaker if a.actor_code}
    src = {a.name for a in source} | {a.actor_code for a in source if a.actor_code}
    return bool(speaker), bool(spk & src)


def _own_statement(ancestors: list, lex: Lexicon, source: list[EventActor], resolver) -> bool:  # noqa: ANN001
    """The act is stated by its own source: the nearest speech verb above it has a subject
    resolved to one of the source's actors ("Israel said it could strike ...")."""
    for anc in ancestors[1:]:
        if frame_of(anc, lex) == "speech":
            return _speaker_vs_source(anc, source, resolver)[1]
    return False


def modality_of(trig: Trigger, lex: Lexicon, source: list[EventActor], resolver) -> str:  # noqa: ANN001
    """The modality of a trigger's event, from its own clause and the clauses above it."""
    tok = trig.tok
    ancestors = [tok, *chain(tok)]
    hosts = _aux_hosts(trig, ancestors)
    if _negated(tok, ancestors, hosts, lex):
        return "negated"
    cond = _conditional(ancestors)
    if cond is not None:
        return cond
    auxes = {c.lower_ for h in hosts for c in h.children if c.dep_ == "aux"}
    if auxes & HYPO_AUX and _own_statement(ancestors, lex, source, resolver):
        # "Israel said it could strike Iran": an actor's own stated possible act is announced
        # (a threat, or an offer: "said it could provide aid"), not a reporter's speculation
        return "future"
    if auxes & HYPO_AUX or "should" in auxes:
        return "hypothetical"
    if auxes & FUTURE_AUX or any(_be_to(h) for h in hosts):
        return "future"
    intents = [anc for anc in ancestors[1:] if frame_of(anc, lex) == "intent"]
    if intents:
        return "promise" if committed_by(intents[0], lex) else "future"
    if any(c.lower_ == "going" for c in tok.children if c.dep_ == "aux"):
        return "future"
    if _claimed(tok, ancestors, lex, source, resolver):
        return "reported-claim"
    return "asserted"


def recode(cod, modality: str, rule: str):  # noqa: ANN001, ANN201 - an ontology coding
    """(coding, modality, rule) after the modality's recodings (unchanged when none applies).

    A conditional promise or threat ("promise", see :func:`modality_of`) is recoded as a
    future act and then stands as made: modality ``asserted``."""
    if modality == "promise":
        if cod.type == "PROTEST" and coding("133") is not None:
            # "will boycott the elections unless ...": a threat of dissent (CAMEO 133)
            cod, rule = coding("133"), rule + " +conditional->THREATEN"
            return cod, "asserted", rule
        cod, _, rule = recode(cod, "future", rule)
        return cod, "asserted", rule + " +conditional"
    if modality == "negated" and cod.type in NEGATED_TO_REJECT:
        # "will not accept refugees", "refused permission": a rejection (CAMEO 12)
        rej = coding("120")
        if rej is not None:
            return rej, "asserted", rule + " +negated->REJECT"
    if modality == "future" and cod.type in FUTURE_TO_THREATEN:
        threat = coding(_THREAT_SPECIFIC.get(cod.cameo or "", FUTURE_TO_THREATEN[cod.type]))
        if threat is not None:
            cod, rule = threat, rule + " +future->THREATEN"
    if modality == "future" and cod.type in INTENT_TO_AGREE:
        intent = coding(_RETREAT_INTENT.get(cod.cameo or "", INTENT_TO_AGREE[cod.type]))
        if intent is not None:
            cod, rule = intent, rule + " +intent->AGREE"
    return cod, modality, rule


__all__ = ["modality_of", "recode"]
