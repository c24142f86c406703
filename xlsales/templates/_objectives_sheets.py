"""The corrective-actions sheet and the dashboard of the objectives workbook."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from . import styling
from . import twins as fx
from ._book import Book, cell, span

if TYPE_CHECKING:
    from .objectives import ObjectivesSpec

__all__ = ["FOLLOW_NAMES", "ACTION_COLUMNS", "write_actions", "write_dashboard"]

#: Names of the follow-up columns other sheets read.
FOLLOW_NAMES = {
    "indicator": "Suivi_Indicateur",
    "segment": "Suivi_Segment",
    "month": "Suivi_Mois",
    "objective": "Suivi_Objectif",
    "actual": "Suivi_Realise",
    "relative_gap": "Suivi_Ecart_Relatif",
    "significant": "Suivi_Significatif",
    "open": "Suivi_Ouvert",
    "action_status": "Suivi_Action",
}

ACTION_COLUMNS = (
    "indicator", "segment", "month", "relative_gap", "cause", "nature", "action", "owner",
    "due", "status", "late", "next_1", "next_2",
)
MIN_ACTION_ROWS = 20
OPEN_LIST_ROWS = 10
MONTHS = 12


def _at_month(ind: str, seg: str | None, month: str) -> tuple[str, str, str]:
    """SUMIFS of actual and objective, and COUNTIFS of actuals, for a month."""
    criteria = f"Suivi_Indicateur,{fx.criterion(ind)}," + (
        f"Suivi_Segment,{fx.criterion(seg)}," if seg else "") + f"Suivi_Mois,{month}"
    return (f"SUMIFS(Suivi_Realise,{criteria})", f"SUMIFS(Suivi_Objectif,{criteria})",
            f'COUNTIFS({criteria},Suivi_Realise,"<>")')


def _attainment_at(ind: str, seg: str | None, month: str) -> str:
    actual, objective, count = _at_month(ind, seg, month)
    return f'IF({count}=0,"",{fx.attainment(actual, objective)})'


def write_actions(book: Book, spec: ObjectivesSpec | None) -> None:
    """One row per significant gap documented: cause, nature, action, owner, due date,
    follow-up; the relative gap, whether the action is late, and the attainment of the
    next two months (the effect observed)."""

    sheet, f, key = book.sheets["actions"], book.fmt, "actions"
    widths = {0: 24, 1: 16, 2: 11, 3: 11, 4: 18, 5: 14, 6: 26, 7: 16, 8: 11, 9: 12, 10: 10,
              11: 12, 12: 12, 13: 4}
    book.title_sheet(key, widths, (5, 0))
    header, first = 4, 5
    sheet.set_row(header, 30)
    for c, name in enumerate(ACTION_COLUMNS):
        sheet.write_string(header, c, book.t(f"actions.{name}"), f.header)
    actions = list(spec.actions) if spec else []
    count = max(MIN_ACTION_ROWS, len(actions) + 10)
    last = first + count - 1
    done, dropped = (fx.quote(book.t(f"status.{s}")) for s in ("done", "dropped"))
    late_flag = fx.quote(book.t("actions.late_flag"))
    today = 'IF(Date_Suivi="",TODAY(),Date_Suivi)'
    inputs = {"indicator": f.input_text(), "segment": f.input_text(),
              "month": f.input_date(), "cause": f.input_text(), "nature": f.input_text(),
              "action": f.input_text(), "owner": f.input_text(), "due": f.input_date(),
              "status": f.input_text()}
    col = {name: index for index, name in enumerate(ACTION_COLUMNS)}
    key_col = len(ACTION_COLUMNS)
    for index in range(count):
        row = first + index
        item = actions[index] if index < len(actions) else None
        values = {
            "indicator": item.indicator if item else None,
            "segment": item.segment if item else None,
            "month": item.month if item else None,
            "cause": book.t(f"cause.{item.cause}") if item else None,
            "nature": book.t(f"nature.{item.nature}") if item else None,
            "action": book.t(f"action.{item.action}") if item else None,
            "owner": item.owner if item else None,
            "due": item.due if item else None,
            "status": book.t(f"status.{item.status}") if item else None,
        }
        for name, value in values.items():
            styling.write_input(sheet, row, col[name], value, inputs[name])
        at = {name: cell(row, c) for name, c in col.items()}
        ind, seg, month = at["indicator"], at["segment"], at["month"]
        actual, objective, recorded = _at_month(ind, seg, month)
        relative = fx.ratio(f"({actual}-{objective})", objective)
        formulas = {
            "relative_gap": (fx.blank_unless([ind, month], f'IF({recorded}=0,"",{relative})'),
                             f.percent),
            "late": (f'IF(AND({at["due"]}<>"",{at["status"]}<>{done},'
                     f'{at["status"]}<>{dropped},{at["due"]}<{today}),{late_flag},"")',
                     f.label),
            "next_1": (fx.blank_unless([ind, month], _attainment_at(
                ind, seg, f"EDATE({month},1)")), f.percent),
            "next_2": (fx.blank_unless([ind, month], _attainment_at(
                ind, seg, f"EDATE({month},2)")), f.percent),
        }
        for name, (formula, fmt) in formulas.items():
            sheet.write_formula(row, col[name], "=" + formula, fmt)
        sheet.write_formula(row, key_col, "=" + fx.blank_unless(
            [ind], f'{ind}&"|"&{seg}&"|"&{month}'), f.note)
    lists = {"indicator": "=Indicateurs_Noms", "segment": "=Segments", "cause": "=Causes",
             "nature": "=Natures", "action": "=Actions_Correctives",
             "status": "=Suivi_Actions"}
    for name, source in lists.items():
        sheet.data_validation(first, col[name], last, col[name], {"validate": "list",
                                                                  "source": source})
    for name in ("month", "due"):
        sheet.data_validation(first, col[name], last, col[name], {
            "validate": "date", "criteria": ">=", "value": dt.date(1990, 1, 1)})
    styling.attainment_colours(sheet, span(first, col["next_1"], last, col["next_2"]), f,
                             "Seuil_Orange")
    sheet.set_column(key_col, key_col, 4, None, {"hidden": True})
    book.name_range("Actions_Cle", key, first, key_col, last, key_col)
    book.name_range("Actions_Suivi", key, first, col["status"], last, col["status"])
    book.name_range("Actions_Retard", key, first, col["late"], last, col["late"])


def write_dashboard(book: Book, spec: ObjectivesSpec | None) -> None:
    """Headline counts, attainment by indicator and month, the open gaps, a chart."""
    sheet, f, key = book.sheets["dashboard"], book.fmt, "dashboard"
    book.title_sheet(key, {0: 28, **{c: 9 for c in range(1, MONTHS + 1)}}, None)
    sheet.write_string(3, 0, book.t("dashboard.headline"), f.section)
    late_flag = fx.quote(book.t("actions.late_flag"))
    for row, (label, name, formula) in enumerate((
            ("open_gaps", "Ecarts_Ouverts", f"COUNT({FOLLOW_NAMES['open']})"),
            ("late_actions", "Actions_En_Retard", f"COUNTIF(Actions_Retard,{late_flag})")),
            start=4):
        sheet.write_string(row, 0, book.t(f"dashboard.{label}"), f.label)
        sheet.write_formula(row, 1, "=" + formula, f.total_number)
        book.name(name, key, row, 1)
    header = 8
    sheet.write_string(header - 1, 0, book.t("dashboard.attainment"), f.section)
    sheet.write_blank(header, 0, None, f.header)
    for m in range(MONTHS):
        sheet.write_formula(header, 1 + m, "=" + fx.blank_unless(
            ["Premier_Mois"], f"EDATE(Premier_Mois,{m})"), book.fmt.get(
                bold=True, font_color="#FFFFFF", bg_color=styling.COLOURS["brand"],
                num_format="mmm yy", align="center", border=1))
    indicators = max(len(spec.indicators) if spec else 0, 6)
    for i in range(indicators):
        row = header + 1 + i
        name = cell(row, 0)
        sheet.write_formula(row, 0, f'=INDEX(Indicateurs_Noms,{i + 1})&""', f.label_bold)
        for m in range(MONTHS):
            month = cell(header, 1 + m)
            sheet.write_formula(row, 1 + m, "=" + fx.blank_unless(
                [name, month], _attainment_at(name, None, month)), f.percent)
    last_row = header + indicators
    styling.attainment_colours(sheet, span(header + 1, 1, last_row, MONTHS), f, "Seuil_Orange")
    _open_gaps(book, last_row + 2)
    chart = book.wb.add_chart({"type": "line"})
    shown = len(spec.indicators) if spec else 0
    for i in range(shown):
        row = header + 1 + i
        chart.add_series({
            "name": "=" + book.ref(key, row, 0),
            "categories": "=" + book.range_ref(key, header, 1, header, MONTHS),
            "values": "=" + book.range_ref(key, row, 1, row, MONTHS),
            "marker": {"type": "circle"},
        })
    if shown:
        chart.set_title({"name": book.t("dashboard.chart"), "name_font": {"size": 11}})
        chart.set_y_axis({"num_format": "0%"})
        chart.set_x_axis({"num_format": "mmm yy"})
        chart.set_size({"width": 620, "height": 300})
        sheet.insert_chart(last_row + 2, 7, chart)


def _open_gaps(book: Book, row: int) -> None:
    """The first open significant gaps, found by their running number."""
    sheet, f = book.sheets["dashboard"], book.fmt
    sheet.write_string(row, 0, book.t("dashboard.open_list"), f.section)
    columns = (("indicator", f.label), ("segment", f.label), ("month", f.date),
               ("relative_gap", f.percent), ("action_status", f.label))
    for c, (name, _) in enumerate(columns):
        sheet.write_string(row + 1, c, book.t(f"follow_up.{name}"), f.header)
    for k in range(1, OPEN_LIST_ROWS + 1):
        r = row + 1 + k
        match = f"MATCH({k},{FOLLOW_NAMES['open']},0)"
        for c, (name, fmt) in enumerate(columns):
            sheet.write_formula(r, c, f'=IFERROR(INDEX({FOLLOW_NAMES[name]},{match}),"")',
                                fmt)
