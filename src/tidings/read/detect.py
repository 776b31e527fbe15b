"""Sniff what an input is from its bytes (not its name), and decode text honestly."""

from __future__ import annotations

import codecs
import json
import re

from tidings.read.errors import ReadFailure

GZIP_MAGIC = b"\x1f\x8b"
_BINARY_MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive",
    b"\x7fELF": "executable",
    b"SQLite format": "SQLite database",
    b"PAR1": "Parquet file",
}
# Every byte except C0 controls other than tab, newline, form feed and carriage return.
_NOT_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13))
_FEED = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)[\s>]", re.S)
_HTML = re.compile(rb"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]", re.I)


def sniff(head: bytes) -> str:
    """One of ``gzip``, ``warc``, ``jsonl``, ``json``, ``feed`` (RSS/Atom/WordPress WXR),
    ``html``, ``markdown``, ``text``."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if stripped.startswith(b"{"):
        first = stripped.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            return "json"
    if stripped.startswith(b"["):
        return "json"
    if _FEED.search(head[:4096]):
        return "feed"
    if _HTML.search(head[:4096]):
        return "html"
    if stripped.startswith(b"---\n") or stripped.startswith(b"---\r\n"):
        return "markdown"
    return "text"


def check_binary(head: bytes) -> None:
    """Raise for a binary file: known magic numbers, NUL bytes or mostly control bytes."""
    for magic, name in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise ReadFailure(f"binary file ({name}), not an article")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    sample = head[:8192]
    if b"\x00" in sample:
        raise ReadFailure("binary file (NUL bytes), not an article")
    controls = len(sample.translate(None, _NOT_CONTROL))
    if sample and controls / len(sample) > 0.05:
        raise ReadFailure("binary file (control bytes), not an article")


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes -> text. UTF-8 (with or without BOM) and UTF-16 with BOM silently; anything else
    via the declared or detected charset, with a warning saying which one was assumed."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        position = exc.start
    declared = re.search(rb"""charset=["']?([\w.:-]+)""", data[:4096], re.I)
    if declared:
        name = declared.group(1).decode("ascii", "replace")
        try:
            if codecs.lookup(name).name != "utf-8":
                return data.decode(name, errors="replace"), []
        except LookupError:
            pass
    guess = None
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        guess = best.encoding if best else None
    except ImportError:  # pragma: no cover - charset_normalizer comes with trafilatura
        pass
    guess = guess or "cp1252"
    text = data.decode(guess, errors="replace")
    return text, [f"not valid UTF-8 (byte {position}); decoded as {guess}"]
