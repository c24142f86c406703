"""Craft what Excel writes into a package (XlsxWriter and LibreOffice cannot): shared
formulas, a calculation chain, filtered rows, pivot caches, x14 extensions.

The XML follows what Excel 2016 saves (ECMA-376 part 1 and [MS-XLSX] for ``x14``);
each helper rewrites the package with :mod:`zipfile`, as a user's Excel would have
left it before a refresh.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from xlsales.ooxml.content_types import CONTENT_TYPES
from xlsales.ooxml.parts import parse_cell, read_package
from xlsales.ooxml.relationships import rels_path
from xlsales.ooxml.sheetxml import Rect, patch_sheet

__all__ = ["edit_parts", "put_cells", "add_part", "add_relationship", "sheet_path", "table_path",
           "insert_before", "X14", "XM", "REL", "CT"]

X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml."


def edit_parts(path: Path, edits: dict[str, Callable[[bytes], bytes]]) -> None:
    """Rewrite parts of the package (a part missing from it is created from b"")."""
    with zipfile.ZipFile(path) as archive:
        contents = {info.filename: archive.read(info) for info in archive.infolist()}
    for name, edit in edits.items():
        contents[name] = edit(contents.get(name, b""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def sheet_path(path: Path, sheet: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return read_package(archive).sheet(sheet).path


def table_path(path: Path, table: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return read_package(archive).table(table)[1].path


def put_cells(path: Path, sheet: str, cells: dict[str, str]) -> None:
    """Put raw ``<c>`` elements (formulas, shared formulas) into cells of a sheet."""
    refs = {ref: parse_cell(ref) for ref in cells}
    by_row: dict[int, dict[int, str]] = {}
    for ref, cell in refs.items():
        by_row.setdefault(cell.row, {})[cell.col] = cells[ref]
    owned = [Rect(c.row, c.row, c.col, c.col) for c in refs.values()]
    edit_parts(path, {sheet_path(path, sheet): lambda xml: patch_sheet(xml, owned, by_row)[0]})


def insert_before(anchor: str, fragment: str) -> Callable[[bytes], bytes]:
    """An edit putting ``fragment`` before the first ``anchor`` of a part."""
    def edit(xml: bytes) -> bytes:
        text = xml.decode("utf-8")
        at = text.index(anchor)
        return (text[:at] + fragment + text[at:]).encode("utf-8")
    return edit


def _relationship(rel_id: str, rel_type: str, part: str) -> Callable[[bytes], bytes]:
    def rels(xml: bytes) -> bytes:
        if not xml:
            xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   b'relationships"></Relationships>')
        rel = f'<Relationship Id="{rel_id}" Type="{REL}{rel_type}" Target="/{part}"/>'
        return xml.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
    return rels


def add_relationship(path: Path, source: str, part: str, rel_type: str, rel_id: str) -> None:
    """A relationship from ``source`` to ``part``."""
    edit_parts(path, {rels_path(source): _relationship(rel_id, rel_type, part)})


def add_part(path: Path, part: str, data: bytes, content_type: str, source: str,
             rel_type: str, rel_id: str = "rId900") -> None:
    """Add a part with its content type and a relationship from ``source``."""
    def types(xml: bytes) -> bytes:
        override = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
        return xml.replace(b"</Types>", override.encode() + b"</Types>")

    edit_parts(path, {part: lambda _: data, CONTENT_TYPES: types,
                      rels_path(source): _relationship(rel_id, rel_type, part)})


def strip(xml: str) -> str:
    """XML written on several lines for reading, as one line."""
    return re.sub(r">\s+<", "><", xml.strip())
