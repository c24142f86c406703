"""End to end in LibreOffice Calc: the extension built and installed with unopkg into a
private profile, =KPI_... formulas typed into a sheet over ranges with blanks, text,
errors, booleans and dates, the sheet saved as .ods, reopened, recalculated and read
back over UNO. Each value is checked against the UDF called the way Calc calls it
(which checks the range shapes the coercion assumes) and against the native formula
twin in the same sheet; seed 003's worked case typed as formulas gives the case's
figures. This is the first test in which a spreadsheet engine calls the functions."""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path
from typing import Any

import pytest

import udfs
from tests import calc_sheets as sheets
from xlsales import core
from xlsales.function_help import function_help
from xlsales.oxt import build_extension, install_extension
from xlsales.oxt.calc_run import run_sheet

pytestmark = pytest.mark.libreoffice

# LibreOffice's FormulaError codes as Cell.getError() reports them.
DIV0, NA, ERR504, ERR511 = 532, 32767, 504, 511


@pytest.fixture(scope="session")
def calc_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private LibreOffice profile with the extension installed by unopkg."""
    folder = tmp_path_factory.mktemp("calc-addin")
    oxt = build_extension(folder / "xlsales.oxt")
    return Path(install_extension(oxt, folder / "profile"))


@pytest.fixture(scope="session")
def calc_book(calc_profile: Path) -> dict[str, Any]:
    spec = sheets.ranges_spec()
    seed = sheets.seed_spec()
    spec["sheets"].update(seed["sheets"])
    spec["ods"] = str(calc_profile.parent / "kpi.ods")
    spec["describe"] = ["KPI_CAC", "KPI_PERIOD_COST"]
    result = run_sheet(spec, calc_profile)
    assert Path(spec["ods"]).exists()
    return result


def _in_french(profile: Path, copy: Path) -> Path:
    """A copy of ``profile`` whose user interface is French."""
    shutil.copytree(profile, copy)
    settings = copy / "user" / "registrymodifications.xcu"
    item = ('<item oor:path="/org.openoffice.Office.Linguistic/General"><prop '
            'oor:name="UILocale" oor:op="fuse"><value>fr-FR</value></prop></item>\n')
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("</oor:items>", item + "</oor:items>"), encoding="utf-8")
    return copy


def test_the_function_wizard_speaks_the_users_language(calc_book, calc_profile):
    # CalcAddIns.xcu carries both languages; LibreOffice picks its UI language's.
    french = _in_french(calc_profile, calc_profile.parent / "profile-fr")
    spec = {"sheets": {"Feuille": [["A1", "=KPI_CAC(2330;5)"]]},
            "ods": str(french.parent / "fr.ods"), "describe": ["KPI_CAC", "KPI_PERIOD_COST"]}
    result = run_sheet(spec, french)
    assert result["sheets"]["Feuille"]["A1"]["value"] == 466.0
    for lang, shown in (("fr", result["functions"]), ("en", calc_book["functions"])):
        for name in ("kpi_cac", "kpi_period_cost"):
            expected = function_help(name, lang)
            wizard = shown[name.upper()]
            assert wizard["description"] == expected.description
            assert wizard["arguments"] == [[a.name, a.help] for a in expected.args.values()]


def _value(cell: dict[str, Any]) -> Any:
    """A cell's value the way the UDFs return it: an error literal, a text or a number."""
    if cell["error"]:
        known = {DIV0: "#DIV/0!", NA: "#N/A", ERR504: "Err:504", ERR511: "Err:511"}
        return known.get(cell["error"], cell["text"])
    return cell["text"] if cell["is_text"] else cell["value"]


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(expected, dt.date):
        expected = sheets.to_serial(expected)
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return math.isclose(actual, expected, rel_tol=1e-12, abs_tol=1e-12)
    return bool(actual == expected)


A, B, C = (sheets.as_calc_passes(col) for col in (sheets.COSTS, sheets.CLIENTS,
                                                  sheets.WITH_ERROR))
