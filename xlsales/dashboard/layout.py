"""The dashboard's layout, declared once: what the generator lays out and what a
refresh owns.

A refresh owns exactly:

- the **blocks**: each is an Excel table (``Tbl_...``) on a dashboard sheet; the
  refresh owns its data rows and, for a block with a total, the row just below the
  table — in the table's columns, from the first data row down. Cells beside the table
  (other columns) and above it are the user's;
- the **figures**: single cells with a workbook-level defined name (``Leads_Total``...);
- with ``--data`` (headless only), the data rows of the data tables (Leads, Objectifs,
  Équipe), whole rows from the first data row down.

References over exactly whole columns of those tables follow them when they grow or
shrink, as Excel moves them (the headless refresh rewrites them, :mod:`xlsales.ooxml.follow`):
chart series (with their cached values), defined names, conditional formats and
sparklines, the print area and filter range, pivot caches (marked to refresh on open).
A filter on a block is cleared; see docs/dashboard.md, "What a refresh owns".

Everything else — other sheets, cells, styles, comments, images, charts, names,
properties — is the user's and is copied as it is. Blocks, figures and settings are
found by their table and defined names, so renaming or moving a sheet does no harm.
"""

from __future__ import annotations

from dataclasses import dataclass

from .columns import ADVISORS, LEADS, OBJECTIVES, Schema
from .settings import SETTING_NAMES

__all__ = [
    "Field",
    "Block",
    "Figure",
    "Setting",
    "DataTable",
    "Series",
    "Chart",
    "SHEETS",
    "BLOCKS",
    "FIGURES",
    "SETTINGS",
    "DATA_TABLES",
    "MAPPING_TABLE",
    "CHARTS",
    "HEADER_ROW",
    "FIGURES_ROW",
    "block",
    "owned_names",
]

#: Row (0-based) of the blocks' header on a dashboard sheet; the data starts below.
HEADER_ROW = 3
#: Row (0-based) of the first headline figure on the overview sheet.
FIGURES_ROW = 4


@dataclass(frozen=True)
class Field:
    """A column of a block: the analysis field it shows, its header (a key of
    ``dashboard.column``), its cell style (a :class:`~xlsales.templates.styling.Formats` name:
    ``text``, ``number``, ``euro_round``, ``percent``, ``month``, ``decimal``) and
    width."""

    key: str
    label: str
    style: str = "number"
    width: float = 12.0


@dataclass(frozen=True)
class Block:
    """An analysis table: on sheet ``sheet`` (a key of ``dashboard.sheet``), the
    Excel table ``table`` at column ``column`` of :data:`HEADER_ROW`, a total row below
    it or not, and the fields coloured by attainment."""

    key: str
    sheet: str
    table: str
    fields: tuple[Field, ...]
    total: bool = True
    column: int = 0
    attainment: tuple[str, ...] = ()

    @property
    def width(self) -> int:
        return len(self.fields)

    def index(self, key: str) -> int:
        """Position of field ``key`` in the block."""
        return [f.key for f in self.fields].index(key)


@dataclass(frozen=True)
class Figure:
    """A headline figure: its analysis key, defined name, label and style."""

    key: str
    name: str
    label: str
    style: str


@dataclass(frozen=True)
class Setting:
    """An input of the Paramètres sheet: its key (see :mod:`.settings`), style and
    default value."""

    key: str
    style: str
    default: object

    @property
    def name(self) -> str:
        return SETTING_NAMES[self.key]


@dataclass(frozen=True)
class DataTable:
    """A data sheet: its sheet key, Excel table name and input schema."""

    key: str
    sheet: str
    table: str
    schema: Schema


@dataclass(frozen=True)
class Series:
    """A chart series: the block field it plots (values), and its style options."""

    field: str
    kind: str = ""  # a second chart type to combine ("line"), or "" for the chart's
    secondary: bool = False


@dataclass(frozen=True)
class Chart:
    """A native chart over a block: type, categories (or x values) field, series."""

    key: str
    block: str
    kind: str
    categories: str
    series: tuple[Series, ...]
    subtype: str = ""
    row_offset: int = 0


_TEXT = "text"

SHEETS = ("overview", "advisors", "products", "regions", "months", "seniority", "funnel",
          "channels", "yoy", "checks", "settings", "leads", "objectives", "team")

