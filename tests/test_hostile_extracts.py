"""Broken and hostile extracts (issue 18, items 1, 3, 6, 8 and the smaller points): a
clear message naming the file (and row and column where there is one), and the
workbook byte-identical; or, when the file is readable, the right values."""

from __future__ import annotations

import codecs
import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tests.dashboard_books import LEADS_HEADER, lead, write_leads
from xlsales.cli import cli
from xlsales.dashboard import new_dashboard, refresh_file
from xlsales.dashboard.columns import LEADS
from xlsales.dashboard.extract import RawTable, read_extract
from xlsales.dashboard.refresh import MAX_DATA_ROWS, run
from xlsales.dashboard.workbook_file import WorkbookFile
from xlsales.errors import InputError, XlsalesError
from xlsales.ooxml.parts import read_package

ROWS = [lead("L1", "Ana Roux"), lead("L2", "Ben Morel", premium="500,00 €"),
        lead("L3", "Chloé Petit", status="perdu")]


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("original")
    book = new_dashboard(folder / "tableau.xlsx")
    refresh_file(book, write_leads(folder / "leads.csv", ROWS))
    return book


@pytest.fixture
def book(original, tmp_path) -> Path:
    copy = tmp_path / "tableau.xlsx"
    copy.write_bytes(original.read_bytes())
    return copy


def refused(book: Path, **files: Path) -> str:
    """The message of a refused refresh; the workbook must be unchanged."""
    before = book.read_bytes()
    with pytest.raises(XlsalesError) as caught:
        refresh_file(book, files.get("data"), files.get("objectives"), files.get("advisors"))
    assert book.read_bytes() == before
    assert sorted(p.name for p in book.parent.iterdir() if p.name.startswith(".~")) == []
    return str(caught.value)


def leads_cells(book: Path) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(book)).get_sheet_by_name("Leads").to_python()


# Item 1: no data row is fatal, in every form -------------------------------------------

def _header_only_xlsx(path: Path) -> Path:
    return new_dashboard(path)  # its Leads table holds a header and no row


@pytest.mark.parametrize("name, content", [
    ("leads.csv", ";".join(LEADS_HEADER).encode() + b"\r\n"),
    ("leads.csv", ";".join(LEADS_HEADER).encode() + b"\r\n\r\n;;;\r\n   \r\n"),
    ("leads.xlsx", None),
])
def test_an_extract_with_a_header_and_no_row_is_fatal(book, tmp_path, name, content):
    extract = tmp_path / name
    if content is None:
        _header_only_xlsx(extract)
    else:
        extract.write_bytes(content)
    message = refused(book, data=extract)
    sheet = ", feuille 'Leads'" if name.endswith(".xlsx") else ""
    assert message == f"{name}{sheet}, ligne 1: aucune ligne de données"


@pytest.mark.parametrize("option, header", [("objectives", "conseiller;mois;objectif_prime"),
                                            ("advisors", "conseiller;date_entree")])
def test_objectives_or_advisors_with_a_header_only_are_fatal(book, tmp_path, option, header):
    extract = tmp_path / f"{option}.csv"
    extract.write_text(header + "\n\n", encoding="utf-8")
    leads = write_leads(tmp_path / "leads.csv", ROWS)
    message = refused(book, data=leads, **{option: extract})
    assert message == f"{option}.csv, ligne 1: aucune ligne de données"


def test_an_old_xls_file_is_named_not_read_as_an_empty_csv(book, tmp_path):
    extract = tmp_path / "export.xls"
    extract.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    assert "Excel 97-2003 (.xls)" in refused(book, data=extract)


# Item 3: encodings -----------------------------------------------------------------------

def test_a_stray_cp1252_byte_in_utf8_is_refused_with_its_line(book, tmp_path):
    rows = [lead("L1", "Ana Roux", product="Santé"), lead("L2", premium="1 234,50 €"),
            lead("L3", product="Santé")]
    extract = write_leads(tmp_path / "leads.csv", rows)
    data = extract.read_bytes()
    at = data.rindex("Santé".encode())  # line 4: header, L1, L2, then L3
    extract.write_bytes(data[:at] + "Santé".encode("cp1252") + data[at + 6:])
    message = refused(book, data=extract)
    assert message.startswith("leads.csv, ligne 4: encodage mélangé")


