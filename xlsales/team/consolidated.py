"""The consolidated workbook: created once, then refreshed in place by every collect.

Its sheets are tables (a styled prototype row, and a total row below when the table
has one), laid out here with XlsxWriter the first time. Filling them is the dashboard's
refresh (:meth:`~xlsales.dashboard.workbook_file.WorkbookFile.apply`): only the tables'
rows and the named figures are written, every other part is copied as it was (a sheet
or a chart the manager added stays), and the save is atomic. A new workbook is created
and filled in a temporary file, renamed only once complete.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..dashboard.layout import Field
from ..dashboard.refresh_plan import DataFill, Plan, TableFill
from ..dashboard.workbook_file import WorkbookFile
from ..errors import WorkbookFormatError
from ..i18n import text
from ..ooxml.save import atomic_path
from ..templates import styling
from .identity import Identity, is_identified, read_identity, stamp
from .roster import team_message

__all__ = ["Column", "TableSheet", "FIGURES", "write_consolidated"]

#: The headline figures on the returns sheet: field → defined name.
FIGURES = {"expected": "Retours_Attendus", "received": "Retours_Recus",
           "rejected": "Retours_Rejetes", "missing": "Retours_Manquants",
           "date": "Date_Consolidation"}
_HEADER_ROW = 5

@dataclass(frozen=True)
class Column:
    """A column of a consolidated table: its header (``team.column.<key>``), cell style
    (a :class:`~xlsales.templates.styling.Formats` attribute) and width."""

    key: str
    style: str = "number"
    width: float = 13.0

@dataclass(frozen=True)
class TableSheet:
    """A sheet holding one table (``team.sheet.<key>`` names it, ``team.note.<key>``
    explains it), with a total row below when ``total``; ``attainment`` names the
    columns coloured green, amber, red; ``team_rows`` sets the team's rows (first cell
    ``team.total``) apart from the advisors'. A ``data`` table (one row per input line:
    the union of the returns) is loaded as the dashboard loads an extract, its rows
    streamed into the sheet."""

    key: str
    table: str
    columns: tuple[Column, ...]
    total: bool = False
    attainment: tuple[str, ...] = ()
    team_rows: bool = False
    data: bool = False

def _t(key: str, lang: str) -> str:
    return text(f"team.{key}", lang)

def _create(path: Path, title: str, sheets: tuple[TableSheet, ...], lang: str) -> None:
    book, f = styling.new_workbook(path, title, lang)
    for spec in sheets:
        sheet = book.add_worksheet(_t(f"sheet.{spec.key}", lang))
        styling.setup_sheet(sheet, freeze=(_HEADER_ROW + 1, 1),
                            widths={i: c.width for i, c in enumerate(spec.columns)})
        sheet.write_string(0, 0, f"{title} — {_t(f'sheet.{spec.key}', lang)}", f.title)
        sheet.write_string(1, 0, _t(f"note.{spec.key}", lang), f.subtitle)
        sheet.set_row(_HEADER_ROW, 30)
        first = _HEADER_ROW + 1
        for col, column in enumerate(spec.columns):
            sheet.write_blank(first, col, None, getattr(f, column.style))
            if spec.total:
                total = "total_" + column.style if hasattr(f, "total_" + column.style) \
                    else "total_label"
                sheet.write_blank(first + 1, col, None, getattr(f, total))
        sheet.add_table(_HEADER_ROW, 0, first, len(spec.columns) - 1, {
            "name": spec.table, "autofilter": True, "style": "Table Style Light 9",
            "columns": [{"header": _t(f"column.{c.key}", lang), "header_format": f.header}
                        for c in spec.columns]})
        for key in spec.attainment:
            col = [c.key for c in spec.columns].index(key)
            cells = f"{_cell(first, col)}:{_cell(first + 5000, col)}"
            styling.attainment_colours(sheet, cells, f, "0.9")
        if spec.team_rows:
            last = f"{_cell(first + 5000, len(spec.columns) - 1)}"
            word = _t("total", lang).replace('"', '""')
            sheet.conditional_format(f"{_cell(first, 0)}:{last}", {
                "type": "formula", "criteria": f'=$A{first + 1}="{word}"',
                "format": book.add_format({"bold": True, "bg_color": styling.COLOURS["total"],
                                           "top": 1})})
        if spec.key == "returns":
            for index, (field, name) in enumerate(FIGURES.items()):
                row, col = 2 + index % 3, (index // 3) * 2
                sheet.write_string(row, col, _t(f"figure.{field}", lang), f.label_bold)
                sheet.write_blank(row, col + 1, None,
                                  f.date if field == "date" else f.number)
                book.define_name(name, f"={styling.absolute(sheet.name, row, col + 1)}")
    book.close()

def _cell(row: int, col: int) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return xl_rowcol_to_cell(row, col)

def _kind(style: str) -> str:
    if style in ("month", "date"):
        return "date"
    return "text" if style in ("label", "wrap") else "number"


def _data_fill(spec: TableSheet, rows: list[list[Any]]) -> DataFill:
    """A data table's rows as the typed columns the extract loader streams."""
    kinds = [_kind(c.style) for c in spec.columns]
    columns: list[np.ndarray] = []
    for index, kind in enumerate(kinds):
        values = [row[index] for row in rows]
        if kind == "date":
            columns.append(np.array([np.datetime64(v, "D") if v else np.datetime64("NaT")
                                     for v in values], dtype="datetime64[D]"))
        elif kind == "number":
            columns.append(np.array([np.nan if v is None else float(v) for v in values],
                                    dtype=float))
        else:
            columns.append(np.array([None if v in (None, "") else str(v) for v in values],
                                    dtype=object))
    return DataFill(spec.table, kinds, columns)


