"""Sides the text implies but does not name in the trigger's own clause.

- The unstated agent of a state act in the passive ("Montalvo was arrested", "three of his
  supporters have been arrested"): the police, army or court the article names, the nearest
  mention of an actor of the act's sectors (``data/verbs/tidings_state_acts.tsv``).
- The target of a reaction to an act or a statement told before ("Mbeki denounced the
  operation" after "Comoros invaded the island"; "rejected the accusations"): the source of the
  nearest earlier candidate of that kind (``data/verbs/tidings_act_nouns.tsv``), the coder's
  own events, never a name looked up again.

- The target of a denial: who made the claim denied (its owner, or the source of the
  accusation told before that it answers).
- The two actors "both countries", "the two leaders", "the two sides" stand for
  (``data/verbs/tidings_pair_nouns.tsv``): the two nearest distinct entities of that kind the
  understanding stage found before the phrase, within ``PAIR_BACK`` sentences.

The first two are marked on the candidate (``Candidate.implied``) so that the judge weighs them
as such.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from tidings import datafiles, kb
from tidings.events.actors import ActorResolver, entity_actor, is_country, is_place
from tidings.events.owners import owners_of
from tidings.schema import Entity, EventActor, Mention

if TYPE_CHECKING:
    from tidings.events.coder import Candidate

#: the act kinds of tidings_act_nouns.tsv -> PLOVER quad classes of the acts they stand for
#: ("news" stands for the first material act with an actor the article reports)
KIND_QUADS = {"act": {2, 4}, "word": {1, 3}, "news": {2, 4}}
#: prepositions whose object is what a reaction is about ("protested against the move")
ABOUT_PREPS = {"against", "of", "about", "over", "on", "to", "for"}
MAX_BACK = 6  # sentences an anaphoric act noun may reach back
LEAD = 2  # sentences of the article's lead (its news)
PAIR_BACK = 3  # sentences before its own that "both countries" may reach back for its pair
PAIR_WORDS = {"two", "both"}


@cache
def state_acts() -> dict[str, tuple[str, ...]]:
    """Verb lemma -> sectors whose actor does it when the passive names nobody."""
    return {
        row[0].strip(): tuple(s.strip() for s in row[1].split(","))
        for row in datafiles.tsv("verbs", "tidings_state_acts.tsv")
        if len(row) >= 2
    }


@cache
def act_nouns() -> dict[str, str]:
    """Noun lemma -> ``act`` or ``word``: what kind of earlier event it stands for."""
    return {
        row[0].strip(): row[1].strip()
        for row in datafiles.tsv("verbs", "tidings_act_nouns.tsv")
        if len(row) >= 2
    }


@cache
def pair_nouns() -> dict[str, str]:
    """Plural head -> the kind of the two actors it stands for ("countries" -> country)."""
    return {
        row[0].strip(): row[1].strip()
        for row in datafiles.tsv("verbs", "tidings_pair_nouns.tsv")
        if len(row) >= 2
    }


def is_pair_phrase(tok) -> bool:  # noqa: ANN001
    """A plural noun with "two" or "both" ("the two leaders", "both sides")."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NNS":
        return False
    return any(c.lower_ in PAIR_WORDS for c in tok.children)


def pair_kind(tok) -> str | None:  # noqa: ANN001
    """The kind of actor a "both countries" / "the two leaders" phrase names two of, or None
    for any other noun ("two soldiers" counts people nobody named: no pair noun)."""
    return pair_nouns().get(tok.lower_) if is_pair_phrase(tok) else None


def _of_kind(ent: Entity, kind: str) -> bool:
    """Whether an entity can be one of a pair of that kind (a city or region never is)."""
    if is_place(ent):
        return False
    if kind == "country":
        return is_country(ent)
    if kind == "person":
        return ent.type == "PERSON"
    return ent.type in {"PERSON", "ORG", "NORP"} or is_country(ent)


