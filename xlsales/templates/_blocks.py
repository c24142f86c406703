"""Blocks several templates share: the period inputs and the periodicity table that
converts a cost line to the period.

The table lists, per periodicity, its occurrences over the period (1 for once, weeks per
month × months for a weekly cost, months for a monthly one, months / 6 and months / 12),
so a cost line reads "amount × quantity × occurrences": the convention is visible in the
workbook, as domain.md asks.
"""

from __future__ import annotations

import datetime as dt

from . import styling
from . import twins as fx
from ._book import Book, cell

__all__ = [
    "PERIOD_NAMES",
    "write_period",
    "write_weeks_per_month",
    "write_periodicities",
    "cost_line",
]

#: Defined names of the period block.
PERIOD_NAMES = {
    "start": "Periode_Debut",
    "end": "Periode_Fin",
    "months": "Duree_Mois",
    "days": "Duree_Jours",
    "weeks_per_month": "Semaines_Par_Mois",
}


def write_period(book: Book, key: str, row: int, start: dt.date | None, end: dt.date | None,
                 labels: str = "period") -> int:
    """Start and end (inputs), length in months and in days (formulas); returns the
    last row. Labels are the template's ``<labels>.start``, ``.end``, ``.months`` and
    ``.days``."""
    sheet, f = book.sheets[key], book.fmt
    rows: dict[str, int] = {}
    for label, value in (("start", start), ("end", end)):
        sheet.write_string(row, 0, book.t(f"{labels}.{label}"), f.label)
        styling.write_input(sheet, row, 1, value, f.input_date())
        # The end is not before the start: the UDFs' #NUM!, refused at the input.
        floor: object = (dt.date(1990, 1, 1) if label == "start"
                         else "=" + cell(rows["start"], 1, absolute=True))
        sheet.data_validation(row, 1, row, 1, {"validate": "date", "criteria": ">=",
                                               "value": floor})
        book.name(PERIOD_NAMES[label], key, row, 1)
        rows[label] = row
        row += 1
    first, last = cell(rows["start"], 1), cell(rows["end"], 1)
    for label, formula in (("months", fx.months_spanned(first, last)),
                           ("days", fx.blank_unless([first, last], f"{last}-{first}+1"))):
        sheet.write_string(row, 0, book.t(f"{labels}.{label}"), f.label)
        sheet.write_formula(row, 1, "=" + formula, f.number)
        book.name(PERIOD_NAMES[label], key, row, 1)
        row += 1
    return row - 1


def write_weeks_per_month(book: Book, key: str, row: int, value: float, label: str) -> None:
    """The weeks-per-month convention for weekly costs (an input, default 4)."""
    sheet, f = book.sheets[key], book.fmt
    sheet.write_string(row, 0, label, f.label)
    styling.write_input(sheet, row, 1, value, f.input_decimal())
    sheet.data_validation(row, 1, row, 1, {"validate": "decimal", "criteria": "between",
                                           "minimum": 0.1, "maximum": 5})
    book.name(PERIOD_NAMES["weeks_per_month"], key, row, 1)


def write_periodicities(book: Book, key: str, row: int, title: str, header: tuple[str, str]
                        ) -> int:
    """The periodicity table, named ``Periodicites`` (labels: ``Periodicites_Libelles``);
    returns its last row."""
    sheet, f = book.sheets[key], book.fmt
    months, weeks = PERIOD_NAMES["months"], PERIOD_NAMES["weeks_per_month"]
    sheet.write_string(row, 0, title, f.section)
    row += 1
    sheet.write_string(row, 0, header[0], f.header)
    sheet.write_string(row, 1, header[1], f.header)
    occurrences = {
        "once": "1",
        # A blank weeks per month is the UDF's default, 4 (core.period_cost).
        "week": fx.blank_unless([months], f"IF({weeks}=\"\",4,{weeks})*{months}"),
        "month": fx.blank_unless([months], months),
        "semester": fx.blank_unless([months], f"{months}/6"),
        "year": fx.blank_unless([months], f"{months}/12"),
    }
    first = row + 1
    labels = book.common("periodicity")
    for kind, formula in occurrences.items():
        row += 1
        sheet.write_string(row, 0, labels[kind], f.label)
        sheet.write_formula(row, 1, "=" + formula, f.decimal)
    book.name_range("Periodicites", key, first, 0, row, 1)
    book.name_range("Periodicites_Libelles", key, first, 0, row, 0)
    return row


def cost_line(amount: str, periodicity: str, quantity: str, share: str | None = None) -> str:
    """The formula of a cost line over the period (blank until it is filled)."""
    occurrences = f"VLOOKUP({periodicity},Periodicites,2,FALSE)"
    return fx.blank_unless([amount, periodicity, PERIOD_NAMES["months"]],
                           fx.period_cost(amount, quantity, occurrences, share))


def refuse_repeated_names(book: Book, key: str, first: int, col: int, last: int) -> None:
    """Data validation refusing a name typed twice in a column, case aside: SUMIF,
    COUNTIFS, MATCH and VLOOKUP would pool "Phoning" and "PHONING" (the spec check
    refuses them too). ``=`` compares without wildcards, so "Salon*" stays a name."""
    names = f"${chr(65 + col)}${first + 1}:${chr(65 + col)}${last + 1}"
    top = cell(first, col)
    book.sheets[key].data_validation(first, col, last, col, {
        "validate": "custom", "value": f"=SUMPRODUCT(--({names}={top}))<=1"})
