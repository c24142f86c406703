"""References that follow a table when it grows or shrinks.

A refresh rewrites the rows of a table; a reference that covers exactly a whole column
of it (or several, or the whole table with its header) must cover the new rows, as Excel
moves the references into a table when rows are inserted or deleted. A reference that
covers anything else — part of a column, one fixed cell, the user's own cells — is left
as it is: nothing says what it should become.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .parts import AreaRef, CellRef, column_index

__all__ = ["TableMove", "follow_area", "follow_formula", "follow_sqref", "follow_sheet_refs"]


@dataclass(frozen=True)
class TableMove:
    """A table whose data rows changed: columns ``first_col``..``last_col`` of
    ``sheet``, header on ``header_row``, data rows down to ``old_last`` before the
    refresh and ``new_last`` after (0-based). ``total`` when a total row sits just below
    the data (and moves with it)."""

    sheet: str
    first_col: int
    last_col: int
    header_row: int
    old_last: int
    new_last: int
    total: bool = False

    def new_row(self, last: int) -> int | None:
        """The new last row of a reference ending on ``last``, if it ends on the data's
        last row or the total row."""
        if last == self.old_last:
            return self.new_last
        if self.total and last == self.old_last + 1:
            return self.new_last + 1
        return None


def follow_area(area: AreaRef, moves: Sequence[TableMove], sheet: str = "",
                wide: bool = False) -> AreaRef | None:
    """The area moved with the table it covers, or None when it covers none exactly.

    ``sheet`` is the sheet of an unqualified area. A *wide* area (a print area, a
    filter range) may reach beyond the table's columns and start above its header.

    >>> move = TableMove("Leads", 0, 10, 0, 5000, 20000)
    >>> follow_area(AreaRef("Leads", CellRef(1, 9), CellRef(5000, 9)), [move]).last
    CellRef(row=20000, col=9)
    >>> follow_area(AreaRef("Leads", CellRef(1, 9), CellRef(4000, 9)), [move]) is None
    True
    """
    on = area.sheet or sheet
    for move in moves:
        if move.sheet != on or area.first.row > move.header_row + 1:
            continue
        inside = move.first_col <= area.first.col and area.last.col <= move.last_col
        overlaps = area.first.col <= move.last_col and move.first_col <= area.last.col
        if not wide and (not inside or area.first.row < move.header_row):
            continue
        if wide and not overlaps:
            continue
        last = move.new_row(area.last.row)
        if last is not None and area.first.row < area.last.row:
            return AreaRef(area.sheet, area.first, CellRef(last, area.last.col))
    return None


_CELL = r"\$?[A-Z]{1,3}\$?\d+"
_REF = re.compile(r"(?P<sheet>(?:'(?:[^']|'')+'|[^\s'!,;:()=+\-*/&^<>\"{}]+)!)?"
                  rf"(?P<first>{_CELL}):(?P<last>{_CELL})(?![\w(!])")
_STRING = re.compile(r'"(?:[^"]|"")*"')
_LAST_ROW = re.compile(r"(\$?)(\d+)$")


def _cell(text: str) -> CellRef:
    letters = text.replace("$", "").rstrip("0123456789")
    return CellRef(int(text.replace("$", "")[len(letters):]) - 1, column_index(letters))


def _moved(found: re.Match[str], moves: Sequence[TableMove], sheet: str, wide: bool) -> str:
    qualifier = found.group("sheet") or ""
    name = qualifier[:-1]
    if name.startswith("'"):
        name = name[1:-1].replace("''", "'")
    area = AreaRef(name, _cell(found.group("first")), _cell(found.group("last")))
    moved = follow_area(area, moves, sheet, wide)
    if moved is None:
        return found.group(0)
    last = _LAST_ROW.sub(lambda m: f"{m.group(1)}{moved.last.row + 1}", found.group("last"))
    return f"{qualifier}{found.group('first')}:{last}"


def follow_formula(formula: str, moves: Sequence[TableMove], sheet: str = "",
                   wide: bool = False) -> str:
    """A formula (a defined name's, a sparkline's) with the ranges that cover a moved
    table column following it; strings are left alone.

    >>> move = TableMove("Produits", 0, 6, 3, 10, 6, total=True)
    >>> follow_formula("SUM(Produits!$E$5:$E$11)+Produits!E15+COUNT(Produits!E5:E12)",
    ...                [move])
    'SUM(Produits!$E$5:$E$7)+Produits!E15+COUNT(Produits!E5:E8)'
    """
    out, position = [], 0
    for literal in _STRING.finditer(formula):
        out.append(_REF.sub(lambda f: _moved(f, moves, sheet, wide),
                            formula[position:literal.start()]))
        out.append(literal.group(0))
        position = literal.end()
    out.append(_REF.sub(lambda f: _moved(f, moves, sheet, wide), formula[position:]))
    return "".join(out)


def follow_sqref(sqref: str, moves: Sequence[TableMove], sheet: str) -> str:
    """A space-separated list of areas of ``sheet`` (a conditional format's range).

    >>> follow_sqref("H5:H44 J5:J44 P2", [TableMove("Conseillers", 0, 13, 3, 43, 6)],
    ...              "Conseillers")
    'H5:H7 J5:J7 P2'
    """
    return " ".join(follow_formula(part, moves, sheet) for part in sqref.split(" "))


_SQREF_ATTR = re.compile(r'(<(?:\w+:)?conditionalFormatting\b[^>]*?\bsqref=")([^"]*)(")')
_X14 = re.compile(r"(<(xm:)(sqref|f)>)([^<]*)(</xm:\3>)")


def follow_sheet_refs(xml: str, moves: Sequence[TableMove], sheet: str) -> str:
    """A worksheet's conditional formats (and their Excel 2010 ``x14`` forms: data bars,
    icon sets) and sparklines, following the moved tables; ``sheet`` is the worksheet's
    name (the sheet of its unqualified ranges)."""
    xml = _SQREF_ATTR.sub(lambda m: m.group(1) + follow_sqref(m.group(2), moves, sheet)
                          + m.group(3), xml)

    def x14(found: re.Match[str]) -> str:
        text = html.unescape(found.group(4))
        if found.group(3) == "sqref":
            new = follow_sqref(text, moves, sheet)
        else:
            new = follow_formula(text, moves, sheet)
        if new == text:
            return found.group(0)
        return found.group(1) + html.escape(new, quote=False) + found.group(5)

    return _X14.sub(x14, xml)
