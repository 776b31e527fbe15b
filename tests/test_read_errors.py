"""Bad input: one clear line naming the file and the reason, and the batch goes on."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.read import ReadFailure, read, read_paths
from tidings.schema import Article, ReadError

GOOD = (
    "Council approves flood barrier funding\n2021-03-02\n\n"
    "The city council approved funding for a new flood barrier on Tuesday after two winters "
    "of damaging floods along the river.\n\n"
    "Work is due to start in the spring and finish within three years, officials said.\n"
)


def _batch(tmp_path: Path) -> dict[str, Path]:
    files = {
        "good": tmp_path / "a-good.txt",
        "empty": tmp_path / "b-empty.txt",
        "binary": tmp_path / "c-binary.txt",
        "latin1": tmp_path / "d-latin1.txt",
        "huge": tmp_path / "e-huge.txt",
        "nohtml": tmp_path / "f-nav.html",
        "cutgz": tmp_path / "g-cut.txt.gz",
        "blank": tmp_path / "h-blank.txt",
    }
    files["good"].write_text(GOOD, "utf-8")
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    files["latin1"].write_bytes(GOOD.replace("council", "Conseil général").encode("cp1252"))
    with files["huge"].open("wb") as fh:  # sparse: 51 MB on paper, nothing to read
        fh.truncate(51 * 1024 * 1024)
    files["nohtml"].write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    data = gzip.compress((GOOD * 50).encode("utf-8"))
    files["cutgz"].write_bytes(data[: len(data) // 2])
    files["blank"].write_text("\n\n   \n")
    return files


def test_each_bad_file_gets_a_reason(tmp_path: Path) -> None:
    files = _batch(tmp_path)
    recs = {Path(r.source).name: r for r in read_paths([tmp_path])}
    assert isinstance(recs["a-good.txt"], Article)
    reasons = {name: r.reason for name, r in recs.items() if isinstance(r, ReadError)}
    assert reasons["b-empty.txt"] == "empty file"
    assert "binary" in reasons["c-binary.txt"]
    assert "over the 50 MB limit" in reasons["e-huge.txt"]
    assert "no article text" in reasons["f-nav.html"]
    assert "truncated" in reasons["g-cut.txt.gz"]
    assert reasons["h-blank.txt"] == "empty file"
    latin = recs["d-latin1.txt"]
    assert isinstance(latin, Article)
    assert any("not valid UTF-8" in w for w in latin.warnings)
    assert "Conseil général" in latin.text  # decoded right, not mojibake
    assert len(recs) == len(files)


def test_missing_file_and_glob(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(GOOD, "utf-8")
    recs = list(
        read_paths([tmp_path / "nope.txt", str(tmp_path / "*.txt"), str(tmp_path / "*.none")])
    )
    assert isinstance(recs[0], ReadError) and recs[0].reason == "no such file"
    assert isinstance(recs[1], Article)
    assert isinstance(recs[2], ReadError)


def test_cli_batch_goes_on_and_exit_status(tmp_path: Path) -> None:
    _batch(tmp_path)
    result = CliRunner().invoke(main, ["read", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 1
    out = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert {Path(r["source"]).name for r in out} == {"a-good.txt", "d-latin1.txt"}
    warnings = [x for x in result.stderr.splitlines() if x.startswith("warning:")]
    assert any("e-huge.txt" in w and "50 MB" in w for w in warnings)
    assert all(len(w.splitlines()) == 1 for w in warnings)


def test_cli_all_good_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    result = CliRunner().invoke(main, ["read", str(tmp_path / "a.txt"), "--format", "summary"])
    assert result.exit_code == 0
    assert "Council approves flood barrier funding" in result.stdout


def test_folder_walk_skips_notes_and_hidden(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(GOOD, "utf-8")
    (tmp_path / "README.md").write_text("# Notes\n\nThese are notes about the folder.\n")
    (tmp_path / "SOURCES.tsv").write_text("id\tfile\n1\tstory.txt\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text(GOOD, "utf-8")
    recs = list(read_paths([tmp_path]))
    assert [Path(r.source).name for r in recs] == ["story.txt"]
    named = list(read_paths([tmp_path / "README.md"]))  # named explicitly: read anyway
    assert len(named) == 1


def test_read_missing_path_raises() -> None:
    with pytest.raises(ReadFailure, match="no such file"):
        read("no/such/story.txt")
