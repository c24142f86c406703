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

import re
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import Location, WorkbookFormatError, WorkbookLockedError, XlsalesError
from ..i18n import DEFAULT_LANG, text
from ..ooxml.parts import CellRef, Package, SheetPart, TablePart, format_area, read_package
from ..ooxml.save import atomic_replace, open_lock
from .chartxml import ColumnKey, patch_chart
from .datasheet import DataRows, SharedStrings
from .extract import RawTable, grid_table
from .refresh_plan import DataFill, Plan, TableFill
from .sheetxml import Rect, cell_xml, patch_sheet, read_cells, split_sheet

__all__ = ["check_unlocked", "WorkbookFile"]


def _message(key: str, lang: str, **values: Any) -> str:
    return text(f"dashboard.message.{key}", lang).format(**values)


def check_unlocked(path: Path, lang: str = DEFAULT_LANG) -> None:
    """Refuse a workbook open in Excel or LibreOffice."""
    lock = open_lock(path)
    if lock is not None:
        raise WorkbookLockedError(f"{path.name} : " + _message("locked", lang, lock=lock.name))


def _table_ref(xml: bytes, ref: str) -> bytes:
    """Set the ``ref`` of a table part (and of its autofilter)."""
    part = xml.decode("utf-8")
    part = re.sub(r'(<(?:\w+:)?table\b[^>]*?\sref=")[^"]*(")', rf"\g<1>{ref}\g<2>", part,
                   count=1)
    part = re.sub(r'(<(?:\w+:)?autoFilter\b[^>]*?\sref=")[^"]*(")', rf"\g<1>{ref}\g<2>",
                   part, count=1)
    return part.encode("utf-8")


def _full_calc_on_load(xml: bytes) -> bytes:
    """Ask Excel to recalculate on open: the user's formulas over refreshed cells must
    not show the values cached before the refresh."""
    part = xml.decode("utf-8")
    calc = re.search(r"<(\w+:)?calcPr\b[^>]*?/?>", part)
    if calc:
        if "fullCalcOnLoad=" in calc.group(0):
            return xml
        tag = calc.group(0)
        end = -2 if tag.endswith("/>") else -1
        new = tag[:end].rstrip() + ' fullCalcOnLoad="1"' + tag[end:]
        return (part[: calc.start()] + new + part[calc.end():]).encode("utf-8")
    opening = re.search(r"<(\w+:)?workbook\b", part)
    prefix = (opening.group(1) if opening else None) or ""
    for anchor in (f"</{prefix}definedNames>", f"</{prefix}sheets>"):
        at = part.find(anchor)
        if at >= 0:
            at += len(anchor)
            return (part[:at] + f'<{prefix}calcPr fullCalcOnLoad="1"/>'
                    + part[at:]).encode("utf-8")
    return xml


