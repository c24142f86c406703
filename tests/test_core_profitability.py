"""Break-even and its date."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from xlsales import core


@pytest.mark.parametrize(("ca", "cv"), [(100, 100), (100, 150), (0, 0)])
def test_breakeven_never_reached_when_ca_not_above_cv(ca, cv):
    with pytest.raises(core.NotReachedError):
        core.breakeven(1000, ca, cv)


def test_breakeven_arrays_give_nan_where_unreachable():
    out = core.breakeven([1000, 1000], [2000, 100], [1000, 200])
    assert out[0] == pytest.approx(2000) and np.isnan(out[1])


@pytest.mark.parametrize("price", [180, 100])
def test_breakeven_units_unreachable_without_unit_margin(price):
    with pytest.raises(core.NotReachedError):
        core.breakeven_units(1000, price, 180)


def test_breakeven_date_on_the_first_day_when_no_fixed_cost():
    start, end = dt.date(2022, 2, 1), dt.date(2022, 6, 30)
    assert core.breakeven_date(0, 100, 50, start, end) == start


def test_breakeven_date_after_the_period_when_not_covered():
    # SR = 2 × CA: reached at twice the period length, after the end.
    start, end = dt.date(2022, 1, 1), dt.date(2022, 1, 10)
    assert core.breakeven_date(100, 100, 50, start, end) == dt.date(2022, 1, 21)


def test_breakeven_date_end_before_start_raises():
    with pytest.raises(core.OutOfRangeError):
        core.breakeven_date(1, 2, 1, dt.date(2022, 2, 1), dt.date(2022, 1, 1))


def test_safety_margin_is_revenue_minus_breakeven():
    sr = core.breakeven(26298.5, 100250, 46990)
    assert core.safety_margin(100250, 26298.5, 46990) == pytest.approx(100250 - sr)


def test_result_equals_safety_margin_times_margin_rate():
    # Résultat = marge de sécurité × taux de MCV, a textbook identity.
    ca, cf, cv = 100250, 26298.5, 46990
    assert core.operating_result(ca, cf, cv) == pytest.approx(
        core.safety_margin(ca, cf, cv) * core.margin_rate(ca, cv))


def test_breakeven_date_beyond_the_calendar_raises():
    # Found by the UDF property test: 1e308 of fixed costs for 1 € of revenue.
    with pytest.raises(core.OutOfRangeError):
        core.breakeven_date(1e308, 1.0, 0.0, dt.date(2022, 2, 1), dt.date(2022, 6, 30))


def test_breakeven_date_of_an_overflowing_revenue_is_out_of_range():
    # Hypothesis found it: sums that overflow to infinity make SR / CA a NaN.
    with pytest.raises(core.OutOfRangeError):
        core.breakeven_date(1e308, float("inf"), 0, dt.date(2022, 1, 1), dt.date(2022, 1, 2))
