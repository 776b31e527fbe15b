"""The engine-free core of the Spark job: input files -> raw records -> table rows.

Plain functions over iterables of dicts, with no Spark import, so the same code runs in a Spark
Python worker (``mapInArrow``), in a test, or in a plain loop. Parsing of each record is left to
:mod:`tidings.read` (``read``, ``read_record``, ``read_paths``) and the analysis to
:func:`tidings.pipeline.process` with :func:`tidings.store.rows.article_rows`; this module only
splits containers (WARC, JSONL, Parquet) into records and turns articles into rows. Bad records
become ``_errors`` rows with the reason; nothing here raises for bad input.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from tidings.schema import Article, ReadError
from tidings.spark.schema import ERRORS, UNKNOWN_MONTH, json_columns, long_schema

Raw = dict[str, Any]
Row = dict[str, Any]

WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
#: Columns of a Parquet dump that may hold the page or its text, in order of preference.
BODY_COLUMNS = ("html", "text", "maintext", "content", "body")
#: Parquet/JSONL columns passed on to ``read_record`` under the name it expects.
FIELD_ALIASES = {
    "url": ("url", "link", "uri"),
    "title": ("title", "headline"),
    "date": ("date", "published", "date_publish", "publication_date"),
}
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


def error(source: str, reason: str, stage: str = "read") -> Raw:
    """A raw record that reports a bad input; it ends up in the ``_errors`` table."""
    if len(reason) > 300:
        reason = reason[:297] + "..."
    return {"source": source, "kind": "error", "reason": reason, "stage": stage}


# ---------------------------------------------------------------- splitting containers


def split_input(path: str, content: bytes | None = None) -> Iterator[Raw]:
    """One input file -> raw records. ``content`` is given for remote files (Spark binaryFile);
    local files are opened (and streamed) here. Never raises: failures are error records."""
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
    """JSONL(.gz) dump -> one record per non-blank line, source ``path#line`` as locally."""
    with _open(path, content) as raw:
        head = raw.read(2)
        raw.seek(0)
        stream = gzip.open(raw) if head == b"\x1f\x8b" else raw  # noqa: SIM115
        for i, line in enumerate(stream, 1):
            if not line.strip():
                continue
            source = f"{path}#{i}"
            try:
                obj = json.loads(line)
            except ValueError as exc:
                yield error(source, f"invalid JSON: {exc}")
                continue
            if not isinstance(obj, dict):
                yield error(source, "JSON line is not an object")
                continue
            yield from _record(obj, source)


def _record(obj: dict[str, Any], source: str) -> Iterator[Raw]:
    """A dump row -> raw record for ``read_record`` (known columns under its field names)."""
    rec: dict[str, Any] = {}
    for col in BODY_COLUMNS:
        if obj.get(col):
            rec["html" if col == "html" else "text"] = obj[col]
            break
    else:
        yield error(source, f"record has no text column (looked for {', '.join(BODY_COLUMNS)})")
        return
    for field, names in FIELD_ALIASES.items():
        for name in names:
            if obj.get(name) is not None:
                rec[field] = str(obj[name])
                break
    yield {"source": source, "kind": "record", "url": rec.get("url"), "payload": _dumps(rec)}


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
                yield from _record(obj, f"{path}#{n}")


def split_warc(path: str, content: bytes | None = None) -> Iterator[Raw]:
    """WARC(.gz) -> one raw record per HTML response (source ``path#byte-offset``).

    Uses FastWARC, or warcio when FastWARC is missing (or ``TIDINGS_WARC=warcio``). A corrupt
    record becomes an error record and reading resumes at the next record boundary, so one bad
    record never loses the rest of a CC-News file."""
    use_warcio = os.environ.get("TIDINGS_WARC") == "warcio"
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
    path: str, offset: int, uri: str | None, status: int | None, ctype: str | None, body: bytes
) -> Raw:
    source = f"{path}#{offset}"
    if not uri or not body:
        what = "target URI" if not uri else "HTTP body"
        return error(source, f"corrupt WARC record: response without {what}")
    if status is not None and status != 200:
        return error(source, f"HTTP status {status}, not a page")
    if ctype and "html" not in ctype.lower():
        return error(source, f"not an HTML page (Content-Type {ctype})")
    return {"source": source, "kind": "html", "url": uri, "payload": body}


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
        yield (
            offset,
            _response(path, offset, uri, rec.http_headers.status_code, rec.http_content_type, body),
        )


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
        yield offset, _response(path, offset, uri, status, ctype, body)


