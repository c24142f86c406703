"""The PAC workbook's tracking sheets: budget by action and month, monthly follow-up of
the objectives, dashboard; and the layout shared with :mod:`.pac`.

Private to :mod:`xlsales.templates.pac`, which documents the defined names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ..core import Status
from . import styling
from . import twins as fx
from ._book import Book, cell, span

if TYPE_CHECKING:
    from .pac import PacSpec

__all__ = [
    "MONTHS",
    "STATUSES",
    "PAIR_COLUMNS",
    "OBJECTIVE_COLUMNS",
    "ACTION_COLUMNS",
    "FOLLOW_UP",
    "SUMMARY",
    "Layout",
    "budget",
    "follow_up",
    "dashboard",
]

#: Length of the plan in calendar months.
MONTHS = 12
#: Status of an action, in the order of the settings' list.
STATUSES = ("planned", "in_progress", "done", "cancelled")
#: Columns of the strategy's product/market table.
PAIR_COLUMNS = ("number", "product", "market", "product_is", "market_is", "strategy", "axis")
#: Columns of the objectives table before the 12 months of phasing.
OBJECTIVE_COLUMNS = ("code", "indicator", "unit", "baseline", "target", "progress",
                     "deadline", "owner", "behaviour", "condition", "criterion")
#: Columns of the action plan (QQOQCCP).
ACTION_COLUMNS = ("number", "action", "finding", "objective", "indicator", "means", "channel",
                  "crm", "area", "start", "end", "milestones", "months", "budget",
                  "expected_result", "expected_revenue", "roi", "cost_per_result", "target",
                  "owner", "team", "status")
#: Columns of an objective's monthly follow-up.
FOLLOW_UP = ("month_no", "month", "objective", "actual", "attainment", "gap", "cum_objective",
             "cum_actual", "cum_attainment", "cum_gap", "remaining", "projection", "status")
#: Columns of the dashboard's summary of the objectives at the follow-up date.
SUMMARY = ("code", "indicator", "unit", "target", "objective_to_date", "actual_to_date",
           "attainment", "gap", "projection", "projected_attainment", "remaining", "status")

_FOLLOW_STRIDE = MONTHS + 2  # a title row, 12 months, a blank row
_FOLLOW_TOP = 5  # the follow-up's first title row, below the frozen header and a gap
_BUDGET_HEADER = 4  # row of the budget sheet's month headers
_BUDGET_FIRST_MONTH = 5  # its column of the first month


def _fixed_row(row: int, col: int) -> str:
    """``F$5``: a reference whose row stays put when a formula is copied down."""
    return xl_rowcol_to_cell(row, col, row_abs=True)


def _fixed_col(row: int, col: int) -> str:
    """``$F20``: a reference whose column stays put when a formula is copied across."""
    return xl_rowcol_to_cell(row, col, col_abs=True)


@dataclass
class Layout:
    """How many rows each table has, and where the generator put them."""

    objectives: int
    actions: int
    pairs: int
    axes: int
    swot: int
    objective_first: int = 5
    action_first: int = 5
    action_total: int = 0
    budget_total: int = 0

    @classmethod
    def for_spec(cls, spec: PacSpec | None) -> Layout:
        """Room for the spec's rows and blank rows for the ones a manager adds."""
        if spec is None:
            return cls(objectives=8, actions=15, pairs=8, axes=5, swot=8)
        swot = spec.diagnostic
        longest = max(len(swot.strengths), len(swot.weaknesses), len(swot.opportunities),
                      len(swot.threats))
        return cls(objectives=max(8, len(spec.objectives) + 2),
                   actions=max(15, len(spec.actions) + 5),
                   pairs=max(8, len(spec.strategy.pairs) + 3),
                   axes=max(5, len(spec.strategy.axes) + 2),
                   swot=max(8, longest + 3))

    def follow_row(self, slot: int, month: int) -> int:
        """Row of the ``month``-th month (1 to 12) of objective ``slot`` (0-based)."""
        return _FOLLOW_TOP + slot * _FOLLOW_STRIDE + month




def _status_words(book: Book) -> tuple[str, str, str]:
    """Green, amber and red in the workbook's language (the shared ``status`` labels)."""
    words = book.common("status")
    return tuple(words[s.value] for s in (Status.GREEN, Status.AMBER, Status.RED))


