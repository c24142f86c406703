"""The one place that knows Windows Excel's COM: true error values for the classic add-in.

A UDF returns an error as its literal text (``'#DIV/0!'``). xlwings Lite and plain Python
keep it that way. The classic Windows add-in would show that text as a string, not as an
error value (xlwings issue 776), so when the function runs inside xlwings' COM server the
literal becomes a ``VT_ERROR`` variant carrying Excel's CVErr code.

Not verified here: no Windows Excel on the build machine. The codes are the ones
xlwings itself decodes (``xlwings/_xlwindows.py``, ``cell_errors``).
"""

from __future__ import annotations

import os
import sys
from typing import Any

__all__ = ["CVERR_CODES", "native_errors"]

#: CVErr codes as COM delivers them (HRESULT form).
CVERR_CODES: dict[str, int] = {
    "#NULL!": -2146826288,
    "#DIV/0!": -2146826281,
    "#VALUE!": -2146826273,
    "#REF!": -2146826265,
    "#NAME?": -2146826259,
    "#NUM!": -2146826252,
    "#N/A": -2146826246,
}


def _in_com_server() -> bool:
    forced = os.environ.get("XLSALES_NATIVE_ERRORS")
    if forced is not None:
        return forced == "1"
    return sys.platform == "win32" and "xlwings.server" in sys.modules


def _variant(value: Any) -> Any:
    from pythoncom import VT_ERROR  # pywin32, present wherever the COM server runs
    from win32com.client import VARIANT

    if isinstance(value, list):
        return [_variant(v) for v in value]
    if isinstance(value, str) and value in CVERR_CODES:
        return VARIANT(VT_ERROR, CVERR_CODES[value])
    return value


def native_errors(value: Any) -> Any:
    """Error literals as COM error variants inside the Windows COM server; else as is."""
    return _variant(value) if _in_com_server() else value
