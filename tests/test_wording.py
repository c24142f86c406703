"""What the recipient reads: a French network's words, and no command they cannot run."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from xlsales.dashboard import new_dashboard
from xlsales.i18n import text
from xlsales.templates import TEMPLATES, generate


def _strings(path: Path) -> str:
    """Every text of a workbook: shared strings, inline strings, comments."""
    with zipfile.ZipFile(path) as package:
        return "\n".join(package.read(name).decode("utf-8") for name in package.namelist()
                         if name.endswith(".xml") and "/worksheets/" in name
                         or name.endswith("sharedStrings.xml") or "comments" in name)


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("wording")
    out = {kind: generate(kind, folder / f"{kind}.xlsx") for kind in TEMPLATES}
    out["dashboard"] = folder / "dashboard.xlsx"
    new_dashboard(out["dashboard"], "fr")
    return out


@pytest.mark.parametrize("kind", [*TEMPLATES, "dashboard"])
def test_no_sheet_asks_the_reader_to_run_a_command(books, kind):
    found = re.findall(r"xlsales (?:snapshot|refresh|new)\b", _strings(books[kind]))
    assert not found, f"{kind}: {found}"


def test_the_dashboard_data_sheet_points_to_the_ribbon_or_the_sender():
    note = text("dashboard.note.data", "fr")
    assert "Rafraîchir" in note and "Charger une extraction" in note
    assert "personne qui vous l'a transmis" in note


@pytest.mark.parametrize(("key", "french", "english"), [
    ("dashboard.column.leads", "affaires", "leads"),
    ("dashboard.column.premium_per_lead", "prime par affaire", "premium per lead"),
    ("dashboard.column.conversion", "taux de transformation", "conversion"),
    ("dashboard.figure.leads_total", "Affaires", "Leads"),
    ("dashboard.figure.conversion", "Taux de transformation", "Conversion rate"),
    ("column.leads", "affaires", "leads"),
])
def test_dashboard_headers_speak_a_french_network_and_english_stays(key, french, english):
    assert text(key, "fr") == french
    assert text(key, "en") == english


def test_no_french_dashboard_header_says_lead():
    from xlsales.i18n import section

    for group in ("column", "figure", "note", "chart"):
        for key, label in section(f"dashboard.{group}", "fr").items():
            assert not re.search(r"\blead", label, re.I) or "Prime_Par_Lead" in label, key


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_pipeline_points_to_the_ribbon_buttons(lang):
    from xlsales.i18n import section

    buttons = section("addin.button", lang)
    notes = " ".join(str(v) for v in (text("pipeline.snapshots.note", lang),
                                      text("pipeline.film.note", lang)))
    assert buttons["snapshot"] in notes and buttons["refresh"] in notes