@pytest.mark.parametrize("encoding, bom", [("cp1252", b""), ("utf-16-le", b""),
                                           ("utf-16-be", b""), ("utf-16", b""),
                                           ("utf-8", codecs.BOM_UTF8), ("utf-8", b"")])
def test_an_extract_in_one_encoding_is_read_right(book, tmp_path, encoding, bom):
    rows = [lead("L1", "Hélène Boré", product="Santé", premium="1 234,50 €"),
            lead("L2", "Ben Morel")]
    text = "\r\n".join(";".join(r) for r in [LEADS_HEADER] + rows) + "\r\n"
    extract = tmp_path / "leads.csv"
    extract.write_bytes(bom + text.encode(encoding))
    refresh_file(book, extract)
    cells = leads_cells(book)
    assert cells[1][3] == "Hélène Boré" and cells[1][5] == "Santé"
    assert cells[1][9] == 1234.5  # "1 234,50 €", the euro sign read in every encoding


# Item 6: Excel's limits ------------------------------------------------------------------

class _Refusing:
    """A sink that must not be reached."""

    def apply(self, plan):  # type: ignore[no-untyped-def]
        raise AssertionError("nothing may be written")


def test_more_rows_than_a_sheet_holds_are_refused_before_writing(book):
    # Built in memory: a million cells of None cost nothing to read.
    size = MAX_DATA_ROWS + 1
    blank = np.full(size, None, dtype=object)
    raw = RawTable("enorme.csv", "", list(LEADS_HEADER), [blank] * len(LEADS_HEADER),
                   np.arange(2, size + 2), 1, is_csv=True)
    with WorkbookFile(book) as workbook, pytest.raises(InputError) as caught:
        run(workbook, _Refusing(), {"leads": raw})
    assert str(caught.value) == (
        "enorme.csv: 1048576 lignes de données : une feuille Excel en contient au plus 1048575")


def test_a_text_longer_than_a_cell_is_refused_with_its_row_and_column(book, tmp_path):
    rows = [lead("L1"), lead("L2", "x" * 40_000)]
    message = refused(book, data=write_leads(tmp_path / "leads.csv", rows))
    assert message.startswith("leads.csv, ligne 3, colonne 'conseiller': texte de 40000")
    assert "32767" in message


def test_a_field_longer_than_the_csv_module_allows_is_a_message(book, tmp_path):
    # csv.field_size_limit (131,072) in the first lines, where the header is sought.
    rows = [lead("L1", "y" * 140_000)]
    message = refused(book, data=write_leads(tmp_path / "leads.csv", rows))
    assert message == ("leads.csv, ligne 2, colonne 'conseiller': texte de 140000 caractères :"
                       " une cellule Excel en contient au plus 32767")


@pytest.mark.parametrize("created", ["31/12/1899", "1066-10-14"])
def test_a_date_before_1900_is_refused_not_written_as_a_negative_serial(book, tmp_path,
                                                                        created):
    rows = [lead("L1"), lead("L2", created=created, signed="")]
    message = refused(book, data=write_leads(tmp_path / "leads.csv", rows))
    assert message.startswith("leads.csv, ligne 3, colonne 'date_creation': date illisible "
                              "ou hors des dates d'Excel")


def test_a_date_far_in_the_future_is_warned(book, tmp_path):
    from xlsales.dashboard.validate import horizon

    rows = [lead("L1"), lead("L2", created="15/03/2099", status="perdu")]
    outcome = refresh_file(book, write_leads(tmp_path / "leads.csv", rows))
    far = [p for p in outcome.warnings if "au-delà" in p.message]
    assert len(far) == 1 and far[0].where.row == 3
    assert horizon().strftime("%d/%m/%Y") in far[0].message


# Item 8 and the smaller points -----------------------------------------------------------

