"""Year on year (N−1): per month, advisor and product, when the extract holds more than
12 months; like for like over the months both years cover."""

from __future__ import annotations

import pytest

from xlsales import core
from xlsales.dashboard import new_dashboard, refresh_file
from xlsales.dashboard.workbook_file import WorkbookFile

from .dashboard_books import lead, write_leads


def _client(i: int, month: str, premium: int, advisor: str = "Ana Roux",
            product: str = "Auto") -> list:
    return lead(f"L{i}", advisor, premium=f"{premium},00 €", created=f"01/{month}",
                signed=f"15/{month}", product=product)


@pytest.fixture
def eighteen_months(tmp_path):
    # January 2024 to June 2025: N is January-June 2025 (the months whose month N−1
    # lies in the extract), N−1 January-June 2024; July-December 2024 is compared with
    # nothing.
    rows = [_client(1, "01/2024", 1000), _client(2, "03/2024", 2000, "Ben Morel"),
            _client(3, "09/2024", 5000), _client(4, "01/2025", 1500),
            _client(5, "03/2025", 1000, "Ben Morel", "Habitation"),
            _client(6, "06/2025", 700, "Cléa Petit")]
    book = new_dashboard(tmp_path / "tableau.xlsx", "fr")
    return refresh_file(book, write_leads(tmp_path / "leads.csv", rows)).analysis


def test_months_compare_like_for_like(eighteen_months):
    rows = eighteen_months.blocks["yoy_months"].rows
    assert [d.isoformat() for d in rows["group"]] == [f"2025-0{m}-01" for m in range(1, 7)]
    assert rows["premium"].tolist() == [1500, 0, 1000, 0, 0, 700]
    assert rows["premium_prev"].tolist() == [1000, 0, 2000, 0, 0, 0]
    assert rows["yoy"].tolist() == [core.gap(1500, 1000, relative=True), None,
                                     core.gap(1000, 2000, relative=True), None, None, None]
    total = eighteen_months.blocks["yoy_months"].total
    assert (total["premium"], total["premium_prev"]) == (3200, 3000)
    assert total["yoy"] == pytest.approx(200 / 3000)


def test_advisors_and_products(eighteen_months):
    advisors = eighteen_months.blocks["yoy_advisors"].rows.set_index("group")
    assert advisors.loc["Ana Roux", ["premium", "premium_prev"]].tolist() == [1500, 1000]
    assert advisors.loc["Ben Morel", ["premium", "premium_prev"]].tolist() == [1000, 2000]
    assert advisors.loc["Cléa Petit", "premium_prev"] == 0
    assert advisors.loc["Cléa Petit", "yoy"] is None  # no N−1: no evolution
    products = eighteen_months.blocks["yoy_products"].rows.set_index("group")
    assert products.loc["Auto", ["premium", "premium_prev"]].tolist() == [2200, 3000]
    assert products.loc["Habitation", ["premium", "premium_prev"]].tolist() == [1000, 0]


def test_twelve_months_or_fewer_leave_the_tables_empty(tmp_path):
    book = new_dashboard(tmp_path / "tableau.xlsx", "fr")
    rows = [_client(1, "01/2025", 1000), _client(2, "12/2025", 1000)]
    analysis = refresh_file(book, write_leads(tmp_path / "l.csv", rows)).analysis
    assert all(analysis.blocks[k].rows.empty
               for k in ("yoy_months", "yoy_advisors", "yoy_products"))


def test_the_tables_are_written(tmp_path, eighteen_months):
    book = tmp_path / "tableau.xlsx"
    with WorkbookFile(book) as workbook:
        raw = workbook.read_table("Tbl_N1_Mois")
    assert len(raw) == 6 and raw.header == ["mois", "prime", "prime N−1",
                                            "évolution sur un an"]


def test_a_dashboard_made_before_the_tables_refreshes_without_them(eighteen_months):
    # A dashboard made by an earlier xlsales has no Tbl_N1_* tables: the plan drops
    # them rather than failing on a missing table.
    from xlsales.dashboard.refresh import _present_only
    from xlsales.dashboard.refresh_plan import plan_from
    from xlsales.errors import WorkbookFormatError

    class Before:
        def table_header(self, name):
            if name.startswith("Tbl_N1_"):
                raise WorkbookFormatError(f"{name} introuvable")
            return []

    tables = [t.table for t in _present_only(plan_from(eighteen_months), Before()).tables]
    assert "Tbl_Conseillers" in tables
    assert not [t for t in tables if t.startswith("Tbl_N1_")]
