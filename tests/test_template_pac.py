"""The commercial action plan workbook (``xlsales new pac``), recalculated in LibreOffice.

Every expected figure is computed here from the spec through :mod:`xlsales.core`, never
typed in: the shipped Langon spec (seeds 002 and 003) is the filled case, no spec the
blank template. Cells are found through the workbook's defined names (documented in
:mod:`xlsales.templates.pac`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from importlib import resources
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from xlsales import core
from xlsales.cli import cli
from xlsales.i18n import section, text
from xlsales.spec import load, load_text
from xlsales.templates import generate
from xlsales.templates.pac import (
    ACTION_COLUMNS,
    ANSOFF_NAMES,
    FOLLOW_UP,
    OBJECTIVE_COLUMNS,
    PAIR_COLUMNS,
    SUMMARY,
    PacSpec,
)

from .conftest import defined_name_values, error_cells

LANGON = Path(str(resources.files("xlsales") / "specs" / "pac-langon.yaml"))
LANGS = ["fr", "en"]
MONTHS = 12


class Recalculated:
    """A recalculated workbook: cached values of its named cells and ranges."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book = openpyxl.load_workbook(path, data_only=True)

    def range(self, name: str) -> list[list[Any]]:
        (sheet, ref), = self.book.defined_names[name].destinations
        cells = self.book[sheet.replace("''", "'")][ref.replace("$", "")]
        if not isinstance(cells, tuple):  # one cell
            return [[cells.value]]
        return [[c.value for c in row] for row in cells]

    def column(self, name: str, label: str, columns: tuple[str, ...]) -> list[Any]:
        return [row[columns.index(label)] for row in self.range(name)]

    def value(self, name: str) -> Any:
        return self.range(name)[0][0]


@pytest.fixture(scope="module")
def langon() -> PacSpec:
    return load(LANGON, PacSpec)


@pytest.fixture(scope="module")
def workbook(recalc, tmp_path_factory):
    """``workbook(state, lang)``: the blank or filled workbook, generated and recalculated
    once per module."""
    made: dict[tuple[str, str], Recalculated] = {}
    folder = tmp_path_factory.mktemp("pac")

    def get(state: str, lang: str) -> Recalculated:
        if (state, lang) not in made:
            out = folder / f"pac-{state}-{lang}.xlsx"
            generate("pac", out, LANGON if state == "filled" else None, lang)
            made[state, lang] = Recalculated(recalc(out))
        return made[state, lang]

    return get


@pytest.fixture(params=LANGS)
def lang(request) -> str:
    return request.param


@pytest.fixture
def filled(workbook, lang) -> Recalculated:
    return workbook("filled", lang)


def same(got: Any, expected: Any) -> bool:
    """Numbers equal to a relative 1e-9 (1e-9 absolute around zero, where float sums
    leave crumbs), anything else (texts, blanks as None, dates) exactly; lists, tuples
    and dicts element by element."""
    if isinstance(expected, dict) and isinstance(got, dict):
        return got.keys() == expected.keys() and all(same(got[k], expected[k]) for k in got)
    if isinstance(expected, (list, tuple)) and isinstance(got, (list, tuple)):
        return len(got) == len(expected) and all(map(same, got, expected))
    numbers = (int, float)
    if isinstance(expected, numbers) and isinstance(got, numbers):
        return math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)
    return got == expected


def t(key: str, lang: str) -> str:
    return text(f"pac.{key}", lang)


def status_word(rate: Any, amber: float, lang: str) -> str | None:
    """core.status in the workbook's words, blank when the rate is not a number."""
    if not isinstance(rate, float):
        return None
    return text(f"status.{core.status(rate, amber).value}", lang)


def attainment_or_text(actual: float | None, objective: float | None, lang: str) -> Any:
    """core.attainment, the workbook's readable text for a zero objective, blank when an
    input is blank."""
    if actual is None or objective is None:
        return None
    if objective == 0:
        return t("follow.no_objective", lang)
    return core.attainment(actual, objective)