class Implied:
    """Finds implied sides in one article (the security actors are scanned once, lazily)."""

    def __init__(self, resolver: ActorResolver) -> None:
        self.resolver = resolver
        self._security: list[tuple[int, str, EventActor]] | None = None
        self._mentions: list[tuple[int, Entity, Mention]] | None = None

    def _mentions_in_order(self) -> list[tuple[int, Entity, Mention]]:
        """(first token, entity, mention) of every non-pronoun mention, in text order."""
        if self._mentions is None:
            index = self.resolver.index
            found = {}
            for i in sorted(index.mentions_at):
                for ent, m in index.mentions_at[i]:
                    if m.kind != "pronoun" and id(m) not in found:
                        found[id(m)] = (i, ent, m)
            self._mentions = sorted(found.values(), key=lambda x: x[0])
        return self._mentions

    def pair_before(self, tok) -> tuple[list[EventActor], list[EventActor]] | None:  # noqa: ANN001
        """The two actors "both countries", "the two leaders" stand for, as the understanding
        stage resolved them, named before the phrase within ``PAIR_BACK`` sentences: the
        nearest two coordinated ones ("The United States and the United Kingdom closed their
        embassies in Yemen ... the two nations"), else the two nearest distinct ones, in the
        order the text named them; None when the phrase is no pair noun or fewer than two are
        named."""
        kind = pair_kind(tok)
        if kind is None:
            return None
        index, doc = self.resolver.index, self.resolver.doc
        here, left = index.sent_of[tok.i], tok.left_edge.i
        near: list[tuple[int, str, EventActor, object]] = []  # (token, key, actor, head)
        for i, ent, m in reversed(self._mentions_in_order()):
            if i >= left:
                continue
            if here - index.sent_of[i] > PAIR_BACK:
                break
            actor = self._pair_actor(ent, m, kind)
            key = (actor.country if kind == "country" else actor.name) if actor else None
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if key and span is not None:
                near.append((i, key, actor, span.root))
        for _, key, actor, head in near:  # "A and B": the nearest coordinated pair
            if head.dep_ != "conj":
                continue
            first = next((n for n in near if n[3].i == head.head.i and n[1] != key), None)
            if first is not None:
                return [first[2]], [actor]
        found: dict[str, tuple[int, EventActor]] = {}
        for i, key, actor, _ in near:
            if key not in found and len(found) < 2:
                found[key] = (i, actor)
        if len(found) < 2:
            return None
        first, second = sorted(found.values(), key=lambda x: x[0])
        return [first[1]], [second[1]]

    def _pair_actor(self, ent: Entity, m: Mention, kind: str) -> EventActor | None:
        """One side of a pair, as the entity's actor (a country acting is its government)."""
        return entity_actor(ent, m.start, m.end) if _of_kind(ent, kind) else None

    def _security_actors(self) -> list[tuple[int, str, EventActor]]:
        """(sentence number, sector, actor) of every mention of a police, army or court
        actor, in text order (not one a state act is done to: "the officers were arrested")."""
        if self._security is not None:
            return self._security
        index, out = self.resolver.index, []
        wanted = {s for sectors in state_acts().values() for s in sectors}
        for tok in self.resolver.doc:
            if tok.pos_ not in {"NOUN", "PROPN"} or tok.dep_ in {"compound", "amod"}:
                continue
            if tok.i in index.quoted or _suffers_state_act(tok):
                continue
            guess = kb.sector_for(tok.lemma_) or kb.sector_for(tok.text)
            ents = index.mentions_at.get(tok.i, [])
            if not (guess and guess[:3] in wanted) and not any(
                (kb.split_code(e.actor_code)[1] or "")[:3] in wanted for e, _ in ents
            ):
                continue
            actor = self.resolver.resolve_one(tok)
            sector = (kb.split_code(actor.actor_code)[1] or "")[:3] if actor else ""
            if actor is not None and sector in wanted:
                out.append((index.sent_of[tok.i], sector, actor))
        self._security = out
        return out

    def passive_agent(
        self,
        tok,  # noqa: ANN001
        target: list[EventActor],
        earlier: Sequence[Candidate] = (),
    ) -> list[EventActor]:
        """The actor that did a state act the passive names no agent of, or []: the actor of
        those sectors that did such an act the article told before, within ``MAX_BACK``
        sentences ("Turkish police arrested two colonels ... 40 people were detained"); else
        the nearest police, army or court actor the article names; when it names none, the
        government of the country the clause says it was done in ("journalists were arrested
        in Iran" -> IRNGOV)."""
        sectors = state_acts().get(_act_key(tok))
        if not sectors or not any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children):
            return []  # the verb's own passive ("was arrested"), not a governing one
        here = self.resolver.index.sent_of[tok.i]
        names = {a.name for a in target}
        told = self._earlier_agent(tok, sectors, names, earlier)
        if told:
            return told
        patient = _patient_chars(tok)
        best = None
        for sent, sector, actor in self._security_actors():
            if sector not in sectors or actor.name in names:
                continue
            if actor.start is not None and any(a <= actor.start < b for a, b in patient):
                continue  # "40 people were detained, including three retired army generals"
            dist = here - sent if sent <= here else (sent - here) + 0.5  # before wins a tie
            key = (dist, sectors.index(sector))
            if best is None or key < best[0]:
                best = (key, actor)
        if best is None:
            return self._state(tok)
        country = next((a.country for a in target if a.country), None)
        actor = best[1]
        if not actor.country and country:  # a state's police act in its own country
            sector = kb.split_code(actor.actor_code)[1] or ""
            actor = actor.model_copy(update={"country": country, "actor_code": country + sector})
        return [actor]

    def _earlier_agent(
        self,
        tok,  # noqa: ANN001
        sectors: tuple[str, ...],
        names: set[str],
        earlier: Sequence[Candidate],
    ) -> list[EventActor]:
        """The source of the nearest earlier state act of these sectors with a source of its
        own (not an implied one), within ``MAX_BACK`` sentences."""
        index = self.resolver.index
        here = index.sent_of[tok.i]
        for cand in reversed(earlier):
            if cand.implied or here - index.sent_of[cand.trig.tok.i] > MAX_BACK:
                continue
            if cand.trig.noun or _act_key(cand.trig.tok) not in state_acts():
                continue
            got = [a for a in cand.event.source if a.name not in names
                   and (kb.split_code(a.actor_code or "")[1] or "")[:3] in sectors]  # fmt: skip
            if got:
                return got
        return []

    def _state(self, tok) -> list[EventActor]:  # noqa: ANN001
        """The government of the country a state act was done in ("arrested in Iran"), when
        the article names no police, army or court at all; [] when the clause names none."""
        country = None
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"in", "inside"}:
                continue
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                ent = self.resolver.entity_at(pobj.idx, pobj.idx + len(pobj.text))
                if ent is not None and ent.type in {"GPE", "LOC"} and ent.country:
                    country = ent.country
        name = kb.country_name(country) if country else None
        if not name:
            return []
        return [EventActor(name=name, country=country, actor_code=country + "GOV")]

    def reaction_target(
        self,
        tok,
        source: list[EventActor],
        earlier: list[Candidate],  # noqa: ANN001
        about=None,  # noqa: ANN001 - the judged noun of an appraisal ("said the move was ...")
    ) -> list[EventActor]:
        """For a verbal reaction to "the operation" / "the accusations" with no target: the
        source of the nearest earlier candidate of that kind, or []."""
        kind, noun = None, None
        if about is not None and act_nouns().get(about.lemma_.lower()):
            kind, noun = act_nouns()[about.lemma_.lower()], about
        for c in tok.children:
            nouns = [c] if c.dep_ == "dobj" else []
            if c.dep_ == "prep" and c.lower_ in ABOUT_PREPS:
                nouns = [p for p in c.children if p.dep_ == "pobj"]
            for n in nouns:
                if kind is None and act_nouns().get(n.lemma_.lower()):
                    kind, noun = act_nouns()[n.lemma_.lower()], n
        if kind is None or owners_of(noun):
            return []  # "the first such request by anyone": a noun naming its owner points nowhere
        index = self.resolver.index
        here = index.sent_of[tok.i]
        names = {a.name for a in source}
        codes = {a.actor_code for a in source if a.actor_code}
        owner = self.resolver.earlier_owner(
            noun, skip=lambda a: a.name in names or bool(a.actor_code and a.actor_code in codes)
        )
        if owner:
            return owner

        def fits(cand: Candidate) -> bool:
            ev = cand.event
            return (
                cand.trig.tok.i < tok.i
                and not cand.implied
                and ev.quad_class in KIND_QUADS[kind]
                and bool(ev.source)
                and not any(a.name in names or (a.actor_code and a.actor_code in codes)
                            for a in ev.source)
            )  # fmt: skip

        if kind == "act":  # "the operation": the act the article's lead reports, if any
            lead = [c for c in earlier if index.sent_of[c.trig.tok.i] < LEAD and fits(c)]
            if lead:
                return list(lead[0].event.source)
        if kind == "news":  # "welcomed the news": the first act with an actor the article told
            news = [c for c in earlier if c.event.quad_class in KIND_QUADS["news"] and fits(c)]
            return list(news[0].event.source) if news else []
        for cand in reversed(earlier):
            if here - index.sent_of[cand.trig.tok.i] <= MAX_BACK and fits(cand):
                return list(cand.event.source)
        return []


