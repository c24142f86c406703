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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..excel_errors import ExcelError
from .parts import AreaRef, CellRef, column_letter, format_area, parse_area, parse_cell
from .sharedformulas import SharedCell, rehome_shared

__all__ = [
    "Rect",
    "escape",
    "escape_each",
    "cell_xml",
    "number_text",
    "read_cells",
    "patch_sheet",
    "SheetSplit",
    "split_sheet",
    "with_dimension",
    "rows_end",
    "sheet_tail",
]

#: The longest ``<row ...>`` start tag read (its attributes are a few dozen bytes).
_MAX_TAG = 1 << 16
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


def escape_each(texts: list[str]) -> list[str]:
    """:func:`escape` of each text, done on the texts joined by newlines (kept by
    :func:`escape`): a few passes at C speed instead of one call per text (the ids of
    a million leads).

    >>> escape_each(["a<b", "\x01", "c & d"])
    ['a&lt;b', '', 'c &amp; d']
    """
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a text holding a newline: one by one
        return [escape(text) for text in texts]
    return escape(joined).split("\n") if texts else []


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
        # A date is stored as its serial, which depends on the workbook's date system:
        # the caller converts it (one date serial, in xlsales.coercion).
        raise TypeError(f"a date must be written as its serial number: {value!r}")
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


_HIDDEN = re.compile(r'\s+hidden="(?:1|true)"')


def _row_tag(row_xml: str, shown: bool) -> str:
    """The start tag of a row without its ``spans`` hint (it may no longer hold), and
    without ``hidden`` when the row must be shown."""
    head = row_xml[: row_xml.index(">") + 1]
    if head.endswith("/>"):
        head = head[:-2] + ">"
    head = re.sub(r'\s+spans="[^"]*"', "", head)
    return _HIDDEN.sub("", head) if shown else head