def both(a: float | None, b: float | None, figure) -> float | None:
    return None if a is None or b is None else figure(a, b)


def elapsed_months(spec: PacSpec) -> int:
    return max(0, min(MONTHS, core.month_index(spec.plan.as_of, spec.plan.start)))


def expected_follow_up(spec: PacSpec, index: int, lang: str) -> dict[str, list[Any]]:
    """Each column of an objective's monthly follow-up, through the core."""
    objective = spec.objectives[index]
    phasing = list(objective.phasing or [None] * MONTHS)
    actuals = list(objective.actuals) + [None] * (MONTHS - len(objective.actuals))
    out: dict[str, list[Any]] = {label: [] for label in FOLLOW_UP}
    cum_objective = cum_actual = 0.0
    for m, (planned, actual) in enumerate(zip(phasing, actuals, strict=True)):
        cum_objective += planned or 0
        cum_actual += actual or 0
        co = None if planned is None else cum_objective
        ca = None if actual is None else cum_actual
        cum_rate = attainment_or_text(ca, co, lang)
        out["objective"].append(planned)
        out["actual"].append(actual)
        out["attainment"].append(attainment_or_text(actual, planned, lang))
        out["gap"].append(both(actual, planned, core.gap))
        out["cum_objective"].append(co)
        out["cum_actual"].append(ca)
        out["cum_attainment"].append(cum_rate)
        out["cum_gap"].append(both(ca, co, core.gap))
        out["remaining"].append(both(ca, objective.target, core.remaining))
        out["projection"].append(None if ca is None else core.run_rate(ca, m + 1, MONTHS))
        out["status"].append(status_word(cum_rate, spec.plan.amber, lang))
    return out


def expected_summary(spec: PacSpec, index: int, lang: str) -> dict[str, Any]:
    """An objective's figures at the follow-up date, through the core."""
    objective, elapsed = spec.objectives[index], elapsed_months(spec)
    to_date = None
    if objective.phasing:
        to_date = sum(objective.phasing[:elapsed])
    done = None
    if any(a is not None for a in objective.actuals):
        done = sum(a for a in objective.actuals[:elapsed] if a is not None)
    rate = attainment_or_text(done, to_date, lang)
    projection = None if done is None else core.run_rate(done, elapsed, MONTHS)
    return {
        "objective_to_date": to_date,
        "actual_to_date": done,
        "attainment": rate,
        "gap": both(done, to_date, core.gap),
        "projection": projection,
        "projected_attainment": attainment_or_text(projection, objective.target, lang),
        "remaining": both(done, objective.target, core.remaining),
        "status": status_word(rate, spec.plan.amber, lang),
    }


def expected_spread(spec: PacSpec) -> list[list[float]]:
    return [core.spread_budget(a.how_much.budget, a.when.start, a.when.end, spec.plan.start,
                               MONTHS).tolist() for a in spec.actions]


# ---------------------------------------------------------------- no error, blank, names


@pytest.mark.parametrize("state", ["blank", "filled"])
def test_no_error_value_in_any_cell(workbook, state, lang):
    assert error_cells(workbook(state, lang).path) == []


def test_blank_template_shows_blanks(workbook, lang):
    named = defined_name_values(workbook("blank", lang).path)
    shown = {name: value for name, value in named.items() if value not in (None, "")}
    # The two settings with a default: the plan's length and the amber threshold.
    assert shown == {"Plan_Mois": MONTHS, "Seuil_Orange": 0.9}


def test_blank_template_follow_up_is_blank_but_for_month_numbers(workbook, lang):
    rows = workbook("blank", lang).range("Suivi_Objectif1")
    assert [row[0] for row in rows] == list(range(1, MONTHS + 1))
    assert {value for row in rows for value in row[1:]} == {None}


