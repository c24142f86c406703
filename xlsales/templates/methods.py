"""Prospection-method comparison workbook (seed 003, resource 1).

One row per method (phoning, salon, emailing, publipostage, boîtage, réseaux sociaux;
editable, with blank rows to add more), its cost lines on a sheet of their own (a method
may cost several things, each with its periodicity and the agency's share when several
agencies share it), and per method: cost per prospect, conversion on listed and on
qualified prospects, CAC, revenue per client, ROI and rank. A method with no client
reads "aucun client", one whose prospects are not known "n.c.".

Defined names: the period (``Periode_Debut``, ``Periode_Fin``, ``Duree_Mois``...),
``Methodes`` (the method names), ``Cout_Total``, ``Clients_Total``, ``CA_Total``,
``CAC_Global``, ``ROI_Global``, and per method row n (1-based) ``Cout_Methode<n>``,
``CAC_Methode<n>``, ``ROI_Methode<n>``.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from ..spec import SpecModel, refuse_clashes
from . import styling
from . import twins as fx
from ._blocks import (
    cost_line,
    refuse_repeated_names,
    write_period,
    write_periodicities,
    write_weeks_per_month,
)
from ._book import Book, cell, span
from ._spec_types import Amount, CostLine, Count, Period, Rate, Text

__all__ = ["COLUMNS", "MethodCost", "Method", "MethodsSpec", "build"]

#: Columns of the methods table, in order.
COLUMNS = (
    "method", "prospects", "qualification", "qualified", "clients", "revenue",
    "revenue_share", "agency_revenue", "cost", "cost_per_prospect", "conversion",
    "conversion_qualified", "cac", "revenue_per_client", "roi", "rank",
)
INPUTS = {"method", "prospects", "qualification", "clients", "revenue", "revenue_share"}
MIN_METHOD_ROWS = 12
MIN_COST_ROWS = 24


class MethodCost(CostLine):
    """A cost line of a method; ``share`` is the agency's part of a shared cost."""

    share: Rate = 1


class Method(SpecModel):
    """A prospection method and what it brought over the period."""

    name: Text
    costs: list[MethodCost] = []
    prospects: Count | None = None
    qualification: Rate | None = None
    clients: Count | None = None
    revenue: Amount | None = None
    revenue_share: Rate = 1


class MethodsSpec(SpecModel):
    """The inputs of a methods workbook."""

    study: Period
    weeks_per_month: float = Field(default=4, gt=0, le=5)
    methods: list[Method] = Field(min_length=1, max_length=60)

    @model_validator(mode="after")
    def _unique_names(self) -> MethodsSpec:
        # The costs sheet is summed per method by SUMIF, which ignores case.
        refuse_clashes([m.name for m in self.methods], ("methods",), "name")
        return self


def build(path: Path | str, spec: MethodsSpec | None = None, lang: str = "fr") -> Path:
    """Write the methods workbook to ``path`` (a blank template when ``spec`` is None)."""
    book = Book(path, "methods", lang)
    for key in ("settings", "costs", "methods", "chart"):
        book.add_sheet(key)
    methods = list(spec.methods) if spec else [
        Method(name=name) for name in book.labels("methods.default_methods")]
    rows = max(MIN_METHOD_ROWS, len(methods) + 6)
    _settings(book, spec)
    first = _methods(book, methods, rows)
    _costs(book, methods)
    _charts(book, first, len(methods))
    book.wb.worksheets()[0].activate()
    return book.close()




def _settings(book: Book, spec: MethodsSpec | None) -> None:
    sheet, f, key = book.sheets["settings"], book.fmt, "settings"
    book.title_sheet(key, {0: 36, 1: 30}, None)
    study = spec.study if spec else None
    sheet.write_string(3, 0, book.t("settings.study"), f.section)
    for row, (label, name, value) in enumerate(
            (("name", "Etude_Titre", study.name if study else None),
             ("agency", "Etude_Agence", study.agency if study else None)), start=4):
        sheet.write_string(row, 0, book.t(f"settings.{label}"), f.label)
        styling.write_input(sheet, row, 1, value, f.input_text())
        book.name(name, key, row, 1)
    row = write_period(book, key, 6, study.start if study else None,
                       study.end if study else None, labels="settings")
    sheet.write_string(row + 2, 0, book.t("settings.conventions"), f.section)
    write_weeks_per_month(book, key, row + 3, spec.weeks_per_month if spec else 4,
                          book.t("settings.weeks_per_month"))
    write_periodicities(book, key, row + 5, book.t("settings.periodicities"),
                        (book.t("settings.periodicity"), book.t("settings.occurrences")))


