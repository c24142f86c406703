"""Excel values at the edge: what a UDF receives, and what it hands back to a cell.

Every runtime (xlwings on Windows or Mac, xlwings Lite, plain Python) passes a UDF a
scalar, a 1D list or a list of lists, with ``None`` for a blank, text, an error cell as
its string (``'#N/A'``) and dates as datetimes. This module is the only place that turns
those into the core's numbers and labels, and the core's results (or exceptions) back
into cell values. A UDF body is one :func:`call`:

>>> from xlsales import core
>>> call(core.conversion_rate, Sum([[3], [None], ["x"], [1]]), Sum([[10], [10]]))
0.2
>>> call(core.conversion_rate, Sum([1, "#N/A"]), Sum([0]))
'#N/A'
>>> call(core.conversion_rate, Sum(1), Sum(None))
'#DIV/0!'
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import numbers
from collections.abc import Callable
from enum import Enum
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd

from . import _windows
from .core import kpi_errors
from .excel_errors import ExcelError
from .i18n import text as i18n_text

__all__ = [
    "ExcelError",
    "KPI_ERRORS",
    "kpi_error",
    "UnusableCellError",
    "is_error",
    "cells",
    "numbers_of",
    "aligned_numbers",
    "each_number",
    "total",
    "number",
    "flag",
    "label",
    "labels",
    "categories",
    "texts",
    "to_date",
    "to_serial",
    "to_excel",
    "Sum",
    "Numbers",
    "Aligned",
    "Each",
    "Number",
    "Flag",
    "Label",
    "Labels",
    "Categories",
    "Texts",
    "Date",
    "call",
]

log = logging.getLogger("xlsales")


_ERROR_TEXTS = frozenset(e.value for e in ExcelError)

#: The error each undefined figure of the core shows in a cell: the one mapping, used by
#: the UDFs and by every workbook a refresh writes.
KPI_ERRORS: dict[type[kpi_errors.KpiError], ExcelError] = {
    kpi_errors.ZeroDenominatorError: ExcelError.DIV0,
    kpi_errors.NotReachedError: ExcelError.NUM,
    kpi_errors.OutOfRangeError: ExcelError.NUM,
    kpi_errors.UnknownLabelError: ExcelError.VALUE,
    kpi_errors.NoDataError: ExcelError.NA,
}

# Excel's day 0 for serials above 60 (day 60 is the 1900-02-29 that never was, which
# Excel keeps from Lotus 1-2-3); below, day 0 is 1899-12-31: serial 1 is 1900-01-01.
# LibreOffice counts from 1899-12-30 throughout, so its serials for January and
# February 1900 are one more than Excel's (docs/functions.md, "Engines").
_EPOCH = dt.date(1899, 12, 30)
_LOTUS_EPOCH = dt.date(1899, 12, 31)
_FIRST_TRUE_DAY = dt.date(1900, 3, 1)  # serial 61 in Excel and LibreOffice alike
_MAX_SERIAL = 2958465  # 9999-12-31


def kpi_error(error: kpi_errors.KpiError) -> ExcelError:
    """The error a cell shows for a figure the core leaves undefined.

    >>> kpi_error(kpi_errors.NotReachedError("CA <= CV")).value
    '#NUM!'
    """
    return KPI_ERRORS.get(type(error), ExcelError.VALUE)


class UnusableCellError(Exception):
    """An input that cannot be used: an error cell, or a value of the wrong kind."""

    def __init__(self, code: ExcelError, reason: str = "") -> None:
        super().__init__(reason or code.value)
        self.code = code


def is_error(value: Any) -> bool:
    """True for the literal text of an Excel error.

    >>> is_error("#DIV/0!"), is_error("#div/0!"), is_error("DIV")
    (True, False, False)
    """
    return isinstance(value, str) and value in _ERROR_TEXTS


def cells(value: Any) -> list[Any]:
    """Flatten a scalar, a list, a list of lists (even ragged), an array or a frame
    into its cells, row by row.

    >>> cells([[1, 2], [3], 4])
    [1, 2, 3, 4]
    >>> cells(None)
    [None]
    """
    if isinstance(value, (pd.DataFrame, pd.Series)):
        value = value.to_numpy(dtype=object)
    if isinstance(value, np.ndarray):
        return value.astype(object).ravel().tolist()
    if isinstance(value, (list, tuple)):
        # A range from xlwings is a list of row lists: flatten it in C (map, chain);
        # a column (rows of one cell, the common case) by unpacking, faster still.
        if set(map(type, value)) == {list}:
            try:
                return [cell for (cell,) in value]
            except ValueError:
                return list(chain.from_iterable(value))
        out: list[Any] = []
        for item in value:
            if isinstance(item, (list, tuple, np.ndarray)):
                out.extend(cells(item))
            else:
                out.append(item)
        return out
    return [value]


def to_serial(value: dt.date | np.datetime64) -> float:
    """Excel serial number of a date or datetime (1900 date system).

    Before March 1900 the count is Excel's (Lotus's): 1900-01-01 is 1, not 2.

    >>> to_serial(dt.date(2022, 2, 1)), to_serial(np.datetime64("2022-02-01"))
    (44593.0, 44593.0)
    >>> to_serial(dt.date(1900, 1, 1)), to_serial(dt.date(1900, 2, 28)), to_serial(
    ...     dt.date(1900, 3, 1))
    (1.0, 59.0, 61.0)
    """
    if isinstance(value, np.datetime64):
        day: dt.date = value.astype("datetime64[D]").astype(dt.date)  # whole days
        return to_serial(day)
    if isinstance(value, dt.datetime):
        day = value.date()
        fraction = (value - dt.datetime.combine(day, dt.time())).total_seconds() / 86400
    else:
        day, fraction = value, 0.0
    epoch = _EPOCH if day >= _FIRST_TRUE_DAY else _LOTUS_EPOCH
    return float((day - epoch).days) + fraction


def _cell_number(value: Any) -> float | None:
    """The number a cell holds for SUM, or None when SUM ignores it."""
    if isinstance(value, str):
        if value in _ERROR_TEXTS:
            raise UnusableCellError(ExcelError(value))
        return None
    if value is None or isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, numbers.Real):
        try:
            number_ = float(value)
        except OverflowError:
            raise UnusableCellError(ExcelError.NUM, "number too large") from None
        if math.isnan(number_):
            return None
        if math.isinf(number_):
            raise UnusableCellError(ExcelError.NUM, "infinite number")
        return number_
    if isinstance(value, (dt.date, pd.Timestamp)):
        return to_serial(value)
    return None


_PLAIN_NUMBERS = frozenset({float, int, type(None), np.float64})


def _plain(value: Any) -> bool:
    """A single finite float or a modest int: what most scalar arguments are."""
    kind = type(value)
    return (kind is float and math.isfinite(value)) or (kind is int and abs(value) < 2**53)


def _fast_floats(flat: list[Any]) -> np.ndarray | None:
    """A float array when every cell is a plain number or a blank (checked and converted
    in C); None when a cell needs the slow path (text, bool, error, date)."""
    if not set(map(type, flat)) <= _PLAIN_NUMBERS:
        return None
    try:
        # None becomes NaN, a blank; fromiter converts as np.array does, faster.
        data = np.fromiter(flat, dtype=float, count=len(flat))
    except OverflowError:
        return None  # an int beyond float: the slow path says #NUM!
    if np.isinf(data).any():
        raise UnusableCellError(ExcelError.NUM, "infinite number")
    return data


def aligned_numbers(value: Any) -> np.ndarray:
    """One float per cell, NaN where SUM would ignore the cell (blank, text, bool);
    for per-row figures that must stay aligned with labels.

    >>> aligned_numbers([[1], [None], ["x"], [True], [2.5]])
    array([1. , nan, nan, nan, 2.5])
    """
    if _plain(value):  # a single cell: the per-call overhead matters
        return np.array([value], dtype=float)
    flat = cells(value)
    fast = _fast_floats(flat)
    if fast is not None:
        return fast
    out = np.empty(len(flat), dtype=float)
    for i, cell in enumerate(flat):
        number_ = _cell_number(cell)
        out[i] = np.nan if number_ is None else number_
    return out


def each_number(value: Any) -> float | np.ndarray:
    """A float for a single cell, one float per cell for a range (NaN where SUM would
    ignore the cell), so a UDF answers a cell with a value and a range with a column.

    >>> each_number(5), each_number([[5], [None]])
    (5.0, array([ 5., nan]))
    """
    if isinstance(value, _RANGES):
        return aligned_numbers(value)
    return float(aligned_numbers(value)[0])


def numbers_of(value: Any) -> np.ndarray:
    """The numbers SUM would add: blanks, text and booleans left out; the first
    error cell raises :class:`UnusableCellError`.

    >>> numbers_of([1, None, "a", False, 2])
    array([1., 2.])
    """
    data = aligned_numbers(value)
    return data[~np.isnan(data)]


_RANGES = (list, tuple, np.ndarray, pd.DataFrame, pd.Series)


def total(value: Any) -> float:
    """SUM of a range; a single cell as Excel's arithmetic reads it (``=A1/B1``, the
    formula twins): numeric text is its number, TRUE is 1, a blank 0, other text
    ``#VALUE!``. In a range, as SUM: text and booleans ignored (LibreOffice's SUM
    counts TRUE and FALSE in a range, Excel's does not; the UDFs follow Excel).

    >>> total([[1, 2], [None, "x"]]), total("12"), total(True), total(None)
    (3.0, 12.0, 1.0, 0.0)
    """
    if _plain(value):
        return float(value)  # a single number: skip the array machinery
    if not isinstance(value, _RANGES):
        return number(value, default=0)
    return float(numbers_of(value).sum())


def _single(value: Any) -> Any:
    flat = cells(value)
    if len(flat) != 1:
        raise UnusableCellError(ExcelError.VALUE, "expected a single cell")
    cell = flat[0]
    if is_error(cell):
        raise UnusableCellError(ExcelError(cell))
    return cell


def number(value: Any, default: float | None = None) -> float:
    """A single numeric argument; numeric text is read, a blank takes ``default``.

    >>> number("12,5"), number(None, default=4), number([[3]])
    (12.5, 4.0, 3.0)
    """
    cell = _single(value)
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        if default is None:
            raise UnusableCellError(ExcelError.VALUE, "missing number")
        return float(default)
    if isinstance(cell, str):
        try:
            cell = float(cell.strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
        except ValueError:
            raise UnusableCellError(ExcelError.VALUE, f"not a number: {cell!r}") from None
    number_ = _cell_number(cell)
    if number_ is None:
        if isinstance(cell, (bool, np.bool_)):
            return float(cell)
        raise UnusableCellError(ExcelError.VALUE, f"not a number: {cell!r}")
    return number_


_TRUE = {"true", "vrai", "oui", "yes", "1"}
_FALSE = {"false", "faux", "non", "no", "0"}


def flag(value: Any, default: bool = False) -> bool:
    """A single yes/no argument: TRUE/FALSE, a number, or vrai/faux, oui/non.

    >>> flag(None), flag("VRAI"), flag(0), flag(True)
    (False, True, False, True)
    """
    cell = _single(value)
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return default
    if isinstance(cell, (bool, np.bool_)):
        return bool(cell)
    if isinstance(cell, numbers.Real):
        return float(cell) != 0
    word = str(cell).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise UnusableCellError(ExcelError.VALUE, f"not a yes/no value: {cell!r}")


def _as_label(cell: Any) -> str | None:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return None
    if isinstance(cell, str):
        if cell in _ERROR_TEXTS:
            raise UnusableCellError(ExcelError(cell))
        return cell if cell.strip() else None
    if isinstance(cell, (bool, np.bool_)):
        return "VRAI" if cell else "FAUX"
    if isinstance(cell, numbers.Real):
        return f"{float(cell) + 0.0:.15g}"  # + 0.0: a cell never holds -0
    if isinstance(cell, (dt.date, pd.Timestamp)):
        return cell.isoformat()[:10]
    return str(cell)


def label(value: Any, default: str | None = None) -> str:
    """A single text argument; a blank takes ``default``.

    >>> label("max"), label(None, default="min")
    ('max', 'min')
    """
    cell = _as_label(_single(value))
    if cell is None:
        if default is None:
            raise UnusableCellError(ExcelError.VALUE, "missing text")
        return default
    return cell


def labels(value: Any) -> np.ndarray:
    """One label per cell, ``None`` for a blank; numbers shown as Excel's General.

    Each distinct value is converted once (a million statuses hold a handful of
    labels), so the cost is one factorisation of the cells.

    >>> labels([["Ana"], [None], [2021.0]]).tolist()
    ['Ana', None, '2021']
    """
    flat = cells(value)
    if len(flat) < 256:
        return np.asarray([_as_label(cell) for cell in flat] or [], dtype=object)
    codes, converted = _label_codes(flat)
    return np.append(converted, [None])[codes]  # code -1 (a blank cell): the last slot


def categories(value: Any) -> pd.Categorical:
    """The labels of :func:`labels` as a categorical (``NaN`` for a blank): the same
    labels, already factorised, for a grouped table over a million rows.

    >>> categories([["b"], [None], ["a"], ["b"]]).codes.tolist()
    [1, -1, 0, 1]
    """
    flat = cells(value)
    if len(flat) < 256:
        return pd.Categorical(labels(flat))
    codes, converted = _label_codes(flat)
    # Distinct cells may share a label (2021 and "2021"), or have none (a blank text).
    merged, names = pd.factorize(converted, use_na_sentinel=True)
    if not np.array_equal(merged, np.arange(len(converted))):
        codes = np.append(merged, -1)[codes]  # code -1 (a blank cell) stays -1
    return pd.Categorical.from_codes(codes, categories=pd.Index(names, dtype=object),
                                     validate=False)


def _label_codes(flat: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the cells (-1 for a blank) and the label of each distinct cell."""
    if not set(map(type, flat)).isdisjoint((bool, np.bool_)):
        # A factorisation takes False for 0 and True for 1: label booleans first.
        flat = [_as_label(x) if isinstance(x, (bool, np.bool_)) else x for x in flat]
    column = np.empty(len(flat), dtype=object)
    column[:] = flat
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    converted = np.empty(len(uniques), dtype=object)
    errors = []
    for index, unique in enumerate(uniques):
        try:
            converted[index] = _as_label(unique)
        except UnusableCellError:
            errors.append(index)
    if errors:
        # The first error cell in the range, not the first distinct error.
        first = int(np.flatnonzero(np.isin(codes, errors))[0])
        raise UnusableCellError(ExcelError(flat[first]))
    return codes, converted