BLOCKS: tuple[Block, ...] = (
    Block("advisors", "advisors", "Tbl_Conseillers", (
        Field("group", "advisor", _TEXT, 22),
        Field("region", "region", _TEXT, 20),
        Field("band", "band", _TEXT, 11),
        Field("leads", "leads", "number", 9),
        Field("clients", "clients", "number", 9),
        Field("contracts", "contracts", "number", 9),
        Field("conversion", "conversion", "percent", 14),
        Field("premium", "premium", "euro_round", 13),
        Field("premium_per_lead", "premium_per_lead", "euro_round", 11),
        Field("share", "share", "percent", 9),
        Field("cumulative_share", "cumulative_share", "percent", 11),
        Field("objective", "objective", "euro_round", 13),
        Field("attainment", "attainment", "percent", 11),
        Field("segment", "segment", _TEXT, 18),
    ), attainment=("attainment",)),
    Block("products", "products", "Tbl_Produits", (
        Field("group", "product", _TEXT, 24),
        Field("leads", "leads", "number", 9),
        Field("clients", "clients", "number", 9),
        Field("contracts", "contracts", "number", 10),
        Field("premium", "premium", "euro_round", 13),
        Field("share", "share", "percent", 9),
        Field("premium_per_contract", "premium_per_contract", "euro_round", 14),
        Field("quadrant", "quadrant", _TEXT, 18),
    )),
    Block("regions", "regions", "Tbl_Regions", (
        Field("group", "region", _TEXT, 24),
        Field("leads", "leads", "number", 9),
        Field("clients", "clients", "number", 9),
        Field("conversion", "conversion", "percent", 14),
        Field("gap_to_network", "gap_to_network", "percent", 11),
        Field("contracts", "contracts", "number", 10),
        Field("premium", "premium", "euro_round", 13),
        Field("untapped", "untapped", "euro_round", 14),
        Field("objective", "objective", "euro_round", 13),
        Field("attainment", "attainment", "percent", 11),
    ), attainment=("attainment",)),
    Block("months", "months", "Tbl_Mois", (
        Field("group", "month", "month", 11),
        Field("leads", "leads", "number", 9),
        Field("clients", "clients", "number", 9),
        Field("premium", "premium", "euro_round", 13),
        Field("growth", "growth", "percent", 11),
        Field("objective", "objective", "euro_round", 13),
        Field("attainment", "attainment", "percent", 11),
        Field("gap", "gap", "euro_round", 13),
        Field("status", "status", _TEXT, 9),
    ), attainment=("attainment",)),
    Block("seniority", "seniority", "Tbl_Anciennete", (
        Field("group", "band", _TEXT, 14),
        Field("advisors", "advisors", "number", 11),
        Field("leads", "leads", "number", 9),
        Field("clients", "clients", "number", 9),
        Field("conversion", "conversion", "percent", 14),
        Field("premium", "premium", "euro_round", 13),
        Field("objective", "objective", "euro_round", 13),
        Field("attainment", "attainment", "percent", 11),
    ), attainment=("attainment",)),
    Block("funnel", "funnel", "Tbl_Entonnoir", (
        Field("group", "stage", _TEXT, 12),
        Field("reached", "reached", "number", 10),
        Field("rate", "rate", "percent", 9),
        Field("reached_b2c", "reached_b2c", "number", 12),
        Field("rate_b2c", "rate_b2c", "percent", 12),
        Field("reached_b2b", "reached_b2b", "number", 13),
        Field("rate_b2b", "rate_b2b", "percent", 13),
    ), total=False),
    Block("channels", "channels", "Tbl_Canaux", (
        Field("group", "channel", _TEXT, 18),
        Field("leads", "leads", "number", 9),
        Field("clients", "clients", "number", 9),
        Field("conversion", "conversion", "percent", 14),
        Field("premium", "premium", "euro_round", 13),
        Field("premium_per_lead", "premium_per_lead", "euro_round", 11),
        Field("share", "share", "percent", 9),
    )),
    Block("checks", "checks", "Tbl_Controles", (
        Field("file", "file", _TEXT, 18),
        Field("sheet", "sheet", _TEXT, 12),
        Field("row", "row", "number", 8),
        Field("column", "column", _TEXT, 18),
        Field("value", "value", _TEXT, 16),
        Field("problem", "problem", _TEXT, 60),
        Field("action", "action", _TEXT, 18),
    ), total=False),
    # Year on year (N−1), three tables side by side on one sheet (year_on_year).
    Block("yoy_months", "yoy", "Tbl_N1_Mois", (
        Field("group", "month", "month", 11),
        Field("premium", "premium", "euro_round", 13),
        Field("premium_prev", "premium_prev", "euro_round", 13),
        Field("yoy", "yoy", "percent", 11),
    )),
    Block("yoy_advisors", "yoy", "Tbl_N1_Conseillers", (
        Field("group", "advisor", _TEXT, 22),
        Field("premium", "premium", "euro_round", 13),
        Field("premium_prev", "premium_prev", "euro_round", 13),
        Field("yoy", "yoy", "percent", 11),
    ), column=5),
    Block("yoy_products", "yoy", "Tbl_N1_Produits", (
        Field("group", "product", _TEXT, 24),
        Field("premium", "premium", "euro_round", 13),
        Field("premium_prev", "premium_prev", "euro_round", 13),
        Field("yoy", "yoy", "percent", 11),
    ), column=10),
)

