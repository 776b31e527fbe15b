"""What the coder looks up about a whole article, computed once per document.

Every look-up the coder makes per trigger (which sentence a token is in, which DATE entity
covers it, which entity mention covers a span, which quotation holds an offset, which place
mention a clause holds) goes through this index, so that coding a document costs time in
proportion to its length. (spaCy's ``doc.sents`` and ``doc.ents`` rebuild their spans on every
access; scanning them per trigger made the coder quadratic.)
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.attrs import IDX

from tidings.schema import Article, Entity, Mention, Quote
from tidings.understand.coref import quoted_tokens

PLACE_TYPES = {"GPE", "LOC", "FAC"}


@dataclass
class PlaceMention:
    entity: Entity
    mention: Mention
    start: int  # first token
    end: int  # one past the last token


@dataclass
class DocIndex:
    """Sentences, DATE entities, entity mentions, quotations and places of one parsed article."""

    article: Article
    doc: object  # spaCy Doc
    sents: list = field(default_factory=list)  # spaCy sentence spans, in order
    sent_of: list[int] = field(default_factory=list)  # token index -> sentence number
    date_at: dict[int, object] = field(default_factory=dict)  # token index -> DATE span
    mentions_at: dict[int, list[tuple[Entity, Mention]]] = field(default_factory=dict)
    places_at: dict[int, list[PlaceMention]] = field(default_factory=dict)
    quoted: set[int] = field(default_factory=set)
    quotes_at: dict[int, list[Quote]] = field(default_factory=dict)  # token -> quotes, in order
    starts: list[int] = field(default_factory=list)  # character offset of each token

    @classmethod
    def build(cls, article: Article, doc) -> DocIndex:  # noqa: ANN001
        idx = cls(article=article, doc=doc)
        idx.sents = list(doc.sents)
        idx.sent_of = [0] * len(doc)
        for k, sent in enumerate(idx.sents):
            for i in range(sent.start, sent.end):
                idx.sent_of[i] = k
        for ent in doc.ents:
            if ent.label_ == "DATE":
                for i in range(ent.start, ent.end):
                    idx.date_at[i] = ent
        starts = idx.starts = doc.to_array([IDX]).reshape(-1).tolist() if len(doc) else []
        for ent in article.entities:
            for m in ent.mentions:
                a, b = _token_range(starts, m.start, m.end)
                for i in range(a, b):
                    idx.mentions_at.setdefault(i, []).append((ent, m))
                if ent.type in PLACE_TYPES and b > a:
                    pm = PlaceMention(ent, m, a, b)
                    for i in range(a, b):
                        idx.places_at.setdefault(i, []).append(pm)
        idx.quoted = quoted_tokens(doc)
        for q in article.quotes:
            a, b = _token_range(starts, q.start, q.end)
            for i in range(a, b):
                if q.start <= starts[i] < q.end:
                    idx.quotes_at.setdefault(i, []).append(q)
        return idx

    def sentence(self, tok):  # noqa: ANN001, ANN201 - spacy Token -> Span
        return self.sents[self.sent_of[tok.i]]

    def token_at(self, char: int):  # noqa: ANN201 - spaCy Token
        """The token holding a character offset (the one starting at or before it)."""
        return self.doc[_token_range(self.starts, char, char)[0]]

    def mentions_in(self, start: int, end: int) -> list[tuple[Entity, Mention]]:
        """Mentions overlapping the characters ``start:end`` (each once, in text order)."""
        a, b = _token_range(self.starts, start, end)
        seen: set[int] = set()
        out = []
        for i in range(a, b):
            for ent, m in self.mentions_at.get(i, []):
                if id(m) not in seen and m.start < end and start < m.end:
                    seen.add(id(m))
                    out.append((ent, m))
        return out

    def quote_at(self, tok, *, direct_with_speaker: bool = False) -> Quote | None:  # noqa: ANN001
        """The first quotation (in ``article.quotes`` order) whose span holds the token's first
        character; ``direct_with_speaker``: only a direct one with a speaker entity."""
        for q in self.quotes_at.get(tok.i, []):
            if not direct_with_speaker or (q.direct and q.speaker):
                return q
        return None

    def places_in(self, token_ids: set[int]) -> list[PlaceMention]:
        """Place mentions with a token among ``token_ids`` (each once)."""
        out: list[PlaceMention] = []
        for i in sorted(token_ids):
            for pm in self.places_at.get(i, []):
                if all(pm is not o for o in out):
                    out.append(pm)
        return out


def _token_range(starts: list[int], start: int, end: int) -> tuple[int, int]:
    """Token indices [a, b) of the tokens overlapping characters ``start:end``."""
    a = max(0, bisect_right(starts, start) - 1)
    b = bisect_right(starts, end - 1) if end > start else a
    return a, max(a, b)


__all__ = ["DocIndex", "PlaceMention"]
