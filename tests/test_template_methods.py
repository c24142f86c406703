"""The prospection-method workbook, recalculated by LibreOffice, against the KPI core."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from xlsales import core, spec
from xlsales.cli import cli
from xlsales.templates import generate
from xlsales.templates.methods import COLUMNS, MethodsSpec

from .conftest import error_cells
from .workbooks import Recalculated

SPEC_FILE = Path(__file__).parent.parent / "xlsales" / "specs" / "methodes-prospection-langon.yaml"
SPEC = spec.load(SPEC_FILE, MethodsSpec)
NO_CLIENT, UNKNOWN = "aucun client", "n.c."


def _or(text, fn, *args):
    """The core's figure, or the text the workbook shows when the core says undefined."""
    try:
        return fn(*args)
    except core.ZeroDenominatorError:
        return text


def _expected() -> dict[str, dict[str, object]]:
    """Per method, every computed column, through the core from the spec."""
    months = core.months_spanned(SPEC.study.start, SPEC.study.end)
    rows = {}
    for m in SPEC.methods:
        cost = sum(core.period_cost(c.amount, c.periodicity, months, c.quantity,
                                    SPEC.weeks_per_month) * c.share for c in m.costs)
        revenue = m.revenue * m.revenue_share
        qualified = m.prospects * m.qualification if m.prospects is not None else None
        rows[m.name] = {
            "cost": cost,
            "agency_revenue": revenue,
            "cost_per_prospect": UNKNOWN if m.prospects is None else core.cost_per_contact(
                cost, m.prospects),
            "conversion": UNKNOWN if m.prospects is None else core.conversion_rate(
                m.clients, m.prospects),
            "conversion_qualified": UNKNOWN if qualified is None else core.conversion_rate(
                m.clients, qualified),
            "cac": _or(NO_CLIENT, core.acquisition_cost, cost, m.clients),
            "revenue_per_client": _or(NO_CLIENT, core.per_client, revenue, m.clients),
            "roi": core.roi(revenue, cost),
        }
    ranked = sorted(rows, key=lambda name: -rows[name]["roi"])
    for position, name in enumerate(ranked, start=1):
        rows[name]["rank"] = position
    return rows


EXPECTED = _expected()
CASES = [(method, column) for method in EXPECTED for column in EXPECTED[method]]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory, recalc):
    out = tmp_path_factory.mktemp("methods")
    made = {}
    for label, spec_file, lang in (("blank-fr", None, "fr"), ("blank-en", None, "en"),
                                   ("filled-fr", SPEC_FILE, "fr"),
                                   ("filled-en", SPEC_FILE, "en")):
        made[label] = Recalculated(recalc(generate("methods", out / f"{label}.xlsx", spec_file,
                                                   lang)))
    return made


def _table(book: Recalculated) -> dict[str, dict[str, object]]:
    sheet = book.book[book.book.defined_names["Methodes"].destinations.__next__()[0]]
    out = {}
    for row in sheet.iter_rows(min_row=6, max_col=len(COLUMNS), values_only=True):
        if row[0] and row[0] != "Total":
            out[row[0]] = dict(zip(COLUMNS, row, strict=True))
    return out


@pytest.mark.parametrize("label", ["blank-fr", "blank-en", "filled-fr", "filled-en"])
def test_no_error_value_in_any_cell(workbooks, label):
    assert error_cells(workbooks[label].path) == []


@pytest.mark.parametrize(("method", "column"), CASES)
def test_method_figures_equal_the_core(workbooks, method, column):
    got = _table(workbooks["filled-fr"])[method][column]
    expected = EXPECTED[method][column]
    if isinstance(expected, str):
        assert got == expected
    else:
        assert got == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(("method", "cac", "conversion"), [
    # Seed 003, ressource 1: cost a year / clients, and clients / prospects.
    ("Phoning", 2330 / 5, 5 / 600),
    ("Salon professionnel", 19295 / 4 / 21, 21 / 600),  # the agency's quarter of VINITECH
    ("Emailing", 31.10 * 12 / 3, 3 / 2000),
    ("Publipostage", 700 * 2 / 4, 4 / 1200),
    ("Boîtage", (120 + 2 * 250 * 2) / 2, UNKNOWN),  # prospects NC in the resource
    ("Réseaux sociaux", NO_CLIENT, UNKNOWN),  # 400 € a year and no client
])
def test_seed_case_cac_and_conversion(workbooks, method, cac, conversion):
    row = _table(workbooks["filled-fr"])[method]
    assert row["cac"] == (cac if isinstance(cac, str) else pytest.approx(cac))
    assert row["conversion"] == (conversion if isinstance(conversion, str)
                                 else pytest.approx(conversion))


def test_totals(workbooks):
    book = workbooks["filled-fr"]
    cost = sum(row["cost"] for row in EXPECTED.values())
    clients = sum(m.clients for m in SPEC.methods)
    assert book.name("Cout_Total") == pytest.approx(cost, rel=1e-9)
    assert book.name("CAC_Global") == pytest.approx(core.acquisition_cost(cost, clients))


def test_english_workbook_reads_no_client_in_english(workbooks):
    book = workbooks["filled-en"]
    assert book.book.sheetnames == ["Settings", "Costs", "Methods", "Charts"]
    assert _table(book)["Réseaux sociaux"]["cac"] == "no client"


def test_blank_template_lists_the_usual_methods(workbooks):
    names = list(_table(workbooks["blank-fr"]))
    assert names == ["Phoning", "Salon professionnel", "Emailing", "Publipostage", "Boîtage",
                     "Réseaux sociaux"]


BAD = [
    ("qualification above 100 %", "qualification: 0.95", "qualification: 95",
     "methods[2].qualification", 39),
    ("duplicate method", "name: Emailing", "name: Phoning", "methods[2].name", 33),
    # SUMIF ignores case: "PHONING" would pool its costs with Phoning's.
    ("case-only clash", "name: Emailing", "name: PHONING", "methods[2].name", 33),
    ("negative share", "share: 0.25", "share: -0.25", "methods[1].costs[0].share", 26),
]


@pytest.mark.parametrize(("case", "old", "new", "key", "line"), BAD, ids=[b[0] for b in BAD])
def test_bad_spec_is_refused(tmp_path, case, old, new, key, line):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SPEC_FILE.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(cli, ["new", "methods", str(out), "--spec", str(bad)])
    assert result.exit_code == 2, result.output
    assert f"clé {key}, ligne {line}" in result.output
    assert not out.exists()
