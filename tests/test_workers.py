"""Analysis in worker processes: the same results as one process, in input order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings import pipeline, settings, workers
from tidings.cli import main
from tidings.read import read_paths
from tidings.schema import Article


def _corpus(shared: Path, n: int) -> list[Path]:
    return sorted((shared / "corpus" / "articles").glob("*.txt"))[:n]


def test_cli_analyze_two_workers_equal_one_in_input_order(shared: Path, tmp_path: Path) -> None:
    """Corpus articles in 3 batches: 2 worker processes print exactly what 1 process prints
    (entities, quotes, events), in the order of the inputs."""
    files = _corpus(shared, 6)
    args = ["analyze", *map(str, files), "--format", "jsonl", "--batch-size", "2"]
    one = CliRunner().invoke(main, [*args, "--workers", "1"])
    two = CliRunner().invoke(main, [*args, "--workers", "2"])
    assert one.exit_code == 0 and two.exit_code == 0, (one.output[-500:], two.output[-500:])
    arts = [Article.model_validate(json.loads(x)) for x in two.output.splitlines()]
    assert [a.source for a in arts] == [str(f) for f in files]
    assert sum(len(a.events) for a in arts) > 0 and sum(len(a.quotes) for a in arts) > 0
    assert one.output == two.output


def test_one_batch_is_analysed_in_this_process(
    shared: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`analyze one.txt` never pays for starting workers: one batch stays in process."""

    def no_pool(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("a worker pool was started for one batch")

    monkeypatch.setattr(workers, "pool", no_pool)
    arts = [a for a in read_paths(_corpus(shared, 2)) if isinstance(a, Article)]
    done = list(pipeline.process(arts, batch_size=32, workers=2))
    assert [a.source for a in done] == [a.source for a in arts]
    assert all(a.entities for a in done)


def test_workers_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """TIDINGS_WORKERS: 0 (the default) is one per core, a number is that many, -1 is refused."""
    assert settings.Settings.from_env({}).workers == 0
    assert workers.resolve(None) == workers.cpu_count()
    assert workers.resolve(3) == 3
    with settings.override(workers=2):
        assert workers.resolve(None) == 2
    with pytest.raises(ValueError, match="TIDINGS_WORKERS=.*at least 0"):
        settings.Settings.from_env({"TIDINGS_WORKERS": "-1"})
