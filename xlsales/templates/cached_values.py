"""Save every formula cell of a generated workbook with its true value.

XlsxWriter writes each formula with a cached value of 0 and a ``docProps/app.xml`` that
names Microsoft Excel. Excel recalculates on load (XlsxWriter asks it to), but
LibreOffice with its default settings, mail and phone previews, Quick Look and every
file reader (pandas, openpyxl, calamine) show the cached value. :class:`Workbook`
(what :func:`xlsales.templates.styling.new_workbook` returns) therefore computes, when
it is closed, the value of every formula it holds from the values written
(:mod:`.formula_eval`), stores it as the cell's cached value (numbers, text,
booleans, error values as error cells, ``""`` as an empty text) and names xlsales as
the program that wrote the file. Any formula any generator writes gets its value: no
template passes values by hand.

``TODAY()`` is the one input a generated workbook cannot know for good: cells that
depend on it hold the value of the day the workbook was generated, and
:attr:`Workbook.volatile_cells` lists them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ..excel_errors import ExcelError
from .chart_defaults import explicit_defaults
from .formula_eval import CellKey, Evaluator, Scalar
from .formula_functions import FUNCTIONS, LAZY, serial
from .page_setup import PrintPlan, apply

__all__ = ["Workbook", "compute", "APPLICATION"]

#: What docProps/app.xml says wrote the file.
APPLICATION = "xlsales"

_FORMULA_KINDS = ("Formula", "ArrayFormula")


class _EmptyText(str):
    """An empty text result, which XlsxWriter would otherwise write as an untyped
    empty value (read as 0 or as "no value" depending on the reader): it compares
    unequal to "" so that XlsxWriter types the cell ``t="str"``, as Excel does."""

    def __eq__(self, other: object) -> bool:
        return False

    def __ne__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


def _inputs(book: xlsxwriter.Workbook) -> tuple[dict[CellKey, Scalar], dict[CellKey, str]]:
    strings = {index: text for text, index in book.str_table.string_table.items()}
    inputs: dict[CellKey, Scalar] = {}
    formulas: dict[CellKey, str] = {}
    for sheet in book.worksheets():
        for row, cells in sheet.table.items():
            for col, cell in cells.items():
                key = (sheet.name, row, col)
                kind = type(cell).__name__
                if kind in _FORMULA_KINDS:
                    formulas[key] = cell.formula
                elif kind in ("Number", "Datetime"):
                    inputs[key] = float(cell.number)
                elif kind == "String":
                    inputs[key] = strings[cell.string] if isinstance(cell.string, int) \
                        else cell.string
                elif kind == "Boolean":
                    inputs[key] = bool(cell.boolean)
    return inputs, formulas


def _names(book: xlsxwriter.Workbook) -> dict[str, str]:
    # Workbook-level names only: sheet-level ones (print areas...) are added at close.
    return {name: formula for name, index, formula, _ in book.defined_names if index == -1}


def compute(book: xlsxwriter.Workbook, today: dt.date | None = None) -> Evaluator:
    """Compute every formula of ``book`` (an open XlsxWriter workbook) and store the
    values as the cells' cached values; return the evaluator (its ``volatile`` set
    lists the cells that depend on TODAY())."""
    inputs, formulas = _inputs(book)
    evaluator = Evaluator(inputs, formulas, _names(book),
                          serial(today or dt.date.today()), FUNCTIONS, LAZY)
    sheets: dict[str, Worksheet] = {s.name: s for s in book.worksheets()}
    for key in formulas:
        sheet_name, row, col = key
        table = sheets[sheet_name].table[row]
        table[col] = table[col]._replace(value=_cached(evaluator.value(key)))
    return evaluator


def _cached(value: Any) -> Any:
    """The value as XlsxWriter writes it in ``<v>``."""
    if isinstance(value, ExcelError):
        return value.value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    return _EmptyText() if value == "" else value


def _finish_package(path: Path) -> None:
    """Name xlsales, not Microsoft Excel, in docProps/app.xml, and write out the chart
    settings LibreOffice would otherwise read with other defaults (:mod:`.chart_defaults`)."""
    tmp = path.with_name(path.name + ".app")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/app.xml":
                text = data.decode("utf-8")
                text = text.replace("<Application>Microsoft Excel</Application>",
                                    f"<Application>{APPLICATION}</Application>")
                # AppVersion is Excel's version number: no claim to make for xlsales.
                data = re.sub(r"<AppVersion>[^<]*</AppVersion>", "", text).encode("utf-8")
            elif re.fullmatch(r"xl/charts/chart\d+\.xml", info.filename):
                data = explicit_defaults(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data, compress_type=info.compress_type)
    os.replace(tmp, path)


def _entity(evaluator: Evaluator) -> str:
    """The agency or entity a workbook is for: the cell named ``*_Agence`` or
    ``*_Entite`` (Campagne_Agence, Plan_Agence, Suivi_Entite...), if filled."""
    for name in evaluator.names:
        if name.endswith(("_AGENCE", "_ENTITE")):
            value = evaluator.scalar(evaluator.evaluate(("name", name), ""))
            if isinstance(value, str) and not isinstance(value, ExcelError) and value:
                return value
    return ""


class Workbook(xlsxwriter.Workbook):
    """An XlsxWriter workbook whose formula cells are saved with their values, and
    whose sheets get their print set-up (:mod:`.page_setup`) when it is closed."""

    volatile_cells: set[CellKey]

    def __init__(self, filename: Any = None, options: dict[str, Any] | None = None,
                 plan: PrintPlan | None = None) -> None:
        super().__init__(filename, options)
        self.print_plan = plan or PrintPlan()

    def close(self) -> None:
        evaluator = compute(self)
        self.volatile_cells = evaluator.volatile
        self.print_plan.entity = self.print_plan.entity or _entity(evaluator)
        values: dict[str, dict[tuple[int, int], Any]] = {}
        for (sheet, row, col), value in evaluator.computed().items():
            values.setdefault(sheet, {})[(row, col)] = value
        apply(self.worksheets(), values, self.print_plan)
        super().close()
        if isinstance(self.filename, (str, os.PathLike)):
            _finish_package(Path(self.filename))
