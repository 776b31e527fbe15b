"""The pipeline's memory bounds: no article over the model's limit reaches spaCy, no spaCy batch
holds more characters than ``max_batch_chars``, and one oversized article never aborts a batch
(issue #14, finding 5: spaCy's E088 used to end ``tidings analyze`` with a traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings import pipeline, settings
from tidings.cli import main
from tidings.ingest import analyze_batch
from tidings.read import ReadFailure, read
from tidings.schema import Article, ReadError


def _articles(shared: Path, n: int) -> list[Article]:
    return [read(p) for p in sorted((shared / "corpus" / "articles").glob("*.txt"))[:n]]


def test_analyze_goes_on_past_a_long_article(tmp_path: Path, shared: Path) -> None:
    """The long article comes out as analysed sections, the files beside it as articles."""
    files = sorted((shared / "corpus" / "articles").glob("wn-*.txt"))[:6]
    bodies = [f.read_text().split("\n\n", 1)[1] for f in files]
    (tmp_path / "a-long.txt").write_text("A long report\n2021-03-02\n\n" + "\n\n".join(bodies))
    (tmp_path / "b-good.txt").write_text(files[0].read_text())
    with settings.override(max_article_chars=6000):
        result = CliRunner().invoke(main, ["analyze", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    recs = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    sources = [r["source"] for r in recs]
    assert sources[-1] == str(tmp_path / "b-good.txt")
    assert all(s.startswith(f"{tmp_path / 'a-long.txt'}#section-") for s in sources[:-1])
    assert len(sources) >= 4 and all(len(r["text"]) <= 6000 for r in recs)
    assert all(r["entities"] for r in recs)  # every section was analysed
    assert "Traceback" not in result.output


def test_an_article_over_the_limit_costs_only_itself(shared: Path) -> None:
    good, other = _articles(shared, 2)
    huge = other.model_copy(update={"text": other.text * 10, "source": "huge.txt"})
    with settings.override(max_article_chars=len(other.text) * 5):
        out = analyze_batch([good, huge, other])
        with pytest.raises(ReadFailure, match="over the .*-character limit for the language"):
            pipeline.analyze(huge)
    assert [type(r).__name__ for r in out] == ["Article", "ReadError", "Article"]
    assert isinstance(out[1], ReadError) and "TIDINGS_MAX_ARTICLE_CHARS" in out[1].reason
    assert out[0].entities and out[2].entities


def test_spacy_batches_hold_at_most_max_batch_chars(shared: Path, monkeypatch) -> None:
    """What ``understand_many`` gets, spaCy batch by spaCy batch, stays under the budget."""
    import tidings.understand

    real = tidings.understand.understand_many
    batches: list[list[int]] = []

    def spy(articles, *, batch_size: int = 32, with_docs: bool = False):  # noqa: ANN001, ANN202
        def counted():  # noqa: ANN202
            for k, article in enumerate(articles):
                if k % batch_size == 0:
                    batches.append([])
                batches[-1].append(len(article.text))
                yield article

        return real(counted(), batch_size=batch_size, with_docs=with_docs)

    monkeypatch.setattr(tidings.understand, "understand_many", spy)
    arts = _articles(shared, 10)
    budget = 2 * max(len(a.text) for a in arts)
    with settings.override(max_batch_chars=budget):
        done = list(pipeline.process(arts, batch_size=8, events=False))
    assert [a.id for a in done] == [a.id for a in arts]  # all of them, in order
    assert sum(map(len, batches)) == len(arts)
    assert all(sum(b) <= budget for b in batches)
    assert len(batches[0]) < 8  # the budget, not the batch size of 8, cut the first batch
