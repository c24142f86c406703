"""A data table read by fastexcel: the same cells python-calamine gives, columns at once.

fastexcel runs calamine's parser into Arrow columns, without a Python object per cell:
a million leads read in about 3.5 s instead of 8.5, and the labels (a few dozen distinct
advisors, products, statuses in a million cells) come out dictionary-encoded, so each
distinct text becomes one Python string, shared by every cell that holds it, instead
of one string per cell (400 MB at a million leads).

Its answer must be exactly what :meth:`.WorkbookFile.read_table` builds from
python-calamine, cell for cell and type for type: the checks that follow report bad
cells with their value, and the figures depend on every one. So it answers only for
the tables it reads the same way, and returns None for any other (the caller then
reads the table with python-calamine, which reports each wrong cell):

- the table starts at A1 (fastexcel counts rows and columns from the first cell used,
  python-calamine from A1), with a header of texts equal to the table's column names;
- every column holds one kind of value (fastexcel's strict mode refuses a column
  mixing texts and numbers, as a number typed in a column of dates is);
- numbers, texts, booleans, blanks (an error cell is blank in both), and dates with no
  time of day from 1 March 1900 on (python-calamine gives a ``datetime.date`` for
  those; a time of day, or a serial in Excel's first two months, it reads its own way).

fastexcel, arro3 and nanoarrow are imported here, when a table is read: a missing one
means None, as for a table this path does not read.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["read_columns"]

_MS_PER_DAY = 86_400_000
#: 1900-03-01 in milliseconds since 1970: from there on, serials are dates in every
#: reader (before, Excel's 1900 leap-year bug is read differently).
_FIRST_DAY_MS = (dt.date(1900, 3, 1) - dt.date(1970, 1, 1)).days * _MS_PER_DAY
#: A header that reads as a number: fastexcel and python-calamine write it differently.
_NUMBER_LIKE = re.compile(r"[\d\s.,eE+-]*")

# fastexcel logs, as a warning, each column it finds empty ("could not determine
# dtype"): a library's note, not the user's business. Handled here, it no longer
# reaches Python's last-resort handler (stderr); an application that configures
# logging still receives it.
logging.getLogger("fastexcel").addHandler(logging.NullHandler())


def read_columns(path: Path, sheet: str, header: list[str], first_row: int, first_col: int,
                 rows: int) -> list[np.ndarray] | None:
    """The data cells of a table whose header (``header``, its column names) is on row
    ``first_row`` from column ``first_col`` (0-based), ``rows`` rows below it at most:
    one object array per column, as python-calamine gives them (``""`` for a blank);
    None when this path does not read the table exactly so.

    The sheet's grid must have been checked (:func:`..ooxml.guard.grid_chunks`):
    fastexcel allocates what calamine does.
    """
    if first_row or first_col or rows < 1 or not header or not all(header) or any(
            _NUMBER_LIKE.fullmatch(name) for name in header):
        return None
    try:
        import fastexcel
        from arro3.core import Table
    except ImportError:
        return None
    try:
        loaded = fastexcel.read_excel(str(path)).load_sheet_by_name(
            sheet, header_row=0, use_columns=list(range(len(header))), n_rows=rows,
            schema_sample_rows=None, dtype_coercion="strict")
        names = [(c.name, c.column_name_from) for c in loaded.selected_columns]
        table = Table.from_arrow(loaded)
    except (fastexcel.FastExcelError, ValueError, OverflowError):
        return None
    del loaded  # the sheet as calamine parsed it: the Arrow columns are all that is needed
    if [name.strip() for name, _ in names] != header or any(
            origin != "looked_up" for _, origin in names):
        return None
    columns = []
    for column in table.columns:
        cells = _cells(column)
        if cells is None:
            return None
        columns.append(cells)
    return columns


def _cells(column: Any) -> np.ndarray | None:
    """One column's cells as python-calamine gives them, or None."""
    parts = []
    for chunk in column.chunks:
        cells = _chunk_cells(chunk)
        if cells is None:
            return None
        parts.append(cells)
    if len(parts) == 1:
        return parts[0]
    return np.concatenate(parts) if parts else np.empty(0, dtype=object)


def _chunk_cells(chunk: Any) -> np.ndarray | None:
    import arro3.compute as ac

    kind = str(chunk.type).strip()
    size = len(chunk)
    blank = ac.is_null(chunk).to_numpy() if chunk.null_count else np.zeros(size, dtype=bool)
    if kind.endswith("<Null>"):
        return np.full(size, "", dtype=object)
    if kind.endswith(("<Utf8>", "<LargeUtf8>")):
        cells = _texts(ac.dictionary_encode(chunk))
    elif kind.endswith("<Float64>"):
        cells = _values(chunk, np.float64).astype(object)
    elif kind.endswith("<Boolean>"):
        cells = np.array(chunk.to_pylist(), dtype=object)
    elif kind.endswith("<Timestamp(ms)>"):
        dates = _dates(_values(chunk, np.int64), blank)
        if dates is None:
            return None
        cells = dates
    else:  # integers, durations, times: not a type python-calamine gives from a sheet
        return None
    cells[blank] = ""
    return cells


def _values(chunk: Any, dtype: type) -> np.ndarray:
    """A primitive chunk's values buffer (what lies under a blank is undefined)."""
    import nanoarrow

    view = nanoarrow.c_array(chunk).view()
    buffers = list(view.buffers)
    return np.frombuffer(buffers[1], dtype=dtype)[view.offset:view.offset + view.length]


def _texts(encoded: Any) -> np.ndarray:
    """Dictionary-encoded texts as an object array: one Python string per distinct text."""
    import nanoarrow
    from arro3.core import Array

    array = nanoarrow.c_array(encoded)
    view = array.view()
    codes = np.frombuffer(list(view.buffers)[1], dtype=np.int32)[
        view.offset:view.offset + view.length]
    words = np.empty(array.dictionary.length + 1, dtype=object)
    # arro3 turns Arrow texts into Python strings twice as fast as nanoarrow's iterator.
    words[:-1] = Array.from_arrow(nanoarrow.Array(array.dictionary)).to_pylist()
    words[-1] = ""
    # A blank's code is undefined: clamp it into range (the caller blanks it anyway).
    return words[np.clip(codes, 0, len(words) - 1)]


def _dates(milliseconds: np.ndarray, blank: np.ndarray) -> np.ndarray | None:
    """Timestamps as ``datetime.date``, or None when one has a time of day or falls
    before 1 March 1900 (python-calamine reads those its own way)."""
    kept = milliseconds[~blank]
    if kept.size and (kept.min() < _FIRST_DAY_MS or np.any(kept % _MS_PER_DAY)):
        return None
    days = np.where(blank, 0, milliseconds // _MS_PER_DAY).astype("datetime64[D]")
    return days.astype(object)
