"""Publication dates with evidence: find date strings, parse them, and pick one with reasons.

Every candidate the reader sees (a header line, a front-matter field, a JSON-LD property, the
htmldate guess, a dump field) becomes a :class:`Candidate` with a score and the reasons for it,
so ``published_evidence`` can say which line won and why each other one lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import cache

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
MONTH_RE = _MONTH
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_ZONE = r"(?:\s*(?:gmt|utc|z|[a-z]{1,3}[sd]?t|et|pt|ct|mt)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?)"
_TIME = rf"(?:\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?{_ZONE}?)"
_SEP_TIME = rf"(?:(?:,|\s|\s*[|@/-]\s*|\s+at\s+)+{_TIME})"
_PATTERNS = [
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?",
    rf"{_WEEKDAY}?{_DAY}\s+{_MONTH},?\s+\d{{4}}{_SEP_TIME}?",
    rf"{_WEEKDAY}?{_MONTH}\s+{_DAY},?\s+\d{{4}}{_SEP_TIME}?",
    rf"{_TIME},?\s+{_WEEKDAY}?(?:{_DAY}\s+{_MONTH}|{_MONTH}\s+{_DAY}),?\s+\d{{4}}",
    rf"{_WEEKDAY}?(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH}){_SEP_TIME}",
    rf"\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}}{_SEP_TIME}?",
    r"\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago",
    r"(?:yesterday|today)(?:\s+at\s+\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)?",
]
DATE_RE = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)
_HAS_TIME = re.compile(r"\d{1,2}[:.]\d{2}|\b(?:hours?|minutes?|mins?|seconds?)\s+ago", re.I)
_HAS_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_RELATIVE = re.compile(r"\bago\b|\byesterday\b|\btoday\b", re.I)
_DIGIT = re.compile(r"\d")
_BARE_TIME = re.compile(r"\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?", re.I)
# Other languages' dates: a day, a word, a year ("12. März 2021", "5 de marzo de 2020",
# "3 марта 2022 г."), or a word, a day and a year; the word must be a known month name.
_FOREIGN = re.compile(
    r"\b\d{1,2}\.?\s+(?:de\s+)?(?P<m1>[^\W\d_]{3,15})\.?,?\s+(?:de\s+)?(?:19|20)\d{2}\b(?:\s*г\.)?"
    r"|\b(?P<m2>[^\W\d_]{3,15})\.?\s+\d{1,2},?\s+(?:19|20)\d{2}\b"
)


@cache
def month_names() -> dict[str, int]:
    """Month names of the main news languages (lower case) -> month number."""
    from tidings import datafiles

    return {name: int(n) for name, n in datafiles.tsv("read", "month_names.tsv")}


def date_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every date-like span: English patterns, then other languages' dates."""
    if not _DIGIT.search(text) and not _RELATIVE.search(text):
        return []  # every date pattern but "yesterday"/"today" has a digit
    spans = [m.span() for m in DATE_RE.finditer(text)]
    names = month_names()
    for m in _FOREIGN.finditer(text):
        word = (m.group("m1") or m.group("m2")).lower()
        if word in names and not any(a < m.end() and m.start() < b for a, b in spans):
            spans.append(m.span())
    return sorted(spans)


def has_year(text: str) -> bool:
    """Whether a date string names its year (19xx/20xx)."""
    return bool(_HAS_YEAR.search(text))


def find_date(text: str) -> tuple[int, int] | None:
    """The first date-like span in ``text`` (month names, ISO, numeric, relative)."""
    spans = date_spans(text)
    return spans[0] if spans else None


def date_text(line: str) -> str:
    """The date part of a line ("November 19, 2019 / 6:42 AM / Updated ..." -> first date)."""
    span = find_date(line)
    return line[span[0] : span[1]] if span else line


def date_coverage(line: str) -> float:
    """Share of the line's letters and digits inside date spans: ~1.0 means a date line."""
    if len(line) > 120:
        return 0.0  # a date span has < 40 letters and digits: a long line is never mostly date
    total = sum(ch.isalnum() for ch in line)
    if not total:
        return 0.0
    covered = sum(sum(ch.isalnum() for ch in line[a:b]) for a, b in date_spans(line))
    return covered / total


@dataclass
class Parsed:
    """A parsed date: ISO string plus how precise it is."""

    iso: str
    when: datetime
    has_time: bool
    has_zone: bool
    relative: bool


