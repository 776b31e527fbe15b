"""`tidings analyze` as a real process: its whole output arrives, whatever it skips at exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_analyze_process_writes_every_article_then_exits_cleanly(tmp_path: Path) -> None:
    """Two corpus articles through `python -m tidings analyze --format jsonl`, piped: two
    complete JSON records with entities, exit status 0 (the exit skips the final garbage
    collection, never the flush of stdout)."""
    files = sorted((SHARED / "corpus" / "articles").glob("*.txt"))[:2]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    proc = subprocess.run(
        [sys.executable, "-m", "tidings", "analyze", "--workers", "1", "--format", "jsonl"]
        + [str(f) for f in files],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-500:]
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert len(records) == 2
    assert all(r["entities"] for r in records)
