"""Interviews: question-and-answer articles, whose answers are the interviewee's words.

An article is an interview when its title or opening says so ("Wikinews interviews X", "An
interview with X", "X tells Wikinews", "Q&A") and its paragraphs alternate questions (a
paragraph ending in "?", or labelled "Q:") with answers; or when its paragraphs carry speaker
labels ("Q:"/"A:", "Name:"). Each answer paragraph, up to the next question, is a turn of the
interviewee: the person a label names, else the person the title (or, failing that, the opening
before the first question) names. The interviewer's questions are nobody's quotation.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tidings.understand.marks import paragraph_spans

if TYPE_CHECKING:
    from tidings.understand.entities import Resolver

_INTERVIEW = re.compile(
    r"\binterview(s|ed|ing)?\b|\bQ\s?&\s?A\b|\btells? \w+ about\b|\bspoke (with|to)\b|"
    r"\btalks? (with|to)\b|\bin conversation with\b",
    re.I,
)
_QUESTION_LABEL = re.compile(r"^\s*(Q|Question|Interviewer|Wikinews|WN)\s*[:.-]\s+", re.I)
_ANSWER_LABEL = re.compile(r"^\s*(A|Answer)\s*[:.-]\s+")
_NAME_LABEL = re.compile(r"^\s*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})\s*:\s+")
#: paragraphs of the lead that may say an article is an interview
_LEAD_PARAGRAPHS = 4
#: a question paragraph is short; longer ones ending in "?" are answers that ask back
_MAX_QUESTION_WORDS = 80


#: the interviewee a title names after a description the NER did not take for a person:
#: "Wikinews interviews Israeli mathematician and writer Aner Shalev" (a lower-case word, then
#: two to four capitalised words that end the title or its object: "..., of", "on", "about")
_TITLE_NAME = re.compile(
    r"(?i:\binterview(?:s|ed)?\b)[^:]*?\b(?!(?:the|of|on|about|with|for|in|at|to|an?|and)\b)"
    r"[a-z][\w-]+ ((?:[A-Z][\w.'’-]* ){1,3}[A-Z][\w'’-]+)(?=$|,| of | on | about | and | in )"
)


def _is_question(par: str) -> bool:
    text = par.strip()
    if _QUESTION_LABEL.match(text):
        return True
    if text[:1] in "\"“‘'«" or len(text.split()) > _MAX_QUESTION_WORDS:
        return False
    return text.rstrip("\"”’' ").endswith("?")


def _is_caption(par: str) -> bool:
    """Image captions and credits between the turns ("Robert Sarvis. Image: ..."), and
    section headings ("On NATO"): short, without a sentence's final mark."""
    if re.search(r"\b(Image|Photo|Video|Audio)\s*:", par, re.I):
        return True
    if re.match(r"\s*(Ed\.|Editor'?s note|Note)\s*:", par, re.I):
        return True  # an editor's note between the turns
    text = par.strip()
    return len(text.split()) <= 8 and text[-1:] not in ".!?\"”’'"


class Interview:
    """The turns of one interview article: (start, end, entity id) of each answer."""

    def __init__(self, res: Resolver, title: str | None) -> None:
        self.res = res
        self.title = title or ""
        self.text = res.text
        self.paras = paragraph_spans(self.text)

    def _people(self) -> list[tuple[str, set[str]]]:
        """(entity id, name forms) of the article's people."""
        out = []
        for ci in self.res.order:
            cl = self.res.clusters[ci]
            if cl.type == "PERSON":
                forms = {m.text for m in cl.mentions if m.kind in {"name", "surname"}}
                out.append((self.res.ids[ci], forms | {cl.name}))
        return out

    def _named(self, text: str) -> str | None:
        """The person whose name (or surname) ``text`` holds first."""
        best: tuple[int, str] | None = None
        for eid, forms in self._people():
            for f in forms:
                at = re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", text)
                if at and (best is None or at.start() < best[0]):
                    best = (at.start(), eid)
        return best[1] if best else None

    def _title_name(self) -> str | None:
        """The interviewee a title names when no person entity holds the name: the name as
        written ("... mathematician and writer Aner Shalev")."""
        m = _TITLE_NAME.search(self.title)
        return m.group(1) if m else None

    def _label(self, par: str) -> str | None:
        m = _NAME_LABEL.match(par)
        if not m or _QUESTION_LABEL.match(par):
            return None
        return self._named(m.group(1))

    def turns(self) -> list[tuple[int, int, str | None, str | None]]:
        """The answer paragraphs and their speaker (entity id, else None; and a name only
        when the title names the interviewee the NER missed); [] when no interview."""
        kinds = []
        for a, b in self.paras:
            par = self.text[a:b]
            kind = "q" if _is_question(par) else "c" if _is_caption(par) else "p"
            if kind != "c" and (_ANSWER_LABEL.match(par) or self._label(par)):
                kind = "a"
            kinds.append(kind)
        qs = [i for i, k in enumerate(kinds) if k == "q"]
        first_q = qs[0] if qs else len(kinds) - 1
        # the lead says so: the title or the paragraphs before the first question, at most
        # the first few ("... spoke to ..." deep inside a feature story is no interview)
        lead = self.text[: self.paras[min(first_q, _LEAD_PARAGRAPHS)][0]]
        said = _INTERVIEW.search(self.title) or _INTERVIEW.search(lead)
        # speaker labels ("Name: ...") with a question or the lead's word: a list of names
        # and charges, or a box score's "Thunder: ...", is no interview
        labelled = kinds.count("a") >= 2 and (bool(qs) or bool(said))
        answered = [i for i in qs if i + 1 < len(kinds) and kinds[i + 1] in {"p", "a"}]
        shape = len(answered) >= 3 and len(qs) * 4 >= len(kinds) - first_q
        if not labelled and not (said and len(answered) >= 2) and not shape:
            return []
        who = self._named(self.title)
        written = None if who else self._title_name()
        if not (who or written):
            who = self._named(self.text[: self.paras[first_q][0]])
        out = []
        after_question = False
        for i, ((a, b), kind) in enumerate(zip(self.paras, kinds, strict=True)):
            if kind == "q":
                after_question = True
                continue
            if kind == "c" or not (after_question or kind == "a"):
                continue
            par = self.text[a:b]
            speaker = self._label(par) or who
            label = _ANSWER_LABEL.match(par) or _NAME_LABEL.match(par) if kind == "a" else None
            start = a + (label.end() if label else 0)
            if (speaker or written) and i > 0:
                out.append((start, b, speaker, None if speaker else written))
        return out


__all__ = ["Interview"]
