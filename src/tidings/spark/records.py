"""The engine-free core of the Spark job: input files -> raw records -> table rows.

Plain functions over iterables of dicts, with no Spark import, so the same code runs in a Spark
Python worker (``mapInArrow``), in a test, or in a plain loop. Parsing of each record is left to
:mod:`tidings.read` (``read_bytes`` for pages, ``read_record`` for dump rows and lines,
``read_paths`` for plain files, its ``expand`` for folders) and the analysis to
:func:`tidings.pipeline.process` with :func:`tidings.store.rows.article_rows`. This module only
splits containers (WARC, JSONL, Parquet) into records *with their byte offset, line or row*, so
that records spread over Spark tasks, and turns articles into rows.

Kept here although the reader reads WARC too: ``tidings.read`` streams a WARC file as a whole
and loses the rest of the file at the first damaged gzip member (one ``ReadError`` for the
file), and it keeps link-list pages (section fronts, error pages) as articles. A CC-News file
holds thousands of pages, so :func:`split_warc` resumes after a corrupt record and
:func:`not_an_article` reports pages without running text.

Every raw record carries ``order`` (input file number, position in the file): the order in
which a local ``tidings ingest`` of the same inputs would meet it. The job keeps the first
report of an article or event in that order, as the local store does, whatever the
partitioning. Bad records become ``_errors`` rows with the reason; nothing here raises.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from tidings.schema import Article, ReadError
from tidings.settings import get_settings
from tidings.spark.schema import ERRORS, UNKNOWN_MONTH, json_columns, long_schema

Raw = dict[str, Any]
Row = dict[str, Any]

WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/"
_MONTH = re.compile(r"^\d{4}-\d{2}")
#: A page is an article only with some running text: at least this many words in all, and
#: one paragraph of at least a sentence's length. Index pages, link lists, error pages fail.
MIN_ARTICLE_WORDS = 30
MIN_PARAGRAPH_WORDS = 12


def kind_of(name: str) -> str:
    """Container kind from the file name: warc | jsonl | parquet | page."""
    low = name.lower()
    if low.endswith(WARC_SUFFIXES):
        return "warc"
    if low.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if low.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return "page"


def order_key(file_no: int, source: str, sub: int = 0) -> str:
    """Sortable input order of a record: file number, then the offset/line/row after ``#``."""
    tail = source.rsplit("#", 1)[1] if "#" in source else ""
    pos = int(tail) if tail.isdigit() else 0
    return f"{file_no:07d}/{pos:013d}/{sub:05d}"


def error(source: str, reason: str, stage: str = "read") -> Raw:
    """A raw record that reports a bad input; it ends up in the ``_errors`` table."""
    if len(reason) > 300:
        reason = reason[:297] + "..."
    return {"source": source, "kind": "error", "reason": reason, "stage": stage}


# ---------------------------------------------------------------- splitting containers


def split_input(path: str, content: bytes | None = None, file_no: int = 0) -> Iterator[Raw]:
    """One input file -> raw records. ``content`` is given for remote files (Spark binaryFile);
    local files are opened (and streamed) here. ``file_no``: the file's place among the inputs.
    Never raises: failures are error records."""
    for raw in _split(path, content):
        raw["order"] = order_key(file_no, raw["source"])
        yield raw


def _split(path: str, content: bytes | None) -> Iterator[Raw]:
    kind = kind_of(path)
    try:
        if kind == "warc":
            yield from split_warc(path, content)
        elif kind == "jsonl":
            yield from split_jsonl(path, content)
        elif kind == "parquet":
            yield from split_parquet(path, content)
        elif content is None:
            if not os.path.isfile(path):
                yield error(path, "no such file")
            else:  # a single local page: read by tidings.read.read_paths, as locally
                yield {"source": path, "kind": "file"}
        else:
            yield {"source": path, "kind": "page", "payload": content}
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the job
        yield error(path, f"{type(exc).__name__}: {exc}")