@pytest.mark.parametrize(("lang_", "expected"), [
    ("fr", ["Paramètres", "Diagnostic", "Stratégie", "Objectifs", "Plan d'actions", "Budget",
            "Suivi des actions", "Suivi mensuel", "Tableau de bord", "Constats et préconisations"]),
    ("en", ["Settings", "Diagnosis", "Strategy", "Objectives", "Action plan", "Budget",
            "Action follow-up", "Monthly follow-up", "Dashboard", "Findings and recommendations"]),
])
def test_sheet_names(workbook, lang_, expected):
    assert workbook("filled", lang_).book.sheetnames == expected


@pytest.mark.parametrize(("sheet", "cell", "expected"), [
    ("Objectives", "I5", "Observable behaviour"),
    ("Objectives", "A4", "SMART objective"),
    ("Action plan", "A4", "What?"),
    ("Monthly follow-up", "E4", "Attainment"),
    ("Dashboard", "A4", "Headline figures"),
    ("Diagnosis", "A5", "Strengths"),
])
def test_english_labels(workbook, sheet, cell, expected):
    assert workbook("blank", "en").book[sheet][cell].value == expected


def test_english_workbook_speaks_english_in_formulas(workbook, langon):
    book = workbook("filled", "en")
    assert book.value("Objectif1_Statut") == "green"
    assert set(book.column("Actions_Tableau", "status", ACTION_COLUMNS)[:len(langon.actions)]
               ) <= {"Planned", "In progress", "Done", "Cancelled"}


# ---------------------------------------------------------------- settings and strategy


def test_plan_dates(filled, langon):
    assert filled.value("Plan_Debut") == dt.datetime(2023, 1, 1)
    assert filled.value("Plan_Fin") == dt.datetime(2023, 12, 31)
    assert filled.value("Mois_Ecoules") == elapsed_months(langon)


@pytest.mark.parametrize("index", range(5))
def test_ansoff_strategy_per_pair(filled, langon, lang, index):
    pair = langon.strategy.pairs[index]
    expected = t(f"strategy.ansoff.{core.ansoff(pair.new_product, pair.new_market).value}",
                 lang)
    assert filled.column("Strategie_Paires", "strategy", PAIR_COLUMNS)[index] == expected


@pytest.mark.parametrize("strategy", list(core.AnsoffStrategy))
def test_ansoff_matrix_counts_the_pairs(filled, langon, strategy):
    # Seed 002: the strategy of the company is the sum of its pairs' strategies.
    count = sum(core.ansoff(p.new_product, p.new_market) is strategy
                for p in langon.strategy.pairs)
    assert filled.value(f"Strategie_{ANSOFF_NAMES[strategy]}") == count


# ---------------------------------------------------------------- objectives


@pytest.mark.parametrize("index", range(6))
def test_objective_progress_and_phasing(filled, langon, index):
    objective = langon.objectives[index]
    row = filled.range("Objectifs_Tableau")[index]
    months = len(OBJECTIVE_COLUMNS)
    phased = sum(objective.phasing)
    got = (row[OBJECTIVE_COLUMNS.index("progress")], row[months + MONTHS],
           row[months + MONTHS + 1])
    expected = (core.gap(objective.target, objective.baseline, relative=True), phased,
                core.gap(phased, objective.target))
    assert same(got, expected), got


@pytest.mark.parametrize("figure", [f for f in FOLLOW_UP if f not in ("month_no", "month")])
@pytest.mark.parametrize("index", range(6))
def test_monthly_follow_up_equals_the_core(filled, langon, lang, index, figure):
    got = filled.column(f"Suivi_Objectif{index + 1}", figure, FOLLOW_UP)
    expected = expected_follow_up(langon, index, lang)[figure]
    assert same(got, expected), got


def test_follow_up_months_follow_the_plan(filled):
    months = filled.column("Suivi_Objectif1", "month", FOLLOW_UP)
    assert months == [dt.datetime(2023, m, 1) for m in range(1, MONTHS + 1)]