def _budget_row(book: Book, row: int, source: int, index: int) -> None:
    """One action's row: its budget, dates, the spread over the plan's months, the
    total spread and what falls outside the plan."""
    sheet, f = book.sheets["budget"], book.fmt
    first_month, header = _BUDGET_FIRST_MONTH, _BUDGET_HEADER
    after = first_month + MONTHS
    a = {label: col for col, label in enumerate(ACTION_COLUMNS)}
    linked = {label: book.ref("actions", source, a[label])
              for label in ("action", "budget", "start", "end", "months")}
    sheet.write_number(row, 0, index + 1, f.label)
    for col, label, fmt in ((1, "action", f.text), (2, "budget", f.euro),
                            (3, "start", f.date), (4, "end", f.date)):
        sheet.write_formula(row, col, "=" + fx.blank_unless([linked[label]], linked[label]),
                            fmt)
    for m in range(MONTHS):
        month = _fixed_row(header, first_month + m)
        formula = fx.spread_budget(cell(row, 2), cell(row, 3), cell(row, 4), month,
                                   linked["months"])
        sheet.write_formula(row, first_month + m, "=" + formula, f.euro_sparse)
    months = span(row, first_month, row, after - 1)
    sheet.write_formula(row, after, "=" + fx.blank_unless([cell(row, 2)],
                                                          f"SUM({months})"), f.euro)
    sheet.write_formula(row, after + 1, "=" + fx.gap(cell(row, 2), cell(row, after)),
                        f.euro_sparse)


def budget(book: Book, layout: Layout) -> None:
    """Each action's budget spread over its months, totals, and the checks."""
    sheet, f, key = book.sheets["budget"], book.fmt, "budget"
    first_month = _BUDGET_FIRST_MONTH
    after = first_month + MONTHS
    widths = {0: 6, 1: 34, 2: 14, 3: 11, 4: 11, **{first_month + m: 11 for m in range(MONTHS)},
              after: 14, after + 1: 14}
    book.title_sheet(key, widths, (5, 2))
    sheet.write_string(3, 1, book.t("budget.by_month"), f.section)
    sheet.write_string(3, first_month, book.t("budget.month_no"), f.note)
    header = _BUDGET_HEADER
    for col, label in enumerate(("number", "action", "budget", "start", "end")):
        sheet.write_string(header, col, book.t(f"budget.{label}"), f.header)
    for m in range(MONTHS):
        sheet.write_number(3, first_month + m, m + 1, f.note)
        sheet.write_formula(header, first_month + m, "=" + fx.month_start("Plan_Debut", m),
                            f.header_month)
    sheet.write_string(header, after, book.t("budget.spread"), f.header)
    sheet.write_string(header, after + 1, book.t("budget.outside"), f.header)
    styling.fit_row(sheet, header, [(book.t("budget.spread"), widths[after]),
                                  (book.t("budget.outside"), widths[after + 1])])
    first = header + 1
    for index in range(layout.actions):
        _budget_row(book, first + index, layout.action_first + index, index)
    last = first + layout.actions - 1
    book.name_range("Budget_Tableau", key, first, first_month, last, after - 1)
    total, cumul = last + 1, last + 2
    layout.budget_total = total
    sheet.write_string(total, 1, book.t("budget.total"), f.total_label)
    sheet.write_string(cumul, 1, book.t("budget.cumulative"), f.label_bold)
    for col in (0, 3, 4):
        sheet.write_blank(total, col, None, f.total_label)
    for col in range(2, after + 2):
        if col in (3, 4):
            continue
        column = span(first, col, last, col)
        sheet.write_formula(total, col, f'=IF(COUNT({column})=0,"",SUM({column}))',
                            f.total_euro)
    for m in range(MONTHS):
        col = first_month + m
        start = _fixed_col(total, first_month)
        sheet.write_formula(cumul, col, "=" + fx.running_total(start, cell(total, col)),
                            f.euro)
    book.name_range("Budget_Mois", key, total, first_month, total, after - 1)
    book.name_range("Budget_Cumul", key, cumul, first_month, cumul, after - 1)
    book.name_range("Budget_Numeros_Mois", key, 3, first_month, 3, after - 1)
    row = cumul + 2
    sheet.write_string(row, 1, book.t("budget.checks"), f.section)
    spread, outside = cell(total, after), cell(total, after + 1)
    checks = (
        ("plan_total", None, fx.blank_unless(["Budget_Total"], "Budget_Total"), f.euro),
        ("spread_total", "Budget_Reparti", fx.blank_unless([spread], spread), f.euro),
        ("outside_total", "Budget_Hors_Periode", fx.blank_unless([outside], outside), f.euro),
        ("envelope", None, fx.blank_unless(["Budget_Enveloppe"], "Budget_Enveloppe"), f.euro),
        ("balance", "Budget_Solde", fx.gap("Budget_Enveloppe", "Budget_Total"), f.euro),
        ("check_spread", None, fx.blank_unless(
            ["Budget_Hors_Periode"], f'IF(ABS(Budget_Hors_Periode)<0.005,"OK",'
            f'{fx.quote(book.t("budget.outside_plan"))})'), f.label_bold),
        ("check_envelope", None, fx.blank_unless(
            ["Budget_Solde"], f'IF(Budget_Solde>=0,"OK",{fx.quote(book.t("budget.over"))})'),
         f.label_bold),
    )
    for label, name, formula, fmt in checks:
        row += 1
        sheet.write_string(row, 1, book.t(f"budget.{label}"), f.label)
        sheet.write_formula(row, 2, "=" + formula, fmt)
        if name:
            book.name(name, key, row, 2)


