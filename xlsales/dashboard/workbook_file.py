"""The headless refresh's file side: read a dashboard's inputs, patch what it owns,
save atomically.

Reading goes through python-calamine (the data sheet may hold a million leads).
Writing never round-trips the package through a spreadsheet library: the owned parts
(the block sheets, their tables and charts, the figures' cells, a loaded data sheet and
the workbook part's recalculation flag) are patched as text, and every other member of
the zip is copied as its compressed bytes. The new file is written beside the old one
and renamed over it only once complete, so a failure leaves the original untouched.
"""

from __future__ import annotations

import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import (
    Location,
    UnreadableFileError,
    WorkbookFormatError,
    WorkbookLockedError,
    XlsalesError,
)
from ..i18n import DEFAULT_LANG, text
from ..ooxml.guard import check_package, grid_chunks, read_member, refuse
from ..ooxml.parts import Package, SheetPart, TablePart, format_area, read_package
from ..ooxml.rewrite import rewrite_package
from ..ooxml.save import exclusive, identity, lock_files, open_lock, real_path
from ..ooxml.sheetxml import sheet_tail
from ..ooxml.zipcopy import ZipTooLarge
from ..system_errors import reason
from .extract import RawTable, column_table, grid_table

if TYPE_CHECKING:  # a plan is written after the analysis: pandas is not needed to open
    from .refresh_plan import Plan

__all__ = ["check_unlocked", "WorkbookFile"]


def _message(key: str, lang: str, **values: Any) -> str:
    return text(f"dashboard.message.{key}", lang).format(**values)


def check_unlocked(path: Path, lang: str = DEFAULT_LANG) -> None:
    """Refuse a workbook open in Excel or LibreOffice (each named by its lock file)."""
    lock = open_lock(path)
    if lock is not None:
        key = "locked" if lock == lock_files(path)[0] else "locked_libreoffice"
        raise WorkbookLockedError(f"{path.name} : " + _message(key, lang, lock=lock.name))


