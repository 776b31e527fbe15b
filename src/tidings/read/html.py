"""HTML page -> Article: trafilatura for the body, htmldate and our own metadata pass for the rest.

The metadata pass reads what the page declares about itself (JSON-LD ``NewsArticle``,
OpenGraph/``article:*`` meta tags, ``<time>`` elements, author links) before trafilatura's
cleaning mutates the tree. Every date found (JSON-LD, meta tags, ``<time>``, the URL path, a
wire dateline in the first paragraphs, htmldate's guess when nothing is declared) becomes a
candidate with a kind, and :mod:`tidings.read.pubdate` decides among them by how reliable each
kind was on the development pages. The title is chosen among the declared forms with the
site's name removed (:mod:`tidings.read.titles`).
"""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import datetime
from urllib.parse import urlparse

from lxml import html as lxml_html

from tidings.read import dates, headline_date, junk, line_fields, pubdate, resources, titles, wire
from tidings.read.errors import ReadFailure
from tidings.read.lines import Line
from tidings.read.lines import features as line_features
from tidings.read.normalize import clean_line
from tidings.schema import Article

_ARTICLE_TYPES = re.compile(r"(News|Reportage|Analysis|Opinion|Review|Blog)?(Article|Posting)$")
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "date",
)
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified")


def _headline_text(text: str) -> str:
    """An ``<h1>``'s headline: its lines up to a date or byline line that the element also holds
    ("Headline / 02.02.2022 / • Verband, Presse"; "Headline / Veröffentlicht von X am 23.
    Februar 2020"), without a one-word kicker line above a capitalised one ("Wurmkiste /
    Wurmkiste selber bauen")."""
    pieces = [clean_line(x) for x in text.split("\n")]
    pieces = [x for x in pieces if x]
    kept: list[str] = []
    for piece in pieces:
        said_by = resources.markers()["byline"].match(piece) or re.match(
            r"(?i)(veröffentlicht|publié|publicado|pubblicato|posted|published)\b", piece
        )
        if kept and (dates.date_coverage(piece) > 0.5 or said_by):
            break
        kept.append(piece)
    if len(kept) > 1 and len(kept[0].split()) == 1 and kept[1][:1].isupper():
        kept = kept[1:]  # a one-word kicker line; "Kuchen / von jesusfreak" runs on
    return clean_line(" ".join(kept))


def _clean(value: str) -> str:
    """Metadata strings: entities decoded ("&#8216;" -> "‘"), whitespace normalised."""
    return clean_line(html_lib.unescape(value))


def _load(html: str) -> lxml_html.HtmlElement:
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        raise ReadFailure("not parseable as HTML")
    return tree


def _jsonld_objects(tree: lxml_html.HtmlElement) -> list[dict]:
    out: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (ValueError, TypeError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, dict):
                out.append(obj)
                graph = obj.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return out


def _name(value: object) -> str | None:
    if isinstance(value, str):
        return re.sub(r"^by\s+", "", _clean(value), flags=re.I) or None
    if isinstance(value, dict):
        return _name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def _types(obj: dict) -> list[str]:
    t = obj.get("@type", [])
    return [t] if isinstance(t, str) else [x for x in t if isinstance(x, str)]


