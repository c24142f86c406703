"""Campaign tracking workbook (the Abeille Langon worked case): costs, funnel objectives and results
per target, rates, attainment, profitability and its break-even, a dashboard.

Every figure is a native formula (see :mod:`xlsales.templates.twins`); the spec only fills the
yellow input cells. Workbook-level names: ``CA_Total``, ``CV_Total``, ``CF_Total``,
``MCV_Total``, ``Taux_MCV``, ``Seuil_Rentabilite``, ``Point_Mort``, ``Resultat``,
``Indice_Securite`` and ``Marge_Securite`` for the whole campaign, and the same names
suffixed ``_Cible<n>`` for the n-th target (``CA_Cible1``...).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from ..spec import SpecModel
from . import styling
from . import twins as fx
from ._blocks import (
    PERIOD_NAMES,
    cost_line,
    write_period,
    write_periodicities,
    write_weeks_per_month,
)
from ._book import Book, cell, span
from ._campaign_periods import Tracking, write_periods
from ._campaign_steps import STEPS, Steps
from ._spec_types import Amount, CostLine, Period, Rate, Text
from .findings import write_findings

__all__ = ["STEPS", "FIGURES", "Steps", "Target", "Conventions", "CampaignSpec", "build"]

#: Profitability figures: (label key, defined-name stem), in row order.
FIGURES = (
    ("revenue", "CA"),
    ("variable", "CV"),
    ("margin", "MCV"),
    ("margin_rate", "Taux_MCV"),
    ("fixed_share", "Part_CF"),
    ("fixed", "CF"),
    ("breakeven", "Seuil_Rentabilite"),
    ("breakeven_date", "Point_Mort"),
    ("safety_margin", "Marge_Securite"),
    ("safety_index", "Indice_Securite"),
    ("result", "Resultat"),
)
MAX_TARGETS = 6
FIXED_COST_ROWS = 12  # at least this many lines, so a manager can add costs


class Target(SpecModel):
    """A target (particuliers, professionnels...) with its objectives and results."""

    name: Text
    objectives: Steps = Steps()
    results: Steps = Steps()
    contract_price: Amount | None = None
    reward: Amount | None = None
    commission: Amount | None = None
    other_variable_costs: Amount | None = None


class Conventions(SpecModel):
    """Choices the case leaves open, with the case's defaults."""

    weeks_per_month: float = Field(default=4, gt=0, le=5)
    reward_basis: Literal["coupon", "client"] = "coupon"
    fixed_cost_split: Literal["revenue", "equal"] = "revenue"
    amber: Rate = 0.9


class CampaignSpec(SpecModel):
    """The inputs of a campaign workbook."""

    campaign: Period
    conventions: Conventions = Conventions()
    targets: list[Target] = Field(min_length=1, max_length=MAX_TARGETS)
    fixed_costs: list[CostLine] = []
    tracking: Tracking | None = None


