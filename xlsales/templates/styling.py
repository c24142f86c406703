"""Workbook craft shared by every generated workbook (XlsxWriter).

One place for the look and the guarantees of a workbook a manager e-mails: input cells
styled and unlocked, formulas locked (sheet protection without a password), euro and
percent formats, frozen headers, attainment colours,
deterministic document properties (so golden files compare), and text that is always
text (a label starting with ``=`` from a spec never becomes a formula).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from . import cached_values
from .page_setup import PrintPlan
from .twins import at_least

__all__ = [
    "CREATED",
    "COLOURS",
    "Formats",
    "new_workbook",
    "setup_sheet",
    "protect",
    "attainment_colours",
    "write_text",
    "write_input",
    "fit_row",
    "absolute",
]

#: Fixed creation date of generated workbooks: the same inputs give the same bytes.
CREATED = dt.datetime(2026, 1, 1, 0, 0, 0)

#: The palette, in one place.
COLOURS = {
    "brand": "#1F3864",
    "header_font": "#FFFFFF",
    "input": "#FFF2CC",
    "input_border": "#BF9000",
    "total": "#D9E1F2",
    "green": "#C6EFCE",
    "green_font": "#006100",
    "amber": "#FFEB9C",
    "amber_font": "#9C5700",
    "red": "#FFC7CE",
    "red_font": "#9C0006",
    "muted": "#595959",
}

EURO = '#,##0.00 "€";-#,##0.00 "€"'
EURO_ROUND = '#,##0 "€";-#,##0 "€"'
PERCENT = "0.0%"
NUMBER = "#,##0"
DECIMAL = "#,##0.00"
DATE = "dd/mm/yyyy"
MONTH = "mmm yyyy"
# Zero shows as nothing: a month an action does not run in stays visually empty.
EURO_SPARSE = '#,##0.00 "€";-#,##0.00 "€";""'


class Formats:
    """The formats of one workbook, created once (XlsxWriter formats belong to a book)."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        self._book = book
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}
        self.base = {"font_name": "Calibri", "font_size": 10, "valign": "vcenter"}
        self.title = self.get(bold=True, font_size=16, font_color=COLOURS["brand"])
        self.subtitle = self.get(italic=True, font_color=COLOURS["muted"])
        self.section = self.get(bold=True, font_size=12, font_color=COLOURS["brand"],
                                bottom=2, bottom_color=COLOURS["brand"])
        self.header = self.get(bold=True, font_color=COLOURS["header_font"],
                               bg_color=COLOURS["brand"], text_wrap=True, border=1,
                               align="center")
        self.label = self.get()
        self.label_bold = self.get(bold=True)
        self.note = self.get(italic=True, font_color=COLOURS["muted"], text_wrap=True)
        self.text = self.get(text_wrap=False)
        # Computed cells align right even when they show a text ("aucun client", "n.c.").
        self.number = self.get(num_format=NUMBER, align="right")
        self.decimal = self.get(num_format=DECIMAL, align="right")
        self.euro = self.get(num_format=EURO, align="right")
        self.euro_round = self.get(num_format=EURO_ROUND, align="right")
        self.percent = self.get(num_format=PERCENT, align="right")
        self.date = self.get(num_format=DATE, align="right")
        self.month = self.get(num_format=MONTH, align="right")
        self.euro_sparse = self.get(num_format=EURO_SPARSE, align="right")
        self.header_month = self.get(bold=True, font_color=COLOURS["header_font"],
                                     bg_color=COLOURS["brand"], border=1, align="center",
                                     num_format=MONTH)
        self.wrap = self.get(text_wrap=True, valign="top")
        self.total_label = self.get(bold=True, bg_color=COLOURS["total"], top=1)
        self.total_number = self.get(bold=True, bg_color=COLOURS["total"], top=1,
                                     num_format=NUMBER)
        self.total_euro = self.get(bold=True, bg_color=COLOURS["total"], top=1,
                                   num_format=EURO)
        self.total_percent = self.get(bold=True, bg_color=COLOURS["total"], top=1,
                                      num_format=PERCENT)
        self.total_euro_round = self.get(bold=True, bg_color=COLOURS["total"], top=1,
                                         num_format=EURO_ROUND)
        self.total_decimal = self.get(bold=True, bg_color=COLOURS["total"], top=1,
                                      num_format=DECIMAL)
        self.green = self._book.add_format({"bg_color": COLOURS["green"],
                                            "font_color": COLOURS["green_font"]})
        self.amber = self._book.add_format({"bg_color": COLOURS["amber"],
                                            "font_color": COLOURS["amber_font"]})
        self.red = self._book.add_format({"bg_color": COLOURS["red"],
                                          "font_color": COLOURS["red_font"]})

    def total(self, style: str) -> Format:
        """The total-row twin of a data style (``number`` → ``total_number``); text
        and months get the total label style."""
        return getattr(self, f"total_{style}", self.total_label)

    def get(self, **props: Any) -> Format:
        """A format with the base font and ``props``, shared between identical asks."""
        merged = {**self.base, **props}
        key = tuple(sorted(merged.items()))
        if key not in self._cache:
            self._cache[key] = self._book.add_format(merged)
        return self._cache[key]

    def input(self, num_format: str | None = None) -> Format:
        """An input cell: pale yellow, unlocked, with ``num_format``."""
        props: dict[str, Any] = {"bg_color": COLOURS["input"], "locked": False, "border": 1,
                                 "border_color": COLOURS["input_border"]}
        if num_format:
            props["num_format"] = num_format
        return self.get(**props)

    def input_text(self) -> Format:
        return self.input("@")

    def input_number(self) -> Format:
        return self.input(NUMBER)

    def input_decimal(self) -> Format:
        return self.input(DECIMAL)

    def input_euro(self) -> Format:
        return self.input(EURO)

    def input_percent(self) -> Format:
        return self.input(PERCENT)

    def input_date(self) -> Format:
        return self.input(DATE)

    def input_long_text(self) -> Format:
        """A text input that wraps (SWOT findings, objectives' 3 C, action details)."""
        return self.get(bg_color=COLOURS["input"], locked=False, border=1,
                        border_color=COLOURS["input_border"], num_format="@",
                        text_wrap=True, valign="top")