@pytest.mark.parametrize("figure", [f for f in SUMMARY if f not in ("code", "indicator",
                                                                   "unit", "target")])
@pytest.mark.parametrize("index", range(6))
def test_summary_to_date_equals_the_core(filled, langon, lang, index, figure):
    got = filled.range("Synthese_Objectifs")[index][SUMMARY.index(figure)]
    assert same(got, expected_summary(langon, index, lang)[figure]), got


def test_langon_follow_up_shows_every_status(filled, langon, lang):
    # The shipped spec is meant to show green, amber and red at the follow-up date.
    statuses = {filled.value(f"Objectif{i + 1}_Statut") for i in range(len(langon.objectives))}
    assert {text(f"status.{s.value}", lang) for s in core.Status} <= statuses


def test_named_objective_outputs(filled, langon, lang):
    expected = expected_summary(langon, 0, lang)
    got = (filled.value("Objectif1_Realise"), filled.value("Objectif1_Atteinte"),
           filled.value("Objectif1_Projection"), filled.value("Objectif1_Reste"))
    assert same(got, (expected["actual_to_date"], expected["attainment"],
                      expected["projection"], expected["remaining"])), got


def test_chart_follows_the_selected_objective(filled, langon, lang):
    # The dashboard shows the first objective by default; its cumulative series.
    sheet = filled.book[t("sheet.dashboard", lang)]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    header = cells[t("follow.cum_objective", lang)]
    rows = [[sheet.cell(header.row + 1 + m, header.column + k).value for k in (0, 1)]
            for m in range(MONTHS)]
    follow = expected_follow_up(langon, 0, lang)
    expected = [list(p) for p in zip(follow["cum_objective"], follow["cum_actual"], strict=True)]
    assert same(rows, expected), rows


# ---------------------------------------------------------------- actions and budget


def expected_action(spec: PacSpec, index: int, lang: str) -> dict[str, Any]:
    """An action's computed columns, through the core (texts where undefined)."""
    action = spec.actions[index]
    money = action.how_much
    roi = None if money.expected_revenue is None or money.budget is None else (
        t("actions.no_budget", lang) if money.budget == 0
        else core.roi(money.expected_revenue, money.budget))
    cost = None if money.expected_result is None or money.budget is None else (
        t("actions.no_result", lang) if money.expected_result == 0
        else core.acquisition_cost(money.budget, money.expected_result))
    indicators = {o.code: o.indicator for o in spec.objectives}
    return {"months": core.months_spanned(action.when.start, action.when.end), "roi": roi,
            "cost_per_result": cost, "indicator": indicators.get(action.why)}


def action_row(book: Recalculated, index: int) -> dict[str, Any]:
    row = book.range("Actions_Tableau")[index]
    return {label: row[ACTION_COLUMNS.index(label)]
            for label in ("months", "roi", "cost_per_result", "indicator")}


def expected_budget(spec: PacSpec) -> dict[str, Any]:
    """The budget's key figures, through the core."""
    budgets = [a.how_much.budget or 0 for a in spec.actions]
    revenue = [a.how_much.expected_revenue or 0 for a in spec.actions]
    totals = [sum(month) for month in zip(*expected_spread(spec), strict=True)]
    return {
        "Budget_Total": sum(budgets),
        "CA_Attendu_Total": sum(revenue),
        "ROI_Plan": core.roi(sum(revenue), sum(budgets)),
        "Budget_Reparti": sum(totals),
        "Budget_Hors_Periode": sum(budgets) - sum(totals),
        "Budget_Solde": core.gap(spec.plan.budget, sum(budgets)),
        "Budget_A_Date": sum(totals[:elapsed_months(spec)]),
        "Nb_Actions": len(spec.actions),
    }


