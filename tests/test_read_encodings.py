"""Encoding detection on a corpus of real mis-encoded pages.

The corpus is made at test time from real text in ../shared: the gold extraction pages (real
news pages in German, Portuguese, Italian, Russian, Korean, Japanese, Arabic and English) and
the corpus articles, re-encoded into the legacy code pages scrapers meet, or damaged as broken
transfers damage UTF-8 (a multi-byte character cut short). The expected text is the original,
so every case can fail.
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from tidings.read.encoding import decode, oddities
from tidings.read.reader import read_bytes

# page (first 10 hex of its name) or corpus article -> code pages it is re-encoded into
RE_ENCODED = {
    "57b4dafd18": ("cp1252", "latin-1"),  # German
    "ba07d1e647": ("cp1252", "latin-1"),  # German
    "f6ac15a4d9": ("cp1252", "latin-1"),  # Portuguese
    "b6fb53e9fb": ("cp1252", "latin-1"),  # Italian
    "5f03fc173e": ("cp1252",),  # English with ½, é, ñ
    "voa-0004": ("cp1252",),  # English with curly quotes and dashes
    "wh-0022": ("cp1252",),
    "c4a3637c66": ("cp1251", "koi8_r"),  # Russian
    "95301fb788": ("cp1251", "koi8_r"),  # English page with Russian names
    "1f765c4878": ("cp1251", "koi8_r"),
    "7837c9d66c": ("cp1256",),  # Arabic
    "5211188428": ("euc_kr",),  # Korean
    "8cad00dc22": ("euc_kr",),
}
# A legacy code page and the codec that reads it the same (supersets).
SAME = {"latin-1": "cp1252", "euc_kr": "cp949", "shift_jis": "cp932"}
DAMAGED = 6  # characters cut short per document


def _doc(shared: Path, name: str) -> str:
    if "-" in name:
        return (shared / "corpus" / "articles" / f"{name}.txt").read_text("utf-8")
    (path,) = (shared / "gold" / "extraction" / "html").glob(f"{name}*.html.gz")
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def _all_docs(shared: Path) -> dict[str, str]:
    pages = sorted((shared / "gold" / "extraction" / "html").glob("*.html.gz"))
    arts = sorted((shared / "corpus" / "articles").glob("*.txt"))
    return {p.name[:10]: _doc(shared, p.name[:10]) for p in pages} | {
        p.stem: p.read_text("utf-8") for p in arts
    }


def cut_short(text: str, n: int = DAMAGED, seed: int = 0) -> tuple[bytes, str]:
    """UTF-8 bytes of ``text`` with the last byte of ``n`` multi-byte characters lost, and
    the text a faithful decoder gives back: those characters as U+FFFD, all else intact."""
    rng = random.Random(seed)
    picks = set(rng.sample([i for i, c in enumerate(text) if ord(c) > 127], n))
    data, expected = bytearray(), []
    for i, ch in enumerate(text):
        raw = ch.encode("utf-8")
        data += raw[:-1] if i in picks else raw
        expected.append("\ufffd" if i in picks else ch)
    return bytes(data), "".join(expected)


@pytest.mark.parametrize(
    ("name", "codec"), [(n, c) for n, codecs in RE_ENCODED.items() for c in codecs]
)
def test_real_page_in_a_legacy_code_page(shared: Path, name: str, codec: str) -> None:
    expected = _doc(shared, name).encode(codec, "replace").decode(codec)  # what it can hold
    text, warnings = decode(expected.encode(codec))
    assert text == expected
    assert warnings == [f"not valid UTF-8 (byte {_first_bad(expected, codec)}); decoded as "
                        f"{SAME.get(codec, codec).replace('-', '_')}"]  # fmt: skip


def _first_bad(text: str, codec: str) -> int:
    try:
        text.encode(codec).decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    raise AssertionError("valid UTF-8")


def test_nearly_valid_utf8_stays_utf8_on_every_real_document(shared: Path) -> None:
    """Every page and article with at least 10 non-ASCII characters, 6 of them cut short:
    the rest comes back exactly, the cut ones as U+FFFD; no mojibake anywhere."""
    checked = 0
    for name, original in _all_docs(shared).items():
        if sum(ord(c) > 127 for c in original) < 10:
            continue  # too few intact characters left to tell UTF-8 from a code page
        data, expected = cut_short(original)
        text, warnings = decode(data)
        assert text == expected, (name, warnings)
        assert warnings and "not valid UTF-8" in warnings[0]
        checked += 1
    assert checked >= 70


def test_the_reviewers_quotes_come_back() -> None:
    """The probe: “strongly” with six bad bytes in the document was read as cp775
    ("ŌĆ£stronglyŌĆØ"); now UTF-8 with six replacement characters."""
    good = "The minister “strongly” rejected the claims — and said so twice. " * 8
    data = good.encode("utf-8") + b" \xff\xfe\xff\xfe\xff\xfe"
    text, warnings = decode(data)
    assert text.startswith(good) and text.count("\ufffd") == 6
    assert warnings[0].startswith("not valid UTF-8: 6 bad sequences replaced by U+FFFD")


def test_oddities_are_zero_for_correct_text_of_any_script(shared: Path) -> None:
    for name in ("57b4dafd18", "f6ac15a4d9", "c4a3637c66", "7837c9d66c", "5211188428"):
        assert oddities(_doc(shared, name)) == 0, name
    german = _doc(shared, "57b4dafd18")
    as_cyrillic = german.encode("cp1252", "replace").decode("cp1251")
    assert oddities(as_cyrillic) > 20  # "cafй"-style words mixing scripts


def test_a_latin1_page_reads_as_an_article_with_its_accents(shared: Path) -> None:
    page = _doc(shared, "f6ac15a4d9")
    data = page.encode("cp1252", "replace")
    article = read_bytes(data, "page.html", format="html")
    expected = read_bytes(page.encode("utf-8"), "page.html", format="html")
    assert article.text == expected.text and article.title == expected.title
    assert any("decoded as cp1252" in w for w in article.warnings)
    assert "ção" in article.text
