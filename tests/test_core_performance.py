"""Concentration, segments, growth and grouped tables (seed 000)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from xlsales import core


@pytest.mark.parametrize(("n", "top", "expected"), [
    (41, 0.2, 9), (10, 0.2, 2), (5, 0.2, 1), (3, 10, 3), (7, 1, 1), (1, 0.01, 1),
])
def test_top_count_rounds_up(n, top, expected):
    assert core.top_count(n, top) == expected


@pytest.mark.parametrize("top", [0, -1, 1.5, float("nan")])
def test_top_count_rejects(top):
    with pytest.raises(core.OutOfRangeError):
        core.top_count(10, top)


def test_gini_matches_the_double_sum_definition():
    values = np.array([3.0, 0.0, 7.0, 12.0, 1.0])
    n = values.size
    by_definition = np.abs(values[:, None] - values[None, :]).sum() / (2 * n * n * values.mean())
    assert core.gini(values) == pytest.approx(by_definition)


def test_gini_of_zeros_is_a_zero_denominator():
    with pytest.raises(core.ZeroDenominatorError):
        core.gini([0, 0])


def test_segments_at_the_median_are_high():
    got = core.segments([1, 2, 3], [3, 2, 1])
    assert [s.value for s in got] == ["efficace", "performant", "actif à convertir"]


def test_untapped_potential_array():
    out = core.untapped_potential([100, 200], [0.1, 0.3], 0.2, 500)
    np.testing.assert_allclose(out, [5000, 0])


def test_growth_after_a_zero_month_is_nan_and_volatility_undefined():
    assert np.isnan(core.growth([0, 10])[0])
    with pytest.raises(core.ZeroDenominatorError):
        core.volatility([0, 10, 20])


def test_group_table_total_row_and_order():
    table = core.group_table(["b", "a", "c", "a"], [1, 1, 1, 1], [1, 1, 0, 1],
                             [100, 100, 0, 100])
    assert table["group"].tolist() == ["a", "b", "c", "Total"]  # ties by name
    assert table.iloc[-1]["premium"] == 300
    assert table["share"].iloc[:-1].sum() == pytest.approx(1)


def test_group_table_with_clients_uses_them_for_conversion():
    table = core.group_table(["a", "a"], [1, 1], [3, 0], [10, 0], clients=[1, 0])
    assert table.loc[0, "conversion"] == 0.5
    assert table.columns.tolist() == list(core.GROUP_COLUMNS)


def test_group_table_skips_blank_rows_but_keeps_ungrouped_figures():
    table = core.group_table(["a", None, None], [1, np.nan, 1], [1, np.nan, 0],
                             [10, np.nan, 5])
    assert table["group"].tolist() == ["a", None, "Total"]
    assert table.iloc[-1]["leads"] == 2


def test_group_table_misaligned_raises():
    with pytest.raises(core.OutOfRangeError):
        core.group_table(["a"], [1, 2], [1], [1])


def test_seniority_band_edges():
    at = dt.date(2024, 12, 31)
    days = [364, 366, 1095, 1096]  # tenure = days / 365.25 years
    entries = [at - dt.timedelta(days=d) for d in days]
    assert core.seniority_band(entries, at).tolist() == [
        "< 1 an", "1–3 ans", "1–3 ans", "> 3 ans"]
