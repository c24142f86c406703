"""Pipeline (seed 004): prognoses per offer, weighted forecast, scoring by potential."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._arith import TOLERANCE, as_float
from .funnel import normalise_label
from .kpi_errors import NoDataError, OutOfRangeError, UnknownLabelError

__all__ = [
    "PROGNOSIS_STEPS",
    "PROGNOSIS_RULES",
    "SCORE_LABELS",
    "weighted_pipeline",
    "normalise_rule",
    "global_prognosis",
    "score",
]

#: The prognoses an offer may carry (0 = lost or abandoned, 1 = won).
PROGNOSIS_STEPS: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
#: The agency rules that consolidate the prognoses of a prospect's offers.
PROGNOSIS_RULES: tuple[str, ...] = ("max", "min", "combined")
#: Default score labels, from the smallest potential up.
SCORE_LABELS: tuple[str, ...] = ("petit", "moyen", "important", "VIP")

_RULE_ALIASES = {
    "max": "max",
    "maximum": "max",
    "highest": "max",
    "plus fort": "max",
    "le plus fort": "max",
    "plus haut": "max",
    "min": "min",
    "minimum": "min",
    "lowest": "min",
    "plus faible": "min",
    "le plus faible": "min",
    "plus bas": "min",
    "combined": "combined",
    "combine": "combined",
    "combination": "combined",
    "combinaison": "combined",
    "combinee": "combined",
}


def _check_prognoses(values: np.ndarray) -> None:
    if np.any((values < 0) | (values > 1)):
        raise OutOfRangeError("a prognosis is a fraction between 0 and 1")


def weighted_pipeline(amounts: Any, prognoses: Any) -> float:
    """Prévision pondérée: Σ offer amount × prognosis.

    Parameters
    ----------
    amounts, prognoses : array_like
        One amount and one prognosis (a fraction, 0.6 for 60 %) per offer, aligned.
        Pairs where either is NaN are skipped.

    Raises
    ------
    OutOfRangeError
        For a prognosis outside [0, 1].

    Examples
    --------
    >>> weighted_pipeline([1000, 2500, 400], [0.2, 0.6, 1])
    2100.0
    """
    amt, prob = as_float(amounts).ravel(), as_float(prognoses).ravel()
    if amt.shape != prob.shape:
        raise OutOfRangeError("amounts and prognoses must be aligned")
    keep = ~(np.isnan(amt) | np.isnan(prob))
    amt, prob = amt[keep], prob[keep]
    _check_prognoses(prob)
    return float(np.dot(amt, prob))


def normalise_rule(rule: str) -> str:
    """Canonical prognosis rule (max, min, combined) of a French or English label.

    >>> normalise_rule("le plus fort")
    'max'
    """
    try:
        return _RULE_ALIASES[normalise_label(rule)]
    except KeyError:
        raise UnknownLabelError(f"unknown prognosis rule {rule!r}") from None


def global_prognosis(prognoses: Any, rule: str = "max") -> float:
    """Pronostic global of a prospect from the prognoses of its offers.

    ``max`` (the highest offer), ``min`` (the lowest) or ``combined``: the chance that
    at least one offer wins, 1 − Π(1 − p). Setting it by hand is not a computation.

    Raises
    ------
    NoDataError
        When the prospect has no offer.
    OutOfRangeError
        For a prognosis outside [0, 1].

    Examples
    --------
    >>> global_prognosis([0.2, 0.6])
    0.6
    >>> global_prognosis([0.2, 0.6], "plus faible")
    0.2
    >>> round(global_prognosis([0.2, 0.6], "combined"), 2)
    0.68
    """
    kind = normalise_rule(rule)
    values = as_float(prognoses).ravel()
    values = values[~np.isnan(values)]
    if values.size == 0:
        raise NoDataError("no prognosis")
    _check_prognoses(values)
    if kind == "max":
        return float(values.max())
    if kind == "min":
        return float(values.min())
    return float(1.0 - np.prod(1.0 - values))


def score(
    potential: Any,
    thresholds: Sequence[float],
    labels: Sequence[str] | None = None,
) -> str | None | np.ndarray:
    """Score by accessible potential: a value at or above a threshold moves up a label.

    Parameters
    ----------
    potential : float or array_like
        Accessible potential of one or several prospects; NaN (unknown) gets None.
    thresholds : sequence of float
        Ascending thresholds set by the manager, one fewer than the labels.
    labels : sequence of str, optional
        Labels from the smallest potential up; default petit, moyen, important, VIP.

    Raises
    ------
    OutOfRangeError
        When the thresholds are not strictly ascending or do not match the labels.

    Examples
    --------
    >>> score(12000, [5000, 10000, 50000])
    'important'
    >>> score([100, 5000, 80000], [5000, 10000, 50000]).tolist()
    ['petit', 'moyen', 'VIP']
    """
    names = tuple(labels) if labels is not None else SCORE_LABELS
    limits = as_float(thresholds).ravel()
    if np.any(np.isnan(limits)) or np.any(np.diff(limits) <= 0):
        raise OutOfRangeError("thresholds must be strictly ascending")
    if len(names) != limits.size + 1:
        raise OutOfRangeError(
            f"{limits.size} thresholds need {limits.size + 1} labels, got {len(names)}"
        )
    values = as_float(potential)
    # A potential equal to a threshold to 15 significant digits reaches it (at_least).
    index = np.searchsorted(limits, values + TOLERANCE * np.abs(values), side="right")
    out = np.asarray(names, dtype=object)[index]
    if np.ndim(out) == 0:
        return None if np.isnan(values) else str(out)
    out[np.isnan(values)] = None
    return out
