"""Event coding stage: PLOVER/CAMEO events with provenance. Public: :func:`code_events`."""

from __future__ import annotations

from tidings.events.core import code_events

__all__ = ["code_events"]
