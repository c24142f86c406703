"""Type a sheet into a headless LibreOffice Calc, recalculate it and read it back, over UNO.

This file runs under the Python that has LibreOffice's ``uno`` module (``/usr/bin/python3``
with python3-uno on Debian, LibreOffice's own ``program/python`` elsewhere), not
xlsales' Python: it imports nothing of xlsales. :func:`xlsales.oxt.calc_run.run_sheet`
starts it with a JSON spec::

    {"profile": "/tmp/profile", "ods": "/tmp/book.ods", "pdf": "/tmp/book.pdf",
     "sheets": {"Feuille": [["A1", 2330], ["B1", "=KPI_CAC(A1;5)"], ["C1", 44593, "date"]]},
     "arrays": {"Feuille": [["E1:G6", "=KPI_FUNNEL(A1:A5)"]]},
     "widths": {"Feuille": {"A": 4000}}, "bold": {"Feuille": ["A1:G1"]},
     "one_page": true, "describe": ["KPI_CAC"]}

Formulas are written as the API takes them: English function names, ``;`` between
arguments; a text starting with ``'`` is written as that text (a formula shown as
text). The sheet is saved as .ods and closed; then the saved file is opened again,
recalculated, and every used cell is printed as JSON (value, text, error code,
formula), the way a user's workbook would be opened and read, with what the function
wizard shows for the functions named in ``describe`` (in LibreOffice's UI language).
``pdf`` renders the sheet.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

#: Number formats a spec can name for a cell: en-US codes shown the French way
#: ([$-40C] is French (France): space between thousands, decimal comma).
FORMATS = {"date": "DD/MM/YYYY", "bool": "BOOLEAN", "percent": "[$-40C]0.0%",
           "euro": '[$-40C]#,##0" €"', "euro2": '[$-40C]#,##0.00" €"',
           "number": "[$-40C]#,##0.00"}


def _connect(soffice: str, profile: str, pipe: str) -> tuple[Any, subprocess.Popen[bytes]]:
    import uno

    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}",
         "--headless", "--norestore", "--invisible", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            return resolver.resolve(
                f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"), office
        except Exception:  # NoConnectException until soffice listens
            if time.monotonic() > deadline or office.poll() is not None:
                office.kill()
                raise
            time.sleep(0.1)


def _props(**values: Any) -> tuple[Any, ...]:
    from com.sun.star.beans import PropertyValue

    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _format_key(doc: Any, code: str) -> int:
    from com.sun.star.lang import Locale

    formats, locale = doc.getNumberFormats(), Locale("en", "US", "")
    key = formats.queryKey(code, locale, False)
    return key if key != -1 else formats.addNew(code, locale)


def _put(doc: Any, cell: Any, value: Any, fmt: list[str]) -> None:
    if isinstance(value, str) and value.startswith("="):
        cell.setFormula(value)
    elif isinstance(value, str) and value.startswith("'"):
        cell.setString(value[1:])  # a text shown as typed, even "=KPI_CAC(...)"
    elif isinstance(value, str):
        cell.setString(value)
    elif value is not None:
        cell.setValue(value)
    if fmt and fmt[0]:
        cell.NumberFormat = _format_key(doc, FORMATS.get(fmt[0], fmt[0]))


def _write_sheet(doc: Any, sheet: Any, name: str, spec: dict[str, Any]) -> None:
    for ref, value, *fmt in spec["sheets"][name]:
        _put(doc, sheet.getCellRangeByName(ref), value, fmt)
    for ref, formula in spec.get("arrays", {}).get(name, []):
        sheet.getCellRangeByName(ref).setArrayFormula(formula)
    for column, width in spec.get("widths", {}).get(name, {}).items():
        sheet.getColumns().getByName(column).Width = width
    for ref in spec.get("bold", {}).get(name, []):
        sheet.getCellRangeByName(ref).CharWeight = 150.0  # com.sun.star.awt.FontWeight.BOLD


def _write(doc: Any, spec: dict[str, Any]) -> None:
    sheets = doc.getSheets()
    for index, name in enumerate(spec["sheets"]):
        if index >= sheets.getCount():
            sheets.insertNewByName(name, index)
        sheet = sheets.getByIndex(index)
        sheet.setName(name)
        _write_sheet(doc, sheet, name, spec)
    if spec.get("one_page"):
        _one_landscape_page(doc)


def _one_landscape_page(doc: Any) -> None:
    """Every sheet printed on one landscape page, without header or footer."""
    styles = doc.getStyleFamilies().getByName("PageStyles")
    for name in styles.getElementNames():
        style = styles.getByName(name)
        if not style.IsLandscape:
            style.Width, style.Height = style.Height, style.Width
        style.IsLandscape = True
        style.HeaderIsOn = False
        style.FooterIsOn = False
        style.ScaleToPagesX = 1
        style.ScaleToPagesY = 1


def _is_text(cell: Any) -> bool:
    """Whether the cell holds or computes a text (com.sun.star.sheet.FormulaResult)."""
    from com.sun.star.table.CellContentType import (
        FORMULA,
        TEXT,
    )

    kind = cell.getType()
    if kind == FORMULA:
        return bool(cell.FormulaResultType2 == 2)  # FormulaResult.STRING
    return bool(kind == TEXT)


def _read(doc: Any) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    sheets = doc.getSheets()
    for index in range(sheets.getCount()):
        sheet = sheets.getByIndex(index)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        end = cursor.getRangeAddress()
        cells = {}
        for row in range(end.EndRow + 1):
            for col in range(end.EndColumn + 1):
                cell = sheet.getCellByPosition(col, row)
                formula = cell.getFormula()
                if not formula:
                    continue
                ref = cell.AbsoluteName.rsplit(".", 1)[-1].replace("$", "")
                cells[ref] = {"value": cell.getValue(), "text": cell.getString(),
                              "error": cell.getError(), "formula": formula,
                              "is_text": _is_text(cell)}
        out[sheet.getName()] = cells
    return out


def _describe(ctx: Any, names: list[str]) -> dict[str, Any]:
    """What the function wizard shows for ``names``, in LibreOffice's UI language."""
    wanted, out = set(names), {}
    descriptions = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.sheet.FunctionDescriptions", ctx)
    for index in range(descriptions.getCount()):
        props = {p.Name: p.Value for p in descriptions.getByIndex(index)}
        if props["Name"] in wanted:
            out[props["Name"]] = {
                "description": props["Description"],
                "arguments": [[a.Name, a.Description] for a in props["Arguments"]]}
    return out


def run(spec: dict[str, Any]) -> dict[str, Any]:
    """Write, save, reopen, recalculate and read the sheet of ``spec``."""
    ods = Path(spec["ods"]).resolve()
    ctx, office = _connect(spec.get("soffice", "soffice"), spec["profile"], f"xlsales{os.getpid()}")
    try:
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0,
                                           _props(Hidden=True))
        _write(doc, spec)
        doc.storeToURL(ods.as_uri(), _props(FilterName="calc8"))
        doc.close(True)
        doc = desktop.loadComponentFromURL(ods.as_uri(), "_blank", 0, _props(Hidden=True))
        doc.calculateAll()
        result = {"sheets": _read(doc), "functions": _describe(ctx, spec.get("describe", []))}
        doc.store()  # the recalculated values cached in the .ods
        if spec.get("pdf"):
            doc.storeToURL(Path(spec["pdf"]).resolve().as_uri(),
                           _props(FilterName="calc_pdf_Export"))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge goes down with soffice: expected
            pass
    finally:
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()
    return result


if __name__ == "__main__":
    json.dump(run(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))), sys.stdout)
