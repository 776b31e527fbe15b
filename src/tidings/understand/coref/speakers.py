"""Who says each quotation: the discourse model of attribution.

For each quotation, in text order (:meth:`Speakers.direct`):

1. **Its own cue** (found by :mod:`tidings.understand.quotes`): the cue's subject
   (:meth:`Speakers.of_subject`) — a name; "who" of a relative clause (its noun); a person in
   apposition ("One U.S. lawmaker, Congressman Ed Royce, said"); a pronoun (he/she by salience
   and gender, it/they an organisation or country, :mod:`~.resolver`), the previous speaker
   preferred; a definite title ("the president") or organisation noun ("the agency"); a
   document ("A U.S. statement added", "the Home Office letter", "a statement by X"): its
   issuer; an unnamed official of a body ("a Kremlin spokesman"): the body. A demonym is never
   a speaker, its country is. "according to X" and "quoting X" name X.
2. **No cue of its own**: the previous quotation of the same paragraph ('"...," X said.
   "Second."'), else a speech verb earlier in the paragraph ('X told Americans Saturday.
   "..."'), else — a quotation that opens its paragraph — the speaker of the paragraph before.
3. Interview answers: :mod:`~.interviews`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidings import kb
from tidings.understand.coref.quoted import SPEAKER_PRONOUNS
from tidings.understand.marks import paragraph_spans
from tidings.understand.phrases import noun_phrase
from tidings.understand.speech import bodies, cue_lemma, documents, speech_subject
from tidings.understand.titles import is_role_head, office_country

if TYPE_CHECKING:
    from tidings.understand.coref.resolver import Coreference

#: a document's issuer named in its phrase: "a statement by X", "a letter from X"
_ISSUER_PREPS = {"by", "from", "of"}
_GROUP_PRONOUNS = {"it", "they"}
#: a quotation inside a quotation: single marks opened after a space or colon
_NESTED = re.compile(r"(?<=[\s:,(])['‘]([^\n]+?)['’](?=[\s.,;:!?\"”)]|$)")


@dataclass
class Attribution:
    """A quotation's speaker and the cue that gives it."""

    entity: str | None = None
    name: str | None = None
    confidence: float = 0.3
    cue: object | None = None  # the cue token (spacy Token)
    how: str | None = None  # own | previous | paragraph | according | quoting | interview


