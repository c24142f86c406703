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

__all__ = ["CVERR_CODES", "native_errors", "excel_ui_language", "language_of_lcid"]

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


#: Office's msoLanguageIDUI: the language of Excel's menus and function wizard.
_MSO_LANGUAGE_ID_UI = 2
#: Primary language ids (the low 10 bits of a Windows LCID) of the catalogue's languages.
_PRIMARY_LANGUAGES = {0x0C: "fr", 0x09: "en"}


def language_of_lcid(lcid: int) -> str | None:
    """The catalogue language of a Windows locale id, ``None`` for any other language.

    >>> language_of_lcid(1036), language_of_lcid(3084), language_of_lcid(1033)
    ('fr', 'fr', 'en')
    >>> language_of_lcid(1031) is None   # German
    True
    """
    return _PRIMARY_LANGUAGES.get(lcid & 0x3FF)


def excel_ui_language() -> str | None:
    """The language of the running Excel's interface, when this runs inside xlwings' COM
    server on Windows and Excel answers; ``None`` otherwise (Mac, xlwings Lite, tests).

    Not verified here: no Windows Excel on the build machine.
    """
    if sys.platform != "win32" or "xlwings.server" not in sys.modules:
        return None
    try:
        import xlwings as xw

        lcid = xw.apps.active.api.LanguageSettings.LanguageID(_MSO_LANGUAGE_ID_UI)
    except Exception:  # any COM failure: the default language, never an import error
        return None
    return language_of_lcid(int(lcid))