def _plan(sheets: tuple[TableSheet, ...], rows: dict[str, list[list[Any]]],
          totals: dict[str, list[Any]], figures: dict[str, Any]) -> Plan:
    fills = []
    data = []
    for spec in sheets:
        if spec.data:
            data.append(_data_fill(spec, rows.get(spec.table, [])))
            continue
        fields = tuple(Field(c.key, c.key) for c in spec.columns)
        fills.append(TableFill(spec.table, fields, rows.get(spec.table, []),
                               totals.get(spec.table) if spec.total else None))
    return Plan(fills, {FIGURES[k]: v for k, v in figures.items()}, data)

def _check_owned(path: Path, identity: Identity, lang: str) -> None:
    """An existing consolidated workbook must be ours, for this distribution."""
    with WorkbookFile(path, lang) as book:
        if not is_identified(book):
            raise WorkbookFormatError(f"{path.name} : " + team_message(
                "not_consolidated", lang, kind=identity.kind))
        try:
            found, _ = read_identity(book)
        except (KeyError, ValueError):
            raise WorkbookFormatError(f"{path.name} : " + team_message(
                "not_consolidated", lang, kind=identity.kind)) from None
    if found.kind != identity.kind or found.distribution != identity.distribution:
        raise WorkbookFormatError(f"{path.name} : " + team_message(
            "other_consolidation", lang, kind=found.kind, distribution=found.distribution,
            expected=identity.distribution))

def write_consolidated(path: Path, identity: Identity, title: str,
                       sheets: tuple[TableSheet, ...], rows: dict[str, list[list[Any]]],
                       totals: dict[str, list[Any]], figures: dict[str, Any],
                       lang: str) -> bool:
    """Write the consolidation into the workbook at ``path``: refresh it in place when
    it exists (it must consolidate the same distribution), else create it. Returns
    whether it was created."""
    plan = _plan(sheets, rows, totals, figures)
    if path.exists():
        _check_owned(path, identity, lang)
        with WorkbookFile(path, lang) as book:
            book.apply(plan)
        return False
    with atomic_path(path) as tmp:
        _create(tmp, title, sheets, lang)
        stamp(tmp, identity)
        with WorkbookFile(tmp, lang) as book:
            book.apply(plan)
    return True

def today() -> dt.date:
    """The consolidation's date."""
    return dt.date.today()
