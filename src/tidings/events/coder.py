"""The event coder: an understood article's parse -> PLOVER/CAMEO events with provenance.

For each verb (and each event noun: "a meeting with X") the most specific pattern in the data
files gives a CAMEO code, mapped to PLOVER (see :mod:`tidings.ontology`). The steps live in
their own modules: triggers and the clause frames that rule some out
(:mod:`~tidings.events.triggers`), source and target (:mod:`~tidings.events.participants`,
actors from the understanding stage's entities via :mod:`~tidings.events.actors`), modality and
the recodings it implies (:mod:`~tidings.events.modality`), date and place
(:mod:`~tidings.events.when_where`), and the merge of repeated mentions
(:mod:`~tidings.events.identity`).
"""

from __future__ import annotations

from dataclasses import dataclass

from tidings.events.actors import ActorResolver
from tidings.events.identity import merge
from tidings.events.lexicon import Lexicon, lexicon
from tidings.events.modality import modality_of, recode
from tidings.events.participants import noun_participants, quote_speaker, subject_of, targets
from tidings.events.triggers import (
    Trigger,
    controlled,
    find_triggers,
    frame_of,
    in_demand,
    intent_head,
    subordinate,
)
from tidings.events.when_where import DateMemory, clause_tokens, event_date, event_location
from tidings.ontology import coding
from tidings.schema import Article, Event, EventActor, Evidence
from tidings.understand.coref import quoted_tokens

PERPETRATOR_OPTIONAL = {"ASSAULT", "COERCE"}  # "a roadside bombing killed a soldier"
VISITS = {"042", "043"}  # a visit to a place visits its country


@dataclass
class _Context:
    """What coding one trigger needs to know about the whole article."""

    article: Article
    doc: object  # spaCy Doc
    lex: Lexicon
    resolver: ActorResolver
    quoted: set[int]
    trigger_ids: set[int]
    event_ids: set[int]
    defer: set[int]
    memory: DateMemory


def code_events(article: Article, doc=None) -> list[Event]:  # noqa: ANN001 - spacy Doc
    """Return the events found in an understood article (``doc`` is its spaCy parse).

    Without ``doc`` the article is understood first (entities and quotes filled). A trigger
    that cannot be coded (a parse the rules do not expect) is skipped with one line in
    ``article.warnings``; the rest of the article and the batch go on.
    """
    if doc is None:
        from tidings.understand import understand_many

        article, doc = next(understand_many([article], batch_size=1, with_docs=True))
    ctx = _context(article, doc)
    events: list[Event] = []
    for trig in find_triggers(doc, ctx.lex):
        try:
            event = _code_one(trig, ctx)
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


def _context(article: Article, doc) -> _Context:  # noqa: ANN001
    lex = lexicon()
    triggers = find_triggers(doc, lex)
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
        and frame_of(t.tok, lex) != "intent"
        and not controlled(t, lex, trigger_ids)
    }
    return _Context(
        article=article,
        doc=doc,
        lex=lex,
        resolver=ActorResolver(article, doc),
        quoted=quoted_tokens(doc),
        trigger_ids=trigger_ids,
        event_ids=event_ids,
        defer=defer,
        memory=DateMemory(article.published),
    )


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
    return tok.i in ctx.defer


def _participants(trig: Trigger, ctx: _Context, speaker):  # noqa: ANN001, ANN202
    """(source, target) of a trigger, or None when it has no actors to be an event."""
    resolver, tok = ctx.resolver, trig.tok
    cod = coding(trig.code)
    if trig.noun:
        conflict = cod is not None and cod.quad_class == 4
        source, target = noun_participants(resolver, tok, speaker, conflict=conflict)
        if not source:
            return None
        if ctx.lex.nouns[tok.lemma_.lower()][1] and not target:
            return None  # "a news conference" alone is no meeting between actors
        return source, target
    subj, passive = subject_of(tok)
    source = resolver.resolve_subject(subj, speaker=speaker) if subj is not None else []
    if trig.target_tok is not None:
        target = resolver.resolve(trig.target_tok, speaker=speaker)
    else:
        target = targets(resolver, ctx.lex, trig, source, speaker)
    if not source and not (target and (passive or (cod and cod.type in PERPETRATOR_OPTIONAL))):
        return None  # only "X was attacked", "a bombing killed X" go without a source
    return source, target


def _code_one(trig: Trigger, ctx: _Context) -> Event | None:
    """Code one trigger into an Event, or None when it is no event."""
    tok = trig.tok
    ctx.memory.learn_until(ctx.doc, tok.i)  # noun dates from the sentences before this one
    if _no_event(trig, ctx):
        return None
    speaker = quote_speaker(ctx.resolver, ctx.article, tok, ctx.quoted, ctx.lex)
    found = _participants(trig, ctx, speaker)
    cod = coding(trig.code)
    if found is None or cod is None:
        return None
    source, target = found
    modality = modality_of(trig, ctx.lex, source, ctx.resolver)
    cod, modality, rule = recode(cod, modality, trig.rule)
    clause = clause_tokens(tok)
    if trig.noun:
        clause = sorted(set(clause) | set(tok.subtree), key=lambda t: t.i)
    future = modality in {"future", "hypothetical"}
    when = event_date(tok, clause, ctx.article.published, future=future)
    when = when or ctx.memory.recall(clause)
    spans = [(a.start, a.end) for a in source + target if a.start is not None]
    location = event_location(tok, clause, spans, ctx.article)
    if not target and cod.cameo in VISITS and location is not None and location.country:
        target = [
            EventActor(
                name=location.name,
                country=location.country,
                actor_code=location.country,
                start=location.start,
                end=location.end,
            )
        ]  # a visit to a place visits its country
    conf = 0.45 + (0.2 if trig.match and trig.match.pattern else 0.1)
    conf += 0.1 if target else 0.0
    conf += 0.1 if all(a.country or a.actor_code for a in source) else 0.0
    return Event(
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
        date_evidence=when.text if when else None,
        location=location,
        modality=modality,  # type: ignore[arg-type]
        evidence=[_evidence(ctx.article, tok)],
        quote=_quote_id(ctx.article, tok.idx),
        rule=rule,
        confidence=round(min(conf, 0.95), 2),
    )


def _evidence(article: Article, tok) -> Evidence:  # noqa: ANN001
    sent = tok.sent
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


def _quote_id(article: Article, start: int) -> str | None:
    for q in article.quotes:
        if q.start <= start < q.end:
            return q.id
    return None


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


__all__ = ["code_events"]
