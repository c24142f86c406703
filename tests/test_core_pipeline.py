"""Prognoses and scoring (seed 004)."""

from __future__ import annotations

import pytest

from xlsales import core


@pytest.mark.parametrize(("rule", "expected"), [
    ("max", 0.8), ("le plus fort", 0.8), ("highest", 0.8),
    ("min", 0.2), ("plus faible", 0.2),
    ("combined", 1 - 0.8 * 0.6 * 0.2), ("combinaison", 1 - 0.8 * 0.6 * 0.2),
])
def test_global_prognosis_rules(rule, expected):
    assert core.global_prognosis([0.2, 0.4, 0.8], rule) == pytest.approx(expected)


def test_prognosis_above_one_is_out_of_range():
    with pytest.raises(core.OutOfRangeError):
        core.global_prognosis([60], "max")  # 60 typed for 60 %


def test_no_offer_has_no_prognosis():
    with pytest.raises(core.NoDataError):
        core.global_prognosis([], "max")


def test_weighted_pipeline_skips_incomplete_pairs():
    assert core.weighted_pipeline([100, 200, float("nan")], [0.5, float("nan"), 1]) == 50


@pytest.mark.parametrize(("value", "label"), [
    (0, "petit"), (4999.99, "petit"), (5000, "moyen"), (10000, "important"),
    (50000, "VIP"), (1e9, "VIP"),
])
def test_score_threshold_moves_up(value, label):
    assert core.score(value, [5000, 10000, 50000]) == label


def test_score_unknown_potential_has_no_label():
    assert core.score(float("nan"), [1, 2, 3]) is None


@pytest.mark.parametrize(("thresholds", "labels"), [
    ([3, 2, 1], None), ([1, 1, 2], None), ([1, 2], None), ([1], ["a", "b", "c"]),
])
def test_score_rejects_bad_thresholds(thresholds, labels):
    with pytest.raises(core.OutOfRangeError):
        core.score(1, thresholds, labels)
