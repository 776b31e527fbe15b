"""HTML, JSONL(.gz), WARC(.gz), stdin, sniffing, duplicates: real files made in tmp_path."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.read import ReadFailure, read, read_paths, read_record
from tidings.schema import Article, ReadError

PARAS = [
    "SOCHI, Russia (AP) — Russia's foreign minister said on Tuesday that Moscow would welcome "
    "a formal request for a meeting between the two presidents at the summit in June.",
    "The two ministers spoke for more than three hours at a government residence on the Black "
    "Sea coast, officials from both delegations said after the talks ended.",
    "Neither side announced an agreement, but both described the conversation as frank and "
    "said working groups on arms control would meet again before the end of the month.",
    "Officials said the next round of consultations would take place in Geneva.",
]

ARMS = (
    "Arms control experts said the talks were the first at this level in two years and that "
    "expectations on both sides had been kept deliberately low."
)


def page(paras: list[str] = PARAS, *, jsonld: bool = True) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Ministers hold frank talks on the Black Sea coast",
        "datePublished": "2019-05-14T20:07:00+00:00",
        "dateModified": "2019-05-15T08:00:00+00:00",
        "author": {"@type": "Person", "name": "Irina Volkova"},
        "publisher": {"@type": "Organization", "name": "Example Wire"},
        "articleSection": "World",
    }
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if jsonld else ""
    body = "".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html><html><head><title>Ministers hold frank talks | Example Wire</title>
<meta property="og:site_name" content="Example Wire">
<meta property="og:title" content="Ministers hold frank talks on the Black Sea coast">
{script}</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<span class="clock"><time datetime="2026-11-26T10:41:00Z">Live 10:41</time></span></header>
<article><h1>Ministers hold frank talks on the Black Sea coast</h1>
<div class="byline">By Irina Volkova</div>{body}
<h2>Arms control</h2><p>{ARMS}</p></article>
<aside class="related"><h3>Related</h3><ul>
<li><a href="/a">Earlier talks ended without a deal</a> <time datetime="2018-03-20">20 March 2018</time></li>
</ul></aside><footer>Copyright Example Wire</footer></body></html>"""


def test_html_page_metadata_and_body(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"  # the extension lies: the content says HTML
    path.write_text(page(), "utf-8")
    art = read(path)
    assert art.format == "html"
    assert art.title == "Ministers hold frank talks on the Black Sea coast"
    assert art.publisher == "Example Wire"
    assert art.byline == "Irina Volkova"
    assert art.dateline == "Sochi"
    assert art.published == "2019-05-14T20:07:00+00:00"
    assert art.published_evidence.source == "json-ld datePublished"
    rejected = {r.value: r.reason for r in art.published_evidence.rejected}
    assert "modification" in rejected["2019-05-15T08:00:00+00:00"]
    # The related story's <time> (and its date as shown, read after the headline) both lose.
    old = [r for r in art.published_evidence.rejected if r.value == "2018-03-20"]
    assert any(r.kind == "<time> in aside" and "related" in r.reason for r in old)
    assert all("day score" in r.reason for r in old)
    assert art.paragraphs[0].startswith("SOCHI, Russia (AP)")
    assert "Copyright" not in art.text and "Earlier talks" not in art.text
    assert art.language == "en"


def test_html_without_declared_date_uses_htmldate(tmp_path: Path) -> None:
    html = page(jsonld=False).replace(
        "<article>", '<article><p class="date">Published 14 May 2019</p>'
    )
    art = read(html.encode("utf-8"))
    assert art.published == "2019-05-14"
    assert art.published_evidence.source == "htmldate"


def test_html_with_no_article_fails(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", "utf-8")
    with pytest.raises(ReadFailure, match="no article text"):
        read(path)


CC_NEWS = {
    "url": "https://wire.example/2019/05/14/talks",
    "title": "Ministers hold frank talks on the Black Sea coast",
    "maintext": "\n".join(PARAS),
    "date_publish": "2019-05-14 20:07:00",
    "date_download": "2019-05-15 03:00:00",
    "source_domain": "wire.example",
    "authors": ["Irina Volkova"],
    "language": "en",
}


def test_read_record_cc_news_shape() -> None:
    art = read_record(CC_NEWS, "dump.jsonl#1")
    assert art.format == "jsonl"
    assert art.title == CC_NEWS["title"]
    assert art.url == CC_NEWS["url"]
    assert art.published == "2019-05-14T20:07:00"
    assert art.published_evidence.source == "record field date_publish"
    assert art.publisher == "wire.example"
    assert art.byline == "Irina Volkova"
    assert art.dateline == "Sochi"
    assert len(art.paragraphs) == 4 and CC_NEWS["title"] not in art.text


def test_read_record_html_field() -> None:
    art = read_record({"url": "https://x.example/a", "html": page()}, "rows#3")
    assert art.title and art.published == "2019-05-14T20:07:00+00:00" and art.format == "jsonl"


def test_jsonl_gz_dump_with_a_bad_line(tmp_path: Path) -> None:
    other = dict(CC_NEWS, maintext="A different story entirely. " * 12, title="Other story")
    lines = [json.dumps(CC_NEWS), "{not json", json.dumps({"url": "x"}), json.dumps(other)]
    path = tmp_path / "dump.data"  # no telling extension: sniffed as gzip -> jsonl
    path.write_bytes(gzip.compress("\n".join(lines).encode("utf-8")))
    recs = list(read_paths([path]))
    assert [type(r).__name__ for r in recs] == ["Article", "ReadError", "ReadError", "Article"]
    assert recs[1].source.endswith("#2") and "not valid JSON" in recs[1].reason
    assert "no text or html" in recs[2].reason
    assert recs[3].title == "Other story"


def test_truncated_gzip_keeps_records_before_the_break(tmp_path: Path) -> None:
    many = "\n".join(
        json.dumps(dict(CC_NEWS, title=f"Story {i}", maintext=f"Story number {i} text. " * 40))
        for i in range(200)
    ).encode("utf-8")
    data = gzip.compress(many)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    recs = list(read_paths([path]))
    assert isinstance(recs[-1], ReadError) and "truncated" in recs[-1].reason
    good = [r for r in recs if isinstance(r, Article)]
    assert 0 < len(good) < 200


def _warc(path: Path, pages: list[tuple[str, str]], gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for url, html in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(html.encode("utf-8")),
                    http_headers=headers,
                )
            )
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://wire.example/logo.png",
                "response",
                payload=io.BytesIO(b"\x89PNG"),
                http_headers=image,
            )
        )


