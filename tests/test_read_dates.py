"""Publication dates as pages write them (issue #13, round 5): numeric orders, a published field
that repeats the modification time, UTC stamps near midnight, the date shown under the headline.

Date strings are copied from pages of the tuning halves only: half A of trafilatura's evaluation
set (named by their file), the dev split of ``benchmarks/data/messy`` and dev-half (A) pages of
``../shared/gold/extraction``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from tidings.read import dates, html, pubdate, read
from tidings.read.reader import read_bytes

ROOT = Path(__file__).resolve().parents[1]
MESSY = ROOT / "benchmarks" / "data" / "messy"


def _cands(*items: tuple[str, str]) -> list[dates.Candidate]:
    return [dates.candidate(text, kind, "page metadata", kind=kind) for kind, text in items]


def test_dotted_numeric_dates_are_day_first() -> None:
    # erneuerbareenergien.de: og:updated_time "10.12.2022, 09:15:02" (gold 2022-12-10); read
    # month first before, and "10.12" taken for a time of day.
    parsed = dates.parse_date("10.12.2022, 09:15:02")
    assert parsed is not None and parsed.iso == "2022-12-10T09:15:02"
    alone = dates.parse_date("10.12.2022")
    assert alone is not None and alone.iso == "2022-12-10" and not alone.has_time
    assert dates.parse_date("Di., 25.01.2022 - 14:45").iso == "2022-01-25T14:45:00"  # jagdleben
    assert dates.parse_date("17/02/2022").iso == "2022-02-17"  # for-me-online: 17 > 12
    assert dates.parse_date("31.02.2022") is None


def test_an_ambiguous_slashed_date_follows_the_other_dates_then_the_language() -> None:
    # eluniversal.com (Mexico): article:published_time "10/05/2022 05:22 pm", modified
    # "2022/05/10 17:36:11": the modification date says the published one is 10 May.
    cands = _cands(
        ("meta published", "10/05/2022 05:22 pm"), ("meta modified", "2022/05/10 17:36:11")
    )
    value, evidence = pubdate.decide(cands)
    assert value == "2022-05-10T17:22:00"
    assert "another date names that day" in evidence.method
    # Alone, the page's language decides: Spanish writes the day first, American English not.
    assert (
        pubdate.decide(_cands(("meta published", "10/05/2022")), day_first=True)[0] == "2022-05-10"
    )
    assert pubdate.decide(_cands(("meta published", "10/05/2022")))[0] == "2022-10-05"
    assert html._writes_day_first("es") and html._writes_day_first("en-GB")
    assert not html._writes_day_first("en") and not html._writes_day_first("en_US")


def test_a_published_field_repeating_the_modification_time_loses_to_an_earlier_one() -> None:
    # reuters.com: json-ld datePublished 2020-01-19 (the gold); meta published carries the
    # modification time of the next day.
    cands = _cands(
        ("json-ld datePublished", "2020-01-19T12:25:36Z"),
        ("json-ld dateModified", "2020-01-20T09:49:32Z"),
        ("meta published", "2020-01-20T09:49:32Z"),
    )
    value, evidence = pubdate.decide(cands)
    assert value == "2020-01-19T12:25:36+00:00"
    echo = next(r for r in evidence.rejected if r.kind == pubdate.ECHO)
    assert "repeats a modification date (meta published)" in echo.reason
    # Never updated (published = modified, nothing earlier): the published field stands.
    same = _cands(
        ("meta published", "2020-01-20T09:49:32Z"), ("meta modified", "2020-01-20T09:49:32Z")
    )
    assert pubdate.decide(same)[1].kind == "meta published"


def test_htmldate_on_a_modified_day_or_on_new_year_is_weighed_apart() -> None:
    # fluter.de: nothing declared as published; htmldate falls back to og:updated_time's day.
    cands = _cands(("meta modified", "2020-06-02T11:57:06+02:00"), ("htmldate", "2020-06-02"))
    pubdate.relabel(cands)
    assert cands[1].kind == pubdate.HTMLDATE_ECHO
    new_year = _cands(("htmldate", "2016-01-01"))  # a copyright year padded to 1 January
    pubdate.relabel(new_year)
    assert new_year[0].kind == pubdate.HTMLDATE_NEW_YEAR
    m = pubdate.model()
    for kind in (pubdate.HTMLDATE_ECHO, pubdate.HTMLDATE_NEW_YEAR):
        assert m.weight(kind) < m.weight("htmldate")


def test_a_utc_stamp_near_midnight_takes_the_url_day() -> None:
    # literaturgefluester.wordpress.com: "/2019/01/01/" and article:published_time
    # 2018-12-31T23:11:59+00:00: the URL is the local day (gold 2019-01-01).
    cands = _cands(
        ("meta published", "2018-12-31T23:11:59+00:00"),
        ("meta modified", "2018-12-31T17:22:56+00:00"),
    )
    url = "https://literaturgefluester.wordpress.com/2019/01/01/ins-neue-jahr-4/"
    cands.append(pubdate.url_candidate(url, None))
    assert pubdate.decide(cands)[0] == "2019-01-01"


def test_the_date_under_the_headline_is_evidence(shared: Path) -> None:
    truth = json.loads((shared / "gold" / "extraction" / "ground-truth.json").read_text("utf-8"))
    key = next(k for k in truth if k.startswith("14cc2a0c"))  # sciencealert.com, dev half
    digest = hashlib.sha256(f"tidings-extraction-v1:{key}".encode()).hexdigest()
    assert int(digest[:8], 16) % 2 == 0
    raw = gzip.decompress((shared / "gold" / "extraction" / "html" / f"{key}.html.gz").read_bytes())
    art = read_bytes(raw, "sciencealert")  # no URL: the page alone
    ev = art.published_evidence
    shown = [(ev.kind, ev.text)] + [(c.kind, c.text) for c in ev.rejected]
    assert ("date near the headline", "18 NOV 2019") in shown
    assert art.published[:10] == "2019-11-18"


def test_a_crawl_record_day_alone_does_not_block_the_byline_date() -> None:
    # The crawl record's date: is the later search day (2026-02-10); it scores above the byline
    # date now, but a day only it names cannot win, so the byline's day does.
    gold = json.loads((MESSY / "ua-osvnews-shevchuk-faith.gold.json").read_text("utf-8"))
    assert gold["split"] == "dev"
    art = read(MESSY / gold["page"])
    assert art.published[:10] == gold["published"] == "2026-02-05"
    crawl = next(r for r in art.published_evidence.rejected if r.value == "2026-02-10")
    assert "needs a witness" in crawl.reason


def _meta(page: str) -> dict:
    from lxml import html as lxml_html

    return html.metadata(lxml_html.fromstring(page))


def test_without_h1_the_heading_showing_the_declared_title_anchors_the_date_line() -> None:
    # bignewsnetwork.com (htmldate's MediaCloud set, half A; gold 2020-01-13): no <h1>; the
    # headline is an <h2> that og:title and <title> declare, with the date line under it,
    # while the site header shows the day of the visit ("Tue, 14 Jan 2020", htmldate's guess).
    page = """<html><head><title>Australian 'megablaze' brought under control</title>
    <meta property="og:title" content="Australian 'megablaze' brought under control"/></head>
    <body><div class="new_text"><span class="date">Tue, 14 Jan 2020</span></div>
    <aside><h2>Most popular</h2><p>12 Jan 2020</p></aside>
    <div class="banner-section"><h2>Australian 'megablaze' brought under control</h2>
    <p>News24<br>13 Jan 2020, 22:11 GMT+10</p><div><p>Exhausted firefighters said they had
    finally brought Australia's largest "megablaze" under control on Monday.</p></div></div>
    </body></html>"""
    assert _meta(page)["near_headline"] == ("date near the headline", "13 Jan 2020, 22:11 GMT+10")
    # A heading that no declared title names ("Most popular") is no headline: without the
    # declared forms nothing anchors the date line.
    bare = page.replace("<title>Australian 'megablaze' brought under control</title>", "")
    bare = bare.replace('content="Australian', 'content="Asia Pacific Star: Australian')
    assert _meta(bare.replace("og:title", "og:site")).get("near_headline") is None


def test_a_date_inside_a_sentence_after_the_headline_is_no_date_line() -> None:
    # piratenpartei.at (trafilatura's evaluation set, half A; gold 2019-11-17, the declared
    # article:published_time): the first date after the headline is a deadline in the story
    # ("Bis 25. November 2019 könnt ihr es noch unterstützen."), not the date line.
    head = "Volksbegehren zum Bedingungslosen Grundeinkommen (BGE)!"
    page = f"""<html><head><title>{head} - Piratenpartei Österreichs</title>
    <meta property="article:published_time" content="2019-11-17T21:18:06+01:00"/></head><body>
    <header class="header"><h2 class="post-title">{head}</h2></header>
    <article class="article"><div><span>Aktuell liegt beim Innenministerium ein Volksbegehren
    für ein Bedingungsloses Grundeinkommen in der Höhe von 1200 € für alle österreichischen
    Staatsbürgerinnen und Staatsbürger zur Unterstützung auf. Bis 25. November 2019 könnt ihr es
    noch unterstützen.</span></div></article></body></html>"""
    assert _meta(page)["near_headline"] is None
    # The same date on a line of its own under the headline is the date line.
    dated = page.replace('<article class="article">', "<p>25. November 2019</p><article>")
    assert _meta(dated)["near_headline"] == ("date near the headline", "25. November 2019")


def test_a_first_h1_that_is_page_furniture_gives_way_to_the_declared_headline() -> None:
    # surfguard.wordpress.com (trafilatura's evaluation set, half A; gold 2016-11-01): the
    # first <h1> is a sidebar widget's ("Neueste Kommentare") with no date under it; the <h1>
    # that shows og:title has the date line.
    head = "Ich las, sah, hörte: Medien im Oktober 2016"
    comments = "".join(  # the widget's entries (the sidebar runs on for 1,000 characters)
        f"<li>{who} bei <a>{what}</a></li>"
        for who, what in [
            ("Zappi", "In den Straßen von Ehrenfeld"),
            ("Sascha", "20 Years after, eine persönliche Konzerthistorie, heute: BAP 1986"),
            ("Kölnpfad, Etappe 6: Vom Wiener Platz nach Schlebusch – the boy in the bubble", ""),
            ("Kölnpfad abgewandert: Mein kleiner Etappenführer", "Kölnpfad, Etappe 7: Von"),
            ("Dünnwald nach Thielenbruch", "Kölnpfad abgewandert: Mein kleiner Etappenführer"),
        ]
        for _ in range(3)
    )
    page = f"""<html><head><title>{head} – the boy in the bubble</title>
    <meta property="og:title" content="{head}"/></head><body>
    <aside><h1 class="widget-title">Neueste Kommentare</h1><ul>{comments}</ul></aside><main><article><header class="entry-header">
    <h1 class="entry-title">{head}</h1><div class="entry-meta"><span class="posted-on">
    <time class="entry-date published" datetime="2016-11-01T10:00:42+01:00">1. November
    2016</time></span></div></header></article></main></body></html>"""
    assert _meta(page)["near_headline"] == ("date near the headline", "1. November 2016")
    # Nothing declared: the first <h1> stays the only headline there is.
    bare = page.replace(f"<title>{head} – the boy in the bubble</title>", "")
    assert _meta(bare.replace("og:title", "og:site"))["near_headline"] is None
