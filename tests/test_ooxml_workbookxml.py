"""ooxml.workbookxml: recalculation on open, defined names following the tables."""

from __future__ import annotations

import pytest

from xlsales.ooxml.follow import TableMove
from xlsales.ooxml.workbookxml import follow_defined_names, full_calc_on_load


@pytest.mark.parametrize(("book", "expected"), [
    (b'<workbook><sheets/><calcPr calcId="191029"/></workbook>',
     b'<workbook><sheets/><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'),
    (b'<workbook><sheets/><calcPr calcId="1" fullCalcOnLoad="1"/></workbook>',
     b'<workbook><sheets/><calcPr calcId="1" fullCalcOnLoad="1"/></workbook>'),
    (b'<x:workbook><x:sheets/><x:definedNames/></x:workbook>',
     b'<x:workbook><x:sheets/><x:definedNames/><x:calcPr fullCalcOnLoad="1"/></x:workbook>'),
    (b"<workbook><sheets></sheets><definedNames></definedNames></workbook>",
     b'<workbook><sheets></sheets><definedNames></definedNames><calcPr fullCalcOnLoad="1"/>'
     b"</workbook>"),
])
def test_the_workbook_asks_for_a_recalculation_on_open(book, expected):
    assert full_calc_on_load(book) == expected


LEADS = TableMove("Leads", 0, 10, 0, 5000, 19999)
NAMES = ('<workbook><definedNames>'
         '<definedName name="Primes">Leads!$J$2:$J$5001</definedName>'
         '<definedName name="Texte">"Leads!$J$2:$J$5001"&amp;Leads!$J$2:$J$5001</definedName>'
         '<definedName name="Une">Leads!$J$2</definedName>'
         '<definedName name="_xlnm._FilterDatabase" localSheetId="10" hidden="1">'
         'Leads!$A$1:$K$5001</definedName>'
         '<definedName name="_xlnm.Print_Area" localSheetId="10">Leads!$A$1:$M$5001,'
         'Leads!$P$1:$P$10</definedName>'
         '<definedName name="Large">Leads!$A$1:$M$5001</definedName>'
         '</definedNames></workbook>')


def test_names_over_whole_columns_follow_and_the_others_keep_their_text():
    new = follow_defined_names(NAMES.encode(), [LEADS]).decode()
    assert '<definedName name="Primes">Leads!$J$2:$J$20000</definedName>' in new
    assert ('<definedName name="Texte">"Leads!$J$2:$J$5001"&amp;Leads!$J$2:$J$20000'
            "</definedName>") in new
    assert '<definedName name="Une">Leads!$J$2</definedName>' in new
    assert "hidden=\"1\">Leads!$A$1:$K$20000</definedName>" in new
    assert ">Leads!$A$1:$M$20000,Leads!$P$1:$P$10</definedName>" in new  # the print area
    # A user's name wider than the table is not a table column: it keeps its rows.
    assert '<definedName name="Large">Leads!$A$1:$M$5001</definedName>' in new


def test_a_workbook_without_a_name_over_the_tables_keeps_its_bytes():
    book = b'<workbook><definedNames><definedName name="A">Autre!$A$1:$A$9</definedName>' \
           b"</definedNames></workbook>"
    assert follow_defined_names(book, [LEADS]) is book
