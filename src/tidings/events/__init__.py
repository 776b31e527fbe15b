"""Event coding stage: PLOVER/CAMEO events with provenance.

Public: :func:`code_events` (article + spaCy Doc -> events), :func:`event_id` and :func:`merge`
(cross-article identity and merge rule, also in :mod:`tidings.events.identity`).
"""

from __future__ import annotations

from tidings.events.coder import code_events
from tidings.events.identity import event_id, merge

__all__ = ["code_events", "event_id", "merge"]
