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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputError, Location, Problem
from ..i18n import DEFAULT_LANG, text
from ..ooxml.parts import column_letter
from ..system_errors import reason
from .columns import Schema, match_headers

__all__ = [
    "HEADER_SEARCH_ROWS",
    "RawTable",
    "column_letter",
    "decode",
    "read_extract",
    "read_csv",
    "read_xlsx",
    "raw_table",
    "grid_table",
]

#: How many rows from the top may precede the header (a title, an export date...).
HEADER_SEARCH_ROWS = 20


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
    numbers = np.arange(header_row + 1, header_row + 1 + grid.shape[0])
    columns = [grid[:, j] for j in range(len(header))]
    # A row is blank when all its cells are (None, "" or NaN, depending on the reader);
    # only the rows whose first cell is blank need their other cells looked at.
    candidates = np.arange(grid.shape[0])
    for column in columns:
        if candidates.size == 0:
            break
        cells = column[candidates]
        candidates = candidates[pd.isna(cells) | (cells == "")]
    if candidates.size:
        keep = np.ones(grid.shape[0], dtype=bool)
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


def decode(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252.

    >>> decode("prime;région".encode("cp1252")), decode(codecs.BOM_UTF8 + "é".encode())
    ('prime;région', 'é')
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 reads them rather than failing.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _separator(text: str) -> str:
    sample = text[:64 * 1024].splitlines()[:HEADER_SEARCH_ROWS] or [""]
    counts = {sep: sum(line.count(sep) for line in sample) for sep in (";", ",", "\t", "|")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def read_csv(path: Path, schema: Schema, lang: str = DEFAULT_LANG) -> RawTable:
    """Read a CSV extract (any of the dialects above) as raw text cells.

    A line with more fields than the header is a problem; a line with fewer reads
    blanks for the missing ones (as spreadsheets do).
    """
    try:
        text = decode(path.read_bytes())
    except OSError as error:
        problem = message("unreadable", lang, error=reason(error, lang))
        raise InputError([Problem(Location(file=path.name), problem)], lang) from None
    sep = _separator(text)
    head = list(csv.reader(io.StringIO("\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])),
                           delimiter=sep))
    if not head:
        raise InputError([Problem(Location(file=path.name), message("empty_file", lang))], lang)
    start = _header_index(head, schema)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, header=None, dtype=str, keep_default_na=False,
            na_filter=False, skip_blank_lines=False, skiprows=start, engine="c",
            names=range(len(head[start])), index_col=False,
        )
    except (pd.errors.ParserError, ValueError) as error:
        problem = message("bad_csv", lang, error=reason(error, lang))
        raise InputError([Problem(Location(file=path.name), problem)], lang) from None
    header = [str(h).strip() for h in frame.iloc[0]]
    body = frame.iloc[1:]
    columns = [body[c].to_numpy(dtype=object) for c in frame.columns]
    filled = np.zeros(len(body), dtype=bool)
    for column in columns:
        filled |= pd.Series(column).str.strip().to_numpy() != ""
    numbers = np.arange(start + 2, start + 2 + len(body))[filled]
    return RawTable(path.name, "", header, [c[filled] for c in columns], numbers, start + 1,
                    is_csv=True)


def read_xlsx(path: Path, schema: Schema, lang: str = DEFAULT_LANG) -> RawTable:
    """Read an extract saved as a workbook: the first sheet whose header names the
    input's required columns (python-calamine, values as the cells hold them)."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as error:
        problem = message("unreadable", lang, error=reason(error, lang))
        raise InputError([Problem(Location(file=path.name), problem)], lang) from None
    required = {c.key for c in schema.columns if c.required}
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if not rows:
            continue
        start = _header_index(rows, schema)
        found, _ = match_headers(schema, list(rows[start]))
        if required <= set(found):
            return raw_table(path.name, name, rows[start:], start + 1)
    raise InputError([Problem(Location(file=path.name),
                              message("no_sheet", lang, column=", ".join(sorted(required))))], lang)


def read_extract(path: Path | str, schema: Schema, lang: str = DEFAULT_LANG) -> RawTable:
    """Read an extract file, CSV (``.csv``, ``.txt``) or workbook (``.xlsx``, ``.xlsm``)."""
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(Location(file=str(path)), message("no_file", lang))], lang)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path, schema, lang)
    return read_csv(path, schema, lang)
