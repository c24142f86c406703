"""Objectives versus actuals with corrective actions (seed 001).

Per indicator (CA, new clients, taux d'équipement...), segment (or zone, or product) and
month: objective and actual (inputs), gap, relative gap, attainment, cumulative to date,
run-rate projection, remaining to do and status colours. A relative gap at least the
threshold either way is significant; the "Écarts et actions" sheet documents its cause
(planification, interne, externe, comportement client), nature (conjoncturel,
structurel), the corrective action, its owner, due date and follow-up, and shows the
attainment of the next two months (the effect observed). The dashboard shows attainment
by indicator and month, the gaps still open and the late actions.

An indicator either accumulates over the months (CA, new clients: cumulative = sum) or is
a level (taux d'équipement: cumulative = the month's value).

Defined names: ``Premier_Mois``, ``Mois_Clos``, ``Date_Suivi``, ``Seuil_Orange``,
``Seuil_Ecart``, ``Ecarts_Ouverts``, ``Actions_En_Retard``, and the lists ``Causes``,
``Natures``, ``Actions_Correctives``, ``Suivi_Actions``, ``Segments``,
``Indicateurs_Noms``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..i18n import LANGS, section
from ..spec import SpecModel, problem_at, refuse_clashes
from . import styling
from . import twins as fx
from ._blocks import refuse_repeated_names
from ._book import Book, cell, span
from ._objectives_sheets import FOLLOW_NAMES, write_actions, write_dashboard
from ._spec_types import Amount, Rate, Text

__all__ = ["CHOICES", "Indicator", "Figures", "Action", "FollowUp", "ObjectivesSpec", "build"]

#: The closed lists of the actions sheet: list name -> canonical keys.
CHOICES: dict[str, tuple[str, ...]] = {
    "cause": ("planning", "internal", "external", "customer"),
    "nature": ("cyclical", "structural"),
    "action": ("revise", "train", "processes", "diversify", "communicate"),
    "status": ("todo", "in_progress", "done", "dropped"),
}
FOLLOW_COLUMNS = (
    "indicator", "segment", "month", "objective", "actual", "gap", "relative_gap",
    "attainment", "cum_objective", "cum_actual", "cum_attainment", "projection",
    "remaining", "status", "significant", "open", "action_status",
)
MIN_EXTRA_ROWS = 24


def canonical(kind: str, value: str) -> str:
    """The canonical key of a list value given as a key or a label in any language.

    >>> canonical("cause", "comportement client"), canonical("status", "done")
    ('customer', 'done')
    """
    if value in CHOICES[kind]:
        return value
    for lang in LANGS:
        for key, label in section(f"objectives.{kind}", lang).items():
            if label == value:
                return key
    raise ValueError(f"one_of:{', '.join(CHOICES[kind])}")


class Indicator(SpecModel):
    """An indicator followed, its unit and how it accumulates over months."""

    name: Text
    unit: str = ""
    aggregation: Literal["sum", "last"] = "sum"


class Figures(SpecModel):
    """Monthly objectives and actuals of an indicator for a segment, from the first
    month (actuals may stop at the last closed month)."""

    indicator: Text
    segment: Text
    objectives: list[Amount | None] = Field(min_length=1, max_length=24)
    actuals: list[Amount | None] = Field(default=[], max_length=24)


class Action(SpecModel):
    """A corrective action decided for a significant gap."""

    indicator: Text
    segment: Text
    month: dt.date
    cause: str
    nature: str
    action: str
    owner: str = ""
    due: dt.date | None = None
    status: str = "todo"

    @field_validator("cause", "nature", "action", "status")
    @classmethod
    def _known(cls, value: str, info) -> str:
        return canonical(info.field_name, value)


class FollowUp(SpecModel):
    """What is followed, over which months."""

    name: Text
    entity: str = ""
    first_month: dt.date
    current_month: dt.date | None = None
    date: dt.date | None = None

    @field_validator("current_month")
    @classmethod
    def _after_first(cls, value: dt.date | None, info) -> dt.date | None:
        first = info.data.get("first_month")
        if value is not None and first is not None and value < first:
            raise ValueError("end_before_start")
        return value


class ObjectivesSpec(SpecModel):
    """The inputs of an objectives workbook."""

    follow_up: FollowUp
    amber: Rate = 0.9
    significant_gap: Rate = 0.1
    indicators: list[Indicator] = Field(min_length=1, max_length=30)
    segments: list[Text] = Field(min_length=1, max_length=30)
    figures: list[Figures] = []
    actions: list[Action] = []

    @model_validator(mode="after")
    def _known_references(self) -> ObjectivesSpec:
        # SUMIFS, COUNTIFS and VLOOKUP ignore case: names differing only by case clash.
        refuse_clashes([i.name for i in self.indicators], ("indicators",), "name")
        refuse_clashes(list(self.segments), ("segments",))
        names = {i.name for i in self.indicators}
        for part in ("figures", "actions"):
            for index, item in enumerate(getattr(self, part)):
                if item.indicator not in names:
                    raise problem_at("unknown_reference", (part, index, "indicator"),
                                     item.indicator)
                if item.segment not in self.segments:
                    raise problem_at("unknown_reference", (part, index, "segment"),
                                     item.segment)
        return self


def _month(first: dt.date, offset: int) -> dt.date:
    index = first.month - 1 + offset
    return dt.date(first.year + index // 12, index % 12 + 1, 1)


def build(path: Path | str, spec: ObjectivesSpec | None = None, lang: str = "fr") -> Path:
    """Write the objectives workbook to ``path`` (a blank template when ``spec`` is None)."""
    book = Book(path, "objectives", lang)
    for key in ("settings", "indicators", "follow_up", "actions", "dashboard"):
        book.add_sheet(key)
    _settings(book, spec)
    _indicators(book, spec)
    _follow_up(book, spec)
    write_actions(book, spec)
    write_dashboard(book, spec)
    book.wb.worksheets()[0].activate()
    return book.close()




def _settings(book: Book, spec: ObjectivesSpec | None) -> None:
    sheet, f, key = book.sheets["settings"], book.fmt, "settings"
    book.title_sheet(key, {0: 44, 1: 30, 2: 3, 3: 30}, None)
    follow = spec.follow_up if spec else None
    rows = (
        ("name", "Suivi_Titre", follow.name if follow else None, f.input_text()),
        ("entity", "Suivi_Entite", follow.entity if follow else None, f.input_text()),
        ("first_month", "Premier_Mois", follow.first_month if follow else None,
         f.input_date()),
        ("current_month", "Mois_Clos", follow.current_month if follow else None,
         f.input_date()),
        ("date", "Date_Suivi", follow.date if follow else None, f.input_date()),
    )
    sheet.write_string(3, 0, book.t("settings.section"), f.section)
    for row, (label, name, value, fmt) in enumerate(rows, start=4):
        sheet.write_string(row, 0, book.t(f"settings.{label}"), f.label)
        styling.write_input(sheet, row, 1, value, fmt)
        book.name(name, key, row, 1)
        if fmt is f.input_date():
            sheet.data_validation(row, 1, row, 1, {"validate": "date", "criteria": ">=",
                                                   "value": dt.date(1990, 1, 1)})
    sheet.write_string(10, 0, book.t("settings.thresholds"), f.section)
    for row, (label, name, threshold) in enumerate(
            (("amber", "Seuil_Orange", spec.amber if spec else 0.9),
             ("significant", "Seuil_Ecart", spec.significant_gap if spec else 0.1)), start=11):
        sheet.write_string(row, 0, book.t(f"settings.{label}"), f.label)
        styling.write_input(sheet, row, 1, threshold, f.input_percent())
        sheet.data_validation(row, 1, row, 1, {"validate": "decimal", "criteria": "between",
                                               "minimum": 0, "maximum": 1})
        book.name(name, key, row, 1)
    sheet.write_string(14, 0, book.t("settings.lists"), f.section)
    row = 15
    lists = (("causes", "Causes", "cause"), ("natures", "Natures", "nature"),
             ("actions", "Actions_Correctives", "action"),
             ("statuses", "Suivi_Actions", "status"))
    for label, name, kind in lists:
        sheet.write_string(row, 0, book.t(f"settings.{label}"), f.header)
        first = row + 1
        for choice in CHOICES[kind]:
            row += 1
            sheet.write_string(row, 0, book.t(f"{kind}.{choice}"), f.label)
        book.name_range(name, key, first, 0, row, 0)
        row += 2
    sheet.write_string(15, 3, book.t("settings.segments"), f.header)
    segments = list(spec.segments) if spec else []
    count = max(len(segments) + 6, 10)
    for index in range(count):
        value = segments[index] if index < len(segments) else None
        styling.write_input(sheet, 16 + index, 3, value, f.input_text())
    refuse_repeated_names(book, key, 16, 3, 15 + count)
    book.name_range("Segments", key, 16, 3, 15 + count, 3)


def _indicators(book: Book, spec: ObjectivesSpec | None) -> None:
    sheet, f, key = book.sheets["indicators"], book.fmt, "indicators"
    book.title_sheet(key, {0: 36, 1: 24, 2: 20}, (4, 0))
    sheet.write_string(3, 0, book.t("indicators.name"), f.header)
    sheet.write_string(3, 1, book.t("indicators.unit"), f.header)
    sheet.write_string(3, 2, book.t("indicators.aggregation"), f.header)
    indicators = list(spec.indicators) if spec else []
    count = max(len(indicators) + 6, 12)
    words = {"sum": book.t("indicators.sum"), "last": book.t("indicators.last")}
    for index in range(count):
        row = 4 + index
        item = indicators[index] if index < len(indicators) else None
        styling.write_input(sheet, row, 0, item.name if item else None, f.input_text())
        styling.write_input(sheet, row, 1, item.unit if item else None, f.input_text())
        styling.write_input(sheet, row, 2, words[item.aggregation] if item else None,
                          f.input_text())
    last = 3 + count
    sheet.data_validation(4, 2, last, 2, {"validate": "list", "source": list(words.values())})
    refuse_repeated_names(book, key, 4, 0, last)
    book.name_range("Indicateurs_Noms", key, 4, 0, last, 0)
    book.name_range("Indicateurs_Table", key, 4, 0, last, 2)


def _follow_up(book: Book, spec: ObjectivesSpec | None) -> tuple[int, int]:
    """The monthly follow-up table; returns its first and last data rows."""
    sheet, f, key = book.sheets["follow_up"], book.fmt, "follow_up"
    widths = {0: 26, 1: 18, 2: 11, **{c: 13 for c in range(3, len(FOLLOW_COLUMNS))}}
    book.title_sheet(key, widths, (5, 3))
    header, first = 4, 5
    sheet.set_row(header, 32)
    for c, name in enumerate(FOLLOW_COLUMNS):
        sheet.write_string(header, c, book.t(f"follow_up.{name}"), f.header)
    lines = []
    for figures in spec.figures if spec else []:
        assert spec is not None  # for the type checker: no figures without a spec
        for offset, objective in enumerate(figures.objectives):
            actual = figures.actuals[offset] if offset < len(figures.actuals) else None
            lines.append((figures.indicator, figures.segment,
                          _month(spec.follow_up.first_month, offset), objective, actual))
    count = len(lines) + MIN_EXTRA_ROWS
    last = first + count - 1
    col = {name: index for index, name in enumerate(FOLLOW_COLUMNS)}
    whole = {name: span(first, col[name], last, col[name], absolute=True)
             for name in ("indicator", "segment", "month", "objective", "actual",
                          "significant", "open")}
    inputs = (f.input_text(), f.input_text(), f.input_date(), f.input_decimal(),
              f.input_decimal())
    for index in range(count):
        row = first + index
        line = lines[index] if index < len(lines) else (None,) * 5
        for c, (value, fmt) in enumerate(zip(line, inputs, strict=True)):
            styling.write_input(sheet, row, c, value, fmt)
        _follow_up_formulas(book, sheet, row, col, whole, first)
    sheet.data_validation(first, 0, last, 0, {"validate": "list",
                                              "source": "=Indicateurs_Noms"})
    sheet.data_validation(first, 1, last, 1, {"validate": "list", "source": "=Segments"})
    sheet.data_validation(first, 2, last, 2, {"validate": "date", "criteria": ">=",
                                              "value": dt.date(1990, 1, 1)})
    for c in (col["objective"], col["actual"]):
        sheet.data_validation(first, c, last, c, {"validate": "decimal", "criteria": ">=",
                                                  "value": 0})
    for name in ("attainment", "cum_attainment"):
        styling.attainment_colours(sheet, span(first, col[name], last, col[name]), f,
                                 "Seuil_Orange")
    for name, defined in FOLLOW_NAMES.items():
        book.name_range(defined, key, first, col[name], last, col[name])
    return first, last


def _follow_up_formulas(book: Book, sheet, row: int, col: dict[str, int],
                        whole: dict[str, str], first: int) -> None:
    f = book.fmt
    at = {name: cell(row, c) for name, c in col.items()}
    ind, seg, month = at["indicator"], at["segment"], at["month"]
    # Labels are matched literally (criterion, literal): "Salon*" is not a wildcard.
    level = (f"VLOOKUP({fx.literal(ind)},Indicateurs_Table,3,FALSE)="
             f"{fx.quote(book.t('indicators.last'))}")
    pair = (f"{whole['indicator']},{fx.criterion(ind)},"
            f"{whole['segment']},{fx.criterion(seg)}")
    to_date = f'{pair},{whole["month"]},"<="&{month}'
    cum_objective = f"SUMIFS({whole['objective']},{to_date})"
    cum_actual = f"SUMIFS({whole['actual']},{to_date})"
    year_objective = f"SUMIFS({whole['objective']},{pair})"
    # The follow-up's real length: the months with an objective for this indicator
    # and segment (18 for an 18-month follow-up), the months "remaining" counts too.
    length = f'COUNTIFS({pair},{whole["objective"]},"<>")'
    elapsed = fx.months_spanned("Premier_Mois", month)
    labels = (book.t("follow_up.flag_yes"), book.t("follow_up.flag_no"))
    yes = fx.quote(labels[0])
    statuses = tuple(section("status", book.lang)[w] for w in ("vert", "orange", "rouge"))
    done, dropped = (fx.quote(book.t(f"status.{s}")) for s in ("done", "dropped"))
    # The actions sheet keys each action by indicator|segment|month (a date joins as its
    # serial number, in Excel and LibreOffice alike).
    key = f'{ind}&"|"&{seg}&"|"&{month}'
    no_action = fx.quote(book.t("follow_up.no_action"))
    sig_to_here = span(first, col["significant"], row, col["significant"], absolute=True)
    act_to_here = span(first, col["action_status"], row, col["action_status"], absolute=True)
    formulas = {
        "gap": (fx.gap(at["actual"], at["objective"]), f.decimal),
        "relative_gap": (fx.ratio(at["gap"], at["objective"]), f.percent),
        "attainment": (fx.attainment(at["actual"], at["objective"]), f.percent),
        "cum_objective": (fx.blank_unless([at["actual"], ind, month],
                                          f"IF({level},{at['objective']},{cum_objective})"),
                          f.decimal),
        "cum_actual": (fx.blank_unless([at["actual"], ind, month],
                                       f"IF({level},{at['actual']},{cum_actual})"), f.decimal),
        "cum_attainment": (fx.attainment(at["cum_actual"], at["cum_objective"]), f.percent),
        "projection": (fx.blank_unless(
            [at["cum_actual"]],
            f"IF({level},{at['actual']},{fx.run_rate(at['cum_actual'], elapsed, length)})"),
            f.decimal),
        "remaining": (fx.blank_unless(
            [at["cum_actual"]],
            f"IF({level},{fx.remaining(at['actual'], at['objective'])},"
            f"{fx.remaining(at['cum_actual'], year_objective)})"), f.decimal),
        "status": (fx.status(at["attainment"], "Seuil_Orange", statuses), f.label),
        "significant": (fx.significant_gap(at["relative_gap"], "Seuil_Ecart", labels),
                        f.label),
        "action_status": (
            f'IF({at["significant"]}<>{yes},"",'
            f"IFERROR(INDEX(Actions_Suivi,MATCH({fx.literal(key)},Actions_Cle,0))&\"\","
            f"{no_action}))",
            f.label),
        "open": (
            f'IF(AND({at["significant"]}={yes},{at["action_status"]}<>{done},'
            f'{at["action_status"]}<>{dropped}),COUNTIFS({sig_to_here},{yes},'
            f'{act_to_here},"<>"&{done},{act_to_here},"<>"&{dropped}),"")', f.number),
    }
    for name, (formula, fmt) in formulas.items():
        sheet.write_formula(row, col[name], "=" + formula, fmt)
