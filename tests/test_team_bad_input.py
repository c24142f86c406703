"""Bad input to ``xlsales distribute`` and ``xlsales collect`` (issue 11): a clear
message naming the file and row, and nothing lost or half-written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner

from xlsales.cli import cli
from xlsales.errors import InputError, WorkbookFormatError
from xlsales.team.collect import collect
from xlsales.team.distribute import distribute
from xlsales.team.roster import read_team

#: Distribution loops, process pools and killed subprocesses: out of `make test-fast`.
pytestmark = pytest.mark.slow

SPEC = Path(__file__).resolve().parent.parent / "xlsales" / "specs" / "objectifs-agence.yaml"


def _team(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "equipe.csv"
    path.write_text("conseiller;agence\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "row", "words"), [
    # line 4 repeats line 2 (same name once accents and case are folded)
    ("Marie Dupont;Langon\nJean Martin;Langon\nmarie DUPONT;Bazas\n", 4, "ligne 2"),
    ("Marie Dupont;Langon\n;Langon\n", 3, "nom vide"),
    # "Marie.Dupont" and "Marie Dupont" both make the file name marie-dupont
    ("Marie Dupont;Langon\nMarie.Dupont;Bazas\n", 3, "marie-dupont"),
    ("Marie Dupont;Langon\n???;Bazas\n", 3, "nom de fichier"),
])
def test_bad_team_file_is_refused_with_its_row_and_nothing_written(
        tmp_path: Path, body: str, row: int, words: str) -> None:
    team = _team(tmp_path, body)
    out = tmp_path / "envoi"
    with pytest.raises(InputError) as caught:
        distribute("objectives", team, out, SPEC, jobs=1)
    message = str(caught.value)
    assert f"equipe.csv, ligne {row}" in message and words in message
    assert not out.exists()


def test_cli_says_it_in_one_line_with_exit_code_2(tmp_path: Path) -> None:
    team = _team(tmp_path, "Marie Dupont;Langon\nMarie.Dupont;Bazas\n")
    result = CliRunner().invoke(cli, ["distribute", "objectives", "--team", str(team),
                                      "--spec", str(SPEC), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "equipe.csv, ligne 3" in result.output and "marie-dupont" in result.output


def test_names_and_agencies_as_keys(tmp_path: Path) -> None:
    team = _team(tmp_path, "Émilie Lefèvre;Saint-Émilion\nJean Martin;Saint-Émilion\n")
    by_advisor = read_team(team)
    assert [r.key for r in by_advisor] == ["emilie-lefevre", "jean-martin"]
    (agency,) = read_team(team, by="agence")
    assert agency.key == "saint-emilion" and agency.advisors == ("Émilie Lefèvre",
                                                                 "Jean Martin")


def test_existing_workbooks_are_never_overwritten(tmp_path: Path) -> None:
    team = _team(tmp_path, "Marie Dupont;Langon\n")
    out = tmp_path / "envoi"
    distribute("objectives", team, out, SPEC, jobs=1)
    book = out / "objectifs-2022-marie-dupont.xlsx"
    before = book.read_bytes()
    with pytest.raises(InputError, match="existe déjà"):
        distribute("objectives", team, out, SPEC, jobs=1)
    assert book.read_bytes() == before


@pytest.fixture()
def returns(tmp_path: Path) -> dict:
    team = _team(tmp_path, "Marie Dupont;Langon\nJean Martin;Langon\n")
    out = tmp_path / "envoi"
    distribute("objectives", team, out, SPEC, jobs=1)
    other = tmp_path / "autre"
    distribute("objectives", team, other, SPEC, jobs=1)
    folder = out
    foreign = xlsxwriter.Workbook(str(folder / "notes-perso.xlsx"))
    foreign.add_worksheet().write(0, 0, "mes notes")
    foreign.close()
    (folder / "abime.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    stranger = folder / "objectifs-2022-jean-martin-v2.xlsx"
    stranger.write_bytes((other / "objectifs-2022-jean-martin.xlsx").read_bytes())
    return {"folder": folder, "other": other}


def test_foreign_corrupt_and_other_distribution_files_are_set_aside(
        returns: dict, tmp_path: Path) -> None:
    folder = returns["folder"]
    kept = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = collect(folder, tmp_path / "conso.xlsx", jobs=1)
    # The two real returns are consolidated; the other files are named, with why.
    assert sorted(result.received) == ["Jean Martin", "Marie Dupont"]
    reasons = {o.file: " ".join(o.reasons) for o in result.ignored + result.rejected}
    assert "aucune identification" in reasons["notes-perso.xlsx"]
    # A corrupt zip is named as such, in the reader's words for a file that is not a zip.
    assert "ce n'est pas un classeur .xlsx" in reasons["abime.xlsx"]
    assert "autre distribution" in reasons["objectifs-2022-jean-martin-v2.xlsx"]
    # Nothing in the folder was touched.
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == kept


def test_duplicate_returns_are_both_rejected(returns: dict, tmp_path: Path) -> None:
    folder = returns["folder"]
    original = folder / "objectifs-2022-marie-dupont.xlsx"
    (folder / "objectifs-2022-marie-dupont (1).xlsx").write_bytes(original.read_bytes())
    result = collect(folder, tmp_path / "conso.xlsx", jobs=1)
    assert result.received == ["Jean Martin"]
    assert sorted(o.file for o in result.rejected) == [
        "objectifs-2022-marie-dupont (1).xlsx", "objectifs-2022-marie-dupont.xlsx"]
    assert all("plusieurs retours" in o.reasons[0] for o in result.rejected)


def test_out_of_range_value_rejects_the_return_with_its_cell(returns: dict,
                                                             tmp_path: Path) -> None:
    from .xml_edit import set_cells

    folder = returns["folder"]
    book = folder / "objectifs-2022-marie-dupont.xlsx"
    set_cells(book, "Suivi", {"E6": -500.0})
    result = collect(folder, tmp_path / "conso.xlsx", jobs=1)
    (rejected,) = result.rejected
    assert rejected.file == book.name
    assert "'Suivi', ligne 6, colonne 'E'" in rejected.reasons[0]
    assert "-500" in rejected.reasons[0]
    assert result.received == ["Jean Martin"]


def test_consolidation_never_writes_over_a_workbook_of_another_kind(
        returns: dict, tmp_path: Path) -> None:
    into = returns["folder"] / "notes-perso.xlsx"
    before = into.read_bytes()
    with pytest.raises(WorkbookFormatError, match="pas une consolidation"):
        collect(returns["folder"], into, jobs=1)
    assert into.read_bytes() == before
    other = tmp_path / "conso-autre.xlsx"
    collect(returns["other"], other, jobs=1)
    kept = other.read_bytes()
    with pytest.raises(WorkbookFormatError, match="autre distribution"):
        collect(returns["folder"], other, jobs=1)
    assert other.read_bytes() == kept
    assert zipfile.is_zipfile(other)


def test_shares_split_the_objectives_and_may_not_exceed_the_whole(tmp_path: Path) -> None:
    from xlsales.dashboard.workbook_file import WorkbookFile

    team = tmp_path / "equipe.csv"
    team.write_text("conseiller;agence;part\nMarie Dupont;Langon;60 %\nJean Martin;Langon;\n",
                    encoding="utf-8")
    done = distribute("objectives", team, tmp_path / "envoi", SPEC, jobs=1)
    firsts = []
    for entry in done.entries:
        with WorkbookFile(tmp_path / "envoi" / entry.fichier) as book:
            firsts.append(book.named_column("Suivi_Objectif")[4][0])
    # objectifs-agence.yaml: CA particuliers, January 110 000; the rest (40 %) to Jean.
    assert firsts == [pytest.approx(66000.0), pytest.approx(44000.0)]
    team.write_text("conseiller;agence;part\nMarie Dupont;Langon;60 %\nJean Martin;Langon;50\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="110 %"):
        distribute("objectives", team, tmp_path / "autre", SPEC, jobs=1)
    assert not (tmp_path / "autre").exists()


def test_damaged_packages_are_set_aside_and_the_others_consolidated(returns: dict,
                                                                    tmp_path: Path) -> None:
    from .xml_edit import sheet_xml

    folder = returns["folder"]
    with zipfile.ZipFile(folder / "lettre.xlsx", "w") as other:  # a zip, not a workbook
        other.writestr("word/document.xml", "<w:document/>")
    damaged = folder / "objectifs-2022-marie-dupont.xlsx"
    part, xml = sheet_xml(damaged, "Suivi")
    with zipfile.ZipFile(damaged) as source:
        members = [(i, source.read(i.filename)) for i in source.infolist()]
    with zipfile.ZipFile(damaged, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            out.writestr(info, xml[: len(xml) // 2].encode() if info.filename == part else data)
    result = collect(folder, tmp_path / "conso.xlsx", jobs=1)
    assert result.received == ["Jean Martin"]
    set_aside = {o.file for o in result.ignored + result.rejected}
    assert {"lettre.xlsx", damaged.name} <= set_aside
    assert (tmp_path / "conso.xlsx").exists()
