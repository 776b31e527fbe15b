"""The Spark job's engine-free core (no Spark here): WARC/JSONL/Parquet splitting, bad records,
and rows equal to what the local pipeline makes for the same articles."""

from __future__ import annotations

import gzip
import io
import json
from html import escape
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tidings import settings
from tidings.schema import Article, ReadError
from tidings.spark import records
from tidings.spark.schema import ERRORS, json_columns

INGESTED = "2026-01-01T00:00:00+00:00"


# ---------------------------------------------------------------- input builders (used by test_spark)


def corpus_articles(shared: Path) -> list[tuple[str, str, str, list[str]]]:
    """(stem, title, date, paragraphs) of the shared corpus articles, in name order."""
    out = []
    for path in sorted((shared / "corpus" / "articles").glob("*.txt")):
        lines = path.read_text("utf-8").splitlines()
        out.append((path.stem, lines[0], lines[1], [x for x in lines[2:] if x.strip()]))
    return out


def page_html(title: str, date: str, paragraphs: list[str]) -> bytes:
    """A news page as a site would serve it: head metadata, navigation, the article, a footer."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title>"
        f"<meta property='article:published_time' content='{date}T09:00:00Z'></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>Contact us</footer></body></html>"
    ).encode()


NON_ARTICLE = (
    b"<!DOCTYPE html><html><head><title>World news</title></head><body><header><nav>"
    b"<a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav></header>"
    b"<main><h1>World news</h1><ul><li><a href='/1'>Leaders meet in Geneva for talks on trade</a>"
    b"</li><li><a href='/2'>Floods hit the north of the country</a></li><li><a href='/3'>"
    b"Minister resigns after vote</a></li></ul></main><footer>Contact | Privacy</footer>"
    b"</body></html>"
)


def write_warc(
    path: Path, pages: list[tuple[str, bytes]], *, corrupt: int | None = None, extras: bool = True
) -> list[int]:
    """WARC(.gz) of HTML responses (plus a request, an image and a non-article page when
    ``extras``); the response at index ``corrupt`` is damaged on disk. Returns its offsets."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=path.name.endswith(".gz"))
    offsets = []

    def response(uri: str, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
        offsets.append(buf.tell())
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
        )

    if extras:
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
    for uri, body in pages:
        if extras and len(offsets) == 1:
            req = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True
            )
            writer.write_record(
                writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=req)
            )
        response(uri, body)
    if extras:
        response("https://example.org/logo.png", b"\x89PNG....", ctype="image/png")
        response("https://example.org/index", NON_ARTICLE)
    data = bytearray(buf.getvalue())
    if corrupt is not None:
        start = offsets[corrupt]
        end = offsets[corrupt + 1] if corrupt + 1 < len(offsets) else len(data)
        mid = (start + end) // 2
        data[mid : mid + 12] = b"\x00CORRUPTION\x00"
    path.write_bytes(bytes(data))
    return offsets


def write_jsonl(path: Path, arts: list[tuple[str, str, str, list[str]]], *, bad: bool) -> None:
    """JSONL dump (``.gz`` by name) with text records; ``bad`` adds a broken and a blank line."""
    lines = [
        json.dumps(
            {"url": f"https://example.org/{s}", "title": t, "date": d, "text": "\n\n".join(ps)}
        )
        for s, t, d, ps in arts
    ]
    if bad:
        lines[1:1] = ["{this is not json", ""]
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


def write_parquet(path: Path, arts: list[tuple[str, str, str, list[str]]], *, html: bool) -> None:
    """Parquet dump with an ``html`` (or ``maintext``, as in CC-News dumps) column."""
    cols: dict[str, list] = {"url": [], "title": [], "date_publish": []}
    body: list = []
    for s, t, d, ps in arts:
        cols["url"].append(f"https://example.org/{s}")
        cols["title"].append(t)
        cols["date_publish"].append(d)
        body.append(page_html(t, d, ps).decode() if html else "\n\n".join(ps))
    cols["html" if html else "maintext"] = body
    pq.write_table(pa.table(cols), path)


# ---------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def arts(shared: Path) -> list[tuple[str, str, str, list[str]]]:
    return corpus_articles(shared)


