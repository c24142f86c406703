"""The cached value of every formula cell of an .xlsx, read from the sheet XML itself
(openpyxl would not tell an empty text from no value, nor an error from a text).

Values: ``float``, ``str``, ``bool``, ``None`` (no cached value) or :class:`Err`
(an error value, LibreOffice's ``Err:5xx`` included).
"""

from __future__ import annotations

import math
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

__all__ = ["Err", "formula_values", "differences"]

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


@dataclass(frozen=True)
class Err:
    code: str


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    book = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", _NS)}
    out = {}
    for sheet in book.findall("m:sheets/m:sheet", _NS):
        target = targets[sheet.get(f"{{{_NS['r']}}}id")] or ""
        out[sheet.get("name") or ""] = (target.lstrip("/") if target.startswith("/")
                                        else posixpath.join("xl", target))
    return out


def _shared(package: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in package.namelist():
        return []
    root = ElementTree.fromstring(package.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{{{_NS['m']}}}t"))
            for si in root.findall("m:si", _NS)]


def _value(cell: ElementTree.Element, shared: list[str]) -> object:
    kind = cell.get("t", "n")
    v = cell.find("m:v", _NS)
    text = v.text if v is not None else None
    if kind == "e":
        return Err(text or "")
    if kind == "s":
        return shared[int(text or 0)]
    if kind in ("str", "inlineStr"):
        return text or ""
    if kind == "b":
        return text == "1"
    return None if text in (None, "") else float(text)


def formula_values(path: Path) -> dict[tuple[str, str], object]:
    """{(sheet, cell): cached value} for every cell holding a formula."""
    out: dict[tuple[str, str], object] = {}
    with zipfile.ZipFile(path) as package:
        shared = _shared(package)
        for name, part in _sheet_parts(package).items():
            root = ElementTree.fromstring(package.read(part))
            for cell in root.iter(f"{{{_NS['m']}}}c"):
                if cell.find("m:f", _NS) is not None:
                    out[(name, cell.get("r") or "")] = _value(cell, shared)
    return out


def _same(ours: object, theirs: object) -> bool:
    if isinstance(ours, Err) or isinstance(theirs, Err):
        # LibreOffice writes its own errors (Err:502...) as #VALUE! or #NUM!... in .xlsx.
        return isinstance(ours, Err) and isinstance(theirs, Err) and ours == theirs
    if isinstance(ours, float) and isinstance(theirs, float):
        # Relative 1e-9; a result that cancels to (almost) zero compares absolutely.
        return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-12)
    return type(ours) is type(theirs) and ours == theirs


def differences(ours: Path, recalculated: Path, limit: int = 20) -> list[str]:
    """Formula cells whose cached value in ``ours`` differs from LibreOffice's."""
    mine, theirs = formula_values(ours), formula_values(recalculated)
    out = []
    for key, value in mine.items():
        other = theirs.get(key, "<no formula>")
        if not _same(value, other):
            out.append(f"{key[0]}!{key[1]}: ours {value!r}, LibreOffice {other!r}")
    return out[:limit] + ([f"... {len(out) - limit} more"] if len(out) > limit else [])
