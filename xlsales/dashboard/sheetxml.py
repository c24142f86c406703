"""Worksheet XML, patched in place: owned cells rewritten, every other byte kept.

A worksheet part is text; the refresh rewrites only the ``<row>``/``<c>`` elements of
the cells it owns and the ``<dimension>``. Every other element of the part (columns,
views, conditional formats, validations, other cells — byte for byte) stays as it
was. Text is written as inline strings, so the shared-strings part (shared with the
user's sheets) is never touched.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..excel_errors import ExcelError
from ..ooxml.parts import CellRef, column_letter, parse_cell
from .cells import to_serial

__all__ = [
    "Rect",
    "escape",
    "cell_xml",
    "number_text",
    "read_cells",
    "patch_sheet",
    "SheetSplit",
    "split_sheet",
]

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ATTR = re.compile(r'\b(r|s|t)="([^"]*)"')


@dataclass(frozen=True)
class Rect:
    """Owned cells: rows ``first_row``..``last_row`` (None: to the end of the sheet),
    columns ``first_col``..``last_col`` (0-based, inclusive)."""

    first_row: int
    last_row: int | None
    first_col: int
    last_col: int

    def rows(self, row: int) -> bool:
        return row >= self.first_row and (self.last_row is None or row <= self.last_row)

    def holds(self, row: int, col: int) -> bool:
        return self.rows(row) and self.first_col <= col <= self.last_col


def escape(text: str) -> str:
    """Text as XML character data; characters XML cannot hold are dropped.

    >>> escape('a < b & "c"\\x01')
    'a &lt; b &amp; "c"'
    """
    text = _INVALID_XML.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def number_text(value: float) -> str:
    """The shortest text that reads back as ``value`` (whole numbers without ``.0``).

    >>> number_text(3.0), number_text(0.1), number_text(1e21)
    ('3', '0.1', '1e+21')
    """
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def cell_xml(row: int, col: int, value: Any, style: str | None) -> str:
    """One ``<c>`` element (0-based ``row`` and ``col``); ``""`` for an unstyled blank.

    >>> cell_xml(0, 1, "Dupont & fils", "3")
    '<c r="B1" s="3" t="inlineStr"><is><t>Dupont &amp; fils</t></is></c>'
    >>> cell_xml(4, 0, 0.25, None), cell_xml(4, 2, None, "5")
    ('<c r="A5"><v>0.25</v></c>', '<c r="C5" s="5"/>')
    """
    ref = f"{column_letter(col)}{row + 1}"
    attrs = f' r="{ref}"' + (f' s="{style}"' if style else "")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return f"<c{attrs}/>" if style else ""
    if isinstance(value, ExcelError):
        return f'<c{attrs} t="e"><v>{value.value}</v></c>'
    if isinstance(value, bool):
        return f'<c{attrs} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (dt.date, np.datetime64)):
        return f"<c{attrs}><v>{number_text(to_serial(value))}</v></c>"
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f"<c{attrs}><v>{number_text(float(value))}</v></c>"
    text = escape(str(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c{attrs} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _prefix(xml: str) -> str:
    found = re.search(r"<(\w+:)?worksheet\b", xml)
    return found.group(1) or "" if found else ""


def _patterns(prefix: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    p = re.escape(prefix)
    row = re.compile(rf"<{p}row\b[^>]*?(?:/>|>.*?</{p}row>)", re.S)
    cell = re.compile(rf"<{p}c\b[^>]*?(?:/>|>.*?</{p}c>)", re.S)
    return row, cell


def _sheet_data(xml: str, prefix: str) -> tuple[int, int]:
    """Start and end of the content of ``<sheetData>`` (equal for an empty one)."""
    p = re.escape(prefix)
    empty = re.search(rf"<{p}sheetData\s*/>", xml)
    if empty:
        return empty.start(), empty.end()
    start = re.search(rf"<{p}sheetData\b[^>]*>", xml)
    end = xml.rfind(f"</{prefix}sheetData>")
    if not start or end < 0:
        raise ValueError("no sheetData in the worksheet")
    return start.end(), end


def _attrs(tag: str) -> dict[str, str]:
    head = tag[: tag.index(">") + 1] if ">" in tag else tag
    return dict(_ATTR.findall(head))


def _iter_cells(row_xml: str, row: int, cell_re: re.Pattern[str]
                ) -> Iterator[tuple[int, str, dict[str, str]]]:
    col = -1
    for found in cell_re.finditer(row_xml):
        text = found.group(0)
        attrs = _attrs(text)
        col = parse_cell(attrs["r"]).col if "r" in attrs else col + 1
        yield col, text, attrs


def _iter_rows(body: str, row_re: re.Pattern[str]) -> Iterator[tuple[int, str]]:
    row = -1
    for found in row_re.finditer(body):
        text = found.group(0)
        attrs = _attrs(text)
        row = int(attrs["r"]) - 1 if "r" in attrs else row + 1
        yield row, text


def read_cells(xml: bytes, refs: Iterable[CellRef]) -> dict[CellRef, dict[str, str]]:
    """The attributes (``s`` style, ``t`` type...) of the cells ``refs`` that exist."""
    wanted = set(refs)
    rows = {ref.row for ref in wanted}
    text = xml.decode("utf-8")
    prefix = _prefix(text)
    row_re, cell_re = _patterns(prefix)
    start, end = _sheet_data(text, prefix)
    found: dict[CellRef, dict[str, str]] = {}
    for row, row_xml in _iter_rows(text[start:end], row_re):
        if row not in rows:
            continue
        for col, _, attrs in _iter_cells(row_xml, row, cell_re):
            if CellRef(row, col) in wanted:
                found[CellRef(row, col)] = attrs
    return found


def _row_tag(row_xml: str, prefix: str) -> str:
    """The start tag of a row without its ``spans`` hint (it may no longer hold)."""
    head = row_xml[: row_xml.index(">") + 1]
    if head.endswith("/>"):
        head = head[:-2] + ">"
    return re.sub(r'\s+spans="[^"]*"', "", head)


def patch_sheet(  # noqa: C901
        xml: bytes, owned: Sequence[Rect], cells: dict[int, dict[int, str]]
                ) -> tuple[bytes, bool]:
    """Rewrite the owned cells of a worksheet part.

    Parameters
    ----------
    xml : bytes
        The worksheet part.
    owned : sequence of Rect
        The cells the refresh owns: those not in ``cells`` are cleared.
    cells : dict
        Row → column → ``<c>`` element of the new owned cells (0-based).

    Returns
    -------
    bytes, bool
        The new part, and whether an owned cell that held a formula was replaced.
    """
    text = xml.decode("utf-8")
    prefix = _prefix(text)
    row_re, cell_re = _patterns(prefix)
    start, end = _sheet_data(text, prefix)
    out: list[str] = []
    pending = sorted(cells)
    extent: list[Any] = [None, None, None, None]  # min row, max row, min col, max col
    formula_lost = False

    def grow(row: int, cols: Iterable[int]) -> None:
        cols = list(cols)
        if not cols:
            return
        extent[0] = row if extent[0] is None else min(extent[0], row)
        extent[1] = row if extent[1] is None else max(extent[1], row)
        extent[2] = min(cols) if extent[2] is None else min(extent[2], min(cols))
        extent[3] = max(cols) if extent[3] is None else max(extent[3], max(cols))

    def new_row(row: int) -> str:
        new = cells[row]
        grow(row, new)
        return f'<{prefix}row r="{row + 1}">' + "".join(new[c] for c in sorted(new)) + \
            f"</{prefix}row>"

    for row, row_xml in _iter_rows(text[start:end], row_re):
        while pending and pending[0] < row:
            out.append(new_row(pending.pop(0)))
        touched = row in cells or any(rect.rows(row) for rect in owned)
        if not touched:
            grow(row, (col for col, _, _ in _iter_cells(row_xml, row, cell_re)))
            out.append(row_xml)
            continue
        new = cells.get(row, {})
        if pending and pending[0] == row:
            pending.pop(0)
        kept: dict[int, str] = {}
        for col, cell, _ in _iter_cells(row_xml, row, cell_re):
            if col in new or any(rect.holds(row, col) for rect in owned):
                formula_lost |= f"<{prefix}f" in cell
                continue
            kept[col] = cell
        merged = {**kept, **new}
        grow(row, merged)
        tag = _row_tag(row_xml, prefix)
        extra = re.sub(r'\s+r="\d+"', "", tag[len(prefix) + 4:-1]).strip()
        if not merged and not extra:
            continue  # an empty row with nothing to keep
        out.append(tag + "".join(merged[c] for c in sorted(merged)) + f"</{prefix}row>")
    out.extend(new_row(row) for row in pending)
    body = "".join(out)
    if start == end or text[start - 2:start] == "/>":
        body = f"<{prefix}sheetData>{body}</{prefix}sheetData>"
        patched = text[: text.rfind("<", 0, start)] + body + text[end:]
    else:
        patched = text[:start] + body + text[end:]
    if extent[0] is not None:
        ref = f"{column_letter(extent[2])}{extent[0] + 1}:{column_letter(extent[3])}{extent[1] + 1}"
    else:
        ref = "A1"
    patched = re.sub(rf'(<{re.escape(prefix)}dimension\b[^>]*\bref=")[^"]*(")',
                     lambda m: m.group(1) + ref + m.group(2), patched, count=1)
    return patched.encode("utf-8"), formula_lost


@dataclass
class SheetSplit:
    """A worksheet part cut around its rows: what comes before ``<sheetData>``'s rows,
    the rows kept above a given row, and what follows the rows."""

    head: bytes
    kept_rows: bytes
    tail: bytes
    prefix: str
    first_skipped: bytes = b""


def split_sheet(chunks: Iterable[bytes], keep_below: int) -> SheetSplit:  # noqa: C901
    """Cut a (possibly huge) worksheet part, read as a stream of chunks, keeping the
    rows before row ``keep_below`` (0-based) and skipping the others unparsed.

    Only the start of the rows and what follows them are held in memory, so replacing
    a million-row data sheet does not load it.
    """
    buffer = b""
    stream = iter(chunks)
    opening = None
    for chunk in stream:
        buffer += chunk
        opening = re.search(rb"<(\w+:)?sheetData\b[^>]*?(/?)>", buffer)
        if opening:
            break
    if opening is None:
        raise ValueError("no sheetData in the worksheet")
    found = re.search(rb"<(\w+:)?worksheet\b", buffer)
    prefix = (found.group(1) or b"").decode() if found else ""
    closing = f"</{prefix}sheetData>".encode()
    if opening.group(2):  # <sheetData/>: no row at all
        head = buffer[: opening.start()] + f"<{prefix}sheetData>".encode()
        return SheetSplit(head, b"", closing + buffer[opening.end():] + b"".join(stream),
                          prefix)
    head, window = buffer[: opening.end()], buffer[opening.end():]
    row_re = re.compile(rf"<{re.escape(prefix)}row\b[^>]*?(?:/>|>.*?</{re.escape(prefix)}row>)"
                        .encode(), re.S)
    kept: list[bytes] = []
    first_skipped = b""
    keeping = True
    while True:
        if keeping:
            position = 0
            for row in row_re.finditer(window):
                number = re.search(rb'\br="(\d+)"', row.group(0)[:300])
                if number is None or int(number.group(1)) - 1 >= keep_below:
                    keeping = False
                    first_skipped = row.group(0)
                    break
                kept.append(row.group(0))
                position = row.end()
            window = window[position:]
        end = window.find(closing)
        if end >= 0 and (not keeping or not row_re.search(window[:end])):
            return SheetSplit(head, b"".join(kept), window[end:] + b"".join(stream), prefix,
                              first_skipped)
        more = next(stream, None)
        if more is None:
            raise ValueError("worksheet ends before </sheetData>")
        if not keeping:
            # Skipping: keep only what could hold the start of the closing tag.
            window = window[-len(closing):]
        window += more
