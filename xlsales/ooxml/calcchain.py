"""The calculation chain (``xl/calcChain.xml``): the formula cells, in the order Excel
last calculated them.

Excel treats an entry naming a cell that no longer holds a formula as damage (the repair
dialog), so whoever removes formula cells prunes their entries; a chain left without any
entry is dropped, with its relationship and content type (Excel rebuilds it).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable

from .content_types import CONTENT_TYPES, remove_override
from .parts import CellRef, parse_cell
from .relationships import rels_path, remove_relationship, targets

__all__ = ["calc_chain_part", "prune_calc_chain", "drop_calc_chain"]

_ENTRY = re.compile(r"<(\w+:)?c\b([^>]*?)(/>|>.*?</\1?c>)", re.S)
_ATTR = re.compile(r'\s(\w+)="([^"]*)"')

#: Whether the formula of a cell (by sheet id, as the chain's ``i``) was removed.
Removed = Callable[[int, CellRef], bool]


def calc_chain_part(archive: zipfile.ZipFile, workbook_path: str) -> str | None:
    """The calculation chain of the workbook, found through its relationships."""
    found = [part for part in targets(archive, workbook_path, "calcChain")
             if part in archive.NameToInfo]
    return found[0] if found else None


def _entry(attrs: dict[str, str], close: str, prefix: str) -> str:
    body = "".join(f' {key}="{value}"' for key, value in attrs.items())
    return f"<{prefix}c{body}{close}"


def prune_calc_chain(xml: bytes, removed: Removed) -> bytes | None:
    """The chain without the entries of removed formula cells: the same bytes when none
    is removed, ``None`` when no entry is left.

    An entry without ``i`` belongs to the sheet of the entry before it: entries kept after
    a removed one get their sheet written out, and a new dependency level (``l``) that
    started on a removed entry starts on the next one kept.

    >>> chain = b'<calcChain><c r="A1" i="1"/><c r="B2" l="1"/><c r="C3"/></calcChain>'
    >>> prune_calc_chain(chain, lambda sheet, cell: cell.col == 1)
    b'<calcChain><c r="A1" i="1"/><c r="C3" i="1" l="1"/></calcChain>'
    >>> prune_calc_chain(chain, lambda sheet, cell: False) == chain
    True
    >>> prune_calc_chain(chain, lambda sheet, cell: sheet == 1) is None
    True
    """
    text = xml.decode("utf-8")
    out: list[str] = []
    position, sheet, kept, dropped, level = 0, 1, 0, False, False
    for found in _ENTRY.finditer(text):
        attrs = dict(_ATTR.findall(found.group(2)))
        sheet = int(attrs.get("i", sheet))
        out.append(text[position:found.start()])
        position = found.end()
        if "r" in attrs and removed(sheet, parse_cell(attrs["r"])):
            dropped = True
            level |= attrs.get("l") == "1"
            continue
        kept += 1
        if dropped:
            attrs.setdefault("i", str(sheet))
            if level:
                attrs["l"] = "1"
            level = False
            out.append(_entry(attrs, found.group(3), found.group(1) or ""))
        else:
            out.append(found.group(0))
    if not dropped:
        return xml
    if not kept:
        return None
    out.append(text[position:])
    return "".join(out).encode("utf-8")


def drop_calc_chain(archive: zipfile.ZipFile, workbook_path: str, chain: str,
                    parts: dict[str, bytes]) -> None:
    """Leave the chain out: ``parts`` gets it as ``b""`` (a removed part), and the
    workbook's relationships and the content types without it."""
    parts[chain] = b""
    book_rels = rels_path(workbook_path)
    parts[book_rels] = remove_relationship(parts.get(book_rels) or archive.read(book_rels),
                                           workbook_path, chain)
    parts[CONTENT_TYPES] = remove_override(parts.get(CONTENT_TYPES)
                                           or archive.read(CONTENT_TYPES), chain)
