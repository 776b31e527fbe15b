"""Article record -> table rows. Shared by the local store and the Spark job (one code path).

Canonical entity ids are the knowledge-base id when the actor is known, else a hash of
(type, normalised name, country), so the same actor gets the same id in every article. A
country named by a form the KB does not list ("Americans": a NORP whose actor code is its
country) is that country's KB entry. People are merged across articles later, by the store
(:mod:`tidings.store.identity`); ``own_id`` columns keep the id an article gave.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from tidings import kb
from tidings.schema import Article, Entity, Event, Quote
from tidings.store.canonical import appearances, entity_row, kb_id_of, node_of

Rows = dict[str, list[dict[str, Any]]]
#: The tables an article's rows go to, in the order they are written.
TABLE_ORDER = (
    "articles",
    "entities",
    "article_entities",
    "mentions",
    "quotes",
    "events",
    "event_actors",
    "event_sources",
)


def canonical_entity_id(ent: Entity) -> str:
    """Same real-world actor -> same id across articles."""
    if ent.kb_id:
        return ent.kb_id
    country = ent.country
    if ent.type in {"GPE", "NORP"} and country and ent.actor_code == country:
        found = kb.country_actor(country) if kb.country_iso3(ent.name) == country else None
        if found:
            return found
    key = f"{ent.type}|{' '.join(ent.name.lower().split())}|{ent.country or ''}"
    return "x" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15]


def _date10(value: str | None) -> str | None:
    return value[:10] if value and len(value) >= 10 else None


def event_row(ev: Event, local_to_canonical: dict[str, str]) -> dict[str, Any]:
    """The ``events`` row for one event (first source/target flattened for filtering)."""
    src = ev.source[0] if ev.source else None
    tgt = ev.target[0] if ev.target else None
    loc = ev.location
    src_id = local_to_canonical.get(src.entity) if src and src.entity else None
    tgt_id = local_to_canonical.get(tgt.entity) if tgt and tgt.entity else None
    return {
        "id": ev.id,
        "type": ev.type,
        "mode": ev.mode,
        "cameo": ev.cameo,
        "cameo_root": ev.cameo[:2] if ev.cameo else None,
        "quad_class": ev.quad_class,
        "goldstein": ev.goldstein,
        "source_entity_id": src_id,
        "source_name": src.name if src else None,
        "source_country": src.country if src else None,
        "source_code": src.actor_code if src else None,
        "target_entity_id": tgt_id,
        "target_name": tgt.name if tgt else None,
        "target_country": tgt.country if tgt else None,
        "target_code": tgt.actor_code if tgt else None,
        "source_node": node_of(src_id, src.actor_code) if src else None,
        "target_node": node_of(tgt_id, tgt.actor_code) if tgt else None,
        "date": ev.date,
        "date_precision": ev.date_precision,
        "location_name": loc.name if loc else None,
        "location_country": loc.country if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "modality": ev.modality,
        "rule": ev.rule,
        "confidence": ev.confidence,
        "mentions": ev.mentions,
        "data": ev.model_dump(mode="json"),
    }


def event_actor_rows(ev: Event, local_to_canonical: dict[str, str]) -> list[dict[str, Any]]:
    """One ``event_actors`` row per source and target actor of the event."""
    out = []
    for role, actors in (("source", ev.source), ("target", ev.target)):
        for pos, actor in enumerate(actors):
            out.append(
                {
                    "event_id": ev.id,
                    "role": role,
                    "position": pos,
                    "entity_id": local_to_canonical.get(actor.entity) if actor.entity else None,
                    "own_id": local_to_canonical.get(actor.entity) if actor.entity else None,
                    "name": actor.name,
                    "country": actor.country,
                    "actor_code": actor.actor_code,
                }
            )
    return out


def article_row(article: Article, ingested_at: str | None = None) -> dict[str, Any]:
    """The ``articles`` row: the read record, its date evidence, when it was ingested."""
    evidence = article.published_evidence
    return {
        "id": article.id,
        "source": article.source,
        "format": article.format,
        "url": article.url,
        "title": article.title,
        "publisher": article.publisher,
        "byline": article.byline,
        "dateline": article.dateline,
        "published": article.published,
        "published_date": _date10(article.published),
        "language": article.language,
        "text": article.text,
        "tags": article.tags,
        "subheadings": article.subheadings,
        "paragraphs": article.paragraphs,
        "published_evidence": evidence.model_dump(mode="json") if evidence else None,
        "warnings": article.warnings,
        "duplicate_of": article.duplicate_of,
        "meta": article.meta,
        "ingested_at": ingested_at or datetime.now(UTC).isoformat(timespec="seconds"),
    }


def entity_rows(ent: Entity, cid: str, article: Article) -> Rows:
    """One entity of an article: its ``article_entities`` row and one ``mentions`` row per
    distinct span (the canonical ``entities`` row is built from the links: :func:`article_rows`)."""
    link = {
        "article_id": article.id,
        "local_id": ent.id,
        "entity_id": cid,
        "own_id": cid,
        "name": ent.name,
        "type": ent.type,
        "role": ent.role,
        "country": ent.country,
        "actor_code": ent.actor_code,
        "lat": ent.lat,
        "lon": ent.lon,
        "published_date": _date10(article.published),
    }
    seen: set[tuple[int, int]] = set()
    mentions = []
    for m in ent.mentions:
        if (m.start, m.end) in seen:
            continue
        seen.add((m.start, m.end))
        mentions.append(
            {
                "article_id": article.id,
                "start": m.start,
                "end": m.end,
                "local_id": ent.id,
                "entity_id": cid,
                "text": m.text,
                "kind": m.kind,
            }
        )
    return {"article_entities": [link], "mentions": mentions}


def quote_row(q: Quote, article: Article, local_to_canonical: dict[str, str]) -> dict[str, Any]:
    """The ``quotes`` row of one quotation (speaker as local and canonical entity)."""
    return {
        "article_id": article.id,
        "id": q.id,
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "direct": q.direct,
        "speaker_local_id": q.speaker,
        "speaker_entity_id": local_to_canonical.get(q.speaker) if q.speaker else None,
        "speaker_name": q.speaker_name,
        "cue": q.cue,
        "confidence": q.confidence,
        "published_date": _date10(article.published),
    }


def event_source_row(ev: Event, article: Article) -> dict[str, Any]:
    """The ``event_sources`` row: this article reports this event, with the evidence."""
    return {
        "event_id": ev.id,
        "article_id": article.id,
        "quote_id": ev.quote,
        "evidence": [e.model_dump(mode="json") for e in ev.evidence],
    }


def article_rows(article: Article, *, ingested_at: str | None = None) -> Rows:
    """All rows one article contributes, keyed by table name (tables in writing order)."""
    local_to_canonical = {e.id: canonical_entity_id(e) for e in article.entities}
    rows: Rows = {t: [] for t in TABLE_ORDER}
    rows["articles"].append(article_row(article, ingested_at))
    for ent in article.entities:
        for table, table_rows in entity_rows(ent, local_to_canonical[ent.id], article).items():
            rows[table].extend(table_rows)
    links: dict[str, list[dict[str, Any]]] = {}
    for link in rows["article_entities"]:
        links.setdefault(link["entity_id"], []).append(link)
    rows["entities"] = [
        entity_row(cid, appearances(group), kb_id_of(cid)) for cid, group in links.items()
    ]
    rows["quotes"] = [quote_row(q, article, local_to_canonical) for q in article.quotes]
    for ev in article.events:
        rows["events"].append(event_row(ev, local_to_canonical))
        rows["event_actors"].extend(event_actor_rows(ev, local_to_canonical))
        rows["event_sources"].append(event_source_row(ev, article))
    return rows
