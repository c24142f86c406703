"""What a refresh writes in a cell: a number, a text, a date, a blank or an error.

The analysis hands over Python values; NaN in a figure means a zero denominator (the
core's convention), which a cell shows as ``#DIV/0!`` as Excel would. A figure with no
meaning at all (an advisor without objective has no attainment) is ``None``: a blank.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core import errors as kpi_errors

__all__ = ["CellError", "DIV0", "excel_error", "cell_value", "to_serial", "EXCEL_EPOCH"]

#: Day 0 of Excel's 1900 date system, for the dates after 1900-03-01.
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


@dataclass(frozen=True)
class CellError:
    """An Excel error value, by its literal text (``#DIV/0!``)."""

    code: str

    def __str__(self) -> str:
        return self.code


DIV0 = CellError("#DIV/0!")

# The same mapping as the UDF edge (xlsales.coercion); a test keeps them equal.
_KPI_ERRORS: dict[type[kpi_errors.KpiError], str] = {
    kpi_errors.ZeroDenominatorError: "#DIV/0!",
    kpi_errors.NotReachedError: "#NUM!",
    kpi_errors.OutOfRangeError: "#NUM!",
    kpi_errors.UnknownLabelError: "#VALUE!",
    kpi_errors.NoDataError: "#N/A",
}


def excel_error(error: kpi_errors.KpiError) -> CellError:
    """The error a cell shows for an undefined figure of the core.

    >>> excel_error(kpi_errors.ZeroDenominatorError("x")).code
    '#DIV/0!'
    """
    return CellError(_KPI_ERRORS.get(type(error), "#VALUE!"))


def to_serial(day: dt.date | dt.datetime | np.datetime64) -> float:
    """Excel serial number of a date (1900 date system).

    >>> to_serial(dt.date(2025, 1, 31))
    45688.0
    """
    if isinstance(day, np.datetime64):
        return float((day.astype("datetime64[D]") - np.datetime64("1899-12-30", "D"))
                     .astype(int))
    if not isinstance(day, dt.datetime):
        day = dt.datetime(day.year, day.month, day.day)
    return (day - EXCEL_EPOCH) / dt.timedelta(days=1)


def cell_value(value: Any) -> Any:
    """Normalise a value for a cell: numpy scalars to Python, NaN to ``#DIV/0!``,
    infinities to ``#NUM!``, dates stay dates, everything else as is.

    >>> cell_value(np.float64(0.5)), cell_value(float("nan")), cell_value(None)
    (0.5, CellError(code='#DIV/0!'), None)
    """
    if value is None or isinstance(value, (str, CellError, bool)):
        return value
    if isinstance(value, (np.datetime64,)):
        return None if np.isnat(value) else value.astype("datetime64[D]").astype(dt.date)
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if math.isnan(number):
            return DIV0
        if math.isinf(number):
            return CellError("#NUM!")
        return number
    return str(value)