def _open(path: str, content: bytes | None) -> IO[bytes]:
    return io.BytesIO(content) if content is not None else open(path, "rb")  # noqa: SIM115


def split_jsonl(path: str, content: bytes | None = None) -> Iterator[Raw]:
    """JSONL(.gz) dump -> one raw line per non-blank line, source ``path#line`` as locally.

    Lines are parsed by the analysis step (:func:`read_raw`), spread over all tasks."""
    with _open(path, content) as raw:
        head = raw.read(2)
        raw.seek(0)
        stream = gzip.open(raw) if head == b"\x1f\x8b" else raw  # noqa: SIM115
        for i, line in enumerate(stream, 1):
            if line.strip():
                yield {"source": f"{path}#{i}", "kind": "line", "payload": line}


def record_raw(obj: dict[str, Any], source: str) -> Raw:
    """A dump row (Parquet) -> raw record; :func:`tidings.read.read_record` reads all its fields."""
    url = next((str(obj[k]) for k in ("url", "link", "uri") if obj.get(k)), None)
    return {"source": source, "kind": "record", "url": url, "payload": _dumps(obj).encode()}


def split_parquet(path: str, content: bytes | None = None) -> Iterator[Raw]:
    """Parquet dump with a text or html column -> one record per row (source ``path#row``).

    The Spark job reads Parquet with Spark itself; this is the engine-free equivalent."""
    import pyarrow.parquet as pq

    with _open(path, content) as raw:
        pf = pq.ParquetFile(raw)
        n = 0
        for batch in pf.iter_batches(batch_size=256):
            for obj in batch.to_pylist():
                n += 1
                yield record_raw(obj, f"{path}#{n}")


def split_warc(path: str, content: bytes | None = None) -> Iterator[Raw]:
    """WARC(.gz) -> one raw record per HTML response (source ``path#byte-offset``).

    Uses FastWARC, or warcio when FastWARC is missing (or ``TIDINGS_WARC=warcio``). A corrupt
    record becomes an error record and reading resumes at the next record boundary, so one bad
    record never loses the rest of a CC-News file."""
    use_warcio = get_settings().warc_backend == "warcio"
    if not use_warcio:
        try:
            import fastwarc  # noqa: F401
        except ImportError:
            use_warcio = True
    reader = _warcio_records if use_warcio else _fastwarc_records
    with _open(path, content) as stream:
        head = stream.read(3)
        magic = _GZIP_MAGIC if head == _GZIP_MAGIC else _WARC_MAGIC
        yield from _resilient(stream, path, magic, reader)


def _resilient(
    stream: IO[bytes],
    path: str,
    magic: bytes,
    reader: Callable[[IO[bytes], str], Iterator[tuple[int, Raw | None]]],
) -> Iterator[Raw]:
    """Run ``reader`` from offset 0; after a failure, resume at the next record magic.

    A failure right after good records is held back (``pending``) until the resumed run shows
    where the damage was; at most one error is reported per record offset."""
    start = 0
    pending: str | None = None
    last_good = 0
    flagged: set[int] = set()  # offsets that already have an error

    def report(offset: int, reason: str) -> Raw:
        flagged.add(offset)
        return error(f"{path}#{offset}", reason)

    while True:
        stream.seek(start)
        yielded: int | None = None
        try:
            for offset, rec in reader(stream, path):
                if yielded is None and pending is not None:
                    bad_here = offset == start and rec is not None and rec["kind"] == "error"
                    if not bad_here and last_good not in flagged:
                        where = f"before byte {offset}" if offset > start else "at its end"
                        yield report(
                            last_good, f"corrupt WARC data after this record, {where}: {pending}"
                        )
                    pending = None
                yielded = offset
                if rec is not None:
                    if rec["kind"] == "error":
                        if offset in flagged:
                            continue
                        flagged.add(offset)
                    yield rec
            return
        except Exception as exc:  # noqa: BLE001 - damaged archive: report, skip, go on
            reason = f"{type(exc).__name__}: {exc}"
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


