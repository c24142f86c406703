"""The headless refresh of a dashboard file (``xlsales refresh``): open it, read it, run
the refresh, save it.

This module starts without pandas on purpose. A refresh of 100,000 leads spends about
half a second parsing the data sheet (python-calamine, which releases the GIL) and a
quarter of a second importing pandas and the analysis: the sheet is handed to a
background thread (:meth:`.WorkbookFile.read_ahead`) before the analysis is imported,
so that both happen at once on two cores. Importing :mod:`.refresh` at the top would
undo that.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Location, Problem, WorkbookFormatError
from ..i18n import DEFAULT_LANG, text
from .columns import Schema, match_headers
from .layout import DATA_TABLES, MAPPING_TABLE
from .progress import Progress, quiet
from .settings import SETTING_NAMES

if TYPE_CHECKING:
    from .refresh import Outcome
    from .workbook_file import WorkbookFile

__all__ = ["refresh_file"]


def refresh_file(
    book: Path | str,
    data: Path | str | None = None,
    objectives: Path | str | None = None,
    advisors: Path | str | None = None,
    progress: Progress = quiet,
) -> Outcome:
    """Refresh a dashboard workbook on disk (the headless entry point).

    With ``data`` (and ``objectives``, ``advisors``), those files are read, checked and
    loaded into the workbook's data tables before the analysis; without, the data
    tables already in the workbook are analysed.
    """
    from .workbook_file import WorkbookFile, check_unlocked

    path = Path(book)
    with _no_cycle_collection(), WorkbookFile(path, DEFAULT_LANG) as workbook:
        files = {"leads": data, "objectives": objectives, "advisors": advisors}
        replaced = {key for key, given in files.items() if given}
        workbook.read_ahead(_sheets_to_read(workbook),
                            [s.table for s in DATA_TABLES if s.key not in replaced])
        from .extract import read_extract
        from .refresh import run  # pandas and the analysis, while the sheets are parsed

        lang = _workbook_lang(workbook)
        workbook.lang = lang
        check_unlocked(path, lang)
        extracts = {}
        if any(files.values()):
            progress("loading")
        for spec in DATA_TABLES:
            given = files[spec.key]
            if given is not None:
                _check_table(workbook, spec.table, spec.schema, lang)
                _check_not_the_book(Path(given), path, lang)
                extracts[spec.key] = read_extract(given, spec.schema, lang)
        return run(workbook, workbook, extracts, progress)


def _sheets_to_read(workbook: WorkbookFile) -> list[str]:
    """The sheets the refresh reads whole, in the order it reads them: the settings'
    (the language first), then the label mapping's; the data tables are read ahead
    as tables. A name or table missing or malformed is left for the refresh to report."""
    package = workbook.package
    sheets: list[str] = []
    for name in SETTING_NAMES.values():
        try:
            sheets.append(package.name_area(name).sheet)
        except (KeyError, ValueError):
            continue
    try:
        sheets.append(package.table(MAPPING_TABLE)[0].name)
    except KeyError:
        pass
    return [sheet for i, sheet in enumerate(sheets) if sheet and sheet not in sheets[:i]]


def _check_table(workbook: Any, table: str, schema: Schema, lang: str) -> None:
    """Refuse to load an extract into a data table the user narrowed: the columns it
    lost would be dropped from the data without a word."""
    found, _ = match_headers(schema, workbook.table_header(table))
    if len(found) < len(schema.columns):
        raise WorkbookFormatError(f"{workbook.path.name} : " + text(
            "dashboard.message.changed_table", lang).format(
                table=table, expected=", ".join(schema.headers(lang))))


def _check_not_the_book(extract: Path, book: Path, lang: str) -> None:
    """Refuse the workbook itself given as an extract (``--data BOOK.xlsx``)."""
    try:
        same = extract.samefile(book)
    except OSError:
        return
    if same:
        raise InputError([Problem(Location(file=extract.name),
                                  text("dashboard.problem.same_file", lang))], lang)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Hold Python's cycle collector while millions of cells are alive: it would walk
    them over and over (seconds on a million leads) and find no cycle to free."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _workbook_lang(workbook: Any) -> str:
    value = workbook.named_values([SETTING_NAMES["lang"]]).get(SETTING_NAMES["lang"])
    lang = str(value or "").strip().lower()
    return lang if lang in ("fr", "en") else DEFAULT_LANG
