"""The event coder: dependency-parse patterns -> PLOVER/CAMEO events with provenance.

For each verb (and each event noun: "a meeting with X") the most specific pattern in the data
files gives a CAMEO code, mapped to PLOVER (see :mod:`tidings.ontology`). The source is
the grammatical subject (the ``by`` agent in the passive, the governing subject for infinitives
and participles), the target the object, recipient or a with/to/on/against phrase. Clause frames
(data/verbs/tidings_frames.tsv) decide what embedded clauses are: the content of a request or a
warning is not an event; an intended co-operative act is an AGREE (PLOVER manual); a report is
a claim. Modality, date and place come from the trigger's own clause.
"""

from __future__ import annotations

from dataclasses import dataclass

from tidings.events.actors import ActorResolver, _quoted_indices
from tidings.events.identity import merge
from tidings.events.lexicon import Lexicon, VerbMatch, lexicon, match_verb
from tidings.events.when_where import (
    When,
    clause_tokens,
    event_date,
    event_location,
    resolve_date,
)
from tidings.ontology import coding
from tidings.schema import Article, Event, EventActor, Evidence, Location

TARGET_PREPS = ("with", "to", "against", "on", "upon", "toward", "towards", "into", "over", "from")
DEEP_PREPS = {"by", "with", "between", "to", "against", "for", "from"}
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
# an announced future conflict act is a threat (CAMEO 13): "said they would boycott ..."
FUTURE_TO_THREATEN = {"SANCTION": "1312", "COERCE": "131", "ASSAULT": "138", "MOBILIZE": "138"}
_THREAT_SPECIFIC = {"191": "1381", "192": "1382", "172": "132", "1723": "1323", "1724": "1324"}
PERPETRATOR_OPTIONAL = {"ASSAULT", "COERCE"}  # "a roadside bombing killed a soldier"
NEGATED_TO_REJECT = {"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"}
_RETREAT_INTENT = {"0841": "0353", "0842": "0353", "085": "0354", "086": "0355", "087": "0356"}
PASS_THROUGH = {"xcomp", "ccomp", "pcomp", "prep", "pobj", "dobj", "acomp", "relcl", "acl", "amod"}


@dataclass
class Trigger:
    tok: object  # spaCy token
    code: str
    rule: str
    match: VerbMatch | None
    noun: bool
    target_tok: object | None = None  # set by clause rules ("X said Y must ...": Y)


def _triggers(doc, lex: Lexicon) -> list[Trigger]:  # noqa: ANN001
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
        for clause in _demand_clauses(tok):
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


def _demand_clauses(speech):  # noqa: ANN001, ANN202
    return [
        c
        for c in speech.children
        if c.dep_ == "ccomp"
        and any(a.dep_ == "aux" and a.lower_ in {"must", "should"} for a in c.children)
    ]


def _in_demand(trig: Trigger, lex: Lexicon) -> bool:
    """Inside the demanded clause of "X said Y must ...": its content, not an event."""
    cur = trig.tok
    while cur.head.i != cur.i:
        nxt = cur.head
        if lex.frames.get(nxt.lemma_.lower()) == "speech" and cur in _demand_clauses(nxt):
            return True
        cur = nxt
    return False


def _chain(tok):  # noqa: ANN001, ANN202
    """Ancestors reached through argument/complement links (stops at advcl/conj/ROOT)."""
    cur = tok
    while cur.head.i != cur.i and cur.dep_ in PASS_THROUGH:
        cur = cur.head
        yield cur


def _frame(tok, lex: Lexicon) -> str | None:  # noqa: ANN001
    return lex.frames.get(tok.lemma_.lower())


def _controlled(trig: Trigger, lex: Lexicon, trigger_ids: set[int]) -> bool:
    """True when the trigger is the content of a request/warning/refusal verb (not an event)."""
    for anc in _chain(trig.tok):
        frame = _frame(anc, lex)
        if frame == "speech":
            return False
        if frame == "control" and anc.i in trigger_ids:
            return True
    return False


def _intent_head(trig: Trigger, lex: Lexicon, trigger_ids: set[int]) -> bool:
    """An intent verb ("expect", "want") with an event below it: the embedded one is coded."""
    if _frame(trig.tok, lex) != "intent":
        return False
    return any(t.i in trigger_ids and t.i != trig.tok.i for t in trig.tok.subtree)


