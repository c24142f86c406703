"""xlsales: sales KPIs for Excel.

The package is also the module the ribbon add-in runs: its "Rafraîchir" button calls
:func:`main`, which refreshes the active workbook through xlwings.
"""

from __future__ import annotations

__all__ = ["__version__", "main"]

__version__ = "0.1.0"


def main() -> None:
    """Refresh the workbook that called the ribbon button (Excel, through xlwings)."""
    from .dashboard.in_excel import refresh_caller

    refresh_caller()