def _find(stream: IO[bytes], magic: bytes, start: int, chunk: int = 1 << 20) -> int | None:
    """Offset of the next ``magic`` at or after ``start`` (a gzip member or a WARC header)."""
    pos = start
    while True:
        stream.seek(pos)
        buf = stream.read(chunk + len(magic))
        if not buf:
            return None
        i = buf.find(magic)
        while i >= 0 and magic == _WARC_MAGIC and pos + i > 0:
            stream.seek(pos + i - 1)  # a WARC header starts a line
            if stream.read(1) == b"\n":
                break
            i = buf.find(magic, i + 1)
        if i >= 0:
            return pos + i
        if len(buf) < chunk + len(magic):
            return None
        pos += chunk


def _response(
    path: str,
    offset: int,
    uri: str | None,
    status: int | None,
    ctype: str | None,
    body: bytes,
    date: str | None,
) -> Raw:
    from tidings.read.errors import MAX_RECORD_BYTES

    source = f"{path}#{offset}"
    if not uri or not body:
        what = "target URI" if not uri else "HTTP body"
        return error(source, f"corrupt WARC record: response without {what}")
    if status is not None and status != 200:
        return error(source, f"HTTP status {status}, not a page")
    if ctype and "html" not in ctype.lower():
        return error(source, f"not an HTML page (Content-Type {ctype})")
    if len(body) > MAX_RECORD_BYTES:
        return error(source, "record larger than 20 MB")
    return {"source": source, "kind": "html", "url": uri, "payload": body, "crawl_time": date}


def _fastwarc_records(stream: IO[bytes], path: str) -> Iterator[tuple[int, Raw | None]]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    for rec in ArchiveIterator(stream, record_types=WarcRecordType.any_type, parse_http=False):
        offset = rec.stream_pos
        if rec.record_type != WarcRecordType.response:
            yield offset, None
            continue
        if "WARC-Block-Digest" in rec.headers and not rec.verify_block_digest(consume=False):
            yield offset, error(f"{path}#{offset}", "corrupt WARC record: block digest mismatch")
            continue
        rec.parse_http()
        if rec.http_headers is None:
            yield offset, error(f"{path}#{offset}", "WARC response without HTTP headers")
            continue
        uri = rec.headers.get("WARC-Target-URI")
        body = rec.reader.read()
        status, ctype = rec.http_headers.status_code, rec.http_content_type
        date = rec.headers.get("WARC-Date")
        yield offset, _response(path, offset, uri, status, ctype, body, date)


def _warcio_records(stream: IO[bytes], path: str) -> Iterator[tuple[int, Raw | None]]:
    from warcio.archiveiterator import ArchiveIterator

    it = ArchiveIterator(stream, check_digests=True)
    for rec in it:
        # read the block before asking for the offset: get_record_offset() skips to the end
        body = rec.content_stream().read() if rec.rec_type == "response" else b""
        offset = it.get_record_offset()
        if rec.rec_type != "response":
            yield offset, None
            continue
        checker = getattr(rec, "digest_checker", None)
        if checker is not None and checker.passed is False:
            yield offset, error(f"{path}#{offset}", "corrupt WARC record: block digest mismatch")
            continue
        http = rec.http_headers
        status = int(http.get_statuscode()) if http and http.get_statuscode() else None
        ctype = http.get_header("Content-Type") if http else None
        uri = rec.rec_headers.get_header("WARC-Target-URI")
        date = rec.rec_headers.get_header("WARC-Date")
        yield offset, _response(path, offset, uri, status, ctype, body, date)


# ---------------------------------------------------------------- raw records -> articles


def _crawl_time(value: str | None) -> datetime | None:
    """WARC-Date -> datetime (the reader's own parser), for the date fallback as locally."""
    from tidings.read.warc import _when

    return _when(value)