class WorkbookFile:
    """A workbook on disk (a dashboard or a prospect pipeline), for one headless refresh:
    its inputs read, the plan of what it owns written, the save atomic."""

    def __init__(self, path: Path | str, lang: str = DEFAULT_LANG) -> None:
        self.path = Path(path)
        self.lang = lang
        if not self.path.is_file():
            raise WorkbookFormatError(f"{self.path} : " + _message(
                "not_xlsx", lang, error="fichier introuvable" if lang == "fr" else "not found"))
        try:
            self.archive = zipfile.ZipFile(self.path)
            self.package: Package = read_package(self.archive)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise WorkbookFormatError(f"{self.path.name} : " + _message(
                "not_xlsx", lang, error=error)) from None
        self._book: Any = None
        self._grids: dict[str, list[list[Any]]] = {}

    def close(self) -> None:
        self.archive.close()
        self._grids.clear()

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

    def _grid(self, sheet: str) -> list[list[Any]]:
        if sheet not in self._grids:
            self._grids[sheet] = self._calamine().get_sheet_by_name(sheet).to_python(
                skip_empty_area=False)
        return self._grids[sheet]

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
        """A data table's header and cells, as read by python-calamine."""
        sheet, table = self.table(name)
        grid = self._grid(sheet.name)
        self._grids.pop(sheet.name)  # a data sheet is read once: free it early
        first, last = table.area.first, table.area.last
        width = last.col - first.col + 1
        header_cells = grid[first.row][first.col:last.col + 1] if first.row < len(grid) else []
        header = [str(h).strip() for h in header_cells] + [""] * (width - len(header_cells))
        body = grid[first.row + 1:last.row + 1]
        del grid
        cells = np.empty((len(body), width), dtype=object)
        if body:
            block = np.array(body, dtype=object)
            cells[:, : min(width, block.shape[1] - first.col)] = block[:, first.col:last.col + 1]
        return grid_table(self.path.name, sheet.name, header, cells, first.row + 1, first.col)

    # writing -------------------------------------------------------------------------

    def apply(self, plan: Plan) -> None:
        """Write ``plan`` into the workbook: patch the owned parts, copy the others raw,
        replace the file atomically."""
        check_unlocked(self.path, self.lang)
        parts: dict[str, bytes] = {}
        streams: dict[str, Callable[[], Iterator[bytes]]] = {}
        owned: dict[str, list[Rect]] = defaultdict(list)
        cells: dict[str, dict[int, dict[int, str]]] = defaultdict(lambda: defaultdict(dict))
        moves: dict[ColumnKey, tuple[int, list[Any]]] = {}
        for fill in plan.tables:
            self._fill_table(fill, parts, owned, cells, moves)
        self._fill_figures(plan.figures, owned, cells)
        formula_lost = False
        for sheet in self.package.sheets:
            if sheet.path in owned:
                parts[sheet.path], lost = patch_sheet(self.archive.read(sheet.path),
                                                      owned[sheet.path], cells[sheet.path])
                formula_lost |= lost
        shared = self.package.shared_strings
        strings = SharedStrings(self.archive.read(shared)) if plan.data and shared else None
        for data in plan.data:
            self._fill_data(data, parts, streams, strings)
        if shared and strings is not None and strings.changed:
            parts[shared] = strings.xml()
        for chart in self.package.charts:
            patched = patch_chart(self.archive.read(chart), moves)
            if patched is not None:
                parts[chart] = patched
        workbook = self.package.workbook_path
        parts[workbook] = _full_calc_on_load(self.archive.read(workbook))
        if formula_lost:
            self._drop_calc_chain(parts)
        self._save(parts, streams)

    def _table_styles(self, sheet: SheetPart, rows: list[int], cols: range) -> dict:
        refs = [CellRef(r, c) for r in rows for c in cols]
        found = read_cells(self.archive.read(sheet.path), refs)
        return {ref: attrs.get("s") for ref, attrs in found.items()}

    def _fill_table(self, fill: TableFill, parts: dict[str, bytes],
                    owned: dict[str, list[Rect]], cells: dict, moves: dict) -> None:
        sheet, table = self.table(fill.table)
        first, last = table.area.first, table.area.last
        if last.col - first.col + 1 != len(fill.fields):
            raise WorkbookFormatError(f"{self.path.name} : " + _message(
                "changed_table", self.lang, table=fill.table,
                expected=len(fill.fields)))
        start = first.row + 1
        old_last = max(last.row, start)
        count = max(len(fill.rows), 1)
        new_last = start + count - 1
        cols = range(first.col, last.col + 1)
        styles = self._table_styles(sheet, [start, old_last + 1], cols)
        rows = fill.rows or [[None] * len(fill.fields)]
        target = cells[sheet.path]
        for offset, values in enumerate(rows):
            row = start + offset
            for col, value in zip(cols, values, strict=True):
                xml = cell_xml(row, col, value, styles.get(CellRef(start, col)))
                if xml:
                    target[row][col] = xml
        if fill.total is not None:
            for col, value in zip(cols, fill.total, strict=True):
                xml = cell_xml(new_last + 1, col, value, styles.get(CellRef(old_last + 1, col)))
                if xml:
                    target[new_last + 1][col] = xml
        owned[sheet.path].append(Rect(start, None, first.col, last.col))
        area = format_area(type(table.area)("", first, CellRef(new_last, last.col)),
                           absolute=False, sheet=False)
        parts[table.path] = _table_ref(self.archive.read(table.path), area)
        for index, col in enumerate(cols):
            moves[(sheet.name, col, start, old_last)] = (new_last, fill.column(index)
                                                         if fill.rows else [None])

    def _fill_figures(self, figures: dict[str, Any], owned: dict[str, list[Rect]],
                      cells: dict) -> None:
        by_sheet: dict[str, list[tuple[CellRef, Any]]] = defaultdict(list)
        for name, value in figures.items():
            if name not in self.package.names:
                raise self.missing(name)
            area = self.package.name_area(name)
            by_sheet[area.sheet].append((area.first, value))
        for sheet_name, items in by_sheet.items():
            try:
                sheet = self.package.sheet(sheet_name)
            except KeyError:
                raise self.missing(sheet_name) from None
            found = read_cells(self.archive.read(sheet.path), [ref for ref, _ in items])
            for ref, value in items:
                style = found.get(ref, {}).get("s")
                owned[sheet.path].append(Rect(ref.row, ref.row, ref.col, ref.col))
                xml = cell_xml(ref.row, ref.col, value, style)
                if xml:
                    cells[sheet.path][ref.row][ref.col] = xml

    def _fill_data(self, fill: DataFill, parts: dict[str, bytes],
                   streams: dict[str, Callable[[], Iterator[bytes]]],
                   strings: SharedStrings | None) -> None:
        sheet, table = self.table(fill.table)
        writer = DataRows(fill, strings)
        first, last = table.area.first, table.area.last
        start = first.row + 1
        count = max(len(fill), 1)
        new_last = start + count - 1

        def chunks() -> Iterator[bytes]:
            with self.archive.open(sheet.path) as stream:
                split = split_sheet(iter(lambda: stream.read(1 << 20), b""), start)
            prototype = read_cells(b"<worksheet><sheetData>" + split.first_skipped
                                   + b"</sheetData></worksheet>",
                                   [CellRef(start, c) for c in range(first.col, last.col + 1)])
            styles = [prototype.get(CellRef(start, c), {}).get("s")
                      for c in range(first.col, last.col + 1)]
            yield _dimension(split.head, new_last, last.col)
            yield split.kept_rows
            yield from writer.rows(start, first.col, styles, split.prefix)
            yield split.tail

        streams[sheet.path] = chunks
        area = format_area(type(table.area)("", first, CellRef(new_last, last.col)),
                           absolute=False, sheet=False)
        xml = _table_ref(self.archive.read(table.path), area)
        parts[table.path] = re.sub(rb'\s(totalsRowCount|totalsRowShown)="[^"]*"', b"", xml)

    def _drop_calc_chain(self, parts: dict[str, bytes]) -> None:
        """A formula the refresh overwrote must leave Excel's calculation chain, or
        Excel reports the file as damaged; Excel rebuilds the chain on its own."""
        chain = "xl/calcChain.xml"
        if chain not in self.archive.NameToInfo:
            return
        parts[chain] = b""
        types = "[Content_Types].xml"
        parts[types] = re.sub(rb'<Override[^>]*PartName="/xl/calcChain.xml"[^>]*/>', b"",
                              parts.get(types, self.archive.read(types)))
        rels = "xl/_rels/workbook.xml.rels"
        if rels in self.archive.NameToInfo:
            parts[rels] = re.sub(rb'<Relationship[^>]*Target="[^"]*calcChain.xml"[^>]*/>', b"",
                                 parts.get(rels, self.archive.read(rels)))

    def _save(self, parts: dict[str, bytes],
              streams: dict[str, Callable[[], Iterator[bytes]]]) -> None:
        from ..ooxml.zipcopy import ZipRewriter, ZipTooLarge, raw_member

        def write(out: Any) -> None:
            writer = ZipRewriter(out)
            with self.path.open("rb") as source:
                for info in self.archive.infolist():
                    name = info.filename
                    if name in streams:
                        writer.write_stream(name, streams[name](), like=info, level=1)
                    elif name in parts:
                        if parts[name] == b"" and name.endswith("calcChain.xml"):
                            continue
                        writer.write(name, parts[name], like=info)
                    else:
                        writer.copy(info, raw_member(source, info))
            writer.close()

        try:
            atomic_replace(self.path, write)
        except ZipTooLarge:
            raise WorkbookFormatError(f"{self.path.name} : " + _message(
                "too_large", self.lang, part="xlsx")) from None
        except OSError as error:
            raise XlsalesError(f"{self.path.name} : " + _message(
                "not_saved", self.lang, error=error)) from None


def _dimension(head: bytes, last_row: int, last_col: int) -> bytes:
    """The worksheet head with its ``<dimension>`` reaching the last loaded row."""
    from ..ooxml.parts import parse_area

    found = re.search(rb'(<(?:\w+:)?dimension\b[^>]*\bref=")([^"]*)(")', head)
    if not found:
        return head
    try:
        old = parse_area(found.group(2).decode())
    except ValueError:
        return head
    new = type(old)("", CellRef(0, min(old.first.col, 0)),
                    CellRef(max(old.last.row, last_row), max(old.last.col, last_col)))
    ref = format_area(new, absolute=False, sheet=False).encode()
    return head[: found.start(2)] + ref + head[found.end(2):]