class Speakers:
    """The speakers of one article's quotations, decided in text order."""

    def __init__(self, coref: Coreference, cue_toks: list) -> None:
        self.coref = coref
        self.res = coref.res
        self.doc = coref.doc
        self.paras = paragraph_spans(self.res.text)
        self.para_starts = [a for a, _ in self.paras]
        self.cues: dict[int, list] = {}  # paragraph -> speech verbs outside quotation marks
        for tok in cue_toks:
            if tok.i not in coref.quoted:
                self.cues.setdefault(self.paragraph_of(tok.idx), []).append(tok)
        self.last: tuple[int, Attribution] | None = None  # the previous quotation's
        self.current = 0  # the paragraph of the quotation being attributed

    def paragraph_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, char) - 1)

    # -- entities ---------------------------------------------------------------------------
    def _cl(self, eid: str):  # noqa: ANN202
        return self.res.clusters[next(k for k, v in self.res.ids.items() if v == eid)]

    def name(self, eid: str) -> str:
        return self._cl(eid).name

    def _entity(self, tok) -> str | None:  # noqa: ANN001
        return self.res.entity_id(tok.i)

    def _country(self, eid: str) -> tuple[str | None, str | None]:
        """A demonym's (or country's) speaker: the country entity of the article, else the
        country's name."""
        iso = self._cl(eid).country
        if not iso:
            return None, None
        for ci, other in self.res.ids.items():
            cl = self.res.clusters[ci]
            if cl.type == "GPE" and cl.country == iso and cl.kb is not None:
                # the country's own name: the dictionaries file states under their country
                return other, kb.country_name(iso) or cl.name  # (not "South Australia")
        return None, kb.country_name(iso)

    def _pick(self, eids: list[str]) -> tuple[str | None, str | None]:
        """Of the entities in a phrase: a person, else an organisation, else a country."""
        for types in ({"PERSON"}, {"ORG", "FAC"}, {"GPE"}, {"NORP"}):
            for eid in eids:
                cl = self._cl(eid)
                if cl.type in types:
                    return self._country(eid) if cl.type == "NORP" else (eid, cl.name)
        return None, None

    # -- the cue's subject ------------------------------------------------------------------
    def of_subject(
        self,
        subj,  # noqa: ANN001
        exclude: set[str],
        prefer: str | None = None,
    ) -> tuple[str | None, str | None, float]:
        """(entity id, name, confidence) of the speaker a cue's subject names."""
        if subj is None:
            return None, None, 0.2
        eid = self._entity(subj)
        if eid:
            if self._cl(eid).type == "NORP":
                eid, name = self._country(eid)
                return eid, name, 0.5
            return eid, self.name(eid), 0.9
        low = subj.lower_
        doc_noun = self._document_before(subj) if low == "it" else None
        if doc_noun is not None:  # "The report accuses Israel ... It says ...": the report
            eid, name = self._issuer(doc_noun)
            if eid or name:
                return eid, name, 0.6
        unnamed = self.coref.unnamed_before(subj) if low in SPEAKER_PRONOUNS | {"they"} else None
        if unnamed is not None:  # 'a Hamas activist dressed as ... "...," he said'
            mods = [c for c in unnamed.lefts if c.dep_ in {"det", "compound", "amod", "nummod"}]
            return None, self.doc[(mods or [unnamed])[0].i : unnamed.i + 1].text, 0.4
        if low in SPEAKER_PRONOUNS or low in _GROUP_PRONOUNS:
            eid, person = self.coref.speaker_pronoun(subj, exclude, prefer)
            if eid and self._cl(eid).type == "NORP":  # "it" for "the Russian delegation"
                eid, name = self._country(eid)
                return eid, name, 0.5
            if eid:
                return eid, self.name(eid), 0.7 if person else 0.6
            return None, None, 0.2
        named = [self._entity(c) for c in subj.children if c.dep_ in {"appos", "compound"}]
        named = [e for e in named if e and self._cl(e).type == "PERSON"]
        if named:  # "One U.S. lawmaker, Congressman Ed Royce, said"
            return named[0], self.name(named[0]), 0.8
        eid = self._name_ending(subj)
        if eid and eid not in exclude:  # "Deputy ... Advisor for ... John O. Brennan said"
            return eid, self.name(eid), 0.8
        if subj.lemma_.lower() in documents():
            eid, name = self._issuer(subj)
            return eid, name, 0.6 if eid or name else 0.2
        of_country = self._office_of_country(subj)
        if of_country is not None:  # "the President of Gabon", whom the article never names
            return of_country[0], of_country[1], 0.6
        eid = self.coref.speaker_nominal(subj, exclude, self._previous())
        if eid:  # "the top U.S. diplomat said", "the agency said"
            return eid, self.name(eid), 0.6
        if subj.pos_ == "PROPN" and not is_role_head(subj):
            # a name the NER missed ("Harith al-Ithari, head of al-Sadr's Basra office,
            # told"): the name, not someone its apposition mentions
            name = [c for c in subj.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            return None, self.doc[(name or [subj])[0].i : subj.i + 1].text, 0.5
        if self._body(subj):  # "the Chinese court described", "the UN's relief agency"
            return None, self._phrase(subj), 0.6
        inside = [
            e
            for c in noun_phrase(subj)
            if c.i not in self.coref.quoted and (e := self._entity(c)) and e not in exclude
        ]
        eid, name = self._pick(list(dict.fromkeys(inside)))
        if eid or name:  # "a Kremlin spokesman", "the Russian Defence Ministry's spokesman"
            return eid, name, 0.7
        if subj.pos_ in {"NOUN", "PROPN"}:
            return None, self._phrase(subj), 0.5
        return None, None, 0.2

    def _office_of_country(self, subj) -> tuple[str | None, str] | None:  # noqa: ANN001
        """A title "of" a country that no named person holds ("the President of Gabon"):
        the country speaks (as a demonym's does), not another president of the article."""
        if not is_role_head(subj) or self._entity(subj):
            return None
        if (found := office_country(subj)) is None:
            return None
        place, iso = found
        office = subj.lower_
        for cl in self.res.clusters:
            role = (cl.role or "").lower()
            if cl.type == "PERSON" and cl.country == iso and office in role.split():
                return None  # the article names them: the nominal links to that person
        eid = self._entity(place)
        return (eid, self.name(eid)) if eid else (None, kb.country_name(iso) or place.text)

    def _name_ending(self, subj) -> str | None:  # noqa: ANN001
        """The person whose name ends a subject phrase right before its verb ("Deputy
        National Security Advisor for Homeland Security and Counterterrorism John O. Brennan
        said"): the title's holder, however the parser hung the name."""
        verb, edge = subj.head, subj.right_edge
        if subj.dep_ not in {"nsubj", "nsubjpass"} or not edge.i < verb.i or edge.i == subj.i:
            return None
        if any(t.pos_ not in {"ADV", "AUX", "PART"} for t in self.doc[edge.i + 1 : verb.i]):
            return None
        eid = self._entity(edge)
        return eid if eid and self._cl(eid).type == "PERSON" else None

    def _body(self, noun) -> bool:  # noqa: ANN001
        """A body that speaks as itself (``bodies.tsv``: "court", "agency", "office") and is
        no entity of its own: its words, not the country or person that modifies it."""
        return noun.lemma_.lower() in bodies() and self._entity(noun) is None

    def _document_before(self, pron):  # noqa: ANN001, ANN202
        """The document an "it" stands for: the last subject before it (outside quotations,
        in this paragraph, at most 60 tokens back) when that is a document noun."""
        para = self.paragraph_of(pron.idx)
        for tok in reversed(self.doc[max(0, pron.i - 60) : pron.i]):
            if self.paragraph_of(tok.idx) != para:
                return None
            if tok.dep_ in {"nsubj", "nsubjpass"} and tok.i not in self.coref.quoted:
                return tok if tok.lemma_.lower() in documents() else None
        return None

    def _previous(self) -> str | None:
        """The speaker of the last quotation, when it is of this or the previous paragraph."""
        if self.last is None or self.last[0] < self.current - 1:
            return None
        return self.last[1].entity

    def _phrase(self, subj) -> str:  # noqa: ANN001
        """The words of an unnamed speaker ("one legal expert", "a series of South Dakotans"),
        up to a dash, comma, colon or the quoted words its clause goes on to ("— including
        ..., declaring, "I'm on meth"") and at most eight words."""
        end = subj.i + 1
        for t in self.doc[subj.i + 1 : subj.right_edge.i + 1]:
            if t.i in self.coref.quoted or t.text in {",", "—", "–", ":", "(", ";"}:
                break
            end = t.i + 1
        start = max(subj.left_edge.i, end - 8)
        return self.doc[start:end].text

    def _named_issuer(self, noun) -> tuple[str | None, str | None]:  # noqa: ANN001
        """The issuer a document's own phrase names ("A U.S. statement", "a statement by X",
        "the letter signed by seven physicians"), else (None, None)."""
        near = [c for c in noun.children if c.dep_ in {"poss", "compound", "amod", "nmod"}]
        near += [g for c in noun.children if c.lower_ in _ISSUER_PREPS for g in c.children]
        agents = [  # "the letter signed by seven physicians", "a statement issued by X"
            g
            for c in noun.children
            if c.dep_ == "acl"
            for a in c.children
            if a.dep_ == "agent"
            for g in a.children
            if g.dep_ == "pobj"
        ]
        if agents and self._body(agents[0]):  # "a statement issued by X's office"
            return None, self._phrase(agents[0])
        eids = [e for c in near + agents for t in c.subtree if (e := self._entity(t))]
        eid, name = self._pick(list(dict.fromkeys(eids)))
        if eid or name:
            return eid, name
        if agents and agents[0].pos_ in {"NOUN", "PROPN"}:
            return None, self._phrase(agents[0])
        return None, None

    def _issuer(self, noun) -> tuple[str | None, str | None]:  # noqa: ANN001
        """Who issued a document: named in its phrase, else in the phrase of one like it
        earlier ("according to a statement issued by X ... the statement explained"), else
        the subject of the clause that issued one ("The church issued a statement ..."), else
        the last organisation speaker."""
        eid, name = self._named_issuer(noun)
        if eid or name:
            return eid, name
        lemma = noun.lemma_.lower()
        for tok in reversed(self.doc[max(0, noun.i - 400) : noun.i + 1]):  # own clause first
            alike = tok.lemma_.lower() == lemma or (
                noun.i - tok.i < 150 and tok.lemma_.lower() in documents()
            )  # "an official release from X ... read the statement"
            if alike and (earlier := self._named_issuer(tok)) != (None, None):
                return earlier  # "according to a statement issued by X ... the statement said"
            if tok.lemma_.lower() == lemma and tok.dep_ in {"dobj", "nsubjpass"}:
                verb = tok.head
                subjs = [c for c in verb.children if c.dep_ == "nsubj"]
                subj = next((c for c in subjs if self._entity(c)), subjs[0] if subjs else None)
                if tok.dep_ == "nsubjpass":
                    agent = [g for c in verb.children if c.dep_ == "agent" for g in c.children]
                    subj = agent[0] if agent else None
                if subj is not None and (self._entity(subj) or subj.pos_ in {"NOUN", "PROPN"}):
                    return self._issuing_subject(subj)
        prev = self.last[1].entity if self.last is not None else None
        if prev and self._cl(prev).type in {"ORG", "GPE"}:
            return prev, self.last[1].name
        return None, None

    def _issuing_subject(self, subj) -> tuple[str | None, str | None]:  # noqa: ANN001
        """Who a clause that issued a document names as its subject: the entity ("The church
        issued"), a person or organisation in its phrase ("the charity Christian Aid"), else
        a body named by an entity's noun ("China's foreign ministry released a statement")."""
        if self._entity(subj):
            return self._pick([self._entity(subj)])
        if subj.pos_ == "PROPN":  # a name the tagger left out: "Minister ... Arye Derry issued"
            name = [c for c in subj.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            return None, " ".join(t.text for t in [*name, subj])
        eids = [e for t in noun_phrase(subj) if (e := self._entity(t)) and not is_role_head(t)]
        named = [e for e in eids if self._cl(e).type in {"PERSON", "ORG"}]
        if named:
            return self._pick(named)
        if eids:
            return None, self._phrase(subj)
        return None, None

    # -- the discourse ----------------------------------------------------------------------
    def direct(  # noqa: PLR0913
        self,
        start: int,
        inner: set[int],
        cue,  # noqa: ANN001
        how: str | None,
        end: int | None = None,
    ) -> Attribution:
        """The speaker of a direct quotation from ``start`` to ``end`` (characters), whose
        words are tokens ``inner``, given its own cue (or None)."""
        exclude = self._named_inside(inner - self._nested(start, end))
        para = self.current = self.paragraph_of(start)
        prefer = self.last[1].entity if self.last and self.last[0] == para else None
        att = self._signed(end) if cue is None and end is not None else None
        if att is not None:
            self.last = (para, att)
            return att
        if cue is not None:
            att = self._own(cue, how, exclude, prefer)
            if not (att.entity or att.name) and self.last is not None and self.last[0] == para:
                att = None  # "it said" with nobody to be "it": the paragraph's speaker
        if att is None:
            att = self._continued(para, start, exclude)
        if att.entity or att.name:
            self.last = (para, att)
        return att

    def _nested(self, start: int, end: int | None) -> set[int]:
        """Tokens of a quotation within the quotation ("I said: 'You know, this Russia thing
        with Trump ...'"): someone's words quoted, whose names may be the speaker's own."""
        if end is None:
            return set()
        out: set[int] = set()
        for m in _NESTED.finditer(self.res.text, start, end):
            span = self.doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
            out |= {t.i for t in span or []}
        return out

    def _named_inside(self, inner: set[int]) -> set[str]:
        """Entities named inside a quotation (speakers rarely name themselves); a title word
        linked to someone ("General McChrystal" read as General Petraeus) names nobody."""
        return {
            e for i in inner if (e := self._entity(self.doc[i])) and not is_role_head(self.doc[i])
        }

    def _signed(self, end: int) -> Attribution | None:
        """A pull quote signed with a dash after its closing mark: '"..." - Matthew Ingram'."""
        m = re.match(r"[\"”’'»]?\s*[-–—]\s*", self.res.text[end : end + 6])
        if not m:
            return None
        stop = self.res.text.find("\n", end)
        stop = len(self.res.text) if stop < 0 else stop
        span = self.doc.char_span(end + m.end(), stop, alignment_mode="expand")
        eids = [e for t in list(span or [])[:5] if (e := self._entity(t))]
        eid = eids[0] if eids else None
        if eid is None or self._cl(eid).type not in {"PERSON", "ORG"}:
            return None
        return Attribution(eid, self.name(eid), 0.7, None, "signed")

    def _own(self, cue, how: str | None, exclude: set[str], prefer: str | None) -> Attribution:  # noqa: ANN001
        if how in {"according", "quoting"}:
            subj = next((c for c in cue.children if c.dep_ in {"pobj", "dobj"}), None)
        elif how == "document":  # 'X issued a statement: "..."': the statement
            subj = cue
        elif how == "mistagged":  # "The U.S. Department of Agriculture notes, ...": the name
            subj = self.doc[cue.i - 1]
        else:
            subj = speech_subject(
                cue, lambda i: self.res.entity_id(i) is not None, self.coref.quoted.__contains__
            )
            prev = self.last[1] if self.last and self.last[0] >= self.current - 1 else None
            if subj is None and prev is not None and prev.entity not in exclude:
                # a cue with no subject at all ('Further adding, "..."', 'are mentioned,
                # suggesting "..."'): the discourse's speaker goes on
                return Attribution(prev.entity, prev.name, 0.5, cue, "previous")
        eid, name, conf = self.of_subject(subj, exclude, prefer)
        return Attribution(eid, name, conf, cue, how or "own")

    def _continued(self, para: int, start: int, exclude: set[str]) -> Attribution:
        """A quotation without a cue of its own: the discourse's speaker, or nobody."""
        if self.last is not None and self.last[0] == para:
            prev = self.last[1]
            return Attribution(prev.entity, prev.name, 0.6, prev.cue, "previous")
        earlier = [t for t in self.cues.get(para, []) if t.idx < start]
        att = self._speaker_of_cues(earlier, exclude)
        if att is not None:
            return att
        opens = not self.res.text[self.paras[para][0] : start].strip(" \"“‘'«„")
        if not opens and not self.cues.get(para):
            att = self._subject_before(start, exclude)
            if att is not None:
                return att
        if not (opens or not self.cues.get(para)) or para == 0:
            return Attribution()
        if self.last is not None and self.last[0] == para - 1:
            prev = self.last[1]
            return Attribution(prev.entity, prev.name, 0.5, None, "paragraph")
        att = self._speaker_of_cues(self.cues.get(para - 1, []), exclude)
        if att is not None:
            return Attribution(att.entity, att.name, 0.45, None, "paragraph")
        return Attribution()

    def _subject_before(self, start: int, exclude: set[str]) -> Attribution | None:
        """'Bridenstine expects to produce three rockets. "Adding another ..."': in a paragraph
        with no speech verb, the person the sentence before the quotation is about."""
        span = self.doc.char_span(0, start, alignment_mode="contract")
        toks = [t for t in reversed(list(span or [])[-12:]) if not (t.is_punct or t.is_space)]
        if not toks or toks[0].i in self.coref.quoted:
            return None
        root = toks[0].sent.root
        subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        eid = self._entity(subj) if subj is not None else None
        if not eid or eid in exclude or self._cl(eid).type != "PERSON":
            return None
        return Attribution(eid, self.name(eid), 0.45, None, "subject")

    def _speaker_of_cues(self, toks: list, exclude: set[str]) -> Attribution | None:
        """The subject of the last speech verb among ``toks`` that names a speaker."""
        for tok in reversed(toks):
            if cue_lemma(tok) in {"ask"}:
                continue  # a question is the asker's, its answer someone else's
            subj = speech_subject(
                tok, lambda i: self.res.entity_id(i) is not None, self.coref.quoted.__contains__
            )
            if subj is None or subj.pos_ == "PRON" and subj.lower_ not in SPEAKER_PRONOUNS:
                continue
            eid = self._entity(subj)
            if eid is None and subj.pos_ == "PRON":
                eid = self.coref.antecedent(subj, exclude | self.coref.clause_exclusions(subj))
            if eid and eid not in exclude:
                return Attribution(eid, self.name(eid), 0.55, tok, "previous")
        return None


__all__ = ["Attribution", "Speakers", "documents"]
