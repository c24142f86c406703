"""A fake xlwings ``Book``, built from an .xlsx, that records what is read and written.

It models the part of xlwings' object model that :mod:`xlsales.excel` and
``XlwingsBook`` use: defined names, sheets, Excel tables, ranges (values read and
written, cells inserted or deleted inside a table, moving what is below as Excel does),
the status bar, the message box, saving, closing and opening books. It is no Excel:
it is what the Excel side is tested against here (Excel does not run on Linux).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries


class FakeApp:
    def __init__(self) -> None:
        self.statuses: list[str | bool] = []
        self.alerts: list[dict[str, Any]] = []
        self.opened: list[str] = []
        self.books = self

    @property
    def status_bar(self) -> str | bool:
        return self.statuses[-1] if self.statuses else False

    @status_bar.setter
    def status_bar(self, value: str | bool) -> None:
        self.statuses.append(value)

    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok",
              mode: str | None = None) -> None:
        self.alerts.append({"prompt": prompt, "title": title, "buttons": buttons,
                            "mode": mode})

    def open(self, path: str) -> None:  # app.books.open
        self.opened.append(path)


class _Count:
    def __init__(self, count: int) -> None:
        self.count = count


class FakeRange:
    def __init__(self, sheet: FakeSheet, r1: int, c1: int, r2: int, c2: int,
                 ndim: int | None = None) -> None:
        self.sheet, self.r1, self.c1, self.r2, self.c2, self.ndim = sheet, r1, c1, r2, c2, ndim

    row = property(lambda self: self.r1)
    column = property(lambda self: self.c1)
    rows = property(lambda self: _Count(self.r2 - self.r1 + 1))
    columns = property(lambda self: _Count(self.c2 - self.c1 + 1))

    def options(self, ndim: int | None = None) -> FakeRange:
        return FakeRange(self.sheet, self.r1, self.c1, self.r2, self.c2, ndim)

    def get_address(self, row_absolute: bool = True, column_absolute: bool = True) -> str:
        return f"{get_column_letter(self.c1)}{self.r1}"

    @property
    def value(self) -> Any:
        self.sheet.book.log.append(("read", self.sheet.name, self.r1, self.c1, self.r2, self.c2))
        grid = [[self.sheet.cells.get((r, c)) for c in range(self.c1, self.c2 + 1)]
                for r in range(self.r1, self.r2 + 1)]
        if self.ndim == 2:
            return grid
        if self.ndim == 1 or len(grid) == 1 or len(grid[0]) == 1:
            flat = [v for row in grid for v in row]
            return flat[0] if len(flat) == 1 and self.ndim is None else flat
        return grid

    @value.setter
    def value(self, value: Any) -> None:
        rows = value if isinstance(value, list) and value and isinstance(value[0], list) \
            else [value] if isinstance(value, list) else [[value]]
        self.sheet.book.log.append(("write", self.sheet.name, self.r1, self.c1,
                                    self.r1 + len(rows) - 1, self.c1 + len(rows[0]) - 1))
        for i, row in enumerate(rows):
            for j, cell in enumerate(row):
                self.sheet.cells[(self.r1 + i, self.c1 + j)] = cell

    def insert(self, shift: str, copy_origin: str | None = None) -> None:
        assert shift == "down"
        self.sheet.shift(self.r1, self.c1, self.c2, self.r2 - self.r1 + 1)

    def delete(self, shift: str) -> None:
        assert shift == "up"
        self.sheet.shift(self.r1, self.c1, self.c2, -(self.r2 - self.r1 + 1))


class FakeTable:
    def __init__(self, sheet: FakeSheet, name: str, ref: str) -> None:
        self.sheet, self.name = sheet, name
        self.c1, self.r1, self.c2, self.r2 = range_boundaries(ref)

    header_row_range = property(lambda self: FakeRange(self.sheet, self.r1, self.c1,
                                                       self.r1, self.c2))
    range = property(lambda self: FakeRange(self.sheet, self.r1, self.c1, self.r2, self.c2))

    @property
    def data_body_range(self) -> FakeRange | None:
        if self.r2 == self.r1:
            return None
        return FakeRange(self.sheet, self.r1 + 1, self.c1, self.r2, self.c2)


class FakeSheet:
    def __init__(self, book: FakeBook, name: str) -> None:
        self.book, self.name = book, name
        self.cells: dict[tuple[int, int], Any] = {}
        self.tables: list[FakeTable] = []

    def range(self, first: tuple[int, int], last: tuple[int, int] | None = None) -> FakeRange:
        last = last or first
        return FakeRange(self, first[0], first[1], last[0], last[1])

    def shift(self, row: int, c1: int, c2: int, count: int) -> None:
        """Insert (count > 0) or delete (count < 0) rows from ``row`` in columns c1..c2,
        moving the cells, tables and names below as Excel does."""
        self.book.log.append(("insert" if count > 0 else "delete", self.name, row, c1,
                              row + abs(count) - 1, c2))
        moved = {}
        for (r, c), value in self.cells.items():
            if c1 <= c <= c2 and r >= row:
                if count < 0 and r < row - count:
                    continue
                moved[(r + count, c)] = value
            else:
                moved[(r, c)] = value
        self.cells = moved
        for table in self.tables:
            if table.c2 < c1 or table.c1 > c2:
                continue
            if table.r1 >= row:
                table.r1 += count
                table.r2 += count
            elif table.r2 >= row:
                table.r2 += count
        for name in self.book.names:
            if name.sheet is self and c1 <= name.c <= c2 and name.r >= row:
                name.r += count


class FakeName:
    def __init__(self, name: str, sheet: FakeSheet, r: int, c: int) -> None:
        self.name, self.sheet, self.r, self.c = name, sheet, r, c

    @property
    def refers_to_range(self) -> FakeRange:
        return FakeRange(self.sheet, self.r, self.c, self.r, self.c)


class FakeBook:
    """An .xlsx as xlwings would show it open in Excel (cached values, not formulas)."""

    def __init__(self, path: Path, app: FakeApp | None = None) -> None:
        self.fullname = str(path)
        self.name = Path(path).name
        self.app = app or FakeApp()
        self.log: list[tuple] = []
        self.saved = self.closed = 0
        self.names: list[FakeName] = []
        workbook = openpyxl.load_workbook(path, data_only=True)
        self.sheets = [FakeSheet(self, ws.title) for ws in workbook.worksheets]
        by_name = {sheet.name: sheet for sheet in self.sheets}
        for ws, sheet in zip(workbook.worksheets, self.sheets, strict=True):
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        sheet.cells[(cell.row, cell.column)] = cell.value
            sheet.tables = [FakeTable(sheet, name, ref) for name, ref in ws.tables.items()]
        for name, defined in workbook.defined_names.items():
            for title, ref in defined.destinations:
                c1, r1, _, _ = range_boundaries(ref.replace("$", ""))
                self.names.append(FakeName(name, by_name[title], r1, c1))
        workbook.close()

    def save(self) -> None:
        self.saved += 1

    def close(self) -> None:
        self.closed += 1

    def named(self, name: str) -> Any:
        return next(n for n in self.names if n.name == name).refers_to_range.value

    def table_grid(self, name: str) -> list[list[Any]]:
        table = next(t for s in self.sheets for t in s.tables if t.name == name)
        return table.range.options(ndim=2).value


def plain(value: Any) -> Any:
    """A cell value as both readers compare it: text without Excel's apostrophe,
    numbers as floats rounded to 9 digits, blanks as None."""
    if isinstance(value, str):
        value = value[1:] if value.startswith("'") else value
        return value or None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return round(float(value), 9)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value
