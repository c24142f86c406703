"""What a refresh writes in a cell: a number, a text, a date, a blank or an error.

The analysis hands over Python values; NaN in a figure means a zero denominator (the
core's convention), which a cell shows as ``#DIV/0!`` as Excel would. A figure with no
meaning at all (an advisor without objective has no attainment) is ``None``: a blank.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np

from ..coercion import kpi_error, to_serial
from ..core import kpi_errors
from ..excel_errors import ExcelError

__all__ = ["DIV0", "excel_error", "cell_value", "cell_date", "stored", "to_serial"]

DIV0 = ExcelError.DIV0

def excel_error(error: kpi_errors.KpiError) -> ExcelError:
    """The error a cell shows for an undefined figure of the core (the UDFs' mapping).

    >>> excel_error(kpi_errors.ZeroDenominatorError("x")).value
    '#DIV/0!'
    """
    return kpi_error(error)


def cell_value(value: Any) -> Any:
    """Normalise a value for a cell: numpy scalars to Python, NaN to ``#DIV/0!``,
    infinities to ``#NUM!``, dates stay dates, everything else as is.

    >>> cell_value(np.float64(0.5)), cell_value(float("nan")), cell_value(None)
    (0.5, <ExcelError.DIV0: '#DIV/0!'>, None)
    """
    if value is None or isinstance(value, (str, bool)):
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
            return ExcelError.NUM
        return number
    return str(value)


def stored(value: Any) -> Any:
    """A cell value as a worksheet part stores it: dates as their serial number.

    >>> stored(dt.date(2025, 1, 2)), stored("Nord")
    (45659.0, 'Nord')
    """
    if isinstance(value, (dt.date, np.datetime64)):
        return to_serial(value)
    return value


def cell_date(value: Any) -> dt.date | None:
    """The day a cell read from a workbook holds (a date or a date-time), else ``None``.

    >>> cell_date(dt.datetime(2022, 6, 30, 8, 0)), cell_date("2022-06-30")
    (datetime.date(2022, 6, 30), None)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None
