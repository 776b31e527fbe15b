"""Shared output helpers: JSONL when piped, readable summaries or tables on a terminal."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

err_console = Console(stderr=True)


def resolve_format(fmt: str | None) -> str:
    """``None`` means auto: a readable summary on a terminal, JSONL when piped."""
    if fmt:
        return fmt
    return "summary" if sys.stdout.isatty() else "jsonl"


def table_format(fmt: str | None) -> str:
    """``None`` means auto for the query commands: a table on a terminal, JSONL when piped."""
    return fmt or ("table" if sys.stdout.isatty() else "jsonl")


def warn(message: str) -> None:
    """One-line warning on stderr (never breaks the JSONL on stdout)."""
    err_console.print(f"[yellow]warning:[/yellow] {message}", highlight=False, soft_wrap=True)


def emit(rows: list[dict[str, Any]], fmt: str, *, title: str | None = None) -> None:
    """Print rows as a table, a JSON array, JSON lines or CSV."""
    out = sys.stdout
    if fmt == "json":
        out.write(json.dumps(rows, indent=2, ensure_ascii=False, default=str) + "\n")
    elif fmt == "jsonl":
        out.writelines(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in rows)
    elif fmt == "csv":
        if rows:
            w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    else:
        console = Console()
        if not rows:
            console.print(f"[dim]no {title or 'rows'} found[/dim]")
            return
        table = Table(title=title, show_lines=False, highlight=False)
        for col in rows[0]:
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(*(Text("" if v is None else str(v)) for v in r.values()))
        console.print(table)
