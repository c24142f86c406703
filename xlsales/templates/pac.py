"""Commercial action plan (plan d'action commerciale, PAC — docs/definitions.md): diagnostic
(SWOT), strategy per product/market pair (Ansoff), SMART objectives with the 3 C and
their monthly phasing, the action plan answered with QQOQCCP, its budget by month, the
monthly follow-up of objectives against actuals, and a dashboard.

The plan runs 12 calendar months from its first month. Every figure is a native
formula (see :mod:`xlsales.templates.twins`); the spec only fills the yellow input cells, and
blank rows are left for the objectives and actions a manager adds later.

Workbook-level names
--------------------
Settings (one cell each): ``Plan_Titre``, ``Plan_Agence``, ``Plan_Debut`` (first month),
``Plan_Mois`` (12), ``Plan_Fin``, ``Suivi_Date`` (follow-up date), ``Mois_Ecoules``
(months of the plan elapsed at that date), ``Seuil_Orange``, ``Budget_Enveloppe``;
lists ``Liste_Statuts`` and ``Liste_Actuel_Nouveau``.

Tables (ranges, one row per slot, columns in the order of the matching constant):
``SWOT_Forces``, ``SWOT_Faiblesses``, ``SWOT_Opportunites``, ``SWOT_Menaces``;
``Strategie_Paires`` (:data:`PAIR_COLUMNS`) and its columns ``Strategie_Produits`` and
``Strategies_Ansoff``; ``Objectifs_Tableau`` (:data:`OBJECTIVE_COLUMNS`, the 12 months
of phasing, the phased total and the phasing gap) and its columns ``Objectifs_Codes``,
``Objectifs_Indicateurs``, ``Objectifs_Cibles``; ``Actions_Tableau``
(:data:`ACTION_COLUMNS`) and its columns ``Actions_Libelles``, ``Actions_Budget``,
``Actions_CA_Attendu``, ``Actions_Statut``; ``Budget_Tableau`` (actions × 12 months),
``Budget_Mois`` (total per month), ``Budget_Cumul``, ``Budget_Numeros_Mois`` (1 to
12); ``Suivi_Objectif<n>`` (the 12 months of the n-th objective's follow-up,
:data:`FOLLOW_UP`); ``Synthese_Objectifs`` (:data:`SUMMARY`, one row per objective).

Key outputs (one cell each): ``Budget_Total``, ``CA_Attendu_Total``, ``ROI_Plan``,
``Budget_Reparti``, ``Budget_Hors_Periode``, ``Budget_Solde``, ``Budget_A_Date``,
``Nb_Actions``; pairs per strategy ``Strategie_Penetration``,
``Strategie_Developpement_Produits``, ``Strategie_Extension_Marche``,
``Strategie_Diversification`` (:data:`ANSOFF_NAMES`); per objective
``Objectif<n>_Cible``, ``Objectif<n>_Realise`` (actual to date),
``Objectif<n>_Atteinte``, ``Objectif<n>_Projection``, ``Objectif<n>_Reste`` and
``Objectif<n>_Statut``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError
from xlsxwriter.worksheet import Worksheet

from .. import core
from ..spec import SpecModel
from . import styling
from . import twins as fx
from ._blocks import refuse_repeated_names
from ._book import Book, cell
from ._pac_actions import action_follow_up
from ._pac_tracking import (
    ACTION_COLUMNS,
    FOLLOW_UP,
    MONTHS,
    OBJECTIVE_COLUMNS,
    PAIR_COLUMNS,
    STATUSES,
    SUMMARY,
    Layout,
    budget,
    dashboard,
    follow_up,
)
from ._spec_types import Amount, Rate, Span, Text
from .findings import write_findings

__all__ = [
    "ACTION_COLUMNS",
    "ANSOFF_NAMES",
    "FOLLOW_UP",
    "OBJECTIVE_COLUMNS",
    "PAIR_COLUMNS",
    "SUMMARY",
    "Plan",
    "Diagnostic",
    "Pair",
    "Strategy",
    "Objective",
    "Action",
    "PacSpec",
    "build",
]

#: Stem of the defined name counting the pairs of each strategy (``Strategie_<stem>``).
ANSOFF_NAMES = {
    core.AnsoffStrategy.PENETRATION: "Penetration",
    core.AnsoffStrategy.PRODUCT_DEVELOPMENT: "Developpement_Produits",
    core.AnsoffStrategy.MARKET_EXTENSION: "Extension_Marche",
    core.AnsoffStrategy.DIVERSIFICATION: "Diversification",
}
MAX_OBJECTIVES = 12
MAX_ACTIONS = 40
MAX_PAIRS = 20

#: Twelve monthly values (the phasing of an objective).
Monthly = Annotated[list[Amount], Field(min_length=MONTHS, max_length=MONTHS)]


class Plan(SpecModel):
    """The plan: title, agency, first month, follow-up date, budget envelope."""

    title: Text
    agency: str = ""
    start: dt.date
    as_of: dt.date | None = None
    budget: Amount | None = None
    amber: Rate = 0.9


class Diagnostic(SpecModel):
    """SWOT: forces, faiblesses (internal), opportunités, menaces (external)."""

    strengths: list[Text] = []
    weaknesses: list[Text] = []
    opportunities: list[Text] = []
    threats: list[Text] = []


class Pair(SpecModel):
    """A product/market pair; the workbook derives its Ansoff strategy."""

    product: Text
    market: Text
    new_product: bool = False
    new_market: bool = False
    axis: str = ""


class Strategy(SpecModel):
    """Product/market pairs and the development axes."""

    pairs: list[Pair] = Field([], max_length=MAX_PAIRS)
    axes: list[Text] = []


class Objective(SpecModel):
    """A SMART objective with its 3 C, monthly phasing and monthly actuals."""

    code: Text
    indicator: Text
    unit: str = ""
    baseline: Amount | None = None
    target: Amount
    deadline: dt.date | None = None
    owner: str = ""
    behaviour: str = ""
    condition: str = ""
    criterion: str = ""
    phasing: Monthly | None = None
    actuals: Annotated[list[Amount | None], Field(max_length=MONTHS)] = []


class How(SpecModel):
    """Comment: means, channel, use of the CRM."""

    means: str = ""
    channel: str = ""
    crm: str = ""


class When(Span):
    """Quand: start, end (not before the start) and milestones."""

    milestones: str = ""


class HowMuch(SpecModel):
    """Combien: budget, expected result (in the objective's unit), expected revenue."""

    budget: Amount | None = None
    expected_result: Amount | None = None
    expected_revenue: Amount | None = None


class Who(SpecModel):
    """Qui: target clientele, owner, team."""

    target: str = ""
    owner: str = ""
    team: str = ""


class Action(SpecModel):
    """One action of the plan, answered with QQOQCCP; ``why`` is an objective's code."""

    what: Text
    finding: str = ""
    why: str = ""
    how: How = How()
    where: str = ""
    when: When
    how_much: HowMuch = HowMuch()
    who: Who = Who()
    status: Literal["planned", "in_progress", "done", "cancelled"] = "planned"
    #: The follow-up: what the action really cost, month by month of the plan, and the
    #: result it really brought (in the objective's unit).
    spent: Annotated[list[Amount | None], Field(max_length=MONTHS)] = []
    result: Amount | None = None


def _problem(loc: tuple[str | int, ...], value: str, key: str) -> InitErrorDetails:
    error = PydanticCustomError("value_error", "{error}", {"error": ValueError(key)})
    return InitErrorDetails(type=error, loc=loc, input=value)


class PacSpec(SpecModel):
    """The inputs of a commercial action plan workbook."""

    plan: Plan
    diagnostic: Diagnostic = Diagnostic()
    strategy: Strategy = Strategy()
    objectives: list[Objective] = Field([], max_length=MAX_OBJECTIVES)
    actions: list[Action] = Field([], max_length=MAX_ACTIONS)

    @model_validator(mode="after")
    def _codes(self) -> PacSpec:
        # Raised as a ValidationError so each problem keeps its own key path and line.
        problems, seen, folded = [], set(), dict[str, str]()
        for index, objective in enumerate(self.objectives):
            # MATCH ignores case: "O1" and "o1" would be one objective in the workbook.
            key = objective.code.strip().casefold()
            if key in folded:
                kind = "duplicate_name" if folded[key] == objective.code else "case_clash"
                problems.append(_problem(("objectives", index, "code"), objective.code,
                                         f"{kind}:{objective.code}"))
            folded[key] = objective.code
            seen.add(objective.code)
        for index, action in enumerate(self.actions):
            if action.why and action.why not in seen:
                problems.append(_problem(("actions", index, "why"), action.why,
                                         f"unknown_objective:{action.why}"))
        if problems:
            raise ValidationError.from_exception_data(type(self).__name__, problems)
        return self


def build(path: Path | str, spec: PacSpec | None = None, lang: str = "fr") -> Path:
    """Write the PAC workbook to ``path`` (a blank template when ``spec`` is None).

    Parameters
    ----------
    path : Path or str
        Where to write the ``.xlsx``.
    spec : PacSpec, optional
        The inputs to prefill; None gives the blank template.
    lang : {"fr", "en"}
        Language of sheet names and labels.

    Returns
    -------
    Path
        ``path``.
    """
    book = Book(path, "pac", lang)
    layout = Layout.for_spec(spec)
    for key in ("settings", "diagnostic", "strategy", "objectives", "actions", "budget",
                "actions_follow", "follow_up", "dashboard"):
        book.add_sheet(key)
    _settings(book, spec)
    _diagnostic(book, layout, spec)
    _strategy(book, layout, spec)
    _objectives(book, layout, spec)
    _actions(book, layout, spec)
    budget(book, layout)
    action_follow_up(book, layout, spec)
    follow_up(book, layout, spec)
    dashboard(book, layout, spec)
    book.wb.worksheets()[0].activate()
    write_findings(book.wb, book.fmt, "pac", book.lang, book.t("title"))
    return book.close()


def _settings(book: Book, spec: PacSpec | None) -> None:
    sheet, f, key = book.sheets["settings"], book.fmt, "settings"
    book.title_sheet(key, {0: 44, 1: 30}, None)
    plan = spec.plan if spec else None
    after_1990 = {"validate": "date", "criteria": ">=", "value": dt.date(1990, 1, 1)}
    rows: list[tuple[str, str | None, str | None, object, object, dict | None]] = [
        ("plan", None, None, None, None, None),
        ("title", "Plan_Titre", None, plan.title if plan else None, f.input_text(), None),
        ("agency", "Plan_Agence", None, plan.agency if plan else None, f.input_text(), None),
        ("start", "Plan_Debut", None, plan.start if plan else None, f.input_date(),
         after_1990),
        ("months", "Plan_Mois", None, MONTHS, f.number, None),  # fixed: locked, not yellow
        ("end", "Plan_Fin", "=" + fx.blank_unless(["Plan_Debut"],
                                                  "EOMONTH(Plan_Debut,Plan_Mois-1)"),
         None, f.date, None),
        ("follow_up", None, None, None, None, None),
        ("as_of", "Suivi_Date", None, plan.as_of if plan else None, f.input_date(),
         after_1990),
        ("elapsed", "Mois_Ecoules",
         "=" + fx.months_elapsed("Plan_Debut", "Suivi_Date", "Plan_Mois"), None, f.number,
         None),
        ("amber", "Seuil_Orange", None, plan.amber if plan else 0.9, f.input_percent(),
         {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1}),
        ("budget", None, None, None, None, None),
        ("envelope", "Budget_Enveloppe", None, plan.budget if plan else None, f.input_euro(),
         {"validate": "decimal", "criteria": ">=", "value": 0}),
    ]
    row = 2
    for label, name, formula, value, fmt, validation in rows:
        row += 1
        if name is None:  # a section title
            row += 1 if row > 3 else 0
            sheet.write_string(row, 0, book.t(f"settings.{label}"), f.section)
            continue
        sheet.write_string(row, 0, book.t(f"settings.{label}"), f.label)
        if formula:
            sheet.write_formula(row, 1, formula, fmt)
        else:
            styling.write_input(sheet, row, 1, value, fmt)
        if validation:
            sheet.data_validation(row, 1, row, 1, validation)
        book.name(name, key, row, 1)
    row += 2
    sheet.write_string(row, 0, book.t("settings.lists"), f.section)
    row += 1
    sheet.write_string(row, 0, book.t("settings.statuses"), f.header)
    sheet.write_string(row, 1, book.t("settings.current_new"), f.header)
    for index, status in enumerate(STATUSES):
        sheet.write_string(row + 1 + index, 0, book.t(f"status.{status}"), f.label)
    for index, word in enumerate(("current", "new")):
        sheet.write_string(row + 1 + index, 1, book.t(f"strategy.{word}"), f.label)
    book.name_range("Liste_Statuts", key, row + 1, 0, row + len(STATUSES), 0)
    book.name_range("Liste_Actuel_Nouveau", key, row + 1, 1, row + 2, 1)


def _diagnostic(book: Book, layout: Layout, spec: PacSpec | None) -> None:
    sheet, f, key = book.sheets["diagnostic"], book.fmt, "diagnostic"
    width = 70
    book.title_sheet(key, {0: width, 1: width}, None)
    swot = spec.diagnostic if spec else Diagnostic()
    row = 3
    blocks = (("internal", (("strengths", "SWOT_Forces"), ("weaknesses", "SWOT_Faiblesses"))),
              ("external", (("opportunities", "SWOT_Opportunites"),
                            ("threats", "SWOT_Menaces"))))
    for block, quadrants in blocks:
        sheet.write_string(row, 0, book.t(f"diagnostic.{block}"), f.section)
        row += 1
        first = row + 1
        for col, (field, name) in enumerate(quadrants):
            sheet.write_string(row, col, book.t(f"diagnostic.{field}"), f.header)
            items = getattr(swot, field)
            for index in range(layout.swot):
                styling.write_input(sheet, first + index, col,
                                  items[index] if index < len(items) else None,
                                  f.input_long_text())
            book.name_range(name, key, first, col, first + layout.swot - 1, col)
        for index in range(layout.swot):
            texts = [getattr(swot, field) for field, _ in quadrants]
            styling.fit_row(sheet, first + index, [
                (items[index] if index < len(items) else None, width) for items in texts])
        row = first + layout.swot + 1


def _strategy(book: Book, layout: Layout, spec: PacSpec | None) -> None:
    sheet, f, key = book.sheets["strategy"], book.fmt, "strategy"
    widths = {0: 6, 1: 30, 2: 30, 3: 22, 4: 26, 5: 28, 6: 46}
    book.title_sheet(key, widths, (5, 0))
    sheet.write_string(3, 0, book.t("strategy.pairs"), f.section)
    header = 4
    for col, label in enumerate(PAIR_COLUMNS):
        sheet.write_string(header, col, book.t(f"strategy.{label}"), f.header)
    pairs = spec.strategy.pairs if spec else []
    current, new = book.t("strategy.current"), book.t("strategy.new")
    penetration, product_development, market_extension, diversification = (
        book.t(f"strategy.ansoff.{s.value}") for s in ANSOFF_NAMES)
    labels = (penetration, product_development, market_extension, diversification)
    first = header + 1
    for index in range(layout.pairs):
        row, pair = first + index, (pairs[index] if index < len(pairs) else None)
        sheet.write_number(row, 0, index + 1, f.label)
        styling.write_input(sheet, row, 1, pair.product if pair else None, f.input_long_text())
        styling.write_input(sheet, row, 2, pair.market if pair else None, f.input_long_text())
        styling.write_input(sheet, row, 3, (new if pair.new_product else current) if pair
                          else None, f.input_text())
        styling.write_input(sheet, row, 4, (new if pair.new_market else current) if pair
                          else None, f.input_text())
        sheet.write_formula(row, 5, "=" + fx.ansoff(cell(row, 3), cell(row, 4), current,
                                                    labels), f.label_bold)
        styling.write_input(sheet, row, 6, pair.axis if pair else None, f.input_long_text())
        if pair:
            styling.fit_row(sheet, row, [(pair.product, widths[1]), (pair.market, widths[2]),
                                       (pair.axis, widths[6])])
    last = first + layout.pairs - 1
    sheet.data_validation(first, 3, last, 4, {"validate": "list",
                                              "source": "=Liste_Actuel_Nouveau"})
    book.name_range("Strategie_Paires", key, first, 0, last, len(PAIR_COLUMNS) - 1)
    book.name_range("Strategies_Ansoff", key, first, 5, last, 5)
    book.name_range("Strategie_Produits", key, first, 1, last, 1)
    row = last + 2
    sheet.write_string(row, 1, book.t("strategy.matrix"), f.section)
    row += 1
    sheet.write_blank(row, 1, None, f.header)
    sheet.merge_range(row, 2, row, 3, book.t("strategy.current_products"), f.header)
    sheet.merge_range(row, 4, row, 5, book.t("strategy.new_products"), f.header)
    stems = list(ANSOFF_NAMES.values())
    for offset, market in enumerate(("current_markets", "new_markets")):
        r = row + 1 + offset
        sheet.write_string(r, 1, book.t(f"strategy.{market}"), f.label_bold)
        # Rows are markets, columns products: pénétration | développement de produits,
        # then extension de marché | diversification.
        for col, index in ((2, 2 * offset), (4, 2 * offset + 1)):
            sheet.write_string(r, col, labels[index], f.label)
            count = f"COUNTIF(Strategies_Ansoff,{fx.quote(labels[index])})"
            sheet.write_formula(r, col + 1, f'=IF(COUNTA(Strategie_Produits)=0,"",{count})',
                                f.number)
            book.name(f"Strategie_{stems[index]}", key, r, col + 1)
    sheet.write_string(row + 3, 1, book.t("strategy.matrix_note"), f.subtitle)
    row += 5
    sheet.write_string(row, 1, book.t("strategy.axes"), f.section)
    axes = spec.strategy.axes if spec else []
    for index in range(layout.axes):
        r = row + 1 + index
        sheet.write_number(r, 0, index + 1, f.label)
        sheet.merge_range(r, 1, r, 6, "", f.input_long_text())
        axis = axes[index] if index < len(axes) else None
        styling.write_input(sheet, r, 1, axis, f.input_long_text())
        styling.fit_row(sheet, r, [(axis, sum(widths[col] for col in range(1, 7)))])


def _objectives(book: Book, layout: Layout, spec: PacSpec | None) -> None:
    sheet, f, key = book.sheets["objectives"], book.fmt, "objectives"
    months_col = len(OBJECTIVE_COLUMNS)
    widths = {0: 7, 1: 32, 2: 11, 3: 12, 4: 12, 5: 12, 6: 12, 7: 18, 8: 34, 9: 34, 10: 34,
              **{months_col + m: 10 for m in range(MONTHS)},
              months_col + MONTHS: 12, months_col + MONTHS + 1: 14}
    book.title_sheet(key, widths, (layout.objective_first, 2))
    band = layout.objective_first - 2
    sheet.merge_range(band, 0, band, 7, book.t("objectives.smart"), f.header)
    sheet.merge_range(band, 8, band, 10, book.t("objectives.three_c"), f.header)
    sheet.merge_range(band, months_col, band, months_col + MONTHS + 1,
                      book.t("objectives.phasing"), f.header)
    header = band + 1
    for col, label in enumerate(OBJECTIVE_COLUMNS):
        sheet.write_string(header, col, book.t(f"objectives.{label}"), f.header)
    for m in range(MONTHS):
        sheet.write_formula(header, months_col + m, "=" + fx.month_start("Plan_Debut", m),
                            f.header_month)
    sheet.write_string(header, months_col + MONTHS, book.t("objectives.phased"), f.header)
    sheet.write_string(header, months_col + MONTHS + 1, book.t("objectives.phasing_gap"),
                       f.header)
    styling.fit_row(sheet, header, [(book.t(f"objectives.{label}"), widths[col])
                                  for col, label in enumerate(OBJECTIVE_COLUMNS)]
                  + [(book.t("objectives.phasing_gap"), widths[months_col + MONTHS + 1])])
    objectives = spec.objectives if spec else []
    first = layout.objective_first
    for index in range(layout.objectives):
        row = first + index
        obj = objectives[index] if index < len(objectives) else None
        values = {
            "code": (obj.code if obj else None, f.input_text()),
            "indicator": (obj.indicator if obj else None, f.input_long_text()),
            "unit": (obj.unit if obj else None, f.input_text()),
            "baseline": (obj.baseline if obj else None, f.input_number()),
            "target": (obj.target if obj else None, f.input_number()),
            "deadline": (obj.deadline if obj else None, f.input_date()),
            "owner": (obj.owner if obj else None, f.input_long_text()),
            "behaviour": (obj.behaviour if obj else None, f.input_long_text()),
            "condition": (obj.condition if obj else None, f.input_long_text()),
            "criterion": (obj.criterion if obj else None, f.input_long_text()),
        }
        styling.fit_row(sheet, row, [(values[label][0], widths[col])
                                   for col, label in enumerate(OBJECTIVE_COLUMNS)
                                   if label in values])
        for col, label in enumerate(OBJECTIVE_COLUMNS):
            if label == "progress":
                target, baseline = cell(row, 4), cell(row, 3)
                sheet.write_formula(row, col, "=" + fx.gap(
                    target, baseline, relative=True, zero=book.t("objectives.no_baseline")),
                    f.percent)
            else:
                styling.write_input(sheet, row, col, *values[label])
        phasing = obj.phasing if obj and obj.phasing else [None] * MONTHS
        for m, value in enumerate(phasing):
            styling.write_input(sheet, row, months_col + m, value, f.input_number())
        months = f"{cell(row, months_col)}:{cell(row, months_col + MONTHS - 1)}"
        total = cell(row, months_col + MONTHS)
        sheet.write_formula(row, months_col + MONTHS,
                            f'=IF(COUNT({months})=0,"",SUM({months}))', f.number)
        sheet.write_formula(row, months_col + MONTHS + 1, "=" + fx.gap(total, cell(row, 4)),
                            f.number)
        book.name(f"Objectif{index + 1}_Cible", key, row, 4)
    last = first + layout.objectives - 1
    non_negative = {"validate": "decimal", "criteria": ">=", "value": 0}
    sheet.data_validation(first, 3, last, 4, non_negative)
    sheet.data_validation(first, months_col, last, months_col + MONTHS - 1, non_negative)
    sheet.data_validation(first, 6, last, 6, {"validate": "date", "criteria": ">=",
                                              "value": dt.date(1990, 1, 1)})
    book.name_range("Objectifs_Tableau", key, first, 0, last, months_col + MONTHS + 1)
    refuse_repeated_names(book, key, first, 0, last)
    book.name_range("Objectifs_Codes", key, first, 0, last, 0)
    book.name_range("Objectifs_Indicateurs", key, first, 1, last, 1)
    book.name_range("Objectifs_Cibles", key, first, 4, last, 4)


#: Group of each QQOQCCP column of the action plan, in order.
_ACTION_GROUPS = (
    ("what", ("number", "action", "finding")),
    ("why", ("objective", "indicator")),
    ("how", ("means", "channel", "crm")),
    ("where", ("area",)),
    ("when", ("start", "end", "milestones", "months")),
    ("how_much", ("budget", "expected_result", "expected_revenue", "roi", "cost_per_result")),
    ("who", ("target", "owner", "team")),
    ("state", ("status",)),
)


_ACTION_WIDTHS = {
    "number": 5, "action": 30, "finding": 30, "objective": 9, "indicator": 24, "means": 30,
    "channel": 18, "crm": 22, "area": 16, "start": 11, "end": 11, "milestones": 24,
    "months": 6, "budget": 12, "expected_result": 12, "expected_revenue": 12, "roi": 10,
    "cost_per_result": 12, "target": 22, "owner": 16, "team": 18, "status": 11,
}


def _action_values(action: Action | None, book: Book) -> dict[str, object]:
    if action is None:
        return {}
    return {
        "action": action.what, "finding": action.finding, "objective": action.why,
        "means": action.how.means, "channel": action.how.channel, "crm": action.how.crm,
        "area": action.where, "start": action.when.start, "end": action.when.end,
        "milestones": action.when.milestones, "budget": action.how_much.budget,
        "expected_result": action.how_much.expected_result,
        "expected_revenue": action.how_much.expected_revenue, "target": action.who.target,
        "owner": action.who.owner, "team": action.who.team,
        "status": book.t(f"status.{action.status}"),
    }


def _action_headers(book: Book, c: dict[str, int], widths: Mapping[int, float],
                    band: int) -> None:
    """The QQOQCCP group band over the column headers of the action plan."""
    sheet, f = book.sheets["actions"], book.fmt
    for group, columns in _ACTION_GROUPS:
        first_col, last_col = c[columns[0]], c[columns[-1]]
        if first_col == last_col:
            sheet.write_string(band, first_col, book.t(f"actions.group.{group}"), f.header)
        else:
            sheet.merge_range(band, first_col, band, last_col,
                              book.t(f"actions.group.{group}"), f.header)
    for label, col in c.items():
        sheet.write_string(band + 1, col, book.t(f"actions.{label}"), f.header)
    styling.fit_row(sheet, band + 1, [(book.t(f"actions.{label}"), widths[col])
                                    for label, col in c.items()])


def _action_validations(sheet: Worksheet, c: dict[str, int], first: int, last: int) -> None:
    """What the action rows accept: amounts ≥ 0, dates, an end after the start, and
    the objective and status from their lists."""
    non_negative = {"validate": "decimal", "criteria": ">=", "value": 0}
    for label in ("budget", "expected_result", "expected_revenue"):
        sheet.data_validation(first, c[label], last, c[label], non_negative)
    sheet.data_validation(first, c["start"], last, c["start"], {
        "validate": "date", "criteria": ">=", "value": dt.date(1990, 1, 1)})
    sheet.data_validation(first, c["end"], last, c["end"], {
        "validate": "date", "criteria": ">=", "value": "=" + cell(first, c["start"])})
    sheet.data_validation(first, c["objective"], last, c["objective"], {
        "validate": "list", "source": "=Objectifs_Codes"})
    sheet.data_validation(first, c["status"], last, c["status"], {
        "validate": "list", "source": "=Liste_Statuts"})


def _actions(book: Book, layout: Layout, spec: PacSpec | None) -> None:
    sheet, f, key = book.sheets["actions"], book.fmt, "actions"
    c = {label: col for col, label in enumerate(ACTION_COLUMNS)}
    widths = {c[label]: width for label, width in _ACTION_WIDTHS.items()}
    book.title_sheet(key, widths, (layout.action_first, 2))
    _action_headers(book, c, widths, layout.action_first - 2)
    actions = spec.actions if spec else []
    styles = {"start": f.input_date(), "end": f.input_date(), "budget": f.input_euro(),
              "expected_result": f.input_number(), "expected_revenue": f.input_euro(),
              "objective": f.input_text(), "status": f.input_text()}
    first = layout.action_first
    for index in range(layout.actions):
        row = first + index
        values = _action_values(actions[index] if index < len(actions) else None, book)
        at = {label: cell(row, col) for label, col in c.items()}
        formulas = {
            "indicator": (fx.lookup(at["objective"], "Objectifs_Codes", "Objectifs_Indicateurs",
                                    book.t("actions.unknown_objective")), f.wrap),
            "months": (fx.months_spanned(at["start"], at["end"]), f.number),
            "roi": (fx.roi(at["expected_revenue"], at["budget"], book.t("actions.no_budget")),
                    f.percent),
            "cost_per_result": (fx.ratio(at["budget"], at["expected_result"],
                                         book.t("actions.no_result")), f.euro),
        }
        styling.fit_row(sheet, row, [(values.get(label), widths[col]) for label, col in c.items()])
        for label, col in c.items():
            if label == "number":
                sheet.write_number(row, col, index + 1, f.label)
            elif label in formulas:
                formula, fmt = formulas[label]
                sheet.write_formula(row, col, "=" + formula, fmt)
            else:
                styling.write_input(sheet, row, col, values.get(label),
                                  styles.get(label, f.input_long_text()))
    last = first + layout.actions - 1
    _action_validations(sheet, c, first, last)
    book.name_range("Actions_Tableau", key, first, 0, last, len(ACTION_COLUMNS) - 1)
    for name, label in (("Actions_Libelles", "action"), ("Actions_Budget", "budget"),
                        ("Actions_CA_Attendu", "expected_revenue"),
                        ("Actions_Statut", "status")):
        book.name_range(name, key, first, c[label], last, c[label])
    total = last + 1
    layout.action_total = total
    for col in range(len(ACTION_COLUMNS)):
        sheet.write_blank(total, col, None, f.total_label)
    sheet.write_string(total, c["action"], book.t("actions.total"), f.total_label)
    for label, name, formula, fmt in (
        ("budget", "Budget_Total",
         'IF(COUNT(Actions_Budget)=0,"",SUM(Actions_Budget))', f.total_euro),
        ("expected_revenue", "CA_Attendu_Total",
         'IF(COUNT(Actions_CA_Attendu)=0,"",SUM(Actions_CA_Attendu))', f.total_euro),
        ("roi", "ROI_Plan", fx.roi("CA_Attendu_Total", "Budget_Total",
                                   book.t("actions.no_budget")), f.total_percent),
    ):
        sheet.write_formula(total, c[label], "=" + formula, fmt)
        book.name(name, key, total, c[label])
