"""Offsets -> properly nested highlight tokens for the article page.

Entities, quotes and event evidence overlap freely (a mention inside a quote, a quote that
straddles an event trigger). HTML needs a tree, so spans that cross are split into pieces at
every boundary; each piece carries the same tooltip. The output is a flat list of tokens the
template renders with autoescaping: the text itself is never turned into markup here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# Wider kinds nest outside narrower ones when they cover the same text.
KIND_ORDER = {"quote": 0, "event": 1, "entity": 2}


@dataclass(frozen=True)
class Span:
    """One highlight: ``[start, end)`` in the article text."""

    start: int
    end: int
    kind: str  # quote | event | entity
    css: str  # extra class, e.g. the entity type
    tip: str  # tooltip text (plain, escaped by the template)
    href: str | None = None  # link target (actor page, why view)
    anchor: str | None = None  # element id for the first piece
    attrs: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class Token:
    """``open`` a span, ``text`` a run of characters, or ``close`` the innermost span."""

    op: Literal["open", "text", "close"]
    text: str = ""
    span: Span | None = None
    first: bool = False  # first piece of its span (gets the anchor id)
    link: bool = False  # render as a link (never a link inside a link)


def _sort_key(s: Span) -> tuple[int, int, int]:
    return (s.start, -s.end, KIND_ORDER.get(s.kind, 9))


def tokens(text: str, spans: list[Span]) -> list[Token]:
    """Nest ``spans`` over ``text``; drops spans that fall outside the text or are empty."""
    n = len(text)
    good = sorted((s for s in spans if 0 <= s.start < s.end <= n), key=_sort_key)
    cuts = sorted({0, n, *(s.start for s in good), *(s.end for s in good)})
    out: list[Token] = []
    stack: list[tuple[Span, bool]] = []  # open spans and whether each was opened as a link
    started: set[int] = set()
    active: list[Span] = []  # spans covering the current segment, in nesting order
    nxt = 0
    for a, b in zip(cuts, cuts[1:], strict=False):
        # Sweep: spans that began earlier sort before those starting here, so appending the
        # newcomers (already sorted) keeps the nesting order; finished spans drop out.
        active = [s for s in active if s.end > a]
        while nxt < len(good) and good[nxt].start == a:
            active.append(good[nxt])
            nxt += 1
        common = 0
        while common < len(stack) and common < len(active) and stack[common][0] is active[common]:
            common += 1
        while len(stack) > common:
            out.append(Token("close", link=stack.pop()[1]))
        for s in active[common:]:
            first = id(s) not in started
            started.add(id(s))
            link = bool(s.href) and not any(o.href for o, _ in stack)
            out.append(Token("open", span=s, first=first, link=link))
            stack.append((s, link))
        out.append(Token("text", text[a:b]))
    while stack:
        out.append(Token("close", link=stack.pop()[1]))
    return out


def _join(*parts: Any) -> str:
    return " · ".join(str(p) for p in parts if p)


def article_spans(view: Any) -> list[Span]:
    """Spans for an :class:`tidings.store.queries.ArticleView`: mentions, quotes, event triggers."""
    spans: list[Span] = []
    ents = {e["local_id"]: e for e in view.entities}
    for m in view.mentions:
        e = ents.get(m["local_id"], {})
        name = e.get("canonical_name") or e.get("name") or m.get("text")
        role = e.get("role") or e.get("canonical_role")
        country = e.get("country") or e.get("canonical_country")
        tip = _join(name, e.get("type"), role, country, e.get("actor_code"))
        spans.append(
            Span(
                m["start"],
                m["end"],
                "entity",
                f"t-{(e.get('type') or 'other').lower()}",
                tip,
                href=f"/actors/{m['entity_id']}" if m.get("entity_id") else None,
                attrs={"entity": m["entity_id"]} if m.get("entity_id") else {},
            )
        )
    for q in view.quotes:
        if q.get("start") is None or q.get("end") is None:
            continue
        who = q.get("speaker_name") or "unattributed"
        tip = _join(f"Quote ({'direct' if q.get('direct') else 'reported'})", f"speaker: {who}")
        spans.append(
            Span(
                q["start"],
                q["end"],
                "quote",
                "",
                tip,
                anchor=f"quote-{q['id']}",
                attrs={"quote": q["id"]},
            )
        )
    for ev in view.events:
        data = ev.get("data") or {}
        src = ", ".join(a.get("name", "") for a in data.get("source", [])) or ev.get("source_name")
        tgt = ", ".join(a.get("name", "") for a in data.get("target", [])) or ev.get("target_name")
        loc = (data.get("location") or {}).get("name") or ev.get("location_name")
        tip = _join(
            f"{ev['type']}" + (f" / CAMEO {ev['cameo']}" if ev.get("cameo") else ""),
            f"{src or '?'} → {tgt or '?'}",
            ev.get("date"),
            loc,
        )
        for i, evid in enumerate(ev.get("here") or []):
            if evid.get("start") is None:
                continue
            spans.append(
                Span(
                    evid["start"],
                    evid["end"],
                    "event",
                    f"q{ev.get('quad_class') or 0}",
                    tip,
                    href=f"#why-{ev['id']}",
                    anchor=f"ev-{ev['id']}" if i == 0 else None,
                    attrs={"event": ev["id"]},
                )
            )
    return spans
