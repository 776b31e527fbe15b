"""Source and target of an event trigger, read from the dependency parse.

The source is the grammatical subject (the ``by`` agent in the passive, the governing subject
for infinitives and participles; the object for "urged Russia to withdraw"); the target is the
pattern's ``+`` phrase, the passive subject, recipient, object, a with/to/on/against phrase,
the possessor of the object, the subject of a that-clause, an actor one level deeper (a request
by Washington), the infinitive's target, or the addressee of the report. Each phrase is turned
into actors by :class:`tidings.events.actors.ActorResolver`.
"""

from __future__ import annotations

from functools import cache

from tidings import datafiles, kb
from tidings.events.actors import ActorResolver, is_place
from tidings.events.lexicon import Lexicon, lexicon
from tidings.events.owners import owners_of
from tidings.events.triggers import Trigger, chain, frame_of
from tidings.schema import EventActor

TARGET_PREPS = (
    "with", "to", "against", "on", "upon", "toward", "towards", "into", "over", "from", "at",
)  # fmt: skip
#: prepositions inside an object whose phrase can hold the target ("support for Ukraine",
#: "concerns about the PRC's practices", "restraint in the PRC's use of force")
DEEP_PREPS = {
    "by", "with", "between", "to", "against", "for", "from", "about", "regarding", "over",
    "on", "in", "of", "into", "at", "toward", "towards", "concerning",
}  # fmt: skip
#: a place phrase names where, not whom ("concerns about rights in China" names China only as
#: the owner of an abstract noun's phrase, never a bare "in Syria")
_WHERE_PREPS = {"in", "at", "near", "inside", "outside"}
_CLIMB = {"xcomp", "advcl", "conj", "pcomp", "acomp", "relcl", "acl", "prep", "pobj", "dobj"}
_OBJECT_CONTROL = {"urge", "ask", "persuade", "force", "order", "tell", "invite"}


def subject_of(tok):  # noqa: ANN001, ANN201
    """(subject token, passive?) for a verb, climbing to the governing clause if needed."""
    cur = tok
    via_xcomp = False
    for _ in range(6):
        # two subjects happen when a dateline ("NIAMEY, Niger (AP) — Mediators proposed")
        # is parsed as one: the subject nearest the verb is the real one
        subj = sorted(
            (c for c in cur.children if c.dep_ in {"nsubj", "csubj"}),
            key=lambda c: abs(cur.i - c.i),
        )
        if subj:
            return subj[0], False
        pas = [c for c in cur.children if c.dep_ == "nsubjpass"]
        if pas and via_xcomp:  # "Iran is expected to attack": Iran does the attacking
            return pas[0], False
        if pas:
            agent = [c for c in cur.children if c.dep_ == "agent"]
            pobj = [c for c in agent[0].children if c.dep_ == "pobj"] if agent else []
            pobj = pobj or _misattached_agent(cur)
            return (pobj[0], True) if pobj else (None, True)
        if cur.i == tok.i and passive_patient(cur) is not None:
            # "the two women are to be held", "after being rescued by X": the subject the
            # clause climbs to suffers the act; only a "by" agent does it
            agent = [p for c in cur.children if c.dep_ == "agent" for p in _pobjs(c)]
            return (agent[0] if agent else None), True
        if cur.i == tok.i and participle(cur):
            # "the hostages rescued by the Colombian army": the agent acts, the noun suffers
            agent = [p for c in cur.children if c.dep_ == "agent" for p in _pobjs(c)]
            if agent:  # without one, the governing clause's subject (as before)
                return agent[0], True
        if cur.head.i == cur.i or cur.dep_ not in _CLIMB:
            return None, False
        nxt = cur.head
        via_xcomp = cur.dep_ == "xcomp"
        if via_xcomp and nxt.lemma_.lower() in _OBJECT_CONTROL:
            objs = [c for c in nxt.children if c.dep_ == "dobj"]
            if objs:
                return objs[0], False
        cur = nxt
    return None, False


