"""Shared test fixtures. ``../shared`` (reference article, corpus, gold) sits beside the repo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIDINGS_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """Path of ../shared; fails loudly (never skips) when it is absent."""
    if not (SHARED / "README.md").exists():
        pytest.fail(f"../shared is absent (looked in {SHARED}); set TIDINGS_SHARED to its path")
    return SHARED


@pytest.fixture(scope="session")
def reference_article(shared: Path) -> Path:
    return shared / "reference" / "7dnews-pompeo-lavrov-2019-05-14.txt"


# Store fixtures: PostgreSQL throwaway cluster + parametrised ``db_url``; analyzed articles.
pytest_plugins = ["pg", "store_corpus"]


@pytest.fixture(autouse=True)
def _fresh_settings():  # noqa: ANN202 - generator fixture
    """Settings are read from the environment once per process; no test leaks its own."""
    from tidings import settings

    yield
    settings.reset()
