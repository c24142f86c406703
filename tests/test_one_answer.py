"""The issue-12 edge cases, one by one, on the UDFs and the core (the workbooks'
side is in test_differential.py and test_spec_variants.py)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import udfs
from xlsales import core
from xlsales.templates import generate, twins


@pytest.mark.parametrize(("actual", "objective", "expected"), [
    (60.3, 67, "orange"),  # 60.3 / 67 = 0.8999999999999999 in binary, 90 % on paper
    (0.9 * 7, 7, "orange"),
    (60.29, 67, "rouge"),
    (67, 67, "vert"),
])
def test_status_at_the_amber_threshold(actual, objective, expected):
    assert udfs.kpi_status(actual, objective) == expected
    assert core.objective_status(actual, objective).value == expected


@pytest.mark.parametrize(("actual", "objective", "significant"), [
    (99, 90, True), (81, 90, True), (3.3, 3, True),  # exactly 10 % either way
    (98.9, 90, False),
])
def test_gap_of_exactly_the_threshold_is_significant(actual, objective, significant):
    assert core.significant_gap(actual, objective, 0.1) is significant


def test_point_mort_on_a_whole_day():
    # 43,673.2 × 150 / 53,260 = 123 days exactly (122.99999999999999 in binary):
    # 2022-02-01 + 123 days = 2022-06-04 (hand count: Feb 28, Mar 31, Apr 30, May 31).
    got = udfs.kpi_breakeven_date(43673.2, 100250, 46990, "2022-02-01", "2022-06-30")
    assert got == dt.date(2022, 6, 4)


def test_top_count_as_a_person_counts():
    # 28 % of 25 advisors is 7 (0.28 × 25 is 7.000000000000001 in binary).
    assert core.top_count(25, 0.28) == 7
    values = [float(v) for v in range(25, 0, -1)]
    assert udfs.kpi_top_share(values, 0.28) == pytest.approx(sum(values[:7]) / sum(values))


@pytest.mark.parametrize(("args", "expected"), [
    (("#NUM!", "#DIV/0!", 1), "#NUM!"),  # the case: the first argument's error
    ((1000, "#N/A", "#NUM!"), "#N/A"),
    ((["#VALUE!", "#N/A"], 1, 1), "#VALUE!"),  # in a range, the first in reading order
])
def test_first_error_in_argument_order_wins(args, expected):
    assert udfs.kpi_safety_margin(*args) == expected


def test_dates_of_early_1900_count_as_excel():
    # Excel's serial of 1900-01-01 is 1 (LibreOffice's is 2): summed as 1.
    assert udfs.kpi_conversion([dt.datetime(1900, 1, 1)], 1) == 1.0
    assert udfs.kpi_conversion([dt.datetime(1900, 3, 1)], 1) == 61.0
    assert udfs.kpi_months(59, 61) == 2  # 1900-02-28 to 1900-03-01
    assert udfs.kpi_months(60, 61) == "#VALUE!"  # 1900-02-29 never was


@pytest.mark.parametrize(("args", "expected"), [
    (("12", 4), 3.0),  # numeric text in a single cell, as Excel's =A1/B1
    ((True, 4), 0.25),
    ((["12", 4], 4), 1.0),  # in a range, as SUM: the text is left out
    (([True, 2], 4), 0.5),  # Excel's SUM leaves TRUE out (LibreOffice's counts it)
])
def test_text_and_booleans(args, expected):
    assert udfs.kpi_conversion(*args) == expected


def test_every_udf_says_whether_it_has_a_twin():
    assert set(twins.TWINS) == set(udfs.__all__)
    for name in ("kpi_breakeven_units", "kpi_top_share", "kpi_gini", "kpi_growth",
                 "kpi_volatility"):
        assert hasattr(twins, twins.TWINS[name])


def _validations(path, sheet: str) -> list[tuple[str, str, str | None]]:
    book = openpyxl.load_workbook(path)
    return [(str(v.sqref), v.operator or "", v.formula1)
            for v in book[sheet].data_validations.dataValidation]


def test_workbooks_refuse_what_the_udfs_refuse(tmp_path):
    # An end before the start (the UDFs' #NUM!): the end must be >= the start cell.
    campaign = generate("campaign", tmp_path / "c.xlsx", None)
    rules = _validations(campaign, openpyxl.load_workbook(campaign).sheetnames[0])
    assert any(op == "greaterThanOrEqual" and f and f.startswith("$B$") for _, op, f in rules)
    # Score thresholds strictly ascending (core.score's #NUM! otherwise).
    pipeline = generate("pipeline", tmp_path / "p.xlsx", None)
    rules = _validations(pipeline, openpyxl.load_workbook(pipeline).sheetnames[0])
    assert [(ref, f) for ref, op, f in rules if op == "greaterThan"] == [
        ("B13", "$B$12"), ("B14", "$B$13")]


def test_workbooks_refuse_a_name_typed_twice(tmp_path):
    # "=" compares case aside and without wildcards: "PHONING" under "Phoning" is
    # refused, "Salon*" beside "salon" is not.
    methods = generate("methods", tmp_path / "m.xlsx", None)
    rules = _validations(methods, "Méthodes")
    assert ("A6:A17", "", "SUMPRODUCT(--($A$6:$A$17=A6))<=1") in rules


@pytest.mark.parametrize(("actual", "objective", "call", "over"), [
    # In binary floating point 2.7 / 3 − 1 is −0.09999999999999994 and 36.3 / 33 − 1 is
    # 0.09999999999999991; a person reads exactly −10 % and +10 %.
    (2.7, 3, True, False),    # a shortfall of exactly the threshold: an action is due
    (36.3, 33, False, True),  # an over-achievement of exactly the threshold
    (64.0, 67, False, False),  # −4.5 %: not significant
])
def test_the_gaps_calling_for_action_use_the_same_threshold_rule(actual, objective, call,
                                                                 over):
    # The rule of core.significant_gap (equal to 15 digits reaches the threshold),
    # so a gap the follow-up marks significant is never left without its call.
    assert core.significant_gap(actual, objective, 0.1) is (call or over)
    assert core.gap_calls_for_action(actual, objective, 0.1) is call
    assert core.significant_over_achievement(actual, objective, 0.1) is over
