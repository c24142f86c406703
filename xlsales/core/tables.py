"""Grouped KPI tables (per advisor, product, region...) and seniority bands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ._arith import divide
from .kpi_errors import NoDataError, OutOfRangeError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "TOTAL",
    "GROUP_COLUMNS",
    "group_table",
    "tenure_years",
    "seniority_band",
    "band_labels",
]

#: Label of the total row of a grouped table.
TOTAL = "Total"
#: Columns of :func:`group_table`, in order (``clients`` only when given).
GROUP_COLUMNS = (
    "group",
    "leads",
    "clients",
    "contracts",
    "conversion",
    "premium",
    "premium_per_lead",
    "share",
)


def group_table(
    groups: Sequence[Any] | np.ndarray,
    leads: Any,
    contracts: Any,
    premium: Any,
    clients: Any = None,
) -> pd.DataFrame:
    """One row per group, by premium descending, then a total row.

    Parameters
    ----------
    groups : sequence
        The group of each row (advisor, product, region...).
    leads, contracts, premium : array_like
        Per row, aligned with ``groups``: leads (1 per row for a one-row-per-lead
        extract), contracts signed and premium. NaN counts as nothing. A row with
        no group and no figure (a blank row of a selection) is skipped; a row with
        figures but no group is grouped under ``None``.
    clients : array_like, optional
        Per row, the leads converted into clients. When given, conversion is
        clients / leads (the dashboard's definition); otherwise contracts / leads.

    Returns
    -------
    DataFrame
        Columns ``group, leads, [clients,] contracts, conversion, premium,
        premium_per_lead, share`` (share of premium); the last row is :data:`TOTAL`.
        A rate with no lead is NaN.

    Raises
    ------
    OutOfRangeError
        When the columns are not aligned.
    NoDataError
        When there is no row.

    Examples
    --------
    >>> group_table(["Ana", "Bob", "Ana"], [1, 1, 1], [1, 0, 2], [500, 0, 1500])
       group  leads  contracts  conversion  premium  premium_per_lead  share
    0    Ana    2.0        3.0    1.500000   2000.0            1000.0    1.0
    1    Bob    1.0        0.0    0.000000      0.0               0.0    0.0
    2  Total    3.0        3.0    1.000000   2000.0             666.666667  1.0
    """
    import pandas as pd  # imported here: workbook generation needs no pandas

    figures = {"leads": leads, "contracts": contracts, "premium": premium}
    if clients is not None:
        figures["clients"] = clients
    arrays = {k: np.asarray(v, dtype=float).ravel() for k, v in figures.items()}
    codes, uniques = _group_codes(groups)
    if any(a.size != codes.size for a in arrays.values()):
        raise OutOfRangeError("groups and figures must have the same length")
    if not codes.size:
        raise NoDataError("no row")
    blank_row = codes < 0
    for values in arrays.values():
        blank_row &= np.isnan(values)
    if blank_row.all():
        raise NoDataError("no row")
    frame = pd.DataFrame(arrays)
    if blank_row.any():
        frame, codes = frame[~blank_row], codes[~blank_row]
    # Summed by integer code (a million labels are not hashed again), then labelled
    # with the index grouping by label would give (its type inferred, a blank as NaN),
    # in the same order: first appearance.
    sums = frame.groupby(codes, sort=False).sum(min_count=0)
    names = pd.Series(np.append(uniques, [None])[sums.index.to_numpy()], dtype="object")
    positions = pd.Series(np.arange(len(names))).groupby(names, sort=False,
                                                         dropna=False).first()
    if len(positions) < len(names):  # labels factorised apart but grouped together
        frame.insert(0, "group", np.append(uniques, [None])[codes])
        sums = frame.groupby("group", sort=False, dropna=False).sum(min_count=0)
    else:
        if not np.array_equal(positions.to_numpy(), np.arange(len(names))):
            sums = sums.iloc[positions.to_numpy()]
        sums = sums.set_axis(positions.index.rename("group"), axis=0)
    sums = sums.sort_index(key=lambda idx: idx.map(lambda g: "" if g is None else str(g)))
    sums = sums.sort_values("premium", ascending=False, kind="stable")
    sums.loc[TOTAL] = sums.sum()
    converted = sums["clients"] if clients is not None else sums["contracts"]
    sums["conversion"] = divide(converted.to_numpy(), sums["leads"].to_numpy())
    sums["premium_per_lead"] = divide(sums["premium"].to_numpy(), sums["leads"].to_numpy())
    total_premium = sums.loc[TOTAL, "premium"]
    sums["share"] = divide(sums["premium"].to_numpy(), np.full(len(sums), total_premium))
    ordered = [c for c in GROUP_COLUMNS[1:] if c in sums.columns]
    table = sums[ordered].rename_axis("group").reset_index()
    table["group"] = table["group"].astype(object).where(table["group"].notna(), None)
    return table


def _group_codes(groups: Any) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of the groups (-1 for a blank) and the distinct groups, in order
    of first appearance; a categorical's own codes when it is one."""
    import pandas as pd

    if isinstance(groups, pd.Categorical):
        return (groups.codes.astype(np.intp),
                np.asarray(groups.categories.astype(object), dtype=object))
    if isinstance(groups, np.ndarray) and groups.dtype == object and groups.ndim == 1:
        column = groups
    else:
        column = pd.Series(list(groups), dtype=object).to_numpy()
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return codes.astype(np.intp), np.asarray(uniques, dtype=object)


def tenure_years(entry: Any, at: dt.date) -> np.ndarray:
    """Tenure in years (days / 365.25) at a date, for one or several entry dates.

    >>> tenure_years([dt.date(2020, 1, 1)], dt.date(2022, 1, 1)).round(3).tolist()
    [2.0]
    """
    import pandas as pd  # imported here: workbook generation needs no pandas

    entries = pd.to_datetime(pd.Series(np.atleast_1d(np.asarray(entry, dtype=object))))
    days = (pd.Timestamp(at) - entries).dt.days.to_numpy(dtype=float)
    return days / 365.25


def seniority_band(
    entry: Any, at: dt.date, bounds: Sequence[float] = (1, 3)
) -> np.ndarray:
    """Seniority band of advisors at a date: < 1 year, 1–3 years, > 3 years by default.

    A tenure equal to a bound falls in the band that starts there, except the last
    bound which closes the band before it (3 years exactly is "1–3 ans").

    Examples
    --------
    >>> seniority_band([dt.date(2024, 6, 1), dt.date(2022, 6, 1), dt.date(2015, 3, 1)],
    ...                dt.date(2024, 12, 31)).tolist()
    ['< 1 an', '1–3 ans', '> 3 ans']
    """
    limits = np.asarray(bounds, dtype=float)
    if limits.size == 0 or np.any(np.diff(limits) <= 0):
        raise OutOfRangeError("bounds must be strictly ascending")
    labels = band_labels(limits)
    years = tenure_years(entry, at)
    index = np.searchsorted(limits[:-1], years, side="right") + (years > limits[-1])
    return np.asarray(labels, dtype=object)[index]


def band_labels(bounds: Sequence[float] | np.ndarray) -> list[str]:
    """French labels of the bands cut by ``bounds``.

    >>> band_labels([1, 3])
    ['< 1 an', '1–3 ans', '> 3 ans']
    """
    def fmt(x: float) -> str:
        return f"{x:g}"

    def unit(x: float) -> str:
        return "an" if x <= 1 else "ans"

    labels = [f"< {fmt(bounds[0])} {unit(bounds[0])}"]
    labels += [f"{fmt(a)}–{fmt(b)} ans" for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    labels.append(f"> {fmt(bounds[-1])} {unit(bounds[-1])}")
    return labels
