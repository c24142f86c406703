"""The workbook part (``xl/workbook.xml``): calculation properties and defined names."""

from __future__ import annotations

import re

__all__ = ["full_calc_on_load"]


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
    for anchor in (f"</{prefix}definedNames>", f"</{prefix}sheets>", f"<{prefix}sheets/>"):
        at = part.find(anchor)
        if at >= 0:
            at += len(anchor)
            return (part[:at] + f'<{prefix}calcPr fullCalcOnLoad="1"/>'
                    + part[at:]).encode("utf-8")
    return xml
