"""Add a very hidden, protected sheet of values, with workbook-level names on its
cells, to a package just written (by XlsxWriter: one namespace, no prefixes).

A very hidden sheet does not appear in the *Unhide* list of Excel or LibreOffice; its
protection keeps its cells read-only. The names point at its cells, so that a reader
finds each value by name whatever the program that saves the workbook next renames
(parts, relationship ids, sheet order). Every other member of the package is copied as
its compressed bytes.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import IO, BinaryIO, cast
from xml.sax.saxutils import escape

from .parts import column_letter
from .save import atomic_replace
from .zipcopy import ZipRewriter, raw_member

__all__ = ["add_hidden_sheet"]

_PART = "xl/worksheets/xlsales-hidden.xml"
_REL_ID = "rIdXlsalesHidden"
_WORKSHEET = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
              "worksheet")
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def _cell(row: int, col: int, value: str | float) -> str:
    ref = f"{column_letter(col)}{row + 1}"
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def sheet_xml(rows: list[tuple[str, str | float]]) -> bytes:
    """The sheet: one row per entry, its label in A and its value in B."""
    body = "".join(f'<row r="{index + 1}">{_cell(index, 0, label)}{_cell(index, 1, value)}'
                   f"</row>" for index, (label, value) in enumerate(rows))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="A1:B{max(len(rows), 1)}"/>'
            '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/><cols><col min="1" max="2" width="40" '
            f'customWidth="1"/></cols><sheetData>{body}</sheetData>'
            '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0"/>'
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/></worksheet>').encode()


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _workbook(xml: bytes, sheet: str, names: dict[str, int]) -> bytes:
    part = xml.decode("utf-8")
    ids = [int(i) for i in re.findall(r'<sheet\b[^>]*\bsheetId="(\d+)"', part)]
    entry = (f'<sheet name="{escape(sheet)}" sheetId="{max(ids, default=0) + 1}" '
             f'state="veryHidden" r:id="{_REL_ID}"/>')
    part = part.replace("</sheets>", entry + "</sheets>", 1)
    defined = "".join(
        f'<definedName name="{name}" hidden="1">{escape(_quoted(sheet))}!$B${row + 1}'
        f"</definedName>" for name, row in names.items())
    if "</definedNames>" in part:
        part = part.replace("</definedNames>", defined + "</definedNames>", 1)
    else:
        part = part.replace("</sheets>", f"</sheets><definedNames>{defined}</definedNames>", 1)
    return part.encode("utf-8")


def _rels(xml: bytes) -> bytes:
    rel = (f'<Relationship Id="{_REL_ID}" Type="{_WORKSHEET}" '
           f'Target="worksheets/{_PART.rsplit("/", 1)[1]}"/>')
    return xml.replace(b"</Relationships>", rel.encode() + b"</Relationships>", 1)


def _types(xml: bytes) -> bytes:
    override = f'<Override PartName="/{_PART}" ContentType="{_TYPE}"/>'
    return xml.replace(b"</Types>", override.encode() + b"</Types>", 1)


def add_hidden_sheet(path: Path | str, sheet: str, rows: list[tuple[str, str | float]],
                     names: dict[str, str], target: Path | str | None = None) -> None:
    """Append the very hidden sheet ``sheet`` holding ``rows`` (label, value) to the
    workbook at ``path``, and define each name of ``names`` (name → label of a row) on
    its value's cell. The result replaces ``target`` (by default ``path``) atomically."""
    path = Path(path)
    row_of = {label: index for index, (label, _) in enumerate(rows)}
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
        patched = {
            "xl/workbook.xml": _workbook(archive.read("xl/workbook.xml"), sheet,
                                         {name: row_of[label] for name, label in names.items()}),
            "xl/_rels/workbook.xml.rels": _rels(archive.read("xl/_rels/workbook.xml.rels")),
            "[Content_Types].xml": _types(archive.read("[Content_Types].xml")),
        }

        def write(out: IO[bytes]) -> None:
            writer = ZipRewriter(cast(BinaryIO, out))
            with path.open("rb") as source:
                for info in members:
                    if info.filename in patched:
                        writer.write(info.filename, patched[info.filename], like=info)
                    else:
                        writer.copy(info, raw_member(source, info))
            writer.write(_PART, sheet_xml(rows), like=members[0], level=1)
            writer.close()

        atomic_replace(target or path, write)
