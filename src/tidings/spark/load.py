"""Bulk-load the Spark job's Parquet output into SQLite or PostgreSQL (``tidings load``).

Needs only pyarrow, not Spark. Month by month, each article's rows are put back together and
written with :func:`tidings.store.writer.store_articles`, the writer and policy of the local
ingest: an article already stored is left as it is, so loading twice changes nothing (not even
the full-text ``seq`` keys), and loading two runs that share articles gives one row per article
and per event (``events.mentions`` recounted from ``event_sources``). The job has already
picked each event's representative report and actors; the loader hands those to the writer.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tidings.spark.schema import ERRORS, MONTH, TABLES, json_columns

PER_ARTICLE = ("article_entities", "mentions", "quotes", "event_sources")


class NotAnOutput(ValueError):
    """The folder is not a finished ``tidings spark run`` output."""


def manifest(out_dir: str | Path) -> dict[str, Any]:
    """The ``_SUCCESS`` manifest of a finished job (raises :class:`NotAnOutput`)."""
    path = Path(out_dir) / "_SUCCESS"
    if not path.is_file():
        raise NotAnOutput(f"{out_dir}: no _SUCCESS manifest (not a finished tidings spark output)")
    try:
        return json.loads(path.read_text("utf-8"))
    except ValueError as exc:
        raise NotAnOutput(f"{path}: manifest is not JSON ({exc})") from exc


def _dataset(out_dir: Path, table: str):  # noqa: ANN202 - pyarrow.dataset.Dataset | None
    import pyarrow.dataset as ds

    folder = out_dir / table
    if not folder.is_dir():
        return None
    files = [p for p in folder.rglob("*.parquet") if not p.name.startswith((".", "_"))]
    if not files:
        return None
    return ds.dataset(folder, format="parquet", partitioning="hive")


def _rows(dataset, table: str, filt=None) -> list[dict[str, Any]]:  # noqa: ANN001
    """Rows of a table (optionally filtered), JSON columns parsed, partition column dropped."""
    if dataset is None:
        return []
    rows = dataset.to_table(filter=filt).to_pylist()
    jcols = json_columns().get(table, frozenset())
    for row in rows:
        row.pop(MONTH, None)
        for col in jcols:
            if isinstance(row.get(col), str):
                row[col] = json.loads(row[col])
    return rows


def iter_article_rows(out_dir: str | Path) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """Per article, the rows dict that :func:`tidings.store.rows.article_rows` would make."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    out = Path(out_dir)
    sets = {t: _dataset(out, t) for t in TABLES}
    if sets["articles"] is None:
        return
    months = sorted(set(sets["articles"].to_table(columns=[MONTH]).column(MONTH).to_pylist()))
    for month in months:
        in_month = ds.field(MONTH) == month
        arts = _rows(sets["articles"], "articles", in_month)
        children = {t: defaultdict(list) for t in PER_ARTICLE}
        for table in PER_ARTICLE:
            for row in _rows(sets[table], table, in_month):
                children[table][row["article_id"]].append(row)
        ent_ids = {r["entity_id"] for rs in children["article_entities"].values() for r in rs}
        ev_ids = {r["event_id"] for rs in children["event_sources"].values() for r in rs}
        actors: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if ev_ids:
            ev_filter = pc.field("event_id").isin(sorted(ev_ids))
            for row in _rows(sets["event_actors"], "event_actors", ev_filter):
                actors[row["event_id"]].append(row)
        ents = (
            {
                r["id"]: r
                for r in _rows(sets["entities"], "entities", pc.field("id").isin(sorted(ent_ids)))
            }
            if ent_ids
            else {}
        )
        evs = (
            {
                r["id"]: r
                for r in _rows(sets["events"], "events", pc.field("id").isin(sorted(ev_ids)))
            }
            if ev_ids
            else {}
        )
        for art in arts:
            aid = art["id"]
            sources = children["event_sources"][aid]
            missing = [s["event_id"] for s in sources if s["event_id"] not in evs]
            if missing:
                raise NotAnOutput(f"{out}: events {missing[:3]} of article {aid} are missing")
            seen: set[str] = set()
            entities = []
            for ae in children["article_entities"][aid]:
                if ae["entity_id"] not in seen and ae["entity_id"] in ents:
                    seen.add(ae["entity_id"])
                    entities.append(ents[ae["entity_id"]])
            yield {
                "articles": [art],
                "entities": entities,
                "article_entities": children["article_entities"][aid],
                "mentions": children["mentions"][aid],
                "quotes": children["quotes"][aid],
                "events": [evs[s["event_id"]] for s in sources],
                "event_actors": [a for s in sources for a in actors[s["event_id"]]],
                "event_sources": sources,
            }


def load(
    out_dir: str | Path,
    db: str | Path | None = None,
    *,
    batch: int = 200,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Load an output folder into the database, ``batch`` articles per transaction; returns
    counts: articles in the output, what happened to them (stored, unchanged, duplicate,
    updated: see :func:`tidings.store.writer.store_article`) and errors in the output."""
    from tidings.store.db import connect
    from tidings.store.writer import store_articles

    man = manifest(out_dir)
    engine = connect(db)
    n = 0
    pending: list[dict[str, list[dict[str, Any]]]] = []
    statuses: Counter[str] = Counter()

    def flush() -> None:
        with engine.begin() as conn:
            statuses.update(store_articles(conn, pending))
        pending.clear()

    for rows in iter_article_rows(out_dir):
        pending.append(rows)
        n += 1
        if len(pending) >= batch:
            flush()
            if progress:
                progress(n)
    if pending:
        flush()
    engine.dispose()
    return {
        "articles": n,
        **{k: statuses[k] for k in ("stored", "unchanged", "duplicate", "updated")},
        "errors_in_output": int(man.get("tables", {}).get(ERRORS, 0)),
    }