D, E, F, G = (sheets.as_calc_passes(col) for col in (sheets.STATUSES, sheets.AMOUNTS,
                                                     sheets.PROGNOSES, sheets.PERIODS))
START, END = sheets.START, sheets.END

#: What the UDF returns when called as Calc calls it: ranges as rows of one cell, TRUE
#: as 1, dates as serials, a blank cell on its own as 0.
BY_THE_UDFS: dict[str, Any] = {
    "cac": udfs.kpi_cac(A, B),
    "conversion": udfs.kpi_conversion(B, A),
    "roi": udfs.kpi_roi(A, B),
    "gap_relative": udfs.kpi_gap(A, B, 1.0),
    "remaining": udfs.kpi_remaining(B, A),
    "weighted": udfs.kpi_weighted_pipeline(E, F),
    "months": udfs.kpi_months(START, END),
    "breakeven_date": udfs.kpi_breakeven_date(26298.5, 100250, 46990, START, END),
    "cac_blank_cell": udfs.kpi_cac(1200.0, 0.0),
    "cac_error_cell": "#DIV/0!",  # the error cell's own error, passed through
    "cac_na_cell": "#N/A",
    "stage_rate": udfs.kpi_stage_rate(D, "qualifié", "engagé"),
    "status": udfs.kpi_status(A, B, 0.9),
    "period_cost_default": udfs.kpi_period_cost(450.2, "semaine", 5),
    "period_cost_blank_quantity": udfs.kpi_period_cost(450.2, "semaine", 5, 0.0),
    "iferror": "aucun client",
    "iserror": 1.0,  # TRUE
    "required_left_out": "Err:511",
    "share_2d": udfs.kpi_share(A, [[a[0], b[0]] for a, b in zip(A, B, strict=True)]),
    "gini": udfs.kpi_gini(G),
    "volatility": udfs.kpi_volatility(G),
}


@pytest.mark.parametrize("name", list(BY_THE_UDFS))
def test_kpi_formula_in_calc_gives_what_the_udf_gives(calc_book, name):
    kpi_cell, _ = sheets.case_cells()[name]
    cell = calc_book["sheets"]["Plages"][kpi_cell]
    assert _same(_value(cell), BY_THE_UDFS[name]), (name, cell, BY_THE_UDFS[name])


@pytest.mark.parametrize("name", [n for n, (_, twin) in sheets.case_cells().items()
                                  if twin and not n.endswith("_in_range")])
def test_kpi_formula_equals_its_native_twin_in_the_same_sheet(calc_book, name):
    kpi_cell, twin_cell = sheets.case_cells()[name]
    kpi, twin = calc_book["sheets"]["Plages"][kpi_cell], calc_book["sheets"]["Plages"][twin_cell]
    assert (kpi["error"], kpi["value"]) == (twin["error"], pytest.approx(twin["value"]))


def test_core_figures_over_the_awkward_ranges():
    # By hand over column A (1200, blank, "n/a", TRUE, 800.5, 01/02/2022) and B (3,
    # blank, 2, FALSE, "deux", 1): Calc's cells are numbers, TRUE is 1, the date 44593.
    costs, clients = 1200 + 1 + 800.5 + 44593, 3 + 2 + 0 + 1
    assert BY_THE_UDFS["cac"] == core.acquisition_cost(costs, clients) == costs / clients
    # 1000 × 20 % + 2500 × 60 % + 400 × TRUE; the pairs with a blank or a text skipped.
    assert BY_THE_UDFS["weighted"] == 2100.0


def test_an_error_inside_a_range_is_err504_where_the_twin_shows_the_error(calc_book):
    # LibreOffice does not call an add-in when a range argument holds an error: the
    # cell shows Err:504 (parameter list error), where Excel's UDF returns the error.
    cells = sheets.case_cells()
    for name, twin_error in (("cac_error_in_range", DIV0), ("cac_na_in_range", NA)):
        kpi_cell, twin_cell = cells[name]
        assert calc_book["sheets"]["Plages"][kpi_cell]["error"] == ERR504
        assert calc_book["sheets"]["Plages"][twin_cell]["error"] == twin_error


