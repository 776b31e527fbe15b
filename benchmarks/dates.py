"""Publication-date accuracy: tidings' HTML reader vs htmldate alone, day level.

Gold: the extraction benchmark (``../shared/gold/extraction/``) has no date field, so the gold
date is the one the publisher put in the page's URL path (``/2019/11/18/``, ``/2019/nov/18/``),
for the pages that have one. Both sides are called WITHOUT the URL, so neither can just copy it
from the argument; both may still read anything in the page itself (canonical links included).
Caveat: a URL date is the date the URL was minted, almost always the publication day. Run:
``python benchmarks/dates.py``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from extraction import load  # noqa: E402 - the same page loader and the same clear failure

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_NUMERIC = re.compile(r"/((?:19|20)\d{2})/(\d{2})/(\d{2})/")
_NAMED = re.compile(r"/((?:19|20)\d{2})/([a-z]{3})/(\d{1,2})/", re.I)


def url_date(url: str) -> str | None:
    m = _NUMERIC.search(url)
    if m:
        return "-".join(m.groups())
    m = _NAMED.search(url)
    if m and m.group(2).lower() in _MONTHS:
        month = _MONTHS.index(m.group(2).lower()) + 1
        return f"{m.group(1)}-{month:02d}-{int(m.group(3)):02d}"
    return None


def main() -> None:
    import htmldate

    from tidings.read.errors import ReadFailure
    from tidings.read.reader import read_bytes

    pages = [(k, h, u, url_date(u)) for k, h, u, _g in load()]
    dated = [p for p in pages if p[3]]
    rows = {"htmldate": [0, 0], "tidings read": [0, 0]}  # correct, answered
    misses = []
    for key, html, _url, gold in dated:
        guess = htmldate.find_date(html, original_date=True)
        try:
            art = read_bytes(html, key)
            ours = art.published[:10] if art.published else None
        except ReadFailure:
            ours = None
        for name, value in (("htmldate", guess), ("tidings read", ours)):
            rows[name][1] += value is not None
            rows[name][0] += value == gold
        if ours != gold:
            misses.append((key[:10], gold, ours, guess))
    n = len(dated)
    print(f"{n} of {len(pages)} pages carry a date in their URL (the gold); URL not passed")
    print(f"{'dater':<14} {'accuracy':>8} {'answered':>8} {'correct':>7}")
    for name, (correct, answered) in rows.items():
        print(f"{name:<14} {correct / n:8.3f} {answered:8d} {correct:7d}")
    for miss in misses:
        print("  tidings miss: page {} gold {} tidings {} htmldate {}".format(*miss))


if __name__ == "__main__":
    main()
