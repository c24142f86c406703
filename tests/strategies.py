"""Hypothesis strategies for what Excel hands a UDF: cells, ranges, garbage."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from xlsales.coercion import ExcelError

ERROR_TEXTS = [e.value for e in ExcelError]

#: Finite numbers as a cell holds them, small enough that sums do not overflow.
finite_numbers = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False,
                           allow_infinity=False)
counts = st.integers(min_value=0, max_value=10_000)

#: Anything a cell can hold, as xlwings passes it (and a few things it should not).
cell = st.one_of(
    st.none(),
    finite_numbers,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(),  # NaN and infinities too
    st.booleans(),
    st.text(max_size=12),
    st.sampled_from(ERROR_TEXTS),
    st.sampled_from(["recensé", "Qualifié", "CONTACTE", "engaged", "won", "perdu", "lost"]),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)),
    st.just(1e308),
)

#: A range: a scalar, a 1D list, a list of lists (possibly ragged or empty).
excel_range = st.one_of(
    cell,
    st.lists(cell, max_size=8),
    st.lists(st.lists(cell, max_size=4), max_size=6),
)

#: A clean numeric column (what a well-kept sheet holds).
numeric_column = st.lists(st.one_of(st.none(), finite_numbers), min_size=1, max_size=30)
