"""Titles and nominals: which person "the Secretary of State" or "the president" stands for.

- **Titles** ("the Secretary of State", "Russia's Foreign Minister") link to the person holding
  exactly that role, else to the person whose title words hold all of its words.
- **Definite nominals** ("the president", "the foreign minister") link to the most recent
  person the article described with those words (country must agree; "the President" is not
  the Vice President).
- **Organisations by their head word**: "the agency said" is the last organisation whose name
  holds "agency".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings import kb
from tidings.understand.clusters import Cluster
from tidings.understand.phrases import noun_phrase, phrase_words
from tidings.understand.speech import cue_lemma
from tidings.understand.titles import is_role_noun, office_country, title_phrase

if TYPE_CHECKING:
    from tidings.understand.entities import Resolver

#: words of a role that make it another office ("Vice President" is not "the President")
QUALIFIERS = {"vice", "deputy", "assistant", "under", "acting", "former", "first"}
_NOT_ROLE = {"'s", "of", "his", "her", "the", "their", "its", "a", "an"}
_SUBJ = {"nsubj", "nsubjpass"}


class Nominals:
    """Links title-only mentions and definite nominals of one article to people."""

    def __init__(self, resolver: Resolver) -> None:
        self.res = resolver

    def link_titles(self) -> None:
        """Title-only mentions and definite nominals linked to the person they name. Runs
        before entity ids exist (a title can be the first mention), on clusters."""
        res = self.res
        for tok in res.role_toks:
            if not is_role_noun(tok) or tok.i in res.tok2cluster:
                continue
            # not a premodifier of a name ("President Trump")
            if tok.dep_ == "compound" and tok.head.i in res.tok2cluster:
                continue
            if tok.is_title or tok.is_upper:
                self._link_title(tok)
            elif any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
                self.link_nominal(tok)

    def _link_title(self, tok) -> None:  # noqa: ANN001
        res = self.res
        tp = title_phrase(tok)
        if not tp or not tp[2]:
            return
        start, end, role, country, _ = tp
        if any(t in res.tok2cluster for t in range(tok.i, end)):
            return
        if country is None:  # "the President of Gabon": the country its "of" names
            country = (office_country(tok) or (None, None))[1]
        words = {w for w in role.lower().split() if w not in _NOT_ROLE}
        holder = self.holder(tok, country, exact=role.lower())
        holder = holder if holder is not None else self.holder(tok, country, words=words)
        if holder is not None:
            res.add_mention(holder, start, end, "title")
            cl = res.clusters[holder]
            cl.country = cl.country or country  # "U.S. Special Envoy ... Feltman"

    def link_nominal(self, tok) -> int | None:  # noqa: ANN001
        """ "the foreign minister": the person whose title words hold all of its words."""
        res = self.res
        left = [t for t in noun_phrase(tok) if t.i <= tok.i]
        words = phrase_words(left)
        if not kb.sector_in(words):
            return None  # not an agent noun phrase
        country = next(
            (c for t in left if t.is_title for c in [kb.country_iso3(t.text)] if c), None
        )
        role = {w for w in words if w not in _NOT_ROLE and not kb.country_iso3(w)}
        holder = self.holder(tok, country, words=role)
        if holder is None:
            holder = self.continued_subject(tok, left, country)
        if holder is None:
            return None
        start = max([t.i + 1 for t in left if t.i in res.tok2cluster or t.dep_ == "det"] or [0])
        res.add_mention(holder, max(start, left[0].i), tok.i + 1, "nominal")
        return holder

    def continued_subject(self, tok, left: list, country: str | None) -> int | None:  # noqa: ANN001
        """ "Osama bin Laden has been killed ... The al-Qaeda leader had been hiding": a
        described definite title ("the <modifiers> <office>", not a bare "the president") that
        nobody holds stands for the one person of no role who is a subject in this or the
        previous sentence (the topic the text goes on about), of no other country; the first
        country the title names is then theirs ("The Colombian-French politician")."""
        office = kb.role_heads().get(tok.lower_)
        if not office or not any(t.dep_ in {"amod", "compound", "poss", "nmod"} for t in left):
            return None
        if any(t.lower_ in QUALIFIERS | {"new", "next", "late"} for t in left):
            return None  # "the former president", "the new leader": someone else
        if tok.dep_ in _SUBJ and cue_lemma(tok.head):
            return None  # "the police chief said": a speaker, whom attribution finds
        res = self.res
        sent = res.sentence_of(tok.idx)
        found = set()
        for ci, cl in enumerate(res.clusters):
            if cl.type != "PERSON" or cl.role or (cl.kb is not None and cl.kb.role):
                continue
            if country and cl.country and cl.country != country:
                continue
            for m, r in zip(cl.mentions, cl.roots, strict=False):
                near = m.start < tok.idx and sent - 2 <= m.sentence <= sent
                if near and m.kind in {"name", "surname"} and res.doc[r].dep_ in _SUBJ:
                    found.add(ci)
        if len(found) != 1:
            return None
        ci = found.pop()
        res.clusters[ci].country = res.clusters[ci].country or country  # "The Colombian-French"
        return ci

    def holder(
        self,
        tok,  # noqa: ANN001
        country: str | None,
        *,
        exact: str | None = None,
        words: set[str] | None = None,
    ) -> int | None:
        """The person cluster holding a role: ``exact`` its whole name, or ``words`` all among
        the words the article used for the person (and none of them a qualifier the phrase
        lacks: "the President" is not the Vice President). Of several holders ("President
        Biden", "President Xi"), the one mentioned most recently before the title."""
        best, best_seen = None, -2
        for ci, cl in enumerate(self.res.clusters):
            if cl.type != "PERSON" or not cl.mentions:
                continue
            prole = cl.role or (cl.kb.role if cl.kb else None)
            if exact is not None and (not prole or prole.lower() != exact):
                continue
            if words is not None and not _described(cl, prole, words, tok.lower_):
                continue
            if country and cl.country and country != cl.country:
                continue
            seen = max((m.start for m in cl.mentions if m.start < tok.idx), default=-1)
            if exact is None and seen < 0:
                continue  # a nominal refers back, never forward
            if seen >= best_seen:
                best, best_seen = ci, seen
        return best

    def named_by_head(self, subj) -> str | None:  # noqa: ANN001
        """The last organisation before a definite common noun that its name contains."""
        if subj.pos_ != "NOUN" or subj.tag_ == "NNS":
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children):
            return None
        # "the agency" (Atomic Energy Agency), "the production company" (Dick Clark Productions)
        words = {_stem(subj.lower_)} | {
            _stem(c.lower_) for c in subj.children if c.dep_ == "compound" and c.pos_ == "NOUN"
        }
        best: tuple[int, str] | None = None
        for ci, eid in self.res.ids.items():
            cl = self.res.clusters[ci]
            if cl.type not in {"ORG", "FAC"}:
                continue
            if not words & {_stem(w.lower()) for w in cl.name.split()}:
                continue
            before = [m.start for m in cl.mentions if m.start < subj.idx]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), eid)
        return best[1] if best else None


def _stem(word: str) -> str:
    """A name word and a common noun match in the singular ("Productions", "production")."""
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _described(cl: Cluster, prole: str | None, words: set[str], head: str) -> bool:
    known = set(cl.role_words) | set((prole or "").lower().split())
    if not words or head not in known or not words <= known:
        return False
    return not ((known & QUALIFIERS) - words)


__all__ = ["QUALIFIERS", "Nominals"]
