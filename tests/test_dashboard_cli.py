"""The dashboard commands parse and call the library; errors are one message."""

from __future__ import annotations

import zipfile

import pandas as pd
from click.testing import CliRunner

from tests.dashboard_books import lead, write_leads
from xlsales.cli import cli
from xlsales.ooxml.parts import read_package


def test_new_dashboard_writes_the_sheets_and_tables(tmp_path):
    out = tmp_path / "tableau.xlsx"
    result = CliRunner().invoke(cli, ["new", "dashboard", str(out)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        package = read_package(archive)
    assert [s.name for s in package.sheets] == [
        "Synthèse", "Conseillers", "Produits", "Régions", "Mois", "Ancienneté", "Entonnoir",
        "Canaux", "N-1", "Contrôles", "Paramètres", "Leads", "Objectifs", "Équipe",
        "Constats et préconisations"]
    assert package.table("Tbl_Conseillers")[0].name == "Conseillers"
    assert len(package.charts) == 5
    assert {"Leads_Total", "Gini_Conseillers", "Seuil_Orange"} <= set(package.names)


def test_new_dashboard_does_not_overwrite_without_force(tmp_path):
    out = tmp_path / "tableau.xlsx"
    out.write_bytes(b"mes donnees")
    result = CliRunner().invoke(cli, ["new", "dashboard", str(out)])
    assert result.exit_code == 1 and "--force" in result.output
    assert out.read_bytes() == b"mes donnees"
    assert CliRunner().invoke(cli, ["new", "dashboard", str(out), "--force"]).exit_code == 0


def test_demo_data_writes_the_rows_asked(tmp_path):
    out = tmp_path / "extrait.csv"
    result = CliRunner().invoke(cli, ["demo-data", "--rows", "250", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, sep=";", encoding="utf-8-sig", dtype=str)
    assert len(frame) == 250 and frame.columns[0] == "id_lead"
    assert frame["prime"].dropna().str.endswith("€").all()


def test_refresh_prints_what_it_did(tmp_path):
    book = tmp_path / "tableau.xlsx"
    CliRunner().invoke(cli, ["new", "dashboard", str(book)])
    extract = write_leads(tmp_path / "leads.csv", [lead("L1"), lead("L2", status="perdu")])
    result = CliRunner().invoke(cli, ["refresh", str(book), "--data", str(extract)])
    assert result.exit_code == 0, result.output
    assert "2 affaires, 1 clients, prime 1\u202f000 €" in result.output


def test_refreshing_a_workbook_that_is_not_a_dashboard_is_one_message(tmp_path):
    # Not a workbook is bad input: exit 2, as the README says.
    other = tmp_path / "autre.xlsx"
    other.write_bytes(b"PK not really a zip")
    result = CliRunner().invoke(cli, ["refresh", str(other)])
    assert result.exit_code == 2 and "autre.xlsx" in result.output
    assert "Traceback" not in result.output
