"""The README's picture of a consolidated workbook: the manager's loop on demo data.

Five advisors of the synthetic extract's first region get their objectives for 2025
(the agency's, set 5 % above what the five signed per month, split equally) and their
actuals from the extract; the workbooks come back as sent; ``xlsales collect``
consolidates them, and LibreOffice renders the team sheet.

    python scripts/team_picture.py docs/img
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from render_pictures import render  # noqa: E402

from xlsales.dashboard.synthetic import write_demo_files  # noqa: E402

ADVISORS = 5


def _base(leads: pd.DataFrame, names: list[str]) -> str:
    mine = leads[leads["conseiller"].isin(names) & leads["date_signature"].notna()].copy()
    mine["mois"] = pd.to_datetime(mine["date_signature"]).dt.month
    mine["segment"] = mine["cible"].map({"particulier": "Particuliers",
                                         "professionnel": "Professionnels"})
    lines = ["follow_up:", "  name: Objectifs 2025", "  entity: Agence démo",
             "  first_month: 2025-01-01", "  current_month: 2025-06-01",
             "significant_gap: 0.1", "indicators:",
             "  - {name: Chiffre d'affaires, unit: €, aggregation: sum}",
             "  - {name: Nouveaux clients, unit: clients, aggregation: sum}",
             "segments: [Particuliers, Professionnels]", "figures:"]
    for indicator, how in (("Chiffre d'affaires", "sum"), ("Nouveaux clients", "count")):
        for segment in ("Particuliers", "Professionnels"):
            rows = mine[mine["segment"] == segment].groupby("mois")["prime"]
            values = rows.sum() if how == "sum" else rows.count()
            # Objectives 5 % above the agency's average month, the same every month.
            target = float(values.mean()) * 1.05
            step = 100 if how == "sum" else 1
            monthly = max(round(target / step) * step, step)
            lines += [f"  - indicator: {indicator}", f"    segment: {segment}",
                      f"    objectives: [{', '.join([str(monthly)] * 12)}]"]
    return "\n".join(lines) + "\n"


def main(out: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = write_demo_files(root / "extraction.csv", rows=6000, seed=2025)
        leads = data.leads
        region = leads["region"].iloc[0]
        names = list(dict.fromkeys(leads.loc[leads["region"] == region, "conseiller"]))
        names = names[:ADVISORS]
        (root / "equipe.csv").write_text(
            "conseiller;agence\n" + "".join(f"{n};{region}\n" for n in names),
            encoding="utf-8")
        (root / "objectifs.yaml").write_text(_base(leads, names), encoding="utf-8")
        xlsales = str(Path(sys.executable).with_name("xlsales"))
        subprocess.run([xlsales, "distribute", "objectives", "--team", str(root / "equipe.csv"),
                        "--spec", str(root / "objectifs.yaml"), "--data",
                        str(root / "extraction.csv"), "--out", str(root / "envoi")], check=True)
        into = root / "suivi-equipe.xlsx"
        subprocess.run([xlsales, "collect", str(root / "envoi"), "--into", str(into)],
                       check=True)
        picture = render(into, "Équipe", Path(out))
        final = Path(out) / "consolidation-objectifs.png"
        shutil.move(picture, final)
        print(final)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/img")