def budget_checks(book: Recalculated, lang: str) -> list[Any]:
    sheet = book.book.worksheets[5]
    labels = {t("budget.check_spread", lang), t("budget.check_envelope", lang)}
    return [sheet.cell(c.row, c.column + 1).value for row in sheet.iter_rows() for c in row
            if c.value in labels]


@pytest.mark.parametrize("index", range(9))
def test_action_roi_cost_and_length(filled, langon, lang, index):
    got = action_row(filled, index)
    assert same(got, expected_action(langon, index, lang)), got


@pytest.mark.parametrize("index", range(9))
def test_budget_spread_per_action_and_month(filled, langon, index):
    got = filled.range("Budget_Tableau")[index]
    assert same(got, expected_spread(langon)[index]), got


def test_budget_totals_per_month_and_cumulative(filled, langon):
    spread = expected_spread(langon)
    totals = [sum(month) for month in zip(*spread, strict=True)]
    cumulative = [sum(totals[:m + 1]) for m in range(MONTHS)]
    got = (filled.range("Budget_Mois")[0], filled.range("Budget_Cumul")[0])
    assert same(got, (totals, cumulative)), got


def test_budget_key_figures(filled, langon):
    got = {name: filled.value(name) for name in expected_budget(langon)}
    assert same(got, expected_budget(langon)), got


def test_budget_checks_pass_for_langon(filled, lang):
    assert budget_checks(filled, lang) == ["OK", "OK"]


# ---------------------------------------------------------------- edge cases

_EDGE = """\
plan:
  title: Cas limites
  start: 2023-01-15      # mid-month: the plan still runs January to December
  as_of: 2024-03-31      # after the plan: 12 months elapsed, not 15
  budget: 1000           # less than the actions' budgets: over budget
objectives:
  - code: A
    indicator: Contrats
    baseline: 0          # no baseline to measure progress from
    target: 0            # nothing to project against
    phasing: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    actuals: [1, null, 2]
actions:
  - what: À cheval sur deux plans
    why: A
    when: {start: 2022-11-01, end: 2023-02-28}   # half of it before the plan
    how_much: {budget: 1200, expected_result: 0, expected_revenue: 500}
  - what: Sans budget
    when: {start: 2023-03-01, end: 2023-03-31}
    how_much: {budget: 0, expected_revenue: 300}
"""


@pytest.fixture(scope="module")
def edge(recalc, tmp_path_factory) -> tuple[PacSpec, Recalculated]:
    folder = tmp_path_factory.mktemp("pac-edge")
    source = folder / "edge.yaml"
    source.write_text(_EDGE, encoding="utf-8")
    out = generate("pac", folder / "edge.xlsx", source)
    return load(source, PacSpec), Recalculated(recalc(out))


def test_edge_no_error_value(edge):
    assert error_cells(edge[1].path) == []


@pytest.mark.parametrize("figure", [f for f in FOLLOW_UP if f not in ("month_no", "month")])
def test_edge_follow_up_equals_the_core(edge, figure):
    spec, book = edge
    got = book.column("Suivi_Objectif1", figure, FOLLOW_UP)
    assert same(got, expected_follow_up(spec, 0, "fr")[figure]), got


@pytest.mark.parametrize("figure", [f for f in SUMMARY if f not in ("code", "indicator",
                                                                   "unit", "target")])
def test_edge_summary_equals_the_core(edge, figure):
    spec, book = edge
    got = book.range("Synthese_Objectifs")[0][SUMMARY.index(figure)]
    assert same(got, expected_summary(spec, 0, "fr")[figure]), got


@pytest.mark.parametrize("index", range(2))
def test_edge_actions_show_readable_texts(edge, index):
    spec, book = edge
    got = action_row(book, index)
    assert same(got, expected_action(spec, index, "fr")), got


