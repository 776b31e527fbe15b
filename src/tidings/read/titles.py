"""Titles without the site's name, chosen among what the page declares and what it shows.

A page states its headline several times: front matter ``title:``, JSON-LD ``headline``,
``og:title``, ``<title>``, the ``<h1>``, a ``#`` heading or the first lines of a flattened page.
Declared forms often carry the site's name ("Headline | Reuters", "Headline - Atlantic
Council", "seelenradio » Headline"). The site-name part is found generally, not from a list:
a segment between separators that repeats the publisher, ``og:site_name`` or the domain
("lowyinstitute.org" -> "Lowy Institute"), or, failing that, the segment the page does not
show as its own headline line. A form that another source repeats wins; otherwise the most
trusted source in order (a dump or front-matter title, JSON-LD, ``og:title``, ``<h1>``,
``<title>``).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlparse

from tidings.read import resources
from tidings.read.normalize import clean_line

# Separators between a headline and a site name: spaced pipes, dashes, bullets, guillemets.
# Also a figure dash, and a full-width colon or vertical bar with or without spaces.
_SEP = re.compile(r"(\s+(?:\||•|·|»|«|›|‹|~|::|-{1,2}|‒|–|—|/)\s+|\s*[|｜：]\s*)")
_COLON_SITE = re.compile(r"^(?P<head>.{12,}?)\s*:\s+(?P<site>[^:]{2,40})$")
_SITE_COLON = re.compile(r"^(?P<site>[^:]{2,40}?)\s*:\s+(?P<head>.{12,})$")  # "latimes.com : ..."
_GENERIC_TLDS = {"com", "org", "net", "www", "co", "news", "info", "gov", "edu", "html", "php"}


def _key(text: str) -> str:
    """Letters and digits only, lower case, accents dropped: "Lowy Institute" -> "lowyinstitute"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum())


def site_hints(*names: str | None, url: str | None = None) -> set[str]:
    """Keys that a site-name segment may repeat: publisher names and the URL's host."""
    hints = {_key(n) for n in names if n and len(_key(n)) >= 2}
    host = urlparse(url).netloc.lower() if url and "//" in url else (url or "")
    if host:
        host = host.split("@")[-1].split(":")[0].removeprefix("www.")
        hints.add(_key(host))  # "strafprozess.ch" as written in a title
        labels = [x for x in host.split(".") if x and x not in _GENERIC_TLDS]
        if labels:
            main = max(labels, key=len)  # "civil-protection-humanitarian-aid.ec.europa.eu"
            hints.add(_key(main))
            hints.add(_key(labels[0]))
    return {h for h in hints if len(h) >= 2}


# A segment written as a host name is the site's: "FOXNews.com", "latimes.com", "BBC.co.uk".
_HOST = re.compile(
    r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co\.uk|com\.au|co|info|news|[a-z]{2})"
)


def _is_site(part: str, hints: set[str]) -> bool:
    k = _key(part)
    if not k or len(part.split()) > 8:
        return False
    if _HOST.fullmatch(part.strip().lower()):
        return True
    for h in hints:
        if k == h:
            return True
        if len(h) >= 4 and len(k) >= 3 and (h in k or k in h):
            return True
    return False


def _is_site_exactly(part: str, hints: set[str]) -> bool:
    """The whole segment is the site's name or host, not a phrase that contains it."""
    return bool(_HOST.fullmatch(part.strip().lower())) or _key(part) in hints


def _parts(title: str) -> list[str]:
    """Alternating [text, separator, text, ...]."""
    return _SEP.split(title)


def strip_site(title: str | None, hints: set[str], shown: frozenset[str] = frozenset()) -> str:
    """``title`` without a leading or trailing site-name segment.

    ``shown``: the page's own headline-like lines (normalised); when no segment repeats a
    hint, a run of segments that the page shows on its own line is the headline."""
    if not title:
        return ""
    title = _strip_segments(clean_line(title), hints, shown)
    colon = _COLON_SITE.match(title)
    if colon and len(colon.group("site").split()) <= 4 and _is_site(colon.group("site"), hints):
        title = colon.group("head")  # "Reparaturcafé am 31. Januar: Stadt Ahlen"
    lead = _SITE_COLON.match(title)
    if lead and _is_site_exactly(lead.group("site"), hints):
        title = lead.group("head")  # "FOXNews.com: Headline" (not "Best of Houzz 2022: ...")
    return title


