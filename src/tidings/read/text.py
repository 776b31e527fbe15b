"""Flattened scraped text -> Article, by scoring the role of every line.

A scraped page flattened to text keeps its furniture: office names and a stale date in the site
header, the headline, a byline with bureau, the publication time, subheadings, "Read more" link
blocks, ad markers and a trailing row of section tags. No single rule finds the article in that,
so each line gets features (position, length, terminal punctuation, capitalisation, date
coverage, role-announcing prefixes, known boilerplate, repetition across a batch) and a role:

1. *prose* lines are found first; the densest run of them is the body;
2. in the header above it the title is the best-scoring headline-like line, lines between the
   title and the body are byline/date lines, and lines above the title are page chrome;
3. inside the body, an isolated short unpunctuated line is a subheading, a run of them is a
   link block (dropped);
4. below the body, trailing short capitalised lines are section tags.

Markdown (YAML front matter, ``#`` headings, links) and HTML fragments (WordPress exports) are
turned into the same lines first, keeping what their markup says about roles.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from tidings.read import dates, pubdate, text_meta, titles, wire
from tidings.read.line_fields import is_tag_line, parse_credit, split_tags
from tidings.read.lines import Line, to_lines
from tidings.read.markup import (
    HTML_FRAGMENT,
    FrontMatter,
    ScrapeDump,
    html_fragments_to_text,
    parse_front_matter,
    parse_scrape_dump,
)
from tidings.read.normalize import normalize_newlines
from tidings.read.text_meta import Declared, has_date, line_candidate
from tidings.schema import Article, DateEvidence

# What a non-prose line costs inside the body, in characters of prose: 20 (times 0.5 + its junk
# probability) for an ordinary line, 10 for known chrome. Chosen on the dev pages (flattened-text
# F1 on half A of ../shared/gold/extraction, body start/end on the messy dev split): 20-40 all
# beat the earlier run-joining rules; 20 was best.
_GAP = 20.0
_CHROME = 10.0


_NUMBERED = re.compile(r"^\(?(\d{1,2})[.)]\s+\S")


def _mark_lists(lines: list[Line]) -> None:
    """Lists in flattened text are body: a run of lines introduced by a sentence ending in ":"
    ("The tour dates:"), or numbered in sequence ("1) ...", "2) ..."), becomes list items."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.prose and line.text.endswith(":"):
            k = i + 1
            while k < len(lines) and _list_like(lines[k]) and k - i <= 60:
                k += 1
            if k - i - 1 >= 3:
                for item in lines[i + 1 : k]:
                    item.item = item.listed = True
            i = k
            continue
        i += 1
    _mark_numbered(lines)


def _mark_numbered(lines: list[Line]) -> None:
    """Items numbered in sequence ("1) ...", "2) ..."), three or more, are list items; up to two
    short lines between two items (a link, a price, a one-line note) belong to the list."""
    expected, run, between = 1, [], []
    for line in [*lines, None]:
        m = _NUMBERED.match(line.text) if line is not None else None
        if m and int(m.group(1)) == expected:
            run.extend([*between, line])
            expected, between = expected + 1, []
            continue
        if line is not None and run and len(between) < 2 and not line.prose and line.words <= 40:
            between.append(line)
            continue
        if sum(bool(_NUMBERED.match(x.text)) for x in run) >= 3:
            for item in run:
                item.item = item.listed = True
        expected, run, between = (2, [line], []) if m and int(m.group(1)) == 1 else (1, [], [])


# "Jane Doe is a research fellow at ...", "Peter Dickinson is editor of ...": a name, then "is".
_BLURB = re.compile(
    r"^(?!(?:The|A|An|This|That|These|Our|Its|His|Her|Their|My|Your)\s)"
    r"(?:[A-Z][\w’'.-]*\s+){2,4}(?:is|was|has been|writes|covers)\s"
)


def _mark_blurbs(lines: list[Line]) -> None:
    """An author blurb ends the story: a line that opens with a name and "is ...", written in
    italics or followed by no more paragraph-length prose (in a story, "Ukrainian President
    Volodymyr Zelenskyy is ..." has paragraphs after it)."""
    later_prose = False
    for line in reversed(lines):
        blurb = not line.marker and line.words <= 80 and bool(_BLURB.match(line.text))
        if blurb and (line.note or not later_prose):
            line.marker = "blurb"
            continue
        later_prose = later_prose or (line.prose and line.words >= 25)


def _list_like(line: Line) -> bool:
    return (
        not (line.prose or line.chrome or line.heading or line.marker)
        and 2 <= line.words <= 40
        and line.date_cov <= 0.5
    )


