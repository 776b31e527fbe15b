"""Fuzzing the reader: any bytes in -> Articles and one-line ReadErrors out, never an exception,
never more out than came in, and the limits hold.

Inputs are built from real text (the sample articles) mixed with the bytes that trip readers:
markup, JSON, WARC and XML headers, BOMs, NULs, broken UTF-8, gzip layers cut short. The
runs are derandomised (same examples every run), so a failure reproduces.
"""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tidings import settings as tidings_settings
from tidings.read import ReadFailure, read_paths
from tidings.read.detect import sniff
from tidings.read.encoding import decode
from tidings.read.reader import read_bytes
from tidings.read.sections import split_long
from tidings.read.streams import Gunzip, buffered, iter_lines
from tidings.schema import Article, ReadError

ROOT = Path(__file__).resolve().parents[1]
WORDS = sorted(
    {w for p in (ROOT / "samples" / "articles").glob("*.txt") for w in p.read_text().split()}
)[:400]
TRICKS = [
    "\n", "\n\n", "\r\n", ". ", "“", "”", "é", "ß", "\u00a0", "\x00", "\x85", "\ufeff",
    "<p>", "</p>", "<html>", "<body>", "<article>", "<!DOCTYPE rss>", "<?xml version='1.0'?>",
    "<rss><channel><item><description>", "</description></item></channel></rss>",
    "{", "}", "[", "]", '"text": "', '"html": "', "\\u00e9", "WARC/1.0\r\n", "---\n",
    "title: x\n", "# ", "&amp;", "&lol;", "<!ENTITY lol 'lol'>",
]  # fmt: skip
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """Real words and reader-tripping pieces, in some encoding, maybe damaged or gzipped."""
    text = "".join(draw(st.lists(st.sampled_from(WORDS + TRICKS), max_size=400)))
    text = text.replace(" ", draw(st.sampled_from([" ", "  ", " \n"])))
    data = text.encode(draw(st.sampled_from(["utf-8", "cp1252", "utf-16", "cp1251"])), "replace")
    if draw(st.booleans()):  # damage: flip, drop or insert a few bytes
        buf = bytearray(data)
        for _ in range(draw(st.integers(0, 6))):
            if buf:
                i = draw(st.integers(0, len(buf) - 1))
                buf[i] = draw(st.integers(0, 255))
        data = bytes(buf)
    if draw(st.integers(0, 4)) == 0:
        data = gzip.compress(data)
        if draw(st.booleans()):
            data = data[: draw(st.integers(0, len(data)))]
    return data


def _one_line(err: ReadError) -> bool:
    return bool(err.reason) and "\n" not in err.reason and "Traceback" not in err.reason


@FUZZ
@given(data=st.one_of(st.binary(max_size=3000), documents()))
def test_read_bytes_gives_an_article_or_a_read_failure(data: bytes) -> None:
    try:
        article = read_bytes(data, "fuzz")
    except ReadFailure as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert isinstance(article, Article) and article.text.strip()
    assert len(article.text) <= len(data)  # reading never invents text
    assert article.text == "\n\n".join(article.paragraphs)


@FUZZ
@given(
    data=st.one_of(st.binary(max_size=3000), documents()),
    name=st.sampled_from(
        ["a.txt", "a.html", "a.jsonl", "a.jsonl.gz", "a.json", "a.xml", "a.gz", "a.warc.gz", "a"]
    ),
)
def test_read_paths_never_raises_and_names_the_file(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        records = list(read_paths([path]))
    assert records, "every input gives at least one record or error"
    for rec in records:
        assert rec.source.startswith(str(path))
        if isinstance(rec, ReadError):
            assert _one_line(rec), rec.reason
        else:
            assert rec.text.strip() and len(rec.text) <= max(len(data), 1) * 4


@FUZZ
@given(lines=st.lists(st.one_of(st.binary(max_size=200), documents()), max_size=12))
def test_jsonl_gives_one_result_per_line_and_the_limit_holds(lines: list[bytes]) -> None:
    lines = [ln.replace(b"\n", b" ").replace(b"\r", b" ") for ln in lines]
    body = (
        b"\n".join(  # every other line a record with the bytes as its text
            json.dumps({"text": ln.decode("latin-1")}).encode() if i % 2 else ln
            for i, ln in enumerate(lines)
        )
        + b"\n"
    )
    assume(not body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"\x1f\x8b", b"WARC/")))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump.jsonl"
        path.write_bytes(body)
        with tidings_settings.override(max_record_bytes=300):
            out = list(read_paths([path], dedup=False))
    expected = sum(1 for ln in body.split(b"\n")[:-1] if ln.strip())
    if not expected:
        assert [r.reason for r in out] == ["dump with no records (only blank lines)"]
        return
    assert len(out) == expected  # nothing dropped, nothing invented
    for rec in out:
        n = int(rec.source.rsplit("#", 1)[1])
        if len(body.split(b"\n")[n - 1]) > 300:
            assert isinstance(rec, ReadError) and "over the 300 bytes limit" in rec.reason


@FUZZ
@given(data=st.binary(max_size=4000), cut=st.integers(0, 4000))
def test_gunzip_never_raises_and_keeps_what_it_can(data: bytes, cut: int) -> None:
    packed = gzip.compress(data) + gzip.compress(data[::-1])
    gz = Gunzip(io.BytesIO(packed[:cut]))
    out = buffered(gz).read()
    assert (data + data[::-1]).startswith(out)
    assert (gz.error is None) == (cut == 0 or cut >= len(packed))  # a cut stream says so
    lines = list(iter_lines(buffered(Gunzip(io.BytesIO(packed))), 50))
    assert all(line is None or len(line.rstrip(b"\r\n")) <= 50 for _, line, _ in lines)


@FUZZ
@given(data=st.one_of(st.binary(max_size=3000), documents()))
def test_decode_and_sniff_take_any_bytes(data: bytes) -> None:
    text, warnings = decode(data)
    assert isinstance(text, str) and len(text) <= len(data)
    try:
        assert text == data.decode("utf-8").removeprefix("\ufeff") and not warnings
    except UnicodeDecodeError:  # UTF-16 with a byte-order mark is read silently
        assert data[:2] in (b"\xff\xfe", b"\xfe\xff") or "not valid UTF-8" in warnings[0]
    assert sniff(data[:65536], "x") in {
        "gzip", "warc", "jsonl", "json", "feed", "xml", "html", "markdown", "text"
    }  # fmt: skip


@FUZZ
@given(
    paragraphs=st.lists(st.text(min_size=1, max_size=400), min_size=1, max_size=30),
    limit=st.integers(20, 500),
)
def test_sections_fit_the_limit_and_lose_no_word(paragraphs: list[str], limit: int) -> None:
    paragraphs = [" ".join(p.split()) for p in paragraphs if p.split()]
    if not paragraphs:
        return
    article = Article(
        id="x", source="s", format="text", paragraphs=paragraphs, text="\n\n".join(paragraphs)
    )
    sections = split_long(article, limit)
    assert all(len(s.text) <= limit for s in sections)
    assert all(s.text == "\n\n".join(s.paragraphs) for s in sections)
    words = [w for s in sections for w in s.text.split()]
    assert "".join(words) == "".join(article.text.split())  # cut only at spaces, or hard
    if len(sections) > 1:
        assert [s.source for s in sections] == [
            f"s#section-{k}" for k in range(1, len(sections) + 1)
        ]