def read_raw(raw: Raw) -> Iterator[Article | ReadError]:
    """One raw record -> Article(s) or ReadError, parsed by :mod:`tidings.read` as locally:
    WARC pages by ``read_bytes`` (HTML, the record's URI and crawl time), dump lines and rows
    by ``read_record``, plain files by ``read_paths``."""
    from tidings.read import ReadFailure, read_paths, read_record
    from tidings.read.errors import MAX_RECORD_BYTES
    from tidings.read.reader import read_bytes

    source = raw["source"]
    kind = raw["kind"]
    try:
        if kind == "error":
            yield ReadError(source=source, reason=raw.get("reason") or "unreadable")
        elif kind == "file":
            yield from read_paths([source])
        elif kind in ("line", "record"):
            payload = bytes(raw["payload"])
            if len(payload) > MAX_RECORD_BYTES:
                raise ReadFailure("record larger than 20 MB")
            try:
                obj = json.loads(payload.decode("utf-8", errors="replace"))
            except json.JSONDecodeError as exc:
                raise ReadFailure(f"not valid JSON ({exc.msg})") from exc
            yield read_record(obj, source)
        else:  # a WARC response ("html") or a remote single page ("page")
            html = kind == "html"
            article = read_bytes(
                bytes(raw["payload"]),
                source,
                format="html" if html else None,
                url=raw.get("url"),
                crawl_time=_crawl_time(raw.get("crawl_time")),
            )
            if html:
                article.format = "warc"
            yield article
    except ReadFailure as exc:
        yield ReadError(source=source, reason=exc.reason)
    except Exception as exc:  # noqa: BLE001 - one bad record must not stop the job
        yield ReadError(source=source, reason=f"{type(exc).__name__}: {exc}")


def not_an_article(article: Article) -> str | None:
    """Why a page read fine but holds no article (``None`` when it does)."""
    words = [len(p.split()) for p in article.paragraphs] or [len(article.text.split())]
    if sum(words) < MIN_ARTICLE_WORDS or max(words) < MIN_PARAGRAPH_WORDS:
        return (
            f"not an article page ({sum(words)} words, longest paragraph {max(words)}; "
            f"need {MIN_ARTICLE_WORDS} and {MIN_PARAGRAPH_WORDS})"
        )
    return None


def articles_from(raws: Iterable[Raw]) -> Iterator[tuple[str, Article | ReadError]]:
    """Raw records -> (input order, article); a page without running text is an error."""
    for raw in raws:
        for sub, rec in enumerate(read_raw(raw)):
            order = f"{raw.get('order') or order_key(0, raw['source'])}.{sub:05d}"
            why = not_an_article(rec) if isinstance(rec, Article) else None
            yield order, ReadError(source=rec.source, reason=why) if why else rec


# ---------------------------------------------------------------- articles -> rows


def month_of(date: str | None) -> str:
    """``YYYY-MM`` partition value of an ISO date, ``unknown`` when there is none."""
    return date[:7] if date and _MONTH.match(date) else UNKNOWN_MONTH


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def error_row(source: str, reason: str, stage: str) -> Row:
    """A row of the ``_errors`` table (reason cut to 300 characters)."""
    err = error(source, reason, stage)
    return {"_table": ERRORS, "source": source, "reason": err["reason"], "stage": stage}


def article_long_rows(article: Article, ingested_at: str, order: str = "") -> Iterator[Row]:
    """All rows of one analysed article, tagged with their table (long format), its input
    ``order`` and each row's place within the article (``_row``)."""
    from tidings.store.rows import article_rows

    rows = article_rows(article, ingested_at=ingested_at)
    published = rows["articles"][0]["published_date"]
    month = month_of(published)
    jcols = json_columns()
    n = 0
    for table, table_rows in rows.items():
        for row in table_rows:
            out = {
                k: (_dumps(v) if k in jcols[table] and v is not None else v) for k, v in row.items()
            }
            out.update(
                _table=table,
                _month=month,
                _article=article.id,
                _published=published,
                _order=order,
                _row=n,
            )
            n += 1
            yield out


