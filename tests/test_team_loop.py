"""The manager's loop end to end (issue 11): distribute to a team of five, four fill
their workbook (two of them re-saved by LibreOffice), one tampers with a formula, one
never answers; collect; then one more return arrives and the consolidation is
refreshed in place."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xlsales import core, libreoffice
from xlsales.ooxml.parts import column_letter, parse_area, read_package
from xlsales.team.collect import collect
from xlsales.team.distribute import distribute
from xlsales.team.manifest import MANIFEST

from .conftest import error_cells
from .xml_edit import set_cells, set_formula

#: Distribution loops, process pools and killed subprocesses: out of `make test-fast`.
pytestmark = pytest.mark.slow

BASE = """\
follow_up:
  name: Objectifs 2025
  entity: Agence de Langon
  first_month: 2025-01-01
  current_month: 2025-03-01
significant_gap: 0.1
indicators:
  - {name: Chiffre d'affaires, unit: €, aggregation: sum}
  - {name: Taux d'équipement, aggregation: last}
segments: [Particuliers]
figures:
  - indicator: Chiffre d'affaires
    segment: Particuliers
    objectives: [1000, 1000, 1000, 1200, 1200, 1200]
  - indicator: Taux d'équipement
    segment: Particuliers
    objectives: [2.0, 2.0, 2.1, 2.1, 2.2, 2.2]
"""
TEAM = ["Marie Dupont", "Jean Martin", "Sophie Bernard", "Luc Moreau", "Anne Petit"]
#: What each advisor types: CA for January to March, then the equipment rate.
FILLED = {
    "Marie Dupont": ([150.0, 210.0, 195.0], [1.9, 2.0, 2.05]),
    "Jean Martin": ([230.0, 180.0, 260.0], [2.1, 2.1, 2.2]),
    "Sophie Bernard": ([120.0, 160.0, 140.0], [1.8, 1.85, 1.9]),
    "Luc Moreau": ([200.0, 200.0, 200.0], [2.0, 2.0, 2.1]),
    "Anne Petit": ([90.0, 300.0, 210.0], [2.2, 2.3, 2.4]),
}


def _key(name: str) -> str:
    first, last = name.split()
    return f"{first.lower()}-{last.lower()}"


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("loop")
    (root / "base.yaml").write_text(BASE, encoding="utf-8")
    (root / "equipe.csv").write_text(
        "conseiller;agence\n" + "".join(f"{n};Langon\n" for n in TEAM), encoding="utf-8")
    out, returns = root / "envoi", root / "retours"
    done = distribute("objectives", root / "equipe.csv", out, root / "base.yaml", jobs=1)
    returns.mkdir()
    files = {e.destinataire: out / e.fichier for e in done.entries}
    for name in TEAM[:4] + TEAM[4:]:
        _fill(files[name], *FILLED[name])
    for name in TEAM[:4]:
        shutil.copy(files[name], returns / files[name].name)
    # Two re-saved by LibreOffice: a real re-save of the whole package.
    for name in TEAM[:2]:
        saved = libreoffice.recalculate(returns / files[name].name, root / "lo")
        shutil.copy(saved, returns / files[name].name)
    # One tampers with the gap formula of its second follow-up row.
    tampered = returns / files[TEAM[3]].name
    ref = _follow_cell(tampered, "gap", 1)
    set_formula(tampered, "Suivi", ref, "E7-D7+100")
    into = root / "consolidation.xlsx"
    result = collect(returns, into, out / MANIFEST, jobs=1)
    return {"root": root, "out": out, "returns": returns, "files": files, "into": into,
            "result": result, "tampered": (tampered.name, ref)}


def _follow_area(path: Path, name: str) -> tuple[str, int, int]:
    with zipfile.ZipFile(path) as archive:
        area = parse_area(read_package(archive).names[name])
    return area.sheet, area.first.row, area.first.col


def _follow_cell(path: Path, column: str, index: int) -> str:
    """The cell of follow-up row ``index`` in a column, found from the defined name of
    the actuals (the gap is the next column)."""
    _, row, col = _follow_area(path, "Suivi_Realise")
    return _ref(row + index, col + {"actual": 0, "gap": 1}[column])


def _fill(path: Path, ca: list[float], rate: list[float]) -> None:
    """Type the actuals of January to March into the follow-up (rows 0-5: CA, then
    rows 6-11: the equipment rate, as the base spec lists them)."""
    sheet, row, col = _follow_area(path, "Suivi_Realise")
    values = {}
    for month, value in enumerate(ca):
        values[_ref(row + month, col)] = value
    for month, value in enumerate(rate):
        values[_ref(row + 6 + month, col)] = value
    set_cells(path, sheet, values)


def _ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row + 1}"


def _table(path: Path, sheet: str) -> list[list]:
    book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    rows = [list(r) for r in book[sheet].iter_rows(min_row=7, values_only=True)]
    book.close()
    return [r for r in rows if any(v is not None for v in r)]


def test_returns_sheet_lists_received_missing_and_rejected(loop: dict) -> None:
    result = loop["result"]
    assert sorted(result.received) == sorted(TEAM[:3])
    assert result.missing == [TEAM[4]]
    assert [o.key for o in result.rejected] == [_key(TEAM[3])]
    rows = {(r[0], r[3]): r for r in _table(loop["into"], "Retours")}
    assert (TEAM[4], "manquant") in rows
    assert (TEAM[0], "accepté") in rows
    # The two LibreOffice re-saves were recognised, and say who saved them.
    assert "LibreOffice" in rows[(TEAM[0], "accepté")][5]


def test_tampered_formula_is_rejected_with_its_cell(loop: dict) -> None:
    file, ref = loop["tampered"]
    outcome = loop["result"].rejected[0]
    assert outcome.file == file
    reason = outcome.reasons[0]
    column, row = ref.rstrip("0123456789"), ref[len(ref.rstrip("0123456789")):]
    assert file in reason and "'Suivi'" in reason
    assert f"ligne {row}" in reason and f"colonne '{column}'" in reason
    assert "formule modifiée" in reason and "+100" in reason


def test_consolidated_figures_are_the_cores_on_the_union(loop: dict) -> None:
    rows = _table(loop["into"], "Équipe")
    accepted = TEAM[:3]
    share = 1 / 5  # equal shares of the agency's objectives
    got = {(r[0], r[2]): r for r in rows}
    team_ca_objective = team_ca_actual = 0.0
    for name in accepted:
        ca, rate = FILLED[name]
        # CA accumulates: objective and actual to March (the last closed month).
        objective, actual = 3 * 1000 * share, sum(ca)
        row = got[(name, "Chiffre d'affaires")]
        assert row[4] == pytest.approx(objective) and row[5] == pytest.approx(actual)
        assert row[6] == pytest.approx(core.gap(actual, objective))
        assert row[7] == pytest.approx(core.attainment(actual, objective))
        assert row[9] == pytest.approx(core.run_rate(actual, 3, 12))
        assert row[11] == pytest.approx(core.remaining(actual, 6600 * share))
        # The equipment rate is a level: March's value against March's objective.
        level = got[(name, "Taux d'équipement")]
        assert level[4] == pytest.approx(2.1) and level[5] == pytest.approx(rate[2])
        team_ca_objective += objective
        team_ca_actual += actual
    total = got[("Total équipe", "Chiffre d'affaires")]
    assert total[4] == pytest.approx(team_ca_objective)
    assert total[5] == pytest.approx(team_ca_actual)
    assert total[7] == pytest.approx(core.attainment(team_ca_actual, team_ca_objective))
    rate_total = got[("Total équipe", "Taux d'équipement")]
    assert rate_total[5] == pytest.approx(sum(FILLED[n][1][2] for n in accepted) / 3)
    # The data sheet is the union of the accepted inputs, line for line.
    data = _table(loop["into"], "Données")
    assert len(data) == 3 * 12
    assert sum(r[6] or 0 for r in data if r[2] == "Chiffre d'affaires") == pytest.approx(
        sum(sum(FILLED[n][0]) for n in accepted))


def test_significant_gaps_are_brought_together(loop: dict) -> None:
    gaps = _table(loop["into"], "Écarts et actions")
    expected = []
    for name in TEAM[:3]:
        for month, actual in enumerate(FILLED[name][0]):
            if core.significant_gap(actual, 200.0, 0.1):
                expected.append((name, dt.datetime(2025, month + 1, 1)))
    got = [(r[0], r[3]) for r in gaps if r[1] == "Chiffre d'affaires"]
    assert sorted(got) == sorted(expected)


def test_libreoffice_recalculates_the_consolidation_without_error(loop: dict, recalc) -> None:
    assert error_cells(recalc(loop["into"])) == []


def test_a_late_return_refreshes_the_consolidation_in_place(loop: dict) -> None:
    into, returns = loop["into"], loop["returns"]
    late = loop["files"][TEAM[4]]
    with zipfile.ZipFile(into) as archive:
        before = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    shutil.copy(late, returns / late.name)
    second = collect(returns, into, loop["out"] / MANIFEST, jobs=1)
    assert second.created is False and second.missing == []
    assert TEAM[4] in second.received
    with zipfile.ZipFile(into) as archive:
        after = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    changed = {name for name in before if before[name] != after.get(name)}
    # Only the tables' sheets, their table parts, the shared strings (the data table's
    # labels, loaded as an extract is) and the workbook part (recalculation flag) are
    # rewritten; styles, the identification sheet... are the same bytes.
    assert changed <= {name for name in before if name.startswith(("xl/worksheets/sheet",
                                                                   "xl/tables/"))} | {
        "xl/workbook.xml", "xl/sharedStrings.xml"}
    assert "xl/styles.xml" not in changed and "xl/worksheets/xlsales-hidden.xml" not in changed
    rows = {(r[0], r[2]): r for r in _table(into, "Équipe")}
    assert rows[(TEAM[4], "Chiffre d'affaires")][5] == pytest.approx(sum(FILLED[TEAM[4]][0]))
