"""One typed settings object: read once from the environment, documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings import settings
from tidings.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_and_environment() -> None:
    s = Settings.from_env({})
    assert s.db == "tidings.db" and s.nlp_processes == 1 and s.kb_user is None
    s = Settings.from_env({"TIDINGS_NLP_PROCESSES": "2", "TIDINGS_KB_USER": "~/kb.tsv"})
    assert s.nlp_processes == 2 and s.kb_user == Path("~/kb.tsv").expanduser()


@pytest.mark.parametrize(
    ("env", "value", "message"),
    [
        ("TIDINGS_NLP_PROCESSES", "two", "not a whole number"),
        ("TIDINGS_NLP_PROCESSES", "0", "at least 1"),
        ("TIDINGS_WARC", "zip", "fastwarc"),
    ],
)
def test_bad_value_names_its_variable(env: str, value: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"{env}=.*{message}"):
        Settings.from_env({env: value})


def test_override_is_scoped() -> None:
    before = settings.get_settings().model
    with settings.override(model="x_model") as s:
        assert s.model == "x_model" and settings.get_settings().model == "x_model"
    assert settings.get_settings().model == before


def test_readme_documents_every_setting() -> None:
    """The README's settings table is exactly :func:`tidings.settings.table`."""
    readme = (ROOT / "README.md").read_text("utf-8")
    assert settings.table() in readme, "README settings table differs from tidings.settings.table()"
