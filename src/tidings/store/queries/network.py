"""The actor network: actors as nodes, (source, target, quad class) event counts as edges.

Edges count each event once, under its first source and first target entity
(``events.source_entity_id``/``target_entity_id``, read from a covering index): a whole-
collection aggregate over every actor pair would be many times slower. Filters are an
:class:`~tidings.store.queries.filters.EventFilter`, as for ``tidings events``.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Connection, desc, func, select

from tidings.store.queries.actors import entity_info
from tidings.store.queries.events import event_conditions
from tidings.store.queries.filters import EventFilter
from tidings.store.tables import events


def network(
    conn: Connection, f: EventFilter | None = None, *, max_edges: int = 200
) -> dict[str, Any]:
    """``{"nodes": [...], "edges": [...]}``, the busiest ``max_edges`` edges first."""
    e = events.c
    conds = [e.source_entity_id.is_not(None), e.target_entity_id.is_not(None)]
    conds += event_conditions(conn, f or EventFilter())
    n = func.count().label("n")
    rows = conn.execute(
        select(
            e.source_entity_id,
            e.target_entity_id,
            e.quad_class,
            n,
            func.sum(e.goldstein).label("g"),
        )  # fmt: skip
        .where(*conds)
        .group_by(e.source_entity_id, e.target_entity_id, e.quad_class)
        .order_by(desc(n), e.source_entity_id, e.target_entity_id, e.quad_class)
        .limit(max_edges)
    ).all()
    info = entity_info(
        conn, list({r.source_entity_id for r in rows} | {r.target_entity_id for r in rows})
    )
    nodes = {
        i: {"id": i, "label": v["name"], "type": v["type"], "country": v["country"]}
        for i, v in info.items()
    }
    degree: Counter[str] = Counter()
    edges = []
    for r in rows:
        if r.source_entity_id not in nodes or r.target_entity_id not in nodes:
            continue
        degree[r.source_entity_id] += r.n
        degree[r.target_entity_id] += r.n
        edges.append(
            {
                "source": r.source_entity_id,
                "target": r.target_entity_id,
                "source_label": nodes[r.source_entity_id]["label"],
                "target_label": nodes[r.target_entity_id]["label"],
                "quad": r.quad_class or 0,
                "n": r.n,
                "goldstein": round(r.g or 0.0, 1),
            }
        )
    for nid, node in nodes.items():
        node["n"] = degree[nid]
    return {"nodes": [v for v in nodes.values() if v["n"]], "edges": edges}
