"""``tidings.spacy_cli``: importing tidings and analysing an article never imports spaCy's
command line (typer, weasel, httpx), and spaCy's command line still works when asked for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("spacy.cli", "weasel", "httpx", "typer")


def _run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600
    )
    return out.stdout.strip()


def test_analysis_imports_no_spacy_command_line(reference_article: Path) -> None:
    got = _run(
        "import sys, tidings\n"
        f"art = tidings.analyze({str(reference_article)!r})\n"
        "assert art.entities and art.events, 'a real analysis ran'\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    assert got == "[]"


def test_spacy_info_answers_from_the_real_module() -> None:
    got = _run(
        "import tidings, spacy, sys\n"
        "print(spacy.info()['spacy_version'] == spacy.__version__, "
        "hasattr(sys.modules['spacy.cli.info'], 'info_cli'))"
    )
    assert got == "True True"


def test_spacy_command_line_imported_in_full() -> None:
    got = _run(
        "import tidings, spacy\n"
        "from spacy.cli import info\n"
        "import spacy.cli, sys\n"
        "names = {c.name for c in spacy.cli.app.registered_commands}\n"
        "print('info' in names, hasattr(sys.modules['spacy.cli.info'], 'info_cli'), "
        "type(sys.modules['spacy.cli.info']).__name__)"
    )
    assert got == "True True module"
