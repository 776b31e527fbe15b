"""Limits on input and the one exception the reader raises for an unreadable input."""

from __future__ import annotations

MAX_BYTES = 50 * 1024 * 1024  # larger files are refused before a byte is read
MAX_RECORD_BYTES = 20 * 1024 * 1024  # one record inside a dump or WARC


class ReadFailure(ValueError):
    """An input that yields no article; ``reason`` is one short line for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
