"""Headline figures of the shipped examples, computed through the UDFs.

The examples are seed 003's worked case (Abeille Assurances, Langon), read from the
shipped spec files; every figure goes through the functions a manager types in Excel,
so the demo shows the catalogue at work (and the workbook tests show the workbooks'
formulas give the same figures).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from .spec import load
from .templates.campaign import CampaignSpec
from .templates.methods import MethodsSpec

__all__ = ["shipped_spec", "methods_table", "referral_table", "breakeven_table", "report"]


def shipped_spec(name: str) -> Path:
    """Path of a spec shipped in ``xlsales/specs``."""
    return Path(str(resources.files("xlsales") / "specs" / name))


def _months(period: Any) -> int:
    import udfs

    return udfs.kpi_months(period.start, period.end)


def _cost_lines(lines: list[Any], months: float, weeks: float) -> float:
    import udfs

    return sum(
        udfs.kpi_period_cost(line.amount, line.periodicity, months, line.quantity, weeks)
        * getattr(line, "share", 1)
        for line in lines
    )


def methods_table(spec: MethodsSpec) -> pd.DataFrame:
    """Ressource 1: cost, prospects, clients and revenue per method, and their KPIs."""
    import udfs

    months = _months(spec.study)
    rows = []
    for method in spec.methods:
        cost = _cost_lines(method.costs, months, spec.weeks_per_month)
        revenue = (method.revenue or 0) * method.revenue_share
        prospects = method.prospects
        qualified = (prospects * method.qualification
                     if prospects and method.qualification is not None else None)
        rows.append(
            {
                "méthode": method.name,
                "coût": cost,
                "prospects": prospects,
                "clients": method.clients,
                "CA": revenue,
                # NC in the resource: no rate on an unknown number of prospects.
                "coût/prospect": prospects and udfs.kpi_cost_per_contact(cost, prospects),
                "conversion": prospects and udfs.kpi_conversion(method.clients, prospects),
                "conv. qualifiés": qualified and udfs.kpi_conversion(method.clients, qualified),
                "CAC": udfs.kpi_cac(cost, method.clients),
                "ROI": udfs.kpi_roi(revenue, cost),
            }
        )
    return pd.DataFrame(rows)


def referral_table(spec: CampaignSpec) -> pd.DataFrame:
    """Ressource 4: the referral programme's rates and attainment per target."""
    import udfs

    rows = []
    for target in spec.targets:
        res, obj = target.results, target.objectives
        rows.append(
            {
                "cible": target.name,
                "taux de retour": udfs.kpi_conversion(res.responses, res.contacts),
                "taux de RDV": udfs.kpi_conversion(res.meetings, res.responses),
                "transformation": udfs.kpi_conversion(res.clients, res.meetings),
                "conversion": udfs.kpi_conversion(res.clients, res.contacts),
                "contrats/client": udfs.kpi_per_client(res.contracts, res.clients),
                "atteinte coupons": udfs.kpi_attainment(res.responses, obj.responses),
                "atteinte RDV": udfs.kpi_attainment(res.meetings, obj.meetings),
                "atteinte clients": udfs.kpi_attainment(res.clients, obj.clients),
                "atteinte contrats": udfs.kpi_attainment(res.contracts, obj.contracts),
            }
        )
    return pd.DataFrame(rows)


def breakeven_table(spec: CampaignSpec) -> pd.DataFrame:
    """Ressource 5: the programme's profitability, all targets together."""
    import udfs

    period, conv = spec.campaign, spec.conventions
    months = _months(period)
    fixed = _cost_lines(spec.fixed_costs, months, conv.weeks_per_month)
    # A count left out is a blank input cell, which the workbook's formulas read as 0.
    revenue = [(t.results.contracts or 0) * (t.contract_price or 0) for t in spec.targets]
    variable = [
        ((t.results.responses if conv.reward_basis == "coupon" else t.results.clients) or 0)
        * (t.reward or 0) + (t.results.clients or 0) * (t.commission or 0)
        + (t.other_variable_costs or 0)
        for t in spec.targets
    ]
    start, end = period.start, period.end
    figures = {
        "CA": sum(revenue),
        "coûts variables (CV)": sum(variable),
        "coûts fixes (CF)": fixed,
        "MCV": udfs.kpi_contribution_margin(revenue, variable),
        "taux de MCV": udfs.kpi_margin_rate(revenue, variable),
        "seuil de rentabilité": udfs.kpi_breakeven(fixed, revenue, variable),
        "point mort": udfs.kpi_breakeven_date(fixed, revenue, variable, start, end),
        "marge de sécurité": udfs.kpi_safety_margin(revenue, fixed, variable),
        "indice de sécurité": udfs.kpi_safety_margin(revenue, fixed, variable, True),
        "résultat": udfs.kpi_result(revenue, fixed, variable),
    }
    return pd.DataFrame({"indicateur": list(figures), "valeur": list(figures.values())})


def _fmt(value: Any, column: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "n.c."
    if isinstance(value, str):
        return value
    rates = ("taux", "conversion", "conv.", "transformation", "atteinte", "ROI", "indice")
    if any(column.startswith(r) or r in column for r in rates):
        return f"{value:.2%}".replace(".", ",")
    if hasattr(value, "isoformat"):
        return value.strftime("%d/%m/%Y")
    value = round(float(value), 2)
    if value.is_integer():
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")


def _render(frame: pd.DataFrame) -> str:
    shown = frame.copy().astype(object)
    for column in shown.columns:
        key = column
        if column == "valeur":
            shown[column] = [
                _fmt(v, str(k)) for v, k in zip(frame["valeur"], frame["indicateur"], strict=True)
            ]
            continue
        shown[column] = [_fmt(v, key) for v in frame[column]]
    return shown.to_string(index=False)


def report(methods_spec: Path, campaign_spec: Path) -> str:
    """The seed 003 figures as three readable tables."""
    methods, campaign = load(methods_spec, MethodsSpec), load(campaign_spec, CampaignSpec)
    return "\n\n".join(
        [
            "Méthodes de prospection 2021 (ressource 1)\n" + _render(methods_table(methods)),
            "Programme de parrainage, février à juin 2022 (ressource 4)\n"
            + _render(referral_table(campaign)),
            "Rentabilité du programme (ressource 5)\n" + _render(breakeven_table(campaign)),
        ]
    )
