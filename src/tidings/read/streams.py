"""Bounded byte streams: every byte the reader takes in goes through here.

Input can be hostile (a gzip bomb, an 800 MB line, an endless pipe), so nothing here ever holds
more than a limit's worth of bytes:

* :class:`Gunzip` decompresses a stream piece by piece (any number of gzip members). When the
  data breaks (truncated, corrupt) it ends the stream cleanly after the last good byte and
  keeps the reason in ``error``: a reader keeps everything before the break.
* :func:`read_head` reads the first bytes to sniff, without waiting for more than it needs
  (a pipe that delivers one JSON line and then pauses is sniffed at once).
* :func:`read_capped` reads a whole document, refusing it one byte past the limit.
* :func:`iter_lines` cuts a stream into lines; a line over the limit is skipped in bounded
  pieces and reported with its size, never held whole.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from typing import IO

from tidings.read.errors import ReadFailure, over_limit

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 16
HEAD_BYTES = 1 << 16


def _read_some(raw: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes, as many as are available now (never waits to fill the buffer)."""
    read1 = getattr(raw, "read1", None)
    return read1(size) if read1 is not None else raw.read(size)


class Prefixed(io.RawIOBase):
    """``head`` (bytes already read to sniff), then the rest of ``raw``."""

    def __init__(self, head: bytes, raw: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buf: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buf), len(self._head))
            buf[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = _read_some(self._raw, len(buf))
        buf[: len(data)] = data
        return len(data)


class Gunzip(io.RawIOBase):
    """Streaming gzip decompression with bounded buffers; ``error`` says why it ended early.

    A damaged stream does not raise: it ends (EOF) after the last byte that could be
    decompressed, with ``error`` set ("compressed data ends before the end of the stream",
    "invalid ..."), so that the records before the break can be kept."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._d = zlib.decompressobj(31)
        self._input = b""  # compressed bytes not yet given to the decompressor
        self._fed = False  # the current member has been given data
        self._done = False
        self.error: str | None = None

    def readable(self) -> bool:
        return True

    def _stop(self, error: str | None = None) -> bytes:
        self._done, self.error = True, error
        return b""

    def _start_member(self) -> bool:
        """After a member's end: set up the next one; False at the end of the stream."""
        data = (self._input or _read_some(self._raw, CHUNK)).lstrip(b"\x00")  # zero padding
        while len(data) < 2:
            more = _read_some(self._raw, CHUNK)
            if not more:
                break
            data = (data + more).lstrip(b"\x00")
        if not data:
            return False
        if not data.startswith(GZIP_MAGIC):
            self._stop("data after the end of the gzip stream that is not gzip")
            return False
        self._d, self._fed, self._input = zlib.decompressobj(31), False, data
        return True

    def _decompress(self, size: int) -> bytes:
        while not self._done:
            if self._d.eof and not self._start_member():
                return self._stop(self.error)
            data, self._input = self._input or _read_some(self._raw, CHUNK), b""
            if not data:
                end = "compressed data ends before the end of the stream"
                return self._stop(end if self._fed else None)
            try:
                out = self._d.decompress(data, size)
            except zlib.error as exc:
                return self._stop(f"corrupt data: {exc}")
            self._fed = True
            self._input = self._d.unused_data if self._d.eof else self._d.unconsumed_tail
            if out:
                return out
        return b""

    def readinto(self, buf: bytearray | memoryview) -> int:  # type: ignore[override]
        out = self._decompress(len(buf))
        buf[: len(out)] = out
        return len(out)


def buffered(raw: io.RawIOBase) -> io.BufferedReader:
    """A raw stream with ``readline``/``read1`` on top."""
    return io.BufferedReader(raw, buffer_size=CHUNK)


def read_head(stream: IO[bytes], size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes to sniff; stops early once a first line that starts with
    ``{`` is complete (that is enough to tell JSONL), so a pipe is not waited on."""
    head = b""
    while len(head) < size:
        chunk = _read_some(stream, size - len(head))
        if not chunk:
            break
        head += chunk
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if start.startswith(b"{") and b"\n" in start:
            break
    return head


def read_capped(stream: IO[bytes], limit: int, what: str, env: str) -> bytes:
    """All of ``stream``, or :class:`ReadFailure` once it holds more than ``limit`` bytes."""
    parts: list[bytes] = []
    total = 0
    while chunk := stream.read(min(CHUNK * 16, limit + 1 - total)):
        parts.append(chunk)
        total += len(chunk)
        if total > limit:
            raise over_limit(what, None, limit, env)
    return b"".join(parts)


def iter_lines(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(line number, line, size)`` for each line; ``line`` is None when it is longer than
    ``max_bytes`` (it was skipped piece by piece; ``size`` says how long it was)."""
    n = 0
    while line := stream.readline(max_bytes + 2):
        n += 1
        if len(line.rstrip(b"\r\n")) <= max_bytes:
            yield n, line, len(line)
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(CHUNK * 16)
            if not line:
                break
            size += len(line)
        yield n, None, size


def gunzip_head(raw: IO[bytes], size: int = HEAD_BYTES) -> bytes:
    """The first bytes inside a gzip stream (as many as decompress before any damage);
    raises ReadFailure when not one byte can be decompressed."""
    gz = Gunzip(raw)
    head = read_head(buffered(gz), size)
    if not head and gz.error:
        raise ReadFailure(f"truncated or corrupt gzip ({gz.error})")
    return head
