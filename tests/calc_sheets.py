"""Sheets typed into LibreOffice Calc with the KPI add-in functions (specs for
:func:`xlsales.oxt.calc_run.run_sheet`): awkward ranges beside native formula twins, and
seed 003's worked case. ``scripts/render_libreoffice.py`` renders the seed sheet for the
docs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xlsales.coercion import to_serial

START, END = to_serial(dt.date(2022, 2, 1)), to_serial(dt.date(2022, 6, 30))

# ---------------------------------------------------------------- awkward ranges

#: Input columns, rows 2 to 7, as typed: None is a blank cell, "=TRUE()" a boolean
#: (Calc stores 1 shown as TRUE), "=1/0" and "=NA()" error cells, ("date", serial) a date.
COSTS = [1200, None, "n/a", "=TRUE()", 800.5, ("date", START)]  # column A
CLIENTS = [3, None, 2, "=FALSE()", "deux", 1]  # column B
WITH_ERROR = [100, "=1/0", 5, None, 7, 1]  # column C
STATUSES = ["recensé", None, "client", "perdu", "qualifié", "engagé"]  # column D
AMOUNTS = [1000, 2500, None, 900, "x", 400]  # column E
PROGNOSES = [0.2, 0.6, 0.5, None, 0.3, "=TRUE()"]  # column F
PERIODS = [100, None, 110, 99, "n/a", 120]  # column G
DATES = [("date", START), ("date", END)]  # H2, H3
WITH_NA = [5, "=NA()", 2, 1, None, 3]  # column I


def as_calc_passes(column: list[Any]) -> list[list[Any]]:
    """A column as Calc hands it to an add-in (rows of one cell): TRUE is 1, a date its
    serial number, a blank None. Error cells never arrive (Calc answers Err:504)."""
    out = []
    for value in column:
        if isinstance(value, tuple):
            value = value[1]
        elif value in ("=TRUE()", "=FALSE()"):
            value = 1.0 if value == "=TRUE()" else 0.0
        elif isinstance(value, int):
            value = float(value)
        out.append([value])
    return out


def _column(letter: str, values: list[Any], first_row: int = 2) -> list[list[Any]]:
    cells = []
    for row, value in enumerate(values, start=first_row):
        if isinstance(value, tuple):
            cells.append([f"{letter}{row}", value[1], value[0]])
        elif value in ("=TRUE()", "=FALSE()"):
            cells.append([f"{letter}{row}", value, "bool"])
        elif value is not None:
            cells.append([f"{letter}{row}", value])
    return cells


#: (name, KPI formula, native twin formula or None), in rows 10 onwards, columns K, L.
#: The twins are the formulas a generated workbook uses (xlsales/templates/twins.py),
#: written over the same ranges; Calc's SUM counts TRUE as 1 as the add-in sees it.
CASES: list[tuple[str, str, str | None]] = [
    ("cac", "=KPI_CAC(A2:A7;B2:B7)", "=SUM(A2:A7)/SUM(B2:B7)"),
    ("conversion", "=KPI_CONVERSION(B2:B7;A2:A7)", "=SUM(B2:B7)/SUM(A2:A7)"),
    ("roi", "=KPI_ROI(A2:A7;B2:B7)", "=(SUM(A2:A7)-SUM(B2:B7))/SUM(B2:B7)"),
    ("gap_relative", "=KPI_GAP(A2:A7;B2:B7;TRUE())", "=(SUM(A2:A7)-SUM(B2:B7))/SUM(B2:B7)"),
    ("remaining", "=KPI_REMAINING(B2:B7;A2:A7)", "=MAX(SUM(A2:A7)-SUM(B2:B7);0)"),
    ("weighted", "=KPI_WEIGHTED_PIPELINE(E2:E7;F2:F7)", "=SUMPRODUCT(E2:E7;F2:F7)"),
    ("months", "=KPI_MONTHS(H2;H3)",
     "=(YEAR(H3)-YEAR(H2))*12+MONTH(H3)-MONTH(H2)+1"),
    ("breakeven_date", "=KPI_BREAKEVEN_DATE(26298.5;100250;46990;H2;H3)",
     "=H2+INT(26298.5/((100250-46990)/100250)/100250*(H3-H2+1))"),
    ("cac_blank_cell", "=KPI_CAC(A2;B3)", "=A2/B3"),
    ("cac_error_cell", "=KPI_CAC(C3;1)", "=C3/1"),
    ("cac_na_cell", "=KPI_CAC(I3;1)", "=I3/1"),
    ("cac_error_in_range", "=KPI_CAC(C2:C7;B2:B7)", "=SUM(C2:C7)/SUM(B2:B7)"),
    ("cac_na_in_range", "=KPI_CAC(I2:I7;B2:B7)", "=SUM(I2:I7)/SUM(B2:B7)"),
    ("stage_rate", '=KPI_STAGE_RATE(D2:D7;"qualifié";"engagé")', None),
    ("status", "=KPI_STATUS(A2:A7;B2:B7;0.9)", None),
    ("period_cost_default", '=KPI_PERIOD_COST(450.2;"semaine";5)', "=450.2*1*4*5"),
    ("period_cost_blank_quantity", '=KPI_PERIOD_COST(450.2;"semaine";5;B3)', "=450.2*B3*4*5"),
    ("iferror", '=IFERROR(KPI_CAC(A2;0);"aucun client")', None),
    ("iserror", "=ISERROR(KPI_CAC(A2;0))", None),
    ("required_left_out", "=KPI_CAC(2330)", None),
    ("share_2d", "=KPI_SHARE(A2:A7;A2:B7)", "=SUM(A2:A7)/SUM(A2:B7)"),
    ("gini", "=KPI_GINI(G2:G7)", None),
    ("volatility", "=KPI_VOLATILITY(G2:G7)", None),
]
FIRST_CASE_ROW = 10

#: Array formulas (a table spilled over a range): name, range, formula.
ARRAYS = [
    ("funnel", "N2:P7", "=KPI_FUNNEL(D2:D7)"),
    ("growth", "R2:R4", "=KPI_GROWTH(G2:G7)"),
]


def case_cells() -> dict[str, tuple[str, str | None]]:
    """The cell of each case's KPI formula and of its twin."""
    return {name: (f"K{row}", f"L{row}" if twin else None)
            for row, (name, _, twin) in enumerate(CASES, start=FIRST_CASE_ROW)}


