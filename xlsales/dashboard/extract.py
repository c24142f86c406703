"""Read an extract (CSV or XLSX) as it is: a header and columns of raw cell values.

CSV exports come in many dialects: ``;`` or ``,`` (or tab) between fields, UTF-8 with
or without a byte-order mark, or Windows' cp1252. The dialect is detected, never
asked. A title line above the header is skipped: the header is the first row (among
the first :data:`HEADER_SEARCH_ROWS`) that names the most columns of the input.
Values stay raw here (text, or what a workbook cell holds); :mod:`.validate` reads
them.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError, Location, Problem, WorkbookFormatError
from ..i18n import DEFAULT_LANG, text
from ..ooxml.parts import column_letter
from ..system_errors import reason
from .columns import Schema, match_headers

__all__ = [
    "HEADER_SEARCH_ROWS",
    "RawTable",
    "column_letter",
    "decode",
    "filled_rows",
    "read_extract",
    "read_csv",
    "read_xlsx",
    "raw_table",
    "grid_table",
    "column_table",
]

#: How many rows from the top may precede the header (a title, an export date...).
HEADER_SEARCH_ROWS = 20
#: The most characters an Excel cell holds.
MAX_TEXT = 32_767
#: The largest CSV read (a million leads take about 150 MB).
MAX_CSV_BYTES = 1 << 30


def message(key: str, lang: str, **values: Any) -> str:
    """A problem message in ``lang`` (the same catalogue as :mod:`.validate`)."""
    return text(f"dashboard.problem.{key}", lang).format(**values)


@dataclass
class RawTable:
    """An input as read: where it comes from, its header and its columns.

    ``rows`` holds, for each data row, its row number in the sheet (or its line in a
    CSV file), so that every problem points at the row a user sees.
    """

    file: str
    sheet: str
    header: list[str]
    columns: list[np.ndarray]
    rows: np.ndarray
    header_row: int
    first_col: int = 0
    is_csv: bool = False
    #: Whether a cell may hold more than :data:`MAX_TEXT` characters (checked then).
    long_text: bool = False

    def __len__(self) -> int:
        return len(self.rows)

    def column_label(self, index: int) -> str:
        """How a user finds column ``index``: its letter in a sheet and its header."""
        if self.is_csv:
            return self.header[index]
        return f"{column_letter(self.first_col + index)} ({self.header[index]})"

    def where(self, row: int | None = None, index: int | None = None) -> Location:
        """The location of a cell (or a row, or the header)."""
        return Location(
            file=self.file,
            sheet=self.sheet,
            row=row,
            column="" if index is None else self.column_label(index),
        )


def raw_table(
    file: str,
    sheet: str,
    rows: Sequence[Sequence[Any]],
    header_row: int,
    first_col: int = 0,
    is_csv: bool = False,
) -> RawTable:
    """Build a :class:`RawTable` from a header row and data rows (lists of cells).

    ``header_row`` is the 1-based row of ``rows[0]``; entirely blank data rows (an
    empty table row, blank lines) are dropped, their numbers skipped.
    """
    header = ["" if h is None else str(h).strip() for h in rows[0]] if rows else []
    width = len(header)
    body = rows[1:]
    try:
        grid = np.array(body, dtype=object) if body else np.empty((0, width), dtype=object)
        if grid.ndim != 2 or grid.shape[1] < width:
            raise ValueError("ragged")
    except ValueError:
        grid = np.empty((len(body), width), dtype=object)
        for i, row in enumerate(body):
            grid[i, : min(width, len(row))] = row[:width]
    return grid_table(file, sheet, header, grid[:, :width], header_row, first_col, is_csv)


def grid_table(file: str, sheet: str, header: list[str], grid: np.ndarray, header_row: int,
               first_col: int = 0, is_csv: bool = False) -> RawTable:
    """Build a :class:`RawTable` from a header and a 2-D object array of data cells."""
    return column_table(file, sheet, header, [grid[:, j] for j in range(len(header))],
                        grid.shape[0], header_row, first_col, is_csv)


def column_table(file: str, sheet: str, header: list[str], columns: list[np.ndarray],
                 size: int, header_row: int, first_col: int = 0, is_csv: bool = False
                 ) -> RawTable:
    """Build a :class:`RawTable` from a header and one object array of ``size`` data
    cells per column; its entirely blank rows dropped, their numbers skipped."""
    import pandas as pd  # here, not at the top: the workbook's reader starts without it

    numbers = np.arange(header_row + 1, header_row + 1 + size)
    # A row is blank when all its cells are (None, "" or NaN, depending on the reader);
    # only the rows whose first cell is blank need their other cells looked at.
    candidates = np.arange(size)
    for column in columns:
        if candidates.size == 0:
            break
        cells = column[candidates]
        candidates = candidates[pd.isna(cells) | (cells == "")]
    if candidates.size:
        keep = np.ones(size, dtype=bool)
        keep[candidates] = False
        columns = [c[keep] for c in columns]
        numbers = numbers[keep]
    return RawTable(file, sheet, header, columns, numbers, header_row, first_col, is_csv)


def _header_index(rows: Sequence[Sequence[Any]], schema: Schema) -> int:
    best, best_hits = 0, 0
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = len(match_headers(schema, list(row))[0])
        if hits > best_hits:
            best, best_hits = i, hits
    return best


class DecodeError(ValueError):
    """Bytes that are not text in one encoding: ``key`` names the message, ``line``
    the first line that cannot be read (1-based)."""

    def __init__(self, key: str, line: int | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.line = line


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A multi-byte UTF-8 sequence: in a cp1252 file, such pairs are all but impossible
# ("Ã©" is how UTF-8 "é" reads in cp1252, never how a French export writes).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                            rb"|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(data: bytes) -> bool:
    """Whether bytes that are not all UTF-8 are UTF-8 but for a few: as many valid
    multi-byte sequences as stray bytes, or more. A cp1252 file may hold a pair that
    happens to be valid UTF-8 ("É’"), never mostly such pairs.

    >>> stray = "é".encode("cp1252")
    >>> _mostly_utf8("Santé, Santé".encode() + stray), _mostly_utf8("é à É’ è".encode("cp1252"))
    (True, False)
    """
    sequences = _UTF8_SEQUENCE.findall(data)
    high = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    stray = high - sum(len(seq) for seq in sequences)
    return bool(sequences) and len(sequences) >= stray


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when every other byte of the start is NUL (text in
    UTF-16 written without its byte-order mark), else None."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), UTF-16 (with or without BOM),
    else cp1252, never a mix of two.

    A file that is UTF-8 but for some bytes is refused, naming the first bad line:
    read as cp1252 in full it would turn every "é" into "Ã©". A binary file (an old
    ``.xls``, a zip) is refused too.

    >>> decode("prime;région".encode("cp1252")), decode(codecs.BOM_UTF8 + "é".encode())
    ('prime;région', 'é')
    >>> decode("Santé".encode("utf-16-le"))
    'Santé'
    >>> decode("Santé;".encode() + "Santé".encode("cp1252"))
    Traceback (most recent call last):
    ...
    xlsales.dashboard.extract.DecodeError: mixed_encoding
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    elif data.startswith(_OLE):
        raise DecodeError("old_xls")
    elif data.startswith(b"PK\x03\x04"):
        raise DecodeError("zip_not_csv")
    elif (utf16 := _utf16_without_bom(data)) is not None:
        return _strict(data, utf16)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        if _mostly_utf8(data):
            raise DecodeError("mixed_encoding", data.count(b"\n", 0, error.start) + 1) from None
        # cp1252 leaves five bytes undefined; latin-1 reads them rather than failing.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    if "\x00" in text:
        raise DecodeError("binary", text.count("\n", 0, text.index("\x00")) + 1)
    return text


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].decode(encoding, "replace").count("\n") + 1
        raise DecodeError("bad_encoding", line) from None
    if "\x00" in text:
        raise DecodeError("binary", text.count("\n", 0, text.index("\x00")) + 1)
    return text.lstrip("\ufeff")


def _longest_line(data: bytes) -> int:
    """The length of the longest line, in bytes (at C speed)."""
    if not data:
        return 0
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    bounds = np.concatenate(([-1], ends, [len(data)]))
    return int(np.diff(bounds).max())


_SEPARATORS = (";", ",", "\t", "|")
_LINE_END = re.compile(r"\r\n|\r|\n")


def _separator(lines: list[str], schema: Schema) -> str:
    """The separator that makes a header of the first lines: the one whose split
    names the most columns of ``schema``; between equals, the most frequent. Counting
    alone is fooled by amounts written ``1,5`` in a ``;`` file.

    >>> from xlsales.dashboard.columns import LEADS
    >>> _separator(["id_lead;prime;statut", "1,5,5,5,5;2,5;client"], LEADS)
    ';'
    """
    def named(sep: str) -> int:
        try:
            rows = csv.reader(io.StringIO("\n".join(lines)), delimiter=sep)
            return max((len(match_headers(schema, row)[0]) for row in rows), default=0)
        except csv.Error:
            return 0

    counts = {sep: sum(line.count(sep) for line in lines) for sep in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda sep: (named(sep), counts[sep]))
    return best if counts[best] else ","


def _problem(path: Path, key: str, lang: str, line: int | None = None,
             **values: Any) -> InputError:
    return InputError([Problem(Location(file=path.name, row=line),
                               message(key, lang, **values))], lang)


_TOKENIZING = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _pandas_problem(path: Path, error: Exception, start: int, lang: str) -> InputError:
    """pandas' parser error as a user reads it (its line counts from ``start``)."""
    import pandas as pd

    if isinstance(error, pd.errors.ParserWarning):
        return _problem(path, "longer_than_header", lang, start + 1)
    found = _TOKENIZING.search(str(error))
    if found:
        expected, line, saw = (int(n) for n in found.groups())
        return _problem(path, "too_many_fields", lang, start + line, saw=saw,
                        expected=expected)
    if "EOF" in str(error):
        return _problem(path, "open_quote", lang)
    return _problem(path, "bad_csv", lang, error=str(error).splitlines()[0][:200])


