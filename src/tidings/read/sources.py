"""Batches: expand paths (files, folders, globs, ``-``), sniff each, read, flag duplicates.

Errors never escape: each unreadable file or record is yielded as a :class:`ReadError` with one
line saying why, and the batch goes on. Containers (WARC by :mod:`tidings.read.warc`, JSONL
dumps) are streamed record by record whatever their size; any other file is one document.
Every byte comes in through :mod:`tidings.read.streams` (bounded; the limits are settings);
opening and sniffing one input is :mod:`tidings.read.inputs`. Articles longer than the model
takes come out as sections (:mod:`tidings.read.sections`).
"""

from __future__ import annotations

import glob
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from tidings.read import detect
from tidings.read.dedup import Deduper
from tidings.read.errors import ReadFailure, one_line
from tidings.read.inputs import read_file, read_stdin
from tidings.read.normalize import clean_line
from tidings.read.sections import split_long
from tidings.schema import Article, ReadError

Result = Article | ReadError

# Inside a folder these are notes and tables that sit beside articles, never articles.
_SKIP_SUFFIXES = frozenset({".tsv", ".csv", ".py", ".pyc", ".db", ".sqlite", ".parquet", ".lock"})
_SKIP_STEMS = ("readme", "license", "licenses", "sources", "notice", "copying")


def _article_candidate(path: Path) -> bool:
    name = path.name.lower()
    if name.startswith(".") or path.suffix.lower() in _SKIP_SUFFIXES:
        return False
    return name.split(".")[0] not in _SKIP_STEMS


def _nothing_to_read(folder: Path) -> str:
    """Why a folder gave no files: empty, or only notes, tables and hidden files."""
    skipped = sum(1 for p in folder.rglob("*") if p.is_file())
    if not skipped:
        return "empty folder: nothing to read"
    return (
        f"folder with nothing to read: its {skipped} file(s) are hidden files, notes or tables "
        "(name a file to read it anyway)"
    )


def expand(inputs: Iterable[str | Path]) -> Iterator[Path | str]:
    """Files as given, folders recursively (hidden files, READMEs, licences and .tsv/.csv
    tables skipped), globs sorted, ``-`` as is. A folder with nothing to read is yielded
    itself, so that the reader reports it."""
    for inp in inputs:
        s = str(inp)
        if s == "-":
            yield "-"
        elif Path(s).is_dir():
            root = Path(s)
            found = sorted(
                p
                for p in root.rglob("*")
                if p.is_file()
                and _article_candidate(p)
                and not any(part.startswith(".") for part in p.relative_to(root).parts)
            )
            yield from found or [root]
        elif any(c in s for c in "*?[") and not Path(s).exists():
            matches = sorted(glob.glob(s, recursive=True))
            if not matches:
                yield Path(s)  # reported as missing
            yield from (Path(p) for p in matches if Path(p).is_file())
        else:
            yield Path(s)


def batch_boilerplate(paths: list[Path], *, edge: int = 12) -> frozenset[str]:
    """Lines near the top or bottom of many text files in a batch: the site's own chrome."""
    counts: Counter[str] = Counter()
    files = 0
    for path in paths:
        try:
            if path.stat().st_size > 1_000_000:
                continue
            data = path.read_bytes()
        except OSError:
            continue
        if detect.sniff(data[:65536], path.name) not in {"text", "markdown"}:
            continue
        text, _ = detect.decode(data)
        lines = [clean_line(x) for x in text.splitlines()]
        lines = [x for x in lines if x]
        files += 1
        counts.update(set(lines[:edge] + lines[-edge:]))
    if files < 4:
        return frozenset()
    need = max(3, int(0.3 * files))
    return frozenset(line for line, n in counts.items() if n >= need and len(line) < 200)


def read_paths(inputs: Iterable[str | Path], *, dedup: bool = True) -> Iterator[Result]:
    """Read every file, folder, glob, ``-`` (stdin), JSONL(.gz) dump or WARC(.gz) given.

    Formats are sniffed from content. Articles come out in input order; duplicates (same
    body, or near-same by MinHash) carry ``duplicate_of``; articles longer than the model
    takes come out as sections; failures come out as ReadError.
    """
    targets = list(expand(inputs))
    files = [t for t in targets if isinstance(t, Path) and t.is_file()]
    boilerplate = batch_boilerplate(files) if len(files) >= 4 else frozenset()
    deduper = Deduper() if dedup else None
    for target in targets:
        if isinstance(target, Path) and target.is_dir():
            yield ReadError(source=str(target), reason=_nothing_to_read(target))
            continue
        records = read_stdin(boilerplate) if target == "-" else read_file(Path(target), boilerplate)
        try:
            for rec in records:
                for part in split_long(rec) if isinstance(rec, Article) else [rec]:
                    if deduper is not None and isinstance(part, Article):
                        deduper.check(part)
                    yield part
        except ReadFailure as exc:
            yield ReadError(source=str(target), reason=exc.reason)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            yield ReadError(source=str(target), reason=one_line(exc))