class WorkbookFile:
    """A workbook on disk (a dashboard or a prospect pipeline), for one headless refresh:
    its inputs read, the plan of what it owns written, the save atomic."""

    def __init__(self, path: Path | str, lang: str = DEFAULT_LANG) -> None:
        self.path = Path(path)
        self.lang = lang
        if not self.path.is_file():
            raise UnreadableFileError(str(self.path), FileNotFoundError(2, "", str(self.path)))
        # One xlsales at a time on a workbook, from this first read to the save; the
        # save checks that the file on disk is still the one read here.
        self._stack = ExitStack()
        try:
            self._stack.enter_context(exclusive(self.path, lang))
            self.identity = identity(real_path(self.path))
            self.archive = self._stack.enter_context(zipfile.ZipFile(self.path))
            check_package(self.archive, self.path.name, lang)
            self.package: Package = read_package(self.archive)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            self._stack.close()
            raise UnreadableFileError(self.path.name, error) from None
        except BaseException:
            self._stack.close()
            raise
        self._book: Any = None
        self._grids: dict[str, list[list[Any]]] = {}
        #: Sheets being read in the background (:meth:`read_ahead`), and the lock that
        #: keeps python-calamine's workbook to one thread at a time.
        self._ahead: dict[str, Future[list[list[Any]]]] = {}
        #: Data tables being read in the background, by columns when fastexcel reads
        #: them as python-calamine would (:mod:`.fastexcel_table`), else as grids.
        self._tables_ahead: dict[str, Future[tuple[str, Any]]] = {}
        self._reader: ThreadPoolExecutor | None = None
        self._calamine_lock = threading.Lock()
        #: What follows the rows of the worksheet parts read (by part): the grid check
        #: inflates them whole anyway, and the writer searches there for what follows
        #: the tables; a data sheet of a million rows is then inflated once, not twice.
        self.tails: dict[str, bytes] = {}

    def close(self) -> None:
        self._settle()
        self._grids.clear()
        self.tails.clear()
        self._stack.close()

    def read_part(self, name: str) -> bytes:
        """A part's bytes, its size checked before inflating (:mod:`..ooxml.guard`)."""
        return read_member(self.archive, name, self.path.name, self.lang)

    def __enter__(self) -> WorkbookFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # reading -------------------------------------------------------------------------

    def _calamine(self) -> Any:
        if self._book is None:
            from python_calamine import CalamineWorkbook

            self._book = CalamineWorkbook.from_path(str(self.path))
        return self._book

    def read_ahead(self, sheets: list[str], tables: list[str] | None = None) -> None:
        """Start reading ``sheets`` (the grid check, then python-calamine), then the data
        ``tables`` (the grid check, then fastexcel, or python-calamine where fastexcel
        would not read the same cells), in one background thread, in this order.

        Both parsers release the GIL while they parse: the parse of a large data sheet
        then runs on a second core while the caller imports pandas and reads the
        settings, instead of after. What is read ahead is what :meth:`_grid` and
        :meth:`read_table` read in turn, and its errors are raised where it is first
        used, as if it had been read there (both wait for what is still being read).
        """
        if self._reader is None:
            self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xlsales-read")
        for sheet in sheets:
            if sheet not in self._grids and sheet not in self._ahead:
                self._ahead[sheet] = self._reader.submit(self._read_grid, sheet)
        for name in tables or []:
            if name in self._tables_ahead:
                continue
            # The grid check here, before the caller imports anything: it holds the GIL,
            # and run beside the imports it would slow both, and start the parse (which
            # does not hold it) late. A table refused is left to be read, and refused,
            # in turn: where it is used, in the workbook's language.
            try:
                part = self.table(name)[0]
                self._check_grid(part.path, part.name)
            except XlsalesError:
                continue
            self._tables_ahead[name] = self._reader.submit(self._read_table_ahead, name)

    def _read_table_ahead(self, name: str) -> tuple[str, Any]:
        """A data table's cells, its grid checked: ``("columns", [...])`` read by
        fastexcel, or ``("grid", rows)`` when python-calamine had to read its sheet."""
        from .fastexcel_table import read_columns

        sheet, table = self.table(name)
        first, last = table.area.first, table.area.last
        header = [column.strip() for column in table.columns]
        if len(header) == last.col - first.col + 1:
            columns = read_columns(self.path, sheet.name, header, first.row, first.col,
                                   last.row - first.row)
            if columns is not None:
                return "columns", columns
        return "grid", self._read_grid(sheet.name, checked=True)

    def _settle(self) -> None:
        """Wait for the background reading (cancelling what has not started): the
        archive it reads from must stay open, and the writer needs its tails."""
        if self._reader is not None:
            self._reader.shutdown(wait=True, cancel_futures=True)
            self._reader = None

    def _grid(self, sheet: str) -> list[list[Any]]:
        if sheet not in self._grids:
            future = self._ahead.pop(sheet, None)
            if future is not None and not future.cancelled():
                try:
                    self._grids[sheet] = future.result()
                    return self._grids[sheet]
                except XlsalesError:
                    # Read again, in turn: the same refusal, in the language the
                    # workbook turned out to be in (it may be read ahead before).
                    pass
            self._grids[sheet] = self._read_grid(sheet)
        return self._grids[sheet]

    def _read_grid(self, sheet: str, checked: bool = False) -> list[list[Any]]:
        from python_calamine import CalamineError

        try:
            part = self.package.sheet(sheet).path
        except KeyError:
            raise self.missing(sheet) from None
        if not checked:
            self._check_grid(part, sheet)
        try:
            with self._calamine_lock:
                return self._calamine().get_sheet_by_name(sheet).to_python(
                    skip_empty_area=False)
        except (CalamineError, ValueError) as error:
            raise refuse(self.path.name, "sheet_unreadable", self.lang, sheet=sheet,
                         error=error) from None

    def _check_grid(self, part: str, sheet: str) -> None:
        """The grid check (:func:`..ooxml.guard.grid_chunks`), keeping the part's tail."""
        chunks = grid_chunks(self.archive, part, self.path.name, sheet, self.lang)
        try:
            self.tails[part] = sheet_tail(chunks)
        except ValueError:
            pass  # no </sheetData> (the grid was judged all the same): calamine tells

    def missing(self, what: str) -> WorkbookFormatError:
        return WorkbookFormatError(f"{self.path.name} : " + _message("missing_part", self.lang,
                                                                     what=what))

    def location(self, name: str) -> Location:
        """Where the cell of a defined name is."""
        area = self.package.name_area(name)
        return Location(file=self.path.name, sheet=area.sheet, row=area.first.row + 1,
                        column=format_area(area, absolute=False, sheet=False))

    def named_values(self, names: list[str]) -> dict[str, Any]:
        """The values of the cells of the defined names present in the workbook."""
        out = {}
        for name in names:
            if name not in self.package.names:
                continue
            area = self.package.name_area(name)
            grid = self._grid(area.sheet)
            row, col = area.first.row, area.first.col
            out[name] = grid[row][col] if row < len(grid) and col < len(grid[row]) else None
        return out

    def named_column(self, name: str) -> tuple[str, int, int, str, list[Any]]:
        """The cells of a one-column defined name: its sheet, first row and column
        (0-based), the header just above it, and the values (``None`` for a blank)."""
        if name not in self.package.names:
            raise self.missing(name)
        area = self.package.name_area(name)
        grid = self._grid(area.sheet)
        col = area.first.col

        def at(row: int) -> Any:
            return grid[row][col] if row < len(grid) and col < len(grid[row]) else None

        header = at(area.first.row - 1) if area.first.row else None
        values = [at(r) for r in range(area.first.row, area.last.row + 1)]
        values = [None if v == "" else v for v in values]
        return area.sheet, area.first.row, col, str(header or ""), values

    def cells(self, sheet: str, first_row: int, first_col: int, rows: int, cols: int
              ) -> list[list[Any]]:
        """The values of a block of cells of ``sheet`` (0-based corner), row by row,
        ``None`` for a blank."""
        grid = self._grid(sheet)
        out = []
        for r in range(first_row, first_row + rows):
            line = grid[r] if 0 <= r < len(grid) else []
            values = [line[c] if c < len(line) else None
                      for c in range(first_col, first_col + cols)]
            out.append([None if v == "" else v for v in values])
        return out

    def named_rows(self, name: str, width: int | None = None
                   ) -> tuple[str, int, int, list[list[Any]]]:
        """The cells of a defined name's area, row by row (``width`` columns from its
        first, by default the area's): its sheet, first row and column (0-based), and
        the values (``None`` for a blank)."""
        if name not in self.package.names:
            raise self.missing(name)
        area = self.package.name_area(name)
        first, last = area.first, area.last
        count = width or last.col - first.col + 1
        rows = self.cells(area.sheet, first.row, first.col, last.row - first.row + 1, count)
        return area.sheet, first.row, first.col, rows

    def table(self, name: str) -> tuple[SheetPart, TablePart]:
        try:
            return self.package.table(name)
        except KeyError:
            raise self.missing(name) from None

    def table_header(self, name: str) -> list[str]:
        """The column names of a table."""
        return list(self.table(name)[1].columns)

    def read_table(self, name: str) -> RawTable:
        """A data table's header and cells, as read by python-calamine (or by fastexcel,
        cell for cell the same, when it was read ahead: :meth:`read_ahead`)."""
        sheet, table = self.table(name)
        ahead = self._tables_ahead.pop(name, None)
        if ahead is not None and not ahead.cancelled():
            try:
                kind, cells = ahead.result()
            except XlsalesError:
                kind = ""  # read again, in turn: the refusal in the workbook's language
            if kind == "columns":
                header = [column.strip() for column in table.columns]
                size = len(cells[0]) if cells else 0
                return column_table(self.path.name, sheet.name, header, cells, size,
                                    table.area.first.row + 1, table.area.first.col)
            if kind == "grid":
                self._grids[sheet.name] = cells
        grid = self._grid(sheet.name)
        self._grids.pop(sheet.name)  # a data sheet is read once: free it early
        first, last = table.area.first, table.area.last
        width = last.col - first.col + 1
        header_cells = grid[first.row][first.col:last.col + 1] if first.row < len(grid) else []
        header = [str(h).strip() for h in header_cells] + [""] * (width - len(header_cells))
        body = grid[first.row + 1:last.row + 1]
        del grid
        block = np.array(body, dtype=object) if body else np.empty((0, 0), dtype=object)
        del body  # the row lists (160 MB at a million leads): the cells are in the block
        if block.ndim == 2 and block.shape[1] > last.col:
            cells = block[:, first.col:last.col + 1]  # a view: no second copy of the cells
        else:  # no row, or rows shorter than the table: blanks to the table's width
            cells = np.empty((len(block), width), dtype=object)
            if block.size:
                cells[:, : max(0, min(width, block.shape[1] - first.col))] = \
                    block[:, first.col:last.col + 1]
        del block
        return grid_table(self.path.name, sheet.name, header, cells, first.row + 1, first.col)

    # writing -------------------------------------------------------------------------

    def error(self, key: str, **values: Any) -> WorkbookFormatError:
        """A workbook that does not have the shape expected (message ``key``)."""
        return WorkbookFormatError(f"{self.path.name} : " + _message(key, self.lang,
                                                                     **values))

    def apply(self, plan: Plan) -> None:
        """Write ``plan`` into the workbook: patch the owned parts, copy the others raw,
        replace the file atomically."""
        from .plan_writer import PlanWriter

        check_unlocked(self.path, self.lang)
        self._settle()
        try:
            PlanWriter(self).write(plan)
        except (ValueError, IndexError) as error:
            # A worksheet or table part our patching cannot follow (malformed XML).
            raise refuse(self.path.name, "unreadable", self.lang, error=error) from None

    def save(self, parts: dict[str, bytes],
             streams: dict[str, Callable[[], Iterator[bytes]]]) -> None:
        """Write the new version: ``parts`` changed (``b""``: removed), ``streams``
        written as they come, every other part copied raw; atomically."""
        removed = {name for name, data in parts.items() if data == b""}
        try:
            rewrite_package(self.path, self.archive, parts, streams, removed,
                            expect=self.identity, lang=self.lang)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise refuse(self.path.name, "corrupt", self.lang, part="xlsx", error=error) from None
        except ZipTooLarge:
            raise WorkbookFormatError(f"{self.path.name} : " + _message(
                "too_large", self.lang, part="xlsx")) from None
        except OSError as error:
            raise XlsalesError(f"{self.path.name} : " + _message(
                "not_saved", self.lang, error=reason(error, self.lang))) from None
