"""Quotations: direct (in quote marks, any style, across paragraphs) and reported speech.

Two steps. :func:`quote_spans` scans the text for quotation marks with a small state machine
that never raises: every mark style (" “ ” ‘ ’ ' « » „ ‹ ›), apostrophes told apart from single
quotes, a quote left open at a paragraph's end continuing when the next paragraph re-opens
(the newspaper convention), and an unbalanced mark dropped without harming the rest.
:func:`attribute` then finds the cue (said, warned, according to, describing them as) through
the dependency parse and the speaker: the cue's subject, or for a pronoun/title the most recent
compatible speaker (rule-based coreference). Names and scare quotes ("Hanoi Hilton", “interim”)
are not quotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tidings import datafiles, kb
from tidings.schema import Mention, Quote
from tidings.understand.entities import is_role_noun

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”»"
OPEN_SINGLE = "‘‚‹"
CLOSE_SINGLE = "’›"
PRONOUNS = {"he", "she"}


@cache
def cues() -> dict[str, str]:
    """Cue lemma -> "both" | "direct" (see data/understand/cues.tsv)."""
    out = {}
    for line in datafiles.lines("understand", "cues.tsv"):
        if line and not line.startswith("#") and "\t" in line:
            lemma, use = line.split("\t", 1)
            out[lemma.strip()] = use.strip()
    return out


@dataclass
class Span:
    """A quoted passage: outer offsets (marks excluded) and its text segments."""

    start: int
    end: int
    segments: list[tuple[int, int]]
    double: bool
    closed: bool = True

    def text_of(self, text: str) -> str:
        """The quoted words: segments (one per paragraph) joined by a blank line."""
        return "\n\n".join(text[a:b] for a, b in self.segments)


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n\s*\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _marks(text: str, a: int, b: int) -> list[tuple[int, str, str]]:
    """(position, 'open'|'close', 'd'|'s') for each quotation mark in text[a:b]."""
    out = []
    for i in range(a, b):
        ch = text[i]
        if ch not in "\"'" + OPEN_DOUBLE + CLOSE_DOUBLE + OPEN_SINGLE + CLOSE_SINGLE:
            continue
        prev = text[i - 1] if i > a else " "
        nxt = text[i + 1] if i + 1 < b else " "
        kind = "d" if ch in '"' + OPEN_DOUBLE + CLOSE_DOUBLE else "s"
        if ch in "“‘" and not prev.isspace() and prev not in "([—-–" and not _is_word(nxt):
            out.append((i, "close", kind))  # German „...“ / ‚...‘ close with “ / ‘
        elif ch in OPEN_DOUBLE or ch in OPEN_SINGLE:
            out.append((i, "open", kind))
        elif ch in CLOSE_DOUBLE:
            out.append((i, "close", kind))
        elif ch in "'’":
            if _is_word(prev) and _is_word(nxt):
                continue  # apostrophe: It's, Russia’s
            if prev.isspace() or prev in "([—-–" or i == a:
                if not nxt.isspace():
                    out.append((i, "open", kind))
            elif not prev.isspace():
                out.append((i, "close", kind))
        else:  # straight double quote
            if prev.isspace() or prev in "([—-–" or i == a:
                out.append((i, "open" if not nxt.isspace() else "close", kind))
            else:
                out.append((i, "close", kind))
    return out


def quote_spans(text: str) -> list[Span]:
    """Every quoted passage in ``text``; never raises on unbalanced marks."""
    spans: list[Span] = []
    paras = _paragraphs(text)
    carry: Span | None = None  # a double quote left open at the previous paragraph's end
    for a, b in paras:
        marks = _marks(text, a, b)
        open_d: int | None = None
        open_s: int | None = None
        if carry is not None:
            if (
                marks
                and marks[0][1] == "open"
                and marks[0][2] == "d"
                and text[a : marks[0][0]].strip() == ""
            ):
                open_d = marks[0][0]
                marks = marks[1:]
            else:
                carry = None  # unbalanced: drop the open quote, go on
        for pos, role, kind in marks:
            if kind == "d":
                if open_d is None:
                    if role == "open" or text[pos] == '"':
                        open_d = pos
                        open_s = None
                    continue
                if role == "close" or text[pos] == '"':
                    seg = (open_d + 1, pos)
                    if carry is not None:
                        carry.segments.append(seg)
                        carry.end = pos
                        spans.append(carry)
                        carry = None
                    else:
                        spans.append(Span(open_d + 1, pos, [seg], True))
                    open_d = None
            else:
                if open_d is not None:
                    continue  # nested single quotes inside a double quote
                if role == "open":
                    open_s = pos
                elif open_s is not None:
                    spans.append(Span(open_s + 1, pos, [(open_s + 1, pos)], False))
                    open_s = None
        if open_d is not None:
            seg = (open_d + 1, b)
            if carry is not None:
                carry.segments.append(seg)
                carry.end = b
            else:
                carry = Span(open_d + 1, b, [seg], True, closed=False)
        else:
            carry = None
    spans = [s for s in spans if any(text[x:y].strip() for x, y in s.segments)]
    for s in spans:  # trim spaces inside the marks
        s.segments = [_trim(text, x, y) for x, y in s.segments]
        s.start, s.end = s.segments[0][0], s.segments[-1][1]
    return spans


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:"):
        b -= 1  # "..., we will," Lavrov said: the comma belongs to the sentence, not the quote
    return a, b


def is_name_or_scare(words: str) -> bool:
    """Single words and Title Case Names In Marks are names or scare quotes, not speech."""
    toks = re.findall(r"[\w'’-]+", words)
    if len(toks) < 2:
        return True
    content = [t for t in toks if t.lower() not in {"of", "the", "and", "a", "in", "on", "for"}]
    return len(toks) <= 5 and all(t[0].isupper() or t[0].isdigit() for t in content)


class Attributor:
    """Finds cues and speakers for quote spans over a parsed Doc and resolved entities."""

    def __init__(self, doc, resolver) -> None:  # noqa: ANN001
        self.doc = doc
        self.res = resolver
        self.text = resolver.text
        self.quoted: set[int] = set()  # token indices inside direct quotes
        self.cue_toks = resolver.cue_toks

    def _tokens(self, a: int, b: int) -> list:
        span = self.doc.char_span(a, b, alignment_mode="expand")
        return list(span) if span is not None else []

    def _cue_lemma(self, tok) -> str | None:  # noqa: ANN001
        if tok.pos_ not in {"VERB", "AUX"}:
            return None
        lemma = tok.lemma_.lower()
        return lemma if lemma in cues() else None

    def _subject(self, verb):  # noqa: ANN001, ANN202
        """The cue's subject; climbs from "adding"/"calling"/"describing" to the governing verb."""
        v = verb
        for _ in range(6):
            if any(c.dep_ == "nsubjpass" for c in v.children):
                # passive: "was told to prepare" - the subject is the addressee; the speaker is
                # the agent ("by KCNA") if named
                agent = [g for c in v.children if c.dep_ == "agent" for g in c.children]
                return agent[0] if agent else None
            subj = [c for c in v.children if c.dep_ == "nsubj"]
            if subj:
                return subj[0]
            if v is verb:  # inverted attribution: '"...," added KCNA.'
                after = [
                    c
                    for c in v.children
                    if c.i > v.i
                    and c.dep_ in {"dobj", "attr", "npadvmod", "dep", "appos", "oprd"}
                    and self.res.entity_id(c.i)
                ]
                if after:
                    return after[0]
            if v.dep_ in {"advcl", "xcomp", "conj", "pcomp", "prep", "pobj", "acl", "dobj"} and (
                v.head is not v
            ):
                v = v.head
                continue
            break
        return None

    def speaker(self, subj, exclude: set[str]):  # noqa: ANN001, ANN202
        """(entity id, name, confidence) for a subject token: name, title or pronoun."""
        res = self.res
        if subj is None:
            return None, None, 0.0
        eid = res.entity_id(subj.i)
        if eid:
            return eid, self._name(eid), 0.9
        if subj.lower_ in PRONOUNS or subj.lower_ == "it":
            person = subj.lower_ in PRONOUNS
            eid = self.antecedent(subj, exclude, person=person)
            if eid:
                ci = next(k for k, v in res.ids.items() if v == eid)
                res._add(ci, subj.i, subj.i + 1, "pronoun")
                return eid, self._name(eid), 0.7 if person else 0.6
            return None, None, 0.2
        if is_role_noun(subj):  # "the top U.S. diplomat said": a nominal naming a person
            country = next(
                (kb.country_iso3(c.text) for c in subj.lefts if kb.country_iso3(c.text)), None
            )
            eid = self.antecedent(subj, exclude, country=country)
            if eid:
                ci = next(k for k, v in res.ids.items() if v == eid)
                res._add(ci, subj.left_edge.i, subj.i + 1, "nominal")
                return eid, self._name(eid), 0.6
        org = self._named_by_head(subj)
        if org:  # "the agency said" after "Korean Central News Agency"
            ci = next(k for k, v in res.ids.items() if v == org)
            res._add(ci, subj.left_edge.i, subj.i + 1, "nominal")
            return org, self._name(org), 0.6
        people = [res.entity_id(c.i) for c in subj.subtree if res.entity_id(c.i)]
        if people:  # an entity inside the subject phrase ("the Secretary of State")
            pers = [e for e in people if self._type(e) == "PERSON"]
            eid = (pers or people)[0]
            return eid, self._name(eid), 0.8
        if subj.pos_ in {"NOUN", "PROPN"}:
            span = self.doc[subj.left_edge.i : subj.right_edge.i + 1]
            return None, span.text, 0.5
        return None, None, 0.2

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
            words = {w.lower() for w in cl.name.split()}
            if subj.lower_ not in words:
                continue
            before = [m.start for m in cl.mentions if m.start < subj.idx]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), eid)
        return best[1] if best else None

    def _type(self, eid: str) -> str:
        ci = next(k for k, v in self.res.ids.items() if v == eid)
        return self.res.clusters[ci].type

    def _name(self, eid: str) -> str:
        ci = next(k for k, v in self.res.ids.items() if v == eid)
        return self.res.clusters[ci].name

    def _score(self, tok) -> int:  # noqa: ANN001
        """How likely a PERSON mention is the antecedent of a speech pronoun."""
        if tok.dep_ in {"nsubj", "nsubjpass"} or tok.dep_ == "appos" and tok.head.dep_ == "nsubj":
            verb = tok.head if tok.dep_ != "appos" else tok.head.head
            if self._cue_lemma(verb) or any(
                self._cue_lemma(c) and self._subject(c) is not None and self._subject(c).i == tok.i
                for c in verb.subtree
            ):
                return 3
            return 2 if verb.dep_ == "ROOT" else 1
        return 0

    def antecedent(  # noqa: ANN001
        self, pron, exclude: set[str], *, person: bool = True, country: str | None = None
    ) -> str | None:
        """Most recent compatible speaker before a pronoun (rule-based coreference).

        Candidates are PERSON mentions outside quotes in this and the three previous
        sentences; subjects of speech verbs beat main-clause subjects beat the rest, the
        nearest sentence with a strong candidate wins; people named inside the quote being
        attributed are excluded (speakers rarely name themselves).
        """
        res = self.res
        sents = res.sents
        si = res.sentence_of(pron.idx)
        best_weak = None
        for k in range(si, max(-1, si - 4), -1):
            cands = []
            for tok in sents[k]:
                if tok.i >= pron.i or tok.i in self.quoted:
                    continue
                eid = res.entity_id(tok.i)
                if not eid or eid in exclude:
                    continue
                cl = res.clusters[res.tok2cluster[tok.i]]
                if (cl.type == "PERSON") != person:
                    continue
                if not person and cl.type not in {"ORG", "GPE", "NORP"}:
                    continue
                if country and cl.country != country:
                    continue
                cands.append((self._score(tok), tok.i, eid))
            if not cands:
                continue
            top = max(cands)
            if top[0] >= 2:
                return top[2]
            if best_weak is None:
                best_weak = max(cands, key=lambda c: (c[0], c[1]))[2]
        return best_weak

    def direct(self, spans: list[Span]) -> list[Quote]:
        text = self.text
        for s in spans:
            for a, b in s.segments:
                self.quoted.update(t.i for t in self._tokens(a, b))
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
                if self._cue_lemma(anc):
                    return anc, "ancestor"
                break
        cands = []
        for sent in sents.values():
            for tok in sent:
                if tok.i in inner_set or tok.i in self.quoted:
                    continue
                if self._cue_lemma(tok):
                    dist = tok.i - last.i if tok.i > last.i else first.i - tok.i + 2
                    cands.append((dist, tok.i))
        if cands:
            return doc[min(cands)[1]], "near"
        # "He said:" in the sentence before / "..., he added." sentence after
        k = res.sentence_of(first.idx) - 1
        if k >= 0 and res.sents[k].text.rstrip().endswith(":"):
            for tok in res.sents[k]:
                if self._cue_lemma(tok) and tok.i not in self.quoted:
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
        if tok.dep_ not in {"advcl", "parataxis"} or head.i < tok.i or self._cue_lemma(head):
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
            lemma = self._cue_lemma(tok)
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


def attribute(doc, resolver) -> list[Quote]:  # noqa: ANN001
    """All quotes of a parsed article, direct then reported, in text order, ids q1.."""
    att = Attributor(doc, resolver)
    direct = att.direct(quote_spans(att.text))
    quotes = sorted(direct + att.reported(direct), key=lambda q: (q.start, not q.direct))
    for i, q in enumerate(quotes, 1):
        q.id = f"q{i}"
    return quotes


__all__ = ["Mention", "Span", "attribute", "is_name_or_scare", "quote_spans"]
