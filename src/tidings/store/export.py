"""``tidings export events``: CSV, JSONL, Parquet, or GDELT 2.0 event-table TSV.

The GDELT mapping (column by column) is in ``data/store/gdelt2_event_columns.csv`` and
docs/storage.md; columns tidings does not know are written empty so GDELT tooling, which reads
by position, still parses the file. Geography comes from the event's place and the actors'
countries, country codes as FIPS 10-4 from the one country table (:mod:`tidings.kb.places`);
counts from the merged evidence (``event_sources``); ``AvgTone`` from the reporting articles'
text (:mod:`tidings.store.tone`).
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from functools import cache
from typing import IO, Any

from sqlalchemy import Connection, func, select

from tidings import datafiles, kb
from tidings.store.queries.events import EVENT_COLUMNS, events_query
from tidings.store.queries.filters import EventFilter
from tidings.store.queries.periods import day_of
from tidings.store.tables import articles, event_sources, events
from tidings.store.tone import tone

FORMATS = ("csv", "jsonl", "parquet", "gdelt")
_CHUNK = 2000


@cache
def gdelt_columns() -> list[str]:
    """The 61 GDELT 2.0 event columns, in file order."""
    return [r["column"] for r in datafiles.csv_rows("store", "gdelt2_event_columns.csv")]


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
    tones: dict[str, float | None] = {}  # article id -> tone, each article scored once
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
            for row in gdelt_rows(conn, chunk, tones):
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


#: non-state actor types whose code ends in a known group (IGOUNO: the UN, IGOWSTNAT: NATO)
_GROUP_TYPES = ("IGO", "NGO", "NGM", "IMG", "MNC")


def _code_parts(prefix: str, code: str | None, country: str | None) -> dict[str, str]:
    """Type1-3 and KnownGroup columns from a CAMEO actor code: after the country, three-letter
    types (RUSGOVMIL: GOV, MIL); a non-state code's first three letters are its type and its
    last three its known group (IGOUNO: IGO, UNO)."""
    if not code:
        return {}
    out: dict[str, str] = {}
    if country and code.startswith(country):
        rest = code[len(country) :]
        for i in range(3):
            part = rest[3 * i : 3 * i + 3]
            if len(part) == 3:
                out[f"{prefix}Type{i + 1}Code"] = part
    elif code[:3] in _GROUP_TYPES and len(code) >= 6:
        out[f"{prefix}Type1Code"] = code[:3]
        out[f"{prefix}KnownGroupCode"] = code[-3:]
    return out


def _reports(
    conn: Connection, event_ids: list[str], tones: dict[str, float | None]
) -> dict[str, dict[str, Any]]:
    """Per event: first report's URL, earliest ingest time, publishers, root-ness, mentions
    (evidence items over all reports) and the reporting articles' tones (``tones``: a cache
    of article id -> tone, filled here)."""
    first_para = (
        func.instr(articles.c.text, "\n\n")
        if conn.dialect.name == "sqlite"
        else func.strpos(articles.c.text, "\n\n")
    )
    stmt = (
        select(
            event_sources.c.event_id,
            event_sources.c.evidence,
            articles.c.id.label("article_id"),
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
                "mentions": 0,
                "tones": [],
                "root": 0,
            },
        )
        rep["articles"] += 1
        if r["article_id"] not in tones:
            text = conn.execute(
                select(articles.c.text).where(articles.c.id == r["article_id"])
            ).scalar_one()
            tones[r["article_id"]] = tone(text)
        if tones[r["article_id"]] is not None:
            rep["tones"].append(tones[r["article_id"]])
        rep["publishers"].add(r["publisher"] or r["url"] or r["source"])
        if r["ingested_at"] and (rep["added"] is None or r["ingested_at"] < rep["added"]):
            rep["added"] = r["ingested_at"]
        para_end = r["para_end"] or 0
        evidence = r["evidence"] or []
        if isinstance(evidence, str):
            evidence = json.loads(evidence)
        rep["mentions"] += max(1, len(evidence))  # one evidence item: one mention in the text
        if any(para_end <= 0 or e.get("sentence_start", 1 << 30) < para_end for e in evidence):
            rep["root"] = 1
    return out


def _geo(prefix: str, name: str | None, code: str | None, lat: Any, lon: Any) -> dict:  # noqa: ANN401
    """The eight ``<prefix>Geo_*`` columns of a place (a point) or of a country (no point)."""
    country = kb.places.country(code)
    if not name and country is None:
        return {}
    has_point = lat is not None and lon is not None
    out: dict[str, Any] = {
        f"{prefix}Geo_Type": (3 if code == "USA" else 4) if has_point else 1,
        f"{prefix}Geo_FullName": ", ".join(
            dict.fromkeys(n for n in (name, country.name if country else None) if n)
        ),
    }
    if country and country.fips:
        out[f"{prefix}Geo_CountryCode"] = country.fips
        out[f"{prefix}Geo_ADM1Code"] = country.fips
        place = kb.places.find(name, {code}) if has_point and name else None
        if (
            place is not None
            and place.admin1
            and place.lat is not None
            and abs(place.lat - lat) < 0.01
            and abs(place.lon - lon) < 0.01
        ):  # the gazetteer entry the place came from: its first-order division
            out[f"{prefix}Geo_ADM1Code"] = country.fips + place.admin1
    if has_point:
        out[f"{prefix}Geo_Lat"], out[f"{prefix}Geo_Long"] = lat, lon
    return out


def _actor_geo(prefix: str, actor_country: str | None, ev: dict[str, Any]) -> dict:
    """An actor's geography: the event's place when it lies in the actor's country, else the
    actor's country (GDELT's country-level match, type 1)."""
    if not actor_country:
        return {}
    if ev["location_country"] == actor_country:
        return _geo(prefix, ev["location_name"], actor_country, ev["lat"], ev["lon"])
    return _geo(prefix, None, actor_country, None, None)


def gdelt_rows(
    conn: Connection, chunk: list[dict[str, Any]], tones: dict[str, float | None] | None = None
) -> Iterator[dict[str, Any]]:
    """GDELT 2.0 event-table rows (dicts keyed by GDELT column name) for event rows."""
    reports = _reports(conn, [e["id"] for e in chunk], {} if tones is None else tones)
    for ev in chunk:
        rep = reports.get(ev["id"], {})
        day = day_of(ev["date"]) or day_of(rep.get("reported"))  # the day it counts on
        cameo = ev["cameo"] or ""
        row: dict[str, Any] = {
            "GLOBALEVENTID": _event_int(ev["id"]),
            "Actor1Code": ev["source_code"] or ev["source_country"],
            "Actor1Name": (ev["source_name"] or "").upper() or None,
            "Actor1CountryCode": ev["source_country"],
            "Actor2Code": ev["target_code"] or ev["target_country"],
            "Actor2Name": (ev["target_name"] or "").upper() or None,
            "Actor2CountryCode": ev["target_country"],
            "IsRootEvent": rep.get("root", 0),
            "EventCode": cameo or None,
            "EventBaseCode": cameo[:3] or None,
            "EventRootCode": cameo[:2] or None,
            "QuadClass": ev["quad_class"],
            "GoldsteinScale": ev["goldstein"],
            "NumMentions": rep.get("mentions", ev["mentions"]),
            "NumSources": max(1, len(rep.get("publishers", ()))),
            "NumArticles": rep.get("articles", ev["mentions"]),
            "SOURCEURL": rep.get("url"),
        }
        row.update(_code_parts("Actor1", ev["source_code"], ev["source_country"]))
        row.update(_code_parts("Actor2", ev["target_code"], ev["target_country"]))
        if rep.get("tones"):
            row["AvgTone"] = round(sum(rep["tones"]) / len(rep["tones"]), 4)
        if day:
            row["SQLDATE"] = day.strftime("%Y%m%d")
            row["MonthYear"] = day.strftime("%Y%m")
            row["Year"] = day.year
            row["FractionDate"] = round(day.year + day.timetuple().tm_yday / 365, 4)
        if rep.get("added"):
            digits = "".join(ch for ch in rep["added"][:19] if ch.isdigit())
            row["DATEADDED"] = digits.ljust(14, "0")
        row.update(_actor_geo("Actor1", ev["source_country"], ev))
        row.update(_actor_geo("Actor2", ev["target_country"], ev))
        row.update(
            _geo("Action", ev["location_name"], ev["location_country"], ev["lat"], ev["lon"])
        )
        yield row
