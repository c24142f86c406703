"""``xlsales pdf BOOK.xlsx``: the report sheets of a workbook as one PDF, printed by
LibreOffice headless (which recalculates every formula first, in a private profile).

The report sheets are the visible ones except data sheets (a table anchored at A1:
the CRM extract of a dashboard, thousands of rows a director does not want printed);
``sheets`` chooses others. The workbook itself is never modified: LibreOffice prints a
temporary copy in which the other sheets are hidden. Each sheet prints with the page
set-up it was generated with (:mod:`xlsales.templates.page_setup`).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from xlsxwriter.utility import quote_sheetname

from . import libreoffice
from .errors import WorkbookFormatError, XlsalesError
from .i18n import text
from .ooxml.parts import read_package
from .ooxml.save import atomic_path

__all__ = ["SheetChoice", "sheet_choice", "export_pdf"]

_SHEET = re.compile(r"<sheet\b[^>]*/>")


class SheetChoice:
    """A workbook's sheets: all of them in order, the hidden ones and the data sheets."""

    def __init__(self, names: list[str], hidden: set[str], data: set[str]) -> None:
        self.names = names
        self.hidden = hidden
        self.data = data

    @property
    def reports(self) -> list[str]:
        return [n for n in self.names if n not in self.hidden and n not in self.data]


def _attribute(element: str, name: str) -> str | None:
    match = re.search(rf'\b{name}="([^"]*)"', element)
    return match.group(1) if match else None


def _unescape(value: str) -> str:
    return (value.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def sheet_choice(book: Path) -> SheetChoice:
    """Read which sheets ``book`` has, hides, and uses for data."""
    try:
        with zipfile.ZipFile(book) as archive:
            package = read_package(archive)
            workbook = archive.read(package.workbook_path).decode("utf-8")
    except (zipfile.BadZipFile, KeyError) as error:
        raise WorkbookFormatError(f"{book}: {error}") from None
    hidden = {_unescape(_attribute(e, "name") or "") for e in _SHEET.findall(workbook)
              if _attribute(e, "state") in ("hidden", "veryHidden")}
    data = {s.name for s in package.sheets
            if any((t.area.first.row, t.area.first.col) == (0, 0) for t in s.tables)}
    return SheetChoice([s.name for s in package.sheets], hidden, data)


def _only(workbook: str, keep: list[str]) -> str:
    """workbook.xml printing ``keep`` only: every other sheet is hidden and given an
    empty print area (LibreOffice prints hidden sheets, but skips empty pages), the
    first kept one is active."""
    order = [_unescape(_attribute(e, "name") or "") for e in _SHEET.findall(workbook)]

    def state(match: re.Match[str]) -> str:
        element = re.sub(r'\s+state="[^"]*"', "", match.group(0))
        name = _unescape(_attribute(element, "name") or "")
        return element if name in keep else element.replace("<sheet ", '<sheet state="hidden" ')

    workbook = _SHEET.sub(state, workbook)
    skipped = [i for i, name in enumerate(order) if name not in keep]
    workbook = re.sub(r'<definedName name="_xlnm\.Print_Area" localSheetId="(\d+)"[^>]*>'
                      r"[^<]*</definedName>",
                      lambda m: "" if int(m.group(1)) in skipped else m.group(0), workbook)
    empty = "".join(f'<definedName name="_xlnm.Print_Area" localSheetId="{i}">'
                    f"{quote_sheetname(_xml(order[i]))}!$XFD$1048576</definedName>"
                    for i in skipped)
    if "<definedNames>" in workbook:
        workbook = workbook.replace("<definedNames>", "<definedNames>" + empty, 1)
    else:
        workbook = workbook.replace("</sheets>", f"</sheets><definedNames>{empty}</definedNames>",
                                    1)
    active = order.index(keep[0])
    workbook = re.sub(r'\s(activeTab|firstSheet)="\d+"', "", workbook)
    return re.sub(r"<workbookView\b", f'<workbookView activeTab="{active}" firstSheet="{active}"',
                  workbook, count=1)


def _xml(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _copy_showing(book: Path, keep: list[str], target: Path) -> None:
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(target, "w") as dst:
        workbook_path = read_package(src).workbook_path
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == workbook_path:
                data = _only(data.decode("utf-8"), keep).encode("utf-8")
            dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


def _chosen(choice: SheetChoice, sheets: list[str] | None, book: Path, lang: str) -> list[str]:
    if not sheets:
        if not choice.reports:
            raise XlsalesError(text("messages.pdf.no_sheet", lang).format(path=book))
        return choice.reports
    unknown = [s for s in sheets if s not in choice.names]
    if unknown:
        raise XlsalesError(text("messages.pdf.unknown_sheet", lang).format(
            path=book, sheet=", ".join(unknown), sheets=", ".join(choice.names)))
    return [name for name in choice.names if name in sheets]


def export_pdf(book: Path | str, out: Path | str | None = None,
               sheets: list[str] | None = None, lang: str = "fr") -> Path:
    """Print the report sheets of ``book`` (or ``sheets``) to ``out`` (default: beside
    the workbook, with a .pdf extension); return the PDF's path."""
    book = Path(book)
    target = Path(out) if out is not None else book.with_suffix(".pdf")
    keep = _chosen(sheet_choice(book), sheets, book, lang)
    try:
        libreoffice.soffice()
    except libreoffice.LibreOfficeError:
        raise XlsalesError(text("messages.pdf.no_libreoffice", lang)) from None
    with tempfile.TemporaryDirectory(prefix="xlsales-pdf-") as tmp:
        copy = Path(tmp) / book.name
        _copy_showing(book, keep, copy)
        try:
            pdf = libreoffice.to_pdf(copy, Path(tmp) / "out", lang=lang)
        except (libreoffice.LibreOfficeError, OSError) as error:
            raise XlsalesError(text("messages.pdf.failed", lang).format(
                path=book, reason=str(error).strip()[:300])) from None
        with atomic_path(target) as partial:
            shutil.copyfile(pdf, partial)
    return target