def _subordinate(trig: Trigger, lex: Lexicon, event_ids: set[int]) -> bool:
    """One event per clause hierarchy (as PETRARCH codes): an event verb below another event
    verb ("offered troops to help", "resigned to allow") is its purpose or manner, not a
    second event. Conjoined verbs stay separate events; reports (speech verbs) stop the climb."""
    cur = trig.tok
    while cur.head.i != cur.i:
        dep = cur.dep_
        cur = cur.head
        if _frame(cur, lex) == "speech" or (cur.pos_ == "AUX" and dep == "ccomp"):
            return False
        if cur.i in event_ids:
            return dep != "conj"
    return False


def _subject(tok):  # noqa: ANN001, ANN202
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
            if agent:
                pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
                if pobj:
                    return pobj[0], True
            return None, True
        if cur.head.i == cur.i:
            return None, False
        climb = {"xcomp", "advcl", "conj", "pcomp", "acomp", "relcl", "acl", "prep", "pobj", "dobj"}
        if cur.dep_ in climb:
            nxt = cur.head
            via_xcomp = cur.dep_ == "xcomp"
            if cur.dep_ == "xcomp":
                objs = [c for c in nxt.children if c.dep_ == "dobj"]
                if objs and _object_control(nxt):
                    return objs[0], False
            cur = nxt
            continue
        return None, False
    return None, False


def _object_control(verb) -> bool:  # noqa: ANN001
    return verb.lemma_.lower() in {"urge", "ask", "persuade", "force", "order", "tell", "invite"}


def _np_head_actor(resolver: ActorResolver, tok, speaker):  # noqa: ANN001, ANN202
    return resolver.resolve(tok, speaker=speaker) if tok is not None else []


def _speaker(resolver: ActorResolver, trig_tok, quoted: set[int], lex: Lexicon):  # noqa: ANN001, ANN202
    """For events inside a quotation: the actor of the speech verb outside it."""
    if trig_tok.i not in quoted:
        return None
    root = trig_tok
    while root.head.i != root.i:
        root = root.head
        if _frame(root, lex) == "speech" and root.i not in quoted:
            subj = [c for c in root.children if c.dep_ == "nsubj"]
            if subj:
                actors = resolver.resolve(subj[0])
                return actors[0] if actors else None
    return None


