"""Seed 003's worked case (Abeille Assurances, Langon), computed through the UDFs.

The case data are the shipped spec files; every figure goes through the same functions
a manager types in Excel, so the demo shows the catalogue at work.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import pandas as pd
import yaml

__all__ = ["load_shipped_spec", "methods_table", "referral_table", "breakeven_table", "report"]


def load_shipped_spec(name: str) -> dict[str, Any]:
    """The raw mapping of a spec shipped in ``xlsales/specs``."""
    text = (resources.files("xlsales") / "specs" / name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _months(spec_period: dict[str, Any]) -> int:
    import udfs

    return udfs.kpi_months(spec_period["start"], spec_period["end"])


def _cost_lines(lines: list[dict[str, Any]], months: float, weeks: float = 4) -> float:
    import udfs

    return sum(
        udfs.kpi_period_cost(
            line["amount"] * line.get("share", 1),
            line["periodicity"],
            months,
            line.get("quantity", 1),
            weeks,
        )
        for line in lines
    )


def methods_table() -> pd.DataFrame:
    """Ressource 1: cost, prospects, clients and revenue per method, and their KPIs."""
    import udfs

    spec = load_shipped_spec("methodes-prospection-langon.yaml")
    months = _months(spec["study"])
    rows = []
    for method in spec["methods"]:
        cost = _cost_lines(method["costs"], months)
        revenue = method["revenue"] * method.get("revenue_share", 1)
        prospects = method.get("prospects")
        qualified = prospects * method["qualification"] if prospects else None
        rows.append(
            {
                "méthode": method["name"],
                "coût": cost,
                "prospects": prospects,
                "clients": method["clients"],
                "CA": revenue,
                # NC in the resource: no rate on an unknown number of prospects.
                "coût/prospect": prospects and udfs.kpi_cost_per_contact(cost, prospects),
                "conversion": prospects and udfs.kpi_conversion(method["clients"], prospects),
                "conv. qualifiés": qualified and udfs.kpi_conversion(method["clients"], qualified),
                "CAC": udfs.kpi_cac(cost, method["clients"]),
                "ROI": udfs.kpi_roi(revenue, cost),
            }
        )
    return pd.DataFrame(rows)


def referral_table() -> pd.DataFrame:
    """Ressource 4: the referral programme's rates and attainment per target."""
    import udfs

    spec = load_shipped_spec("campagne-parrainage-langon.yaml")
    rows = []
    for target in spec["targets"]:
        res, obj = target["results"], target["objectives"]
        rows.append(
            {
                "cible": target["name"],
                "taux de retour": udfs.kpi_conversion(res["responses"], res["contacts"]),
                "taux de RDV": udfs.kpi_conversion(res["meetings"], res["responses"]),
                "transformation": udfs.kpi_conversion(res["clients"], res["meetings"]),
                "conversion": udfs.kpi_conversion(res["clients"], res["contacts"]),
                "contrats/client": udfs.kpi_per_client(res["contracts"], res["clients"]),
                "atteinte coupons": udfs.kpi_attainment(res["responses"], obj["responses"]),
                "atteinte RDV": udfs.kpi_attainment(res["meetings"], obj["meetings"]),
                "atteinte clients": udfs.kpi_attainment(res["clients"], obj["clients"]),
                "atteinte contrats": udfs.kpi_attainment(res["contracts"], obj["contracts"]),
            }
        )
    return pd.DataFrame(rows)


def breakeven_table() -> pd.DataFrame:
    """Ressource 5: the programme's profitability, all targets together."""
    import udfs

    spec = load_shipped_spec("campagne-parrainage-langon.yaml")
    period = spec["campaign"]
    months = _months(period)
    weeks = spec["conventions"]["weeks_per_month"]
    fixed = _cost_lines(spec["fixed_costs"], months, weeks)
    basis = spec["conventions"]["reward_basis"]
    revenue = [t["results"]["contracts"] * t["contract_price"] for t in spec["targets"]]
    variable = [
        t["results"]["responses" if basis == "coupon" else "clients"] * t["reward"]
        + t["results"]["clients"] * t["commission"]
        for t in spec["targets"]
    ]
    start, end = period["start"], period["end"]
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


def report() -> str:
    """The seed 003 figures as three readable tables."""
    return "\n\n".join(
        [
            "Méthodes de prospection 2021 (ressource 1)\n" + _render(methods_table()),
            "Programme de parrainage, février à juin 2022 (ressource 4)\n"
            + _render(referral_table()),
            "Rentabilité du programme (ressource 5)\n" + _render(breakeven_table()),
        ]
    )
