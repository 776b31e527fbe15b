"""When and where an event happened.

The date comes from the event's own clause ("on Tuesday", "this June", "yesterday": resolved
against the article's date), else from the report that states a verbal act ("Kerry said Sunday
..."), else from the meeting, briefing or interview it was said at ("at a joint news conference"
after "a Tuesday meeting"); the article-level fallbacks (the date of the article's meeting,
else the publication date, basis ``reported``, as GDELT and ICEWS date every event) are
applied by the coder (:func:`tidings.events.coder.code_events`). ``When.basis`` says which.
Places are the understanding stage's place entities in "in/at <place>" phrases (with the
country and coordinates it gave them from the gazetteer, :mod:`tidings.kb.places`); never the
dateline bureau.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from tidings import datafiles
from tidings.events.index import DocIndex
from tidings.schema import Location

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
PLACE_PREPS = {"in", "at", "near", "inside", "outside"}
#: prepositions that put a statement at a meeting ("said at a news conference")
AT_PREPS = {"at", "during", "after", "in", "on", "following", "before"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "conj", "parataxis", "csubj", "pcomp"}


@dataclass
class When:
    date: str
    precision: str  # day | month | year
    text: str
    basis: str = "explicit"  # explicit | relative | meeting | reported

    @property
    def evidence(self) -> str:
        """``Event.date_evidence``: the basis and the words it came from."""
        return f"{self.basis}: {self.text}"


def _pub(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


_RELATIVE_WORDS = re.compile(r"\b(this|next|last|past|coming|earlier|later)\b")


def resolve_date(text: str, published: str | None, *, future: bool = False) -> When | None:
    """Resolve a date expression against the publication date (None when it cannot be)."""
    when = _resolve(text, published, future=future)
    if when is not None and when.basis == "explicit" and _RELATIVE_WORDS.search(text.lower()):
        when.basis = "relative"
    return when


def _resolve(text: str, published: str | None, *, future: bool) -> When | None:
    low = text.lower().strip()
    pub = _pub(published)
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", low)
    explicit_year = int(m.group(1)) if m else None
    dated = _day_of_month(low, text, explicit_year, pub, future=future)
    if dated is not None:  # "Tuesday, 16 December": the day of the month, not the weekday
        return dated
    for i, day in enumerate(WEEKDAYS):
        if re.search(rf"\b{day}\b", low):
            if pub is None:
                return None
            delta = (pub.weekday() - i) % 7
            d = pub + timedelta(days=(7 - delta) % 7) if future else pub - timedelta(days=delta)
            if "last" in low.split() and d == pub:
                d -= timedelta(days=7)
            if "next" in low.split() and future and d == pub:
                d += timedelta(days=7)
            return When(d.isoformat(), "day", text, "relative")
    for word, offset in (("yesterday", -1), ("today", 0), ("tomorrow", 1), ("tonight", 0)):
        if re.search(rf"\b{word}\b", low):
            if pub is None:
                return None
            return When((pub + timedelta(days=offset)).isoformat(), "day", text, "relative")
    mi = _month_of(low)
    if mi:
        return _month_date(low, text, mi, explicit_year, pub, future=future)
    if explicit_year is not None and re.fullmatch(r"(in |the )?(year )?\d{4}", low):
        return When(f"{explicit_year:04d}", "year", text)
    if pub is None:
        return None
    rel = re.search(r"\b(next|this|last|past) (year|month|week)\b", low)
    if rel:
        return _relative_period(rel[1], rel[2], pub, text)
    return None


def _month_of(low: str) -> int:
    """The number of the month a date expression names (0 when none)."""
    for mi, month in enumerate(MONTHS, start=1):
        if re.search(rf"\b{month}\b", low) or re.search(rf"\b{month[:3]}\.?\b", low) and mi != 5:
            return mi
    return 0


def _day_of_month(
    low: str, text: str, explicit_year: int | None, pub: date | None, *, future: bool
) -> When | None:
    """A month with its day ("16 December", "March 3"), whatever weekday stands with it."""
    mi = _month_of(low)
    if not mi:
        return None
    when = _month_date(low, text, mi, explicit_year, pub, future=future)
    return when if when is not None and when.precision == "day" else None


def _month_date(  # noqa: PLR0913
    low: str, text: str, mi: int, explicit_year: int | None, pub: date | None, *, future: bool
) -> When | None:
    """ "March 3", "this June", "in June 2019": the month's year from the article's date."""
    month = MONTHS[mi - 1]
    dm = re.search(rf"\b{month[:3]}\w*\.?\s+(\d{{1,2}})\b|\b(\d{{1,2}})\s+{month[:3]}", low)
    year = explicit_year or (pub.year if pub else None)
    if year is None:
        return None
    if explicit_year is None and pub is not None:
        if future and mi < pub.month:
            year += 1
        elif not future and mi > pub.month and "this" not in low and "next" not in low:
            year -= 1
        if "next" in low.split() and mi <= pub.month:
            year = pub.year + 1
    if dm:
        day = int(dm.group(1) or dm.group(2))
        try:
            return When(date(year, mi, day).isoformat(), "day", text)
        except ValueError:
            return None
    return When(f"{year:04d}-{mi:02d}", "month", text)


def _relative_period(which: str, unit: str, pub: date, text: str) -> When:
    """ "last week" (its month), "this month", "next year" against the article's date."""
    step = {"next": 1, "this": 0, "last": -1, "past": -1}[which]
    if unit == "year":
        return When(f"{pub.year + step:04d}", "year", text, "relative")
    if unit == "week":
        d = pub + timedelta(days=7 * step)
        return When(f"{d.year:04d}-{d.month:02d}", "month", text, "relative")
    y, mo = pub.year, pub.month + step
    if mo == 0:
        y, mo = y - 1, 12
    elif mo == 13:
        y, mo = y + 1, 1
    return When(f"{y:04d}-{mo:02d}", "month", text, "relative")


