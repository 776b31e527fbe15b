"""The engine-free core of the Spark job: input files -> raw records -> table rows.

Plain functions over iterables of dicts, with no Spark import, so the same code runs in a Spark
Python worker (``mapInArrow``), in a test, or in a plain loop. All reading is
:mod:`tidings.read`'s: WARC records by :mod:`tidings.read.warc` (``warc_pages`` to split,
``read_page`` to read), dump rows and lines by ``read_record``, plain files by ``read_paths``
(and its ``expand`` for folders); the analysis is :func:`tidings.ingest.analyze_batch` with
:func:`tidings.store.rows.article_rows`. What is Spark's own here: cutting containers (WARC,
JSONL, Parquet) into records *with their byte offset, line or row*, so that the records of
one file spread over many tasks, and turning articles into one long table of rows.

Every raw record carries ``order`` (input file number, position in the file): the order in
which a local ``tidings ingest`` of the same inputs would meet it. The job keeps the first
report of an article or event in that order, as the local store does, whatever the
partitioning. Bad records become ``_errors`` rows with the reason; nothing here raises.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterable, Iterator
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
_MONTH = re.compile(r"^\d{4}-\d{2}")


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
    """JSONL(.gz) dump -> one raw line per non-blank line, source ``path#line`` as locally,
    by the local reader's :func:`tidings.read.inputs.dump_lines`: lines over the record limit
    are skipped in bounded pieces and reported, a broken gzip stream keeps what came before.

    Lines are parsed by the analysis step (:func:`read_raw`), spread over all tasks."""
    from tidings.read.inputs import dump_lines
    from tidings.read.streams import GZIP_MAGIC, Gunzip, buffered

    with _open(path, content) as raw:
        head = raw.read(2)
        raw.seek(0)
        gunzip = Gunzip(raw) if head == GZIP_MAGIC else None
        body = buffered(gunzip) if gunzip is not None else raw
        for item in dump_lines(body, path, gunzip):
            if isinstance(item, ReadError):
                yield error(item.source, item.reason)
            else:
                yield {"source": item[0], "kind": "line", "payload": item[1]}


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
    """WARC(.gz) -> one raw record per HTML page (source ``path#byte-offset``), by
    :func:`tidings.read.warc.warc_pages`: bad and skipped records become error records, and
    reading resumes after a corrupt one, as in the local reader."""
    from tidings.read.warc import warc_pages

    with _open(path, content) as stream:
        for rec in warc_pages(stream, path):
            if isinstance(rec, ReadError):
                yield error(rec.source, rec.reason)
            else:
                yield {
                    "source": rec.source,
                    "kind": "html",
                    "url": rec.url,
                    "payload": rec.body,
                    "crawl_time": rec.crawl_time,
                }


# ---------------------------------------------------------------- raw records -> articles


def read_raw(raw: Raw) -> Iterator[Article | ReadError]:
    """One raw record -> Article(s) or ReadError, parsed by :mod:`tidings.read` as locally:
    WARC pages by ``read_page``, dump lines and rows by ``read_dump_line``, plain files by
    ``read_paths``, remote single pages by ``read_bytes``."""
    from tidings.read import ReadFailure, read_paths
    from tidings.read.errors import one_line
    from tidings.read.reader import read_bytes, read_dump_line
    from tidings.read.sections import split_long
    from tidings.read.warc import WarcPage, read_page

    source = raw["source"]
    kind = raw["kind"]
    try:
        if kind == "error":
            yield ReadError(source=source, reason=raw.get("reason") or "unreadable")
        elif kind == "file":
            yield from read_paths([source])  # long articles come out as sections already
        else:
            if kind in ("line", "record"):
                rec = read_dump_line(bytes(raw["payload"]), source)
            elif kind == "html":  # a WARC page, read as the local reader reads it
                page = WarcPage(source, raw["url"], bytes(raw["payload"]), raw.get("crawl_time"))
                rec = read_page(page)
            else:  # a remote single page
                rec = read_bytes(bytes(raw["payload"]), source)
            yield from split_long(rec) if isinstance(rec, Article) else [rec]
    except ReadFailure as exc:
        yield ReadError(source=source, reason=exc.reason)
    except Exception as exc:  # noqa: BLE001 - one bad record must not stop the job
        yield ReadError(source=source, reason=one_line(exc))


def articles_from(raws: Iterable[Raw]) -> Iterator[tuple[str, Article | ReadError]]:
    """Raw records -> (input order, article or the reason there is none)."""
    for raw in raws:
        for sub, rec in enumerate(read_raw(raw)):
            yield f"{raw.get('order') or order_key(0, raw['source'])}.{sub:05d}", rec


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
    """Raw records -> long rows: read, then :func:`tidings.ingest.analyze_batch` in chunks.

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
    """One chunk through :func:`tidings.ingest.analyze_batch` (a bad article costs itself)."""
    from tidings.ingest import analyze_batch

    done = analyze_batch([a for _, a in chunk], batch_size=batch_size)
    for (order, _), res in zip(chunk, done, strict=True):
        if isinstance(res, ReadError):
            yield error_row(res.source, res.reason, "analyze")
        else:
            yield from article_long_rows(res, ingested_at, order)


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
        # (expand yields a folder with nothing for the local reader itself, to report it;
        # here its Parquet files are looked for below)
        found = [str(p) for p in expand([s]) if str(p) != "-" and not Path(p).is_dir()]
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
