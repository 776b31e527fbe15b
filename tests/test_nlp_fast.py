"""The fast attribute ruler gives spaCy's annotations, and changes nothing else of the parse."""

from __future__ import annotations

from pathlib import Path

from tidings.understand.nlp import ATTRIBUTES, load


def _rows(doc) -> list[tuple]:  # noqa: ANN001 - spacy Doc
    return [
        (t.text, t.lemma_, t.pos_, t.tag_, str(t.morph), t.dep_, t.head.i, t.ent_iob_,
         t.ent_type_, t.is_sent_start)
        for t in doc
    ]  # fmt: skip


def test_fast_attributes_equal_spacys_on_corpus_tokens(shared: Path) -> None:
    """Every token of corpus articles: the same lemma, POS, morphology, tag, parse and entities
    as with spaCy's own attribute ruler (same model, same texts); then again from the memo."""
    fast, stock = load(), load(fast=False)
    assert ATTRIBUTES in fast.pipe_names and "attribute_ruler" not in fast.pipe_names
    assert "attribute_ruler" in stock.pipe_names and ATTRIBUTES not in stock.pipe_names
    files = sorted((shared / "corpus" / "articles").glob("*.txt"))
    texts = [f.read_text("utf-8") for f in files[:16]]
    texts.append("Y'all gonna get it? There's no way, c'mon. Let's go, ain't it. He gets it.")
    n = 0
    for a, b in zip(fast.pipe(texts), stock.pipe(texts), strict=True):
        assert _rows(a) == _rows(b)
        n += len(a)
    assert n > 5_000
    assert [_rows(d) for d in fast.pipe(texts[:3])] == [_rows(d) for d in stock.pipe(texts[:3])]
