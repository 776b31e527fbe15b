"""The actor network: actors as nodes, (source, target, quad class) event counts as edges.

Edges count each event once, under its first source and first target: the whole collection
from the ``pair_counts`` and ``node_members`` summaries (:mod:`tidings.store.summary`; the
same counts, kept by the database), a filtered network from a covering index on ``events``. ``level="code"`` (the default) makes every actor with a code key the node of that key
(:mod:`tidings.store.queries.codes`: RUS, RUSGOV, USAGOV ...), listing the entities inside it;
``level="entity"``: one node per canonical entity. Filters are an
:class:`~tidings.store.queries.filters.EventFilter`, as for ``tidings events``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import Connection, desc, func, select, text

from tidings.store.queries.codes import is_code_key, node_column, node_labels
from tidings.store.queries.events import event_conditions
from tidings.store.queries.filters import EventFilter
from tidings.store.tables import events, node_members, pair_counts

MEMBERS_SHOWN = 8
#: code node -> (its busiest MEMBERS_SHOWN entities with their events, how many entities)
Members = dict[str, tuple[list[tuple[str, int]], int]]


def network(
    conn: Connection, f: EventFilter | None = None, *, max_edges: int = 200, level: str = "code"
) -> dict[str, Any]:
    """``{"nodes": [...], "edges": [...]}``, the busiest ``max_edges`` edges first; a code
    node lists the entities inside it (``members``: id, name, events), busiest first."""
    src, tgt = node_column("source", level), node_column("target", level)
    filtered = event_conditions(conn, f or EventFilter())
    conds = [src.is_not(None), tgt.is_not(None), *filtered]
    if filtered:
        n = func.count().label("n")
        quad = events.c.quad_class
        rows = conn.execute(
            select(src, tgt, quad, n, func.sum(events.c.goldstein))
            .where(*conds)
            .group_by(src, tgt, quad)
            .order_by(desc(n), src, tgt, quad)
            .limit(max_edges)
        ).all()
    else:  # the whole collection: its summary (tidings.store.summary), the same counts
        pc = pair_counts.c
        rows = conn.execute(
            select(pc.source, pc.target, pc.quad, pc.n, pc.goldstein)
            .where(pc.level == ("code" if level == "code" else "entity"))
            .order_by(desc(pc.n), pc.source, pc.target, pc.quad)
            .limit(max_edges)
        ).all()
    used = {x for r in rows for x in (r[0], r[1])}
    codes = {u for u in used if is_code_key(u)}
    members = _members(conn, codes, conds, filtered) if level == "code" else {}
    info = node_labels(conn, used | {m for top, _ in members.values() for m, _ in top})
    for nid, (inner, _) in members.items():
        if nid in info and info[nid]["label"] == nid and inner[0][0] in info:  # IGOUNO: the UN
            info[nid] = {**info[nid], "label": info[inner[0][0]]["label"]}
    degree: Counter[str] = Counter()
    out_edges = []
    for s, t, q, count, gold in rows:
        if s not in info or t not in info:
            continue
        degree[s] += count
        degree[t] += count
        out_edges.append({"source": s, "target": t, "source_label": info[s]["label"],
                          "target_label": info[t]["label"], "quad": q or 0, "n": count,
                          "goldstein": round(gold or 0.0, 1)})  # fmt: skip
    nodes = []
    for nid in sorted(degree, key=lambda k: (-degree[k], k)):
        inner, total = members.get(nid, ([], 0))
        listed = [{"id": m, "name": info[m]["label"], "n": k} for m, k in inner if m in info]
        nodes.append({**info[nid], "n": degree[nid], "members": listed,
                      "member_count": total})  # fmt: skip
    return {"level": level, "nodes": nodes, "edges": out_edges}


def _members(conn: Connection, codes: set[str], conds: list, filtered: list) -> Members:
    """Code node -> (its busiest ``MEMBERS_SHOWN`` entities with their events, the number of
    entities): the entities that were its first source or target. Without filters from the
    ``node_members`` summary: each node's busiest are the last entries of its range of
    ``ix_node_members_node_n`` (a walk of a few rows per node, whatever its size)."""
    if not codes:
        return {}
    if not filtered:
        return _members_from_summary(conn, sorted(codes))
    acc: dict[str, Counter[str]] = defaultdict(Counter)
    for role in ("source", "target"):
        node, ent = events.c[f"{role}_node"], events.c[f"{role}_entity_id"]
        stmt = (
            select(node, ent, func.count())
            .where(node.in_(sorted(codes)), ent.is_not(None), *conds)
            .group_by(node, ent)
        )
        for nid, eid, k in conn.execute(stmt):
            acc[nid][eid] += k
    return {
        k: (sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[:MEMBERS_SHOWN], len(v))
        for k, v in acc.items()
    }


#: nodes per statement of :func:`_members_from_summary` (SQLite allows 500 terms in a UNION)
NODES_PER_STATEMENT = 100


def _members_from_summary(conn: Connection, codes: list[str]) -> Members:
    """:func:`_members` of the whole collection: per node, one ordered, limited read of its
    index range (a ``UNION ALL`` of them), and the number of its members (index only)."""
    nm = node_members.c
    out: Members = {}
    for i in range(0, len(codes), NODES_PER_STATEMENT):
        chunk = codes[i : i + NODES_PER_STATEMENT]
        totals = dict(
            conn.execute(
                select(nm.node, func.count()).where(nm.node.in_(chunk)).group_by(nm.node)
            ).all()
        )
        present = [code for code in chunk if code in totals]
        if not present:
            continue
        rows = conn.execute(*_top_members_sql(conn.dialect.name, present)).all()
        for nid, eid, k in sorted(rows, key=lambda r: (r[0], -r[2], r[1])):
            out.setdefault(nid, ([], int(totals[nid])))[0].append((eid, int(k)))
    return out


def _top_members_sql(dialect: str, nodes: list[str]) -> tuple[Any, dict[str, Any]]:
    """The statement (and its parameters) reading each node's busiest members: one ordered,
    limited read of the node's index range per node. PostgreSQL: a ``LATERAL`` join over the
    nodes (a ``UNION ALL`` of a hundred selects took 27 ms to plan); SQLite, which has no
    ``LATERAL``: the ``UNION ALL``, in plain SQL (building a hundred SQLAlchemy selects cost
    more than running them)."""
    inner = (
        "SELECT {cols} FROM node_members WHERE node = {node} ORDER BY n DESC, entity_id LIMIT :k"
    )
    if dialect == "postgresql":
        sql = (
            "SELECT v.node, m.entity_id, m.n FROM unnest(CAST(:nodes AS text[])) AS v(node) "
            f"CROSS JOIN LATERAL ({inner.format(cols='entity_id, n', node='v.node')}) AS m"
        )
        return text(sql), {"nodes": nodes, "k": MEMBERS_SHOWN}
    one = f"SELECT * FROM ({inner.format(cols='node, entity_id, n', node=':n{i}')}) AS top{{i}}"
    sql = " UNION ALL ".join(one.replace("{i}", str(i)) for i in range(len(nodes)))
    return text(sql), {**{f"n{i}": node for i, node in enumerate(nodes)}, "k": MEMBERS_SHOWN}
