"""One dashboard cut per region, agency or advisor: the Filtre_Region and
Filtre_Conseiller settings, read by the same refresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from xlsales.cli import cli
from xlsales.dashboard import new_dashboard, refresh_file
from xlsales.dashboard.workbook_file import WorkbookFile
from xlsales.errors import InputError

from .dashboard_books import lead, set_cells, write_leads

# Three advisors: Ana (Nord, 2 clients of 1,000 €), Ben (Nord, 1 lost), Cléa (Sud, 1 client).
LEADS = [lead("L1"), lead("L2"), lead("L3", "Ben Morel", status="perdu"),
         lead("L4", "Cléa Petit", region="Sud", premium="500,00 €")]
OBJECTIVES = ("conseiller;agence;mois;objectif_prime\r\n"
              "Ana Roux;;2025-01;1500\r\nBen Morel;;2025-01;500\r\nCléa Petit;;2025-01;800\r\n")


def _set(book: Path, **values: str) -> None:
    names = {"region": "Filtre_Region", "advisor": "Filtre_Conseiller"}
    with WorkbookFile(book) as workbook:
        cells = {}
        for key, value in values.items():
            area = workbook.package.name_area(names[key])
            cells[f"{chr(65 + area.first.col)}{area.first.row + 1}"] = value
            sheet = area.sheet
    set_cells(book, sheet, cells)


@pytest.fixture
def book(tmp_path):
    return new_dashboard(tmp_path / "tableau.xlsx", "fr")


@pytest.fixture
def files(tmp_path):
    objectives = tmp_path / "objectifs.csv"
    objectives.write_text(OBJECTIVES, encoding="utf-8")
    return write_leads(tmp_path / "leads.csv", LEADS), objectives


def test_no_scope_is_the_whole_extract(book, files):
    figures = refresh_file(book, *files).analysis.figures
    assert (figures["leads_total"], figures["clients_total"]) == (4, 3)
    assert figures["objective_total"] == 2800


def test_a_region_keeps_its_opportunities_objectives_and_advisors(book, files):
    _set(book, region="nord")  # case and accents do not matter
    outcome = refresh_file(book, *files)
    figures = outcome.analysis.figures
    assert (figures["leads_total"], figures["clients_total"]) == (3, 2)
    assert figures["premium_total"] == 2000
    assert figures["objective_total"] == 2000  # Ana's 1,500 and Ben's 500
    advisors = outcome.analysis.blocks["advisors"].rows
    assert set(advisors["group"]) - {"Total"} == {"Ana Roux", "Ben Morel"}


def test_an_advisor_scope(book, files):
    _set(book, advisor="Cléa Petit")
    figures = refresh_file(book, *files).analysis.figures
    assert (figures["leads_total"], figures["premium_total"]) == (1, 500)
    assert figures["objective_total"] == 800


def test_a_misspelt_scope_is_refused_at_its_cell(book, files):
    _set(book, region="Nordd")
    before = book.read_bytes()
    with pytest.raises(InputError) as error:
        refresh_file(book, *files)
    assert "feuille 'Paramètres'" in str(error.value)
    assert "aucune affaire dans ce périmètre" in str(error.value)
    assert book.read_bytes() == before


def test_the_command_says_the_scope(book, files):
    _set(book, region="Sud")
    result = CliRunner().invoke(cli, ["refresh", str(book), "--data", str(files[0])])
    assert result.exit_code == 0, result.output
    assert "1 affaires" in result.output and "Périmètre : Sud." in result.output
