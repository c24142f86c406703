"""XlsxWriter's worksheet with a faster formula preparation, same output.

XlsxWriter runs some thirty regular-expression substitutions on every formula to add
the ``_xlfn.`` prefix of Excel's dynamic-array functions, whether or not the formula
names one; on a template of a few thousand formulas that is most of the generation
time (``xlsales distribute`` writes hundreds). One search for any of those names
first lets the formulas without them through as XlsxWriter would leave them; the
others, and every formula when future functions are on, go through XlsxWriter's own
code.
"""

from __future__ import annotations

import re

from xlsxwriter.worksheet import Worksheet

__all__ = ["FastFormulaWorksheet"]

# Every function name XlsxWriter's _prepare_formula rewrites without future functions
# (INGLE: its pattern for SINGLE is written "\SINGLE\(").
_DYNAMIC = re.compile(
    r"(ANCHORARRAY|BYCOL|BYROW|CHOOSECOLS|CHOOSEROWS|DROP|EXPAND|FILTER|HSTACK|LAMBDA|"
    r"MAKEARRAY|MAP|RANDARRAY|REDUCE|SCAN|INGLE|SEQUENCE|SORT|SORTBY|SWITCH|TAKE|"
    r"TEXTSPLIT|TOCOL|TOROW|UNIQUE|VSTACK|WRAPCOLS|WRAPROWS|XLOOKUP)\(")


class FastFormulaWorksheet(Worksheet):
    """A worksheet whose formulas are prepared as XlsxWriter's are, faster."""

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if (self.use_future_functions or expand_future_functions or "_xlfn." in formula
                or _DYNAMIC.search(formula)):
            return super()._prepare_formula(formula, expand_future_functions)
        if formula.startswith("{"):
            formula = formula[1:]
        if formula.startswith("="):
            formula = formula[1:]
        if formula.endswith("}"):
            formula = formula[:-1]
        return formula
