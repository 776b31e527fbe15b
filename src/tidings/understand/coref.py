"""Coreference: which entity a pronoun, a title or a nominal stands for; which words are quoted.

The one home of these decisions (rules, no model; nothing installs offline). The quote
attributor asks it for the antecedent of a speaker ("..., he said"), the understanding stage
lets it link every other person pronoun and title-only mention, and the event coder reads the
resulting mentions from ``article.entities`` (plus :func:`reporter_of` and
:func:`quoted_tokens` over the same parse) instead of resolving anybody itself.

- **Quoted words** (:func:`quoted_tokens`): tokens inside the passages :func:`quote_spans`
  finds. Names inside a quotation are never antecedents.
- **Pronouns** (he/she/him/his/her; "it" for organisations when it speaks): the most recent
  compatible mention in this and the three previous sentences; subjects of speech verbs beat
  main-clause subjects beat the rest, and the nearest sentence with a strong candidate wins.
  Excluded: people named inside the quote being attributed (speakers rarely name themselves),
  people named as objects in the pronoun's own clause ("he met Lavrov": he is not Lavrov), and
  for an object pronoun its clause's subject ("Putin thanked him").
- **Titles** ("the Secretary of State", "Russia's Foreign Minister") link to the person holding
  that role (country must agree), the one mentioned most recently before the title.
- **Nominals** ("the top U.S. diplomat said") link to the last speaker of that country;
  "the agency said" to the last organisation whose name holds "agency".
- **Reporters** (:func:`reporter_of`): "Syria says it is willing ...": a pronoun in a reported
  clause stands for the subject of the clause it is reported in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings import kb
from tidings.understand.clusters import Cluster
from tidings.understand.marks import Span, quote_spans
from tidings.understand.phrases import noun_phrase, phrase_words
from tidings.understand.speech import cue_lemma, speech_subject
from tidings.understand.titles import is_role_noun, title_phrase

if TYPE_CHECKING:
    from tidings.understand.entities import Resolver

#: person pronouns the understanding stage links to people
PERSON_PRONOUNS = {"he", "she", "him", "his", "her", "hers"}
#: pronouns that can be a speaker ("he said")
SPEAKER_PRONOUNS = {"he", "she"}
_OBJECT_DEPS = {"dobj", "pobj", "dative"}
_REPORTED = {"ccomp", "xcomp", "advcl", "conj", "relcl"}
_CLAUSES = _REPORTED | {"acl", "parataxis", "csubj", "pcomp"}
_CACHE = "tidings.quoted"
#: words of a role that make it another office ("Vice President" is not "the President")
_QUALIFIERS = {"vice", "deputy", "assistant", "under", "acting", "former", "first"}
_NOT_ROLE = {"'s", "of", "his", "her", "the", "their", "its", "a", "an"}


def quoted_tokens(doc, spans: list[Span] | None = None) -> set[int]:  # noqa: ANN001 - spacy Doc
    """Indices of the tokens inside quotation marks (every passage :func:`quote_spans` finds).

    Computed once per Doc (kept in ``doc.user_data``), so the quote attributor and the event
    coder see the same set.
    """
    cached = doc.user_data.get(_CACHE)
    if cached is not None:
        return cached
    out: set[int] = set()
    for s in quote_spans(doc.text) if spans is None else spans:
        for a, b in s.segments:
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None:
                out.update(t.i for t in span)
    doc.user_data[_CACHE] = out
    return out


def _own_clause(head) -> list:  # noqa: ANN001
    """The tokens of ``head``'s clause, without the clauses embedded in it."""
    out, stack = [], [head]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in _CLAUSES)
    return out


