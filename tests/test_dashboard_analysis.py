"""The analyses hold together and go through the core's definitions."""

from __future__ import annotations

import numpy as np
import pytest

from xlsales import coercion, core
from xlsales.dashboard import demo_data
from xlsales.dashboard.analysis import analyse, analysis_period
from xlsales.dashboard.cells import excel_error
from xlsales.dashboard.extract import raw_table
from xlsales.dashboard.settings import Settings
from xlsales.dashboard.validate import check_advisors, check_leads, check_objectives


def _raw(frame):
    rows = [list(frame.columns)] + frame.astype(object).where(frame.notna(), None).to_numpy(
        ).tolist()
    return raw_table("demo", "", rows, 1)


@pytest.fixture(scope="module")
def analysis():
    data = demo_data(3000)
    settings = Settings()
    leads = check_leads(_raw(data.leads), settings)
    period = analysis_period(leads.frame, settings)
    objectives = check_objectives(_raw(data.objectives), settings, period)
    advisors = check_advisors(_raw(data.advisors), settings)
    return analyse(leads.frame, objectives.frame, advisors.frame, settings)


@pytest.mark.parametrize("block", ["advisors", "products", "regions", "channels", "months"])
def test_each_breakdown_adds_up_to_the_whole_extract(analysis, block):
    rows = analysis.blocks[block].rows
    assert rows["premium"].sum() == pytest.approx(analysis.figures["premium_total"])
    assert analysis.blocks[block].total["premium"] == pytest.approx(
        analysis.figures["premium_total"])


def test_the_pareto_curve_ends_at_one_and_never_falls(analysis):
    curve = analysis.blocks["advisors"].rows["cumulative_share"].to_numpy(dtype=float)
    assert curve[-1] == pytest.approx(1.0) and np.all(np.diff(curve) >= 0)


def test_advisors_segments_are_the_cores(analysis):
    rows = analysis.blocks["advisors"].rows
    expected = [s.value for s in core.segments(rows["leads"], rows["premium"])]
    assert rows["segment"].tolist() == expected


def test_regions_gap_and_untapped_potential_are_the_cores(analysis):
    block = analysis.blocks["regions"]
    network = block.total["conversion"]
    value = core.premium_per_contract(block.total["premium"], block.total["contracts"])
    expected = core.untapped_potential(block.rows["leads"], block.rows["conversion"], network,
                                       value)
    assert block.rows["untapped"].to_numpy() == pytest.approx(expected)
    assert block.rows["gap_to_network"].to_numpy() == pytest.approx(
        block.rows["conversion"].to_numpy() - network)


def test_months_growth_volatility_and_status_are_the_cores(analysis):
    rows = analysis.blocks["months"].rows
    premium = rows["premium"].to_numpy(dtype=float)
    assert rows["growth"].iloc[0] is None
    assert rows["growth"].iloc[1:].to_numpy(dtype=float) == pytest.approx(core.growth(premium))
    assert analysis.figures["volatility"] == pytest.approx(core.volatility(premium))
    reds = [s is core.Status.RED for s in core.status(rows["attainment"].to_numpy(dtype=float))]
    assert analysis.figures["months_below"] == sum(reds)
    assert (rows["status"] == "rouge").sum() == sum(reds)


def test_the_funnel_never_grows_down_the_stages(analysis):
    rows = analysis.blocks["funnel"].rows
    for column in ("reached", "reached_b2c", "reached_b2b"):
        assert np.all(np.diff(rows[column].to_numpy(dtype=float)) <= 0)
    assert rows["reached"].iloc[0] == analysis.figures["leads_total"]
    assert rows["reached"].iloc[-1] == analysis.figures["clients_total"]


def test_newer_advisors_attain_less_in_the_demo(analysis):
    rows = analysis.blocks["seniority"].rows.set_index("group")
    assert rows.loc["< 1 an", "attainment"] < rows.loc["> 3 ans", "attainment"]


@pytest.mark.parametrize("kind", sorted(coercion.KPI_ERRORS, key=lambda k: k.__name__))
def test_the_dashboard_maps_undefined_figures_as_the_udfs_do(kind):
    def undefined():
        raise kind("undefined")

    assert excel_error(kind("undefined")).value == coercion.call(undefined)
