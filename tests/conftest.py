"""Shared fixtures: the second spreadsheet engine (LibreOffice headless)."""

from __future__ import annotations

import functools
import inspect
import re
from pathlib import Path

import openpyxl
import pytest

from tests.xlsx_checks import assert_calc_chain_fresh
from xlsales import libreoffice
from xlsales.dashboard.workbook_file import WorkbookFile

ERROR_VALUES = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                "Err:502", "Err:504", "Err:508", "Err:511", "Err:522"}


#: What a test or one of its fixtures calls when it drives LibreOffice: the recalc
#: fixture, the library's conversions, the PDF command, the Calc add-in's sheet runner.
_DRIVES_LIBREOFFICE = re.compile(
    r"\brecalc\(|libreoffice\.|recalculate(_many)?\(|to_pdf\(|export_pdf\(|\"pdf\"|"
    r"run_sheet\(|install_extension\(|calc_profile|calc_book|resave")


@functools.cache
def _source(function: object) -> str:
    try:
        return inspect.getsource(function)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return ""


def _drives_libreoffice(item: pytest.Item) -> bool:
    """Whether the test or a fixture it uses calls LibreOffice (read from their code)."""
    if "recalc" in getattr(item, "fixturenames", ()):
        return True
    functions = [getattr(item, "function", None)]
    info = getattr(item, "_fixtureinfo", None)
    if info is not None:
        functions += [d.func for defs in info.name2fixturedefs.values() for d in defs]
    return any(_DRIVES_LIBREOFFICE.search(_source(f)) for f in functions if f is not None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that drives LibreOffice, so that ``-m "not libreoffice"`` (``make
    test-fast``) leaves them out without a hand-kept list; modules whose tests spawn
    processes or build dozens of workbooks mark themselves ``slow``."""
    for item in items:
        if _drives_libreoffice(item):
            item.add_marker(pytest.mark.libreoffice)


@pytest.fixture(autouse=True)
def checked_refreshes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every refresh written in a test (dashboards and pipelines alike) leaves no stale
    calculation-chain entry (Excel's repair dialog)."""
    apply = WorkbookFile.apply

    def checked(self: WorkbookFile, plan: object) -> None:
        apply(self, plan)  # type: ignore[arg-type]
        assert_calc_chain_fresh(self.path)

    monkeypatch.setattr(WorkbookFile, "apply", checked)


@pytest.fixture(scope="session")
def recalc_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("recalc")


@pytest.fixture(scope="session")
def recalc(recalc_dir: Path):
    """Recalculate a workbook in LibreOffice and return the path of the saved copy.

    No skip: LibreOffice is part of the test set-up (``make test`` installs it)."""
    counter = iter(range(1_000_000))

    def run(path: Path) -> Path:
        out = recalc_dir / f"run{next(counter)}"
        return libreoffice.recalculate(path, out)

    return run


def cached_values(path: Path) -> dict[str, dict[str, object]]:
    """Every non-empty cached value of a recalculated workbook, by sheet and cell."""
    book = openpyxl.load_workbook(path, data_only=True)
    out: dict[str, dict[str, object]] = {}
    for sheet in book.worksheets:
        out[sheet.title] = {
            cell.coordinate: cell.value
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        }
    return out


def error_cells(path: Path) -> list[str]:
    """Cells whose cached value is a spreadsheet error."""
    return [
        f"{sheet}!{ref}={value}"
        for sheet, cells in cached_values(path).items()
        for ref, value in cells.items()
        if isinstance(value, str) and value in ERROR_VALUES
    ]


def defined_name_values(path: Path) -> dict[str, object]:
    """The cached value of every workbook-level name pointing at one cell."""
    book = openpyxl.load_workbook(path, data_only=True)
    out = {}
    for name, defined in book.defined_names.items():
        destinations = list(defined.destinations)
        if len(destinations) != 1:
            continue
        sheet, ref = destinations[0]
        if ":" in ref:
            continue
        # openpyxl keeps a quoted sheet name's doubled apostrophe ("Plan d''actions").
        out[name] = book[sheet.replace("''", "'")][ref.replace("$", "")].value
    return out