def _misattached_agent(verb) -> list:  # noqa: ANN001
    """The "by" agent of a passive verb that the parse hung on the object of one of its
    prepositions ("have been charged with corruption by Egyptian authorities", "was greeted at
    the air base by the President"); not the own agent of an event noun there ("arrested for
    the killing of civilians by the army")."""
    if any(c.dep_ == "agent" for c in verb.children):
        return []
    nouns = lexicon().nouns
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for obj in _pobjs(prep):
            if obj.lemma_.lower() in nouns:
                continue
            for by in (c for c in obj.children if c.dep_ in {"prep", "agent"} and c.lower_ == "by"):
                if _pobjs(by):
                    return _pobjs(by)[:1]
    return []


def participle(tok) -> bool:  # noqa: ANN001
    """A past participle modifying a noun ("the hostages rescued by the army", "protesters
    detained on Monday"): the noun is what the act was done to."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in {"NOUN", "PROPN"}


def passive_patient(tok):  # noqa: ANN001, ANN201
    """The subject a passive verb with no subject of its own climbs to ("the two women are to
    be held", "arrived two days after being rescued", "was the third to be sentenced"): what
    the act is done to; None for any other verb."""
    kids = {c.dep_ for c in tok.children}
    if "auxpass" not in kids or kids & {"nsubj", "nsubjpass", "csubj"}:
        return None
    cur = tok
    for _ in range(4):
        if cur.head.i == cur.i or cur.dep_ not in {"xcomp", "pcomp", "prep", "advcl", "conj"}:
            return None
        cur = cur.head
        subj = [c for c in cur.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subj:
            return subj[0]
    return None


def quote_speaker(resolver: ActorResolver, tok, lex: Lexicon):  # noqa: ANN001, ANN201
    """For an event inside a quotation: its speaker as an actor ("we" in it is the speaker).

    The understanding stage's attribution first (the quote's speaker entity); for a quote it
    left without an entity ("officials said"), the subject of the speech verb outside it.
    """
    index = resolver.index
    if tok.i not in index.quoted:
        return None
    quote = index.quote_at(tok, direct_with_speaker=True)
    ent = resolver.article.entity(quote.speaker) if quote is not None else None
    if ent is not None:
        return EventActor(
            entity=ent.id, name=ent.name, country=ent.country, actor_code=ent.actor_code
        )
    root = tok
    while root.head.i != root.i:
        root = root.head
        if frame_of(root, lex) == "speech" and root.i not in index.quoted:
            subj = [c for c in root.children if c.dep_ == "nsubj"]
            if subj:
                actors = resolver.resolve(subj[0])
                return actors[0] if actors else None
    return None


def source_of(resolver: ActorResolver, subj, speaker) -> list[EventActor]:  # noqa: ANN001
    """The actors of a subject; of two subjects of one verb ("President Joseph R. Biden, Jr.
    spoke", a name suffix parsed as a second subject), the first one that is an actor."""
    got = resolver.resolve_subject(subj, speaker=speaker)
    if got or subj.dep_ not in {"nsubj", "nsubjpass"}:
        return got
    for other in subj.head.children:
        if other.dep_ == subj.dep_ and other.i != subj.i:
            got = resolver.resolve_subject(other, speaker=speaker)
            if got:
                return got
    return []


def _attack_nouns(lex: Lexicon, tok, subj) -> list:  # noqa: ANN001
    """Attack nouns of a conflict verb's clause: its subject ("NATO airstrikes struck"), object
    ("began an Israeli air raid"), or a phrase it happened in or by ("killed in a clash with
    Israeli forces", "as a result of the Israeli offensive")."""
    heads = [subj] if subj is not None else []
    frontier = [c for c in tok.children if c.dep_ in {"dobj", "prep", "agent"}]
    for _ in range(4):  # prep -> pobj -> prep -> pobj ("as a result of the offensive")
        nxt = []
        for c in frontier:
            if c.dep_ in {"dobj", "pobj"}:
                heads.append(c)
            nxt.extend(g for g in c.children if g.dep_ in {"pobj", "prep"})
        frontier = nxt
    out = []
    for h in heads:
        row = lex.nouns.get(h.lemma_.lower()) if h.pos_ == "NOUN" else None
        if row is not None and row[0][:2] in _FORCE_ROOTS:
            out.append(h)
    return out


def attack_noun_source(
    resolver: ActorResolver, lex: Lexicon, tok, subj, speaker
) -> tuple[list[EventActor], tuple[int, int] | None]:  # noqa: ANN001
    """The actor of the attack noun a conflict verb with no actor subject names: "NATO
    airstrikes struck ...", "an Israeli air raid killed ...", "were killed in a clash with
    Israeli forces" (the side the victims clashed with), "killed as a result of the Israeli
    offensive"; with the span of the noun's modifiers before it (see :func:`outside`)."""
    for noun in _attack_nouns(lex, tok, subj):
        code = lex.nouns[noun.lemma_.lower()][0]
        source, target = noun_participants(resolver, noun, speaker, conflict=True, code=code)
        if noun.lemma_.lower() == "clash":
            source = target
        if source:
            return source, (noun.left_edge.idx, noun.idx)
    return [], None


def outside(actors: list[EventActor], span: tuple[int, int] | None) -> list[EventActor]:
    """The actors not named in ``span`` (the attacker's own words before an attack noun: not
    "Israeli" as the target of "beginning with an Israeli air raid")."""
    if span is None:
        return actors
    return [a for a in actors if a.start is None or not span[0] <= a.start < span[1]]


#: prepositions that name whom something was said to or for ("in an interview with the BBC",
#: "expressed concern to ABC Online", "tracks Web sites for NBC News")
_AUDIENCE_PREPS = {"with", "to", "for"}


def _audience(head, actor: EventActor) -> bool:  # noqa: ANN001
    """A news outlet reached through "with/to/for" is the audience of what was said, not its
    target ("warned Turkey ... in an interview with The Times"); as an object it is a target
    ("banned the BBC")."""
    if head.dep_ != "pobj" or head.head.lower_ not in _AUDIENCE_PREPS:
        return False
    return kb.outlet_country(actor.name or "") is not None


def _pobjs(prep) -> list:  # noqa: ANN001
    return [c for c in prep.children if c.dep_ == "pobj"]


def with_clauses(tok) -> list:  # noqa: ANN001
    """Clauses of a verb that a parse error opened with "with" ("spoke with X to convey"):
    their subject is the verb's "with" partner."""
    return [
        c
        for c in tok.children
        if c.dep_ == "advcl"
        and any(m.dep_ == "mark" and m.lower_ == "with" for m in c.children)
        and any(x.dep_ == "nsubj" for x in c.children)
    ]


class _Targets:
    """Collects target candidates of one trigger, in order of grammatical evidence."""

    def __init__(self, resolver: ActorResolver, lex: Lexicon, source: list[EventActor], speaker):  # noqa: ANN001
        self.resolver, self.lex, self.speaker = resolver, lex, speaker
        self.src_names = {a.name for a in source}
        # the source's own code: "Biden underscored the United States' support for ..." has no
        # United States target (USAGOV is Biden's side); RUSCOP arresting RUSOPP stays
        self.src_codes = {a.actor_code for a in source if a.actor_code and len(a.actor_code) > 3}
        self.src_countries = {a.country for a in source if a.country}
        self.source = source
        self.found: list[list[EventActor]] = []
        self.places: list[EventActor] = []

    def _other(self, a: EventActor) -> bool:
        return a.name not in self.src_names and a.actor_code not in self.src_codes

    def _actors(self, head) -> list[EventActor]:  # noqa: ANN001
        """The actors of a target phrase; for an abstract noun, its owner ("Ukraine's
        sovereignty", "the PRC's practices", "Russian aggression", "the arrests made by police",
        "the detention of X")."""
        got = [a for a in self.resolver.resolve(head, speaker=self.speaker) if self._other(a)]
        if got or head.pos_ != "NOUN":
            return got
        owners = owners_of(head)  # "Ukraine's sovereignty", "the arrests made by police"
        owners += [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                   for p in _pobjs(c)]  # fmt: skip
        for o in owners:
            got = [a for a in self.resolver.resolve(o, speaker=self.speaker) if self._other(a)]
            if got:
                return got
        return []

    def add(self, head) -> None:  # noqa: ANN001
        if head.head.lower_ == "to" and head.head.head.lower_ == "according":
            return  # "according to AFP": who reports, not whom it is done to
        got = [a for a in self._actors(head) if not _audience(head, a)]
        own = any(c.lower_ in {"its", "their"} for c in head.children)
        if own and not any(a.country or a.entity for a in got):
            return  # "its troops": the source's own means, not a target
        if got:
            self.found.append(got)

    def grammatical(self, tok, match) -> None:  # noqa: ANN001
        """Pattern phrase, passive subject, recipient, object, target prepositions."""
        if match and match.target_prep is not None:
            for c in _pobjs(match.target_prep):
                self.add(c)
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                self.add(c)
        if participle(tok):  # "the 15 hostages rescued by the army"
            self.add(tok.head)
        patient = passive_patient(tok)
        if patient is not None:  # "the two women are to be held"
            self.add(patient)
        for c in tok.children:
            if c.dep_ == "dative":
                for x in _pobjs(c) if c.pos_ == "ADP" else [c]:
                    self.add(x)
        objs = [c for c in tok.children if c.dep_ in {"dobj", "attr"}]
        for c in objs:
            self.add(c)
        preps = [c for c in tok.children if c.dep_ in {"prep", "dative"}]
        for name in TARGET_PREPS:
            for p in preps:
                if p.lower_ == name:
                    for c in _pobjs(p):
                        self.add(c)
        # "denounced Serbia's suppression", "demanded that the United States match ..."
        for c in objs:
            for x in c.children:
                if x.dep_ == "poss":
                    self.add(x)
        for c in tok.children:
            if c.dep_ == "ccomp" and frame_of(tok, self.lex) != "speech":
                for x in c.children:
                    if x.dep_ in {"nsubj", "nsubjpass"}:
                        self.add(x)
        # "spoke with X to convey ...", misparsed as "with" marking a clause whose subject is X
        for c in with_clauses(tok):
            for x in c.children:
                if x.dep_ == "nsubj":
                    self.add(x)

    def deeper(self, tok) -> None:  # noqa: ANN001
        """One level deeper: "a request by Washington", "aid for Romania", "support for
        Ukraine's sovereignty", "concerns about the PRC's practices", "the need for Hamas to
        stop". A country only named as the place of the object ("rounds aimed at a loudspeaker
        in South Korea") is kept as a last resort (``self.places``)."""
        deep: list[EventActor] = []
        for c in tok.children:
            if c.dep_ not in {"dobj", "prep"}:
                continue
            # "called for Security Council action", "asked for the King's assistance": the
            # owner of the abstract noun asked for
            if c.dep_ == "prep" and c.lower_ == "for":
                for n in _pobjs(c):
                    if n.pos_ == "NOUN":
                        deep.extend(self._actors(n))
            for t in c.subtree:
                if t.dep_ == "nsubj" and any(
                    m.dep_ == "mark" and m.lower_ == "for" for m in t.head.children
                ):
                    deep.extend(self._actors(t))  # "the need for Hamas to cease ..."
                if t.dep_ not in {"prep", "agent"} or t.lower_ not in DEEP_PREPS or t.i == c.i:
                    continue
                if t.lower_ == "to" and t.head.lower_ == "according":
                    continue  # "according to AFP": who reports, not whom it is done to
                for pobj in _pobjs(t):
                    if t.lower_ in _WHERE_PREPS and pobj.pos_ == "PROPN":
                        self.places.extend(self._actors(pobj))  # "in Syria": where, not whom
                        continue
                    deep.extend(a for a in self._actors(pobj) if not _audience(pobj, a))
        foreign = [a for a in deep if not a.country or a.country not in self.src_countries]
        if foreign:
            self.found.append(foreign[:1])

    def addressee(self, tok) -> None:  # noqa: ANN001
        """The addressee of the report the event is told in ("Pompeo said to Russia's minister
        that ...")."""
        for anc in chain(tok):
            for p in anc.children:
                if p.dep_ == "prep" and p.lower_ == "to" and anc.lemma_.lower() in {"say", "tell"}:
                    for c in _pobjs(p):
                        self.add(c)

    def best(self) -> list[EventActor]:
        """A candidate of another country than the source's beats one of its own (a misparsed
        possessive: "reaffirmed the United States’ support for Ukraine"); domestic events keep
        their own-country target when there is no other; named/country actors beat bare
        sector nouns ("offered its troops to Lebanon": Lebanon, not the troops)."""
        for got in self.found:
            if any(a.country and a.country not in self.src_countries for a in got):
                return got
        for got in self.found:
            if any(a.country or a.entity or (a.actor_code and len(a.actor_code) > 3) for a in got):
                return got
        return self.found[0] if self.found else []


def targets(
    resolver: ActorResolver,
    lex: Lexicon,
    trig: Trigger,
    source: list[EventActor],
    speaker,  # noqa: ANN001
    depth: int = 0,
) -> list[EventActor]:
    """The target of a verb trigger (or of its infinitive: "promised to continue aid to
    Mozambique"), chosen among the candidates by :meth:`_Targets.best`."""
    tok = trig.tok if isinstance(trig, Trigger) else trig
    cands = _Targets(resolver, lex, source, speaker)
    cands.grammatical(tok, trig.match if isinstance(trig, Trigger) else None)
    cands.deeper(tok)
    if depth == 0:
        for c in tok.children:
            if c.dep_ == "xcomp":
                got = targets(resolver, lex, c, source, speaker, depth=1)
                if got:
                    cands.found.append(got)
    cands.addressee(tok)
    got = cands.best()
    if not got and trig_conflict(trig):
        foreign = [a for a in cands.places if a.country and a.country not in cands.src_countries]
        if foreign or trig.code[:2] not in _FORCE_ROOTS:
            return foreign[:1]
        return struck_place(resolver, tok)
    return got


def struck_place(resolver: ActorResolver, tok) -> list[EventActor]:  # noqa: ANN001
    """The place an act of force struck, when it names no actor ("an air raid on Gaza",
    "blocks transport into the Gaza Strip", "shelled the city of Misrata"): the place's people,
    named as the place and coded with its country (the guide's "Gaza", ``PSE``)."""
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    objs += [o for c in tok.children if c.dep_ == "prep" for o in _pobjs(c)]
    heads = [tok, *objs]  # also the act the verb names: "began with an air raid on Gaza"
    for h in heads:
        for p in h.children:
            if p.dep_ != "prep" or p.lower_ not in _STRUCK_PREPS:
                continue
            for pobj in _pobjs(p):
                ent = resolver.entity_at(pobj.idx, pobj.idx + len(pobj.text))
                if ent is not None and ent.country and is_place(ent):
                    end = pobj.right_edge.idx + len(pobj.right_edge.text)
                    return [EventActor(entity=ent.id, name=ent.name, country=ent.country,
                                       actor_code=ent.country, start=pobj.left_edge.idx, end=end)]  # fmt: skip
    return []


def trig_conflict(trig) -> bool:  # noqa: ANN001
    """A material conflict trigger (its target can be the country where it struck)."""
    from tidings.ontology import coding

    code = getattr(trig, "code", None)
    cod = coding(code) if code else None
    return cod is not None and cod.quad_class == 4


def _governing_source(resolver: ActorResolver, tok, speaker, conflict: bool) -> list[EventActor]:  # noqa: ANN001
    """The actor of the clause an event noun sits in (see :func:`noun_participants`)."""
    cur = tok
    for _ in range(6):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.pos_ in {"PROPN", "NOUN"} and cur.dep_ in {"nsubj", "nsubjpass", "dobj"}:
            got = resolver.resolve(cur, speaker=speaker)
            if got:
                return got
        if cur.pos_ in {"VERB", "AUX"}:
            if conflict and not (cur.i == tok.head.i and tok.dep_ == "dobj"):
                break
            subj, _ = subject_of(cur)
            if subj is not None:
                return resolver.resolve_subject(subj, speaker=speaker)
            break
    return []


#: where an act of force strikes: "an air raid on Gaza", "into the Gaza Strip", "in Misrata"
_STRUCK_PREPS = {"on", "upon", "into", "at", "in", "against"}
#: CAMEO roots of acts of state force (mobilize, coerce, fight, mass violence): "the Israeli
#: air raid", "the Russian invasion" are acts of that state, not of "Israelis"; a "Palestinian
#: bombing" (18x) or "Palestinian riots" (14x) are the nationality's people
_STATE_ROOTS = {"15", "17", "19", "20"}
#: acts of force whatever their actor: the state's and unconventional violence (18x)
_FORCE_ROOTS = _STATE_ROOTS | {"18"}


@cache
def victim_verbs() -> frozenset[str]:
    """Verbs whose subject suffers the attack noun they govern (data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_victim_verbs.txt"))


def _suffered(tok) -> bool:  # noqa: ANN001
    """An attack noun its clause's subject suffers: "suffer an attack", "came under fire"."""
    if tok.dep_ == "dobj":
        return tok.head.lemma_.lower() in victim_verbs()
    return tok.dep_ == "pobj" and tok.head.lower_ == "under"


def _acting_state(actor: EventActor, code: str) -> EventActor:
    """A bare nationality (code = its country) acting with state force is its state, named as
    the country: its military for an act of armed force ("the Israeli offensive": ``ISRMIL``, as
    the gold codes it), its government for coercion ("an Iranian blockade": ``IRNGOV``)."""
    if actor.actor_code != actor.country or not actor.country:
        return actor
    name = kb.country_name(actor.country) or actor.name
    sector = "GOV" if code[:2] == "17" else "MIL"
    return actor.model_copy(update={"name": name, "actor_code": actor.country + sector})


def noun_participants(  # noqa: ANN201
    resolver: ActorResolver,
    tok,
    speaker,
    conflict: bool = False,
    code: str | None = None,  # noqa: ANN001
):
    """Source and target of an event noun: poss/governing actor, and with/between phrases.

    The governing clause's subject takes part in a meeting it is "in" or holds, but not in an
    attack its clause merely mentions ("X is concerned following the attacks in Brussels"):
    for material conflict nouns it is the source only when it governs the noun directly
    ("launched attacks", "an attack by ...").
    """
    source: list[EventActor] = []
    target: list[EventActor] = []
    state_act = bool(code) and code[:2] in _STATE_ROOTS
    preps = {"with", "between", "to", "on", "against"} | ({"of"} if conflict else set())
    for c in tok.children:
        if c.dep_ == "poss":
            source = resolver.resolve(c, speaker=speaker)
        if c.dep_ == "prep" and c.lower_ == "by" and not source:
            for pobj in _pobjs(c):
                source = resolver.resolve(pobj, speaker=speaker)
        if c.dep_ == "prep" and c.lower_ in preps:  # "the detention of X" (conflict nouns)
            for pobj in _pobjs(c):
                found = resolver.resolve(pobj, speaker=speaker)
                if c.lower_ == "between" and not source and len(found) > 1:
                    source, found = found[:1], found[1:]
                target.extend(found)
    if not source:  # "Palestinian riots", "Israeli air raids": the nationality that acts
        for c in tok.children:
            if c.dep_ in {"amod", "compound"} and c.ent_type_ in {"NORP", "GPE"}:
                source = [a for a in resolver.resolve(c) if a.country]
                if source:
                    source = [_acting_state(a, code) for a in source] if state_act else source
                    break
    if conflict and not target and code and code[:2] in _FORCE_ROOTS:
        target = struck_place(resolver, tok)
    if conflict and _suffered(tok):  # "they suffer an attack by X": they are the target
        subj, _ = subject_of(tok.head)
        if subj is not None:
            target.extend(a for a in resolver.resolve_subject(subj, speaker=speaker) if a.name)
        return source, target
    if not source and tok.dep_ == "conj" and tok.head.pos_ == "NOUN":
        # "the military's seizure of power, the detention of X": the listed acts share the actor
        source = [a for c in tok.head.children if c.dep_ == "poss" for a in resolver.resolve(c)]
    if not source:
        source = _governing_source(resolver, tok, speaker, conflict)
    names = {a.name for a in source}
    return source, [a for a in target if a.name not in names]


__all__ = [
    "noun_participants",
    "quote_speaker",
    "source_of",
    "subject_of",
    "targets",
    "with_clauses",
]