_LEADING_SPACE = re.compile(r"\x00\s")


def filled_rows(columns: list[np.ndarray], size: int) -> np.ndarray:
    """Which rows of text cells have a cell that is not blank (empty, or spaces only:
    ``cell.strip() == ""``).

    Only the rows blank so far are looked at in the next column, so a typical extract
    (an id in every row) costs one pass over its first column; and a cell can only be
    spaces if it starts with one, which one search of the column joined finds.

    >>> filled_rows([np.array(["a", "", " ", "\u00a0"], dtype=object),
    ...              np.array(["", "", "", "b"], dtype=object)], 4).tolist()
    [True, False, False, True]
    """
    blank = np.arange(size)
    for column in columns:
        if blank.size == 0:
            break
        cells = column[blank]
        empty = cells == ""
        if _LEADING_SPACE.search("\x00" + "\x00".join(cells.tolist())):
            empty |= np.fromiter((not cell.strip() for cell in cells.tolist()), dtype=bool,
                                 count=len(cells))
        blank = blank[empty]
    filled = np.ones(size, dtype=bool)
    filled[blank] = False
    return filled


def read_csv(path: Path, schema: Schema, lang: str = DEFAULT_LANG) -> RawTable:
    """Read a CSV extract (any of the dialects above) as raw text cells.

    A line with more fields than the header is a problem; a line with fewer reads
    blanks for the missing ones (as spreadsheets do).
    """
    import pandas as pd

    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:  # read whole below: a bound on memory
            raise _problem(path, "file_too_big", lang, size=size >> 20,
                           limit=MAX_CSV_BYTES >> 20)
        data = path.read_bytes()
    except OSError as error:
        raise _problem(path, "unreadable", lang, error=reason(error, lang)) from None
    try:
        text = decode(data)
    except DecodeError as error:
        raise _problem(path, error.key, lang, error.line) from None
    # The first lines, where the header is sought, cut short: a field over the csv
    # module's limit (131,072) is then reported as too long for a cell, with its row.
    # Lines end as pandas ends them (not at str.splitlines' form feeds and the like).
    lines = [line[:1 << 16]
             for line in _LINE_END.split(text[:1 << 22], HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]]
    sep = _separator(lines, schema)
    try:
        head = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=sep))
    except csv.Error as error:
        raise _problem(path, "bad_csv", lang, error=error) from None
    if not head:
        raise _problem(path, "empty_file", lang)
    start = _header_index(head, schema)
    try:
        with warnings.catch_warnings():
            # pandas warns, and drops cells, when a line is longer than the header.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text), sep=sep, header=None, dtype=str, keep_default_na=False,
                na_filter=False, skip_blank_lines=False, skiprows=start, engine="c",
                names=range(max(len(head[start]), 1)), index_col=False,
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError, csv.Error) as error:
        raise _pandas_problem(path, error, start, lang) from None
    header = [str(h).strip() for h in frame.iloc[0]]
    body = frame.iloc[1:]
    columns = [body[c].to_numpy(dtype=object) for c in frame.columns]
    filled = filled_rows(columns, len(body))
    numbers = np.arange(start + 2, start + 2 + len(body))[filled]
    table = RawTable(path.name, "", header, [c[filled] for c in columns], numbers, start + 1,
                     is_csv=True)
    # No field can be longer than its line: most files need no cell measured.
    table.long_text = _longest_line(data) > MAX_TEXT
    return table


