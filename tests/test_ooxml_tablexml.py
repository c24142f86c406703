"""ooxml.tablexml: a table's range, its filter cleared and its sort moved."""

from __future__ import annotations

from xlsales.ooxml.tablexml import (
    calculated_columns,
    clear_filter,
    drop_totals_row,
    set_table_ref,
)

# Tbl_Conseillers filtered on région = Bretagne and sorted by premium, as Excel saves it.
TABLE = (b'<table xmlns="m" id="1" name="Tbl_Conseillers" displayName="Tbl_Conseillers" '
         b'ref="A4:N44" totalsRowShown="0"><autoFilter ref="A4:N44"><filterColumn colId="1">'
         b'<filters><filter val="Bretagne"/></filters></filterColumn>'
         b'<filterColumn colId="7"><customFilters><customFilter operator="greaterThan" '
         b'val="1000"/></customFilters></filterColumn></autoFilter>'
         b'<sortState ref="A5:N44"><sortCondition descending="1" ref="H5:H44"/>'
         b'<sortCondition ref="$A$5:$A$44"/></sortState>'
         b'<tableColumns count="14"/></table>')


def test_the_range_and_the_autofilter_follow_the_rows():
    new = set_table_ref(TABLE, "A4:N7")
    assert new.count(b'ref="A4:N7"') == 2 and b'ref="A5:N44"' in new


def test_the_filter_is_cleared_and_the_sort_covers_the_new_rows():
    new = clear_filter(TABLE, 5, 7)
    assert new == (b'<table xmlns="m" id="1" name="Tbl_Conseillers" '
                   b'displayName="Tbl_Conseillers" ref="A4:N44" totalsRowShown="0">'
                   b'<autoFilter ref="A4:N44"></autoFilter><sortState ref="A5:N7">'
                   b'<sortCondition descending="1" ref="H5:H7"/>'
                   b'<sortCondition ref="$A5:$A7"/></sortState>'
                   b'<tableColumns count="14"/></table>')


def test_a_table_without_filter_or_sort_keeps_its_bytes():
    plain = b'<table ref="A1:C9"><autoFilter ref="A1:C9"/><tableColumns/></table>'
    assert clear_filter(plain, 2, 20) is plain


def test_a_loaded_data_table_has_no_totals_row():
    assert drop_totals_row(b'<table ref="A1:K9" totalsRowCount="1"/>') == (
        b'<table ref="A1:K9"/>')


def test_calculated_columns_are_found_by_their_position():
    table = (b'<x:table><x:tableColumns count="3"><x:tableColumn id="1" name="a"/>'
             b'<x:tableColumn id="2" name="b"><x:calculatedColumnFormula>T[[#This Row],[a]]'
             b'&amp;"&lt;"</x:calculatedColumnFormula></x:tableColumn>'
             b'<x:tableColumn id="3" name="c" totalsRowFunction="sum"/></x:tableColumns>'
             b"</x:table>")
    assert calculated_columns(table) == {1: 'T[[#This Row],[a]]&amp;"&lt;"'}  # still XML