def _methods(book: Book, methods: list[Method], rows: int) -> int:
    """The methods table; returns its first data row."""
    sheet, f, key = book.sheets["methods"], book.fmt, "methods"
    book.title_sheet(key, {0: 22, **{c: 14 for c in range(1, len(COLUMNS))}}, (5, 1))
    header, first = 4, 5
    sheet.set_row(header, 45)
    for col, name in enumerate(COLUMNS):
        sheet.write_string(header, col, book.t(f"methods.{name}"), f.header)
    col_of = {name: index for index, name in enumerate(COLUMNS)}
    last = first + rows - 1
    no_client, unknown = book.t("methods.no_client"), book.t("methods.unknown")
    for index in range(rows):
        row = first + index
        method = methods[index] if index < len(methods) else None
        at = {name: cell(row, col) for name, col in col_of.items()}
        values = {
            "method": method.name if method else None,
            "prospects": method.prospects if method else None,
            "qualification": method.qualification if method else None,
            "clients": method.clients if method else None,
            "revenue": method.revenue if method else None,
            "revenue_share": method.revenue_share if method else None,
        }
        styles = {"method": f.input_text(), "prospects": f.input_number(),
                  "qualification": f.input_percent(), "clients": f.input_number(),
                  "revenue": f.input_euro(), "revenue_share": f.input_percent()}
        for name, value in values.items():
            styling.write_input(sheet, row, col_of[name], value, styles[name])
        name_cell = at["method"]

        def known(ref: str, expr: str, name_cell: str = name_cell) -> str:
            # Prospects "non communiqués" (NC in the resource) give "n.c.", not a blank.
            return f'IF({name_cell}="","",IF({ref}="",{fx.quote(unknown)},{expr}))'

        formulas = {
            "qualified": fx.blank_unless([at["prospects"], at["qualification"]],
                                         f"{at['prospects']}*{at['qualification']}"),
            "agency_revenue": fx.blank_unless(
                [at["revenue"]], f'{at["revenue"]}*IF({at["revenue_share"]}="",1,'
                                 f'{at["revenue_share"]})'),
            "cost": fx.blank_unless(
                [name_cell], f"SUMIF(Couts_Methodes,{fx.criterion(name_cell)},Couts_Montants)"),
            "cost_per_prospect": known(at["prospects"], fx.ratio(at["cost"], at["prospects"])),
            "conversion": known(at["prospects"], fx.ratio(at["clients"], at["prospects"])),
            "conversion_qualified": known(at["qualified"],
                                          fx.ratio(at["clients"], at["qualified"])),
            "cac": fx.ratio(at["cost"], at["clients"], no_client),
            "revenue_per_client": fx.ratio(at["agency_revenue"], at["clients"], no_client),
            "roi": fx.roi(at["agency_revenue"], at["cost"]),
            "rank": f'IF(ISNUMBER({at["roi"]}),RANK({at["roi"]},'
                    f'{span(first, col_of["roi"], last, col_of["roi"], absolute=True)},0),"")',
        }
        styles = {"qualified": f.number, "agency_revenue": f.euro, "cost": f.euro,
                  "cost_per_prospect": f.euro, "conversion": f.percent,
                  "conversion_qualified": f.percent, "cac": f.euro,
                  "revenue_per_client": f.euro, "roi": f.percent, "rank": f.number}
        for name, formula in formulas.items():
            sheet.write_formula(row, col_of[name], "=" + formula, styles[name])
        number = index + 1
        for name, stem in (("cost", "Cout"), ("cac", "CAC"), ("roi", "ROI")):
            book.name(f"{stem}_Methode{number}", key, row, col_of[name])
    validations = {
        "prospects": {"validate": "integer", "criteria": ">=", "value": 0},
        "clients": {"validate": "integer", "criteria": ">=", "value": 0},
        "revenue": {"validate": "decimal", "criteria": ">=", "value": 0},
        "qualification": {"validate": "decimal", "criteria": "between", "minimum": 0,
                          "maximum": 1},
        "revenue_share": {"validate": "decimal", "criteria": "between", "minimum": 0,
                          "maximum": 1},
    }
    for name, rule in validations.items():
        sheet.data_validation(first, col_of[name], last, col_of[name], rule)
    refuse_repeated_names(book, key, first, col_of["method"], last)
    book.name_range("Methodes", key, first, 0, last, 0)
    _total_row(book, first, last, col_of)
    return first


