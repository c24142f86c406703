"""Just enough of the Office Open XML package to find what a refresh owns.

Reads the workbook part (sheets, defined names), the relationships, the table parts
(name, range, columns) and the charts drawn on each sheet, from a package written by
Excel, LibreOffice or XlsxWriter. Parts are located through relationships, never by
guessing file names (LibreOffice and Excel number them differently).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from .guard import archive_name, read_xml, refuse
from .relationships import part_rels

__all__ = [
    "SHEET_ROWS",
    "SHEET_COLUMNS",
    "quote_sheet",
    "column_index",
    "column_letter",
    "NS",
    "CellRef",
    "AreaRef",
    "parse_cell",
    "parse_area",
    "format_area",
    "TablePart",
    "SheetPart",
    "Package",
    "read_package",
]

#: Rows of a worksheet, in Excel and in the file format.
SHEET_ROWS = 1_048_576
#: Columns of an Excel sheet (A to XFD).
SHEET_COLUMNS = 16_384

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_CELL = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


@dataclass(frozen=True)
class CellRef:
    """A cell by 0-based row and column."""

    row: int
    col: int


@dataclass(frozen=True)
class AreaRef:
    """A rectangle of cells on a sheet (``sheet`` empty when unqualified)."""

    sheet: str
    first: CellRef
    last: CellRef


def column_index(letters: str) -> int:
    """Zero-based column of ``letters``: the one reading of a column's letters.

    >>> column_index("A"), column_index("AB"), column_index("xfd")
    (0, 27, 16383)
    """
    index = 0
    for char in letters.upper():
        index = index * 26 + ord(char) - 64
    return index - 1


def parse_cell(text: str) -> CellRef:
    """``$B$5`` or ``B5`` → CellRef(4, 1).

    >>> parse_cell("$AA$10")
    CellRef(row=9, col=26)
    """
    found = _CELL.match(text.strip())
    if not found:
        raise ValueError(f"not a cell reference: {text!r}")
    return CellRef(int(found[2]) - 1, column_index(found[1]))


def parse_area(text: str) -> AreaRef:
    """A sheet-qualified reference (``'My sheet'!$A$1:$B$4``, ``Sheet!A1``, ``A1:B2``).

    >>> parse_area("'Régions'!$A$5:$C$9")
    AreaRef(sheet='Régions', first=CellRef(row=4, col=0), last=CellRef(row=8, col=2))
    >>> parse_area("Synthèse!$B$5").last
    CellRef(row=4, col=1)
    """
    text = text.strip().lstrip("=")
    sheet = ""
    if "!" in text:
        sheet, _, text = text.rpartition("!")
        if sheet.startswith("'") and sheet.endswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
    first, _, last = text.partition(":")
    start = parse_cell(first)
    return AreaRef(sheet, start, parse_cell(last) if last else start)


def column_letter(index: int) -> str:
    """Spreadsheet letters of a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(16383)
    ('A', 'Z', 'AA', 'XFD')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_NEEDS_QUOTES = re.compile(r"[^\w.]|^[\d.]")
_CELL_LIKE = re.compile(r"([A-Z]{1,3})(\d+)")
_R1C1_LIKE = re.compile(r"R(\d+)|R?C(\d+)")


def quote_sheet(name: str) -> str:
    """A sheet's name as a reference writes it: quoted (``'`` doubled) when it holds
    anything but letters, digits, ``_`` and ``.``, starts with a digit or a point, reads
    as a cell (``A1``, ``XFD1048576``) or starts as an R1C1 reference (``R2``, ``C3x``).

    Excel's rules as XlsxWriter applies them (a test compares the two), here so that
    reading a package does not import a writer (18 ms of every refresh's start-up). A
    name XlsxWriter leaves bare only because it holds an emoji is quoted, which Excel
    reads the same.

    >>> [quote_sheet(n) for n in ("Synthèse", "Mes notes", "A1", "l'été", "R2D2", "'x'")]
    ['Synthèse', "'Mes notes'", "'A1'", "'l''été'", "'R2D2'", "'x'"]
    """
    if name.startswith("'"):  # quoted already
        return name
    upper = name.upper()
    if _NEEDS_QUOTES.search(name):
        quote = True
    elif cell := _CELL_LIKE.fullmatch(upper):
        quote = 0 < int(cell.group(2)) <= SHEET_ROWS and column_index(cell.group(1)) < SHEET_COLUMNS
    elif r1c1 := _R1C1_LIKE.match(upper):
        row, col = r1c1.groups()
        quote = 0 < int(row) <= SHEET_ROWS if row else 0 < int(col) <= SHEET_COLUMNS
    else:
        quote = upper in ("R", "C", "RC")
    return "'" + name.replace("'", "''") + "'" if quote else name


