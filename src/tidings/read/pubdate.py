"""The publication date: a decision over every date candidate the reader saw, not the first one.

Each candidate has a *kind*: where it was found (a crawl record's front-matter ``date:``, the URL
path, a wire dateline, a line under the headline, JSON-LD ``datePublished``, ...). Each day that
some candidate names gets a score: a bias plus the weight of every kind that names it (once per
kind), turned into a probability by the logistic function. The weights are fit on the
development pages by ``tools/learn_reader_weights.py`` (logistic regression over the pages' days,
pulled towards the log-odds of how often each kind was right) and kept with those counts in
``data/read/date_weights.tsv``. So sources that agree add up, a modification date that only
echoes other modification dates stays weak, and one unreliable source alone is not enough:
below the learned threshold there is no date (a crawl record's lone ``date:`` is as often the
crawl day as the publication day). A UTC timestamp within six hours of midnight also speaks,
more weakly, for the neighbouring day (the local day of a site in another zone). Among the
winning day's candidates the most precise (a time, a zone) gives the value.

A partial date ("Feb 10 (Reuters) -", "March 18 at 3:57 PM") takes its year from the most
reliable full date with the same month and day, else from the most reliable full date, else
from the crawl time; a candidate later than the crawl time or at the crawl time (a live clock)
keeps little or nothing of its weight. ``published_evidence`` names the winner with its day's
score, and every loser with its kind, its day's score and why it lost.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from urllib.parse import urlparse

from tidings.read import dates
from tidings.read.dates import Candidate, candidate
from tidings.schema import DateCandidate, DateEvidence

# The features a UTC timestamp near midnight gives the neighbouring day (another zone's day).
EARLY_UTC = "UTC time after midnight: the day before"  # 00-06 UTC: evening in the Americas
LATE_UTC = "UTC time before midnight: the day after"  # 18-24 UTC: morning east of Europe
NEIGHBOUR = (EARLY_UTC, LATE_UTC)
# Published and modified kinds, and the kinds a published or htmldate date takes when it only
# repeats a modification date (a CMS that rewrites its "published" field on every edit; htmldate
# falling back to og:updated_time when the page declares nothing else).
PUBLISHED_KINDS = frozenset(
    {"json-ld datePublished", "json-ld dateCreated", "meta published", "<time> published"}
)
MODIFIED_KINDS = frozenset({"json-ld dateModified", "meta modified", "<time> modified"})
ECHO = "publication date equal to a modification date"
HTMLDATE_ECHO = "htmldate equal to a modification date"
# htmldate pads a year it found alone (a copyright line, "© 2016") to 1 January.
HTMLDATE_NEW_YEAR = "htmldate on 1 January"
# Day-only forms a page writes in its own local time: a UTC timestamp near midnight that is one
# of them a day away is that day locally ("/2019/01/01/" and "2018-12-31T23:11:59Z").
LOCAL_DAY_KINDS = frozenset(
    {
        "url path",
        "wire dateline",
        "line under the headline",
        "byline line",
        "date near the headline",
    }
)
DEFAULT_RELIABILITY = 0.5  # a kind never seen on the development pages


@dataclass
class Model:
    """The learned table: per-kind weights (log-odds), bias, threshold, and the counts."""

    weights: dict[str, float] = field(default_factory=dict)
    reliability: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    threshold: float = 0.5
    described: dict[str, str] = field(default_factory=dict)

    def weight(self, kind: str) -> float:
        return self.weights.get(kind, 0.0)

    def score(self, feats: dict[str, float]) -> float:
        """P(this day is the publication day) from the kinds that name it."""
        z = self.bias + sum(self.weight(k) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def model() -> Model:
    """The table in ``data/read/date_weights.tsv``."""
    from tidings import datafiles

    m = Model()
    for row in datafiles.tsv("read", "date_weights.tsv"):
        if row[0] == "@bias":
            m.bias = float(row[1])
        elif row[0] == "@threshold":
            m.threshold = float(row[1])
        elif len(row) >= 6:
            m.reliability[row[0]] = float(row[3])
            m.weights[row[0]] = float(row[4])
            m.described[row[0]] = row[5]
    return m


def reliability(kind: str) -> float:
    """The share of days this kind named right on the development pages (smoothed)."""
    return model().reliability.get(kind, DEFAULT_RELIABILITY)


def describe(kind: str) -> str:
    """What a kind of evidence is, in words."""
    return model().described.get(kind, kind)


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
            best = max(pool, key=lambda f: model().weight(f.kind) * f.factor)
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


def resolve_order(cands: list[Candidate], day_first: bool = False) -> None:
    """Read each slashed date that either order fits ("10/05/2022") the way the page's other
    dates confirm (a reading whose day another candidate names, the other's not); unconfirmed,
    day first when the page's language writes dates so (every main news language but
    American English: ``day_first``), else month first."""
    for c in cands:
        if c.day_first is None or c.parsed is None:
            continue
        others = {
            o.parsed.iso[:10] for o in cands if o is not c and o.parsed is not None and o.factor > 0
        }
        month_day, day_month = c.parsed.iso[:10] in others, c.day_first.iso[:10] in others
        flip = (day_month and not month_day) or (day_first and day_month == month_day)
        if flip:
            c.parsed, c.day_first = c.day_first, None
            c.note("day first" + (": another date names that day" if day_month else ""))
        else:
            c.day_first = None
            if month_day:
                c.note("month first: another date names that day")


def relabel(cands: list[Candidate]) -> None:
    """Give a date that only repeats a modification date a kind of its own (its weight is
    learned apart): a published date equal to a modification time while another published date
    of the page is earlier (publication precedes every edit), htmldate's guess on the day of
    a modification date (with nothing declared as published, htmldate falls back to it), or
    on 1 January (where htmldate puts a year found alone)."""
    ok = [c for c in cands if c.parsed is not None and c.factor > 0]
    modified = {_instant(c) for c in ok if c.kind in MODIFIED_KINDS}
    modified_days = {c.parsed.iso[:10] for c in ok if c.kind in MODIFIED_KINDS}  # type: ignore[union-attr]
    published = [c for c in ok if c.kind in PUBLISHED_KINDS]
    for c in published:
        if _instant(c) in modified and any(
            o.parsed.iso[:10] < c.parsed.iso[:10]
            for o in published  # type: ignore[union-attr]
        ):
            c.note(f"repeats a modification date ({c.kind})")
            c.kind = ECHO
    for c in ok:
        if c.kind == "htmldate" and c.parsed.iso[:10] in modified_days:  # type: ignore[union-attr]
            c.note("the day of a modification date")
            c.kind = HTMLDATE_ECHO
        elif c.kind == "htmldate" and c.parsed.iso[5:10] == "01-01":  # type: ignore[union-attr]
            c.note("1 January: often a year alone (a copyright line)")
            c.kind = HTMLDATE_NEW_YEAR


def _instant(c: Candidate) -> str:
    """A date's value as compared between candidates: the UTC instant, or the day alone."""
    p = c.parsed
    if p is None:
        return ""
    if p.has_time and p.has_zone:
        return p.when.astimezone(UTC).replace(tzinfo=None).isoformat()
    return p.iso if p.has_time else p.iso[:10]


