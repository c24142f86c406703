"""ooxml.follow: references over whole table columns follow the table."""

from __future__ import annotations

import pytest

from xlsales.ooxml.follow import TableMove, follow_formula, follow_sheet_refs

# Tbl_Conseillers: header on row 4, columns A:N, data rows 5 to 44 becoming 5 to 7, a
# total row below (45, becoming 8).
MOVE = TableMove("Conseillers", 0, 13, 3, 43, 6, total=True)


@pytest.mark.parametrize(("formula", "expected"), [
    ("Conseillers!$H$5:$H$44", "Conseillers!$H$5:$H$7"),  # a data column
    ("Conseillers!H4:H44", "Conseillers!H4:H7"),  # with its header
    ("Conseillers!$A$5:$N$45", "Conseillers!$A$5:$N$8"),  # with the total row
    ("Conseillers!$H$5", "Conseillers!$H$5"),  # one fixed cell cannot follow
    ("Conseillers!$H$5:$H$20", "Conseillers!$H$5:$H$20"),  # part of a column
    ("Conseillers!$H$6:$H$44", "Conseillers!$H$6:$H$44"),  # not from the first row
    ("Conseillers!$A$1:$P$45", "Conseillers!$A$1:$P$45"),  # wider than the table
    ("Autre!$H$5:$H$44", "Autre!$H$5:$H$44"),  # another sheet
    ("'Conseillers'!$H$5:$H$44", "'Conseillers'!$H$5:$H$7"),  # quoted
    ('SUM(Conseillers!H5:H44)&"Conseillers!H5:H44"',
     'SUM(Conseillers!H5:H7)&"Conseillers!H5:H44"'),  # text is not a reference
])
def test_a_reference_follows_only_over_whole_columns(formula, expected):
    assert follow_formula(formula, [MOVE]) == expected


@pytest.mark.parametrize(("area", "expected"), [
    ("Conseillers!$A$1:$P$45", "Conseillers!$A$1:$P$8"),  # a print area with the total
    ("Conseillers!$A$4:$N$44", "Conseillers!$A$4:$N$7"),  # a filter range
    ("Conseillers!$A$1:$P$30", "Conseillers!$A$1:$P$30"),  # ends elsewhere
    ("Conseillers!$P$1:$Q$44", "Conseillers!$P$1:$Q$44"),  # beside the table
])
def test_a_wide_area_follows_when_it_ends_with_the_table(area, expected):
    assert follow_formula(area, [MOVE], wide=True) == expected


def test_unqualified_ranges_of_a_sheet_follow_on_that_sheet_only():
    part = ('<conditionalFormatting sqref="H5:H44 P5:P44"><cfRule/></conditionalFormatting>'
            "<ext><x14:conditionalFormatting><xm:sqref>H5:H44</xm:sqref>"
            "</x14:conditionalFormatting><x14:sparkline><xm:f>Conseillers!H5:H44</xm:f>"
            "<xm:sqref>Q5</xm:sqref></x14:sparkline></ext>")
    assert follow_sheet_refs(part, [MOVE], "Conseillers") == (
        '<conditionalFormatting sqref="H5:H7 P5:P44"><cfRule/></conditionalFormatting>'
        "<ext><x14:conditionalFormatting><xm:sqref>H5:H7</xm:sqref>"
        "</x14:conditionalFormatting><x14:sparkline><xm:f>Conseillers!H5:H7</xm:f>"
        "<xm:sqref>Q5</xm:sqref></x14:sparkline></ext>")
    assert follow_sheet_refs(part, [MOVE], "Synthèse").count("H5:H44") == 2
