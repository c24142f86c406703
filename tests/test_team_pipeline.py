"""The pipeline loop (issue 11, seed 004): each advisor gets the prospects they own;
the agency's photo, funnel, weighted forecast and film are the core's on the union of
the returns."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from xlsales import core
from xlsales.ooxml.parts import parse_area, read_package
from xlsales.spec import load
from xlsales.team.collect import collect
from xlsales.team.distribute import distribute
from xlsales.templates.pipeline import PipelineSpec

from .xml_edit import set_cells

#: Distribution loops, process pools and killed subprocesses: out of `make test-fast`.
pytestmark = pytest.mark.slow

SPEC = Path(__file__).resolve().parent.parent / "xlsales" / "specs" / "pipeline-langon.yaml"
OWNERS = ["Sébastien Doleux", "Conseiller 1", "Conseiller 2"]


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("pipeline")
    team = root / "equipe.csv"
    team.write_text("conseiller;agence\n" + "".join(f"{o};Langon\n" for o in OWNERS),
                    encoding="utf-8")
    out = root / "envoi"
    done = distribute("pipeline", team, out, SPEC, jobs=1)
    first = out / done.entries[0].fichier
    # The first advisor wins their first prospect: its status becomes "client".
    with zipfile.ZipFile(first) as archive:
        area = parse_area(read_package(archive).names["Prospects_Statut"])
    cell = f"{chr(65 + area.first.col)}{area.first.row + 1}"
    set_cells(first, area.sheet, {cell: "client"})
    into = root / "portefeuille-agence.xlsx"
    result = collect(out, into, jobs=1)
    return {"result": result, "into": into, "done": done}


def _rows(path: Path, sheet: str) -> list[list]:
    book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    rows = [list(r) for r in book[sheet].iter_rows(min_row=7, values_only=True)]
    book.close()
    return [r for r in rows if any(v is not None for v in r)]


def test_each_advisor_gets_the_prospects_they_own(loop: dict) -> None:
    spec = load(SPEC, PipelineSpec)
    assert sorted(loop["result"].received) == sorted(OWNERS)
    prospects = _rows(loop["into"], "Prospects")
    owned = {p.id: p.owner for p in spec.prospects if p.owner in OWNERS}
    assert {(r[0], r[1]) for r in prospects} == {(o, i) for i, o in owned.items()}


def test_agency_figures_are_the_cores_on_the_union(loop: dict) -> None:
    spec = load(SPEC, PipelineSpec)
    mine = [p for p in spec.prospects if p.owner in OWNERS]
    first_id = next(p.id for p in mine if p.owner == OWNERS[0])
    statuses = {p.id: ("client" if p.id == first_id else p.status) for p in mine}
    funnel = _rows(loop["into"], "Entonnoir")
    total = funnel[-1]
    assert total[0] == "Total équipe"
    assert total[1:6] == [int(v) for v in core.funnel(list(statuses.values()))["reached"]]
    photo = _rows(loop["into"], "Photo")[-1]
    assert photo[1:7] == [list(statuses.values()).count(s) for s in core.STATUSES]
    offers = [o for o in spec.offers if o.prospect in statuses]
    forecast = _rows(loop["into"], "Prévisions")[-1]
    assert forecast[3] == pytest.approx(core.weighted_pipeline(
        [o.amount for o in offers], [o.prognosis for o in offers]))
    # The film since the distribution's photo: one prospect won.
    film = _rows(loop["into"], "Film")[-1]
    before = {p.id: p.status for p in mine}
    assert film[3:7] == [core.movements(before, statuses)[k] for k in core.MOVEMENTS]
    assert film[5] == (0 if before[first_id] == "client" else 1)