def test_errors_are_real_calc_errors(calc_book):
    cells = sheets.case_cells()
    cac_zero = calc_book["sheets"]["Plages"][cells["cac_blank_cell"][0]]
    assert (cac_zero["error"], cac_zero["text"]) == (DIV0, "#DIV/0!")
    assert calc_book["sheets"]["Plages"][cells["iserror"][0]]["value"] == 1.0
    assert calc_book["sheets"]["Plages"][cells["iferror"][0]]["text"] == "aucun client"


def test_a_table_fills_an_array_formula(calc_book):
    expected = udfs.kpi_funnel(D)
    sheet = calc_book["sheets"]["Plages"]
    shown = [[_value(sheet[f"{col}{row}"]) if f"{col}{row}" in sheet else ""
              for col in "NOP"] for row in range(2, 8)]
    assert shown == [[v if v is not None else "" for v in row] for row in expected]
    assert [sheet[f"R{row}"]["value"] for row in (2, 3, 4)] == pytest.approx(
        [r[0] for r in udfs.kpi_growth(G)])  # blanks and text skipped: 100, 110, 99, 120


# ---------------------------------------------------------------- seed 003


@pytest.mark.parametrize(("row", "method"), [(row, m[0]) for row, m in enumerate(
    sheets.METHODS, start=sheets.FIRST_METHOD_ROW)])
def test_seed003_cac_per_method(calc_book, row, method):
    # Ressource 1: yearly cost to the agency / clients acquired.
    costs = {"Phoning": 2330, "Salon": 19295 / 4, "Emailing": 31.10 * 12,
             "Publipostage": 700 * 2, "Boîtage": 120 + 2 * 250 * 2, "Réseaux sociaux": 400}
    clients = {"Phoning": 5, "Salon": 21, "Emailing": 3, "Publipostage": 4, "Boîtage": 2,
               "Réseaux sociaux": 0}
    cell = calc_book["sheets"]["Cas 003"][f"F{row}"]
    if clients[method] == 0:
        assert cell["error"] == DIV0  # réseaux sociaux: 400 € and no client
    else:
        assert cell["error"] == 0
        assert cell["value"] == pytest.approx(costs[method] / clients[method], rel=1e-12)


def test_seed003_phoning_cac_is_466(calc_book):
    # Ressource 1: 2 330 € for 5 clients.
    assert calc_book["sheets"]["Cas 003"]["F4"]["value"] == 466.0


def test_seed003_breakeven_and_point_mort(calc_book):
    # Ressource 5, February to June 2022: CF = 7 750 + 385 + 155.50 + 18 008 = 26 298.50;
    # CA = 105 × 454 + 55 × 956 = 100 250; CV = 653 × 30 + 323 × 50 + 75 × 150 = 46 990.
    sheet = calc_book["sheets"]["Cas 003"]
    assert sheet["B14"]["value"] == 5  # months
    assert sum(sheet[f"E{row}"]["value"] for row in range(16, 20)) == pytest.approx(26298.5)
    ca, cv, cf = 100250, 46990, 26298.5
    threshold = cf / ((ca - cv) / ca)
    assert sheet["B32"]["value"] == pytest.approx(threshold, rel=1e-12)
    assert sheet["B32"]["value"] == pytest.approx(49501.03, abs=0.005)
    assert sheet["B33"]["value"] == sheets.to_serial(dt.date(2022, 4, 16))  # point mort
    assert sheet["B33"]["text"] == "16/04/2022"
    assert sheet["B34"]["value"] == pytest.approx(ca - threshold)
    assert sheet["B35"]["value"] == pytest.approx(ca - cv - cf)  # 26 961.50
