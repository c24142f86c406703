"""ooxml.parts: references, and the parts of a package found through relationships."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from xlsxwriter.utility import quote_sheetname

from xlsales.errors import WorkbookFormatError
from xlsales.ooxml.parts import CellRef, parse_area, quote_sheet, read_package


@pytest.mark.parametrize(
    ("text", "expected"),
    [("'Mes notes'!$A$1:$B$2", ("Mes notes", 0, 0, 1, 1)),
     ("Synthèse!B5", ("Synthèse", 4, 1, 4, 1)),
     ("'O''Neil'!C3", ("O'Neil", 2, 2, 2, 2))],
)
def test_references_are_parsed(text, expected):
    area = parse_area(text)
    assert (area.sheet, area.first.row, area.first.col, area.last.row,
            area.last.col) == expected


def _package(parts: dict[str, str]) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return zipfile.ZipFile(buffer)


RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _rels(*rels: tuple[str, str, str]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{RELS}{t}" Target="{target}"/>'
                   for i, t, target in rels)
    return ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships">{body}</Relationships>')


# Part names as no writer would choose them: only the relationships lead to them.
ODD = {
    "_rels/.rels": _rels(("rId1", "officeDocument", "/book/main.xml")),
    "book/main.xml": (f'<workbook xmlns="{M}" xmlns:r="{RELS[:-1]}"><sheets>'
                      '<sheet name="Données" sheetId="7" r:id="rA"/>'
                      '<sheet name="Notes" sheetId="2" r:id="rB"/></sheets><definedNames>'
                      '<definedName name="Cible">Notes!$B$2</definedName>'
                      '<definedName name="Local" localSheetId="0">Notes!$A$1</definedName>'
                      '</definedNames></workbook>'),
    "book/_rels/main.xml.rels": _rels(("rA", "worksheet", "feuilles/d.xml"),
                                      ("rB", "worksheet", "/book/feuilles/n.xml"),
                                      ("rC", "sharedStrings", "textes.xml")),
    "book/feuilles/d.xml": f'<worksheet xmlns="{M}"><sheetData/></worksheet>',
    "book/feuilles/n.xml": f'<worksheet xmlns="{M}"><sheetData/></worksheet>',
    "book/feuilles/_rels/d.xml.rels": _rels(("r1", "table", "../t/liste.xml")),
    "book/t/liste.xml": (f'<table xmlns="{M}" name="T" displayName="Tbl_Data" ref="A1:B3">'
                         '<tableColumns><tableColumn name="a"/><tableColumn name="b"/>'
                         '</tableColumns></table>'),
    "book/textes.xml": f'<sst xmlns="{M}" count="0" uniqueCount="0"/>',
}


def test_parts_are_found_through_relationships_whatever_their_names():
    package = read_package(_package(ODD))
    assert package.workbook_path == "book/main.xml"
    assert [(s.name, s.path, s.sheet_id) for s in package.sheets] == [
        ("Données", "book/feuilles/d.xml", 7), ("Notes", "book/feuilles/n.xml", 2)]
    sheet, table = package.table("tbl_data")  # case-insensitive, as Excel
    assert (sheet.name, table.path, table.columns) == ("Données", "book/t/liste.xml",
                                                       ["a", "b"])
    assert table.area.last == CellRef(2, 1)
    assert package.names == {"Cible": "Notes!$B$2"}  # sheet-local names left out
    assert package.shared_strings == "book/textes.xml"


def test_a_package_without_a_workbook_relationship_is_refused():
    with pytest.raises(WorkbookFormatError, match="workbook.xml introuvable"):
        read_package(_package({**ODD, "_rels/.rels": _rels()}))


def test_a_related_part_missing_from_the_zip_is_refused_by_name():
    parts = {k: v for k, v in ODD.items() if k != "book/textes.xml"}
    with pytest.raises(WorkbookFormatError, match="book/textes.xml introuvable"):
        read_package(_package(parts))


_NAME_PARTS = st.sampled_from(["R", "C", "A", "X", "F", "D", "Z", "r", "c", "0", "1", "2",
                               "9", "16384", "16385", "1048576", "1048577", " ", "'", ".",
                               "_", "-", "é", "!", "(", "Ü", "ß"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(_NAME_PARTS, min_size=1, max_size=5).map("".join))
@example("XFD1048576")
@example("XFE1")
@example("RC16384")
@example("C16385x")
@example("R1048577")
def test_sheet_names_are_quoted_as_xlsxwriter_quotes_them(name):
    """The reader's quoting, written here to keep the package layer free of XlsxWriter,
    follows XlsxWriter's rules for every name but those holding an emoji."""
    assert quote_sheet(name) == quote_sheetname(name)


def test_a_name_with_an_emoji_is_quoted():
    assert quote_sheet("Ventes📈") == "'Ventes📈'"  # XlsxWriter leaves it bare: both read
