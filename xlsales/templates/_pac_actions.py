"""The PAC's follow-up of its actions: what each action really cost, month by month, and
what it really brought, against its budget and its expected result; the budget's
consumption over the months (planned and actual cumulative spend).

A PAC is followed up, not only written. Private to :mod:`xlsales.templates.pac`, which
documents the defined names (``Suivi_Actions_Tableau``, ``Depenses_Mois``,
``Depenses_Cumul``, ``Depenses_Total``, ``Budget_Consomme``, ``Consommation_Mois``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlsxwriter.utility import xl_rowcol_to_cell

from . import styling
from . import twins as fx
from ._book import Book, cell, span
from ._pac_tracking import ACTION_COLUMNS, MONTHS, Layout

if TYPE_CHECKING:
    from .pac import PacSpec

__all__ = ["FOLLOW_COLUMNS", "action_follow_up"]

#: Columns after the months: what the action cost and brought.
FOLLOW_COLUMNS = ("spent", "consumption", "left", "expected_result", "result",
                  "result_attainment", "cost_per_result")
_FIRST_MONTH = 4  # columns: number, action, status, budget, then the months
_HEADER = 4


def _linked(book: Book, layout: Layout, index: int) -> dict[str, str]:
    a = {label: col for col, label in enumerate(ACTION_COLUMNS)}
    source = layout.action_first + index
    return {label: book.ref("actions", source, a[label])
            for label in ("action", "status", "budget", "expected_result")}


def _action_row(book: Book, layout: Layout, row: int, index: int,
                spec: PacSpec | None) -> None:
    sheet, f = book.sheets["actions_follow"], book.fmt
    action = spec.actions[index] if spec and index < len(spec.actions) else None
    linked = _linked(book, layout, index)
    sheet.write_number(row, 0, index + 1, f.label)
    for col, label, fmt in ((1, "action", f.text), (2, "status", f.label),
                            (3, "budget", f.euro)):
        sheet.write_formula(row, col, "=" + fx.blank_unless([linked[label]], linked[label]),
                            fmt)
    spent = list(action.spent) if action else []
    for m in range(MONTHS):
        value = spent[m] if m < len(spent) else None
        styling.write_input(sheet, row, _FIRST_MONTH + m, value, f.input_euro())
    after = _FIRST_MONTH + MONTHS
    c = {label: after + i for i, label in enumerate(FOLLOW_COLUMNS)}
    at = {label: cell(row, col) for label, col in c.items()}
    budget = cell(row, 3)
    months = span(row, _FIRST_MONTH, row, after - 1)
    words = book.t("actions_follow.no_result")
    formulas = {
        "spent": (f'IF(COUNT({months})=0,"",SUM({months}))', f.euro),
        "consumption": (fx.attainment(at["spent"], budget), f.percent),
        "left": (fx.gap(budget, at["spent"]), f.euro),
        "expected_result": (fx.blank_unless([linked["expected_result"]],
                                            linked["expected_result"]), f.decimal),
        "result_attainment": (fx.attainment(at["result"], at["expected_result"]), f.percent),
        "cost_per_result": (fx.ratio(at["spent"], at["result"], words), f.euro),
    }
    for label, (formula, fmt) in formulas.items():
        sheet.write_formula(row, c[label], "=" + formula, fmt)
    styling.write_input(sheet, row, c["result"], action.result if action else None,
                        f.input_decimal())


def _totals(book: Book, first: int, last: int) -> int:
    """Total and cumulative rows, planned beside actual; returns the last row written."""
    sheet, f, key = book.sheets["actions_follow"], book.fmt, "actions_follow"
    after = _FIRST_MONTH + MONTHS
    total, cumul, planned, consumed = last + 1, last + 2, last + 3, last + 4
    sheet.write_string(total, 1, book.t("actions_follow.total"), f.total_label)
    for col in (0, 2):
        sheet.write_blank(total, col, None, f.total_label)
    for col in [3, *range(_FIRST_MONTH, after + 1)]:
        column = span(first, col, last, col)
        sheet.write_formula(total, col, f'=IF(COUNT({column})=0,"",SUM({column}))',
                            f.total_euro)
    sheet.write_formula(total, after + 1, "=" + fx.attainment(cell(total, after),
                                                              cell(total, 3)), f.total_percent)
    rows = ((cumul, "cumulative"), (planned, "planned_cumulative"),
            (consumed, "consumption_to_date"))
    for row, label in rows:
        sheet.write_string(row, 1, book.t(f"actions_follow.{label}"), f.label_bold)
    for m in range(MONTHS):
        col = _FIRST_MONTH + m
        start = xl_rowcol_to_cell(total, _FIRST_MONTH, col_abs=True)
        sheet.write_formula(cumul, col, "=" + fx.running_total(start, cell(total, col)),
                            f.euro)
        sheet.write_formula(planned, col, f"=INDEX(Budget_Cumul,{m + 1})", f.euro)
        sheet.write_formula(consumed, col, "=" + fx.attainment(cell(cumul, col),
                                                               "Budget_Total"), f.percent)
    book.name_range("Depenses_Mois", key, total, _FIRST_MONTH, total, after - 1)
    book.name_range("Depenses_Cumul", key, cumul, _FIRST_MONTH, cumul, after - 1)
    book.name_range("Consommation_Mois", key, consumed, _FIRST_MONTH, consumed, after - 1)
    book.name("Depenses_Total", key, total, after)
    book.name("Budget_Consomme", key, total, after + 1)
    return consumed


def _chart(book: Book, header: int, cumul: int, row: int) -> None:
    key = "actions_follow"
    chart = book.wb.add_chart({"type": "line"})
    categories = "=" + book.range_ref(key, header, _FIRST_MONTH, header,
                                      _FIRST_MONTH + MONTHS - 1)
    for line, label in ((cumul + 1, "planned_cumulative"), (cumul, "cumulative")):
        chart.add_series({"name": book.t(f"actions_follow.{label}"),
                          "categories": categories,
                          "values": "=" + book.range_ref(key, line, _FIRST_MONTH, line,
                                                         _FIRST_MONTH + MONTHS - 1),
                          "marker": {"type": "circle"}})
    chart.set_title({"name": book.t("actions_follow.chart"), "name_font": {"size": 11}})
    chart.set_x_axis({"num_format": "mmm yy"})
    chart.set_y_axis({"num_format": '#,##0 "€"'})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 720, "height": 300})
    book.sheets[key].insert_chart(row, 1, chart)


def action_follow_up(book: Book, layout: Layout, spec: PacSpec | None) -> None:
    """The actions' follow-up sheet (key ``actions_follow``)."""
    sheet, f, key = book.sheets["actions_follow"], book.fmt, "actions_follow"
    after = _FIRST_MONTH + MONTHS
    widths = {0: 5, 1: 34, 2: 12, 3: 12, **{_FIRST_MONTH + m: 10 for m in range(MONTHS)},
              **{after + i: 12 for i in range(len(FOLLOW_COLUMNS))}}
    book.title_sheet(key, widths, (_HEADER + 1, 2))
    sheet.write_string(3, 1, book.t("actions_follow.section"), f.section)
    header = _HEADER
    sheet.set_row(header, 32)
    for col, label in enumerate(("number", "action", "status", "budget")):
        sheet.write_string(header, col, book.t(f"actions_follow.{label}"), f.header)
    for m in range(MONTHS):
        sheet.write_formula(header, _FIRST_MONTH + m, "=" + fx.month_start("Plan_Debut", m),
                            f.header_month)
    for i, label in enumerate(FOLLOW_COLUMNS):
        sheet.write_string(header, after + i, book.t(f"actions_follow.{label}"), f.header)
    first = header + 1
    for index in range(layout.actions):
        _action_row(book, layout, first + index, index, spec)
    last = first + layout.actions - 1
    sheet.data_validation(first, _FIRST_MONTH, last, after - 1,
                          {"validate": "decimal", "criteria": ">=", "value": 0})
    book.name_range("Suivi_Actions_Tableau", key, first, 0, last,
                    after + len(FOLLOW_COLUMNS) - 1)
    consumed = _totals(book, first, last)
    _chart(book, header, last + 2, consumed + 2)
