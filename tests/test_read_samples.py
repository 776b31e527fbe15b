"""The demo set in samples/ reads cleanly: every file an article, titles and dates found."""

from __future__ import annotations

from pathlib import Path

from tidings.read import read_paths
from tidings.schema import Article

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_samples_read_without_errors() -> None:
    recs = list(read_paths([SAMPLES]))
    assert all(isinstance(r, Article) for r in recs), [
        r for r in recs if not isinstance(r, Article)
    ]
    sources = {r.source for r in recs}
    # READMEs, licences and the SOURCES table are notes beside the articles, not articles.
    assert not any(s.endswith((".md", ".tsv")) and "markdown-crawl" not in s for s in sources)
    assert 10 <= len(recs) <= 16
    for art in recs:
        assert art.title and art.published and art.paragraphs, art.source
        assert art.language == "en", art.source


def test_samples_flag_the_syndicated_copy() -> None:
    recs = [r for r in read_paths([SAMPLES / "pages" / "news-dump.jsonl"])]
    assert [r.duplicate_of is not None for r in recs] == [False, True, False]
    assert recs[1].duplicate_of == recs[0].id


def test_sample_attribution_beside_corpus_copies() -> None:
    table = (SAMPLES / "articles" / "SOURCES.tsv").read_text("utf-8").splitlines()
    listed = {row.split("\t")[1] for row in table[1:]}
    present = {p.name for p in (SAMPLES / "articles").glob("*.txt")}
    assert listed == present
    assert (SAMPLES / "articles" / "LICENSES.md").exists()