def _body_span(lines: list[Line], boiler: Collection[str]) -> tuple[int, int] | None:
    """Indexes (first, last) of the body: the stretch of lines whose prose outweighs the
    furniture inside it (maximum-sum segment: a prose line counts its length in characters,
    any other line costs a gap, more the more it reads like furniture)."""
    best, best_span = 0.0, None
    run, start = 0.0, 0
    for i, line in enumerate(lines):
        if (line.prose or line.listed) and line.text not in boiler:
            if run <= 0:
                run, start = 0.0, i
            run += len(line.text)
            if run > best:
                best, best_span = run, (start, i)
        elif line.marker in {"credits", "blurb"}:
            run = -1e9  # "Reporting by ...; Editing by ...", an author blurb: the story has ended
        elif line.chrome or line.marker == "related":
            run -= _CHROME
        else:
            run -= _GAP * (0.5 + line.junk)
    return best_span


def _headline_like(line: Line) -> bool:
    """Short, capitalised, no full stop: how linked headlines in a related block look."""
    return line.words <= 14 and line.text[:1].isupper() and not line.text.endswith(".")


def _title_score(line: Line, k: int, header: list[Line]) -> float:
    """How headline-like a header line is: length, capitalisation, what follows it."""
    if line.chrome or line.date_cov > 0.5 or line.marker:
        return -100.0
    score = 0.0
    if line.heading == 1:
        score += 5
    elif line.heading:
        score += 2
    w = line.words
    score += 3 if 3 <= w <= 30 else (-2 if w == 2 else -4 if w <= 1 else -1)
    score += min(w, 15) / 15
    if line.text.endswith("."):
        score -= 2
    if line.text[:1].isupper() or line.text[:1] in "\"'“‘":
        score += 1
    if line.text.isupper() and w <= 3:
        score -= 1
    follow = header[k + 1 : k + 3]
    if any(x.date_cov > 0.5 or x.marker in {"byline", "published"} for x in follow):
        score += 2
    elif k + 1 < len(header) and 1 <= header[k + 1].words <= 8 and not header[k + 1].terminal:
        score += 1  # a short credit line under it
    if k == len(header) - 1:
        score += 1  # directly above the body
    return score


@dataclass
class _Page:
    """What the role passes find, gathered into the Article at the end."""

    meta: Declared
    title: str | None = None
    title_n: int = -1
    byline: str | None = None
    publisher: str | None = None
    dateline: str | None = None
    tags: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    para_lines: list[Line] = field(default_factory=list)
    cands: list[dates.Candidate] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)


def _regions(lines: list[Line], boilerplate: Collection[str]) -> tuple[int, int]:
    """Indexes (first, last) of the body; header above, footer below."""
    span = _body_span(lines, boilerplate)
    if span is None:
        return len(lines), len(lines) - 1
    first, last = span
    # A sentence-like first line followed by a date or credit line is a headline that
    # happens to end with a full stop: the body starts after the date/credit lines.
    k = first + 1
    while k <= last and (
        lines[k].date_cov > 0.5 or lines[k].marker in {"byline", "published", "updated"}
    ):
        k += 1
    if k > first + 1 and k <= last and lines[first].words <= 30 and lines[k].prose:
        first = k
    return first, last


def _choose_title(page: _Page, header: list[Line], body: list[Line], known: str | None) -> None:
    """A declared title form (dump field, front matter, page outline, the flattened <title>)
    without the site name, preferring one the page repeats; else the best headline-like line."""
    meta = page.meta
    shown = frozenset(titles.norm(x.text) for x in header if x.words >= 2)
    forms = text_meta.title_forms(meta, known, header)
    title, _source = titles.choose(forms, meta.hints, shown)
    title_line: Line | None = None
    if title:
        page.title = title
        key = titles.norm(title)
        title_line = next(
            (x for x in header if x.role != "chrome" and titles.norm(x.text.strip("#* ")) == key),
            None,
        )
    else:
        scored = [(_title_score(x, k, header), x) for k, x in enumerate(header) if not x.role]
        scored = [sc for sc in scored if sc[0] > -100]
        if scored:
            title_line = max(scored, key=lambda sc: (sc[0], sc[1].n))[1]
        elif body and not body[0].text.endswith(".") and body[0].words <= 25:
            title_line = body.pop(0)  # a question or exclamation headline looks like prose
            header.append(title_line)
        if title_line:
            page.title = titles.strip_site(title_line.text, meta.hints, shown)
    if title_line:
        title_line.role = "title"
        page.title_n = title_line.n


