"""The two primitives every KPI is built from: array conversion and division.

Convention of the whole core: scalars in, a Python ``float`` out, and an undefined result
raises a :class:`~xlsales.core.kpi_errors.KpiError`; arrays in, an ``ndarray`` out, and an
undefined element is NaN. NaN in an array result therefore always means "zero
denominator" (inputs are cleaned at the edges and never carry NaN into the core).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

import numpy as np

from .kpi_errors import KpiError, ZeroDenominatorError

__all__ = ["as_float", "divide", "is_scalar", "scalar_or_array"]


def as_float(x: Any) -> np.ndarray:
    """Return ``x`` as a float ndarray (0-d for a scalar)."""
    return np.asarray(x, dtype=float)


def is_scalar(*arrays: np.ndarray) -> bool:
    """True when every array is 0-d."""
    return all(np.ndim(a) == 0 for a in arrays)


def scalar_or_array(out: np.ndarray) -> float | np.ndarray:
    """Unwrap a 0-d array into a Python float."""
    return float(out) if np.ndim(out) == 0 else out


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
