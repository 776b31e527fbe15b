"""Wire datelines: "MOSCOW, Feb 10 (Reuters) -", "KYIV, Ukraine (AP) —", "(OSV News) —",
"BEIJING, March 5 (Xinhua) --", "New Delhi, Mar 3 (PTI)", "MOSCOW, February 10. /TASS/.",
"GENEVA, 12 March 2021 –", "Madrid, 5 mar (EFE).-", "LONDON —".

A dateline opens the story's first paragraph, but in scraped copy photo captions, teasers and
a byline often come before it, so the first paragraphs are searched. Where it names a place,
a shouted name ("UNITED NATIONS") or a known place counts; a place in mixed case must be known
(a city, country or region), so an ordinary sentence opening "Officials said -" is not one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tidings import datafiles
from tidings.read import dates, resources
from tidings.read.lines import TERMINAL

_ONE_PLACE = r"[A-ZÀ-ÖØ-Þ][\w'.\-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w'.\-]*){0,3}"
_PLACE = rf"{_ONE_PLACE}(?:/{_ONE_PLACE}){{0,2}}"  # "KYIV/MOSCOW, Feb 10 (Reuters) -"
_DATE = (
    r"(?:[^\W\d_]{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\.?\s+[^\W\d_]{3,12}\.?)"
    r"(?:,?\s+(?:19|20)\d{2})?"
)
_DATELINE = re.compile(
    rf"(?:(?P<lead_date>{_DATE})"
    rf"|(?P<place>{_PLACE})(?:\s*\[(?P<bracket>[^\]]{{1,30}})\])?"
    rf"(?:,\s*(?P<region>(?!{_DATE}\b){_PLACE}))?(?:,?\s*(?P<date>{_DATE}))?)?"
    r"(?:\s*\((?P<agency>[^()]{1,40})\)|\.?\s*/(?P<slash>[A-Z][A-Za-z-]{1,15})/\.?)?"
    r"\s*(?P<dash>—|–|--|-|:|\.-)?\s+(?=\S)"
)


# A shouted dateline whose dash the page lost ("CAIRO  The ballot count ...": an em dash
# dropped by a bad conversion, two spaces left) or never had: a shouted known place of one to
# four words, perhaps a region ("FORT LAUDERDALE, Fla."), then the sentence's capitalised first
# word ("The", or an acronym: "WASHINGTON NASA announced ...").
_SHOUTED_WORD = r"[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'.\-]+"
_DASHLESS = [
    re.compile(
        rf"(?P<place>{_SHOUTED_WORD}(?:\s+{_SHOUTED_WORD}){{{n}}})"
        r"(?:,\s*(?P<region>(?:[A-Z]\.){2,3}|[A-Z][a-z]+\.?(?:\s+[A-Z][a-z]+\.?)??))?"
        r"\s+(?=[A-Z](?:[a-z]|[A-Z]+\b))"
    )
    for n in (3, 2, 1, 0)
]


@dataclass
class Dateline:
    """What a dateline says and where it is."""

    place: str | None  # "Moscow" (shouted names in title case), or None ("(OSV News) —")
    agency: str | None
    date: str | None  # as written: "Feb 10", "12 March 2021"
    paragraph: int  # index of the paragraph that opens with it
    text: str  # the dateline itself, as written


@cache
def agencies() -> frozenset[str]:
    return frozenset(datafiles.lines("read", "news_agencies.txt"))


def _month_word(date: str) -> bool:
    word = re.search(r"[^\W\d_]{3,12}", date)
    if not word:
        return False
    w = word.group(0).lower()
    return bool(re.fullmatch(dates.MONTH_RE, w)) or w in dates.month_names()


def _is_place(name: str) -> bool:
    """A shouted name ("UNITED NATIONS") or a known place in mixed case; each of "A/B"."""
    return all((n.isupper() and len(n) >= 2) or resources.is_place(n) for n in name.split("/"))


def _unknown_place_ok(name: str) -> bool:
    """An unknown one-word place in mixed case ("Moscou") before a date and a known agency; not
    a weekday or a month ("Tuesday, Feb 10 (Reuters)")."""
    word = name.lower()
    return " " not in name and not _month_word(name) and not re.fullmatch(r"\w+day", word)


# A parenthesis after a place that names no outlet: a caption's aside ("KYIV (File) —").
_ASIDES = frozenset({"file", "pictured", "photo", "video", "left", "right", "center", "centre"})
_OUTLET = re.compile(r"[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3}")


def _outlet(name: str) -> bool:
    """An outlet's name signing after a place: "TAIPEI (Taiwan News) —", "(CNNMoney) --"."""
    return bool(_OUTLET.fullmatch(name)) and name.lower() not in _ASIDES