def ranges_spec() -> dict[str, Any]:
    """The awkward-ranges sheet."""
    cells: list[list[Any]] = []
    for letter, values in zip("ABCDEFG", [COSTS, CLIENTS, WITH_ERROR, STATUSES, AMOUNTS,
                                         PROGNOSES, PERIODS], strict=True):
        cells += _column(letter, values)
    cells += _column("H", DATES) + _column("I", WITH_NA)
    for row, (name, kpi, twin) in enumerate(CASES, start=FIRST_CASE_ROW):
        cells += [[f"J{row}", name], [f"K{row}", kpi]] + ([[f"L{row}", twin]] if twin else [])
    return {"sheets": {"Plages": cells},
            "arrays": {"Plages": [[ref, formula] for _, ref, formula in ARRAYS]}}


# ---------------------------------------------------------------- seed 003

#: Ressource 1: (method, cost cell formula or value, prospects, clients, revenue).
METHODS: list[tuple[str, Any, Any, int, float]] = [
    ("Phoning", 2330, 600, 5, 4500),  # ADDISCOM, 2 330 € for 50 hours a year
    ("Salon", "=19295/4", 600, 21, "=150550/4"),  # VINITECH, shared by 4 agencies
    ("Emailing", '=KPI_PERIOD_COST(31.1;"mois";12)', 2000, 3, 1500),  # 31,10 € a month
    ("Publipostage", '=KPI_PERIOD_COST(700;"semestre";12)', 1200, 4, 4000),  # 700 € a semester
    ("Boîtage", '=120+KPI_PERIOD_COST(250;"semestre";12;2)', "NC", 2, 900),  # 2 people
    ("Réseaux sociaux", 400, "NC", 0, 0),  # HERSAY SYSTEMS, 400 € a year, no client
]
FIRST_METHOD_ROW = 4

#: Ressource 5, fixed costs over February to June 2022: label, amount, periodicity, quantity.
FIXED = [
    ("Loyer et électricité", 1550, "mois", 1),
    ("Impression de 4 000 flyers", 385, "une fois", 1),
    ("Téléphone / internet", 31.1, "mois", 1),
    ("2 commerciaux, 20 h/semaine à 22,51 €", "=20*22.51", "semaine", 2),
]
REVENUE = [("CA particuliers (105 × 454 €)", "=105*454"),
           ("CA professionnels (55 × 956 €)", "=55*956")]
VARIABLE = [("Récompenses particuliers (653 × 30 €)", "=653*30"),
            ("Récompenses professionnels (323 × 50 €)", "=323*50"),
            ("Commissions (75 clients × 150 €)", "=75*150")]

