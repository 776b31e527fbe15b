"""What a flattened page says about itself before its lines are read: YAML front matter, a
scraper's metadata block (see :func:`tidings.read.markup.parse_scrape_dump`), and the date
candidates and title forms they give.

Front matter is of two sorts. A site's own (Jekyll/Hugo: ``post_date``, ``permalink``) states
its publication date; a crawl record (a ``source:``/``url:`` field naming the page it was taken
from) often writes the crawl or search day under ``date:``. Their dates are different kinds of
evidence (``front matter publication date``, ``front matter date``, ``front matter date (crawl
record)``) and are weighed as such by :mod:`tidings.read.pubdate`; none wins by being first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tidings.read import dates, pubdate, titles
from tidings.read.lines import Line
from tidings.read.markup import FrontMatter, ScrapeDump

TITLE_KEYS = ("title", "headline", "post_title", "original_title")
_URL_KEYS = (
    "url",
    "source",
    "link",
    "source_url",
    "original_url",
    "canonical",
    "canonical_url",
    "permalink",
    "original_link",
)
_RECORD_KEYS = ("url", "source", "link", "source_url", "original_url")
_PUBLICATION_KEYS = (
    "published",
    "publishdate",
    "pubdate",
    "date_published",
    "post_date",
    "published_at",
    "publish_date",
)
_CRAWL_KEYS = ("scraped_at", "crawled", "crawl_time", "date_crawled", "fetched_at", "date_download")
_SITE_KEYS = ("publisher", "site", "site_name", "sitename", "source", "domain")


@dataclass
class Declared:
    """A flattened page's declared fields, from front matter and/or a scrape record."""

    fm: FrontMatter
    urls: list[str] = field(default_factory=list)
    crawl_time: datetime | None = None
    publisher: str | None = None
    hints: set[str] = field(default_factory=set)  # keys a site-name segment may repeat
    outline_h1: str | None = None
    record: bool = False  # front matter written by a crawler about the page it fetched


def _http(value: str | None) -> bool:
    return bool(value) and str(value).startswith(("http://", "https://", "www."))


def declared(fm: FrontMatter, dump: ScrapeDump | None, crawl_time: datetime | None) -> Declared:
    """Gather URLs, crawl time, publisher and site-name hints from front matter and a dump."""
    if dump is not None:
        for key, value in dump.fields.items():
            fm.fields.setdefault(key, value)
    out = Declared(fm=fm, crawl_time=crawl_time)
    for key in _URL_KEYS:
        value = fm.get(key)
        if _http(value) and value not in out.urls:
            out.urls.append(value)  # type: ignore[arg-type]
    out.record = any(_http(fm.get(k)) for k in _RECORD_KEYS)
    if out.crawl_time is None:
        for key in _CRAWL_KEYS:
            value = fm.get(key)
            parsed = dates.parse_date(value) if value else None
            if parsed is not None:
                out.crawl_time = parsed.when
                break
    names = [fm.get(k) for k in _SITE_KEYS]
    out.publisher = next((n for n in names if n and not _http(n) and "." not in n), None)
    hosts = [fm.get("domain"), *out.urls]
    out.hints = titles.site_hints(out.publisher)
    for host in hosts:
        if host:
            out.hints |= titles.site_hints(url=host if "//" in host else f"https://{host}")
    if dump is not None:
        out.outline_h1 = next((text for level, text in dump.outline if level == 1), None)
    return out


def date_candidates(meta: Declared) -> list[dates.Candidate]:
    """Front-matter dates (each key its own kind) and the days in the page's URLs."""
    fm, base = meta.fm, meta.crawl_time
    cands: list[dates.Candidate] = []
    for key in ("date", *_PUBLICATION_KEYS):
        value = fm.get(key)
        if not value or value.lower() in {"true", "false", "unknown", "none", "null", "n/a"}:
            continue
        if key != "date":
            kind = "front matter publication date"
        else:
            kind = "front matter date (crawl record)" if meta.record else "front matter date"
        source = f"front matter {key}"
        cands.append(dates.candidate(value, source, "front matter", kind=kind, base=base))
    for url in meta.urls:
        c = pubdate.url_candidate(url, base)
        if c is not None and all(c.parsed.iso != o.parsed.iso for o in cands if o.kind == c.kind):
            cands.append(c)
    return cands


def line_candidate(line: Line, kind: str, base: datetime | None) -> dates.Candidate:
    """A date on a line of the page; ``kind`` says where the line is."""
    if line.marker == "published":
        kind = "labelled publication line"
    elif line.marker == "updated":
        kind = "labelled update line"
    elif line.marker == "byline":
        kind = "byline line"
    text = dates.date_text(line.marker_rest if line.marker else line.text)
    c = dates.candidate(text, f"line {line.src}", kind, kind=kind, base=base)
    c.line_text = line.text
    return c


def has_date(line: Line) -> bool:
    """A date line, a labelled date, or a byline carrying the date ("by A. B. 10:41 AM ...")."""
    if line.date_cov > 0.5 or line.marker in {"published", "updated"}:
        return True
    return line.marker == "byline" and dates.find_date(line.text) is not None


def title_forms(meta: Declared, known: str | None, header: list[Line]) -> list[tuple[str, str]]:
    """Declared title forms in order of trust: the dump's, the front matter's, the page
    outline's ``#`` heading, and the page's ``<title>`` flattened into its first lines
    ("Headline | Site": a line whose site-name segment repeats a hint)."""
    forms = [
        ("dump record title", known),
        ("front matter title", meta.fm.get(*TITLE_KEYS)),
        ("page outline h1", meta.outline_h1),
    ]
    for line in header[:8]:
        if not line.chrome and titles.strip_site(line.text, meta.hints) != line.text:
            forms.append(("page <title> line", line.text))
            line.role = "chrome"
            line.notes.append("the page's <title>: headline and site name")
            break
    return [(source, text) for source, text in forms if text]