def _agency_ok(agency: str, place: str | None, dash: str | None) -> bool:
    """A known agency, an acronym ("(CNN)"), or an outlet's name between a place and a dash."""
    if _known_agency(agency) or re.fullmatch(r"[A-Z]{2,6}", agency):
        return True
    return bool(place and dash and dash != ":" and _is_place(place) and _outlet(agency))


def _known_agency(agency: str) -> bool:
    """A news agency of the list, also as the first word of a service ("Reuters Breakingviews")."""
    return agency in agencies() or agency.split()[0] in agencies()


def _dashless(paragraph: str, index: int) -> Dateline | None:
    """A shouted known place opening a paragraph of running prose with no dash after it."""
    for pattern in _DASHLESS:
        m = pattern.match(paragraph)
        if not m or len(paragraph[m.end() :].split()) < 12:
            continue
        place, region = m.group("place").strip(".-'"), m.group("region")
        if len(place) < 3 or not _known_place(place):
            continue
        if region and not (region.endswith(".") or resources.is_place(region.rstrip("."))):
            return None  # "WASHINGTON, Democrats said": not a region
        return Dateline(place.title(), None, None, index, paragraph[: m.end()].strip())
    return None


def _known_place(name: str) -> bool:
    """A known place as written or shouted ("CAIRO", "NEW YORK": a state's name too)."""
    titled = name.title()
    return resources.is_place(name) or resources.is_place(titled) or resources.is_city(titled)


def parse(paragraph: str, index: int = 0) -> Dateline | None:
    """The dateline opening ``paragraph``, or None. What follows a dateline is the story's
    first sentence: a short rest with no full stop is a headline with a place kicker
    ("PERRIS: Woman ordered hit on father of her child, police say")."""
    found = _parse(paragraph, index) or _dashless(paragraph, index)
    if found is not None:
        rest = paragraph[len(found.text) :].strip()
        if len(rest.split()) < 20 and not TERMINAL.search(rest):
            return None
    return found


def _parse(paragraph: str, index: int) -> Dateline | None:
    m = _DATELINE.match(paragraph)
    if not m or m.end() > 120 or m.end() >= len(paragraph) - 20:
        return None
    place, region = m.group("place"), m.group("region")
    date = m.group("date") or m.group("lead_date")
    agency = m.group("agency") or m.group("slash")
    dash = m.group("dash")
    if date and not _month_word(date):
        return None
    if agency and not _agency_ok(agency, place, dash):
        return None  # "(pictured)", "(File)": a caption's aside, not an agency
    if place and not _is_place(place):
        if m.group("date") and agency and _known_agency(agency) and _unknown_place_ok(place):
            pass  # "Moscou, 10 fév. (AFP) -": place, month-name date and agency, in that order
        elif region or m.group("date") or not agency:
            return None
        else:
            place = None  # "Vatican News (OSV News) —" is not a place
    if place:
        shouted = place.isupper()
        city = resources.is_city(place)  # "Islamabad: ..." as Pakistani papers write it
        ok = bool(dash or agency) and (dash != ":" or shouted or bool(agency) or city)
        known = all(_known_place(p) for p in place.split("/"))
        if not (ok and (region or date or agency or known)):
            return None  # "WATCH:", "BREAKING -" are not places
        if shouted:
            place = "/".join(p.title() for p in place.split("/"))
    elif not agency:
        return None  # a bare date opening a paragraph is not a dateline
    return Dateline(place, agency, date, index, paragraph[: m.end()].strip())


def _own_line(paragraphs: list[str], k: int) -> Dateline | None:
    """A dateline on its own line ("WASHINGTON —", "BEIJING, March 5 (Xinhua)") over the
    story's first paragraph."""
    para = paragraphs[k]
    if len(para.split()) > 8 or k + 1 >= len(paragraphs):
        return None
    found = _parse(f"{para} {paragraphs[k + 1]}", k)  # with its dash or agency: not "EUROPE"
    if found is None or len(found.text) > len(para) or not para.rstrip().endswith((*"-–—:)",)):
        return None
    found.text = para
    return found


def find_dateline(paragraphs: list[str], limit: int = 5, reach: int = 60) -> Dateline | None:
    """The first dateline among the first ``limit`` paragraphs of running text (ten words or
    more): the short lines of a menu, a headline or a date line above the story do not count,
    so a story under 40 menu items is still searched (never past paragraph ``reach``)."""
    counted = 0
    for k, para in enumerate(paragraphs[:reach]):
        found = parse(para, k) or _own_line(paragraphs, k)
        if found:
            return found
        counted += len(para.split()) >= 10
        if counted >= limit:
            break
    return None
