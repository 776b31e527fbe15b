"""Skeleton smoke tests: the package imports, the CLI runs, records round-trip as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tidings.cli import main
from tidings.schema import Article

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles"


def test_cli_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert "tidings" in result.output


def test_read_jsonl_roundtrip() -> None:
    path = sorted(SAMPLES.glob("*.txt"))[0]
    result = CliRunner().invoke(main, ["read", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.splitlines()[0])
    article = Article.model_validate(record)
    assert article.paragraphs and article.text.startswith(article.paragraphs[0])


def test_missing_file_reports_and_fails() -> None:
    result = CliRunner().invoke(main, ["read", "no/such/file.txt", "--format", "jsonl"])
    assert result.exit_code == 1
