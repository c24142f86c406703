"""Named exceptions of the KPI core.

A KPI whose value does not exist for the given inputs raises one of these; the edges
(UDFs, workbooks, CLI) translate them once, each in its own vocabulary. The core never
mentions Excel: the mapping to ``#DIV/0!`` and friends lives in :mod:`xlsales.coercion`.
"""

from __future__ import annotations

__all__ = [
    "KpiError",
    "ZeroDenominatorError",
    "NotReachedError",
    "OutOfRangeError",
    "UnknownLabelError",
    "NoDataError",
]


class KpiError(ValueError):
    """Base class: the figure is undefined for these inputs."""


class ZeroDenominatorError(KpiError):
    """A rate or average whose denominator is zero (a rate of nothing)."""


class NotReachedError(KpiError):
    """A threshold that can never be reached, e.g. a break-even when CA <= CV."""


class OutOfRangeError(KpiError):
    """An input outside its domain: a prognosis above 100 %, a negative count..."""


class UnknownLabelError(KpiError):
    """A label the core does not know: a funnel status, a periodicity, a rule."""


class NoDataError(KpiError):
    """Nothing to compute on: no offer for a prognosis, no value for a ranking."""
