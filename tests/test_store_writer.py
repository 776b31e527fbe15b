"""Schema, migrations and the idempotent writer, on SQLite and PostgreSQL (real articles)."""

from __future__ import annotations

from collections import Counter

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from store_corpus import dump_db
from tidings import kb
from tidings.store.db import connect, current_revision, head_revision
from tidings.store.fts import is_fts_object
from tidings.store.rows import article_rows, canonical_entity_id
from tidings.store.tables import (
    article_entities,
    articles,
    entities,
    event_actors,
    event_sources,
    events,
    metadata,
    quotes,
)
from tidings.store.writer import delete_article, store_article, store_articles, write_rows


def _count(engine, table) -> int:  # noqa: ANN001
    with engine.connect() as c:
        return c.execute(select(func.count()).select_from(table)).scalar_one()


def _fts_hits(engine, word: str) -> set[str]:  # noqa: ANN001
    from tidings.store.queries import search

    with engine.connect() as c:
        return {r["id"] for r in search(c, word, limit=100)}


def test_migration_builds_the_declared_schema(db_url: str) -> None:
    engine = connect(db_url)
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        ctx = MigrationContext.configure(
            conn, opts={"include_object": lambda o, n, t, r, c: not is_fts_object(n)}
        )
        assert compare_metadata(ctx, metadata) == []
        names = set(inspect(conn).get_table_names())
    assert {t.name for t in metadata.sorted_tables} <= names
    if engine.dialect.name == "sqlite":
        assert {"articles_fts", "quotes_fts"} <= names
    else:
        cols = {c["name"] for c in inspect(engine).get_columns("articles")}
        assert "tsv" in cols
    engine.dispose()
    # opening again is a no-op, not a second migration
    again = connect(db_url)
    with again.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    again.dispose()


def test_write_twice_changes_nothing(db_url: str, arts) -> None:  # noqa: ANN001
    engine = connect(db_url)
    with engine.begin() as c:
        for art in arts.values():
            write_rows(c, article_rows(art))
    first = dump_db(engine)
    with engine.begin() as c:
        for art in arts.values():
            write_rows(c, article_rows(art))
    assert dump_db(engine) == first
    assert len(first["articles"]) == len(arts)
    n_mentions = sum(
        len({(m.start, m.end) for e in a.entities for m in e.mentions}) for a in arts.values()
    )
    assert len(first["mentions"]) == n_mentions
    engine.dispose()


def test_entities_are_canonical_across_articles(db_url: str, arts) -> None:  # noqa: ANN001
    engine = connect(db_url)
    with engine.begin() as c:
        for art in arts.values():
            store_article(c, article_rows(art))
    per_article = Counter()
    for art in arts.values():
        for cid in {canonical_entity_id(e) for e in art.entities}:
            per_article[cid] += 1
    assert _count(engine, entities) == len(per_article)
    shared_ids = [cid for cid, n in per_article.items() if n > 1]
    assert shared_ids, "the test articles share no entity"
    with engine.connect() as c:
        for cid in shared_ids:
            n = c.execute(
                select(func.count(func.distinct(article_entities.c.article_id))).where(
                    article_entities.c.entity_id == cid
                )
            ).scalar_one()
            assert n == per_article[cid]
    engine.dispose()


def test_events_merge_across_reporting_articles(db_url: str, arts) -> None:  # noqa: ANN001
    ref = arts["ref"]
    copy = ref.model_copy(deep=True)  # the same story from a second outlet
    copy.id = "copy-" + ref.id[:10]
    copy.source = "elsewhere/pompeo.txt"
    copy.publisher = "Other Outlet"
    engine = connect(db_url)
    with engine.begin() as c:
        write_rows(c, article_rows(ref))
        write_rows(c, article_rows(copy))
    with engine.connect() as c:
        counts = dict(c.execute(select(events.c.id, events.c.mentions)).all())
        assert set(counts) == {e.id for e in ref.events}
        assert set(counts.values()) == {2}
        assert c.execute(select(func.count()).select_from(event_sources)).scalar_one() == 2 * len(
            ref.events
        )
        n_actors = sum(len(e.source) + len(e.target) for e in ref.events)
        assert c.execute(select(func.count()).select_from(event_actors)).scalar_one() == n_actors
    with engine.begin() as c:
        assert delete_article(c, copy.id)
    with engine.connect() as c:
        assert set(dict(c.execute(select(events.c.id, events.c.mentions)).all()).values()) == {1}
    with engine.begin() as c:
        delete_article(c, ref.id)
    assert _count(engine, events) == 0
    assert _count(engine, event_actors) == 0
    engine.dispose()


