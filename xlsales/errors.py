"""Errors a user may meet, with where the problem is; translated once per edge.

The CLI turns them into a message and an exit code (2 for bad input), the Excel macro
into one message box, never a traceback. KPI-level exceptions live in
:mod:`xlsales.core.errors`.
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

    def __str__(self) -> str:
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(f"feuille {self.sheet!r}")
        if self.row is not None:
            parts.append(f"ligne {self.row}")
        if self.column:
            parts.append(f"colonne {self.column!r}")
        if self.key:
            parts.append(f"clé {self.key}")
        if self.line is not None:
            parts.append(f"ligne {self.line}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where, the offending value, and what is wrong."""

    where: Location
    message: str
    value: Any = None
    fatal: bool = True

    def __str__(self) -> str:
        shown = "" if self.value is None else f" (valeur {self.value!r})"
        return f"{self.where}: {self.message}{shown}"


class XlsalesError(Exception):
    """Base class of the errors shown to a user as a message, never as a traceback."""

    exit_code = 1


@dataclass
class InputError(XlsalesError):
    """Bad input: nothing was written. Carries every problem found."""

    problems: list[Problem] = field(default_factory=list)
    exit_code = 2

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems if p.fatal] or [str(p) for p in self.problems]
        return "\n".join(lines)


class SpecError(InputError):
    """A spec file that does not validate (key path and line in each problem)."""


class WorkbookLockedError(XlsalesError):
    """The workbook is open in Excel (its ``~$`` lock file is beside it)."""


class WorkbookFormatError(XlsalesError):
    """The file is not a workbook xlsales can work on (not an .xlsx, a sheet missing)."""