def texts(value: Any) -> list[str] | None:
    """The non-blank labels of a range, or None when the whole argument is blank.

    >>> texts(["petit", None, "gros"]), texts(None)
    (['petit', 'gros'], None)
    """
    found = [x for x in labels(value).tolist() if x is not None]
    return found or None


def to_date(value: Any) -> dt.date:
    """A single date: a date or datetime, an Excel serial number, ISO text
    (2022-02-01) or French text (01/02/2022).

    >>> to_date(44593), to_date("2022-02-01"), to_date("01/02/2022")
    (datetime.date(2022, 2, 1), datetime.date(2022, 2, 1), datetime.date(2022, 2, 1))
    """
    cell = _single(value)
    if isinstance(cell, (dt.datetime, pd.Timestamp)):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, numbers.Real) and not isinstance(cell, (bool, np.bool_)):
        serial = float(cell)
        if not 1 <= serial <= _MAX_SERIAL:
            raise UnusableCellError(ExcelError.NUM, "date serial out of range")
        days = int(serial)
        if days == 60:
            # Excel's 1900-02-29, which no calendar has: refused rather than moved.
            raise UnusableCellError(ExcelError.VALUE, "1900-02-29 does not exist")
        return _EPOCH + dt.timedelta(days=days) if days > 60 else (
            _LOTUS_EPOCH + dt.timedelta(days=days)
        )
    if isinstance(cell, str):
        stripped = cell.strip()
        for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(stripped, fmt).date()
            except ValueError:
                continue
    raise UnusableCellError(ExcelError.VALUE, f"not a date: {cell!r}")