@cache
def _dateparser():  # noqa: ANN202 - imported lazily: dateparser costs ~0.3 s to import
    import dateparser

    return dateparser


def parse_date(
    text: str, *, base: datetime | None = None, year: int | None = None
) -> Parsed | None:
    """Parse one date string (ISO, RFC 2822, JavaScript and English forms directly, the rest
    with dateparser); ``year`` fills a missing year, ``base`` anchors relative dates ("2 hours
    ago") to a known crawl time."""
    text = re.sub(r"\s+", " ", text).strip(" ,|-")
    if not text or len(text) > 80:
        return None
    if _BARE_TIME.fullmatch(text):
        return None  # "1:54", "10:30 PM": a time of day names no day
    fast = _iso(text)
    if fast is _OUT_OF_RANGE:
        return None
    if fast is not None:
        return fast
    relative = bool(_RELATIVE.search(text))
    if relative and base is None:
        return None  # "2 hours ago" means nothing without a known crawl time
    if not relative and year is None and base is None and not _HAS_YEAR.search(text):
        return None  # "March 18 at 3:57 PM": the year must come from elsewhere, not today
    direct = _english(text, base, year)
    if direct is None:
        direct = _numeric(text)
    if direct is not None:
        return direct or None
    settings: dict = {"PREFER_DATES_FROM": "past"}
    if base is not None:
        settings["RELATIVE_BASE"] = base.replace(tzinfo=None)
    elif year is not None and not _HAS_YEAR.search(text):
        settings["RELATIVE_BASE"] = datetime(year, 12, 31, 23, 59)
    # Ordinals and "at" confuse some locales; the meaning stays the same without them.
    clean = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text, flags=re.I)
    clean = re.sub(r"\s+at\s+", " ", clean)
    try:
        when = _dateparser().parse(clean, settings=settings)
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd strings
        return None
    if when is None or not (1900 <= when.year <= 2100):
        return None
    has_time = bool(_HAS_TIME.search(text)) or bool(re.search(r"T\d{2}:\d{2}", text))
    has_zone = when.tzinfo is not None and when.utcoffset() is not None
    if has_zone:
        when = when.replace(tzinfo=timezone(when.utcoffset() or timedelta(0)))
    iso = when.replace(microsecond=0).isoformat() if has_time else when.date().isoformat()
    return Parsed(iso=iso, when=when, has_time=has_time, has_zone=has_zone, relative=relative)


_ISO = re.compile(
    r"(\d{4})([-/]?)(\d{2})\2(\d{2})(?:\s?[T ]\s?(\d{1,2}):(\d{2})(?::(\d{1,2})(?:\.\d+)?)?)?"
    r"\s?(Z|UTC|GMT|[+-]\d{2}:?\d{2})?"
)
# A JavaScript Date string: "Tue Aug 25 2020 00:23:33 GMT+0000 (Coordinated Universal Time)".
_JS_DATE = re.compile(
    r"[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT([+-]\d{4})(?: \(.*\))?"
)
_OUT_OF_RANGE = object()  # an ISO date outside 1900-2100 (placeholders like 0001-01-01)


_RFC2822 = re.compile(r"(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}(?::\d{2})? \S+")


def _iso(text: str) -> Parsed | None:
    """ISO 8601 and RFC 2822 (what metadata and feeds usually hold) without dateparser."""
    if _RFC2822.fullmatch(text):
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        has_zone = when.tzinfo is not None
        iso = when.isoformat()
        return Parsed(iso=iso, when=when, has_time=True, has_zone=has_zone, relative=False)
    js = _JS_DATE.fullmatch(text)
    if js:
        mon, d, y, hh, mm, ss, off = js.groups()
        month = _EN_MONTHS.get(mon.lower())
        text = f"{y}-{month or 0:02d}-{int(d):02d}T{hh}:{mm}:{ss}{off}"
    m = _ISO.fullmatch(text)
    if not m:
        return None
    y, _sep, mo, d, hour, minute, sec, zone = m.groups()
    if not 1900 <= int(y) <= 2100:
        return _OUT_OF_RANGE  # type: ignore[return-value]
    if zone in {"Z", "UTC", "GMT"}:
        zone = "+00:00"
    elif zone and ":" not in zone:
        zone = zone[:3] + ":" + zone[3:]
    clock = f"T{int(hour):02d}:{minute}:{int(sec or 0):02d}" if hour else ""
    try:
        when = datetime.fromisoformat(f"{y}-{mo}-{d}{clock}{zone or ''}")
    except ValueError:
        return None
    has_time = hour is not None
    has_zone = when.tzinfo is not None
    iso = when.isoformat() if has_time else when.date().isoformat()
    return Parsed(iso=iso, when=when, has_time=has_time, has_zone=has_zone, relative=False)


