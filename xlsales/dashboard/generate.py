"""``xlsales new dashboard``: the empty dashboard workbook, laid out from :mod:`.layout`.

Data sheets hold Excel tables to paste the CRM extract, the objectives and the advisors
into; Paramètres holds the thresholds, period, language and what to do with invalid
rows; each dashboard sheet holds a table (one styled prototype row, and the total row
below it) with its conditional formatting and native charts. A refresh fills them.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from xlsxwriter.chart import Chart as XlsxChart
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..i18n import check_lang, text
from ..templates import styling
from ..templates.findings import write_findings
from .crm_labels import default_rows, field_words
from .layout import (
    BLOCKS,
    CHARTS,
    DATA_TABLES,
    FIGURES,
    FIGURES_ROW,
    HEADER_ROW,
    MAPPING_TABLE,
    SETTINGS,
    SHEETS,
    Block,
    Chart,
    block,
)
from .settings import policy_labels

__all__ = ["CF_ROWS", "new_dashboard", "build", "sheet_name"]

#: Rows below a block's header that its attainment colours cover: the colours need no
#: update when the block grows, and blank cells stay uncoloured.
CF_ROWS = 2000

_DATA_STYLES = {"date": "date", "month": "date", "amount": "euro", "count": "number"}


def sheet_name(key: str, lang: str) -> str:
    """The name of sheet ``key`` in ``lang``.

    >>> sheet_name("settings", "fr"), sheet_name("settings", "en")
    ('Paramètres', 'Settings')
    """
    return text(f"dashboard.sheet.{key}", lang)


def _label(key: str, lang: str) -> str:
    return text(f"dashboard.{key}", lang)


def _title(sheet: Worksheet, formats: styling.Formats, section: str, lang: str) -> None:
    sheet.write_string(0, 0, _label(f"section.{section}", lang), formats.title)
    sheet.write_string(1, 0, _label(f"note.{section}", lang), formats.subtitle)
    sheet.set_row(0, 24)


def _block(book: xlsxwriter.Workbook, sheet: Worksheet, formats: styling.Formats,
           spec: Block, lang: str) -> None:
    first_col, last_col = spec.column, spec.column + spec.width - 1
    data_row = HEADER_ROW + 1
    columns = []
    for offset, field in enumerate(spec.fields):
        style = getattr(formats, field.style)
        columns.append({"header": _label(f"column.{field.label}", lang),
                        "header_format": formats.header, "format": style})
        sheet.set_column(first_col + offset, first_col + offset, field.width)
        # The styled prototype cells: a refresh gives new rows their styles.
        sheet.write_blank(data_row, first_col + offset, None, style)
        if spec.total:
            total = formats.total(field.style)
            if offset == 0:
                sheet.write_string(data_row + 1, first_col, _label("total", lang), total)
            else:
                sheet.write_blank(data_row + 1, first_col + offset, None, total)
    sheet.add_table(HEADER_ROW, first_col, data_row, last_col, {
        "name": spec.table, "columns": columns, "autofilter": False,
        "style": "Table Style Light 1",
    })
    sheet.set_row(HEADER_ROW, 30)
    for key in spec.attainment:
        col = first_col + spec.index(key)
        cells = f"{xl_rowcol_to_cell(data_row, col)}:{xl_rowcol_to_cell(HEADER_ROW + CF_ROWS, col)}"
        styling.attainment_colours(sheet, cells, formats, "Seuil_Orange")


def _range(sheet: str, spec: Block, field: str) -> str:
    col = spec.column + spec.index(field)
    row = HEADER_ROW + 1
    cell = xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
    return f"={quote_sheetname(sheet)}!{cell}:{cell}"


def _chart(book: xlsxwriter.Workbook, sheets: dict[str, Worksheet], spec: Chart,
           lang: str) -> None:
    table = block(spec.block)
    name = sheet_name(table.sheet, lang)
    options = {"type": spec.kind}
    if spec.kind == "scatter":
        options["subtype"] = "marker_only"
    chart = book.add_chart(options)
    secondary_chart: XlsxChart | None = None
    for series in spec.series:
        header_col = table.column + table.index(series.field)
        values: dict[str, object] = {
            "name": "=" + styling.absolute(name, HEADER_ROW, header_col),
            "categories": _range(name, table, spec.categories),
            "values": _range(name, table, series.field),
        }
        if series.kind:
            secondary_chart = secondary_chart or book.add_chart({"type": series.kind})
            values["y2_axis"] = series.secondary
            values["marker"] = {"type": "circle", "size": 5}
            secondary_chart.add_series(values)
        else:
            if spec.kind == "scatter":
                values["marker"] = {"type": "circle", "size": 6}
            chart.add_series(values)
    if secondary_chart is not None:
        chart.combine(secondary_chart)
        if any(s.secondary for s in spec.series):
            secondary_chart.set_y2_axis({"num_format": "0%", "min": 0, "max": 1})
    chart.set_title({"name": _label(f"chart.{spec.key}", lang),
                     "name_font": {"size": 12, "bold": True}})
    chart.set_legend({"position": "bottom"})
    _axes(chart, spec, lang)
    chart.set_size({"width": 620, "height": 330})
    col = table.column + table.width + 1
    sheets[table.sheet].insert_chart(HEADER_ROW + spec.row_offset, col, chart,
                                     {"x_offset": 10, "y_offset": 0})


def _axes(chart: XlsxChart, spec: Chart, lang: str) -> None:
    """Axis names and number formats, by kind of chart."""
    if spec.kind == "scatter":
        chart.set_x_axis({"name": _label("chart.axis_leads", lang)})
        chart.set_y_axis({"name": _label("chart.axis_premium", lang), "num_format": "#,##0"})
        chart.set_legend({"none": True})
    elif spec.kind == "bar":
        chart.set_y_axis({"reverse": True})
    elif spec.key == "regions":
        chart.set_y_axis({"num_format": "0%"})
    elif spec.key == "months":
        chart.set_x_axis({"num_format": styling.MONTH})
        chart.set_y_axis({"num_format": "#,##0"})
    if spec.key == "pareto":
        chart.set_y_axis({"num_format": "#,##0"})


def _overview(book: xlsxwriter.Workbook, sheet: Worksheet, formats: styling.Formats,
              lang: str) -> None:
    name = sheet_name("overview", lang)
    sheet.write_string(0, 0, _label("title", lang), formats.title)
    sheet.write_string(1, 0, _label("subtitle", lang), formats.subtitle)
    sheet.set_row(0, 24)
    sheet.write_string(FIGURES_ROW - 1, 0, _label("column.figure", lang), formats.header)
    sheet.write_string(FIGURES_ROW - 1, 1, _label("column.amount", lang), formats.header)
    for offset, figure in enumerate(FIGURES):
        row = FIGURES_ROW + offset
        sheet.write_string(row, 0, _label(f"figure.{figure.label}", lang), formats.label_bold)
        sheet.write_blank(row, 1, None, getattr(formats, figure.style))
        book.define_name(figure.name, "=" + styling.absolute(name, row, 1))
    note = FIGURES_ROW + len(FIGURES) + 1
    sheet.write_string(note, 0, _label("note.overview", lang), formats.note)
    # A wrapped note grows its row neither in Excel nor in LibreOffice: printed at the
    # default height, only its middle lines showed.
    styling.fit_row(sheet, note, [(_label("note.overview", lang), 42)])
    sheet.set_column(0, 0, 42)
    sheet.set_column(1, 1, 18)


def _settings(book: xlsxwriter.Workbook, sheet: Worksheet, formats: styling.Formats,
              lang: str) -> None:
    name = sheet_name("settings", lang)
    _title(sheet, formats, "settings", lang)
    stop, aside = policy_labels(lang)
    defaults = {"lang": lang, "policy": stop}
    for offset, setting in enumerate(SETTINGS):
        row = HEADER_ROW + offset
        sheet.write_string(row, 0, _label(f"settings.{setting.key}", lang), formats.label)
        style = getattr(formats, setting.style)
        style = style() if callable(style) else style
        value = defaults.get(setting.key, setting.default)
        styling.write_input(sheet, row, 1, value, style)
        book.define_name(setting.name, "=" + styling.absolute(name, row, 1))
        if setting.key == "amber":
            sheet.data_validation(row, 1, row, 1, {"validate": "decimal", "criteria": "between",
                                                   "minimum": 0, "maximum": 1})
        elif setting.key.startswith("band"):
            sheet.data_validation(row, 1, row, 1, {"validate": "decimal", "criteria": ">",
                                                   "value": 0})
        elif setting.key.startswith("period"):
            sheet.data_validation(row, 1, row, 1, {"validate": "date", "criteria": ">",
                                                   "value": styling.CREATED.replace(year=1990)})
        elif setting.key == "policy":
            sheet.data_validation(row, 1, row, 1, {"validate": "list", "source": [stop, aside]})
            sheet.write_string(row, 2, _label("settings.policy_help", lang), formats.note)
    sheet.set_column(0, 0, 44)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 2, 70)
    _label_map(sheet, formats, HEADER_ROW + len(SETTINGS) + 2, lang)


#: Rows of the CRM labels table in a new dashboard (Excel grows it as rows are typed
#: below it; LibreOffice through Data > Define range).
MAPPING_ROWS = 30


def _label_map(sheet: Worksheet, formats: styling.Formats, row: int, lang: str) -> None:
    """The table mapping the CRM's labels to the dashboard's (crm_labels)."""
    sheet.write_string(row, 0, _label("mapping.section", lang), formats.section)
    sheet.merge_range(row + 1, 0, row + 1, 2, _label("mapping.help", lang), formats.note)
    sheet.set_row(row + 1, 30)
    header = row + 2
    defaults = default_rows(lang)
    fields = list(field_words(lang).values())
    for offset in range(MAPPING_ROWS):
        values = defaults[offset] if offset < len(defaults) else (None, None, None)
        for col, value in enumerate(values):
            styling.write_input(sheet, header + 1 + offset, col, value, formats.input_text())
    last = header + MAPPING_ROWS
    columns = [{"header": _label(f"mapping.{key}", lang), "header_format": formats.header,
                "format": formats.input_text()} for key in ("label", "field", "value")]
    sheet.add_table(header, 0, last, 2, {"name": MAPPING_TABLE, "columns": columns,
                                         "style": "Table Style Light 9", "autofilter": False})
    sheet.data_validation(header + 1, 1, last, 1, {"validate": "list", "source": fields})


def _data_sheet(sheet: Worksheet, formats: styling.Formats, key: str, lang: str) -> None:
    spec = next(d for d in DATA_TABLES if d.key == key)
    columns = []
    for offset, column in enumerate(spec.schema.columns):
        style = getattr(formats, _DATA_STYLES.get(column.kind.value, "text"))
        columns.append({"header": column.header(lang), "header_format": formats.header,
                        "format": style})
        sheet.write_blank(1, offset, None, style)
        sheet.set_column(offset, offset, 16)
    sheet.add_table(0, 0, 1, len(columns) - 1, {"name": spec.table, "columns": columns,
                                                "style": "Table Style Light 9"})
    sheet.write_string(0, len(columns) + 1, _label("note.data", lang), formats.note)
    sheet.freeze_panes(1, 0)


def build(book: xlsxwriter.Workbook, formats: styling.Formats, lang: str = "fr") -> None:
    """Lay the dashboard out in ``book`` (an open XlsxWriter workbook).

    Separate from :func:`new_dashboard` so that a test can add its own sheets to the
    same book, as a user would.
    """
    check_lang(lang)
    sheets = {key: book.add_worksheet(sheet_name(key, lang)) for key in SHEETS}
    _overview(book, sheets["overview"], formats, lang)
    for spec in BLOCKS:
        sheet = sheets[spec.sheet]
        _title(sheet, formats, spec.sheet, lang)
        _block(book, sheet, formats, spec, lang)
        styling.setup_sheet(sheet, freeze=(HEADER_ROW + 1, 1))
    for chart in CHARTS:
        _chart(book, sheets, chart, lang)
    _settings(book, sheets["settings"], formats, lang)
    for key in ("leads", "objectives", "advisors"):
        sheet = sheets["team" if key == "advisors" else key]
        _data_sheet(sheet, formats, key, lang)
    styling.setup_sheet(sheets["overview"])
    styling.setup_sheet(sheets["settings"])
    write_findings(book, formats, "dashboard", lang, _label("title", lang))


def new_dashboard(path: Path | str, lang: str = "fr") -> Path:
    """Write an empty dashboard workbook at ``path`` (French by default)."""
    from xlsxwriter.exceptions import FileCreateError

    from ..ooxml.save import atomic_path, close_abandoned_zips

    path = Path(path)
    with atomic_path(path, lang=lang) as temporary:
        book, formats = styling.new_workbook(temporary, _label("title", lang), lang)
        build(book, formats, lang)
        try:
            book.close()
        except (FileCreateError, OSError) as error:  # a full disk, among others
            close_abandoned_zips(error)
            raise OSError(str(error)) from None
    return path
