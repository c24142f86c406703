"""The headless refresh: idempotent, stops on bad input writing nothing, refuses a
workbook open in Excel, never leaves a half-written file, and writes only what it owns."""

from __future__ import annotations

import re
import zipfile

import pytest
from click.testing import CliRunner

from tests.dashboard_books import (
    LEADS_HEADER,
    cell_elements,
    lead,
    members,
    set_cells,
    sheet_part,
    write_leads,
)
from xlsales.cli import cli
from xlsales.dashboard import new_dashboard, refresh_file, write_demo_files
from xlsales.dashboard.workbook_file import WorkbookFile
from xlsales.errors import InputError, WorkbookLockedError, XlsalesError
from xlsales.ooxml.parts import read_package
from xlsales.ooxml.zipcopy import ZipRewriter

#: Whole dashboards built and refreshed from synthetic extracts: out of `make test-fast`.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("extract")
    leads, objectives, advisors = (folder / n for n in ("leads.csv", "obj.csv", "team.csv"))
    write_demo_files(leads, 1500, objectives_path=objectives, advisors_path=advisors)
    return leads, objectives, advisors


@pytest.fixture
def book(tmp_path):
    return new_dashboard(tmp_path / "tableau.xlsx")


@pytest.fixture
def refreshed(book, demo_inputs):
    refresh_file(book, *demo_inputs)
    return book


@pytest.fixture
def small_extract(tmp_path):
    """Three advisors, four leads."""
    rows = [lead("L1", "Ana Roux"), lead("L2", "Ben Morel", premium="500,00 €"),
            lead("L3", "Chloé Petit", status="perdu"), lead("L4", "Ana Roux", status="qualifié")]
    return write_leads(tmp_path / "petit.csv", rows)


def _name_cell(book, name):
    with WorkbookFile(book) as workbook:
        area = workbook.package.name_area(name)
    return area.sheet, f"{chr(65 + area.first.col)}{area.first.row + 1}"


def test_refreshing_twice_gives_the_same_bytes(refreshed, demo_inputs):
    first = refreshed.read_bytes()
    refresh_file(refreshed, *demo_inputs)
    assert refreshed.read_bytes() == first
    refresh_file(refreshed)  # now from the data already in the workbook
    assert refreshed.read_bytes() == first


def _missing_status(rows):
    header = [h for h in LEADS_HEADER if h != "statut"]
    return header, [r[:8] + r[9:] for r in rows]


# Each case: the bad second lead (line 3 of the file), the column and message expected.
VALIDATION_CASES = {
    "missing column": (None, "ligne 1", "colonne obligatoire absente : statut"),
    "unreadable number": (lead("L2", premium="12x"), "colonne 'prime'", "nombre illisible"),
    "unreadable date": (lead("L2", created="32/01/2025"), "colonne 'date_creation'",
                        "date illisible"),
    "negative premium": (lead("L2", premium="-100,00 €"), "colonne 'prime'",
                         "montant négatif"),
    "unknown status": (lead("L2", status="peut-être"), "colonne 'statut'", "statut inconnu"),
    "duplicate id": (lead("L1", "Ben Morel"), "colonne 'id_lead'",
                     "identifiant d'affaire en double (déjà ligne 2)"),
    "signature before creation": (lead("L2", created="10/02/2025", signed="01/02/2025"),
                                  "colonne 'date_signature'",
                                  "date de signature antérieure à la création (10/02/2025)"),
}


@pytest.mark.parametrize("case", list(VALIDATION_CASES))
def test_bad_input_is_refused_with_row_and_column_and_nothing_written(case, refreshed,
                                                                      tmp_path):
    bad, column, message = VALIDATION_CASES[case]
    rows = [lead("L1"), bad or lead("L2")]
    header = None
    if bad is None:
        header, rows = _missing_status(rows)
    extract = write_leads(tmp_path / "mauvais.csv", rows, header)
    before = refreshed.read_bytes()
    result = CliRunner().invoke(cli, ["refresh", str(refreshed), "--data", str(extract)])
    assert result.exit_code == 2, result.output
    assert "mauvais.csv" in result.output and column in result.output
    assert message in result.output
    if bad is not None:
        assert "ligne 3" in result.output
    assert "Traceback" not in result.output
    assert refreshed.read_bytes() == before


def test_a_problem_in_the_data_sheet_names_its_sheet_row_and_column(refreshed):
    set_cells(refreshed, "Leads", {"J3": "abc"})  # the premium of the second lead
    before = refreshed.read_bytes()
    with pytest.raises(InputError) as raised:
        refresh_file(refreshed)
    text = str(raised.value)
    assert "tableau.xlsx, feuille 'Leads', ligne 3, colonne 'J (prime)'" in text
    assert "nombre illisible (valeur 'abc')" in text
    assert refreshed.read_bytes() == before


def test_set_aside_rows_are_listed_in_controles(book, tmp_path):
    set_cells(book, *_policy(book, "écarter"))
    extract = write_leads(tmp_path / "mixte.csv", [lead("L1"), lead("L2", premium="12x")])
    outcome = refresh_file(book, extract)
    assert outcome.analysis.figures["leads_total"] == 1.0
    assert outcome.analysis.figures["set_aside"] == 1.0
    checks = outcome.analysis.blocks["checks"].rows
    assert checks.loc[0, "row"] == 3.0 and checks.loc[0, "column"] == "prime"
    assert checks.loc[0, "action"] == "ligne écartée"
    assert "nombre illisible" in checks.loc[0, "problem"]