def _total_row(book: Book, first: int, last: int, col_of: dict[str, int]) -> None:
    sheet, f, key = book.sheets["methods"], book.fmt, "methods"
    row = last + 1
    sheet.write_string(row, 0, book.t("methods.total"), f.total_label)
    for col in range(1, len(COLUMNS)):
        sheet.write_blank(row, col, None, f.total_label)
    sums = {}
    for name, stem in (("clients", "Clients_Total"), ("agency_revenue", "CA_Total"),
                       ("cost", "Cout_Total")):
        col = col_of[name]
        cells = span(first, col, last, col)
        fmt = f.total_number if name == "clients" else f.total_euro
        sheet.write_formula(row, col, f'=IF(COUNT({cells})=0,"",SUM({cells}))', fmt)
        book.name(stem, key, row, col)
        sums[name] = cell(row, col)
    no_client = book.t("methods.no_client")
    sheet.write_formula(row, col_of["cac"], "=" + fx.ratio(sums["cost"], sums["clients"],
                                                           no_client), f.total_euro)
    book.name("CAC_Global", key, row, col_of["cac"])
    sheet.write_formula(row, col_of["revenue_per_client"], "=" + fx.ratio(
        sums["agency_revenue"], sums["clients"], no_client), f.total_euro)
    sheet.write_formula(row, col_of["roi"], "=" + fx.roi(sums["agency_revenue"], sums["cost"]),
                        f.total_percent)
    book.name("ROI_Global", key, row, col_of["roi"])


def _costs(book: Book, methods: list[Method]) -> None:
    sheet, f, key = book.sheets["costs"], book.fmt, "costs"
    columns = ("method", "label", "amount", "periodicity", "quantity", "share", "period_cost")
    book.title_sheet(key, {0: 22, 1: 44, 2: 13, 3: 26, 4: 11, 5: 14, 6: 18}, (5, 0))
    header, first = 4, 5
    sheet.set_row(header, 30)
    for col, name in enumerate(columns):
        sheet.write_string(header, col, book.t(f"costs.{name}"), f.header)
    lines = [(m.name, c) for m in methods for c in m.costs]
    rows = max(MIN_COST_ROWS, len(lines) + 8)
    labels = book.common("periodicity")
    styles = (f.input_text(), f.input_text(), f.input_euro(), f.input_text(),
              f.input_decimal(), f.input_percent())
    for index in range(rows):
        row = first + index
        method, line = lines[index] if index < len(lines) else (None, None)
        values = (method, line.label if line else None, line.amount if line else None,
                  labels[line.periodicity] if line else None, line.quantity if line else None,
                  line.share if line else None)
        for col, (value, style) in enumerate(zip(values, styles, strict=True)):
            styling.write_input(sheet, row, col, value, style)
        formula = cost_line(cell(row, 2), cell(row, 3), cell(row, 4), share=cell(row, 5))
        sheet.write_formula(row, 6, "=" + formula, f.euro)
    last = first + rows - 1
    sheet.data_validation(first, 0, last, 0, {"validate": "list", "source": "=Methodes"})
    sheet.data_validation(first, 2, last, 2, {"validate": "decimal", "criteria": ">=",
                                              "value": 0})
    sheet.data_validation(first, 3, last, 3, {"validate": "list",
                                              "source": "=Periodicites_Libelles"})
    sheet.data_validation(first, 4, last, 4, {"validate": "decimal", "criteria": ">=",
                                              "value": 0})
    sheet.data_validation(first, 5, last, 5, {"validate": "decimal", "criteria": "between",
                                              "minimum": 0, "maximum": 1})
    book.name_range("Couts_Methodes", key, first, 0, last, 0)
    book.name_range("Couts_Montants", key, first, 6, last, 6)
    total = last + 1
    sheet.write_string(total, 0, book.t("costs.total"), f.total_label)
    for col in range(1, 6):
        sheet.write_blank(total, col, None, f.total_label)
    sheet.write_formula(total, 6, f"=SUM({span(first, 6, last, 6)})", f.total_euro)


def _charts(book: Book, first: int, count: int) -> None:
    sheet, key = book.sheets["chart"], "chart"
    book.title_sheet(key, {0: 12}, None)
    last = first + max(count, 1) - 1
    col_of = {name: index for index, name in enumerate(COLUMNS)}
    categories = "=" + book.range_ref("methods", first, 0, last, 0)
    for index, (name, num_format) in enumerate((("cac", '#,##0 "€"'), ("roi", "0%"),
                                               ("conversion", "0.0%"))):
        chart = book.wb.add_chart({"type": "bar"})
        chart.add_series({
            "name": book.t(f"methods.{name}"),
            "categories": categories,
            "values": "=" + book.range_ref("methods", first, col_of[name], last, col_of[name]),
            "data_labels": {"value": True, "num_format": num_format},
        })
        chart.set_title({"name": book.t(f"chart.{name}"), "name_font": {"size": 11}})
        chart.set_legend({"none": True})
        chart.set_x_axis({"num_format": num_format})
        # Method names beside the lowest value, clear of the bars when an ROI is negative.
        chart.set_y_axis({"reverse": True, "label_position": "low"})
        chart.set_size({"width": 470, "height": 290})
        sheet.insert_chart(3 + 16 * (index // 2), 8 * (index % 2), chart)
