"""Chart parts that follow the blocks they plot.

A series range (``<c:f>``) that covers exactly a data column of a block, as the block
was before the refresh, is moved to the block's new extent and its cached values
(``<c:numCache>`` / ``<c:strCache>``, which viewers show without recalculating) are
rewritten. A range that covers anything else — part of a block, the user's own cells
— is left as it is, so a chart that does not plot a block keeps every byte.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..excel_errors import ExcelError
from .parts import AreaRef, CellRef, format_area, parse_area
from .sheetxml import escape, number_text

__all__ = ["ColumnKey", "patch_chart"]

#: A block data column before the refresh: (sheet, column, first row, last row).
ColumnKey = tuple[str, int, int, int]


def _key(area: AreaRef) -> ColumnKey | None:
    if area.first.col != area.last.col:
        return None
    return area.sheet, area.first.col, area.first.row, area.last.row


def _cache(values: Sequence[Any], prefix: str, format_code: str) -> tuple[str, str]:
    """The ref kind (``numRef``/``strRef``) and cache element for ``values``."""
    shown = [(i, v) for i, v in enumerate(values)
             if v is not None and not isinstance(v, ExcelError)]
    numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for _, v in shown)
    p = prefix
    points = []
    for i, value in shown:
        text = number_text(float(value)) if numeric else escape(str(value))
        points.append(f'<{p}pt idx="{i}"><{p}v>{text}</{p}v></{p}pt>')
    count = f'<{p}ptCount val="{len(values)}"/>'
    if numeric:
        return "numRef", (f"<{p}numCache><{p}formatCode>{format_code}</{p}formatCode>"
                          f"{count}{''.join(points)}</{p}numCache>")
    return "strRef", f"<{p}strCache>{count}{''.join(points)}</{p}strCache>"


def patch_chart(xml: bytes, moves: Mapping[ColumnKey, tuple[int, Sequence[Any] | None]]
                ) -> bytes | None:
    """Move the series ranges of a chart part that cover a block column.

    Parameters
    ----------
    xml : bytes
        The chart part.
    moves : mapping
        Block data column before the refresh → (its new last row, its new values).
        Without values (a data table of a million rows), the cache is left out: Excel
        and LibreOffice read the cells when they open the file.

    Returns
    -------
    bytes or None
        The new part, or None when no range of the chart covers a block column.
    """
    text = xml.decode("utf-8")
    found = re.search(r"<(\w+:)?chartSpace\b", text)
    prefix = (found.group(1) or "") if found else ""
    p = re.escape(prefix)
    ref_re = re.compile(rf"<{p}(numRef|strRef)>(.*?)</{p}\1>", re.S)
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal changed
        inner = match.group(2)
        formula = re.search(rf"<{p}f>(.*?)</{p}f>", inner, re.S)
        if formula is None:
            return match.group(0)
        try:
            area = parse_area(html.unescape(formula.group(1)))
        except ValueError:
            return match.group(0)
        key = _key(area)
        if key is None or key not in moves:
            return match.group(0)
        last_row, values = moves[key]
        moved = AreaRef(area.sheet, area.first, CellRef(last_row, area.first.col))
        code = re.search(rf"<{p}formatCode>(.*?)</{p}formatCode>", inner, re.S)
        kind, cache = match.group(1), ""
        if values is not None:
            kind, cache = _cache(values, prefix, code.group(1) if code else "General")
        changed = True
        return (f"<{prefix}{kind}><{prefix}f>{escape(format_area(moved))}</{prefix}f>"
                f"{cache}</{prefix}{kind}>")

    patched = ref_re.sub(replace, text)
    return patched.encode("utf-8") if changed else None