def follow_up(book: Book, layout: Layout, spec: PacSpec | None) -> None:
    """One block per objective: 12 months of objective, actual and their figures."""
    sheet, f, key = book.sheets["follow_up"], book.fmt, "follow_up"
    c = {label: col for col, label in enumerate(FOLLOW_UP)}
    widths = {0: 7, 1: 11, **{col: 13 for col in range(2, len(FOLLOW_UP))}}
    book.title_sheet(key, widths, (4, 2))
    header = 3
    for label, col in c.items():
        sheet.write_string(header, col, book.t(f"follow.{label}"), f.header)
    styling.fit_row(sheet, header, [(book.t(f"follow.{label}"), widths[col])
                                  for label, col in c.items()])
    objectives = spec.objectives if spec else []
    months_col = len(OBJECTIVE_COLUMNS)
    status_words = _status_words(book)
    zero = book.t("follow.no_objective")
    for slot in range(layout.objectives):
        source = layout.objective_first + slot
        code = book.ref("objectives", source, 0)
        indicator = book.ref("objectives", source, 1)
        target = book.ref("objectives", source, 4)
        first = layout.follow_row(slot, 1)
        head = first - 1
        sheet.merge_range(head, 0, head, len(FOLLOW_UP) - 1, "", f.section)
        sheet.write_formula(head, 0, f'=IF(AND({code}="",{indicator}=""),"",'
                                     f'{code}&" — "&{indicator})', f.section)
        actuals = objectives[slot].actuals if slot < len(objectives) else []
        for m in range(MONTHS):
            row = first + m
            at = {label: cell(row, col) for label, col in c.items()}
            top = {label: _fixed_row(first, col) for label, col in c.items()}
            phase = book.ref("objectives", source, months_col + m)
            formulas = {
                "month": (fx.month_start("Plan_Debut", m), f.month),
                "objective": (fx.blank_unless([phase], phase), f.number),
                "attainment": (fx.attainment(at["actual"], at["objective"], zero), f.percent),
                "gap": (fx.gap(at["actual"], at["objective"]), f.number),
                "cum_objective": (fx.running_total(top["objective"], at["objective"]),
                                  f.number),
                "cum_actual": (fx.running_total(top["actual"], at["actual"]), f.number),
                "cum_attainment": (fx.attainment(at["cum_actual"], at["cum_objective"], zero),
                                   f.percent),
                "cum_gap": (fx.gap(at["cum_actual"], at["cum_objective"]), f.number),
                "remaining": (fx.remaining(at["cum_actual"], target), f.number),
                "projection": (fx.run_rate(at["cum_actual"], at["month_no"], "Plan_Mois"),
                               f.number),
                "status": (fx.status(at["cum_attainment"], "Seuil_Orange", status_words),
                           f.label_bold),
            }
            sheet.write_number(row, c["month_no"], m + 1, f.label)
            value = actuals[m] if m < len(actuals) else None
            styling.write_input(sheet, row, c["actual"], value, f.input_number())
            for label, (formula, fmt) in formulas.items():
                sheet.write_formula(row, c[label], "=" + formula, fmt)
        last = first + MONTHS - 1
        sheet.data_validation(first, c["actual"], last, c["actual"],
                              {"validate": "decimal", "criteria": ">=", "value": 0})
        for label in ("attainment", "cum_attainment"):
            styling.attainment_colours(sheet, span(first, c[label], last, c[label]), f,
                                     "Seuil_Orange")
        book.name_range(f"Suivi_Objectif{slot + 1}", key, first, 0, last, len(FOLLOW_UP) - 1)


