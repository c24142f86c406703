"""The one place that knows LibreOffice Calc's add-in values: what a KPI function
receives from a Calc cell and what it hands back, on top of :mod:`xlsales.coercion`.

Calc calls an add-in function with UNO values: a number (a date is its serial number,
TRUE is 1: Calc has no boolean cells), a text, a range as a tuple of row tuples, and
``None`` for an optional argument left out. A blank cell inside a range arrives as
``None`` or as an empty text; a blank cell referenced on its own arrives as 0 (Calc
reads it as a number before the function is called). :func:`from_calc` hands those to
the UDFs as the lists xlwings would pass, so the same coercion rules apply.

Back in the cell, an error must be one Calc knows. An exception from a UNO add-in shows
as Err:502 (IllegalArgumentException), Err:523 (NoConvergenceException) or #VALUE!
(anything else), which would lose ``#DIV/0!`` versus ``#N/A``. Calc itself carries an
error inside a double: a quiet NaN whose low 32 bits are the error code (LibreOffice's
``CreateDoubleError``, ``formula/errorcodes.hxx``), and a number returned by an add-in
goes through the same check as any formula result. :func:`to_calc` returns errors that
way, so a cell shows the real ``#DIV/0!``, ``ISERROR`` is true and ``IFERROR`` catches
it. Dates go back as serial numbers (format the cell as a date), a table as a tuple of
row tuples.

>>> to_calc(0.25), to_calc("vert"), to_calc(None)
(((0.25,),), (('vert',),), (('',),))
>>> calc_error(to_calc("#DIV/0!")[0][0])
'#DIV/0!'
"""

from __future__ import annotations

import datetime as dt
import math
import struct
from typing import Any

from .coercion import to_serial
from .excel_errors import ExcelError

__all__ = ["CALC_ERROR_CODES", "MISSING_ARGUMENT", "error_double", "calc_error", "from_calc",
           "to_calc", "missing_argument"]

#: LibreOffice's FormulaError codes (``formula/errorcodes.hxx``) for Excel's errors.
CALC_ERROR_CODES: dict[ExcelError, int] = {
    ExcelError.NULL: 521,  # FormulaError::NoCode
    ExcelError.DIV0: 532,  # FormulaError::DivisionByZero
    ExcelError.VALUE: 519,  # FormulaError::NoValue
    ExcelError.REF: 524,  # FormulaError::NoRef
    ExcelError.NAME: 525,  # FormulaError::NoName
    ExcelError.NUM: 503,  # FormulaError::IllegalFPOperation
    ExcelError.NA: 0x7FFF,  # FormulaError::NotAvailable
}
#: Calc's own error for a required argument left out (FormulaError::MissingVariable).
MISSING_ARGUMENT = 511
_BY_CODE = {code: error.value for error, code in CALC_ERROR_CODES.items()}
_BY_CODE[MISSING_ARGUMENT] = "Err:511"
_QUIET_NAN = 0x7FF8_0000_0000_0000


def _nan(code: int) -> float:
    return float(struct.unpack("<d", struct.pack("<Q", _QUIET_NAN | code))[0])


def error_double(error: ExcelError) -> float:
    """The NaN that Calc shows as ``error`` (its code in the low 32 bits)."""
    return _nan(CALC_ERROR_CODES.get(error, CALC_ERROR_CODES[ExcelError.VALUE]))


def missing_argument() -> tuple[tuple[Any, ...], ...]:
    """The result for a required argument left out: Calc's Err:511, as its own
    functions show.

    >>> calc_error(missing_argument()[0][0])
    'Err:511'
    """
    return ((_nan(MISSING_ARGUMENT),),)


def calc_error(value: Any) -> str | None:
    """The error literal a NaN-coded double stands for, else None.

    >>> calc_error(error_double(ExcelError.NA)), calc_error(1.0)
    ('#N/A', None)
    """
    if not isinstance(value, float) or not math.isnan(value):
        return None
    code = struct.unpack("<Q", struct.pack("<d", value))[0] & 0xFFFF_FFFF
    return _BY_CODE.get(code, ExcelError.VALUE.value)


def _cell_in(value: Any) -> Any:
    return None if value == "" else value


def from_calc(value: Any) -> Any:
    """An argument from Calc as xlwings would pass it: a range as a list of row lists
    (blank cells as None), anything else unchanged.

    >>> from_calc(((1.0, ""), ("a", None))), from_calc(3.0), from_calc(None)
    ([[1.0, None], ['a', None]], 3.0, None)
    """
    if isinstance(value, tuple):
        return [[_cell_in(cell) for cell in row] if isinstance(row, tuple) else _cell_in(row)
                for row in value]
    return value


def _cell_out(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return error_double(ExcelError(value)) if value in _ERROR_TEXTS else value
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return to_serial(value)
    if isinstance(value, (int, float)):
        return float(value)
    return str(value)


_ERROR_TEXTS = frozenset(e.value for e in ExcelError)


def to_calc(result: Any) -> tuple[tuple[Any, ...], ...]:
    """A UDF's result as the table Calc takes from the add-in: equally long row tuples,
    a single value as a 1 × 1 table (which a cell shows as that value); errors as
    NaN-coded doubles, dates as serials, blanks as "".

    >>> to_calc([["étape", "taux"], ["recensé", None]])
    (('étape', 'taux'), ('recensé', ''))
    >>> to_calc(dt.date(2022, 4, 16))
    ((44667.0,),)
    """
    if not isinstance(result, list):
        return ((_cell_out(result),),)
    rows = [[_cell_out(c) for c in row] if isinstance(row, list) else [_cell_out(row)]
            for row in result]
    width = max((len(row) for row in rows), default=0)
    return tuple(tuple(row + [""] * (width - len(row))) for row in rows) or (("",),)