class _Extent:
    """The rectangle the cells of a sheet cover (its ``<dimension>``)."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []

    def grow(self, row: int, cols: Iterable[int]) -> None:
        cols = list(cols)
        if cols:
            self.rows += [row]
            self.cols += [min(cols), max(cols)]

    def ref(self) -> str:
        if not self.rows:
            return "A1"
        return (f"{column_letter(min(self.cols))}{min(self.rows) + 1}:"
                f"{column_letter(max(self.cols))}{max(self.rows) + 1}")


class _SheetPatch:
    """One pass over the rows of a worksheet, rewriting the owned cells."""

    def __init__(self, text: str, owned: Sequence[Rect], cells: dict[int, dict[int, str]],
                 shown: Callable[[int], bool]) -> None:
        self.prefix = _prefix(text)
        self.row_re, self.cell_re = _patterns(self.prefix)
        self.owned, self.cells, self.shown = owned, cells, shown
        self.extent = _Extent()
        self.formula_lost = False
        self.masters: dict[CellRef, str] = {}

    def removed(self, row: int, col: int) -> bool:
        return col in self.cells.get(row, {}) or any(r.holds(row, col) for r in self.owned)

    def touched(self, row: int) -> bool:
        return row in self.cells or any(rect.rows(row) for rect in self.owned)

    def find_masters(self, body: str) -> None:
        """Cells that become the master of a shared formula whose master is removed."""
        if 't="shared"' not in body:
            return
        self.masters = rehome_shared(
            SharedCell(row, col, cell, self.removed(row, col))
            for row, row_xml in _iter_rows(body, self.row_re) if self.touched(row)
            for col, cell, _ in _iter_cells(row_xml, row, self.cell_re)
            if 't="shared"' in cell)

    def new_row(self, row: int) -> str:
        new = self.cells[row]
        self.extent.grow(row, new)
        return (f'<{self.prefix}row r="{row + 1}">' + "".join(new[c] for c in sorted(new))
                + f"</{self.prefix}row>")

    def kept_cells(self, row: int, row_xml: str) -> dict[int, str]:
        kept: dict[int, str] = {}
        for col, cell, _ in _iter_cells(row_xml, row, self.cell_re):
            if self.removed(row, col):
                self.formula_lost |= f"<{self.prefix}f" in cell
            else:
                kept[col] = self.masters.get(CellRef(row, col), cell)
        return kept

    def patched_row(self, row: int, row_xml: str) -> str:
        """The row with its owned cells replaced (``""`` when nothing is left of it)."""
        merged = {**self.kept_cells(row, row_xml), **self.cells.get(row, {})}
        self.extent.grow(row, merged)
        tag = _row_tag(row_xml, self.shown(row))
        extra = re.sub(r'\s+r="\d+"', "", tag[len(self.prefix) + 4:-1]).strip()
        if not merged and not extra:
            return ""  # an empty row with nothing to keep
        return tag + "".join(merged[c] for c in sorted(merged)) + f"</{self.prefix}row>"

    def rows(self, body: str) -> str:
        out: list[str] = []
        pending = sorted(self.cells)
        for row, row_xml in _iter_rows(body, self.row_re):
            while pending and pending[0] < row:
                out.append(self.new_row(pending.pop(0)))
            if pending and pending[0] == row:
                pending.pop(0)
            if self.touched(row):
                out.append(self.patched_row(row, row_xml))
            else:
                self.extent.grow(row, (col for col, _, _ in
                                       _iter_cells(row_xml, row, self.cell_re)))
                out.append(row_xml)
        out.extend(self.new_row(row) for row in pending)
        return "".join(out)


def _never(row: int) -> bool:
    return False


def patch_sheet(xml: bytes, owned: Sequence[Rect], cells: dict[int, dict[int, str]],
                shown: Callable[[int], bool] = _never) -> tuple[bytes, bool]:
    """Rewrite the owned cells of a worksheet part.

    A shared formula whose master cell is owned, with cells outside the owned ones, is
    re-homed to the first of those (:mod:`.sharedformulas`).

    Parameters
    ----------
    xml : bytes
        The worksheet part.
    owned : sequence of Rect
        The cells the refresh owns: those not in ``cells`` are cleared.
    cells : dict
        Row → column → ``<c>`` element of the new owned cells (0-based).
    shown : callable
        Whether a row (0-based) must be visible: its ``hidden`` flag is dropped (a
        filter's hidden rows are the rows of the old content, not of the new).

    Returns
    -------
    bytes, bool
        The new part, and whether an owned cell that held a formula was replaced.
    """
    text = xml.decode("utf-8")
    patch = _SheetPatch(text, owned, cells, shown)
    prefix = patch.prefix
    start, end = _sheet_data(text, prefix)
    patch.find_masters(text[start:end])
    body = patch.rows(text[start:end])
    if start == end or text[start - 2:start] == "/>":
        body = f"<{prefix}sheetData>{body}</{prefix}sheetData>"
        patched = text[: text.rfind("<", 0, start)] + body + text[end:]
    else:
        patched = text[:start] + body + text[end:]
    ref = patch.extent.ref()
    patched = re.sub(rf'(<{re.escape(prefix)}dimension\b[^>]*\bref=")[^"]*(")',
                     lambda m: m.group(1) + ref + m.group(2), patched, count=1)
    return patched.encode("utf-8"), patch.formula_lost


@dataclass
class SheetSplit:
    """A worksheet part cut around its rows: what comes before ``<sheetData>``'s rows,
    the rows kept above a given row, and what follows the rows."""

    head: bytes
    kept_rows: bytes
    tail: bytes
    prefix: str
    first_skipped: bytes = b""


def _open_rows(stream: Iterator[bytes]) -> tuple[bytes, re.Match[bytes], str]:
    """Read up to the opening of ``<sheetData>``: what was read, the opening tag, and
    the namespace prefix of the worksheet."""
    buffer = b""
    for chunk in stream:
        buffer += chunk
        opening = re.search(rb"<(\w+:)?sheetData\b[^>]*?(/?)>", buffer)
        if opening:
            found = re.search(rb"<(\w+:)?worksheet\b", buffer)
            prefix = (found.group(1) or b"").decode() if found else ""
            return buffer, opening, prefix
        if len(buffer) > 64 << 20:
            break  # no sheetData in the first 64 MB: not a worksheet we can patch
    raise ValueError("no sheetData in the worksheet")


def _row_end(window: bytes | bytearray, start: int, scanned: int, row_close: bytes) -> int:
    """The end of the row starting at ``start`` (-1: not in ``window`` yet); no end
    tag lies before ``scanned``, so a long row is searched once, not once per chunk."""
    gt = window.find(b">", start, start + _MAX_TAG)
    if gt < 0:
        if len(window) - start > _MAX_TAG:
            raise ValueError("a row's start tag is too long")
        return -1
    if window[gt - 1:gt] == b"/":
        return gt + 1
    end = window.find(row_close, max(gt, scanned - len(row_close)))
    return -1 if end < 0 else end + len(row_close)


def split_sheet(chunks: Iterable[bytes], keep_below: int) -> SheetSplit:
    """Cut a (possibly huge) worksheet part, read as a stream of chunks, keeping the
    rows before row ``keep_below`` (0-based) and skipping the others unparsed.

    Only the start of the rows and what follows them are held in memory, so replacing
    a million-row data sheet does not load it; every byte is searched a bounded number
    of times (a sheet padded with whitespace costs linear time).
    """
    stream = iter(chunks)
    buffer, opening, prefix = _open_rows(stream)
    closing = f"</{prefix}sheetData>".encode()
    if opening.group(2):  # <sheetData/>: no row at all
        head = buffer[: opening.start()] + f"<{prefix}sheetData>".encode()
        return SheetSplit(head, b"", closing + buffer[opening.end():] + b"".join(stream),
                          prefix)
    # A bytearray grows in place: a long row arriving chunk by chunk is not copied
    # once per chunk.
    head, window = buffer[: opening.end()], bytearray(buffer[opening.end():])
    row_start = re.compile(rf"<{re.escape(prefix)}row\b".encode())
    row_close = f"</{prefix}row>".encode()
    kept: list[bytes] = []
    pos = scanned = 0
    while True:
        start = row_start.search(window, pos)
        stop = window.find(closing, pos, start.start() if start else len(window))
        if stop >= 0:
            return SheetSplit(head, b"".join(kept), bytes(window[stop:]) + b"".join(stream),
                              prefix)
        if start is not None:
            end = _row_end(window, start.start(), scanned, row_close)
            if end >= 0:
                row = bytes(window[start.start():end])
                number = re.search(rb'\br="(\d+)"', row[:300])
                if number is None or int(number.group(1)) - 1 >= keep_below:
                    return _skip_rows(head, kept, row, bytes(window[end:]), stream, closing,
                                      prefix)
                kept.append(row)
                pos = scanned = end
                continue
            # An unfinished row: keep it from its start, remember how far it was searched.
            scanned = len(window) - start.start()
            del window[:start.start()]
            pos = 0
        else:
            # Only text between rows so far: drop it, but what may start a tag.
            del window[:max(pos, len(window) - len(closing))]
            scanned = pos = 0
        chunk = next(stream, None)
        if chunk is None:
            raise ValueError("worksheet ends before </sheetData>")
        window += chunk


def _skip_rows(head: bytes, kept: list[bytes], first_skipped: bytes, window: bytes,
               stream: Iterator[bytes], closing: bytes, prefix: str) -> SheetSplit:
    """Skip the rest of the rows unparsed, up to ``</sheetData>``."""
    while True:
        end = window.find(closing)
        if end >= 0:
            return SheetSplit(head, b"".join(kept), window[end:] + b"".join(stream), prefix,
                              first_skipped)
        more = next(stream, None)
        if more is None:
            raise ValueError("worksheet ends before </sheetData>")
        # Keep only what could hold the start of the closing tag.
        window = window[-len(closing):] + more


def with_dimension(head: bytes, last_row: int, last_col: int) -> bytes:
    """The worksheet head (what precedes its rows) with its ``<dimension>`` reaching row
    ``last_row`` and column ``last_col`` (0-based).

    >>> with_dimension(b'<worksheet><dimension ref="A1:K20"/><sheetData>', 99, 10)
    b'<worksheet><dimension ref="A1:K100"/><sheetData>'
    """
    found = re.search(rb'(<(?:\w+:)?dimension\b[^>]*\bref=")([^"]*)(")', head)
    if not found:
        return head
    try:
        old = parse_area(found.group(2).decode())
    except ValueError:
        return head
    new = AreaRef("", CellRef(0, min(old.first.col, 0)),
                  CellRef(max(old.last.row, last_row), max(old.last.col, last_col)))
    ref = format_area(new, absolute=False, sheet=False).encode()
    return head[: found.start(2)] + ref + head[found.end(2):]


_ROWS_END = re.compile(rb"(?:</(?:\w+:)?sheetData>|<(?:\w+:)?sheetData\s*/>)")


def rows_end(xml: bytes) -> int:
    """Where what follows the rows of a worksheet part starts (conditional formats,
    validations, page setup, extensions...).

    >>> xml = b'<worksheet><sheetData><row r="1"/></sheetData><pageMargins/></worksheet>'
    >>> empty = b"<x:sheetData/><x:cols/>"
    >>> xml[rows_end(xml):], empty[rows_end(empty):]
    (b'<pageMargins/></worksheet>', b'<x:cols/>')
    """
    ends = list(_ROWS_END.finditer(xml, max(0, xml.rfind(b"sheetData") - 32)))
    if not ends:
        raise ValueError("no sheetData in the worksheet")
    return ends[-1].end()


def sheet_tail(chunks: Iterable[bytes], window: int = 1 << 20) -> bytes:
    """What follows the rows of a worksheet part read as a stream of chunks, holding
    about ``window`` bytes of the rows at most (a data sheet may be hundreds of MB).

    >>> sheet_tail([b"<worksheet><sheetData><row/>", b"<row/></shee", b"tData><cols/>"], 4)
    b'<cols/>'
    """
    kept, after_rows = b"", False
    for chunk in chunks:
        kept += chunk
        # A plain search first: the pattern would be tried at every "<" of the rows.
        at = kept.rfind(b"sheetData")
        ends = list(_ROWS_END.finditer(kept, max(0, at - 32))) if at >= 0 else []
        if ends:
            kept, after_rows = kept[ends[-1].end():], True
        elif not after_rows and len(kept) > window:
            kept = kept[-32:]  # within the rows: only the start of the closing tag matters
    if not after_rows:
        raise ValueError("worksheet ends before </sheetData>")
    return kept
