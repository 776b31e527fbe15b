"""Understand stage: entities resolved across an article, actors normalised, quotations attributed.

Public: :func:`understand` (one article) and :func:`understand_many` (batches via ``nlp.pipe``).
"""

from __future__ import annotations

from tidings.understand.driver import understand, understand_many

__all__ = ["understand", "understand_many"]
