"""The two primitives every KPI is built from: array conversion and division.

Convention of the whole core: scalars in, a Python ``float`` out, and an undefined result
raises a :class:`~xlsales.core.kpi_errors.KpiError`; arrays in, an ``ndarray`` out, and an
undefined element is NaN. NaN in an array result therefore always means "zero
denominator" (inputs are cleaned at the edges and never carry NaN into the core).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .kpi_errors import KpiError, ZeroDenominatorError

__all__ = ["DIGITS", "as_float", "decimal", "divide", "is_scalar", "scalar_or_array"]

#: Significant digits at which a computed figure is compared with a threshold or
#: floored: the digits a spreadsheet shows and a person reads. 60.3 / 67 is
#: 0.8999999999999999 in binary and 0.9 (exactly 90 %) to a person, to LibreOffice
#: (which compares and floors at about 15 digits) and to the workbooks, whose formula
#: twins round the same way (``xlsales.templates.twins.decimal``).
DIGITS = 15


def as_float(x: Any) -> np.ndarray:
    """Return ``x`` as a float ndarray (0-d for a scalar)."""
    return np.asarray(x, dtype=float)


def is_scalar(*arrays: np.ndarray) -> bool:
    """True when every array is 0-d."""
    return all(np.ndim(a) == 0 for a in arrays)


def scalar_or_array(out: np.ndarray) -> float | np.ndarray:
    """Unwrap a 0-d array into a Python float."""
    return float(out) if np.ndim(out) == 0 else out


def decimal(x: Any) -> Any:
    """``x`` rounded to :data:`DIGITS` significant digits: the decimal a person reads.

    Every comparison of a computed figure with a threshold (statuses, significant
    gaps, scores...) and every floor or ceiling of one (point mort, top counts) goes
    through here, so that an exact decimal boundary is on the side a person expects.
    Scalars give a float, arrays an array; NaN and infinities pass through.

    >>> 60.3 / 67, decimal(60.3 / 67)
    (0.8999999999999999, 0.9)
    >>> decimal([49.99999999999999, -0.30000000000000004]).tolist()
    [50.0, -0.3]
    """
    data = as_float(x)
    out = np.array(data, dtype=float, copy=True)
    finite = np.isfinite(data) & (data != 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        digits = DIGITS - 1 - np.floor(np.log10(np.abs(np.where(finite, data, 1.0))))
    # Beyond 300 digits 10**digits overflows; such tiny figures are left as they are.
    finite &= digits <= 300
    for places in np.unique(digits[finite]):
        where = finite & (digits == places)
        out[where] = np.round(data[where], int(places))
    return scalar_or_array(out)


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
