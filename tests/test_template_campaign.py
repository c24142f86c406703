"""The campaign workbook, recalculated by LibreOffice, against the KPI core."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from xlsales import core, spec
from xlsales.cli import cli
from xlsales.templates import generate
from xlsales.templates.campaign import STEPS, CampaignSpec

from .conftest import error_cells
from .workbooks import Recalculated, raw_cell, raw_named_cell

SPEC_FILE = Path(__file__).parent.parent / "xlsales" / "specs" / "campagne-parrainage-langon.yaml"
SPEC = spec.load(SPEC_FILE, CampaignSpec)


def _expected() -> dict[str, object]:
    """Every named figure of the workbook, computed through the core from the spec."""
    period, conv = SPEC.campaign, SPEC.conventions
    months = core.months_spanned(period.start, period.end)
    cf = sum(core.period_cost(line.amount, line.periodicity, months, line.quantity,
                              conv.weeks_per_month) for line in SPEC.fixed_costs)
    figures: dict[str, object] = {"CF_Total": cf, "Duree_Mois": months}
    revenue, variable = [], []
    for target in SPEC.targets:
        res = target.results
        rewarded = res.responses if conv.reward_basis == "coupon" else res.clients
        revenue.append(res.contracts * target.contract_price)
        variable.append(target.reward * rewarded + (target.commission or 0) * res.clients
                        + (target.other_variable_costs or 0))
    for n, (ca, cv) in enumerate(zip(revenue, variable, strict=True), start=1):
        cf_t = cf * core.share(ca, sum(revenue))  # fixed costs split pro rata of revenue
        figures.update(_profit(f"_Cible{n}", ca, cv, cf_t, period))
        figures[f"CF_Cible{n}"] = cf_t
    figures.update(_profit("", sum(revenue), sum(variable), cf, period))
    for stem in ("CA", "CV", "MCV"):
        figures[f"{stem}_Total"] = figures.pop(stem)
    return figures


def _profit(suffix, ca, cv, cf, period):
    return {
        "CA" if not suffix else f"CA{suffix}": ca,
        "CV" if not suffix else f"CV{suffix}": cv,
        "MCV" if not suffix else f"MCV{suffix}": core.contribution_margin(ca, cv),
        f"Taux_MCV{suffix}": core.margin_rate(ca, cv),
        f"Seuil_Rentabilite{suffix}": core.breakeven(cf, ca, cv),
        f"Point_Mort{suffix}": core.breakeven_date(cf, ca, cv, period.start, period.end),
        f"Marge_Securite{suffix}": core.safety_margin(ca, cf, cv),
        f"Indice_Securite{suffix}": core.safety_margin(ca, cf, cv, relative=True),
        f"Resultat{suffix}": core.operating_result(ca, cf, cv),
    }


EXPECTED = _expected()


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory, recalc):
    """Blank and filled workbooks, in French and English, as LibreOffice computes them."""
    out = tmp_path_factory.mktemp("campaign")
    made = {}
    for label, spec_file, lang in (("blank-fr", None, "fr"), ("blank-en", None, "en"),
                                   ("filled-fr", SPEC_FILE, "fr"),
                                   ("filled-en", SPEC_FILE, "en")):
        source = generate("campaign", out / f"{label}.xlsx", spec_file, lang)
        made[label] = (source, Recalculated(recalc(source)))
    return made


@pytest.mark.parametrize("label", ["blank-fr", "blank-en", "filled-fr", "filled-en"])
def test_no_error_value_in_any_cell(workbooks, label):
    assert error_cells(workbooks[label][1].path) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("label", ["filled-fr", "filled-en"])
def test_named_figures_equal_the_core(workbooks, label, name):
    got = workbooks[label][1].name(name)
    expected = EXPECTED[name]
    if isinstance(expected, dt.date):
        assert got.date() == expected
    else:
        assert got == pytest.approx(expected, rel=1e-9)


def test_seed_case_breakeven_and_point_mort(workbooks):
    book = workbooks["filled-fr"][1]
    # Seed 003, ressource 5: CF = 26 298,50 €; SR = CF / ((CA − CV) / CA) with
    # CA = 105 × 454 + 55 × 956 and CV = 653 × 30 + 323 × 50 + 75 × 150.
    ca, cv = 105 * 454 + 55 * 956, 653 * 30 + 323 * 50 + 75 * 150
    assert book.name("CF_Total") == pytest.approx(1550 * 5 + 385 + 31.10 * 5 + 2 * 20 * 22.51 * 20)
    assert book.name("Seuil_Rentabilite") == pytest.approx(26298.5 / ((ca - cv) / ca))
    # 150 days from 1 February; SR / CA × 150 = 74.07, so 74 days later.
    assert book.name("Point_Mort").date() == dt.date(2022, 4, 16)


RATES = [("return_rate", "responses", "contacts", 6), ("meeting_rate", "meetings", "responses", 7),
         ("transformation", "clients", "meetings", 8), ("conversion", "clients", "contacts", 9),
         ("per_client", "contracts", "clients", 10)]


@pytest.mark.parametrize(("rate", "num", "den", "row"), RATES)
@pytest.mark.parametrize("target", [0, 1])
def test_rates_per_target_equal_the_core(workbooks, rate, num, den, row, target):
    res = SPEC.targets[target].results
    got = workbooks["filled-fr"][1].value("Indicateurs", f"{'BC'[target]}{row}")
    expected = core.conversion_rate(getattr(res, num), getattr(res, den))
    assert got == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(("index", "step"), list(enumerate(STEPS)))
@pytest.mark.parametrize("target", [0, 1])
def test_attainment_per_step_and_target_equals_the_core(workbooks, index, step, target):
    t = SPEC.targets[target]
    got = workbooks["filled-fr"][1].value("Indicateurs", f"{'BC'[target]}{14 + index}")
    expected = core.attainment(getattr(t.results, step), getattr(t.objectives, step))
    assert got == pytest.approx(expected, rel=1e-9)


def test_total_attainment_sums_targets_first(workbooks):
    # Ressource 4: 75 new clients for an objective of 70 + 30.
    assert workbooks["filled-fr"][1].value("Indicateurs", "D17") == pytest.approx(75 / 100)


@pytest.mark.parametrize(("label", "sheets"), [
    ("filled-fr", ["Paramètres", "Coûts", "Objectifs et résultats", "Suivi par période",
                   "Indicateurs",
                   "Rentabilité", "Tableau de bord", "Constats et préconisations"]),
    ("filled-en", ["Settings", "Costs", "Objectives and results", "Follow-up by period",
                   "Indicators",
                   "Profitability", "Dashboard", "Findings and recommendations"]),
])
def test_sheet_names_follow_the_language(workbooks, label, sheets):
    assert workbooks[label][1].book.sheetnames == sheets


def test_blank_template_has_default_targets_and_no_figures(workbooks):
    book = workbooks["blank-fr"][1]
    assert [book.name("Nom_Cible1"), book.name("Nom_Cible2")] == ["Particuliers",
                                                                 "Professionnels"]
    assert book.name("CA_Total") in (None, "")
    assert book.name("Semaines_Par_Mois") == 4  # the case's default convention


def test_inputs_are_unlocked_and_formulas_locked(workbooks):
    source = workbooks["filled-fr"][0]
    assert raw_cell(source, "Coûts", "B6").protection.locked is False  # an amount
    assert raw_cell(source, "Coûts", "E6").protection.locked is True  # its cost
    assert raw_cell(source, "Coûts", "E6").value.startswith("=")


@pytest.mark.parametrize("text", ["=SUM(1,2)", "+33 5 56 00 00 00", "-10 % promo", "@home"])
def test_spec_text_lands_as_text(tmp_path, text):
    spec_file = tmp_path / "spec.yaml"
    spec_file.write_text(SPEC_FILE.read_text(encoding="utf-8").replace(
        "name: Particuliers", f"name: '{text}'"), encoding="utf-8")
    out = generate("campaign", tmp_path / "out.xlsx", spec_file)
    target = raw_named_cell(out, "Nom_Cible1")
    assert target.value == text
    assert target.data_type == "s"


BAD_SPECS = [
    ("unknown key", "  agency: Abeille Assurances Langon\n",
     "  agency: Abeille Assurances Langon\n  colour: red\n", "campaign.colour", 7),
    ("wrong type", "responses: 653,", "responses: beaucoup,",
     "targets[0].results.responses", 18),
    ("negative cost", "amount: 1550", "amount: -1550", "fixed_costs[0].amount", 30),
    ("end before start", "end: 2022-06-30", "end: 2021-06-30", "campaign.end", 8),
    ("missing value", "  start: 2022-02-01\n", "", "campaign.start", 4),
    ("unknown periodicity", "periodicity: once", "periodicity: fortnightly",
     "fixed_costs[1].periodicity", 34),
]


@pytest.mark.parametrize(("case", "old", "new", "key", "line"), BAD_SPECS,
                         ids=[b[0] for b in BAD_SPECS])
def test_bad_spec_is_refused_with_key_and_line(tmp_path, case, old, new, key, line):
    text = SPEC_FILE.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(cli, ["new", "campaign", str(out), "--spec", str(bad)])
    assert result.exit_code == 2
    assert f"clé {key}, ligne {line}" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]  # not even a temporary file left


def test_bad_spec_message_in_english(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SPEC_FILE.read_text(encoding="utf-8").replace("amount: 1550", "amount: -1"),
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "campaign", str(tmp_path / "o.xlsx"), "--spec",
                                      str(bad), "--lang", "en"])
    assert result.exit_code == 2
    assert "key fixed_costs[0].amount, line 30: must be greater than or equal to 0" in (
        result.output)


def test_an_existing_workbook_is_not_overwritten_without_force(tmp_path):
    out = tmp_path / "campagne.xlsx"
    out.write_bytes(b"a manager's filled workbook")
    refused = CliRunner().invoke(cli, ["new", "campaign", str(out)])
    assert refused.exit_code == 1
    assert "existe déjà" in refused.output and "--force" in refused.output
    assert out.read_bytes() == b"a manager's filled workbook"
    forced = CliRunner().invoke(cli, ["new", "campaign", str(out), "--force"])
    assert forced.exit_code == 0
    assert out.read_bytes().startswith(b"PK")
