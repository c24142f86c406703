"""The ribbon's entry points (xlsales.excel) against a fake xlwings Book: each reports
its steps in the status bar and ends with one message box, and the refresh through
xlwings writes the same figures and tables as the headless refresh."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.fake_xlwings import FakeBook, plain
from xlsales import excel
from xlsales.dashboard import new_dashboard, refresh_file, write_demo_files
from xlsales.dashboard.layout import DATA_TABLES
from xlsales.dashboard.settings import SETTING_NAMES

ROWS = 400  # a synthetic extract small enough for openpyxl, with every block filled


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("excel")
    extract = folder / "extraction.csv"
    write_demo_files(extract, ROWS, 2025, None, None)
    empty = new_dashboard(folder / "vide.xlsx", "fr")
    headless = shutil.copy(empty, folder / "headless.xlsx")
    refresh_file(headless, data=extract)
    return {"extract": extract, "empty": Path(empty), "headless": Path(headless)}


def _figures_and_tables(path: Path) -> tuple[dict, dict]:
    """The named figures and the dashboard's tables, as the headless refresh left them."""
    book = FakeBook(path)
    figures = {n.name: plain(book.named(n.name)) for n in book.names}
    tables = {t.name: [[plain(v) for v in row] for row in book.table_grid(t.name)]
              for s in book.sheets for t in s.tables}
    return figures, tables


def _assert_same_as_headless(book: FakeBook, headless: Path) -> None:
    figures, tables = _figures_and_tables(headless)
    assert {n.name: plain(book.named(n.name)) for n in book.names} == figures
    for name, grid in tables.items():
        assert [[plain(v) for v in row] for row in book.table_grid(name)] == grid, name


def test_load_extract_writes_what_the_headless_refresh_writes(books, tmp_path):
    book = FakeBook(shutil.copy(books["empty"], tmp_path / "tableau.xlsx"))
    message = excel.load_extract(str(books["extract"]), book)

    _assert_same_as_headless(book, books["headless"])
    # Leads loaded into the table, which grew from its one blank row to every lead.
    leads = next(t for s in book.sheets for t in s.tables
                 if t.name == next(d.table for d in DATA_TABLES if d.key == "leads"))
    assert leads.r2 - leads.r1 == ROWS
    assert book.app.alerts == [{"prompt": message, "title": "xlsales", "buttons": "ok",
                                "mode": "info"}]
    assert message.startswith(f"{ROWS}".replace("000", "\u202f000")) or str(ROWS) in message
    steps = [s for s in book.app.statuses if s]
    assert steps[0] == "xlsales : chargement de l'extraction…"
    assert len(steps) >= 4 and book.app.statuses[-1] is False
    assert not book.saved and not book.closed  # written through Excel, not on the file


def test_refresh_rewrites_the_figures_and_tables_through_excel(books, tmp_path):
    book = FakeBook(shutil.copy(books["headless"], tmp_path / "tableau.xlsx"))
    settings = set(SETTING_NAMES.values())
    for name in book.names:  # blank every figure: the refresh must write them again
        if name.name not in settings:
            name.refers_to_range.value = None
    book.log.clear()

    excel.refresh(book)

    written = [entry for entry in book.log if entry[0] == "write"]
    assert len(written) > len(book.names)
    _assert_same_as_headless(book, books["headless"])
    assert [a["mode"] for a in book.app.alerts] == ["info"]


def test_a_bad_extract_ends_with_one_critical_message_and_writes_nothing(books, tmp_path):
    bad = tmp_path / "mauvais.csv"
    bad.write_text("colonne;autre\n1;2\n", encoding="utf-8")
    book = FakeBook(shutil.copy(books["empty"], tmp_path / "tableau.xlsx"))

    message = excel.load_extract(str(bad), book)

    assert message.startswith("Rien n'a été modifié :\n")
    assert "mauvais.csv" in message
    assert [a["mode"] for a in book.app.alerts] == ["critical"]
    assert not [entry for entry in book.log if entry[0] != "read"]
    assert book.app.statuses[-1] is False


def test_take_snapshot_runs_on_the_saved_file_and_reopens_it(tmp_path):
    from xlsales.templates import generate

    spec = Path(__file__).parents[1] / "xlsales" / "specs" / "pipeline-langon.yaml"
    path = generate("pipeline", tmp_path / "pipeline.xlsx", spec, "fr")
    book = FakeBook(path)

    message = excel.take_snapshot(book)

    assert (book.saved, book.closed, book.app.opened) == (1, 1, [str(path)])
    # Seed 004's pipeline (xlsales/specs/pipeline-langon.yaml): 24 prospects, one photo.
    assert "enregistrée : 24 prospects ; 2 photo(s) dans l'historique" in message
    assert [a["mode"] for a in book.app.alerts] == ["info"]
    # The photo is in the file: a second one the same day is refused, in one message.
    again = excel.take_snapshot(FakeBook(path))
    assert again.startswith("Rien n'a été modifié")


def test_take_snapshot_on_a_dashboard_says_it_is_not_a_pipeline(books, tmp_path):
    book = FakeBook(shutil.copy(books["empty"], tmp_path / "tableau.xlsx"))
    message = excel.take_snapshot(book)
    assert "n'est pas un portefeuille de prospects" in message
    assert (book.saved, book.closed) == (0, 0)


@pytest.mark.parametrize("kind", ["pac", "dashboard"])
def test_new_workbook_writes_the_template_and_opens_it(kind, books, tmp_path):
    caller = FakeBook(books["empty"])
    out = tmp_path / f"{kind}.xlsx"
    message = excel.new_workbook(kind, str(out), "fr", caller)
    assert out.is_file() and caller.app.opened == [str(out)]
    assert message == f"Classeur créé et ouvert : {out}"
    again = excel.new_workbook(kind, str(out), "fr", caller)  # never over a file
    assert again.startswith("Rien n'a été modifié") and caller.app.opened == [str(out)]


@pytest.mark.libreoffice
def test_export_pdf_writes_the_pdf_beside_the_workbook(books, tmp_path):
    from xlsales.templates import generate

    path = generate("methods", tmp_path / "methodes.xlsx", None, "fr")
    book = FakeBook(path)
    message = excel.export_pdf(book)
    pdf = tmp_path / "methodes.pdf"
    assert message == f"PDF écrit : {pdf}"
    assert pdf.read_bytes().startswith(b"%PDF") and book.saved == 1


def test_a_workbook_never_saved_is_named_in_the_message(books, tmp_path):
    book = FakeBook(books["empty"])
    book.fullname = "Classeur1"  # what xlwings gives for a new, unsaved workbook
    message = excel.export_pdf(book)
    assert "« vide.xlsx » n'est pas enregistré sur cet ordinateur" in message
