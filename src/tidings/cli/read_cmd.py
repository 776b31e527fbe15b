"""``tidings read`` and ``tidings analyze``."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tidings.cli.output import resolve_format, warn
from tidings.schema import Article, ReadError


def _summary(article: Article, console: Console) -> None:
    console.rule(f"[bold]{article.title or '(no title)'}")
    fields = [
        ("id", article.id),
        ("source", article.source),
        ("publisher", article.publisher),
        ("byline", article.byline),
        ("dateline", article.dateline),
        ("published", article.published),
        ("date from", article.published_evidence.source if article.published_evidence else None),
        ("url", article.url),
        ("language", article.language),
        ("duplicate of", article.duplicate_of),
        ("tags", ", ".join(article.tags) or None),
        ("subheadings", " | ".join(article.subheadings) or None),
        ("paragraphs", str(len(article.paragraphs))),
    ]
    for key, value in fields:
        if value:
            console.print(f"[cyan]{key:>12}[/cyan]  {value}", highlight=False)
    if article.entities:
        names = ", ".join(f"{e.name} ({e.type})" for e in article.entities[:12])
        console.print(f"[cyan]{'entities':>12}[/cyan]  {names}", highlight=False)
    if article.quotes:
        console.print(f"[cyan]{'quotes':>12}[/cyan]  {len(article.quotes)}")
    for ev in article.events[:10]:
        src = "/".join(a.name for a in ev.source) or "?"
        tgt = "/".join(a.name for a in ev.target) or "?"
        console.print(
            f"[cyan]{'event':>12}[/cyan]  {src} {ev.type} {tgt} {ev.date or ''} ({ev.modality})",
            highlight=False,
        )
    for w in article.warnings:
        console.print(f"[yellow]{'warning':>12}[/yellow]  {w}", highlight=False)


def _emit(records: Iterator[Article | ReadError], fmt: str, progress: bool) -> int:
    failed = 0
    console = Console()
    out = sys.stdout
    prog = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not (progress and sys.stderr.isatty()),
        transient=True,
    )
    with prog:
        task = prog.add_task("articles", total=None)
        for rec in records:
            prog.advance(task)
            if isinstance(rec, ReadError):
                failed += 1
                warn(str(rec))
                continue
            for w in rec.warnings:
                warn(f"{rec.source}: {w}")
            if fmt == "jsonl":
                out.write(rec.model_dump_json(exclude_none=False) + "\n")
            elif fmt == "json":
                out.write(rec.model_dump_json(indent=2) + "\n")
            else:
                _summary(rec, console)
    return failed


_format_opt = click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "summary"]),
    default=None,
    help="Output format (default: summary on a terminal, jsonl when piped).",
)


@click.command("read")
@click.argument("paths", nargs=-1, required=True)
@_format_opt
@click.option("--progress/--no-progress", default=True, help="Progress bar on a terminal.")
@click.option(
    "--dedup/--no-dedup", default=True, help="Flag exact and near duplicates (duplicate_of)."
)
def read_command(paths: tuple[str, ...], fmt: str | None, progress: bool, dedup: bool) -> None:
    """Read articles (files, folders, globs, '-', JSONL dumps, WARC) into clean records.

    Formats are sniffed from content. One JSON object per article with --format jsonl (the
    default when piped); a readable summary on a terminal. Unreadable inputs get one warning
    line on stderr each, the batch goes on, and the exit status is 1 if anything failed.
    """
    from tidings.read import read_paths

    failed = _emit(read_paths(paths, dedup=dedup), resolve_format(fmt), progress)
    sys.exit(1 if failed else 0)


@click.command("analyze")
@click.argument("paths", nargs=-1, required=True)
@_format_opt
@click.option("--progress/--no-progress", default=True, help="Progress bar on a terminal.")
@click.option("--batch-size", default=32, show_default=True, help="Articles per spaCy batch.")
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Analysis processes (default: TIDINGS_WORKERS, one per core; 0: one per core). "
    "Results keep the input order; one batch of input is analysed in this process.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Keep only events whose confidence (a calibrated probability) is at least this.",
)
def analyze_command(
    paths: tuple[str, ...],
    fmt: str | None,
    progress: bool,
    batch_size: int,
    workers: int | None,
    min_confidence: float,
) -> None:
    """Read, understand and code articles: entities, quotes and events per article."""
    from tidings.pipeline import run

    if batch_size < 1:
        raise click.UsageError("--batch-size must be at least 1")
    _no_final_collection()
    records = run(paths, batch_size=batch_size, workers=workers)
    records = _confident(records, min_confidence)
    failed = _emit(records, resolve_format(fmt), progress)
    sys.exit(1 if failed else 0)


def _no_final_collection() -> None:
    """At exit, skip the interpreter's last garbage collections over the model and the knowledge
    base (about 0.35 s of CPU, a sixth of a one-article run): their objects are frozen
    (``gc.freeze``) once the command is done. Freed memory goes back with the process; stdout
    is flushed at exit as always, and analyze holds no other file or connection open."""
    import atexit
    import gc

    atexit.register(gc.freeze)


def _confident(
    records: Iterator[Article | ReadError], min_confidence: float
) -> Iterator[Article | ReadError]:
    """Each article with only the events at or above ``min_confidence``."""
    for rec in records:
        if isinstance(rec, Article) and min_confidence > 0:
            rec.events = [e for e in rec.events if e.confidence >= min_confidence]
        yield rec


def register(group: click.Group) -> None:
    group.add_command(read_command)
    group.add_command(analyze_command)
