"""The campaign followed month by month (or week by week): actuals against the phased
objective, cumulative attainment, run rate and projection; LibreOffice against the core."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest

from tests.workbooks import named_range
from xlsales import core, spec
from xlsales.templates import generate
from xlsales.templates._campaign_periods import MAX_PERIODS, SUMMARY
from xlsales.templates.campaign import STEPS, CampaignSpec

from .conftest import error_cells

SPEC_FILE = Path(__file__).parent.parent / "xlsales" / "specs" / "campagne-parrainage-langon.yaml"
SPEC = spec.load(SPEC_FILE, CampaignSpec)
OBJECTIVES = {s: sum(getattr(t.objectives, s) for t in SPEC.targets) for s in STEPS}
PERIODS = 5  # February to June 2022
ELAPSED = len(SPEC.tracking.periods)


def _value(book, name):
    return named_range(book, name)[0][0]


@pytest.fixture(scope="module")
def book(recalc, tmp_path_factory):
    out = generate("campaign", tmp_path_factory.mktemp("periods") / "c.xlsx", SPEC_FILE)
    return openpyxl.load_workbook(recalc(out), data_only=True)


def close(got, expected):
    return math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)


def test_the_campaign_spans_five_months_four_entered(book):
    assert _value(book, "Suivi_Periodes") == PERIODS
    assert _value(book, "Suivi_Ecoulees") == ELAPSED == 4
    rows = named_range(book, "Suivi_Tableau")
    assert [r[0] for r in rows[:6]] == [1, 2, 3, 4, 5, None]


@pytest.mark.parametrize("index", range(len(STEPS)))
def test_phased_objectives_and_cumulative_attainment_equal_the_core(book, index):
    step = STEPS[index]
    phased = core.phased_objectives(OBJECTIVES[step], SPEC.tracking.weights, PERIODS)
    rows = named_range(book, "Suivi_Tableau")
    actual_col, phased_col, attainment_col = 3 + 3 * index, 4 + 3 * index, 5 + 3 * index
    done = 0.0
    for k in range(PERIODS):
        assert close(rows[k][phased_col], phased[k])
        if k < ELAPSED:
            done += getattr(SPEC.tracking.periods[k], step)
            assert rows[k][actual_col] == getattr(SPEC.tracking.periods[k], step)
            assert close(rows[k][attainment_col], core.attainment(done, sum(phased[:k + 1])))
        else:
            assert rows[k][attainment_col] is None


@pytest.mark.parametrize("index", range(len(STEPS)))
def test_run_rate_and_projection_to_the_end_equal_the_core(book, index):
    step = STEPS[index]
    done = sum(getattr(p, step) for p in SPEC.tracking.periods)
    row = dict(zip(SUMMARY, named_range(book, "Suivi_Synthese")[index], strict=True))
    objective = OBJECTIVES[step]
    assert row["objective"] == objective and row["cumulative"] == done
    assert close(row["attainment"], core.attainment(done, objective))
    assert close(row["run_rate"], done / ELAPSED)
    projection = core.run_rate(done, ELAPSED, PERIODS)
    assert close(row["projection"], projection)
    assert close(row["projected_attainment"], core.attainment(projection, objective))
    assert close(row["remaining"], core.remaining(done, objective))


def test_meetings_by_hand(book):
    # 20 + 25 + 24 + 22 = 91 meetings in four months: 22.75 a month, 113.75 projected
    # for five months against 150 (75.8 %).
    row = dict(zip(SUMMARY, named_range(book, "Suivi_Synthese")[2], strict=True))
    assert row["cumulative"] == 91 and row["run_rate"] == 22.75
    assert row["projection"] == pytest.approx(113.75)


def test_weekly_follow_up(recalc, tmp_path):
    text = SPEC_FILE.read_text(encoding="utf-8").replace("periodicity: month",
                                                         "periodicity: week")
    source = tmp_path / "weekly.yaml"
    source.write_text(text, encoding="utf-8")
    book = openpyxl.load_workbook(recalc(generate("campaign", tmp_path / "w.xlsx", source)),
                                  data_only=True)
    # 1 February to 30 June 2022: 150 days, 22 weeks (the last one partial).
    assert _value(book, "Suivi_Periodes") == 22 <= MAX_PERIODS
    rows = named_range(book, "Suivi_Tableau")
    assert rows[1][1].date().isoformat() == "2022-02-08"
    phased = core.phased_objectives(OBJECTIVES["contacts"], SPEC.tracking.weights, 22)
    assert close(rows[21][4], phased[21])


def test_blank_workbook_has_no_error(recalc, tmp_path):
    assert error_cells(recalc(generate("campaign", tmp_path / "blank.xlsx"))) == []
