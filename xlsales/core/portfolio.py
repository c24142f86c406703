"""Where premium comes from: the Pareto curve and the average premium per contract."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._arith import as_float, divide
from .kpi_errors import NoDataError, OutOfRangeError

__all__ = ["cumulative_share", "premium_per_contract"]


def cumulative_share(values: Any) -> np.ndarray:
    """Part cumulée: the running share of the total, item after item.

    Taken over items sorted by value descending (as :func:`group_table` sorts its
    rows), it draws the Pareto curve: the share of premium held by the first k
    advisors, for every k. The last element is 1.

    Parameters
    ----------
    values : array_like
        One value per item (premium per advisor...), in the order to accumulate.
        Values must be >= 0.

    Returns
    -------
    ndarray
        Running sum / total, one element per item; NaN everywhere when the total is
        zero (a share of nothing).

    Raises
    ------
    NoDataError
        When there is no item.
    OutOfRangeError
        For a negative value.

    Examples
    --------
    >>> cumulative_share([50, 30, 10, 5, 5]).tolist()
    [0.5, 0.8, 0.9, 0.95, 1.0]
    >>> cumulative_share([0, 0]).tolist()
    [nan, nan]
    """
    data = as_float(values).ravel()
    if data.size == 0:
        raise NoDataError("no value")
    if np.any(data < 0):
        raise OutOfRangeError("values must be >= 0")
    running = np.cumsum(data)
    return np.asarray(divide(running, np.full(data.size, running[-1])))


def premium_per_contract(premium: Any, contracts: Any) -> float | np.ndarray:
    """Prime moyenne par contrat: premium / contracts signed (the value of a sale).

    With the contracts (the volume), it places a product in its volume-vs-value
    quadrant (:func:`quadrants`); over the network it prices the contracts a region
    leaves on the table (:func:`untapped_potential`).

    Parameters
    ----------
    premium : float or array_like
        Annual premium signed.
    contracts : float or array_like
        Contracts signed.

    Raises
    ------
    ZeroDenominatorError
        When no contract was signed (scalar inputs; arrays give NaN).

    Examples
    --------
    >>> premium_per_contract(12_000, 16)
    750.0
    >>> premium_per_contract([900, 0], [3, 0]).tolist()
    [300.0, nan]
    """
    return divide(premium, contracts)
