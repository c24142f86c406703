"""The headless writer of a refresh plan: the owned parts patched, the references that
follow the tables moved, the calculation chain pruned.

What a refresh owns is listed in :mod:`.layout`; this module carries it out on the
package through :mod:`xlsales.ooxml`, and collects everything that changes into one
set of new parts (and streamed data sheets) for :meth:`WorkbookFile.save`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import WorkbookFormatError
from ..i18n import text
from ..ooxml.calcchain import calc_chain_part, drop_calc_chain, prune_calc_chain
from ..ooxml.chartxml import ColumnKey, patch_chart
from ..ooxml.datasheet import DataRows, SharedStrings
from ..ooxml.follow import TableMove, follow_sheet_refs
from ..ooxml.parts import SHEET_ROWS, AreaRef, CellRef, SheetPart, format_area
from ..ooxml.pivotxml import follow_pivot_cache, pivot_caches
from ..ooxml.sheetxml import (
    Rect,
    cell_xml,
    patch_sheet,
    read_cells,
    rows_end,
    sheet_tail,
    split_sheet,
    with_dimension,
)
from ..ooxml.tablexml import calculated_columns, clear_filter, drop_totals_row, set_table_ref
from ..ooxml.workbookxml import follow_defined_names, full_calc_on_load
from .cells import stored
from .refresh_plan import DataFill, Plan, TableFill

if TYPE_CHECKING:
    from .workbook_file import WorkbookFile

__all__ = ["PlanWriter"]

#: The last column of a worksheet (0-based): a loaded data sheet is owned row-wide.
_LAST_COL = 16383


@dataclass
class _Edit:
    """What a refresh changes, gathered before anything is written."""

    parts: dict[str, bytes] = field(default_factory=dict)
    streams: dict[str, Callable[[], Iterator[bytes]]] = field(default_factory=dict)
    owned: dict[str, list[Rect]] = field(default_factory=lambda: defaultdict(list))
    cells: dict[str, dict[int, dict[int, str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(dict)))
    charts: dict[ColumnKey, tuple[int, list[Any] | None]] = field(default_factory=dict)
    moves: list[TableMove] = field(default_factory=list)
    #: Rows (first, last, 0-based) shown after the refresh, by sheet part.
    shown: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    #: The rows of loaded data sheets, rewritten whole, by sheet part.
    rewritten: dict[str, list[Rect]] = field(default_factory=lambda: defaultdict(list))
    #: The names of the tables moved, in lower case.
    tables: set[str] = field(default_factory=set)


def _area_text(first: CellRef, last: CellRef) -> str:
    return format_area(AreaRef("", first, last), absolute=False, sheet=False)


class PlanWriter:
    """Writes a :class:`~.refresh_plan.Plan` into a :class:`~.workbook_file.WorkbookFile`."""

    def __init__(self, book: WorkbookFile) -> None:
        self.book = book
        self.archive = book.archive
        self.package = book.package
        self.edit = _Edit()

    def read(self, part: str) -> bytes:
        """A part as changed so far, or as it is in the file."""
        return self.edit.parts.get(part) or self.book.read_part(part)

    def write(self, plan: Plan) -> None:
        for fill in plan.tables:
            self._fill_table(fill)
        self._fill_figures(plan.figures)
        self._patch_sheets()
        self._load_data(plan.data)
        self._patch_charts()
        self._follow_tables()
        workbook = self.package.workbook_path
        self.edit.parts[workbook] = full_calc_on_load(self.read(workbook))
        self._prune_calc_chain()
        self.book.save(self.edit.parts, self.edit.streams)

    # the blocks and figures ---------------------------------------------------------

    def _styles(self, sheet: SheetPart, rows: list[int], cols: range) -> dict:
        refs = [CellRef(r, c) for r in rows for c in cols]
        found = read_cells(self.book.read_part(sheet.path), refs)
        return {ref: attrs.get("s") for ref, attrs in found.items()}

    def _table_cells(self, fill: TableFill, sheet: SheetPart, first: CellRef, last: CellRef,
                     new_last: int) -> None:
        start, old_last = first.row + 1, max(last.row, first.row + 1)
        cols = range(first.col, last.col + 1)
        styles = self._styles(sheet, [start, old_last + 1], cols)
        target = self.edit.cells[sheet.path]
        lines = [(start + i, values, start) for i, values
                 in enumerate(fill.rows or [[None] * len(fill.fields)])]
        if fill.total is not None:
            lines.append((new_last + 1, fill.total, old_last + 1))
        for row, values, style_row in lines:
            for col, value in zip(cols, values, strict=True):
                xml = cell_xml(row, col, stored(value), styles.get(CellRef(style_row, col)))
                if xml:
                    target[row][col] = xml

    def _fill_table(self, fill: TableFill) -> None:
        sheet, table = self.book.table(fill.table)
        first, last = table.area.first, table.area.last
        if last.col - first.col + 1 != len(fill.fields):
            raise self.book.error("changed_table", table=fill.table, expected=len(fill.fields))
        start, old_last = first.row + 1, max(last.row, first.row + 1)
        new_last = start + max(len(fill.rows), 1) - 1
        self._table_cells(fill, sheet, first, last, new_last)
        self.edit.owned[sheet.path].append(Rect(start, None, first.col, last.col))
        self.edit.shown[sheet.path].append((start, max(old_last, new_last) + 1))
        xml = set_table_ref(self.book.read_part(table.path),
                            _area_text(first, CellRef(new_last, last.col)))
        self.edit.parts[table.path] = clear_filter(xml, start + 1, new_last + 1)
        self.edit.moves.append(TableMove(sheet.name, first.col, last.col, first.row,
                                         old_last, new_last, fill.total is not None))
        self.edit.tables.add(table.name.lower())
        for index, col in enumerate(range(first.col, last.col + 1)):
            values = fill.column(index) if fill.rows else [None]
            self.edit.charts[(sheet.name, col, start, old_last)] = (new_last, values)

    def _fill_figures(self, figures: dict[str, Any]) -> None:
        by_sheet: dict[str, list[tuple[CellRef, Any]]] = defaultdict(list)
        for name, value in figures.items():
            if name not in self.package.names:
                raise self.book.missing(name)
            area = self.package.name_area(name)
            by_sheet[area.sheet].append((area.first, value))
        for sheet_name, items in by_sheet.items():
            try:
                sheet = self.package.sheet(sheet_name)
            except KeyError:
                raise self.book.missing(sheet_name) from None
            found = read_cells(self.book.read_part(sheet.path), [ref for ref, _ in items])
            for ref, value in items:
                style = found.get(ref, {}).get("s")
                self.edit.owned[sheet.path].append(Rect(ref.row, ref.row, ref.col, ref.col))
                xml = cell_xml(ref.row, ref.col, stored(value), style)
                if xml:
                    self.edit.cells[sheet.path][ref.row][ref.col] = xml

    def _patch_sheets(self) -> None:
        for sheet in self.package.sheets:
            if sheet.path not in self.edit.owned:
                continue
            spans = self.edit.shown.get(sheet.path, [])

            def shown(row: int, spans: list[tuple[int, int]] = spans) -> bool:
                return any(lo <= row <= hi for lo, hi in spans)

            self.edit.parts[sheet.path], _ = patch_sheet(
                self.book.read_part(sheet.path), self.edit.owned[sheet.path],
                self.edit.cells[sheet.path], shown)

    # the data tables (--data) -------------------------------------------------------

    def _load_data(self, fills: list[DataFill]) -> None:
        strings_part = self.package.shared_strings
        strings = None
        if fills and strings_part:
            strings = SharedStrings(self.book.read_part(strings_part))
        for fill in fills:
            self._fill_data(fill, strings)
        if strings_part and strings is not None and strings.changed:
            self.edit.parts[strings_part] = strings.xml()

    def _fill_data(self, fill: DataFill, strings: SharedStrings | None) -> None:
        sheet, table = self.book.table(fill.table)
        table_xml = self.book.read_part(table.path)
        rows = DataRows(fill, strings, calculated_columns(table_xml))
        first, last = table.area.first, table.area.last
        start = first.row + 1
        new_last = start + max(len(fill), 1) - 1
        if new_last >= SHEET_ROWS:  # a table lower down the sheet holds fewer rows
            raise WorkbookFormatError(f"{self.book.path.name} : " + text(
                "dashboard.problem.too_many_rows", self.book.lang).format(
                    count=len(fill), limit=SHEET_ROWS - start))
        move = TableMove(sheet.name, first.col, last.col, first.row,
                         max(last.row, start), new_last)
        self.edit.moves.append(move)
        # The rows are rewritten from the first data row down, whole: any formula
        # there is gone (the calculation chain is pruned of them).
        self.edit.rewritten[sheet.path].append(Rect(start, None, 0, _LAST_COL))
        for col in range(first.col, last.col + 1):
            self.edit.charts[(sheet.name, col, start, move.old_last)] = (new_last, None)
        self.edit.tables.add(table.name.lower())
        moves = self.edit.moves

        def chunks() -> Iterator[bytes]:
            with self.archive.open(sheet.path) as stream:
                split = split_sheet(iter(lambda: stream.read(1 << 20), b""), start)
            prototype = read_cells(b"<worksheet><sheetData>" + split.first_skipped
                                   + b"</sheetData></worksheet>",
                                   [CellRef(start, c) for c in range(first.col, last.col + 1)])
            styles = [prototype.get(CellRef(start, c), {}).get("s")
                      for c in range(first.col, last.col + 1)]
            yield with_dimension(split.head, new_last, last.col)
            yield split.kept_rows
            yield from rows.rows(start, first.col, styles, split.prefix)
            yield follow_sheet_refs(split.tail.decode("utf-8"), moves, sheet.name).encode()

        self.edit.streams[sheet.path] = chunks
        xml = set_table_ref(table_xml, _area_text(first, CellRef(new_last, last.col)))
        self.edit.parts[table.path] = clear_filter(drop_totals_row(xml), start + 1,
                                                   new_last + 1)

    # what follows the tables --------------------------------------------------------

    def _patch_charts(self) -> None:
        for chart in self.package.charts:
            patched = patch_chart(self.book.read_part(chart), self.edit.charts)
            if patched is not None:
                self.edit.parts[chart] = patched

    def _follow_tables(self) -> None:
        """Names, conditional formats, sparklines and pivot caches over whole columns of
        the tables the refresh moved follow them (:mod:`xlsales.ooxml.follow`)."""
        moves = self.edit.moves
        workbook = self.package.workbook_path
        self.edit.parts[workbook] = follow_defined_names(self.read(workbook), moves)
        for sheet in self.package.sheets:
            if sheet.path not in self.edit.streams:
                self._follow_in_sheet(sheet)
        for cache in pivot_caches(self.archive, workbook):
            patched = follow_pivot_cache(self.book.read_part(cache), moves, self.edit.tables)
            if patched is not None:
                self.edit.parts[cache] = patched

    def _follow_in_sheet(self, sheet: SheetPart) -> None:
        """Conditional formats and sparklines follow the cells of the rows: only what
        follows the rows is searched (streamed, for a sheet the refresh does not patch:
        it may be a data sheet of a million rows)."""
        if sheet.path in self.edit.parts:
            tail = self.edit.parts[sheet.path]
            tail = tail[rows_end(tail):]
        elif sheet.path in self.book.tails:  # kept when the sheet was read
            tail = self.book.tails[sheet.path]
        else:
            with self.archive.open(sheet.path) as stream:
                tail = sheet_tail(iter(lambda: stream.read(1 << 20), b""))
        text = tail.decode("utf-8")
        new = follow_sheet_refs(text, self.edit.moves, sheet.name)
        if new != text:
            xml = self.read(sheet.path)
            self.edit.parts[sheet.path] = xml[:rows_end(xml)] + new.encode("utf-8")

    # the calculation chain ----------------------------------------------------------

    def _removed(self) -> Callable[[int, CellRef], bool]:
        """Whether a cell (by sheet id) was owned: its formula, if any, is gone."""
        by_id: dict[int, list[Rect]] = {}
        for sheet in self.package.sheets:
            rects = self.edit.owned.get(sheet.path, []) + self.edit.rewritten.get(
                sheet.path, [])
            if rects:
                by_id[sheet.sheet_id] = rects

        def removed(sheet_id: int, cell: CellRef) -> bool:
            return any(rect.holds(cell.row, cell.col) for rect in by_id.get(sheet_id, ()))

        return removed

    def _prune_calc_chain(self) -> None:
        """Excel reports a chain entry whose cell holds no formula as damage: the entries
        of the owned cells go, and a chain left empty goes with its relationship and
        content type (Excel rebuilds it)."""
        workbook = self.package.workbook_path
        chain = calc_chain_part(self.archive, workbook)
        if chain is None:
            return
        xml = self.book.read_part(chain)
        pruned = prune_calc_chain(xml, self._removed())
        if pruned is None:
            drop_calc_chain(self.archive, workbook, chain, self.edit.parts)
        elif pruned is not xml:
            self.edit.parts[chain] = pruned
