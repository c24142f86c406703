"""The dashboard part of ``xlsales demo``: a synthetic extract and its refreshed
dashboard, written into the demo folder, and the headline figures as text."""

from __future__ import annotations

from pathlib import Path

from .generate import new_dashboard
from .headless import refresh_file
from .synthetic import write_demo_files

__all__ = ["DEMO_BOOK", "DEMO_FILES", "write_demo"]

#: The refreshed dashboard the demo writes.
DEMO_BOOK = "tableau-de-bord-demo.xlsx"
#: The extract, objectives and advisors it is refreshed from (French CSV exports).
DEMO_FILES = ("extraction-crm-demo.csv", "objectifs-demo.csv", "equipe-demo.csv")


def _percent(value: float) -> str:
    return f"{value:.1%}".replace(".", ",").replace("%", "\u00a0%")


def _count(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


def _euro(value: float) -> str:
    return _count(value) + "\u00a0€"


def write_demo(out_dir: Path | str, rows: int = 6000) -> str:
    """Write the demo extract and the refreshed ``tableau-de-bord-demo.xlsx`` into
    ``out_dir``; return the headline figures as text."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    leads, objectives, advisors = (out / name for name in DEMO_FILES)
    write_demo_files(leads, rows, objectives_path=objectives, advisors_path=advisors)
    book = new_dashboard(out / DEMO_BOOK)
    outcome = refresh_file(book, data=leads, objectives=objectives, advisors=advisors)
    figures = outcome.analysis.figures
    lines = [
        f"Tableau de bord de performance (extraction synthétique) : {book}",
        f"  affaires {_count(figures['leads_total'])}, clients "
        f"{_count(figures['clients_total'])}, taux de transformation "
        f"{_percent(figures['conversion'])}",
        f"  prime {_euro(figures['premium_total'])}, prime par affaire "
        f"{_euro(figures['premium_per_lead'])}, atteinte {_percent(figures['attainment'])}",
        f"  part du top 20 % des conseillers {_percent(figures['top20'])}, Gini "
        + f"{figures['gini']:.2f}".replace(".", ","),
        f"  mois sous le seuil : {figures['months_below']:.0f}",
    ]
    return "\n".join(lines)
