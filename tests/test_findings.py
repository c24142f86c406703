"""Every report workbook ends with a "Constats et préconisations" sheet: prompts fitted
to the workbook, inputs to write in, one A4 page; a refresh never touches it."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xlsales.dashboard import new_dashboard, refresh_file
from xlsales.i18n import section
from xlsales.templates import TEMPLATES, generate

from .dashboard_books import lead, set_cells, write_leads

#: Hundreds of drawn examples, or a workbook per case run through the command line:
#: out of `make test-fast`.
pytestmark = pytest.mark.slow

KINDS = [*TEMPLATES, "dashboard"]


def _make(kind: str, folder: Path, lang: str = "fr") -> Path:
    out = folder / f"{kind}-{lang}.xlsx"
    if kind == "dashboard":
        return new_dashboard(out, lang)
    return generate(kind, out, None, lang)


def _sheet_xml(path: Path, name: str) -> str:
    book = openpyxl.load_workbook(path, read_only=True)
    index = book.sheetnames.index(name) + 1
    with zipfile.ZipFile(path) as package:
        return package.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_report_workbook_has_its_findings_sheet(tmp_path, kind, lang):
    path = _make(kind, tmp_path, lang)
    words = section("findings", lang)
    book = openpyxl.load_workbook(path)
    sheet = book[words["sheet"]]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    for prompt in words["prompts"][kind]:
        assert prompt in texts
    for heading in ("findings", "causes", "recommendations", "conclusion"):
        assert words[heading] in texts
    # The answers are inputs: unlocked on a protected sheet.
    assert sheet.protection.sheet
    assert sheet["B5"].protection.locked is False


@pytest.mark.parametrize("kind", KINDS)
def test_the_findings_print_portrait_on_a4(tmp_path, kind):
    xml = _sheet_xml(_make(kind, tmp_path), "Constats et préconisations")
    setup = re.search(r"<pageSetup[^>]*/>", xml).group(0)
    assert 'orientation="portrait"' in setup and 'paperSize="9"' in setup


@pytest.mark.parametrize("kind", KINDS)
def test_the_findings_print_on_one_page(tmp_path, kind):
    from xlsales.pdf_export import export_pdf

    book = _make(kind, tmp_path)
    pdf = tmp_path / "constats.pdf"
    export_pdf(book, pdf, ["Constats et préconisations"], "fr")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info


def test_a_refresh_keeps_what_the_manager_wrote(tmp_path):
    book = new_dashboard(tmp_path / "tableau.xlsx", "fr")
    set_cells(book, "Constats et préconisations", {"B5": "La prime vient du Nord."})
    refresh_file(book, write_leads(tmp_path / "l.csv", [lead("L1")]))
    sheet = openpyxl.load_workbook(book)["Constats et préconisations"]
    assert sheet["B5"].value == "La prime vient du Nord."
