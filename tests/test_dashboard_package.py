"""The package layer: raw zip copy, worksheet and chart patching."""

from __future__ import annotations

import io
import zipfile

import pytest

from xlsales.excel_errors import ExcelError
from xlsales.ooxml.chartxml import patch_chart
from xlsales.ooxml.parts import parse_area
from xlsales.ooxml.sheetxml import Rect, cell_xml, patch_sheet, split_sheet
from xlsales.ooxml.zipcopy import ZipRewriter, raw_member


@pytest.fixture
def source_zip():
    """An archive as other tools write it: deflated and stored members, a data
    descriptor (streamed member), a non-ASCII name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.xml", b"<a>" + b"x" * 5000 + b"</a>", zipfile.ZIP_DEFLATED)
        archive.writestr("media/image1.png", bytes(range(256)) * 8, zipfile.ZIP_STORED)
        with archive.open("streamed.xml", "w") as stream:  # written with a data descriptor
            stream.write(b"<s>" + b"y" * 3000 + b"</s>")
        archive.writestr("données/é.xml", "<é/>".encode(), zipfile.ZIP_DEFLATED)
    return buffer


def _rewrite(source: io.BytesIO, replace: dict[str, bytes]) -> io.BytesIO:
    out = io.BytesIO()
    writer = ZipRewriter(out)
    with zipfile.ZipFile(source) as archive:
        for info in archive.infolist():
            if info.filename in replace:
                writer.write(info.filename, replace[info.filename], like=info)
            else:
                writer.copy(info, raw_member(source, info))
    writer.close()
    return out


def test_untouched_members_are_copied_as_their_compressed_bytes(source_zip):
    out = _rewrite(source_zip, {"a.xml": b"<a>new</a>"})
    with zipfile.ZipFile(source_zip) as before, zipfile.ZipFile(out) as after:
        assert after.testzip() is None
        assert after.namelist() == before.namelist()
        for name in ("media/image1.png", "streamed.xml", "données/é.xml"):
            assert raw_member(out, after.getinfo(name)) == raw_member(
                source_zip, before.getinfo(name))
            assert after.read(name) == before.read(name)
            assert after.getinfo(name).CRC == before.getinfo(name).CRC
        assert after.read("a.xml") == b"<a>new</a>"
        assert after.getinfo("a.xml").date_time == before.getinfo("a.xml").date_time


def test_rewriting_is_deterministic(source_zip):
    assert _rewrite(source_zip, {"a.xml": b"<a/>"}).getvalue() == _rewrite(
        source_zip, {"a.xml": b"<a/>"}).getvalue()


def test_a_streamed_member_is_compressed_as_it_comes():
    out = io.BytesIO()
    writer = ZipRewriter(out)
    writer.write_stream("big.xml", (b"<r>%d</r>" % i for i in range(20000)))
    writer.close()
    data = zipfile.ZipFile(out).read("big.xml")
    assert data.startswith(b"<r>0</r><r>1</r>") and data.endswith(b"<r>19999</r>")


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


CHART = ('<c:chartSpace xmlns:c="c"><c:ser><c:tx><c:strRef><c:f>Régions!$C$4</c:f>'
         '</c:strRef></c:tx><c:cat><c:numRef><c:f>Régions!$A$5:$A$5</c:f><c:numCache>'
         '<c:formatCode>General</c:formatCode><c:ptCount val="1"/></c:numCache></c:numRef>'
         '</c:cat><c:val><c:numRef><c:f>\'Régions\'!$C$5:$C$5</c:f><c:numCache>'
         '<c:formatCode>0%</c:formatCode><c:ptCount val="1"/></c:numCache></c:numRef></c:val>'
         '<c:val><c:numRef><c:f>Notes!$C$5:$C$5</c:f></c:numRef></c:val></c:ser>'
         '</c:chartSpace>').encode()


def test_chart_ranges_over_a_block_follow_it_with_their_caches():
    moves = {("Régions", 0, 4, 4): (6, ["Nord", "Sud", None]),
             ("Régions", 2, 4, 4): (6, [0.25, 0.5, ExcelError.DIV0])}
    text = patch_chart(CHART, moves).decode()
    assert "<c:strRef><c:f>Régions!$A$5:$A$7</c:f><c:strCache><c:ptCount val=\"3\"/>" in text
    assert '<c:pt idx="1"><c:v>Sud</c:v></c:pt>' in text
    assert ("<c:numRef><c:f>Régions!$C$5:$C$7</c:f><c:numCache><c:formatCode>0%"
            "</c:formatCode><c:ptCount val=\"3\"/><c:pt idx=\"0\"><c:v>0.25</c:v>") in text
    assert "<c:f>Notes!$C$5:$C$5</c:f>" in text  # another sheet's range is left alone
    assert "<c:f>Régions!$C$4</c:f>" in text


def test_a_chart_over_nothing_owned_is_not_rewritten():
    assert patch_chart(CHART, {("Autre", 0, 4, 4): (9, [1.0])}) is None


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