def _out_cell(value: Any, nan: ExcelError) -> Any:
    if isinstance(value, Enum):
        return _out_cell(value.value, nan)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number_ = float(value)
        if math.isnan(number_):
            return nan.value
        if math.isinf(number_):
            return ExcelError.NUM.value
        return number_
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def to_excel(result: Any, nan: ExcelError = ExcelError.DIV0) -> Any:
    """A core result as a cell value or a list of rows (a dynamic array).

    Tables get a header row in French. NaN in a result is a zero denominator (the
    core's convention) and shows as the ``nan`` error; infinity as ``#NUM!``.

    >>> to_excel(np.float64(0.25)), to_excel(float("inf"))
    (0.25, '#NUM!')
    >>> to_excel(np.array([0.1, np.nan]))
    [[0.1], ['#DIV/0!']]
    """
    if isinstance(result, pd.DataFrame):
        header = [i18n_text(f"column.{c}", "fr") for c in result.columns]
        rows = result.astype(object).to_numpy().tolist()
        return [header] + [[_out_cell(v, nan) for v in row] for row in rows]
    if isinstance(result, np.ndarray):
        if result.ndim <= 1:
            return [[_out_cell(v, nan)] for v in result.tolist()]
        return [[_out_cell(v, nan) for v in row] for row in result.tolist()]
    if isinstance(result, list):
        return [to_excel(v, nan) if isinstance(v, list) else _out_cell(v, nan) for v in result]
    return _out_cell(result, nan)