def test_prime_and_premium_together_are_ambiguous(book, tmp_path):
    header = LEADS_HEADER + ["premium"]
    rows = [r + ["999"] for r in ROWS]
    message = refused(book, data=write_leads(tmp_path / "leads.csv", rows, header=header))
    assert message == ("leads.csv, ligne 1: deux colonnes pour la même donnée : "
                       "prime / premium (gardez-en une)")


def test_a_line_with_too_many_fields_is_phrased_not_pandas_raw(book, tmp_path):
    extract = write_leads(tmp_path / "leads.csv", ROWS)
    extract.write_bytes(extract.read_bytes() + b"L9;a;b;c;d;e;f;g;h;i;j;k;l;m\r\n")
    message = refused(book, data=extract)
    assert message == ("leads.csv, ligne 5: 14 champs pour 11 colonnes d'en-tête "
                       "(un séparateur ou un guillemet en trop ?)")


def test_a_bad_month_shows_its_text_not_a_numpy_repr(book, tmp_path):
    objectives = tmp_path / "objectifs.csv"
    objectives.write_text("conseiller;mois;objectif_prime\nAna Roux;2025-13;100\n",
                          encoding="utf-8")
    message = refused(book, data=write_leads(tmp_path / "leads.csv", ROWS),
                      objectives=objectives)
    assert "(valeur '2025-13')" in message and "np.str_" not in message


def test_the_workbook_itself_as_data_is_refused(book):
    assert refused(book, data=book) == ("tableau.xlsx: c'est le classeur lui-même : "
                                        "donnez l'extraction du CRM")


def test_an_extract_is_not_loaded_into_a_narrowed_table(book, tmp_path):
    from tests.hostile import member, part_of, rewrite

    name = part_of(book, table="Leads")
    xml = member(book, name).decode().replace('name="prime"', 'name="remarques"')
    narrowed = rewrite(book, tmp_path / "etroit.xlsx", {name: xml.encode()})
    message = refused(narrowed, data=write_leads(tmp_path / "leads.csv", ROWS))
    assert message.startswith("etroit.xlsx : le tableau Leads a été modifié")


def test_a_libreoffice_lock_is_not_called_excel(book):
    (book.parent / ".~lock.tableau.xlsx#").write_text("x")
    result = CliRunner().invoke(cli, ["refresh", str(book)])
    assert result.exit_code == 1
    assert "ouvert dans LibreOffice" in result.output and "Excel" not in result.output


def test_a_correct_extract_still_loads_every_value(book, tmp_path):
    # The counterpart of the refusals: a clean file reads whole.
    refresh_file(book, write_leads(tmp_path / "leads.csv", ROWS))
    cells = leads_cells(book)
    assert [row[0] for row in cells[1:]] == ["L1", "L2", "L3"]
    assert cells[2][9] == 500.0 and cells[1][1] == dt.date(2025, 1, 2)
    with zipfile.ZipFile(book) as archive:
        assert read_package(archive).table("Leads")[1].area.last.row == 3
    assert read_extract(tmp_path / "leads.csv", LEADS).header == LEADS_HEADER


def test_a_control_character_in_the_header_loses_no_cell(tmp_path):
    # str.splitlines() ends a line at a form feed, pandas does not: the header was cut
    # short there and pandas dropped the cells beyond it (with only a warning).
    extract = tmp_path / "leads.csv"
    header = ";".join(LEADS_HEADER) + "\x0c;remarques"
    extract.write_text("\n".join([header] + [";".join(r + ["note"]) for r in ROWS]) + "\n",
                       encoding="utf-8")
    raw = read_extract(extract, LEADS)
    assert raw.header[-1] == "remarques" and list(raw.columns[-1]) == ["note"] * 3


def test_a_csv_larger_than_any_extract_is_refused_before_it_is_read(book, tmp_path):
    extract = tmp_path / "enorme.csv"
    with extract.open("wb") as out:  # sparse: 1.5 GB that take no room on disk
        out.write(";".join(LEADS_HEADER).encode() + b"\n")
        out.truncate(3 << 29)
    assert refused(book, data=extract) == (
        "enorme.csv: fichier de 1536 Mo : plus que les 1024 Mo qu'une extraction peut "
        "faire (1 048 575 lignes au plus)")
