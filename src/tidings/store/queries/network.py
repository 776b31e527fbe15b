"""The actor network: actors as nodes, (source, target, quad class) event counts as edges.

Edges count each event once, under its first source and first target (read from a covering
index on ``events``: a whole-collection aggregate over every actor pair would be many times
slower). ``level="code"`` (the default) makes every actor with a code key the node of that key
(:mod:`tidings.store.queries.codes`: RUS, RUSGOV, USAGOV ...), listing the entities inside it;
``level="entity"``: one node per canonical entity. Filters are an
:class:`~tidings.store.queries.filters.EventFilter`, as for ``tidings events``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection, desc, func, not_, or_, select

from tidings.store.queries.codes import no_code_key, node_labels, node_of
from tidings.store.queries.events import event_conditions
from tidings.store.queries.filters import EventFilter
from tidings.store.tables import events

MEMBERS_SHOWN = 8


def _has_node(role: str, level: str):  # noqa: ANN202 - a SQL condition
    entity = events.c[f"{role}_entity_id"].is_not(None)
    if level == "entity":
        return entity
    return or_(entity, not_(no_code_key(events.c[f"{role}_code"])))


def network(
    conn: Connection, f: EventFilter | None = None, *, max_edges: int = 200, level: str = "code"
) -> dict[str, Any]:
    """``{"nodes": [...], "edges": [...]}``, the busiest ``max_edges`` edges first; a code
    node lists the entities inside it (``members``: id, name, events), busiest first."""
    e = events.c
    conds = [_has_node("source", level), _has_node("target", level)]
    conds += event_conditions(conn, f or EventFilter())
    cols = [e.source_entity_id, e.target_entity_id, e.quad_class]
    if level == "code":
        cols += [e.source_code, e.target_code]
    n = func.count().label("n")
    stmt = select(*cols, n, func.sum(e.goldstein).label("g")).where(*conds).group_by(*cols)
    if level == "entity":  # nodes are the grouped columns: the busiest edges are SQL's
        stmt = stmt.order_by(desc(n), *cols).limit(max_edges)
    rows = conn.execute(stmt).all()
    edges: dict[tuple[str, str, int], list] = defaultdict(lambda: [0, 0.0])
    members: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        src = node_of(r.source_entity_id, getattr(r, "source_code", None), level)
        tgt = node_of(r.target_entity_id, getattr(r, "target_code", None), level)
        if src is None or tgt is None:
            continue
        acc = edges[(src, tgt, r.quad_class or 0)]
        acc[0] += r.n
        acc[1] += r.g or 0.0
        for node, eid in ((src, r.source_entity_id), (tgt, r.target_entity_id)):
            if eid and node != eid:
                members[node][eid] += r.n
    top = sorted(edges.items(), key=lambda kv: (-kv[1][0], kv[0]))[:max_edges]
    used = {x for (s, t, _), _v in top for x in (s, t)}
    inside = {m for node in used for m in members[node]}
    info = node_labels(conn, used | inside)
    degree: Counter[str] = Counter()
    out_edges = []
    for nid, members_in in members.items():
        if nid in info and info[nid]["label"] == nid and members_in:  # IGOUNO: United Nations
            best = min(members_in.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            if best in info:
                info[nid] = {**info[nid], "label": info[best]["label"]}
    for (s, t, quad), (count, gold) in top:
        if s not in info or t not in info:
            continue
        degree[s] += count
        degree[t] += count
        out_edges.append({"source": s, "target": t, "source_label": info[s]["label"],
                          "target_label": info[t]["label"], "quad": quad, "n": count,
                          "goldstein": round(gold, 1)})  # fmt: skip
    nodes = []
    for nid in sorted(degree, key=lambda k: (-degree[k], k)):
        inner = [
            {"id": m, "name": info[m]["label"], "n": k}
            for m, k in sorted(members[nid].items(), key=lambda kv: (-kv[1], kv[0]))
            if m in info
        ]
        nodes.append({**info[nid], "n": degree[nid], "members": inner[:MEMBERS_SHOWN],
                      "member_count": len(inner)})  # fmt: skip
    return {"level": level, "nodes": nodes, "edges": out_edges}
