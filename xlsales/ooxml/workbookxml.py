"""The workbook part (``xl/workbook.xml``): calculation properties and defined names."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from .follow import TableMove, follow_formula

__all__ = ["full_calc_on_load", "follow_defined_names", "WIDE_NAMES"]

#: Built-in names over a sheet's area rather than a column: they follow a table whose
#: last row they end on, whatever their columns.
WIDE_NAMES = ("_xlnm.Print_Area", "_xlnm._FilterDatabase")

_NAME = re.compile(r"(<(?:\w+:)?definedName\b([^>]*)>)([^<]*)(</(?:\w+:)?definedName>)")


def full_calc_on_load(xml: bytes) -> bytes:
    """Ask the spreadsheet to recalculate on open: formulas over refreshed cells must
    not show the values cached before the refresh.

    >>> full_calc_on_load(b'<workbook><sheets/><calcPr calcId="1"/></workbook>')
    b'<workbook><sheets/><calcPr calcId="1" fullCalcOnLoad="1"/></workbook>'
    >>> full_calc_on_load(b'<workbook><sheets/></workbook>')
    b'<workbook><sheets/><calcPr fullCalcOnLoad="1"/></workbook>'
    """
    part = xml.decode("utf-8")
    calc = re.search(r"<(\w+:)?calcPr\b[^>]*?/?>", part)
    if calc:
        if "fullCalcOnLoad=" in calc.group(0):
            return xml
        tag = calc.group(0)
        end = -2 if tag.endswith("/>") else -1
        new = tag[:end].rstrip() + ' fullCalcOnLoad="1"' + tag[end:]
        return (part[: calc.start()] + new + part[calc.end():]).encode("utf-8")
    found = re.search(r"<(\w+:)?workbook\b", part)
    prefix = (found.group(1) or "") if found else ""
    # calcPr follows definedNames, which follows sheets (ECMA-376 CT_Workbook).
    for anchor in (f"</{prefix}definedNames>", f"<{prefix}definedNames/>",
                   f"</{prefix}sheets>", f"<{prefix}sheets/>"):
        at = part.find(anchor)
        if at >= 0:
            at += len(anchor)
            return (part[:at] + f'<{prefix}calcPr fullCalcOnLoad="1"/>'
                    + part[at:]).encode("utf-8")
    return xml


def follow_defined_names(xml: bytes, moves: Sequence[TableMove]) -> bytes:
    """The workbook part with its defined names following the moved tables: a name over
    exactly whole columns of a table, the print area and the filter range ending on its
    last row (:mod:`.follow`). Unchanged bytes when no name covers a moved table.

    >>> book = (b'<workbook><definedNames><definedName name="Primes">Leads!$J$2:$J$5001'
    ...         b'</definedName><definedName name="_xlnm.Print_Area" localSheetId="0">'
    ...         b'Leads!$A$1:$M$5001</definedName></definedNames></workbook>')
    >>> new = follow_defined_names(book, [TableMove("Leads", 0, 10, 0, 5000, 19)])
    >>> re.findall(rb">([^<>]+)</definedName", new)
    [b'Leads!$J$2:$J$20', b'Leads!$A$1:$M$20']
    """
    text = xml.decode("utf-8")

    def name(found: re.Match[str]) -> str:
        title = re.search(r'\bname="([^"]*)"', found.group(2))
        wide = title is not None and title.group(1) in WIDE_NAMES
        formula = html.unescape(found.group(3))
        new = follow_formula(formula, moves, wide=wide)
        if new == formula:
            return found.group(0)
        return found.group(1) + html.escape(new, quote=False) + found.group(4)

    new = _NAME.sub(name, text)
    return xml if new == text else new.encode("utf-8")
