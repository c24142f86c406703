"""Concentration of premium: share of the top items (Pareto) and the Gini coefficient."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._arith import as_float, ceil_decimal, divide
from .kpi_errors import NoDataError, OutOfRangeError

__all__ = ["share", "top_count", "top_share", "gini"]


def share(value: Any, total: Any) -> float | np.ndarray:
    """Part: an item's value / the total.

    >>> share(25, 200)
    0.125
    """
    return divide(value, total)


def top_count(n: int, top: float) -> int:
    """How many items "the top" means among ``n``.

    ``top`` >= 1 is a number of items (capped at ``n``); 0 < ``top`` < 1 is a fraction
    of the items, the count rounded up (Pareto: the top 20 % of 41 advisors is 9).

    >>> top_count(41, 0.2), top_count(41, 3), top_count(2, 5)
    (9, 3, 2)
    """
    if not top > 0 or (top >= 1 and top != int(top)):
        raise OutOfRangeError("top is a whole number >= 1 or a fraction in ]0, 1[")
    if top < 1:
        # As a person reads it: 0.2 × 10 is 2, although it is 2.0000000000000004 in binary.
        return ceil_decimal(top * n)
    return min(int(top), n)


def top_share(values: Any, top: float) -> float:
    """Share of the total held by the top items.

    Parameters
    ----------
    values : array_like
        One value per item (premium per advisor...). Values must be >= 0.
    top : float
        A number of items (>= 1) or a fraction of the items (0 < top < 1, count
        rounded up).

    Raises
    ------
    NoDataError
        When there is no item.
    ZeroDenominatorError
        When the total is zero.

    Examples
    --------
    >>> top_share([50, 30, 10, 5, 5], 0.2)
    0.5
    >>> top_share([50, 30, 10, 5, 5], 2)
    0.8
    """
    data = as_float(values).ravel()
    if data.size == 0:
        raise NoDataError("no value")
    if np.any(data < 0):
        raise OutOfRangeError("values must be >= 0")
    k = top_count(data.size, top)
    ordered = np.sort(data)[::-1]
    return divide(ordered[:k].sum(), data.sum())


def gini(values: Any) -> float:
    """Gini coefficient: Σi Σj abs(xi − xj) / (2 n² mean).

    0 when every item holds the same, approaching 1 when one item holds everything.
    Computed in O(n log n) from the sorted values: Σi Σj abs(xi − xj) =
    2 Σk (2k − n − 1) x(k) for the values sorted ascending, k from 1.

    Raises
    ------
    NoDataError
        When there is no value.
    OutOfRangeError
        For a negative value.
    ZeroDenominatorError
        When the mean is zero.

    Examples
    --------
    >>> gini([10, 10, 10])
    0.0
    >>> gini([0, 0, 0, 100])
    0.75
    """
    data = np.sort(as_float(values).ravel())
    n = data.size
    if n == 0:
        raise NoDataError("no value")
    if data[0] < 0:
        raise OutOfRangeError("values must be >= 0")
    ranks = np.arange(1, n + 1, dtype=float)
    pair_sum = 2.0 * np.dot(2.0 * ranks - n - 1.0, data)
    return divide(pair_sum, 2.0 * n * n * data.mean())
