"""The formula map a return is checked against (issue 11): equal after a re-save that
rewrites formulas without changing them, different where one was changed."""

from __future__ import annotations

import pytest

from xlsales.ooxml.parts import CellRef
from xlsales.team.formulas import _sheet_formulas, differences, normalise, pack, unpack


@pytest.mark.parametrize(("written", "rewritten"), [
    # LibreOffice's logical constants, spacing and case
    ('IF(A1>0,TRUE,"oui")', 'if( A1 > 0 , TRUE() , "oui")'),
    # function prefixes and quoted sheet names
    ("IFERROR(Synthèse!$B$2,0)", "_xlfn.IFERROR('Synthèse'!$B$2,0)"),
    # text constants keep their case and spaces
    ('A1&" Total "', 'A1 & " Total "'),
])
def test_rewritings_of_one_formula_compare_equal(written: str, rewritten: str) -> None:
    at = CellRef(4, 3)
    assert normalise(written, at) == normalise(rewritten, at)


def test_a_changed_formula_or_text_constant_differs() -> None:
    at = CellRef(4, 3)
    assert normalise("E7-D7", at) != normalise("E7-D7+100", at)
    assert normalise('A1&"oui"', at) != normalise('A1&"OUI"', at)


def test_excel_shared_formulas_read_as_their_master_copied_down() -> None:
    # What Excel writes for =D6*2 filled down E6:E8: the master, then references to it.
    shared = (b'<row r="6"><c r="E6"><f t="shared" ref="E6:E8" si="0">D6*2</f><v>2</v></c>'
              b'</row><row r="7"><c r="E7"><f t="shared" si="0"/><v>4</v></c></row>'
              b'<row r="8"><c r="E8"><f t="shared" si="0"/><v>6</v></c></row>')
    plain = (b'<row r="6"><c r="E6"><f>D6*2</f></c></row><row r="7"><c r="E7"><f>D7*2</f>'
             b'</c></row><row r="8"><c r="E8"><f>D8*2</f></c></row>')
    assert dict(_sheet_formulas(shared)) == dict(_sheet_formulas(plain))
    assert dict(_sheet_formulas(plain))["E7"] == "R[0]C[-1]*2"


def test_map_packs_and_names_the_changed_cell() -> None:
    sent = {"Suivi": {"F6": "R[0]C[-1]-R[0]C[-2]", "F7": "R[0]C[-1]-R[0]C[-2]",
                      "G6": "IF(R[0]C[-1]>0,1,0)"}}
    assert unpack(pack(sent)) == sent
    back = {"Suivi": {**sent["Suivi"], "F7": "R[0]C[-1]-R[0]C[-2]+100", "B3": "1+1"}}
    assert list(differences(sent, back)) == [("Suivi", "F7", "R[0]C[-1]-R[0]C[-2]+100")]


@pytest.mark.parametrize(("written", "rewritten"), [
    # LibreOffice writes a small constant in full, and 1.0 as 1
    ("IF(H6>=1-1E-14*MAX(ABS(H6),1),1.0,0.5)",
     "IF(H6>=1-0.00000000000001*MAX(ABS(H6),1),1,.5)"),
])
def test_number_constants_compare_by_value(written: str, rewritten: str) -> None:
    at = CellRef(5, 13)
    assert normalise(written, at) == normalise(rewritten, at)
    # the digits of references, names and functions are not numbers
    assert normalise("LOG10($A$1)+Seuil_2+H6", at) == "LOG10(R1C1)+SEUIL_2+R[0]C[-6]"