# Zone abbreviations with one meaning (as dateparser reads them); others go to dateparser.
_ZONES = {
    "gmt": 0, "utc": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180,
    "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360,
    "pst": -480, "pdt": -420, "jst": 540, "aest": 600, "aedt": 660,
}  # fmt: skip
_EN_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_CLOCK = r"(?P<h{0}>\d{{1,2}})[:.](?P<mi{0}>\d{{2}})(?::\d{{2}})?\s*(?P<ap{0}>[ap])?\.?(?:m\.?)?"
_EN_DATE = re.compile(
    rf"{_WEEKDAY}?(?:{_CLOCK.format(1)}\s*,?\s+{_WEEKDAY}?)?"
    rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH})"
    rf"|(?P<m2>{_MONTH})\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)"
    rf",?(?:\s+(?P<y>(?:19|20)\d{{2}}))?"
    rf"(?:(?:\s*[,|@/·-]\s*|\s+at\s+|\s+){_CLOCK.format(2)})?\s*(?P<z>{'|'.join(_ZONES)})?",
    re.IGNORECASE,
)


def _english(text: str, base: datetime | None, year: int | None) -> Parsed | bool | None:
    """English month-name dates ("Feb 27, 2026 6:40 pm", "10:41 AM February 5, 2026") without
    dateparser (its first call costs ~0.3 s): the same result, a fraction of the time.

    None: not this shape (ask dateparser); False: this shape but no valid date."""
    m = _EN_DATE.fullmatch(text)
    if not m:
        return None
    month = _EN_MONTHS[(m.group("m1") or m.group("m2"))[:3].lower()]
    day = int(m.group("d1") or m.group("d2"))
    hour = minute = 0
    n = "1" if m.group("h1") else "2" if m.group("h2") else ""
    if n:
        hour, minute = int(m.group("h" + n)), int(m.group("mi" + n))
        half = (m.group("ap" + n) or "").lower()
        if hour > 23 or minute > 59:
            return False
        if half and 1 <= hour <= 12:  # "13:00 pm" is read as 13:00, as dateparser does
            hour = hour % 12 + (12 if half == "p" else 0)
    z = m.group("z")
    zone = timezone(timedelta(minutes=_ZONES[z.lower()])) if z else None
    try:
        if m.group("y"):
            when = datetime(int(m.group("y")), month, day, hour, minute, tzinfo=zone)
        elif base is not None:  # the latest such day not after the crawl time
            when = datetime(base.year, month, day, hour, minute, tzinfo=zone)
            if _utc(when) > _utc(base) + timedelta(days=1):
                when = when.replace(year=base.year - 1)
        elif year is not None:
            when = datetime(year, month, day, hour, minute, tzinfo=zone)
        else:
            return False
    except ValueError:
        return False
    iso = when.isoformat() if n else when.date().isoformat()
    return Parsed(iso=iso, when=when, has_time=bool(n), has_zone=zone is not None, relative=False)


# A numeric date with a four-digit year, a weekday word before it and a time after it allowed:
# "Di., 25.01.2022 - 14:45", "10.12.2022, 09:15:02", "13/05/2022", "05/13/2022 5:22 pm".
_NUMERIC = re.compile(
    r"(?:[^\W\d_]{1,12}\.?,?\s+)?(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)"
    r"(?P<y>(?:19|20)\d{2})(?:\s*[,|@-]?\s*(?:um\s+|at\s+|à\s+)?"
    r"(?P<h>\d{1,2})[:.h](?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ap>[ap])?\.?(?:m\.?)?"
    r"(?:\s*uhr)?)?",
    re.IGNORECASE,
)


