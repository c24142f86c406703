"""The PAC followed up: actual spend per month, actual result and status per action,
the budget's consumption over the months; recalculated by LibreOffice, against the core."""

from __future__ import annotations

import math
from importlib import resources
from pathlib import Path

import openpyxl
import pytest

from tests.workbooks import named_range
from xlsales import core
from xlsales.spec import load
from xlsales.templates import generate
from xlsales.templates._pac_actions import FOLLOW_COLUMNS
from xlsales.templates.pac import PacSpec

from .conftest import error_cells

LANGON = Path(str(resources.files("xlsales") / "specs" / "pac-langon.yaml"))
SPEC = load(LANGON, PacSpec)
COLUMNS = ("number", "action", "status", "budget", *(f"m{m}" for m in range(1, 13)),
           *FOLLOW_COLUMNS)


@pytest.fixture(scope="module")
def book(recalc, tmp_path_factory):
    out = generate("pac", tmp_path_factory.mktemp("pac-actions") / "pac.xlsx", LANGON)
    return openpyxl.load_workbook(recalc(out), data_only=True)


def _rows(book):
    return [dict(zip(COLUMNS, row, strict=True))
            for row in named_range(book, "Suivi_Actions_Tableau")]


def close(got, expected) -> bool:
    return math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_each_followed_action_equals_the_core(book, index):
    action = SPEC.actions[index]
    row = _rows(book)[index]
    spent = sum(v for v in action.spent if v is not None)
    budget, expected = action.how_much.budget, action.how_much.expected_result
    assert close(row["spent"], spent)
    assert close(row["consumption"], core.attainment(spent, budget))
    assert close(row["left"], core.gap(budget, spent))
    assert close(row["result_attainment"], core.attainment(action.result, expected))
    assert close(row["cost_per_result"], core.acquisition_cost(spent, action.result))


def test_the_spring_referral_programme_by_hand(book):
    # Action 1: 2,400 + 4,300 + 5,100 + 3,900 + 3,100 = 18,800 € of 19,435 € (96.7 %),
    # 58 clients for 55 expected, 324.14 € a client.
    row = _rows(book)[0]
    assert row["spent"] == 18800 and row["result"] == 58
    assert row["status"] == "Réalisée"
    assert round(row["consumption"], 4) == 0.9673
    assert round(row["cost_per_result"], 2) == 324.14


def test_an_action_not_followed_yet_shows_blanks(book):
    row = _rows(book)[3]  # the autumn wave, planned
    assert row["spent"] is None and row["consumption"] is None and row["result"] is None


def test_budget_consumption_over_the_months(book):
    monthly = [sum((a.spent[m] or 0) for a in SPEC.actions if m < len(a.spent))
               for m in range(12)]
    spent = named_range(book, "Depenses_Mois")[0]
    cumulative = named_range(book, "Depenses_Cumul")[0]
    consumed = named_range(book, "Consommation_Mois")[0]
    total_budget = sum(a.how_much.budget or 0 for a in SPEC.actions)
    running = 0.0
    for m in range(1, 6):  # February to June carry spend
        running += monthly[m]
        assert close(spent[m], monthly[m]) and close(cumulative[m], running)
        assert close(consumed[m], core.attainment(running, total_budget))
    assert spent[6] is None and cumulative[6] is None
    assert close(named_range(book, "Budget_Consomme")[0][0],
                 core.attainment(sum(monthly), total_budget))


def test_no_error_value(book, recalc, tmp_path):
    blank = generate("pac", tmp_path / "blank.xlsx")
    assert error_cells(recalc(blank)) == []
