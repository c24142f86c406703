"""Seed 003 (Abeille Assurances, Langon): each expected value is computed here from the
figures of the resource it comes from, and compared with what the UDFs return."""

from __future__ import annotations

import datetime as dt

import pytest

import udfs

# Ressource 1 — extraction du CRM Abeille Langon, année 2021.
# (method, yearly cost to the agency, prospects, clients, revenue to the agency)
METHODS = [
    ("Phoning", 2330, 600, 5, 4500),  # ADDISCOM: 2 330 € for 50 hours a year
    ("Salon", 19295 / 4, 600, 21, 150550 / 4),  # VINITECH, 4 agencies Gironde Sud
    ("Emailing", 31.10 * 12, 2000, 3, 1500),  # 31,10 € a month
    ("Publipostage", 700 * 2, 1200, 4, 4000),  # 700 € a semester
    ("Boîtage", 120 + 2 * 250 * 2, None, 2, 900),  # flyers + 2 people × 250 € a semester
]


@pytest.mark.parametrize(("method", "cost", "prospects", "clients", "revenue"), METHODS)
def test_cac_per_method(method, cost, prospects, clients, revenue):
    assert udfs.kpi_cac(cost, clients) == pytest.approx(cost / clients, rel=1e-12)


@pytest.mark.parametrize(
    ("method", "cost", "prospects", "clients", "revenue"),
    [m for m in METHODS if m[2] is not None],
)
def test_conversion_per_method(method, cost, prospects, clients, revenue):
    assert udfs.kpi_conversion(clients, prospects) == pytest.approx(clients / prospects)


@pytest.mark.parametrize(("method", "cost", "prospects", "clients", "revenue"), METHODS)
def test_roi_per_method(method, cost, prospects, clients, revenue):
    assert udfs.kpi_roi(revenue, cost) == pytest.approx((revenue - cost) / cost)


def test_phoning_figures_by_hand():
    # Ressource 1, phoning: 2 330 € for 5 clients is 466 € each; 5 of 600 prospects.
    assert udfs.kpi_cac(2330, 5) == 466.0
    assert udfs.kpi_conversion(5, 600) == pytest.approx(0.008333333333333333)


def test_social_networks_without_client_is_div0():
    # Ressource 1, réseaux sociaux: 400 € a year and 0 client acquired.
    assert udfs.kpi_cac(400, 0) == "#DIV/0!"


def test_emailing_cost_is_annualised_from_the_monthly_subscription():
    # domain.md: 31.10 € a month over a year is 373.20 €.
    assert udfs.kpi_period_cost(31.10, "par mois", 12) == pytest.approx(373.20)


# Ressource 4 — extraction du CRM Abeille Langon, parrainage février à juin 2022.
RESULTS = {
    "particuliers": dict(contacts=2500, coupons=653, rdv=67, clients=50, contracts=105),
    "professionnels": dict(contacts=1500, coupons=323, rdv=42, clients=25, contracts=55),
}
OBJECTIVES = {
    "particuliers": dict(coupons=650, rdv=90, clients=70, contracts=80),
    "professionnels": dict(coupons=300, rdv=60, clients=30, contracts=50),
}


@pytest.mark.parametrize("target", RESULTS)
def test_referral_rates_per_target(target):
    r = RESULTS[target]
    assert udfs.kpi_conversion(r["coupons"], r["contacts"]) == pytest.approx(
        r["coupons"] / r["contacts"])  # taux de retour
    assert udfs.kpi_conversion(r["clients"], r["rdv"]) == pytest.approx(
        r["clients"] / r["rdv"])  # taux de transformation RDV → client
    assert udfs.kpi_conversion(r["clients"], r["contacts"]) == pytest.approx(
        r["clients"] / r["contacts"])  # efficacité globale
    assert udfs.kpi_per_client(r["contracts"], r["clients"]) == pytest.approx(
        r["contracts"] / r["clients"])  # contrats par client


