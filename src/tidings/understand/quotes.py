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
from tidings.understand.coref import Coreference
from tidings.understand.coref.speakers import Speakers
from tidings.understand.marks import Span, is_name_or_scare, quote_spans
from tidings.understand.speech import cue_lemma, cues, documents, label_cues, speech_subject


class Attributor:
    """Finds cues for quote spans over a parsed Doc; the speakers come from the discourse
    model of :mod:`tidings.understand.coref.speakers`."""

    def __init__(self, doc, resolver, coref: Coreference) -> None:  # noqa: ANN001
        self.doc = doc
        self.res = resolver
        self.coref = coref
        self.text = resolver.text
        self.quoted = coref.quoted  # token indices inside quotation marks
        self.cue_toks = _cue_tokens(doc)
        self.speakers = Speakers(coref, self.cue_toks)

    def _tokens(self, a: int, b: int) -> list:
        span = self.doc.char_span(a, b, alignment_mode="expand")
        return list(span) if span is not None else []

    def _subject(self, verb):  # noqa: ANN001, ANN202
        return speech_subject(
            verb, lambda i: self.res.entity_id(i) is not None, self.quoted.__contains__
        )

    def direct(self, spans: list[Span]) -> list[Quote]:
        """Quotations in marks, with cue and speaker (scare quotes and names left out)."""
        text = self.text
        quotes: list[Quote] = []
        for s in spans:
            words = s.text_of(text)
            inner = self._tokens(s.start, s.end)
            if not inner:
                continue
            inner_set = {t.i for t in inner}
            cue, how = self._find_cue(s, inner, inner_set)
            short = len(re.findall(r"\w+", words)) <= 4
            one_word = how == "ancestor" and words.strip()[:1].islower()
            if is_name_or_scare(words) and (short or cue is None) and not one_word:
                continue  # names and scare quotes; a word a speech verb governs is speech
            if short and cue is None and not _sentence(words):
                continue  # a short phrase in marks with no speech verb: a scare quote
            att = self.speakers.direct(s.start, inner_set, cue, how, s.end)
            if cue is None and short and (not att.entity or att.how == "subject"):
                continue  # a short sentence in marks counts when the discourse says whose
            cue_text = cue_start = cue_end = None
            if att.cue is not None:
                cue_text, cue_start, cue_end = self._cue_phrase(att.cue, att.how, inner_set)
            conf = att.confidence if s.closed else att.confidence * 0.8
            quotes.append(
                Quote(
                    id="",
                    text=words,
                    start=s.start,
                    end=s.end,
                    direct=True,
                    speaker=att.entity,
                    speaker_name=att.name,
                    cue=cue_text,
                    cue_start=cue_start,
                    cue_end=cue_end,
                    confidence=round(conf, 2),
                )
            )
        return quotes

    def block_quotes(self, quotes: list[Quote]) -> list[Quote]:
        """A paragraph without quotation marks set off after one that ends in a colon and a
        speech verb ("In a statement, the Church denied these allegations:"): its speaker's
        words (a block quotation the page shows without marks)."""
        out = []
        paras = self.speakers.paras
        for k in range(len(paras) - 1):
            a, b = paras[k]
            (na, nb), par = paras[k + 1], self.text[a:b].rstrip()
            block = self.text[na:nb]
            if not par.endswith(":") or any(ch in block for ch in '"“”«»„'):
                continue
            if not block.strip() or any(q.start < nb and q.end > na for q in quotes):
                continue
            sent = self.res.sents[self.res.sentence_of(a + len(par) - 1)]
            cue = next((t for t in reversed(list(sent)) if cue_lemma(t)), None)
            if cue is None or cue.i in self.quoted:
                continue
            eid, name, conf = self.speakers.of_subject(self._subject(cue), set())
            if eid or name:
                cue_text, cue_start, cue_end = self._cue_phrase(cue, None, set())
                out.append(
                    Quote(
                        id="",
                        text=block,
                        start=na,
                        end=nb,
                        direct=True,
                        speaker=eid,
                        speaker_name=name,
                        cue=cue_text,
                        cue_start=cue_start,
                        cue_end=cue_end,
                        confidence=round(conf * 0.8, 2),
                    )
                )
        return out

    def _cue_phrase(self, cue, how: str | None, inner: set[int]) -> tuple[str, int, int]:  # noqa: ANN001
        """The cue as written: the verb plus its particle/"as" ("describing them as", "calling
        on"), "according to", "quoting"."""
        doc = self.doc
        if how == "according":
            start = cue.head if cue.head.lower_ == "according" else doc[max(0, cue.i - 1)]
            span = doc[min(start.i, cue.i) : max(start.i, cue.i) + 1]
            return span.text, span.start_char, span.end_char
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
        """The speech cue for a quote: "quoting X", "according to X", a cue verb governing
        the quoted words, the nearest cue outside them in the sentence, "X said:" before."""
        doc = self.doc
        first, last = inner[0], inner[-1]
        res = self.res
        s1 = res.sents[res.sentence_of(first.idx)]
        s2 = res.sents[res.sentence_of(last.idx)]
        outside = [t for sent in {s1.start: s1, s2.start: s2}.values() for t in sent]
        outside = [t for t in outside if t.i not in inner_set and t.i not in self.quoted]
        words = [t for t in inner if not (t.is_punct or t.is_space)] or inner
        anc = self._governing_cue(words, inner_set)
        for tok in outside:  # "quoting KCNA", "citing the ministry": the original source
            if tok.lower_ in {"quoting", "citing"} and any(
                self.res.entity_id(t.i)
                for c in tok.children
                if c.dep_ == "dobj"
                for t in (c.subtree if anc is None else _name_words(c))
            ):  # with a speech verb over the words, only a source named as the object
                return tok, "quoting"  # ("citing statistics from X, Y said that "...": Y's)
        for tok in outside:  # "according to X"
            if tok.lower_ == "to" and tok.i > 0 and doc[tok.i - 1].lower_ == "according":
                if anc is not None and self._subject(anc) is not None:
                    break  # 'X told Y that, according to a report, he "..."': X's words
                return tok, "according"
        # cue verbs that govern the quoted words (partial quotes): the words first, then the
        # speech verb of a short phrase's complement clause, and only then the punctuation
        # (which the parser hangs anywhere: '..., while X said that it was the "worst in
        # months."' has its full stop on the sentence's first "said")
        if anc is not None:
            return anc, "ancestor"
        if len(words) <= 3:  # 'said that the idea ... was "inconceivable"': a word of the
            for anc in list(words[-1].ancestors)[:4]:  # speech verb's complement clause
                if cue_lemma(anc) and anc.i not in self.quoted:
                    return anc, "ancestor"
                if anc.dep_ in _NOT_REPORTED:
                    break
        anc = self._governing_cue([t for t in inner if t.is_punct], inner_set)
        if anc is not None:
            return anc, "ancestor"
        anc = _labelled_as(words, inner_set)
        if anc is not None:  # 'hailed as a "hero"', 'referred to this as "Muslim ban 2.0"'
            return anc, "ancestor"
        ended = s.text_of(self.text).rstrip().endswith(".")
        cands = []
        for tok in outside:
            if cue_lemma(tok):
                if tok.i > last.i and ended and self._opens_a_quote(tok, s1, s2):
                    continue  # '"... out." When his editors would ask, he'd respond, "..."'
                dist = tok.i - last.i if tok.i > last.i else first.i - tok.i + 2
                cands.append((dist, tok.i))
        if cands:
            return doc[min(cands)[1]], "near"
        if first.i >= 2 and doc[first.i - 2].text == ":" or doc[first.i - 1].text == ":":
            colon = first.i - 2 if doc[first.i - 2].text == ":" else first.i - 1
            noun = doc[colon - 1] if colon > 0 else None  # "X issued a statement: "..."":
            if (
                noun is not None
                and noun.lemma_.lower() in documents()
                and noun.i not in self.quoted
            ):
                return noun, "document"  # the document speaks for whoever issued it
        tok = _mistagged_cue(doc, first)
        if tok is not None:
            return tok, "mistagged"
        tok = self._cue_after(last)
        if tok is not None:
            return tok, "near"
        # "He said:" in the sentence before
        k = res.sentence_of(first.idx) - 1
        if k >= 0 and res.sents[k].text.rstrip().endswith(":"):
            for tok in res.sents[k]:
                if cue_lemma(tok) and tok.i not in self.quoted:
                    return tok, "near"
        return None, None

    @staticmethod
    def _governing_cue(toks: list, inner_set: set[int]):  # noqa: ANN205
        """The speech verb right above the quoted tokens ``toks``, if any."""
        for tok in toks:
            for anc in tok.ancestors:
                if anc.i in inner_set:
                    continue
                if cue_lemma(anc):
                    return anc
                break
        return None

    def _opens_a_quote(self, cue, *sents) -> bool:  # noqa: ANN001
        """A cue after a quotation that ends its sentence belongs to the next quotation of the
        sentence when one follows it ('"...." When they asked, he'd respond, "..."')."""
        end = max(s.end for s in sents)
        return any(t.i > cue.i and t.i in self.quoted for t in self.doc[cue.i : end])

    def _cue_after(self, last):  # noqa: ANN001, ANN202
        """'"Can I give it to James?" Brooke tearfully asked': a question or exclamation
        ends its sentence, and the cue opens the next one, right after the closing mark."""
        res = self.res
        k = res.sentence_of(last.idx) + 1
        if k >= len(res.sents):
            return None
        nxt = res.sents[k]
        gap = res.text[last.idx + len(last.text) : nxt.start_char]
        if "\n" in gap or len(gap.strip(" \"”’'»?!.,")) > 0:
            return None
        for tok in list(nxt)[:5]:
            if tok.i in self.quoted:
                return None
            if cue_lemma(tok):
                # the sentence's own verb, not "When his editors would ask him ..., he'd
                # respond, "..."": a cue that goes on to a quotation of its own is that one's
                if tok.dep_ != "ROOT" or self._opens_a_quote(tok, nxt):
                    return None
                return tok
        return None

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
            eid, name, conf = self.speakers.of_subject(subj, set())
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


