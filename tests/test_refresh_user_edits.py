"""A refresh keeps the user's edits that Excel writes: shared formulas and the
calculation chain, filtered and sorted blocks, pivot caches over the data, names,
conditional formats and sparklines over table columns (issue 10).

Each case is crafted as Excel saves it (``tests/excel_shapes.py``) on a refreshed
dashboard, refreshed again with more rows (grow) and with fewer (shrink); the parts the
refresh does not own stay byte for byte, and LibreOffice recalculates the user's
formulas to the new figures.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.dashboard_books import lead, raw_members, write_leads
from tests.excel_shapes import (
    CT,
    add_part,
    put_cells,
    sheet_path,
)
from tests.xlsx_checks import assert_calc_chain_fresh, calc_chain_entries
from xlsales.dashboard import new_dashboard, refresh_file, write_demo_files
from xlsales.dashboard.layout import BLOCKS, DATA_TABLES, FIGURES
from xlsales.dashboard.workbook_file import WorkbookFile
from xlsales.ooxml.parts import CellRef


@pytest.fixture(scope="module")
def extracts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("extracts")
    big = (folder / "leads.csv", folder / "obj.csv", folder / "team.csv")
    write_demo_files(big[0], 1500, objectives_path=big[1], advisors_path=big[2])
    # Three advisors, four leads; the clients' premiums are 1 000 € and 500 €.
    small = write_leads(folder / "petit.csv", [
        lead("L1", "Ana Roux"), lead("L2", "Ben Morel", premium="500,00 €"),
        lead("L3", "Chloé Petit", status="perdu"), lead("L4", "Ana Roux", status="qualifié")])
    return {"big": big, "small": (small,)}


SEQUENCES = {"grow": ("small", "big"), "shrink": ("big", "small")}


@pytest.fixture(params=list(SEQUENCES))
def case(request, extracts, tmp_path):
    """A dashboard refreshed once, and the extract of its next refresh."""
    first, second = SEQUENCES[request.param]
    book = new_dashboard(tmp_path / "tableau.xlsx")
    refresh_file(book, *extracts[first])
    return book, extracts[second]


def _area(book: Path, table: str):
    with WorkbookFile(book) as workbook:
        return workbook.package.table(table)[1].area


def _owned_parts(path: Path) -> set[str]:
    """The parts a refresh may rewrite (as in test_dashboard_libreoffice)."""
    with WorkbookFile(path) as workbook:
        package = workbook.package
        owned = {package.workbook_path, package.shared_strings}
        for name in [b.table for b in BLOCKS] + [d.table for d in DATA_TABLES]:
            sheet, table = package.table(name)
            owned |= {sheet.path, table.path, *sheet.charts}
        for figure in FIGURES:
            owned.add(package.sheet(package.name_area(figure.name).sheet).path)
    return owned


def _refresh(book: Path, extract, also: set[str] = frozenset()) -> dict[str, bytes]:
    """Refresh; every part neither owned nor in ``also`` keeps its stored bytes."""
    before = raw_members(book)
    refresh_file(book, *extract)
    after = raw_members(book)
    allowed = _owned_parts(book) | set(also)
    assert {n for n in before if n not in allowed} <= set(after)
    assert [n for n in after if n not in allowed and after[n] != before.get(n)] == []
    assert_calc_chain_fresh(book)
    with zipfile.ZipFile(book) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _values(path: Path, sheet: str) -> dict[str, object]:
    book = openpyxl.load_workbook(path, data_only=True)
    return {c.coordinate: c.value for row in book[sheet].iter_rows() for c in row
            if c.value is not None}


def _column_sum(path: Path, sheet: str, letter: str, first: int, last: int) -> float:
    """The sum of the numbers of a column, as written by the refresh."""
    values = _values(path, sheet)
    return sum(v for r in range(first, last + 1)
               if isinstance(v := values.get(f"{letter}{r}"), (int, float)))


# 1 and 3. The calculation chain, and shared formulas whose master is owned ------------

def _shared(ref: str, area: str, formula: str) -> str:
    return f'<c r="{ref}"><f t="shared" ref="{area}" si="0">{formula}</f><v>0</v></c>'


def _child(ref: str, si: int = 0) -> str:
    return f'<c r="{ref}"><f t="shared" si="{si}"/><v>0</v></c>'


def _chain(entries: list[tuple[int, str]]) -> bytes:
    cells = "".join(f'<c r="{ref}" i="{sheet}"/>' for sheet, ref in entries)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain '
            f'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{cells}'
            "</calcChain>").encode()


def _craft_formulas(book: Path) -> list[tuple[int, str]]:
    """A formula column beside the Leads table (shared, as Excel fills it), a formula
    filled right from an owned cell below Tbl_Conseillers, the user's formulas on the
    overview sheet, and the calculation chain Excel keeps of them."""
    leads_last = _area(book, "Leads").last.row + 1
    column = {f"L{r}": _child(f"L{r}") for r in range(3, leads_last + 1)}
    column["L2"] = _shared("L2", f"L2:L{leads_last}", "J2*2")
    put_cells(book, "Leads", column)
    put_cells(book, "Conseillers", {
        "M2": '<c r="M2"><v>1</v></c>', "N2": '<c r="N2"><v>2</v></c>',
        "O2": '<c r="O2"><v>3</v></c>', "P2": '<c r="P2"><v>4</v></c>',
        "M60": _shared("M60", "M60:P60", "M2*10"), "N60": _child("N60"),
        "O60": _child("O60"), "P60": _child("P60")})
    put_cells(book, "Synthèse", {
        "D5": '<c r="D5"><f>SUM(Leads!J:J)</f><v>0</v></c>',
        "D6": '<c r="D6"><f>Prime_Totale*2</f><v>0</v></c>'})
    entries = [(1, "D5"), (1, "D6"), (2, "M60"), (2, "N60"), (2, "O60"), (2, "P60")]
    entries += [(11, f"L{r}") for r in range(2, leads_last + 1)]
    add_part(book, "xl/calcChain.xml", _chain(entries), CT + "calcChain+xml",
             "xl/workbook.xml", "calcChain")
    assert_calc_chain_fresh(book)  # the crafted package is consistent
    return entries


def test_the_calc_chain_loses_the_removed_formulas_and_shared_formulas_are_rehomed(
        case, recalc):
    book, extract = case
    _craft_formulas(book)
    parts = _refresh(book, extract, {"xl/calcChain.xml"})
    # The formula column beside Leads went with its rows; M60 and N60 were owned.
    assert calc_chain_entries(parts["xl/calcChain.xml"]) == [
        (1, CellRef(4, 3)), (1, CellRef(5, 3)), (2, CellRef(59, 14)), (2, CellRef(59, 15))]
    sheet = parts[sheet_path(book, "Conseillers")].decode()
    assert '<c r="O60"><f t="shared" ref="O60:P60" si="0">O2*10</f>' in sheet
    assert '<c r="P60"><f t="shared" si="0"/>' in sheet and 'r="M60"' not in sheet
    checked = recalc(book)
    overview, advisors = _values(checked, "Synthèse"), _values(checked, "Conseillers")
    assert (advisors["O60"], advisors["P60"]) == (30, 40)  # O2*10, P2*10
    leads_last = _area(book, "Leads").last.row + 1
    premiums = _column_sum(book, "Leads", "J", 2, leads_last)
    if extract[0].name == "petit.csv":
        assert premiums == 1500  # 1 000 € + 500 €, the two clients of the small extract
    assert overview["D5"] == pytest.approx(premiums)
    assert overview["D6"] == pytest.approx(2 * _values(checked, "Synthèse")["B8"])


def test_a_chain_left_empty_is_dropped_with_its_relationship_and_content_type(case):
    book, extract = case
    leads_last = _area(book, "Leads").last.row + 1
    column = {f"L{r}": _child(f"L{r}") for r in range(3, leads_last + 1)}
    column["L2"] = _shared("L2", f"L2:L{leads_last}", "J2*2")
    put_cells(book, "Leads", column)
    chain = _chain([(11, f"L{r}") for r in range(2, leads_last + 1)])
    add_part(book, "xl/calcChain.xml", chain, CT + "calcChain+xml", "xl/workbook.xml",
             "calcChain")
    parts = _refresh(book, extract, {"xl/calcChain.xml", "xl/_rels/workbook.xml.rels",
                                     "[Content_Types].xml"})
    assert "xl/calcChain.xml" not in parts
    assert b"calcChain" not in parts["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in parts["[Content_Types].xml"]


def test_a_refresh_that_removes_no_formula_keeps_the_chain_byte_for_byte(case):
    book, _ = case
    put_cells(book, "Synthèse", {"D5": '<c r="D5"><f>Prime_Totale*2</f><v>0</v></c>'})
    add_part(book, "xl/calcChain.xml", _chain([(1, "D5")]), CT + "calcChain+xml",
             "xl/workbook.xml", "calcChain")
    before = raw_members(book)["xl/calcChain.xml"]
    _refresh(book, ())  # no formula in owned cells: the chain is not touched
    assert raw_members(book)["xl/calcChain.xml"] == before
