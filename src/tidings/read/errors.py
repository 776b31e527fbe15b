"""The one exception the reader raises for an unreadable input, and how limits are worded.

The limits themselves are settings (``tidings.settings.Settings.max_*``, documented in the
README and docs/reading.md), so that one place says how much any input may cost.
"""

from __future__ import annotations


class ReadFailure(ValueError):
    """An input that yields no article; ``reason`` is one short line for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def size_text(n: int) -> str:
    """A byte count for a message: ``812 MB``, ``20 MB``, ``3.4 kB``, ``17 bytes``."""
    if n >= 1 << 20:
        mb = n / (1 << 20)
        return f"{mb:.0f} MB" if mb >= 10 or mb == int(mb) else f"{mb:.1f} MB"
    if n >= 1 << 10:
        return f"{n / (1 << 10):.1f} kB"
    return f"{n} bytes"


def over_limit(what: str, size: int | None, limit: int, env: str) -> ReadFailure:
    """``record of 812 MB, over the 20 MB limit (TIDINGS_MAX_RECORD_BYTES)``."""
    amount = f" of {size_text(size)}" if size is not None else ""
    return ReadFailure(f"{what}{amount}, over the {size_text(limit)} limit ({env})")


def one_line(exc: BaseException, limit: int = 200) -> str:
    """An unexpected exception as one short printable line (never a traceback)."""
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."
