"""``tidings analyze`` and ``tidings.analyze``: entities and quotes reach the user."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import tidings
from tidings.cli import main
from tidings.schema import Article


def test_analyze_jsonl_has_entities_and_quotes(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(
        "Talks in Sochi\n\nThe Russian Foreign Minister, Sergei Lavrov, met reporters.\n\n"
        '"We are ready to talk," Lavrov said.\n',
        "utf-8",
    )
    bad = tmp_path / "missing.txt"
    result = CliRunner().invoke(main, ["analyze", str(f), str(bad), "--format", "jsonl"])
    assert result.exit_code == 1  # the missing file is reported, the batch went on
    line = next(x for x in result.output.splitlines() if x.startswith("{"))
    art = Article.model_validate(json.loads(line))
    lavrov = next(e for e in art.entities if e.name == "Sergei Lavrov")
    assert lavrov.actor_code == "RUSGOV"
    assert [(q.text, q.speaker) for q in art.quotes] == [("We are ready to talk", lavrov.id)]


def test_python_api_analyze_text() -> None:
    art = tidings.analyze("Title\n\nThe Kremlin rejected the offer, a spokesman said.\n")
    assert any(e.actor_code == "RUSGOV" for e in art.entities)
