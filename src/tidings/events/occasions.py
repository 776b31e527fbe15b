"""The dated occasions of an article that its undated statements belong to.

News dates a statement once and then goes on reporting what was said there: "Trump on
Thursday told NBC that ..." is followed by "He also accused Comey ..." and, paragraphs later,
"In his interview with Holt, Trump affirmed ..."; "An international conference in London on
Tuesday came up with a plan" is followed by what the delegates said. Two kinds of occasion are
collected here, in text order, for :func:`tidings.events.dating.fill_dates`:

- a **statement** with a date of its own: the cue of a quotation the understanding stage
  attributed to a speaker (``Quote.cue``), whose report clause gives a date ("told NBC on
  Thursday", "said at a news conference Tuesday");
- a **gathering**: a noun of ``tidings_venues.txt`` (conference, summit, talks, interview)
  with a date of its own ("a Tuesday meeting"), or the subject or object of a clause that
  gives one ("a conference in London on Tuesday came up with ...").

Only occasions on or before the article's date count (a planned summit is nobody's occasion
yet). :meth:`Occasions.said_now` tells a statement in the present ("says", "has said"): it is
the article's own time, not an earlier occasion's.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from tidings.events.index import DocIndex
from tidings.events.when_where import (
    PRESENT_TAGS,
    DateMemory,
    When,
    event_date,
    gathering_date,
    report_tokens,
    venue_nouns,
    venue_when,
)

#: links from a reported clause up to the verb that reports it
REPORT_LINKS = {"ccomp", "xcomp", "conj", "advcl", "parataxis"}


@dataclass
class Occasion:
    """A dated statement or gathering: where it is (character offset, paragraph), its date,
    who spoke (entity ids; empty for a gathering) and the words that date it."""

    start: int
    paragraph: int
    when: When
    words: str
    speakers: frozenset[str] = frozenset()


@dataclass
class Occasions:
    """The article's dated statements and gatherings, in text order."""

    index: DocIndex
    statements: list[Occasion] = field(default_factory=list)
    gatherings: list[Occasion] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)  # character offsets of paragraph starts

    @classmethod
    def build(cls, index: DocIndex, memory: DateMemory) -> Occasions:
        """Collect the occasions of one coded article (``memory`` has learned its nouns)."""
        memory.learn_until(len(index.doc))
        out = cls(index=index, breaks=_paragraph_starts(index.article.text))
        published = index.article.published
        limit = (published or "")[:10]
        for occ in _statements(out, memory, published):
            if not limit or occ.when.date <= limit:
                out.statements.append(occ)
        for occ in _gatherings(out, memory, published):
            if not limit or occ.when.date <= limit:
                out.gatherings.append(occ)
        return out

    def paragraph(self, char: int) -> int:
        """The 0-based paragraph holding a character offset."""
        return bisect_right(self.breaks, char) - 1

    def said_now(self, char: int) -> bool:
        """Whether the statement holding the trigger at ``char`` is told in the present
        ("Obama says", "Russia has said"): its report verb (or the trigger, when it reports
        itself; for words in a quotation, its cue) is a present-tense verb or a present
        perfect."""
        tok = self.index.token_at(char)
        quote = self.index.quote_at(tok)
        if quote is not None:  # a quotation's words are as old as the cue that reports them
            if quote.cue_start is None:
                return False
            tok = self.index.token_at(quote.cue_start)
        while tok.dep_ in REPORT_LINKS and tok.head.i != tok.i:
            tok = tok.head
        if tok.pos_ not in {"VERB", "AUX"}:
            return False
        if tok.tag_ in PRESENT_TAGS:
            return True
        return any(c.dep_ == "aux" and c.tag_ in PRESENT_TAGS for c in tok.children)

    def stated(self, char: int) -> bool:
        """Whether the trigger at ``char`` is someone's statement: words of a quotation, or a
        clause a verb reports ("said the United States will help"), not the article's own
        narration ("They will discuss ...")."""
        tok = self.index.token_at(char)
        if self.index.quote_at(tok) is not None:
            return True
        while tok.dep_ in {"conj", "xcomp"} and tok.head.i != tok.i:  # "will help ... and will"
            tok = tok.head
        return tok.dep_ in {"ccomp", "parataxis"}

    def reported_past(self, char: int) -> bool:
        """Whether the trigger at ``char`` is a past act a statement reports ("said that the
        United States had signed", "said he talked with Lavrov"): it happened before the
        statement, which does not date it."""
        tok = self.index.token_at(char)
        if any(c.dep_ == "aux" and c.lower_ in {"had", "'d"} for c in tok.children):
            return True
        return tok.tag_ == "VBD" and tok.dep_ == "ccomp"


def _paragraph_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n\n")
    while pos >= 0:
        starts.append(pos + 2)
        pos = text.find("\n\n", pos + 2)
    return starts


def _statements(occ: Occasions, memory: DateMemory, published: str | None) -> list[Occasion]:
    """Quotation cues whose report clause gives a date ("Trump on Thursday told NBC that")."""
    index = occ.index
    out = []
    for q in index.article.quotes:
        if q.speaker is None or q.cue_start is None:
            continue
        cue, first = index.token_at(q.cue_start), index.token_at(q.start)
        report = report_tokens(cue, first) if first.i != cue.i else list(cue.subtree)
        when = event_date(report, index, published, future=False)
        if when is None:
            when = venue_when(report, {t.i for t in report}, memory)
        if when is None:
            continue
        words = f"{q.speaker_name or 'the speaker'} {q.cue or cue.text}"[:80]
        out.append(
            Occasion(q.cue_start, occ.paragraph(q.cue_start), when, words, frozenset({q.speaker}))
        )
    return sorted(out, key=lambda o: o.start)


def _gatherings(occ: Occasions, memory: DateMemory, published: str | None) -> list[Occasion]:
    """Conferences, summits, talks and interviews with a date of their own or of the clause
    they are the subject or object of."""
    index, venues = occ.index, venue_nouns()
    out = []
    for tok in index.doc:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in venues:
            continue
        when = memory.noun_date(tok) or gathering_date(tok, index, published)
        if when is None:
            continue
        start = index.starts[tok.i]
        words = " ".join(t.text for t in tok.subtree if t.i <= tok.i)[:80]
        out.append(Occasion(start, occ.paragraph(start), when, words))
    return out


__all__ = ["Occasion", "Occasions"]
