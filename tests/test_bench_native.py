"""The benchmark's native-formula dashboard computes the refresh's figures.

The refresh is measured against LibreOffice recalculating a dashboard of COUNTIFS and
SUMIFS formulas (``benchmarks/native.py``); the comparison is only fair if both
compute the same thing. Values are compared here, never times.
"""

from __future__ import annotations

import datetime as dt
import math

import openpyxl
import pytest

from benchmarks.native import FIGURE_NAMES, SHEETS, build_native
from tests.conftest import defined_name_values
from xlsales.dashboard import demo_data, refresh_file, write_demo_files
from xlsales.dashboard.generate import new_dashboard

ROWS = 1500
#: Native sheet of each block of the refresh's analysis.
BLOCK_SHEETS = {"advisors": "Conseillers", "products": "Produits", "regions": "Regions",
                "months": "Mois", "seniority": "Anciennete", "funnel": "Entonnoir",
                "channels": "Canaux"}


@pytest.fixture(scope="module")
def both(tmp_path_factory, recalc):
    """The refresh's analysis and the recalculated native dashboard of one extract."""
    folder = tmp_path_factory.mktemp("native")
    files = (folder / "leads.csv", folder / "obj.csv", folder / "team.csv")
    write_demo_files(files[0], ROWS, objectives_path=files[1], advisors_path=files[2])
    book_path = folder / "tableau.xlsx"
    new_dashboard(book_path)
    outcome = refresh_file(book_path, *files)
    native = recalc(build_native(demo_data(ROWS), folder / "native.xlsx"))
    return outcome.analysis, native


def _same(ours, theirs, where: str) -> None:
    if isinstance(ours, float) and math.isnan(ours):
        assert theirs == "#DIV/0!", where
    elif isinstance(ours, (int, float)) and not isinstance(ours, bool):
        assert theirs == pytest.approx(ours, rel=1e-9, abs=1e-9), where
    elif isinstance(ours, dt.date):
        assert theirs.date() == ours, where
    elif ours is None:
        assert theirs in (None, ""), where
    else:
        assert theirs == ours, where


def test_headline_figures(both):
    analysis, native = both
    values = defined_name_values(native)
    for key, name in FIGURE_NAMES.items():
        _same(analysis.figures[key], values[name], key)


@pytest.mark.parametrize("block", list(BLOCK_SHEETS))
def test_block_figures(both, block):
    analysis, native = both
    sheet = openpyxl.load_workbook(native, data_only=True)[BLOCK_SHEETS[block]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    fields = SHEETS[BLOCK_SHEETS[block]]
    ours = analysis.blocks[block].rows
    if block in ("months", "funnel"):
        theirs = {i: row for i, row in enumerate(rows)}  # same order: months, stages
        keys = range(len(ours))
    else:
        theirs = {row[0]: row for row in rows}
        keys = ours["group"]
    assert len(theirs) >= len(ours)
    for position, key in enumerate(keys):
        record = ours.iloc[position]
        for j, field in enumerate(fields):
            if field == "group" and block in ("months", "funnel"):
                continue
            _same(record[field], theirs[key][j], f"{block} {key} {field}")