def _targets(resolver, trig: Trigger, source: list[EventActor], speaker, depth: int = 0):  # noqa: ANN001, ANN202
    """Target candidates in order of grammatical evidence; named/country actors beat bare
    sector nouns ("offered its troops to Lebanon": Lebanon, not the troops)."""
    tok = trig.tok if isinstance(trig, Trigger) else trig
    match = trig.match if isinstance(trig, Trigger) else None
    src_names = {a.name for a in source}
    src_countries = {a.country for a in source if a.country}
    found: list[list[EventActor]] = []

    def add(head) -> None:  # noqa: ANN001
        if head is None:
            return
        got = [a for a in resolver.resolve(head, speaker=speaker) if a.name not in src_names]
        own = any(c.lower_ in {"its", "their"} for c in head.children)
        if own and not any(a.country or a.entity for a in got):
            return  # "its troops": the source's own means, not a target
        if got:
            found.append(got)

    def pobjs(prep):  # noqa: ANN001, ANN202
        return [c for c in prep.children if c.dep_ == "pobj"]

    if match and match.target_prep is not None:
        for c in pobjs(match.target_prep):
            add(c)
    for c in tok.children:
        if c.dep_ == "nsubjpass":
            add(c)
    for c in tok.children:
        if c.dep_ == "dative":
            for x in pobjs(c) if c.pos_ == "ADP" else [c]:
                add(x)
    objs = [c for c in tok.children if c.dep_ in {"dobj", "attr"}]
    for c in objs:
        add(c)
    preps = [c for c in tok.children if c.dep_ in {"prep", "dative"}]
    for name in TARGET_PREPS:
        for p in preps:
            if p.lower_ == name:
                for c in pobjs(p):
                    add(c)
    # "denounced Serbia's suppression", "demanded that the United States match ..."
    for c in objs:
        for x in c.children:
            if x.dep_ == "poss":
                add(x)
    for c in tok.children:
        if c.dep_ == "ccomp" and _frame(tok, resolver_lex()) != "speech":
            for x in c.children:
                if x.dep_ in {"nsubj", "nsubjpass"}:
                    add(x)
    # one level deeper: "a request by Washington", "aid for Romania", "support from X"
    deep: list[EventActor] = []
    for c in tok.children:
        if c.dep_ in {"dobj", "prep"}:
            for t in c.subtree:
                if t.dep_ in {"prep", "agent"} and t.lower_ in DEEP_PREPS and t.i != c.i:
                    for pobj in pobjs(t):
                        deep.extend(
                            a
                            for a in resolver.resolve(pobj, speaker=speaker)
                            if a.name not in src_names
                        )
    foreign = [a for a in deep if not a.country or a.country not in src_countries]
    if foreign:
        found.append(foreign[:1])
    # "promised to continue aid to Mozambique": the target sits in the infinitive
    if depth == 0:
        for c in tok.children:
            if c.dep_ == "xcomp":
                got = _targets(resolver, c, source, speaker, depth=1)
                if got:
                    found.append(got)
    # the addressee of the report the event is told in ("Pompeo said to Russia's minister that")
    for anc in _chain(tok):
        for p in anc.children:
            if p.dep_ == "prep" and p.lower_ == "to" and anc.lemma_.lower() in {"say", "tell"}:
                for c in pobjs(p):
                    add(c)
    # a candidate of another country than the source's beats one of its own (a misparsed
    # possessive: "reaffirmed the United States’ support for Ukraine"); domestic events keep
    # their own-country target when there is no other
    for got in found:
        if any(a.country and a.country not in src_countries for a in got):
            return got
    for got in found:
        if any(a.country or a.entity or (a.actor_code and len(a.actor_code) > 3) for a in got):
            return got
    return found[0] if found else []


def resolver_lex() -> Lexicon:
    return lexicon()


def _noun_participants(resolver, tok, speaker, conflict: bool = False):  # noqa: ANN001, ANN202
    """Source and target of an event noun: poss/governing actor, and with/between phrases.

    The governing clause's subject takes part in a meeting it is "in" or holds, but not in an
    attack its clause merely mentions ("X is concerned following the attacks in Brussels"):
    for material conflict nouns it is the source only when it governs the noun directly
    ("launched attacks", "an attack by ...").
    """
    source: list[EventActor] = []
    target: list[EventActor] = []
    for c in tok.children:
        if c.dep_ == "poss":
            source = resolver.resolve(c, speaker=speaker)
        if c.dep_ == "prep" and c.lower_ == "by" and not source:
            for pobj in c.children:
                if pobj.dep_ == "pobj":
                    source = resolver.resolve(pobj, speaker=speaker)
        if c.dep_ == "prep" and c.lower_ in {"with", "between", "to", "on", "against"}:
            for pobj in c.children:
                if pobj.dep_ == "pobj":
                    found = resolver.resolve(pobj, speaker=speaker)
                    if c.lower_ == "between" and not source and len(found) > 1:
                        source, found = found[:1], found[1:]
                    target.extend(found)
    if not source:
        cur = tok
        for _ in range(6):
            if cur.head.i == cur.i:
                break
            cur = cur.head
            if cur.pos_ in {"PROPN", "NOUN"} and cur.dep_ in {"nsubj", "nsubjpass", "dobj"}:
                got = resolver.resolve(cur, speaker=speaker)
                if got:
                    source = got
                    break
            if cur.pos_ in {"VERB", "AUX"}:
                if conflict and not (cur.i == tok.head.i and tok.dep_ == "dobj"):
                    break
                subj, _ = _subject(cur)
                if subj is not None:
                    source = resolver.resolve_subject(subj, speaker=speaker)
                break
    names = {a.name for a in source}
    return source, [a for a in target if a.name not in names]


