"""Minimal reader (skeleton): plain text and HTML. The full reader replaces this module's internals."""

from __future__ import annotations

import glob
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from tidings.read.normalize import article_id, clean_line
from tidings.schema import Article, ReadError

MAX_BYTES = 50 * 1024 * 1024


def _from_text(text: str, source: str) -> Article:
    lines = [clean_line(x) for x in text.splitlines()]
    blocks: list[str] = [x for x in lines if x]
    title = blocks[0] if blocks else None
    paragraphs = blocks[1:]
    return Article(
        id=article_id(paragraphs),
        source=source,
        format="text",
        title=title,
        paragraphs=paragraphs,
        text="\n\n".join(paragraphs),
    )


def _from_html(html: str, source: str) -> Article:
    import trafilatura

    body = trafilatura.extract(html) or ""
    meta = trafilatura.extract_metadata(html)
    paragraphs = [clean_line(p) for p in body.split("\n") if clean_line(p)]
    return Article(
        id=article_id(paragraphs),
        source=source,
        format="html",
        title=meta.title if meta else None,
        publisher=meta.sitename if meta else None,
        published=meta.date if meta else None,
        paragraphs=paragraphs,
        text="\n\n".join(paragraphs),
    )


def read(source: str | Path | bytes, *, format: str | None = None) -> Article:
    """Read one article from a path, or from raw text/HTML given as str or bytes."""
    name = "<string>"
    if isinstance(source, Path) or (
        isinstance(source, str) and "\n" not in source and Path(source).is_file()
    ):
        name = str(source)
        data = Path(source).read_bytes()
    elif isinstance(source, bytes):
        data = source
    else:
        data = str(source).encode("utf-8")
    text = data.decode("utf-8", errors="replace")
    if format == "html" or (format is None and "<html" in text[:2000].lower()):
        return _from_html(text, name)
    return _from_text(text, name)


def read_record(obj: dict, source: str) -> Article:
    """One dump record (JSONL line, Parquet row): fields url, title, text or html, date, ..."""
    if obj.get("html"):
        art = _from_html(obj["html"], source)
    else:
        art = _from_text(f"{obj.get('title', '')}\n\n{obj.get('text', '')}", source)
    art.url = obj.get("url")
    art.format = "jsonl"
    return art


def _expand(inputs: Iterable[str | Path]) -> Iterator[Path | str]:
    for inp in inputs:
        s = str(inp)
        if s == "-":
            yield "-"
        elif Path(s).is_dir():
            yield from sorted(p for p in Path(s).rglob("*") if p.is_file())
        elif any(c in s for c in "*?["):
            yield from (Path(p) for p in sorted(glob.glob(s, recursive=True)))
        else:
            yield Path(s)


def read_paths(inputs: Iterable[str | Path]) -> Iterator[Article | ReadError]:
    """Read every file, folder, glob, ``-`` (stdin) or JSONL dump; errors are yielded, not raised."""
    for path in _expand(inputs):
        if path == "-":
            yield read(sys.stdin.read())
            continue
        try:
            if not path.exists():
                yield ReadError(source=str(path), reason="no such file")
                continue
            if path.stat().st_size > MAX_BYTES:
                yield ReadError(source=str(path), reason="file larger than 50 MB")
                continue
            if path.suffix == ".jsonl":
                for i, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                    yield read_record(json.loads(line), f"{path}#{i}")
                continue
            yield read(path)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            yield ReadError(source=str(path), reason=f"{type(exc).__name__}: {exc}")
