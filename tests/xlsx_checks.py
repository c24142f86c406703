"""Checks every refreshed package must pass (called after each refresh by an autouse
fixture in ``conftest.py``)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from xlsales.ooxml.calcchain import calc_chain_part
from xlsales.ooxml.content_types import CONTENT_TYPES
from xlsales.ooxml.parts import CellRef, parse_cell, read_package
from xlsales.ooxml.relationships import rels_path

__all__ = ["formula_cells", "calc_chain_entries", "assert_calc_chain_fresh"]

_CELL = re.compile(r"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)


def formula_cells(xml: bytes) -> set[CellRef]:
    """The cells of a worksheet part that hold a formula (master or shared child)."""
    found = set()
    for cell in _CELL.finditer(xml.decode("utf-8")):
        ref = re.search(r'\br="([A-Z]+\d+)"', cell.group(1))
        if ref and cell.group(2) and re.search(r"<(?:\w+:)?f\b", cell.group(2)):
            found.add(parse_cell(ref.group(1)))
    return found


def calc_chain_entries(xml: bytes) -> list[tuple[int, CellRef]]:
    """(sheet id, cell) of each entry of a calculation chain (``i`` carried over)."""
    out, sheet = [], 0
    for entry in re.finditer(r"<(?:\w+:)?c\b([^>]*?)/?>", xml.decode("utf-8")):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', entry.group(1)))
        sheet = int(attrs.get("i", sheet))
        out.append((sheet, parse_cell(attrs["r"])))
    return out


def assert_calc_chain_fresh(path: Path) -> None:
    """Every entry of the calculation chain names a cell that holds a formula; without
    a chain, no relationship or content type names one."""
    with zipfile.ZipFile(path) as archive:
        package = read_package(archive)
        chain = calc_chain_part(archive, package.workbook_path)
        if chain is None:
            rels = archive.read(rels_path(package.workbook_path))
            assert b"/calcChain" not in rels, "a relationship to a removed calcChain"
            assert b"calcChain" not in archive.read(CONTENT_TYPES), \
                "a content type for a removed calcChain"
            assert not [n for n in archive.namelist() if n.endswith("calcChain.xml")]
            return
        entries = calc_chain_entries(archive.read(chain))
        assert entries, "an empty calcChain"
        assert f"/{chain}" in archive.read(CONTENT_TYPES).decode()
        sheets = {s.sheet_id: s for s in package.sheets}
        formulas = {i: formula_cells(archive.read(s.path)) for i, s in sheets.items()
                    if any(e[0] == i for e in entries)}
    stale = [(sheets[i].name, cell) for i, cell in entries if cell not in formulas[i]]
    assert stale == [], f"calcChain entries without a formula: {stale[:5]}"
