"""Growth over periods and its volatility (docs/definitions.md: monthly premium)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._arith import as_float, divide
from .kpi_errors import NoDataError, ZeroDenominatorError

__all__ = ["growth", "volatility"]


def growth(values: Any) -> np.ndarray:
    """Period-on-period growth: (period − previous) / previous, n − 1 rates.

    A period following a zero gives NaN (a zero denominator).

    Raises
    ------
    NoDataError
        With fewer than two values.

    Examples
    --------
    >>> growth([100, 110, 99]).round(4).tolist()
    [0.1, -0.1]
    """
    data = as_float(values).ravel()
    if data.size < 2:
        raise NoDataError("growth needs at least two periods")
    return np.asarray(divide(data[1:] - data[:-1], data[:-1]))


def volatility(values: Any) -> float:
    """Volatility: the sample standard deviation (as STDEV.S) of the growth rates.

    Raises
    ------
    ZeroDenominatorError
        When a growth rate is undefined (a zero period) or there are fewer than two
        rates (STDEV.S of one value is ``#DIV/0!``).

    Examples
    --------
    >>> round(volatility([100, 110, 99, 120]), 6)
    0.158109
    """
    rates = growth(values)
    if np.isnan(rates).any():
        raise ZeroDenominatorError("a growth rate follows a zero period")
    if rates.size < 2:
        raise ZeroDenominatorError("the standard deviation needs two rates")
    return float(np.std(rates, ddof=1))
