"""The date a page shows under its headline: the byline or date line of an HTML page.

The headline is the page's first ``<h1>``, or the heading that shows the title the page declares
(``og:title``, the JSON-LD headline, ``<title>``) where there is no ``<h1>`` or the first one is
furniture with no date under it. The first date in the text after it, within a few lines
("date near the headline") or further down the first screen ("date below the headline"), is a
candidate of its own kind for :mod:`tidings.read.pubdate`; a date inside a sentence of the story
(a deadline, an event's day) is passed over.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import html as lxml_html

from tidings.read import dates, titles

_NOT_SHOWN = frozenset({"script", "style", "noscript", "template", "button", "select", "option"})
# Text read after the headline: within the first stretch, a date is the byline or date line
# under it (as on a flattened page); further down, a date may be the body's or a teaser's.
NEAR_HEADLINE_CHARS = 250
BELOW_HEADLINE_CHARS = 1000
# Words beside a date that make its text a sentence of the story rather than a date line.
PROSE_WORDS = 12


def declared_heading(
    tree: lxml_html.HtmlElement, meta: dict, h1: lxml_html.HtmlElement | None
) -> lxml_html.HtmlElement | None:
    """The heading that shows the headline the page declares (its text within ``og:title``,
    the JSON-LD headline or ``<title>``; three words or more), for a page without ``<h1>`` or
    whose first ``<h1>`` (``h1``) shows none of them: the element the date line follows."""
    declared = [titles.norm(meta.get(k)) for k in ("og_title", "title", "html_title")]
    declared = [d for d in declared if d]
    if not declared:
        return None
    shown = titles.norm(h1.text_content()) if h1 is not None else ""
    if shown and any(shown in d for d in declared):
        return None  # the <h1> is the headline: there was no date under it
    for el in tree.xpath("//h1|//h2|//h3")[:25]:
        text = titles.norm(el.text_content())
        if el is not h1 and len(text.split()) >= 3 and any(text in d for d in declared):
            return el
    return None


def date_after(h1: lxml_html.HtmlElement) -> tuple[str, str] | None:
    """(kind, text) of the first date shown after the headline within a few lines ("date near
    the headline") or further down the first screen ("date below the headline"), or None."""
    seen = 0
    for text in _text_after(h1):
        span = dates.find_date(text)
        if span and not _in_prose(text, span):
            near = seen <= NEAR_HEADLINE_CHARS
            kind = "date near the headline" if near else "date below the headline"
            return kind, text[span[0] : span[1]]
        seen += len(text)
        if seen > BELOW_HEADLINE_CHARS:
            return None
    return None


def _in_prose(text: str, span: tuple[int, int]) -> bool:
    """Whether a date sits in a sentence of running text ("Bis 25. November 2019 könnt ihr es
    noch unterstützen."): a deadline or an event's day, not a date line or byline's date."""
    rest = text[: span[0]] + " " + text[span[1] :]
    return len(rest.split()) >= PROSE_WORDS


def _text_after(el: lxml_html.HtmlElement) -> Iterator[str]:
    """The shown text after an element, piece by piece in document order (lazily: only the
    first screen is read), without scripts, styles and form options."""
    from lxml import etree

    node: lxml_html.HtmlElement | None = el
    while node is not None:
        parent = node.getparent()
        if node.tail and (parent is None or parent.tag not in _NOT_SHOWN):
            yield " ".join(node.tail.split())
        for sib in node.itersiblings():
            if not isinstance(sib.tag, str):  # a comment or processing instruction
                if sib.tail and (parent is None or parent.tag not in _NOT_SHOWN):
                    yield " ".join(sib.tail.split())
                continue
            for event, e in etree.iterwalk(sib, events=("start", "end")):
                if not isinstance(e.tag, str):
                    continue
                if event == "start" and e.text and e.tag not in _NOT_SHOWN:
                    yield " ".join(e.text.split())
                elif event == "end" and e is not sib and e.tail:
                    owner = e.getparent()
                    if owner is None or owner.tag not in _NOT_SHOWN:
                        yield " ".join(e.tail.split())
            if sib.tail and (parent is None or parent.tag not in _NOT_SHOWN):
                yield " ".join(sib.tail.split())
        node = parent