class _Coerce:
    """An argument to coerce inside :func:`call`, so that a bad input becomes a cell
    error rather than an exception escaping the UDF."""

    convert: Callable[..., Any]

    def __init__(self, value: Any, **options: Any) -> None:
        self.value = value
        self.options = options

    def resolve(self) -> Any:
        return type(self).convert(self.value, **self.options)


class Sum(_Coerce):
    """The SUM of a range."""

    convert = staticmethod(total)


class Numbers(_Coerce):
    """The numbers of a range, blanks and text left out."""

    convert = staticmethod(numbers_of)


class Aligned(_Coerce):
    """One number per cell, NaN for a blank or text."""

    convert = staticmethod(aligned_numbers)


class Each(_Coerce):
    """A number for a single cell, a column of numbers for a range."""

    convert = staticmethod(each_number)


class Number(_Coerce):
    """A single number (``default`` for a blank)."""

    convert = staticmethod(number)


class Flag(_Coerce):
    """A single yes/no value."""

    convert = staticmethod(flag)


class Label(_Coerce):
    """A single text value (``default`` for a blank)."""

    convert = staticmethod(label)


class Labels(_Coerce):
    """One label per cell."""

    convert = staticmethod(labels)


class Categories(_Coerce):
    """One label per cell, as a categorical."""

    convert = staticmethod(categories)


