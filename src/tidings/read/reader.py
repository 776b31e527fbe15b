"""One article from one input: raw bytes, a path, or a dump record -> a finished Article."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from tidings.read import dates, detect
from tidings.read.errors import ReadFailure, over_limit
from tidings.read.language import detect_language
from tidings.read.markup import HTML_FRAGMENT, html_fragments_to_text
from tidings.read.normalize import article_id, clean_line
from tidings.read.text import read_text
from tidings.schema import Article, ReadError
from tidings.settings import get_settings

_TEXT_FIELDS = ("text", "maintext", "body", "content", "article", "articleBody", "description")
_HTML_FIELDS = ("html", "raw_html", "content_html", "page")
_TITLE_FIELDS = ("title", "headline")
_URL_FIELDS = ("url", "link", "source_url", "uri")
_DATE_FIELDS = (
    "date",
    "date_publish",
    "published",
    "publish_date",
    "published_at",
    "datePublished",
    "pubdate",
)
_AUTHOR_FIELDS = ("author", "authors", "byline")
_PUBLISHER_FIELDS = ("publisher", "source_domain", "sitename", "site_name", "source", "domain")
_CRAWL_FIELDS = ("date_download", "crawl_time", "fetched_at", "date_crawled")


def finish(article: Article, warnings: list[str] | None = None) -> Article:
    """Set what every reader shares: the stable id, the language, extra warnings.

    An article without body text is no article: it raises, so that nothing is ever stored
    under the id of the empty text."""
    if not article.text.strip():
        raise ReadFailure("no article text (no line of running prose found)")
    article.id = article_id(article.paragraphs)
    if article.language is None:
        # The text decides; a page's declared <html lang> only when the text is too short.
        article.language = detect_language(article.text) or article.meta.get("lang")
    if warnings:
        article.warnings = [*warnings, *article.warnings]
    return article


def read_bytes(
    data: bytes,
    source: str,
    *,
    format: str | None = None,
    url: str | None = None,
    crawl_time: datetime | None = None,
    boilerplate: frozenset[str] = frozenset(),
) -> Article:
    """Decode, sniff and read one article's bytes (text, markdown or HTML)."""
    if not data.strip():
        raise ReadFailure("empty file")
    detect.check_binary(data[:8192])
    kind = format or detect.sniff(data[:65536])
    if kind in {"jsonl", "json", "warc", "gzip", "feed"}:
        raise ReadFailure(f"a {kind} container holds many articles; use read_paths()")
    if kind == "xml":
        root = detect.xml_root(data[:8192])
        raise ReadFailure(f"XML document (root <{root}>), neither a feed nor an article page")
    text, warnings = detect.decode(data)
    if kind == "html":
        from tidings.read.html import read_html  # lxml and trafilatura: only for HTML

        article = read_html(text, source, url=url, crawl_time=crawl_time)
    else:
        article = read_text(text, source, fmt=kind, crawl_time=crawl_time, boilerplate=boilerplate)
        if url and not article.url:
            article.url = url
    return finish(article, warnings)


def read(source: str | Path | bytes, *, format: str | None = None) -> Article:
    """Read one article from a path, or from raw text/HTML given as str or bytes.

    Raises :class:`~tidings.read.errors.ReadFailure` (a ValueError) when there is no article.
    """
    if isinstance(source, Path) or (
        isinstance(source, str)
        and "\n" not in source
        and len(source) < 4096
        and Path(source).is_file()
    ):
        path = Path(source)
        limit = get_settings().max_file_bytes
        if path.stat().st_size > limit:
            raise over_limit("file", path.stat().st_size, limit, "TIDINGS_MAX_FILE_BYTES")
        return read_bytes(path.read_bytes(), str(path), format=format)
    if isinstance(source, str) and _looks_like_path(source):
        raise ReadFailure(f"{source}: no such file")
    data = source if isinstance(source, bytes) else str(source).encode("utf-8")
    return read_bytes(data, "<string>", format=format)


def _looks_like_path(s: str) -> bool:
    """ "story.txt", "dir/page.html": a path that is missing, not a one-line article."""
    return bool(re.fullmatch(r"\S+\.(?:txt|md|html?|xml|jsonl?|gz|warc)", s.strip(), re.I))