def _modality(trig: Trigger, lex: Lexicon, source: list[EventActor], resolver, quoted) -> str:  # noqa: ANN001
    tok = trig.tok
    chain = [tok, *_chain(tok)]
    # the clause's own auxiliaries (a conjunct shares its head's: "would react and be welcoming")
    aux_hosts = [tok] + ([tok.head] if tok.dep_ == "conj" else [])
    if trig.noun:
        aux_hosts = [t for t in chain if t.pos_ in {"VERB", "AUX"}][:1]
        aux_hosts += [t.head for t in aux_hosts if t.dep_ == "conj"]
    negated = any(c.dep_ == "neg" for h in aux_hosts for c in h.children)
    for anc in chain[1:]:
        if _frame(anc, lex) == "intent" and any(c.dep_ == "neg" for c in anc.children):
            negated = True
        if _frame(anc, lex) == "negative" and anc.i == tok.head.i and tok.dep_ == "xcomp":
            negated = True  # "unable to agree", "failed to reach a deal"
    if negated:
        return "negated"
    for t in chain:
        if any(c.dep_ == "mark" and c.lower_ in COND_MARKS for c in t.children):
            return "hypothetical"
        if any(
            c.dep_ == "advcl"
            and any(m.lower_ in COND_MARKS for m in c.children if m.dep_ == "mark")
            for c in t.children
        ) and any(c.lower_ in FUTURE_AUX | HYPO_AUX for c in t.children if c.dep_ == "aux"):
            return "hypothetical"
    auxes = {c.lower_ for h in aux_hosts for c in h.children if c.dep_ == "aux"}
    if auxes & HYPO_AUX or "should" in auxes:
        return "hypothetical"
    if auxes & FUTURE_AUX:
        return "future"
    if any(_frame(anc, lex) == "intent" for anc in chain[1:]):
        return "future"
    if any(c.lower_ == "going" for c in tok.children if c.dep_ == "aux"):
        return "future"
    # claims: "allegedly", "alleged meddling", "speculations that ...", "X said that Y did"
    if any(c.lower_ in CLAIM_ADV for c in tok.children):
        return "reported-claim"
    if any(c.lower_ == "alleged" and c.dep_ == "amod" for c in tok.children):
        return "reported-claim"
    for anc in chain[1:]:
        frame = _frame(anc, lex)
        if frame == "claimnoun" and anc.pos_ == "NOUN":
            return "reported-claim"
        if frame == "speech":
            subj = [c for c in anc.children if c.dep_ == "nsubj"]
            speaker = resolver.resolve(subj[0]) if subj else []
            spk = {a.name for a in speaker} | {a.actor_code for a in speaker if a.actor_code}
            src = {a.name for a in source} | {a.actor_code for a in source if a.actor_code}
            if speaker and not (spk & src):
                return "reported-claim"
            break
    return "asserted"


class _Memory:
    """Dates and places attached to nouns earlier in the article ("a G20 summit this June"),
    so that a later definite mention ("the summit in Osaka") can inherit them."""

    def __init__(self) -> None:
        self.dates: dict[str, When] = {}
        self.places: dict[str, Location] = {}

    def learn(self, sent, published: str | None) -> None:  # noqa: ANN001
        for tok in sent:
            if tok.pos_ != "NOUN":
                continue
            for c in tok.children:
                ent_dates = [
                    e for e in tok.doc.ents if e.label_ == "DATE" and c.i in range(e.start, e.end)
                ]
                for e in ent_dates:
                    when = resolve_date(e.text, published, future=True)
                    if when:
                        self.dates.setdefault(tok.lemma_.lower(), when)

    def recall_date(self, tokens) -> When | None:  # noqa: ANN001
        for t in tokens:
            if t.pos_ == "NOUN" and any(c.lower_ == "the" for c in t.children):
                when = self.dates.get(t.lemma_.lower())
                if when:
                    return when
        return None


def _link_place(location: Location, article: Article) -> None:
    """Tie a place to the understanding stage's entity: its id, and its country/coordinates,
    which were disambiguated from the whole article ("London" GB vs CA)."""
    for ent in article.entities:
        if any(m.start <= location.start < m.end for m in ent.mentions):
            location.entity = ent.id
            if ent.country and ent.lat is not None:
                location.country, location.lat, location.lon = ent.country, ent.lat, ent.lon
            elif ent.country and not location.country:
                location.country = ent.country
            return


def _sentence(doc, tok):  # noqa: ANN001, ANN202
    sent = tok.sent
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    return text.strip(), start, start + len(text.strip())  # offsets of the stripped text


