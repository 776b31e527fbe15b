"""One input (a file, or stdin) -> records: look inside gzip, sniff, and read what it holds.

Nothing here holds more than a limit's worth of bytes (the limits are settings; see
docs/reading.md): one-document inputs (text, HTML, JSON, feeds) are read whole only up to
``max_file_bytes`` (``max_decompressed_bytes`` once gunzipped, and decompression stops there);
JSONL is cut into lines of at most ``max_record_bytes``, a longer line being skipped in bounded
pieces and reported; WARC goes to :mod:`tidings.read.warc` record by record. stdin is read the
same way as a file, as it arrives: a JSONL stream is read line by line while it is written.

Every failure is a :class:`ReadError` naming the input (and the record: ``path#line``); a
broken gzip stream keeps the records before the break.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from tidings.read import detect
from tidings.read.errors import ReadFailure, one_line, over_limit
from tidings.read.reader import read_bytes, read_dump_line, read_json_document, read_record
from tidings.read.streams import (
    Gunzip,
    Prefixed,
    buffered,
    gunzip_head,
    iter_lines,
    read_capped,
    read_head,
)
from tidings.read.warc import read_warc
from tidings.schema import Article, ReadError
from tidings.settings import get_settings

Result = Article | ReadError


def read_file(path: Path, boilerplate: frozenset[str] = frozenset()) -> Iterator[Result]:
    """One file: a container streamed record by record, or one document."""
    src = str(path)
    if not path.exists():
        yield ReadError(source=src, reason="no such file")
        return
    size = path.stat().st_size
    if size == 0:
        yield ReadError(source=src, reason="empty file")
        return
    with path.open("rb") as raw:
        yield from _read_stream(raw, src, boilerplate, name=path.name, size=size)


def read_stdin(boilerplate: frozenset[str] = frozenset()) -> Iterator[Result]:
    """stdin (``-``), sniffed and read as a file is, while it arrives."""
    yield from _read_stream(sys.stdin.buffer, "-", boilerplate, name="", size=None)


def _sniff(head: bytes, name: str) -> tuple[str, bool]:
    """(kind of content, gzipped?) from the first bytes, inside the gzip layer if there is one.
    A ``.warc.gz`` whose first member is damaged is still a WARC: its reader resumes."""
    if not head.startswith(detect.GZIP_MAGIC):
        return detect.sniff(head, name), False
    try:
        inner = gunzip_head(io.BytesIO(head))
    except ReadFailure:
        if name.lower().endswith(".warc.gz"):
            return "warc", True
        raise
    if not inner:
        raise ReadFailure("empty gzip file")
    return detect.sniff(inner, name), True


def _read_stream(
    raw: IO[bytes], src: str, boilerplate: frozenset[str], *, name: str, size: int | None
) -> Iterator[Result]:
    """Sniff ``raw`` and read it; ``size`` is known for files (None for stdin)."""
    limits = get_settings()
    head = read_head(raw)
    if not head:
        yield ReadError(source=src, reason="empty file" if size is not None else "empty input")
        return
    kind, gzipped = _sniff(head, name)
    if kind == "warc":
        yield from _warc(raw, head, src, seekable=size is not None)
        return
    if kind == "gzip":
        yield ReadError(source=src, reason="gzip inside gzip: decompress it once first")
        return
    stream = buffered(Prefixed(head, raw))
    gunzip = Gunzip(stream) if gzipped else None
    body = buffered(gunzip) if gunzip is not None else stream
    if kind == "jsonl":
        yield from _jsonl(body, src, gunzip)
        return
    if size is not None and size > limits.max_file_bytes:
        raise over_limit("file", size, limits.max_file_bytes, "TIDINGS_MAX_FILE_BYTES")
    if gunzip is not None:
        data = read_capped(
            body, limits.max_decompressed_bytes, "gzip content", "TIDINGS_MAX_DECOMPRESSED_BYTES"
        )
        if gunzip.error:
            raise ReadFailure(f"truncated or corrupt gzip ({gunzip.error})")
    else:
        what = "file" if size is not None else "input on stdin"
        data = read_capped(body, limits.max_file_bytes, what, "TIDINGS_MAX_FILE_BYTES")
    yield from _document(data, kind, src, boilerplate)


def _warc(raw: IO[bytes], head: bytes, src: str, *, seekable: bool) -> Iterator[Result]:
    """A WARC(.gz): files are read in place (whatever their size); a WARC on stdin is kept
    in memory up to the file limit, as the reader seeks to resume after a damaged record."""
    if seekable:
        raw.seek(0)
        yield from read_warc(raw, src)
        return
    limit = get_settings().max_file_bytes
    rest = read_capped(raw, max(0, limit - len(head)), "WARC on stdin", "TIDINGS_MAX_FILE_BYTES")
    yield from read_warc(io.BytesIO(head + rest), src)


def dump_lines(
    body: IO[bytes], src: str, gunzip: Gunzip | None = None
) -> Iterator[tuple[str, bytes] | ReadError]:
    """The non-blank lines of a JSONL dump as ``(path#line, bytes)``; a line over the record
    limit becomes a ReadError (it was skipped in bounded pieces), and a broken gzip stream
    ends with one ReadError after the lines before the break (the Spark job splits with it)."""
    limit = get_settings().max_record_bytes
    lines = found = 0
    for n, line, size in iter_lines(body, limit):
        source = f"{src}#{n}"
        found += line is None or bool(line.strip())
        if line is None:
            reason = over_limit("record", size, limit, "TIDINGS_MAX_RECORD_BYTES").reason
            yield ReadError(source=source, reason=reason)
            continue
        if gunzip is not None and gunzip.error and not line.endswith(b"\n"):
            break  # the record the break cut in two
        lines = n
        if line.strip():
            yield source, line
    if gunzip is not None and gunzip.error:
        reason = (
            f"truncated or corrupt gzip ({gunzip.error}); the {lines} lines before it were read"
        )
        yield ReadError(source=src, reason=reason)
    elif not found:
        yield ReadError(source=src, reason="dump with no records (only blank lines)")


def _jsonl(body: IO[bytes], src: str, gunzip: Gunzip | None) -> Iterator[Result]:
    """A JSONL(.gz) dump, one record per line (see :func:`dump_lines`)."""
    for item in dump_lines(body, src, gunzip):
        if isinstance(item, ReadError):
            yield item
        else:
            source, line = item
            yield _record(lambda line=line, source=source: read_dump_line(line, source), source)


def _record(read: Callable[[], Article], source: str) -> Result:
    """Run one record's reader; any failure becomes that record's ReadError."""
    try:
        return read()
    except ReadFailure as exc:
        return ReadError(source=source, reason=exc.reason)
    except Exception as exc:  # noqa: BLE001 - one bad record must not stop the file
        return ReadError(source=source, reason=one_line(exc))


def _feed(data: bytes, source: str) -> Iterator[Result]:
    """An RSS/Atom feed or WordPress export: one article per item that carries text."""
    from tidings.read.feeds import feed_records

    def item(obj: dict, src: str) -> Article:
        article = read_record(obj, src)
        article.format = "feed"
        return article

    n = 0
    for n, obj in enumerate(feed_records(data), 1):
        src = f"{source}#{n}"
        yield _record(lambda obj=obj, src=src: item(obj, src), src)
    if n == 0:
        yield ReadError(source=source, reason="feed or export with no items that carry text")


def _document(data: bytes, kind: str, source: str, boilerplate: frozenset[str]) -> Iterator[Result]:
    """A document read whole: a feed, a JSON record (or list), or one article."""
    if kind == "feed":
        yield from _feed(data, source)
    elif kind == "json":
        yield from read_json_document(data, source)
    else:
        yield read_bytes(data, source, boilerplate=boilerplate)