def _policy(book, value):
    sheet, ref = _name_cell(book, "Lignes_Invalides")
    return sheet, {ref: value}


@pytest.mark.parametrize("lock", ["~$tableau.xlsx", ".~lock.tableau.xlsx#"])
def test_a_workbook_open_in_excel_or_libreoffice_is_refused(refreshed, lock):
    (refreshed.parent / lock).write_bytes(b"")
    before = refreshed.read_bytes()
    result = CliRunner().invoke(cli, ["refresh", str(refreshed)])
    assert result.exit_code == 1
    assert lock in result.output and "Traceback" not in result.output
    assert refreshed.read_bytes() == before
    with pytest.raises(WorkbookLockedError):
        refresh_file(refreshed)


def test_an_interrupted_save_leaves_the_original_intact(refreshed, demo_inputs, monkeypatch):
    def fail(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ZipRewriter, "close", fail)
    before = refreshed.read_bytes()
    with pytest.raises(XlsalesError, match="enregistrement impossible \\(disque plein\\)"):
        refresh_file(refreshed, *demo_inputs)
    assert refreshed.read_bytes() == before
    assert sorted(p.name for p in refreshed.parent.iterdir()) == ["tableau.xlsx"]


def _chart_formulas(book, sheet):
    with zipfile.ZipFile(book) as archive:
        package = read_package(archive)
        xml = b"".join(archive.read(c) for c in package.sheet(sheet).charts).decode()
    return re.findall(r"<c:f>([^<]*)</c:f>", xml), re.findall(r'<c:ptCount val="(\d+)"/>', xml)


def _table_ref(book, table):
    with WorkbookFile(book) as workbook:
        return workbook.package.table(table)[1].area


def test_a_block_and_its_charts_follow_the_number_of_advisors(refreshed, small_extract):
    area = _table_ref(refreshed, "Tbl_Conseillers")
    assert (area.first.row, area.last.row) == (3, 43)  # header on row 4, 40 advisors
    formulas, counts = _chart_formulas(refreshed, "Conseillers")
    assert "Conseillers!$H$5:$H$44" in formulas and "40" in counts
    refresh_file(refreshed, small_extract)
    area = _table_ref(refreshed, "Tbl_Conseillers")
    assert (area.first.row, area.last.row) == (3, 6)  # three advisors
    formulas, counts = _chart_formulas(refreshed, "Conseillers")
    assert "Conseillers!$H$5:$H$7" in formulas and "Conseillers!$A$5:$A$7" in formulas
    assert set(counts) <= {"1", "3"}  # series names (1 point) and three advisors
    total = cell_elements(refreshed, "Conseillers", ["A8", "A9", "H9", "N45"])
    assert total["A8"].get("t") == "inlineStr"  # the total row moved up under the table
    assert total["A9"] == {} and total["H9"] == {} and total["N45"] == {}


def test_cells_beside_a_block_are_kept_byte_for_byte(book, demo_inputs):
    set_cells(book, "Conseillers", {"P6": "à revoir avec Ana", "P60": 42})
    part = sheet_part(book, "Conseillers")

    def user_cells():
        xml = members(book)[part].decode()
        return re.findall(r'<c r="P(?:6|60)"[^>]*>.*?</c>', xml)

    before = user_cells()
    refresh_file(book, *demo_inputs)
    assert len(before) == 2 and user_cells() == before


def test_an_english_dashboard_speaks_english(tmp_path, small_extract):
    book = new_dashboard(tmp_path / "dashboard.xlsx", "en")
    outcome = refresh_file(book, small_extract)
    with zipfile.ZipFile(book) as archive:
        names = [s.name for s in read_package(archive).sheets]
    assert names[:3] == ["Overview", "Advisors", "Products"]
    assert outcome.analysis.blocks["advisors"].total["group"] == "Total"
    assert set(outcome.analysis.blocks["advisors"].rows["segment"]) <= {
        "high performer", "efficient", "busy, to convert", "to support"}


def test_an_extract_without_any_client_refreshes_with_div0_where_nothing_divides(book,
                                                                                  tmp_path):
    extract = write_leads(tmp_path / "perdus.csv", [lead("L1", status="perdu"),
                                                     lead("L2", "Ben Morel", status="qualifié")])
    outcome = refresh_file(book, extract)
    figures = outcome.plan.figures
    assert figures["Prime_Totale"] == 0.0 and figures["Clients_Total"] == 0.0
    assert figures["Part_Top20_Conseillers"].value == "#DIV/0!"  # a share of nothing


def test_no_lead_left_in_the_period_is_one_message_and_nothing_written(book, tmp_path):
    sheet, ref = _name_cell(book, "Periode_Debut")
    set_cells(book, sheet, {ref: 46023.0})  # 2026-01-01, after every lead
    before = book.read_bytes()
    extract = write_leads(tmp_path / "vieux.csv", [lead("L1")])
    with pytest.raises(InputError, match="aucune ligne retenue"):
        refresh_file(book, extract)
    assert book.read_bytes() == before
