"""Quotations: direct (in quote marks, any style, across paragraphs) and reported speech.

The quoted passages come from :func:`tidings.understand.marks.quote_spans`. :func:`attribute`
finds the cue (said, warned, according to, describing them as) through the dependency parse and
the speaker: the cue's subject (:mod:`tidings.understand.speech`), or for a pronoun, title or
nominal the entity :mod:`tidings.understand.coref` links it to. Names and scare quotes ("Hanoi
Hilton", “interim”) are not quotations.
"""

from __future__ import annotations

import re

from tidings.schema import Quote
from tidings.understand.coref import SPEAKER_PRONOUNS, Coreference
from tidings.understand.marks import Span, is_name_or_scare, quote_spans
from tidings.understand.speech import cue_lemma, cues, speech_subject


class Attributor:
    """Finds cues and speakers for quote spans over a parsed Doc and resolved entities."""

    def __init__(self, doc, resolver, coref: Coreference) -> None:  # noqa: ANN001
        self.doc = doc
        self.res = resolver
        self.coref = coref
        self.text = resolver.text
        self.quoted = coref.quoted  # token indices inside quotation marks
        self.cue_toks = _cue_tokens(doc)

    def _tokens(self, a: int, b: int) -> list:
        span = self.doc.char_span(a, b, alignment_mode="expand")
        return list(span) if span is not None else []

    def _subject(self, verb):  # noqa: ANN001, ANN202
        return speech_subject(verb, lambda i: self.res.entity_id(i) is not None)

    def speaker(self, subj, exclude: set[str]):  # noqa: ANN001, ANN202
        """(entity id, name, confidence) for a subject token: name, title or pronoun."""
        res = self.res
        if subj is None:
            return None, None, 0.0
        eid = res.entity_id(subj.i)
        if eid:
            return eid, self._name(eid), 0.9
        if subj.lower_ in SPEAKER_PRONOUNS or subj.lower_ == "it":
            eid, person = self.coref.speaker_pronoun(subj, exclude)
            if eid:
                return eid, self._name(eid), 0.7 if person else 0.6
            return None, None, 0.2
        eid = self.coref.speaker_nominal(subj, exclude)
        if eid:  # "the top U.S. diplomat said", "the agency said"
            return eid, self._name(eid), 0.6
        people = [res.entity_id(c.i) for c in subj.subtree if res.entity_id(c.i)]
        if people:  # an entity inside the subject phrase ("the Secretary of State")
            pers = [e for e in people if self._type(e) == "PERSON"]
            eid = (pers or people)[0]
            return eid, self._name(eid), 0.8
        if subj.pos_ in {"NOUN", "PROPN"}:
            span = self.doc[subj.left_edge.i : subj.right_edge.i + 1]
            return None, span.text, 0.5
        return None, None, 0.2

    def _type(self, eid: str) -> str:
        ci = next(k for k, v in self.res.ids.items() if v == eid)
        return self.res.clusters[ci].type

    def _name(self, eid: str) -> str:
        ci = next(k for k, v in self.res.ids.items() if v == eid)
        return self.res.clusters[ci].name

    def direct(self, spans: list[Span]) -> list[Quote]:
        """Quotations in marks, with cue and speaker (scare quotes and names left out)."""
        text = self.text
        quotes: list[Quote] = []
        prev_speaker: tuple[str | None, str | None] | None = None
        prev_end = -1
        for s in spans:
            words = s.text_of(text)
            inner = self._tokens(s.start, s.end)
            if not inner:
                continue
            inner_set = {t.i for t in inner}
            cue, how = self._find_cue(s, inner, inner_set)
            short = len(re.findall(r"\w+", words)) <= 4
            if is_name_or_scare(words) and (short or cue is None):
                continue
            if short and cue is None:
                continue  # a short phrase in marks with no speech verb: a scare quote
            exclude = {self.res.entity_id(i) for i in inner_set} - {None}
            eid, name, conf = (None, None, 0.3)
            cue_text = cue_start = cue_end = None
            if cue is not None:
                if how == "according":
                    subj = next((c for c in cue.children if c.dep_ == "pobj"), None)
                    cue_start, cue_end = cue.idx, cue.head.idx + len(cue.head.text)
                    if cue.head.lower_ == "according":
                        cue_start = cue.head.idx
                        cue_end = cue.idx + len(cue.text)
                    cue_text = text[cue_start:cue_end]
                else:
                    subj = self._subject(cue)
                    cue_text, cue_start, cue_end = self._cue_phrase(cue, inner_set)
                eid, name, conf = self.speaker(subj, exclude)
            elif prev_speaker and self._continues(prev_end, s.start):
                eid, name = prev_speaker  # a quote paragraph continuing the last speaker
                conf = 0.5
            if not s.closed:
                conf *= 0.8
            quotes.append(
                Quote(
                    id="",
                    text=words,
                    start=s.start,
                    end=s.end,
                    direct=True,
                    speaker=eid,
                    speaker_name=name,
                    cue=cue_text,
                    cue_start=cue_start,
                    cue_end=cue_end,
                    confidence=round(conf, 2),
                )
            )
            if eid or name:
                prev_speaker = (eid, name)
            prev_end = s.end
        return quotes

    def _continues(self, prev_end: int, start: int) -> bool:
        """The quote opens the paragraph right after the previous quote's paragraph."""
        if prev_end < 0:
            return False
        gap = self.text[prev_end:start]
        return gap.count("\n\n") == 1 and len(gap.split("\n\n")[-1].strip(" \"“'‘")) == 0

    def _cue_phrase(self, cue, inner: set[int]) -> tuple[str, int, int]:  # noqa: ANN001
        """The cue verb plus its particle/"as" ("describing them as", "calling on")."""
        doc = self.doc
        end_tok = cue
        for c in cue.children:
            if c.i in inner or c.i <= cue.i:
                continue
            if c.dep_ in {"prt"} or (c.dep_ == "prep" and c.lower_ in {"as", "on", "for"}):
                end_tok = max(end_tok, c, key=lambda t: t.i)
                if c.lower_ == "as":
                    end_tok = c
        span = doc[cue.i : end_tok.i + 1]
        return span.text, span.start_char, span.end_char

    def _find_cue(self, s: Span, inner: list, inner_set: set[int]):  # noqa: ANN202
        """The speech cue for a quote: an ancestor cue, then the nearest cue outside it."""
        doc = self.doc
        first, last = inner[0], inner[-1]
        res = self.res
        s1 = res.sents[res.sentence_of(first.idx)]
        s2 = res.sents[res.sentence_of(last.idx)]
        sents = {s1.start: s1, s2.start: s2}
        # "according to X"
        for sent in sents.values():
            for tok in sent:
                if tok.i in inner_set:
                    continue
                if tok.lower_ == "to" and tok.i > 0 and doc[tok.i - 1].lower_ == "according":
                    return tok, "according"
        # cue verbs that govern the quoted words (partial quotes)
        for tok in inner:
            for anc in tok.ancestors:
                if anc.i in inner_set:
                    continue
                if cue_lemma(anc):
                    return anc, "ancestor"
                break
        cands = []
        for sent in sents.values():
            for tok in sent:
                if tok.i in inner_set or tok.i in self.quoted:
                    continue
                if cue_lemma(tok):
                    dist = tok.i - last.i if tok.i > last.i else first.i - tok.i + 2
                    cands.append((dist, tok.i))
        if cands:
            return doc[min(cands)[1]], "near"
        # "He said:" in the sentence before / "..., he added." sentence after
        k = res.sentence_of(first.idx) - 1
        if k >= 0 and res.sents[k].text.rstrip().endswith(":"):
            for tok in res.sents[k]:
                if cue_lemma(tok) and tok.i not in self.quoted:
                    return tok, "near"
        return None, None

    def _fronted_or_parenthetical(self, tok) -> list:  # noqa: ANN001
        """Content of "Y, X said." (fronted ccomp) and "X said, Y" / "X elaborated, Y" (the cue
        as a parenthetical clause of the reported one). Trailing adverbial clauses after a
        comma ("..., as he opened talks") belong to the narrator and are left out."""
        doc = self.doc
        before = [
            c
            for c in tok.children
            if c.dep_ == "ccomp"
            and c.i < tok.i
            and c.right_edge.i + 1 < tok.i
            and doc[c.right_edge.i + 1].is_punct
        ]
        if before:
            content = list(before[0].subtree)
            # '"...," X said' is a direct quote, already attributed; don't report it again
            return [] if any(t.i in self.quoted for t in content) else content
        head = tok.head
        if tok.dep_ not in {"advcl", "parataxis"} or head.i < tok.i or cue_lemma(head):
            return []
        edge = tok.right_edge.i
        if head.pos_ not in {"VERB", "AUX"} or not (
            doc[edge].is_punct or (edge + 1 < len(doc) and doc[edge + 1].is_punct)
        ):
            return []
        drop = {t.i for t in tok.subtree}
        subject: set[int] = set()
        for c in head.children:
            if c.i > head.i and c.dep_ == "advcl" and doc[c.left_edge.i - 1].is_punct:
                drop |= {t.i for t in c.subtree}
            if c.dep_ in {"nsubj", "nsubjpass"}:
                subject |= {t.i for t in c.subtree}
        return [t for t in head.subtree if t.i not in drop and (t.i > edge or t.i in subject)]

    def reported(self, direct: list[Quote]) -> list[Quote]:
        """Reported speech: a cue verb with a clausal/object complement outside quote marks."""
        doc = self.doc
        out: list[Quote] = []
        covered: list[tuple[int, int, str | None]] = []
        for tok in self.cue_toks:
            lemma = cue_lemma(tok)
            if not lemma or cues()[lemma] != "both" or tok.i in self.quoted:
                continue
            comp = [
                c
                for c in tok.children
                if c.i > tok.i
                and (
                    c.dep_ in {"ccomp", "xcomp"}
                    or (c.dep_ in {"dobj", "dative"} and lemma not in {"say", "add", "state"})
                    or (
                        c.dep_ == "prep"
                        and c.lower_ in {"from", "against", "of"}
                        and any(g.dep_ == "pcomp" for g in c.children)
                    )
                )
            ]
            toks = [t for c in comp for t in c.subtree]
            if not any(c.dep_ in {"ccomp", "xcomp"} or c.dep_ == "prep" for c in comp):
                toks = self._fronted_or_parenthetical(tok)
                if not toks:
                    continue
            toks = sorted(toks, key=lambda t: t.i)
            while len(toks) > 1 and (toks[0].dep_ == "mark" or toks[0].is_punct):
                toks.pop(0)
            while len(toks) > 1 and toks[-1].is_punct:
                toks.pop()
            a_tok, b_tok = toks[0], toks[-1]
            words = [t for t in doc[a_tok.i : b_tok.i + 1] if not t.is_punct]
            if len(words) < 3:
                continue
            inside = sum(1 for t in words if t.i in self.quoted)
            if inside >= len(words) - 1:
                continue  # the complement is the direct quote itself (a partial one is kept)
            subj = self._subject(tok)
            if subj is None or subj.lower_ in {"it", "that", "this", "which", "who"}:
                continue
            eid, name, conf = self.speaker(subj, set())
            a, b = a_tok.idx, b_tok.idx + len(b_tok.text)
            para_end = self.text.find("\n\n", tok.idx)
            if 0 <= para_end < b:  # a parse never carries speech into the next paragraph
                b = para_end
                while b > a and (self.text[b - 1].isspace() or self.text[b - 1] in ".,;:"):
                    b -= 1
            if any(x <= a and b <= y and sp == eid for x, y, sp in covered):
                continue  # nested reported speech by the same speaker
            covered.append((a, b, eid))
            out.append(
                Quote(
                    id="",
                    text=self.text[a:b],
                    start=a,
                    end=b,
                    direct=False,
                    speaker=eid,
                    speaker_name=name,
                    cue=tok.text,
                    cue_start=tok.idx,
                    cue_end=tok.idx + len(tok.text),
                    confidence=round(conf * 0.8, 2),
                )
            )
        return out


def _cue_tokens(doc) -> list:  # noqa: ANN001
    """The speech-verb tokens of a Doc, found with arrays (no Python loop per token)."""
    import numpy as np
    from spacy.attrs import LEMMA, POS
    from spacy.parts_of_speech import AUX, VERB

    arr = doc.to_array([LEMMA, POS])
    ids = [doc.vocab.strings.add(c) for c in cues()]
    verbs = np.isin(arr[:, 1], [VERB, AUX])
    return [doc[int(i)] for i in np.flatnonzero(verbs & np.isin(arr[:, 0], ids))]


def attribute(doc, resolver, coref: Coreference, spans: list[Span] | None = None) -> list[Quote]:  # noqa: ANN001
    """All quotes of a parsed article, direct then reported, in text order, ids q1.."""
    att = Attributor(doc, resolver, coref)
    direct = att.direct(quote_spans(att.text) if spans is None else spans)
    quotes = sorted(direct + att.reported(direct), key=lambda q: (q.start, not q.direct))
    for i, q in enumerate(quotes, 1):
        q.id = f"q{i}"
    return quotes


__all__ = ["Attributor", "attribute"]
