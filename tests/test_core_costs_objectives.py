"""Cost lines, objectives and status."""

from __future__ import annotations

import numpy as np
import pytest

from xlsales import core


@pytest.mark.parametrize(("amount", "periodicity", "months", "quantity", "expected"), [
    (385, "once", 5, 1, 385),  # seed 003, ressource 5: flyers printed once
    (1550, "mois", 5, 1, 7750),  # rent, 5 months
    (700, "semestre", 12, 1, 1400),  # domain.md: 700 € a semester is 1 400 € a year
    (400, "an", 12, 1, 400),
    (250, "semester", 12, 2, 1000),  # boîtage: 2 people at 250 € each semester
    (450.2, "semaine", 5, 2, 18008),  # 2 people × 20 h × 22.51 €, 4 weeks a month
])
def test_period_cost(amount, periodicity, months, quantity, expected):
    assert core.period_cost(amount, periodicity, months, quantity) == pytest.approx(expected)


def test_weekly_cost_follows_the_weeks_per_month_convention():
    # The case leaves it open (domain.md): 52/12 weeks a month instead of 4.
    assert core.period_cost(100, "week", 12, weeks_per_month=52 / 12) == pytest.approx(5200)


def test_unknown_periodicity_raises():
    with pytest.raises(core.UnknownLabelError):
        core.period_cost(1, "fortnight", 1)


def test_negative_months_raise():
    with pytest.raises(core.OutOfRangeError):
        core.period_cost(1, "month", -1)


@pytest.mark.parametrize(("rate", "amber", "expected"), [
    (1.0, 0.9, "vert"), (0.9, 0.9, "orange"), (0.8999, 0.9, "rouge"), (0.85, 0.8, "orange"),
    (1.5, 0.9, "vert"),
])
def test_status_thresholds(rate, amber, expected):
    assert core.status(rate, amber).value == expected


def test_status_amber_must_be_a_fraction():
    with pytest.raises(core.OutOfRangeError):
        core.status(0.5, amber=90)


def test_gap_relative_arrays_give_nan_on_zero_objective():
    out = core.gap([5, 5], [10, 0], relative=True)
    assert out[0] == -0.5 and np.isnan(out[1])


def test_run_rate_without_elapsed_time_raises():
    with pytest.raises(core.ZeroDenominatorError):
        core.run_rate(10, 0, 12)


def test_remaining_is_never_negative():
    np.testing.assert_array_equal(core.remaining([5, 15], [10, 10]), [5, 0])
