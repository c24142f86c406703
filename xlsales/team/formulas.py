"""The formulas of a workbook as a map that survives a re-save by another program.

Excel and LibreOffice rewrite the whole package when they save: parts are renumbered,
formulas shared between cells (Excel), function prefixes and spacing change. What stays
is each formula's meaning. A formula is compared here in relative (R1C1) form, with
spaces, case, function prefixes and sheet-name quotes outside text constants folded
away: a cell's formula and its neighbour's read the same when they are the same formula
copied down, and a shared formula reads as its master cell's.

The map is ``{sheet name: {cell (A1): normalised formula}}``; :func:`pack` keeps it in
a few text cells of the identification sheet, :func:`digest` fingerprints it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zipfile
import zlib
from collections.abc import Iterator

from ..ooxml.parts import CellRef, Package, column_index, column_letter, parse_cell

__all__ = ["FormulaMap", "formula_map", "written_formula", "normalise", "relative", "digest",
           "pack", "unpack", "differences"]

FormulaMap = dict[str, dict[str, str]]

_REF = re.compile(rb'r="([A-Z]+\d+)"')
_F = re.compile(rb"<(?:\w+:)?f\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_SI = re.compile(rb'\bsi="(\d+)"')
_SHARED = re.compile(rb'\bt="shared"')
#: A cell reference (not part of a name, not a function, not a sheet-qualified name).
_A1 = re.compile(r"(?<![A-Za-z0-9_.])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(!])")
_STRING = re.compile(r'("(?:[^"]|"")*")')
_PREFIX = re.compile(r"_xl(?:fn|ws|pm)\.", re.I)
_SPACE = re.compile(r"\s+")
#: A number constant (not the digits of a reference, a name or a function).
_NUMBER = re.compile(r"(?<![A-Za-z0-9_$.])(\d+\.?\d*(?:E[+-]?\d+)?|\.\d+(?:E[+-]?\d+)?)"
                     r"(?![A-Za-z0-9_(.])")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


def _unescape(text: bytes) -> str:
    out = text.decode("utf-8")
    if "&" in out:
        out = re.sub(r"&(amp|lt|gt|quot|apos);", lambda m: _ENTITIES[m.group(0)], out)
        out = re.sub(r"&#(x?)([0-9A-Fa-f]+);",
                     lambda m: chr(int(m.group(2), 16 if m.group(1) else 10)), out)
    return out


def relative(formula: str, at: CellRef) -> str:
    """``formula`` with its relative references written from the cell ``at``.

    >>> relative("A1+$B$2+C$3", CellRef(1, 1))
    'R[-1]C[-1]+R2C2+R3C[1]'
    """

    def swap(found: re.Match[str]) -> str:
        col_abs, letters, row_abs, digits = found.groups()
        row_index, col_index = int(digits) - 1, column_index(letters)
        row = f"R{row_index + 1}" if row_abs else f"R[{row_index - at.row}]"
        col = f"C{col_index + 1}" if col_abs else f"C[{col_index - at.col}]"
        return row + col

    return _A1.sub(swap, formula)


def _number(found: re.Match[str]) -> str:
    value = float(found.group(1))
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def normalise(formula: str, at: CellRef) -> str:
    """A formula as compared: relative form, no spaces, upper case, no function
    prefixes or sheet-name quotes, outside its text constants (which stay as written).

    >>> normalise("=if(a1 > 0, 'Mes notes'!$B$2, \\"a b\\")", CellRef(0, 1))
    'IF(R[0]C[-1]>0,MESNOTES!R2C2,"a b")'
    """
    formula = formula.lstrip("=").strip()
    if formula.startswith("{") and formula.endswith("}"):
        formula = formula[1:-1].lstrip("=")
    parts = _STRING.split(formula)
    for index in range(0, len(parts), 2):
        part = _PREFIX.sub("", parts[index])
        part = _SPACE.sub("", part).replace("'", "").upper()
        # LibreOffice writes the logical constants as functions.
        part = part.replace("TRUE()", "TRUE").replace("FALSE()", "FALSE")
        # ... and write 1E-14 as 0.00000000000001: a number compares as its value.
        part = _NUMBER.sub(_number, part)
        parts[index] = relative(part, at)
    return "".join(parts)


def _raw_formulas(xml: bytes) -> list[tuple[str, bytes, bytes]]:
    """Each formula of a sheet as written: its cell, attributes and text."""
    out = []
    for formula in _F.finditer(xml):
        # The cell's reference is the last r="..." before its formula (<c r="B5" ...><f>).
        ref_at = xml.rfind(b' r="', 0, formula.start())
        ref_found = _REF.match(xml, ref_at + 1) if ref_at >= 0 else None
        if ref_found is not None:
            out.append((ref_found.group(1).decode(), formula.group(1), formula.group(2) or b""))
    return out


def _normalised(raw: list[tuple[str, bytes, bytes]]) -> list[tuple[str, str]]:
    shared: dict[bytes, str] = {}
    out = []
    for ref, attrs, text in raw:
        if _SHARED.search(attrs):
            index = _SI.search(attrs)
            key = index.group(1) if index else b""
            if text:
                shared[key] = normalise(_unescape(text), parse_cell(ref))
            if key in shared:
                out.append((ref, shared[key]))
        elif text:
            out.append((ref, normalise(_unescape(text), parse_cell(ref))))
    return out


#: Sheets' formulas already normalised, by a digest of their formulas as written: the
#: workbooks of one distribution share their layout, so a worker normalises each
#: layout once.
_SEEN: dict[bytes, list[tuple[str, str]]] = {}
_SEEN_MAX = 64


def _sheet_formulas(xml: bytes) -> list[tuple[str, str]]:
    raw = _raw_formulas(xml)
    key = hashlib.blake2b(repr(raw).encode("utf-8"), digest_size=20).digest()
    found = _SEEN.get(key)
    if found is None:
        if len(_SEEN) >= _SEEN_MAX:
            _SEEN.clear()
        found = _SEEN[key] = _normalised(raw)
    return found


def written_formula(xml: bytes, ref: str) -> str:
    """The formula of cell ``ref`` as the sheet's XML writes it (to show a user), or an
    empty text (a value, or a shared formula's copy)."""
    at = xml.find(f' r="{ref}"'.encode())
    if at < 0:
        return ""
    end = xml.find(b"</", at)
    found = _F.search(xml, at, xml.find(b">", end) + 1 if end >= 0 else len(xml))
    if found is None or found.group(2) is None:
        return ""
    return "=" + _unescape(found.group(2))


def formula_map(archive: zipfile.ZipFile, package: Package,
                sheets: list[str] | None = None) -> FormulaMap:
    """The normalised formulas of the named sheets (all sheets when ``None``)."""
    out: FormulaMap = {}
    for sheet in package.sheets:
        if sheets is not None and sheet.name not in sheets:
            continue
        out[sheet.name] = dict(_sheet_formulas(archive.read(sheet.path)))
    return out


def digest(formulas: FormulaMap) -> str:
    """A short fingerprint of a formula map (the same map, the same text)."""
    data = json.dumps(formulas, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def _runs(cells: dict[str, str]) -> list[list[object]]:
    """A sheet's formulas in runs down each column: [column, first row, last row,
    formula] (a formula copied down a table is one run)."""
    by_col: dict[int, list[tuple[int, str]]] = {}
    for ref, formula in cells.items():
        at = parse_cell(ref)
        by_col.setdefault(at.col, []).append((at.row, formula))
    runs: list[list[object]] = []
    for col in sorted(by_col):
        for row, formula in sorted(by_col[col]):
            last = runs[-1] if runs else None
            if last and last[0] == col and last[2] == row - 1 and last[3] == formula:
                last[2] = row
            else:
                runs.append([col, row, row, formula])
    return runs


def pack(formulas: FormulaMap) -> str:
    """The map as compact text (compressed runs, base64)."""
    data = json.dumps({sheet: _runs(cells) for sheet, cells in formulas.items()},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(zlib.compress(data, 9)).decode("ascii")


def unpack(text: str) -> FormulaMap:
    """The map :func:`pack` wrote; ``ValueError`` when the text is not one."""
    try:
        runs = json.loads(zlib.decompress(base64.b64decode(text.encode("ascii"))))
    except (ValueError, zlib.error, UnicodeEncodeError) as error:
        raise ValueError(f"not a formula map: {error}") from None
    out: FormulaMap = {}
    for sheet, sheet_runs in runs.items():
        cells = out.setdefault(sheet, {})
        for col, first, last, formula in sheet_runs:
            for row in range(first, last + 1):
                cells[f"{column_letter(col)}{row + 1}"] = formula
    return out


def differences(expected: FormulaMap, found: FormulaMap) -> Iterator[tuple[str, str, str]]:
    """Each expected formula missing or changed: (sheet, cell, what is there now — the
    normalised formula, or an empty text for a value). Formulas in other cells (an
    input typed as ``=120+30``) are not differences."""
    for sheet, cells in expected.items():
        there = found.get(sheet, {})
        for ref, formula in cells.items():
            now = there.get(ref)
            if now != formula:
                yield sheet, ref, now or ""