def test_edge_budget_outside_the_plan_and_over_the_envelope(edge):
    spec, book = edge
    got = {name: book.value(name) for name in expected_budget(spec)}
    assert same(got, expected_budget(spec)), got
    assert budget_checks(book, "fr") == [t("budget.outside_plan", "fr"), t("budget.over", "fr")]


def test_edge_progress_without_baseline(edge):
    _, book = edge
    progress = book.column("Objectifs_Tableau", "progress", OBJECTIVE_COLUMNS)[0]
    assert progress == t("objectives.no_baseline", "fr")


# ---------------------------------------------------------------- workbook craft


def test_rows_left_for_new_objectives_and_actions(filled, langon):
    codes = filled.column("Objectifs_Tableau", "code", OBJECTIVE_COLUMNS)
    actions = filled.column("Actions_Tableau", "action", ACTION_COLUMNS)
    assert codes[:len(langon.objectives)] == [o.code for o in langon.objectives]
    assert set(codes[len(langon.objectives):]) == {None} and len(codes) >= 8
    assert set(actions[len(langon.actions):]) == {None} and len(actions) >= 15


def test_inputs_unlocked_formulas_locked(tmp_path):
    out = generate("pac", tmp_path / "pac.xlsx", LANGON)
    sheet = openpyxl.load_workbook(out)["Plan d'actions"]
    budget = sheet.cell(6, ACTION_COLUMNS.index("budget") + 1)
    roi = sheet.cell(6, ACTION_COLUMNS.index("roi") + 1)
    blank_input = sheet.cell(20, ACTION_COLUMNS.index("action") + 1)
    assert sheet.protection.sheet and not sheet.protection.password
    assert (budget.protection.locked, blank_input.protection.locked) == (False, False)
    assert roi.protection.locked and roi.data_type == "f"


def test_inputs_are_validated(tmp_path):
    out = generate("pac", tmp_path / "pac.xlsx", LANGON)
    book = openpyxl.load_workbook(out)
    rules = {(v.type, v.operator, v.formula1)
             for v in book["Plan d'actions"].data_validations.dataValidation}
    assert {("list", None, "Objectifs_Codes"), ("list", None, "Liste_Statuts"),
            ("decimal", "greaterThanOrEqual", "0")} <= rules
    amber = {(v.type, v.operator, v.formula1, v.formula2)
             for v in book["Paramètres"].data_validations.dataValidation}
    assert ("decimal", None, "0", "1") in amber  # "between" is the default operator


_INJECTION = """\
plan:
  title: "=HYPERLINK(\\"http://x\\")"
  start: 2023-01-01
diagnostic:
  strengths: ["+33 clients", "-5 % de frais", "@parrainage"]
objectives:
  - code: "=O1"
    indicator: "=SUM(A1:A9)"
    target: 10
actions:
  - what: "=1+1"
    why: "=O1"
    when: {start: 2023-02-01, end: 2023-03-31}
"""


@pytest.fixture(scope="module")
def injected(recalc, tmp_path_factory) -> tuple[Path, Recalculated]:
    folder = tmp_path_factory.mktemp("pac-injection")
    spec = folder / "injection.yaml"
    spec.write_text(_INJECTION, encoding="utf-8")
    out = generate("pac", folder / "injection.xlsx", spec)
    return out, Recalculated(recalc(out))


@pytest.mark.parametrize(("name", "expected"), [
    ("Plan_Titre", '=HYPERLINK("http://x")'),
    ("SWOT_Forces", "+33 clients"),
    ("Objectifs_Codes", "=O1"),
    ("Objectifs_Indicateurs", "=SUM(A1:A9)"),
    ("Actions_Libelles", "=1+1"),
])
def test_text_starting_like_a_formula_lands_as_text(injected, name, expected):
    written, recalculated = injected
    book = openpyxl.load_workbook(written)
    (sheet, ref), = book.defined_names[name].destinations
    first = book[sheet.replace("''", "'")][ref.replace("$", "").split(":")[0]]
    assert (first.data_type, first.value) == ("s", expected)
    assert recalculated.value(name) == expected


