"""WARC / WARC.gz: every HTML response record becomes one article (fastwarc, warcio fallback)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO

from tidings.read.errors import MAX_RECORD_BYTES


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def html_responses(stream: BinaryIO) -> Iterator[tuple[str, datetime | None, bytes]]:
    """(target URI, crawl time, HTTP body) for each HTML response record."""
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:  # pragma: no cover - fastwarc is a dependency; warcio is the fallback
        yield from _warcio(stream)
        return
    for record in ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True):
        ctype = (record.http_headers.get("Content-Type") or "") if record.http_headers else ""
        if ctype and "html" not in ctype.lower():
            continue
        uri = record.headers.get("WARC-Target-URI") or ""
        body = record.reader.read(MAX_RECORD_BYTES + 1)
        yield uri, _when(record.headers.get("WARC-Date")), body


def _warcio(stream: BinaryIO) -> Iterator[tuple[str, datetime | None, bytes]]:
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(stream):
        if record.rec_type != "response":
            continue
        ctype = record.http_headers.get_header("Content-Type") if record.http_headers else ""
        if ctype and "html" not in ctype.lower():
            continue
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        when = _when(record.rec_headers.get_header("WARC-Date"))
        yield uri, when, record.content_stream().read(MAX_RECORD_BYTES + 1)
