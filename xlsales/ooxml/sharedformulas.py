"""Shared formulas whose master cell goes away.

Excel stores a formula filled over a range once, in its master cell
(``<f t="shared" ref="H60:Q60" si="0">SUM(H5:H44)</f>``); the other cells of the
range only say ``<f t="shared" si="0"/>``. Removing the master leaves them without a
formula (LibreOffice loads them empty, Excel calls the file damaged). When a patch
removes a master and keeps some of its cells, the first cell kept becomes the master:
it gets the formula, translated to its place as Excel would fill it, and a ``ref``
covering the cells kept.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .parts import CellRef, column_letter

__all__ = ["SharedCell", "rehome_shared"]

_SHARED = re.compile(r'<(\w+:)?f\b([^>]*\bt="shared"[^>]*?)(/>|>(.*?)</\1?f>)', re.S)
_SI = re.compile(r'\bsi="(\d+)"')


@dataclass(frozen=True)
class SharedCell:
    """A cell of the worksheet: where it is, its ``<c>`` element, whether it goes."""

    row: int
    col: int
    xml: str
    removed: bool


@dataclass
class _Group:
    master: tuple[CellRef, str] | None = None  # the master and its formula, if removed
    kept: list[tuple[CellRef, str]] = field(default_factory=list)


def _name(ref: CellRef) -> str:
    return f"{column_letter(ref.col)}{ref.row + 1}"


def _groups(cells: Iterator[SharedCell]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for cell in cells:
        found = _SHARED.search(cell.xml)
        si = _SI.search(found.group(2)) if found else None
        if found is None or si is None:
            continue
        group = groups.setdefault(si.group(1), _Group())
        ref = CellRef(cell.row, cell.col)
        if found.group(4) is not None and cell.removed:
            group.master = (ref, html.unescape(found.group(4)))
        elif not cell.removed:
            group.kept.append((ref, cell.xml))
    return groups


def _translated(formula: str, origin: CellRef, target: CellRef) -> str:
    # Imported here: openpyxl costs 50 ms of a refresh's start-up, and few sheets
    # hold a shared formula to move.
    from openpyxl.formula.translate import Translator

    moved = Translator("=" + formula, origin=_name(origin)).translate_formula(_name(target))
    return html.escape(moved[1:], quote=False)


def _master(group: _Group, si: str) -> tuple[CellRef, str]:
    assert group.master is not None
    origin, formula = group.master
    first, xml = group.kept[0]
    rows = [ref.row for ref, _ in group.kept]
    cols = [ref.col for ref, _ in group.kept]
    area = _name(CellRef(min(rows), min(cols)))
    if len(group.kept) > 1:
        area += ":" + _name(CellRef(max(rows), max(cols)))
    found = _SHARED.search(xml)
    prefix = (found.group(1) or "") if found else ""
    text = _translated(formula, origin, first)
    element = f'<{prefix}f t="shared" ref="{area}" si="{si}">{text}</{prefix}f>'
    return first, _SHARED.sub(lambda _: element, xml, count=1)


def rehome_shared(cells: Iterator[SharedCell]) -> dict[CellRef, str]:
    """The new ``<c>`` elements of the cells that become masters (empty when no master
    is removed with cells of its formula kept).

    >>> cells = [SharedCell(59, 7, '<c r="H60"><f t="shared" ref="H60:J60" si="0">'
    ...                     'SUM(H5:H44)</f><v>1</v></c>', True),
    ...          SharedCell(59, 8, '<c r="I60"><f t="shared" si="0"/><v>2</v></c>', True),
    ...          SharedCell(59, 9, '<c r="J60"><f t="shared" si="0"/><v>3</v></c>', False)]
    >>> rehome_shared(iter(cells))[CellRef(59, 9)]
    '<c r="J60"><f t="shared" ref="J60" si="0">SUM(J5:J44)</f><v>3</v></c>'
    """
    out = {}
    for si, group in _groups(cells).items():
        if group.master is None or not group.kept:
            continue
        ref, xml = _master(group, si)
        out[ref] = xml
    return out
