"""The commercial action plan (PAC, seed 002): the Ansoff strategy of a product/market
pair, and an action's budget spread over the calendar months it runs."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import numpy as np

from ._arith import as_float
from .costs import months_spanned
from .kpi_errors import OutOfRangeError

__all__ = ["AnsoffStrategy", "ansoff", "month_index", "spread_budget"]


class AnsoffStrategy(StrEnum):
    """The four development strategies of the product/market matrix."""

    PENETRATION = "penetration"
    PRODUCT_DEVELOPMENT = "product_development"
    MARKET_EXTENSION = "market_extension"
    DIVERSIFICATION = "diversification"


def ansoff(new_product: bool, new_market: bool) -> AnsoffStrategy:
    """Strategy of a product/market pair (Ansoff matrix).

    Current products on current markets: pénétration; new products on current
    markets: développement de produits; current products on new markets: extension
    de marché; new products on new markets: diversification.

    >>> ansoff(False, False).value, ansoff(True, False).value
    ('penetration', 'product_development')
    >>> ansoff(False, True).value, ansoff(True, True).value
    ('market_extension', 'diversification')
    """
    if new_product:
        return (AnsoffStrategy.DIVERSIFICATION if new_market
                else AnsoffStrategy.PRODUCT_DEVELOPMENT)
    return AnsoffStrategy.MARKET_EXTENSION if new_market else AnsoffStrategy.PENETRATION


def month_index(day: dt.date, first_month: dt.date) -> int:
    """Position of ``day``'s calendar month in a plan starting at ``first_month``
    (1 for the plan's first month, 0 for the month before, and so on).

    >>> month_index(dt.date(2023, 6, 30), dt.date(2023, 1, 1))
    6
    >>> month_index(dt.date(2022, 12, 31), dt.date(2023, 1, 15))
    0
    """
    return (day.year - first_month.year) * 12 + day.month - first_month.month + 1


def spread_budget(amount: Any, start: dt.date, end: dt.date, first_month: dt.date,
                  months: int = 12) -> np.ndarray:
    """An action's budget spread evenly over the calendar months from ``start`` to
    ``end`` (both included, :func:`months_spanned`), for each of the ``months`` months
    of a plan starting at ``first_month``; 0 in the plan's months outside the action.

    What falls outside the plan's months is not returned: the plan's total can be
    lower than the budget, which the workbook shows as "hors période".

    Raises
    ------
    OutOfRangeError
        When ``end`` is before ``start`` or ``months`` is negative.

    Examples
    --------
    Seed 003, resource 1: 2,330 € of phoning run from March to October 2023.

    >>> spread_budget(2330, dt.date(2023, 3, 1), dt.date(2023, 10, 31),
    ...               dt.date(2023, 1, 1)).tolist()[:4]
    [0.0, 0.0, 291.25, 291.25]
    >>> float(spread_budget(1200, dt.date(2023, 11, 1), dt.date(2024, 2, 29),
    ...                     dt.date(2023, 1, 1)).sum())
    600.0
    """
    if months < 0:
        raise OutOfRangeError("months must be >= 0")
    share = float(as_float(amount)) / months_spanned(start, end)
    first, last = month_index(start, first_month), month_index(end, first_month)
    index = np.arange(1, months + 1)
    return np.where((index >= first) & (index <= last), share, 0.0)
