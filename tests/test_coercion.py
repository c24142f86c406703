"""The Excel edge: what a UDF receives, and what goes back into a cell."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.strategies import cell
from xlsales import coercion, core
from xlsales.coercion import ExcelError, UnusableCellError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, 5.0),
        ([1, 2, 3], 6.0),
        ([[1, None], ["x", 2]], 3.0),
        ([True, False, 1], 1.0),  # booleans in a range are ignored, as SUM does
        ([float("nan"), 1], 1.0),  # NaN is how pandas and Lite show a blank
        (None, 0.0),
        ([], 0.0),
        ([[1, 2], [3]], 6.0),  # ragged
        (np.array([[1.5], [2.5]]), 4.0),
        (pd.Series([1, None, 3]), 4.0),
        # SUM adds dates as serial numbers; 1900-01-01 is Excel's serial 1 (Lotus count)
        ([dt.date(1900, 1, 1)], 1.0),
        ([dt.date(1900, 2, 28)], 59.0),
        ([dt.date(1900, 3, 1)], 61.0),
    ],
)
def test_total_sums_like_sum(value, expected):
    assert coercion.total(value) == expected


@pytest.mark.parametrize("error", [e.value for e in ExcelError])
def test_total_raises_the_first_error(error):
    with pytest.raises(UnusableCellError) as caught:
        coercion.total([1, error, "#N/A"])
    assert caught.value.code.value == error


@pytest.mark.parametrize("value", [float("inf"), [1, float("-inf")], 10**400])
def test_infinite_input_is_num_error(value):
    with pytest.raises(UnusableCellError) as caught:
        coercion.total(value)
    assert caught.value.code is ExcelError.NUM


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2022, 2, 1), dt.date(2022, 2, 1)),
        (dt.datetime(2022, 2, 1, 15, 30), dt.date(2022, 2, 1)),
        (pd.Timestamp("2022-02-01"), dt.date(2022, 2, 1)),
        (44593, dt.date(2022, 2, 1)),  # =DATE(2022,2,1) in Excel is 44593
        (44593.75, dt.date(2022, 2, 1)),
        (1, dt.date(1900, 1, 1)),
        (61, dt.date(1900, 3, 1)),  # past Excel's phantom 1900-02-29
        ("2022-02-01", dt.date(2022, 2, 1)),
        ("01/02/2022", dt.date(2022, 2, 1)),  # French order
        ([["2022-02-01"]], dt.date(2022, 2, 1)),
    ],
)
def test_to_date_accepts_what_excel_and_people_give(value, expected):
    assert coercion.to_date(value) == expected


@pytest.mark.parametrize(("value", "code"), [
    ("demain", ExcelError.VALUE),
    (None, ExcelError.VALUE),
    (0, ExcelError.NUM),
    ([1, 2], ExcelError.VALUE),
    ("#REF!", ExcelError.REF),
    (60, ExcelError.VALUE),  # Excel's 1900-02-29, a day no calendar has
])
def test_to_date_rejects(value, code):
    with pytest.raises(UnusableCellError) as caught:
        coercion.to_date(value)
    assert caught.value.code is code


@pytest.mark.parametrize("day", [dt.date(2024, 2, 29), dt.date(1900, 1, 1),
                                 dt.date(1900, 2, 28), dt.date(1900, 3, 1)])
def test_serial_roundtrip(day):
    assert coercion.to_date(coercion.to_serial(day)) == day


# A single cell is read as Excel's arithmetic reads it (=A1/B1, the formula twins): in
# Excel ="12"/4 is 3 and =TRUE/4 is 0.25; a range is read as SUM reads it.
@pytest.mark.parametrize(("value", "expected"), [
    ("12", 12.0), (" 12,5 ", 12.5), (True, 1.0), (False, 0.0), (None, 0.0), ("", 0.0),
    (dt.date(2022, 2, 1), 44593.0),
    (["12", 3], 3.0), ([True, 3], 3.0),  # in a range, text and booleans are left out
])
def test_total_single_cell_as_arithmetic(value, expected):
    assert coercion.total(value) == expected


def test_total_single_text_cell_is_value_error():
    with pytest.raises(UnusableCellError) as caught:
        coercion.total("douze")
    assert caught.value.code is ExcelError.VALUE


def test_conversion_of_text_typed_numbers_is_excel_arithmetic():
    import udfs

    # The case: =KPI_CONVERSION(A1,B1) with A1 the text "12" and B1 4 is 3, as
    # the twin =A1/B1 is in Excel and LibreOffice.
    assert udfs.kpi_conversion("12", 4) == 3.0
    assert udfs.kpi_conversion(True, 4) == 0.25
    assert udfs.kpi_conversion("douze", 4) == "#VALUE!"


@pytest.mark.parametrize(("value", "expected"), [
    (None, False), (True, True), ("VRAI", True), ("faux", False), ("oui", True), (0, False),
    (2, True), ([["TRUE"]], True),
])
def test_flag(value, expected):
    assert coercion.flag(value) is expected


def test_flag_rejects_other_text():
    with pytest.raises(UnusableCellError):
        coercion.flag("peut-être")


@pytest.mark.parametrize(("value", "expected"), [
    ([["Ana"], [None], [""], [2021.0], [True]], ["Ana", None, None, "2021", "VRAI"]),
    ([1.5], ["1.5"]),
])
def test_labels_keep_positions(value, expected):
    assert coercion.labels(value).tolist() == expected


def test_aligned_numbers_keep_positions():
    got = coercion.aligned_numbers([[1], ["x"], [None], [3]])
    np.testing.assert_array_equal(got, [1, np.nan, np.nan, 3])


@pytest.mark.parametrize(("result", "expected"), [
    (np.float64(0.5), 0.5),
    (np.int64(3), 3),
    (float("nan"), "#DIV/0!"),
    (float("inf"), "#NUM!"),
    (dt.date(2022, 4, 16), dt.date(2022, 4, 16)),
    (np.array(["a", None], dtype=object), [["a"], [None]]),
])
def test_to_excel(result, expected):
    assert coercion.to_excel(result) == expected


def test_to_excel_table_has_a_french_header():
    table = coercion.to_excel(pd.DataFrame({"stage": ["client"], "reached": [1]}))
    assert table == [["étape", "atteints"], ["client", 1]]


def test_call_logs_and_hides_an_unexpected_failure(caplog):
    def broken():
        raise RuntimeError("bug")

    assert coercion.call(broken) == "#VALUE!"
    assert "broken failed" in caplog.text


@pytest.mark.parametrize(("error", "cell"), [
    ("ZeroDenominatorError", "#DIV/0!"),
    ("NotReachedError", "#NUM!"),
    ("OutOfRangeError", "#NUM!"),
    ("UnknownLabelError", "#VALUE!"),
    ("NoDataError", "#N/A"),
])
def test_call_maps_core_errors(error, cell):
    from xlsales.core import kpi_errors as errors

    def undefined():
        raise getattr(errors, error)("undefined")

    assert coercion.call(undefined) == cell


def test_native_errors_are_left_alone_outside_the_windows_com_server():
    from xlsales import _windows

    assert _windows.native_errors("#DIV/0!") == "#DIV/0!"
    assert set(_windows.CVERR_CODES) <= {e.value for e in ExcelError}


def _cellwise(convert, column):
    """``convert`` applied to each cell alone (the small-range path), or the error."""
    try:
        return [convert([cell]) for cell in column]
    except UnusableCellError as error:
        return error.code


def _whole(convert, column):
    try:
        return convert(column)
    except UnusableCellError as error:
        return error.code


@settings(max_examples=60, deadline=None)
@given(pool=st.lists(cell, min_size=1, max_size=6), data=st.data())
def test_long_columns_read_as_each_cell_alone(pool, data):
    """Past 256 cells, labels are factorised and numbers converted in bulk: the same
    values (or the first error) as converting each cell alone."""
    picks = data.draw(st.lists(st.integers(0, len(pool) - 1), min_size=256, max_size=300))
    column = [[pool[i]] for i in picks]
    each = _cellwise(coercion.labels, column)
    found = _whole(coercion.labels, column)
    if isinstance(each, ExcelError):
        assert found == each
        assert _whole(coercion.categories, column) == each
    else:
        assert found.tolist() == [x[0] for x in each]
        decoded = np.asarray(coercion.categories(column), dtype=object)
        assert [None if pd.isna(x) else x for x in decoded] == found.tolist()
    each = _cellwise(coercion.aligned_numbers, column)
    found = _whole(coercion.aligned_numbers, column)
    if isinstance(each, ExcelError):
        assert found == each
    else:
        np.testing.assert_array_equal(found, [x[0] for x in each])


def test_group_table_from_categories_equals_from_labels():
    rng = np.random.default_rng(6)
    names = ["Ana", "Bob", 2021, "2021", None, "  ", "Zoé"]
    column = [[names[i]] for i in rng.integers(0, len(names), 1000)]
    figures = [rng.random(1000) for _ in range(3)]
    figures[2][::5] = np.nan
    pd.testing.assert_frame_equal(core.group_table(coercion.labels(column), *figures),
                                  core.group_table(coercion.categories(column), *figures),
                                  check_exact=True)


@pytest.mark.parametrize("pool", [[False, None, 0.0], [True, 1.0, 1], [0.0, -0.0]],
                         ids=["false-zero", "true-one", "signed-zero"])
def test_bulk_labels_keep_values_a_factorisation_would_merge(pool):
    # Hypothesis found both: False == 0 and 0.0 == -0.0 for pandas, not for a label.
    column = [[pool[i % len(pool)]] for i in range(300)]
    assert coercion.labels(column).tolist() == [x[0] for x in _cellwise(coercion.labels,
                                                                          column)]