#: Seed 003's figures as the sheet shows them: cell, formula, format.
RESULTS = [
    ("B31", "=KPI_MARGIN_RATE(B22:B23;B26:B28)", "percent"),
    ("B32", "=KPI_BREAKEVEN(E16:E19;B22:B23;B26:B28)", "euro2"),
    ("B33", "=KPI_BREAKEVEN_DATE(E16:E19;B22:B23;B26:B28;B12;B13)", "date"),
    ("B34", "=KPI_SAFETY_MARGIN(B22:B23;E16:E19;B26:B28)", "euro2"),
    ("B35", "=KPI_RESULT(B22:B23;E16:E19;B26:B28)", "euro2"),
]


def _shown(formula: Any) -> str:
    return formula if isinstance(formula, str) and formula.startswith("=") else ""


def seed_spec() -> dict[str, Any]:
    """Seed 003's worked case typed as KPI formulas, with each formula shown beside
    its value."""
    cells: list[list[Any]] = [
        ["A1", "Cas 003, Abeille Assurances Langon : les fonctions KPI dans LibreOffice Calc"],
        ["A2", "Ressource 1 : méthodes de prospection, année 2021"],
        ["A3", "Méthode"], ["B3", "Coût (€)"], ["C3", "Prospects"], ["D3", "Clients"],
        ["E3", "CA (€)"], ["F3", "CAC (€)"], ["G3", "Conversion"], ["H3", "Formules"],
    ]
    for row, (method, cost, prospects, clients, revenue) in enumerate(
            METHODS, start=FIRST_METHOD_ROW):
        cac, conversion = f"=KPI_CAC(B{row};D{row})", f"=KPI_CONVERSION(D{row};C{row})"
        cells += [[f"A{row}", method], [f"B{row}", cost, "euro"], [f"C{row}", prospects],
                  [f"D{row}", clients], [f"E{row}", revenue, "euro"],
                  [f"F{row}", cac, "euro2"], [f"G{row}", conversion, "percent"],
                  [f"H{row}", "'" + "   ".join(filter(None, [_shown(cost), cac, conversion]))]]
    cells += [["A11", "Ressource 5 : parrainage, février à juin 2022"],
              ["A12", "Début"], ["B12", START, "date"], ["A13", "Fin"], ["B13", END, "date"],
              ["A14", "Durée (mois)"], ["B14", "=KPI_MONTHS(B12;B13)"],
              ["H14", "'=KPI_MONTHS(B12;B13)"],
              ["H16", "'=KPI_PERIOD_COST(B16;C16;$B$14;D16)"],
              ["A15", "Coûts fixes"], ["B15", "Montant"], ["C15", "Périodicité"],
              ["D15", "Quantité"], ["E15", "Sur la période"]]
    for row, (label, amount, periodicity, quantity) in enumerate(FIXED, start=16):
        cells += [[f"A{row}", label], [f"B{row}", amount, "number"], [f"C{row}", periodicity],
                  [f"D{row}", quantity],
                  [f"E{row}", f"=KPI_PERIOD_COST(B{row};C{row};$B$14;D{row})", "euro2"]]
    cells += [["A21", "Chiffre d'affaires"]]
    cells += [[f"A{row}", label] for row, (label, _) in enumerate(REVENUE, start=22)]
    cells += [[f"B{row}", value, "euro"] for row, (_, value) in enumerate(REVENUE, start=22)]
    cells += [["A25", "Coûts variables"]]
    cells += [[f"A{row}", label] for row, (label, _) in enumerate(VARIABLE, start=26)]
    cells += [[f"B{row}", value, "euro"] for row, (_, value) in enumerate(VARIABLE, start=26)]
    cells += [["A30", "Rentabilité"],
              ["A31", "Taux de marge sur coûts variables"], ["A32", "Seuil de rentabilité"],
              ["A33", "Point mort"], ["A34", "Marge de sécurité"], ["A35", "Résultat"]]
    for ref, formula, fmt in RESULTS:
        cells += [[ref, formula, fmt], [f"H{ref[1:]}", "'" + formula]]
    widths = {"A": 7600, "B": 2700, "C": 2300, "D": 1900, "E": 2800, "F": 2400, "G": 2700,
              "H": 15500}
    bold = ["A1", "A2:H3", "A11", "A15:E15", "A21", "A25", "A30", "A31:B35"]
    return {"sheets": {"Cas 003": cells}, "widths": {"Cas 003": widths},
            "bold": {"Cas 003": bold}, "one_page": True}
