"""The verb patterns' word index (``events.lexicon._Anchors``) only saves time: on real corpus
verbs it drops no pattern that matches, keeps the group's order, and does drop most patterns."""

from __future__ import annotations

from pathlib import Path

from tidings.events import lexicon as lx
from tidings.events.when_where import clause_tokens
from tidings.understand.nlp import load


def _sides(tok) -> tuple[lx._Region, lx._Region]:  # noqa: ANN001 - the regions match_verb uses
    sub = [t for t in clause_tokens(tok) if t.i != tok.i] + lx._with_partner(tok)
    right = [t for t in sub if t.i > tok.i][:25]
    return lx._Region([t for t in sub if t.i < tok.i]), lx._Region(right)


def _matches(pat: lx.Pattern, left: lx._Region, right: lx._Region, lex: lx.Lexicon) -> bool:
    return all(lx._match_element(e, left, lex) is not None for e in pat.before) and all(
        lx._match_element(e, right, lex) is not None for e in pat.after
    )


def test_index_keeps_every_matching_pattern_in_order(shared: Path) -> None:
    lex = lx.lexicon()
    nlp = load()
    files = sorted((shared / "corpus" / "articles").glob("*.txt"))[:12]
    tried = kept = matched = 0
    for doc in nlp.pipe(f.read_text("utf-8") for f in files):
        for tok in doc:
            groups = lex.verb_groups.get(tok.lemma_.lower()) if tok.pos_ == "VERB" else None
            for group, _, _ in groups or ():
                left, right = _sides(tok)
                every = lex.group_patterns(group)
                kept_pats = lex.group_anchors(group).candidates(left.forms, right.forms)
                where = {id(p): k for k, p in enumerate(every)}
                order = [where[id(p)] for p in kept_pats]
                assert order == sorted(order), group
                hits = [p for p in every if _matches(p, left, right, lex)]
                assert set(map(id, hits)) <= set(map(id, kept_pats)), (tok.text, group)
                tried, kept, matched = (
                    tried + len(every),
                    kept + len(kept_pats),
                    matched + len(hits),
                )
    assert matched > 50  # the check saw real matches (Phoenix and ours)
    assert kept < tried / 4  # and the index drops most patterns unread


def test_pattern_without_anchor_word_is_always_tried() -> None:
    lex = lx.lexicon()
    pats = [
        lx.parse_pattern("* &NO_SUCH_SET", "042", "test"),
        lx.parse_pattern("* (ON)", "043", "t"),
    ]
    index = lx._Anchors(pats, lex)
    assert index.candidates(set(), set()) == [pats[0]]
    assert index.candidates(set(), {"on"}) == pats
    assert index.candidates({"on"}, set()) == [pats[0]]  # "on" left of the verb: not this side