@pytest.mark.parametrize("target", RESULTS)
@pytest.mark.parametrize("step", ["coupons", "rdv", "clients", "contracts"])
def test_referral_attainment_per_target_and_step(target, step):
    actual, objective = RESULTS[target][step], OBJECTIVES[target][step]
    assert udfs.kpi_attainment(actual, objective) == pytest.approx(actual / objective)
    assert udfs.kpi_gap(actual, objective) == actual - objective


def test_particuliers_figures_by_hand():
    # 653 coupons / 2 500 contacts = 26.12 %; 50 clients / 70 objective = 71.43 %.
    assert udfs.kpi_conversion(653, 2500) == pytest.approx(0.2612)
    assert udfs.kpi_attainment(50, 70) == pytest.approx(0.7142857142857143)


# Ressource 5 — données pour la rentabilité, 5 months (February to June 2022).
MONTHS = 5
FIXED = [
    1550 * MONTHS,  # loyer et électricité, 1 550 € a month
    385,  # impression de 4 000 flyers, once
    31.10 * MONTHS,  # abonnement téléphone / internet, 31,10 € a month
    2 * 20 * 22.51 * 4 * MONTHS,  # 2 sales people, 20 h a week at 22,51 €, 4 weeks a month
]
REVENUE = [105 * 454, 55 * 956]  # contracts × average contract price per target
VARIABLE = [
    653 * 30,  # reward per returned coupon, particuliers (the case's default basis)
    323 * 50,  # reward per returned coupon, professionnels
    (50 + 25) * 150,  # commission per new client
]
START, END = dt.date(2022, 2, 1), dt.date(2022, 6, 30)


def test_fixed_costs_through_period_cost():
    lines = [(1550, "mois", 1), (385, "une fois", 1), (31.10, "mois", 1),
             (20 * 22.51, "semaine", 2)]
    total = sum(udfs.kpi_period_cost(a, p, udfs.kpi_months(START, END), q) for a, p, q in lines)
    assert total == pytest.approx(sum(FIXED))
    assert total == pytest.approx(26298.50)


def test_breakeven_in_value():
    ca, cv, cf = sum(REVENUE), sum(VARIABLE), sum(FIXED)
    expected = cf / ((ca - cv) / ca)
    assert udfs.kpi_breakeven(FIXED, REVENUE, VARIABLE) == pytest.approx(expected, rel=1e-12)
    assert expected == pytest.approx(49501.0256, abs=1e-4)


def test_point_mort_date():
    ca, cv, cf = sum(REVENUE), sum(VARIABLE), sum(FIXED)
    days = (END - START).days + 1  # 150 days
    offset = int(cf / ((ca - cv) / ca) / ca * days)  # 74.07 → 74
    assert udfs.kpi_breakeven_date(FIXED, REVENUE, VARIABLE, START, END) == (
        START + dt.timedelta(days=offset))
    assert udfs.kpi_breakeven_date(FIXED, REVENUE, VARIABLE, START, END) == dt.date(2022, 4, 16)


def test_safety_margin_and_result():
    ca, cv, cf = sum(REVENUE), sum(VARIABLE), sum(FIXED)
    sr = cf / ((ca - cv) / ca)
    assert udfs.kpi_safety_margin(REVENUE, FIXED, VARIABLE) == pytest.approx(ca - sr)
    assert udfs.kpi_safety_margin(REVENUE, FIXED, VARIABLE, True) == pytest.approx((ca - sr) / ca)
    assert udfs.kpi_result(REVENUE, FIXED, VARIABLE) == pytest.approx(ca - cv - cf)


def test_breakeven_units_for_an_individual_contract():
    # Per particulier contract: 454 € price, 30 € reward and 150 € commission.
    cf = sum(FIXED)
    assert udfs.kpi_breakeven_units(cf, 454, [30, 150]) == pytest.approx(cf / (454 - 180))