def _suffers_state_act(tok) -> bool:  # noqa: ANN001
    """A noun a state act is done to ("the four army officers were arrested", "police
    arrested two colonels"): it did not do another one."""
    head = tok.head
    return tok.dep_ in {"nsubjpass", "dobj"} and _act_key(head) in state_acts()


def _patient_chars(tok) -> list[tuple[int, int]]:  # noqa: ANN001
    """Character spans of what a passive state act names as done to: its subject and an
    "including"/"among" phrase ("40 people were detained, including three retired army
    generals"); an actor named there suffered the act and did not do it."""
    heads = [c for c in tok.children if c.dep_ == "nsubjpass"]
    heads += [c for c in tok.children if c.dep_ == "prep" and c.lower_ in {"including", "among"}]
    heads += [g for h in list(heads) for g in h.children if g.dep_ == "prep"
              and g.lower_ in {"including", "among"}]  # fmt: skip
    out = []
    for h in heads:
        left, right = h.left_edge, h.right_edge
        out.append((left.idx, right.idx + len(right.text)))
    return out


DENIAL = "016"  # CAMEO: deny responsibility, reject an accusation


def _acts_on(actor: EventActor, names: set[str], codes: set[str]) -> bool:
    return actor.name in names or bool(actor.actor_code and actor.actor_code in codes)