def metadata(tree: lxml_html.HtmlElement) -> dict:
    """What the page declares about itself: JSON-LD, meta tags, <time>, author links."""
    meta: dict = {"dates": [], "tags": []}
    for obj in _jsonld_objects(tree):
        if not any(_ARTICLE_TYPES.search(t) for t in _types(obj)):
            if any(t in {"Organization", "NewsMediaOrganization", "WebSite"} for t in _types(obj)):
                meta.setdefault("site_name", _name(obj.get("name")))
            continue
        meta.setdefault("title", _name(obj.get("headline")))
        meta.setdefault("author", _name(obj.get("author")))
        meta.setdefault("publisher", _name(obj.get("publisher")))
        if isinstance(obj.get("dateline"), str):
            meta.setdefault("dateline", _clean(obj["dateline"]))
        for key, kind in (
            ("datePublished", "published"),
            ("dateCreated", "published"),
            ("dateModified", "modified"),
        ):
            if isinstance(obj.get(key), str):
                meta["dates"].append((obj[key], f"json-ld {key}", kind))
        section = obj.get("articleSection")
        for value in section if isinstance(section, list) else [section]:
            if isinstance(value, str) and value.strip():
                meta["tags"].append(_clean(value))
        keywords = obj.get("keywords")
        if isinstance(keywords, str):
            keywords = keywords.split(",")
        if isinstance(keywords, list):
            meta["keywords"] = [_clean(k) for k in keywords if isinstance(k, str)]
    for el in tree.xpath("//meta[@content]"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        content = _clean(el.get("content") or "")
        if not key or not content:
            continue
        if key in _PUBLISHED_META:
            meta["dates"].append((content, f"meta[{key}]", "published"))
        elif key in _MODIFIED_META:
            meta["dates"].append((content, f"meta[{key}]", "modified"))
        elif key in {"og:title", "twitter:title"}:
            meta.setdefault("og_title", content)
        elif key == "og:site_name":
            meta.setdefault("site_name", content)
        elif key in {"author", "article:author", "byl", "parsely-author"}:
            if not content.startswith("http"):
                meta.setdefault("meta_author", re.sub(r"^by\s+", "", content, flags=re.I))
        elif key == "article:section" or key == "article:tag":
            meta["tags"].append(content)
        elif key == "og:url":
            meta.setdefault("url", content)
    for el in tree.xpath("//link[@rel='canonical'][@href]"):
        meta.setdefault("url", el.get("href"))
    for el in tree.xpath("//time[@datetime]")[:20]:
        inside_article = bool(el.xpath("ancestor::article|ancestor::*[@itemprop='articleBody']"))
        in_aside = bool(
            el.xpath(
                "ancestor::aside|ancestor::footer|ancestor::nav"
                "|ancestor::*[contains(@class,'related')]"
            )
        )
        prop = (el.get("itemprop") or "") + " " + (el.get("class") or "")
        kind = "modified" if "modif" in prop.lower() or "updat" in prop.lower() else "time"
        if "publish" in prop.lower():
            kind = "published"
        where = "aside" if in_aside else ("article" if inside_article else "page")
        meta["dates"].append((el.get("datetime"), f"<time> in {where}", kind))
    lang = tree.get("lang") or tree.get("xml:lang") or ""
    if re.fullmatch(r"[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]+)?", lang):
        meta["lang"] = lang[:2].lower()
        meta["day_first"] = _writes_day_first(lang)
    title_els = tree.xpath("//title")
    if title_els:
        meta["html_title"] = clean_line(title_els[0].text_content())
    h1 = tree.xpath("//h1")
    if h1:
        meta["h1"] = _headline_text(h1[0].text_content())
    if h1:
        meta["near_headline"] = headline_date.date_after(h1[0])
    if not meta.get("near_headline"):
        # No <h1>, or one that shows no declared title (a logo, "Menu") and no date under it.
        headline = headline_date.declared_heading(tree, meta, h1[0] if h1 else None)
        if headline is not None:
            meta["near_headline"] = headline_date.date_after(headline)
    meta["headings"] = [clean_line(h.text_content()) for h in tree.xpath("//h1|//h2")[:12]]
    return meta


def _writes_day_first(lang: str) -> bool:
    """Whether a page in this language writes "10/05/2022" as 10 May: every main news language
    but English, and English outside the United States ("en-GB", "en-IN"); plain "en" and
    "en-US" write the month first."""
    code = lang.lower().replace("_", "-")
    return not (code in {"en", "eng"} or code.startswith("en-us"))


def _text(el: object) -> str:
    """An element's text with its ``<lb/>`` line breaks kept (itertext drops them, gluing
    "dates:" to "June 9" and list lines to each other)."""
    parts: list[str] = []

    def walk(node) -> None:  # noqa: ANN001 - lxml element
        if node.tag == "lb":
            parts.append("\n")
        elif node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


def _body(doc: object) -> tuple[list[str], list[str], set[int]]:
    """trafilatura's body element -> (paragraphs, subheadings, indexes of list lines: list
    items, table rows and the lines of one paragraph broken by ``<br>``)."""
    paragraphs: list[str] = []
    subheadings: list[str] = []
    listed: set[int] = set()
    body = getattr(doc, "body", None)
    if body is None:
        return paragraphs, subheadings, listed
    chrome = resources.chrome_re()
    for el in body:
        tag = el.tag
        if tag == "list":
            parts = [_text(item) for item in el.iter("item")]
        elif tag == "table":
            parts = [" ".join(_text(c) for c in row) for row in el.iter("row")]
        else:
            parts = [_text(el)]
        pieces = [clean_line(piece) for part in parts for piece in part.split("\n")]
        pieces = [p for p in pieces if p and not chrome.fullmatch(p)]
        for text in pieces:
            if tag == "head":
                subheadings.append(text)
            else:
                if tag in {"list", "table"} or len(pieces) > 1:
                    listed.add(len(paragraphs))
                paragraphs.append(text)
    return paragraphs, subheadings, listed


def _trim(paragraphs: list[str], listed: set[int]) -> tuple[list[str], list[str]]:
    """(kept, dropped): what the extractor left of related-link blocks and page furniture.

    Each paragraph gets the flattened reader's line features. A "Related:"/"You may also
    like" line and the headline-like lines after it go; so do bare URLs, shouted teaser
    headlines between paragraphs, a run of
    headline-like paragraphs at the very end (teasers; list items and table rows stay), and
    prose-shaped furniture at either end that the learned junk model is sure about ("Follow
    us on Twitter ...")."""
    n = len(paragraphs)
    lines = [_line(k, text, k < 2 or k >= n - 8) for k, text in enumerate(paragraphs)]
    drop: set[int] = set()
    related = False
    for k, line in enumerate(lines):
        if line.marker == "related" and line.words <= 8:
            related = True
            drop.add(k)
        elif related and not line.prose_shape and line.words <= 16 and k not in listed:
            drop.add(k)
        else:
            related = False
        if line.chrome and not line.nav and k not in listed:
            drop.add(k)
        if line.text.isupper() and line.words >= 4 and not line.terminal and k not in listed:
            drop.add(k)  # "SEAN SPICER ELIMINATED FROM 'DANCING WITH THE STARS'": a teaser link
    end = len(lines)
    while end > 1 and ((end - 1) not in listed or _shouted_label(lines[end - 1])):
        last = lines[end - 1]
        teaser = not last.prose_shape and last.words <= 16 and not last.text.endswith(":")
        if not (teaser or (last.prose_shape and last.junk >= junk.veto())):
            break
        end -= 1
        drop.add(end)
    for k in (0, 1):
        if k < len(lines) and lines[k].prose_shape and lines[k].junk >= junk.veto():
            drop.add(k)
    if len(drop) >= len(lines):
        return paragraphs, []
    return (
        [p for k, p in enumerate(paragraphs) if k not in drop],
        [p for k, p in enumerate(paragraphs) if k in drop],
    )


def _shouted_label(line: Line) -> bool:
    """A short shouted label ("PHOTOS VIDEO PHOTO ESSAYS", "ADVERTISEMENTS"): page furniture
    after the story even inside a list, as no story ends on one."""
    return line.text.isupper() and line.words <= 6 and not line.terminal


def _line(k: int, text: str, edge: bool) -> Line:
    """A paragraph as a line with features; a long one inside the body (no rule in
    :func:`_trim` can drop it) gets only its word count and shape."""
    line = Line(n=k, text=text)
    if edge or len(text) < 200:
        line_features(line)
    else:
        line.words = len(text.split())
        line.terminal = True
    return line


def _paragraph_run(tree: lxml_html.HtmlElement) -> int:
    """Characters in the page's longest run of sibling ``<p>`` elements: where an article's
    text usually is, whatever the extractor chose."""
    runs: dict[object, int] = {}
    for p in tree.iter("p"):
        parent = p.getparent()
        runs[parent] = runs.get(parent, 0) + len(p.text_content().strip())
    return max(runs.values(), default=0)


def _unsure(paragraphs: list[str], run: int = 0) -> bool:
    """Whether trafilatura's fast extraction (no fallback extractors; half the time of the full
    run, and as good on the dev pages) looks wrong: almost no text, less than half the text of
    the page's longest run of paragraphs (``run``: a comment policy taken for the article), or
    a list of hundreds of fragments (a menu or an index). Then the full run decides."""
    pieces = [len(p) for p in paragraphs]
    if sum(pieces) < 300 or (run >= 1000 and sum(pieces) < run / 2):
        return True
    short = sum(n < 30 for n in pieces)
    return len(pieces) > 40 and short > 0.6 * len(pieces)


def _time_kind(where: str, kind: str) -> str:
    if kind in {"published", "modified"}:
        return f"<time> {kind}"
    return f"<time> {where.removeprefix('<time> ')}"


def _date_candidates(
    meta: dict, htmldate_value: str | None, url: str | None, crawl_time: datetime | None
) -> list[dates.Candidate]:
    """Every date the page declares, htmldate's guess and the URL's day, each with its kind."""
    cands: list[dates.Candidate] = []
    for text, where, kind in meta["dates"]:
        if not text:
            continue
        if where.startswith("json-ld"):
            label = where
        elif where.startswith("meta"):
            label = f"meta {kind}"
        else:
            label = _time_kind(where, kind)
        cands.append(dates.candidate(text, where, "page metadata", kind=label, base=crawl_time))
    if htmldate_value:
        c = dates.candidate(
            htmldate_value, "htmldate", "htmldate original_date", kind="htmldate", base=crawl_time
        )
        cands.append(c)
    if meta.get("near_headline"):
        kind, text = meta["near_headline"]
        cands.append(
            dates.candidate(text, "text under the <h1>", "page text", kind=kind, base=crawl_time)
        )
    url_cand = pubdate.url_candidate(url, crawl_time)
    if url_cand is not None:
        cands.append(url_cand)
    return cands


def _declared(cands: list[dates.Candidate]) -> bool:
    """Whether the page itself states a publication date (then htmldate need not search)."""
    kinds = {"json-ld datePublished", "json-ld dateCreated", "meta published", "<time> published"}
    return any(c.parsed is not None and c.kind in kinds for c in cands)


def _title(meta: dict, url: str | None, head: list[str]) -> str | None:
    """The declared title forms without the site name; one that another repeats wins.

    ``head``: the extracted lines above the story's dateline. Their short lines count as
    shown on the page, and on a page without ``<h1>`` the headline-shaped line nearest the
    dateline is the page's headline (a ``<title>`` may be the site's generic one: "New York
    Post Online Edition: Breaking News")."""
    hints = titles.site_hints(meta.get("site_name"), meta.get("publisher"), url=url)
    shown_lines = [*meta.get("headings", []), *(h for h in head if len(h.split()) <= 25)]
    shown = frozenset(titles.norm(h) for h in shown_lines if h)
    declared = [
        ("json-ld headline", meta.get("title")),
        ("og:title", meta.get("og_title")),
        ("h1", meta.get("h1")),
        ("page headline", None if meta.get("h1") else _page_headline(head)),
        ("<title>", meta.get("html_title")),
    ]
    return titles.choose(declared, hints, shown)[0]


def _page_headline(head: list[str]) -> str | None:
    """The headline-shaped line nearest above the dateline, past date and byline lines: three
    to 25 words, capitalised, no full stop at its end."""
    for text in reversed(head[-4:]):
        line = Line(n=0, text=text)
        line_features(line)
        if line.date_cov > 0.5 or line.marker in {"byline", "published", "updated"}:
            continue
        if 3 <= line.words <= 25 and text[:1].isupper() and not text.endswith((".", ":")):
            return text if not line.chrome and line.cap_ratio >= 0.5 else None
        return None
    return None


# A photo credit line under a caption: shouted, no full stop, a credit word ("RIVERSIDE COUNTY
# SHERIFF'S DEPT./CONTRIBUTED IMAGE", "JOHN DOE/STAFF PHOTOGRAPHER", "AP PHOTO/JANE ROE").
_SHOUTED_CREDIT = re.compile(
    r"(?=[^a-z]*$)(?=.*\b(?:PHOTO|PHOTOS|PHOTOGRAPHER|IMAGE|IMAGES|PICTURE|ILLUSTRATION|COURTESY"
    r"|CONTRIBUTED|FILE|HANDOUT|GETTY)\b).{4,100}"
)


def _story_start(paragraphs: list[str], line: wire.Dateline | None, heads: set[str]) -> int:
    """Index of the story's first paragraph. Above a wire dateline: captions, teasers, a deck,
    the headline (the dateline opens the story). Without one: the headline repeated as a
    paragraph (``heads``: title and ``<h1>``, normalised) and, in the next lines, a caption
    closed by a shouted photo credit, in the first four paragraphs."""
    if line is not None:
        return line.paragraph
    start = 0
    for k, text in enumerate(paragraphs[:4]):
        if titles.norm(text) in heads:
            start = k + 1
    for k in range(start, min(start + 3, len(paragraphs) - 1)):
        if _SHOUTED_CREDIT.fullmatch(paragraphs[k]) and not paragraphs[k].endswith("."):
            start = k + 1
            break
    return start if start < len(paragraphs) else 0


def read_html(
    html: str,
    source: str,
    *,
    url: str | None = None,
    crawl_time: datetime | None = None,
    fmt: str = "html",
    extra: list[dates.Candidate] | None = None,
) -> Article:
    """One HTML page -> Article. Raises :class:`ReadFailure` when there is no article text.

    ``extra``: date candidates from outside the page (a dump record's date field)."""
    import htmldate
    from trafilatura import bare_extraction

    tree = _load(html)
    meta = metadata(tree)
    url = url or meta.get("url")
    cands = _date_candidates(meta, None, url, crawl_time)
    if not _declared(cands):
        # No declared date: htmldate searches the whole page (headers, text, URL patterns).
        try:
            found = htmldate.find_date(
                tree, extensive_search=True, original_date=True, outputformat="%Y-%m-%d", url=url
            )
        except Exception:  # noqa: BLE001 - htmldate must never sink a page
            found = None
        cands = _date_candidates(meta, found, url, crawl_time)
    run = _paragraph_run(tree)
    doc = bare_extraction(tree, url=url, include_comments=False, with_metadata=False, fast=True)
    paragraphs, subheadings, listed = _body(doc)
    if _unsure(
        paragraphs, run
    ):  # trafilatura's full run (with its fallback extractors), fresh tree
        doc = bare_extraction(_load(html), url=url, include_comments=False, with_metadata=False)
        paragraphs, subheadings, listed = _body(doc)
    paragraphs, dropped = _trim(paragraphs, listed)
    if not paragraphs:
        raise ReadFailure("HTML page with no article text")
    line = wire.find_dateline(paragraphs)
    title = _title(meta, url, paragraphs[: line.paragraph] if line else [])
    heads = {titles.norm(t) for t in (title, meta.get("h1")) if t}
    start = _story_start(paragraphs, line, heads)
    above = paragraphs[:start]
    paragraphs, below = line_fields.story_end(paragraphs[start:])
    dateline = line.place if line else None
    agency = line.agency if line else None
    if line and line.date:
        cands.append(pubdate.dateline_candidate(line.date, "wire dateline", line.text, crawl_time))
    cands.extend(extra or [])
    pubdate.fill_years(cands, crawl_time)
    published, evidence = pubdate.decide(cands, meta.get("day_first", False))
    if not dateline and meta.get("dateline"):
        dateline = meta["dateline"].split(",")[0].strip().title() or None
    subheadings = [s for s in subheadings if s not in {title, meta.get("h1")}]
    publisher = meta.get("site_name") or meta.get("publisher") or agency
    if not publisher and url:
        publisher = urlparse(url).netloc.removeprefix("www.") or None
    tags = list(dict.fromkeys(t for t in meta["tags"] if t))
    return Article(
        id="",
        source=source,
        format=fmt,
        url=url,
        title=title,
        publisher=publisher,
        byline=meta.get("author") or meta.get("meta_author"),
        dateline=dateline,
        published=published,
        published_evidence=evidence,
        tags=tags,
        subheadings=subheadings,
        paragraphs=paragraphs,
        text="\n\n".join(paragraphs),
        meta={
            **{k: meta[k] for k in ("keywords", "lang") if meta.get(k)},
            **(
                {
                    "dropped": [
                        *({"role": "above the story", "text": d[:120]} for d in above),
                        *({"role": "chrome", "text": d[:120]} for d in dropped),
                        *(
                            {
                                "role": "closing credit" if k == 0 else "below the story",
                                "text": d[:120],
                            }
                            for k, d in enumerate(below)
                        ),
                    ]
                }
                if above or dropped or below
                else {}
            ),
        },
    )
