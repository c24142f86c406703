"""ooxml.sheetxml: owned cells rewritten in a worksheet part, every other byte kept."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.excel_errors import ExcelError
from xlsales.ooxml.parts import CellRef
from xlsales.ooxml.sheetxml import (
    Rect,
    cell_xml,
    escape,
    escape_each,
    patch_sheet,
    read_cells,
    rows_end,
    sheet_tail,
    split_sheet,
    with_dimension,
)

SHEET = (b'<?xml version="1.0"?><worksheet xmlns="m"><dimension ref="A1:P9"/><sheetData>'
         b'<row r="4"><c r="A4" t="s"><v>0</v></c><c r="B4" t="s"><v>1</v></c></row>'
         b'<row r="5" spans="1:16"><c r="A5" s="7"/><c r="B5" s="8"/>'
         b'<c r="P5" s="2" t="s"><v>9</v></c></row>'
         b'<row r="9"><c r="B9"><f>SUM(B5:B8)</f><v>0</v></c></row>'
         b'</sheetData><conditionalFormatting sqref="B5:B2000"/></worksheet>')


def test_owned_cells_are_rewritten_and_the_others_kept():
    rows = {4: {0: cell_xml(4, 0, "Ana", "7"), 1: cell_xml(4, 1, 0.5, "8")},
            5: {0: cell_xml(5, 0, "Ben", "7"), 1: cell_xml(5, 1, ExcelError.DIV0, "8")}}
    patched, formula_lost = patch_sheet(SHEET, [Rect(4, None, 0, 1)], rows)
    text = patched.decode()
    assert '<c r="P5" s="2" t="s"><v>9</v></c>' in text  # the user's cell, byte for byte
    assert '<c r="B6" s="8" t="e"><v>#DIV/0!</v></c>' in text
    assert "SUM(B5:B8)" not in text and formula_lost  # an owned cell held a formula
    assert '<dimension ref="A4:P6"/>' in text
    assert '<conditionalFormatting sqref="B5:B2000"/>' in text


@pytest.mark.parametrize("chunk", [1, 13, 100, 1 << 20])
def test_a_data_sheet_is_split_without_parsing_its_rows(chunk):
    chunks = [SHEET[i:i + chunk] for i in range(0, len(SHEET), chunk)]
    split = split_sheet(chunks, 4)
    assert split.kept_rows == (b'<row r="4"><c r="A4" t="s"><v>0</v></c>'
                               b'<c r="B4" t="s"><v>1</v></c></row>')
    assert split.first_skipped.startswith(b'<row r="5"')
    assert split.tail == b'</sheetData><conditionalFormatting sqref="B5:B2000"/></worksheet>'


# Rows 5 to 7 hidden by a filter; a shared formula filled from B9 (owned) to D9.
FILTERED = (b'<worksheet xmlns="m"><dimension ref="A4:D9"/><sheetData>'
            b'<row r="4"><c r="A4"><v>1</v></c></row>'
            b'<row r="5" hidden="1"><c r="A5"><v>2</v></c></row>'
            b'<row r="6" hidden="1" ht="20" customHeight="1"><c r="A6"><v>3</v></c></row>'
            b'<row r="8" hidden="1"><c r="D8"><v>7</v></c></row>'
            b'<row r="9"><c r="B9"><f t="shared" ref="B9:D9" si="3">SUM(B$5:B8)</f><v>0</v>'
            b'</c><c r="C9"><f t="shared" si="3"/><v>0</v></c>'
            b'<c r="D9"><f t="shared" si="3"/><v>7</v></c></row>'
            b'</sheetData></worksheet>')


def test_rows_to_show_lose_their_hidden_flag_and_keep_their_height():
    cells = {4: {0: cell_xml(4, 0, 5, None)}}
    patched, _ = patch_sheet(FILTERED, [Rect(4, 6, 0, 1)], cells, lambda row: 4 <= row <= 6)
    text = patched.decode()
    assert '<row r="5"><c r="A5"><v>5</v></c></row>' in text
    assert '<row r="6" ht="20" customHeight="1">' in text  # empty, but its height is kept
    assert '<row r="8" hidden="1">' in text  # not a row of the block: the user's


def test_a_shared_formula_loses_its_master_to_the_first_cell_kept():
    patched, lost = patch_sheet(FILTERED, [Rect(4, None, 0, 1)], {})
    text = patched.decode()
    assert lost and 'r="B9"' not in text
    # C9 becomes the master, its formula filled one column right as Excel fills it.
    assert '<c r="C9"><f t="shared" ref="C9:D9" si="3">SUM(C$5:C8)</f><v>0</v></c>' in text
    assert '<c r="D9"><f t="shared" si="3"/><v>7</v></c>' in text


def test_a_shared_formula_whose_master_stays_is_left_alone():
    patched, _ = patch_sheet(FILTERED, [Rect(4, None, 0, 0)], {})
    assert b'<c r="B9"><f t="shared" ref="B9:D9" si="3">SUM(B$5:B8)</f>' in patched
    assert b'<c r="C9"><f t="shared" si="3"/>' in patched


def test_cells_are_read_with_their_attributes():
    found = read_cells(FILTERED, [CellRef(4, 0), CellRef(8, 1), CellRef(40, 0)])
    assert found == {CellRef(4, 0): {"r": "A5"}, CellRef(8, 1): {"r": "B9"}}


def test_a_date_must_be_converted_by_the_caller():
    with pytest.raises(TypeError, match="serial"):
        cell_xml(0, 0, dt.date(2025, 1, 2), None)


@pytest.mark.parametrize(("head", "expected"), [
    (b'<worksheet><dimension ref="A1:K20"/>', b'<worksheet><dimension ref="A1:M200"/>'),
    (b'<x:worksheet><x:dimension ref="B3"/>', b'<x:worksheet><x:dimension ref="A1:M200"/>'),
    (b"<worksheet>", b"<worksheet>"),
])
def test_the_dimension_reaches_the_last_row_written(head, expected):
    assert with_dimension(head, 199, 12) == expected


@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
def test_what_follows_the_rows_is_read_from_a_stream_holding_little_of_the_rows(chunk):
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (r, r) for r in range(1, 500))
    sheet = (b'<worksheet><dimension ref="A1:A499"/><sheetData>' + rows + b"</sheetData>"
             b'<conditionalFormatting sqref="A1:A499"/></worksheet>')
    chunks = [sheet[i:i + chunk] for i in range(0, len(sheet), chunk)]
    tail = b'<conditionalFormatting sqref="A1:A499"/></worksheet>'
    assert sheet_tail(chunks, window=256) == tail
    assert sheet[rows_end(sheet):] == tail


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("a<>&\n\r\t\x00\x01 é\ud7ff\ufffe")),
                        max_size=5), max_size=12))
def test_escape_each_is_escape_of_each(texts):
    assert escape_each(texts) == [escape(text) for text in texts]
