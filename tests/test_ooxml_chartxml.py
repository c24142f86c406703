"""ooxml.chartxml: series ranges over a moved column follow it, with their caches."""

from __future__ import annotations

from xlsales.excel_errors import ExcelError
from xlsales.ooxml.chartxml import patch_chart

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


def test_a_range_over_a_data_column_follows_it_without_a_cache():
    chart = (b'<c:chartSpace xmlns:c="c"><c:val><c:numRef><c:f>Leads!$J$2:$J$5001</c:f>'
             b'<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="5000"/>'
             b"</c:numCache></c:numRef></c:val></c:chartSpace>")
    assert patch_chart(chart, {("Leads", 9, 1, 5000): (20000, None)}) == (
        b'<c:chartSpace xmlns:c="c"><c:val><c:numRef><c:f>Leads!$J$2:$J$20001</c:f>'
        b"</c:numRef></c:val></c:chartSpace>")