@pytest.mark.parametrize("reader", ["fastwarc", "warcio"])
@pytest.mark.parametrize("name", ["cc.warc.gz", "cc.warc"])
def test_warc_split_survives_a_corrupt_record(tmp_path, arts, monkeypatch, reader, name) -> None:
    monkeypatch.setenv("TIDINGS_WARC", reader)
    settings.reset()  # read again (and again after the test: see the autouse fixture)
    pages = [(f"https://example.org/{s}", page_html(t, d, ps)) for s, t, d, ps in arts[:5]]
    path = tmp_path / name
    offsets = write_warc(path, pages, corrupt=2)
    raws = list(records.split_input(str(path)))
    html = [r for r in raws if r["kind"] == "html"]
    errors = [r for r in raws if r["kind"] == "error"]
    # every intact page, including those after the damaged one, comes through in order
    assert [r["url"] for r in html] == [u for i, (u, _) in enumerate(pages) if i != 2] + [
        "https://example.org/index"
    ]
    assert [r["source"] for r in html[:2]] == [f"{path}#{offsets[0]}", f"{path}#{offsets[1]}"]
    assert html[0]["payload"] == pages[0][1]
    by_source = {r["source"]: r["reason"] for r in errors}
    assert "corrupt WARC record" in by_source[f"{path}#{offsets[2]}"]
    assert "Content-Type image/png" in by_source[f"{path}#{offsets[5]}"]
    # nothing else is blamed, except (rarely, when damaged gzip data inflates into a bogus
    # record) more offsets inside the damaged record
    for err in errors:
        off = int(err["source"].rsplit("#", 1)[1])
        assert off == offsets[5] or offsets[2] <= off < offsets[3], err
    assert len(by_source) == len(errors)  # one error per offset


@pytest.mark.parametrize("reader", ["fastwarc", "warcio"])
@pytest.mark.parametrize("name", ["cc.warc.gz", "cc.warc"])
def test_damaged_warc_same_articles_locally_and_in_spark(tmp_path, arts, reader, name) -> None:
    """One WARC reader: ``tidings read``/``ingest`` (read_paths) and the Spark job's records
    path give the same articles, in the same order, from a WARC whose third page is damaged
    (a corrupt gzip member in the middle of a .warc.gz; a block digest mismatch in a .warc),
    and the same one-line reasons for what they leave out."""
    from tidings.read import read, read_paths

    pages = [(f"https://example.org/{s}", page_html(t, d, ps)) for s, t, d, ps in arts[:5]]
    path = tmp_path / name
    offsets = write_warc(path, pages, corrupt=2)
    with settings.override(warc_backend=reader):
        local = list(read_paths([path]))
        spark = [rec for _, rec in records.articles_from(records.split_input(str(path)))]

    def articles(recs: list) -> list[tuple[str, str, str | None]]:
        return [(a.id, a.source, a.url) for a in recs if isinstance(a, Article)]

    # every intact page, those after the damaged one included, in file order
    want_ids = [read(body).id for i, (_, body) in enumerate(pages) if i != 2]
    assert [a[0] for a in articles(local)] == want_ids
    assert articles(spark) == articles(local)
    assert [a.source for a in local if isinstance(a, Article)][:2] == [
        f"{path}#{offsets[0]}",
        f"{path}#{offsets[1]}",
    ]
    assert all(a.format == "warc" for a in local if isinstance(a, Article))
    errors = {e.source: e.reason for e in local if isinstance(e, ReadError)}
    assert errors == {e.source: e.reason for e in spark if isinstance(e, ReadError)}
    assert "corrupt WARC record" in errors[f"{path}#{offsets[2]}"]
    assert errors[f"{path}#{offsets[5]}"] == "not an HTML page (Content-Type image/png)"
    assert errors[f"{path}#{offsets[6]}"].startswith("not an article page (")


def test_damaged_warc_gz_on_stdin_or_without_its_name(tmp_path, arts) -> None:
    """The content decides, not the name: the same damaged .warc.gz piped to ``tidings read -``
    or saved as ``crawl.gz`` gives the same pages (sources ``-#offset`` on stdin)."""
    from click.testing import CliRunner

    from tidings.cli import main
    from tidings.read import read_paths

    pages = [(f"https://example.org/{s}", page_html(t, d, ps)) for s, t, d, ps in arts[:4]]
    path = tmp_path / "cc.warc.gz"
    offsets = write_warc(path, pages, corrupt=1, extras=False)
    want = [(a.id, a.source) for a in read_paths([path]) if isinstance(a, Article)]
    assert [src for _, src in want] == [f"{path}#{offsets[i]}" for i in (0, 2, 3)]
    renamed = path.rename(tmp_path / "crawl.gz")
    got = [(a.id, a.source) for a in read_paths([renamed]) if isinstance(a, Article)]
    assert got == [(i, s.replace(str(path), str(renamed))) for i, s in want]
    result = CliRunner().invoke(
        main, ["read", "-", "--format", "jsonl"], input=renamed.read_bytes()
    )
    piped = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert [(r["id"], r["source"]) for r in piped] == [
        (i, f"-#{s.rsplit('#', 1)[1]}") for i, s in want
    ]
    assert result.exit_code == 1  # the damaged record is reported
    assert f"-#{offsets[1]}: corrupt WARC record" in result.stderr


