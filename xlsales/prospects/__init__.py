"""The prospect pipeline workbook's operations (issue 5): ``xlsales snapshot`` records
the statuses at a date ("la photo"), ``xlsales refresh`` recomputes the comparison of
two recorded dates ("le film")."""

from __future__ import annotations

from .operations import is_pipeline, refresh, snapshot

__all__ = ["is_pipeline", "refresh", "snapshot"]
