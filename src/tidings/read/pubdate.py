"""The publication date: a decision over every date candidate the reader saw, not the first one.

Each candidate has a *kind*: where it was found (a crawl record's front-matter ``date:``, the URL
path, a wire dateline, a line under the headline, JSON-LD ``datePublished``, ...). How often each
kind named the right day on the development pages is kept in ``data/read/date_weights.tsv``
(``tools/learn_reader_weights.py`` recomputes it from the dev splits) as its *reliability*.

A day's *support* is the chance that at least one kind naming it is right (noisy-OR over the
distinct kinds): independent sources that agree add up, one unreliable source stays weak. The
best-supported day wins if its support reaches the learned threshold; below it there is no date
(a crawl record's lone ``date:`` is as often the crawl day as the publication day). Among the
winning day's candidates the most precise (with a time, with a zone) gives the value.

A partial date ("Feb 10 (Reuters) -", "March 18 at 3:57 PM") takes its year from the most
reliable full date with the same month and day, else from the most reliable full date, else
from the crawl time; a candidate later than the crawl time or at the crawl time (a live clock)
keeps little or nothing of its reliability. ``published_evidence`` names the winner with its
support, and every loser with its kind, its day's support and why it lost.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from functools import cache
from urllib.parse import urlparse

from tidings.read import dates
from tidings.read.dates import Candidate, candidate
from tidings.schema import DateCandidate, DateEvidence

DEFAULT_RELIABILITY = 0.5  # a kind never seen on the development pages
DEFAULT_THRESHOLD = 0.5


@cache
def weights() -> tuple[dict[str, float], float]:
    """(kind -> reliability, support threshold) from ``data/read/date_weights.tsv``."""
    table: dict[str, float] = {}
    threshold = DEFAULT_THRESHOLD
    for row in _rows():
        if row[0] == "@threshold":
            threshold = float(row[1])
        elif len(row) >= 4:
            table[row[0]] = float(row[3])
    return table, threshold


@cache
def _rows() -> list[list[str]]:
    from tidings import datafiles

    return datafiles.tsv("read", "date_weights.tsv")


@cache
def describe(kind: str) -> str:
    """What a kind of evidence is, in words (the table's last column)."""
    return next((row[4] for row in _rows() if row[0] == kind and len(row) > 4), kind)


def reliability(kind: str) -> float:
    return weights()[0].get(kind, DEFAULT_RELIABILITY)


# A day in a URL path: /2026/02/21/, /2026/2/9/, -2025-02-10, _2019_05_14, -20110302-.
_URL_DAY = re.compile(
    r"(?<![\d])((?:19|20)\d{2})([/_.-])(\d{1,2})\2(\d{1,2})(?![\d])"
    r"|(?<![\w])((?:19|20)\d{2})(\d{2})(\d{2})(?=[-_/.]|$)"
)


def url_candidate(url: str | None, base: datetime | None) -> Candidate | None:
    """The day written in a URL's path, if it names a valid one."""
    if not url:
        return None
    path = urlparse(url).path if "//" in url else url
    for m in _URL_DAY.finditer(path):
        y, mo, d = (m.group(1), m.group(3), m.group(4)) if m.group(1) else m.group(5, 6, 7)
        if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
            iso = f"{y}-{int(mo):02d}-{int(d):02d}"
            c = candidate(iso, "url", "url path", kind="url path", base=base)
            if c.parsed is not None:
                c.line_text = url
                return c
    return None


def dateline_candidate(date: str, source: str, line: str, base: datetime | None) -> Candidate:
    """The date of a wire dateline ("Feb 10", "12 March 2021"); a missing year is filled later
    from the other evidence (:func:`fill_years`), not from the crawl time first."""
    c = candidate(date, source, "wire dateline", kind="wire dateline", base=base)
    if c.partial or (c.parsed is not None and not c.has_year):
        c = candidate(date, source, "wire dateline", kind="wire dateline")
    c.line_text = line
    return c


def fill_years(cands: list[Candidate], crawl_time: datetime | None) -> None:
    """Give partial dates (no year) the year that the other evidence supports: that of the most
    reliable full date with the same month and day, else of the most reliable full date, else
    the crawl time's (the latest such day not after it)."""
    full = [c for c in cands if c.parsed is not None and c.has_year and c.factor > 0]
    for c in cands:
        if c.parsed is not None or not c.partial:
            continue
        probe = candidate(c.text, c.source, c.method, year=2000)  # month and day only
        if probe.parsed is None:
            continue
        md = probe.parsed.iso[5:10]
        same = [f for f in full if f.parsed and f.parsed.iso[5:10] == md]
        pool = same or full
        if pool:
            best = max(pool, key=lambda f: reliability(f.kind) * f.factor)
            year = best.parsed.when.year  # type: ignore[union-attr]
            fixed = candidate(c.text, c.source, c.method, kind=c.kind, year=year)
            why = f"year {year} from {best.source}"
            if fixed.parsed and crawl_time and dates.after(fixed.parsed.when, crawl_time):
                fixed.factor = 0.0
                why += "; later than the crawl time"
        elif crawl_time is not None:
            fixed = candidate(c.text, c.source, c.method, kind=c.kind, base=crawl_time)
            why = "year from the crawl time"
        else:
            continue
        if fixed.parsed is not None:
            c.parsed = fixed.parsed
            c.factor = fixed.factor
            c.reasons = [r for r in c.reasons if r != "no year"] + [*fixed.reasons, why]


def _support(group: list[Candidate]) -> tuple[float, dict[str, float]]:
    """Noisy-OR over the distinct kinds naming one day: 1 - prod(1 - reliability)."""
    best: dict[str, float] = {}
    for c in group:
        best[c.kind] = max(best.get(c.kind, 0.0), reliability(c.kind) * c.factor)
    miss = 1.0
    for p in best.values():
        miss *= 1.0 - p
    return 1.0 - miss, best


def decide(cands: list[Candidate]) -> tuple[str | None, DateEvidence | None]:
    """The best-supported day (or none below the threshold), with the losers and why."""
    if not cands:
        return None, None
    days: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        if c.parsed is not None and c.factor > 0:
            days[c.parsed.iso[:10]].append(c)
    support = {day: _support(group) for day, group in days.items()}
    ranked = sorted(support, key=lambda d: (support[d][0], max(support[d][1].values())))
    threshold = weights()[1]
    if not ranked or support[ranked[-1]][0] < threshold:
        why = "no candidate"
        if ranked:
            top = ranked[-1]
            why = f"best day {top} has support {support[top][0]:.2f} < {threshold:.2f}"
        rejected = [_loser(c, None, support, why) for c in cands]
        return None, DateEvidence(text="", source="", method=f"none: {why}", rejected=rejected)
    day = ranked[-1]
    group = days[day]
    win = max(group, key=lambda c: (c.parsed.has_time, c.parsed.has_zone, c.factor))
    kinds = ", ".join(f"{k} {p:.2f}" for k, p in sorted(support[day][1].items(), key=_by_p))
    method = (
        f"{win.method}: {describe(win.kind)}; day support {support[day][0]:.2f} from {kinds}; "
        + "; ".join(r for r in win.reasons if r)
    )
    evidence = DateEvidence(
        text=win.line_text or win.text,
        source=win.source,
        method=method,
        kind=win.kind,
        rejected=[_loser(c, win, support, "") for c in cands if c is not win],
    )
    return win.parsed.iso, evidence


def _by_p(item: tuple[str, float]) -> float:
    return -item[1]


def _loser(
    c: Candidate, win: Candidate | None, support: dict[str, tuple[float, dict]], why: str
) -> DateCandidate:
    reasons = [r for r in c.reasons if r]
    if c.parsed is not None:
        day = c.parsed.iso[:10]
        reasons.append(
            f"{describe(c.kind)} ({c.kind}, right {reliability(c.kind):.0%} on dev pages)"
        )
        if win is None:
            reasons.append(why)
        elif win.parsed is not None and day == win.parsed.iso[:10]:
            reasons.append(f"same day as {win.source}")
        elif day in support:
            best = support[win.parsed.iso[:10]][0] if win.parsed else 0.0
            reasons.append(f"day support {support[day][0]:.2f} < {best:.2f} for {win.source}")
    return DateCandidate(
        text=c.line_text or c.text,
        value=c.parsed.iso if c.parsed else None,
        source=c.source,
        kind=c.kind,
        reason="; ".join(reasons),
    )