def _numeric(text: str) -> Parsed | bool | None:
    """Numeric dates whose order is known: with dots always day.month.year (no locale writes
    the month first with dots: "10.12.2022" is 10 December); with slashes when one number
    cannot be a month ("13/05/2022", "05/13/2022"). An ambiguous slashed date ("10/05/2022")
    is not this shape: dateparser reads it as before.

    None: not this shape; False: this shape but no valid date."""
    m = _NUMERIC.fullmatch(text)
    if not m:
        return None
    a, b = int(m.group("a")), int(m.group("b"))
    if m.group("sep") == "." or a > 12:
        day, month = a, b
    elif b > 12:
        day, month = b, a
    else:
        return None  # "10/05/2022": either order
    hour = minute = second = 0
    if m.group("h"):
        hour, minute, second = int(m.group("h")), int(m.group("mi")), int(m.group("s") or 0)
        half = (m.group("ap") or "").lower()
        if half and 1 <= hour <= 12:
            hour = hour % 12 + (12 if half == "p" else 0)
    try:
        when = datetime(int(m.group("y")), month, day, hour, minute, second)
    except ValueError:
        return False
    iso = when.isoformat() if m.group("h") else when.date().isoformat()
    return Parsed(iso=iso, when=when, has_time=bool(m.group("h")), has_zone=False, relative=False)


def _day_first(text: str, month_first: Parsed) -> Parsed | None:
    """For a slashed date either order can read ("10/05/2022"), the day-first reading (the
    parse gives the month first, as in American English); else None."""
    m = _NUMERIC.fullmatch(re.sub(r"\s+", " ", text).strip(" ,|-"))
    if not m or m.group("sep") != "/" or int(m.group("a")) == int(m.group("b")):
        return None
    if int(m.group("a")) > 12 or int(m.group("b")) > 12:
        return None
    w = month_first.when
    try:
        when = w.replace(month=w.day, day=w.month)
    except ValueError:
        return None
    iso = when.isoformat() if month_first.has_time else when.date().isoformat()
    return Parsed(iso, when, month_first.has_time, month_first.has_zone, False)


@dataclass
class Candidate:
    """One date the reader saw: where (``kind``, ``source``), its parse, and why it counts less.

    ``factor`` scales its kind's reliability (see :mod:`tidings.read.pubdate`): 0 when it could
    not be parsed or lies after the crawl time, less for a live clock at the crawl time."""

    text: str
    source: str
    method: str
    kind: str = ""
    parsed: Parsed | None = None
    factor: float = 1.0
    reasons: list[str] = field(default_factory=list)
    line_text: str = ""  # the whole line, when the date came from a line
    partial: bool = False  # a month and a day without a year ("Feb 10 (Reuters) -")
    day_first: Parsed | None = None  # "10/05/2022" read as 10 May (``parsed``: October 5)

    @property
    def has_year(self) -> bool:
        return has_year(self.text)

    def note(self, reason: str) -> None:
        self.reasons.append(reason)


def candidate(
    text: str,
    source: str,
    method: str,
    *,
    kind: str = "",
    base: datetime | None = None,
    year: int | None = None,
) -> Candidate:
    """Parse ``text``; note what the parse says (time of day, zone, relative, crawl time)."""
    cand = Candidate(text=text, source=source, method=method, kind=kind or method)
    cand.parsed = parse_date(text, base=base, year=year)
    if cand.parsed is None:
        cand.factor = 0.0
        cand.partial = not has_year(text) and parse_date(text, year=2000) is not None
        cand.note("no year" if cand.partial else "could not be parsed")
        return cand
    cand.day_first = _day_first(text, cand.parsed)
    cand.note("has a time of day" if cand.parsed.has_time else "no time of day")
    if cand.parsed.has_zone:
        cand.note("has a time zone")
    if cand.parsed.relative:
        cand.factor *= 0.8
        cand.note("relative to the crawl time")
    if base is not None:
        when, crawl = _utc(cand.parsed.when), _utc(base)
        if after(cand.parsed.when, base):
            cand.factor = 0.0
            cand.note("later than the crawl time")
        elif (
            cand.parsed.has_time
            and not cand.parsed.relative
            and abs(when - crawl) < timedelta(hours=1)
        ):
            cand.factor *= 0.2
            cand.note("at the crawl time (a live clock or crawl stamp)")
    return cand


def after(when: datetime, crawl: datetime) -> bool:
    """Later than a day after the crawl time: a date the page cannot have had when crawled."""
    return _utc(when) > _utc(crawl) + timedelta(days=1)


def _utc(when: datetime) -> datetime:
    """Naive datetimes are taken as UTC so crawl-time comparisons never raise."""
    if when.tzinfo is None:
        return when
    return when.astimezone(UTC).replace(tzinfo=None)
