"""The fast formula worksheet writes the cells XlsxWriter's own worksheet writes."""

from __future__ import annotations

import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.templates.formula_prep import FastFormulaWorksheet

PIECES = st.sampled_from([
    "SUMIFS(", "IF(", "FILTER(", "XFILTER(", "_xlfn.XLOOKUP(", "XLOOKUP(", "SINGLE(",
    "XSINGLE(", "SORT(", "SORTBY(", "LAMBDA(", "A1", "$B$2:$B$9", ",", ")", "+", '"',
    '"FILTER("', "=", "{", "}", " ", "a.MAP(", "ANCHORARRAY(", "1", "Feuil1!", "é",
])
FORMULAS = st.lists(PIECES, min_size=1, max_size=12).map("".join)


def _cells(worksheet_class, formulas, future):  # type: ignore[no-untyped-def]
    book = xlsxwriter.Workbook(None, {"in_memory": True, "use_future_functions": future})
    if worksheet_class is not None:
        book.worksheet_class = worksheet_class
    sheet = book.add_worksheet()
    codes = [sheet.write_formula(row, 0, formula) for row, formula in enumerate(formulas)]
    return codes, {row: dict(cols) for row, cols in sheet.table.items()}


@settings(max_examples=400, deadline=None)
@given(st.lists(FORMULAS, min_size=1, max_size=5), st.booleans())
def test_the_cells_are_xlsxwriters(formulas, future):
    assert _cells(FastFormulaWorksheet, formulas, future) == _cells(None, formulas, future)


def test_a_dynamic_array_is_still_one():
    codes, cells = _cells(FastFormulaWorksheet, ['FILTER(A1:A9,B1:B9="x")'], False)
    assert codes == [0]
    assert type(cells[0][0]).__name__ == "ArrayFormula"  # XlsxWriter's dynamic-array cell