# ---------------------------------------------------------------- raw records -> articles


def read_raw(raw: Raw) -> Iterator[Article | ReadError]:
    """One raw record -> Article(s) or ReadError, parsed by :mod:`tidings.read`."""
    from tidings.read import read, read_paths, read_record

    source = raw["source"]
    kind = raw["kind"]
    try:
        if kind == "error":
            yield ReadError(source=source, reason=raw.get("reason") or "unreadable")
            return
        if kind == "file":
            yield from read_paths([source])
            return
        if kind == "record":
            yield read_record(json.loads(raw["payload"]), source)
            return
        article = read(bytes(raw["payload"]), format="html" if kind == "html" else None)
        article.source = source
        if kind == "html":
            article.format = "warc"
            article.url = raw.get("url") or article.url
        yield article
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


def articles_from(raws: Iterable[Raw]) -> Iterator[Article | ReadError]:
    """Raw records -> articles; a page without running text is an error, not an article."""
    for raw in raws:
        for rec in read_raw(raw):
            why = not_an_article(rec) if isinstance(rec, Article) else None
            yield ReadError(source=rec.source, reason=why) if why else rec


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


def article_long_rows(article: Article, ingested_at: str) -> Iterator[Row]:
    """All rows of one analysed article, tagged with their table (long format)."""
    from tidings.store.rows import article_rows

    rows = article_rows(article, ingested_at=ingested_at)
    published = rows["articles"][0]["published_date"]
    month = month_of(published)
    jcols = json_columns()
    for table, table_rows in rows.items():
        for row in table_rows:
            out = {
                k: (_dumps(v) if k in jcols[table] and v is not None else v) for k, v in row.items()
            }
            out.update(_table=table, _month=month, _article=article.id, _published=published)
            yield out


def analyze_raw(
    raws: Iterable[Raw], *, ingested_at: str, batch_size: int = 32, chunk_size: int = 64
) -> Iterator[Row]:
    """Raw records -> long rows: read, then :func:`tidings.pipeline.process` in chunks.

    Articles go to the pipeline ``chunk_size`` at a time (memory stays bounded per worker; spaCy
    sees ``nlp.pipe`` batches of ``batch_size``). If a chunk fails, its articles are retried
    one by one so that only the bad article lands in ``_errors``."""
    chunk: list[Article] = []
    for rec in articles_from(raws):
        if isinstance(rec, ReadError):
            yield error_row(rec.source, rec.reason, "read")
            continue
        chunk.append(rec)
        if len(chunk) >= chunk_size:
            yield from _analyze_chunk(chunk, ingested_at, batch_size)
            chunk = []
    if chunk:
        yield from _analyze_chunk(chunk, ingested_at, batch_size)


def _analyze_chunk(chunk: list[Article], ingested_at: str, batch_size: int) -> Iterator[Row]:
    from tidings.pipeline import process

    try:
        done = list(process(chunk, batch_size=batch_size))
    except Exception:  # noqa: BLE001 - isolate the bad article below
        done = None
    if done is not None:
        for article in done:
            yield from article_long_rows(article, ingested_at)
        return
    for article in chunk:
        try:
            (one,) = list(process([article], batch_size=1))
        except Exception as exc:  # noqa: BLE001
            yield error_row(article.source, f"{type(exc).__name__}: {exc}", "analyze")
            continue
        yield from article_long_rows(one, ingested_at)


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
    """Local files, folders (recursive) and globs -> file paths; missing ones are passed on
    (``split_input`` reports them)."""
    import glob

    for inp in inputs:
        s = str(inp)
        if s.startswith("file://"):
            s = s[len("file://") :]
        if os.path.isdir(s):
            yield from sorted(
                str(p)
                for p in Path(s).rglob("*")
                if p.is_file() and not p.name.startswith((".", "_"))
            )
        elif any(c in s for c in "*?["):
            yield from sorted(p for p in glob.glob(s, recursive=True) if os.path.isfile(p))
        else:
            yield s


def rows_from_inputs(
    inputs: Iterable[str | Path], *, ingested_at: str, batch_size: int = 32
) -> Iterator[Row]:
    """The whole job without an engine: local inputs -> long rows (errors included)."""
    raws = (raw for path in expand_local(inputs) for raw in split_input(path))
    yield from analyze_raw(raws, ingested_at=ingested_at, batch_size=batch_size)
