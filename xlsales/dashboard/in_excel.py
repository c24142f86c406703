"""The refresh inside Excel, through xlwings: the ribbon button and xlwings Lite.

:class:`XlwingsBook` lets :func:`~.refresh.run` read and write an open workbook through
xlwings' object model, the same on Windows and Mac (COM, AppleScript) and in xlwings
Lite (Office.js). A block grows or shrinks by inserting or deleting cells inside its
Excel table, the way a user would, so Excel moves the total row below it and extends
the charts, names and formats that follow the table.

Only this module talks to Excel, and it holds no logic of its own: what to write comes
from the same plan as the headless refresh. It cannot run without Excel, so it was not
exercised here (see docs/dashboard.md).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..errors import Location, WorkbookFormatError, XlsalesError
from ..excel_errors import ExcelError
from ..i18n import DEFAULT_LANG, LANGS, text
from .extract import RawTable, raw_table
from .refresh import run, summary
from .refresh_plan import Plan
from .settings import SETTING_NAMES

__all__ = ["XlwingsBook", "excel_value", "refresh_book", "refresh_caller"]

_LOOKS_PARSED = re.compile(r"^[=+\-@']|^\s*[\d.,]+\s*[%€]?\s*$|^\d{1,4}[/.\-]\d{1,2}")


def excel_value(value: Any) -> Any:
    """A value as xlwings must hand it to Excel so that Excel keeps it as it is.

    Excel reads a string written to a cell as if it were typed: ``=...`` becomes a
    formula, ``1/2`` a date. Such text gets the apostrophe that keeps it text. An error
    is written as its literal, which Excel reads as the error value.

    >>> excel_value("=1+1"), excel_value("Dupont"), excel_value(ExcelError.DIV0)
    ("'=1+1", 'Dupont', '#DIV/0!')
    """
    if isinstance(value, ExcelError):
        return value.value
    if isinstance(value, str) and _LOOKS_PARSED.search(value):
        return "'" + value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


class XlwingsBook:
    """An open workbook as the refresh's source and sink (xlwings ``Book``)."""

    def __init__(self, book: Any) -> None:
        self.book = book

    @property
    def lang(self) -> str:
        """The dashboard's language (its Langue setting)."""
        value = self.named_values([SETTING_NAMES["lang"]]).get(SETTING_NAMES["lang"])
        lang = str(value or "").strip().lower()
        return lang if lang in LANGS else DEFAULT_LANG

    def _names(self) -> dict[str, Any]:
        return {name.name: name for name in self.book.names}

    def named_values(self, names: list[str]) -> dict[str, Any]:
        found = self._names()
        return {n: found[n].refers_to_range.value for n in names if n in found}

    def location(self, name: str) -> Location:
        cell = self._names()[name].refers_to_range
        return Location(file=self.book.name, sheet=cell.sheet.name, row=cell.row,
                        column=cell.get_address(False, False))

    def _table(self, name: str) -> tuple[Any, Any]:
        for sheet in self.book.sheets:
            for table in sheet.tables:
                if table.name.lower() == name.lower():
                    return sheet, table
        raise WorkbookFormatError(f"{self.book.name} : " + text(
            "dashboard.message.missing_part", self.lang).format(what=name))

    def table_header(self, name: str) -> list[str]:
        _, table = self._table(name)
        return [str(h) for h in table.header_row_range.options(ndim=1).value]

    def read_table(self, name: str) -> RawTable:
        sheet, table = self._table(name)
        cells = table.range.options(ndim=2).value
        return raw_table(self.book.name, sheet.name, cells, table.range.row,
                         table.range.column - 1)

    def apply(self, plan: Plan) -> None:
        for fill in plan.tables:
            sheet, table = self._table(fill.table)
            header = table.header_row_range
            top, left = header.row + 1, header.column
            right = left + header.columns.count - 1
            body = table.data_body_range
            old = body.rows.count if body is not None else 1
            new = max(len(fill.rows), 1)
            if new > old:
                # Inserted inside the table: Excel grows it, and what follows it.
                sheet.range((top + old - 1, left), (top + new - 2, right)).insert(
                    "down", "format_from_left_or_above")
            elif new < old:
                sheet.range((top + new, left), (top + old - 1, right)).delete("up")
            rows = fill.rows or [[None] * (right - left + 1)]
            sheet.range((top, left)).value = [[excel_value(v) for v in row] for row in rows]
            if fill.total is not None:
                sheet.range((top + new, left)).value = [[excel_value(v) for v in fill.total]]
        names = self._names()
        for name, value in plan.figures.items():
            names[name].refers_to_range.value = excel_value(value)


def _status(app: Any, message: str | bool) -> None:
    """Say in Excel's status bar what the refresh is doing (xlwings Lite has none)."""
    try:
        app.status_bar = message
    except NotImplementedError:
        pass


def refresh_book(book: Any, alert: bool = True) -> str:
    """Refresh an open workbook; return what was done, or the message shown when
    nothing could be (one message box, never a traceback)."""
    adapter = XlwingsBook(book)
    lang = adapter.lang
    app = book.app
    try:
        outcome = run(adapter, adapter, progress=lambda step: _status(
            app, text(f"dashboard.message.{step}", lang)))
    except XlsalesError as error:
        message = text("dashboard.message.failed", lang) + "\n" + str(error)
        if alert:
            app.alert(message, title="xlsales", buttons="ok", mode="critical")
        return message
    finally:
        _status(app, False)
    return summary(outcome)


def refresh_caller() -> None:
    """The ribbon button: refresh the workbook that called (``xlsales.main()``)."""
    import xlwings as xw

    book = xw.Book.caller()
    if book.name.lower().endswith(".xlam"):
        # Called from the add-in itself: the dashboard is the active workbook.
        book = book.app.books.active
    refresh_book(book)