def _quote_id(article: Article, start: int) -> str | None:
    for q in article.quotes:
        if q.start <= start < q.end:
            return q.id
    return None


def code_events(article: Article, doc=None) -> list[Event]:  # noqa: ANN001 - spacy Doc
    """Return the events found in an understood article (``doc`` is its spaCy parse).

    A trigger that cannot be coded (a parse the rules do not expect) is skipped with one line
    in ``article.warnings``; the rest of the article and the batch go on.
    """
    if doc is None:
        from tidings.understand.nlp import load

        doc = load()(article.text)
    lex = lexicon()
    resolver = ActorResolver(article, doc)
    quoted = _quoted_indices(doc)
    triggers = _triggers(doc, lex)
    trigger_ids = {t.tok.i for t in triggers}
    noun_ids = {t.tok.i: t.code for t in triggers if t.noun}
    # "started a meeting with X": the verb defers to the event noun, which carries participants
    defer = {
        t.tok.i
        for t in triggers
        if not t.noun
        and coding(t.code) is not None
        and any(
            c.dep_ == "dobj"
            and c.i in noun_ids
            and coding(noun_ids[c.i]) is not None
            and coding(noun_ids[c.i]).type == coding(t.code).type
            for c in t.tok.children
        )
    }
    # triggers that can dominate others: PLOVER-coded, not intent verbs, not themselves content
    event_ids = {
        t.tok.i
        for t in triggers
        if coding(t.code) is not None
        and t.tok.i not in defer
        and _frame(t.tok, lex) != "intent"
        and not _controlled(t, lex, trigger_ids)
    }

    ctx = _Context(lex, resolver, quoted, trigger_ids, event_ids, defer, _Memory(), [-1])
    events: list[Event] = []
    for trig in triggers:
        try:
            event = _code_one(article, doc, trig, ctx)
        except Exception as exc:  # noqa: BLE001 - one bad parse must not stop the batch
            article.warnings.append(
                f"{article.source}: event coding skipped trigger {trig.tok.text!r} at "
                f"{trig.tok.idx}: {type(exc).__name__}: {exc}"
            )
            continue
        if event is not None:
            events.append(event)
    merged = merge(events, open_target=True)
    for ev in merged:
        _orient_visit(ev)
    return merged


@dataclass
class _Context:
    lex: Lexicon
    resolver: ActorResolver
    quoted: set[int]
    trigger_ids: set[int]
    event_ids: set[int]
    defer: set[int]
    memory: _Memory
    learned: list[int]


def _fields(cod):  # noqa: ANN001, ANN202 - an ontology coding
    """(type, cameo, mode, context, goldstein, quad class) of a coding, context copied."""
    return cod.type, cod.cameo, cod.mode, list(cod.context), cod.goldstein, cod.quad_class