def _read_header(page: _Page, header: list[Line]) -> None:
    """Above the title: chrome. Between title and body: dates, one credit line, a deck."""
    fm, base = page.meta.fm, page.meta.crawl_time
    page.cands.extend(text_meta.date_candidates(page.meta))
    page.byline = fm.get("author", "authors", "byline")
    page.publisher = page.meta.publisher
    credit_line: Line | None = None
    for line in header:
        if line.role in {"title", "chrome"}:
            continue
        below = line.n > page.title_n
        if has_date(line):
            where = "line under the headline" if below else "line above the headline"
            page.cands.append(line_candidate(line, where, base))
            line.role = "date"
            if line.marker == "byline" and below and credit_line is None:
                credit_line = line
        elif (
            below
            and credit_line is None
            and not line.chrome
            and (line.marker == "byline" or (line.words <= 8 and not line.terminal))
        ):
            credit_line = line
            line.role = "byline"
        elif below and line.words >= 5 and not line.chrome and "subtitle" not in page.extra:
            page.extra["subtitle"] = line.text  # a deck under the headline, not the body
            line.role = "subtitle"
        else:
            line.role = "chrome"
    if credit_line is not None:
        by = credit_line.marker == "byline"
        credit = credit_line.marker_rest if by else credit_line.text
        span = dates.find_date(credit) if by else None
        credit = credit[: span[0]].strip(" ,|-–—") if span else credit
        page.byline = page.byline or credit
        outlet, city = parse_credit(credit)
        if not by:
            page.publisher = page.publisher or outlet
        page.dateline = city


def _read_body(page: _Page, body: list[Line], boilerplate: Collection[str]) -> None:
    """Paragraphs, subheadings, link blocks (dropped) and in-body dates."""
    in_related = False
    seen: dict[str, int] = {}  # sentence -> the body line it was last said on
    for k, line in enumerate(body):
        if in_related and _headline_like(line):
            line.role = "related"  # a linked headline, even one ending in "?"
            continue
        said = _sentences(line.text)
        if line.prose and said and _pull_quote(said, seen, k, line.words):
            line.role = "pull quote"  # every sentence of it is already in the story
            continue
        seen.update(dict.fromkeys(said, k))
        if line.prose or line.item:
            in_related = False
            line.role = "paragraph"
            page.paragraphs.append(line.text)
            page.para_lines.append(line)
            continue
        if line.marker == "related":
            in_related = True
            line.role = "related"
            continue
        if line.chrome or line.text in boilerplate:
            line.role = "chrome"
            continue
        if in_related:
            line.role = "related"
            continue
        if line.date_cov > 0.5 or line.marker in {"published", "updated"}:
            page.cands.append(line_candidate(line, "body line", page.meta.crawl_time))
            line.role = "date"
            continue
        prev_ok = k > 0 and body[k - 1].role in {"paragraph", "subheading"}
        following = body[k + 1] if k + 1 < len(body) else None
        next_ok = following is not None and (following.prose or following.item)
        if line.terminal and line.words >= 2 and prev_ok:
            line.role = "paragraph"  # a short sentence ("He declined to comment.")
            page.paragraphs.append(line.text)
            page.para_lines.append(line)
        elif (
            (line.heading or (line.words <= 12 and not line.terminal))
            and next_ok
            and (prev_ok or line.heading)
        ):
            line.role = "subheading"
            page.subheadings.append(line.text)
        else:
            line.role = "chrome"  # part of a link block or a caption


def _pull_quote(said: set[str], seen: dict[str, int], k: int, words: int) -> bool:
    """A short line (at most 60 words) whose every sentence the story said in its last 30 lines:
    a pull quote. A long document that repeats itself (a book, pages joined) is not one."""
    return words <= 60 and all(k - seen.get(x, -999) <= 30 for x in said)


def _sentences(text: str) -> set[str]:
    """The sentences of a line of five words or more, normalised, for finding repeats."""
    parts = re.split(r"(?<=[.!?…])[\"'”’]?\s+", text)
    return {" ".join(p.split()).casefold() for p in parts if len(p.split()) >= 5}


def _read_footer(page: _Page, footer: list[Line]) -> None:
    """Tags at the very end (and after a "Tags:" marker), dates, the rest is chrome."""
    tags = page.meta.fm.get_list("tags", "categories", "category", "section", "keywords")
    tag_lines: list[Line] = []
    for line in reversed(footer):
        if is_tag_line(line):
            tag_lines.insert(0, line)
        elif not line.chrome:
            break
    for line in footer:
        if line in tag_lines or line.marker == "tags":
            line.role = "tags"
            text = line.marker_rest if line.marker == "tags" else line.text
            tags.extend(t for t in split_tags(text) if t and t not in tags)
        elif line.date_cov > 0.5 or line.marker in {"published", "updated"}:
            page.cands.append(line_candidate(line, "footer line", page.meta.crawl_time))
            line.role = "date"
        else:
            line.role = "chrome"
    page.tags = tags