def test_reported_date_is_the_earliest_report(db_url: str, arts) -> None:  # noqa: ANN001
    """``events.reported_date`` follows the reporting articles as they come and go, in one
    batch or across batches."""
    ref = arts["ref"]
    earlier = ref.model_copy(deep=True)  # the same story, reported two days earlier elsewhere
    earlier.id, earlier.source = "early-" + ref.id[:10], "elsewhere/early.txt"
    earlier.published = "2001-02-03T10:00:00"
    undated = ref.model_copy(deep=True)
    undated.id, undated.source, undated.published = "nodate-" + ref.id[:9], "x/nodate.txt", None
    day = ref.published[:10]
    assert ref.events and day > "2001-02-03"
    engine = connect(db_url)

    def days() -> set[str | None]:
        with engine.connect() as c:
            return set(c.execute(select(events.c.reported_date)).scalars())

    with engine.begin() as c:
        write_rows(c, article_rows(undated))
    assert days() == {None}
    with engine.begin() as c:
        write_rows(c, article_rows(ref))  # a later batch: the known events learn their day
    assert days() == {day}
    with engine.begin() as c:
        store_articles(c, [article_rows(earlier)])
    assert days() == {"2001-02-03"}
    with engine.begin() as c:
        delete_article(c, earlier.id)
    assert days() == {day}
    with engine.begin() as c:  # both in one batch, on a fresh table
        delete_article(c, ref.id)
        delete_article(c, undated.id)
    assert _count(engine, events) == 0
    with engine.begin() as c:
        store_articles(c, [article_rows(a) for a in (ref, earlier, undated)])
    assert days() == {"2001-02-03"}
    engine.dispose()


def test_ingest_policy_unchanged_duplicate_updated(db_url: str, arts) -> None:  # noqa: ANN001
    ref = arts["ref"]
    engine = connect(db_url)
    with engine.begin() as c:
        assert store_article(c, article_rows(ref)) == "stored"
        assert store_article(c, article_rows(ref)) == "unchanged"
        dup = ref.model_copy(deep=True)
        dup.source = "mirror/" + ref.source
        assert store_article(c, article_rows(dup)) == "duplicate"
    assert _count(engine, articles) == 1
    # the source now says something else: the old text goes, the new one is searchable
    changed = ref.model_copy(deep=True)
    changed.id = "changed-" + ref.id[:8]
    changed.text = ref.text.replace("Sochi", "Zanzibarville")
    changed.events = []
    assert "zanzibarville" not in _fts_hits(engine, "zanzibarville")
    with engine.begin() as c:
        assert store_article(c, article_rows(changed)) == "updated"
    with engine.connect() as c:
        ids = [r[0] for r in c.execute(select(articles.c.id))]
        assert ids == [changed.id]
    assert _fts_hits(engine, "Zanzibarville") == {changed.id}
    assert _count(engine, events) == 0  # the old version's events had no other report
    engine.dispose()


def test_quotes_stored_with_speaker_entity(db_url: str, arts) -> None:  # noqa: ANN001
    ref = arts["ref"]
    engine = connect(db_url)
    with engine.begin() as c:
        write_rows(c, article_rows(ref))
        write_rows(c, article_rows(ref))
    with engine.connect() as c:
        rows = c.execute(select(quotes.c.text, quotes.c.start, quotes.c.speaker_entity_id)).all()
    assert len(rows) == len(ref.quotes)
    for words, start, speaker in rows:
        assert ref.text[start : start + len(words)] == words
        local = next(q.speaker for q in ref.quotes if q.text == words)
        ent = ref.entity(local) if local else None
        assert speaker == (canonical_entity_id(ent) if ent else None)
    engine.dispose()


