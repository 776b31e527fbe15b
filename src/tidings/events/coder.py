"""The event coder: an understood article's parse -> PLOVER/CAMEO events with provenance.

Patterns propose, a learned judge decides. For each verb (and each event noun: "a meeting with
X") the most specific pattern in the data files gives a CAMEO code, mapped to PLOVER (see
:mod:`tidings.ontology`); each such candidate gets its actors, modality, date and place, and
the judge (:mod:`~tidings.events.judge`, a logistic regression shipped as JSON weights) says
how likely it is a real event of that type: its calibrated probability is
``Event.confidence`` and candidates below the model's threshold are dropped. Mentions of one
event are then merged, and every event is dated (its own clause, the meeting it was said at,
else the publication date, basis ``reported``).

The steps live in their own modules: the per-document index that keeps coding linear in the
text's length (:mod:`~tidings.events.index`), triggers and the clause frames that rule some out
(:mod:`~tidings.events.triggers`), source and target (:mod:`~tidings.events.participants`,
actors from the understanding stage's entities via :mod:`~tidings.events.actors`), modality and
the recodings it implies (:mod:`~tidings.events.modality`), date and place
(:mod:`~tidings.events.when_where`), the judge and the merge of repeated mentions
(:mod:`~tidings.events.identity`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tidings.events import judge as judge_mod
from tidings.events.actors import ActorResolver
from tidings.events.dating import fill_dates
from tidings.events.identity import event_id, merge
from tidings.events.implied import DENIAL, Implied, accuser, is_pair_phrase
from tidings.events.index import DocIndex
from tidings.events.lexicon import Lexicon, lexicon
from tidings.events.modality import modality_of, recode
from tidings.events.nominal import host_organisation, nominal_participants, verb_sides
from tidings.events.occasions import Occasions
from tidings.events.participants import (
    attack_noun_source,
    noun_participants,
    outside,
    quote_speaker,
    source_of,
    struck_place,
    subject_of,
    targets,
)
from tidings.events.triggers import (
    PASS_THROUGH,
    Trigger,
    author_acts,
    controlled,
    find_triggers,
    frame_of,
    in_demand,
    intent_head,
    subordinate,
)
from tidings.events.when_where import (
    DateMemory,
    When,
    clause_date,
    clause_tokens,
    event_location,
    report_tokens,
    report_when,
    venue_when,
)
from tidings.ontology import coding
from tidings.schema import Article, Event, EventActor, Evidence

SYMMETRIC = {"CONSULT", "COOPERATE"}
PERPETRATOR_OPTIONAL = {"ASSAULT", "COERCE"}  # "a roadside bombing killed a soldier"
VISITS = {"042", "043"}  # a visit to a place visits its country
VERBAL_QUADS = {1, 3}  # verbal co-operation and conflict: said, so dated by their report


@dataclass
class Candidate:
    """One trigger coded as an event, before the judge decides on it."""

    event: Event
    trig: Trigger
    modality: str
    features: list[str] = field(default_factory=list)
    implied: str = ""  # which side the text only implies ("agent", "target"; events/implied.py)


@dataclass
class _Context:
    """What coding one trigger needs to know about the whole article."""

    article: Article
    doc: object  # spaCy Doc
    lex: Lexicon
    index: DocIndex
    resolver: ActorResolver
    triggers: list[Trigger]
    trigger_ids: set[int]
    event_ids: set[int]
    defer: set[int]
    memory: DateMemory
    implied: Implied
    done: list[Candidate] = field(default_factory=list)  # the candidates coded so far
    by_reporter: set[int] = field(default_factory=set)  # triggers whose source is the reporter
    meeting: tuple[list[EventActor], list[EventActor]] | None = None  # the last meeting's sides


def code_events(article: Article, doc=None, *, judge: bool = True) -> list[Event]:  # noqa: ANN001
    """Return the events found in an understood article (``doc`` is its spaCy parse).

    Without ``doc`` the article is understood first (entities and quotes filled). A trigger
    that cannot be coded (a parse the rules do not expect) is skipped with one line in
    ``article.warnings``; the rest of the article and the batch go on. ``judge=False`` keeps
    every candidate the patterns propose (with the rules' own confidence).
    """
    if doc is None:
        from tidings.understand import understand_many

        article, doc = next(understand_many([article], batch_size=1, with_docs=True))
    ctx = _context(article, doc)
    cands = _candidates(ctx)
    if judge:
        cands = judge_mod.decide(cands)
    events = [c.event for c in cands]
    occasions = Occasions.build(ctx.index, ctx.memory)
    fill_dates(events, article.published, lead_end=_lead_end(ctx.index), occasions=occasions)
    merged = merge(events, open_target=True)
    for ev in merged:
        _orient_visit(ev)
        ev.id = event_id(ev)  # the identity holds the date filled in
    return merged


def candidates(article: Article, doc) -> list[Candidate]:  # noqa: ANN001
    """Every trigger the patterns code, with its actors, modality, date, place and the
    judge's features (in text order)."""
    return _candidates(_context(article, doc))


def _candidates(ctx: _Context) -> list[Candidate]:
    article = ctx.article
    out: list[Candidate] = []
    salience = judge_mod.Salience.build(ctx.index)  # once per article, for the judge's features
    for trig in ctx.triggers:
        try:
            cand = _code_one(trig, ctx)
        except Exception as exc:  # noqa: BLE001 - one bad parse must not stop the batch
            article.warnings.append(
                f"{article.source}: event coding skipped trigger {trig.tok.text!r} at "
                f"{trig.tok.idx}: {type(exc).__name__}: {exc}"
            )
            continue
        if cand is not None:
            cand.features = judge_mod.features(cand, ctx.index, salience)
            out.append(cand)
            ctx.done.append(cand)
    return out


def _lead_end(index: DocIndex) -> int:
    """Where the article's lead (its first two sentences) ends: a readout or report names its
    meeting there."""
    sents = index.sents[:2]
    return sents[-1].end_char if sents else 0


def _context(article: Article, doc) -> _Context:  # noqa: ANN001
    lex = lexicon()
    index = DocIndex.build(article, doc)
    resolver = ActorResolver(article, doc, index)
    triggers = find_triggers(doc, lex)
    if resolver.author is not None:
        # "Y must allow access" in a statement is its author's demand of Y: the demanded act
        # (a verb the patterns code) is its content, not a second event
        acts = author_acts(index.sents, index.quoted)
        demanded = {t.tok.i for t in acts}
        triggers = [t for t in triggers if t.tok.i not in demanded] + acts
    triggers = _without_verb_nominals(triggers)
    trigger_ids = {t.tok.i for t in triggers}
    noun_ids = {t.tok.i: t.code for t in triggers if t.noun and not t.nominal}
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
    # triggers that can dominate others: PLOVER-coded, not intent verbs, not themselves content;
    # a nominal event ("the decision to invade") dominates nothing
    event_ids = {
        t.tok.i
        for t in triggers
        if coding(t.code) is not None
        and not t.nominal
        and t.tok.i not in defer
        and frame_of(t.tok, lex) != "intent"
        and not controlled(t, lex, trigger_ids)
    }
    return _Context(
        article=article,
        doc=doc,
        lex=lex,
        index=index,
        resolver=resolver,
        triggers=triggers,
        trigger_ids=trigger_ids,
        event_ids=event_ids,
        defer=defer,
        memory=DateMemory(article.published, index),
        implied=Implied(resolver),
    )


def _without_verb_nominals(triggers: list[Trigger]) -> list[Trigger]:
    """A nominal event whose governing word is itself a verb trigger ("reaffirmed support
    for", "asked for the King's assistance") is that verb's argument: the verb's pattern
    codes the phrase with the verb's own sides."""
    verbs = {t.tok.i for t in triggers if not t.noun}
    out = []
    for t in triggers:
        head = t.tok.head
        if t.nominal and head.dep_ == "prep":
            head = head.head
        if not (t.nominal and head.i in verbs):
            out.append(t)
    return out


def _no_event(trig: Trigger, ctx: _Context) -> bool:
    """Triggers that are content, intent, purpose or someone else's expectation."""
    tok, lex = trig.tok, ctx.lex
    if controlled(trig, lex, ctx.trigger_ids) or intent_head(trig, lex, ctx.trigger_ids):
        return True
    if frame_of(tok, lex) == "intent" and (
        (tok.dep_ in {"acl", "amod"} and tok.tag_ == "VBN")
        or any(c.dep_ in {"auxpass", "nsubjpass"} for c in tok.children)
    ):
        # "supplies intended for civil use", "Obama is expected to speak": a modifier or
        # somebody else's expectation, nobody's stated intent
        return True
    if subordinate(trig, lex, ctx.event_ids) or in_demand(trig, lex):
        return True
    return tok.i in ctx.defer and (_light(tok, ctx.lex) or _noun_codes(trig, ctx))


def _light(tok, lex: Lexicon) -> bool:  # noqa: ANN001
    """A light verb (``T_LIGHT``: hold, have, give, conduct ...) is never more than its noun:
    "held a press conference" is no meeting when the conference names no counterpart."""
    return any(group == "T_LIGHT" for group, _, _ in lex.verb_groups.get(tok.lemma_.lower(), ()))


def _noun_codes(verb: Trigger, ctx: _Context) -> bool:
    """Whether the event noun a verb defers to is an event with actors of its own: "attended the
    summit in Moscow" names no one at the summit, so the verb (an attendance, CONSULT) is the
    event; so is "called a general strike", whose noun is the call's content."""
    for noun in (t for t in ctx.triggers if t.noun and t.tok.head.i == verb.tok.i):
        if noun.tok.dep_ != "dobj" or _no_event(noun, ctx):
            continue  # "called a general strike": the noun is the content of a control verb
        if _participants(noun, ctx, None) is not None:
            return True
    return False


def _pair(subj, ctx: _Context):  # noqa: ANN001, ANN202
    """ "The two leaders discussed ...", "both sides agreed", and a "they" no clause reports:
    the sides of the article's last meeting (the coder's own events, not a person resolved
    from the text); with no meeting told, the two actors of the noun's kind named just before
    ("Both countries have put their militaries on alert": the two countries)."""
    if subj is None:
        return None
    if subj.lower_ == "they" and subj.i not in ctx.index.quoted:
        if ctx.meeting is None:
            return None
        return ctx.meeting if not ctx.resolver.resolve(subj) else None
    if not is_pair_phrase(subj):  # "the two leaders", "both sides"
        return None
    return ctx.meeting or ctx.implied.pair_before(subj)  # "both countries": the two named before


def _pair_object(tok, ctx: _Context, source: list[EventActor]) -> list[EventActor]:  # noqa: ANN001
    """ "Urged the two parties", "called on both sides": the sides of the article's last
    meeting that are not the trigger's source; [] for any other object."""
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    objs += [o for c in tok.children if c.dep_ == "prep" and c.lower_ in {"on", "to", "with"}
             for o in c.children if o.dep_ == "pobj"]  # fmt: skip
    for obj in objs:
        pair = _pair(obj, ctx) if obj.lower_ != "they" else None
        if pair is not None:
            names = {a.name for a in source}
            return [a for side in pair for a in side if a.name not in names]
    return []


def _participants(trig: Trigger, ctx: _Context, speaker):  # noqa: ANN001, ANN202
    """(source, target) of a trigger, or None when it has no actors to be an event."""
    resolver, tok = ctx.resolver, trig.tok
    cod = coding(trig.code)
    if trig.nominal:
        return nominal_participants(resolver, tok, speaker)
    if trig.noun:
        conflict = cod is not None and cod.quad_class == 4
        found = noun_participants(resolver, tok, speaker, conflict=conflict, code=trig.code)
        source, target = _symmetric(cod, *verb_sides(resolver, tok, speaker, *found))
        if not source or (ctx.lex.nouns[tok.lemma_.lower()][1] and not target):
            # "a news conference" alone is no meeting between actors; "an African Union
            # summit" is its members' meeting
            if cod is None or cod.type not in SYMMETRIC:
                return None
            return host_organisation(resolver, tok, ctx.lex)
        return source, target
    if trig.by_author:  # "Belligerents should declare a ceasefire" in a statement
        target = resolver.resolve(trig.target_tok)
        if not target and trig.tok.pos_ == "ADJ":  # "the abuses in Tigray are unacceptable"
            return [resolver.author], []
        return ([resolver.author], target) if target else None
    subj, passive = subject_of(tok)
    pair = _pair(subj, ctx)
    if pair is not None and trig.target_tok is None:
        both = [*pair[0], *pair[1]]
        other = (
            []
            if cod is None or cod.type in SYMMETRIC
            else [
                a for a in targets(resolver, ctx.lex, trig, both, speaker) if a.entity or a.country
            ]
        )
        if other:  # "the two nations pledged support to Yemen": both act on a named third
            return both, other
        return list(pair[0]), list(pair[1])
    if pair is not None:
        source = list(pair[0])
    else:
        source = source_of(resolver, subj, speaker) if subj is not None else []
    attacker_words = None
    if not source and cod is not None and cod.quad_class == 4:
        source, attacker_words = attack_noun_source(resolver, ctx.lex, tok, subj, speaker)
    if trig.target_tok is not None:
        target = resolver.resolve(trig.target_tok, speaker=speaker)
    else:
        target = targets(resolver, ctx.lex, trig, source, speaker)
    if attacker_words is not None:  # the attacker's words are no target; the place struck is
        target = outside(target, attacker_words) or struck_place(resolver, tok)
    if not target:  # "urged the two parties to continue talking": the meeting's two sides
        target = _pair_object(tok, ctx, source)
    if not source and subj is not None and subj.pos_ == "NOUN" and cod and cod.quad_class == 3:
        source = _reporter(tok, ctx)  # "X said the lapses raise questions about Y": X's act
    if not source and not (target and (passive or (cod and cod.type in PERPETRATOR_OPTIONAL))):
        return None  # only "X was attacked", "a bombing killed X" go without a source
    return _symmetric(cod, source, target)


def _reporter(tok, ctx: _Context) -> list[EventActor]:  # noqa: ANN001
    """The actor reporting a verbal conflict whose own subject is no actor ("Dewar said the
    security lapses raise serious questions about ..."): the criticism is the reporter's."""
    speech = _speech_head(tok, ctx.lex)
    if speech is None or speech.i in ctx.index.quoted:
        return []
    subj = next((c for c in speech.children if c.dep_ == "nsubj"), None)
    got = ctx.resolver.resolve(subj) if subj is not None else []
    if got:
        ctx.by_reporter.add(tok.i)
    return got


def _symmetric(cod, source: list[EventActor], target: list[EventActor]):  # noqa: ANN001, ANN202
    """ "A and B met", "talks between A and B": a meeting of A (source) with B (target)."""
    if cod is not None and cod.type in SYMMETRIC and not target and len(source) > 1:
        return source[:1], source[1:]
    return source, target


def _speech_head(tok, lex: Lexicon):  # noqa: ANN001, ANN202
    """The speech verb that reports the trigger's clause ("said ... that X must"), if any."""
    if frame_of(tok, lex) == "speech":
        return None
    cur = tok
    for _ in range(5):  # through complements and conjuncts ("would react ... and be welcoming")
        if cur.head.i == cur.i or cur.dep_ not in PASS_THROUGH | {"conj"}:
            return None
        cur = cur.head
        if frame_of(cur, lex) == "speech":
            return cur
    return None


def _when(trig: Trigger, ctx: _Context, clause: list, cod, modality: str) -> When | None:  # noqa: ANN001
    """The date of a candidate: its clause's, else its report's (verbal acts), else the
    definite noun's remembered one ("the summit"), else the occasion it was said at."""
    published = ctx.article.published
    future = modality in {"future", "hypothetical"}
    when = clause_date(trig.tok, clause, ctx.index, published, future=future)
    speech = _speech_head(trig.tok, ctx.lex)
    if when is None and cod.quad_class in VERBAL_QUADS and not future:
        when = report_when(trig.tok, speech, ctx.index, published)
    when = when or ctx.memory.recall(clause)
    if when is None:
        report = report_tokens(speech, trig.tok) if speech is not None else []
        heads = {t.i for t in clause} | {t.i for t in report}
        when = venue_when(clause + report, heads, ctx.memory)
    return when


def _code_one(trig: Trigger, ctx: _Context) -> Candidate | None:
    """Code one trigger into a candidate event, or None when it is no event."""
    tok = trig.tok
    ctx.memory.learn_until(tok.i)  # noun dates from the sentences before this one
    if _no_event(trig, ctx):
        return None
    speaker = quote_speaker(ctx.resolver, tok, ctx.lex)
    found = _participants(trig, ctx, speaker)
    cod = coding(trig.code)
    if found is None or cod is None:
        return None
    source, target = found
    source, target, implied = _implied(trig, ctx, cod, source, target)
    if trig.needs_target and not target:
        return None  # a judgement of nobody's act ("said it was wrong")
    modality = modality_of(trig, ctx.lex, source, ctx.resolver)
    cod, modality, rule = recode(cod, modality, trig.rule)
    clause = clause_tokens(tok)
    if trig.noun:
        clause = sorted(set(clause) | set(tok.subtree) | _light_clause(tok), key=lambda t: t.i)
    when = _when(trig, ctx, clause, cod, modality)
    spans = [(a.start, a.end) for a in source + target if a.start is not None]
    location = event_location(tok, clause, spans, ctx.index)
    if not target and cod.cameo in VISITS and location is not None and location.country:
        target = [
            EventActor(
                name=location.name,
                country=location.country,
                actor_code=location.country + "GOV",
                start=location.start,
                end=location.end,
            )
        ]  # a visit to a place visits its country
    named = all(a.entity or a.country for a in source + target)  # not "leaders" nobody named
    if cod.type == "CONSULT" and source and target and modality == "asserted" and named:
        ctx.meeting = (source, target)
    event = Event(
        id="",
        type=cod.type,
        mode=cod.mode,
        context=list(cod.context),
        cameo=cod.cameo,
        quad_class=cod.quad_class,
        goldstein=cod.goldstein,
        source=source,
        target=target,
        date=when.date if when else None,
        date_precision=when.precision if when else None,  # type: ignore[arg-type]
        date_evidence=when.evidence if when else None,
        location=location,
        modality=modality,  # type: ignore[arg-type]
        evidence=[_evidence(ctx.article, tok, ctx.index)],
        quote=_quote_id(ctx.index, tok),
        rule=rule,
        confidence=_rule_confidence(trig, source, target),
    )
    return Candidate(event=event, trig=trig, modality=modality, implied=implied)


def _implied(trig: Trigger, ctx: _Context, cod, source, target):  # noqa: ANN001, ANN202
    """Sides the clause leaves unnamed: the agent of a state act in the passive ("was
    arrested"), the target of a reaction to an act told before ("denounced the operation")."""
    if trig.tok.i in ctx.by_reporter:
        return source, target, "reporter"
    if trig.noun or trig.by_author:
        return source, target, ""
    if not source and target and subject_of(trig.tok)[1]:
        agent = ctx.implied.passive_agent(trig.tok, target, ctx.done)
        if agent:
            return agent, target, "agent"
    if source and cod.cameo == DENIAL and not trig.noun:  # the denied claim's accuser
        got = accuser(ctx.resolver, trig.tok, source, target, ctx.done)
        if got:
            return source, got, "target"
    if source and not target and cod.quad_class in VERBAL_QUADS:
        got = ctx.implied.reaction_target(trig.tok, source, ctx.done, about=trig.about)
        if got:
            return source, got, "target"
    return source, target, ""


def _light_clause(noun) -> set:  # noqa: ANN001
    """The clause of the verb an event noun is the object of ("Yesterday, A and B held a
    meeting"): its date and place are the meeting's."""
    if noun.dep_ in {"dobj", "attr"} and noun.head.pos_ in {"VERB", "AUX"}:
        return {t for t in clause_tokens(noun.head) if t.i != noun.i}
    return set()


def _rule_confidence(trig: Trigger, source: list[EventActor], target: list[EventActor]) -> float:
    """The rules' own score, used when the judge is off (``code_events(judge=False)``)."""
    conf = 0.45 + (0.2 if trig.match and trig.match.pattern else 0.1)
    conf += 0.1 if target else 0.0
    conf += 0.1 if all(a.country or a.actor_code for a in source) else 0.0
    return round(min(conf, 0.95), 2)


def _evidence(article: Article, tok, index: DocIndex) -> Evidence:  # noqa: ANN001
    sent = index.sentence(tok)
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    stripped = text.strip()
    return Evidence(
        article=article.id or None,
        sentence=stripped,
        sentence_start=start,
        sentence_end=start + len(stripped),  # offsets of the stripped text
        trigger=tok.text,
        start=tok.idx,
        end=tok.idx + len(tok.text),
    )


def _quote_id(index: DocIndex, tok) -> str | None:  # noqa: ANN001
    q = index.quote_at(tok)
    return q.id if q is not None else None


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


__all__ = ["Candidate", "candidates", "code_events"]
