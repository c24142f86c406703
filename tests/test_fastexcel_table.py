"""A data table read by fastexcel gives the cells python-calamine gives, value for value
and type for type, or no answer (and the refresh reads the table with python-calamine).

The reference is :meth:`WorkbookFile.read_table` read in turn (python-calamine), on
tables written by XlsxWriter and on the same tables re-saved by LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.dashboard_books import lead, set_cells, write_leads
from xlsales.dashboard import fastexcel_table, new_dashboard, refresh_file
from xlsales.dashboard.extract import column_table
from xlsales.dashboard.workbook_file import WorkbookFile
from xlsales.errors import InputError
from xlsales.libreoffice import recalculate

TEXTS = st.lists(st.sampled_from(list("ab é<&>'\"\t\u00a0€") + ["_x000D_", "_x0041_"]),
                 max_size=6).map("".join)
NUMBERS = st.floats(allow_nan=False, allow_infinity=False, width=64) | st.sampled_from(
    [0.0, -0.0, 1e20, 1e-300, 1234.5, 3.0])
DATES = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31))
KINDS = {"text": TEXTS, "number": NUMBERS, "date": DATES, "bool": st.booleans()}


def _write(path: Path, header: list[str], columns: list[list[object]], at: str = "A1",
           extra: dict[str, object] | None = None) -> Path:
    """A one-sheet workbook with table ``T``: ``columns`` of cells (None: blank, ``"#N/A"``:
    an error), dates formatted as dates."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Données")
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    stamp = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    first_row, first_col = xlsxwriter.utility.xl_cell_to_rowcol(at)
    rows = max((len(c) for c in columns), default=0)
    sheet.add_table(first_row, first_col, first_row + max(rows, 1),
                    first_col + len(header) - 1,
                    {"name": "T", "columns": [{"header": h} for h in header]})
    for j, cells in enumerate(columns):
        for i, value in enumerate(cells):
            row, col = first_row + 1 + i, first_col + j
            if value is None:
                continue
            if value == "#N/A":
                sheet.write_formula(row, col, "=NA()", None, "#N/A")
            elif isinstance(value, dt.datetime):
                sheet.write_datetime(row, col, value, stamp)
            elif isinstance(value, dt.date):
                sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), date)
            elif isinstance(value, str):
                sheet.write_string(row, col, value)
            else:
                sheet.write(row, col, value)
    for ref, value in (extra or {}).items():
        sheet.write(ref, value)
    book.close()
    return path


def _in_turn(path: Path) -> list[np.ndarray]:
    with WorkbookFile(path) as workbook:
        return workbook.read_table("T").columns


def _fast(path: Path) -> list[np.ndarray] | None:
    with WorkbookFile(path) as workbook:
        sheet, table = workbook.table("T")
        header = [c.strip() for c in table.columns]
        columns = fastexcel_table.read_columns(path, sheet.name, header, table.area.first.row,
                                               table.area.first.col,
                                               table.area.last.row - table.area.first.row)
        if columns is None:
            return None
        size = len(columns[0]) if columns else 0
        return column_table(path.name, sheet.name, header, columns, size,
                            table.area.first.row + 1, table.area.first.col).columns


def _same(fast: list[np.ndarray], slow: list[np.ndarray]) -> None:
    assert len(fast) == len(slow)
    for got, expected in zip(fast, slow, strict=True):
        assert [(type(v), v) for v in got.tolist()] == [(type(v), v) for v in expected.tolist()]


@st.composite
def _tables(draw):  # type: ignore[no-untyped-def]
    kinds = draw(st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=4))
    rows = draw(st.integers(1, 12))
    columns = [[draw(st.none() | st.just("#N/A") | KINDS[kind]) if draw(st.booleans())
                else draw(KINDS[kind]) for _ in range(rows)] for kind in kinds]
    return [f"c{j}" for j in range(len(kinds))], columns


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_tables())
def test_a_table_of_one_kind_per_column_reads_as_calamine_reads_it(tmp_path, table):
    header, columns = table
    path = _write(tmp_path / "t.xlsx", header, columns)
    fast = _fast(path)
    assert fast is not None  # one kind per column, dates with no time: this path reads it
    _same(fast, _in_turn(path))


def test_the_same_tables_resaved_by_libreoffice(tmp_path):
    header = ["texte", "nombre", "date", "oui"]
    columns = [["Ana", " b ", "", None, "é&<", "_x000D_"],
               [1.5, -0.0, None, 1e20, 3.0, "#N/A"],
               [dt.date(2025, 1, 2), None, dt.date(1900, 3, 1), dt.date(9999, 12, 31),
                dt.date(2025, 12, 31), None],
               [True, False, None, True, True, False]]
    written = _write(tmp_path / "t.xlsx", header, columns)
    resaved = recalculate(written, tmp_path / "lo")
    for path in (written, resaved):
        fast = _fast(path)
        assert fast is not None
        _same(fast, _in_turn(path))


@pytest.mark.parametrize(("why", "header", "columns", "at", "extra"), [
    ("texts and numbers in a column", ["a"], [["x", 1.0]], "A1", None),
    ("a time of day", ["a"], [[dt.datetime(2025, 1, 2, 10, 30)]], "A1", None),
    ("Excel's first two months", ["a"], [[dt.date(1900, 2, 1)]], "A1", None),
    ("a table not at A1", ["a"], [["x"]], "B2", None),
    ("a header that reads as a number", ["2025"], [["x"]], "A1", None),
])
def test_what_this_path_does_not_read_it_leaves_to_calamine(tmp_path, why, header, columns,
                                                              at, extra):
    path = _write(tmp_path / "t.xlsx", header, columns, at, extra)
    assert _fast(path) is None, why
    assert len(_in_turn(path)[0]) == len(columns[0])  # python-calamine reads it


