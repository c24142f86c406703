"""``xlsales pdf``: each example printed through LibreOffice is readable (no page of a
report sheet has a median text height under 6.5 pt, measured by ``pdftotext -bbox``),
every page carries the header and a footer with its sheet and page number, every
report sheet prints, and the demo dashboard's data sheets do not."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from xlsales.cli import cli
from xlsales.dashboard import write_demo
from xlsales.demo import write_examples
from xlsales.pdf_export import sheet_choice

from .pdf_pages import pages

EXAMPLES = ["campagne-parrainage-langon.xlsx", "methodes-prospection-langon.xlsx",
            "objectifs-agence.xlsx", "pac-langon.xlsx", "pipeline-langon.xlsx",
            "tableau-de-bord-demo.xlsx"]
#: The issue's readability floor: 6.5 pt of median text height on every page.
MIN_HEIGHT = 6.5
FOOTER = re.compile(r"^(?P<sheet>.+) Page (?P<page>\d+) / (?P<pages>\d+)$")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """{example: (workbook, its PDF)}, printed by the command as a user would."""
    tmp = tmp_path_factory.mktemp("pdf")
    write_examples(tmp)
    write_demo(tmp)
    out = {}
    for name in EXAMPLES:
        pdf = tmp / name.replace(".xlsx", ".pdf")
        result = CliRunner().invoke(cli, ["pdf", str(tmp / name), "--out", str(pdf)])
        assert result.exit_code == 0, result.output
        out[name] = (tmp / name, pdf)
    return out


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_page_is_readable(printed, name):
    _, pdf = printed[name]
    small = {p.number: round(p.median_height(), 1) for p in pages(pdf)
             if p.body() and p.median_height() < MIN_HEIGHT}
    assert small == {}, f"pages whose median text height is under {MIN_HEIGHT} pt"


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_report_sheet_prints_with_a_numbered_footer(printed, name):
    book, pdf = printed[name]
    printed_pages = pages(pdf)
    sheets = []
    for page in printed_pages:
        footer = FOOTER.match(page.band(top=False))
        assert footer, f"page {page.number} has no 'sheet Page x / y' footer"
        assert (int(footer["page"]), int(footer["pages"])) == (page.number, len(printed_pages))
        sheets.append(footer["sheet"])
    assert sorted(set(sheets)) == sorted(sheet_choice(book).reports)


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_header_names_the_workbook_and_the_agency(printed, name):
    _, pdf = printed[name]
    header = pages(pdf)[0].band(top=True)
    # Seed 003's worked case is Abeille Assurances' Langon agency (the examples' specs).
    expected = "Tableau de bord commercial" if name.startswith("tableau") else "Langon"
    assert expected in header
    assert re.search(r"\d\d/\d\d/\d{4}", header), "the date, French style"


def test_the_demo_dashboard_leaves_its_data_sheets_out(printed):
    book, pdf = printed["tableau-de-bord-demo.xlsx"]
    choice = sheet_choice(book)
    # The Leads, Objectives and Team tables (the CRM extract: 6,000 rows).
    assert len(choice.data) == 3
    assert len(pages(pdf)) < 20  # was 411 pages with its data sheet


def test_sheets_chooses_what_prints(printed, tmp_path):
    book, _ = printed["pac-langon.xlsx"]
    pdf = tmp_path / "dashboard.pdf"
    result = CliRunner().invoke(cli, ["pdf", str(book), "--out", str(pdf),
                                      "--sheets", "Tableau de bord", "--sheets", "Budget"])
    assert result.exit_code == 0, result.output
    footers = {FOOTER.match(p.band(top=False))["sheet"] for p in pages(pdf)}  # type: ignore[index]
    assert footers == {"Tableau de bord", "Budget"}


def test_an_unknown_sheet_is_named_with_the_workbooks_sheets(printed):
    book, _ = printed["campagne-parrainage-langon.xlsx"]
    result = CliRunner().invoke(cli, ["pdf", str(book), "--sheets", "Synthèse"])
    assert result.exit_code == 1
    assert "feuille inconnue Synthèse" in result.output and "Rentabilité" in result.output


def test_without_libreoffice_the_message_says_how_to_install_it(printed, monkeypatch, tmp_path):
    # A machine without LibreOffice: soffice is on no PATH entry.
    book = tmp_path / "campagne.xlsx"
    shutil.copyfile(printed["campagne-parrainage-langon.xlsx"][0], book)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert shutil.which("soffice") is None
    result = CliRunner().invoke(cli, ["pdf", str(book), "--lang", "en"])
    assert result.exit_code == 1
    assert "LibreOffice is not installed" in result.output
    assert "apt-get install libreoffice-calc-nogui" in result.output
    assert not book.with_suffix(".pdf").exists()
