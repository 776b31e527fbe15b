"""Sniff what an input is from its bytes (its name only breaks a tie), and refuse binaries.

Decoding bytes to text is :mod:`tidings.read.encoding` (``decode`` is re-exported here).
"""

from __future__ import annotations

import codecs
import json
import re

from tidings.read.encoding import decode
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
# What may precede the root element of an XML document: declaration, processing instructions
# (<?xml-stylesheet?>), comments, a DOCTYPE (with an internal subset).
_PROLOGUE = rb"(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>|\s)*"
_ROOT = re.compile(rb"^(?:\xef\xbb\xbf)?" + _PROLOGUE + rb"<([A-Za-z_][\w.:-]*)", re.S | re.I)
_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf"}
JSONL_NAMES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
_HTML = re.compile(rb"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]|<article[\s>]", re.I)


def sniff(head: bytes, name: str = "") -> str:
    """One of ``gzip``, ``warc``, ``jsonl``, ``json``, ``feed`` (RSS/Atom/WordPress WXR),
    ``xml`` (any other XML document), ``html``, ``markdown``, ``text``.

    ``name`` (the file name, if any) counts after gzip and WARC: a ``.jsonl`` file is JSONL
    (read line by line, a bad line costs itself), even when its first line is longer than
    ``head``."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if name.lower().endswith(JSONL_NAMES):
        return "jsonl"  # the name says JSONL: a bad line is that line's error, not the file's
    if stripped.startswith(b"{"):
        return _json_kind(stripped)
    if stripped.startswith(b"["):
        return "json"
    root = _ROOT.match(head[:8192])
    if root and root.group(1).lower() in _FEED_ROOTS:
        return "feed"
    if _HTML.search(head[:4096]):
        return "html"
    if root and stripped.startswith(b"<?xml"):
        return "xml"
    if stripped.startswith(b"---\n") or stripped.startswith(b"---\r\n"):
        return "markdown"
    return "text"


def xml_root(head: bytes) -> str | None:
    """The root element's name of an XML document (after its prologue), if one starts here."""
    root = _ROOT.match(head[:8192])
    return root.group(1).decode("ascii", "replace") if root else None


def _json_kind(stripped: bytes) -> str:
    """JSONL when the first line is one JSON object, or when the first line does not end
    within the head (a long record: read line by line; a one-line JSON document reads the
    same); ``json`` for a document spread over lines."""
    first, newline, _ = stripped.partition(b"\n")
    if not newline:
        return "jsonl"
    try:
        return "jsonl" if isinstance(json.loads(first), dict) else "json"
    except ValueError:
        return "json"


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


__all__ = ["GZIP_MAGIC", "JSONL_NAMES", "check_binary", "decode", "sniff", "xml_root"]