def _read_dateline(page: _Page) -> None:
    """A wire dateline ("MOSCOW, Feb 10 (Reuters) -") opening one of the first paragraphs:
    place, agency, date. Photo captions and teasers scraped above it are not the story."""
    found = wire.find_dateline(page.paragraphs)
    if found is None:
        return
    if found.place:
        page.dateline = found.place
    elif found.paragraph == 0 or found.agency:
        page.dateline = None  # "(OSV News) —": the story's own dateline names no place
    if found.agency and not page.publisher:
        page.publisher = found.agency
    if found.date:
        source = "dateline of the first paragraph"
        if found.paragraph:
            source = f"dateline of paragraph {found.paragraph + 1}"
        line = page.paragraphs[found.paragraph][: len(found.text) + 40]
        page.cands.append(
            pubdate.dateline_candidate(found.date, source, line, page.meta.crawl_time)
        )
    for line in page.para_lines[: found.paragraph]:
        line.role = "caption"
        line.notes.append("above the story's dateline")
    del page.paragraphs[: found.paragraph]
    del page.para_lines[: found.paragraph]


def _settle_dates(page: _Page) -> tuple[str | None, DateEvidence | None]:
    """Partial dates take their year from the other evidence; then the decision over all."""
    pubdate.fill_years(page.cands, page.meta.crawl_time)
    return pubdate.decide(page.cands)


def page_lines(
    text: str, fmt: str = "text"
) -> tuple[list[Line], FrontMatter, ScrapeDump | None, str, list[str]]:
    """The page's lines with their features, after front matter, a scrape record's metadata and
    HTML fragments are taken apart: (lines, front matter, scrape record, format, notes)."""
    notes: list[str] = []
    text = normalize_newlines(text)
    fm, rest = parse_front_matter(text)
    offset = text[: len(text) - len(rest)].count("\n")
    text = rest
    dump = parse_scrape_dump(text)
    if dump is not None:
        text, offset = dump.content, offset + dump.offset
        notes.append("scrape record: metadata and link list set aside")
    if fm.fields or dump is not None:
        fmt = "markdown"
    if HTML_FRAGMENT.search(text):
        text = html_fragments_to_text(text)
        notes.append("html fragments stripped")
        markdown = True
    else:
        markdown = fmt == "markdown" or bool(re.search(r"^#{1,6}\s|\]\(http", text, re.M))
    return to_lines(text, markdown, offset), fm, dump, fmt, notes


def read_text(
    text: str,
    source: str,
    *,
    fmt: str = "text",
    title: str | None = None,
    boilerplate: Collection[str] = (),
    crawl_time: datetime | None = None,
    extra: list[dates.Candidate] | None = None,
) -> Article:
    """Flattened article text (plain, markdown or with HTML fragments) -> Article.

    ``title`` is a known title (from a dump field); ``boilerplate`` holds lines seen repeated
    across the batch (site chrome); ``crawl_time`` anchors relative dates; ``extra`` are date
    candidates from outside the text (a dump record's date field).
    """
    lines, fm, dump, fmt, notes = page_lines(text, fmt)
    for line in lines:
        if line.text in boilerplate and not line.prose:
            line.chrome = True
            line.notes.append("repeated across the batch")

    _mark_lists(lines)
    _mark_blurbs(lines)
    first, last = _regions(lines, boilerplate)
    header, body, footer = lines[:first], lines[first : last + 1], lines[last + 1 :]
    page = _Page(meta=text_meta.declared(fm, dump, crawl_time))
    page.cands.extend(extra or [])
    _choose_title(page, header, body, title)
    _read_header(page, header)
    _read_body(page, body, boilerplate)
    _read_footer(page, footer)
    _read_dateline(page)
    published, evidence = _settle_dates(page)

    return Article(
        id="",
        source=source,
        format=fmt,
        url=page.meta.urls[0] if page.meta.urls else None,
        title=page.title,
        publisher=page.publisher,
        byline=page.byline,
        dateline=page.dateline,
        published=published,
        published_evidence=evidence,
        tags=page.tags,
        subheadings=page.subheadings,
        paragraphs=page.paragraphs,
        text="\n\n".join(page.paragraphs),
        warnings=[] if page.paragraphs else ["no article body found in the text"],
        meta={
            "dropped": [
                {"line": x.src, "role": x.role or "chrome", "text": x.text[:120]}
                for x in lines
                if x.role in {"chrome", "related", "caption", "pull quote"}
            ],
            **({"notes": notes} if notes else {}),
            **page.extra,
        },
    )