def _strip_segments(title: str, hints: set[str], shown: frozenset[str]) -> str:
    parts = _parts(title)
    if len(parts) < 3:
        return title
    texts = parts[0::2]
    if any(not t.strip() for t in texts):
        return title
    lo, hi = 0, len(texts)
    while hi - lo > 1 and _is_site(texts[hi - 1], hints):
        hi -= 1
    while hi - lo > 1 and _is_site(texts[lo], hints):
        lo += 1
    if hi < len(texts):
        hi = _drop_sections(parts, lo, hi)
    if (lo, hi) != (0, len(texts)):
        return _join(parts, lo, hi)
    for a in range(len(texts)):
        for b in range(len(texts), a, -1):
            if (a, b) != (0, len(texts)) and norm(_join(parts, a, b)) in shown:
                return _join(parts, a, b)
    return title


def _drop_sections(parts: list[str], lo: int, hi: int) -> int:
    """After a trailing site name, pipe-separated section labels go too: "Headline | Russia-
    Ukraine war News | Al Jazeera", "Headline | Ukraine | The Guardian". A label is a segment
    of at most five words, shorter than the headline segment before it; only pipes count (a
    dash also joins the parts of a headline)."""
    texts = parts[0::2]
    while hi - lo > 1 and parts[2 * hi - 3].strip() == "|":
        words = len(texts[hi - 1].split())
        if words > 5 or words >= max(len(t.split()) for t in texts[lo : hi - 1]):
            break
        hi -= 1
    return hi


def _join(parts: list[str], lo: int, hi: int) -> str:
    return "".join(parts[2 * lo : 2 * hi - 1]).strip()


def norm(text: str | None) -> str:
    """How titles are compared: NFKC, straight quotes, one space, case-folded."""
    text = unicodedata.normalize("NFKC", text or "")
    text = re.sub(r"[‘’‚‛′]", "'", text)
    text = re.sub(r"[“”„«»]", '"', text)
    return " ".join(text.split()).casefold()


_HEADLINE_SOURCES = {"h1", "page outline h1", "page headline"}


def choose(
    declared: list[tuple[str, str | None]], hints: set[str], shown: frozenset[str] = frozenset()
) -> tuple[str | None, str]:
    """(title, source) from ``declared`` = [(source, title)] in order of trust.

    Each is stripped of its site name. A form that is only the site's name or one word of
    page furniture ("Menu") is not a title. The page's own headline (``<h1>``) wins when a
    declared form starts with it or it starts with a declared form ("Mandarinen-Schmand-Kuchen"
    in "Mandarinen-Schmand-Kuchen von jesusfreak | Chefkoch"); else a form that another source
    repeats (after stripping); else the first usable one."""
    forms: list[tuple[str, str]] = []
    for source, raw in declared:
        if not raw or not clean_line(raw):
            continue
        stripped = strip_site(" ".join(raw.split()), hints, shown)
        if _is_site(stripped, hints) and len(stripped.split()) <= 3:
            continue  # og:title = "Lavazza DE": the site, not the article
        if len(stripped.split()) <= 1 and resources.chrome_re().fullmatch(stripped.strip(".")):
            continue
        if len(stripped.split()) <= 1 and not any(ch.isalnum() for ch in stripped):
            continue  # "..."
        forms.append((source, stripped))
    if not forms:
        return None, ""
    keys = [norm(f) for _, f in forms]
    for i, (source, form) in enumerate(forms):
        if source in _HEADLINE_SOURCES and len(keys[i].split()) >= 2:
            for j, other in enumerate(keys):
                if j != i and (_extends(other, keys[i]) or _extends(keys[i], other)):
                    return form, source
    for i, (source, form) in enumerate(forms):
        if _confirmed(i, keys, shown):
            return form, source
    return forms[0][1], forms[0][0]


def _confirmed(i: int, keys: list[str], shown: frozenset[str]) -> bool:
    """Another source repeats form ``i``, alone or as the first segment of a longer form (a
    ``<title>`` "Headline - OSV" whose site name no hint names; a separator must follow, as a
    form cut short at a stray quote is a head too), or the page shows it as a heading."""
    key = keys[i]
    if keys.count(key) > 1 or key in shown:
        return True
    return len(key.split()) >= 2 and any(
        other.startswith(key) and _SEP.match(other, len(key)) for other in keys
    )


def _extends(longer: str, head: str) -> bool:
    """``longer`` is ``head`` followed by more words ("x: more", "x von y", "x » y")."""
    return len(longer) > len(head) and longer.startswith(head) and not longer[len(head)].isalnum()
