"""A refresh keeps the user's edits that Excel writes: shared formulas and the
calculation chain, filtered and sorted blocks, pivot caches over the data, names,
conditional formats and sparklines over table columns (issue 10).

Each case is crafted as Excel saves it (``tests/excel_shapes.py``) on a refreshed
dashboard, refreshed again with more rows (grow) and with fewer (shrink); the parts the
refresh does not own stay byte for byte, and LibreOffice recalculates the user's
formulas to the new figures.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.dashboard_books import lead, owned_parts, raw_members, write_leads
from tests.excel_shapes import (
    CT,
    X14,
    XM,
    add_part,
    add_relationship,
    edit_parts,
    insert_before,
    put_cells,
    sheet_path,
    strip,
    table_path,
)
from tests.xlsx_checks import assert_calc_chain_fresh, calc_chain_entries
from xlsales.dashboard import new_dashboard, refresh_file, write_demo_files
from xlsales.dashboard.workbook_file import WorkbookFile
from xlsales.ooxml.parts import CellRef, read_package

#: Bounded subprocesses and large grow-and-shrink workbooks: out of `make test-fast`.
pytestmark = pytest.mark.slow


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


def _refresh(book: Path, extract, also: set[str] = frozenset()) -> dict[str, bytes]:
    """Refresh; every part neither owned nor in ``also`` keeps its stored bytes."""
    before = raw_members(book)
    refresh_file(book, *extract)
    after = raw_members(book)
    allowed = owned_parts(book) | set(also)
    assert {n for n in before if n not in allowed} <= set(after)
    assert [n for n in after if n not in allowed and after[n] != before.get(n)] == []
    assert_calc_chain_fresh(book)
    with zipfile.ZipFile(book) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _values(path: Path, sheet: str) -> dict[str, object]:
    with warnings.catch_warnings():  # openpyxl does not read x14 extensions: it says so
        warnings.simplefilter("ignore", UserWarning)
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


def _sheet_id(book: Path, name: str) -> int:
    """The calculation chain's number of a sheet (its position, as XlsxWriter numbers)."""
    with zipfile.ZipFile(book) as archive:
        return [s.name for s in read_package(archive).sheets].index(name) + 1


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
    leads_sheet = _sheet_id(book, "Leads")
    entries += [(leads_sheet, f"L{r}") for r in range(2, leads_last + 1)]
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
    chain = _chain([(_sheet_id(book, "Leads"), f"L{r}") for r in range(2, leads_last + 1)])
    add_part(book, "xl/calcChain.xml", chain, CT + "calcChain+xml", "xl/workbook.xml",
             "calcChain")
    parts = _refresh(book, extract, {"xl/calcChain.xml", "xl/_rels/workbook.xml.rels",
                                     "[Content_Types].xml"})
    assert "xl/calcChain.xml" not in parts
    assert b"calcChain" not in parts["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in parts["[Content_Types].xml"]


def test_a_refresh_that_removes_no_formula_keeps_the_chain_byte_for_byte(case):
    book, extract = case
    put_cells(book, "Synthèse", {"D5": '<c r="D5"><f>Prime_Totale*2</f><v>0</v></c>'})
    add_part(book, "xl/calcChain.xml", _chain([(1, "D5")]), CT + "calcChain+xml",
             "xl/workbook.xml", "calcChain")
    before = raw_members(book)["xl/calcChain.xml"]
    _refresh(book, extract)  # no formula in owned cells: the chain is not touched
    assert raw_members(book)["xl/calcChain.xml"] == before


# 2. A filtered and sorted block --------------------------------------------------------

def _hide_rows(rows: set[int]):
    def edit(xml: bytes) -> bytes:
        return re.sub(rb'<row r="(\d+)"', lambda m: m.group(0) + (
            b' hidden="1"' if int(m.group(1)) in rows else b""), xml)
    return edit


def _filter_and_sort(last: int):
    """Région = Bretagne, sorted by premium, as Excel writes it in the table part."""
    return insert_before("<tableColumns", strip(f'''
        <autoFilter ref="A4:N{last}"><filterColumn colId="1"><filters><filter val="Bretagne"/>
        </filters></filterColumn></autoFilter><sortState ref="A5:N{last}">
        <sortCondition descending="1" ref="H5:H{last}"/></sortState>'''))


def _hidden_rows(xml: bytes) -> set[int]:
    return {int(r) for r in re.findall(rb'<row r="(\d+)"[^>]*\bhidden="1"', xml)}


def test_a_filtered_sorted_block_shows_every_new_row_and_its_total(case, recalc):
    book, extract = case
    last = _area(book, "Tbl_Conseillers").last.row + 1  # 1-based last data row
    part, table = sheet_path(book, "Conseillers"), table_path(book, "Tbl_Conseillers")
    # Every advisor but the first filtered out, and two rows of the user's far below.
    edit_parts(book, {part: _hide_rows(set(range(6, last + 1))), table: _filter_and_sort(last)})
    put_cells(book, "Conseillers", {"P70": '<c r="P70" t="inlineStr"><is><t>vu</t></is></c>'})
    parts = _refresh(book, extract)
    new_last = _area(book, "Tbl_Conseillers").last.row + 1
    assert _hidden_rows(parts[part]) == set()
    table_xml = parts[table].decode()
    assert "filterColumn" not in table_xml  # the filter is cleared (docs/dashboard.md)
    assert re.findall(r'<sort\w+[^>]*\bref="([^"]*)"', table_xml) == [
        f"A5:N{new_last}", f"H5:H{new_last}"]
    shown = openpyxl.load_workbook(recalc(book))["Conseillers"]
    assert not any(shown.row_dimensions[r].hidden for r in range(5, new_last + 2))
    assert shown[f"A{new_last + 1}"].value == "Total"


# 4. Pivot caches over the data -----------------------------------------------------------

LEADS_COLUMNS = ["id_lead", "date_creation", "date_signature", "conseiller", "region",
                 "produit", "canal", "cible", "statut", "prime", "nb_contrats"]


def _cache(source: str) -> bytes:
    """A pivot cache definition over the leads, as Excel writes it (records left out:
    Excel rebuilds them on open, which ``refreshOnLoad`` asks for)."""
    numbers = 'containsSemiMixedTypes="0" containsString="0" containsNumber="1" '
    fields = "".join(f'<cacheField name="{name}" numFmtId="0"><sharedItems '
                     f'{numbers if name == "prime" else ""}containsBlank="1"/></cacheField>'
                     for name in LEADS_COLUMNS)
    return strip(f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        refreshedBy="Ana" refreshedDate="45658.5" createdVersion="6" refreshedVersion="6"
        minRefreshableVersion="3" recordCount="0"><cacheSource type="worksheet">{source}
        </cacheSource><cacheFields count="11">{fields}</cacheFields>
        </pivotCacheDefinition>''').encode()


def _pivot_table() -> bytes:
    """The sum of the premiums, at F2:F3 of Paramètres, over cache 1."""
    fields = "".join('<pivotField dataField="1" showAll="0"/>' if name == "prime"
                     else '<pivotField showAll="0"/>' for name in LEADS_COLUMNS)
    return strip(f'''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <pivotTableDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        name="TCD_Primes" cacheId="1" dataCaption="Valeurs" updatedVersion="6"
        minRefreshableVersion="3" createdVersion="6" outline="1" outlineData="1">
        <location ref="F2:F3" firstHeaderRow="1" firstDataRow="1" firstDataCol="0"/>
        <pivotFields count="11">{fields}</pivotFields><rowItems count="1"><i/></rowItems>
        <colItems count="1"><i/></colItems><dataFields count="1"><dataField
        name="Somme de prime" fld="9" baseField="0" baseItem="0"/></dataFields>
        </pivotTableDefinition>''').encode()


def _craft_pivots(book: Path) -> None:
    rows = _area(book, "Leads").last.row + 1
    caches = [f'<worksheetSource ref="A1:K{rows}" sheet="Leads"/>',
              '<worksheetSource name="Leads"/>',
              '<worksheetSource ref="A1:B20" sheet="Paramètres"/>']
    for number, source in enumerate(caches, start=1):
        add_part(book, f"xl/pivotCache/pivotCacheDefinition{number}.xml", _cache(source),
                 CT + "pivotCacheDefinition+xml", "xl/workbook.xml", "pivotCacheDefinition",
                 f"rId90{number}")
    add_part(book, "xl/pivotTables/pivotTable1.xml", _pivot_table(), CT + "pivotTable+xml",
             sheet_path(book, "Paramètres"), "pivotTable")
    add_relationship(book, "xl/pivotTables/pivotTable1.xml",
                     "xl/pivotCache/pivotCacheDefinition1.xml", "pivotCacheDefinition", "rId1")
    edit_parts(book, {"xl/workbook.xml": insert_before("</workbook>", (
        '<pivotCaches><pivotCache cacheId="1" r:id="rId901"/><pivotCache cacheId="2" '
        'r:id="rId902"/><pivotCache cacheId="3" r:id="rId903"/></pivotCaches>'))})
    put_cells(book, "Paramètres", {"G3": '<c r="G3"><f>F3*2</f><v>0</v></c>'})


def test_pivot_caches_over_the_leads_follow_them_and_refresh_on_load(case, recalc):
    book, extract = case
    _craft_pivots(book)
    old_rows = _area(book, "Leads").last.row + 1
    old_sum = _column_sum(book, "Leads", "J", 2, old_rows)
    parts = _refresh(book, extract, {"xl/pivotCache/pivotCacheDefinition1.xml",
                                     "xl/pivotCache/pivotCacheDefinition2.xml"})
    new_rows = _area(book, "Leads").last.row + 1
    by_range, by_name = (parts[f"xl/pivotCache/pivotCacheDefinition{n}.xml"] for n in (1, 2))
    assert re.findall(rb'<worksheetSource ref="([^"]*)"', by_range) == [
        f"A1:K{new_rows}".encode()]
    assert b'refreshOnLoad="1"' in by_range and b'refreshOnLoad="1"' in by_name
    assert b'<worksheetSource name="Leads"/>' in by_name
    # The cache over the settings was left alone (byte for byte, checked in _refresh).
    assert b"refreshOnLoad" not in parts["xl/pivotCache/pivotCacheDefinition3.xml"]
    # LibreOffice rebuilds the pivot table from its source: the new rows, all of them.
    new_sum = _column_sum(book, "Leads", "J", 2, new_rows)
    settings = _values(recalc(book), "Paramètres")
    assert settings["F2"] == "Somme de prime"
    assert settings["F3"] == pytest.approx(new_sum) and new_sum != pytest.approx(old_sum)
    assert settings["G3"] == pytest.approx(2 * new_sum)


# 5. References over whole table columns --------------------------------------------------

def _names(leads: int, advisors: int) -> str:
    return (f'<definedName name="Primes_Leads">Leads!$J$2:$J${leads}</definedName>'
            f'<definedName name="Primes_Conseillers">Conseillers!$H$5:$H${advisors}'
            '</definedName><definedName name="Prime_Premier">Conseillers!$H$5</definedName>'
            '<definedName name="_xlnm._FilterDatabase" localSheetId="10" hidden="1">'
            f'Leads!$A$1:$K${leads}</definedName>'
            '<definedName name="_xlnm.Print_Area" localSheetId="1">'
            f'Conseillers!$A$1:$P${advisors + 1}</definedName>')


def _data_bar(last: int) -> tuple[str, str]:
    """A data bar over the premiums, in its two parts (the 2007 rule and its x14
    extension), as Excel 2010 and later write it."""
    rule_id = "{8A2C3E3B-2B0C-4C1B-9E55-3A1D5F0C7E11}"
    main = strip(f'''<conditionalFormatting sqref="H5:H{last}"><cfRule type="dataBar"
        priority="4"><dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/>
        </dataBar><extLst><ext uri="{{B025F937-C7B1-47D3-B67F-A62EFF666E3E}}"
        xmlns:x14="{X14}"><x14:id>{rule_id}</x14:id></ext></extLst></cfRule>
        </conditionalFormatting>''')
    ext = strip(f'''<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}"
        xmlns:x14="{X14}"><x14:conditionalFormattings><x14:conditionalFormatting
        xmlns:xm="{XM}"><x14:cfRule type="dataBar" id="{rule_id}"><x14:dataBar
        minLength="0" maxLength="100" gradient="0"><x14:cfvo type="autoMin"/>
        <x14:cfvo type="autoMax"/><x14:negativeFillColor rgb="FFFF0000"/>
        <x14:axisColor rgb="FF000000"/></x14:dataBar></x14:cfRule>
        <xm:sqref>H5:H{last}</xm:sqref></x14:conditionalFormatting>
        </x14:conditionalFormattings></ext></extLst>''')
    return main, ext


def _sparkline(last: int) -> str:
    return strip(f'''<extLst><ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}"
        xmlns:x14="{X14}"><x14:sparklineGroups xmlns:xm="{XM}"><x14:sparklineGroup
        displayEmptyCellsAs="gap"><x14:colorSeries rgb="FF376092"/>
        <x14:colorNegative rgb="FFD00000"/><x14:colorAxis rgb="FF000000"/>
        <x14:colorMarkers rgb="FFD00000"/><x14:colorFirst rgb="FFD00000"/>
        <x14:colorLast rgb="FFD00000"/><x14:colorHigh rgb="FFD00000"/>
        <x14:colorLow rgb="FFD00000"/><x14:sparklines><x14:sparkline>
        <xm:f>Conseillers!H5:H{last}</xm:f><xm:sqref>D8</xm:sqref></x14:sparkline>
        </x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext></extLst>''')


def test_names_formats_and_sparklines_over_whole_columns_follow_the_tables(case, recalc):
    book, extract = case
    leads, advisors = (_area(book, t).last.row + 1 for t in ("Leads", "Tbl_Conseillers"))
    main, ext = _data_bar(advisors)
    edit_parts(book, {
        "xl/workbook.xml": insert_before("</definedNames>", _names(leads, advisors)),
        sheet_path(book, "Conseillers"): lambda xml: insert_before("<pageMargins", main)(
            insert_before("</worksheet>", ext)(xml)),
        sheet_path(book, "Synthèse"): insert_before("</worksheet>", _sparkline(advisors))})
    put_cells(book, "Synthèse", {
        "D5": '<c r="D5"><f>SUM(Primes_Leads)</f><v>0</v></c>',
        "D6": '<c r="D6"><f>SUM(Primes_Conseillers)</f><v>0</v></c>',
        # What docs/dashboard.md shows instead of a fixed cell (=Produits!E15).
        "D7": '<c r="D7"><f>SUM(Tbl_Produits[prime])</f><v>0</v></c>',
        "D9": '<c r="D9"><f>INDEX(Tbl_Produits[prime],1)</f><v>0</v></c>'})
    parts = _refresh(book, extract, {sheet_path(book, "Synthèse")})
    leads2, advisors2 = (_area(book, t).last.row + 1 for t in ("Leads", "Tbl_Conseillers"))
    names = dict(re.findall(r'<definedName name="([^"]*)"[^>]*>([^<]*)<',
                            parts["xl/workbook.xml"].decode()))
    assert names["Primes_Leads"] == f"Leads!$J$2:$J${leads2}"
    assert names["Primes_Conseillers"] == f"Conseillers!$H$5:$H${advisors2}"
    assert names["Prime_Premier"] == "Conseillers!$H$5"  # one fixed cell: not a column
    assert names["_xlnm._FilterDatabase"] == f"Leads!$A$1:$K${leads2}"
    assert names["_xlnm.Print_Area"] == f"Conseillers!$A$1:$P${advisors2 + 1}"  # + total
    sheet = parts[sheet_path(book, "Conseillers")].decode()
    assert f'<conditionalFormatting sqref="H5:H{advisors2}">' in sheet
    assert f"<xm:sqref>H5:H{advisors2}</xm:sqref>" in sheet
    assert '<conditionalFormatting sqref="M5:M2004">' in sheet  # the template's own: wider
    overview = parts[sheet_path(book, "Synthèse")].decode()
    assert f"<xm:f>Conseillers!H5:H{advisors2}</xm:f><xm:sqref>D8</xm:sqref>" in overview
    values = _values(recalc(book), "Synthèse")
    assert values["D5"] == pytest.approx(_column_sum(book, "Leads", "J", 2, leads2))
    assert values["D6"] == pytest.approx(_column_sum(book, "Conseillers", "H", 5, advisors2))
    assert values["D7"] == pytest.approx(values["B8"])  # the products' premiums: Prime_Totale
    assert values["D9"] == pytest.approx(_values(book, "Produits")["E5"])


# 1 bis. A calculated column in the Leads table ------------------------------------------

CALCULATED = "Leads[[#This Row],[prime]]*2"


def _craft_calculated_column(book: Path) -> None:
    """A column ``double`` added to the Leads table, calculated as Excel writes it: the
    formula in the table part and in each cell (structured reference)."""
    last = _area(book, "Leads").last.row + 1

    def table(xml: bytes) -> bytes:
        text = xml.decode()
        text = text.replace(f'ref="A1:K{last}"', f'ref="A1:L{last}"')
        text = text.replace('<tableColumns count="11">', '<tableColumns count="12">')
        return text.replace("</tableColumns>", (
            '<tableColumn id="12" name="double"><calculatedColumnFormula>'
            f"{CALCULATED}</calculatedColumnFormula></tableColumn></tableColumns>")).encode()

    edit_parts(book, {table_path(book, "Leads"): table})
    cells = {"L1": '<c r="L1" t="inlineStr"><is><t>double</t></is></c>'}
    cells.update({f"L{r}": f'<c r="L{r}"><f>{CALCULATED}</f><v>0</v></c>'
                  for r in range(2, last + 1)})
    put_cells(book, "Leads", cells)
    chain = _chain([(_sheet_id(book, "Leads"), f"L{r}") for r in range(2, last + 1)])
    add_part(book, "xl/calcChain.xml", chain, CT + "calcChain+xml", "xl/workbook.xml",
             "calcChain")


def test_a_calculated_column_of_the_leads_stays_calculated_over_the_new_rows(case, recalc):
    book, extract = case
    _craft_calculated_column(book)
    parts = _refresh(book, extract, {"xl/calcChain.xml", "xl/_rels/workbook.xml.rels",
                                     "[Content_Types].xml"})
    last = _area(book, "Leads").last.row + 1
    assert _area(book, "Leads").last.col == 11  # the table keeps its twelfth column
    sheet = parts[sheet_path(book, "Leads")].decode()
    formulas = re.findall(r'<c r="L(\d+)"[^>]*><f>([^<]*)</f>', sheet)
    assert formulas == [(str(r), CALCULATED) for r in range(2, last + 1)]
    assert "xl/calcChain.xml" not in parts  # its every entry was a replaced cell
    values = _values(recalc(book), "Leads")
    assert [values.get(f"L{r}", 0) for r in range(2, last + 1)] == pytest.approx(
        [2 * values.get(f"J{r}", 0) for r in range(2, last + 1)])


def test_a_chart_over_a_whole_column_of_the_leads_follows_it(case):
    book, extract = case
    rows = _area(book, "Leads").last.row + 1
    with zipfile.ZipFile(book) as archive:
        chart = read_package(archive).sheet("Conseillers").charts[0]

    def plot_premiums(xml: bytes) -> bytes:  # the first series' values: the leads' premiums
        return re.sub(rb"(<c:val><c:numRef><c:f>)[^<]*(</c:f>)",
                      rb"\g<1>Leads!$J$2:$J$" + str(rows).encode() + rb"\g<2>", xml, count=1)

    edit_parts(book, {chart: plot_premiums})
    parts = _refresh(book, extract)
    new_rows = _area(book, "Leads").last.row + 1
    formulas = re.findall(rb"<c:f>([^<]*)</c:f>", parts[chart])
    assert f"Leads!$J$2:$J${new_rows}".encode() in formulas
