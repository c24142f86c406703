"""The differential test: UDFs, core and formula twins give one answer.

Every KPI with a formula twin gets its edge cases (exact thresholds, a point mort on a
whole day, errors in several arguments, numeric text, booleans, blanks...) and random
cases from a fixed seed, all in ONE workbook recalculated once by LibreOffice
(``benchmarks/differential.py`` builds and compares it). Numbers agree within a
relative 1e-9, errors are of the same kind, and the only differences are the decided
ones (``twins.TEXT_INSTEAD_OF_ERRORS``). ``python benchmarks/differential.py`` runs
the larger version (300 random cases per KPI).
"""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks import differential as diff
from xlsales.templates import twins

PER_KPI = 100
SEED = 12


@pytest.fixture(scope="module")
def outcome(tmp_path_factory, recalc):
    cases = diff.draw_cases(PER_KPI, SEED)
    book = diff.write_book(cases, tmp_path_factory.mktemp("differential") / "diff.xlsx")
    return cases, diff.compare(cases, recalc(book))


def test_every_engine_gives_one_answer(outcome):
    cases, problems = outcome
    assert problems == [], "\n".join(problems[:30])


def test_every_kpi_is_drawn_with_its_edges(outcome):
    cases, _ = outcome
    names = {case.kpi.name for case in cases}
    assert names == {kpi.name for kpi in diff.KPIS}
    assert {"kpi_breakeven_units", "kpi_top_share", "kpi_gini", "kpi_growth",
            "kpi_volatility"} <= names
    assert len(cases) >= PER_KPI * len(diff.KPIS)


def test_every_twin_is_in_the_differential():
    drawn = {kpi.name.split("(")[0] for kpi in diff.KPIS}
    with_twin = {udf for udf, twin in twins.TWINS.items() if not twin.startswith("none")}
    assert with_twin <= drawn


def test_point_mort_edges_fall_just_below_a_whole_day():
    # Each edge is a whole number of days on paper whose binary offset floors a day
    # early in plain Python: the case the core's floor_decimal exists for.
    edges = diff._point_mort_edges(12)
    assert len(edges) == 12
    for cf, ca, cv, start, end in edges:
        days = (end - start).days + 1
        offset = cf / ((ca - cv) / ca) / ca * days
        assert offset < round(offset) and round(offset) - offset < 1e-9


def test_the_issue_cases_are_among_the_edges():
    status = next(k for k in diff.KPIS if k.name == "kpi_status")
    assert [60.3, 67.0, 0.9] in status.edges  # 90 % exactly: orange, not red
    safety = next(k for k in diff.KPIS if k.name == "kpi_safety_margin")
    assert [diff.Err("#NUM!"), diff.Err("#DIV/0!"), 1.0] in safety.edges
    months = next(k for k in diff.KPIS if k.name == "kpi_months")
    assert [dt.date(2022, 2, 1), dt.date(2022, 1, 31)] in months.edges  # end < start