def test_jsonl_gz_lines_and_bad_line(tmp_path, arts) -> None:
    path = tmp_path / "dump.jsonl.gz"
    write_jsonl(path, arts[:3], bad=True)
    raws = list(records.split_input(str(path), file_no=3))
    # line numbers count the blank line, as the local reader does
    assert [r["source"] for r in raws] == [f"{path}#{i}" for i in (1, 2, 4, 5)]
    assert [r["order"] for r in raws] == sorted(r["order"] for r in raws)
    assert raws[2]["order"].startswith("0000003/0000000000004/")
    read = [rec for raw in raws for rec in records.read_raw(raw)]
    assert [type(r).__name__ for r in read] == ["Article", "ReadError", "Article", "Article"]
    assert read[1].source == f"{path}#2" and read[1].reason.startswith("not valid JSON (")
    assert read[0].title == arts[0][1] and read[0].url == f"https://example.org/{arts[0][0]}"


def test_parquet_rows_are_read_by_the_reader(tmp_path, arts) -> None:
    path = tmp_path / "x.parquet"
    write_parquet(path, arts[:2], html=False)  # CC-News names: maintext, date_publish
    pq.write_table(
        pa.concat_tables(
            [pq.read_table(path), pa.table({"url": ["u"], "title": ["t"], "date_publish": ["d"]})],
            promote_options="default",
        ),
        path,
    )
    raws = list(records.split_input(str(path)))
    assert [r["source"] for r in raws] == [f"{path}#{i}" for i in (1, 2, 3)]
    read = [rec for raw in raws for rec in records.read_raw(raw)]
    assert read[0].title == arts[0][1] and read[0].published == arts[0][2]
    assert read[0].paragraphs[-1] == arts[0][3][-1]
    assert read[2].reason == "record has no text or html field"  # the reader's own words


def test_missing_file_is_an_error_not_a_crash(tmp_path) -> None:
    (raw,) = records.split_input(str(tmp_path / "nope.html"))
    assert raw["kind"] == "error" and raw["reason"] == "no such file"


def _local_rows(articles) -> dict[str, list[dict]]:
    """What the local pipeline makes: process() + article_rows(), JSON columns as text."""
    from tidings.pipeline import process
    from tidings.store.rows import article_rows

    out: dict[str, list[dict]] = {}
    for art in process(articles):
        for table, rows in article_rows(art, ingested_at=INGESTED).items():
            for row in rows:
                out.setdefault(table, []).append(
                    {
                        k: json.dumps(v, ensure_ascii=False, sort_keys=True)
                        if k in json_columns()[table] and v is not None
                        else v
                        for k, v in row.items()
                    }
                )
    return out


def test_core_rows_equal_local_pipeline(tmp_path, arts) -> None:
    """Dump lines and single pages give the rows of the local pipeline, page for page: a
    section front given as a file is read as the local reader reads it (only a WARC crawl's
    link pages are skipped, by the one WARC reader, in both paths)."""
    from tidings.read import read_paths

    jsonl = tmp_path / "dump.jsonl"
    write_jsonl(jsonl, arts[10:13], bad=False)
    page = tmp_path / "page.html"
    page.write_bytes(page_html(*arts[13][1:]))
    (tmp_path / "index.html").write_bytes(NON_ARTICLE)
    inputs = [jsonl, page, tmp_path / "index.html"]

    got: dict[str, list[dict]] = {}
    for row in records.rows_from_inputs([str(p) for p in inputs], ingested_at=INGESTED):
        table = row["_table"]
        got.setdefault(table, []).append(
            {k: v for k, v in row.items() if not k.startswith("_") and v is not None}
        )
    local = [r for p in inputs for r in read_paths([p])]
    assert all(isinstance(a, Article) for a in local) and len(local) == 5
    want = _local_rows(local)
    for table, rows in want.items():
        assert [{k: v for k, v in r.items() if v is not None} for r in rows] == got.get(
            table, []
        ), table
    assert want["entities"] and want["mentions"]  # real NER output was compared
    assert ERRORS not in got
