"""The campaign followed over time: per month (or week) of the campaign, the contacts,
returns, meetings, clients and contracts obtained against the objective phased over the
periods; the cumulative attainment, the run rate and the projection to the end.

Private to :mod:`xlsales.templates.campaign`. The objective of each step is the funnel
sheet's total; it is phased by the weights of the periods (blank weights count 1: an
even phasing). Defined names: ``Suivi_Periodicite``, ``Suivi_Periodes`` (how many
periods the campaign spans), ``Suivi_Ecoulees`` (the last period with a figure),
``Suivi_Tableau`` (the period rows) and ``Suivi_Synthese`` (the per-step summary).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from ..spec import SpecModel
from . import styling
from . import twins as fx
from ._book import Book, cell, span
from ._campaign_steps import STEPS, Steps

if TYPE_CHECKING:
    from .campaign import CampaignSpec

__all__ = ["MAX_PERIODS", "SUMMARY", "PeriodFigures", "Tracking", "write_periods"]

#: Room for the periods: 26 weeks (six months) or 26 months.
MAX_PERIODS = 26
#: Columns of the summary, per step.
SUMMARY = ("objective", "cumulative", "attainment", "run_rate", "projection",
           "projected_attainment", "remaining")
_HEADER = 6
_FIRST_STEP_COL = 3  # number, start, weight, then three columns per step


class PeriodFigures(Steps):
    """What one period brought, per funnel step (any may be left out)."""


class Tracking(SpecModel):
    """The campaign's follow-up over time: month or week, the weights that phase the
    objectives (blank: even), and the figures of the periods already run."""

    periodicity: Literal["month", "week"] = "month"
    weights: list[float | None] = Field([], max_length=MAX_PERIODS)
    periods: list[PeriodFigures] = Field([], max_length=MAX_PERIODS)


def _step_cols(index: int) -> tuple[int, int, int]:
    """(actual, phased objective, cumulative attainment) columns of step ``index``."""
    first = _FIRST_STEP_COL + 3 * index
    return first, first + 1, first + 2


def _settings(book: Book, tracking: Tracking | None) -> None:
    sheet, f, key = book.sheets["periods"], book.fmt, "periods"
    words = {"month": book.t("periods.month"), "week": book.t("periods.week")}
    sheet.merge_range(3, 0, 3, 2, book.t("periods.periodicity"), f.label)
    styling.write_input(sheet, 3, 3, words[tracking.periodicity if tracking else "month"],
                        f.input_text())
    sheet.data_validation(3, 3, 3, 3, {"validate": "list", "source": list(words.values())})
    book.name("Suivi_Periodicite", key, 3, 3)
    weekly = f"Suivi_Periodicite={fx.quote(words['week'])}"
    sheet.merge_range(4, 0, 4, 2, book.t("periods.count"), f.label)
    sheet.write_formula(4, 3, "=" + fx.blank_unless(
        ["Periode_Debut", "Periode_Fin"],
        f"IF({weekly},INT((Duree_Jours+6)/7),Duree_Mois)"), f.number)
    book.name("Suivi_Periodes", key, 4, 3)
    sheet.merge_range(4, 5, 4, 7, book.t("periods.elapsed"), f.label)


def _period_rows(book: Book, tracking: Tracking | None) -> tuple[int, int]:
    sheet, f = book.sheets["periods"], book.fmt
    weekly = f"Suivi_Periodicite={fx.quote(book.t('periods.week'))}"
    first, last = _HEADER + 1, _HEADER + MAX_PERIODS
    weights = span(first, 2, last, 2, absolute=True)
    numbers = span(first, 0, last, 0, absolute=True)
    periods = list(tracking.periods) if tracking else []
    given = list(tracking.weights) if tracking else []
    for k in range(MAX_PERIODS):
        row = first + k
        n = k + 1
        sheet.write_formula(row, 0, f'=IF(Suivi_Periodes="","",IF({n}<=Suivi_Periodes,{n},""))',
                            f.number)
        sheet.write_formula(row, 1, "=" + fx.blank_unless([cell(row, 0)], (
            f"IF({weekly},Periode_Debut+7*{k},"
            f"IF({k}=0,Periode_Debut,DATE(YEAR(Periode_Debut),MONTH(Periode_Debut)+{k},1)))")),
            f.date)
        styling.write_input(sheet, row, 2, given[k] if k < len(given) else None,
                            f.input_decimal())
        figures = periods[k] if k < len(periods) else None
        # Blank weights count 1; the phased objective is objective × weight / Σ weights
        # over the campaign's periods.
        weight = f'IF({cell(row, 2)}="",1,{cell(row, 2)})'
        total_weight = f'SUMPRODUCT(ISNUMBER({numbers})*({weights}+({weights}="")))'
        for index, step in enumerate(STEPS):
            actual, phased, attainment = _step_cols(index)
            value = getattr(figures, step) if figures else None
            styling.write_input(sheet, row, actual, value, f.input_number())
            objective = f"INDEX(Suivi_Objectifs,{index + 1})"
            sheet.write_formula(row, phased, "=" + fx.blank_unless(
                [cell(row, 0), objective], f"{objective}*{weight}/{total_weight}"), f.decimal)
            cum_actual = f"SUM({cell(first, actual, True)}:{cell(row, actual)})"
            cum_phased = f"SUM({cell(first, phased, True)}:{cell(row, phased)})"
            sheet.write_formula(row, attainment, "=" + fx.blank_unless(
                [cell(row, actual)], f'IF({cum_phased}=0,"",{cum_actual}/{cum_phased})'),
                f.percent)
    for index in range(len(STEPS)):
        col = _step_cols(index)[2]
        styling.attainment_colours(sheet, span(first, col, last, col), f, "Seuil_Orange")
    return first, last


def _entered_col() -> int:
    return _FIRST_STEP_COL + 3 * len(STEPS)


def _summary(book: Book, first: int, last: int) -> None:
    sheet, f, key = book.sheets["periods"], book.fmt, "periods"
    entered = _entered_col()
    for row in range(first, last + 1):
        actuals = ",".join(cell(row, _step_cols(i)[0]) for i in range(len(STEPS)))
        sheet.write_formula(row, entered, f'=IF(COUNT({actuals})>0,{cell(row, 0)},"")', f.note)
    sheet.write_formula(4, 8, f"=MAX({span(first, entered, last, entered)})", f.number)
    book.name("Suivi_Ecoulees", key, 4, 8)
    top = last + 2
    sheet.write_string(top, 0, book.t("periods.summary"), f.section)
    header = top + 1
    sheet.set_row(header, 30)
    sheet.write_string(header, 0, book.t("periods.step"), f.header)
    for col, label in enumerate(SUMMARY, start=1):
        sheet.write_string(header, col, book.t(f"periods.{label}"), f.header)
    for index, step in enumerate(STEPS):
        row = header + 1 + index
        actual = _step_cols(index)[0]
        at = {label: cell(row, col) for col, label in enumerate(SUMMARY, start=1)}
        sheet.write_string(row, 0, book.t(f"funnel.steps.{step}"), f.label_bold)
        formulas = {
            "objective": (f"INDEX(Suivi_Objectifs,{index + 1})", f.number),
            "cumulative": (f'IF(COUNT({span(first, actual, last, actual)})=0,"",'
                           f"SUM({span(first, actual, last, actual)}))", f.number),
            "attainment": (fx.attainment(at["cumulative"], at["objective"]), f.percent),
            "run_rate": (fx.ratio(at["cumulative"], "Suivi_Ecoulees"), f.decimal),
            "projection": (fx.run_rate(at["cumulative"], "Suivi_Ecoulees", "Suivi_Periodes"),
                           f.decimal),
            "projected_attainment": (fx.attainment(at["projection"], at["objective"]),
                                     f.percent),
            "remaining": (fx.remaining(at["cumulative"], at["objective"]), f.number),
        }
        for col, label in enumerate(SUMMARY, start=1):
            formula, fmt = formulas[label]
            sheet.write_formula(row, col, "=" + formula, fmt)
    last_row = header + len(STEPS)
    for label in ("attainment", "projected_attainment"):
        col = SUMMARY.index(label) + 1
        styling.attainment_colours(sheet, span(header + 1, col, last_row, col), f,
                                   "Seuil_Orange")
    book.name_range("Suivi_Synthese", key, header + 1, 1, last_row, len(SUMMARY))


def write_periods(book: Book, spec: CampaignSpec | None, objective_cells: list[str]) -> None:
    """The follow-up sheet (key ``periods``); ``objective_cells`` are the funnel sheet's
    total objective of each step, in :data:`STEPS` order."""
    sheet, f, key = book.sheets["periods"], book.fmt, "periods"
    widths = {0: 16, 1: 11, 2: 8, **{c: 10 for c in range(3, _entered_col())},
              _entered_col(): 4}
    book.title_sheet(key, widths, (_HEADER + 1, 2))
    tracking = spec.tracking if spec else None
    _settings(book, tracking)
    # The objectives, one cell each, in a hidden helper column beside the summary.
    helper = _entered_col() + 1
    for index, ref in enumerate(objective_cells):
        sheet.write_formula(_HEADER + 1 + index, helper, f"={ref}", f.note)
    book.name_range("Suivi_Objectifs", key, _HEADER + 1, helper, _HEADER + len(STEPS), helper)
    sheet.set_column(helper, helper, None, None, {"hidden": True})
    sheet.set_column(_entered_col(), _entered_col(), 4, None, {"hidden": True})
    top = _HEADER - 1
    sheet.set_row(_HEADER, 30)
    for col, label in enumerate(("number", "start", "weight")):
        sheet.write_string(_HEADER, col, book.t(f"periods.{label}"), f.header)
    for index, step in enumerate(STEPS):
        actual, phased, attainment = _step_cols(index)
        sheet.merge_range(top, actual, top, attainment, book.t(f"funnel.steps.{step}"),
                          f.header)
        for col, label in ((actual, "actual"), (phased, "phased"),
                           (attainment, "cum_attainment")):
            sheet.write_string(_HEADER, col, book.t(f"periods.{label}"), f.header)
    first, last = _period_rows(book, tracking)
    book.name_range("Suivi_Tableau", key, first, 0, last, _entered_col() - 1)
    _summary(book, first, last)
