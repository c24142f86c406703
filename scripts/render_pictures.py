"""Render the dashboard sheet of each example workbook to a PNG for the README.

``xlsales pdf`` prints the sheet (LibreOffice headless, after recalculating it, with
the page set-up the workbook was generated with: A4, header, footer), and pdftoppm
renders its first page.

    python scripts/render_pictures.py workbooks/examples docs/img
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from xlsales.pdf_export import export_pdf

# The sheet each example's picture shows.
DASHBOARDS = {
    "methodes-prospection-langon.xlsx": "Graphiques",
    "campagne-parrainage-langon.xlsx": "Tableau de bord",
    "pac-langon.xlsx": "Tableau de bord",
    "pipeline-langon.xlsx": "Le film",
    "objectifs-agence.xlsx": "Tableau de bord",
    "tableau-de-bord-demo.xlsx": "Conseillers",
}


def render(workbook: Path, sheet: str, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = export_pdf(workbook, Path(tmp) / "sheet.pdf", [sheet])
        target = out_dir / workbook.stem
        subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-png", "-r", "80",
                        "-singlefile", str(pdf), str(target)], check=True)
    return target.with_suffix(".png")


def main(examples: str, out: str) -> None:
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, sheet in DASHBOARDS.items():
        workbook = Path(examples) / name
        if workbook.exists():
            print(render(workbook, sheet, out_dir))


if __name__ == "__main__":
    main(*sys.argv[1:3])
