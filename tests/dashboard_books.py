"""Helpers of the dashboard tests: workbooks, extracts and zip members."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path
from typing import Any

from xlsales.ooxml.parts import parse_cell, read_package
from xlsales.ooxml.sheetxml import Rect, cell_xml, patch_sheet, read_cells

LEADS_HEADER = ["id_lead", "date_creation", "date_signature", "conseiller", "region",
                "produit", "canal", "cible", "statut", "prime", "nb_contrats"]


def lead(id_lead: str, advisor: str = "Ana Roux", status: str = "client",
         premium: str = "1 000,00 €", created: str = "02/01/2025",
         signed: str = "20/01/2025", region: str = "Nord", product: str = "Auto",
         channel: str = "phoning", target: str = "particulier", contracts: str = "") -> list:
    """One lead as a French export writes it (a client by default)."""
    if status != "client":
        premium, signed = "", ""
    return [id_lead, created, signed, advisor, region, product, channel, target, status,
            premium, contracts]


def write_leads(path: Path, rows: list[list[str]], header: list[str] | None = None,
                encoding: str = "utf-8") -> Path:
    """A French CSV (``;``, BOM when UTF-8) of leads."""
    lines = [";".join(header or LEADS_HEADER)] + [";".join(row) for row in rows]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    path.write_bytes((codecs.BOM_UTF8 if encoding == "utf-8" else b"") + data)
    return path


def members(path: Path) -> dict[str, bytes]:
    """Every zip member, decompressed."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def raw_members(path: Path) -> dict[str, bytes]:
    """Every zip member's compressed bytes, as stored."""
    from xlsales.ooxml.zipcopy import raw_member

    with zipfile.ZipFile(path) as archive, path.open("rb") as stream:
        return {info.filename: raw_member(stream, info) for info in archive.infolist()}


def set_cells(path: Path, sheet: str, values: dict[str, Any]) -> None:
    """Type values into cells of a sheet (keeping their styles), as a user would."""
    with zipfile.ZipFile(path) as archive:
        package = read_package(archive)
        part = package.sheet(sheet).path
        xml = archive.read(part)
        contents = {info: archive.read(info.filename) for info in archive.infolist()}
    refs = {ref: parse_cell(ref) for ref in values}
    styles = read_cells(xml, refs.values())
    cells: dict[int, dict[int, str]] = {}
    for ref, cell in refs.items():
        style = styles.get(cell, {}).get("s")
        cells.setdefault(cell.row, {})[cell.col] = cell_xml(cell.row, cell.col, values[ref],
                                                            style)
    owned = [Rect(c.row, c.row, c.col, c.col) for c in refs.values()]
    patched, _ = patch_sheet(xml, owned, cells)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in contents.items():
            archive.writestr(info, patched if info.filename == part else data)


def sheet_part(path: Path, sheet: str) -> str:
    """The part name of a sheet."""
    with zipfile.ZipFile(path) as archive:
        return read_package(archive).sheet(sheet).path


def cell_elements(path: Path, sheet: str, refs: list[str]) -> dict[str, dict[str, str]]:
    """The attributes of some cells of a sheet (style, type)."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(read_package(archive).sheet(sheet).path)
    found = read_cells(xml, [parse_cell(r) for r in refs])
    return {r: found.get(parse_cell(r), {}) for r in refs}


def owned_parts(path: Path) -> set[str]:
    """The parts a refresh may rewrite, from the layout (and, loading data, the shared
    strings, which gain the extract's labels)."""
    from xlsales.dashboard.layout import BLOCKS, DATA_TABLES, FIGURES
    from xlsales.dashboard.workbook_file import WorkbookFile

    with WorkbookFile(path) as workbook:
        package = workbook.package
        owned = {package.workbook_path, package.shared_strings}
        for name in [b.table for b in BLOCKS] + [d.table for d in DATA_TABLES]:
            sheet, table = package.table(name)
            owned |= {sheet.path, table.path, *sheet.charts}
        for figure in FIGURES:
            owned.add(package.sheet(package.name_area(figure.name).sheet).path)
    return owned


def four_leads_dashboard(folder: Path) -> Path:
    """A new dashboard refreshed from four leads of three advisors (one lost, one only
    qualified): the original several test modules start from."""
    from xlsales.dashboard import new_dashboard, refresh_file

    book = new_dashboard(folder / "tableau.xlsx")
    rows = [lead("L1", "Ana Roux"), lead("L2", "Ben Morel", premium="500,00 €"),
            lead("L3", "Chloé Petit", status="perdu"), lead("L4", status="qualifié")]
    refresh_file(book, write_leads(folder / "leads.csv", rows))
    return book
