"""Packaged data files (ontology tables, dictionaries, cue lists): one loader for the package.

Everything tidings needs at run time lives in ``tidings/data/<folder>/<file>`` and is installed
as package data. Modules ask this loader for it rather than building paths themselves, so a
data file is found the same way in a checkout, a wheel and a Spark worker.

    from tidings import datafiles
    datafiles.tsv("verbs", "tidings_verbs.tsv")        # rows, comments and blank lines skipped
    datafiles.csv_rows("ontology", "plover_event_types.csv")
"""

from __future__ import annotations

import csv
import gzip
from importlib import resources
from pathlib import Path

PACKAGE = "tidings"


def path(folder: str, name: str) -> Path:
    """The file ``tidings/data/<folder>/<name>`` (it must exist)."""
    p = Path(str(resources.files(PACKAGE).joinpath("data", folder, name)))
    if not p.is_file():
        raise FileNotFoundError(f"packaged data file missing: tidings/data/{folder}/{name}")
    return p


def text(folder: str, name: str) -> str:
    """The whole file as text (``.gz`` files are decompressed)."""
    p = path(folder, name)
    if p.suffix == ".gz":
        return gzip.decompress(p.read_bytes()).decode("utf-8")
    return p.read_text("utf-8")


def lines(folder: str, name: str) -> list[str]:
    """Non-empty lines that are not ``#`` comments, trailing newline removed."""
    return _lines(text(folder, name))


def tsv(folder: str, name: str) -> list[list[str]]:
    """Tab-separated rows of a data file, comments and blank lines skipped."""
    return [line.split("\t") for line in lines(folder, name)]


def tsv_file(p: Path) -> list[list[str]]:
    """Tab-separated rows of a user's file (same rules as :func:`tsv`)."""
    return [line.split("\t") for line in _lines(Path(p).read_text("utf-8"))]


def csv_rows(folder: str, name: str) -> list[dict[str, str]]:
    """A CSV data file with a header line, as dicts."""
    with path(folder, name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _lines(content: str) -> list[str]:
    return [ln.rstrip("\r") for ln in content.splitlines() if ln.strip() and not ln.startswith("#")]


__all__ = ["csv_rows", "lines", "path", "text", "tsv", "tsv_file"]
