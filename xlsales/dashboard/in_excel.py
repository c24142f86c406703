"""An open workbook as the refresh's source and sink, through xlwings.

:class:`XlwingsBook` lets :func:`~.refresh.run` read and write an open workbook through
xlwings' object model, the same on Windows and Mac (COM, AppleScript) and in xlwings
Lite (Office.js). A block grows or shrinks by inserting or deleting cells inside its
Excel table, the way a user would, so Excel moves the total row below it and extends
the charts, names and formats that follow the table.

It holds no logic of its own: what to write comes from the same plan as the headless
refresh. The ribbon's entry points (:mod:`xlsales.excel`) use it; the tests run it
against a fake xlwings Book that records every read and write (Excel does not run here,
see docs/installation.md).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np

from ..errors import Location, WorkbookFormatError
from ..excel_errors import ExcelError
from ..i18n import DEFAULT_LANG, LANGS, text
from .extract import RawTable, raw_table
from .refresh_plan import DataFill, Plan
from .settings import SETTING_NAMES

__all__ = ["XlwingsBook", "excel_value", "data_rows"]

#: Rows written to Excel per call when loading an extract (one call per million cells
#: would hold Excel too long; one per row would take hours).
_ROWS_PER_WRITE = 20_000

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

    def _resize(self, name: str, count: int) -> tuple[Any, int, int, int]:
        """Make the table's body ``count`` rows (at least one); return the sheet, the
        body's first row, first and last columns."""
        sheet, table = self._table(name)
        header = table.header_row_range
        top, left = header.row + 1, header.column
        right = left + header.columns.count - 1
        body = table.data_body_range
        old = body.rows.count if body is not None else 1
        new = max(count, 1)
        if new > old:
            # Inserted inside the table: Excel grows it, and what follows it.
            sheet.range((top + old - 1, left), (top + new - 2, right)).insert(
                "down", "format_from_left_or_above")
        elif new < old:
            sheet.range((top + new, left), (top + old - 1, right)).delete("up")
        return sheet, top, left, right

    def apply(self, plan: Plan) -> None:
        for data in plan.data:
            sheet, top, left, right = self._resize(data.table, len(data))
            rows = data_rows(data) or [[None] * (right - left + 1)]
            for start in range(0, len(rows), _ROWS_PER_WRITE):
                sheet.range((top + start, left)).value = rows[start:start + _ROWS_PER_WRITE]
        for fill in plan.tables:
            sheet, top, left, right = self._resize(fill.table, len(fill.rows))
            rows = fill.rows or [[None] * (right - left + 1)]
            sheet.range((top, left)).value = [[excel_value(v) for v in row] for row in rows]
            if fill.total is not None:
                sheet.range((top + max(len(fill.rows), 1), left)).value = [
                    [excel_value(v) for v in fill.total]]
        names = self._names()
        for name, value in plan.figures.items():
            names[name].refers_to_range.value = excel_value(value)


def _column_values(kind: str, column: np.ndarray) -> list[Any]:
    if kind == "date":
        return [None if np.isnat(v) else dt.datetime.fromisoformat(str(v)) for v in column]
    if kind == "number":
        return [None if np.isnan(v) else float(v) for v in column]
    return [None if v is None or v != v else excel_value(v) for v in column]


def data_rows(fill: DataFill) -> list[list[Any]]:
    """A loaded extract as rows of values Excel keeps as they are (blank as None).

    >>> fill = DataFill("T", ["text", "number", "date"], [np.array(["=A1", None], object),
    ...                 np.array([1.5, np.nan]), np.array(["2025-01-02", "NaT"], "datetime64[D]")])
    >>> data_rows(fill)
    [["'=A1", 1.5, datetime.datetime(2025, 1, 2, 0, 0)], [None, None, None]]
    """
    columns = [_column_values(kind, column) for kind, column in zip(fill.kinds, fill.columns,
                                                                      strict=True)]
    return [list(row) for row in zip(*columns, strict=True)]
