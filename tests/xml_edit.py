"""Edit a workbook as a user's spreadsheet would leave it, without a spreadsheet
library: cells of a sheet's XML set to new values, a formula rewritten. The package is
rewritten with :mod:`zipfile` (every other part as it was)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from xlsales.ooxml.parts import read_package

__all__ = ["set_cells", "set_formula", "sheet_xml"]

_EPOCH = dt.date(1899, 12, 30)


def _value_xml(ref: str, style: str, value: object) -> str:
    s = f' s="{style}"' if style else ""
    if isinstance(value, dt.date):
        value = float((value - _EPOCH).days)
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def _rewrite(path: Path, part: str, xml: str) -> None:
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            out.writestr(info, xml.encode("utf-8") if info.filename == part else data)


def sheet_xml(path: Path, sheet: str) -> tuple[str, str]:
    """The part name and XML of a sheet found by its name."""
    with zipfile.ZipFile(path) as archive:
        part = read_package(archive).sheet(sheet).path
        return part, archive.read(part).decode("utf-8")


def set_cells(path: Path, sheet: str, values: dict[str, object]) -> None:
    """Type ``values`` (cell reference → number, text or date) into existing cells of
    ``sheet``, keeping each cell's style."""
    part, xml = sheet_xml(path, sheet)
    for ref, value in values.items():
        pattern = re.compile(rf'<c r="{ref}"(?: s="(\d+)")?[^>]*?(?:/>|>.*?</c>)', re.S)
        found = pattern.search(xml)
        assert found, f"{sheet}!{ref} is not in the sheet"
        xml = xml[:found.start()] + _value_xml(ref, found.group(1) or "", value) + \
            xml[found.end():]
    _rewrite(path, part, xml)


def set_formula(path: Path, sheet: str, ref: str, formula: str) -> str:
    """Replace the formula of cell ``ref``; return the old one."""
    part, xml = sheet_xml(path, sheet)
    found = re.search(rf'(<c r="{ref}"[^>]*>)<f>(.*?)</f>', xml, re.S)
    assert found, f"{sheet}!{ref} holds no formula"
    xml = xml[:found.start(2)] + escape(formula) + xml[found.end(2):]
    _rewrite(path, part, xml)
    return found.group(2)
