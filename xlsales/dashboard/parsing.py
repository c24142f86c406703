"""Cell values as real exports write them, read exactly.

French CRM exports write ``1 234,50 €`` (with a space, a no-break space or a narrow
no-break space between thousands), ``12,5 %``, ``31/01/2025``; English ones
``1,234.50`` and ``2025-01-31``; a workbook hands over floats and datetimes. Each parser
takes a column of such values and returns the parsed column and a mask of the cells it
could not read (blanks are not errors: they come back as NaN / NaT / None).

Parsing works on the distinct values of a column, so a million rows with a few
thousand distinct dates cost a few thousand parses.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..core import KpiError, normalise_label, normalise_status

#: A column of cell values: a list from a reader, or an array from calamine or pandas.
CellValues = Sequence[Any] | np.ndarray

__all__ = [
    "EXCEL_EPOCH",
    "is_blank",
    "parse_labels",
    "parse_text",
    "read_statuses",
    "read_targets",
    "parse_numbers",
    "parse_dates",
    "parse_months",
    "parse_statuses",
    "parse_targets",
    "TARGETS",
]

#: Day 0 of Excel's 1900 date system (serial 1 is 1900-01-01; 1900-02-29 never was).
EXCEL_EPOCH = dt.date(1899, 12, 30)

#: Canonical targets (cible) and the labels read as each.
TARGETS = {
    "particulier": ("particulier", "particuliers", "part", "b2c", "individuel", "individual",
                    "personne physique", "consumer", "retail", "private"),
    "professionnel": ("professionnel", "professionnels", "pro", "pros", "b2b", "entreprise",
                      "entreprises", "business", "professional", "company", "corporate"),
}
_TARGET_LOOKUP = {normalise_label(a): k for k, aliases in TARGETS.items() for a in aliases}

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009'’]")
# Whitespace other than the plain space (every character str.isspace() knows): a cell
# holding one needs cleaning.
_ODD_SPACE = re.compile("[\t\n\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029"
                        "\u202f\u205f\u3000]")
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})" + _TIME + "$")
_DATE_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})" + _TIME + "$")
_MONTH_YM = re.compile(r"^(\d{4})[/.\-](\d{1,2})$")
_MONTH_MY = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_MONTH_NAMED = re.compile(r"^([a-z]+)\.?\s*(\d{4})$")
_MONTH_NAMES = {
    "janvier": 1, "janv": 1, "jan": 1, "january": 1,
    "fevrier": 2, "fevr": 2, "fev": 2, "feb": 2, "february": 2,
    "mars": 3, "mar": 3, "march": 3,
    "avril": 4, "avr": 4, "apr": 4, "april": 4,
    "mai": 5, "may": 5,
    "juin": 6, "jun": 6, "june": 6,
    "juillet": 7, "juil": 7, "jul": 7, "july": 7,
    "aout": 8, "aug": 8, "august": 8,
    "septembre": 9, "sept": 9, "sep": 9, "september": 9,
    "octobre": 10, "oct": 10, "october": 10,
    "novembre": 11, "nov": 11, "november": 11,
    "decembre": 12, "dec": 12, "december": 12,
}


def is_blank(value: Any) -> bool:
    """True for what a spreadsheet shows as an empty cell.

    >>> is_blank(None), is_blank("  "), is_blank(float("nan")), is_blank(0)
    (True, True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def _by_unique(
    values: CellValues, parse: Callable[[Any], Any], empty: Any,
    at_once: Callable[[list[Any]], list[Any] | None] | None = None,
) -> tuple[list[Any], np.ndarray, np.ndarray]:
    """Apply ``parse`` once per distinct value. ``parse`` returns the value or raises
    ValueError. Returns the parsed values (as a list of uniques and codes) and the
    bad mask.

    ``at_once``, when given, is tried first on the distinct values that are not blank:
    it returns what ``parse`` would for each (none of them bad), or None to fall back
    to ``parse``."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    bad_unique = np.zeros(len(uniques) + 1, dtype=bool)
    if at_once is not None:
        blank = [is_blank(value) for value in uniques]
        read = at_once([value for value, b in zip(uniques, blank, strict=True) if not b])
        if read is not None:
            values_read = iter(read)
            at_once_parsed = [empty if b else next(values_read) for b in blank] + [empty]
            return at_once_parsed, np.asarray(codes), bad_unique[codes]
    parsed: list[Any] = []
    for i, value in enumerate(uniques):
        if is_blank(value):
            parsed.append(empty)
            continue
        try:
            parsed.append(parse(value))
        except (ValueError, TypeError, OverflowError):
            parsed.append(empty)
            bad_unique[i] = True
    parsed.append(empty)  # the NA sentinel (-1) indexes the last element
    return parsed, np.asarray(codes), bad_unique[codes]


def _to_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return " ".join(str(value).split())


def _clean(uniques: np.ndarray) -> bool:
    """Whether distinct texts need no trimming (a few scans at C speed: no space at
    either end of a cell, none doubled, no tab or other odd space)."""
    if pd.api.types.infer_dtype(uniques, skipna=False) != "string":
        return False
    text = "\x00" + "\x00".join(uniques.tolist()) + "\x00"
    return not (_ODD_SPACE.search(text) or "  " in text or "\x00 " in text or " \x00" in text)


def _categorical(codes: np.ndarray, labels: list[Any]) -> pd.Categorical:
    """Categories from per-code labels (None: blank), merging labels that came out
    equal (two spellings of one status)."""
    inverse, merged = pd.factorize(pd.Series(labels, dtype=object), use_na_sentinel=True)
    inverse = np.append(inverse, -1)  # blank cells (code -1) stay blank
    return pd.Categorical.from_codes(inverse[codes], categories=merged)


def parse_labels(values: CellValues) -> pd.Categorical:
    """Labels (advisors, regions, products...) as a categorical column: each distinct
    text trimmed once, runs of spaces collapsed, blanks missing. A whole number from a
    workbook (an id typed as a number) reads without its ``.0``.

    >>> parse_labels([" Jean  Dupont ", "Jean Dupont", 1001.0, None, "  "]).tolist()
    ['Jean Dupont', 'Jean Dupont', '1001', nan, nan]
    """
    codes, found = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    uniques = np.asarray(found)
    if _clean(uniques):
        # The usual column: nothing to trim; only an empty text to take out.
        empty = np.flatnonzero(uniques == "")
        if empty.size:
            k = int(empty[0])
            codes = np.where(codes == k, -1, codes - (codes > k))
            uniques = np.delete(uniques, k)
        return pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object))
    labels = [None if is_blank(u) else _to_text(u) or None for u in uniques.tolist()]
    return _categorical(np.asarray(codes), labels)


def parse_text(values: CellValues) -> np.ndarray:
    """:func:`parse_labels` as plain text, ``None`` for a blank.

    >>> parse_text([" Jean  Dupont ", 1001.0, None, "  "]).tolist()
    ['Jean Dupont', '1001', None, None]
    """
    labels = parse_labels(values)
    out = np.asarray(labels, dtype=object)
    out[labels.codes == -1] = None
    return out


def _point_decimal(text: str) -> str:
    """``text`` with its thousands separators taken out and a point for decimals: the
    last of ``,`` and ``.`` is the decimal mark when both appear, a lone comma is one, and
    repeated ones separate thousands.

    >>> [_point_decimal(t) for t in ("1.234,50", "1,234.50", "12,5", "1,234,567", "1.234.567")]
    ['1234.50', '1234.50', '12.5', '1234567', '1234567']
    """
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        return text.replace(thousands, "").replace(decimal, ".")
    if commas:
        return text.replace(",", ".") if commas == 1 else text.replace(",", "")
    if dots > 1:
        return text.replace(".", "")
    return text


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        if not math.isfinite(number):
            raise ValueError("not a finite number")
        return number
    if not isinstance(value, str):
        raise ValueError("not a number")
    text = _SPACES.sub("", value).replace("€", "").replace("EUR", "")
    scale = 1.0
    if text.endswith("%"):
        text, scale = text[:-1], 0.01
    text = _point_decimal(text)
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", text):
        raise ValueError(f"not a number: {value!r}")
    number = float(text) * scale
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def parse_numbers(values: CellValues) -> tuple[np.ndarray, np.ndarray]:
    """Numbers in French or English writing, with their thousands separators, ``€``
    and ``%`` (``12,5 %`` is 0.125).

    A single comma is a decimal comma (``1,5`` is 1.5); with both a comma and a point,
    the last one is the decimal separator; several commas or points separate thousands.

    Returns
    -------
    numbers : ndarray of float
        NaN for a blank or an unreadable cell.
    bad : ndarray of bool
        The unreadable cells.

    Examples
    --------
    >>> numbers, bad = parse_numbers(["1\\u202f234,50 €", "1 234", "12,5 %", "1,234.5",
    ...                                "abc", None, 7])
    >>> numbers.tolist()[:4], numbers.tolist()[6], bad.tolist()
    ([1234.5, 1234.0, 0.125, 1234.5], 7.0, [False, False, False, False, True, False, False])
    """
    column = pd.Series(values, dtype=object)
    numbers = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
    unread = ~np.isfinite(numbers) & ~np.asarray(column.isna() | column.eq(""))
    kinds = column[~unread].map(type) if not unread.all() else column.iloc[:0]
    if not unread.any() and not kinds.isin([bool, np.bool_]).any():
        # Already numbers (a workbook's cells): nothing to read in text.
        return numbers, np.zeros(len(numbers), dtype=bool)
    parsed, codes, bad = _by_unique(values, _number, math.nan, _numbers_at_once)
    return np.asarray(parsed, dtype=float)[codes], bad


_PLAIN_NUMBERS = re.compile(r"(?:[+-]?\d+(?:[.,]\d+)?\x00)*[+-]?\d+(?:[.,]\d+)?")


def _numbers_at_once(uniques: list[Any]) -> list[float] | None:
    """The distinct cells of a text column read in one go when each is plainly a number
    once its spaces and euro sign are out (``7 293,87 €``, ``1234.5``: an extract's usual
    column), else None. The same numbers as :func:`_number` reads one at a time (a
    property test compares them), at C speed: one substitution and one match over the
    cells joined, instead of some 34,000 calls for the amounts of 100,000 leads.

    >>> _numbers_at_once(["7\u202f293,87 €", "12", "-0.5"]), _numbers_at_once(["12,5 %"])
    ([7293.87, 12.0, -0.5], None)
    """
    if not uniques or not all(type(u) is str for u in uniques):
        return None
    joined = "\x00".join(uniques)
    if joined.count("\x00") != len(uniques) - 1:  # a cell holding the separator
        return None
    text = _SPACES.sub("", joined).replace("€", "").replace("EUR", "")
    if not _PLAIN_NUMBERS.fullmatch(text):
        return None
    # One decimal mark at most in each: _point_decimal makes a comma a point, nothing else.
    numbers = [float(t) for t in text.replace(",", ".").split("\x00")]
    return numbers if all(map(math.isfinite, numbers)) else None


def _serial(value: float) -> dt.date:
    if not 1 <= value < 2958466:
        raise ValueError("not an Excel date serial")
    return EXCEL_EPOCH + dt.timedelta(days=int(value))


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _in_excel(day: dt.date) -> dt.date:
    """``day`` if Excel can hold it (1900-01-01 to 9999-12-31); an earlier date
    would be written as a negative serial, which Excel shows as ####."""
    if day.year < 1900:
        raise ValueError("before 1900: not an Excel date")
    return day


def _date(value: Any) -> dt.date:
    return _in_excel(_any_date(value))


def _any_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError("a boolean is not a date")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return _serial(float(value))
    if not isinstance(value, str):
        raise ValueError("not a date")
    text = value.strip()
    if found := _DATE_DMY.match(text):
        day, month, year = found.groups()
        return dt.date(_year(year), int(month), int(day))
    if found := _DATE_YMD.match(text):
        year, month, day = found.groups()
        return dt.date(int(year), int(month), int(day))
    raise ValueError(f"not a date: {value!r}")


def _to_datetime64(parsed: list[Any], codes: np.ndarray) -> np.ndarray:
    days = np.array(
        [np.datetime64("NaT") if d is None else np.datetime64(d, "D") for d in parsed],
        dtype="datetime64[D]",
    )
    return days[codes]


def parse_dates(values: CellValues) -> tuple[np.ndarray, np.ndarray]:
    """Dates written dd/mm/yyyy (or with ``-`` or ``.``, a two-digit year meaning
    20yy), ISO yyyy-mm-dd, with or without a time; dates and datetimes; Excel serial
    numbers from a workbook.

    Returns
    -------
    dates : ndarray of datetime64[D]
        NaT for a blank or an unreadable cell.
    bad : ndarray of bool
        The unreadable cells (31/02/2025 among them).

    Examples
    --------
    >>> dates, bad = parse_dates(["31/01/2025", "2025-02-01", "01.03.25 10:30",
    ...                           dt.datetime(2025, 4, 2, 9), 45689.0, "31/02/2025",
    ...                           "1899-12-31"])
    >>> [str(d) for d in dates], bad.tolist()
    (['2025-01-31', '2025-02-01', '2025-03-01', '2025-04-02', '2025-02-01', 'NaT', 'NaT'],\
 [False, False, False, False, False, True, True])
    """
    parsed, codes, bad = _by_unique(values, _date, None)
    return _to_datetime64(parsed, codes), bad


def _month(value: Any) -> dt.date:
    if isinstance(value, str):
        text = value.strip()
        if found := _MONTH_YM.match(text):
            return _in_excel(dt.date(int(found[1]), int(found[2]), 1))
        if found := _MONTH_MY.match(text):
            return _in_excel(dt.date(int(found[2]), int(found[1]), 1))
        if found := _MONTH_NAMED.match(normalise_label(text)):
            if found[1] not in _MONTH_NAMES:
                raise ValueError(f"unknown month {found[1]!r}")
            return _in_excel(dt.date(int(found[2]), _MONTH_NAMES[found[1]], 1))
    day = _date(value)
    return day.replace(day=1)


def parse_months(values: CellValues) -> tuple[np.ndarray, np.ndarray]:
    """Months written yyyy-mm, mm/yyyy, ``janv. 2025``, or any date (its month).

    Returns the first day of each month (datetime64[D], NaT when blank or unreadable)
    and the bad mask.

    >>> months, bad = parse_months(["2025-01", "02/2025", "mars 2025", "15/04/2025", "13/2025"])
    >>> [str(m) for m in months], bad.tolist()
    (['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', 'NaT'],\
 [False, False, False, False, True])
    """
    parsed, codes, bad = _by_unique(values, _month, None)
    return _to_datetime64(parsed, codes), bad


def _read_labels(values: CellValues, read: Callable[[Any], str]
                 ) -> tuple[pd.Categorical, np.ndarray]:
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    labels: list[Any] = []
    bad = np.zeros(len(uniques) + 1, dtype=bool)
    for i, value in enumerate(uniques.tolist()):
        if is_blank(value):
            labels.append(None)
            continue
        try:
            labels.append(read(value))
        except ValueError:
            labels.append(None)
            bad[i] = True
    return _categorical(np.asarray(codes), labels), bad[codes]


def _status(value: Any) -> str:
    try:
        return normalise_status(str(value))
    except KpiError as error:
        raise ValueError(str(error)) from None


def _target(value: Any) -> str:
    try:
        return _TARGET_LOOKUP[normalise_label(str(value))]
    except KeyError:
        raise ValueError(f"unknown target {value!r}") from None


def read_statuses(values: CellValues) -> tuple[pd.Categorical, np.ndarray]:
    """Statuses as a categorical column (see :func:`parse_statuses`) and the bad mask."""
    return _read_labels(values, _status)


def read_targets(values: CellValues) -> tuple[pd.Categorical, np.ndarray]:
    """Targets as a categorical column (see :func:`parse_targets`) and the bad mask."""
    return _read_labels(values, _target)


def _plain(labels: pd.Categorical) -> np.ndarray:
    out = np.asarray(labels, dtype=object)
    out[labels.codes == -1] = None
    return out


def parse_statuses(values: CellValues) -> tuple[np.ndarray, np.ndarray]:
    """Pipeline statuses in French or English, any case and accents, as the core
    names them (``recensé`` ... ``client``, ``perdu``); ``None`` when blank or unknown.

    >>> statuses, bad = parse_statuses(["Client", "WON", "contacte", "peut-être"])
    >>> statuses.tolist(), bad.tolist()
    (['client', 'client', 'contacté', None], [False, False, False, True])
    """
    labels, bad = read_statuses(values)
    return _plain(labels), bad


def parse_targets(values: CellValues) -> tuple[np.ndarray, np.ndarray]:
    """Targets (cible): ``particulier`` (B2C) or ``professionnel`` (B2B), from their
    usual spellings; ``None`` when blank or unknown.

    >>> targets, bad = parse_targets(["Particuliers", "B2B", "pro", "ménage"])
    >>> targets.tolist(), bad.tolist()
    (['particulier', 'professionnel', 'professionnel', None], [False, False, False, True])
    """
    labels, bad = read_targets(values)
    return _plain(labels), bad
