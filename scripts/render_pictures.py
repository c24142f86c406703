"""Render the dashboard sheet of each example workbook to a PNG for the README.

LibreOffice prints the workbook to PDF (after recalculating it), pdftotext finds the
page whose title names the dashboard sheet, and pdftoppm renders that page.

    python scripts/render_pictures.py workbooks/examples docs/img
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from xlsales import libreoffice

# The sheet each example's picture shows: its title line starts the page.
DASHBOARDS = {
    "methodes-prospection-langon.xlsx": "Graphiques",
    "campagne-parrainage-langon.xlsx": "Tableau de bord",
    "pac-langon.xlsx": "Tableau de bord",
    "pipeline-langon.xlsx": "Le film",
    "objectifs-agence.xlsx": "Tableau de bord",
    "tableau-de-bord-demo.xlsx": "Performance des conseillers",
}


def _page_titled(pdf: Path, sheet: str) -> int:
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        first = next((line for line in text.splitlines() if line.strip()), "")
        if first.endswith(sheet) or first == sheet:
            return page
    raise SystemExit(f"{pdf.name}: no page titled {sheet!r}")


def render(workbook: Path, sheet: str, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = libreoffice.to_pdf(workbook, tmp)
        page = _page_titled(pdf, sheet)
        target = out_dir / workbook.stem
        subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-png", "-r", "80",
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