def clause_tokens(trigger) -> list:  # noqa: ANN001
    """Tokens of the trigger's own clause: its subtree without embedded clauses."""
    out = []
    stack = [trigger]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.dep_ in CLAUSE_DEPS and child.pos_ in {"VERB", "AUX"} and tok is not trigger:
                continue
            if child.dep_ in {"ccomp", "advcl", "parataxis", "conj"} and tok is trigger:
                continue
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def event_date(  # noqa: PLR0913
    tokens,  # noqa: ANN001
    index: DocIndex,
    published: str | None,
    *,
    future: bool,
    trigger=None,  # noqa: ANN001
) -> When | None:
    """The first resolvable DATE entity among the clause tokens; a day of the month given
    beside a weekday ("On Tuesday, 16 December") is that weekday's day. A date that only
    modifies a noun other than the trigger ("the 2020 election") is that noun's, not the
    event's; one that modifies the trigger ("a Tuesday meeting") is the event's."""
    first: When | None = None
    for when in _clause_dates(tokens, index, published, future=future, trigger=trigger):
        if first is None:
            first = when
            if not (when.basis == "relative" and when.precision == "day"):
                return when
        elif when.basis == "explicit" and when.precision == "day":
            return when
    return first


def _clause_dates(  # noqa: PLR0913
    tokens,  # noqa: ANN001
    index: DocIndex,
    published: str | None,
    *,
    future: bool,
    trigger=None,  # noqa: ANN001
) -> Iterator[When]:
    """The resolvable DATE entities among the tokens that date the event, in text order."""
    seen: set[int] = set()
    for t in tokens:
        ent = index.date_at.get(t.i)
        if ent is None or ent.start in seen:
            continue
        seen.add(ent.start)
        root = ent.root
        if (
            root.dep_ in NOUN_DATE_DEPS
            and root.head.pos_ in {"NOUN", "PROPN"}
            and (trigger is None or root.head.i != trigger.i)
        ):
            continue
        when = resolve_date(ent.text, published, future=future)
        if when:
            yield when


