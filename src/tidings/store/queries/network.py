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

from sqlalchemy import Connection, desc, func, literal, select

from tidings.store.queries.codes import node_labels, node_of
from tidings.store.queries.events import event_conditions
from tidings.store.queries.filters import EventFilter
from tidings.store.tables import events

MEMBERS_SHOWN = 8


def network(
    conn: Connection, f: EventFilter | None = None, *, max_edges: int = 200, level: str = "code"
) -> dict[str, Any]:
    """``{"nodes": [...], "edges": [...]}``, the busiest ``max_edges`` edges first; a code
    node lists the entities inside it (``members``: id, name, events), busiest first."""
    e = events.c
    conds = event_conditions(conn, f or EventFilter())
    if level == "entity":
        conds += [e.source_entity_id.is_not(None), e.target_entity_id.is_not(None)]
    # (at the code level an actor without entity or code key has no node: node_of drops it)
    # the entity pair, quad class (and codes): the covering index's order, grouped while scanning
    cols = [e.source_entity_id, e.target_entity_id, e.quad_class]
    n = func.count().label("n")
    if level == "code":
        cols += [e.source_code, e.target_code]
        stmt = select(*cols, n, func.sum(e.goldstein)).where(*conds).group_by(*cols)
    else:  # entity nodes are the grouped columns: SQL keeps the busiest edges
        stmt = select(*cols, literal(None), literal(None), n, func.sum(e.goldstein))
        stmt = stmt.where(*conds).group_by(*cols).order_by(desc(n), *cols).limit(max_edges)
    edges: dict[tuple[str, str, int], list] = defaultdict(lambda: [0, 0.0])
    members: dict[str, Counter[str]] = defaultdict(Counter)
    for s_ent, t_ent, quad, s_code, t_code, count, gold in conn.execute(stmt):
        src, tgt = node_of(s_ent, s_code, level), node_of(t_ent, t_code, level)
        if src is None or tgt is None:
            continue
        acc = edges[(src, tgt, quad or 0)]
        acc[0] += count
        acc[1] += gold or 0.0
        if s_ent and src != s_ent:
            members[src][s_ent] += count
        if t_ent and tgt != t_ent:
            members[tgt][t_ent] += count
    top = sorted(edges.items(), key=lambda kv: (-kv[1][0], kv[0]))[:max_edges]
    used = {x for (s, t, _), _v in top for x in (s, t)}
    shown = {
        node: sorted(members[node].items(), key=lambda kv: (-kv[1], kv[0]))
        for node in used
        if node in members
    }
    info = node_labels(conn, used | {m for v in shown.values() for m, _ in v[:MEMBERS_SHOWN]})
    for nid, inner in shown.items():
        if nid in info and info[nid]["label"] == nid and inner[0][0] in info:  # IGOUNO: the UN
            info[nid] = {**info[nid], "label": info[inner[0][0]]["label"]}
    degree: Counter[str] = Counter()
    out_edges = []
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
        inner = shown.get(nid, [])
        listed = [
            {"id": m, "name": info[m]["label"], "n": k}
            for m, k in inner[:MEMBERS_SHOWN]
            if m in info
        ]
        nodes.append({**info[nid], "n": degree[nid], "members": listed,
                      "member_count": len(inner)})  # fmt: skip
    return {"level": level, "nodes": nodes, "edges": out_edges}
