"""Pronouns: which entity "he", "her", "himself" (and a speaking "it"/"they") stands for.

A salience model over the mentions before the pronoun (Lappin and Leass, much simplified): each
mention of a person in this and the previous sentences of the window adds to that person's
score by its grammatical role (subject of a speech verb > subject > object > other), halved for
each sentence back; the person with the highest score wins. Candidates must agree in gender
(:mod:`~tidings.understand.coref.agreement`; a given name alone only lowers the salience) and may
not be excluded by the clause: people named as objects of the verb of the pronoun's own clause
("he met Lavrov": he is not Lavrov; a noun's objects are no exclusion), for an object pronoun
its clause's subject, for a reflexive anything but its clause's subject. The reporter of the
pronoun's clause ("Smith says he ...") wins: a syntactic rule over salience. Names inside
quotation marks are antecedents only of pronouns inside the same quotation, and a pronoun inside
a quotation is not its speaker ("he" in Lavrov's words is someone else).
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from tidings import kb
from tidings.understand.coref.agreement import Genders, pronoun_gender
from tidings.understand.coref.nominals import Nominals
from tidings.understand.coref.quoted import (
    PERSON_PRONOUNS,
    REFLEXIVES,
    SPEAKER_PRONOUNS,
    own_clause,
    quoted_tokens,
)
from tidings.understand.marks import Span, quote_spans
from tidings.understand.speech import cue_lemma
from tidings.understand.titles import gender_words, is_person_noun, is_role_noun, title_phrase

if TYPE_CHECKING:
    from tidings.schema import Quote
    from tidings.understand.entities import Resolver

_OBJECT_DEPS = {"dobj", "pobj", "dative"}
_SUBJECTS = {"nsubj", "nsubjpass"}
#: sentences before the pronoun's own that hold candidates
WINDOW = 4
#: what a sentence wholly inside another quotation counts in the window (a long quotation
#: does not push its speaker out of reach of the "he said" after it)
QUOTED_SENTENCE = 0.25
#: the least salience a pronoun's best candidate needs to be linked
MIN_SCORE = 0.3
#: what a mention in an earlier paragraph counts, beside the decay per sentence
PARAGRAPH_DECAY = 0.5
#: what each earlier mention of a person adds, however far back (the article's topic)
TOPIC = 0.1
#: what is left of a candidate's salience when only its given name disagrees with the pronoun
NAME_ONLY = 0.3
#: the weight of "X" in "according to X": that of a main-clause speech verb's subject
SOURCE = 2.0 + 0.3 + 0.8
#: the bonus of the reporter of a pronoun's clause ("Devocht, who had told Montalvo he would
#: ..."): a syntactic rule, so it outweighs any salience a window can give
REPORTER = 10.0


def _co_argument(tok) -> bool:  # noqa: ANN001
    """An object of a verb ("he met Lavrov", "he spoke with Lavrov", "he met the minister,
    Lavrov"), not a noun's ("the head of NATO, Hoop Scheffer, he has explained")."""
    while tok.dep_ == "appos" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "pobj":
        return tok.head.head.pos_ in {"VERB", "AUX"}
    return tok.dep_ in _OBJECT_DEPS


def _country_before(noun) -> str | None:  # noqa: ANN001
    """The country a noun's modifiers name, each read with its whole NER span ("the top U.S.
    diplomat", "the young North Korean leader")."""
    for c in noun.lefts:
        ent = next((e for e in c.doc.ents if e.start <= c.i < e.end), None) if c.ent_type_ else None
        iso = kb.country_iso3(ent.text if ent is not None else c.text) or kb.country_iso3(c.text)
        if iso:
            return iso
    return None


class Coreference:
    """Links pronouns, titles and nominals of one parsed article to its entity clusters."""

    def __init__(self, resolver: Resolver, spans: list[Span] | None = None) -> None:
        self.res = resolver
        self.doc = resolver.doc
        spans = quote_spans(resolver.text) if spans is None else spans
        self.quoted = quoted_tokens(resolver.doc, spans)
        self.quote_bounds = sorted((s.start, s.end) for s in spans)
        self.nominals = Nominals(resolver)
        self.genders = Genders(resolver)
        self._index: list[tuple[int, int]] | None = None  # (token, cluster) of mention roots
        self._pronouns: list | None = None
        self._quoted_sents: dict[int, int | None] = {}  # sentence -> the quotation it is in
        self.answers: list[tuple[int, int]] = []  # an interview's answer paragraphs

    # -- helpers ---------------------------------------------------------------------------
    def _cluster(self, eid: str) -> int:
        return next(k for k, v in self.res.ids.items() if v == eid)

    def link(self, eid: str, start: int, end: int, kind: str) -> None:
        """Add tokens ``start:end`` as a ``kind`` mention of entity ``eid``."""
        ci = self._cluster(eid)
        before = len(self.res.clusters[ci].mentions)
        self.res.add_mention(ci, start, end, kind)
        if len(self.res.clusters[ci].mentions) == before:
            return
        if kind == "pronoun":
            self.genders.add(ci, self.doc[start].lower_)
        if self._index is not None:
            bisect.insort(self._index, (self.res.clusters[ci].roots[-1], ci))

    def quote_at(self, char: int) -> int | None:
        """Index of the quotation holding a character offset, if any."""
        i = bisect.bisect_right(self.quote_bounds, (char, 1 << 60)) - 1
        if i >= 0 and self.quote_bounds[i][0] <= char < self.quote_bounds[i][1]:
            return i
        return None

    def quotation_of_sentence(self, k: int) -> int | None:
        """The quotation a sentence lies wholly inside (its words all quoted), else None."""
        if k not in self._quoted_sents:
            sent = self.res.sents[k]
            words = [t for t in sent if not (t.is_punct or t.is_space)]
            inside = words and all(t.i in self.quoted for t in words)
            self._quoted_sents[k] = self.quote_at(words[0].idx) if inside else None
        return self._quoted_sents[k]

    def distances(self, pron) -> dict[int, float]:  # noqa: ANN001
        """Sentence -> how many sentences back it is from the pronoun's, for the sentences of
        the window. A sentence wholly inside another quotation counts a quarter
        (``QUOTED_SENTENCE``): a long quotation does not push its speaker out of reach of the
        "he said" after it, nor bring a speaker of long ago back into it."""
        si = self.res.sentence_of(pron.idx)
        own = self.quote_at(pron.idx)
        out: dict[int, float] = {si: 0}
        back = 0.0
        for k in range(si - 1, -1, -1):
            q = self.quotation_of_sentence(k)
            back += 1 if q is None or q == own else QUOTED_SENTENCE
            if back > WINDOW:
                break
            out[k] = max(back, 1)
        return out

    def _mentions_before(self, pron) -> list[tuple[int, int]]:  # noqa: ANN001
        """(token, cluster) of mention roots in the window before ``pron``."""
        if self._index is None:
            self._index = sorted(
                (r, ci) for ci, cl in enumerate(self.res.clusters) for r in cl.roots
            )
        first = self.res.sents[min(self.distances(pron))].start
        lo = bisect.bisect_left(self._index, (first, -1))
        hi = bisect.bisect_left(self._index, (pron.i, -1))
        return self._index[lo:hi]

    def _weight(self, tok) -> float:  # noqa: ANN001
        """What a mention's grammatical role adds to its entity's salience."""
        dep, verb = tok.dep_, tok.head
        if dep in {"appos", "conj"} and tok.head.dep_ in _SUBJECTS:
            dep, verb = tok.head.dep_, tok.head.head
        if dep in _SUBJECTS:
            w = 2.0 + (0.3 if verb.dep_ == "ROOT" else 0.0)
            return w + (0.8 if cue_lemma(verb) else 0.0)
        if (
            dep == "pobj"
            and verb.lower_ == "to"
            and verb.i > 0
            and verb.nbor(-1).lower_ == "according"
        ):
            return SOURCE  # "According to analyst X, ...": X is this sentence's speaker
        if dep == "compound" and tok.head.ent_type_ != "PERSON":
            return 0.5  # "the Trump administration"
        return {"poss": 1.3, "dobj": 1.4, "dative": 1.2, "attr": 1.2, "pobj": 1.1}.get(dep, 1.0)

    def _compatible(self, ci: int, pron, person: bool, country: str | None) -> bool:  # noqa: ANN001
        cl = self.res.clusters[ci]
        if (cl.type == "PERSON") != person:
            return False
        if not person and cl.type not in {"ORG", "GPE", "NORP"}:
            return False
        if country and cl.country != country:
            return False
        return not person or self.genders.agrees(ci, pron.lower_)

    # -- antecedents -----------------------------------------------------------------------
    def scores(
        self,
        pron,  # noqa: ANN001
        exclude: set[str],
        *,
        person: bool = True,
        country: str | None = None,
    ) -> dict[str, float]:
        """Salience of every compatible entity mentioned in the window before ``pron``."""
        res = self.res
        dist = self.distances(pron)
        own_quote = self.quote_at(pron.idx)
        para_start = res.text.rfind("\n\n", 0, pron.idx)
        if any(a - 2 <= para_start < b for a, b in self.answers):
            # an interview's answer reads with its question: no new paragraph before it
            para_start = res.text.rfind("\n\n", 0, max(0, para_start))
        out: dict[str, float] = {}
        for ti, ci in self._mentions_before(pron):
            eid = res.ids.get(ci)
            if not eid or eid in exclude or not self._compatible(ci, pron, person, country):
                continue
            tok = self.doc[ti]
            if tok.is_punct:
                continue  # a name the parse ended on its full stop ("Edward IV.") is no mention
            if ti in self.quoted and self.quote_at(tok.idx) != own_quote:
                continue  # names inside a quotation are that quotation's business
            decay = 0.5 ** dist.get(res.sentence_of(tok.idx), WINDOW)
            if tok.idx < para_start:
                decay *= PARAGRAPH_DECAY  # a new paragraph often brings a new protagonist
            out[eid] = out.get(eid, 0.0) + self._weight(tok) * decay
        if person:
            want = pronoun_gender(pron.lower_)
            for eid in out:
                if self.genders.only_name_against(self._cluster(eid), want):
                    out[eid] *= NAME_ONLY
        if not (pron.dep_ in _SUBJECTS and cue_lemma(pron.head)):  # "he said": who spoke last
            self._topic(pron, exclude, person, country, out)
        rep = self._reporter(pron)
        if rep in out:  # "Pompeo says he urged ...": he is the one who says it
            out[rep] += REPORTER
        return out

    def _topic(self, pron, exclude: set[str], person: bool, country, out: dict) -> None:  # noqa: ANN001
        """What the article is about stays salient: each earlier mention of a person, however
        far back, adds a little ("his photography" in a curator's words is Warhol's)."""
        if self._index is None:
            self._mentions_before(pron)
        counts: dict[int, int] = {}
        for _, ci in self._index[: bisect.bisect_left(self._index, (pron.i, -1))]:
            counts[ci] = counts.get(ci, 0) + 1
        for ci, n in counts.items():
            eid = self.res.ids.get(ci)
            if not eid or eid in exclude or not self._compatible(ci, pron, person, country):
                continue
            out[eid] = out.get(eid, 0.0) + TOPIC * min(n, 10)

    def _reporter(self, pron) -> str | None:  # noqa: ANN001
        """The entity subject of the speech verb that reports the pronoun's clause."""
        if pron.dep_ not in _SUBJECTS:
            return None
        cur = pron.head
        for _ in range(4):
            if cur.dep_ not in {"ccomp", "xcomp", "conj"} or cur.head.i == cur.i:
                return None
            cur = cur.head
            if cue_lemma(cur):
                subj = next((c for c in cur.children if c.dep_ in _SUBJECTS), None)
                return self._entity_of_subject(cur, subj) if subj is not None else None
        return None

    def _entity_of_subject(self, verb, subj) -> str | None:  # noqa: ANN001
        """The entity a subject names: "who" of a relative clause is its noun ("Devocht, who
        had told Montalvo he would"), a noun its person in apposition ("His father Mohamed
        El-Hassan Mohamed said he")."""
        if subj.lower_ in {"who", "that"}:
            while verb.dep_ == "conj" and verb.head.i != verb.i:
                verb = verb.head
            if verb.dep_ == "relcl":
                subj = verb.head
        eid = self.res.entity_id(subj.i)
        if eid is None:
            eid = next(
                (e for c in subj.children if c.dep_ == "appos" and (e := self.res.entity_id(c.i))),
                None,
            )
        return eid

    def antecedent(
        self,
        pron,  # noqa: ANN001
        exclude: set[str],
        *,
        person: bool = True,
        country: str | None = None,
        prefer: str | None = None,
        least: float = 0.0,
    ) -> str | None:
        """Entity id of the most salient compatible entity before ``pron`` (see module doc);
        ``prefer`` (the last speaker) gets a bonus; nothing under ``least`` is taken."""
        sc = self.scores(pron, exclude, person=person, country=country)
        if prefer in sc:
            sc[prefer] += 1.0
        if not sc:
            return None
        best = max(sc, key=lambda e: (round(sc[e], 3), self._last_seen(e, pron.i)))
        return best if sc[best] >= least else None

    def _last_seen(self, eid: str, before: int) -> int:
        """Token index of an entity's last mention before a token (recency breaks ties)."""
        roots = self.res.clusters[self._cluster(eid)].roots
        return max((r for r in roots if r < before), default=-1)

    def clause_exclusions(self, pron) -> set[str]:  # noqa: ANN001
        """Entities the pronoun cannot be: objects named in its own clause, and for an
        object pronoun its clause's subject."""
        res = self.res
        out = {
            res.entity_id(t.i) for t in own_clause(pron.head) if t.i != pron.i and _co_argument(t)
        }
        if pron.dep_ in _SUBJECTS:  # "he returned and cooperated with Moxon"
            for verb in pron.head.conjuncts:
                if verb.i > pron.head.i and not any(c.dep_ in _SUBJECTS for c in verb.children):
                    out |= {res.entity_id(t.i) for t in own_clause(verb) if _co_argument(t)}
        if pron.dep_ in _OBJECT_DEPS:
            verb = pron.head if pron.dep_ != "pobj" else pron.head.head
            out |= {res.entity_id(c.i) for c in verb.children if c.dep_ == "nsubj"}
        return out - {None}

    def unnamed_before(self, pron):  # noqa: ANN001, ANN201
        """The unnamed person a subject "he"/"she" stands for: the subject of the sentence
        before (outside quotations, in the same paragraph) when it is a singular person noun
        that names nobody ("During the rally a Hamas activist dressed as Gilad Shalit ...
        "I miss my mother and father," he said"): the most salient candidate is no entity,
        so the pronoun is linked to nobody."""
        plural = pron.lower_ == "they"  # "The authors say ... They call for": the authors
        if pron.dep_ not in _SUBJECTS or not (plural or pron.lower_ in SPEAKER_PRONOUNS):
            return None
        k = self.res.sentence_of(pron.idx) - 1
        while k >= 0 and self.quotation_of_sentence(k) is not None:
            k -= 1
        para = self.res.text.rfind("\n\n", 0, pron.idx)
        if k < 0 or self.res.sents[k].start_char < para:
            return None
        root = self.res.sents[k].root
        subjs = [c for c in root.children if c.dep_ in _SUBJECTS]
        if any(self.res.cluster_at(c.i) is not None for c in subjs[1:]):
            return None  # "Psychology major at ... Amneh Jafari heard": two subjects, a name
        subj = subjs[0] if subjs else root if root.pos_ == "NOUN" else None  # or a fragment
        number = "NNS" if plural else "NN"
        if subj is None or subj.pos_ != "NOUN" or subj.tag_ != number or not is_person_noun(subj):
            return None
        definite = any(
            c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in subj.children
        )
        if definite and not plural:
            return None  # "the minister": a definite description of someone named before
        words = (
            list(subj.subtree)  # "Psychology major at ... Amneh Jafari heard": a name
            if subj is not root
            else [t for c in subj.children if c.i < subj.i or c.dep_ == "appos" for t in c.subtree]
        )
        for t in [subj, *words]:
            ci = self.res.cluster_at(t.i)
            if ci is not None and self.res.clusters[ci].type == "PERSON" or t.i in self.quoted:
                return None
        if plural:
            return subj
        gender = gender_words().get(subj.lower_)
        return None if gender and gender != pronoun_gender(pron.lower_) else subj

    def speaker_pronoun(
        self,
        subj,  # noqa: ANN001
        exclude: set[str],
        prefer: str | None = None,
    ) -> tuple[str | None, bool]:
        """The entity a speaker pronoun ("he said", "it said", "they said") stands for, linked
        as a ``pronoun`` mention; (entity id or None, whether it is a person pronoun)."""
        person = subj.lower_ in SPEAKER_PRONOUNS
        excl = exclude | self.clause_exclusions(subj)
        eid = self.antecedent(subj, excl, person=person, prefer=prefer)
        if eid:
            self.link(eid, subj.i, subj.i + 1, "pronoun")
        return eid, person

    def speaker_nominal(
        self,
        subj,  # noqa: ANN001
        exclude: set[str],
        previous: str | None = None,
    ) -> str | None:
        """ "the president said" (the holder of that role), "the top U.S. diplomat said" (the
        last person of that country), "the agency said" (the last organisation whose name has
        that word), "said the actor" (no one described so: the previous quotation's speaker,
        ``previous``, when the article gives that person no other role); linked as
        ``nominal``."""
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children)
        if is_role_noun(subj) and definite:
            ci = self.nominals.link_nominal(subj)
            if ci is not None and self.res.ids.get(ci) not in exclude:
                return self.res.ids.get(ci)
            if self._same_speaker(subj, previous, exclude):
                self.link(previous, subj.left_edge.i, subj.i + 1, "nominal")
                return previous
            country = _country_before(subj)  # "the top U.S. diplomat": the most salient
            eid = self.antecedent(subj, exclude, country=country) if country else None
            if eid is None and country:  # "the young North Korean leader": the article's
                topic: dict[str, float] = {}  # person of that country, named far before
                self._topic(subj, exclude, True, country, topic)
                eid = max(topic, key=topic.__getitem__) if topic else None
            eid = eid or self._roleless(subj, exclude)
            if eid:
                self.link(eid, subj.left_edge.i, subj.i + 1, "nominal")
                return eid
        eid = self.nominals.named_by_head(subj)
        if eid:
            self.link(eid, subj.left_edge.i, subj.i + 1, "nominal")
        return eid

    def _same_speaker(self, subj, previous: str | None, exclude: set[str]) -> bool:  # noqa: ANN001
        """Whether "the actor" (a role noun nobody in the article holds) can be the previous
        quotation's speaker: a person of no other role, of no other country."""
        if not previous or previous in exclude:
            return False
        cl = self.res.clusters[self._cluster(previous)]
        if cl.type != "PERSON":
            return False
        role = cl.role or (cl.kb.role if cl.kb is not None else None)
        if role and subj.lemma_.lower() not in role.lower():
            return False
        country = _country_before(subj)
        return not country or cl.country in {None, country}

    def _roleless(self, subj, exclude: set[str]) -> str | None:  # noqa: ANN001
        """ "the chief negotiator said" when no one is described so: the most salient person
        the article gives no role, who then has this one (a role given later)."""
        sc = self.scores(subj, exclude)
        for eid in sorted(sc, key=lambda e: -sc[e]):
            cl = self.res.clusters[self._cluster(eid)]
            if cl.role or (cl.kb is not None and cl.kb.role) or sc[eid] < 1.0:
                continue
            tp = title_phrase(subj)
            if tp and tp[2]:
                cl.role = tp[2]
                cl.role_words |= set(tp[2].lower().split())
                return eid
            return None
        return None

    def link_titles(self) -> None:
        """Title-only mentions and definite nominals (:mod:`~.nominals`)."""
        self.nominals.link_titles()

    def link_pronouns(
        self,
        quotes: list[Quote] | None = None,
        voiced: list[tuple[int, int, str]] | None = None,
    ) -> None:
        """Link person pronouns in text order, so that "he" can follow an earlier "he" and
        each link is evidence of gender for the next. Without ``quotes`` (before attribution):
        the pronouns outside quotation marks, a speaker pronoun ("..., he said") never standing
        for a person named in the quotation of its sentence. With the attributed ``quotes``:
        the pronouns inside them, never the quotation's speaker. ``voiced``: passages whose
        speaker is known before attribution (an interview's answers: (start, end, entity)),
        where likewise "he" is never the speaker. A possessive or reflexive is its own
        clause's person subject when there is one."""
        inside = quotes is not None
        spoken = [(q.start, q.end, q.speaker) for q in quotes or [] if q.direct and q.speaker]
        spoken += voiced or []
        if voiced:
            self.answers = [(a, b) for a, b, _ in voiced]
        for tok in self._pronoun_tokens():
            low = tok.lower_
            if low not in PERSON_PRONOUNS | REFLEXIVES or tok.pos_ != "PRON":
                continue
            if tok.i in self.res.tok2cluster or (tok.i in self.quoted) != inside:
                continue
            exclude = self.clause_exclusions(tok)
            exclude |= {s for a, b, s in spoken if a <= tok.idx < b}
            if not inside:
                exclude |= self._quoted_nearby(tok)
            eid = self._possessor(tok) if tok.dep_ == "poss" or low in REFLEXIVES else None
            if eid in exclude:
                eid = None
            if eid is None and self.unnamed_before(tok) is not None:
                continue  # "a Hamas activist dressed as ... "...," he said": nobody named
            eid = eid or self.antecedent(tok, exclude, least=MIN_SCORE)
            if eid:
                self.link(eid, tok.i, tok.i + 1, "pronoun")

    def _pronoun_tokens(self) -> list:
        """The person pronouns of the Doc, found with arrays (no Python loop per token)."""
        import numpy as np
        from spacy.attrs import LOWER

        if self._pronouns is None:
            strings = self.doc.vocab.strings
            ids = [strings.add(w) for w in PERSON_PRONOUNS | REFLEXIVES]
            hits = np.flatnonzero(np.isin(self.doc.to_array(LOWER), ids))
            self._pronouns = [self.doc[int(i)] for i in hits]
        return self._pronouns

    def _quoted_nearby(self, pron) -> set[str]:  # noqa: ANN001
        """People named inside the quotations of a pronoun's sentence: never its antecedent
        when it says them ('"... Trump ...," he said')."""
        sent = self.res.sents[self.res.sentence_of(pron.idx)]
        speaks = pron.dep_ in _SUBJECTS and cue_lemma(pron.head)
        return {
            e
            for t in sent
            if t.i in self.quoted
            and (speaks or t.i < pron.i)  # 'her skin broke ..., "Gloria spent ..."'
            and (e := self.res.entity_id(t.i)) is not None
        }

    def _possessor(self, pron) -> str | None:  # noqa: ANN001
        """ "X broke his promise", "de Klerk, who is attempting to end his country's
        isolation", "X defended himself": the person subject of the pronoun's clause (through
        "who" to its noun), when the pronoun's gender agrees."""
        verb = pron.head
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        for _ in range(4):
            subj = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
            if subj is not None:
                if subj.lower_ in {"who", "that"} and verb.dep_ == "relcl":
                    subj = verb.head
                ci = self.res.cluster_at(subj.i)
                if ci is None or self.res.clusters[ci].type != "PERSON":
                    return None
                if not self.genders.agrees(ci, pron.lower_):
                    return None
                return self.res.ids.get(ci)
            if verb.dep_ not in {"xcomp", "conj", "advcl"} or verb.head.i == verb.i:
                return None
            verb = verb.head
        return None


__all__ = ["MIN_SCORE", "WINDOW", "Coreference", "pronoun_gender"]
