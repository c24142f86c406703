"""The pipeline workbook's photo (formulas), recalculated by LibreOffice, against the core."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from xlsales import core, spec
from xlsales.cli import cli
from xlsales.templates import generate
from xlsales.templates.pipeline import (
    ACTIVITIES,
    OFFER_COLUMNS,
    PROSPECT_COLUMNS,
    TARGETS,
    PipelineSpec,
)

from .conftest import error_cells
from .workbooks import Recalculated

SPEC_FILE = Path(__file__).parent.parent / "xlsales" / "specs" / "pipeline-langon.yaml"
SPEC = spec.load(SPEC_FILE, PipelineSpec)


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory, recalc):
    out = tmp_path_factory.mktemp("pipeline")
    return {label: Recalculated(recalc(generate("pipeline", out / f"{label}.xlsx", source,
                                                lang)))
            for label, source, lang in (("blank-fr", None, "fr"), ("blank-en", None, "en"),
                                        ("filled-fr", SPEC_FILE, "fr"),
                                        ("filled-en", SPEC_FILE, "en"))}


def _rows(book: Recalculated, sheet: str, columns: tuple[str, ...]) -> list[dict]:
    out = []
    for row in book.book[sheet].iter_rows(min_row=6, max_col=len(columns), values_only=True):
        if row[0] is not None:
            out.append(dict(zip(columns, row, strict=True)))
    return out


@pytest.mark.parametrize("label", ["blank-fr", "blank-en", "filled-fr", "filled-en"])
def test_no_error_value_in_any_cell(workbooks, label):
    assert error_cells(workbooks[label].path) == []


@pytest.mark.parametrize("index", range(len(SPEC.prospects)))
def test_prospect_score_prognosis_and_weighted_forecast(workbooks, index):
    prospect = SPEC.prospects[index]
    row = _rows(workbooks["filled-fr"], "Prospects", PROSPECT_COLUMNS)[index]
    offers = [o for o in SPEC.offers if o.prospect == prospect.id]
    assert row["score"] == core.score(prospect.potential, SPEC.thresholds)
    if offers:
        expected = core.global_prognosis([o.prognosis for o in offers], SPEC.prognosis_rule)
        assert row["prognosis"] == pytest.approx(expected, rel=1e-9)
    else:
        assert row["prognosis"] is None
    assert row["weighted"] == pytest.approx(core.weighted_pipeline(
        [o.amount for o in offers], [o.prognosis for o in offers]), rel=1e-9)
    too_many = prospect.follow_ups > SPEC.max_follow_ups
    assert (row["alert"] == "trop de relances") is too_many


@pytest.mark.parametrize("label", ["filled-fr", "filled-en"])
def test_overdue_next_contacts_equal_the_core(workbooks, label):
    # At the photo's date (30/06/2022), an open prospect whose next contact has passed
    # is overdue by the days between: P002 (18/06, engagé) by 12 days; the clients and
    # the lost ones never are.
    expected = core.days_overdue([p.next_contact for p in SPEC.prospects],
                                 [p.status for p in SPEC.prospects], SPEC.date)
    sheet = "Prospects"
    rows = _rows(workbooks[label], sheet, PROSPECT_COLUMNS)[:len(SPEC.prospects)]
    assert [r["overdue"] for r in rows] == expected
    assert expected[1] == 12
    assert workbooks[label].name("Contacts_En_Retard") == core.overdue_count(
        [p.next_contact for p in SPEC.prospects], [p.status for p in SPEC.prospects],
        SPEC.date) == 11


def test_a_blank_pipeline_has_no_overdue_contact(workbooks):
    assert workbooks["blank-fr"].name("Contacts_En_Retard") == 0


FUNNEL_COLUMNS = {"B2C": 1, "B2B": 3, None: 5}


@pytest.mark.parametrize("stage", range(len(core.STAGES)))
@pytest.mark.parametrize("target", [*TARGETS, None])
def test_photo_funnel_per_target_follows_the_counting_rules(workbooks, target, stage):
    statuses = [p.status for p in SPEC.prospects if target in (None, p.target)]
    expected = core.funnel(statuses)
    sheet = workbooks["filled-fr"].book["Entonnoir"]
    col = FUNNEL_COLUMNS[target]
    assert sheet.cell(7 + stage, 1 + col).value == expected["reached"][stage]
    rate = sheet.cell(7 + stage, 2 + col).value
    if stage == 0:
        assert rate is None
    else:
        assert rate == pytest.approx(expected["rate"][stage], rel=1e-9)


@pytest.mark.parametrize("score", range(len(core.SCORE_LABELS)))
@pytest.mark.parametrize("target", [*TARGETS, None])
def test_volumes_and_potential_per_score(workbooks, target, score):
    prospects = [p for p in SPEC.prospects if target in (None, p.target)]
    scores = core.score([p.potential for p in prospects], SPEC.thresholds)
    members = [p for p, s in zip(prospects, scores, strict=True)
               if s == core.SCORE_LABELS[score]]
    sheet = workbooks["filled-fr"].book["Entonnoir"]
    col = FUNNEL_COLUMNS[target]
    assert sheet.cell(15 + score, 1 + col).value == len(members)
    assert sheet.cell(15 + score, 2 + col).value == pytest.approx(
        sum(p.potential for p in members))


def _weighted(offers):
    return core.weighted_pipeline([o.amount for o in offers], [o.prognosis for o in offers])


@pytest.mark.parametrize("index", range(3))
def test_weighted_forecast_per_owner(workbooks, index):
    owner = SPEC.owners[index]
    owner_of = {p.id: p.owner for p in SPEC.prospects}
    sheet = workbooks["filled-fr"].book["Prévisions"]
    assert sheet.cell(6 + index, 1).value == owner
    expected = _weighted([o for o in SPEC.offers if owner_of[o.prospect] == owner])
    assert sheet.cell(6 + index, 3).value == pytest.approx(expected)


@pytest.mark.parametrize("index", range(12))
def test_weighted_forecast_per_month(workbooks, index):
    first = SPEC.first_month
    month = dt.date(first.year + (first.month - 1 + index) // 12,
                    (first.month - 1 + index) % 12 + 1, 1)
    sheet = workbooks["filled-fr"].book["Prévisions"]
    assert sheet.cell(6 + index, 9).value.date() == month
    expected = _weighted([o for o in SPEC.offers if o.date.replace(day=1) == month])
    assert sheet.cell(6 + index, 11).value == pytest.approx(expected)


@pytest.mark.parametrize("index", range(len(SPEC.activity)))
def test_meetings_per_call(workbooks, index):
    week = SPEC.activity[index]
    sheet = workbooks["filled-fr"].book["Activité"]
    assert sheet.cell(7 + index, 8).value == pytest.approx(
        core.conversion_rate(week.meetings, week.calls))


@pytest.mark.parametrize("activity", range(len(ACTIVITIES)))
@pytest.mark.parametrize("index", range(len(SPEC.activity)))
def test_weekly_activity_against_objectives(workbooks, index, activity):
    week, name = SPEC.activity[index], ACTIVITIES[activity]
    sheet = workbooks["filled-fr"].book["Activité"]
    expected = core.attainment(getattr(week, name), SPEC.weekly_objectives[name])
    assert sheet.cell(7 + index, 9 + activity).value == pytest.approx(expected, rel=1e-9)


def test_offers_take_their_prospect_owner(workbooks):
    owner_of = {p.id: p.owner for p in SPEC.prospects}
    rows = _rows(workbooks["filled-fr"], "Offres", OFFER_COLUMNS)
    assert [r["owner"] for r in rows] == [owner_of[o.prospect] for o in SPEC.offers]


def test_english_statuses(workbooks):
    rows = _rows(workbooks["filled-en"], "Prospects", PROSPECT_COLUMNS)
    assert {r["status"] for r in rows} <= {"listed", "qualified", "contacted", "engaged",
                                           "client", "lost"}


BAD = [
    ("prognosis of 50 %", "prognosis: 0.6,", "prognosis: 0.5,", "offers[", "prognosis"),
    ("unknown status", "status: engagé", "status: intéressé", "prospects[1].status", None),
    ("offer for an unknown prospect", "{prospect: P002,", "{prospect: P999,",
     "offers[", "prospect"),
    ("snapshot date in the future", "- date: 2022-03-31", "- date: 2022-09-30",
     "snapshots[0].date", None),
]


@pytest.mark.parametrize(("case", "old", "new", "key", "field"), BAD, ids=[b[0] for b in BAD])
def test_bad_spec_is_refused(tmp_path, case, old, new, key, field):
    text = SPEC_FILE.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "pipeline", str(tmp_path / "p.xlsx"), "--spec",
                                      str(bad)])
    assert result.exit_code == 2, result.output
    assert f"clé {key}" in result.output and (field is None or f".{field}, ligne" in
                                              result.output)
    assert not (tmp_path / "p.xlsx").exists()