def read_xlsx(path: Path, schema: Schema, lang: str = DEFAULT_LANG) -> RawTable:
    """Read an extract saved as a workbook: the first sheet whose header names the
    input's required columns (python-calamine, values as the cells hold them).

    The package is checked first (:mod:`xlsales.ooxml.guard`): member sizes, and the
    grid of each sheet before calamine allocates it.
    """
    import zipfile

    from python_calamine import CalamineError, CalamineWorkbook

    from ..ooxml.guard import check_grid, check_package
    from ..ooxml.parts import read_package

    required = {c.key for c in schema.columns if c.required}
    try:
        with zipfile.ZipFile(path) as archive:
            check_package(archive, path.name, lang)
            for sheet in read_package(archive).sheets:
                check_grid(archive, sheet.path, path.name, sheet.name, lang)
        book = CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if not rows:
                continue
            start = _header_index(rows, schema)
            found, _ = match_headers(schema, list(rows[start]))
            if required <= set(found):
                table = raw_table(path.name, name, rows[start:], start + 1)
                table.long_text = True
                return table
    except (CalamineError, OSError, ValueError, zipfile.BadZipFile, KeyError) as error:
        raise _problem(path, "unreadable", lang, error=reason(error, lang)) from None
    except WorkbookFormatError as error:
        raise InputError([Problem(Location(file=path.name),
                                  str(error).partition(": ")[2] or str(error))], lang) from None
    raise _problem(path, "no_sheet", lang, column=", ".join(sorted(required)))


def read_extract(path: Path | str, schema: Schema, lang: str = DEFAULT_LANG) -> RawTable:
    """Read an extract file, CSV (``.csv``, ``.txt``) or workbook (``.xlsx``, ``.xlsm``)."""
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(Location(file=str(path)), message("no_file", lang))], lang)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path, schema, lang)
    return read_csv(path, schema, lang)
