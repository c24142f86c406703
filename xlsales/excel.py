"""What each button of the xlsales ribbon runs in Excel, through xlwings.

The add-in's VBA (``RibbonXlsales``, see :mod:`xlsales.ribbon`) calls these by name::

    RunPython "import xlsales.excel; xlsales.excel.refresh()"

Each finds the workbook (the active one: the caller is the add-in), says in Excel's
status bar what it is doing, and ends with one message box: what was done, or the one
message saying why nothing was (never a traceback). None holds logic of its own:

- :func:`refresh` and :func:`load_extract` run the dashboard's refresh through
  :class:`~xlsales.dashboard.in_excel.XlwingsBook` (reading and writing the open
  workbook), the extract read as ``xlsales refresh --data`` reads it;
- :func:`take_snapshot`, and :func:`refresh` on a pipeline, save the workbook, close it,
  run the headless operation on the file, and reopen it;
- :func:`new_workbook` writes a template as ``xlsales new`` does and opens it;
- :func:`export_pdf` saves the workbook and renders it to PDF beside it.

Every function takes the workbook as an optional last argument: RunPython passes none,
xlwings Lite and the tests pass one (the tests a fake Book recording what is read and
written).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import XlsalesError
from .i18n import DEFAULT_LANG, text

__all__ = ["refresh", "load_extract", "take_snapshot", "new_workbook", "export_pdf",
           "NotOnDiskError", "PdfExportError"]

Say = Callable[[str], None]


class NotOnDiskError(XlsalesError):
    """The workbook has no file on this computer (never saved, or only online)."""


class PdfExportError(XlsalesError):
    """The PDF could not be written."""


def _caller() -> Any:
    import xlwings as xw

    book = xw.Book.caller()
    if book.name.lower().endswith(".xlam"):
        # Called from the add-in itself: the workbook to work on is the active one.
        book = book.app.books.active
    return book


def _status(app: Any, message: str | bool) -> None:
    """Say in Excel's status bar what is being done (xlwings Lite has none)."""
    try:
        app.status_bar = message
    except NotImplementedError:
        pass


def _lang(book: Any) -> str:
    from .dashboard.in_excel import XlwingsBook

    return XlwingsBook(book).lang


def _report(book: Any, lang: str, work: Callable[[Say], str]) -> str:
    """Run ``work``, telling the status bar its steps; end with one message box."""
    app = book.app
    try:
        message, mode = work(lambda step: _status(app, step)), "info"
    except XlsalesError as error:
        message, mode = text("excel.failed", lang) + "\n" + str(error), "critical"
    finally:
        _status(app, False)
    app.alert(message, title="xlsales", buttons="ok", mode=mode)
    return message


def _has_table(book: Any, name: str) -> bool:
    return any(table.name.lower() == name.lower()
               for sheet in book.sheets for table in sheet.tables)


def _on_file(book: Any, lang: str, say: Say, operation: Callable[[Path], str]) -> str:
    """Run a headless operation on the workbook's file: save, close, run, reopen."""
    path = Path(book.fullname)
    if not path.is_file():
        raise NotOnDiskError(text("excel.not_on_disk", lang).format(name=book.name))
    app = book.app
    say(text("excel.saving", lang))
    book.save()
    book.close()
    try:
        return operation(path)
    finally:
        app.books.open(str(path))


def _refresh(book: Any, lang: str, say: Say, extracts: dict[str, Any]) -> str:
    from .dashboard.in_excel import XlwingsBook
    from .dashboard.refresh import run, summary

    adapter = XlwingsBook(book)
    outcome = run(adapter, adapter, extracts,
                  progress=lambda step: say(text(f"dashboard.message.{step}", lang)))
    return summary(outcome)


def refresh(book: Any = None) -> str:
    """Rafraîchir: refresh the active dashboard (or a pipeline's film)."""
    from .prospects.names import SNAPSHOT_TABLE

    book = book or _caller()
    lang = _lang(book)
    if _has_table(book, SNAPSHOT_TABLE):
        from .prospects import refresh as refresh_film

        return _report(book, lang, lambda say: _on_file(book, lang, say, refresh_film))
    return _report(book, lang, lambda say: _refresh(book, lang, say, {}))


def load_extract(path: str, book: Any = None) -> str:
    """Charger une extraction…: load a CRM extract (CSV or XLSX) into the active
    dashboard's leads table and refresh it, as ``xlsales refresh BOOK --data PATH``."""
    from .dashboard.extract import read_extract
    from .dashboard.layout import DATA_TABLES

    book = book or _caller()
    lang = _lang(book)
    leads = next(spec for spec in DATA_TABLES if spec.key == "leads")

    def work(say: Say) -> str:
        say(text("dashboard.message.loading", lang))
        extract = read_extract(Path(path), leads.schema, lang)
        return _refresh(book, lang, say, {"leads": extract})

    return _report(book, lang, work)


def take_snapshot(book: Any = None) -> str:
    """Prendre la photo: record the active pipeline's statuses today, recompute the
    film (``xlsales snapshot``)."""
    from .errors import WorkbookFormatError
    from .prospects import snapshot
    from .prospects.book import message
    from .prospects.names import SNAPSHOT_TABLE

    book = book or _caller()
    lang = _lang(book)

    def work(say: Say) -> str:
        if not _has_table(book, SNAPSHOT_TABLE):
            raise WorkbookFormatError(f"{book.name} : " + message(
                "not_pipeline", lang, table=SNAPSHOT_TABLE))

        def photo(file: Path) -> str:
            say(text("excel.snapshot", lang))
            return snapshot(file)

        return _on_file(book, lang, say, photo)

    return _report(book, lang, work)


def _generate(kind: str, out: Path, lang: str) -> Path:
    from .templates import check_target, generate

    if kind == "dashboard":
        from .dashboard import new_dashboard

        check_target(out, False, lang)
        return Path(new_dashboard(out, lang))
    return generate(kind, out, None, lang, force=False)


def new_workbook(kind: str, path: str, lang: str = DEFAULT_LANG, book: Any = None) -> str:
    """Nouveau classeur…: write the ``kind`` template at ``path`` (never over an
    existing file) and open it."""
    book = book or _caller()

    def work(say: Say) -> str:
        say(text("excel.creating", lang))
        out = _generate(kind, Path(path), lang)
        book.app.books.open(str(out))
        return text("excel.created", lang).format(path=out)

    return _report(book, lang, work)


def _pdf(workbook: Path, outdir: Path, lang: str) -> Path:
    """The workbook rendered to PDF in ``outdir``: LibreOffice's rendering, through
    :mod:`xlsales.libreoffice`, while the library has no PDF export of its own."""
    from .libreoffice import LibreOfficeError, to_pdf

    try:
        return to_pdf(workbook, outdir)
    except (LibreOfficeError, OSError) as error:
        raise PdfExportError(text("excel.no_pdf", lang).format(error=error)) from None


def export_pdf(book: Any = None) -> str:
    """Exporter en PDF: save the active workbook and write it as PDF beside it."""
    book = book or _caller()
    lang = _lang(book)

    def work(say: Say) -> str:
        path = Path(book.fullname)
        if not path.is_file():
            raise NotOnDiskError(text("excel.not_on_disk", lang).format(name=book.name))
        say(text("excel.saving", lang))
        book.save()
        say(text("excel.exporting", lang))
        return text("excel.exported", lang).format(path=_pdf(path, path.parent, lang))

    return _report(book, lang, work)
