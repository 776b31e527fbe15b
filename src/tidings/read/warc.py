"""WARC / WARC.gz, one record at a time: the only WARC reader (``tidings read``/``ingest`` and
the Spark job both use it).

A CC-News file holds thousands of pages, so one damaged record must cost only itself:

* records come from FastWARC, or warcio when ``get_settings().warc_backend`` says so or
  FastWARC is missing, each with its byte offset; every result's source is ``path#offset``;
* a response whose ``WARC-Block-Digest`` does not match its block is reported and skipped;
* when the parser breaks (a corrupt gzip member, a garbled header), reading resumes at the next
  record boundary (the next gzip member, or the next ``WARC/`` line): :func:`_resilient`;
* only HTTP 200 HTML responses are pages; other responses are reported with the reason;
  ``warcinfo``, ``request`` and ``metadata`` records are passed over silently;
* a page that reads but holds no running text (a section front, a link list, an error page)
  is reported as "not an article page" (:func:`not_an_article`).

Two steps, so that the Spark job can spread the records of one file over many tasks:
:func:`warc_pages` (cheap: no HTML parsing) and :func:`read_page` (the HTML reader).
:func:`read_warc` runs both, for the local reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from tidings.read.errors import ReadFailure, over_limit
from tidings.schema import Article, ReadError
from tidings.settings import get_settings

GZIP_MEMBER = b"\x1f\x8b\x08"
WARC_HEADER = b"WARC/"
#: A page is an article only with some running text: at least this many words in all, and
#: one paragraph of at least a sentence's length. Index pages, link lists, error pages fail.
MIN_ARTICLE_WORDS = 30
MIN_PARAGRAPH_WORDS = 12


@dataclass(frozen=True)
class WarcPage:
    """One HTTP 200 HTML response, not parsed yet (plain values: it travels between tasks)."""

    source: str  # path#byte-offset of the record
    url: str
    body: bytes
    crawl_time: str | None  # WARC-Date as written


# What a record reader yields per record: its offset, and the page, an error, or None (skipped).
Item = tuple[int, WarcPage | ReadError | None]


def read_warc(stream: IO[bytes], path: str) -> Iterator[Article | ReadError]:
    """Every record of a WARC(.gz) stream (seekable), as an Article or a ReadError."""
    for rec in warc_pages(stream, path):
        yield rec if isinstance(rec, ReadError) else read_page(rec)


def warc_pages(stream: IO[bytes], path: str) -> Iterator[WarcPage | ReadError]:
    """The HTML pages of a WARC(.gz) stream, and a ReadError for each bad or skipped response.

    ``stream`` must be seekable (a file, or BytesIO): reading resumes after a corrupt record."""
    reader = _fastwarc_records if _backend() == "fastwarc" else _warcio_records
    stream.seek(0)
    magic = GZIP_MEMBER if stream.read(3) == GZIP_MEMBER else WARC_HEADER
    n = 0
    for n, rec in enumerate(_resilient(stream, path, magic, reader), 1):  # noqa: B007
        yield rec
    if n == 0:
        yield ReadError(source=path, reason="WARC file with no response records")


def read_page(page: WarcPage) -> Article | ReadError:
    """One WARC page -> Article (``format`` "warc", the record's URI and crawl time), or why not."""
    from tidings.read.reader import read_bytes

    try:
        article = read_bytes(
            page.body,
            page.source,
            format="html",
            url=page.url,
            crawl_time=parse_warc_date(page.crawl_time),
        )
    except ReadFailure as exc:
        return ReadError(source=page.source, reason=exc.reason)
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the file
        return ReadError(source=page.source, reason=f"{type(exc).__name__}: {exc}")
    article.format = "warc"
    why = not_an_article(article)
    return ReadError(source=page.source, reason=why) if why else article


def not_an_article(article: Article) -> str | None:
    """Why a page read fine but holds no article (``None`` when it does)."""
    words = [len(p.split()) for p in article.paragraphs] or [len(article.text.split())]
    if sum(words) < MIN_ARTICLE_WORDS or max(words) < MIN_PARAGRAPH_WORDS:
        return (
            f"not an article page ({sum(words)} words, longest paragraph {max(words)}; "
            f"need {MIN_ARTICLE_WORDS} and {MIN_PARAGRAPH_WORDS})"
        )
    return None


def parse_warc_date(value: str | None) -> datetime | None:
    """WARC-Date (ISO 8601, ``Z`` for UTC) -> datetime; ``None`` when absent or malformed."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _backend() -> str:
    """``fastwarc`` unless the settings ask for warcio or FastWARC is not installed."""
    if get_settings().warc_backend == "warcio":
        return "warcio"
    try:
        import fastwarc  # noqa: F401
    except ImportError:  # pragma: no cover - fastwarc is a dependency; warcio is the fallback
        return "warcio"
    return "fastwarc"


# ---------------------------------------------------------------- recovery after a bad record


def _resilient(
    stream: IO[bytes], path: str, magic: bytes, reader: Callable[[IO[bytes], str], Iterator[Item]]
) -> Iterator[WarcPage | ReadError]:
    """Run ``reader`` from offset 0; after a failure, resume at the next record ``magic``.

    A failure right after good records is held back (``pending``) until the resumed run shows
    where the damage was; at most one error is reported per record offset."""
    start, last_good = 0, 0
    pending: str | None = None
    flagged: set[int] = set()  # offsets that already have an error

    def report(offset: int, reason: str) -> ReadError:
        flagged.add(offset)
        return ReadError(source=f"{path}#{offset}", reason=reason)

    while True:
        stream.seek(start)
        yielded: int | None = None
        try:
            for offset, rec in reader(stream, path):
                if yielded is None and pending is not None:
                    bad_here = offset == start and isinstance(rec, ReadError)
                    if not bad_here and last_good not in flagged:
                        where = f"before byte {offset}" if offset > start else "at its end"
                        yield report(
                            last_good, f"corrupt WARC data after this record, {where}: {pending}"
                        )
                    pending = None
                yielded = offset
                if isinstance(rec, ReadError):
                    if offset in flagged:
                        continue
                    flagged.add(offset)
                if rec is not None:
                    yield rec
            return
        except Exception as exc:  # noqa: BLE001 - damaged archive: report, skip, go on
            reason = _one_line(exc)
        if yielded is None:
            pending = None  # the resumed record fails too: it is the bad one
            if start not in flagged:
                yield report(start, f"corrupt WARC record: {reason}")
            nxt = _find(stream, magic, start + 1)
        else:
            pending, last_good = reason, yielded
            nxt = _find(stream, magic, yielded + 1)
        if nxt is None:
            if pending is not None and last_good not in flagged:
                yield report(last_good, f"corrupt WARC data to the end of the file: {pending}")
            return
        start = nxt


def _one_line(exc: Exception, limit: int = 120) -> str:
    """A parser's exception as one short printable line (warcio quotes the bad bytes)."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    text = "".join(ch if ch.isprintable() and ch.isascii() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _find(stream: IO[bytes], magic: bytes, start: int, chunk: int = 1 << 20) -> int | None:
    """Offset of the next ``magic`` at or after ``start`` (a gzip member or a WARC header)."""
    pos = start
    while True:
        stream.seek(pos)
        buf = stream.read(chunk + len(magic))
        if not buf:
            return None
        i = buf.find(magic)
        while i >= 0 and magic == WARC_HEADER and pos + i > 0:
            stream.seek(pos + i - 1)  # a WARC header starts a line
            if stream.read(1) == b"\n":
                break
            i = buf.find(magic, i + 1)
        if i >= 0:
            return pos + i
        if len(buf) < chunk + len(magic):
            return None
        pos += chunk


# ---------------------------------------------------------------- one record, two parsers


def _page(
    source: str,
    uri: str | None,
    status: int | None,
    ctype: str | None,
    body: bytes,
    date: str | None,
) -> WarcPage | ReadError:
    """A response record -> page, or the reason it is not one."""
    if not uri or not body:
        what = "target URI" if not uri else "HTTP body"
        return ReadError(source=source, reason=f"corrupt WARC record: response without {what}")
    if status is not None and status != 200:
        return ReadError(source=source, reason=f"HTTP status {status}, not a page")
    if ctype and "html" not in ctype.lower():
        return ReadError(source=source, reason=f"not an HTML page (Content-Type {ctype})")
    limit = get_settings().max_record_bytes
    if len(body) > limit:
        return _too_big(source, None, limit)
    return WarcPage(source=source, url=uri, body=body, crawl_time=date)


def _too_big(source: str, size: int | None, limit: int) -> ReadError:
    reason = over_limit("WARC record", size, limit, "TIDINGS_MAX_RECORD_BYTES").reason
    return ReadError(source=source, reason=reason)


def _digest_mismatch(source: str) -> ReadError:
    return ReadError(source=source, reason="corrupt WARC record: block digest mismatch")


def _fastwarc_records(stream: IO[bytes], path: str) -> Iterator[Item]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    limit = get_settings().max_record_bytes
    for rec in ArchiveIterator(stream, record_types=WarcRecordType.any_type, parse_http=False):
        offset = rec.stream_pos
        source = f"{path}#{offset}"
        if rec.record_type != WarcRecordType.response:
            yield offset, None
            continue
        if rec.content_length > limit:  # skipped unread: the iterator seeks past it
            yield offset, _too_big(source, rec.content_length, limit)
            continue
        if "WARC-Block-Digest" in rec.headers and not rec.verify_block_digest(consume=False):
            yield offset, _digest_mismatch(source)
            continue
        rec.parse_http()
        if rec.http_headers is None:
            yield offset, ReadError(source=source, reason="WARC response without HTTP headers")
            continue
        uri = rec.headers.get("WARC-Target-URI")
        status, ctype = rec.http_headers.status_code, rec.http_content_type
        body = rec.reader.read(limit + 1)
        yield offset, _page(source, uri, status, ctype, body, rec.headers.get("WARC-Date"))


def _warcio_records(stream: IO[bytes], path: str) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    limit = get_settings().max_record_bytes
    it = ArchiveIterator(stream, check_digests=True)
    for rec in it:
        length = int(rec.rec_headers.get_header("Content-Length") or 0)
        big = rec.rec_type == "response" and length > limit
        # read the block before asking for the offset: get_record_offset() skips to the end
        wanted = rec.rec_type == "response" and not big
        body = rec.content_stream().read(limit + 1) if wanted else b""
        offset = it.get_record_offset()
        source = f"{path}#{offset}"
        if rec.rec_type != "response":
            yield offset, None
            continue
        if big:
            yield offset, _too_big(source, length, limit)
            continue
        checker = getattr(rec, "digest_checker", None)
        if checker is not None and checker.passed is False:
            yield offset, _digest_mismatch(source)
            continue
        http = rec.http_headers
        status = int(http.get_statuscode()) if http and http.get_statuscode() else None
        ctype = http.get_header("Content-Type") if http else None
        uri = rec.rec_headers.get_header("WARC-Target-URI")
        date = rec.rec_headers.get_header("WARC-Date")
        yield offset, _page(source, uri, status, ctype, body, date)