#: how a date hangs on a noun whose date it then is ("the 2020 election", "Friday's attempt",
#: "the scheduled October 28 elections")
NOUN_DATE_DEPS = {"amod", "compound", "nummod", "poss", "nmod"}
#: tags of a verb that is no past report of its own ("says", "say"): the present
PRESENT_TAGS = {"VBZ", "VBP"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}


def clause_date(
    trigger,  # noqa: ANN001
    clause: list,
    index: DocIndex,
    published: str | None,
    *,
    future: bool,
) -> When | None:
    """The date of the trigger's clause (:func:`event_date`; forward for a verb still to come),
    else the date of the gerund it is done by ("was sentenced to death by hanging
    yesterday"), else, for a verb with no subject of its own, the date of the verb it shares its subject with ("met in Riyadh on
    Saturday and condemned ...", "spoke on Sunday, asserting ...")."""
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    future = future or _ahead(verb)  # "is to hold talks with Bush on Friday": the coming one
    when = event_date(clause, index, published, future=future, trigger=trigger)
    if when is not None or trigger.pos_ not in {"VERB", "AUX"}:
        return when
    when = _gerund_date(trigger, index, published, future=future) or _noun_head_date(
        trigger, index, published, future=future
    )
    if when is not None:
        return when
    head = _shared_subject_head(trigger)
    for _ in range(3):  # "A, B and C": up the chain of conjuncts
        if head is None:
            return None
        when = event_date(clause_tokens(head), index, published, future=future, trigger=head)
        if when is not None:
            return when
        head = _shared_subject_head(head)
    return None


def _gerund_date(trigger, index: DocIndex, published: str | None, *, future: bool) -> When | None:  # noqa: ANN001
    """The adverbial date of a subjectless gerund in a phrase of the trigger ("by hanging
    yesterday"): the parse hangs the trigger's date there."""
    for prep in trigger.children:
        if prep.dep_ != "prep":
            continue
        for g in prep.children:
            if g.dep_ != "pcomp" or g.tag_ != "VBG" or _own_subject(g):
                continue
            words = [t for c in g.children if c.dep_ == "npadvmod" for t in c.subtree]
            when = event_date(words, index, published, future=future)
            if when is not None:
                return when
    return None


def _noun_head_date(
    trigger,  # noqa: ANN001
    index: DocIndex,
    published: str | None,
    *,
    future: bool,
) -> When | None:
    """The date of the noun whose complement the trigger is ("Friday's failed attempt to
    launch a rocket", "Monday's decision to expel"): the date that modifies that noun."""
    noun = trigger.head
    if trigger.dep_ not in {"acl", "xcomp"} or noun.pos_ != "NOUN":
        return None
    words = [
        t
        for c in noun.children
        if c.dep_ in NOUN_DATE_DEPS and c.i in index.date_at
        for t in c.subtree
    ]
    return event_date(words, index, published, future=future, trigger=noun)


def _own_subject(verb) -> bool:  # noqa: ANN001
    return any(c.dep_ in SUBJECT_DEPS for c in verb.children)


def _shared_subject_head(verb):  # noqa: ANN001, ANN202
    """The verb whose subject ``verb`` shares and whose time it is told in: a conjunct ("met
    ... and condemned") or a participle adjunct ("spoke ..., asserting"); None for a verb with
    a subject, a tense or an auxiliary of its own ("met on Monday and will meet again")."""
    head = verb.head
    if head.i == verb.i or head.pos_ not in {"VERB", "AUX"} or _own_subject(verb):
        return None
    if verb.dep_ == "conj":
        if verb.tag_ != head.tag_ or any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
            return None
        return head
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and not any(c.dep_ == "mark" for c in verb.children)
    ):
        return head
    return None


