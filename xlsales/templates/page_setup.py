"""Print set-up of every sheet of a generated workbook, chosen from what the sheet holds.

Applied when the workbook is closed (:class:`xlsales.templates.cached_values.Workbook`),
so every sheet any generator writes gets it:

- **Print area**: from A1 to the last row and column that show something (a text, a
  number, a formula whose value is not blank, a chart), so empty input grids and
  ranges a generator declares as helpers (``PrintPlan.helpers``) stay out. A sheet
  holding an Excel table, which a refresh lengthens, is bounded by columns only.
- **Paper and scale**: A4; portrait when the area fits the width of a portrait page,
  else landscape; fitted to the page width only when the scale stays at
  :data:`MIN_SCALE` or more (10-point text prints at 7 points at least). A wider
  table prints at :data:`MIN_SCALE` in blocks of columns, its title columns repeated.
  A sheet of charts fits on one page when that keeps :data:`MIN_SCALE`, else on the
  page width down to :data:`CHART_MIN_SCALE`.
- **Print titles**: rows above the frozen panes (from the row under the sheet's title
  lines) repeat on every page; a data sheet repeats its header row.
- **Header and footer** in the workbook's language: title, entity and date on top;
  the sheet's name and "page x / y" below.
- **Data sheets** (a table anchored at A1, rows a user pastes or a refresh loads) are
  never fitted and get no print area, since their rows change after generation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.worksheet import Worksheet

__all__ = ["PrintPlan", "MIN_SCALE", "CHART_MIN_SCALE", "apply", "header_footer", "is_data_sheet"]

#: The smallest print scale: 10-point text prints at 7 points.
MIN_SCALE = 0.70
#: A sheet of charts is fitted to the page width down to this scale (estimated with a
#: wide font, see _PT_PER_PX): a chart cut in two pages is worse than smaller text.
CHART_MIN_SCALE = 0.55
_A4 = (595.0, 842.0)  # points
_MARGIN = 0.4  # inches, left and right
# Points per pixel of XlsxWriter column width, times 1.25: LibreOffice without Calibri
# (or its metric twin Carlito) measures columns with a wider font, about a quarter wider.
_PT_PER_PX = 0.75 * 1.25

# A print area down to the sheet's second-last row: all the rows a table may grow into.
# (Down to the last row XlsxWriter writes whole columns, $A:$H, which openpyxl, and so
# pandas, warn about on every read.)
_LAST_ROW = 1_048_574
_TOP, _BOTTOM = 0.75, 0.75  # inches, leaving room for the header and the footer
_PAGE_WIDTH = {"portrait": _A4[0] - 2 * _MARGIN * 72, "landscape": _A4[1] - 2 * _MARGIN * 72}
_PAGE_HEIGHT = {"portrait": _A4[1] - (_TOP + _BOTTOM) * 72,
                "landscape": _A4[0] - (_TOP + _BOTTOM) * 72}
_FOOTER = {"fr": "Page &P / &N", "en": "Page &P of &N"}


@dataclass
class PrintPlan:
    """What the workbook's headers show, and the sheets' kinds."""

    title: str = ""
    entity: str = ""
    lang: str = "fr"
    data_sheets: set[str] = field(default_factory=set)
    helpers: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)


def _escape(text: str) -> str:
    # & starts a code in a header; keep headers within Excel's 255 characters.
    return text.replace("&", "&&")[:80]


def header_footer(plan: PrintPlan) -> tuple[str, str]:
    """The header (title, entity, date) and footer (sheet, page x / y) codes.

    >>> header, footer = header_footer(PrintPlan("Suivi & actions", "Agence de Langon"))
    >>> header
    '&L&"-,Bold"Suivi && actions&CAgence de Langon&R&D'
    >>> footer
    '&L&A&RPage &P / &N'
    """
    header = f'&L&"-,Bold"{_escape(plan.title)}&C{_escape(plan.entity)}&R&D'
    return header, f"&L&A&R{_FOOTER.get(plan.lang, _FOOTER['en'])}"


def _shown(value: Any) -> bool:
    return value is not None and value != ""


def _content_extent(sheet: Worksheet, values: dict[tuple[int, int], Any],
                    helpers: list[tuple[int, int, int, int]]) -> tuple[int, int]:
    """Last row and column showing something (-1, -1 for an empty sheet)."""
    last_row = last_col = -1
    for row, cells in sheet.table.items():
        for col, cell in cells.items():
            if any(r1 <= row <= r2 and c1 <= col <= c2 for r1, c1, r2, c2 in helpers):
                continue
            if not _shown(values.get((row, col), None if type(cell).__name__ == "Blank"
                                     else True)):
                continue
            last_row, last_col = max(last_row, row), max(last_col, col)
    return last_row, last_col


def _chart_extent(sheet: Worksheet) -> tuple[int, int]:
    last_row = last_col = -1
    for row, col, chart, x_offset, y_offset, x_scale, y_scale, *_ in sheet.charts:
        width, height = chart.width * x_scale + x_offset, chart.height * y_scale + y_offset
        end_col, end_row = col, row
        while width > 0:
            width -= sheet._size_col(end_col)
            end_col += 1
        while height > 0:
            height -= sheet._size_row(end_row)
            end_row += 1
        last_row, last_col = max(last_row, end_row - 1), max(last_col, end_col - 1)
    return last_row, last_col


def _width(sheet: Worksheet, first: int, last: int) -> float:
    return sum(sheet._size_col(col) for col in range(first, last + 1)) * _PT_PER_PX


def _titles(sheet: Worksheet) -> tuple[tuple[int, int] | None, int]:
    """Rows to repeat (those between the title lines and the frozen panes) and the
    number of title columns (frozen ones, else the first)."""
    if not sheet.panes:
        return None, 1
    row, col = sheet.panes[0], sheet.panes[1]
    first = 2 if row > 3 else 0
    return ((first, row - 1) if row > 0 else None), max(col, 1)


def _height(sheet: Worksheet, last: int) -> float:
    return sum(sheet._size_row(row) for row in range(last + 1)) * 0.75


def _scale(sheet: Worksheet, width: float, height: float, one_page: bool) -> None:
    """Orientation and scale; ``one_page`` (a sheet of charts) fits width and height
    when that keeps :data:`MIN_SCALE`."""
    landscape = width > _PAGE_WIDTH["portrait"]
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    page_width = _PAGE_WIDTH["landscape" if landscape else "portrait"]
    page_height = _PAGE_HEIGHT["landscape" if landscape else "portrait"]
    if one_page and min(page_width / width, page_height / height) >= MIN_SCALE:
        if width > page_width or height > page_height:
            sheet.fit_to_pages(1, 1)
        else:
            sheet.set_print_scale(100)
    elif one_page and width > page_width and page_width / width >= CHART_MIN_SCALE:
        sheet.fit_to_pages(1, 0)
    elif width <= page_width:
        sheet.set_print_scale(100)
    elif page_width / width >= MIN_SCALE:
        sheet.fit_to_pages(1, 0)
    else:
        sheet.set_print_scale(math.floor(MIN_SCALE * 100))


def _report_sheet(sheet: Worksheet, values: dict[tuple[int, int], Any],
                  helpers: list[tuple[int, int, int, int]]) -> None:
    rows, cols = zip(_content_extent(sheet, values, helpers), _chart_extent(sheet), strict=True)
    last_row, last_col = max(rows), max(cols)
    if last_row < 0:
        return
    if sheet.tables:
        # A table grows when it is refreshed: bound the columns only.
        sheet.print_area(0, 0, _LAST_ROW, last_col)
    else:
        sheet.print_area(0, 0, last_row, last_col)
    _scale(sheet, _width(sheet, 0, last_col), _height(sheet, last_row), bool(sheet.charts))
    repeat, title_cols = _titles(sheet)
    if repeat:
        sheet.repeat_rows(*repeat)
    if sheet.print_scale < 100 and not sheet.fit_page and not sheet.charts:
        sheet.repeat_columns(0, title_cols - 1)


def _data_sheet(sheet: Worksheet) -> None:
    # Never fitted: an extract of thousands of rows would print as dots.
    sheet.fit_page = 0
    sheet.set_print_scale(100)
    sheet.set_landscape()
    sheet.repeat_rows(0)


def is_data_sheet(sheet: Worksheet) -> bool:
    """A sheet holding a table anchored at A1: rows pasted or loaded by a refresh."""
    return any(table["range"].startswith("A1:") for table in sheet.tables)


def apply(sheets: list[Worksheet], values: dict[str, dict[tuple[int, int], Any]],
          plan: PrintPlan) -> None:
    """Give each sheet its page set-up; ``values`` are the formula cells' values."""
    header, footer = header_footer(plan)
    plan.data_sheets |= {sheet.name for sheet in sheets if is_data_sheet(sheet)}
    for sheet in sheets:
        sheet.set_paper(9)  # A4
        sheet.set_margins(left=_MARGIN, right=_MARGIN, top=_TOP, bottom=_BOTTOM)
        sheet.set_header(header, margin=0.3)
        sheet.set_footer(footer, margin=0.3)
        if sheet.name in plan.data_sheets:
            _data_sheet(sheet)
        else:
            _report_sheet(sheet, values.get(sheet.name, {}), plan.helpers.get(sheet.name, []))
