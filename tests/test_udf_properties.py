"""Properties of the UDF catalogue on arbitrary Excel-shaped input."""

from __future__ import annotations

import inspect
import logging
import math
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import udfs
from xlsales.coercion import is_error

from .strategies import counts, excel_range, finite_numbers, numeric_column

#: Hundreds of drawn examples, or a workbook per case run through the command line:
#: out of `make test-fast`.
pytestmark = pytest.mark.slow

UDF_NAMES = list(udfs.__all__)


def _cells(result):
    if isinstance(result, list):
        for item in result:
            yield from _cells(item)
    else:
        yield result


def _assert_cell_values(result):
    for value in _cells(result):
        if isinstance(value, float):
            assert math.isfinite(value), value
        assert not isinstance(value, BaseException)


class _Recorder(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def no_unexpected_failure():
    """An unexpected exception becomes #VALUE! and is logged: none should happen."""
    recorder = _Recorder()
    logger = logging.getLogger("xlsales")
    logger.addHandler(recorder)
    try:
        yield
    finally:
        logger.removeHandler(recorder)
    assert not recorder.records, recorder.records[0].exc_info


@pytest.mark.parametrize("name", UDF_NAMES)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_udf_never_raises_nor_returns_nan(name, data):
    fn = getattr(udfs, name)
    n_args = len(inspect.signature(fn).parameters)
    args = [data.draw(excel_range) for _ in range(n_args)]
    with no_unexpected_failure():
        result = fn(*args)
    _assert_cell_values(result)


@given(values=st.lists(st.floats(min_value=0, max_value=1e9), min_size=1, max_size=40),
       groups=st.data())
@settings(max_examples=100, deadline=None)
def test_table_shares_sum_to_one(values, groups):
    labels = groups.draw(st.lists(st.sampled_from("ABCDE"), min_size=len(values),
                                  max_size=len(values)))
    table = udfs.kpi_table(labels, [1] * len(values), [1] * len(values), values)
    if sum(values) == 0:
        assert table[-1][-1] == "#DIV/0!"
        return
    shares = [row[-1] for row in table[1:-1]]
    assert sum(shares) == pytest.approx(1.0)
    assert table[-1][0] == "Total"
    premiums = [row[4] for row in table[1:-1]]
    assert premiums == sorted(premiums, reverse=True)


@given(actual=finite_numbers, objective=finite_numbers.filter(lambda x: abs(x) > 1e-6))
def test_attainment_times_objective_is_actual(actual, objective):
    assert udfs.kpi_attainment(actual, objective) * objective == pytest.approx(
        actual, rel=1e-9, abs=1e-6)


@given(statuses=st.lists(st.sampled_from(
    ["recensé", "qualifie", "Contacté", "engaged", "client", "perdu", "lost", None]),
    max_size=60))
def test_funnel_reached_never_increases(statuses):
    table = udfs.kpi_funnel(statuses)
    reached = [row[1] for row in table[1:]]
    assert reached == sorted(reached, reverse=True)
    assert reached[0] == sum(s is not None for s in statuses)


@given(column=numeric_column, extra=counts)
def test_sum_semantics_ignore_blanks_and_text(column, extra):
    with_noise = column + [None, "texte", True]
    clean = sum(x for x in column if x is not None) + extra
    assert udfs.kpi_gap(with_noise + [extra], 0) == pytest.approx(clean, rel=1e-9, abs=1e-3)


@given(values=st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=50))
def test_gini_is_between_zero_and_one(values):
    result = udfs.kpi_gini(values)
    if sum(values) == 0:
        assert result == "#DIV/0!"
    else:
        assert -1e-12 <= result < 1


@given(prognoses=st.lists(st.sampled_from([0, 0.2, 0.4, 0.6, 0.8, 1]), min_size=1,
                          max_size=6))
def test_combined_prognosis_is_at_least_the_highest(prognoses):
    combined = udfs.kpi_prognosis(prognoses, "combined")
    assert combined >= udfs.kpi_prognosis(prognoses, "max") - 1e-12
    assert udfs.kpi_prognosis(prognoses, "min") <= udfs.kpi_prognosis(prognoses, "max")


@pytest.mark.parametrize("name", UDF_NAMES)
@pytest.mark.parametrize("error", ["#N/A", "#REF!"])
def test_error_in_first_input_comes_back_as_is(name, error):
    fn = getattr(udfs, name)
    n_args = len(inspect.signature(fn).parameters)
    result = fn(error, *([[1, 2]] * (n_args - 1)))
    assert result == error
    assert is_error(result)


SUMMED_FIRST = ["kpi_conversion", "kpi_cac", "kpi_roi", "kpi_attainment", "kpi_breakeven",
                "kpi_gini", "kpi_table", "kpi_funnel", "kpi_weighted_pipeline"]


@pytest.mark.parametrize("name", SUMMED_FIRST)
def test_first_error_inside_a_range_wins(name):
    fn = getattr(udfs, name)
    n_args = len(inspect.signature(fn).parameters)
    others = [["#VALUE!", 1]] * (n_args - 1)
    assert fn([[1], ["#DIV/0!"], ["#N/A"]], *others) == "#DIV/0!"
