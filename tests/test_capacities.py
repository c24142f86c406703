"""Tables that can grow: a workbook filled to its documented capacity still computes
every row (docs/specs.md and docs/pipeline.md, "Capacities")."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import openpyxl
import pytest
import yaml

from xlsales import core, spec
from xlsales.templates import generate
from xlsales.templates.objectives import (
    FOLLOW_CAPACITY,
    FOLLOW_COLUMNS,
    ObjectivesSpec,
)
from xlsales.templates.pipeline import CAPACITY, PROSPECT_COLUMNS, PipelineSpec

SPECS = Path(__file__).parent.parent / "xlsales" / "specs"
STATUSES = ["recensé", "qualifié", "contacté", "engagé", "client", "perdu"]


def _write(data: dict, path: Path) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def full_pipeline(recalc, tmp_path_factory):
    folder = tmp_path_factory.mktemp("full-pipeline")
    data = yaml.safe_load((SPECS / "pipeline-langon.yaml").read_text(encoding="utf-8"))
    data["prospects"] = [{
        "id": f"P{i:03d}", "name": f"Prospect {i}", "target": "B2B" if i % 3 else "B2C",
        "status": STATUSES[i % 6], "potential": 1000 + 97 * i, "owner": "Conseiller 1",
        "next_contact": dt.date(2022, 6, 1) + dt.timedelta(days=i % 60), "follow_ups": i % 5,
        **({"competitor": "AXA"} if STATUSES[i % 6] == "perdu" else {}),
    } for i in range(1, CAPACITY + 1)]
    data["offers"] = [{"prospect": f"P{i:03d}", "product": "Auto", "amount": 100 + i,
                       "prognosis": [0.2, 0.4, 0.6, 0.8][i % 4],
                       "date": dt.date(2022, 6, 1)} for i in range(1, CAPACITY + 1)]
    source = _write(data, folder / "full.yaml")
    loaded = spec.load(source, PipelineSpec)
    book = openpyxl.load_workbook(recalc(generate("pipeline", folder / "full.xlsx", source)),
                                  data_only=True)
    return loaded, book


def test_a_pipeline_of_500_prospects_and_500_offers_computes_every_row(full_pipeline):
    loaded, book = full_pipeline
    rows = [dict(zip(PROSPECT_COLUMNS, r, strict=True)) for r in book["Prospects"].iter_rows(
        min_row=6, max_row=5 + CAPACITY, max_col=len(PROSPECT_COLUMNS), values_only=True)]
    assert len(rows) == CAPACITY and rows[-1]["id"] == f"P{CAPACITY}"
    last, prospect = rows[-1], loaded.prospects[-1]
    assert last["score"] == core.score(prospect.potential, loaded.thresholds)
    offer = loaded.offers[-1]
    assert math.isclose(last["weighted"], core.weighted_pipeline([offer.amount],
                                                                 [offer.prognosis]))
    assert math.isclose(last["prognosis"], offer.prognosis)
    expected = core.days_overdue([p.next_contact for p in loaded.prospects],
                                 [p.status for p in loaded.prospects], loaded.date)
    assert [r["overdue"] for r in rows] == expected


def test_the_funnel_counts_all_500(full_pipeline):
    loaded, book = full_pipeline
    expected = core.funnel([p.status for p in loaded.prospects])
    sheet = book["Entonnoir"]
    assert [sheet.cell(7 + s, 6).value for s in range(len(core.STAGES))] == list(
        expected["reached"])
    assert expected["reached"][0] == CAPACITY


def test_a_full_objectives_follow_up_computes_every_row(recalc, tmp_path):
    # 25 indicators × 2 segments × 12 months = 600 rows, the documented capacity.
    data = yaml.safe_load((SPECS / "objectifs-agence.yaml").read_text(encoding="utf-8"))
    data["indicators"] = [{"name": f"Indicateur {i}", "unit": "€", "aggregation": "sum"}
                          for i in range(1, 26)]
    data["segments"] = ["Particuliers", "Professionnels"]
    data["figures"] = [{"indicator": f"Indicateur {i}", "segment": segment,
                        "objectives": [100 + i] * 12,
                        "actuals": [100 + i + (m % 3 - 1) * 15 for m in range(12)]}
                       for i in range(1, 26) for segment in data["segments"]]
    data["actions"] = []
    source = _write(data, tmp_path / "full.yaml")
    loaded = spec.load(source, ObjectivesSpec)
    lines = sum(len(f.actuals) for f in loaded.figures)
    assert lines == FOLLOW_CAPACITY
    book = openpyxl.load_workbook(recalc(generate("objectives", tmp_path / "o.xlsx", source)),
                                  data_only=True)
    rows = [dict(zip(FOLLOW_COLUMNS, r, strict=True)) for r in book.worksheets[2].iter_rows(
        min_row=6, max_row=5 + lines, max_col=len(FOLLOW_COLUMNS), values_only=True)]
    fig = loaded.figures[-1]
    last = rows[-1]
    assert (last["indicator"], last["segment"]) == (fig.indicator, fig.segment)
    assert math.isclose(last["cum_actual"], sum(fig.actuals))
    assert math.isclose(last["cum_attainment"], core.attainment(sum(fig.actuals),
                                                                sum(fig.objectives)))
    shortfalls = sum(1 for f in loaded.figures for a, o in zip(f.actuals, f.objectives,
                                                                strict=False)
                     if core.gap_calls_for_action(a, o, loaded.significant_gap))
    (sheet, ref), = book.defined_names["Ecarts_Ouverts"].destinations
    assert book[sheet][ref.replace("$", "")].value == shortfalls
