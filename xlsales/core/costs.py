"""Cost and return: acquisition cost, cost per contact, ROI, and costs over a period.

Annualising or converting a periodic cost is an input convention (docs/definitions.md): the
periodicity and the number of weeks in a month are arguments, never hidden constants.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from ._arith import as_float, divide, scalar_or_array
from .funnel import normalise_label
from .kpi_errors import OutOfRangeError, UnknownLabelError

__all__ = [
    "PERIODICITIES",
    "acquisition_cost",
    "cost_per_contact",
    "cost_per_contract",
    "per_client",
    "roi",
    "normalise_periodicity",
    "months_spanned",
    "period_cost",
]

#: Canonical periodicities of a cost line.
PERIODICITIES: tuple[str, ...] = ("once", "week", "month", "semester", "year")
# Occurrences per month; a week's count is the weeks-per-month convention, an argument.
_PER_MONTH = {"month": 1.0, "semester": 1 / 6, "year": 1 / 12}

_PERIODICITY_ALIASES = {
    "once": "once",
    "one off": "once",
    "une fois": "once",
    "unique": "once",
    "ponctuel": "once",
    "week": "week",
    "weekly": "week",
    "per week": "week",
    "per week per person": "week",
    "semaine": "week",
    "par semaine": "week",
    "par semaine et par personne": "week",
    "hebdomadaire": "week",
    "month": "month",
    "monthly": "month",
    "per month": "month",
    "mois": "month",
    "par mois": "month",
    "mensuel": "month",
    "semester": "semester",
    "per semester": "semester",
    "semestre": "semester",
    "par semestre": "semester",
    "semestriel": "semester",
    "year": "year",
    "yearly": "year",
    "annual": "year",
    "per year": "year",
    "an": "year",
    "annee": "year",
    "par an": "year",
    "annuel": "year",
}


def acquisition_cost(cost: Any, clients: Any) -> float | np.ndarray:
    """Coût d'acquisition client (CAC): total cost of the action / new clients.

    Examples
    --------
    Seed 003, resource 1, phoning: 2,330 € a year for 5 clients.

    >>> acquisition_cost(2330, 5)
    466.0
    """
    return divide(cost, clients)


def cost_per_contact(cost: Any, contacts: Any) -> float | np.ndarray:
    """Coût par prospect (or par contact): total cost / prospects or contacts.

    Examples
    --------
    Seed 003, resource 1, phoning: 2,330 € for 600 prospects.

    >>> round(cost_per_contact(2330, 600), 4)
    3.8833
    """
    return divide(cost, contacts)


def cost_per_contract(cost: Any, contracts: Any) -> float | np.ndarray:
    """Coût par contrat: total cost / contracts signed.

    >>> cost_per_contract(1000, 8)
    125.0
    """
    return divide(cost, contracts)


def per_client(amount: Any, clients: Any) -> float | np.ndarray:
    """An amount per new client: contracts per client, or panier moyen (revenue / clients).

    Examples
    --------
    Seed 003, resource 4, particuliers: 105 contracts for 50 new clients.

    >>> per_client(105, 50)
    2.1
    """
    return divide(amount, clients)


def roi(revenue: Any, cost: Any) -> float | np.ndarray:
    """Retour sur investissement: (revenue − cost) / cost.

    Examples
    --------
    Seed 003, resource 1, publipostage: 4,000 € of revenue for 1,400 € a year.

    >>> round(roi(4000, 1400), 4)
    1.8571
    """
    rev, cst = as_float(revenue), as_float(cost)
    return divide(rev - cst, cst)


def normalise_periodicity(label: str) -> str:
    """Canonical periodicity (once, week, month, semester, year) of a French or
    English label.

    >>> normalise_periodicity("Par semestre")
    'semester'
    """
    try:
        return _PERIODICITY_ALIASES[normalise_label(label)]
    except KeyError:
        raise UnknownLabelError(f"unknown periodicity {label!r}") from None


def months_spanned(start: dt.date, end: dt.date) -> int:
    """Calendar months from ``start`` to ``end``, both included.

    The convention of the campaign workbook: February to June is 5 months, whatever
    the day of the month; a workbook computes it as
    ``(YEAR(end)-YEAR(start))*12+MONTH(end)-MONTH(start)+1``.

    >>> months_spanned(dt.date(2022, 2, 1), dt.date(2022, 6, 30))
    5

    Raises
    ------
    OutOfRangeError
        When ``end`` is before ``start``.
    """
    if end < start:
        raise OutOfRangeError("end is before start")
    return (end.year - start.year) * 12 + end.month - start.month + 1


def period_cost(
    amount: Any,
    periodicity: str,
    months: Any,
    quantity: Any = 1,
    weeks_per_month: float = 4,
) -> float | np.ndarray:
    """A cost line over a period of ``months`` months.

    ``once`` is paid once; ``week`` is paid every week (``weeks_per_month`` weeks a
    month, the case's default 4), per person when ``quantity`` counts people;
    ``month``, ``semester`` and ``year`` are prorated on months.

    Parameters
    ----------
    amount : float or array_like
        Amount per occurrence (per week and per person for ``week``).
    periodicity : str
        once, week, month, semester or year, in French or English.
    months : float or array_like
        Length of the period in months.
    quantity : float or array_like, default 1
        Occurrences per period unit: persons, operations...
    weeks_per_month : float, default 4
        The convention for weekly costs.

    Examples
    --------
    docs/definitions.md: 31.10 € a month over a year, and 700 € a semester over a year.

    >>> round(period_cost(31.10, "month", 12), 2)
    373.2
    >>> period_cost(700, "par semestre", 12)
    1400.0

    Seed 003, resource 5: two sales people paid 20 h × 22.51 € a week each,
    February to June 2022 (5 months of 4 weeks).

    >>> round(period_cost(20 * 22.51, "week", 5, quantity=2), 2)
    18008.0
    """
    kind = normalise_periodicity(periodicity)
    amt, mon, qty = as_float(amount), as_float(months), as_float(quantity)
    if np.any(mon < 0) or np.any(qty < 0) or weeks_per_month < 0:
        raise OutOfRangeError("months, quantity and weeks per month must be >= 0")
    if kind == "once":
        out = amt * qty
    else:
        per_month = weeks_per_month if kind == "week" else _PER_MONTH[kind]
        out = amt * qty * per_month * mon
    return scalar_or_array(np.asarray(out, dtype=float))