def reporter_of(pron):  # noqa: ANN001, ANN201 - spacy Token
    """'Syria says it is willing ...': the subject (a token) of the clause that reports the
    pronoun's clause, or None."""
    cur = pron.head
    for _ in range(6):
        if cur.head.i == cur.i:
            return None
        nxt = cur.head
        if cur.dep_ in _REPORTED:
            subj = [c for c in nxt.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subj and subj[0].i != pron.i and subj[0].pos_ != "PRON":
                return subj[0]
        cur = nxt
    return None


class Coreference:
    """Links pronouns, titles and nominals of one parsed article to its entity clusters."""

    def __init__(self, resolver: Resolver, spans: list[Span] | None = None) -> None:
        self.res = resolver
        self.doc = resolver.doc
        self.quoted = quoted_tokens(resolver.doc, spans)

    # -- helpers ---------------------------------------------------------------------------
    def _cluster(self, eid: str) -> int:
        return next(k for k, v in self.res.ids.items() if v == eid)

    def link(self, eid: str, start: int, end: int, kind: str) -> None:
        """Add tokens ``start:end`` as a ``kind`` mention of entity ``eid``."""
        self.res.add_mention(self._cluster(eid), start, end, kind)

    def _is_entity(self, i: int) -> bool:
        return self.res.entity_id(i) is not None

    def _score(self, tok) -> int:  # noqa: ANN001
        """How likely a mention is the antecedent of a pronoun: 3 speech-verb subject,
        2 main-clause subject, 1 other subject, 0 anything else."""
        if tok.dep_ in {"nsubj", "nsubjpass"} or tok.dep_ == "appos" and tok.head.dep_ == "nsubj":
            verb = tok.head if tok.dep_ != "appos" else tok.head.head
            if cue_lemma(verb) or any(
                cue_lemma(c) and getattr(speech_subject(c, self._is_entity), "i", None) == tok.i
                for c in verb.subtree
            ):
                return 3
            return 2 if verb.dep_ == "ROOT" else 1
        return 0

    def _compatible(self, cl: Cluster, person: bool, country: str | None) -> bool:
        if (cl.type == "PERSON") != person:
            return False
        if not person and cl.type not in {"ORG", "GPE", "NORP"}:
            return False
        return not (country and cl.country != country)

    # -- antecedents -----------------------------------------------------------------------
    def antecedent(
        self,
        pron,  # noqa: ANN001
        exclude: set[str],
        *,
        person: bool = True,
        country: str | None = None,
        strong: bool = False,
    ) -> str | None:
        """Entity id of the most recent compatible mention before ``pron`` (see module doc);
        ``strong``: only a subject of a speech verb or of a main clause, never a weaker one."""
        res = self.res
        si = res.sentence_of(pron.idx)
        best_weak = None
        for k in range(si, max(-1, si - 4), -1):
            cands = []
            for tok in res.sents[k]:
                if tok.i >= pron.i or tok.i in self.quoted:
                    continue
                eid = res.entity_id(tok.i)
                if not eid or eid in exclude:
                    continue
                if self._compatible(res.clusters[res.tok2cluster[tok.i]], person, country):
                    cands.append((self._score(tok), tok.i, eid))
            if not cands:
                continue
            top = max(cands)
            if top[0] >= 2:
                return top[2]
            if best_weak is None and not strong:
                best_weak = max(cands, key=lambda c: (c[0], c[1]))[2]
        return best_weak

    def _clause_exclusions(self, pron) -> set[str]:  # noqa: ANN001
        """Entities the pronoun cannot be: objects named in its own clause, and for an
        object pronoun its clause's subject."""
        res = self.res
        out = {
            res.entity_id(t.i)
            for t in _own_clause(pron.head)
            if t.i != pron.i and t.dep_ in _OBJECT_DEPS | {"appos"}
        }
        if pron.dep_ in _OBJECT_DEPS:
            verb = pron.head if pron.dep_ != "pobj" else pron.head.head
            out |= {res.entity_id(c.i) for c in verb.children if c.dep_ == "nsubj"}
        return out - {None}

    def speaker_pronoun(self, subj, exclude: set[str]) -> tuple[str | None, bool]:  # noqa: ANN001
        """The entity a speaker pronoun ("he said", "it said") stands for, linked as a
        ``pronoun`` mention; (entity id or None, whether it is a person pronoun)."""
        person = subj.lower_ in SPEAKER_PRONOUNS
        eid = self.antecedent(subj, exclude | self._clause_exclusions(subj), person=person)
        if eid:
            self.link(eid, subj.i, subj.i + 1, "pronoun")
        return eid, person

    def speaker_nominal(self, subj, exclude: set[str]) -> str | None:  # noqa: ANN001
        """ "the top U.S. diplomat said": the last compatible person of that country, or "the
        agency said": the last organisation whose name has that word; linked as ``nominal``."""
        if is_role_noun(subj):
            country = next(
                (kb.country_iso3(c.text) for c in subj.lefts if kb.country_iso3(c.text)), None
            )
            eid = self.antecedent(subj, exclude, country=country)
            if eid:
                self.link(eid, subj.left_edge.i, subj.i + 1, "nominal")
                return eid
        eid = self._named_by_head(subj)
        if eid:
            self.link(eid, subj.left_edge.i, subj.i + 1, "nominal")
        return eid

    def _named_by_head(self, subj) -> str | None:  # noqa: ANN001
        """The last organisation before a definite common noun that its name contains."""
        if subj.pos_ != "NOUN" or subj.tag_ == "NNS":
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children):
            return None
        best: tuple[int, str] | None = None
        for ci, eid in self.res.ids.items():
            cl = self.res.clusters[ci]
            if cl.type not in {"ORG", "FAC"}:
                continue
            if subj.lower_ not in {w.lower() for w in cl.name.split()}:
                continue
            before = [m.start for m in cl.mentions if m.start < subj.idx]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), eid)
        return best[1] if best else None

    def link_pronouns(self) -> None:
        """Every person pronoun not linked yet (the attributor links the speakers first), in
        text order, so that "he" can follow an earlier "he"; not inside quotation marks. A possessive ("his country") is
        its own clause's subject when that is a person; otherwise only a strong antecedent
        (a speech or main-clause subject) is taken: a wrong link is worse than none."""
        res = self.res
        for tok in self.doc:
            if tok.lower_ not in PERSON_PRONOUNS or tok.pos_ != "PRON":
                continue
            if tok.i in res.tok2cluster or tok.i in self.quoted:
                continue  # a quotation's "he" is its speaker's, not the narrator's
            eid = self._possessor(tok) if tok.dep_ == "poss" else None
            eid = eid or self.antecedent(tok, self._clause_exclusions(tok), strong=True)
            if eid:
                self.link(eid, tok.i, tok.i + 1, "pronoun")

    def _possessor(self, pron) -> str | None:  # noqa: ANN001
        """ "X broke his promise", "de Klerk, who is trying to end his country's isolation":
        the person subject of the possessive's clause (through "who" to its noun)."""
        verb = pron.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        for _ in range(4):
            subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is not None:
                if subj.lower_ in {"who", "that"} and verb.dep_ == "relcl":
                    subj = verb.head
                eid = self.res.entity_id(subj.i)
                cl = self.res.cluster_at(subj.i)
                if eid and cl is not None and self.res.clusters[cl].type == "PERSON":
                    return eid
                return None
            if verb.dep_ not in {"xcomp", "conj", "advcl"} or verb.head.i == verb.i:
                return None
            verb = verb.head
        return None

    # -- titles ----------------------------------------------------------------------------
    def link_titles(self) -> None:
        """Title-only mentions ("the Secretary of State", "Russia's Foreign Minister") and
        definite nominals ("the foreign minister", "the president") linked to the person they
        name. Runs before entity ids exist (a title can be the first mention), on clusters.
        """
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
                self._link_nominal(tok)

    def _link_title(self, tok) -> None:  # noqa: ANN001
        res = self.res
        tp = title_phrase(tok)
        if not tp or not tp[2]:
            return
        start, end, role, country, _ = tp
        if any(t in res.tok2cluster for t in range(tok.i, end)):
            return
        words = {w for w in role.lower().split() if w not in _NOT_ROLE}
        holder = self._holder(tok, country, exact=role.lower())
        holder = holder if holder is not None else self._holder(tok, country, words=words)
        if holder is not None:
            res.add_mention(holder, start, end, "title")
            cl = res.clusters[holder]
            cl.country = cl.country or country  # "U.S. Special Envoy ... Feltman"

    def _link_nominal(self, tok) -> None:  # noqa: ANN001
        """ "the foreign minister": the person whose title words hold all of its words."""
        res = self.res
        left = [t for t in noun_phrase(tok) if t.i <= tok.i]
        words = phrase_words(left)
        if not kb.sector_in(words):
            return  # not an agent noun phrase
        country = next((kb.country_iso3(t.text) for t in left if t.is_title), None)
        role = {w for w in words if w not in _NOT_ROLE and not kb.country_iso3(w)}
        holder = self._holder(tok, country, words=role)
        if holder is None:
            return
        start = max([t.i + 1 for t in left if t.i in res.tok2cluster or t.dep_ == "det"] or [0])
        res.add_mention(holder, max(start, left[0].i), tok.i + 1, "nominal")

    def _holder(
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
            if words is not None and not self._described(cl, prole, words, tok.lower_):
                continue
            if country and cl.country and country != cl.country:
                continue
            seen = max((m.start for m in cl.mentions if m.start < tok.idx), default=-1)
            if exact is None and seen < 0:
                continue  # a nominal refers back, never forward
            if seen >= best_seen:
                best, best_seen = ci, seen
        return best

    @staticmethod
    def _described(cl: Cluster, prole: str | None, words: set[str], head: str) -> bool:
        known = set(cl.role_words) | set((prole or "").lower().split())
        if not words or head not in known or not words <= known:
            return False
        return not ((known & _QUALIFIERS) - words)


__all__ = [
    "PERSON_PRONOUNS",
    "Coreference",
    "quoted_tokens",
    "reporter_of",
]
