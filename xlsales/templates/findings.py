"""The "Constats et préconisations" sheet every report workbook ends with.

A workbook's figures call for a written analysis: what is found, why, what to do, and
the decision asked of the reader. The sheet gives that writing its place, with prompts
fitted to the workbook (a campaign is not read as a pipeline), input cells that wrap,
and the print set-up every sheet gets (:mod:`.page_setup`): A4, portrait.
"""

from __future__ import annotations

from typing import Any

from ..i18n import section, text
from . import styling

__all__ = ["KINDS", "RECOMMENDATION_ROWS", "write_findings"]

#: The workbooks that carry the sheet (keys of ``findings.prompts``).
KINDS = ("campaign", "methods", "pac", "objectives", "pipeline", "dashboard")
#: Rows of the recommendations table.
RECOMMENDATION_ROWS = 6
_COLUMNS = ("action", "finding", "owner", "due", "indicator")
# Narrow enough to print portrait at 100 % (page_setup chooses portrait when it fits).
_WIDTHS = {0: 24, 1: 17, 2: 11, 3: 9, 4: 10}


def _prompts(sheet: Any, formats: styling.Formats, row: int, prompts: list[str]) -> int:
    """Each prompt beside a wide input cell; returns the next free row."""
    answer = formats.input_long_text()
    for prompt in prompts:
        sheet.write_string(row, 0, prompt, formats.wrap)
        sheet.merge_range(row, 1, row, 4, None, answer)
        sheet.set_row(row, 50)
        row += 1
    return row + 1


def write_findings(wb: Any, formats: styling.Formats, kind: str, lang: str,
                   title: str) -> Any:
    """Add the findings sheet of a ``kind`` workbook (see :data:`KINDS`) titled after
    the workbook's ``title``; return the sheet."""
    words = section("findings", lang)
    sheet = wb.add_worksheet(words["sheet"])
    # Print set-up (A4, portrait when the width fits, header and footer) is chosen from
    # the content when the workbook is closed (page_setup).
    styling.setup_sheet(sheet, widths=_WIDTHS)
    sheet.write_string(0, 0, f"{title} — {words['title']}", formats.title)
    sheet.write_string(1, 0, words["note"], formats.subtitle)
    row = 3
    for heading, prompts in (("findings", words["prompts"][kind]),
                             ("causes", words["cause_prompts"])):
        sheet.write_string(row, 0, words[heading], formats.section)
        row = _prompts(sheet, formats, row + 1, list(prompts))
    sheet.write_string(row, 0, words["recommendations"], formats.section)
    row += 1
    sheet.set_row(row, 28)
    for col, key in enumerate(_COLUMNS):
        sheet.write_string(row, col, words["columns"][key], formats.header)
    long_text, due = formats.input_long_text(), formats.input_date()
    for offset in range(1, RECOMMENDATION_ROWS + 1):
        sheet.set_row(row + offset, 26)
        for col, key in enumerate(_COLUMNS):
            styling.write_input(sheet, row + offset, col, None, due if key == "due"
                                else long_text)
    row += RECOMMENDATION_ROWS + 2
    sheet.write_string(row, 0, words["conclusion"], formats.section)
    row = _prompts(sheet, formats, row + 1, [words["conclusion_prompt"]])
    for label, fmt in (("signature", formats.input_text()), ("date", formats.input_date())):
        sheet.write_string(row, 0, words[label], formats.label_bold)
        styling.write_input(sheet, row, 1, None, fmt)
        row += 1
    styling.protect(sheet)
    return sheet


def sheet_name(lang: str) -> str:
    """The sheet's name in ``lang``.

    >>> sheet_name("fr"), sheet_name("en")
    ('Constats et préconisations', 'Findings and recommendations')
    """
    return text("findings.sheet", lang)
