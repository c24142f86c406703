"""Profitability: contribution margin, break-even (seuil de rentabilité) and point mort.

All figures follow domain.md: MCV = CA − CV, taux de MCV = MCV / CA, SR = CF / taux de MCV
(never reached when CA <= CV), point mort = start + SR / CA × (end − start + 1 day) with
activity assumed linear, marge de sécurité = CA − SR, résultat = MCV − CF.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np

from ._arith import as_float, divide, floor_decimal, is_scalar, scalar_or_array
from .kpi_errors import NotReachedError, OutOfRangeError

__all__ = [
    "contribution_margin",
    "margin_rate",
    "breakeven",
    "breakeven_units",
    "breakeven_date",
    "safety_margin",
    "operating_result",
]


def contribution_margin(revenue: Any, variable_costs: Any) -> float | np.ndarray:
    """Marge sur coûts variables (MCV): CA − CV.

    Examples
    --------
    Seed 003, resources 4 and 5: CA = 105 × 454 + 55 × 956 = 100,250 €;
    CV = 653 × 30 + 323 × 50 (rewards per coupon) + 75 × 150 (commissions) = 46,990 €.

    >>> contribution_margin(100250, 46990)
    53260.0
    """
    return scalar_or_array(as_float(revenue) - as_float(variable_costs))


def margin_rate(revenue: Any, variable_costs: Any) -> float | np.ndarray:
    """Taux de marge sur coûts variables: (CA − CV) / CA.

    >>> round(margin_rate(100250, 46990), 6)
    0.531272
    """
    ca = as_float(revenue)
    return divide(ca - as_float(variable_costs), ca)


def breakeven(fixed_costs: Any, revenue: Any, variable_costs: Any) -> float | np.ndarray:
    """Seuil de rentabilité in value: CF / taux de MCV.

    Raises
    ------
    NotReachedError
        When CA <= CV: no revenue ever covers the fixed costs (scalar inputs; arrays
        give NaN there).

    Examples
    --------
    Seed 003, resource 5: CF = 7,750 (rent, 5 months) + 385 (flyers) + 155.50
    (phone, 5 months) + 18,008 (salaries) = 26,298.50 €.

    >>> round(breakeven(26298.5, 100250, 46990), 2)
    49501.03
    >>> breakeven(1000, 500, 600)
    Traceback (most recent call last):
    ...
    xlsales.core.kpi_errors.NotReachedError: the break-even is never reached when CA <= CV
    """
    cf, ca, cv = as_float(fixed_costs), as_float(revenue), as_float(variable_costs)
    unreachable = ca <= cv
    if is_scalar(cf, ca, cv) and unreachable:
        raise NotReachedError("the break-even is never reached when CA <= CV")
    out = divide(cf, margin_rate(ca, cv))
    return scalar_or_array(np.where(unreachable, np.nan, out))


def breakeven_units(
    fixed_costs: Any, unit_price: Any, unit_variable_cost: Any
) -> float | np.ndarray:
    """Seuil de rentabilité in units: CF / (unit price − unit variable cost).

    Raises
    ------
    NotReachedError
        When the unit margin is zero or negative.

    Examples
    --------
    >>> breakeven_units(26298.5, 454, 30 + 150)
    95.98
    """
    cf = as_float(fixed_costs)
    margin = as_float(unit_price) - as_float(unit_variable_cost)
    if is_scalar(cf, margin) and margin <= 0:
        raise NotReachedError("the break-even is never reached with a unit margin <= 0")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(margin <= 0, np.nan, cf / margin)
    return scalar_or_array(out)


def breakeven_date(
    fixed_costs: float,
    revenue: float,
    variable_costs: float,
    start: dt.date,
    end: dt.date,
) -> dt.date:
    """Point mort: the date the break-even is reached, activity being linear.

    start + SR / CA × (end − start + 1 day), in whole days rounded down; the offset is
    floored as a person reads it (:func:`~xlsales.core.floor_decimal`), so an offset of
    49.99999999999999 days, 50 on paper, gives the 50th day.

    Raises
    ------
    OutOfRangeError
        When ``end`` is before ``start``, or the date would be beyond year 9999.
    NotReachedError
        When CA <= CV.

    Examples
    --------
    Seed 003: February 1st to June 30th 2022 is 150 days; SR / CA = 0.49378, so
    74 days after the start.

    >>> breakeven_date(26298.5, 100250, 46990, dt.date(2022, 2, 1), dt.date(2022, 6, 30))
    datetime.date(2022, 4, 16)
    """
    if end < start:
        raise OutOfRangeError("end is before start")
    threshold = breakeven(fixed_costs, revenue, variable_costs)
    days = (end - start).days + 1
    offset = threshold / float(revenue) * days
    try:
        if not math.isfinite(offset):
            raise OverflowError
        return start + dt.timedelta(days=floor_decimal(float(offset)))
    except OverflowError:
        # A threshold so far beyond the revenue that the date leaves the calendar.
        raise OutOfRangeError("the break-even date is beyond the calendar") from None


def safety_margin(
    revenue: Any, fixed_costs: Any, variable_costs: Any, relative: bool = False
) -> float | np.ndarray:
    """Marge de sécurité: CA − SR; indice de sécurité when ``relative``: (CA − SR) / CA.

    Examples
    --------
    >>> round(safety_margin(100250, 26298.5, 46990), 2)
    50748.97
    >>> round(safety_margin(100250, 26298.5, 46990, relative=True), 4)
    0.5062
    """
    ca = as_float(revenue)
    margin = ca - as_float(breakeven(fixed_costs, revenue, variable_costs))
    if relative:
        return divide(margin, ca)
    return scalar_or_array(margin)


def operating_result(
    revenue: Any, fixed_costs: Any, variable_costs: Any
) -> float | np.ndarray:
    """Résultat: MCV − CF.

    >>> operating_result(100250, 26298.5, 46990)
    26961.5
    """
    mcv = as_float(contribution_margin(revenue, variable_costs))
    return scalar_or_array(mcv - as_float(fixed_costs))