def test_a_column_beside_the_table_does_not_matter(tmp_path):
    # A note column of mixed cells next to the table (as users add): only the table's
    # columns are read, and they are read the same.
    path = _write(tmp_path / "t.xlsx", ["a", "b"], [["x", "y", ""], [1.0, None, 2.0]],
                  extra={"D2": "z", "D3": 5, "D1": "notes"})
    fast = _fast(path)
    assert fast is not None
    _same(fast, _in_turn(path))


def test_without_fastexcel_the_table_is_left_to_calamine(tmp_path, monkeypatch):
    path = _write(tmp_path / "t.xlsx", ["a"], [["x"]])
    monkeypatch.setitem(sys.modules, "fastexcel", None)  # import fails
    assert _fast(path) is None


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fx")
    book = new_dashboard(folder / "tableau.xlsx")
    rows = [lead(f"L{i}", ["Ana Roux", "Ben Morel", "Chloé Petit"][i % 3],
                 status=["client", "perdu", "qualifié"][i % 3], premium=f"{i} 000,50 €",
                 contracts="1" if i % 3 == 0 else "") for i in range(1, 40)]
    refresh_file(book, write_leads(folder / "leads.csv", rows))
    return book


def _no_fastexcel(*args, **kwargs):  # type: ignore[no-untyped-def]
    return None


def test_the_refresh_through_fastexcel_writes_the_same_workbook(dashboard, tmp_path,
                                                                 monkeypatch):
    calls = []
    read = fastexcel_table.read_columns

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        columns = read(*args, **kwargs)
        calls.append(columns is not None)
        return columns

    fast, slow = tmp_path / "rapide.xlsx", tmp_path / "lent.xlsx"
    shutil.copyfile(dashboard, fast)
    shutil.copyfile(dashboard, slow)
    with monkeypatch.context() as patch:
        patch.setattr(fastexcel_table, "read_columns", counted)
        fast_outcome = refresh_file(fast)
    assert calls == [True, True, True]  # leads, objectives and advisors read by columns
    with monkeypatch.context() as patch:
        patch.setattr(fastexcel_table, "read_columns", _no_fastexcel)
        slow_outcome = refresh_file(slow)
    assert fast_outcome.analysis.figures == slow_outcome.analysis.figures
    assert fast_outcome.analysis.figures["leads_total"] == 39
    assert fast.read_bytes() == slow.read_bytes()


def test_a_wrong_cell_is_reported_with_its_row_and_column(dashboard, tmp_path, monkeypatch):
    # A text in the premiums: fastexcel's strict mode refuses the column, python-calamine
    # reads the table, and the refresh names the cell as it always did.
    found = []
    for name, patched in (("rapide", False), ("lent", True)):
        book = tmp_path / f"{name}.xlsx"
        shutil.copyfile(dashboard, book)
        set_cells(book, "Leads", {"J5": "beaucoup"})
        with monkeypatch.context() as patch:
            if patched:
                patch.setattr(fastexcel_table, "read_columns", _no_fastexcel)
            with pytest.raises(InputError) as refused:
                refresh_file(book)
        found.append([(p.where.sheet, p.where.row, p.where.column, p.message)
                      for p in refused.value.problems])
    assert [(s, r, c) for s, r, c, _ in found[0]] == [("Leads", 5, "J (prime)")]
    assert found[0] == found[1]


def test_a_table_with_no_data_row(tmp_path):
    path = _write(tmp_path / "t.xlsx", ["a", "b"], [[], []])
    fast = _fast(path)
    slow = _in_turn(path)
    assert fast is not None
    assert [len(c) for c in fast] == [len(c) for c in slow] == [0, 0]


NUMBER_FORMATS = [
    "0", "0.00", "#,##0.00 €", "0%", "0.00E+00", "@", "# ?/?", "General",
    "dd/mm/yyyy", "d mmmm yyyy", "mmm yy", "yyyy-mm-dd", "[$-40C]d mmmm yyyy",
    "dd/mm/yy;@", "0 \"jours\"", "\"Année\" 0", "[<1]0.00;#,##0",
    "[Red]0.00", "#,##0;[Red]-#,##0", "dddd", "m/d/yy h:mm", "mm:ss",
]
#: ``[h]:mm``, an elapsed time: python-calamine reads a duration, left to it here.
DURATION = "[h]:mm"


def _formats_book(path: Path, formats: list[str]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Données")
    sheet.add_table(0, 0, 3, len(formats) - 1,
                    {"name": "T", "columns": [{"header": f"f{i}"} for i in range(len(formats))]})
    for col, number_format in enumerate(formats):
        style = book.add_format({"num_format": number_format})
        for row, value in enumerate((45658, 61, 2958465), start=1):  # whole serials
            sheet.write_number(row, col, value, style)
    book.close()
    return path


def test_number_formats_are_read_alike(tmp_path):
    """Whether a number format makes a cell a date is decided by each reader's own
    calamine (python-calamine and fastexcel bundle their own): on the formats CRMs and
    users apply, both read the same kind of cell, or the fast path steps aside."""
    path = _formats_book(tmp_path / "formats.xlsx", NUMBER_FORMATS)
    slow = _in_turn(path)
    kinds = {type(v) for column in slow for v in column.tolist()}
    assert kinds == {float, dt.date}  # both kinds are in the battery
    fast = _fast(path)
    assert fast is not None
    _same(fast, slow)


def test_a_duration_is_left_to_calamine(tmp_path):
    path = _formats_book(tmp_path / "durees.xlsx", [DURATION])
    assert {type(v) for v in _in_turn(path)[0].tolist()} == {dt.timedelta}
    assert _fast(path) is None