_DASHBOARD_WIDTHS = {0: 7, 1: 44, 2: 16, 3: 13, 4: 13, **{col: 12 for col in range(5, 12)}}
_SUMMARY_TOP = 38  # below the headline figures and the charts beside and under them


def dashboard(book: Book, layout: Layout, spec: PacSpec | None) -> None:
    """Headline figures, the objectives at the follow-up date, and three charts."""
    book.title_sheet("dashboard", _DASHBOARD_WIDTHS, None)
    selector = _headline(book, spec)
    summary_first = _summary(book, layout)
    data_first = _chart_data(book, layout, selector, summary_first + layout.objectives + 2)
    _charts(book, layout, summary_first, data_first)


def _headline(book: Book, spec: PacSpec | None) -> tuple[int, int]:
    sheet, f, key = book.sheets["dashboard"], book.fmt, "dashboard"
    sheet.write_string(3, 0, book.t("dashboard.headline"), f.section)
    no_action = "COUNTA(Actions_Libelles)=0"
    rows: list[tuple[str, str | None, str, Any]] = [
        ("plan", None, fx.blank_unless(["Plan_Titre"], "Plan_Titre"), f.label_bold),
        ("agency", None, fx.blank_unless(["Plan_Agence"], "Plan_Agence"), f.label),
        ("as_of", None, fx.blank_unless(["Suivi_Date"], "Suivi_Date"), f.date),
        ("elapsed", None, fx.blank_unless(["Mois_Ecoules"], "Mois_Ecoules"), f.number),
        ("budget", None, fx.blank_unless(["Budget_Total"], "Budget_Total"), f.euro),
        ("envelope", None, fx.blank_unless(["Budget_Enveloppe"], "Budget_Enveloppe"), f.euro),
        ("balance", None, fx.blank_unless(["Budget_Solde"], "Budget_Solde"), f.euro),
        ("budget_to_date", "Budget_A_Date",
         fx.sum_to_month("Budget_Mois", "Budget_Numeros_Mois", "Mois_Ecoules"), f.euro),
        ("revenue", None, fx.blank_unless(["CA_Attendu_Total"], "CA_Attendu_Total"), f.euro),
        ("roi", None, fx.blank_unless(["ROI_Plan"], "ROI_Plan"), f.percent),
        ("actions", "Nb_Actions", f'IF({no_action},"",COUNTA(Actions_Libelles))', f.number),
    ]
    row = 3
    for label, name, formula, fmt in rows:
        row += 1
        sheet.merge_range(row, 0, row, 1, book.t(f"dashboard.{label}"), f.label)
        sheet.write_formula(row, 2, "=" + formula, fmt)
        if name:
            book.name(name, key, row, 2)
    for index, status in enumerate(STATUSES):
        row += 1
        sheet.merge_range(row, 0, row, 1, book.t(f"dashboard.status_count.{status}"), f.label)
        word = f"INDEX(Liste_Statuts,{index + 1})"
        sheet.write_formula(row, 2, f'=IF({no_action},"",COUNTIF(Actions_Statut,{word}))',
                            f.number)
    # The chart's selector sits just above the chart it drives.
    selector = (3, 8)
    sheet.merge_range(3, 4, 3, 7, book.t("dashboard.selector"), f.label_bold)
    first_code = spec.objectives[0].code if spec and spec.objectives else None
    styling.write_input(sheet, *selector, first_code, f.input_text())
    sheet.data_validation(*selector, *selector, {"validate": "list",
                                                 "source": "=Objectifs_Codes"})
    return selector


