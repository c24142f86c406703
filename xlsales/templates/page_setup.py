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
  table prints at :data:`MIN_SCALE`: side-by-side blocks (tables or charts separated
  by an empty column) on pages of their own, else in blocks of columns with its title
  columns repeated. A sheet of charts fits on one page when that keeps
  :data:`MIN_SCALE`, else on the page width down to :data:`CHART_MIN_SCALE`.
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


def _hidden_by(helpers: list[tuple[int, int, int, int]], row: int, col: int) -> bool:
    return any(r1 <= row <= r2 and c1 <= col <= c2 for r1, c1, r2, c2 in helpers)


def _content(sheet: Worksheet, values: dict[tuple[int, int], Any],
             helpers: list[tuple[int, int, int, int]]) -> tuple[int, set[int]]:
    """Last row showing something (-1 for an empty sheet) and the columns that do (a
    merged cell covers its columns)."""
    last_row, columns = -1, set[int]()
    for row, cells in sheet.table.items():
        for col, cell in cells.items():
            blank = type(cell).__name__ == "Blank"
            if _hidden_by(helpers, row, col) or not _shown(values.get((row, col),
                                                                      None if blank else True)):
                continue
            last_row = max(last_row, row)
            columns.add(col)
    for first_row, first_col, _, last_col in sheet.merge:
        if first_col in columns and not _hidden_by(helpers, first_row, first_col):
            columns.update(range(first_col, last_col + 1))
    return last_row, columns


def _charts(sheet: Worksheet) -> tuple[int, set[int]]:
    """Last row the charts reach and the columns they cover."""
    last_row, columns = -1, set[int]()
    for row, col, chart, x_offset, y_offset, x_scale, y_scale, *_ in sheet.charts:
        width, height = chart.width * x_scale + x_offset, chart.height * y_scale + y_offset
        end_col, end_row = col, row
        while width > 0:
            width -= sheet._size_col(end_col)
            end_col += 1
        while height > 0:
            height -= sheet._size_row(end_row)
            end_row += 1
        last_row = max(last_row, end_row - 1)
        columns.update(range(col, end_col))
    return last_row, columns


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


def _blocks(columns: set[int]) -> list[tuple[int, int]]:
    """Runs of columns showing something, separated by empty columns.

    >>> _blocks({0, 1, 2, 4, 5, 8})
    [(0, 2), (4, 5), (8, 8)]
    """
    runs: list[tuple[int, int]] = []
    for col in sorted(columns):
        if runs and runs[-1][1] == col - 1:
            runs[-1] = (runs[-1][0], col)
        else:
            runs.append((col, col))
    return runs


def _split(sheet: Worksheet, blocks: list[tuple[int, int]], limit: float) -> bool:
    """Put page breaks between side-by-side blocks (tables, charts) so that each page
    holds whole blocks within ``limit`` points; False when a block alone is wider."""
    breaks, page_start = [], 0
    for first, last in blocks:
        if _width(sheet, page_start, last) <= limit:
            continue
        if _width(sheet, first, last) > limit or first == page_start:
            return False
        breaks.append(first)
        page_start = first
    if not breaks:
        return False
    sheet.set_v_pagebreaks(breaks)
    return True


def _scale(sheet: Worksheet, width: float, height: float, blocks: list[tuple[int, int]]
           ) -> None:
    """Orientation and scale: 100 % when the width fits; else fitted to the width at
    :data:`MIN_SCALE` or more (a sheet of charts to one page when that keeps it); else
    side-by-side blocks on pages of their own; else a sheet of charts fitted down to
    :data:`CHART_MIN_SCALE`, a table in blocks of columns at :data:`MIN_SCALE`."""
    one_page = bool(sheet.charts)
    landscape = width > _PAGE_WIDTH["portrait"]
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    page_width = _PAGE_WIDTH["landscape" if landscape else "portrait"]
    page_height = _PAGE_HEIGHT["landscape" if landscape else "portrait"]
    if width <= page_width and (not one_page or height <= page_height):
        sheet.set_print_scale(100)
    elif one_page and min(page_width / width, page_height / height) >= MIN_SCALE:
        sheet.fit_to_pages(1, 1)
    elif page_width / width >= MIN_SCALE:
        sheet.fit_to_pages(1, 0)
    elif _split(sheet, blocks, page_width / MIN_SCALE):
        sheet.set_print_scale(math.floor(MIN_SCALE * 100))
    elif one_page and page_width / width >= CHART_MIN_SCALE:
        sheet.fit_to_pages(1, 0)
    else:
        sheet.set_print_scale(math.floor(MIN_SCALE * 100))


def _report_sheet(sheet: Worksheet, values: dict[tuple[int, int], Any],
                  helpers: list[tuple[int, int, int, int]]) -> None:
    (cell_row, cell_cols), (chart_row, chart_cols) = (_content(sheet, values, helpers),
                                                      _charts(sheet))
    last_row, columns = max(cell_row, chart_row), cell_cols | chart_cols
    if last_row < 0:
        return
    last_col = max(columns)
    if sheet.tables:
        # A table grows when it is refreshed: bound the columns only.
        sheet.print_area(0, 0, _LAST_ROW, last_col)
    else:
        sheet.print_area(0, 0, last_row, last_col)
    _scale(sheet, _width(sheet, 0, last_col), _height(sheet, last_row), _blocks(columns))
    repeat, title_cols = _titles(sheet)
    if repeat:
        sheet.repeat_rows(*repeat)
    if sheet.print_scale < 100 and not (sheet.fit_page or sheet.charts or sheet.vbreaks):
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
