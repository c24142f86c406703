"""Helpers to read generated workbooks back."""

from __future__ import annotations

from pathlib import Path

import openpyxl


class Recalculated:
    """A workbook recalculated by LibreOffice: its cached values and names."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book = openpyxl.load_workbook(path, data_only=True)

    def value(self, sheet: str, ref: str) -> object:
        return self.book[sheet][ref].value

    def name(self, name: str) -> object:
        defined = self.book.defined_names[name]
        (sheet, ref), = list(defined.destinations)
        return self.book[sheet][ref.replace("$", "")].value

    def names(self) -> list[str]:
        return list(self.book.defined_names)

    def column(self, name: str) -> list[object]:
        """The values of a one-column named range."""
        defined = self.book.defined_names[name]
        (sheet, ref), = list(defined.destinations)
        return [row[0].value for row in self.book[sheet][ref.replace("$", "")]]


def raw_cell(path: Path, sheet: str, ref: str) -> openpyxl.cell.Cell:
    """A cell as written (formulas as formulas), from the file itself."""
    return openpyxl.load_workbook(path)[sheet][ref]


def raw_named_cell(path: Path, name: str) -> openpyxl.cell.Cell:
    """The cell a one-cell defined name points at, as written."""
    book = openpyxl.load_workbook(path)
    (sheet, ref), = list(book.defined_names[name].destinations)
    return book[sheet][ref.replace("$", "")]


def named_range(book: openpyxl.Workbook, name: str) -> list[list[object]]:
    """The values of a defined name's cells in an open workbook, row by row (one cell:
    one row of one)."""
    (sheet, ref), = book.defined_names[name].destinations
    cells = book[sheet.replace("''", "'")][ref.replace("$", "")]
    if not isinstance(cells, tuple):
        return [[cells.value]]
    return [[c.value for c in row] for row in cells]
