"""Hostile and broken workbooks (issue 18, items 5 and 8): each refresh ends in one
line naming the file, within memory and CPU bounds, and the workbook stays
byte-identical. Fixtures are small: a bomb is a few hundred KB that claims gigabytes."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.dashboard_books import four_leads_dashboard, set_cells
from tests.hostile import member, one_message, part_of, rewrite, run_cli
from xlsales.cli import cli
from xlsales.dashboard import new_dashboard
from xlsales.errors import WorkbookFormatError
from xlsales.ooxml import guard

#: Bounded subprocesses and large grow-and-shrink workbooks: out of `make test-fast`.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory) -> Path:
    """A dashboard refreshed from four leads (the original every case starts from)."""
    return four_leads_dashboard(tmp_path_factory.mktemp("dashboard"))


XXE = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w [<!ENTITY x SYSTEM '
       b'"file:///etc/passwd">]>\n')
LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY a "aaaaaaaaaa">'
          + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode()
                     for i in range(9))
          + b']>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          b"<si><t>&j;</t></si></sst>")


def _xxe(book: Path) -> dict[str, bytes | None]:
    name = part_of(book)
    xml = member(book, name)
    body = xml[xml.index(b"<workbook"):]
    return {name: XXE + body.replace(b"</sheets>", b"</sheets><!-- &x; -->", 1)}


def _laughs(book: Path) -> dict[str, bytes | None]:
    return {"xl/sharedStrings.xml": LAUGHS}


def _malformed_workbook(book: Path) -> dict[str, bytes | None]:
    name = part_of(book)
    return {name: member(book, name)[:-40]}


def _malformed_table(book: Path) -> dict[str, bytes | None]:
    name = part_of(book, table="Tbl_Conseillers")
    return {name: member(book, name).replace(b"</tableColumns>", b"")}


def _malformed_sheet(book: Path) -> dict[str, bytes | None]:
    name = part_of(book, sheet="Conseillers")
    return {name: member(book, name).replace(b"</sheetData>", b"")}


def _malformed_settings_sheet(book: Path) -> dict[str, bytes | None]:
    # Cut inside its cells (the sheet ends with the Correspondances table and the
    # findings' neighbours: a short cut would only lose trailing elements).
    name = part_of(book, sheet="Paramètres")
    data = member(book, name)
    return {name: data[:data.index(b"</sheetData>") - 40]}


def _utf16_workbook(book: Path) -> dict[str, bytes | None]:
    name = part_of(book)
    text = member(book, name).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return {name: text.encode("utf-16")}


def _no_shared_strings(book: Path) -> dict[str, bytes | None]:
    return {"xl/sharedStrings.xml": None}


def _bomb(part: str):  # type: ignore[no-untyped-def]
    def change(book: Path) -> dict[str, bytes | None]:
        name = part_of(book) if part == "workbook" else "xl/sharedStrings.xml"
        xml = member(book, name)
        # 64 MB of blanks inside the root: a 64 KB member that claims a thousand
        # times its size (the case is 3.5 MB claiming 3.5 GB).
        at = xml.rindex(b"</")
        return {name: xml[:at] + b" " * (64 << 20) + xml[at:]}
    return change


def _narrowed_leads(book: Path) -> dict[str, bytes | None]:
    # The user deleted the table's last columns (nb_contrats, prime, statut...).
    name = part_of(book, table="Leads")
    xml = member(book, name).decode()
    xml = re.sub(r'ref="A1:K(\d+)"', r'ref="A1:E\1"', xml)
    columns = re.findall(r"<tableColumn [^>]*/>", xml)
    xml = xml.replace("".join(columns), "".join(columns[:5]))
    xml = xml.replace(f'count="{len(columns)}"', 'count="5"')
    return {name: xml.encode()}


CASES = {
    "external entity": (_xxe, "DTD"),
    "billion laughs": (_laughs, "DTD"),
    "malformed workbook.xml": (_malformed_workbook, "XML invalide"),
    "malformed table": (_malformed_table, "XML invalide"),
    "malformed sheet": (_malformed_sheet, "illisible"),
    "malformed settings sheet": (_malformed_settings_sheet, "illisible"),
    "UTF-16 workbook.xml": (_utf16_workbook, "UTF-8"),
    "missing sharedStrings.xml": (_no_shared_strings, "sharedStrings.xml introuvable"),
    "workbook.xml bomb": (_bomb("workbook"), "compressée"),
    "sharedStrings.xml bomb": (_bomb("strings"), "compressée"),
    "Leads table narrowed": (_narrowed_leads, "Leads"),
}


#: The cases whose point is a bound on memory or time run in a bounded subprocess; the
#: others in this process (faster).
BOUNDED = {"billion laughs", "workbook.xml bomb", "sharedStrings.xml bomb"}


def _refresh_here(book: Path) -> str:
    """The message of ``xlsales refresh BOOK`` run in this process."""
    result = CliRunner().invoke(cli, ["refresh", str(book)])
    assert result.exit_code in (1, 2), (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and book.name in lines[0], lines
    return lines[0]


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_workbook_is_one_message_and_left_as_it_was(dashboard, tmp_path, case):
    change, words = CASES[case]
    book = rewrite(dashboard, tmp_path / "tableau.xlsx", change(dashboard))
    before = book.read_bytes()
    if case in BOUNDED:
        line = one_message(run_cli(["refresh", book.name], tmp_path), "tableau.xlsx")
    else:
        line = _refresh_here(book)
    assert words in line
    assert book.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tableau.xlsx"]


def test_a_corrupt_compressed_member_is_one_message(dashboard, tmp_path):
    part = part_of(dashboard, sheet="Conseillers")
    book = rewrite(dashboard, tmp_path / "tableau.xlsx", {}, raw={part: b"\xff" * 64})
    before = book.read_bytes()
    line = _refresh_here(book)
    assert "endommagée" in line or "illisible" in line
    assert book.read_bytes() == before


def test_a_cell_at_xfd1048576_is_refused_before_any_grid_is_allocated(dashboard, tmp_path):
    # The case: one cell at the last cell of a sheet made calamine ask for
    # 550 GB. The refusal must come within the memory bound.
    book = tmp_path / "tableau.xlsx"
    book.write_bytes(dashboard.read_bytes())
    set_cells(book, "Paramètres", {"XFD1048576": "x"})
    before = book.read_bytes()
    line = one_message(run_cli(["refresh", book.name], tmp_path), "tableau.xlsx")
    assert "'Paramètres'" in line and "1048576" in line and "16384" in line
    assert book.read_bytes() == before


def test_a_far_cell_in_an_extract_workbook_is_refused_too(dashboard, tmp_path):
    extract = tmp_path / "extrait.xlsx"
    new_dashboard(extract)
    set_cells(extract, "Leads", {"ZZ1048000": "x"})
    book = tmp_path / "tableau.xlsx"
    book.write_bytes(dashboard.read_bytes())
    line = one_message(run_cli(["refresh", book.name, "--data", extract.name], tmp_path),
                       "extrait.xlsx")
    assert "'Leads'" in line


@pytest.mark.parametrize("size, compressed, refused", [
    (100 << 20, 20 << 20, False),    # a big data sheet, compressed 5 times
    (100 << 20, 100 << 10, True),    # 1000 times: a bomb
    (1 << 20, 1 << 10, False),       # small parts may compress well
    (3 << 30, 600 << 20, True),      # over the largest member inflated
])
def test_members_are_judged_on_their_declared_sizes(size, compressed, refused):
    info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
    info.file_size, info.compress_size = size, compressed

    class Archive:
        def infolist(self):  # type: ignore[no-untyped-def]
            return [info]

    if refused:
        with pytest.raises(WorkbookFormatError, match="sheet1.xml"):
            guard.check_members(Archive(), "x.xlsx")  # type: ignore[arg-type]
    else:
        guard.check_members(Archive(), "x.xlsx")  # type: ignore[arg-type]


SPLIT_PADDED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_CPU, (6, 6))
from xlsales.ooxml.sheetxml import split_sheet
head = b'<worksheet><sheetData><row r="1"><c r="A1"/>'
padding = b" \\t\\r\\n" * (8 << 20)  # 32 MB of blanks inside the header row
tail = b'</row><row r="2"><c r="A2"/></row></sheetData></worksheet>'
data = head + padding + tail
chunks = (data[i:i + (64 << 10)] for i in range(0, len(data), 64 << 10))
split = split_sheet(chunks, 1)
print(len(split.kept_rows), split.first_skipped)
"""


def test_a_data_sheet_padded_with_whitespace_is_split_in_linear_time():
    # 512 chunks of 64 KB: rescanning the growing row at each chunk (as before) is
    # 8 GB of searching, far over the CPU bound; once is 32 MB.
    result = subprocess.run([sys.executable, "-c", SPLIT_PADDED], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    kept, skipped = result.stdout.split(" ", 1)
    assert int(kept) == len(b'<row r="1"><c r="A1"/>') + (32 << 20) + len(b"</row>")
    assert skipped.strip() == "b'<row r=\"2\"><c r=\"A2\"/></row>'"