def _name_words(noun) -> list:  # noqa: ANN001
    """A noun and the words of its name (compounds, appositions), not its prepositions'."""
    return [noun, *(c for c in noun.children if c.dep_ in {"compound", "appos", "flat"})]


def _mistagged_cue(doc, first):  # noqa: ANN001, ANN202
    """ "The U.S. Department of Agriculture notes, "...": a cue verb right before the opening
    mark that the tagger read as a plural noun ("Agriculture notes"); its speaker is the name
    just before it."""
    i = first.i - 1
    while i > 0 and (doc[i].is_punct or doc[i].is_space) and first.i - i <= 3:
        i -= 1
    tok = doc[i]
    if i == first.i - 1 or tok.pos_ not in {"NOUN", "PROPN"} or not tok.lower_.endswith("s"):
        return None
    if tok.lower_[:-1] not in cues() or i == 0 or not doc[i - 1].is_title:
        return None
    return tok


def _labelled_as(words: list, inner_set: set[int]):  # noqa: ANN202
    """The verb that labels something as the quoted words ("hailed as a "hero"", "attacked
    Blair as having 'failed'", "commended the government for their "firm commitment""): the
    verb over an "as" or "for" right above the words, when it is a speech or labelling verb
    (cues.tsv)."""
    for tok in words:
        outside = [a for a in tok.ancestors if a.i not in inner_set][:3]
        for k, anc in enumerate(outside):
            if anc.lower_ not in {"as", "for"} or k + 1 >= len(outside):
                continue
            verb = outside[k + 1]
            if verb.pos_ == "VERB" and (verb.lemma_.lower() in label_cues() or cue_lemma(verb)):
                return verb
        return None
    return None


