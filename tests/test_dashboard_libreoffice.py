"""In the real second engine: a workbook LibreOffice saved, with the user's own sheet,
image, chart, comments, names and document properties, keeps every one of those parts
byte for byte through a refresh; the demo dashboard opens with no error value and its
headline names equal the core's figures."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import defined_name_values, error_cells
from tests.dashboard_books import members, owned_parts, raw_members
from xlsales import core
from xlsales.dashboard import demo_data, refresh_file, write_demo, write_demo_files
from xlsales.dashboard.demo_dashboard import DEMO_BOOK
from xlsales.dashboard.generate import build
from xlsales.dashboard.workbook_file import WorkbookFile
from xlsales.templates import styling

USER_SHEET = "Mes notes"


def _png(path: Path) -> Path:
    """A 4×4 red PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    pixels = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2,
                                                                        0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b""))
    return path


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    folder = tmp_path_factory.mktemp("extract")
    files = (folder / "leads.csv", folder / "obj.csv", folder / "team.csv")
    write_demo_files(files[0], 2000, objectives_path=files[1], advisors_path=files[2])
    return files


@pytest.fixture(scope="module")
def user_book(tmp_path_factory, recalc, extract):
    """A dashboard a user worked on, then saved by LibreOffice (every part LO-written)."""
    folder = tmp_path_factory.mktemp("user")
    path = folder / "tableau.xlsx"
    book, formats = styling.new_workbook(path, "Tableau", "fr")
    build(book, formats, "fr")
    notes = book.add_worksheet(USER_SHEET)
    notes.write_column("A2", ["Nord", "Sud", "Est"])
    notes.write_column("B2", [120, 80, 95])
    notes.write_comment("B2", "Objectif revu avec la direction")
    notes.insert_image("E2", str(_png(folder / "logo.png")))
    notes.data_validation("C2:C4", {"validate": "list", "source": ["oui", "non"]})
    chart = book.add_chart({"type": "column"})
    chart.add_series({"categories": f"='{USER_SHEET}'!$A$2:$A$4",
                      "values": f"='{USER_SHEET}'!$B$2:$B$4"})
    notes.insert_chart("E8", chart)
    book.define_name("Ma_Cible", f"='{USER_SHEET}'!$B$2")
    book.set_custom_property("Agence", "Langon")
    book.get_worksheet_by_name("Conseillers").write_string("P2", "Note du manager")
    book.close()
    saved = recalc(path)  # LibreOffice re-saves the whole workbook
    refresh_file(saved, *extract)  # a first refresh, as the user would have done
    out = folder / "travail" / "tableau.xlsx"
    out.parent.mkdir()
    shutil.copy(saved, out)
    return out


def _user_parts(path: Path) -> dict[str, str]:
    """The parts holding what the user added (found through the package)."""
    found = {"properties": "docProps/custom.xml"}
    with WorkbookFile(path) as workbook:
        sheet = workbook.package.sheet(USER_SHEET)
        found["sheet"] = sheet.path
        found["chart"] = sheet.charts[0]
        names = workbook.archive.namelist()
    found["image"] = next(n for n in names if n.startswith("xl/media/"))
    found["comments"] = next(n for n in names if "comments" in n and n.endswith(".xml"))
    return found


def test_the_users_parts_survive_a_refresh_byte_for_byte(user_book, extract):
    before = raw_members(user_book)
    refresh_file(user_book, *extract)
    after = raw_members(user_book)
    owned = owned_parts(user_book)
    assert set(after) == set(before)
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= owned
    for kind, part in _user_parts(user_book).items():
        assert part not in owned, kind
        assert after[part] == before[part], kind


def test_the_users_names_and_cells_on_dashboard_sheets_survive(user_book, extract):
    def workbook_names(path):
        xml = members(path)["xl/workbook.xml"].decode()
        return xml[xml.index("<definedNames>"):xml.index("</definedNames>")]

    def manager_note(path):
        with WorkbookFile(path) as workbook:
            xml = members(path)[workbook.package.sheet("Conseillers").path].decode()
        start = xml.index('<c r="P2"')
        return xml[start:xml.index("</c>", start)]

    names, note = workbook_names(user_book), manager_note(user_book)
    refresh_file(user_book, *extract)
    assert "Ma_Cible" in names and workbook_names(user_book) == names
    assert manager_note(user_book) == note


def test_the_refreshed_user_workbook_opens_in_libreoffice_without_error(user_book, recalc):
    checked = recalc(user_book)
    assert error_cells(checked) == []
    assert defined_name_values(checked)["Ma_Cible"] == 120


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    write_demo(folder)
    return folder / DEMO_BOOK


@pytest.fixture(scope="module")
def demo_recalculated(demo_book, recalc):
    return recalc(demo_book)


def test_the_demo_dashboard_opens_in_libreoffice_with_no_error_value(demo_recalculated):
    assert error_cells(demo_recalculated) == []


HEADLINES = ["Leads_Total", "Clients_Total", "Taux_Conversion", "Prime_Totale",
             "Prime_Par_Lead", "Taux_Atteinte", "Part_Top20_Conseillers", "Gini_Conseillers"]


@pytest.fixture(scope="module")
def core_figures() -> dict[str, float]:
    """The headline figures, computed once from the demo's source frames by the
    definitions of docs/dashboard.md, through the core."""
    data = demo_data(6000)  # what write_demo writes (same rows, same seed)
    leads = data.leads
    client = leads["statut"] == "client"
    premium = float(leads.loc[client, "prime"].sum())
    per_advisor = leads["prime"].where(client, 0.0).groupby(leads["conseiller"]).sum()
    count = float(len(leads))
    return {
        "Leads_Total": count,
        "Clients_Total": float(client.sum()),
        "Taux_Conversion": core.conversion_rate(float(client.sum()), count),
        "Prime_Totale": premium,
        "Prime_Par_Lead": premium / count,
        "Taux_Atteinte": core.attainment(premium, float(data.objectives["objectif_prime"].sum())),
        "Part_Top20_Conseillers": core.top_share(per_advisor.to_numpy(), 0.2),
        "Gini_Conseillers": core.gini(per_advisor.to_numpy()),
    }


@pytest.fixture(scope="module")
def demo_names(demo_recalculated) -> dict[str, object]:
    """The recalculated demo's names, read once (an openpyxl load of 6,000 leads)."""
    return defined_name_values(demo_recalculated)


def test_the_headlines_checked_are_the_cores(core_figures):
    assert list(core_figures) == HEADLINES


@pytest.mark.parametrize("name", HEADLINES)
def test_demo_headline_names_equal_the_cores_figures(demo_names, core_figures, name):
    assert demo_names[name] == pytest.approx(core_figures[name], rel=1e-9)


def test_the_demo_extract_has_what_seed_000_describes(demo_book):
    data = demo_data(6000)
    leads = data.leads
    assert leads["conseiller"].nunique() == 40 and leads["region"].nunique() == 6
    assert leads["produit"].nunique() == 10
    months = pd.to_datetime(leads["date_creation"]).dt.month
    summer = months.isin([7, 8]).sum() / 2
    assert summer < months.isin([3, 4, 5]).sum() / 3  # a summer dip in leads
