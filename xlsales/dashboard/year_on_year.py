"""Year on year (N−1): the last twelve months of the period against the twelve before,
per month, per advisor and per product, when the extract holds more than 12 months.

Like for like: only the months of N whose month a year earlier lies in the period are
compared (an extract of 18 months compares its last 6 months with the same 6 months a
year before). The premium of a client counts in its signature month (its creation month
when unsigned), as on the Mois sheet. The evolution is core.gap(N, N−1, relative=True),
blank when N−1 is zero. With 12 months or fewer the tables stay empty.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from .. import core

__all__ = ["YOY_BLOCKS", "year_on_year"]

#: Keys of the blocks this module fills (see :data:`~.layout.BLOCKS`).
YOY_BLOCKS = ("yoy_months", "yoy_advisors", "yoy_products")
_COLUMNS = ["group", "premium", "premium_prev", "yoy"]


def _evolution(now: np.ndarray, before: np.ndarray) -> np.ndarray:
    out = np.full(len(now), None, dtype=object)
    known = before != 0
    if known.any():
        out[known] = np.asarray(core.gap(now[known], before[known], relative=True))
    return out


def _block(groups: list[Any], now: np.ndarray, before: np.ndarray, total_label: str
           ) -> tuple[pd.DataFrame, dict[str, Any] | None]:
    rows = pd.DataFrame({"group": groups, "premium": now, "premium_prev": before,
                         "yoy": _evolution(now, before)}, columns=_COLUMNS)
    total_now, total_before = float(now.sum()), float(before.sum())
    total = {"group": total_label, "premium": total_now, "premium_prev": total_before,
             "yoy": None if total_before == 0 else float(
                 core.gap(total_now, total_before, relative=True))}
    return rows, total


def _booked(leads: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    client = leads["client"].to_numpy(dtype=bool)
    created = leads["date_creation"].to_numpy(dtype="datetime64[D]").astype("datetime64[M]")
    signed = leads["date_signature"].to_numpy(dtype="datetime64[D]").astype("datetime64[M]")
    months = np.where(np.isnat(signed), created, signed)[client]
    return months, leads["premium"].to_numpy(dtype=float)[client], leads[client]


def _by(keys: pd.Series, in_now: np.ndarray, in_before: np.ndarray, premium: np.ndarray
        ) -> tuple[list[Any], np.ndarray, np.ndarray]:
    table = pd.DataFrame({"key": keys.astype(object).to_numpy(),
                          "now": np.where(in_now, premium, 0.0),
                          "before": np.where(in_before, premium, 0.0)})
    table = table[in_now | in_before]
    sums = table.groupby("key", sort=False)[["now", "before"]].sum()
    sums = sums.sort_values(["now", "before"], ascending=False, kind="stable")
    return list(sums.index), sums["now"].to_numpy(), sums["before"].to_numpy()


def year_on_year(leads: pd.DataFrame, period: tuple[dt.date, dt.date], total_label: str
                 ) -> dict[str, tuple[pd.DataFrame, dict[str, Any] | None]]:
    """The three N−1 blocks, as (rows, total row) (empty when the period spans 12
    months or fewer)."""
    first = np.datetime64(period[0], "M")
    last = np.datetime64(period[1], "M")
    start = max(last - 11, first + 12)  # the months of N with a month N−1 in the period
    if start > last:
        return {key: (_block([], np.zeros(0), np.zeros(0), total_label)[0], None)
                for key in YOY_BLOCKS}
    months, premium, clients = _booked(leads)
    in_now = (months >= start) & (months <= last)
    in_before = (months >= start - 12) & (months <= last - 12)
    compared = np.arange(start, last + 1)
    index_now = (months - start).astype(int)
    now = np.bincount(index_now[in_now], weights=premium[in_now],
                      minlength=len(compared))[:len(compared)]
    index_before = (months - (start - 12)).astype(int)
    before = np.bincount(index_before[in_before], weights=premium[in_before],
                         minlength=len(compared))[:len(compared)]
    groups = list(compared.astype("datetime64[D]").astype(dt.date))
    blocks = {"yoy_months": _block(groups, now, before, total_label)}
    for key, column in (("yoy_advisors", "conseiller"), ("yoy_products", "produit")):
        names, by_now, by_before = _by(clients[column], in_now, in_before, premium)
        blocks[key] = _block(names, by_now, by_before, total_label)
    return blocks