FIGURES: tuple[Figure, ...] = (
    Figure("leads_total", "Leads_Total", "leads_total", "number"),
    Figure("clients_total", "Clients_Total", "clients_total", "number"),
    Figure("conversion", "Taux_Conversion", "conversion", "percent"),
    Figure("premium_total", "Prime_Totale", "premium_total", "euro_round"),
    Figure("premium_per_lead", "Prime_Par_Lead", "premium_per_lead", "euro"),
    Figure("attainment", "Taux_Atteinte", "attainment", "percent"),
    Figure("top20", "Part_Top20_Conseillers", "top20", "percent"),
    Figure("gini", "Gini_Conseillers", "gini", "decimal"),
    Figure("contracts_total", "Contrats_Total", "contracts_total", "number"),
    Figure("objective_total", "Objectif_Prime_Total", "objective_total", "euro_round"),
    Figure("volatility", "Volatilite_Mensuelle", "volatility", "percent"),
    Figure("months_below", "Mois_Sous_Seuil", "months_below", "number"),
    Figure("set_aside", "Lignes_Ecartees", "set_aside", "number"),
    Figure("period_start", "Analyse_Debut", "period_start", "date"),
    Figure("period_end", "Analyse_Fin", "period_end", "date"),
)

SETTINGS: tuple[Setting, ...] = (
    Setting("lang", "text", None),  # filled with the workbook's language
    Setting("amber", "input_percent", 0.9),
    Setting("band_1", "input_decimal", 1),
    Setting("band_2", "input_decimal", 3),
    Setting("period_start", "input_date", None),
    Setting("period_end", "input_date", None),
    Setting("policy", "input_text", None),  # filled with "arrêter" / "stop"
    Setting("scope_region", "input_text", None),
    Setting("scope_advisor", "input_text", None),
)

#: The table mapping the CRM's own labels to the dashboard's (``Correspondances``).
MAPPING_TABLE = "Correspondances"

DATA_TABLES: tuple[DataTable, ...] = (
    DataTable("leads", "leads", "Leads", LEADS),
    DataTable("objectives", "objectives", "Objectifs", OBJECTIVES),
    DataTable("advisors", "team", "Equipe", ADVISORS),
)

CHARTS: tuple[Chart, ...] = (
    Chart("pareto", "advisors", "column", "group",
          (Series("premium"), Series("cumulative_share", "line", secondary=True))),
    Chart("scatter", "advisors", "scatter", "leads", (Series("premium"),), row_offset=18),
    Chart("months", "months", "column", "group",
          (Series("premium"), Series("objective", "line"))),
    Chart("funnel", "funnel", "bar", "group", (Series("reached_b2c"), Series("reached_b2b"))),
    Chart("regions", "regions", "column", "group", (Series("conversion"),)),
)


def block(key: str) -> Block:
    """The block of analysis ``key``."""
    for candidate in BLOCKS:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def owned_names() -> tuple[str, ...]:
    """Every defined or table name a refresh writes through.

    >>> "Tbl_Conseillers" in owned_names() and "Leads_Total" in owned_names()
    True
    """
    return tuple(b.table for b in BLOCKS) + tuple(f.name for f in FIGURES)