def new_workbook(path: Path | str, title: str, lang: str = "fr") -> tuple[
        xlsxwriter.Workbook, Formats]:
    """A workbook with deterministic properties and text-is-text defaults."""
    # cached_values.Workbook saves each formula with its value (not XlsxWriter's 0)
    # and gives each sheet its print set-up when it is closed.
    book = cached_values.Workbook(
        str(path),
        {
            # A string is a string: a label "=1+1" from a spec must not become a formula.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
        PrintPlan(title=title, lang=lang),
    )
    book.set_properties(
        {
            "title": title,
            "author": "xlsales",
            "company": "",
            "created": CREATED,
            "comments": "Généré par xlsales" if lang == "fr" else "Generated by xlsales",
        }
    )
    book.set_calc_mode("auto")
    return book, Formats(book)


def setup_sheet(
    sheet: Worksheet,
    *,
    freeze: tuple[int, int] | None = None,
    widths: Mapping[int, float] | None = None,
) -> None:
    """Frozen panes, column widths, no gridlines. The print set-up is chosen when the
    workbook is closed, from what the sheet holds (:mod:`.page_setup`)."""
    sheet.hide_gridlines(2)
    if freeze:
        sheet.freeze_panes(*freeze)
    for col, width in (widths or {}).items():
        sheet.set_column(col, col, width)


def protect(sheet: Worksheet) -> None:
    """Lock formulas, leave input cells editable; no password (a guard, not a lock)."""
    sheet.protect(
        "",
        {
            "format_cells": True,
            "format_columns": True,
            "format_rows": True,
            "insert_rows": False,
            "sort": True,
            "autofilter": True,
            "select_locked_cells": True,
            "select_unlocked_cells": True,
        },
    )


def attainment_colours(sheet: Worksheet, cells: str, formats: Formats, amber: str) -> None:
    """Green from 100 %, amber from the ``amber`` threshold (a cell), red below.

    Only numbers are coloured: a blank, or a text such as "objectif nul", stays
    uncoloured (Excel compares text as greater than any number, so a plain "cell >= 1"
    rule would paint it green), and the rules do not depend on an engine honouring
    "stop if true".
    """
    top_left = cells.split(":")[0].replace("$", "")
    number = f"ISNUMBER({top_left})"
    # Thresholds compared as the status formulas compare them (twins.at_least): 90 %
    # exactly is amber in the colour as in the word.
    green, amber_up = at_least(top_left, "1"), at_least(top_left, amber)
    for fmt, test in ((formats.green, green),
                      (formats.amber, f"{amber_up},NOT({green})"),
                      (formats.red, f"NOT({amber_up})")):
        sheet.conditional_format(cells, {"type": "formula", "criteria": f"=AND({number},{test})",
                                         "format": fmt})


def write_text(sheet: Worksheet, row: int, col: int, value: Any, fmt: Format | None = None
               ) -> None:
    """Write ``value`` as text whatever it starts with (``=``, ``+``, ``-``, ``@``)."""
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def write_input(sheet: Worksheet, row: int, col: int, value: Any, fmt: Format) -> None:
    """An input cell: a number, a date, text (always as text) or a styled blank."""
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, fmt)
    elif isinstance(value, (dt.date, dt.datetime)):
        sheet.write_datetime(row, col, value, fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def fit_row(sheet: Worksheet, row: int, texts: Iterable[tuple[Any, float]],
            line_height: float = 13.0) -> None:
    """Make ``row`` tall enough for its wrapped ``texts`` (each with its column width).

    Neither Excel nor LibreOffice grows a row for wrapped text when it opens a
    generated file, so the height is set here from an estimate: about one character
    of the 10-point font per unit of column width, lines broken between words.
    """
    lines = 1
    for value, width in texts:
        if isinstance(value, str) and value:
            per_line = max(1, int(width))
            count = sum(max(1, math.ceil(len(part) / per_line)) for part in value.split("\n"))
            lines = max(lines, count)
    if lines > 1:
        sheet.set_row(row, line_height * lines)


def absolute(sheet_name: str, row: int, col: int) -> str:
    """``'Sheet name'!$A$1`` for a defined name or a cross-sheet reference.

    >>> absolute("Mes notes", 0, 1), absolute("Synthèse", 4, 0)
    ("'Mes notes'!$B$1", 'Synthèse!$A$5')
    """
    return f"{quote_sheetname(sheet_name)}!{xl_rowcol_to_cell(row, col, True, True)}"