#: the roles a gathering noun plays in a clause whose date is the gathering's
GATHERING_ROLES = {"nsubj", "nsubjpass", "dobj"}


def gathering_date(tok, index: DocIndex, published: str | None) -> When | None:  # noqa: ANN001
    """The date of a conference, summit, talks ... that is the subject or object of a verb:
    that verb's clause's ("a conference in London on Tuesday came up with a plan"), resolved
    forward when the verb is still to come ("the summit will open on Monday", "is to hold
    talks with Bush on Friday")."""
    head = tok.head
    if (
        tok.dep_ not in GATHERING_ROLES
        or head.pos_ not in {"VERB", "AUX"}
        or tok.lemma_.lower() not in venue_nouns()
    ):
        return None
    return event_date(clause_tokens(head), index, published, future=_ahead(head))


def _ahead(verb) -> bool:  # noqa: ANN001
    """A verb told as still to come: with a modal ("will hold"), in the present progressive
    ("is following up ... with talks on Monday") or the infinitive of a verb in the present
    ("is to hold talks", "plans to hold")."""
    aux = [c for c in verb.children if c.dep_ == "aux"]
    if any(c.tag_ == "MD" for c in aux):
        return True
    if verb.tag_ == "VBG" and any(c.tag_ in PRESENT_TAGS for c in aux):
        return True
    return verb.dep_ == "xcomp" and verb.head.tag_ in PRESENT_TAGS


class DateMemory:
    """Dates attached to nouns earlier in the article ("a G20 summit this June", "a Tuesday
    meeting"), so that a later definite mention ("the summit in Osaka", "the news
    conference") can inherit them. Learns each sentence once, in text order."""

    def __init__(self, published: str | None, index: DocIndex) -> None:
        self.published = published
        self.index = index
        self.dates: dict[str, When] = {}
        self.next_sent = 0  # the first sentence not learned from yet

    def learn_until(self, i: int) -> None:
        """Learn from every sentence that ends before token ``i`` (once each)."""
        sents = self.index.sents
        while self.next_sent < len(sents) and sents[self.next_sent].end <= i:
            self._learn(sents[self.next_sent])
            self.next_sent += 1

    def _learn(self, sent) -> None:  # noqa: ANN001
        date_at = self.index.date_at
        for tok in sent:
            if tok.pos_ != "NOUN":
                continue
            for c in tok.children:
                e = date_at.get(c.i)
                if e is None:
                    continue
                when = resolve_date(e.text, self.published, future=True)
                if when:
                    self.dates.setdefault(tok.lemma_.lower(), when)
            lemma = tok.lemma_.lower()
            if lemma not in self.dates:
                when = gathering_date(tok, self.index, self.published)
                if when:
                    self.dates[lemma] = when

    def recall(self, tokens) -> When | None:  # noqa: ANN001
        """The date learned for a definite noun among ``tokens`` ("the summit")."""
        for t in tokens:
            if t.pos_ == "NOUN" and any(c.lower_ == "the" for c in t.children):
                when = self.dates.get(t.lemma_.lower())
                if when:
                    return when
        return None

    def noun_date(self, noun) -> When | None:  # noqa: ANN001
        """The date of a meeting noun: its own date words ("a Tuesday meeting"), else the one
        learned for its lemma earlier ("the summit")."""
        own = event_date(list(noun.subtree), self.index, self.published, future=False, trigger=noun)
        if own is not None:
            return own
        definite = any(
            c.dep_ == "poss" or c.lower_ in {"the", "this", "that"} for c in noun.children
        )
        return self.dates.get(noun.lemma_.lower()) if definite else None


@cache
def venue_nouns() -> frozenset[str]:
    """Occasions where things are said ("news conference", "talks"; data/verbs)."""
    return frozenset(datafiles.lines("verbs", "tidings_venues.txt"))


