"""GUM gold (``../shared/gold/gum``) aligned to the text tidings reads: coreference and interviews.

A test and benchmark helper (not part of the package). The GUM CoNLL-U files hold gold entity
mentions with coreference chains (pronouns included) and, for interviews, the speaker of every
paragraph. tidings reads the rendered texts (``tools/gum_to_text.py``: the corpus file for the
news documents that are corpus articles, ``benchmarks/gold/texts/<doc>.txt`` otherwise); this
module maps every GUM token to its character offsets in that Article's ``text`` (sentences are
found in order, tokens in order inside them; the title and the dropped date line align to
nothing). GUM's own train/dev/test split (``splits.tsv``) is the split used here.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from gold_loader import ROOT, corpus_article
from tidings.schema import Article

#: third-person singular pronouns that stand for a person
PERSON_PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}


@dataclass
class Token:
    form: str
    upos: str
    span: tuple[int, int] | None = None  # character offsets in Article.text


@dataclass
class Mention:
    chain: str
    etype: str
    first: int  # token indices (document-wide), inclusive
    last: int


@dataclass
class Paragraph:
    speaker: str | None
    first: int  # first token index
    last: int


@dataclass
class GumDoc:
    doc: str
    article: Article
    tokens: list[Token] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)

    def char_span(self, first: int, last: int) -> tuple[int, int] | None:
        """Character span of tokens ``first..last`` (None when not in the text)."""
        a, b = self.tokens[first].span, self.tokens[last].span
        return (a[0], b[1]) if a and b else None


def gum_splits(shared: Path) -> dict[str, str]:
    """GUM document -> train | dev | test (GUM's own split)."""
    with (shared / "gold" / "gum" / "splits.tsv").open(encoding="utf-8", newline="") as fh:
        return {r["doc"]: r["split"] for r in csv.DictReader(fh, delimiter="\t")}


def _corpus_ids(shared: Path) -> dict[str, str]:
    """GUM document -> corpus article id, for the news documents that are corpus articles."""
    text = (shared / "corpus" / "SOURCES.tsv").read_text("utf-8")
    return {gum: cid for cid, gum in re.findall(r"^(\S+)\t.*?dep/(GUM_\w+)\.conllu", text, re.M)}


def gum_article(doc: str, shared: Path) -> Article:
    """The Article tidings reads for a GUM document."""
    cid = _corpus_ids(shared).get(doc)
    if cid:
        return corpus_article(shared / "corpus" / "articles" / f"{cid}.txt")
    return corpus_article(ROOT / "benchmarks" / "gold" / "texts" / f"{doc}.txt")


def _entity_marks(value: str) -> list[tuple]:
    """('open', chain, type, closes-at-once) / ('close', chain) in one Entity= value."""
    out: list[tuple] = []
    i = 0
    while i < len(value):
        if value[i] == "(":
            j = i + 1
            while j < len(value) and value[j] not in "()":
                j += 1
            fields = value[i + 1 : j].split("-")
            single = j < len(value) and value[j] == ")"
            out.append(("open", fields[0], fields[1] if len(fields) > 1 else "", single))
            i = j + 1 if single else j
            continue
        m = re.match(r"(\d+)\)", value[i:])
        if m:
            out.append(("close", m.group(1)))
            i += m.end()
        else:
            i += 1
    return out


def load_gum(doc: str, shared: Path) -> GumDoc:
    """Tokens (aligned), entity mentions and speaker paragraphs of one GUM document."""
    gd = GumDoc(doc, gum_article(doc, shared))
    text = gd.article.text
    cursor = 0
    open_: dict[str, list[tuple[int, str]]] = {}
    speaker: str | None = None
    sent_text = ""
    lines = (shared / "gold" / "gum" / "conllu" / f"{doc}.conllu").read_text("utf-8").splitlines()
    sent_toks: list[int] = []

    def flush() -> None:
        nonlocal cursor
        if not sent_toks:
            return
        at = text.find(sent_text, cursor)
        if at >= 0:
            pos = at
            for ti in sent_toks:
                k = text.find(gd.tokens[ti].form, pos, at + len(sent_text))
                if k >= 0:
                    gd.tokens[ti].span = (k, k + len(gd.tokens[ti].form))
                    pos = k + len(gd.tokens[ti].form)
            cursor = at + len(sent_text)
        sent_toks.clear()

    for line in lines:
        if line.startswith("# newpar_block"):
            who = re.search(r'sp who:::"#([^"]+)"', line)
            speaker = who.group(1) if who else None
            gd.paragraphs.append(Paragraph(speaker, len(gd.tokens), len(gd.tokens) - 1))
        elif line.startswith("# text = "):
            flush()
            sent_text = line[len("# text = ") :]
        elif line and not line.startswith("#"):
            cols = line.split("\t")
            if not cols[0].isdigit():
                continue  # multi-word token line ("I've"); its parts follow
            ti = len(gd.tokens)
            gd.tokens.append(Token(cols[1], cols[3]))
            sent_toks.append(ti)
            if gd.paragraphs:
                gd.paragraphs[-1].last = ti
            ent = next((f[7:] for f in cols[9].split("|") if f.startswith("Entity=")), "")
            for mark in _entity_marks(ent):
                if mark[0] == "open":
                    if mark[3]:
                        gd.mentions.append(Mention(mark[1], mark[2], ti, ti))
                    else:
                        open_.setdefault(mark[1], []).append((ti, mark[2]))
                elif open_.get(mark[1]):
                    first, etype = open_[mark[1]].pop()
                    gd.mentions.append(Mention(mark[1], etype, first, ti))
    flush()
    return gd


def person_pronouns(gd: GumDoc) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """Every third-person singular pronoun GUM links to a named person: (its character span,
    the character spans of the chain's mentions that hold a proper name)."""
    named: dict[str, list[tuple[int, int]]] = {}
    for m in gd.mentions:
        if m.etype != "person" or m.last - m.first > 6:
            continue
        if any(gd.tokens[i].upos == "PROPN" for i in range(m.first, m.last + 1)):
            span = gd.char_span(m.first, m.last)
            if span:
                named.setdefault(m.chain, []).append(span)
    out = []
    for m in gd.mentions:
        tok = gd.tokens[m.first]
        if m.first != m.last or m.etype != "person" or tok.form.lower() not in PERSON_PRONOUNS:
            continue
        if tok.span and named.get(m.chain):
            out.append((tok.span, named[m.chain]))
    return out


def speaker_turns(gd: GumDoc) -> list[tuple[tuple[int, int], str, bool]]:
    """Interview turns: (character span of the paragraph, GUM speaker id, whether the speaker
    is the interviewer: the one whose paragraphs end in a question most often)."""
    turns = [p for p in gd.paragraphs if p.speaker]
    asks: dict[str, list[bool]] = {}
    for p in turns:
        asks.setdefault(p.speaker, []).append(gd.tokens[p.last].form == "?")
    interviewer = max(asks, key=lambda s: sum(asks[s]) / len(asks[s])) if asks else None
    out = []
    for p in turns:
        span = gd.char_span(p.first, p.last)
        if span:
            out.append((span, p.speaker, p.speaker == interviewer))
    return out


def same_speaker(gum_id: str, name: str | None) -> bool:
    """A GUM speaker id ("ChristopherHill", "MarioJLucero", "Bill") names this person."""
    if not name:
        return False
    squashed = re.sub(r"[^\w]", "", name).lower()
    gid = gum_id.lower()
    words = [re.sub(r"[^\w]", "", w).lower() for w in name.split()]
    return squashed == gid or gid in words or squashed.endswith(gid) or gid.endswith(squashed)


__all__ = [
    "GumDoc",
    "gum_article",
    "gum_splits",
    "load_gum",
    "person_pronouns",
    "same_speaker",
    "speaker_turns",
]