class _Layout:
    """Where the generator put things, for cross-sheet formulas."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.targets = len(names)
        self.step_row: dict[str, int] = {}
        self.price_row = 0
        self.variable_total_row = 0
        self.fixed_total = (0, 0)
        self.figure_row: dict[str, int] = {}
        self.attainment_rows = (0, 0)
        #: The row of each target's name on the settings sheet (column B).
        self.name_rows: list[int] = []

    @staticmethod
    def objective_col(t: int) -> int:
        return 1 + 2 * t

    @staticmethod
    def actual_col(t: int) -> int:
        return 2 + 2 * t


def build(path: Path | str, spec: CampaignSpec | None = None, lang: str = "fr") -> Path:
    """Write the campaign workbook to ``path`` (a blank template when ``spec`` is None)."""
    book = Book(path, "campaign", lang)
    default = list(book.labels("settings.default_targets"))
    names = [t.name for t in spec.targets] if spec else default
    layout = _Layout(names)
    for key in ("settings", "costs", "funnel", "periods", "indicators", "profitability",
                "dashboard"):
        book.add_sheet(key)
    _settings(book, layout, spec, names)
    _funnel(book, layout, spec)
    write_periods(book, spec, [book.ref("funnel", layout.step_row[step],
                                        layout.objective_col(layout.targets))
                               for step in STEPS])
    _costs(book, layout, spec)
    _indicators(book, layout)
    _profitability(book, layout)
    _dashboard(book, layout)
    book.wb.worksheets()[0].activate()
    write_findings(book.wb, book.fmt, "campaign", book.lang, book.t("title"))
    return book.close()




def _settings(book: Book, layout: _Layout, spec: CampaignSpec | None, names: list[str]) -> None:
    sheet, f, key = book.sheets["settings"], book.fmt, "settings"
    book.title_sheet(key, {0: 42, 1: 28}, None)
    period = spec.campaign if spec else None
    conv = spec.conventions if spec else Conventions()
    basis = {"coupon": book.t("settings.basis_coupon"), "client": book.t("settings.basis_client")}
    split = {"revenue": book.t("settings.split_revenue"), "equal": book.t("settings.split_equal")}
    row = 3
    sheet.write_string(row, 0, book.t("settings.campaign"), f.section)
    for label, name, text in (("name", "Campagne_Nom", period.name if period else None),
                              ("agency", "Campagne_Agence", period.agency if period else None)):
        row += 1
        sheet.write_string(row, 0, book.t(f"settings.{label}"), f.label)
        styling.write_input(sheet, row, 1, text, f.input_text())
        book.name(name, key, row, 1)
    row = write_period(book, key, row + 1, period.start if period else None,
                       period.end if period else None, labels="settings")
    row += 2
    sheet.write_string(row, 0, book.t("settings.conventions"), f.section)
    row += 1
    write_weeks_per_month(book, key, row, conv.weeks_per_month,
                          book.t("settings.weeks_per_month"))
    conventions = [
        ("reward_basis", "Base_Recompense", basis[conv.reward_basis], f.input_text(),
         {"validate": "list", "source": list(basis.values())}),
        ("split", "Repartition_CF", split[conv.fixed_cost_split], f.input_text(),
         {"validate": "list", "source": list(split.values())}),
        ("amber", "Seuil_Orange", conv.amber, f.input_percent(),
         {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1}),
    ]
    for label, name, value, fmt, validation in conventions:
        row += 1
        sheet.write_string(row, 0, book.t(f"settings.{label}"), f.label)
        styling.write_input(sheet, row, 1, value, fmt)
        sheet.data_validation(row, 1, row, 1, validation)
        book.name(name, key, row, 1)
    row += 2
    sheet.write_string(row, 0, book.t("settings.targets"), f.section)
    for index, target in enumerate(names):
        row += 1
        sheet.write_string(row, 0, f"{book.t('settings.target')} {index + 1}", f.label)
        styling.write_input(sheet, row, 1, target, f.input_text())
        book.name(f"Nom_Cible{index + 1}", key, row, 1)
        layout.name_rows.append(row)
    write_periodicities(book, key, row + 2, book.t("settings.periodicities"),
                        (book.t("settings.periodicity"), book.t("settings.occurrences")))


def _funnel(book: Book, layout: _Layout, spec: CampaignSpec | None) -> None:
    sheet, f, key = book.sheets["funnel"], book.fmt, "funnel"
    n = layout.targets
    book.title_sheet(key, {0: 26, **{c: 13 for c in range(1, 2 * n + 3)}}, (5, 1))
    header = 4
    sheet.write_string(header, 0, book.t("funnel.step"), f.header)
    for t in range(n + 1):
        title_row = header - 1
        name = f"=Nom_Cible{t + 1}" if t < n else None
        col = layout.objective_col(t)
        if name:
            sheet.merge_range(title_row, col, title_row, col + 1, "", f.header)
            sheet.write_formula(title_row, col, name, f.header)
        else:
            sheet.merge_range(title_row, col, title_row, col + 1, book.t("funnel.total"),
                              f.header)
        sheet.write_string(header, col, book.t("funnel.objective"), f.header)
        sheet.write_string(header, col + 1, book.t("funnel.actual"), f.header)
    for index, step in enumerate(STEPS):
        row = header + 1 + index
        layout.step_row[step] = row
        sheet.write_string(row, 0, book.t(f"funnel.steps.{step}"), f.label_bold)
        for t in range(n):
            target = spec.targets[t] if spec else None
            for col, source in ((layout.objective_col(t), "objectives"),
                                (layout.actual_col(t), "results")):
                value = getattr(getattr(target, source), step) if target else None
                styling.write_input(sheet, row, col, value, f.input_number())
                sheet.data_validation(row, col, row, col, {
                    "validate": "integer", "criteria": ">=", "value": 0})
        for col in (layout.objective_col(n), layout.actual_col(n)):
            cells = ",".join(cell(row, col - 2 * (n - t)) for t in range(n))
            sheet.write_formula(row, col, f'=IF(COUNT({cells})=0,"",SUM({cells}))',
                                f.total_number)
    row = header + len(STEPS) + 2
    layout.price_row = row
    sheet.write_string(row, 0, book.t("funnel.price"), f.label_bold)
    for t in range(n):
        price = spec.targets[t].contract_price if spec else None
        col = layout.actual_col(t)
        styling.write_input(sheet, row, col, price, f.input_euro())
        sheet.data_validation(row, col, row, col, {"validate": "decimal", "criteria": ">=",
                                                   "value": 0})


def _costs(book: Book, layout: _Layout, spec: CampaignSpec | None) -> None:
    sheet, f, key = book.sheets["costs"], book.fmt, "costs"
    n = layout.targets
    book.title_sheet(key, {0: 46, 1: 14, 2: 28, 3: 16, 4: 18, **{c: 16 for c in range(5, n + 6)}},
           None)
    row = 3
    sheet.write_string(row, 0, book.t("costs.fixed"), f.section)
    row += 1
    for col, label in enumerate(("label", "amount", "periodicity", "quantity", "period_cost")):
        sheet.write_string(row, col, book.t(f"costs.{label}"), f.header)
    lines = spec.fixed_costs if spec else []
    first = row + 1
    count = max(FIXED_COST_ROWS, len(lines) + 5)
    periodicity = book.common("periodicity")
    for index in range(count):
        row = first + index
        line = lines[index] if index < len(lines) else None
        styling.write_input(sheet, row, 0, line.label if line else None, f.input_text())
        styling.write_input(sheet, row, 1, line.amount if line else None, f.input_euro())
        styling.write_input(sheet, row, 2, periodicity[line.periodicity] if line else None,
                          f.input_text())
        styling.write_input(sheet, row, 3, line.quantity if line else None, f.input_decimal())
        sheet.write_formula(row, 4, "=" + cost_line(cell(row, 1), cell(row, 2), cell(row, 3)),
                            f.euro)
    last = first + count - 1
    sheet.data_validation(first, 1, last, 1, {"validate": "decimal", "criteria": ">=",
                                              "value": 0})
    sheet.data_validation(first, 2, last, 2, {"validate": "list",
                                              "source": "=Periodicites_Libelles"})
    sheet.data_validation(first, 3, last, 3, {"validate": "decimal", "criteria": ">=",
                                              "value": 0})
    row = last + 1
    sheet.write_string(row, 0, book.t("costs.fixed_total"), f.total_label)
    for col in range(1, 4):
        sheet.write_blank(row, col, None, f.total_label)
    sheet.write_formula(row, 4, f"=SUM({span(first, 4, last, 4)})", f.total_euro)
    layout.fixed_total = (row, 4)
    book.name("CF_Total", key, row, 4)
    _variable_costs(book, layout, spec, row + 2)


def _variable_costs(book: Book, layout: _Layout, spec: CampaignSpec | None, row: int) -> None:
    sheet, f = book.sheets["costs"], book.fmt
    n = layout.targets
    sheet.write_string(row, 0, book.t("costs.variable"), f.section)
    row += 1
    sheet.write_blank(row, 0, None, f.header)
    for t in range(n):
        sheet.write_formula(row, 1 + t, f"=Nom_Cible{t + 1}", f.header)
    sheet.write_string(row, 1 + n, book.t("costs.total"), f.header)
    rows = {}
    for label in ("reward", "rewarded", "rewards", "commission", "commissions", "other",
                  "variable_total"):
        row += 1
        rows[label] = row
        style = f.total_label if label == "variable_total" else f.label
        sheet.write_string(row, 0, book.t(f"costs.{label}"), style)
    coupon = fx.quote(book.t("settings.basis_coupon"))
    funnel = "funnel"
    for t in range(n):
        col, target = 1 + t, (spec.targets[t] if spec else None)
        responses = book.ref(funnel, layout.step_row["responses"], layout.actual_col(t))
        clients = book.ref(funnel, layout.step_row["clients"], layout.actual_col(t))
        for label, value in (("reward", target.reward if target else None),
                             ("commission", target.commission if target else None),
                             ("other", target.other_variable_costs if target else None)):
            styling.write_input(sheet, rows[label], col, value, f.input_euro())
            sheet.data_validation(rows[label], col, rows[label], col, {
                "validate": "decimal", "criteria": ">=", "value": 0})
        reward, count = cell(rows["reward"], col), cell(rows["rewarded"], col)
        commission = cell(rows["commission"], col)
        sheet.write_formula(rows["rewarded"], col,
                            f"=IF(Base_Recompense={coupon},{responses},{clients})", f.number)
        sheet.write_formula(rows["rewards"], col, "=" + fx.blank_unless(
            [reward, count], f"{reward}*{count}"), f.euro)
        sheet.write_formula(rows["commissions"], col, "=" + fx.blank_unless(
            [commission, clients], f"{commission}*{clients}"), f.euro)
        parts = [cell(rows[x], col) for x in ("rewards", "commissions", "other")]
        sheet.write_formula(rows["variable_total"], col,
                            f'=IF(COUNT({",".join(parts)})=0,"",SUM({",".join(parts)}))',
                            f.total_euro)
    for label in rows:
        cells = span(rows[label], 1, rows[label], n)
        fmt = f.total_euro if label == "variable_total" else (
            f.number if label == "rewarded" else f.euro)
        if label in ("reward", "commission"):
            sheet.write_blank(rows[label], 1 + n, None, f.label)
            continue
        sheet.write_formula(rows[label], 1 + n, f'=IF(COUNT({cells})=0,"",SUM({cells}))', fmt)
    layout.variable_total_row = rows["variable_total"]


def _indicators(book: Book, layout: _Layout) -> None:
    sheet, f, key = book.sheets["indicators"], book.fmt, "indicators"
    n = layout.targets
    book.title_sheet(key, {0: 44, **{c: 15 for c in range(1, 2 * n + 4)}}, None)
    row = 3
    sheet.write_string(row, 0, book.t("indicators.rates"), f.section)
    row += 1
    _target_header(book, sheet, row, n, "indicators.indicator")
    rates = (
        ("return_rate", "responses", "contacts", f.percent),
        ("meeting_rate", "meetings", "responses", f.percent),
        ("transformation", "clients", "meetings", f.percent),
        ("conversion", "clients", "contacts", f.percent),
        ("per_client", "contracts", "clients", f.decimal),
    )
    for label, num, den, fmt in rates:
        row += 1
        sheet.write_string(row, 0, book.t(f"indicators.{label}"), f.label)
        for t in range(n + 1):
            a = book.ref("funnel", layout.step_row[num], layout.actual_col(t))
            b = book.ref("funnel", layout.step_row[den], layout.actual_col(t))
            sheet.write_formula(row, 1 + t, "=" + fx.ratio(a, b), fmt)
    for block, builder, fmt in (("attainment", fx.attainment, f.percent),
                                ("gap", fx.gap, f.number)):
        row += 2
        sheet.write_string(row, 0, book.t(f"indicators.{block}"), f.section)
        row += 1
        _target_header(book, sheet, row, n, "funnel.step")
        first = row + 1
        for step in STEPS:
            row += 1
            sheet.write_string(row, 0, book.t(f"funnel.steps.{step}"), f.label)
            for t in range(n + 1):
                actual = book.ref("funnel", layout.step_row[step], layout.actual_col(t))
                objective = book.ref("funnel", layout.step_row[step], layout.objective_col(t))
                sheet.write_formula(row, 1 + t, "=" + builder(actual, objective), fmt)
        if block == "attainment":
            layout.attainment_rows = (first, row)
            styling.attainment_colours(sheet, span(first, 1, row, n + 1), f, "Seuil_Orange")


def _target_header(book: Book, sheet, row: int, n: int, first_label: str) -> None:
    f = book.fmt
    sheet.write_string(row, 0, book.t(first_label), f.header)
    for t in range(n):
        sheet.write_formula(row, 1 + t, f"=Nom_Cible{t + 1}", f.header)
    sheet.write_string(row, 1 + n, book.t("indicators.total"), f.header)


def _profitability(book: Book, layout: _Layout) -> None:
    sheet, f, key = book.sheets["profitability"], book.fmt, "profitability"
    n = layout.targets
    book.title_sheet(key, {0: 36, **{c: 16 for c in range(1, n + 2)}}, None)
    header = 3
    _target_header(book, sheet, header, n, "profitability.figure")
    for index, (label, _) in enumerate(FIGURES):
        layout.figure_row[label] = header + 1 + index
        sheet.write_string(header + 1 + index, 0, book.t(f"profitability.{label}"),
                           f.label_bold if label in ("breakeven", "result") else f.label)
    never = book.t("profitability.never")
    equal = fx.quote(book.t("settings.split_equal"))
    start, end = PERIOD_NAMES["start"], PERIOD_NAMES["end"]
    for t in range(n + 1):
        col, total = 1 + t, t == n
        at = {label: cell(r, col) for label, r in layout.figure_row.items()}
        if total:
            targets = span(layout.figure_row["revenue"], 1, layout.figure_row["revenue"], n)
            cv_targets = span(layout.figure_row["variable"], 1, layout.figure_row["variable"], n)
            formulas = {
                "revenue": f'IF(COUNT({targets})=0,"",SUM({targets}))',
                "variable": f'IF(COUNT({cv_targets})=0,"",SUM({cv_targets}))',
                "fixed_share": fx.blank_unless([at["revenue"]], "1"),
                "fixed": fx.blank_unless([at["revenue"]], "CF_Total"),
            }
        else:
            contracts = book.ref("funnel", layout.step_row["contracts"], layout.actual_col(t))
            price = book.ref("funnel", layout.price_row, layout.actual_col(t))
            cv = book.ref("costs", layout.variable_total_row, 1 + t)
            ca_all = cell(layout.figure_row["revenue"], 1 + n)
            prorata = fx.ratio(at["revenue"], ca_all)
            formulas = {
                "revenue": fx.blank_unless([contracts, price], f"{contracts}*{price}"),
                "variable": fx.blank_unless([cv], cv),
                "fixed_share": f"IF(Repartition_CF={equal},1/{n},{prorata})",
                "fixed": fx.blank_unless([at["fixed_share"]], f"{at['fixed_share']}*CF_Total"),
            }
        formulas.update({
            "margin": fx.blank_unless([at["revenue"], at["variable"]],
                                      f"{at['revenue']}-{at['variable']}"),
            "margin_rate": fx.margin_rate(at["revenue"], at["variable"]),
            "breakeven": fx.breakeven(at["fixed"], at["revenue"], at["variable"], never),
            "breakeven_date": fx.breakeven_date(at["breakeven"], at["revenue"], start, end),
            "safety_margin": fx.safety_margin(at["revenue"], at["breakeven"]),
            "safety_index": fx.safety_margin(at["revenue"], at["breakeven"], relative=True),
            "result": fx.blank_unless([at["margin"], at["fixed"]],
                                      f"{at['margin']}-{at['fixed']}"),
        })
        for label, stem in FIGURES:
            fmt = {"margin_rate": f.percent, "fixed_share": f.percent, "safety_index": f.percent,
                   "breakeven_date": f.date}.get(label, f.euro)
            sheet.write_formula(layout.figure_row[label], col, "=" + formulas[label], fmt)
            if total and stem in ("CF", "Part_CF"):
                continue  # CF_Total names the costs sheet's total, the one source
            suffix = "_Total" if total and stem in ("CA", "CV", "MCV") else (
                "" if total else f"_Cible{t + 1}")
            book.name(f"{stem}{suffix}", key, layout.figure_row[label], col)


def _dashboard(book: Book, layout: _Layout) -> None:
    sheet, f, key = book.sheets["dashboard"], book.fmt, "dashboard"
    n = layout.targets
    book.title_sheet(key, {0: 34, 1: 18, 2: 3}, None)
    sheet.write_string(3, 0, book.t("dashboard.headline"), f.section)
    headline = (("revenue", "CA_Total", f.euro), ("result", "Resultat", f.euro),
                ("breakeven", "Seuil_Rentabilite", f.euro),
                ("breakeven_date", "Point_Mort", f.date),
                ("safety_index", "Indice_Securite", f.percent))
    for index, (label, name, fmt) in enumerate(headline):
        sheet.write_string(4 + index, 0, book.t(f"profitability.{label}"), f.label)
        sheet.write_formula(4 + index, 1, f"={name}", fmt)
    first, last = layout.step_row[STEPS[0]], layout.step_row[STEPS[-1]]
    categories = "=" + book.range_ref("funnel", first, 0, last, 0)
    # Attainment puts every step on one scale: 2,500 contacts would flatten the rest.
    attainment = book.wb.add_chart({"type": "column"})
    a_first, a_last = layout.attainment_rows
    for t in range(n):
        # The name is the cell the user typed it in, never their text: XlsxWriter
        # would write a name starting with "=" as a formula ("=cmd|' /C calc'!A0").
        attainment.add_series({
            "name": "=" + book.ref("settings", layout.name_rows[t], 1),
            "categories": "=" + book.range_ref("indicators", a_first, 0, a_last, 0),
            "values": "=" + book.range_ref("indicators", a_first, 1 + t, a_last, 1 + t),
        })
    attainment.set_title({"name": book.t("dashboard.chart_objectives"), "name_font": {"size": 11}})
    attainment.set_y_axis({"num_format": "0%"})
    attainment.set_size({"width": 560, "height": 300})
    sheet.insert_chart(3, 3, attainment)
    bars = book.wb.add_chart({"type": "bar"})
    total_col = layout.actual_col(n)
    bars.add_series({"name": book.t("funnel.total"), "categories": categories,
                     "values": "=" + book.range_ref("funnel", first, total_col, last, total_col),
                     "data_labels": {"value": True}})
    bars.set_y_axis({"reverse": True})
    bars.set_legend({"none": True})
    bars.set_title({"name": book.t("dashboard.chart_funnel"), "name_font": {"size": 11}})
    bars.set_size({"width": 390, "height": 300})
    sheet.insert_chart(19, 0, bars)
    profit = book.wb.add_chart({"type": "column"})
    header = layout.figure_row["revenue"] - 1
    for label in ("revenue", "breakeven"):
        row = layout.figure_row[label]
        profit.add_series({
            "name": book.t(f"profitability.{label}"),
            "categories": "=" + book.range_ref("profitability", header, 1, header, n + 1),
            "values": "=" + book.range_ref("profitability", row, 1, row, n + 1),
        })
    profit.set_title({"name": book.t("dashboard.chart_breakeven"), "name_font": {"size": 11}})
    profit.set_y_axis({"num_format": '#,##0 "€"'})
    profit.set_size({"width": 560, "height": 300})
    sheet.insert_chart(19, 3, profit)
