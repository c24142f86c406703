"""A seeded, realistic synthetic CRM extract: what the performance analysis of
docs/definitions.md describes.

Twelve months of leads of about forty advisors in six regions, selling ten products
through seven channels to individuals and professionals, with what a manager finds in
real extracts: premium concentrated on a few advisors, new advisors under objective, one
region converting below the network, a summer dip. The same seed gives the same
extract, at any size.

The files are written the way French CRMs export: ``;`` between fields, a decimal
comma, a no-break space between thousands, a ``€`` sign, dd/mm/yyyy dates, UTF-8 with a
byte-order mark (what Excel expects of a French CSV).
"""

from __future__ import annotations

import codecs
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["DemoData", "demo_data", "write_csv", "write_demo_files", "YEAR", "EXTRACTED"]

#: The demo's year, and the day the extract was taken (leads not yet signed stay open).
YEAR = 2025
EXTRACTED = dt.date(2025, 12, 31)

_FIRST = ["Camille", "Julien", "Sophie", "Thomas", "Claire", "Nicolas", "Émilie", "Antoine",
          "Laura", "Mathieu", "Céline", "Hugo", "Manon", "Pierre", "Chloé", "Romain",
          "Sarah", "Maxime", "Élodie", "Lucas"]
_LAST = ["Martin", "Bernard", "Dubois", "Laurent", "Lefèvre", "Moreau", "Garnier", "Roux",
         "Fournier", "Girard", "Bonnet", "Lambert", "Fontaine", "Rousseau", "Vincent",
         "Muller", "Faure", "André", "Mercier", "Blanc"]
_REGIONS = ["Nouvelle-Aquitaine", "Occitanie", "Grand Est", "Bretagne", "Hauts-de-France",
            "Auvergne-Rhône-Alpes"]
#: Conversion of each region relative to the network; Grand Est converts below it.
_REGION_FACTOR = [1.0, 1.05, 0.55, 1.1, 0.95, 1.0]
# product: (typical annual premium, share of leads, professional product)
_PRODUCTS = {
    "Auto": (620.0, 0.20, False),
    "Habitation": (340.0, 0.20, False),
    "Santé": (1150.0, 0.13, False),
    "Prévoyance": (780.0, 0.09, False),
    "Assurance vie": (2400.0, 0.07, False),
    "Épargne retraite (PER)": (3100.0, 0.05, False),
    "Emprunteur": (520.0, 0.08, False),
    "Multirisque pro": (1900.0, 0.08, True),
    "RC Pro": (950.0, 0.06, True),
    "Flotte automobile": (5200.0, 0.04, True),
}
_CHANNELS = {"parrainage": 1.6, "phoning": 0.8, "salon": 1.1, "emailing": 0.6,
             "publipostage": 0.5, "réseaux sociaux": 0.7, "site web": 0.9}
#: Leads per month relative to the average: the summer dip, the autumn rush.
_SEASON = np.array([1.0, 1.0, 1.1, 1.05, 1.0, 0.95, 0.7, 0.55, 1.1, 1.15, 1.1, 0.9])
_CONVERT_SEASON = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.95, 0.8, 0.75, 1.0, 1.05, 1.0, 0.95])
_LOSS = ["recensé", "qualifié", "contacté", "engagé", "perdu"]
_LOSS_P = [0.22, 0.2, 0.16, 0.12, 0.30]


@dataclass
class DemoData:
    """The three inputs of a dashboard: leads, monthly objectives, advisors."""

    leads: pd.DataFrame
    objectives: pd.DataFrame
    advisors: pd.DataFrame


def _advisors(rng: np.random.Generator, count: int) -> pd.DataFrame:
    names = []
    for i in range(count):
        names.append(f"{_FIRST[i % len(_FIRST)]} {_LAST[(i * 7 + i // len(_FIRST)) % len(_LAST)]}")
    region = np.arange(count) % len(_REGIONS)
    # One advisor in four joined during the last year: they convert less.
    tenure_days = np.where(rng.random(count) < 0.25, rng.integers(60, 360, count),
                           rng.integers(400, 5500, count))
    entry = [EXTRACTED - dt.timedelta(days=int(d)) for d in tenure_days]
    return pd.DataFrame({
        "conseiller": names,
        "region": [_REGIONS[r] for r in region],
        "date_entree": entry,
        "_tenure": tenure_days / 365.25,
        "_region": region,
    })


