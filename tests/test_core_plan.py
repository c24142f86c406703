"""The PAC's core figures: Ansoff strategy and budget spread over months."""

from __future__ import annotations

import datetime as dt

import pytest

from xlsales import core

JAN = dt.date(2023, 1, 1)


@pytest.mark.parametrize(("new_product", "new_market", "expected"), [
    (False, False, core.AnsoffStrategy.PENETRATION),
    (True, False, core.AnsoffStrategy.PRODUCT_DEVELOPMENT),
    (False, True, core.AnsoffStrategy.MARKET_EXTENSION),
    (True, True, core.AnsoffStrategy.DIVERSIFICATION),
])
def test_ansoff_matrix(new_product, new_market, expected):
    # seed 002, 2e étape: the four strategies of the product/market matrix.
    assert core.ansoff(new_product, new_market) is expected


def test_spread_covers_the_months_of_the_action_only():
    # 700 € a semester of publipostage (seed 003, resource 1), run in March and April.
    out = core.spread_budget(700, dt.date(2023, 3, 15), dt.date(2023, 4, 2), JAN)
    assert out.tolist() == [0, 0, 350, 350, 0, 0, 0, 0, 0, 0, 0, 0]


def test_spread_of_an_action_inside_the_plan_sums_to_its_budget():
    out = core.spread_budget(2330, dt.date(2023, 3, 1), dt.date(2023, 10, 31), JAN)
    assert out.sum() == pytest.approx(2330, rel=1e-12)


def test_spread_drops_the_months_outside_the_plan():
    # November 2022 to February 2023: 4 months, two of them in the 2023 plan.
    out = core.spread_budget(1000, dt.date(2022, 11, 1), dt.date(2023, 2, 28), JAN)
    assert out[:3].tolist() == [250, 250, 0]
    assert out.sum() == 500


def test_spread_refuses_an_end_before_the_start():
    with pytest.raises(core.OutOfRangeError):
        core.spread_budget(100, dt.date(2023, 5, 1), dt.date(2023, 4, 1), JAN)


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2023, 1, 31), 1), (dt.date(2023, 12, 1), 12), (dt.date(2024, 1, 1), 13),
    (dt.date(2022, 12, 31), 0),
])
def test_month_index(day, expected):
    assert core.month_index(day, JAN) == expected
