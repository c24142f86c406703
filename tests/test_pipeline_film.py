"""The photo and the film: snapshots recorded in the pipeline workbook, the film
refreshed between two of them, bad input refused with its place and nothing changed."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from xlsales import core, spec
from xlsales.cli import cli
from xlsales.templates import generate
from xlsales.templates.pipeline import PipelineSpec

from .conftest import error_cells
from .workbooks import Recalculated

#: Hundreds of drawn examples, or a workbook per case run through the command line:
#: out of `make test-fast`.
pytestmark = pytest.mark.slow

SPEC_FILE = Path(__file__).parent.parent / "xlsales" / "specs" / "pipeline-langon.yaml"
SPEC = spec.load(SPEC_FILE, PipelineSpec)
FIRST, SECOND = dt.date(2022, 3, 31), SPEC.date  # the spec's photo, then ours
STATUSES = ["recensé", "qualifié", "contacté", "engagé", "client", "perdu"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """The example pipeline, generated once for the module."""
    return generate("pipeline", tmp_path_factory.mktemp("generated") / "p.xlsx", SPEC_FILE)


@pytest.fixture
def pipeline(generated, tmp_path) -> Path:
    """A fresh copy of the example pipeline for each test to change."""
    copy = tmp_path / "pipeline.xlsx"
    copy.write_bytes(generated.read_bytes())
    return copy


def _film(path: Path) -> dict[str, list[tuple]]:
    sheet = openpyxl.load_workbook(path, data_only=True)["Le film"]
    rows = list(sheet.iter_rows(min_row=9, max_row=15, values_only=True))
    return {
        "statuses": [r[0:4] for r in rows],
        "movements": [r[5:7] for r in rows[:4]],
        "rates": [r[8:11] for r in rows[:5]],
        "transitions": [r[12:20] for r in rows],
    }


def _snapshots_part(path: Path) -> bytes:
    book = openpyxl.load_workbook(path, read_only=True)
    index = book.sheetnames.index("Historique") + 1
    with zipfile.ZipFile(path) as package:
        return package.read(f"xl/worksheets/sheet{index}.xml")


def _set_cells(path: Path, sheet: str, changes: dict[str, object]) -> None:
    """Type into cells, as a user would (openpyxl stands in for Excel here)."""
    book = openpyxl.load_workbook(path)
    for ref, value in changes.items():
        book[sheet][ref] = value
    book.save(path)


def test_spec_photo_and_a_snapshot_give_the_transitions_counted_by_hand(pipeline):
    result = run("snapshot", str(pipeline), "--date", SECOND.isoformat())
    assert result.exit_code == 0, result.output
    before = SPEC.snapshots[0].statuses
    after = {p.id: p.status for p in SPEC.prospects}
    film = _film(pipeline)
    # By hand: for every prospect, where it was at the first photo and where it is now.
    pairs = Counter((before.get(pid, "absent"), after.get(pid, "absent"))
                    for pid in set(before) | set(after))
    labels = [*STATUSES, "absent"]
    by_hand = [(a, *(pairs[(a, b)] for b in labels)) for a in labels]
    assert film["transitions"] == by_hand
    # Seed 004's movements: new prospects, left the file, new clients, newly lost.
    assert [m[1] for m in film["movements"]] == [
        sum(1 for p in after if p not in before), sum(1 for p in before if p not in after),
        sum(1 for p, s in after.items() if s == "client" and before.get(p) != "client"),
        sum(1 for p, s in after.items() if s == "perdu" and before.get(p) != "perdu")]


def test_two_snapshots_taken_by_the_command(tmp_path):
    text = SPEC_FILE.read_text(encoding="utf-8")
    no_snapshots = tmp_path / "spec.yaml"
    no_snapshots.write_text(text[: text.index("snapshots:")], encoding="utf-8")
    book = generate("pipeline", tmp_path / "p.xlsx", no_snapshots)
    assert run("snapshot", str(book), "--date", "2022-05-31").exit_code == 0
    # Two prospects move on before the second photo: P002 signs, P003 is lost.
    sheet = openpyxl.load_workbook(book)["Prospects"]
    rows = {sheet.cell(r, 1).value: r for r in range(6, 40) if sheet.cell(r, 1).value}
    _set_cells(book, "Prospects", {f"E{rows['P002']}": "client", f"E{rows['P003']}": "perdu"})
    assert run("snapshot", str(book), "--date", "2022-06-30").exit_code == 0
    film = _film(book)
    by_status = {row[0]: row for row in film["transitions"]}
    was = {p.id: p.status for p in SPEC.prospects}
    assert (was["P002"], was["P003"]) == ("engagé", "contacté")
    assert by_status["engagé"][1 + STATUSES.index("client")] == 1
    assert by_status["contacté"][1 + STATUSES.index("perdu")] == 1
    unchanged = sum(row[1 + i] for i, row in enumerate(film["transitions"][:6]))
    assert unchanged == len(SPEC.prospects) - 2
    assert [m[1] for m in film["movements"]] == [0, 0, 1, 1]
    # A third run, a refresh, leaves both recorded photos byte for byte.
    snapshots = _snapshots_part(book)
    assert run("refresh", str(book)).exit_code == 0
    assert _snapshots_part(book) == snapshots
    photos = openpyxl.load_workbook(book, data_only=True)["Historique"]
    dates = Counter(r[0].date() for r in photos.iter_rows(min_row=6, values_only=True) if r[0])
    assert dates == {dt.date(2022, 5, 31): len(SPEC.prospects),
                     dt.date(2022, 6, 30): len(SPEC.prospects)}


@pytest.fixture(scope="module")
def filmed(tmp_path_factory) -> dict[str, list[tuple]]:
    """The demo pipeline after its second photo: the film between the two."""
    book = generate("pipeline", tmp_path_factory.mktemp("film") / "p.xlsx", SPEC_FILE)
    run("snapshot", str(book), "--date", SECOND.isoformat())
    return _film(book)


BEFORE = list(SPEC.snapshots[0].statuses.values())
AFTER = [p.status for p in SPEC.prospects]


@pytest.mark.parametrize("index", range(len(STATUSES)))
def test_film_counts_per_status_at_both_dates(filmed, index):
    status = STATUSES[index]
    assert filmed["statuses"][index] == (status, BEFORE.count(status), AFTER.count(status),
                                         AFTER.count(status) - BEFORE.count(status))


def test_film_total_row(filmed):
    assert filmed["statuses"][6][1:] == (len(BEFORE), len(AFTER), len(AFTER) - len(BEFORE))


@pytest.mark.parametrize("stage", range(1, len(core.STAGES)))
def test_film_stage_rates_equal_the_core(filmed, stage):
    _, rate_1, rate_2 = filmed["rates"][stage]
    assert rate_1 == pytest.approx(core.funnel(BEFORE)["rate"][stage])
    assert rate_2 == pytest.approx(core.funnel(AFTER)["rate"][stage])


def test_film_first_stage_has_no_rate(filmed):
    assert filmed["rates"][0][1:] == (None, None)


def test_the_film_between_dates_chosen_in_the_workbook(pipeline):
    run("snapshot", str(pipeline), "--date", SECOND.isoformat())
    _set_cells(pipeline, "Le film", {"B4": dt.datetime(2022, 6, 30),
                                     "B5": dt.datetime(2022, 3, 31)})
    assert run("refresh", str(pipeline)).exit_code == 0
    film = _film(pipeline)
    clients_now = sum(1 for p in SPEC.prospects if p.status == "client")
    assert film["statuses"][4][1:3] == (clients_now, 0)  # backwards in time: June, then March


def test_refresh_twice_is_idempotent(pipeline):
    run("snapshot", str(pipeline), "--date", SECOND.isoformat())
    run("refresh", str(pipeline))
    once = pipeline.read_bytes()
    run("refresh", str(pipeline))
    assert pipeline.read_bytes() == once


def test_filmed_pipeline_has_no_error_value_in_libreoffice(pipeline, recalc):
    run("snapshot", str(pipeline), "--date", SECOND.isoformat())
    assert error_cells(Recalculated(recalc(pipeline)).path) == []


BAD_CELLS = [
    ("prognosis of 50 %", "Offres", "D6", 0.5, "feuille 'Offres', ligne 6, colonne 'D (Pronostic)'",
     "pronostic invalide"),
    ("unknown status", "Prospects", "E7", "intéressé",
     "feuille 'Prospects', ligne 7, colonne 'E (Statut)'", "statut inconnu"),
    ("offer for an unknown prospect", "Offres", "A6", "P999",
     "feuille 'Offres', ligne 6, colonne 'A (Prospect)'", "prospect inconnu"),
]


@pytest.mark.parametrize(("case", "sheet", "ref", "value", "where", "what"), BAD_CELLS,
                         ids=[b[0] for b in BAD_CELLS])
@pytest.mark.parametrize("command", ["snapshot", "refresh"])
def test_bad_input_is_reported_and_changes_nothing(pipeline, case, sheet, ref, value, where,
                                                   what, command):
    _set_cells(pipeline, sheet, {ref: value})
    before = pipeline.read_bytes()
    result = run(command, str(pipeline), *(["--date", "2022-06-30"] if command == "snapshot"
                                           else []))
    assert result.exit_code == 2
    assert where in result.output and what in result.output
    assert "Traceback" not in result.output
    assert pipeline.read_bytes() == before


def test_a_snapshot_in_the_future_is_refused(pipeline):
    before = pipeline.read_bytes()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    result = run("snapshot", str(pipeline), "--date", tomorrow.isoformat())
    assert result.exit_code == 2
    assert "dans le futur" in result.output
    assert pipeline.read_bytes() == before


def test_a_recorded_date_is_never_rewritten(pipeline):
    before = pipeline.read_bytes()
    result = run("snapshot", str(pipeline), "--date", FIRST.isoformat())
    assert result.exit_code == 2
    assert "jamais réécrites" in result.output
    assert pipeline.read_bytes() == before


def test_blank_template_refreshes_and_refuses_an_empty_photo(tmp_path):
    book = generate("pipeline", tmp_path / "blank.xlsx")
    assert run("refresh", str(book)).exit_code == 0
    result = run("snapshot", str(book), "--date", "2022-06-30")
    assert result.exit_code == 2 and "aucun prospect" in result.output


def test_a_photo_before_the_last_one_is_refused(pipeline):
    # The spec records a photo on FIRST (31/03/2022): an earlier date would file today's
    # statuses under a past date, and the film would run backwards.
    before = pipeline.read_bytes()
    result = run("snapshot", str(pipeline), "--date", "2022-03-01")
    assert result.exit_code == 2
    assert "avant la dernière photo (31/03/2022)" in result.output
    assert "--force" in result.output
    assert pipeline.read_bytes() == before


def test_force_records_an_earlier_photo_with_a_warning(pipeline):
    result = run("snapshot", str(pipeline), "--date", "2022-03-01", "--force")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Attention : photo datée du 01/03/2022")
    assert "2 photo(s) dans l'historique" in result.output