def report_tokens(speech, trigger) -> list:  # noqa: ANN001
    """The words of a report's own clause ("Kerry, speaking in Jordan Sunday, said ..."): the
    speech verb's subtree without the reported clause that holds ``trigger`` and without any
    clause of a subject of its own ("Despite the assertion that Comey was dismissed Tuesday,
    Trump on Thursday told NBC ...": Tuesday is the dismissal's)."""
    skip: set[int] = set()
    for c in speech.children:
        if c.dep_ == "conj" or (c.left_edge.i <= trigger.i <= c.right_edge.i):
            skip.update(t.i for t in c.subtree)
    for t in speech.subtree:
        if t.i != speech.i and t.i not in skip and t.pos_ in {"VERB", "AUX"} and _own_subject(t):
            skip.update(x.i for x in t.subtree)
    return [t for t in speech.subtree if t.i not in skip]


def report_when(trigger, speech, index: DocIndex, published: str | None) -> When | None:  # noqa: ANN001
    """The date of the report a verbal act is stated in ("X said Sunday that ...")."""
    if speech is None:
        return None
    return event_date(report_tokens(speech, trigger), index, published, future=False)


def venue_when(tokens, heads: set[int], memory: DateMemory) -> When | None:  # noqa: ANN001
    """Said or done at a dated occasion ("at a joint news conference" after "a Tuesday
    meeting", "during the talks"): that occasion's date, basis ``meeting``. The occasion's
    preposition must hang on one of ``heads`` (the trigger's clause or its report)."""
    venues = venue_nouns()
    for t in tokens:
        if t.dep_ != "pobj" or t.head.lower_ not in AT_PREPS or t.lemma_.lower() not in venues:
            continue
        if t.head.head.i not in heads:
            continue
        when = memory.noun_date(t)
        if when is not None:
            words = " ".join(x.text for x in t.subtree if x.i <= t.i)
            return When(when.date, when.precision, f"{t.head.text} {words}"[:80], "meeting")
    return None


def _place_prep(span_root, trigger):  # noqa: ANN001, ANN202
    """The preposition that introduces a place phrase, climbing from its root (or None)."""
    tok = span_root
    prep = None
    while tok.head.i != tok.i and tok.i not in {trigger.i}:
        if tok.dep_ == "prep" or (tok.pos_ == "ADP" and tok.dep_ in {"prep", "case"}):
            prep = tok
            if tok.lower_ in PLACE_PREPS:
                break
        if tok.head.pos_ == "VERB" and tok.head.i != trigger.i:
            break
        tok = tok.head
    return prep


def _span_root(doc, start: int, end: int):  # noqa: ANN001, ANN202
    """The token of ``doc[start:end]`` whose head lies outside the span."""
    for i in range(start, end):
        h = doc[i].head.i
        if h < start or h >= end or h == i:
            return doc[i]
    return doc[start]


def event_location(
    trigger,  # noqa: ANN001
    tokens,  # noqa: ANN001
    actor_spans: list[tuple[int, int]],
    index: DocIndex,
) -> Location | None:
    """The most specific place of the understanding stage inside an 'in/at' phrase of the
    clause, not an actor. Its country and coordinates are the entity's (disambiguated from the
    whole article: "London" GB vs CA)."""
    ids = {t.i for t in tokens}
    best: Location | None = None
    best_start = -1
    for pm in index.places_in(ids):
        ent, m = pm.entity, pm.mention
        if any(s <= m.start < e for s, e in actor_spans):
            continue
        prep = _place_prep(_span_root(index.doc, pm.start, pm.end), trigger)
        if prep is None or prep.lower_ not in PLACE_PREPS:
            continue
        loc = Location(
            name=m.text,
            country=ent.country,
            lat=ent.lat,
            lon=ent.lon,
            entity=ent.id,
            start=m.start,
            end=m.end,
        )
        if best is None or (loc.lat is not None and best.lat is None) or pm.start > best_start:
            best, best_start = loc, pm.start
    return best
