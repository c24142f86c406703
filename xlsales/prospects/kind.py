"""Telling a prospect pipeline from a dashboard, before either is refreshed.

Apart from the operations because ``xlsales refresh`` asks first, for every workbook:
this module imports neither pandas nor the analysis, so that a dashboard's refresh can
start reading its data sheet while they are imported.
"""

from __future__ import annotations

from pathlib import Path

from ..dashboard.workbook_file import WorkbookFile
from .names import SNAPSHOT_TABLE

__all__ = ["is_pipeline"]


def is_pipeline(path: Path | str) -> bool:
    """Whether the workbook at ``path`` is a prospect pipeline (it has a snapshots table)."""
    with WorkbookFile(path) as book:
        try:
            book.package.table(SNAPSHOT_TABLE)
        except KeyError:
            return False
    return True