def _code_one(article: Article, doc, trig: Trigger, ctx: _Context) -> Event | None:  # noqa: ANN001
    """Code one trigger into an Event, or None when it is no event."""
    lex, resolver, quoted = ctx.lex, ctx.resolver, ctx.quoted
    trigger_ids, event_ids, defer, memory = ctx.trigger_ids, ctx.event_ids, ctx.defer, ctx.memory
    tok = trig.tok
    for sent in doc.sents:  # learn noun dates from sentences before this trigger's
        if ctx.learned[0] < sent.start and sent.end <= tok.i:
            memory.learn(sent, article.published)
            ctx.learned[0] = sent.start
    if _controlled(trig, lex, trigger_ids) or _intent_head(trig, lex, trigger_ids):
        return None
    if _frame(tok, lex) == "intent" and (
        (tok.dep_ in {"acl", "amod"} and tok.tag_ == "VBN")
        or any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children)
    ):
        # "supplies intended for civil use", "Obama is expected to speak": a modifier or
        # somebody else's expectation, nobody's stated intent
        return None
    if _subordinate(trig, lex, event_ids) or _in_demand(trig, lex):
        return None
    if tok.i in defer:
        return None
    speaker = _speaker(resolver, tok, quoted, lex)
    if trig.noun:
        cod0 = coding(trig.code)
        source, target = _noun_participants(
            resolver, tok, speaker, conflict=cod0 is not None and cod0.quad_class == 4
        )
    else:
        subj, passive = _subject(tok)
        source = resolver.resolve_subject(subj, speaker=speaker) if subj is not None else []
        if trig.target_tok is not None:
            target = resolver.resolve(trig.target_tok, speaker=speaker)
        else:
            target = _targets(resolver, trig, source, speaker)
        cod0 = coding(trig.code)
        if not source and target and (passive or (cod0 and cod0.type in PERPETRATOR_OPTIONAL)):
            source = []  # "X was attacked", "a bombing killed X": unknown source
        elif not source:
            return None
    if not source and not (not trig.noun and target):
        return None
    if trig.noun and lex.nouns[tok.lemma_.lower()][1] and not target:
        return None  # "a news conference" alone is no meeting between actors
    cod = coding(trig.code)
    if cod is None:
        return None
    modality = _modality(trig, lex, source, resolver, quoted)
    ptype, cameo, mode, context, goldstein, quad = _fields(cod)
    rule = trig.rule
    if modality == "negated" and ptype in NEGATED_TO_REJECT:
        # "will not accept refugees", "refused permission": a rejection (CAMEO 12)
        rej = coding("120")
        if rej is not None:
            ptype, cameo, mode, context, goldstein, quad = _fields(rej)
            modality = "asserted"
            rule += " +negated->REJECT"
    if modality == "future" and ptype in FUTURE_TO_THREATEN:
        threat = coding(_THREAT_SPECIFIC.get(cameo or "", FUTURE_TO_THREATEN[ptype]))
        if threat is not None:
            ptype, cameo, mode, context, goldstein, quad = _fields(threat)
            rule += " +future->THREATEN"
    if modality == "future" and ptype in INTENT_TO_AGREE:
        intent = coding(_RETREAT_INTENT.get(cameo or "", INTENT_TO_AGREE[ptype]))
        if intent is not None:
            ptype, cameo, mode, context, goldstein, quad = _fields(intent)
            rule += " +intent->AGREE"
    clause = clause_tokens(tok)
    if trig.noun:
        clause = sorted(set(clause) | set(tok.subtree), key=lambda t: t.i)
    future = modality in {"future", "hypothetical"}
    when = event_date(tok, clause, article.published, future=future) or memory.recall_date(clause)
    spans = [(a.start, a.end) for a in source + target if a.start is not None]
    location = event_location(tok, clause, spans)
    if location is not None:
        _link_place(location, article)
    if not target and cameo in {"042", "043"} and location is not None and location.country:
        target = [
            EventActor(
                name=location.name,
                country=location.country,
                actor_code=location.country,
                start=location.start,
                end=location.end,
            )
        ]  # a visit to a place visits its country
    sent_text, s_start, s_end = _sentence(doc, tok)
    conf = 0.45 + (0.2 if trig.match and trig.match.pattern else 0.1)
    conf += 0.1 if target else 0.0
    conf += 0.1 if all(a.country or a.actor_code for a in source) else 0.0
    return Event(
        id="",
        type=ptype,
        mode=mode,
        context=context,
        cameo=cameo,
        quad_class=quad,
        goldstein=goldstein,
        source=source,
        target=target,
        date=when.date if when else None,
        date_precision=when.precision if when else None,  # type: ignore[arg-type]
        date_evidence=when.text if when else None,
        location=location,
        modality=modality,  # type: ignore[arg-type]
        evidence=[
            Evidence(
                article=article.id or None,
                sentence=sent_text,
                sentence_start=s_start,
                sentence_end=s_end,
                trigger=tok.text,
                start=tok.idx,
                end=tok.idx + len(tok.text),
            )
        ],
        quote=_quote_id(article, tok.idx),
        rule=rule,
        confidence=round(min(conf, 0.95), 2),
    )


def _orient_visit(ev: Event) -> None:
    """A meeting held in one side's country: the other side (the visitor) is the source."""
    if ev.type != "CONSULT" or not ev.location or not ev.location.country:
        return
    here = ev.location.country
    if (
        ev.source
        and ev.target
        and all(a.country == here for a in ev.source)
        and all(a.country and a.country != here for a in ev.target)
    ):
        ev.source, ev.target = ev.target, ev.source
