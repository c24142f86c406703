"""xlsales: sales KPIs for Excel.

The ribbon add-in runs :mod:`xlsales.excel` (one function per button); :func:`main`
stays for add-ins built before it, whose button imported the module named like the
file (``xlsales.xlam``) and called ``main()``.
"""

from __future__ import annotations

__all__ = ["__version__", "main"]

__version__ = "0.1.0"


def main() -> None:
    """Refresh the workbook that called the ribbon button (Excel, through xlwings)."""
    from .excel import refresh

    refresh()
