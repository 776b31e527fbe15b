"""Arrow schemas of the Spark job, derived from the database tables (one source of truth).

The analysis step emits one "long" Arrow table whose columns are the union of every database
table's columns plus a few internal ones (``_table``, ``_month``, ...); the job then splits it
into one Parquet folder per table. Deriving it from :mod:`tidings.store.tables` keeps the
Parquet output and the database in step when a column is added.
"""

from __future__ import annotations

from functools import cache

import pyarrow as pa
from sqlalchemy import JSON, Boolean, Float, Integer

from tidings.store.tables import ALL_TABLES, actor_aliases

#: The database tables an article's rows go to (aliases across articles are decided by the
#: store when the output is loaded, :mod:`tidings.store.identity`, not by the job).
OUTPUT_TABLES = [t for t in ALL_TABLES if t is not actor_aliases]
#: Output tables, in load order; ``_errors`` holds bad records with the reason.
TABLES = [t.name for t in OUTPUT_TABLES]
ERRORS = "_errors"
#: Columns of the ``_errors`` table (not a database table: it is a report).
ERROR_COLUMNS = {"source": pa.string(), "stage": pa.string(), "reason": pa.string()}
#: Internal columns of the long table: which table, partition month, owning article, its date,
#: the article's input order (first report wins, as in a local ingest) and the row's place in it.
INTERNAL_COLUMNS = {
    "_table": pa.string(),
    "_month": pa.string(),
    "_article": pa.string(),
    "_published": pa.string(),
    "_order": pa.string(),
    "_row": pa.int64(),
}
#: Partition column of the Parquet output (``month=YYYY-MM`` folders, ``unknown`` when undated).
MONTH = "month"
UNKNOWN_MONTH = "unknown"
#: Tables without a month: canonical rows shared by articles of every month.
UNPARTITIONED = {"entities", ERRORS}


def _arrow_type(sqltype: object) -> pa.DataType:
    """SQL column type -> Arrow type; JSON columns travel as JSON text."""
    if isinstance(sqltype, Boolean):
        return pa.bool_()
    if isinstance(sqltype, Integer):
        return pa.int64()
    if isinstance(sqltype, Float):
        return pa.float64()
    return pa.string()  # String, Text, JSON (serialised)


@cache
def json_columns() -> dict[str, frozenset[str]]:
    """Per table, the columns that hold JSON (serialised to text in Parquet)."""
    return {
        t.name: frozenset(c.name for c in t.columns if isinstance(c.type, JSON))
        for t in OUTPUT_TABLES
    }


@cache
def table_columns() -> dict[str, list[str]]:
    """Per output table, its columns in database order (``_errors`` included)."""
    cols = {t.name: [c.name for c in t.columns] for t in OUTPUT_TABLES}
    cols[ERRORS] = list(ERROR_COLUMNS)
    return cols


@cache
def long_schema() -> pa.Schema:
    """Union of all tables' columns (+ internal ones); fails if two tables disagree on a type."""
    fields: dict[str, pa.DataType] = dict(INTERNAL_COLUMNS)
    for table in OUTPUT_TABLES:
        for col in table.columns:
            typ = _arrow_type(col.type)
            if fields.setdefault(col.name, typ) != typ:
                raise TypeError(f"column {col.name!r} has two types across tables")
    for name, typ in ERROR_COLUMNS.items():
        if fields.setdefault(name, typ) != typ:
            raise TypeError(f"column {name!r} has two types across tables")
    return pa.schema([pa.field(n, t) for n, t in fields.items()])


#: Raw input records between the split step and the analysis step.
RAW_SCHEMA = pa.schema(
    [
        pa.field("source", pa.string()),  # "path", "path#line", "path#byte-offset"
        pa.field("kind", pa.string()),  # file | html | page | line | record | error
        pa.field("url", pa.string()),
        pa.field("payload", pa.binary()),  # page bytes, or a JSON record
        pa.field("reason", pa.string()),  # for kind == "error"
        pa.field("stage", pa.string()),
        pa.field("order", pa.string()),  # input file number / position (see records.order_key)
        pa.field("crawl_time", pa.string()),  # WARC-Date of a WARC response
    ]
)
