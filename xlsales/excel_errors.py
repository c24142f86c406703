"""Excel's error values (``#DIV/0!``, ``#N/A``...): the one list, shared by the UDFs'
coercion, the cells a refresh writes and the package layer that writes them as error
cells (``t="e"``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["ExcelError"]


class ExcelError(StrEnum):
    """Excel's error values, as their literal text."""

    NULL = "#NULL!"
    DIV0 = "#DIV/0!"
    VALUE = "#VALUE!"
    REF = "#REF!"
    NAME = "#NAME?"
    NUM = "#NUM!"
    NA = "#N/A"
    GETTING_DATA = "#GETTING_DATA"
    SPILL = "#SPILL!"
    CALC = "#CALC!"
    FIELD = "#FIELD!"
    BLOCKED = "#BLOCKED!"
    CONNECT = "#CONNECT!"
    BUSY = "#BUSY!"
    UNKNOWN = "#UNKNOWN!"
