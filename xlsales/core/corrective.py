"""Which gaps call for a corrective action: shortfalls, and over-achievements only when
the manager asks (docs/definitions.md, "Objectives").

A significant over-achievement is worth understanding and repeating, not correcting: a
+10 % month belongs beside the shortfalls, not among them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._arith import at_least
from .attainment import gap

__all__ = ["gap_calls_for_action", "significant_over_achievement"]


def _relative(actual: Any, objective: Any) -> np.ndarray:
    return np.asarray(gap(actual, objective, relative=True), dtype=float)


def _scalar_or_array(out: np.ndarray) -> bool | np.ndarray:
    return bool(out) if np.ndim(out) == 0 else out


def gap_calls_for_action(actual: Any, objective: Any, threshold: float,
                         over_achievement: bool = False) -> bool | np.ndarray:
    """A significant gap (abs(relative gap) ≥ ``threshold``) that is a shortfall, or an
    over-achievement when ``over_achievement`` says so.

    Raises
    ------
    ZeroDenominatorError
        When the objective is zero (scalar inputs).

    Examples
    --------
    >>> gap_calls_for_action(85, 100, 0.1), gap_calls_for_action(110, 100, 0.1)
    (True, False)
    >>> gap_calls_for_action(110, 100, 0.1, over_achievement=True)
    True
    >>> gap_calls_for_action([85, 95, 125], [100, 100, 100], 0.1).tolist()
    [True, False, False]
    """
    relative = _relative(actual, objective)
    # Significant as core.significant_gap decides it: a gap of exactly the threshold is one.
    significant = np.asarray(at_least(np.abs(relative), threshold))
    return _scalar_or_array(significant & ((relative < 0) | bool(over_achievement)))


def significant_over_achievement(actual: Any, objective: Any, threshold: float
                                 ) -> bool | np.ndarray:
    """A positive relative gap of at least ``threshold``: shown apart from the gaps to
    correct.

    Examples
    --------
    >>> significant_over_achievement([110, 105, 85], [100, 100, 100], 0.1).tolist()
    [True, False, False]
    """
    relative = _relative(actual, objective)
    return _scalar_or_array(np.asarray(at_least(relative, threshold)))
