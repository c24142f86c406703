"""The pipeline workbook's dashboards: the photo (funnel and scores per target), the
weighted forecast, the weekly activity, the recorded statuses and the film."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import core
from ..prospects.names import (
    FILM_NAMES,
    FILM_TABLES,
    SNAPSHOT_COLUMNS,
    SNAPSHOT_TABLE,
    status_label,
)
from . import styling
from . import twins as fx
from ._book import Book, cell, span

if TYPE_CHECKING:
    from .pipeline import PipelineSpec

__all__ = ["TARGETS", "ACTIVITIES", "list_rows", "write_funnel", "write_forecast",
           "write_activity", "write_snapshots", "write_film", "film_headers", "SNAPSHOT_COLUMNS",
           "SNAPSHOT_TABLE", "FILM_TABLES", "FILM_NAMES", "MONTHS"]

#: The two targets of seed 004 and the weekly activities an advisor reports.
TARGETS = ("B2C", "B2B")
ACTIVITIES = ("meetings", "interviews", "closings", "sales", "recommendations")
MONTHS = 12
#: The stage a lost prospect counts as having reached (seed 004).
_LOST_REACHES = core.STAGES.index("contacté")


def list_rows(values: list[str]) -> int:
    """Rows of an editable list in the settings (room to add a few)."""
    return max(len(values) + 8, 12)


def _reached(book: Book, stage: int, target: str | None) -> str:
    """Prospects that reached ``stage``: at it or further, and the lost ones for the
    stages up to contacté (core.reached)."""
    statuses = list(core.STAGES[stage:]) + ([core.LOST] if stage <= _LOST_REACHES else [])
    where = f'Prospects_Cible,"{target}",' if target else ""
    terms = [f"COUNTIFS({where}Prospects_Statut,{fx.quote(status_label(s, book.lang))})"
             for s in statuses]
    return "+".join(terms)


def write_funnel(book: Book) -> None:
    """The photo: reached per stage and stage rates per target, then volumes and potential
    per score class."""
    sheet, f, key = book.sheets["funnel"], book.fmt, "funnel"
    book.title_sheet(key, {0: 18, **{c: 13 for c in range(1, 7)}}, None)
    sheet.write_string(3, 0, book.t("funnel.title"), f.section)
    sheet.write_formula(3, 1, '=IF(Pipeline_Date="","",Pipeline_Date)', f.date)
    header = 5
    groups = [*TARGETS, None]
    sheet.write_string(header, 0, book.t("funnel.stage"), f.header)
    for g, target in enumerate(groups):
        col = 1 + 2 * g
        name = target or book.t("funnel.all")
        sheet.merge_range(header - 1, col, header - 1, col + 1, name, f.header)
        sheet.write_string(header, col, book.t("funnel.reached"), f.header)
        sheet.write_string(header, col + 1, book.t("funnel.rate"), f.header)
    sheet.set_row(header, 30)
    for k, stage in enumerate(core.STAGES):
        row = header + 1 + k
        sheet.write_string(row, 0, status_label(stage, book.lang), f.label_bold)
        for g, target in enumerate(groups):
            col = 1 + 2 * g
            sheet.write_formula(row, col, "=" + _reached(book, k, target), f.number)
            if k:
                sheet.write_formula(row, col + 1, "=" + fx.ratio(
                    cell(row, col), cell(row - 1, col)), f.percent)
    last = header + len(core.STAGES)
    book.name_range("Photo_Entonnoir", key, header + 1, 0, last, 6)
    chart = book.wb.add_chart({"type": "bar"})
    for g, target in enumerate(TARGETS):
        chart.add_series({"name": target,
                          "categories": "=" + book.range_ref(key, header + 1, 0, last, 0),
                          "values": "=" + book.range_ref(key, header + 1, 1 + 2 * g, last,
                                                         1 + 2 * g),
                          "data_labels": {"value": True}})
    chart.set_y_axis({"reverse": True})
    chart.set_title({"name": book.t("funnel.chart"), "name_font": {"size": 11}})
    chart.set_size({"width": 520, "height": 280})
    sheet.insert_chart(3, 8, chart)
    _scores(book, last + 3)


def _scores(book: Book, header: int) -> None:
    sheet, f, key = book.sheets["funnel"], book.fmt, "funnel"
    sheet.write_string(header - 2, 0, book.t("funnel.scores"), f.section)
    groups = [*TARGETS, None]
    sheet.write_string(header, 0, book.t("funnel.score"), f.header)
    for g, target in enumerate(groups):
        col = 1 + 2 * g
        sheet.merge_range(header - 1, col, header - 1, col + 1,
                          target or book.t("funnel.all"), f.header)
        sheet.write_string(header, col, book.t("funnel.count"), f.header)
        sheet.write_string(header, col + 1, book.t("funnel.potential"), f.header)
    labels = book.labels("scores")
    for k, score in enumerate(core.SCORE_LABELS):
        row = header + 1 + k
        sheet.write_string(row, 0, labels[score], f.label_bold)
        label = fx.quote(labels[score])
        for g, target in enumerate(groups):
            col = 1 + 2 * g
            where = f',Prospects_Cible,"{target}"' if target else ""
            sheet.write_formula(row, col, f"=COUNTIFS(Prospects_Score,{label}{where})",
                                f.number)
            sheet.write_formula(row, col + 1,
                                f"=SUMIFS(Prospects_Potentiel,Prospects_Score,{label}{where})",
                                f.euro)
    book.name_range("Photo_Scores", key, header + 1, 0, header + 4, 6)


def write_forecast(book: Book, spec: PipelineSpec | None) -> None:
    """The weighted forecast (Σ amount × prognosis) per owner, product and month."""

    sheet, key = book.sheets["forecast"], "forecast"
    book.title_sheet(key, {0: 26, 1: 16, 2: 16, 3: 3, 4: 26, 5: 16, 6: 16, 7: 3, 8: 12, 9: 16,
                      10: 16}, None)
    owners = list_rows(list(spec.owners) if spec else [])
    products = list_rows(list(spec.products) if spec else [])
    blocks = (("by_owner", "owner", "Responsables", "Offres_Responsable", owners, 0),
              ("by_product", "product", "Produits", "Offres_Produit", products, 4))
    for label, column, source, criteria, count, col in blocks:
        _forecast_block(book, label, column, count, col,
                        lambda k, src=source: f'INDEX({src},{k})&""', criteria)
    first = _forecast_block(book, "by_month", "month", MONTHS, 8,
                            lambda k: fx.blank_unless(["Premier_Mois"],
                                                      f"EDATE(Premier_Mois,{k - 1})"),
                            "Offres_Mois", month=True)
    chart = book.wb.add_chart({"type": "column"})
    chart.add_series({"name": book.t("forecast.weighted"),
                      "categories": "=" + book.range_ref(key, first, 8, first + MONTHS - 1, 8),
                      "values": "=" + book.range_ref(key, first, 10, first + MONTHS - 1, 10)})
    chart.set_title({"name": book.t("forecast.chart"), "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_format": "mmm yy"})
    chart.set_y_axis({"num_format": '#,##0 "€"'})
    chart.set_size({"width": 520, "height": 280})
    sheet.insert_chart(first + MONTHS + 3, 8, chart)


def _forecast_block(book: Book, label: str, column: str, count: int, col: int, key_formula,
                    criteria: str, month: bool = False) -> int:
    sheet, f = book.sheets["forecast"], book.fmt
    # Owners and products are matched literally ("Salon*" is not a wildcard); months
    # are dates.
    match = (lambda ref: ref) if month else fx.criterion
    sheet.write_string(3, col, book.t(f"forecast.{label}"), f.section)
    for c, name in enumerate((column, "amount", "weighted")):
        sheet.write_string(4, col + c, book.t(f"forecast.{name}"), f.header)
    first = 5
    date_format = book.fmt.get(num_format="mmm yyyy", align="left", bold=True)
    for k in range(1, count + 1):
        row = first + k - 1
        sheet.write_formula(row, col, "=" + key_formula(k), date_format if month else f.label_bold)
        group = cell(row, col)
        for c, values in ((1, "Offres_Montant"), (2, "Offres_Pondere")):
            sheet.write_formula(row, col + c, "=" + fx.blank_unless(
                [group], f"SUMIFS({values},{criteria},{match(group)})"), f.euro)
    total = first + count
    sheet.write_string(total, col, book.t("forecast.total"), f.total_label)
    for c in (1, 2):
        sheet.write_formula(total, col + c,
                            f"=SUM({span(first, col + c, total - 1, col + c)})", f.total_euro)
    return first


def write_activity(book: Book, spec: PipelineSpec | None) -> None:
    """Weekly activity against its objectives, and meetings per call."""
    sheet, f, key = book.sheets["activity"], book.fmt, "activity"
    counts = ("calls", *ACTIVITIES)
    book.title_sheet(key, {0: 12, **{c: 12 for c in range(1, 13)}}, (6, 1))
    header, objectives, first = 4, 5, 6
    sheet.set_row(header, 32)
    sheet.write_string(header, 0, book.t("activity.week"), f.header)
    for c, name in enumerate(counts, start=1):
        sheet.write_string(header, c, book.t(f"activity.{name}"), f.header)
    ratio_col = 1 + len(counts)
    sheet.write_string(header, ratio_col, book.t("activity.call_ratio"), f.header)
    for c, name in enumerate(ACTIVITIES, start=ratio_col + 1):
        sheet.write_string(header, c, f"{book.t('activity.attainment')} — "
                                      f"{book.t(f'activity.{name}')}", f.header)
    sheet.write_string(objectives, 0, book.t("activity.objective"), f.total_label)
    sheet.write_blank(objectives, 1, None, f.total_label)
    for c, name in enumerate(ACTIVITIES, start=2):
        sheet.write_formula(objectives, c, f"=Objectif_{name.capitalize()}", f.total_number)
    weeks = list(spec.activity) if spec else []
    count = len(weeks) + 20
    for index in range(count):
        row = first + index
        week = weeks[index] if index < len(weeks) else None
        styling.write_input(sheet, row, 0, week.week if week else None, f.input_date())
        for c, name in enumerate(counts, start=1):
            styling.write_input(sheet, row, c, getattr(week, name) if week else None,
                              f.input_number())
        sheet.write_formula(row, ratio_col, "=" + fx.ratio(cell(row, 2), cell(row, 1)),
                            f.percent)
        for c, _ in enumerate(ACTIVITIES, start=ratio_col + 1):
            done = cell(row, 2 + c - ratio_col - 1)
            objective = cell(objectives, 2 + c - ratio_col - 1, absolute=True)
            sheet.write_formula(row, c, "=" + fx.attainment(done, objective), f.percent)
    last = first + count - 1
    sheet.data_validation(first, 1, last, len(counts), {"validate": "integer",
                                                        "criteria": ">=", "value": 0})
    styling.attainment_colours(sheet, span(first, ratio_col + 1, last, ratio_col + 5), f, "0.9")


def write_snapshots(book: Book, spec: PipelineSpec | None) -> None:
    """The statuses recorded at dates, the table ``Tbl_Historique``: written by
    ``xlsales snapshot``, never edited (the sheet is protected)."""
    sheet, f, key = book.sheets["snapshots"], book.fmt, "snapshots"
    book.title_sheet(key, {0: 12, 1: 14, 2: 8, 3: 12, 4: 14}, (5, 0))
    sheet.write_string(2, 0, book.t("snapshots.note"), f.note)
    prospects = {p.id: p for p in spec.prospects} if spec else {}
    rows = []
    for snapshot in spec.snapshots if spec else []:
        for prospect_id, status in snapshot.statuses.items():
            prospect = prospects[prospect_id]
            rows.append((snapshot.date, prospect_id, prospect.target,
                         status_label(core.normalise_status(status), book.lang),
                         prospect.potential))
    styles = (f.date, f.label, f.label, f.label, f.euro)
    # One styled row at least: a snapshot gives the rows it appends these styles.
    for index, values in enumerate(rows or [(None,) * len(SNAPSHOT_COLUMNS)]):
        for c, (value, style) in enumerate(zip(values, styles, strict=True)):
            styling.write_input(sheet, 5 + index, c, value, style)
    last = 4 + max(len(rows), 1)
    sheet.add_table(4, 0, last, len(SNAPSHOT_COLUMNS) - 1, {
        "name": SNAPSHOT_TABLE, "autofilter": False, "style": "Table Style Light 1",
        "columns": [{"header": book.t(f"snapshots.{name}"), "header_format": f.header}
                    for name in SNAPSHOT_COLUMNS]})


def film_headers(book: Book, block: str) -> list[str]:
    """The column headers of a film table, in the workbook's language."""
    table = FILM_TABLES[block]
    if table[3] is not None:
        return [book.t(f"film.{name}") for name in table[3]]
    statuses = [book.labels("statuses")[s] for s in core.STATUSES]
    return [book.t("film.from_to"), *statuses, book.t("film.absent")]


