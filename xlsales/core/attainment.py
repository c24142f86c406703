"""Objectives versus actuals (objectifs vs réalisé): attainment, gaps, run rate, status."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import numpy as np

from ._arith import as_float, at_least, divide, scalar_or_array
from .kpi_errors import OutOfRangeError

__all__ = [
    "DEFAULT_AMBER",
    "Status",
    "attainment",
    "gap",
    "remaining",
    "run_rate",
    "status",
    "objective_status",
    "significant_gap",
]

#: Attainment from which a figure is amber rather than red (a setting in workbooks).
DEFAULT_AMBER = 0.9


class Status(StrEnum):
    """Traffic-light status of an attainment."""

    GREEN = "vert"
    AMBER = "orange"
    RED = "rouge"


def attainment(actual: Any, objective: Any) -> float | np.ndarray:
    """Taux d'atteinte: actual / objective.

    Examples
    --------
    Seed 003, resource 4, particuliers: 50 new clients for a network objective of 70.

    >>> round(attainment(50, 70), 4)
    0.7143
    """
    return divide(actual, objective)


def gap(actual: Any, objective: Any, relative: bool = False) -> float | np.ndarray:
    """Écart: actual − objective; écart relatif when ``relative``: divided by objective.

    Examples
    --------
    Seed 003, resource 4, particuliers: 653 coupons for an objective of 650.

    >>> gap(653, 650)
    3.0
    >>> round(gap(653, 650, relative=True), 6)
    0.004615
    """
    act, obj = as_float(actual), as_float(objective)
    if relative:
        return divide(act - obj, obj)
    return scalar_or_array(act - obj)


def remaining(actual: Any, objective: Any) -> float | np.ndarray:
    """Reste à faire: max(objective − actual, 0).

    >>> remaining(50, 70)
    20.0
    >>> remaining(105, 80)
    0.0
    """
    act, obj = as_float(actual), as_float(objective)
    return scalar_or_array(np.maximum(obj - act, 0.0))


def run_rate(actual: Any, elapsed: Any, total: Any) -> float | np.ndarray:
    """Projection (run rate): actual × total / elapsed, activity assumed linear.

    Parameters
    ----------
    actual : float or array_like
        What has been done so far.
    elapsed : float or array_like
        Length already elapsed (months, weeks, days...).
    total : float or array_like
        Length of the whole period, in the same unit.

    Raises
    ------
    OutOfRangeError
        When ``elapsed`` or ``total`` is negative.

    Examples
    --------
    Twelve contracts after 4 months of a 12-month year:

    >>> run_rate(12, 4, 12)
    36.0
    """
    act, ela, tot = as_float(actual), as_float(elapsed), as_float(total)
    if np.any(ela < 0) or np.any(tot < 0):
        raise OutOfRangeError("elapsed and total must be >= 0")
    return divide(act * tot, ela)


def status(rate: Any, amber: float = DEFAULT_AMBER) -> Status | np.ndarray:
    """Status of an attainment: green from 100 %, amber from ``amber``, red below.

    The rate is compared as a person reads it (:func:`~xlsales.core.at_least`):
    60.3 for an objective of 67 is exactly 90 %, so amber.

    >>> status(1.0).value, status(0.92).value, status(0.5).value
    ('vert', 'orange', 'rouge')
    >>> status([1.2, 0.85], amber=0.8).tolist()
    [<Status.GREEN: 'vert'>, <Status.AMBER: 'orange'>]
    >>> status(60.3 / 67).value
    'orange'
    """
    values = as_float(rate)
    if not 0 <= amber <= 1:
        raise OutOfRangeError("the amber threshold is a fraction between 0 and 1")
    index = np.where(at_least(values, 1.0), 0, np.where(at_least(values, amber), 1, 2))
    labels = np.asarray([Status.GREEN, Status.AMBER, Status.RED], dtype=object)[index]
    return labels


def objective_status(
    actual: Any, objective: Any, amber: float = DEFAULT_AMBER
) -> Status | np.ndarray:
    """Status of an actual against its objective: :func:`status` of the attainment.

    Examples
    --------
    Seed 003, resource 4, particuliers: 653 coupons for 650 (green), 67 meetings for
    90 (red).

    >>> objective_status(653, 650).value, objective_status(67, 90).value
    ('vert', 'rouge')
    """
    return status(attainment(actual, objective), amber)


def significant_gap(actual: Any, objective: Any, threshold: float) -> bool | np.ndarray:
    """Écart significatif: the relative gap is at least ``threshold`` either way, the
    gaps seed 001 asks a manager to explain and correct. The gap is compared as the
    figure a person reads (:func:`~xlsales.core.at_least`): 99 for 90, or 3.3 for 3, is
    a gap of exactly 10 %.

    Raises
    ------
    ZeroDenominatorError
        When the objective is zero (scalar inputs).

    Examples
    --------
    >>> significant_gap(85, 100, 0.1), significant_gap(95, 100, 0.1)
    (True, False)
    >>> significant_gap([85, 125], [100, 100], 0.2).tolist()
    [False, True]
    >>> significant_gap(99, 90, 0.1), significant_gap(3.3, 3, 0.1)
    (True, True)
    """
    relative = gap(actual, objective, relative=True)
    out = at_least(np.abs(as_float(relative)), threshold)
    return bool(out) if np.ndim(out) == 0 else out
