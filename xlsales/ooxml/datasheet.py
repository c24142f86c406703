"""The rows of a data table loaded with ``--data``, written as fast as they stream.

A million leads are eleven million cells: they are written as plain text, a chunk of
rows at a time, each column prepared once (a distinct label is escaped once, a number
formatted once per chunk). Labels that repeat (advisors, regions, products, statuses)
go to the workbook's shared-strings table, so each is stored once and the sheet reads
back faster; labels that do not (lead ids) are written inline, so repeated loads do
not pile up strings nobody uses any more. Entries already in the shared strings keep
their place: other sheets refer to them by position.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from typing import Any, Protocol

import numpy as np
import pandas as pd

from .parts import column_letter
from .sheetxml import cell_xml, escape, escape_each, number_text

__all__ = ["CHUNK_ROWS", "MAX_SHARED", "ColumnFill", "SharedStrings", "DataRows"]

#: Rows written per chunk (bounded memory, steady compression).
CHUNK_ROWS = 5000
#: A text column goes to the shared strings when it has at most this many distinct
#: labels, and at most half as many as rows.
MAX_SHARED = 50_000



class ColumnFill(Protocol):
    """The rows to write, column by column: one array per column, of kind ``text``
    (objects), ``number`` (floats, NaN blank), ``date`` (datetime64[D], NaT blank) or
    ``mixed`` (typed values and texts)."""

    kinds: list[str]
    columns: list[np.ndarray]

    def __len__(self) -> int: ...


_PLAIN_ITEM = re.compile(r'<si><t(?: xml:space="preserve")?>([^<]*)</t></si>')


class SharedStrings:
    """A workbook's shared-strings part, extended with new labels.

    Examples
    --------
    >>> table = SharedStrings(b'<sst count="2" uniqueCount="2"><si><t>a</t></si>'
    ...                       b'<si><t>b &amp; c</t></si></sst>')
    >>> table.index("b & c"), table.index("d"), table.index("d")
    (1, 2, 2)
    >>> table.xml()
    b'<sst uniqueCount="3"><si><t>a</t></si><si><t>b &amp; c</t></si><si><t>d</t></si></sst>'
    """

    def __init__(self, xml: bytes) -> None:
        self._text = xml.decode("utf-8")
        self._end = self._text.rindex("</")
        body = self._text[: self._end]
        items = re.findall(r"<si\b", body)
        self._count = len(items)
        self._lookup: dict[str, int] = {}
        for position, found in enumerate(re.finditer(r"<si\b.*?</si>|<si/>", body, re.S)):
            plain = _PLAIN_ITEM.fullmatch(found.group(0))
            if plain:
                self._lookup.setdefault(html.unescape(plain.group(1)), position)
        self._added: list[str] = []

    @property
    def changed(self) -> bool:
        return bool(self._added)

    def index(self, label: str) -> int:
        """The position of ``label``, added at the end if new."""
        found = self._lookup.get(label)
        if found is None:
            found = self._count + len(self._added)
            self._lookup[label] = found
            self._added.append(label)
        return found

    def xml(self) -> bytes:
        """The part with the new labels appended (``uniqueCount`` updated; the total
        ``count`` of references, unknowable without reading every sheet, dropped)."""
        def item(label: str) -> str:
            text = escape(label)
            space = ' xml:space="preserve"' if text != text.strip() else ""
            return f"<si><t{space}>{text}</t></si>"

        head = self._text[: self._end]
        opening = re.search(r"<(?:\w+:)?sst\b[^>]*>", head)
        if opening:
            tag = re.sub(r'\s(count|uniqueCount)="\d*"', "", opening.group(0))
            tag = tag[:-1] + f' uniqueCount="{self._count + len(self._added)}">'
            head = head[: opening.start()] + tag + head[opening.end():]
        added = "".join(item(label) for label in self._added)
        return (head + added + self._text[self._end:]).encode("utf-8")


def _labels(values: np.ndarray, strings: SharedStrings | None) -> tuple[np.ndarray, list[str]]:
    """Codes and per-label cell bodies of a text column."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    shared = len(uniques) <= MAX_SHARED and len(uniques) * 2 <= max(len(values), 1)
    if strings is not None and shared:
        bodies = [f' t="s"><v>{strings.index(str(u))}</v></c>' for u in uniques]
    else:
        bodies = [f' t="inlineStr"><is><t>{text}</t></is></c>'
                  for text in escape_each([str(u) for u in uniques])]
    bodies.append("")  # the blank's code (-1)
    return np.asarray(codes), bodies


def _numbers(values: np.ndarray) -> list[str]:
    return ["" if v != v else f"><v>{number_text(v)}</v></c>"
            for v in np.asarray(values, dtype=float).tolist()]


