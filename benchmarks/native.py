"""The dashboard a spreadsheet user builds by hand: COUNTIFS and SUMIFS over the data.

This is the native alternative the refresh is measured against. The workbook holds the
same leads, objectives and advisors as the refreshed dashboard (``Leads``,
``Objectifs``, ``Equipe`` sheets, typed values, shared strings as Excel saves them)
and, on five small sheets, the same figures computed with formulas a manager would
type: one COUNTIFS or SUMIFS per figure and group over named columns of the data
(``L_statut``, ``L_prime``...), the labels (advisors, products, regions, months,
channels) typed as constants, and the derived figures (rates, shares, medians,
segments, Gini, volatility) computed from those cells. Recalculated by LibreOffice,
its figures equal the core's (``tests/test_bench_native.py`` checks it), so the
comparison is apples to apples.

    python benchmarks/native.py ROWS OUT.xlsx [--seed SEED]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import numpy as np
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xlsales.dashboard.synthetic import DemoData, demo_data  # noqa: E402

__all__ = ["FIGURE_NAMES", "SHEETS", "TOP_FRACTION", "AMBER", "BANDS", "build_native",
           "write_native"]

#: Defined names of the native dashboard's headline cells, by the key of the
#: refresh's ``Analysis.figures``.
FIGURE_NAMES = {
    "leads_total": "N_Leads_Total",
    "clients_total": "N_Clients_Total",
    "conversion": "N_Taux_Conversion",
    "premium_total": "N_Prime_Totale",
    "premium_per_lead": "N_Prime_Par_Lead",
    "attainment": "N_Taux_Atteinte",
    "top20": "N_Part_Top20",
    "gini": "N_Gini",
    "contracts_total": "N_Contrats_Total",
    "objective_total": "N_Objectif_Total",
    "volatility": "N_Volatilite",
    "months_below": "N_Mois_Sous_Seuil",
}
#: The block sheets and their columns (header row 1, one row per group from row 2).
SHEETS = {
    "Conseillers": ["group", "region", "band", "leads", "clients", "contracts", "conversion",
                    "premium", "premium_per_lead", "share", "cumulative_share", "objective",
                    "attainment", "segment"],
    "Produits": ["group", "leads", "clients", "contracts", "premium", "share",
                 "premium_per_contract", "quadrant"],
    "Regions": ["group", "leads", "clients", "conversion", "gap_to_network", "contracts",
                "premium", "untapped", "objective", "attainment"],
    "Mois": ["group", "leads", "clients", "premium", "growth", "objective", "attainment",
             "gap", "status"],
    "Anciennete": ["group", "advisors", "leads", "clients", "conversion", "premium",
                   "objective", "attainment"],
    "Entonnoir": ["group", "reached", "rate", "reached_b2c", "rate_b2c", "reached_b2b",
                  "rate_b2b"],
    "Canaux": ["group", "leads", "clients", "conversion", "premium", "premium_per_lead",
               "share"],
}
#: The dashboard's defaults: top 20 %, amber from 90 %, seniority bands at 1 and 3 years.
TOP_FRACTION = 0.2
AMBER = 0.9
BANDS = ("< 1 an", "1–3 ans", "> 3 ans")
_STAGES = ("recensé", "qualifié", "contacté", "engagé", "client")
_LEAD_COLUMNS = ("id_lead", "date_creation", "date_signature", "conseiller", "region",
                 "produit", "canal", "cible", "statut", "prime", "nb_contrats")
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")


def _serials(values: Any) -> np.ndarray:
    days = np.asarray(values, dtype="datetime64[D]")
    serial = (days - _EXCEL_EPOCH).astype("int64").astype(float)
    serial[np.isnat(days)] = np.nan
    return serial


def _col(index: int) -> str:
    return xlsxwriter.utility.xl_col_to_name(index)


def _write_table(book: Any, sheet: Any, name: str, columns: dict[str, np.ndarray],
                 kinds: dict[str, str], date_format: Any) -> None:
    """Write a data sheet column by column and name each column's data range
    ``<name>_<column>``."""
    size = len(next(iter(columns.values())))
    for j, (key, values) in enumerate(columns.items()):
        sheet.write_string(0, j, key)
        kind = kinds.get(key, "text")
        if kind == "text":
            write = sheet.write_string
            for i, value in enumerate(values.tolist(), start=1):
                if value is not None and value == value:
                    write(i, j, value)
        else:
            numbers = _serials(values) if kind == "date" else np.asarray(values, dtype=float)
            style = date_format if kind == "date" else None
            write = sheet.write_number
            for i, value in enumerate(numbers.tolist(), start=1):
                if value == value:
                    write(i, j, value, style)
        letter = _col(j)
        book.define_name(f"{name}_{key}", f"={sheet.name}!${letter}$2:${letter}${size + 1}")


class _Block:
    """A block sheet: a header row, then one row per group, one formula per cell."""

    def __init__(self, book: Any, title: str, groups: list[Any], formats: dict[str, Any]
                 ) -> None:
        self.sheet = book.add_worksheet(title)
        self.title = title
        self.fields = SHEETS[title]
        self.count = len(groups)
        self.formats = formats
        for j, key in enumerate(self.fields):
            self.sheet.write_string(0, j, key)
        for i, group in enumerate(groups, start=1):
            if isinstance(group, dt.date):
                self.sheet.write_datetime(i, 0, dt.datetime.combine(group, dt.time()),
                                          formats["date"])
            else:
                self.sheet.write_string(i, 0, str(group))

    def ref(self, key: str, row: int | None = None, absolute: bool = False) -> str:
        """A cell of column ``key`` (1-based data ``row``), or the whole column."""
        letter = _col(self.fields.index(key))
        if row is None:
            return f"${letter}$2:${letter}${self.count + 1}"
        return f"${letter}${row + 1}" if absolute else f"{letter}{row + 1}"

    def external(self, key: str) -> str:
        return f"{self.title}!{self.ref(key)}"

    def fill(self, key: str, formula: str) -> None:
        """Write ``formula`` in column ``key`` of every row; ``{r}`` is the row's
        1-based spreadsheet row, ``{g}`` the cell of its group label."""
        j = self.fields.index(key)
        for i in range(1, self.count + 1):
            self.sheet.write_formula(i, j, "=" + formula.format(r=i + 1, g=f"$A{i + 1}"))


def _groups(values: Any) -> list[str]:
    return sorted({v for v in np.asarray(values, dtype=object).tolist() if v is not None})


def _months(leads: Any) -> list[dt.date]:
    """First days of the months from the first creation to the last creation or signature."""
    created = np.asarray(leads["date_creation"], dtype="datetime64[D]")
    first = created.min().astype("datetime64[M]")
    signed = np.asarray(leads["date_signature"], dtype="datetime64[D]")
    last = max(created.max(), signed[~np.isnat(signed)].max() if (~np.isnat(signed)).any()
               else created.max()).astype("datetime64[M]")
    return [m.astype("datetime64[D]").astype(dt.date) for m in np.arange(first, last + 1)]


def _data_sheets(book: Any, data: DemoData) -> None:
    """The Leads, Objectifs and Equipe tables."""
    leads = data.leads
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    lead_sheet = book.add_worksheet("Leads")
    _write_table(book, lead_sheet, "L", {k: leads[k].to_numpy() for k in _LEAD_COLUMNS},
                 {"date_creation": "date", "date_signature": "date", "prime": "number",
                  "nb_contrats": "number"}, date_format)
    objectives = data.objectives
    month_starts = np.array([np.datetime64(f"{m}-01") for m in objectives["mois"]])
    _write_table(book, book.add_worksheet("Objectifs"), "O",
                 {"conseiller": objectives["conseiller"].to_numpy(), "mois": month_starts,
                  "objectif_prime": objectives["objectif_prime"].to_numpy(),
                  "objectif_contrats": objectives["objectif_contrats"].to_numpy()},
                 {"mois": "date", "objectif_prime": "number", "objectif_contrats": "number"},
                 date_format)
    team = data.advisors
    _write_table(book, book.add_worksheet("Equipe"), "E",
                 {"conseiller": team["conseiller"].to_numpy(),
                  "region": team["region"].to_numpy(),
                  "date_entree": team["date_entree"].to_numpy()},
                 {"date_entree": "date"}, date_format)


#: The criterion pair selecting the leads that became clients.
_CLIENT = 'L_statut,"client"'


def _per_group(block: _Block, column: str, cells: dict[str, str],
               objective: str | None = None) -> None:
    """Leads, clients, contracts and premium of each group of ``column``."""
    by = f"L_{column},{{g}}"
    client = _CLIENT
    fields = block.fields
    block.fill("leads", f"COUNTIFS({by})")
    block.fill("clients", f"COUNTIFS({by},{client})")
    if "contracts" in fields:
        block.fill("contracts", f"SUMIFS(L_nb_contrats,{by},{client})"
                                f'+COUNTIFS({by},{client},L_nb_contrats,"")')
    block.fill("premium", f"SUMIFS(L_prime,{by},{client})")
    if "conversion" in fields:
        block.fill("conversion", f"{_c(block, 'clients')}/{_c(block, 'leads')}")
    if "premium_per_lead" in fields:
        block.fill("premium_per_lead", f"{_c(block, 'premium')}/{_c(block, 'leads')}")
    if "share" in fields:
        block.fill("share", f"{_c(block, 'premium')}/{cells['premium_total']}")
    if objective:
        block.fill("objective", objective)
        block.fill("attainment", f"{_c(block, 'premium')}/{_c(block, 'objective')}")


def build_native(data: DemoData, out: Path | str) -> Path:
    """Write the native-formula dashboard of ``data`` to ``out`` (an .xlsx)."""
    out = Path(out)
    leads = data.leads
    book = xlsxwriter.Workbook(str(out), {"use_zip64": True})
    formats = {"date": book.add_format({"num_format": "yyyy-mm-dd"})}
    summary = book.add_worksheet("Synthese")
    advisors = _groups(leads["conseiller"])
    products = _groups(leads["produit"])
    regions = _groups(leads["region"])
    channels = _groups(leads["canal"])
    months = _months(leads)

    adv = _Block(book, "Conseillers", advisors, formats)
    prod = _Block(book, "Produits", products, formats)
    reg = _Block(book, "Regions", regions, formats)
    mon = _Block(book, "Mois", months, formats)
    band = _Block(book, "Anciennete", list(BANDS), formats)
    fun = _Block(book, "Entonnoir", list(_STAGES), formats)
    chan = _Block(book, "Canaux", channels, formats)

    # Data sheets last in the tab order, as in the dashboard.
    _data_sheets(book, data)

    client = _CLIENT
    # Headline figures: a label in column A, the figure in B, a defined name on it.
    cells: dict[str, str] = {}
    headline = [
        ("leads_total", "COUNTA(L_id_lead)"),
        ("clients_total", f"COUNTIFS({client})"),
        ("conversion", "{clients_total}/{leads_total}"),
        ("premium_total", f"SUMIFS(L_prime,{client})"),
        ("premium_per_lead", "{premium_total}/{leads_total}"),
        ("contracts_total",
         f'SUMIFS(L_nb_contrats,{client})+COUNTIFS({client},L_nb_contrats,"")'),
        ("objective_total", "SUM(O_objectif_prime)"),
        ("attainment", "{premium_total}/{objective_total}"),
        ("top20", f"SUMPRODUCT(({adv.external('premium')}>=LARGE({adv.external('premium')},"
                  f"ROUNDUP({TOP_FRACTION}*COUNT({adv.external('premium')}),0)))"
                  f"*{adv.external('premium')})/SUM({adv.external('premium')})"),
        ("gini", None),
        ("volatility", f"STDEV({mon.external('growth')})"),
        # SUMPRODUCT rather than COUNTIF("<0.9"): a criterion's text is read in the
        # spreadsheet's locale (0,9 in French).
        ("months_below", f"SUMPRODUCT(--({mon.external('attainment')}<{AMBER}))"),
        ("period_end", "MAX(L_date_creation)"),
    ]
    for i, (key, _) in enumerate(headline):
        cells[key] = f"Synthese!$B${i + 2}"
    summary.write_string(0, 0, "figure")
    summary.write_string(0, 1, "value")
    for i, (key, formula) in enumerate(headline, start=1):
        summary.write_string(i, 0, key)
        if key == "gini":
            premium = adv.external("premium")
            summary.write_array_formula(
                i, 1, i, 1, f"{{=SUM(ABS({premium}-TRANSPOSE({premium})))"
                            f"/(2*COUNT({premium})^2*AVERAGE({premium}))}}")
        else:
            summary.write_formula(i, 1, "=" + formula.format(**cells))
        if key in FIGURE_NAMES:
            book.define_name(FIGURE_NAMES[key], f"={cells[key]}")

    # Advisors: region and band from the team sheet, segment against the medians.
    _per_group(adv, "conseiller", cells, "SUMIFS(O_objectif_prime,O_conseiller,{g})")
    adv.fill("region", "INDEX(E_region,MATCH({g},E_conseiller,0))")
    tenure = f"(({cells['period_end']}-INDEX(E_date_entree,MATCH({{g}},E_conseiller,0)))/365.25)"
    adv.fill("band", f'IF({tenure}<1,"{BANDS[0]}",IF({tenure}>3,"{BANDS[2]}","{BANDS[1]}"))')
    adv.fill("cumulative_share", f'SUMIF({adv.ref("premium")},">="&{_c(adv, "premium")})'
                                 f"/SUM({adv.ref('premium')})")
    high_leads = f"{_c(adv, 'leads')}>=MEDIAN({adv.ref('leads')})"
    high_premium = f"{_c(adv, 'premium')}>=MEDIAN({adv.ref('premium')})"
    adv.fill("segment", f'IF(AND({high_leads},{high_premium}),"performant",'
                        f'IF({high_premium},"efficace",'
                        f'IF({high_leads},"actif à convertir","à accompagner")))')

    _per_group(prod, "produit", cells)
    prod.fill("premium_per_contract", f"{_c(prod, 'premium')}/{_c(prod, 'contracts')}")
    high_volume = f"{_c(prod, 'contracts')}>=MEDIAN({prod.ref('contracts')})"
    high_value = f"{_c(prod, 'premium_per_contract')}>=MEDIAN({prod.ref('premium_per_contract')})"
    prod.fill("quadrant", f'IF(AND({high_volume},{high_value}),"volume et valeur",'
                          f'IF({high_value},"valeur",IF({high_volume},"volume",'
                          f'"à repositionner")))')

    _per_group(reg, "region", cells,
               f"SUMIFS({adv.external('objective')},{adv.external('region')},{{g}})")
    network = cells["conversion"]
    per_contract = f"({cells['premium_total']}/{cells['contracts_total']})"
    reg.fill("gap_to_network", f"{_c(reg, 'conversion')}-{network}")
    reg.fill("untapped", f"MAX(({network}-{_c(reg, 'conversion')})*{_c(reg, 'leads')}"
                         f"*{per_contract},0)")

    # Months: leads by creation, clients and premium by signature (by creation when a
    # client has no signature date).
    start, end = "{g}", "EDATE({g},1)"
    created_in = f'L_date_creation,">="&{start},L_date_creation,"<"&{end}'
    signed_in = f'L_date_signature,">="&{start},L_date_signature,"<"&{end}'
    unsigned = 'L_date_signature,""'
    mon.fill("leads", f"COUNTIFS({created_in})")
    mon.fill("clients", f"COUNTIFS({client},{signed_in})"
                        f"+COUNTIFS({client},{unsigned},{created_in})")
    mon.fill("premium", f"SUMIFS(L_prime,{client},{signed_in})"
                        f"+SUMIFS(L_prime,{client},{unsigned},{created_in})")
    premium_col = _col(mon.fields.index("premium"))
    for i in range(2, mon.count + 1):
        mon.sheet.write_formula(i, mon.fields.index("growth"),
                                f"=({premium_col}{i + 1}-{premium_col}{i})/{premium_col}{i}")
    mon.fill("objective", "SUMIFS(O_objectif_prime,O_mois,{g})")
    mon.fill("attainment", f"{_c(mon, 'premium')}/{_c(mon, 'objective')}")
    mon.fill("gap", f"{_c(mon, 'premium')}-{_c(mon, 'objective')}")
    mon.fill("status", f'IF({_c(mon, "attainment")}>=1,"vert",'
                       f'IF({_c(mon, "attainment")}>={AMBER},"orange","rouge"))')

    # Seniority: sums of the advisors' sheet by band ("="& because a label starting
    # with < or > would be read as a comparison).
    by_band = f'{adv.external("band")},"="&{{g}}'
    band.fill("advisors", f"COUNTIFS({by_band})")
    for key in ("leads", "clients", "premium"):
        band.fill(key, f"SUMIFS({adv.external(key)},{by_band})")
    band.fill("conversion", f"{_c(band, 'clients')}/{_c(band, 'leads')}")
    band.fill("objective", f"SUMIFS({adv.external('objective')},{by_band})")
    band.fill("attainment", f"{_c(band, 'premium')}/{_c(band, 'objective')}")

    # Funnel: a lead at stage k has reached every stage before it; a lost lead (perdu)
    # has reached contacté.
    for suffix, target in (("", None), ("_b2c", "particulier"), ("_b2b", "professionnel")):
        who = "" if target is None else f',L_cible,"{target}"'
        j = fun.fields.index("reached" + suffix)
        rate = fun.fields.index("rate" + suffix)
        for i in range(1, len(_STAGES) + 1):
            later = list(_STAGES[i - 1:]) + (["perdu"] if i <= 3 else [])
            counts = "+".join(f'COUNTIFS(L_statut,"{s}"{who})' for s in later)
            fun.sheet.write_formula(i, j, "=" + counts)
            if i > 1:
                fun.sheet.write_formula(i, rate, f"={_col(j)}{i + 1}/{_col(j)}{i}")

    _per_group(chan, "canal", cells)
    book.close()
    return out


def _c(block: _Block, key: str) -> str:
    """The cell of ``key`` on the current row of a block formula."""
    return f"{_col(block.fields.index(key))}{{r}}"


def write_native(rows: int, out: Path | str, seed: int = 2025) -> Path:
    """The native dashboard of ``xlsales demo-data --rows ROWS --seed SEED``."""
    return build_native(demo_data(rows, seed), out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    print(write_native(args.rows, args.out, args.seed))


if __name__ == "__main__":
    main()