@pytest.mark.parametrize("gz", [True, False])
def test_warc_html_responses(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    second = page([p.replace("Tuesday", "Wednesday") + " More." for p in PARAS[1:]])
    _warc(path, [("https://wire.example/a", page()), ("https://wire.example/b", second)], gz)
    *arts, image = list(read_paths([path]))
    assert all(isinstance(r, Article) for r in arts), arts
    assert [r.url for r in arts] == ["https://wire.example/a", "https://wire.example/b"]
    assert all(r.format == "warc" for r in arts)
    # every record is named by its byte offset, as the Spark job names it
    assert arts[0].source == f"{path}#0" and arts[1].source.startswith(f"{path}#")
    # a response that is not a page is reported (one line), not silently dropped
    assert isinstance(image, ReadError) and image.source.startswith(f"{path}#")
    assert image.reason == "not an HTML page (Content-Type image/png)"


def test_warc_over_the_file_size_limit_is_streamed(tmp_path: Path) -> None:
    """A WARC (like a 1 GB CC-News file) is read record by record: the 50 MB limit is for
    one-document files. Here a sparse zero tail takes the file past 51 MB."""
    path = tmp_path / "big.warc"
    _warc(path, [("https://wire.example/a", page())], gz=False)
    with path.open("r+b") as fh:
        fh.truncate(51 * 1024 * 1024)
    recs = list(read_paths([path]))
    assert isinstance(recs[0], Article) and recs[0].url == "https://wire.example/a"
    assert not any("50 MB" in getattr(r, "reason", "") for r in recs)


def test_duplicates_exact_and_near(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(page(), "utf-8")
    (tmp_path / "b.html").write_text(page(), "utf-8")  # same article read twice
    syndicated = page([*PARAS[:3], "Officials said the next round would be held in Vienna."])
    (tmp_path / "c.html").write_text(syndicated.replace("Example Wire", "Other Daily"), "utf-8")
    other = page(["A completely unrelated story about river floods in the north. " * 4])
    (tmp_path / "d.html").write_text(other, "utf-8")
    a, b, c, d = list(read_paths([tmp_path]))
    assert a.duplicate_of is None and b.duplicate_of == a.id == b.id
    assert c.id != a.id and c.duplicate_of == a.id
    assert d.duplicate_of is None


def test_cli_stdin_and_exit_status(tmp_path: Path, reference_article: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main, ["read", "-", "--format", "jsonl"], input=reference_article.read_bytes()
    )
    assert result.exit_code == 0, result.output
    rec = json.loads(result.stdout.splitlines()[0])
    assert rec["title"] == "Pompeo and Lavrov Meeting Updates Look Promising"
    assert rec["source"] == "-"


def test_relative_date_anchored_to_crawl_time() -> None:
    rec = {
        "url": "https://wire.example/talks",
        "text": "Ministers hold frank talks\n2 hours ago\n\n" + "\n\n".join(PARAS),
        "date_download": "2019-05-14T22:07:00",
    }
    art = read_record(rec, "dump#1")
    assert art.title == "Ministers hold frank talks"
    assert art.published == "2019-05-14T20:07:00"
    assert "2 hours ago" not in art.text


def test_lines_repeated_across_a_batch_are_chrome(tmp_path: Path) -> None:
    footer = (
        "The Valley Courier is an independent newspaper owned by its readers since 1921, "
        "and it relies on subscriptions to pay its reporters."
    )
    for i in range(5):
        body = "\n\n".join(
            f"Story {i} paragraph {k} says the council met on Tuesday to discuss item {k}."
            for k in range(3)
        )
        (tmp_path / f"s{i}.txt").write_text(f"Story {i} headline here\n\n{body}\n\n{footer}\n")
    alone = read(tmp_path / "s0.txt")
    assert footer in alone.paragraphs  # one page alone cannot tell it from the story
    recs = list(read_paths([tmp_path]))
    assert all(footer not in r.paragraphs for r in recs)
    assert all(len(r.paragraphs) == 3 for r in recs)


def test_live_clock_at_crawl_time_loses() -> None:
    from datetime import datetime

    from tidings.read.html import read_html

    html = (
        page(jsonld=False)
        .replace(
            "<article>",
            '<article><p class="date"><time datetime="2019-05-14">14 May 2019</time></p>',
        )
        .replace("2026-11-26T10:41:00Z", "2019-05-20T03:00:00Z")
    )
    art = read_html(html, "w#1", crawl_time=datetime(2019, 5, 20, 3, 10))
    assert art.published == "2019-05-14"
    reasons = {r.value: r.reason for r in art.published_evidence.rejected}
    assert "crawl time" in reasons["2019-05-20T03:00:00+00:00"]


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Valley Courier</title>
<item><title>Council approves flood barrier funding</title>
<link>https://courier.example/2021/03/02/flood-barrier/</link>
<pubDate>Tue, 02 Mar 2021 17:45:00 +0000</pubDate>
<dc:creator><![CDATA[Priya Raman]]></dc:creator>
<category domain="category"><![CDATA[Local]]></category>
<category domain="post_tag"><![CDATA[Flooding]]></category>
<content:encoded><![CDATA[<!-- wp:paragraph -->
<p>The city council approved funding for a new flood barrier on Tuesday after two winters of
damaging floods along the river.</p>
<!-- /wp:paragraph -->
<p>[ad_slot id="inline-1"]</p>
<!-- wp:heading --><h2>Work starts in spring</h2><!-- /wp:heading -->
<p>Work is due to start in the spring and finish within three years, officials said.</p>]]>
</content:encoded>
<wp:post_type><![CDATA[post]]></wp:post_type></item>
<item><title>logo</title><wp:post_type><![CDATA[attachment]]></wp:post_type>
<content:encoded><![CDATA[]]></content:encoded></item>
</channel></rss>"""


def test_wordpress_wxr_export(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(WXR, "utf-8")
    recs = list(read_paths([path]))
    assert len(recs) == 1 and isinstance(recs[0], Article), recs
    art = recs[0]
    assert art.format == "feed"
    assert art.title == "Council approves flood barrier funding"
    assert art.url == "https://courier.example/2021/03/02/flood-barrier/"
    assert art.published == "2021-03-02T17:45:00+00:00"
    assert art.byline == "Priya Raman"
    assert art.tags == ["Local", "Flooding"]
    assert art.subheadings == ["Work starts in spring"]
    assert len(art.paragraphs) == 2 and "ad_slot" not in art.text and "<p>" not in art.text


def test_parquet_style_row_with_nan_fields() -> None:
    row = dict(CC_NEWS, authors=float("nan"), title=CC_NEWS["title"], source_domain=None)
    art = read_record(row, "part-0.parquet#7")
    assert art.byline is None and art.title == CC_NEWS["title"]
    assert art.publisher == "AP"  # no declared outlet: the agency in the dateline
