"""Funnel counting rules of seed 004."""

from __future__ import annotations

import numpy as np
import pytest

from xlsales import core


@pytest.mark.parametrize(("label", "status"), [
    ("recensé", "recensé"), ("RECENSE", "recensé"), ("listed", "recensé"),
    (" Qualifié ", "qualifié"), ("qualified", "qualifié"),
    ("contacte", "contacté"), ("Contacted", "contacté"),
    ("ENGAGÉ", "engagé"), ("engaged", "engagé"),
    ("Client", "client"), ("won", "client"),
    ("perdu", "perdu"), ("Lost", "perdu"),
])
def test_labels_in_french_or_english(label, status):
    assert core.normalise_status(label) == status


def test_lost_counts_as_contacted_not_engaged():
    # Seed 004: a prospect lost to a competitor returns to "contactés".
    np.testing.assert_array_equal(core.reached(["perdu"]), [1, 1, 1, 0, 0])


def test_client_has_reached_every_stage():
    np.testing.assert_array_equal(core.reached(["client"]), [1, 1, 1, 1, 1])


def test_blanks_are_skipped():
    np.testing.assert_array_equal(core.reached([None, "", "  ", "qualifié"]), [1, 1, 0, 0, 0])


def test_unknown_status_raises():
    with pytest.raises(core.UnknownLabelError):
        core.reached(["recensé", "peut-être"])


def test_funnel_subset_of_stages_rates_between_shown_stages():
    statuses = ["contacté"] * 6 + ["engagé"] * 3 + ["client"]
    table = core.funnel(statuses, ["contacté", "engagé", "client"])
    assert table["stage"].tolist() == ["contacté", "engagé", "client"]
    assert table["reached"].tolist() == [10, 4, 1]
    assert table["rate"].tolist() == [None, 0.4, 0.25]


def test_funnel_rate_after_an_empty_stage_is_nan():
    table = core.funnel(["recensé"])
    assert np.isnan(table["rate"][2])  # contacté after 0 qualifié


@pytest.mark.parametrize("stages", [["engagé", "contacté"], ["client", "client"], []])
def test_stages_out_of_order_raise(stages):
    with pytest.raises(core.OutOfRangeError):
        core.funnel(["client"], stages)


def test_stage_rate_backwards_raises():
    with pytest.raises(core.OutOfRangeError):
        core.stage_rate(["client"], "client", "recensé")


def test_stage_rate_without_prospect_raises_zero_denominator():
    with pytest.raises(core.ZeroDenominatorError):
        core.stage_rate([], "contacté", "engagé")


def test_conversion_rate_arrays_give_nan_on_zero_base():
    out = core.conversion_rate([1, 2], [4, 0])
    assert out[0] == 0.25 and np.isnan(out[1])


def test_million_statuses_count_fast_enough_to_be_vectorised():
    statuses = np.array(["client", "perdu", "recensé", "engagé"] * 250_000, dtype=object)
    assert core.reached(statuses).tolist() == [1_000_000, 750_000, 750_000, 500_000, 250_000]
