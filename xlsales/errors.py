"""Errors a user may meet, with where the problem is; translated once per edge.

The CLI turns them into a message and an exit code (2 for bad input), the Excel macro
into one message box, never a traceback. KPI-level exceptions live in
:mod:`xlsales.core.kpi_errors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Location",
    "Problem",
    "XlsalesError",
    "InputError",
    "SpecError",
    "WorkbookLockedError",
    "WorkbookFormatError",
]


@dataclass(frozen=True)
class Location:
    """Where a value sits: a file, and in it a sheet, row and column, or a key path
    and line for a spec file."""

    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    key: str = ""
    line: int | None = None

    def describe(self, lang: str = "fr") -> str:
        """The location in words, in ``lang``.

        >>> Location("leads.csv", row=12, column="prime").describe("en")
        "leads.csv, row 12, column 'prime'"
        """
        from .i18n import section

        word = section("messages.where", lang)
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(f"{word['sheet']} {self.sheet!r}")
        if self.row is not None:
            parts.append(f"{word['row']} {self.row}")
        if self.column:
            parts.append(f"{word['column']} {self.column!r}")
        if self.key:
            parts.append(f"{word['key']} {self.key}")
        if self.line is not None:
            parts.append(f"{word['line']} {self.line}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where, the offending value, and what is wrong
    (already in the user's language)."""

    where: Location
    message: str
    value: Any = None
    fatal: bool = True

    def describe(self, lang: str = "fr") -> str:
        """The problem in one line, in ``lang``."""
        from .i18n import text

        if self.value is None:
            shown = ""
        else:
            value = self.value
            if hasattr(value, "item") and not hasattr(value, "isoformat"):
                value = value.item()  # a numpy scalar shown as the Python value it holds
            value = value.isoformat() if hasattr(value, "isoformat") else repr(value)
            shown = f" ({text('messages.where.value', lang)} {value})"
        return f"{self.where.describe(lang)}: {self.message}{shown}"

    def __str__(self) -> str:
        return self.describe()


class XlsalesError(Exception):
    """Base class of the errors shown to a user as a message, never as a traceback."""

    exit_code = 1


@dataclass
class InputError(XlsalesError):
    """Bad input: nothing was written. Carries every problem found, worded in
    ``lang``."""

    problems: list[Problem] = field(default_factory=list)
    lang: str = "fr"
    exit_code = 2

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        fatal = [p for p in self.problems if p.fatal] or self.problems
        return "\n".join(p.describe(self.lang) for p in fatal)


class SpecError(InputError):
    """A spec file that does not validate (key path and line in each problem)."""


class WorkbookLockedError(XlsalesError):
    """The workbook is open in Excel (its ``~$`` lock file is beside it)."""


class WorkbookFormatError(XlsalesError):
    """The file is not a workbook xlsales can work on (not an .xlsx, a sheet missing)."""
