"""Segments against the medians of a group: advisors (effort vs result), products
(volume vs value), and the untapped potential of a region.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import Any

import numpy as np

from ._arith import as_float, at_least, scalar_or_array
from .kpi_errors import NoDataError

__all__ = [
    "Segment",
    "Quadrant",
    "segment",
    "segments",
    "quadrants",
    "untapped_potential",
]


class Segment(StrEnum):
    """Effort-vs-result segment of an advisor (seed 000)."""

    PERFORMANT = "performant"  # high effort, high result
    EFFICIENT = "efficace"  # low effort, high result
    TO_CONVERT = "actif à convertir"  # high effort, low result
    TO_SUPPORT = "à accompagner"  # low effort, low result


class Quadrant(StrEnum):
    """Volume-vs-value quadrant of a product (seed 000)."""

    STAR = "volume et valeur"  # many contracts, high premium per contract
    VALUE = "valeur"  # few contracts, high premium per contract
    VOLUME = "volume"  # many contracts, low premium per contract
    REVIEW = "à repositionner"  # few contracts, low premium per contract


def _medians(first: np.ndarray, second: np.ndarray) -> tuple[float, float]:
    if first.size == 0 or second.size == 0:
        raise NoDataError("no value in the group")
    return float(np.median(first)), float(np.median(second))


def _classify(high_x: Any, high_y: Any, labels: tuple[Enum, Enum, Enum, Enum]) -> Any:
    """Pick labels (both high, y only, x only, neither) by index, keeping the enums."""
    index = np.where(high_x & high_y, 0, np.where(high_y, 1, np.where(high_x, 2, 3)))
    out = np.asarray(labels, dtype=object)[index]
    return out


def segment(effort: float, result: float, efforts: Any, results: Any) -> Segment:
    """Segment of one advisor against the medians of the group (>= median is high).

    Parameters
    ----------
    effort, result : float
        The advisor's effort (leads handled) and result (premium, or conversion).
    efforts, results : array_like
        The same figures for the whole group, the advisor included.

    Examples
    --------
    >>> segment(20, 9000, [10, 20, 30], [5000, 9000, 4000]).value
    'performant'
    >>> segment(10, 5000, [10, 20, 30], [5000, 9000, 4000]).value
    'efficace'
    """
    med_e, med_r = _medians(as_float(efforts).ravel(), as_float(results).ravel())
    return _classify(
        np.asarray(at_least(effort, med_e)),
        np.asarray(at_least(result, med_r)),
        (Segment.PERFORMANT, Segment.EFFICIENT, Segment.TO_CONVERT, Segment.TO_SUPPORT),
    )


def segments(efforts: Any, results: Any) -> np.ndarray:
    """Segment of every advisor of a group.

    >>> [s.value for s in segments([10, 20, 30], [5000, 9000, 4000])]
    ['efficace', 'performant', 'actif à convertir']
    """
    eff, res = as_float(efforts).ravel(), as_float(results).ravel()
    med_e, med_r = _medians(eff, res)
    return _classify(
        at_least(eff, med_e),
        at_least(res, med_r),
        (Segment.PERFORMANT, Segment.EFFICIENT, Segment.TO_CONVERT, Segment.TO_SUPPORT),
    )


def quadrants(contracts: Any, premium_per_contract: Any) -> np.ndarray:
    """Volume-vs-value quadrant of every product against the medians (>= is high).

    >>> [q.value for q in quadrants([100, 10, 50], [200, 900, 500])]
    ['volume', 'valeur', 'volume et valeur']
    """
    vol, val = as_float(contracts).ravel(), as_float(premium_per_contract).ravel()
    med_vol, med_val = _medians(vol, val)
    return _classify(
        at_least(vol, med_vol),
        at_least(val, med_val),
        (Quadrant.STAR, Quadrant.VALUE, Quadrant.VOLUME, Quadrant.REVIEW),
    )


def untapped_potential(
    leads: Any,
    conversion: Any,
    network_conversion: float,
    network_premium_per_contract: float,
) -> float | np.ndarray:
    """Untapped regional potential: (network conversion − region conversion) × region
    leads × network average premium per contract, when positive (else 0).

    Examples
    --------
    A region converting 10 % of 1,000 leads where the network converts 15 % at
    600 € a contract leaves 50 contracts, 30,000 €, on the table.

    >>> round(untapped_potential(1000, 0.10, 0.15, 600), 6)
    30000.0
    >>> untapped_potential(1000, 0.20, 0.15, 600)
    0.0
    """
    missing = (float(network_conversion) - as_float(conversion)) * as_float(leads)
    value = np.maximum(missing * float(network_premium_per_contract), 0.0)
    return scalar_or_array(value)