def _sentence(words: str) -> bool:
    """Quoted words that are a sentence of their own ("I smacked them around.")."""
    w = words.strip()
    return bool(w) and w[0].isupper() and w[-1] in ".!?" and len(w.split()) >= 2


#: clauses that are not the complement of a speech verb above them
_NOT_REPORTED = {"relcl", "advcl", "acl", "conj", "parataxis"}


def _cue_tokens(doc) -> list:  # noqa: ANN001
    """The speech-verb tokens of a Doc, found with arrays (no Python loop per token)."""
    import numpy as np
    from spacy.attrs import LEMMA, POS
    from spacy.parts_of_speech import AUX, VERB

    arr = doc.to_array([LEMMA, POS])
    ids = [doc.vocab.strings.add(c) for c in cues()]
    verbs = np.isin(arr[:, 1], [VERB, AUX])
    return [doc[int(i)] for i in np.flatnonzero(verbs & np.isin(arr[:, 0], ids))]


def interview_answers(
    turns: list[tuple[int, int, str | None, str | None]],
    resolver,  # noqa: ANN001
) -> list[Quote]:
    """The answers of an interview article (:class:`~tidings.understand.coref.interviews.
    Interview` turns) as the interviewee's words (no cue, no marks)."""
    out = []
    for a, b, eid, written in turns:
        name = (
            resolver.clusters[next(k for k, v in resolver.ids.items() if v == eid)].name
            if eid
            else written
        )
        text = resolver.text[a:b]
        out.append(
            Quote(
                id="",
                text=text,
                start=a,
                end=b,
                direct=True,
                speaker=eid,
                speaker_name=name,
                confidence=0.5,
            )
        )
    return out


def attribute(
    doc,  # noqa: ANN001
    resolver,  # noqa: ANN001
    coref: Coreference,
    spans: list[Span] | None = None,
    turns: list[tuple[int, int, str | None, str | None]] | None = None,
) -> list[Quote]:
    """All quotes of a parsed article (direct, interview answers, reported) in text order,
    ids q1.."""
    att = Attributor(doc, resolver, coref)
    direct = att.direct(quote_spans(att.text) if spans is None else spans)
    answers = interview_answers(turns or [], resolver)
    quotes = sorted(direct + answers + att.reported(direct), key=lambda q: (q.start, not q.direct))
    for i, q in enumerate(quotes, 1):
        q.id = f"q{i}"
    return quotes


__all__ = ["Attributor", "attribute"]