def _summary(book: Book, layout: Layout) -> int:
    sheet, f, key = book.sheets["dashboard"], book.fmt, "dashboard"
    s = {label: col for col, label in enumerate(SUMMARY)}
    c = {label: col for col, label in enumerate(FOLLOW_UP)}
    top = _SUMMARY_TOP
    sheet.write_string(top, 0, book.t("dashboard.summary"), f.section)
    header = top + 1
    for label, col in s.items():
        sheet.write_string(header, col, book.t(f"dashboard.col.{label}"), f.header)
    styling.fit_row(sheet, header, [(book.t(f"dashboard.col.{label}"), _DASHBOARD_WIDTHS[col])
                                  for label, col in s.items()])
    zero = book.t("follow.no_objective")
    words = _status_words(book)
    first = header + 1
    for slot in range(layout.objectives):
        row, source = first + slot, layout.objective_first + slot
        block_first, block_last = layout.follow_row(slot, 1), layout.follow_row(slot, MONTHS)
        block = {label: book.range_ref("follow_up", block_first, col, block_last, col)
                 for label, col in c.items()}
        at = {label: cell(row, col) for label, col in s.items()}
        linked = {label: book.ref("objectives", source, col)
                  for label, col in (("code", 0), ("indicator", 1), ("unit", 2), ("target", 4))}
        formulas = {
            **{label: (fx.blank_unless([ref], ref), f.number if label == "target" else f.text)
               for label, ref in linked.items()},
            "objective_to_date": (fx.sum_to_month(block["objective"], block["month_no"],
                                                  "Mois_Ecoules"), f.number),
            "actual_to_date": (fx.sum_to_month(block["actual"], block["month_no"],
                                               "Mois_Ecoules"), f.number),
            "attainment": (fx.attainment(at["actual_to_date"], at["objective_to_date"], zero),
                           f.percent),
            "gap": (fx.gap(at["actual_to_date"], at["objective_to_date"]), f.number),
            "projection": (fx.run_rate(at["actual_to_date"], "Mois_Ecoules", "Plan_Mois"),
                           f.number),
            "projected_attainment": (fx.attainment(at["projection"], at["target"], zero),
                                     f.percent),
            "remaining": (fx.remaining(at["actual_to_date"], at["target"]), f.number),
            "status": (fx.status(at["attainment"], "Seuil_Orange", words), f.label_bold),
        }
        for label, (formula, fmt) in formulas.items():
            sheet.write_formula(row, s[label], "=" + formula, fmt)
        n = slot + 1
        for label, stem in (("actual_to_date", "Realise"), ("attainment", "Atteinte"),
                            ("projection", "Projection"), ("remaining", "Reste"),
                            ("status", "Statut")):
            book.name(f"Objectif{n}_{stem}", key, row, s[label])
    last = first + layout.objectives - 1
    for label in ("attainment", "projected_attainment"):
        styling.attainment_colours(sheet, span(first, s[label], last, s[label]), f,
                                 "Seuil_Orange")
    book.name_range("Synthese_Objectifs", key, first, 0, last, len(SUMMARY) - 1)
    return first


def _chart_data(book: Book, layout: Layout, selector: tuple[int, int], top: int) -> int:
    sheet, f = book.sheets["dashboard"], book.fmt
    c = {label: col for col, label in enumerate(FOLLOW_UP)}
    sheet.write_string(top, 0, book.t("dashboard.chart_data"), f.section)
    chosen = cell(*selector, absolute=True)
    index_row = top + 1
    sheet.merge_range(index_row, 0, index_row, 1, book.t("dashboard.chosen_index"), f.label)
    sheet.write_formula(index_row, 2, "=" + fx.position(chosen, "Objectifs_Codes"), f.number)
    index = cell(index_row, 2, absolute=True)
    header = index_row + 1
    labels = ("month_no", "month", "cum_objective", "cum_actual")
    for col, label in enumerate(labels):
        sheet.write_string(header, col, book.t(f"follow.{label}"), f.header)
    styling.fit_row(sheet, header, [(book.t(f"follow.{label}"), _DASHBOARD_WIDTHS[col])
                                  for col, label in enumerate(labels)])
    first = header + 1
    for m in range(MONTHS):
        row = first + m
        sheet.write_number(row, 0, m + 1, f.label)
        sheet.write_formula(row, 1, "=" + fx.month_start("Plan_Debut", m), f.month)
        for col, label in ((2, "cum_objective"), (3, "cum_actual")):
            refs = ",".join(book.ref("follow_up", layout.follow_row(slot, m + 1), c[label])
                            for slot in range(layout.objectives))
            sheet.write_formula(row, col, "=" + fx.blank_unless([index],
                                                                f"CHOOSE({index},{refs})"),
                                f.number)
    book.helper("dashboard", top, 0, first + MONTHS - 1, len(labels) - 1)
    return first