def _dates(values: np.ndarray) -> list[str]:
    days = np.asarray(values, dtype="datetime64[D]")
    serial = (days - np.datetime64("1899-12-30", "D")).astype("int64")
    return ["" if blank else f"><v>{s}</v></c>"
            for s, blank in zip(serial.tolist(), np.isnat(days).tolist(), strict=True)]


def _mixed(values: np.ndarray) -> list[str]:
    """Cells of a column mixing typed values and the text of unreadable ones."""
    out = []
    for value in values.tolist():
        if value is None or (isinstance(value, float) and value != value):
            out.append("")
        elif isinstance(value, str):
            out.append(f' t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        elif isinstance(value, (dt.date, np.datetime64)):
            out.append(_dates(np.array([value], dtype="datetime64[D]"))[0])
        else:
            xml = cell_xml(0, 0, value, None)
            out.append(xml[xml.index(">"):] if xml else "")
    return out


_TAGS = re.compile(r"<(/?)(v|c|is|t|f)>")


def _prefixed(rows: str, prefix: str) -> str:
    """Rows whose cell bodies (written unprefixed) carry the worksheet's namespace
    prefix; text and formulas are escaped, so a ``<`` is always a tag.

    >>> _prefixed('<x:c r="A1"><v>1</v></c>', "x:")
    '<x:c r="A1"><x:v>1</x:v></x:c>'
    """
    return _TAGS.sub(rf"<\1{prefix}\2>", rows) if prefix else rows


_BY_CHUNK = {"number": _numbers, "date": _dates, "mixed": _mixed}


class DataRows:
    """The rows of a loaded data table. Built eagerly (its labels take their place in
    the shared strings now, so the strings part is known before any part is written),
    written lazily by :meth:`rows`."""

    def __init__(self, fill: ColumnFill, strings: SharedStrings | None,
                 formulas: dict[int, str] | None = None) -> None:
        self.fill = fill
        #: Column index → the formula (XML text) written in every row instead of the
        #: fill's values: a table's calculated column stays calculated.
        self.formulas = formulas or {}
        self.labels = {i: _labels(column, strings) for i, (kind, column)
                       in enumerate(zip(fill.kinds, fill.columns, strict=True))
                       if kind == "text"}

    def rows(self, start: int, first_col: int, styles: list[str | None], prefix: str
             ) -> Iterator[bytes]:
        """The ``<row>`` elements, a chunk at a time.

        ``start`` is the 0-based row of the first data row; ``styles`` the style of each
        column's cells (from the table's first data row, so formats survive reloads).
        """
        fill = self.fill
        heads = [(column_letter(first_col + i), f' s="{style}"' if style else "")
                 for i, style in enumerate(styles)]
        total = len(fill)
        if total == 0:
            blanks = "".join(f'<{prefix}c r="{letter}{start + 1}"{style}/>'
                             for letter, style in heads if style)
            yield f'<{prefix}row r="{start + 1}">{blanks}</{prefix}row>'.encode()
            return
        for first in range(0, total, CHUNK_ROWS):
            last = min(total, first + CHUNK_ROWS)
            bodies: list[Any] = []
            for i, (kind, column) in enumerate(zip(fill.kinds, fill.columns, strict=True)):
                if i in self.formulas:
                    bodies.append([f"><f>{self.formulas[i]}</f></c>"] * (last - first))
                elif i in self.labels:
                    codes, per_label = self.labels[i]
                    bodies.append([per_label[c] for c in codes[first:last].tolist()])
                else:
                    bodies.append(_BY_CHUNK[kind](column[first:last]))
            yield _prefixed(_chunk_xml(heads, bodies, start + first, last - first,
                                       first == 0, prefix), prefix).encode("utf-8")


def _chunk_xml(heads: list[tuple[str, str]], bodies: list[list[str]], start: int,
               count: int, first: bool, prefix: str) -> str:
    """The ``<row>`` elements of a chunk whose first row is ``start`` (0-based): each
    column's cells built by one comprehension, then joined row by row (a million rows
    of eleven cells: per-cell appends cost twice as much)."""
    numbers = [str(n) for n in range(start + 1, start + 1 + count)]
    columns = [[f'<{prefix}c r="{letter}{n}"{style}{body}' if body else ""
                for n, body in zip(numbers, column, strict=True)]
               for (letter, style), column in zip(heads, bodies, strict=True)]
    if first:  # the first row keeps every column's style for the next load
        for (letter, style), column in zip(heads, columns, strict=True):
            if not column[0] and style:
                column[0] = f'<{prefix}c r="{letter}{numbers[0]}"{style}/>'
    close = f"</{prefix}row>"
    return "".join([f'<{prefix}row r="{n}">{"".join(cells)}{close}'
                    for n, *cells in zip(numbers, *columns, strict=True)])
