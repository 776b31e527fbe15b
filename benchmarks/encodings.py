"""Encoding detection: exact-text rate of tidings' decoder vs charset-normalizer alone.

Cases are made from real text in ../shared (gold extraction pages, corpus articles), as in
tests/test_read_encodings.py:

* *re-encoded*: pages in German, Portuguese, Italian, English, Russian, Arabic and Korean
  written in the legacy code pages scrapers meet (cp1252, Latin-1, cp1251, KOI8-R, cp1256,
  EUC-KR);
* *damaged UTF-8*: every document with at least 6 non-ASCII characters, 6 of them cut short
  (their last byte lost, as broken transfers do); the faithful result is the original with
  those 6 as U+FFFD.

A case counts when the decoded text equals the expected text exactly. The baseline is what
the reader did before: charset-normalizer's best guess for anything that is not valid UTF-8.

    python benchmarks/encodings.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from test_read_encodings import RE_ENCODED, _all_docs, _doc, cut_short  # noqa: E402
from tidings.read.encoding import decode  # noqa: E402


def baseline(data: bytes) -> str:
    """The reader before: UTF-8 if valid, else charset-normalizer's best guess."""
    from charset_normalizer import from_bytes

    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        best = from_bytes(data[:200_000]).best()
        return data.decode(best.encoding if best else "cp1252", errors="replace")


def main() -> None:
    cases: dict[str, list[tuple[bytes, str]]] = {"re-encoded": [], "damaged UTF-8": []}
    for name, codecs in RE_ENCODED.items():
        for codec in codecs:
            expected = _doc(SHARED, name).encode(codec, "replace").decode(codec)
            cases["re-encoded"].append((expected.encode(codec), expected))
    for text in _all_docs(SHARED).values():
        if sum(ord(c) > 127 for c in text) >= 6:
            cases["damaged UTF-8"].append(cut_short(text))
    print(f"{'cases':<15}{'n':>4}{'tidings':>10}{'charset-normalizer':>21}{'tidings s':>11}")
    for label, items in cases.items():
        start = time.perf_counter()
        ours = sum(decode(data)[0] == want for data, want in items)
        seconds = time.perf_counter() - start
        theirs = sum(baseline(data) == want for data, want in items)
        n = len(items)
        print(f"{label:<15}{n:>4}{ours / n:>10.3f}{theirs / n:>21.3f}{seconds:>11.2f}")


if __name__ == "__main__":
    main()