def demo_data(rows: int = 6000, seed: int = 2025, advisors: int = 40) -> DemoData:
    """The demo's extract with ``rows`` leads (and its objectives and advisors).

    Examples
    --------
    >>> data = demo_data(500)
    >>> len(data.leads), data.leads["conseiller"].nunique() <= 40
    (500, True)
    >>> sorted(data.leads.columns)[:3]
    ['canal', 'cible', 'conseiller']
    """
    rng = np.random.default_rng(seed)
    team = _advisors(rng, advisors)
    # A few advisors carry most of the premium: skill and reach are heavy-tailed.
    talent = np.exp(rng.normal(0.0, 0.55, advisors))
    reach = np.exp(rng.normal(0.0, 0.45, advisors))
    newcomer = team["_tenure"].to_numpy() < 1
    skill = np.where(newcomer, talent * 0.55, talent)
    month_weight = _SEASON / _SEASON.sum()
    month = rng.choice(12, rows, p=month_weight)
    days_in = np.array([(dt.date(YEAR + m // 12, m % 12 + 1, 1)
                         - dt.date(YEAR, m, 1)).days for m in range(1, 13)])
    created = (np.array([np.datetime64(dt.date(YEAR, m + 1, 1)) for m in month])
               + (rng.random(rows) * days_in[month]).astype(int).astype("timedelta64[D]"))
    advisor = rng.choice(advisors, rows, p=reach / reach.sum())
    names = list(_PRODUCTS)
    weights = np.array([p[1] for p in _PRODUCTS.values()])
    product = rng.choice(len(names), rows, p=weights / weights.sum())
    professional = np.array([p[2] for p in _PRODUCTS.values()])[product]
    channels = list(_CHANNELS)
    channel = rng.choice(len(channels), rows)
    region_factor = np.array(_REGION_FACTOR)[team["_region"].to_numpy()[advisor]]
    p_client = np.clip(0.22 * skill[advisor] * region_factor * _CONVERT_SEASON[month]
                       * np.array(list(_CHANNELS.values()))[channel], 0.01, 0.85)
    client = rng.random(rows) < p_client
    delay = rng.integers(3, 40, rows).astype("timedelta64[D]")
    signed = created + delay
    open_at_extract = client & (signed > np.datetime64(EXTRACTED))
    client &= ~open_at_extract
    status = np.where(client, "client", np.asarray(_LOSS, dtype=object)[
        rng.choice(len(_LOSS), rows, p=_LOSS_P)])
    status = np.where(open_at_extract, "engagé", status)
    base_prices = np.array([p[0] for p in _PRODUCTS.values()])
    base = base_prices[product]
    premium = np.round(base * np.exp(rng.normal(0, 0.35, rows)) * (0.8 + 0.4 * skill[advisor]
                                                                    / skill.max()), 2)
    contracts = np.where(rng.random(rows) < 0.12, 2, 1)
    leads = pd.DataFrame({
        "id_lead": [f"L{YEAR}-{i:07d}" for i in range(1, rows + 1)],
        "date_creation": created,
        "date_signature": np.where(client, signed, np.datetime64("NaT")),
        "conseiller": team["conseiller"].to_numpy()[advisor],
        "region": team["region"].to_numpy()[advisor],
        "produit": np.asarray(names, dtype=object)[product],
        "canal": np.asarray(channels, dtype=object)[channel],
        "cible": np.where(professional, "professionnel", "particulier"),
        "statut": status,
        "prime": np.where(client, premium, np.nan),
        "nb_contrats": np.where(client, contracts, np.nan),
    })
    leads = leads.sort_values(["date_creation", "id_lead"], kind="stable").reset_index(drop=True)
    leads["id_lead"] = [f"L{YEAR}-{i:07d}" for i in range(1, rows + 1)]
    # Objectives follow what an established advisor of that talent and region would
    # sign, month after month: they ignore seniority and the summer, which is what the
    # dashboard shows.
    expected_leads = rows * reach / reach.sum()
    channel_factor = np.mean(list(_CHANNELS.values()))
    season_factor = float(np.dot(month_weight, _CONVERT_SEASON))
    expected_rate = np.clip(0.22 * talent * np.array(_REGION_FACTOR)[team["_region"]]
                            * channel_factor * season_factor, 0.01, 0.85)
    mean_price = float(np.dot(weights / weights.sum(), base_prices)) * np.exp(0.35 ** 2 / 2)
    expected_premium = (expected_leads * expected_rate * mean_price
                        * (0.8 + 0.4 * talent / skill.max()))
    stretch = rng.uniform(0.95, 1.15, advisors)
    objectives = pd.DataFrame({
        "conseiller": np.repeat(team["conseiller"].to_numpy(), 12),
        "mois": np.tile([f"{YEAR}-{m:02d}" for m in range(1, 13)], advisors),
        "objectif_prime": np.repeat(np.round(expected_premium * stretch / 12, -1), 12),
        "objectif_contrats": np.repeat(np.maximum(1, np.round(
            expected_leads * expected_rate * stretch / 12)), 12),
    })
    return DemoData(leads, objectives, team[["conseiller", "region", "date_entree"]])


def _french_number(values: np.ndarray, decimals: int, euro: bool) -> list[str]:
    out = []
    suffix = "\u00a0€" if euro else ""
    for value in values.tolist():
        if value != value:
            out.append("")
            continue
        whole = f"{value:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
        out.append(whole + suffix)
    return out


def _french_dates(values: np.ndarray) -> list[str]:
    days = pd.to_datetime(pd.Series(values))
    return days.dt.strftime("%d/%m/%Y").fillna("").tolist()


def write_csv(frame: pd.DataFrame, path: Path | str) -> Path:
    """Write ``frame`` as a French CSV export (see the module's description)."""
    path = Path(path)
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        values = frame[column]
        if column.startswith("date"):
            out[column] = _french_dates(values.to_numpy())
        elif column in ("prime", "objectif_prime"):
            out[column] = _french_number(values.to_numpy(dtype=float), 2, euro=True)
        elif column in ("nb_contrats", "objectif_contrats"):
            out[column] = _french_number(values.to_numpy(dtype=float), 0, euro=False)
        else:
            out[column] = values.astype(object).where(values.notna(), "")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        stream.write(codecs.BOM_UTF8)
        stream.write(out.to_csv(sep=";", index=False, lineterminator="\r\n").encode("utf-8"))
    return path


def write_demo_files(leads_path: Path | str, rows: int = 6000, seed: int = 2025,
                     objectives_path: Path | str | None = None,
                     advisors_path: Path | str | None = None) -> DemoData:
    """Write the demo extract (and, when asked, its objectives and advisors) as CSV."""
    data = demo_data(rows, seed)
    write_csv(data.leads, leads_path)
    if objectives_path:
        write_csv(data.objectives, objectives_path)
    if advisors_path:
        write_csv(data.advisors, advisors_path)
    return data
