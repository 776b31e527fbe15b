"""Read stage: any article (flattened text, HTML, JSONL dump, WARC) -> clean :class:`Article`.

Public functions: :func:`read` for one article and :func:`read_paths` for batches.
"""

from __future__ import annotations

from tidings.read.core import read, read_paths, read_record

__all__ = ["read", "read_paths", "read_record"]
