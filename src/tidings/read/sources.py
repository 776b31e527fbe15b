"""Batches: expand paths (files, folders, globs, ``-``), sniff each, read, flag duplicates.

Errors never escape: each unreadable file or record is yielded as a :class:`ReadError` with one
line saying why, and the batch goes on. Containers (WARC by :mod:`tidings.read.warc`, JSONL
dumps) are streamed record by record whatever their size; any other file is one document.
"""

from __future__ import annotations

import glob
import gzip
import io
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from tidings.read import detect
from tidings.read.dedup import Deduper
from tidings.read.errors import MAX_BYTES, ReadFailure
from tidings.read.normalize import clean_line
from tidings.read.reader import read_bytes, read_dump_line, read_json_document, read_record
from tidings.read.warc import read_warc
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


def expand(inputs: Iterable[str | Path]) -> Iterator[Path | str]:
    """Files as given, folders recursively (hidden files, READMEs, licences and .tsv/.csv
    tables skipped), globs sorted, ``-`` as is."""
    for inp in inputs:
        s = str(inp)
        if s == "-":
            yield "-"
        elif Path(s).is_dir():
            root = Path(s)
            yield from sorted(
                p
                for p in root.rglob("*")
                if p.is_file()
                and _article_candidate(p)
                and not any(part.startswith(".") for part in p.relative_to(root).parts)
            )
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
        if detect.sniff(data[:65536]) not in {"text", "markdown"}:
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


def _jsonl(stream: io.BufferedIOBase, source: str) -> Iterator[Result]:
    for i, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        try:
            yield read_dump_line(raw, f"{source}#{i}")
        except ReadFailure as exc:
            yield ReadError(source=f"{source}#{i}", reason=exc.reason)


def _feed(data: bytes, source: str) -> Iterator[Result]:
    from tidings.read.feeds import feed_records

    n = 0
    for n, obj in enumerate(feed_records(data), 1):
        try:
            article = read_record(obj, f"{source}#{n}")
            article.format = "feed"
            yield article
        except ReadFailure as exc:
            yield ReadError(source=f"{source}#{n}", reason=exc.reason)
    if n == 0:
        yield ReadError(source=source, reason="feed or export with no items that carry text")


def _gunzip_head(raw: IO[bytes], size: int = 65536) -> bytes:
    """The first bytes inside a gzip stream, to sniff what it holds: as much as can be
    decompressed before a damaged member (a .warc.gz goes on after one); raises ReadFailure
    when nothing can."""
    head = b""
    try:
        with gzip.GzipFile(fileobj=raw) as stream:
            while len(head) < size and (chunk := stream.read1(size - len(head))):
                head += chunk
    except (EOFError, OSError, zlib.error) as exc:
        if not head:
            raise ReadFailure(f"truncated or corrupt gzip ({exc})") from None
    return head


def _sniff_file(path: Path) -> tuple[str, bool]:
    """(kind of content, gzipped?) from the first bytes, inside the gzip layer if there is one.

    A ``.warc.gz`` whose first member is damaged is still a WARC: its reader resumes after it."""
    with path.open("rb") as raw:
        head = raw.read(65536)
        if detect.sniff(head) != "gzip":
            return detect.sniff(head), False
        raw.seek(0)
        try:
            return detect.sniff(_gunzip_head(raw)), True
        except ReadFailure:
            if path.name.lower().endswith(".warc.gz"):
                return "warc", True
            raise


def _jsonl_file(path: Path, gzipped: bool) -> Iterator[Result]:
    """A JSONL(.gz) dump, streamed line by line; a broken gzip stream keeps the lines before."""
    src = str(path)
    try:
        with path.open("rb") as raw:
            stream = gzip.GzipFile(fileobj=raw) if gzipped else raw
            yield from _jsonl(stream, src)  # type: ignore[arg-type]
    except (EOFError, OSError, zlib.error) as exc:
        yield ReadError(
            source=src,
            reason=f"truncated or corrupt gzip ({exc}); records before the break were read",
        )