class Texts(_Coerce):
    """The non-blank labels of a range, or None."""

    convert = staticmethod(texts)


class Date(_Coerce):
    """A single date."""

    convert = staticmethod(to_date)


def _resolve(arg: Any) -> Any:
    return arg.resolve() if isinstance(arg, _Coerce) else arg


def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a core function on coerced arguments, the Excel way.

    Arguments are coerced left to right and the first error cell met is returned as
    is; a :class:`~xlsales.core.KpiError` becomes its cell error; anything unexpected is
    logged and becomes ``#VALUE!``. Nothing ever raises.
    """
    try:
        # Overflow gives infinity, which to_excel shows as #NUM!: no warning needed.
        with np.errstate(all="ignore"):
            try:
                positional = [_resolve(a) for a in args]
                named = {k: _resolve(v) for k, v in kwargs.items()}
                result = to_excel(fn(*positional, **named))
            except UnusableCellError as exc:
                result = exc.code.value
            except kpi_errors.KpiError as exc:
                result = kpi_error(exc).value
            except Exception:  # the contract: never an exception into a cell
                log.exception("xlsales: %s failed", getattr(fn, "__name__", fn))
                result = ExcelError.VALUE.value
        return _windows.native_errors(result)
    except Exception:  # even the error path must not raise
        log.exception("xlsales: could not return the result of %s", fn)
        return ExcelError.VALUE.value