def day_features(cands: list[Candidate]) -> dict[str, dict[str, float]]:
    """Day -> {kind: strength} for every day some candidate names (strength = its factor)."""
    days: dict[str, dict[str, float]] = defaultdict(dict)
    local = _local_days(cands)
    for c in cands:
        if c.parsed is None or c.factor <= 0:
            continue
        day = local.get(id(c), c.parsed.iso[:10])
        feats = days[day]
        feats[c.kind] = max(feats.get(c.kind, 0.0), c.factor)
        neighbour = _neighbour_day(c)
        if neighbour:
            other = days[neighbour[0]]
            other[neighbour[1]] = max(other.get(neighbour[1], 0.0), c.factor)
    return {day: feats for day, feats in days.items() if any(k not in NEIGHBOUR for k in feats)}


def _local_days(cands: list[Candidate]) -> dict[int, str]:
    """A UTC timestamp that another candidate states in local time (the same instant with a
    zone offset, or the same minutes and seconds a whole number of hours away without a zone)
    counts for that local day: "2020-12-24T23:59:50Z" is "2020-12-25T01:59:50+02:00"."""
    timed = [c for c in cands if c.parsed is not None and c.parsed.has_time and c.factor > 0]
    utc = [c for c in timed if c.parsed.has_zone and c.parsed.when.utcoffset() == timedelta(0)]
    out: dict[int, str] = {}
    local_days = {
        c.parsed.iso[:10]  # type: ignore[union-attr]
        for c in cands
        if c.parsed is not None and c.factor > 0 and c.kind in LOCAL_DAY_KINDS
    }
    for c in utc:
        near = _neighbour_day(c)
        if near and near[0] in local_days and c.parsed.iso[:10] not in local_days:
            out[id(c)] = near[0]
            continue
        for other in timed:
            if other is c or other.parsed is None:
                continue
            o = other.parsed.when
            if other.parsed.has_zone:
                if o.utcoffset() and abs((o - c.parsed.when).total_seconds()) < 60:
                    out[id(c)] = other.parsed.iso[:10]
                    break
            else:
                gap = (o - c.parsed.when.replace(tzinfo=None)).total_seconds()
                if gap and abs(gap) <= 14 * 3600 and gap % 3600 == 0 and (o.minute or o.second):
                    out[id(c)] = other.parsed.iso[:10]
                    break
    return out


def _neighbour_day(c: Candidate) -> tuple[str, str] | None:
    """For a UTC timestamp within six hours of midnight: (the local day elsewhere, feature)."""
    p = c.parsed
    if p is None or not (p.has_time and p.has_zone) or p.when.utcoffset() != timedelta(0):
        return None
    if p.when.hour < 6:
        return (p.when - timedelta(days=1)).date().isoformat(), EARLY_UTC
    if p.when.hour >= 18:
        return (p.when + timedelta(days=1)).date().isoformat(), LATE_UTC
    return None