def _charts(book: Book, layout: Layout, summary_first: int, data_first: int) -> None:
    sheet = book.sheets["dashboard"]
    data_last = data_first + MONTHS - 1
    months = "=" + book.range_ref("dashboard", data_first, 1, data_last, 1)
    cumulative = book.wb.add_chart({"type": "column"})
    cumulative.add_series({
        "name": book.t("follow.cum_actual"), "categories": months,
        "values": "=" + book.range_ref("dashboard", data_first, 3, data_last, 3),
        "fill": {"color": styling.COLOURS["brand"]},
    })
    objective_line = book.wb.add_chart({"type": "line"})
    objective_line.add_series({
        "name": book.t("follow.cum_objective"), "categories": months,
        "values": "=" + book.range_ref("dashboard", data_first, 2, data_last, 2),
        "line": {"color": "#C00000", "width": 2.25},
        "marker": {"type": "circle", "size": 5},
    })
    cumulative.combine(objective_line)
    cumulative.set_title({"name": book.t("dashboard.chart_cumulative"),
                          "name_font": {"size": 11}})
    cumulative.set_x_axis({"num_format": "mmm", "date_axis": False})
    cumulative.set_legend({"position": "bottom"})
    cumulative.set_size({"width": 640, "height": 300})
    sheet.insert_chart(4, 4, cumulative)
    s = {label: col for col, label in enumerate(SUMMARY)}
    summary_last = summary_first + layout.objectives - 1
    attainment = book.wb.add_chart({"type": "bar"})
    for label, colour in (("attainment", styling.COLOURS["brand"]),
                          ("projected_attainment", "#8EA9DB")):
        attainment.add_series({
            "name": book.t(f"dashboard.col.{label}"),
            "categories": "=" + book.range_ref("dashboard", summary_first, 0, summary_last, 0),
            "values": "=" + book.range_ref("dashboard", summary_first, s[label], summary_last,
                                           s[label]),
            "fill": {"color": colour},
        })
    attainment.set_title({"name": book.t("dashboard.chart_attainment"),
                          "name_font": {"size": 11}})
    attainment.set_x_axis({"num_format": "0%"})
    attainment.set_y_axis({"reverse": True})
    attainment.set_legend({"position": "bottom"})
    attainment.set_size({"width": 480, "height": 300})
    sheet.insert_chart(20, 0, attainment)
    months_budget = "=" + book.range_ref("budget", _BUDGET_HEADER, _BUDGET_FIRST_MONTH,
                                         _BUDGET_HEADER, _BUDGET_FIRST_MONTH + MONTHS - 1)
    spend = book.wb.add_chart({"type": "column"})
    spend.add_series({
        "name": book.t("dashboard.budget_month"), "categories": months_budget,
        "values": "=" + book.range_ref("budget", layout.budget_total, _BUDGET_FIRST_MONTH,
                                       layout.budget_total, _BUDGET_FIRST_MONTH + MONTHS - 1),
        "fill": {"color": "#8EA9DB"},
    })
    spend.set_title({"name": book.t("dashboard.chart_budget"), "name_font": {"size": 11}})
    spend.set_x_axis({"num_format": "mmm", "date_axis": False})
    spend.set_y_axis({"num_format": '#,##0 "€"'})
    spend.set_legend({"none": True})
    spend.set_size({"width": 640, "height": 300})
    sheet.insert_chart(20, 4, spend)
