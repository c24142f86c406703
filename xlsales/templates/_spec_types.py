"""Spec building blocks shared by templates: periods, cost lines, non-negative numbers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from .. import core
from ..spec import SpecModel

__all__ = ["Amount", "Count", "Rate", "Text", "Period", "Span", "CostLine"]

#: An amount of money or a quantity: a number >= 0.
Amount = Annotated[float, Field(ge=0)]
#: A count of people, contacts, contracts: a whole number >= 0.
Count = Annotated[int, Field(ge=0)]
#: A rate as a fraction between 0 and 1 (0.95 for 95 %).
Rate = Annotated[float, Field(ge=0, le=1)]
#: A non-empty label.
Text = Annotated[str, Field(min_length=1)]


class Span(SpecModel):
    """Dates from ``start`` to ``end`` (an action's, a step's); the end is not before
    the start."""

    start: dt.date
    end: dt.date

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise ValueError("end_before_start")
        return end


class Period(Span):
    """A named period: what, for whom, from when to when."""

    name: Text
    agency: str = ""


class CostLine(SpecModel):
    """A cost: amount per occurrence, periodicity, quantity (people, operations)."""

    label: Text
    amount: Amount
    periodicity: str
    quantity: Amount = 1

    @field_validator("periodicity")
    @classmethod
    def _known_periodicity(cls, value: str) -> str:
        try:
            return core.normalise_periodicity(value)
        except core.UnknownLabelError:
            raise ValueError("one_of:once, week, month, semester, year") from None