def best_day(
    cands: list[Candidate], table: Model | None = None
) -> tuple[str | None, float, dict[str, float]]:
    """(best-scored day, its probability, every day's probability); no threshold applied.
    A day named only by kinds that need a witness (:data:`NEEDS_WITNESS`) cannot be the best:
    the best of the other days is."""
    m = table or model()
    feats = day_features(cands)  # days in the order their first candidate came
    scores = {day: m.score(f) for day, f in feats.items()}
    eligible = [day for day, f in feats.items() if not set(f) <= NEEDS_WITNESS]
    if not eligible:
        return None, 0.0, scores
    top = max(eligible, key=lambda d: scores[d])  # among equals, the day named first
    return top, scores[top], scores


# Kinds that never decide alone: a crawl record's ``date:`` is the day the page was fetched or
# found as often as the day it was published (dev: both pages where it stood alone were wrong),
# and a wrong day silently moves every undated event; another witness must name the same day.
NEEDS_WITNESS = frozenset({"front matter date (crawl record)"})


def decide(
    cands: list[Candidate], day_first: bool = False
) -> tuple[str | None, DateEvidence | None]:
    """The best-scored day (or none below the threshold), with the losers and why.
    ``day_first``: the page's language writes "10/05/2022" as 10 May (:func:`resolve_order`)."""
    if not cands:
        return None, None
    resolve_order(cands, day_first)
    relabel(cands)
    m = model()
    day, top, scores = best_day(cands, m)
    if day is None or top < m.threshold:
        why = "no parsed candidate"
        if day is None and scores:
            unwitnessed = ", ".join(scores)
            why = f"{unwitnessed} named only by a crawl record's date, which needs a witness"
        elif day is not None:
            why = f"best day {day} scores {top:.2f} < threshold {m.threshold:.2f}"
        rejected = [_loser(c, None, scores, why) for c in cands]
        return None, DateEvidence(text="", source="", method=f"none: {why}", rejected=rejected)
    local = _local_days(cands)
    group = [
        c for c in cands if c.parsed and c.factor > 0 and local.get(id(c), c.parsed.iso[:10]) == day
    ]
    if group:
        win = max(
            group,
            key=lambda c: (
                c.parsed.iso[:10] == day,
                c.kind not in MODIFIED_KINDS,  # a modification time is not the publication's
                c.parsed.has_time,
                c.parsed.has_zone,
                c.factor,
            ),
        )
        # A UTC timestamp counted for another zone's day gives that day alone.
        value = win.parsed.iso if win.parsed.iso[:10] == day else day  # type: ignore[union-attr]
    else:  # only a UTC timestamp near midnight speaks for this day: give the day alone
        win = next(c for c in cands if (_neighbour_day(c) or ("",))[0] == day)
        value = day
    feats = day_features(cands)[day]
    named = ", ".join(f"{k} {m.weight(k):+.1f}" for k in sorted(feats, key=lambda k: -m.weight(k)))
    method = f"{win.method}: {describe(win.kind)}; day score {top:.2f} from {named}; " + "; ".join(
        r for r in win.reasons if r
    )
    evidence = DateEvidence(
        text=win.line_text or win.text,
        source=win.source,
        method=method,
        kind=win.kind,
        rejected=[_loser(c, win, scores, _unwitnessed(c, cands)) for c in cands if c is not win],
    )
    return value, evidence


def _unwitnessed(c: Candidate, cands: list[Candidate]) -> str:
    """Why a candidate's day could not win whatever its score: only a crawl record names it."""
    if c.parsed is None or c.kind not in NEEDS_WITNESS:
        return ""
    feats = day_features(cands).get(c.parsed.iso[:10], {})
    if feats and set(feats) <= NEEDS_WITNESS:
        return "named only by a crawl record's date, which needs a witness"
    return ""


def _loser(
    c: Candidate, win: Candidate | None, scores: dict[str, float], why: str
) -> DateCandidate:
    reasons = [r for r in c.reasons if r]
    if c.parsed is not None:
        day = c.parsed.iso[:10]
        reasons.append(f"{describe(c.kind)} ({c.kind}, weight {model().weight(c.kind):+.1f})")
        if win is None:
            reasons.append(why)
        elif win.parsed is not None and day == win.parsed.iso[:10]:
            reasons.append(f"same day as {win.source}")
        elif day in scores and win.parsed is not None and why:  # a higher score cannot win
            reasons.append(f"day score {scores[day]:.2f}, but {why}")
        elif day in scores and win.parsed is not None:
            best = scores.get(win.parsed.iso[:10], 0.0)
            reasons.append(f"day score {scores[day]:.2f} < {best:.2f} for {win.source}")
    return DateCandidate(
        text=c.line_text or c.text,
        value=c.parsed.iso if c.parsed else None,
        source=c.source,
        kind=c.kind,
        reason="; ".join(reasons),
    )