def analyze_raw(
    raws: Iterable[Raw], *, ingested_at: str, batch_size: int = 32, chunk_size: int = 64
) -> Iterator[Row]:
    """Raw records -> long rows: read, then :func:`tidings.pipeline.process` in chunks.

    Articles go to the pipeline ``chunk_size`` at a time (memory stays bounded per worker; spaCy
    sees ``nlp.pipe`` batches of ``batch_size``). If a chunk fails, its articles are retried
    one by one so that only the bad article lands in ``_errors``."""
    chunk: list[tuple[str, Article]] = []
    for order, rec in articles_from(raws):
        if isinstance(rec, ReadError):
            yield error_row(rec.source, rec.reason, "read")
            continue
        chunk.append((order, rec))
        if len(chunk) >= chunk_size:
            yield from _analyze_chunk(chunk, ingested_at, batch_size)
            chunk = []
    if chunk:
        yield from _analyze_chunk(chunk, ingested_at, batch_size)


def _analyze_chunk(
    chunk: list[tuple[str, Article]], ingested_at: str, batch_size: int
) -> Iterator[Row]:
    from tidings.pipeline import process

    orders = [o for o, _ in chunk]
    try:
        done = list(process([a for _, a in chunk], batch_size=batch_size))
        if len(done) != len(chunk):
            raise ValueError("process() returned a different number of articles")
    except Exception:  # noqa: BLE001 - isolate the bad article below
        done = None
    if done is not None:
        for order, article in zip(orders, done, strict=True):
            yield from article_long_rows(article, ingested_at, order)
        return
    for order, article in chunk:
        try:
            (one,) = list(process([article], batch_size=1))
        except Exception as exc:  # noqa: BLE001
            yield error_row(article.source, f"{type(exc).__name__}: {exc}", "analyze")
            continue
        yield from article_long_rows(one, ingested_at, order)


def to_batches(
    rows: Iterable[Row], schema: pa.Schema | None = None, size: int = 2048
) -> Iterator[pa.RecordBatch]:
    """Rows (dicts) -> Arrow record batches of ``schema`` (default: the long table)."""
    schema = schema or long_schema()
    buf: list[Row] = []
    for row in rows:
        buf.append(row)
        if len(buf) >= size:
            yield pa.RecordBatch.from_pylist(buf, schema=schema)
            buf = []
    if buf:
        yield pa.RecordBatch.from_pylist(buf, schema=schema)


def expand_local(inputs: Iterable[str | Path]) -> Iterator[str]:
    """Local files, folders (recursive) and globs -> file paths, as ``tidings.read`` expands
    them (READMEs, licences, tables and hidden files skipped), plus the Parquet dumps in
    folders (the local reader cannot read Parquet; the job can). Missing inputs are passed on
    (``split_input`` reports them)."""
    from tidings.read.sources import expand

    for inp in inputs:
        s = str(inp).removeprefix("file://")
        found = [str(p) for p in expand([s]) if str(p) != "-"]
        if os.path.isdir(s):
            found += [
                str(p)
                for p in Path(s).rglob("*")
                if p.is_file()
                and p.suffix.lower() in PARQUET_SUFFIXES
                and not any(x.startswith((".", "_")) for x in p.relative_to(s).parts)
            ]
            found = [str(p) for p in sorted({Path(x) for x in found})]  # as read_paths
        yield from found


def rows_from_inputs(
    inputs: Iterable[str | Path], *, ingested_at: str, batch_size: int = 32
) -> Iterator[Row]:
    """The whole job without an engine: local inputs -> long rows (errors included)."""
    raws = (
        raw for no, path in enumerate(expand_local(inputs)) for raw in split_input(path, None, no)
    )
    yield from analyze_raw(raws, ingested_at=ingested_at, batch_size=batch_size)
