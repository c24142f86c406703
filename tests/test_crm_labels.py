"""The CRM's own words: the Correspondances table of Paramètres, read by the refresh."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from xlsales.cli import cli
from xlsales.dashboard import new_dashboard, refresh_file
from xlsales.dashboard.crm_labels import read_label_map, suggest
from xlsales.dashboard.layout import MAPPING_TABLE
from xlsales.dashboard.workbook_file import WorkbookFile
from xlsales.errors import InputError, WorkbookFormatError

from .dashboard_books import lead, set_cells, write_leads

STATUS = 8  # the statut column of dashboard_books.lead


def _crm_lead(id_lead: str, status: str, **kwargs) -> list:
    row = lead(id_lead, **kwargs)  # a client with its premium, then the CRM's word
    row[STATUS] = status
    return row


@pytest.fixture
def book(tmp_path):
    return new_dashboard(tmp_path / "tableau.xlsx", "fr")


def _free_row() -> int:
    """The first row of the table after its four default rows (Excel's numbering)."""
    from xlsales.dashboard.generate import HEADER_ROW
    from xlsales.dashboard.layout import SETTINGS

    header = HEADER_ROW + len(SETTINGS) + 2 + 2  # section title, help, then the header
    return header + 1 + 4 + 1


FREE_ROW = _free_row()


def test_the_free_row_is_right_under_the_defaults(book):
    with WorkbookFile(book) as workbook:
        _, table = workbook.table(MAPPING_TABLE)
    assert table.area.first.row + 1 + 4 + 1 == FREE_ROW


def test_a_new_dashboard_maps_the_usual_won_and_lost_words(book):
    with WorkbookFile(book) as workbook:
        labels, problems = read_label_map(workbook.read_table, "fr")
    assert problems == []
    assert labels.entries["status"] == {"gagne": "client", "signe": "client",
                                        "abandonne": "perdu", "sans suite": "perdu"}


def test_an_extract_in_the_crms_words_refreshes(book, tmp_path):
    # 1,053 "Gagné" rows were refused before the table existed (issue 15).
    rows = [_crm_lead(f"L{i}", "Gagné") for i in range(1053)]
    rows.append(lead("X1", status="Sans suite"))
    outcome = refresh_file(book, write_leads(tmp_path / "crm.csv", rows))
    figures = outcome.analysis.figures
    assert figures["leads_total"] == 1054 and figures["clients_total"] == 1053
    assert figures["premium_total"] == 1053 * 1000.0


def test_an_unknown_label_is_one_line_with_its_count_and_a_suggestion(book, tmp_path):
    rows = [_crm_lead(f"L{i}", "Gagnée") for i in range(120)] + [lead("Z1")]
    rows += [_crm_lead("Y1", "Tiède")]
    result = CliRunner().invoke(cli, ["refresh", str(book), "--data",
                                      str(write_leads(tmp_path / "crm.csv", rows))])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 2, result.output
    assert "« Gagnée » sur 120 ligne(s) (première : ligne 2)" in lines[0]
    assert lines[0].endswith("(peut-être « client » ?)")
    assert "ajoutez-le à la table Correspondances de la feuille Paramètres" in lines[0]
    assert "« Tiède » sur 1 ligne(s) (première : ligne 123)" in lines[1]
    assert "peut-être" not in lines[1]


def test_a_target_written_by_the_manager_is_applied(book, tmp_path):
    set_cells(book, "Paramètres", {f"A{FREE_ROW}": "Entreprise", f"B{FREE_ROW}": "cible",
                                   f"C{FREE_ROW}": "professionnel"})
    rows = [lead("L1", target="Entreprise"), lead("L2", target="particulier")]
    outcome = refresh_file(book, write_leads(tmp_path / "crm.csv", rows))
    assert outcome.analysis.figures["leads_total"] == 2


def test_a_mapping_row_with_an_unknown_field_names_its_cell(book, tmp_path):
    set_cells(book, "Paramètres", {f"A{FREE_ROW}": "Pro", f"B{FREE_ROW}": "segment",
                                   f"C{FREE_ROW}": "professionnel"})
    with pytest.raises(InputError) as error:
        refresh_file(book, write_leads(tmp_path / "crm.csv", [lead("L1")]))
    assert str(error.value) == (
        f"tableau.xlsx, feuille 'Paramètres', ligne {FREE_ROW}, colonne 'B (Champ)': "
        "champ inconnu (attendu : statut, cible, canal) (valeur 'segment')")


def test_a_mapping_to_an_unknown_status_is_refused(book, tmp_path):
    set_cells(book, "Paramètres", {f"A{FREE_ROW}": "Chaud", f"B{FREE_ROW}": "statut",
                                   f"C{FREE_ROW}": "brûlant"})
    with pytest.raises(InputError, match="valeur inconnue pour ce champ"):
        refresh_file(book, write_leads(tmp_path / "crm.csv", [lead("L1")]))


def test_a_dashboard_made_before_the_table_maps_nothing():
    def no_table(name):
        raise WorkbookFormatError(f"{name} introuvable")

    labels, problems = read_label_map(no_table, "fr")
    assert not labels and problems == []


@pytest.mark.parametrize(("key", "label", "expected"), [
    ("status", "GAGNÉ", "client"), ("status", "Closed Won", "client"),
    ("status", "Devis", "engagé"), ("status", "perdus", "perdu"),
    ("target", "Entreprise", "professionnel"), ("status", "Tiède", None),
])
def test_suggestions(key, label, expected):
    assert suggest(key, label) == expected


def test_the_table_is_named_for_the_refresh(book):
    with WorkbookFile(book) as workbook:
        assert workbook.table_header(MAPPING_TABLE) == [
            "Libellé du CRM", "Champ", "Valeur du tableau de bord"]