def write_film(book: Book) -> None:
    """The film: two recorded dates compared. The tables are laid out empty (a styled
    prototype row) and computed by the refresh, from the recorded snapshots."""

    sheet, f, key = book.sheets["film"], book.fmt, "film"
    book.title_sheet(key, {0: 24, **{c: 13 for c in range(1, 9)}}, None)
    sheet.write_string(2, 0, book.t("film.note"), f.subtitle)
    for row, label in ((3, "date_1"), (4, "date_2")):
        sheet.write_string(row, 0, book.t(f"film.{label}"), f.label)
        styling.write_input(sheet, row, 1, None, f.input_date())
        book.name(FILM_NAMES[label], key, row, 1)
    sheet.write_string(3, 3, book.t("film.shown"), f.label)
    sheet.write_blank(3, 4, None, f.date)
    book.name(FILM_NAMES["shown"], key, 3, 4)
    sheet.write_string(3, 5, book.t("film.shown_to"), f.label)
    sheet.write_blank(3, 6, None, f.date)
    book.name(FILM_NAMES["shown_to"], key, 3, 6)
    sections = {"statuses": "statuses", "movements": "movements",
                "transitions": "transitions", "rates": "rates"}
    for block, (table, header, col, _, rows) in FILM_TABLES.items():
        headers = film_headers(book, block)
        sheet.write_string(header - 1, col, book.t(f"film.{sections[block]}"), f.section)
        formats = [f.label_bold] + [f.percent if block == "rates" else f.number] * (
            len(headers) - 1)
        for r in range(rows):
            for c, fmt in enumerate(formats):
                sheet.write_blank(header + 1 + r, col + c, None, fmt)
        if block == "statuses":  # the one film table with a total row below it
            sheet.write_string(header + 1 + rows, col, book.t("film.total"), f.total_label)
            for c in range(1, len(headers)):
                sheet.write_blank(header + 1 + rows, col + c, None, f.total_number)
        sheet.add_table(header, col, header + rows, col + len(headers) - 1, {
            "name": table, "autofilter": False, "style": "Table Style Light 1",
            "columns": [{"header": h, "header_format": f.header} for h in headers]})
    sheet.set_row(FILM_TABLES["statuses"][1], 30)
    chart = book.wb.add_chart({"type": "bar"})
    table, header, col, _, rows = FILM_TABLES["statuses"]
    for c in (1, 2):
        chart.add_series({
            "name": "=" + book.ref(key, header, col + c),
            "categories": "=" + book.range_ref(key, header + 1, col, header + rows, col),
            "values": "=" + book.range_ref(key, header + 1, col + c, header + rows, col + c)})
    chart.set_title({"name": book.t("film.chart"), "name_font": {"size": 11}})
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": 480, "height": 300})
    sheet.insert_chart(17, 0, chart)