def _whole_file(path: Path, gzipped: bool) -> bytes:
    """A one-document file's bytes (gunzipped), within the size limit; raises ReadFailure."""
    if not gzipped:
        return path.read_bytes()
    try:
        with path.open("rb") as raw:
            data = gzip.GzipFile(fileobj=raw).read(MAX_BYTES + 1)
    except (EOFError, OSError, zlib.error) as exc:
        raise ReadFailure(f"truncated or corrupt gzip ({exc})") from None
    if len(data) > MAX_BYTES:
        raise ReadFailure("gzip expands beyond the 50 MB limit")
    return data


def _document(data: bytes, kind: str, source: str, boilerplate: frozenset[str]) -> Iterator[Result]:
    """A document read whole: a feed, a JSON record (or list), or one article."""
    if kind == "feed":
        yield from _feed(data, source)
    elif kind == "json":
        yield from read_json_document(data, source)
    else:
        yield read_bytes(data, source, boilerplate=boilerplate)


def _read_file(path: Path, boilerplate: frozenset[str]) -> Iterator[Result]:
    """One file. Containers (WARC, JSONL) are streamed whatever their size, one record at a
    time; any other file is one document, refused over the 50 MB limit."""
    src = str(path)
    if not path.exists():
        yield ReadError(source=src, reason="no such file")
        return
    size = path.stat().st_size
    if size == 0:
        yield ReadError(source=src, reason="empty file")
        return
    try:
        kind, gzipped = _sniff_file(path)
    except ReadFailure as exc:
        yield ReadError(source=src, reason=exc.reason)
        return
    if kind == "warc":
        with path.open("rb") as raw:
            yield from read_warc(raw, src)
        return
    if kind == "jsonl":
        yield from _jsonl_file(path, gzipped)
        return
    if size > MAX_BYTES:
        yield ReadError(source=src, reason=f"file is {size / 1e6:.0f} MB, over the 50 MB limit")
        return
    try:
        data = _whole_file(path, gzipped)
    except ReadFailure as exc:
        yield ReadError(source=src, reason=exc.reason)
        return
    yield from _document(data, kind, src, boilerplate)


def read_paths(inputs: Iterable[str | Path], *, dedup: bool = True) -> Iterator[Result]:
    """Read every file, folder, glob, ``-`` (stdin), JSONL(.gz) dump or WARC(.gz) given.

    Formats are sniffed from content. Articles come out in input order; duplicates (same
    body, or near-same by MinHash) carry ``duplicate_of``; failures come out as ReadError.
    """
    targets = list(expand(inputs))
    files = [t for t in targets if isinstance(t, Path) and t.is_file()]
    boilerplate = batch_boilerplate(files) if len(files) >= 4 else frozenset()
    deduper = Deduper() if dedup else None
    for target in targets:
        records = _stdin(boilerplate) if target == "-" else _read_file(Path(target), boilerplate)
        try:
            for rec in records:
                if deduper is not None and isinstance(rec, Article):
                    deduper.check(rec)
                yield rec
        except ReadFailure as exc:
            yield ReadError(source=str(target), reason=exc.reason)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            yield ReadError(source=str(target), reason=f"{type(exc).__name__}: {exc}")


def _stdin(boilerplate: frozenset[str]) -> Iterator[Result]:
    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        yield ReadError(source="-", reason="stdin larger than the 50 MB limit")
        return
    kind = detect.sniff(data[:65536])
    gzipped = kind == "gzip"
    if gzipped:
        try:
            kind = detect.sniff(_gunzip_head(io.BytesIO(data)))
        except ReadFailure as exc:
            yield ReadError(source="-", reason=exc.reason)
            return
    if kind == "warc":  # the WARC reader handles gzip members itself, and resumes after one
        yield from read_warc(io.BytesIO(data), "-")
        return
    if gzipped:
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as exc:
            yield ReadError(source="-", reason=f"truncated or corrupt gzip ({exc})")
            return
    if kind == "jsonl":
        yield from _jsonl(io.BytesIO(data), "-")
    else:
        yield from _document(data, kind, "-", boilerplate)
