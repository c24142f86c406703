"""Cell values as French (and English) exports write them, read exactly."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.dashboard.parsing import (
    parse_dates,
    parse_months,
    parse_numbers,
    parse_statuses,
    parse_targets,
    parse_text,
)


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("1234,5", 1234.5),
        ("1 234,50", 1234.5),
        ("1\u00a0234,50 €", 1234.5),  # no-break space, as Excel FR exports
        ("1\u202f234,50\u00a0€", 1234.5),  # narrow no-break space, as LibreOffice FR
        ("12 345 678,9", 12345678.9),
        ("1.234,56", 1234.56),
        ("1,234.56", 1234.56),
        ("1 234.5", 1234.5),
        ("1.234.567", 1234567.0),
        ("-12,5", -12.5),
        ("12,5 %", 0.125),
        ("12,5%", 0.125),
        ("€ 42", 42.0),
        ("0", 0.0),
        (".5", 0.5),
        (42, 42.0),
        (1234.56, 1234.56),
    ],
)
def test_numbers_are_read_exactly(written, value):
    numbers, bad = parse_numbers([written])
    assert numbers[0] == value and not bad[0]


@pytest.mark.parametrize("written", ["abc", "12x", "1,2,3,4.5.6", "--5", True, "€", "1e999"])
def test_unreadable_numbers_are_flagged(written):
    numbers, bad = parse_numbers([written])
    assert bad[0] and math.isnan(numbers[0])


@pytest.mark.parametrize("blank", [None, "", "   ", "\u00a0", float("nan")])
def test_blank_is_not_a_problem(blank):
    numbers, bad = parse_numbers([blank])
    assert math.isnan(numbers[0]) and not bad[0]


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("31/01/2025", dt.date(2025, 1, 31)),
        ("1/2/2025", dt.date(2025, 2, 1)),
        ("01-02-2025", dt.date(2025, 2, 1)),
        ("01.02.2025", dt.date(2025, 2, 1)),
        ("01/02/25", dt.date(2025, 2, 1)),
        ("2025-02-01", dt.date(2025, 2, 1)),
        ("2025-02-01T09:30:00", dt.date(2025, 2, 1)),
        ("01/02/2025 09:30", dt.date(2025, 2, 1)),
        (dt.datetime(2025, 2, 1, 17, 5), dt.date(2025, 2, 1)),
        (dt.date(2025, 2, 1), dt.date(2025, 2, 1)),
        # Excel serial: 45689 is 2025-02-01 (days since 1899-12-30).
        (45689.0, dt.date(2025, 2, 1)),
    ],
)
def test_dates_are_read_day_first(written, day):
    dates, bad = parse_dates([written])
    assert dates[0] == np.datetime64(day) and not bad[0]


@pytest.mark.parametrize("written", ["31/02/2025", "2025-13-01", "demain", "12/2025", -3.0])
def test_unreadable_dates_are_flagged(written):
    dates, bad = parse_dates([written])
    assert bad[0] and np.isnat(dates[0])


@pytest.mark.parametrize(
    ("written", "month"),
    [("2025-03", "2025-03-01"), ("03/2025", "2025-03-01"), ("3/2025", "2025-03-01"),
     ("mars 2025", "2025-03-01"), ("Févr. 2025", "2025-02-01"), ("Sept 2025", "2025-09-01"),
     ("15/03/2025", "2025-03-01"), (dt.date(2025, 3, 31), "2025-03-01")],
)
def test_months(written, month):
    months, bad = parse_months([written])
    assert str(months[0]) == month and not bad[0]


@pytest.mark.parametrize(
    ("written", "status"),
    [("Client", "client"), ("WON", "client"), ("Recensé", "recensé"), ("recense", "recensé"),
     ("Qualified", "qualifié"), ("contacte", "contacté"), ("ENGAGÉ", "engagé"),
     ("Perdu", "perdu"), ("lost", "perdu")],
)
def test_statuses_in_french_or_english(written, status):
    statuses, bad = parse_statuses([written])
    assert statuses[0] == status and not bad[0]


@pytest.mark.parametrize(
    ("written", "target"),
    [("Particulier", "particulier"), ("particuliers", "particulier"), ("B2C", "particulier"),
     ("Professionnel", "professionnel"), ("pro", "professionnel"), ("B2B", "professionnel"),
     ("Entreprise", "professionnel")],
)
def test_targets(written, target):
    targets, bad = parse_targets([written])
    assert targets[0] == target and not bad[0]


def test_text_is_trimmed_and_ids_read_as_typed():
    assert parse_text(["  Jean   Dupont ", 1001.0, 12.5, None]).tolist() == [
        "Jean Dupont", "1001", "12.5", None]


def test_each_distinct_value_is_parsed_once_for_a_large_column():
    # 200,000 cells, 3 distinct values: the result is aligned cell by cell.
    column = ["1 000,00 €", None, "2,5"] * 66_667
    numbers, bad = parse_numbers(column)
    assert len(numbers) == len(column)
    assert numbers[3] == 1000.0 and math.isnan(numbers[4]) and numbers[-1] == 2.5
    assert not bad.any()


_NUMBER_TEXTS = st.lists(st.sampled_from(list("0123456789,.-+ €%E\u202f\u00a0'") + [
    "EUR", "\u0663", "\x00", "e", "1" * 400]), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(_NUMBER_TEXTS, max_size=20, unique=True))
def test_numbers_read_at_once_are_those_read_one_by_one(texts):
    """The fast path of parse_numbers (the distinct cells joined and read in one go)
    gives, when it answers, exactly what _number reads cell by cell; and parse_numbers
    as a whole equals the cell-by-cell reading (NaN and bad where _number refuses)."""
    from xlsales.dashboard.parsing import _number, _numbers_at_once

    def one(text):
        try:
            return _number(text), False
        except ValueError:
            return math.nan, True

    kept = [t for t in texts if t.strip()]
    fast = _numbers_at_once(kept)
    if fast is not None:
        assert fast == [_number(t) for t in kept]
    numbers, bad = parse_numbers(texts)
    expected = [one(t) if t.strip() else (math.nan, False) for t in texts]
    assert np.array_equal(numbers, np.array([n for n, _ in expected]), equal_nan=True)
    assert bad.tolist() == [b for _, b in expected]


def test_an_extract_amount_column_takes_the_fast_path():
    from xlsales.dashboard.parsing import _numbers_at_once

    assert _numbers_at_once(["7\u202f293,87 €", "1 234", "0,5", "12"]) == [7293.87, 1234.0,
                                                                          0.5, 12.0]
    assert _numbers_at_once(["1.234,5"]) is None  # two marks: read one by one