def test_text_objective_code_still_links_the_action(injected):
    _, recalculated = injected
    assert recalculated.column("Actions_Tableau", "indicator", ACTION_COLUMNS)[0] == (
        "=SUM(A1:A9)")
    assert error_cells(recalculated.path) == []


# ---------------------------------------------------------------- bad specs

_VALID = """\
plan:
  title: PAC test
  start: 2023-01-01
objectives:
  - code: O1
    indicator: Nouveaux clients
    target: 10
actions:
  - what: Parrainage
    why: O1
    when: {start: 2023-02-01, end: 2023-03-31}
    how_much: {budget: 100}
"""


def _bad(old: str, new: str) -> str:
    assert old in _VALID
    return _VALID.replace(old, new)


@pytest.mark.parametrize(("spec", "key", "line"), [
    pytest.param(_bad("  start: 2023-01-01\n", "  start: 2023-01-01\n  colour: red\n"),
                 "plan.colour", 4, id="unknown-key"),
    pytest.param(_bad("target: 10", "target: dix"), "objectives[0].target", 7,
                 id="wrong-type"),
    pytest.param(_bad("budget: 100", "budget: -100"), "actions[0].how_much.budget", 12,
                 id="negative-budget"),
    pytest.param(_bad("{start: 2023-02-01, end: 2023-03-31}",
                      "{start: 2023-04-01, end: 2023-03-31}"), "actions[0].when.end", 11,
                 id="end-before-start"),
    pytest.param(_bad("    target: 10\n", ""), "objectives[0].target", 5,
                 id="missing-target"),
    pytest.param(_bad("why: O1", "why: O9"), "actions[0].why", 10, id="unknown-objective"),
    pytest.param(_bad("    target: 10\n", "    target: 10\n  - code: O1\n    indicator: x\n"
                      "    target: 1\n"), "objectives[1].code", 8, id="duplicate-code"),
    pytest.param(_bad("    target: 10\n", "    target: 10\n    phasing: [1, 2, 3]\n"),
                 "objectives[0].phasing", 8, id="short-phasing"),
])
def test_bad_spec_is_refused_with_key_and_line(tmp_path, spec, key, line):
    source, out = tmp_path / "pac.yaml", tmp_path / "pac.xlsx"
    source.write_text(spec, encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "pac", str(out), "--spec", str(source)])
    assert result.exit_code == 2, result.output
    assert f"clé {key}, ligne {line}:" in result.output
    assert not out.exists() and list(tmp_path.iterdir()) == [source]


def test_bad_spec_message_in_english(tmp_path):
    source, out = tmp_path / "pac.yaml", tmp_path / "pac.xlsx"
    source.write_text(_bad("why: O1", "why: O9"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "pac", str(out), "--spec", str(source),
                                      "--lang", "en"])
    assert result.exit_code == 2
    assert "key actions[0].why, line 10:" in result.output
    assert not out.exists()


def test_valid_spec_through_the_command(tmp_path):
    source, out = tmp_path / "pac.yaml", tmp_path / "pac.xlsx"
    source.write_text(_VALID, encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "pac", str(out), "--spec", str(source)])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).sheetnames[4] == "Plan d'actions"


def test_documented_example_is_a_valid_spec():
    page = (Path(__file__).resolve().parent.parent / "docs" / "spec-pac.md").read_text(
        encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", page, re.S).group(1)
    spec = load_text(example, PacSpec)
    assert [a.why for a in spec.actions] == [o.code for o in spec.objectives] == ["O1"]


def test_labels_exist_in_both_languages():
    def keys(node: Any, prefix: str = "") -> set[str]:
        if not isinstance(node, dict):
            return {prefix}
        return {k for key, value in node.items() for k in keys(value, f"{prefix}.{key}")}

    assert keys(section("pac", "fr")) == keys(section("pac", "en"))
