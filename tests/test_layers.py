"""Who may import whom: the import graph of src/tidings, read from the source with ast (every
import statement, those inside functions included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "src" / "tidings"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PKG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a source file imports (``from a.b import c`` counts as ``a.b`` and
    ``a.b.c``: ``c`` may be a module)."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    here = _module_name(path).split(".")
    if path.name != "__init__.py":
        here = here[:-1]  # the package a relative import starts from
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                prefix = here[: len(here) - node.level + 1]
                base = ".".join([*prefix, base] if base else prefix)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((PKG / folder).rglob("*.py")) if folder else sorted(PKG.rglob("*.py"))


def _hits(imports: set[str], banned: tuple[str, ...]) -> list[str]:
    return sorted(m for m in imports if any(m == b or m.startswith(b + ".") for b in banned))


@pytest.mark.parametrize("path", _modules("store"), ids=lambda p: p.name)
def test_store_writes_rows_and_answers_queries_only(path: Path) -> None:
    """store/ never reads, understands, codes or orchestrates: data flows into it."""
    banned = (
        "tidings.read",
        "tidings.understand",
        "tidings.events",
        "tidings.pipeline",
        "tidings.ingest",
        "tidings.spark",
        "tidings.api",
        "tidings.web",
        "tidings.cli",
    )
    assert _hits(imports_of(path), banned) == []


def test_one_warc_reader() -> None:
    """Only tidings.read.warc parses WARC files (FastWARC or warcio)."""
    users = {_module_name(p) for p in _modules("") if _hits(imports_of(p), ("fastwarc", "warcio"))}
    assert users == {"tidings.read.warc"}


def test_the_checker_sees_imports() -> None:
    """The parser itself: relative, nested and aliased imports are all found."""
    found = imports_of(PKG / "spark" / "records.py")
    assert "tidings.read.warc" in found  # imported inside a function
    assert "tidings.store.rows" in found
    assert _hits(imports_of(PKG / "ingest.py"), ("tidings.store",))
