"""XlsxWriter's worksheet with a faster formula preparation, same output.

XlsxWriter runs some thirty regular-expression substitutions on every formula to add
the ``_xlfn.`` prefix of Excel's dynamic-array functions, whether or not the formula
names one; on a template of a few thousand formulas that is most of the generation
time (``xlsales distribute`` writes hundreds). Its ``_write_formula`` first searches
every formula for those names too, to write a dynamic array instead. One cheap test
for any of the names (:func:`_may_be_dynamic`) lets the formulas without them through
both, as XlsxWriter would leave them; the others, array formulas, and every formula
when future functions are on, go through XlsxWriter's own code (a property test
compares the cells written both ways).
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.worksheet import CellFormulaTuple, Worksheet

__all__ = ["FastFormulaWorksheet"]

#: Every function name XlsxWriter looks for: to treat a formula as a dynamic array
#: (``_write_formula``) and to prefix it (``_prepare_formula``, without future
#: functions). INGLE: its pattern for SINGLE there is written "\\SINGLE\\(".
_DYNAMIC_NAMES = (
    "ANCHORARRAY", "BYCOL", "BYROW", "CHOOSECOLS", "CHOOSEROWS", "DROP", "EXPAND", "FILTER",
    "HSTACK", "LAMBDA", "MAKEARRAY", "MAP", "RANDARRAY", "REDUCE", "SCAN", "INGLE",
    "SEQUENCE", "SORT", "SORTBY", "SWITCH", "TAKE", "TEXTSPLIT", "TOCOL", "TOROW", "UNIQUE",
    "VSTACK", "WRAPCOLS", "WRAPROWS", "XLOOKUP")


def _may_be_dynamic(formula: str) -> bool:
    """Whether ``formula`` may call one of :data:`_DYNAMIC_NAMES`: true whenever one of
    XlsxWriter's patterns (``\\bNAME\\(``) matches, and for a few formulas more (a name
    that merely ends so, ``XFILTER(``), which then take XlsxWriter's own path.

    One split and one ``endswith`` per call, instead of two searches for thirty
    alternatives at every character: issue 12's escaped criteria made the formulas
    long, and those searches were 0.3 s of the 0.65 s an objectives workbook of 8,000
    formulas takes.

    >>> _may_be_dynamic('SUMIFS(A:A,B:B,"FILTER(")'), _may_be_dynamic("IF(A1>0,1,0)")
    (True, False)
    """
    return any(part.endswith(_DYNAMIC_NAMES) for part in formula.split("(")[:-1])


class FastFormulaWorksheet(Worksheet):
    """A worksheet whose formulas are prepared as XlsxWriter's are, faster."""

    def _write_formula(self, row: int, col: int, formula: str, cell_format: Any = None,
                       value: Any = 0) -> Any:
        if (not formula or formula.startswith("{") or self._rewrites(formula)):
            return super()._write_formula(row, col, formula, cell_format, value)
        # What XlsxWriter's _write_formula does once its search for dynamic-array
        # functions finds none: the same cell in the same table, without the search.
        if self._check_dimensions(row, col):
            return -1
        formula = _plain(formula)
        if self.constant_memory and row > self.previous_row:
            self._write_single_row(row)
        self.table[row][col] = CellFormulaTuple(formula, cell_format, value)
        return 0

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if expand_future_functions or self._rewrites(formula):
            return super()._prepare_formula(formula, expand_future_functions)
        return _plain(formula)

    def _rewrites(self, formula: str) -> bool:
        """Whether XlsxWriter may change ``formula`` beyond its ``=`` and braces."""
        return self.use_future_functions or "_xlfn." in formula or _may_be_dynamic(formula)


def _plain(formula: str) -> str:
    """``formula`` as XlsxWriter's ``_prepare_formula`` leaves one it does not rewrite."""
    if formula.startswith("{"):
        formula = formula[1:]
    if formula.startswith("="):
        formula = formula[1:]
    if formula.endswith("}"):
        formula = formula[:-1]
    return formula
