"""The refresh's fast paths (issue 17) against the slow ones they replace: the same
workbook, byte for byte, and the same figures.

- the tail of a data sheet kept from the grid check, against streaming the sheet again;
- ISA-L's deflate of a loaded data sheet, against zlib (the same XML inflated);
- the data rows built column by column, against a per-cell reference writer;
- the grid check's literal-led searches, against hostile cells it must still see;
- the sheets read ahead in a thread while pandas is imported, against reading in turn.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest

from tests.dashboard_books import (
    four_leads_dashboard,
    lead,
    members,
    raw_members,
    set_cells,
    write_leads,
)
from tests.excel_shapes import X14, XM, edit_parts, insert_before, sheet_path, strip
from xlsales.dashboard import new_dashboard, refresh_file
from xlsales.dashboard import workbook_file as workbook_file_module
from xlsales.errors import WorkbookFormatError
from xlsales.ooxml import datasheet, guard, zipcopy


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory) -> Path:
    """A dashboard loaded with four leads of three advisors."""
    return four_leads_dashboard(tmp_path_factory.mktemp("fast"))


def _sparkline_on_leads(last: int) -> str:
    """A sparkline on the Leads sheet over the advisors' premiums (Conseillers!H5:H..):
    it lives in what follows the rows of the data sheet, and follows the block."""
    return strip(f'''<extLst><ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}"
        xmlns:x14="{X14}"><x14:sparklineGroups xmlns:xm="{XM}"><x14:sparklineGroup>
        <x14:sparklines><x14:sparkline><xm:f>Conseillers!H5:H{last}</xm:f>
        <xm:sqref>M2</xm:sqref></x14:sparkline></x14:sparklines></x14:sparklineGroup>
        </x14:sparklineGroups></ext></extLst>''')


def _no_kept_tail(chunks):  # type: ignore[no-untyped-def]
    """The slow path: the grid check keeps no tail, the writer streams the sheet."""
    for _ in chunks:
        pass
    raise ValueError("tail not kept")


def test_the_kept_tail_of_the_data_sheet_gives_the_same_workbook(dashboard, tmp_path,
                                                                 monkeypatch):
    book = tmp_path / "tableau.xlsx"
    shutil.copyfile(dashboard, book)
    # A fourth advisor typed into the data sheet: Tbl_Conseillers grows from 3 rows
    # (H5:H7) to 4 on the next refresh, and the sparkline on Leads must follow.
    set_cells(book, "Leads", {"D5": "Zoé Nouvelle"})
    edit_parts(book, {sheet_path(book, "Leads"): insert_before("</worksheet>",
                                                               _sparkline_on_leads(7))})
    slow = tmp_path / "lent.xlsx"
    shutil.copyfile(book, slow)
    fast_outcome = refresh_file(book)
    with monkeypatch.context() as patch:
        patch.setattr(workbook_file_module, "sheet_tail", _no_kept_tail)
        slow_outcome = refresh_file(slow)
    assert book.read_bytes() == slow.read_bytes()
    assert fast_outcome.analysis.figures == slow_outcome.analysis.figures
    leads = members(book)[sheet_path(book, "Leads")].decode()
    assert "<xm:f>Conseillers!H5:H8</xm:f>" in leads  # 4 advisors now: rows 5 to 8


def test_the_fast_deflate_writes_the_same_xml(dashboard, tmp_path, monkeypatch):
    assert zipcopy.fast_deflate() is not None  # isal is a dependency: the wheel is here
    extract = write_leads(tmp_path / "leads.csv", [
        lead(f"L{i}", ["Ana Roux", "Ben Morel"][i % 2], premium=f"{i},00 €")
        for i in range(1, 3001)])
    fast, slow = tmp_path / "rapide.xlsx", tmp_path / "lent.xlsx"
    shutil.copyfile(dashboard, fast)
    shutil.copyfile(dashboard, slow)
    fast_outcome = refresh_file(fast, extract)
    with monkeypatch.context() as patch:
        patch.setattr(zipcopy, "USE_FAST_DEFLATE", False)
        slow_outcome = refresh_file(slow, extract)
    assert fast_outcome.analysis.figures == slow_outcome.analysis.figures
    assert list(members(fast)) == list(members(slow))
    assert members(fast) == members(slow)  # every part, inflated, byte for byte
    leads = sheet_path(fast, "Leads")
    fast_raw, slow_raw = raw_members(fast), raw_members(slow)
    assert fast_raw[leads] != slow_raw[leads]  # really another deflate
    assert {n: b for n, b in fast_raw.items() if n != leads} == {
        n: b for n, b in slow_raw.items() if n != leads}
    with zipfile.ZipFile(fast) as archive:
        assert archive.testzip() is None  # CRCs right


def _rows_per_cell(fill, styles: list[str | None], start: int, prefix: str) -> str:
    """The reference writer: each cell appended in turn (the code before issue 17)."""
    rows = datasheet.DataRows(fill, None)
    heads = [(chr(65 + i), f' s="{s}"' if s else "") for i, s in enumerate(styles)]
    bodies = []
    for i, (kind, column) in enumerate(zip(fill.kinds, fill.columns, strict=True)):
        if i in rows.labels:
            codes, per_label = rows.labels[i]
            bodies.append([per_label[c] for c in codes.tolist()])
        else:
            bodies.append(datasheet._BY_CHUNK[kind](column))
    out = []
    for offset in range(len(fill)):
        number = start + offset + 1
        row = [f'<{prefix}row r="{number}">']
        for (letter, style), column in zip(heads, bodies, strict=True):
            if column[offset]:
                row.append(f'<{prefix}c r="{letter}{number}"{style}{column[offset]}')
            elif style and offset == 0:
                row.append(f'<{prefix}c r="{letter}{number}"{style}/>')
        row.append(f"</{prefix}row>")
        out.append("".join(row))
    return datasheet._prefixed("".join(out), prefix)


class _Fill:
    def __init__(self, kinds: list[str], columns: list[np.ndarray]) -> None:
        self.kinds, self.columns = kinds, columns

    def __len__(self) -> int:
        return len(self.columns[0])


@pytest.mark.parametrize("prefix", ["", "x:"])
@pytest.mark.parametrize("chunk", [2, 3, 5000])
def test_rows_built_by_column_equal_the_per_cell_writer(prefix, chunk, monkeypatch):
    monkeypatch.setattr(datasheet, "CHUNK_ROWS", chunk)
    # The first row has blanks in a styled and an unstyled column (the styled one keeps
    # an empty styled cell); labels inline (all distinct) and a blank label.
    fill = _Fill(["text", "number", "date", "mixed"], [
        np.array([None, "Nord & Sud", "Est", "Ouest", "Centre"], dtype=object),
        np.array([np.nan, 2.5, np.nan, 4.0, 1e21]),
        np.array(["NaT", "2025-01-02", "2025-02-03", "NaT", "2024-12-31"],
                 dtype="datetime64[D]"),
        np.array([None, "12x", 3.0, None, "<b>"], dtype=object)])
    styles = ["4", "7", None, None]
    written = b"".join(datasheet.DataRows(fill, None).rows(9, 0, styles, prefix)).decode()
    assert written == _rows_per_cell(fill, styles, 9, prefix)
    assert written.count(f"<{prefix}row ") == 5
    assert f'<{prefix}c r="A10" s="4"/>' in written and 'r="C10"' not in written


def _sheet(cells: str, root: str = "worksheet", prefix: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><{prefix}{root} xmlns'
            f'{":" + prefix[:-1] if prefix else ""}="m"><{prefix}sheetData>'
            f'<{prefix}row r="1">{cells}</{prefix}row></{prefix}sheetData>'
            f'</{prefix}{root}>').encode()


@pytest.mark.parametrize("xml, refused", [
    (_sheet('<c r="A1"/><c r="XFD1"/>'), False),  # one row: 16,384 cells at most
    (_sheet('<c r="A1"/><c r="XFD1048576"/>'), True),  # the reference case
    (_sheet('<c s="3" r="XFD1048576"/>'), True),  # r not first: still seen
    (_sheet('<c\nr="XFD1048576"/>'), True),  # a newline before r: still seen
    (_sheet('<c\tt="s" r="ZZ900000"/>'), True),
    (_sheet('<x:c r="A1"/><x:c r="XFD1048576"/>', prefix="x:"), True),  # prefixed
])
def test_the_grid_check_sees_every_far_cell(tmp_path, xml, refused):
    book = tmp_path / "grille.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(book) as archive:
        if refused:
            with pytest.raises(WorkbookFormatError, match="'Leads'"):
                guard.check_grid(archive, "xl/worksheets/sheet1.xml", book.name, "Leads")
        else:
            guard.check_grid(archive, "xl/worksheets/sheet1.xml", book.name, "Leads")


def test_the_grid_check_counts_the_cells_of_a_dense_sheet(tmp_path):
    # 300 rows of 30 cells (A..AD): a dense grid of 9,000 cells passes whatever the
    # chunk boundaries (chunks of 1,000 bytes cut tags everywhere).
    rows = "".join(f'<row r="{r}">' + "".join(
        f'<c r="{chr(65 + c // 26 - 1) if c >= 26 else ""}{chr(65 + c % 26)}{r}"><v>1</v></c>'
        for c in range(30)) + "</row>" for r in range(1, 301))
    xml = f'<worksheet><dimension ref="A1:AD300"/><sheetData>{rows}</sheetData></worksheet>'
    book = tmp_path / "dense.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("s.xml", xml)
    grid = guard._Grid()
    for at in range(0, len(xml), 1000):
        grid.feed(xml.encode()[at:at + 1000])
    assert (grid.rows, grid.cols, grid.cells) == (300, 30, 9000)


def _read_in_turn(self, sheets, tables=None):  # type: ignore[no-untyped-def]
    """The slow path: no sheet read ahead, each read when the refresh asks for it."""


def test_reading_ahead_gives_the_same_workbook(dashboard, tmp_path, monkeypatch):
    ahead, in_turn = tmp_path / "avance.xlsx", tmp_path / "tour.xlsx"
    shutil.copyfile(dashboard, ahead)
    shutil.copyfile(dashboard, in_turn)
    ahead_outcome = refresh_file(ahead)
    with monkeypatch.context() as patch:
        patch.setattr(workbook_file_module.WorkbookFile, "read_ahead", _read_in_turn)
        in_turn_outcome = refresh_file(in_turn)
    assert ahead_outcome.analysis.figures == in_turn_outcome.analysis.figures
    assert ahead_outcome.analysis.figures["leads_total"] == 4
    assert ahead.read_bytes() == in_turn.read_bytes()


@pytest.fixture(scope="module")
def english_dashboard(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fast_en")
    book = new_dashboard(folder / "dashboard.xlsx", "en")
    refresh_file(book, write_leads(folder / "leads.csv", [lead("L1", "Ana Roux")]))
    return book


@pytest.mark.parametrize(("lang", "start"), [("fr", "{name} : feuille 'Leads'"),
                                             ("en", "{name}: sheet 'Leads'")])
def test_a_sheet_read_ahead_is_refused_where_it_is_read_in_turn(
        request, tmp_path, monkeypatch, lang, start):
    # A far cell on the data sheet: the grid check (run in the reading thread, before
    # python-calamine, and before the workbook's language is known) refuses the sheet,
    # and the refresh says so as it did in turn, in the workbook's language.
    dashboard = request.getfixturevalue("dashboard" if lang == "fr" else "english_dashboard")
    messages = []
    for name, patched in (("avance", False), ("tour", True)):
        book = tmp_path / f"{name}.xlsx"
        shutil.copyfile(dashboard, book)
        set_cells(book, "Leads", {"XFD1048576": "x"})
        before = book.read_bytes()
        with monkeypatch.context() as patch:
            if patched:
                patch.setattr(workbook_file_module.WorkbookFile, "read_ahead", _read_in_turn)
            with pytest.raises(WorkbookFormatError, match="'Leads'") as refused:
                refresh_file(book)
        assert str(refused.value).startswith(start.format(name=book.name))
        messages.append(str(refused.value)[len(book.name):])
        assert book.read_bytes() == before  # nothing written
    assert messages[0] == messages[1]


def test_closing_while_sheets_are_read_ahead(dashboard):
    with workbook_file_module.WorkbookFile(dashboard) as workbook:
        workbook.read_ahead(["Leads", "Objectifs", "Equipe"])
    # The reading thread is done before the archive closes under it.
    assert not [t for t in threading.enumerate() if t.name.startswith("xlsales-read")]
    assert workbook.archive.fp is None


def test_the_refresh_reads_ahead_before_importing_pandas(dashboard, tmp_path):
    """The point of reading ahead: the sheets are handed to the reading thread before
    pandas and the analysis are imported (a top-level import of either would undo it)."""
    book = tmp_path / "tableau.xlsx"
    shutil.copyfile(dashboard, book)
    script = textwrap.dedent("""
        import sys
        from xlsales.dashboard import workbook_file
        start = workbook_file.WorkbookFile.read_ahead
        def read_ahead(self, sheets, tables):
            print("pandas" in sys.modules, sheets, tables)
            start(self, sheets, tables)
        workbook_file.WorkbookFile.read_ahead = read_ahead
        from xlsales.cli import cli
        cli(["refresh", sys.argv[1]])
    """)
    done = subprocess.run([sys.executable, "-c", script, str(book)], capture_output=True,
                          text=True, check=True)
    assert done.stdout.splitlines()[0] == "False ['Paramètres'] ['Leads', 'Objectifs', 'Equipe']"
    assert "4 affaires" in done.stdout
