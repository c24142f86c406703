"""Real exports load exactly: every dialect of CSV a French CRM writes, and workbooks."""

from __future__ import annotations

import codecs
import datetime as dt

import numpy as np
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from xlsales.dashboard.columns import LEADS, match_headers
from xlsales.dashboard.extract import filled_rows, read_extract
from xlsales.dashboard.settings import Settings
from xlsales.dashboard.validate import check_leads

# Three leads, as a CRM would export them in French (the expected values below are
# these cells, read by hand).
FRENCH_ROWS = [
    ["Id lead", "Date création", "Date signature", "Conseiller", "Région", "Produit",
     "Canal", "Cible", "Statut", "Prime", "Nb contrats"],
    ["L-001", "02/01/2025", "15/01/2025", "Hélène Lefèvre", "Grand Est", "Santé",
     "parrainage", "Particulier", "Client", "1\u00a0234,50\u00a0€", ""],
    ["L-002", "03/01/2025", "", "Jérôme Côté", "Île-de-France", "Multirisque pro",
     "salon", "Professionnel", "Perdu", "", ""],
    ["L-003", "04/01/2025", "20/02/2025", "Hélène Lefèvre", "Grand Est", "Épargne",
     "phoning", "Particulier", "client", "12\u00a0000,00\u00a0€", "2"],
]
EXPECTED = {
    "id_lead": ["L-001", "L-002", "L-003"],
    "date_creation": [dt.date(2025, 1, 2), dt.date(2025, 1, 3), dt.date(2025, 1, 4)],
    "conseiller": ["Hélène Lefèvre", "Jérôme Côté", "Hélène Lefèvre"],
    "region": ["Grand Est", "Île-de-France", "Grand Est"],
    "produit": ["Santé", "Multirisque pro", "Épargne"],
    "cible": ["particulier", "professionnel", "particulier"],
    "statut": ["client", "perdu", "client"],
    "premium": [1234.5, 0.0, 12000.0],
    "contracts": [1.0, 0.0, 2.0],  # a client's blank nb_contrats is 1
}


def _csv(rows: list[list[str]], sep: str) -> str:
    return "\r\n".join(sep.join(row) for row in rows) + "\r\n"


@pytest.fixture(params=[
    ("cp1252", ";", False),
    ("utf-8", ";", True),  # UTF-8 with a byte-order mark, as Excel writes "CSV UTF-8"
    ("utf-8", ";", False),
    ("utf-8", "\t", False),
], ids=["cp1252-semicolon", "utf8-bom-semicolon", "utf8-semicolon", "utf8-tab"])
def french_csv(request, tmp_path):
    encoding, sep, bom = request.param
    path = tmp_path / "extraction.csv"
    data = _csv(FRENCH_ROWS, sep).encode(encoding)
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + data)
    return path


@pytest.mark.parametrize("column", list(EXPECTED))
def test_french_csv_loads_exactly(french_csv, column):
    checked = check_leads(read_extract(french_csv, LEADS), Settings())
    assert not checked.problems
    values = checked.frame[column].tolist()
    if column.startswith("date"):
        values = [np.datetime64(v, "D").astype(dt.date) for v in values]
    assert values == EXPECTED[column]


def test_comma_separated_english_export_loads(tmp_path):
    rows = [["lead_id", "created", "signed", "advisor", "agency", "product", "channel",
             "target", "status", "premium", "contracts"],
            ["A1", "2025-01-02", "2025-01-15", "Ann Lee", "North", "Home", "web", "B2C",
             "won", '"1,234.50"', "1"]]
    path = tmp_path / "export.csv"
    path.write_text(_csv(rows, ","), encoding="utf-8")
    frame = check_leads(read_extract(path, LEADS), Settings()).frame
    assert frame.loc[0, "premium"] == 1234.5 and frame.loc[0, "statut"] == "client"
    assert frame.loc[0, "region"] == "North"


def test_a_title_line_above_the_header_is_skipped_and_lines_still_count(tmp_path):
    path = tmp_path / "extraction.csv"
    path.write_text("Export CRM du 31/01/2025\n\n" + _csv(FRENCH_ROWS, ";"), encoding="utf-8")
    raw = read_extract(path, LEADS)
    # Title on line 1, blank line 2, header line 3: the leads are on lines 4 to 6.
    assert raw.header_row == 3 and raw.rows.tolist() == [4, 5, 6]


def test_workbook_extract_loads_exactly(tmp_path):
    path = tmp_path / "extraction.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Export")
    sheet.write_row(0, 0, ["Extraction du CRM"])
    sheet.write_row(2, 0, FRENCH_ROWS[0])
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    for offset, row in enumerate(FRENCH_ROWS[1:]):
        r = 3 + offset
        sheet.write_row(r, 0, row)
        sheet.write_datetime(r, 1, dt.datetime.strptime(row[1], "%d/%m/%Y"), date_format)
        premium = row[9].replace("\u00a0", "").replace("€", "").replace(",", ".")
        if premium:
            sheet.write_number(r, 9, float(premium))
    book.close()
    raw = read_extract(path, LEADS)
    checked = check_leads(raw, Settings())
    assert raw.sheet == "Export" and raw.rows.tolist() == [4, 5, 6]
    assert checked.frame["premium"].tolist() == EXPECTED["premium"]
    assert checked.frame["conseiller"].tolist() == EXPECTED["conseiller"]


@pytest.mark.parametrize(
    ("header", "key"),
    [("Date création", "date_creation"), ("DATE_CREATION", "date_creation"),
     ("date creation", "date_creation"), ("DateCreation", "date_creation"),
     ("Nb contrats", "nb_contrats"), ("NB-CONTRATS", "nb_contrats"), ("Région", "region"),
     ("Agence", "region"), ("Advisor", "conseiller"), ("Premium", "prime")],
)
def test_headers_match_whatever_case_accents_and_spacing(header, key):
    found, _ = match_headers(LEADS, [header])
    assert found == {key: 0}


def test_region_wins_over_agence_when_both_are_present():
    found, _ = match_headers(LEADS, ["agence", "region"])
    assert found["region"] == 1


_CELL_TEXTS = st.text(alphabet=st.sampled_from(["a", " ", "\t", "\u00a0", "\u2009", "\x00",
                                               "\x1c", "\u3000", "é", "\n"]), max_size=4)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_CELL_TEXTS, min_size=3, max_size=3), max_size=30))
def test_filled_rows_is_strip_not_empty(rows):
    """The blank-row test of a CSV extract (one search, then only the rows still blank)
    equals the definition it replaces: a row is kept when one of its cells, stripped,
    is not empty."""
    columns = [np.array([row[j] for row in rows], dtype=object) for j in range(3)]
    expected = [any(cell.strip() for cell in row) for row in rows]
    assert filled_rows(columns, len(rows)).tolist() == expected


def test_rows_of_spaces_are_dropped_from_a_csv(tmp_path):
    path = tmp_path / "leads.csv"
    header = ";".join(LEADS.headers("fr"))
    width = len(LEADS.headers("fr"))
    first = ["L1", "2025-01-06", "", "Ana Roux"] + ["x"] * (width - 4)
    path.write_text("\n".join([header, ";".join(first), ";".join([" "] * width),
                               ";".join(["\u00a0", ""] + [""] * (width - 2)),
                               ";".join(["L2"] + first[1:])]), encoding="utf-8")
    raw = read_extract(path, LEADS)
    assert raw.rows.tolist() == [2, 5]  # rows 3 and 4 hold spaces only
