"""What ``xlsales distribute`` writes (issue 11): file names, the hidden and protected
identification, the manifest, one workbook per agency."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from xlsales.dashboard.workbook_file import WorkbookFile
from xlsales.team.distribute import distribute
from xlsales.team.identity import SHEET, read_identity
from xlsales.team.manifest import MANIFEST, read_manifest

#: Distribution loops, process pools and killed subprocesses: out of `make test-fast`.
pytestmark = pytest.mark.slow

SPEC = Path(__file__).resolve().parent.parent / "xlsales" / "specs" / "objectifs-agence.yaml"


def _team(tmp_path: Path) -> Path:
    team = tmp_path / "equipe.csv"
    team.write_text("nom;prenom;agence\nDupont;Marie;Langon\nMartin;Jean;Langon\n"
                    "Lefèvre;Émilie;Saint-Émilion\n", encoding="utf-8")
    return team


def test_each_workbook_is_identified_hidden_and_protected(tmp_path: Path) -> None:
    done = distribute("objectives", _team(tmp_path), tmp_path / "envoi", SPEC, jobs=1,
                      distribution_id="2025-01-31-test")
    names = sorted(e.fichier for e in done.entries)
    # seed 003's agency follows 2022; "nom;prenom" gives dupont-marie
    assert names == ["objectifs-2022-dupont-marie.xlsx", "objectifs-2022-lefevre-emilie.xlsx",
                     "objectifs-2022-martin-jean.xlsx"]
    path = tmp_path / "envoi" / "objectifs-2022-dupont-marie.xlsx"
    with WorkbookFile(path) as book:
        identity, formulas = read_identity(book)
    assert (identity.kind, identity.recipient, identity.key, identity.period,
            identity.distribution) == ("objectives", "Marie Dupont", "dupont-marie", "2022",
                                       "2025-01-31-test")
    assert identity.version.startswith("objectives 1 (xlsales ")
    assert sum(len(cells) for cells in formulas.values()) > 1000
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        hidden = archive.read("xl/worksheets/xlsales-hidden.xml").decode()
    assert re.search(rf'<sheet name="{SHEET}"[^>]*state="veryHidden"', workbook)
    assert '<definedName name="xlsales_distribution" hidden="1">' in workbook
    assert '<sheetProtection sheet="1"' in hidden
    entries = read_manifest(tmp_path / "envoi" / MANIFEST)
    assert [(e.destinataire, e.empreinte) for e in entries] == [
        (e.destinataire, e.empreinte) for e in done.entries]
    assert entries[0].empreinte == identity.fingerprint


def test_one_workbook_per_agency_in_english(tmp_path: Path) -> None:
    done = distribute("objectives", _team(tmp_path), tmp_path / "out", SPEC, by="agence",
                      jobs=1, lang="en")
    assert [(e.fichier, e.conseillers) for e in done.entries] == [
        ("objectives-2022-langon.xlsx", "Marie Dupont, Jean Martin"),
        ("objectives-2022-saint-emilion.xlsx", "Émilie Lefèvre")]
    with WorkbookFile(tmp_path / "out" / "objectives-2022-langon.xlsx") as book:
        objectives = book.named_column("Suivi_Objectif")[4]
    # Langon's two advisors of three: two thirds of January's 110 000.
    assert objectives[0] == 73333.33
