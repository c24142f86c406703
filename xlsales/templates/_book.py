"""A generated workbook under construction: its sheets, labels, names and references.

Generators lay cells out with (row, column) coordinates, zero-based as XlsxWriter has
them; this class turns those into references other sheets and defined names can use,
and fetches every label from the template's locale file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..i18n import check_lang, section, text
from . import styling

__all__ = ["Book", "cell", "span"]


def cell(row: int, col: int, absolute: bool = False) -> str:
    """A1 reference of a zero-based (row, col).

    >>> cell(0, 0), cell(4, 1, absolute=True)
    ('A1', '$B$5')
    """
    return xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute)


def span(first_row: int, first_col: int, last_row: int, last_col: int,
         absolute: bool = False) -> str:
    """A1 reference of a range.

    >>> span(4, 4, 15, 4, absolute=True)
    '$E$5:$E$16'
    """
    return f"{cell(first_row, first_col, absolute)}:{cell(last_row, last_col, absolute)}"


class Book:
    """One workbook being generated from a template's locale namespace."""

    def __init__(self, path: Path | str, namespace: str, lang: str = "fr") -> None:
        self.lang = check_lang(lang)
        self.namespace = namespace
        self.path = Path(path)
        self.wb, self.fmt = styling.new_workbook(self.path, self.t("title"), self.lang)
        self.sheets: dict[str, Worksheet] = {}

    def t(self, key: str) -> str:
        """A label of the template (``campaign.costs.label`` is ``t("costs.label")``)."""
        return text(f"{self.namespace}.{key}", self.lang)

    def labels(self, key: str) -> Any:
        """A section of the template's labels (a mapping or a list)."""
        return section(f"{self.namespace}.{key}", self.lang)

    def common(self, key: str) -> Any:
        """A shared label (``periodicity``, ``column.*``...)."""
        return section(key, self.lang)

    def add_sheet(self, key: str) -> Worksheet:
        """Add the sheet named by the label ``sheet.<key>``."""
        sheet = self.wb.add_worksheet(self.t(f"sheet.{key}"))
        self.sheets[key] = sheet
        return sheet

    def title_sheet(self, key: str, widths: Mapping[int, float],
                    freeze: tuple[int, int] | None = None) -> Worksheet:
        """Give sheet ``key`` its title and input note, print set-up, column widths,
        frozen panes and protection (inputs stay editable); return it."""
        sheet = self.sheets[key]
        styling.setup_sheet(sheet, freeze=freeze, widths=widths)
        sheet.write_string(0, 0, f"{self.t('title')} — {self.sheet_name(key)}",
                           self.fmt.title)
        sheet.write_string(1, 0, self.t("input_note"), self.fmt.subtitle)
        styling.protect(sheet)
        return sheet

    def sheet_name(self, key: str) -> str:
        return self.t(f"sheet.{key}")

    def ref(self, key: str, row: int, col: int) -> str:
        """``'Sheet'!$A$1``: an absolute reference to a cell of another sheet."""
        return styling.absolute(self.sheet_name(key), row, col)

    def range_ref(self, key: str, first_row: int, first_col: int, last_row: int,
                  last_col: int) -> str:
        """``'Sheet'!$A$1:$B$9``."""
        return (f"{quote_sheetname(self.sheet_name(key))}!"
                f"{span(first_row, first_col, last_row, last_col, absolute=True)}")

    def name(self, name: str, key: str, row: int, col: int) -> str:
        """Define a workbook-level name on one cell; return the name."""
        self.wb.define_name(name, "=" + self.ref(key, row, col))
        return name

    def name_range(self, name: str, key: str, first_row: int, first_col: int, last_row: int,
                   last_col: int) -> str:
        """Define a workbook-level name on a range; return the name."""
        self.wb.define_name(
            name, "=" + self.range_ref(key, first_row, first_col, last_row, last_col))
        return name

    def helper(self, key: str, first_row: int, first_col: int, last_row: int,
               last_col: int) -> None:
        """Leave a helper range (a chart's data, a lookup list) out of the print area."""
        plan = self.wb.print_plan
        plan.helpers.setdefault(self.sheet_name(key), []).append(
            (first_row, first_col, last_row, last_col))

    def close(self) -> Path:
        self.wb.close()
        return self.path
