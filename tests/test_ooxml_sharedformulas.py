"""ooxml.sharedformulas: a shared formula whose master goes is re-homed."""

from __future__ import annotations

from xlsales.ooxml.parts import CellRef
from xlsales.ooxml.sharedformulas import SharedCell, rehome_shared


def _cell(ref: str, row: int, col: int, removed: bool, formula: str | None = None,
          area: str = "", si: int = 0) -> SharedCell:
    if formula is None:
        xml = f'<c r="{ref}"><f t="shared" si="{si}"/><v>1</v></c>'
    else:
        xml = f'<c r="{ref}"><f t="shared" ref="{area}" si="{si}">{formula}</f><v>1</v></c>'
    return SharedCell(row, col, xml, removed)


def test_a_block_filled_down_and_right_keeps_its_cells_below_the_removed_rows():
    # B2:C4 filled from B2 with $A$1*B1&"x<y"; rows 2 and 3 are removed.
    cells = [_cell("B2", 1, 1, True, '$A$1*B1&amp;"x&lt;y"', "B2:C4"),
             _cell("C2", 1, 2, True), _cell("B3", 2, 1, True), _cell("C3", 2, 2, True),
             _cell("B4", 3, 1, False), _cell("C4", 3, 2, False)]
    assert rehome_shared(iter(cells)) == {CellRef(3, 1): (
        '<c r="B4"><f t="shared" ref="B4:C4" si="0">$A$1*B3&amp;"x&lt;y"</f><v>1</v></c>')}


def test_nothing_to_rehome_when_the_master_stays_or_no_cell_is_kept():
    kept_master = [_cell("A1", 0, 0, False, "B1", "A1:A2"), _cell("A2", 1, 0, True)]
    all_gone = [_cell("A1", 0, 0, True, "B1", "A1:A2"), _cell("A2", 1, 0, True)]
    assert rehome_shared(iter(kept_master)) == {}
    assert rehome_shared(iter(all_gone)) == {}


def test_groups_are_told_apart_by_their_index():
    cells = [_cell("A1", 0, 0, True, "B1", "A1:A2", si=0), _cell("A2", 1, 0, False, si=0),
             _cell("C1", 0, 2, True, "D1", "C1:C2", si=1), _cell("C2", 1, 2, True, si=1)]
    assert list(rehome_shared(iter(cells))) == [CellRef(1, 0)]