def _missing(value: object) -> bool:
    """None, empty, or a NaN from a Parquet/pandas row."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    return isinstance(value, (str, list, tuple)) and not value


def _field(obj: dict, names: tuple[str, ...]) -> object:
    for name in names:
        value = obj.get(name)
        if not _missing(value):
            return value
    return None


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value if not _missing(v)) or None
    return clean_line(str(value)) or None


def read_record(obj: dict, source: str) -> Article:
    """One dump record (JSONL line, Parquet row): url/title/text or html/date fields.

    Fields the record declares win over what is inferred from its text; the record's date
    joins the page's own date candidates as a ``dump field`` (see :mod:`tidings.read.pubdate`).
    """
    if not isinstance(obj, dict):
        raise ReadFailure(f"record is a JSON {type(obj).__name__}, not an object")
    url = _text(_field(obj, _URL_FIELDS))
    title = _text(_field(obj, _TITLE_FIELDS))
    crawl = _field(obj, _CRAWL_FIELDS)
    crawl_time = dates.parse_date(str(crawl)).when if crawl else None
    html = _field(obj, _HTML_FIELDS)
    body = _field(obj, _TEXT_FIELDS)
    declared = _field(obj, _DATE_FIELDS)
    dump_dates = []
    if declared:
        field = "record field " + next(n for n in _DATE_FIELDS if obj.get(n) == declared)
        dump_dates.append(dates.candidate(str(declared), field, "dump field", base=crawl_time))
    if isinstance(html, str) and html.strip():
        from tidings.read.html import read_html

        article = read_html(
            html, source, url=url, crawl_time=crawl_time, fmt="jsonl", extra=dump_dates
        )
    elif isinstance(body, str) and body.strip():
        text = body if not title or body.lstrip().startswith(title) else f"{title}\n\n{body}"
        article = read_text(
            text, source, fmt="jsonl", title=title, crawl_time=crawl_time, extra=dump_dates
        )
        if not article.paragraphs:
            _declared_body(article, body)
    else:
        raise ReadFailure("record has no text or html field")
    article.format = "jsonl"
    article.url = url or article.url
    article.title = title or article.title
    article.byline = _text(_field(obj, _AUTHOR_FIELDS)) or article.byline
    article.publisher = _text(_field(obj, _PUBLISHER_FIELDS)) or article.publisher
    tags = obj.get("tags") or obj.get("categories") or obj.get("keywords")
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",")]
    if isinstance(tags, (list, tuple)):
        extra = [clean_line(str(t)) for t in tags if not _missing(t)]
        article.tags = list(dict.fromkeys([*article.tags, *(t for t in extra if t)]))
    if isinstance(obj.get("language"), str) and len(obj["language"]) <= 5:
        article.language = obj["language"]
    return finish(article)


def _declared_body(article: Article, body: str) -> None:
    """A record's text field in which no line reads as running prose ("Talks in Sochi."): the
    record declares it the article's text, so its lines are the body. Markup alone (``<p>
    </p>``) leaves nothing, and :func:`finish` refuses the record."""
    plain = html_fragments_to_text(body) if HTML_FRAGMENT.search(body) else body
    paragraphs = [line for line in map(clean_line, plain.splitlines()) if line]
    if paragraphs:
        article.paragraphs, article.text = paragraphs, "\n\n".join(paragraphs)
        article.warnings = [
            *(w for w in article.warnings if w != "no article body found in the text"),
            "no line reads as running prose: the record's text field is taken as the body",
        ]


def read_dump_line(line: bytes, source: str) -> Article:
    """One line of a JSONL dump (or a dump row as JSON) -> Article; raises ReadFailure."""
    limit = get_settings().max_record_bytes
    if len(line) > limit:
        raise over_limit("record", len(line), limit, "TIDINGS_MAX_RECORD_BYTES")
    text, warnings = detect.decode(line)
    obj = _json(text)
    article = read_record(obj, source)
    article.warnings = [*warnings, *article.warnings]
    return article


def _json(text: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadFailure(f"not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise ReadFailure("not valid JSON (nested too deeply)") from None


def read_json_document(data: bytes, source: str) -> list[Article | ReadError]:
    """A .json file: one record object, or a list of them (a bad item costs only itself)."""
    text, warnings = detect.decode(data)
    obj = _json(text)
    items = obj if isinstance(obj, list) else [obj]
    out: list[Article | ReadError] = []
    for i, item in enumerate(items, 1):
        try:
            article = read_record(item, f"{source}#{i}")
            article.warnings = [*warnings, *article.warnings]
            out.append(article)
        except ReadFailure as exc:
            out.append(ReadError(source=f"{source}#{i}", reason=exc.reason))
    return out