def accuser(
    resolver: ActorResolver,
    tok,  # noqa: ANN001
    source: list[EventActor],
    accused: list[EventActor],
    earlier: list[Candidate],
) -> list[EventActor]:
    """The target of a denial (CAMEO 016, PLOVER REJECT: the actor whose accusation is
    rejected): the owner of the claim denied ("denied the opposition's accusations"), else the
    source of the nearest earlier accusation aimed at the denier or at whom the denied claim
    names (``accused``: "X accused the North Korean government ... Y dismissed allegations
    North Korea arranged Kim's death"), within ``MAX_BACK`` sentences; [] when neither is
    told."""
    names = {a.name for a in source}
    codes = {a.actor_code for a in source if a.actor_code}
    aimed_names = names | {a.name for a in accused}
    aimed_codes = codes | {a.actor_code for a in accused if a.actor_code}
    for obj in (c for c in tok.children if c.dep_ == "dobj"):
        for owner in owners_of(obj):
            got = [a for a in resolver.resolve(owner) if not _acts_on(a, names, codes)]
            if got:
                return got
    index = resolver.index
    here = index.sent_of[tok.i]
    for cand in reversed(earlier):
        if here - index.sent_of[cand.trig.tok.i] > MAX_BACK:
            break
        ev = cand.event
        if ev.type != "ACCUSE" or cand.implied or not ev.source or cand.trig.tok.i >= tok.i:
            continue
        if any(_acts_on(a, names, codes) for a in ev.source):
            continue
        if any(_acts_on(a, aimed_names, aimed_codes) for a in ev.target):
            return list(ev.source)
    return []


def _act_key(tok) -> str:  # noqa: ANN001
    """The state-act key of a verb: its lemma, or with its phrase ("take into custody")."""
    lemma = tok.lemma_.lower()
    for prep in (c for c in tok.children if c.dep_ == "prep"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            key = f"{lemma} {prep.lower_} {pobj.lemma_.lower()}"
            if key in state_acts():
                return key
    return lemma


__all__ = ["Implied", "accuser", "act_nouns", "pair_kind", "pair_nouns", "state_acts"]
