"""The two primitives every KPI is built from: array conversion and division.

Convention of the whole core: scalars in, a Python ``float`` out, and an undefined result
raises a :class:`~xlsales.core.kpi_errors.KpiError`; arrays in, an ``ndarray`` out, and an
undefined element is NaN. NaN in an array result therefore always means "zero
denominator" (inputs are cleaned at the edges and never carry NaN into the core).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, overload

import numpy as np

from .kpi_errors import KpiError, ZeroDenominatorError

__all__ = [
    "TOLERANCE",
    "as_float",
    "at_least",
    "ceil_decimal",
    "divide",
    "floor_decimal",
    "is_scalar",
    "scalar_or_array",
]

#: Two figures that agree to 15 significant digits are one figure: a relative difference
#: below this is the noise of binary arithmetic, not a difference a person could see.
#: 60.3 / 67 is 0.8999999999999999 in binary and exactly 90 % to a person; LibreOffice
#: compares and floors with about the same tolerance (2^-48), and the workbooks' formula
#: twins use this one (``xlsales.templates.twins.at_least`` and friends).
TOLERANCE = 1e-14


def as_float(x: Any) -> np.ndarray:
    """Return ``x`` as a float ndarray (0-d for a scalar)."""
    return np.asarray(x, dtype=float)


def is_scalar(*arrays: np.ndarray) -> bool:
    """True when every array is 0-d."""
    return all(np.ndim(a) == 0 for a in arrays)


def scalar_or_array(out: np.ndarray) -> float | np.ndarray:
    """Unwrap a 0-d array into a Python float."""
    return float(out) if np.ndim(out) == 0 else out


def at_least(x: Any, threshold: Any) -> Any:
    """``x >= threshold`` as a person decides it: true when ``x`` is above, or equal to
    15 significant digits (relative :data:`TOLERANCE`). Every comparison of a computed
    figure with a threshold (statuses, significant gaps, scores, segments) goes through
    here. Scalars give a bool, arrays an array.

    >>> 60.3 / 67 >= 0.9, at_least(60.3 / 67, 0.9), at_least(0.89, 0.9)
    (False, True, False)
    >>> at_least([(3.3 - 3) / 3, 0.0999], 0.1).tolist()
    [True, False]
    """
    value, limit = as_float(x), as_float(threshold)
    slack = TOLERANCE * np.maximum(np.abs(value), np.abs(limit))
    out = value >= limit - slack
    return bool(out) if np.ndim(out) == 0 else out


def floor_decimal(x: float) -> int:
    """The whole number below ``x`` as a person reads ``x``: 49.99999999999999, which
    is 50 on paper, floors to 50 (as LibreOffice's INT does).

    >>> import math
    >>> math.floor(49.99999999999999), floor_decimal(49.99999999999999), floor_decimal(49.9)
    (49, 50, 49)
    """
    return math.floor(x + TOLERANCE * abs(x))


def ceil_decimal(x: float) -> int:
    """The whole number above ``x`` as a person reads ``x``: 28 % of 25 is 7, although
    0.28 × 25 is 7.000000000000001 in binary.

    >>> import math
    >>> math.ceil(0.28 * 25), ceil_decimal(0.28 * 25), ceil_decimal(2.1)
    (8, 7, 3)
    """
    return math.ceil(x - TOLERANCE * abs(x))


# The convention above, told to the type checker: scalars give a float, arrays an ndarray.
@overload
def divide(numerator: float, denominator: float, *,
           error: type[KpiError] = ...) -> float: ...
@overload
def divide(numerator: np.ndarray | Sequence[Any], denominator: Any, *,
           error: type[KpiError] = ...) -> np.ndarray: ...
@overload
def divide(numerator: Any, denominator: np.ndarray | Sequence[Any], *,
           error: type[KpiError] = ...) -> np.ndarray: ...
def divide(
    numerator: Any,
    denominator: Any,
    *,
    error: type[KpiError] = ZeroDenominatorError,
) -> float | np.ndarray:
    """Divide elementwise; zero denominators follow the core's convention.

    >>> divide(1, 4)
    0.25
    >>> divide([1, 2], [4, 0])
    array([0.25,  nan])
    >>> divide(1, 0)
    Traceback (most recent call last):
    ...
    xlsales.core.kpi_errors.ZeroDenominatorError: denominator is zero
    """
    num = as_float(numerator)
    den = as_float(denominator)
    zero = den == 0
    if is_scalar(num, den):
        if zero:
            raise error("denominator is zero")
        return float(num) / float(den)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.true_divide(num, den)
    return np.where(zero, np.nan, out)
