"""RSS / Atom feeds and WordPress WXR exports: each item with content becomes one article.

A WordPress export (WXR) is RSS with the post body in ``content:encoded`` as an HTML fragment
(``<!-- wp:paragraph -->`` blocks, ad shortcodes); feeds that carry full text look the same.
Items are turned into dump-style records and read by :func:`tidings.read.reader.read_record`,
so their title, link, date, author and categories are declared fields, and the fragment goes
through the flattened-text reader (which understands HTML fragments).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from tidings.read.errors import ReadFailure

_NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
    "atom": "http://www.w3.org/2005/Atom",
}


_BODY = ("content:encoded", "atom:content", "description", "atom:summary")


def _first(item: etree._Element, *paths: str) -> str | None:
    for path in paths:
        found = item.xpath(path, namespaces=_NS)
        for value in found:
            text = value if isinstance(value, str) else (value.text or "")
            if text.strip():
                return text.strip()
    return None


def feed_records(data: bytes) -> Iterator[dict]:
    """Dump-style records (title/url/date/author/text/tags) for items that carry a body."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=True)
    root = etree.fromstring(data, parser=parser)
    items = root.xpath("//item | //atom:entry", namespaces=_NS) if root is not None else []
    fatal = [e for e in parser.error_log if e.level_name == "FATAL"]
    if fatal and not any(_first(item, *_BODY) for item in items):
        # libxml2 stops at entity bombs ("entity amplification factor exceeded") and the like
        raise ReadFailure(f"feed not readable: {' '.join(fatal[0].message.split())[:160]}")
    for item in items:
        post_type = _first(item, "wp:post_type")
        if post_type and post_type not in {"post", "page"}:
            continue  # attachments, menu items, ...
        body = _first(item, *_BODY)
        if not body:
            continue
        yield {
            "title": _first(item, "title", "atom:title"),
            "url": _first(item, "link[not(@href)]", "atom:link/@href", "link/@href", "guid"),
            "date": _first(
                item, "wp:post_date_gmt", "pubDate", "atom:published", "dc:date", "atom:updated"
            ),
            "author": _first(item, "dc:creator", "atom:author/atom:name"),
            "tags": [
                c.text.strip()
                for c in item.xpath("category", namespaces=_NS)
                if c.text and c.text.strip()
            ],
            "text": body,
        }
