"""Shared output helpers: JSONL when piped, readable summaries on a terminal."""

from __future__ import annotations

import sys

from rich.console import Console

err_console = Console(stderr=True)


def resolve_format(fmt: str | None) -> str:
    """``None`` means auto: a readable summary on a terminal, JSONL when piped."""
    if fmt:
        return fmt
    return "summary" if sys.stdout.isatty() else "jsonl"


def warn(message: str) -> None:
    """One-line warning on stderr (never breaks the JSONL on stdout)."""
    err_console.print(f"[yellow]warning:[/yellow] {message}", highlight=False, soft_wrap=True)