def format_area(area: AreaRef, absolute: bool = True, sheet: bool = True) -> str:
    """The text of a reference.

    >>> format_area(parse_area("'Mes notes'!A1:B2"))
    "'Mes notes'!$A$1:$B$2"
    >>> format_area(parse_area("A1:C3"), absolute=False)
    'A1:C3'
    """
    mark = "$" if absolute else ""

    def cell(ref: CellRef) -> str:
        return f"{mark}{column_letter(ref.col)}{mark}{ref.row + 1}"

    text = cell(area.first)
    if area.last != area.first:
        text += ":" + cell(area.last)
    if sheet and area.sheet:
        text = quote_sheet(area.sheet) + "!" + text
    return text


@dataclass
class TablePart:
    """An Excel table (ListObject): its part, name, range and column names."""

    path: str
    name: str
    area: AreaRef
    columns: list[str]


@dataclass
class SheetPart:
    """A worksheet: its name, part, tables and the chart parts drawn on it."""

    name: str
    path: str
    tables: list[TablePart] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    #: The ``sheetId`` of the workbook part (the calculation chain's ``i``).
    sheet_id: int = 0


@dataclass
class Package:
    """What a refresh needs to know of a workbook package."""

    workbook_path: str
    sheets: list[SheetPart]
    names: dict[str, str]
    shared_strings: str | None = None

    def sheet(self, name: str) -> SheetPart:
        """The sheet called ``name``."""
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)

    def table(self, name: str) -> tuple[SheetPart, TablePart]:
        """The table called ``name`` (case-insensitive, as Excel compares them)."""
        for sheet in self.sheets:
            for table in sheet.tables:
                if table.name.lower() == name.lower():
                    return sheet, table
        raise KeyError(name)

    def name_area(self, name: str) -> AreaRef:
        """The area a workbook-level defined name points at."""
        return parse_area(self.names[name])

    @property
    def charts(self) -> list[str]:
        """Every chart part of the workbook."""
        return [chart for sheet in self.sheets for chart in sheet.charts]


def _table(archive: zipfile.ZipFile, path: str, sheet: str) -> TablePart:
    root = read_xml(archive, path)
    area = parse_area(root.get("ref", "A1"))
    columns = [c.get("name", "") for c in root.iter(f"{{{NS['m']}}}tableColumn")]
    return TablePart(path, root.get("displayName") or root.get("name") or "",
                     AreaRef(sheet, area.first, area.last), columns)


def _sheet(archive: zipfile.ZipFile, node: Any,
           book_rels: dict[str, tuple[str, str]]) -> SheetPart:
    """A worksheet of the workbook part, with its tables and the charts of its drawing."""
    path = book_rels[node.get(f"{{{NS['r']}}}id", "")][1]
    sheet = SheetPart(node.get("name", ""), path, sheet_id=int(node.get("sheetId") or 0))
    for kind, target in part_rels(archive, path).values():
        if kind == "table":
            sheet.tables.append(_table(archive, target, sheet.name))
        elif kind == "drawing":
            sheet.charts += [t for k, t in part_rels(archive, target).values() if k == "chart"]
    return sheet


def read_package(archive: zipfile.ZipFile) -> Package:
    """Read the sheets, tables, charts and workbook-level names of a workbook."""
    root_rels = part_rels(archive, "")
    workbook_path = next((path for kind, path in root_rels.values()
                          if kind == "officeDocument"), None)
    if workbook_path is None:
        raise refuse(archive_name(archive), "missing", "fr", part="xl/workbook.xml")
    workbook = read_xml(archive, workbook_path)
    book_rels = part_rels(archive, workbook_path)
    sheets = [_sheet(archive, node, book_rels)
              for node in workbook.iterfind("m:sheets/m:sheet", NS)
              if book_rels.get(node.get(f"{{{NS['r']}}}id", ""), ("", ""))[0] == "worksheet"]
    names = {}
    for node in workbook.iterfind("m:definedNames/m:definedName", NS):
        if node.get("localSheetId") is None and node.text:
            names[node.get("name", "")] = node.text
    strings = next((path for kind, path in book_rels.values() if kind == "sharedStrings"), None)
    file = archive_name(archive)
    for needed in [strings] + [sheet.path for sheet in sheets]:
        if needed and needed not in archive.NameToInfo:
            raise refuse(file, "missing", "fr", part=needed)
    return Package(workbook_path, sheets, names, strings)