def test_sqlite_fts_index_stays_consistent(tmp_path, arts) -> None:  # noqa: ANN001
    engine = connect(tmp_path / "fts.db")
    with engine.begin() as c:
        for art in arts.values():
            write_rows(c, article_rows(art))
        for art in arts.values():
            write_rows(c, article_rows(art))
        delete_article(c, arts["wn1"].id)
    with engine.connect() as c:
        for table in ("articles_fts", "quotes_fts"):
            c.execute(text(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"))
        n = c.execute(text("SELECT count(*) FROM articles_fts")).scalar_one()
    assert n == len(arts) - 1
    engine.dispose()


def test_batch_statuses(db_url: str, arts) -> None:  # noqa: ANN001
    from tidings.store.writer import store_articles

    ref, wh1 = arts["ref"], arts["wh1"]
    mirror = ref.model_copy(deep=True)
    mirror.source = "mirror.txt"
    engine = connect(db_url)
    with engine.begin() as c:
        got = store_articles(c, [article_rows(a) for a in (ref, mirror, ref, wh1)])
    assert got == ["stored", "duplicate", "unchanged", "stored"]
    with engine.begin() as c:
        got = store_articles(c, [article_rows(a) for a in (wh1, ref)], force=True)
    assert got == ["updated", "updated"]
    assert _count(engine, articles) == 2
    engine.dispose()


def test_old_database_is_upgraded_in_place(db_url: str, arts) -> None:  # noqa: ANN001
    from alembic import command
    from sqlalchemy import create_engine

    from tidings.store.db import _alembic_config

    old = create_engine(db_url)
    with old.begin() as conn:  # a database made by the first release
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with old.begin() as conn:
        assert current_revision(conn) == "0001"
        # what that release wrote: today's rows, less the columns added since (seq: the writer's)
        rows = article_rows(arts["ref"])
        for t in metadata.sorted_tables:
            if not inspect(conn).has_table(t.name):
                continue  # a table added since (actor_aliases)
            have = {c["name"] for c in inspect(conn).get_columns(t.name)}
            if rows.get(t.name):
                old_rows = [
                    {
                        **{k: v for k, v in r.items() if k in have},
                        **({"seq": n} if "seq" in have else {}),
                    }
                    for n, r in enumerate(rows[t.name], 1)
                ]
                pk = [c.name for c in t.primary_key]  # the writer merges repeated entities
                old_rows = list({tuple(r[k] for k in pk): r for r in old_rows}.values())
                conn.execute(t.insert(), old_rows)
        # that release named an entity after the last form written: Russia as "Russian"
        conn.execute(
            text("UPDATE entities SET name = 'Russian' WHERE country = 'RUS' AND type = 'GPE'")
        )
        # what the web UI of that release added when mounted: its own index, gone after 0003
        conn.execute(text("CREATE INDEX ix_web_events_type ON events (type, id)"))
        if conn.dialect.name == "sqlite":
            conn.execute(text("CREATE VIRTUAL TABLE web_articles_fts USING fts5(title, text)"))
            conn.execute(
                text(
                    "CREATE TRIGGER web_articles_fts_ai AFTER INSERT ON articles BEGIN "
                    "INSERT INTO web_articles_fts(title, text) VALUES (new.title, new.text); END"
                )
            )
    old.dispose()
    engine = connect(db_url)  # opening it migrates it
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision() != "0001"
        ctx = MigrationContext.configure(
            conn, opts={"include_object": lambda o, n, t, r, c: not is_fts_object(n)}
        )
        assert compare_metadata(ctx, metadata) == []
    assert _count(engine, articles) == 1
    assert _fts_hits(engine, "Sochi") == {arts["ref"].id}
    with engine.connect() as conn:  # undated events too are placed on the day first reported
        days = set(conn.execute(select(events.c.reported_date)).scalars())
        assert days == {arts["ref"].published[:10]}
        names = set(inspect(conn).get_table_names()) | {
            i["name"] for i in inspect(conn).get_indexes("events")
        }
        assert not {n for n in names if n.startswith(("web_", "ix_web_"))}
        # 0004 rebuilt the entity rows by the one rule and filled the own ids
        russia = conn.execute(
            select(entities.c.name, entities.c.type).where(entities.c.id == kb.country_actor("RUS"))
        ).one()
        assert tuple(russia) == ("Russia", "GPE")
        assert (
            conn.execute(
                select(func.count())
                .select_from(article_entities)
                .where(article_entities.c.own_id.is_(None))
            ).scalar_one()
            == 0
        )
    engine.dispose()


def test_sqlite_migration_is_all_or_nothing(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """A migration that dies half-way (kill, error) must not leave half a schema behind."""
    import pytest
    from sqlalchemy import create_engine

    from tidings.store import fts

    url = f"sqlite:///{tmp_path / 'half.db'}"
    monkeypatch.setattr(fts, "SQLITE", [*fts.SQLITE, "CREATE TABLE broken ("])
    with pytest.raises(Exception, match="syntax error|incomplete input"):
        connect(url)
    monkeypatch.undo()
    raw = create_engine(url)
    assert inspect(raw).get_table_names() == []
    raw.dispose()
    engine = connect(url)  # and the next run migrates normally
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
    engine.dispose()
