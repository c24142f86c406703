"""ooxml.calcchain: entries of removed formula cells pruned, an empty chain dropped."""

from __future__ import annotations

import io
import zipfile

import pytest

from xlsales.ooxml.calcchain import calc_chain_part, drop_calc_chain, prune_calc_chain
from xlsales.ooxml.parts import CellRef

# As Excel writes it: the sheet id (i) only where it changes, l="1" where a new
# dependency level starts.
CHAIN = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         b'<c r="D5" i="1"/><c r="D6"/><c r="L2" i="11" l="1"/><c r="L3"/><c r="L4"/>'
         b'<c r="O60" i="2"/></calcChain>')


def _leads_column(sheet: int, cell: CellRef) -> bool:
    return sheet == 11 and cell.col == 11


def test_entries_of_removed_cells_go_and_the_next_one_carries_their_sheet_and_level():
    pruned = prune_calc_chain(CHAIN, lambda sheet, cell: sheet == 11 and cell.row < 3)
    assert pruned is not None
    assert pruned.split(b">", 2)[2] == (
        b'<c r="D5" i="1"/><c r="D6"/><c r="L4" i="11" l="1"/><c r="O60" i="2"/>'
        b'</calcChain>')


def test_a_chain_without_a_removed_cell_keeps_its_bytes():
    assert prune_calc_chain(CHAIN, lambda sheet, cell: sheet == 5) is CHAIN


def test_a_chain_left_without_entries_is_none():
    assert prune_calc_chain(CHAIN, lambda sheet, cell: True) is None


def test_a_prefixed_chain_is_pruned():
    chain = b'<x:calcChain xmlns:x="m"><x:c r="A1" i="3"/><x:c r="A2"/></x:calcChain>'
    assert prune_calc_chain(chain, lambda s, c: c.row == 0) == (
        b'<x:calcChain xmlns:x="m"><x:c r="A2" i="3"/></x:calcChain>')


def _package(chain_name: str) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("wb/book.xml", b"<workbook/>")
        archive.writestr("wb/_rels/book.xml.rels", (
            '<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="s.xml"/>'
            f'<Relationship Id="rId2" Type="http://x/calcChain" Target="{chain_name}"/>'
            "</Relationships>").encode())
        archive.writestr("[Content_Types].xml", (
            b'<Types><Override PartName="/wb/s.xml" ContentType="w"/>'
            b'<Override PartName="/wb/chaine.xml" ContentType="c"/></Types>'))
        archive.writestr("wb/chaine.xml", CHAIN)
    return zipfile.ZipFile(buffer)


@pytest.mark.parametrize("name", ["chaine.xml", "/wb/chaine.xml"])
def test_the_chain_is_found_through_the_workbook_relationships(name):
    assert calc_chain_part(_package(name), "wb/book.xml") == "wb/chaine.xml"


def test_a_dropped_chain_loses_its_relationship_and_content_type():
    parts: dict[str, bytes] = {}
    drop_calc_chain(_package("chaine.xml"), "wb/book.xml", "wb/chaine.xml", parts)
    assert parts["wb/chaine.xml"] == b""  # a removed part, for rewrite_package
    assert parts["wb/_rels/book.xml.rels"] == (
        b'<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="s.xml"/>'
        b"</Relationships>")
    assert parts["[Content_Types].xml"] == (
        b'<Types><Override PartName="/wb/s.xml" ContentType="w"/></Types>')
