"""Batches: expand paths (files, folders, globs, ``-``), sniff each, read, flag duplicates.

Errors never escape: each unreadable file or record is yielded as a :class:`ReadError` with one
line saying why, and the batch goes on.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import sys
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from tidings.read import detect
from tidings.read.dedup import Deduper
from tidings.read.errors import MAX_BYTES, MAX_RECORD_BYTES, ReadFailure
from tidings.read.html import read_html
from tidings.read.normalize import clean_line
from tidings.read.reader import finish, read_bytes, read_json_document, read_record
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
        where = f"{source}#{i}"
        try:
            if len(raw) > MAX_RECORD_BYTES:
                raise ReadFailure("record larger than 20 MB")
            obj = json.loads(raw.decode("utf-8", errors="replace"))
            yield read_record(obj, where)
        except json.JSONDecodeError as exc:
            yield ReadError(source=where, reason=f"not valid JSON ({exc.msg})")
        except ReadFailure as exc:
            yield ReadError(source=where, reason=exc.reason)


def _warc(stream: io.BufferedIOBase, source: str) -> Iterator[Result]:
    from tidings.read.warc import html_responses

    n = 0
    for n, (uri, when, body) in enumerate(html_responses(stream), 1):
        where = f"{source}#{n}"
        try:
            if len(body) > MAX_RECORD_BYTES:
                raise ReadFailure("record larger than 20 MB")
            text, warnings = detect.decode(body)
            article = read_html(text, uri or where, url=uri or None, crawl_time=when, fmt="warc")
            yield finish(article, warnings)
        except ReadFailure as exc:
            yield ReadError(source=f"{where} {uri}".strip(), reason=exc.reason)
    if n == 0:
        yield ReadError(source=source, reason="WARC file with no HTML response records")


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


def _open_stream(path: Path) -> io.BufferedIOBase:
    raw = path.open("rb")
    if raw.read(2) == detect.GZIP_MAGIC:
        raw.seek(0)
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    raw.seek(0)
    return raw


def _read_file(path: Path, boilerplate: frozenset[str]) -> Iterator[Result]:
    src = str(path)
    if not path.exists():
        yield ReadError(source=src, reason="no such file")
        return
    size = path.stat().st_size
    if size > MAX_BYTES:
        yield ReadError(source=src, reason=f"file is {size / 1e6:.0f} MB, over the 50 MB limit")
        return
    if size == 0:
        yield ReadError(source=src, reason="empty file")
        return
    with path.open("rb") as fh:
        head = fh.read(65536)
    kind = detect.sniff(head)
    if kind == "gzip":
        try:
            with _open_stream(path) as stream:
                inner = stream.read(65536)
        except (EOFError, OSError, zlib.error) as exc:
            yield ReadError(source=src, reason=f"truncated or corrupt gzip ({exc})")
            return
        kind = detect.sniff(inner)
        if kind not in {"jsonl", "warc"}:  # one document inside: read it whole
            try:
                with _open_stream(path) as stream:
                    data = stream.read(MAX_BYTES + 1)
            except (EOFError, OSError, zlib.error) as exc:
                yield ReadError(source=src, reason=f"truncated or corrupt gzip ({exc})")
                return
            if len(data) > MAX_BYTES:
                yield ReadError(source=src, reason="gzip expands beyond the 50 MB limit")
                return
            if kind == "feed":
                yield from _feed(data, src)
            elif kind == "json":
                yield from read_json_document(data, src)
            else:
                yield read_bytes(data, src, boilerplate=boilerplate)
            return
    if kind in {"jsonl", "warc"}:
        reader = _jsonl if kind == "jsonl" else _warc
        try:
            with _open_stream(path) as stream:
                yield from reader(stream, src)
        except (EOFError, zlib.error) as exc:
            yield ReadError(
                source=src,
                reason=f"truncated or corrupt gzip ({exc}); records before the break were read",
            )
        return
    data = path.read_bytes()
    if kind == "json":
        yield from read_json_document(data, src)
        return
    if kind == "feed":
        yield from _feed(data, src)
        return
    yield read_bytes(data, src, boilerplate=boilerplate)


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
    if kind == "gzip":
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as exc:
            yield ReadError(source="-", reason=f"truncated or corrupt gzip ({exc})")
            return
        kind = detect.sniff(data[:65536])
    if kind == "jsonl":
        yield from _jsonl(io.BytesIO(data), "-")
    elif kind == "warc":
        yield from _warc(io.BytesIO(data), "-")
    elif kind == "json":
        yield from read_json_document(data, "-")
    elif kind == "feed":
        yield from _feed(data, "-")
    else:
        yield read_bytes(data, "-", boilerplate=boilerplate)
