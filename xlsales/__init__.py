"""xlsales: sales KPIs for Excel.

In Excel, the add-in's ribbon runs :mod:`xlsales.excel` (one function per button).
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
