"""Hostile input (issue #14): every limit holds, every failure is one line naming the file and
record, the rest of the batch goes on. The limits are lowered through the settings so that
the inputs stay small; ``benchmarks/abuse.py`` replays the full-size probes and measures memory.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings import settings
from tidings.cli import main
from tidings.read import read_paths
from tidings.read.streams import iter_lines
from tidings.schema import Article, ReadError
from tidings.settings import ByteSize, Settings


def _corpus(shared: Path, n: int) -> list[Path]:
    return sorted((shared / "corpus" / "articles").glob("*.txt"))[:n]


def _record(path: Path) -> bytes:
    return json.dumps({"url": f"https://x.example/{path.stem}", "text": path.read_text()}).encode()


def _errors(recs: list) -> dict[str, str]:
    return {r.source: r.reason for r in recs if isinstance(r, ReadError)}


def test_gzip_bomb_on_stdin_stops_at_the_limit(shared: Path) -> None:
    words = (shared / "corpus" / "articles" / "wn-0001.txt").read_bytes()
    bomb = gzip.compress(words * 4000)  # 8 MB of text from a few kB
    with settings.override(max_decompressed_bytes=ByteSize(1 << 20)):
        result = CliRunner().invoke(main, ["read", "-", "--format", "jsonl"], input=bomb)
    assert result.exit_code == 1 and not result.stdout.strip()
    (line,) = [x for x in result.stderr.splitlines() if x.strip()]
    assert line == (
        "warning: -: gzip content, over the 1 MB limit (TIDINGS_MAX_DECOMPRESSED_BYTES)"
    )


def test_a_line_over_the_record_limit_is_skipped_and_reported(tmp_path: Path, shared: Path) -> None:
    before, after = _corpus(shared, 2)
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(_record(before) + b"\n")
        fh.write(b'{"text": "' + b"word " * 400_000 + b'"}\n')  # 2 MB on one line
        fh.write(_record(after) + b"\n")
    with settings.override(max_record_bytes=ByteSize(100_000)):
        recs = list(read_paths([path]))
    assert [r.source for r in recs if isinstance(r, Article)] == [f"{path}#1", f"{path}#3"]
    assert _errors(recs) == {
        f"{path}#2": "record of 1.9 MB, over the 97.7 kB limit (TIDINGS_MAX_RECORD_BYTES)"
    }


class _Pieces(io.BytesIO):
    """A stream that remembers the largest piece it handed out."""

    largest = 0

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.largest = max(self.largest, len(line))
        return line


def test_lines_are_read_in_bounded_pieces() -> None:
    stream = _Pieces(b"short\n" + b"x" * 5_000_000 + b"\nlast\n")
    got = list(iter_lines(stream, 1000))
    assert got == [(1, b"short\n", 6), (2, None, 5_000_001), (3, b"last\n", 5)]
    assert stream.largest <= 1 << 20  # the 5 MB line was never held whole


def test_small_truncated_jsonl_gz_keeps_the_records_before_the_break(
    tmp_path: Path, shared: Path
) -> None:
    files = _corpus(shared, 6)
    data = gzip.compress(b"\n".join(_record(f) for f in files) + b"\n")
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) * 3 // 4])
    recs = list(read_paths([path]))
    kept = [r for r in recs if isinstance(r, Article)]
    assert 2 <= len(kept) < len(files)
    assert [r.url for r in kept] == [f"https://x.example/{f.stem}" for f in files[: len(kept)]]
    (reason,) = _errors(recs).values()
    assert reason.startswith("truncated or corrupt gzip (compressed data ends before the end")
    assert f"the {len(kept)} lines before it were read" in reason


def test_empty_folder_and_folder_of_notes_are_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "README.md").write_text("# notes\n")
    result = CliRunner().invoke(main, ["read", str(tmp_path / "empty"), str(notes)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'empty'}: empty folder: nothing to read" in result.stderr
    assert f"{notes}: folder with nothing to read: its 1 file(s)" in result.stderr


def test_a_long_first_line_does_not_make_a_dump_one_document(tmp_path: Path, shared: Path) -> None:
    """A news dump whose first record (raw HTML) is longer than the 64 kB sniffed: every line
    is still a record, with or without the .jsonl name."""
    first, second = _corpus(shared, 2)
    paragraphs = first.read_text().split("\n\n")[1:] * 40
    html = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"
    body = json.dumps({"title": "Raw", "html": html}).encode() + b"\n" + _record(second) + b"\n"
    assert len(body.split(b"\n")[0]) > 65536
    for name in ("dump.jsonl", "dump.data"):
        (tmp_path / name).write_bytes(body)
        recs = list(read_paths([tmp_path / name]))
        assert not _errors(recs), name
        assert recs[-1].source == f"{tmp_path / name}#2"
        assert recs[0].title == "Raw"


def test_a_jsonl_name_makes_bad_lines_line_errors(tmp_path: Path, shared: Path) -> None:
    (good,) = _corpus(shared, 1)
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b"not json at all\n\n" + _record(good) + b"\n")
    recs = list(read_paths([path]))
    assert _errors(recs) == {f"{path}#1": "not valid JSON (Expecting value)"}
    assert [r.source for r in recs if isinstance(r, Article)] == [f"{path}#3"]
    (tmp_path / "blank.jsonl").write_text("\n \n")
    assert _errors(list(read_paths([tmp_path / "blank.jsonl"]))) == {
        str(tmp_path / "blank.jsonl"): "dump with no records (only blank lines)"
    }


def test_feed_with_a_doctype_is_a_feed_and_other_xml_is_refused(
    tmp_path: Path, shared: Path
) -> None:
    (good,) = _corpus(shared, 1)
    body = good.read_text().split("\n\n", 1)[1].replace("&", "and").replace("<", " ")
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="rss.xsl"?>\n'
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
        f"<rss><channel><item><title>Talks</title><description>{body}</description></item>"
        "</channel></rss>"
    )
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url>'
                       "</urlset>")  # fmt: skip
    (article, refused) = list(read_paths([feed, sitemap]))
    assert article.format == "feed" and article.title == "Talks" and "<" not in article.text
    assert refused.reason == "XML document (root <urlset>), neither a feed nor an article page"


def test_an_entity_bomb_feed_is_refused_with_the_reason(tmp_path: Path) -> None:
    ents = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    path = tmp_path / "laughs.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [{ents}]><rss><channel><item><title>&i;</title>'
        "<description>Officials met on Tuesday. &i;</description></item></channel></rss>"
    )
    (err,) = list(read_paths([path]))
    assert isinstance(err, ReadError)
    assert err.reason.startswith("feed not readable: Maximum entity amplification factor")


def test_an_article_without_body_text_is_an_error_not_a_record(tmp_path: Path) -> None:
    """Never a record with an empty body (and the id of the empty text). A record's declared
    text is its body even when it is one short line; markup alone is nothing."""
    (tmp_path / "menu.txt").write_text("Home\nWorld\nSearch\n")
    records = [{"title": "T", "text": "<p> </p>\n<div></div>"}, {"text": "Talks in Sochi."}]
    (tmp_path / "dump.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    menu, markup, short = list(read_paths([tmp_path / "menu.txt", tmp_path / "dump.jsonl"]))
    assert menu.reason == markup.reason == "no article text (no line of running prose found)"
    assert isinstance(short, Article) and short.text == "Talks in Sochi."
    assert short.warnings[-1].startswith("no line reads as running prose: the record's text")


@pytest.mark.parametrize("backend", ["fastwarc", "warcio"])
def test_a_warc_record_over_the_limit_is_skipped_unread(tmp_path: Path, backend: str) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    para = "<p>" + "Officials from both delegations met again on Tuesday to talk. " * 5 + "</p>"
    pages = [("https://x.example/huge", para * 2000), ("https://x.example/ok", para * 4)]
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            payload = io.BytesIO(f"<html><body><article>{html}</article></body></html>".encode())
            writer.write_record(
                writer.create_warc_record(url, "response", payload=payload, http_headers=headers)
            )
    with settings.override(max_record_bytes=ByteSize(100_000), warc_backend=backend):
        recs = list(read_paths([path]))
    assert [r.url for r in recs if isinstance(r, Article)] == ["https://x.example/ok"]
    (reason,) = _errors(recs).values()
    assert reason.startswith("WARC record of ") and "over the 97.7 kB limit" in reason


def test_a_long_article_is_read_as_sections(tmp_path: Path, shared: Path) -> None:
    texts = [f.read_text().split("\n\n", 1)[1] for f in _corpus(shared, 12)]
    path = tmp_path / "long.txt"
    path.write_text("A long report on the talks\n2021-03-02\n\n" + "\n\n".join(texts))
    whole = next(iter(read_paths([path])))
    with settings.override(max_article_chars=10_000):
        sections = list(read_paths([path]))
    n = len(sections)
    assert n >= 3 and all(isinstance(s, Article) for s in sections)
    assert [s.source for s in sections] == [f"{path}#section-{k}" for k in range(1, n + 1)]
    assert all(len(s.text) <= 10_000 for s in sections)
    assert "\n\n".join(s.text for s in sections) == whole.text  # nothing lost
    assert len({s.id for s in sections}) == n
    assert {s.title for s in sections} == {whole.title} and sections[1].published
    assert sections[1].meta["section"] == {"part": 2, "of": n, "source": str(path)}
    assert f"read as {n} sections of at most 10,000 characters" in sections[0].warnings[-1]


def test_settings_sizes_and_limits() -> None:
    s = Settings.from_env({"TIDINGS_MAX_RECORD_BYTES": "5MiB", "TIDINGS_MAX_FILE_BYTES": "1000"})
    assert s.max_record_bytes == 5 << 20 and str(s.max_record_bytes) == "5 MiB"
    assert s.max_file_bytes == 1000 and str(s.max_file_bytes) == "1000 bytes"
    with pytest.raises(ValueError, match="TIDINGS_MAX_ARTICLE_CHARS=.*spaCy"):
        Settings.from_env({"TIDINGS_MAX_ARTICLE_CHARS": "2000000"})
    with pytest.raises(ValueError, match="TIDINGS_MAX_DECOMPRESSED_BYTES=.*not a size"):
        Settings.from_env({"TIDINGS_MAX_DECOMPRESSED_BYTES": "lots"})
